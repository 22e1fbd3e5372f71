//! Callouts: GitHub's alert syntax (`> [!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`,
//! `[!CAUTION]`) rendered as `<aside class="callout callout-note" role="note">` with a label in
//! the page's language and a decorative icon. pulldown-cmark recognises a marker alone on its
//! line; a marker followed by a title (`> [!NOTE] What the law says`) and an unknown kind
//! (`> [!BOGUS]`) reach us as an ordinary quote whose first text starts with `[!`, and are
//! handled here: the title is the rest of that line, rendered as inline Markdown.

use super::Renderer;
use crate::error::did_you_mean;
use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Tag, TagEnd};

/// The kinds, as written after `[!`.
const KINDS: [&str; 5] = ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"];

/// What the renderer tracks for callouts and figures.
#[derive(Default)]
pub(super) struct BlockState {
    /// The open block quotes, innermost last.
    pub(super) quotes: Vec<Quote>,
    /// Inside a callout's title line.
    pub(super) callout_title: bool,
    /// Where the current paragraph's start sits in the output.
    pub(super) para_start: Option<usize>,
    /// Where the outermost image being read starts in the output.
    pub(super) image_start: Option<usize>,
    /// Images written so far.
    pub(super) images: usize,
    /// The last image written.
    pub(super) last_image: Option<super::figures::ImageOut>,
}

/// One open block quote.
pub(super) enum Quote {
    /// An ordinary quote, or one whose first text may still turn out to be a marker: `at` is
    /// where its start event sits in the output.
    Plain { at: Option<usize> },
    /// A callout (closed with `</aside>`).
    Callout,
}

/// The label of a callout kind in a language (`ja` gives Japanese labels; anything else
/// English). One function so it can later read the theme's i18n strings.
pub(super) fn callout_label(kind: BlockQuoteKind, language: &str) -> &'static str {
    let ja = language == "ja" || language.starts_with("ja-");
    match (kind, ja) {
        (BlockQuoteKind::Note, false) => "Note",
        (BlockQuoteKind::Tip, false) => "Tip",
        (BlockQuoteKind::Important, false) => "Important",
        (BlockQuoteKind::Warning, false) => "Warning",
        (BlockQuoteKind::Caution, false) => "Caution",
        (BlockQuoteKind::Note, true) => "注記",
        (BlockQuoteKind::Tip, true) => "ヒント",
        (BlockQuoteKind::Important, true) => "重要",
        (BlockQuoteKind::Warning, true) => "警告",
        (BlockQuoteKind::Caution, true) => "注意",
    }
}

fn kind_of(word: &str) -> Option<BlockQuoteKind> {
    Some(match word.to_ascii_uppercase().as_str() {
        "NOTE" => BlockQuoteKind::Note,
        "TIP" => BlockQuoteKind::Tip,
        "IMPORTANT" => BlockQuoteKind::Important,
        "WARNING" => BlockQuoteKind::Warning,
        "CAUTION" => BlockQuoteKind::Caution,
        _ => return None,
    })
}

fn class_and_icon(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "i"),
        BlockQuoteKind::Tip => ("tip", "✓"),
        BlockQuoteKind::Important => ("important", "★"),
        BlockQuoteKind::Warning => ("warning", "!"),
        BlockQuoteKind::Caution => ("caution", "×"),
    }
}

/// The `[!WORD]` at the start of `text`: the word and the marker's length in bytes.
fn marker(text: &str) -> Option<(&str, usize)> {
    let rest = text.strip_prefix("[!")?;
    let end = rest.find(']')?;
    let word = &rest[..end];
    let valid = !word.is_empty() && word.bytes().all(|b| b.is_ascii_alphabetic());
    valid.then_some((word, end + 3))
}

