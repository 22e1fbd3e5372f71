//! Plain data for the site's documents: no I/O, no rendering.
//!
//! A [`Doc`] is one Markdown file under `content/`: an ordinary page, a section (`_index.md`),
//! a glossary [`TermMeta`] or a timeline [`EventMeta`]. Raw serde mirrors of user input live in
//! `load::front_matter`; these are the validated types the later stages trust.

use crate::date::PartialDate;
use crate::span::SourceFile;
use std::ops::Range;
use std::path::PathBuf;

/// Index of a document in [`Site::docs`].
pub type DocId = usize;

/// What a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    /// An ordinary page.
    Page,
    /// A folder's `_index.md` (the root one is the home page).
    Section,
    /// A glossary term under `content/glossary/`.
    Term,
    /// A timeline event under `content/timeline/`.
    Event,
}

/// A cited source, from a `[[sources]]` table.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Source {
    /// Identifier used in `[@id]` citations.
    pub id: String,
    /// Title of the work.
    pub title: String,
    /// Publisher or outlet.
    pub publisher: String,
    /// Publication date as written (may be empty or partial).
    pub date: String,
    /// Where to read it.
    pub url: String,
    /// The language of its title, when not the site's (`ja` for a Japanese report).
    pub lang: Option<String>,
    /// A copy kept by an archive (shown as "archived copy", suggested when `url` is broken).
    pub archive_url: String,
}

/// Glossary-specific front matter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TermMeta {
    /// Other names that link to the term.
    pub aliases: Vec<String>,
    /// Japanese name.
    pub ja: Option<String>,
    /// Romanization of the Japanese name.
    pub romaji: Option<String>,
    /// Kana reading of a Japanese title (sorts the Japanese glossary).
    pub reading: Option<String>,
    /// One plain sentence shown on hover.
    pub summary: String,
    /// Slugs of related terms.
    pub related: Vec<String>,
    /// Whether mentions are linked automatically.
    pub autolink: bool,
}

/// Timeline-specific front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventMeta {
    /// When it happened, at the precision written.
    pub date: PartialDate,
    /// When a span ended.
    pub end: Option<PartialDate>,
    /// Slugs of the glossary terms the event concerns.
    pub terms: Vec<String>,
}

/// Validated front matter shared by every document.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    /// Title (required).
    pub title: String,
    /// Description for listings and meta tags.
    pub description: Option<String>,
    /// Publication date.
    pub date: Option<PartialDate>,
    /// Last update.
    pub updated: Option<PartialDate>,
    /// Left out unless building with drafts.
    pub draft: bool,
    /// Ordering weight in its section (lower first).
    pub weight: Option<i64>,
    /// A section's listing is split into pagers of this many pages (`/posts/page/2/`).
    pub paginate_by: Option<usize>,
    /// How a section orders its pages (`sort_by`, Zola's key).
    pub sort_by: Option<SortBy>,
    /// URL slug overriding the file name.
    pub slug: Option<String>,
    /// The page's whole URL path (`path`, Zola's key), replacing the one its file gives.
    pub path: Option<String>,
    /// A section written as a redirect to this URL (`redirect_to`, Zola's key): a site path
    /// or an absolute URL.
    pub redirect_to: Option<String>,
    /// Template overriding the default for the kind.
    pub template: Option<String>,
    /// Tags (topics for timeline events; the `tags` taxonomy when the config declares it).
    pub tags: Vec<String>,
    /// The terms of each other taxonomy (`[taxonomies] categories = […]`), by taxonomy name.
    pub taxonomies: std::collections::BTreeMap<String, Vec<String>>,
    /// On a section: links from the headings of it and its pages to themselves (Zola's key).
    pub insert_anchor_links: Option<crate::config::AnchorLinks>,
    /// Old URLs that redirect here.
    pub redirect_from: Vec<String>,
    /// Free values for templates.
    pub extra: serde_json::Value,
    /// Sources cited on the page.
    pub sources: Vec<Source>,
    /// `false` turns automatic glossary links off on this page.
    pub glossary_autolink: Option<bool>,
    /// `false` leaves the page out of the search index.
    pub search: Option<bool>,
    /// `false` (`render`, Zola's key): the document is not written (see [`Doc::is_rendered`]).
    pub render: Option<bool>,
    /// Share image (`og:image`), a path relative to the file.
    pub image: Option<String>,
    /// Its alt text.
    pub image_alt: Option<String>,
    /// Present on glossary terms.
    pub term: Option<TermMeta>,
    /// Present on timeline events.
    pub event: Option<EventMeta>,
}

/// How a section orders its pages: `sort_by` in its front matter, with Zola's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    /// By weight (lowest first), then date (newest first), then title: kaisetsu's order.
    #[default]
    Default,
    /// Newest first (pages without a date last), then title.
    Date,
    /// By title, then date.
    Title,
    /// By weight (lowest first; pages without one last), then title.
    Weight,
    /// Newest first by the later of `date` and `updated`, then title.
    UpdateDate,
    /// By title as bytes (capitals first), then date.
    TitleBytes,
    /// By slug, then title.
    Slug,
    /// By URL path.
    Permalink,
}

