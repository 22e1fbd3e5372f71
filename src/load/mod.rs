//! Stage 1, load: read `config.toml` and every file under `content/` into a [`Site`].
//!
//! Each Markdown file becomes a [`Doc`] with validated front matter and its URL; other files
//! become [`Asset`]s. Problems are collected, never thrown at the first one: a file whose front
//! matter cannot be read is kept as a `broken` placeholder so links to it do not cascade.

pub mod front_matter;
pub mod walk;

use crate::config::SiteConfig;
use crate::error::{Diagnostic, Diagnostics, Location};
use crate::model::{Asset, Doc, DocKind, FrontMatter, Site};
use crate::span::SourceFile;
use rayon::prelude::*;
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

fn kind_of(content_path: &str) -> DocKind {
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
    let kind = kind_of(content_path);
    let (meta, block, body, broken) = match front_matter::split(&file.text) {
        Err((at, message, help)) => {
            diags.push(file.error_at(at, message).with_help(help));
            (None, 0..0, file.text.len(), true)
        }
        Ok(split) => match front_matter::parse(&file, &split, kind) {
            Ok(meta) => (Some(meta), split.block, split.body, false),
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
    let (url_path, slug) = url_of(content_path, kind, meta.slug.as_deref());
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
        broken,
    };
    (Some(doc), diags)
}

/// Loads the site at `root`, re-parsing only the documents whose bytes differ from what
/// `cache` holds (files are always read: modification times are too coarse to trust for rapid
/// saves); `cache` is updated. Without a cache every document is parsed. Returns the site, the diagnostics of
/// walking `content/`, those of the documents, and how many documents were parsed.
pub fn load_cached(
    root: &Path,
    config: SiteConfig,
    opts: LoadOptions,
    mut cache: Option<&mut std::collections::HashMap<String, crate::incremental::LoadedDoc>>,
) -> (Site, Diagnostics, Diagnostics, usize) {
    let mut diags = Diagnostics::default();
    let mut doc_diags = Diagnostics::default();
    let content = root.join("content");
    let mut assets = Vec::new();
    let mut md = Vec::new();
    if content.is_dir() {
        let (found, walk_diags) = walk::walk(&content, "content");
        diags.extend(walk_diags);
        for f in found {
            if f.relative.ends_with(".md") {
                md.push(f);
            } else {
                assets.push(Asset {
                    source: f.path,
                    content_path: f.relative,
                });
            }
        }
    } else {
        diags.push(
            Diagnostic::error(Location::file("content"), "the site has no content/ folder")
                .with_help("create content/_index.md for the home page"),
        );
    }
    let previous = cache.as_deref_mut().map(std::mem::take).unwrap_or_default();
    let keep = cache.is_some();
    let loaded: Vec<(String, crate::incremental::LoadedDoc, bool)> = md
        .par_iter()
        .map(|f| {
            let bytes = match std::fs::read(&f.path) {
                Ok(b) => b,
                Err(_) => {
                    let (doc, d) = load_doc(&f.path, &f.relative);
                    return (f.relative.clone(), (Vec::new(), doc, d), true);
                }
            };
            match previous.get(&f.relative) {
                Some((old, doc, d)) if *old == bytes => {
                    (f.relative.clone(), (bytes, doc.clone(), d.clone()), false)
                }
                _ if keep => {
                    let (doc, d) = doc_from_bytes(&f.relative, bytes.clone());
                    (f.relative.clone(), (bytes, doc, d), true)
                }
                _ => {
                    let (doc, d) = doc_from_bytes(&f.relative, bytes);
                    (f.relative.clone(), (Vec::new(), doc, d), true)
                }
            }
        })
        .collect();
    let mut docs = Vec::with_capacity(loaded.len());
    let mut read = 0;
    for (path, (bytes, doc, d), fresh) in loaded {
        read += usize::from(fresh);
        doc_diags.extend(d.0.iter().cloned());
        let wanted = |doc: &Doc| !doc.meta.draft || opts.drafts;
        match cache.as_deref_mut() {
            Some(cache) => {
                if let Some(doc) = doc.as_ref().filter(|doc| wanted(doc)) {
                    docs.push(doc.clone());
                }
                cache.insert(path, (bytes, doc, d));
            }
            None => docs.extend(doc.filter(wanted)),
        }
    }
    (assemble(root, config, docs, assets), diags, doc_diags, read)
}

/// Makes a [`Site`] from loaded documents: numbers them and finds each one's section.
pub fn assemble(root: &Path, config: SiteConfig, mut docs: Vec<Doc>, assets: Vec<Asset>) -> Site {
    for (i, d) in docs.iter_mut().enumerate() {
        d.id = i;
    }
    assign_parents(&mut docs);
    Site {
        root: root.to_path_buf(),
        config,
        docs,
        assets,
    }
}

/// Each document's section: the nearest folder above it (or, for a section, above its own
/// folder) that has an `_index.md`.
fn assign_parents(docs: &mut [Doc]) {
    let sections: std::collections::HashMap<String, usize> = docs
        .iter()
        .filter(|d| d.kind == DocKind::Section)
        .map(|d| {
            (
                d.content_path
                    .trim_end_matches("_index.md")
                    .trim_end_matches('/')
                    .to_string(),
                d.id,
            )
        })
        .collect();
    for d in docs.iter_mut() {
        let mut dir = d
            .content_path
            .rsplit_once('/')
            .map(|(p, _)| p.to_string())
            .unwrap_or_default();
        if d.kind == DocKind::Section {
            if dir.is_empty() {
                continue;
            }
            dir = dir
                .rsplit_once('/')
                .map(|(p, _)| p.to_string())
                .unwrap_or_default();
        }
        loop {
            if let Some(&s) = sections.get(&dir) {
                d.parent = Some(s);
                break;
            }
            if dir.is_empty() {
                break;
            }
            dir = dir
                .rsplit_once('/')
                .map(|(p, _)| p.to_string())
                .unwrap_or_default();
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