impl<'a> Renderer<'a, '_> {
    fn callout_open(&self, kind: BlockQuoteKind, titled: bool) -> String {
        let (class, icon) = class_and_icon(kind);
        let label = callout_label(kind, &self.doc.lang);
        let mut html = format!(
            "<aside class=\"callout callout-{class}\" role=\"note\">\n<p class=\"callout-title\">\
             <span class=\"callout-icon\" aria-hidden=\"true\">{icon}</span> \
             <strong class=\"callout-label\">{label}</strong>"
        );
        if titled {
            html.push_str(" <span class=\"callout-heading\">");
        } else {
            html.push_str("</p>\n");
        }
        html
    }

    /// A block quote starts: a callout when pulldown-cmark saw the marker alone on its line.
    pub(super) fn start_quote(&mut self, kind: Option<BlockQuoteKind>) {
        self.container_depth += 1;
        match kind {
            Some(kind) => {
                self.blocks_state.quotes.push(Quote::Callout);
                let html = self.callout_open(kind, false);
                self.emit(Event::Html(html.into()));
            }
            None => {
                self.blocks_state.quotes.push(Quote::Plain {
                    at: Some(self.out.len()),
                });
                self.emit(Event::Start(Tag::BlockQuote(None)));
            }
        }
    }

    pub(super) fn end_quote(&mut self, tag: TagEnd) {
        self.container_depth = self.container_depth.saturating_sub(1);
        match self.blocks_state.quotes.pop() {
            Some(Quote::Callout) => self.emit(Event::Html("</aside>\n".into())),
            _ => self.emit(Event::End(tag)),
        }
    }

    /// Called with the first text of a block: when it is the first text of a quote's first
    /// paragraph and starts with `[!KIND]`, the quote becomes a callout titled by the rest of
    /// the line. Returns the text left once the marker is taken off.
    pub(super) fn callout_marker(
        &mut self,
        text: CowStr<'a>,
        escaped: &mut Vec<usize>,
    ) -> CowStr<'a> {
        let Some(Quote::Plain { at: Some(at) }) = self.blocks_state.quotes.last() else {
            return text;
        };
        let at = *at;
        if let Some(Quote::Plain { at }) = self.blocks_state.quotes.last_mut() {
            *at = None;
        }
        let first = self.heading.is_none()
            && self.out.len() == at + 2
            && matches!(self.out[at + 1], Event::Start(Tag::Paragraph));
        let Some((word, len)) = marker(&text).filter(|_| first && !escaped.contains(&0)) else {
            return text;
        };
        let Some(kind) = kind_of(word) else {
            let help = did_you_mean(word, KINDS)
                .map(|k| format!("did you mean [!{k}]?"))
                .unwrap_or_else(|| format!("callout kinds are {}", KINDS.join(", ")));
            let offset = self.pending_offset;
            self.error(
                offset,
                format!("unknown callout kind [!{word}]"),
                Some(help),
            );
            return text;
        };
        let title = text[len..].trim_start();
        let skipped = text.len() - title.len();
        escaped.retain(|&i| i >= skipped);
        escaped.iter_mut().for_each(|i| *i -= skipped);
        self.pending_offset += skipped;
        // pulldown-cmark takes a marker alone on its line: here something follows it.
        let titled = true;
        self.out[at] = Event::Html(self.callout_open(kind, titled).into());
        self.out.truncate(at + 1);
        if let Some(Quote::Plain { .. }) = self.blocks_state.quotes.pop() {
            self.blocks_state.quotes.push(Quote::Callout);
        }
        self.blocks_state.callout_title = titled;
        self.blocks_state.para_start = None;
        CowStr::from(title.to_string())
    }

    /// Inside a callout's title: the title ends at the end of its line or paragraph. Returns
    /// whether the event was taken.
    pub(super) fn callout_title_event(&mut self, event: &Event<'a>) -> bool {
        if !self.blocks_state.callout_title {
            return false;
        }
        match event {
            Event::SoftBreak | Event::HardBreak => {
                self.blocks_state.callout_title = false;
                self.emit(Event::Html("</span></p>\n<p>".into()));
                true
            }
            Event::End(TagEnd::Paragraph) => {
                self.blocks_state.callout_title = false;
                self.emit(Event::Html("</span></p>\n".into()));
                true
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        assert_eq!(marker("[!NOTE] x"), Some(("NOTE", 7)));
        assert_eq!(marker("[!bogus]"), Some(("bogus", 8)));
        assert_eq!(marker("[!] x"), None);
        assert_eq!(marker("[!a b]"), None);
        assert_eq!(marker("plain"), None);
    }

    #[test]
    fn labels_follow_the_language() {
        assert_eq!(callout_label(BlockQuoteKind::Warning, "en"), "Warning");
        assert_eq!(callout_label(BlockQuoteKind::Warning, "ja"), "警告");
        assert_eq!(callout_label(BlockQuoteKind::Caution, "ja-JP"), "注意");
    }
}
