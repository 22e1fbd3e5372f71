//! Syntax highlighting of fenced code with syntect, into short classes.
//!
//! Each line is parsed once and its tokens styled against the light and the dark theme; a run
//! of text that looks the same gets one `<span>` whose class names both looks ([`palette`]
//! says how), and text in the theme's default colour gets none. What a reader sees, character
//! by character, is syntect's own inline-style rendering with each theme (tested against it in
//! `tests/highlight_colours.rs`), except that the block keeps the page's background and text
//! colour as before; in a fraction of the bytes of syntect's classed HTML, which wrote the
//! whole scope stack on every token.
//!
//! Two syntax sets, each loaded once, lazily, and shared by every rendering thread: syntect's
//! defaults the first time a page has a fenced block with a language, and two-face's (bat's
//! syntaxes: TOML, TypeScript, Dockerfile, Nix, Zig, Swift, Kotlin, Elixir, Terraform, Jinja
//! and others) the first time a block's language is not among the defaults. A language the
//! defaults know highlights exactly as before; a site without code loads neither set. The
//! themes are loaded with the first block too, or for the stylesheet, which comes from them.
//! With a cache folder in its settings, a highlighter keeps what it writes on disk for the
//! next build ([`cache`]).

pub mod cache;
mod palette;
mod runs;
mod styles;

use crate::config::MarkdownConfig;
use crate::html::escape_html;
use cache::DiskCache;
use palette::Themes;
use std::path::PathBuf;
use std::sync::OnceLock;
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// A block whose highlighted HTML is part of the cache's key: (language, code).
const PROBE: (&str, &str) = (
    "rust",
    "/// Doc.\n#[derive(Debug)]\npub fn f(x: &str) -> u8 { let s = \"a\\n\"; 0x1f }\n",
);

/// Fence names that name no syntax of either set, and the name that does (case-insensitive).
const ALIASES: &[(&str, &str)] = &[("tera", "jinja2")];

/// What a highlighter does: whether it highlights, and with which syntect themes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HighlightSettings {
    /// Highlight code at all; when false every block is plain.
    pub enabled: bool,
    /// The light theme's name (the default scheme).
    pub light_theme: String,
    /// The dark theme's name (`prefers-color-scheme: dark`).
    pub dark_theme: String,
    /// The persistent cache's folder (`.kaisetsu/cache/highlight/` under the site), if any.
    pub cache: Option<PathBuf>,
}

impl HighlightSettings {
    /// The settings of a site's `[markdown]` table.
    pub fn from_config(md: &MarkdownConfig) -> Self {
        HighlightSettings {
            enabled: md.highlight_code,
            light_theme: md.highlight_theme.clone(),
            dark_theme: md.highlight_theme_dark.clone(),
            cache: None,
        }
    }

    /// True when highlighters with these settings and `other` write the same HTML (they may
    /// differ in their cache).
    pub fn renders_like(&self, other: &HighlightSettings) -> bool {
        (self.enabled, &self.light_theme, &self.dark_theme)
            == (other.enabled, &other.light_theme, &other.dark_theme)
    }

    /// Plain code, no highlighting.
    pub fn disabled() -> Self {
        HighlightSettings {
            enabled: false,
            ..Self::from_config(&MarkdownConfig::default())
        }
    }
}

/// Which syntax sets a highlighter has loaded so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadedSyntaxes {
    /// syntect's default syntaxes.
    pub defaults: bool,
    /// two-face's syntaxes, for the languages the defaults do not know.
    pub extra: bool,
}

/// Highlights code; cheap to create, loads syntaxes and themes on first use.
#[derive(Debug)]
pub struct Highlighter {
    settings: HighlightSettings,
    /// syntect's defaults.
    syntaxes: OnceLock<SyntaxSet>,
    /// two-face's set (a superset of the defaults, used only for what they lack).
    extra: OnceLock<SyntaxSet>,
    themes: OnceLock<Themes>,
    memo: styles::StyleMemo,
    disk: OnceLock<Option<DiskCache>>,
}

/// Backtracking steps Oniguruma may take in one search before it gives up. Its default is no
/// limit: a shell line of 3,000 `x`s and ` =` took syntect's `sh` grammar over 25 s (about the
/// cube of the length), so one pasted line could stall a build or the dev server. A search that
/// gives up is no match to syntect (its `Regex::search` maps the error to `false`): that line
/// is highlighted less, nothing fails. Every sample of `tests/fixtures/highlight*/`, the
/// bundled site and the dense 1,000-post model highlight byte for byte as without a limit,
/// down to 10,000 steps.
const RETRY_LIMIT_IN_SEARCH: std::os::raw::c_ulong = 100_000;

