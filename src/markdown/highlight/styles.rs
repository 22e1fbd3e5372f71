//! syntect's style of a scope stack in the light and the dark theme, remembered.
//!
//! A token's style is a function of its scope stack alone (syntect's `HighlightState` computes
//! it push by push, `Highlighter::style_for_stack` from scratch; both give the same style). A
//! site's code has a few thousand distinct stacks, and matching a stack against every rule of
//! two themes was a third of the highlighting time, so each stack's pair of styles is computed
//! once per highlighter and kept for the next token, block and (in `serve`) build.
//!
//! The memo is split into shards, one per rendering thread, so threads do not wait for each
//! other; it is cleared when it reaches [`MAX_STACKS`], so its memory stays bounded.

use super::palette::Themes;
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use syntect::highlighting::{Highlighter as StyleResolver, Style};
use syntect::parsing::Scope;

/// Stacks kept per shard before it is emptied (a few MB at most).
const MAX_STACKS: usize = 20_000;
/// Shards; threads beyond this share them (correct, only slower).
const SHARDS: usize = 16;

type Memo = HashMap<Vec<Scope>, (Style, Style)>;

/// Remembered style pairs, per thread.
#[derive(Debug)]
pub(super) struct StyleMemo {
    shards: Vec<Mutex<Memo>>,
}

impl StyleMemo {
    pub(super) fn new() -> Self {
        StyleMemo {
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
        }
    }

    /// Styles stacks in `themes` for one block, with this thread's shard of the memo.
    pub(super) fn resolver<'a>(&'a self, themes: &'a Themes) -> Resolver<'a> {
        let shard = rayon::current_thread_index().map_or(0, |i| i + 1) % SHARDS;
        Resolver {
            themes,
            memo: self.shards[shard]
                .lock()
                .unwrap_or_else(PoisonError::into_inner),
            syntect: None,
        }
    }
}

/// Styles scope stacks in both themes, from the memo when it has them.
pub(super) struct Resolver<'a> {
    themes: &'a Themes,
    memo: MutexGuard<'a, Memo>,
    /// syntect's resolvers for both themes, made at the block's first unknown stack.
    syntect: Option<(StyleResolver<'a>, StyleResolver<'a>)>,
}

impl Resolver<'_> {
    /// The light and dark style of text under `stack`.
    pub(super) fn styles(&mut self, stack: &[Scope]) -> (Style, Style) {
        if let Some(pair) = self.memo.get(stack) {
            return *pair;
        }
        let themes = self.themes;
        let (light, dark) = self.syntect.get_or_insert_with(|| {
            (
                StyleResolver::new(&themes.light),
                StyleResolver::new(&themes.dark),
            )
        });
        let pair = (light.style_for_stack(stack), dark.style_for_stack(stack));
        if self.memo.len() >= MAX_STACKS {
            self.memo.clear();
        }
        self.memo.insert(stack.to_vec(), pair);
        pair
    }
}
