//! The Tera context pages are rendered from, kept on each rendering thread: the values every
//! page of a language shares ([`SiteGlobals`]: the settings, the interface strings, the
//! search links) go in once, and each page's own values are added for its rendering and
//! taken away after it.
//!
//! Tera renders from one context, built from serializable values. Built afresh for every
//! page, the shared part cost 4.5 % of a 1,000-post build (callgrind): its 85 interface
//! strings copied and its maps sorted again for each page.

use super::globals::SiteGlobals;
use std::cell::RefCell;
use std::hash::Hasher;
use std::sync::atomic::{AtomicU64, Ordering};

thread_local! {
    /// This thread's context: the globals numbered `.0`, with no page's values in it.
    static SHARED: RefCell<Option<(u64, tera::Context)>> = const { RefCell::new(None) };
}

/// A number for a set of globals, unique in this process (a thread's context says whose
/// globals it holds by it).
pub(super) fn next_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// A hash of what `value` serializes to, computed from its bytes in one pass, without building
/// a value.
pub(super) fn hash_serialized(value: &impl serde::Serialize, h: &mut impl Hasher) {
    struct HashWriter<'h, H: Hasher>(&'h mut H);
    impl<H: Hasher> std::io::Write for HashWriter<'_, H> {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.write(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    serde_json::to_writer(HashWriter(h), value).expect("contexts serialize");
}

/// A hash of everything in `ctx` (the document's body excepted: hash its render key beside
/// it): the globals' hash, made once, and the page's own values.
pub fn context_hash(ctx: &super::types::PageContext<'_>, h: &mut impl Hasher) {
    h.write_u64(ctx.site.hash);
    hash_serialized(ctx, h);
}

/// Calls `render` with a context that holds `globals` and `page`'s values (`page` serializes
/// to an object; its keys are not the globals' names, and if one were, it would win for this
/// page and the thread's context would be made again for the next).
pub(super) fn with_context<R>(
    globals: &SiteGlobals<'_>,
    page: &impl serde::Serialize,
    render: impl FnOnce(&tera::Context) -> R,
) -> Result<R, tera::Error> {
    let serde_json::Value::Object(map) = serde_json::to_value(page)? else {
        return Err(tera::Error::msg(
            "a page's context must serialize to an object",
        ));
    };
    let keys: Vec<String> = map.keys().cloned().collect();
    let page = tera::Context::from_value(serde_json::Value::Object(map))?;
    // Taken out while in use: after a panic in `render`, the next page starts afresh.
    let held = SHARED.with(|cell| cell.borrow_mut().take());
    let mut cx = match held {
        Some((id, cx)) if id == globals.id => cx,
        _ => tera::Context::from_serialize(globals)?,
    };
    let clash = keys.iter().any(|k| cx.contains_key(k));
    cx.extend(page);
    let out = render(&cx);
    for k in &keys {
        cx.remove(k);
    }
    if !clash {
        SHARED.with(|cell| *cell.borrow_mut() = Some((globals.id, cx)));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::types::ConfigValue;

    fn globals(extra: &serde_json::Value) -> SiteGlobals<'_> {
        SiteGlobals {
            config: ConfigValue {
                title: "T",
                description: "",
                base_url: "/",
                language: "en",
                author: "",
                extra,
            },
            feed_url: "/atom.xml".into(),
            home_url: "/".into(),
            lang: "en",
            default_language: "en",
            i18n: [("skip_to_main", "Skip")].into_iter().collect(),
            glossary_terms: Vec::new(),
            site_nav: Vec::new(),
            search: None,
            hash: 0,
            id: next_id(),
        }
    }

    fn keys(cx: &tera::Context) -> Vec<String> {
        let serde_json::Value::Object(map) = cx.clone().into_json() else {
            panic!("a context is an object")
        };
        map.keys().cloned().collect()
    }

    #[test]
    fn a_page_sees_the_globals_and_its_own_values_only() {
        let extra = serde_json::Value::Null;
        let g = globals(&extra);
        let first = serde_json::json!({"title": "A", "paginator": {"current_index": 1}});
        let seen = with_context(&g, &first, keys).expect("renders");
        assert!(seen.contains(&"paginator".to_string()) && seen.contains(&"i18n".to_string()));
        let second = serde_json::json!({"title": "B"});
        let seen = with_context(&g, &second, |cx| (keys(cx), cx.get("title").cloned()));
        let (seen, title) = seen.expect("renders");
        assert!(!seen.contains(&"paginator".to_string()), "{seen:?}");
        assert_eq!(title, Some(serde_json::json!("B")));
        assert!(seen.contains(&"feed_url".to_string()));
    }

    #[test]
    fn a_page_value_named_like_a_global_wins_for_that_page_only() {
        let extra = serde_json::Value::Null;
        let g = globals(&extra);
        let clash = serde_json::json!({"feed_url": "/other.xml"});
        let url = with_context(&g, &clash, |cx| cx.get("feed_url").cloned());
        assert_eq!(url.expect("renders"), Some(serde_json::json!("/other.xml")));
        let plain = serde_json::json!({});
        let url = with_context(&g, &plain, |cx| cx.get("feed_url").cloned());
        assert_eq!(url.expect("renders"), Some(serde_json::json!("/atom.xml")));
    }

    #[test]
    fn each_set_of_globals_gets_its_own_context() {
        let extra = serde_json::Value::Null;
        let (mut a, mut b) = (globals(&extra), globals(&extra));
        a.lang = "en";
        b.lang = "ja";
        let page = serde_json::json!({});
        let lang = |g: &SiteGlobals<'_>| with_context(g, &page, |cx| cx.get("lang").cloned());
        assert_eq!(lang(&a).expect("renders"), Some(serde_json::json!("en")));
        assert_eq!(lang(&b).expect("renders"), Some(serde_json::json!("ja")));
        assert_eq!(lang(&a).expect("renders"), Some(serde_json::json!("en")));
    }
}
