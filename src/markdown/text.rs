//! Small text helpers for the Markdown stage: heading ids, citation markers, inline HTML depth.

use crate::byte_classes::Block;
use crate::config::HeadingIds;

/// A heading's id from its text, in the site's style; `section` when the text gives none.
pub(crate) fn heading_id(text: &str, style: HeadingIds) -> String {
    let id = match style {
        HeadingIds::Github => github_id(text),
        // The `slug` crate is what Zola's `slugify.anchors = "on"` calls.
        HeadingIds::Zola => slug::slugify(text),
    };
    if id.is_empty() {
        "section".into()
    } else {
        id
    }
}

/// GitHub-style heading id: lowercase letters and digits of any script, spaces and hyphens to
/// hyphens, `_` kept, other punctuation dropped.
fn github_id(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            id.extend(c.to_lowercase());
        } else if c == ' ' || c == '-' {
            id.push('-');
        } else if c == '_' {
            id.push('_');
        }
    }
    id
}

/// A citation marker `[@a]` or `[@a; @b]` found in text: byte range and ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Citation {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) ids: Vec<String>,
}

fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':')
}

/// Every well-formed citation marker in `text`. Anything else (`[@ x]`, `[@]`) stays text.
pub(crate) fn find_citations(text: &str) -> Vec<Citation> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("[@") {
        let start = from + i;
        let Some(close) = text[start..].find(']') else {
            break;
        };
        let inner = &text[start + 1..start + close];
        let ids: Option<Vec<String>> = inner
            .split([';', ','])
            .map(|part| {
                let id = part.trim().strip_prefix('@')?;
                (!id.is_empty() && id.chars().all(is_id_char)).then(|| id.to_string())
            })
            .collect();
        match ids {
            Some(ids) => {
                out.push(Citation {
                    start,
                    end: start + close + 1,
                    ids,
                });
                from = start + close + 1;
            }
            None => from = start + 2,
        }
    }
    out
}

/// Words in `text`, as `split_whitespace` counts them.
#[cfg(test)]
pub(crate) fn count_words(text: &str) -> usize {
    let mut blocks = Vec::new();
    crate::byte_classes::classify_text(text.as_bytes(), &mut blocks);
    count_words_in(text, &blocks)
}

/// The whitespace-separated runs of `text` that hold Chinese or Japanese script, and the
/// characters of that script: Japanese is read by characters, not words.
pub(crate) fn count_cjk(text: &str) -> (usize, usize) {
    let is_cjk = |c: char| {
        crate::resolve::glossary::is_cjk(c)
            && !matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFF0F)
    };
    let runs = text
        .split_whitespace()
        .filter(|w| w.chars().any(is_cjk))
        .count();
    (runs, text.chars().filter(|&c| is_cjk(c)).count())
}

/// Words in `text`, given its blocks ([`crate::byte_classes::classify_text`]): 64 bytes at a
/// time, looking only at non-ASCII characters one by one (for Unicode spaces).
pub(crate) fn count_words_in(text: &str, blocks: &[Block]) -> usize {
    let bytes = text.as_bytes();
    let mut words = 0;
    let mut space_before = 1;
    // Bytes of a Unicode space that began in the previous block.
    let mut spill = 0u64;
    for (k, block) in blocks.iter().enumerate() {
        let start = k * 64;
        let mut space = block.space | spill;
        spill = 0;
        let mut lead = block.lead;
        while lead != 0 {
            let i = lead.trailing_zeros();
            lead &= lead - 1;
            let c = text[start + i as usize..].chars().next().unwrap_or('x');
            if c.is_whitespace() {
                let bits = ((1u128 << c.len_utf8()) - 1) << i;
                space |= bits as u64;
                spill |= (bits >> 64) as u64;
            }
        }
        let present = u64::MAX
            .checked_shl((bytes.len() - start) as u32)
            .map_or(u64::MAX, |m| !m);
        // A word starts at each non-space byte after a space (or at the start).
        words += (!space & present & ((space << 1) | space_before)).count_ones() as usize;
        space_before = space >> 63;
    }
    words
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// How an inline HTML fragment changes the nesting depth: +1 for an opening tag, -1 for a
/// closing one, 0 for void tags and comments. A self-closing `<code/>` opens an element, as
/// browsers read it (the slash only counts on void elements).
pub(crate) fn html_depth_change(html: &str) -> i32 {
    let h = html.trim();
    if h.starts_with("<!--") || !h.starts_with('<') {
        return 0;
    }
    if h.starts_with("</") {
        return -1;
    }
    let name: String = h[1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    if name.is_empty() || VOID.contains(&name.as_str()) {
        0
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_ids_follow_github() {
        for (text, id) in [
            ("Hello World", "hello-world"),
            ("What's new? (2024)", "whats-new-2024"),
            ("防衛装備 移転", "防衛装備-移転"),
            ("!!!", "section"),
        ] {
            assert_eq!(heading_id(text, HeadingIds::Github), id);
        }
    }

    #[test]
    fn heading_ids_follow_zola() {
        for (text, id) in [
            ("Hello World", "hello-world"),
            ("config.toml", "config-toml"),
            ("x86_64", "x86-64"),
            ("What's new? (2024)", "what-s-new-2024"),
            ("  --Æúű--cool?", "aeuu-cool"),
            ("日本", "ri-ben"),
            ("!!!", "section"),
        ] {
            assert_eq!(heading_id(text, HeadingIds::Zola), id, "{text:?}");
        }
    }

    #[test]
    fn citations_are_found_and_malformed_ones_left_alone() {
        let c = find_citations("a [@s1] b [@s2; @s3] c [@ x] [see @x] [@]");
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].ids, ["s1"]);
        assert_eq!(c[1].ids, ["s2", "s3"]);
        assert_eq!(&"a [@s1] b"[c[0].start..c[0].end], "[@s1]");
    }

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        for text in [
            "",
            "  ",
            "one",
            " two  words ",
            "a\tb\nc\r\nd\x0Be\x0Cf",
            "防衛 装備\u{3000}移転",
            &"word ".repeat(30),
            &" a".repeat(64),
            &"x".repeat(130),
            &format!("{}\u{3000}y", "x".repeat(62)),
            &format!("{}\u{2028}y\u{a0}z\u{85}", "x ".repeat(31)),
            "a\u{a0}b\u{2003}c’d “e”",
        ] {
            assert_eq!(
                count_words(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them_in_random_unicode() {
        let pieces = [
            "a", "bc", " ", "\u{3000}", "\u{a0}", "\u{2028}", "’", "自衛", "\n", "\u{85}", "é",
        ];
        let mut seed = 0x2545_f491_u64;
        for _ in 0..5000 {
            let mut text = String::new();
            for _ in 0..seed % 90 {
                let r = crate::testing::xorshift(&mut seed);
                text.push_str(pieces[(r % pieces.len() as u64) as usize]);
            }
            assert_eq!(
                count_words(&text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn inline_html_depth() {
        assert_eq!(html_depth_change("<abbr title=\"x\">"), 1);
        assert_eq!(html_depth_change("</abbr>"), -1);
        assert_eq!(html_depth_change("<br>"), 0);
        assert_eq!(html_depth_change("<img src=x />"), 0);
        assert_eq!(html_depth_change("<code/>"), 1);
        assert_eq!(html_depth_change("<!-- c -->"), 0);
    }
}
