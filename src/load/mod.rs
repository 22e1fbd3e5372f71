//! Stage 1, load: read `config.toml` and every file under `content/` into a [`Site`].
//!
//! Each Markdown file becomes a [`Doc`] with validated front matter and its URL; other files
//! become [`Asset`]s. Problems are collected, never thrown at the first one: a file whose front
//! matter cannot be read is kept as a `broken` placeholder so links to it do not cascade.

mod bundles;
pub mod front_matter;
mod translations;
pub mod walk;

pub use bundles::place_assets;
pub use translations::{link_translations, split_lang};

use crate::config::SiteConfig;
use crate::error::{Diagnostic, Diagnostics, Location};
use crate::model::{Asset, Doc, DocKind, FrontMatter, Site};
use crate::span::SourceFile;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;

/// Options for loading.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Keep drafts.
    pub drafts: bool,
}

/// Lowercase, ASCII-safe-ish slug: letters and digits kept (any script), everything else a hyphen.
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

pub(crate) fn kind_of(content_path: &str) -> DocKind {
    let file = content_path.rsplit('/').next().unwrap_or(content_path);
    if file == "_index.md" {
        DocKind::Section
    } else if content_path.starts_with("glossary/") && !content_path[9..].contains('/') {
        DocKind::Term
    } else if content_path.starts_with("timeline/") && !content_path[9..].contains('/') {
        DocKind::Event
    } else {
        DocKind::Page
    }
}

/// The URL path (relative to the base path) and slug of a document.
fn url_of(content_path: &str, kind: DocKind, slug_override: Option<&str>) -> (String, String) {
    let (dir, file) = content_path.rsplit_once('/').unwrap_or(("", content_path));
    let stem = file.strip_suffix(".md").unwrap_or(file);
    let dir_url: String = dir
        .split('/')
        .filter(|c| !c.is_empty())
        .map(|c| format!("{}/", slugify(c)))
        .collect();
    match (kind, stem) {
        (DocKind::Section, _) => {
            let slug = dir.rsplit('/').next().map(slugify).unwrap_or_default();
            (dir_url, slug)
        }
        (_, "index") => {
            // A page bundle: content/notes/one/index.md -> notes/one/
            let parent = dir.rsplit_once('/').map(|(p, _)| p).unwrap_or("");
            let parent_url: String = parent
                .split('/')
                .filter(|c| !c.is_empty())
                .map(|c| format!("{}/", slugify(c)))
                .collect();
            let slug = slug_override
                .map(slugify)
                .unwrap_or_else(|| slugify(dir.rsplit('/').next().unwrap_or("")));
            (format!("{parent_url}{slug}/"), slug)
        }
        _ => {
            let slug = slug_override.map(slugify).unwrap_or_else(|| slugify(stem));
            (format!("{dir_url}{slug}/"), slug)
        }
    }
}

fn load_doc(path: &Path, content_path: &str) -> (Option<Doc>, Diagnostics) {
    match std::fs::read(path) {
        Ok(bytes) => doc_from_bytes(content_path, bytes),
        Err(e) => {
            let mut diags = Diagnostics::default();
            let rel = format!("content/{content_path}");
            diags.push(Diagnostic::error(
                Location::file(&rel),
                format!("cannot read file: {e}"),
            ));
            (None, diags)
        }
    }
}

/// Parses one Markdown file's bytes, `content_path` being its path under `content/`. The
/// document is `None` only when the bytes are not UTF-8; a document whose front matter is
/// broken comes back marked `broken`, with the diagnostics.
pub fn doc_from_bytes(content_path: &str, bytes: Vec<u8>) -> (Option<Doc>, Diagnostics) {
    doc_from_bytes_in(content_path, bytes, &[])
}