/// Sets [`RETRY_LIMIT_IN_SEARCH`] (a process-wide Oniguruma setting), once, before the first
/// search: syntect and two-face link the same `onig_sys`.
fn bound_backtracking() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    // SAFETY: sets one C static, once, before any search reads it (the syntax sets are loaded
    // after this; `Once` orders the write before every later highlighting thread's reads).
    ONCE.call_once(|| unsafe {
        onig_sys::onig_set_retry_limit_in_search(RETRY_LIMIT_IN_SEARCH);
    });
}

impl Highlighter {
    /// A highlighter with these settings.
    pub fn new(settings: HighlightSettings) -> Self {
        bound_backtracking();
        Highlighter {
            settings,
            syntaxes: OnceLock::new(),
            extra: OnceLock::new(),
            themes: OnceLock::new(),
            memo: styles::StyleMemo::new(),
            disk: OnceLock::new(),
        }
    }

    /// What this highlighter was made with.
    pub fn settings(&self) -> &HighlightSettings {
        &self.settings
    }

    /// Which syntax sets this highlighter has loaded (a site without code loads none).
    pub fn loaded_syntaxes(&self) -> LoadedSyntaxes {
        LoadedSyntaxes {
            defaults: self.syntaxes.get().is_some(),
            extra: self.extra.get().is_some(),
        }
    }

    fn syntaxes(&self) -> &SyntaxSet {
        self.syntaxes.get_or_init(SyntaxSet::load_defaults_newlines)
    }

    /// The syntax of the fence name `lang` and its set: syntect's defaults first, so that the
    /// languages they know highlight as before, then two-face's, loaded on the first miss.
    fn find_syntax(&self, lang: &str) -> Option<(&SyntaxSet, &SyntaxReference)> {
        let defaults = self.syntaxes();
        if let Some(syntax) = defaults.find_syntax_by_token(lang) {
            return Some((defaults, syntax));
        }
        let alias = ALIASES.iter().find(|(a, _)| a.eq_ignore_ascii_case(lang));
        let token = alias.map_or(lang, |(_, name)| name);
        let extra = self.extra.get_or_init(two_face::syntax::extra_newlines);
        Some((extra, extra.find_syntax_by_token(token)?))
    }

    fn themes(&self) -> &Themes {
        let s = &self.settings;
        self.themes
            .get_or_init(|| Themes::load(&s.light_theme, &s.dark_theme))
    }

    /// The persistent cache, keyed by this highlighter's version: its themes and what it makes
    /// of a probe block.
    fn disk(&self) -> Option<&DiskCache> {
        self.disk
            .get_or_init(|| {
                let root = self.settings.cache.clone()?;
                let themes = self.themes();
                let ss = self.syntaxes();
                let probe = PROBE.1;
                let syntax = ss.find_syntax_by_token(PROBE.0)?;
                let html = self.spans(ss, syntax, probe)?;
                let (light, dark) = (format!("{:?}", themes.light), format!("{:?}", themes.dark));
                let version = [light.as_str(), dark.as_str(), html.as_str()];
                Some(DiskCache::new(root, &version, cache::DEFAULT_BUDGET))
            })
            .as_ref()
    }

    /// Keeps the persistent cache within its budget; call after a build's Markdown.
    pub fn prune_cache(&self) {
        if let Some(Some(c)) = self.disk.get() {
            c.prune();
        }
    }

    /// The stylesheet for highlighted code: the light theme by default, the dark one under
    /// `prefers-color-scheme: dark`. Unknown theme names fall back to the defaults.
    pub fn stylesheet(&self) -> String {
        self.themes().stylesheet()
    }

    /// HTML for a fenced block in `lang` (the info string's first word). Unknown languages are
    /// plain `<pre><code>`. Returns the HTML and whether it was highlighted.
    pub fn highlight(&self, lang: &str, code: &str) -> (String, bool) {
        let lang = lang.split([' ', ',', '{']).next().unwrap_or("").trim();
        let plain = || {
            let class = if lang.is_empty() {
                String::new()
            } else {
                format!(" class=\"language-{}\"", escape_html(lang))
            };
            format!("<pre><code{class}>{}</code></pre>\n", escape_html(code))
        };
        if !self.settings.enabled || lang.is_empty() {
            return (plain(), false);
        }
        let disk = self.disk();
        let Some(body) = disk.and_then(|d| d.get(lang, code)).or_else(|| {
            let (ss, syntax) = self.find_syntax(lang)?;
            let body = self.spans(ss, syntax, code)?;
            if let Some(d) = disk {
                d.put(lang, code, &body);
            }
            Some(body)
        }) else {
            return (plain(), false);
        };
        let lang = escape_html(lang);
        let html = format!(
            "<pre class=\"code\" data-lang=\"{lang}\"><code class=\"language-{lang}\">{body}</code></pre>\n"
        );
        (html, true)
    }