/// One Markdown file under `content/`.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Its index in the site.
    pub id: DocId,
    /// Page, section, term or event.
    pub kind: DocKind,
    /// The file (path relative to the site root, e.g. `content/notes/one.md`).
    pub file: SourceFile,
    /// Path relative to `content/`, as used in `@/` links (e.g. `notes/one.md`).
    pub content_path: String,
    /// Byte range of the front-matter block's text (between the fences) in `file.text`.
    pub front_matter: Range<usize>,
    /// Byte offset where the Markdown body starts in `file.text`.
    pub body_offset: usize,
    /// Validated front matter.
    pub meta: FrontMatter,
    /// URL path relative to the base path, ending in `/` (empty for the home page).
    pub url_path: String,
    /// The slug (last URL component; empty for the home page).
    pub slug: String,
    /// The folder `_index.md` section this document belongs to (a section's parent section).
    pub parent: Option<DocId>,
    /// `content_path` without a translation's language (`about.md` for `about.ja.md`).
    pub neutral_path: String,
    /// Its language (a BCP 47 tag; the site's `language` for originals).
    pub lang: String,
    /// For a translation (`name.ja.md`), the original (`name.md`), once linked.
    pub original: Option<DocId>,
    /// True when the front matter could not be read: the document takes part in link
    /// resolution (so one error does not cascade) but is not rendered.
    pub broken: bool,
}

impl Doc {
    /// The Markdown body.
    pub fn body(&self) -> &str {
        &self.file.text[self.body_offset..]
    }

    /// False for a page or section with `render = false` (Zola's key): no file is written at
    /// its URL, nothing lists or links to it, and a bundle page's files are not copied.
    pub fn is_rendered(&self) -> bool {
        self.meta.render != Some(false)
    }

    /// The front-matter block's text.
    pub fn front_matter_text(&self) -> &str {
        &self.file.text[self.front_matter.clone()]
    }

    /// Byte offset in the file of `key`'s line in the front matter (the block start if absent).
    pub fn key_offset(&self, key: &str) -> usize {
        let fm = self.front_matter_text();
        crate::keys::locate_key(fm, key, None)
            .map(|o| o + self.front_matter.start)
            .unwrap_or(self.front_matter.start.saturating_sub(4))
    }

    /// Byte offset of the entry `from` of the page's redirects.
    pub fn redirect_offset(&self, from: &str) -> usize {
        self.value_offset(redirect_key(self.front_matter_text()), from)
    }

    /// The output file of its page, e.g. `notes/one/index.html`.
    pub fn page_file(&self) -> String {
        format!("{}index.html", self.url_path)
    }

    /// Byte offset of the first occurrence of `needle` inside `key`'s value, for errors about one
    /// item of a list (`terms = ["a", "nope"]`).
    pub fn value_offset(&self, key: &str, needle: &str) -> usize {
        let start = self.key_offset(key);
        self.file.text[start..self.front_matter.end.max(start)]
            .find(needle)
            .map(|i| start + i)
            .unwrap_or(start)
    }
}

/// The key a front matter writes its redirects under: `aliases` (Zola's name) when it has
/// one, else `redirect_from`.
pub fn redirect_key(front_matter: &str) -> &'static str {
    match crate::keys::locate_key(front_matter, "aliases", None) {
        Some(_) => "aliases",
        None => "redirect_from",
    }
}

/// The output file of a redirect from the old URL path `from` (an entry of `redirect_from`):
/// `old/` is written as `old/index.html`, `old.html` as itself.
pub fn redirect_file(from: &str) -> String {
    let path = from.trim().trim_matches('/');
    match path.ends_with(".html") {
        true => path.to_string(),
        false => format!("{path}/index.html"),
    }
}

/// A file under `content/` that is not Markdown, copied beside its page.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Absolute path on disk.
    pub source: PathBuf,
    /// Path relative to `content/`, `/`-separated.
    pub content_path: String,
    /// Where it is written, relative to the base path: its `content_path`, or for a file of a
    /// page bundle the same place under the page's URL (`None`: the bundle's page has
    /// `render = false`, and the file is not written).
    pub url_path: Option<String>,
}

/// Everything loaded from a site root.
#[derive(Debug, Clone)]
pub struct Site {
    /// The site root folder.
    pub root: PathBuf,
    /// Validated configuration.
    pub config: crate::config::SiteConfig,
    /// Every Markdown document (drafts removed unless requested), in path order.
    pub docs: Vec<Doc>,
    /// Non-Markdown files under `content/`.
    pub assets: Vec<Asset>,
}

impl Site {
    /// Where `d`'s headings link to themselves: its section's `insert_anchor_links` (its own,
    /// for a section), else the site's `[markdown] insert_anchor_links`.
    pub fn anchor_links(&self, d: &Doc) -> crate::config::AnchorLinks {
        let section = match d.kind {
            DocKind::Section => Some(d),
            _ => d.parent.map(|p| &self.docs[p]),
        };
        let own = section.and_then(|s| s.meta.insert_anchor_links);
        own.unwrap_or(self.config.markdown.insert_anchor_links)
    }
}

/// `rel` (a `/`-separated relative path) resolved from the folder of the file at
/// `content_path`, with `.` and `..` taken out: `beside("notes/one.md", "../a.png")` is `a.png`.
pub fn beside(content_path: &str, rel: &str) -> String {
    let dir = content_path.rsplit_once('/').map_or("", |(d, _)| d);
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}