/// [`doc_from_bytes`] for a site with other `languages`: `name.<lang>.md` is then the
/// translation of `name.md` into `<lang>`, under the URL prefix `<lang>/`.
pub fn doc_from_bytes_in(
    content_path: &str,
    bytes: Vec<u8>,
    languages: &[String],
) -> (Option<Doc>, Diagnostics) {
    let (neutral, lang) = split_lang(content_path, languages);
    let rel = format!("content/{content_path}");
    let mut diags = Diagnostics::default();
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let prefix = String::from_utf8_lossy(valid).into_owned();
            let file = SourceFile::new(&rel, prefix);
            diags.push(
                file.error_at(file.text.len(), "file is not valid UTF-8")
                    .with_help(
                        "save the file as UTF-8 (the position shown is the first invalid byte)",
                    ),
            );
            return (None, diags);
        }
    };
    let file = SourceFile::new(&rel, text);
    let kind = kind_of(&neutral);
    let (meta, block, body, broken) = match front_matter::split(&file.text) {
        Err((at, message, help)) => {
            diags.push(file.error_at(at, message).with_help(help));
            (None, 0..0, file.text.len(), true)
        }
        Ok(split) => match front_matter::parse(&file, &split, kind, lang.is_some()) {
            Ok((meta, warnings)) => {
                diags.extend(warnings);
                (Some(meta), split.block, split.body, false)
            }
            Err(d) => {
                diags.extend(d.0);
                (None, split.block, split.body, true)
            }
        },
    };
    let meta = meta.unwrap_or_else(|| {
        let stem = content_path
            .rsplit('/')
            .next()
            .unwrap_or(content_path)
            .trim_end_matches(".md");
        FrontMatter {
            title: stem.to_string(),
            ..FrontMatter::default()
        }
    });
    let (url_path, slug) = doc_url(&file, &neutral, kind, &meta, lang.as_deref(), &mut diags);
    let doc = Doc {
        id: 0,
        kind,
        file,
        content_path: content_path.to_string(),
        front_matter: block,
        body_offset: body,
        meta,
        url_path,
        slug,
        parent: None,
        neutral_path: neutral,
        lang: lang.unwrap_or_default(),
        original: None,
        broken,
    };
    (Some(doc), diags)
}

/// The URL path (under the base path) and slug of a document: from its file's path, or its
/// `slug` or `path`, in its language's folder.
fn doc_url(
    file: &SourceFile,
    neutral: &str,
    kind: DocKind,
    meta: &FrontMatter,
    lang: Option<&str>,
    diags: &mut Diagnostics,
) -> (String, String) {
    let (mut url_path, slug) = url_of(neutral, kind, meta.slug.as_deref());
    if url_path.starts_with('/') || url_path.contains("//") {
        diags.push(unnamed_step(file));
        let steps = url_path.split('/').filter(|s| !s.is_empty());
        url_path = steps.map(|s| format!("{s}/")).collect();
    }
    if let Some(path) = &meta.path {
        url_path = path.clone();
    }
    if let Some(lang) = lang {
        url_path = format!("{lang}/{url_path}");
    }
    (url_path, slug)
}

/// The error for a file whose name, or a folder's, has no letter or digit to make a step of
/// its URL (`content/!!!.md`): the URL would have an empty step, or be written above its
/// section.
fn unnamed_step(file: &SourceFile) -> Diagnostic {
    let message = "this file has no URL of its own: its name, or a folder's in its path, has no letter or digit";
    let help = "rename the file or folder (or, for a page, set `slug` in its front matter)";
    Diagnostic::error(file.location(0), message).with_help(help)
}

/// A content file as loaded: its bytes (kept only when the caller asked for them), the
/// document parsed from them (`None` when unreadable) and what parsing reported.
#[derive(Debug, Clone, Default)]
pub struct LoadedDoc {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// The document.
    pub doc: Option<Doc>,
    /// What parsing reported.
    pub diags: Diagnostics,
}

/// What [`load`] produced.
#[derive(Debug)]
pub struct Loaded {
    /// The site.
    pub site: Site,
    /// What walking `content/` reported.
    pub walk_diags: Diagnostics,
    /// What parsing the documents reported.
    pub doc_diags: Diagnostics,
    /// Documents parsed (not taken from `previous`).
    pub parsed: usize,
    /// Every document as loaded, by `content/` path, when `previous` was given.
    pub docs: Option<HashMap<String, LoadedDoc>>,
}