    /// The spans of `code`: each line parsed once, each piece styled in both themes. `None`
    /// when syntect fails on it.
    fn spans(&self, ss: &SyntaxSet, syntax: &SyntaxReference, code: &str) -> Option<String> {
        let themes = self.themes();
        let mut styles = self.memo.resolver(themes);
        let mut parse = ParseState::new(syntax);
        let mut stack = ScopeStack::new();
        let mut out = runs::SpanWriter::new(themes, code.len());
        let (mut light, mut dark) = (Vec::new(), Vec::new());
        for line in LinesWithEndings::from(code) {
            let ops = parse.parse_line(line, ss).ok()?;
            light.clear();
            dark.clear();
            // As syntect's `HighlightIterator`: the text before each operation has the style
            // of the stack before it.
            let mut pos = 0;
            let ends = ops.iter().map(|(end, op)| (*end, Some(op)));
            for (end, op) in ends.chain([(line.len(), None)]) {
                if end > pos {
                    let (l, d) = styles.styles(stack.as_slice());
                    light.push((l, &line[pos..end]));
                    dark.push((d, &line[pos..end]));
                    pos = end;
                }
                if let Some(op) = op {
                    stack.apply(op).ok()?;
                }
            }
            out.line(line, &runs::as_rendered(&light), &runs::as_rendered(&dark))?;
        }
        Some(out.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_languages_get_classes_and_unknown_ones_stay_plain() {
        let h = Highlighter::new(HighlightSettings::from_config(&MarkdownConfig::default()));
        let (html, done) = h.highlight("rust", "fn main() {}\n");
        assert!(
            done && html.starts_with(
                "<pre class=\"code\" data-lang=\"rust\"><code class=\"language-rust\"><span class="
            ),
            "{html}"
        );
        let (html, done) = h.highlight("nosuchlang", "a < b\n");
        assert!(!done);
        assert_eq!(
            html,
            "<pre><code class=\"language-nosuchlang\">a &lt; b\n</code></pre>\n"
        );
        assert!(h.stylesheet().contains("prefers-color-scheme: dark"));
    }

    /// See: issue 20. The fence names a Zola user writes, and the syntax each must find.
    const FENCES: &[(&str, &str)] = &[
        ("toml", "TOML"),
        ("ts", "TypeScript"),
        ("typescript", "TypeScript"),
        ("tsx", "TypeScriptReact"),
        ("dockerfile", "Dockerfile"),
        ("Dockerfile", "Dockerfile"),
        ("nix", "Nix"),
        ("zig", "Zig"),
        ("swift", "Swift"),
        ("kotlin", "Kotlin"),
        ("kt", "Kotlin"),
        ("elixir", "Elixir"),
        ("ex", "Elixir"),
        ("terraform", "Terraform"),
        ("hcl", "Terraform"),
        ("tf", "Terraform"),
        ("jinja", "Jinja2"),
        ("jinja2", "Jinja2"),
        ("tera", "Jinja2"),
        ("Tera", "Jinja2"),
        // The defaults still answer for what they know.
        ("rust", "Rust"),
        ("js", "JavaScript"),
        ("fish", "Bourne Again Shell (bash)"),
    ];

    #[test]
    fn each_fence_name_finds_its_syntax() {
        let h = Highlighter::new(HighlightSettings::from_config(&MarkdownConfig::default()));
        for (fence, name) in FENCES {
            let found = h.find_syntax(fence).map(|(_, s)| s.name.as_str());
            assert_eq!(found, Some(*name), "```{fence}");
        }
        assert!(h.find_syntax("nosuchlang").is_none());
    }

    #[test]
    fn the_extra_syntaxes_load_only_for_a_language_the_defaults_lack() {
        let h = Highlighter::new(HighlightSettings::from_config(&MarkdownConfig::default()));
        let none = LoadedSyntaxes::default();
        assert_eq!(h.loaded_syntaxes(), none);
        h.stylesheet();
        assert!(!h.highlight("", "plain\n").1);
        assert_eq!(h.loaded_syntaxes(), none, "no language, no syntaxes");
        assert!(h.highlight("rust", "fn main() {}\n").1);
        let defaults = LoadedSyntaxes {
            defaults: true,
            extra: false,
        };
        assert_eq!(h.loaded_syntaxes(), defaults, "Rust is a default");
        assert!(h.highlight("toml", "a = 1\n").1);
        assert!(h.loaded_syntaxes().extra, "TOML is not");
    }

    #[test]
    fn tera_highlights_as_jinja2() {
        let h = Highlighter::new(HighlightSettings::from_config(&MarkdownConfig::default()));
        let code = "{% for p in pages %}{{ p.title | safe }}{% endfor %}\n";
        let (tera, done) = h.highlight("tera", code);
        assert!(done);
        let (jinja, _) = h.highlight("jinja2", code);
        assert_eq!(tera.replace("tera", "jinja2"), jinja);
    }
}
