//! `taxonomies = [{ name = "tags", feed = true, paginate_by = 20 }]`: the ways of grouping
//! pages that get pages of their own (`/tags/`, `/tags/<term>/`), as Zola declares them.

use crate::error::Diagnostics;
use crate::keys::{unknown_keys, UnknownKey};
use crate::span::SourceFile;
use serde::Deserialize;

const TAXONOMY_KEYS: &[&str] = &["name", "feed", "paginate_by", "render"];
pub(super) const SLUGIFY_KEYS: &[&str] = &["taxonomies"];

/// `[slugify]`: how names become URL segments (Zola's table; kaisetsu reads `taxonomies`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(default)]
pub struct SlugifyConfig {
    /// How a taxonomy term becomes the last segment of its page's URL.
    pub taxonomies: TermSlugs,
}

/// How a taxonomy term becomes a URL segment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TermSlugs {
    /// Lowercased letters and digits of any script, other runs one `-` (`集団的自衛権` stays).
    #[default]
    Unicode,
    /// Zola's default (`slugify.taxonomies = "on"`): transliterated to ASCII (`读书` → `du-shu`),
    /// so an imported site keeps its URLs.
    On,
}

/// One declared taxonomy.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(default)]
pub struct TaxonomyConfig {
    /// Its name, as front matter writes it (`[taxonomies] tags = […]`) and as the first
    /// segment of its URLs (`/tags/`).
    pub name: String,
    /// An Atom feed per term (`/tags/<term>/atom.xml`).
    pub feed: bool,
    /// Pages per pager of a term's page (all on one page when absent).
    pub paginate_by: Option<usize>,
    /// Whether its pages are written (`false`: the pages still know their terms).
    pub render: bool,
}

impl Default for TaxonomyConfig {
    fn default() -> Self {
        TaxonomyConfig {
            name: String::new(),
            feed: false,
            paginate_by: None,
            render: true,
        }
    }
}

/// Where each entry of `taxonomies` starts in `text`: its `{` (an inline table) or its
/// `[[taxonomies]]` header, in order.
fn entry_starts(text: &str) -> Vec<usize> {
    let headers: Vec<usize> = text
        .match_indices("[[taxonomies]]")
        .map(|(i, _)| i)
        .collect();
    if !headers.is_empty() {
        return headers;
    }
    let Some(start) = crate::keys::locate_key(text, "taxonomies", None) else {
        return Vec::new();
    };
    let mut starts = Vec::new();
    let mut depth = 0usize;
    for (i, b) in text.bytes().enumerate().skip(start) {
        match b {
            b'[' => depth += 1,
            b']' if depth <= 1 => break,
            b']' => depth -= 1,
            b'{' if depth == 1 => starts.push(i),
            _ => {}
        }
    }
    starts
}

/// Where `needle` first occurs in entry `n` of `taxonomies` (its start when it does not).
fn locate(text: &str, starts: &[usize], n: usize, needle: &str) -> usize {
    let Some(&start) = starts.get(n) else {
        return crate::keys::locate_key(text, "taxonomies", None).unwrap_or(0);
    };
    let end = starts.get(n + 1).copied().unwrap_or(text.len());
    text[start..end].find(needle).map_or(start, |i| start + i)
}

/// Checks each entry of `taxonomies`: its keys, a name that is present, unique and usable in a
/// URL, and a `paginate_by` above 0. Problems other than unknown keys go to `diags`.
pub(super) fn check(
    table: &toml::Table,
    file: &SourceFile,
    diags: &mut Diagnostics,
) -> Vec<UnknownKey> {
    let mut unknown = Vec::new();
    let Some(value) = table.get("taxonomies") else {
        return unknown;
    };
    let Some(list) = value.as_array() else {
        let at = crate::keys::locate_key(&file.text, "taxonomies", None).unwrap_or(0);
        let help = "write `taxonomies = [{ name = \"tags\" }]`, one table per taxonomy";
        diags.push(
            file.error_at(at, "`taxonomies` is a list of tables")
                .with_help(help),
        );
        return unknown;
    };
    let starts = entry_starts(&file.text);
    let mut seen: Vec<&str> = Vec::new();
    for (n, entry) in list.iter().enumerate() {
        let Some(t) = entry.as_table() else { continue };
        let at = |needle: &str| locate(&file.text, &starts, n, needle);
        for mut u in unknown_keys(t.keys().map(String::as_str), TAXONOMY_KEYS, "", None) {
            u.offset = Some(at(&u.key));
            u.key = format!("taxonomies.{}", u.key);
            unknown.push(u);
        }
        let name = t.get("name").and_then(|v| v.as_str()).unwrap_or("");
        let name_at = at(&format!("\"{name}\""));
        check_name(name, &seen, file, name_at, diags);
        if let Some(what) = reserved(name, table) {
            let message = format!("taxonomy `{name}` would write its pages into /{name}/, {what}");
            diags.push(
                file.error_at(name_at, message)
                    .with_help("give the taxonomy another name"),
            );
        }
        seen.push(name);
        if t.get("paginate_by").and_then(|v| v.as_integer()) == Some(0) {
            let at = at("paginate_by");
            diags.push(
                file.error_at(at, "`paginate_by` of a taxonomy is 0")
                    .with_help("give the number of pages per pager, or leave the key out"),
            );
        }
    }
    unknown
}

/// Checks the name of a taxonomy written at byte `at`, `seen` holding the earlier ones.
/// URL folders the build writes itself, which a taxonomy cannot take.
const GENERATED: &[&str] = &["glossary", "timeline", "sources", super::SEARCH_DIR];

/// What already has the URL folder `/<name>/`: a language's prefix (`[languages.<name>]`) or
/// a folder the build writes.
fn reserved(name: &str, table: &toml::Table) -> Option<&'static str> {
    let languages = table.get("languages").and_then(toml::Value::as_table);
    if languages.is_some_and(|l| l.contains_key(name)) {
        return Some("a language's URL prefix");
    }
    GENERATED
        .contains(&name)
        .then_some("a folder the build writes")
}

fn check_name(name: &str, seen: &[&str], file: &SourceFile, at: usize, diags: &mut Diagnostics) {
    if name.is_empty() {
        let help = "each taxonomy needs a name: `{ name = \"tags\" }`";
        diags.push(
            file.error_at(at, "a taxonomy has no `name`")
                .with_help(help),
        );
        return;
    }
    if seen.contains(&name) {
        let message = format!("taxonomy `{name}` is declared twice");
        diags.push(
            file.error_at(at, message)
                .with_help("remove one of the two"),
        );
    }
    let url_safe = name
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_'));
    if !url_safe {
        let message = format!("taxonomy name `{name}` is not usable in a URL");
        let help = "use letters, digits, `-` and `_` only: the name is the first part of its URLs";
        diags.push(file.error_at(at, message).with_help(help));
    }
}