/// Markdown files and assets under `content/`, with what walking reported.
fn find(root: &Path) -> (Vec<walk::Found>, Vec<Asset>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let content = root.join("content");
    let (mut assets, mut md) = (Vec::new(), Vec::new());
    if !content.is_dir() {
        diags.push(
            Diagnostic::error(Location::file("content"), "the site has no content/ folder")
                .with_help("create content/_index.md for the home page"),
        );
        return (md, assets, diags);
    }
    let (found, walk_diags) = walk::walk(&content, "content");
    diags.extend(walk_diags);
    for f in found {
        if f.relative.ends_with(".md") {
            md.push(f);
        } else {
            assets.push(Asset {
                source: f.path,
                content_path: f.relative,
                url_path: None,
            });
        }
    }
    (md, assets, diags)
}

/// Reads and parses one file, taking the document from `previous` when its bytes are the
/// same; keeps the bytes when `keep`. Returns the document and whether it was parsed.
fn read_one(
    f: &walk::Found,
    previous: Option<&HashMap<String, LoadedDoc>>,
    keep: bool,
    languages: &[String],
) -> (LoadedDoc, bool) {
    let Ok(bytes) = std::fs::read(&f.path) else {
        let (doc, diags) = load_doc(&f.path, &f.relative);
        let bytes = Vec::new();
        return (LoadedDoc { bytes, doc, diags }, true);
    };
    if let Some(old) = previous.and_then(|p| p.get(&f.relative)) {
        if old.bytes == bytes {
            return (old.clone(), false);
        }
    }
    let kept = if keep { bytes.clone() } else { Vec::new() };
    let (doc, diags) = doc_from_bytes_in(&f.relative, bytes, languages);
    let loaded = LoadedDoc {
        bytes: kept,
        doc,
        diags,
    };
    (loaded, true)
}

/// Loads the site at `root`. With `previous` (the [`Loaded::docs`] of an earlier load), only
/// the documents whose bytes differ are parsed again (files are always read: modification
/// times are too coarse to trust for rapid saves), and every document comes back in
/// [`Loaded::docs`] for the next time.
pub fn load(
    root: &Path,
    config: SiteConfig,
    opts: LoadOptions,
    previous: Option<HashMap<String, LoadedDoc>>,
) -> Loaded {
    let (md, assets, walk_diags) = find(root);
    let keep = previous.is_some();
    let languages: Vec<String> = config.languages.keys().cloned().collect();
    let loaded: Vec<(LoadedDoc, bool)> = md
        .par_iter()
        .with_max_len(crate::PIECE)
        .map(|f| read_one(f, previous.as_ref(), keep, &languages))
        .collect();
    drop(previous);
    let mut doc_diags = Diagnostics::default();
    let mut docs = Vec::with_capacity(loaded.len());
    let mut kept = keep.then(|| HashMap::with_capacity(loaded.len()));
    let mut parsed = 0;
    let wanted = |doc: &Doc| !doc.meta.draft || opts.drafts;
    let all: std::collections::HashSet<&str> = md.iter().map(|f| f.relative.as_str()).collect();
    for (f, (loaded, fresh)) in md.iter().zip(loaded) {
        parsed += usize::from(fresh);
        doc_diags.extend(loaded.diags.0.iter().cloned());
        match kept.as_mut() {
            Some(kept) => {
                docs.extend(loaded.doc.clone().filter(wanted));
                kept.insert(f.relative.clone(), loaded);
            }
            None => docs.extend(loaded.doc.filter(wanted)),
        }
    }
    if !all.contains(&"_index.md") {
        let (home, diags) = implicit_home(&config, &languages);
        docs.extend(home);
        doc_diags.extend(diags.0);
    }
    let (docs, diags) = link_translations(docs, &all);
    doc_diags.extend(diags.0);
    Loaded {
        site: assemble(root, config, docs, assets),
        walk_diags,
        doc_diags,
        parsed,
        docs: kept,
    }
}

