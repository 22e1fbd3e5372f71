//! Checking the keys of user-written tables (config and front matter) against the known ones.
//!
//! serde's `deny_unknown_fields` stops at the first unknown key and cannot point at it in a
//! YAML or TOML block; this module finds every unknown key, where it is written, and the known
//! key it was probably meant to be.

use crate::error::nearest;

/// An unknown key: its name, its byte offset in the block (if found), and a suggestion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKey {
    /// The key as written.
    pub key: String,
    /// Byte offset of the key inside the text searched.
    pub offset: Option<usize>,
    /// The nearest known key.
    pub suggestion: Option<String>,
    /// What to write instead, for a key another generator (Zola) uses.
    pub foreign: Option<&'static str>,
}

impl UnknownKey {
    /// The help line: what to write instead of a key of another generator, else the nearest
    /// known key.
    pub fn help(&self) -> Option<String> {
        match (self.foreign, &self.suggestion) {
            (Some(f), _) => Some(f.to_string()),
            (None, Some(s)) => Some(format!("did you mean `{s}`?")),
            (None, None) => None,
        }
    }
}

/// How alike an unknown key must be to a known one to be suggested (normalized
/// Damerau-Levenshtein): `languge` → `language` (0.88) is; `path` → `date` (0.5) and
/// `redirect_to` → `redirect_from` (0.69), which mean something else, are not.
const KEY_LIKENESS: f64 = 0.7;

/// Keys that Zola sites use and kaisetsu does not have (or names differently), with what to
/// write instead: a suggestion by spelling alone would mislead for them.
const FOREIGN_KEYS: &[(&str, &str)] = &[
    ("render", "`render` (Zola's key) is read on pages and sections; glossary terms and timeline events are always written: leave one out with `draft = true`"),
    ("redirect_to", "`redirect_to` is a section's key (Zola's and kaisetsu's); to send a page's old URLs to it, list them on the page as `redirect_from` (or `aliases`)"),
    ("page_template", "`page_template` is Zola's: set `template` on each page of the section instead"),
    ("transparent", "`transparent` is Zola's: a kaisetsu section lists only its own pages"),
    ("insert_anchor_links", "`insert_anchor_links` is a section's key (Zola's and kaisetsu's): set it in the section's `_index.md` for the section and its pages, or for the whole site as `[markdown] insert_anchor_links`"),
    ("generate_feeds", "`generate_feeds` is Zola's: kaisetsu always writes an Atom feed per language (`atom.xml`)"),
    ("generate_feed", "`generate_feed` is Zola's: kaisetsu always writes an Atom feed per language (`atom.xml`)"),
    ("feed_filenames", "`feed_filenames` is Zola's: kaisetsu's feed is `atom.xml`"),
    ("feed_filename", "`feed_filename` is Zola's: kaisetsu's feed is `atom.xml`"),
    ("compile_sass", "`compile_sass` is Zola's: kaisetsu does not compile Sass; put compiled CSS in static/ or the theme"),
    ("build_search_index", "`build_search_index` is Zola's: kaisetsu's search index is `[search] enabled` (on by default)"),
    ("default_language", "`default_language` is Zola's: kaisetsu's is `language = \"en\"`"),
    ("link_checker", "`[link_checker]` is Zola's: kaisetsu's link checks are set in `[link_check]`"),
    ("minify_html", "`minify_html` is Zola's: kaisetsu does not minify HTML"),
    ("ignored_content", "`ignored_content` is Zola's: kaisetsu reads every file under content/; leave a page out with `draft = true`"),
    ("highlight_code", "`highlight_code` is Zola's: kaisetsu always highlights code blocks, in the theme's light and dark styles"),
    ("highlight_theme", "`highlight_theme` is Zola's: kaisetsu always highlights code blocks, in the theme's light and dark styles"),
];

/// Returns each key of `found` that is not in `allowed`. `text` is the block the keys came
/// from; `table` is the `[table]` header they live under (`None` for the top level).
pub fn unknown_keys<'a>(
    found: impl IntoIterator<Item = &'a str>,
    allowed: &[&str],
    text: &str,
    table: Option<&str>,
) -> Vec<UnknownKey> {
    found
        .into_iter()
        .filter(|k| !allowed.contains(k))
        .map(|k| UnknownKey {
            key: k.to_string(),
            offset: locate_key(text, k, table),
            suggestion: nearest(k, allowed.iter().copied(), KEY_LIKENESS).map(str::to_string),
            foreign: foreign_help(k),
        })
        .collect()
}

/// What to write instead of `key`, a key of Zola that kaisetsu lacks.
pub fn foreign_help(key: &str) -> Option<&'static str> {
    FOREIGN_KEYS.iter().find(|f| f.0 == key).map(|f| f.1)
}

/// Finds where `key` is defined in a TOML or YAML block: a line starting with the key (bare or
/// quoted) followed by `=` or `:`. With `table`, the search starts after the `[table]` header.
pub fn locate_key(text: &str, key: &str, table: Option<&str>) -> Option<usize> {
    let mut offset = 0;
    let mut in_table = table.is_none();
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(t) = table {
            if trimmed.starts_with('[') {
                let header = trimmed
                    .trim_end()
                    .trim_start_matches('[')
                    .trim_end_matches(']')
                    .trim();
                in_table = header == t;
            } else if trimmed.starts_with(&format!("{t}:")) {
                in_table = true; // YAML nested mapping
            }
        } else if trimmed.starts_with('[') {
            // TOML: top-level keys end at the first table header.
            in_table = false;
        }
        // YAML: a top-level key is not indented.
        let nesting_ok = table.is_some() || indent == 0;
        if in_table && nesting_ok {
            for quoted in [key.to_string(), format!("\"{key}\""), format!("'{key}'")] {
                if let Some(rest) = trimmed.strip_prefix(&quoted) {
                    let rest = rest.trim_start();
                    if rest.starts_with('=') || rest.starts_with(':') {
                        return Some(offset + indent);
                    }
                }
            }
        }
        offset += line.len();
    }
    None
}

/// A plausible BCP 47 language tag: a 2–3 letter language, then subtags of 1–8 letters or
/// digits (`ja`, `en-GB`, `zh-Hant`). Checks the shape, not the registry.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let lang = parts.next().unwrap_or("");
    let lang_ok = (2..=3).contains(&lang.len()) && lang.chars().all(|c| c.is_ascii_alphabetic());
    let sub_ok =
        |p: &str| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric());
    lang_ok && parts.all(sub_ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_unknown_keys_with_place_and_suggestion() {
        let text = "title = \"x\"\ntitel = \"y\"\n[extra]\nfoo = 1\n";
        let u = unknown_keys(
            ["title", "titel", "extra"],
            &["title", "date", "extra"],
            text,
            None,
        );
        assert_eq!(u.len(), 1);
        assert_eq!(u[0].key, "titel");
        assert_eq!(u[0].offset, Some(12));
        assert_eq!(u[0].suggestion.as_deref(), Some("title"));
    }

    #[test]
    fn locates_keys_inside_tables_and_yaml() {
        let text = "title = 1\n[markdown]\nhighlite = true\n";
        assert_eq!(locate_key(text, "highlite", Some("markdown")), Some(21));
        assert_eq!(locate_key(text, "highlite", None), None);
        let yaml = "title: x\nmarkdown:\n  highlite: true\n";
        assert_eq!(locate_key(yaml, "highlite", Some("markdown")), Some(21));
    }
}