/// The home page of a site without `content/_index.md` (Zola makes one too): titled with the
/// site's title, with no text of its own, so that the theme's home page lists the top
/// sections and pages; and a warning saying so.
fn implicit_home(config: &SiteConfig, languages: &[String]) -> (Option<Doc>, Diagnostics) {
    let title = toml::Value::String(config.title.clone());
    let text = format!("+++\ntitle = {title}\n+++\n");
    let (home, mut diags) = doc_from_bytes_in("_index.md", text.into_bytes(), languages);
    if config.title.trim().is_empty() {
        // Said of the file the author can fix: the home page's text above is made up here.
        let message = "the home page has no title: config.toml sets no `title`, and there is no content/_index.md to give one";
        let help = "add `title = \"…\"` (the site's name) to config.toml, or create content/_index.md with a `title`";
        diags = Diagnostics(vec![Diagnostic::error(
            Location::file("config.toml"),
            message,
        )
        .with_help(help)]);
    }
    let message = "there is no content/_index.md: the home page lists the top sections and pages";
    diags.push(
        Diagnostic::warning(Location::file("content/_index.md"), message).with_help(
            "create content/_index.md (front matter with a `title`, then the home page's text) to write the home page yourself",
        ),
    );
    (home, diags)
}

/// Makes a [`Site`] from loaded documents: numbers them, finds each one's section and where
/// each asset is written.
pub fn assemble(
    root: &Path,
    config: SiteConfig,
    mut docs: Vec<Doc>,
    mut assets: Vec<Asset>,
) -> Site {
    for (i, d) in docs.iter_mut().enumerate() {
        d.id = i;
        if d.lang.is_empty() {
            d.lang = config.language.clone();
        }
    }
    translations::number_originals(&mut docs);
    assign_parents(&mut docs);
    place_assets(&docs, &mut assets);
    Site {
        root: root.to_path_buf(),
        config,
        docs,
        assets,
    }
}

/// Each document's section: the nearest folder above it (or, for a section, above its own
/// folder) that has an `_index.md` in the document's language.
fn assign_parents(docs: &mut [Doc]) {
    let sections: HashMap<(String, String), usize> = docs
        .iter()
        .filter(|d| d.kind == DocKind::Section)
        .map(|d| {
            let dir = d.neutral_path.trim_end_matches("_index.md");
            (
                (dir.trim_end_matches('/').to_string(), d.lang.clone()),
                d.id,
            )
        })
        .collect();
    let up = |dir: &str| {
        dir.rsplit_once('/')
            .map(|(p, _)| p.to_string())
            .unwrap_or_default()
    };
    for d in docs.iter_mut() {
        let mut dir = up(&d.neutral_path);
        if d.kind == DocKind::Section {
            if dir.is_empty() {
                continue;
            }
            dir = up(&dir);
        }
        loop {
            if let Some(&s) = sections.get(&(dir.clone(), d.lang.clone())) {
                d.parent = Some(s);
                break;
            }
            if dir.is_empty() {
                break;
            }
            dir = up(&dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_follow_zola_conventions() {
        let cases = [
            ("_index.md", DocKind::Section, None, "", ""),
            ("notes/_index.md", DocKind::Section, None, "notes/", "notes"),
            ("notes/one.md", DocKind::Page, None, "notes/one/", "one"),
            (
                "notes/one.md",
                DocKind::Page,
                Some("First One"),
                "notes/first-one/",
                "first-one",
            ),
            (
                "notes/two/index.md",
                DocKind::Page,
                None,
                "notes/two/",
                "two",
            ),
            ("about.md", DocKind::Page, None, "about/", "about"),
            (
                "glossary/Article 9.md",
                DocKind::Term,
                None,
                "glossary/article-9/",
                "article-9",
            ),
        ];
        for (path, kind, slug, url, expect_slug) in cases {
            assert_eq!(kind_of(path), kind, "{path}");
            assert_eq!(
                url_of(path, kind, slug),
                (url.to_string(), expect_slug.to_string()),
                "{path}"
            );
        }
    }

    #[test]
    fn slugify_keeps_letters_of_any_script() {
        assert_eq!(slugify("Hello, World!"), "hello-world");
        assert_eq!(slugify("  防衛 装備 "), "防衛-装備");
    }
}
