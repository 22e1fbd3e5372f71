//! Resolves every scanned link against the output and says where a broken one came from.

use super::hash::hash;
use super::intern::{page_independent, Interned};
use super::scan::PageScan;
use crate::error::{Diagnostic, Location};
use crate::model::{Doc, Site};
use crate::resolve::Index;
use percent_encoding::percent_decode_str;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasherDefault;

/// One problem on one output page, before it is tied to a source.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Problem {
    /// The output page.
    page: String,
    /// The link (or id) as written in the output.
    link: String,
    /// What is wrong.
    message: String,
}

impl Problem {
    fn describe(&self) -> String {
        if self.link.starts_with("id=") {
            format!("{} {}", self.link, self.message)
        } else {
            format!("link `{}` {}", self.link, self.message)
        }
    }
}

/// What the links are checked against.
pub(super) struct Output<'a> {
    /// Every name a request can use for an output file (`a/index.html`, `a/`, `a`), by
    /// [`hash`], with the file it gets.
    pub(super) files: Files<'a>,
    /// Root-relative prefix, `/sub/`.
    pub(super) base_path: &'a str,
    /// Absolute prefix, `https://example.org/sub/`, when the base URL has an origin.
    pub(super) absolute: Option<String>,
}

/// Output files by the [`hash`] of each name a request can use for them. A hash table rather
/// than a sorted list: the verifier looks up every link of every page (over a million on a
/// bilingual 10,000-post site), and a binary search over tens of thousands of names missed
/// the cache on most of its steps.
pub(super) type Files<'a> = HashMap<u64, Target<'a>, BuildHasherDefault<Prehashed>>;

/// An output file a link can name.
#[derive(Debug, Clone, Copy)]
pub(super) struct Target<'a> {
    /// Its output path, e.g. `a/index.html`.
    pub(super) path: &'a str,
    /// Its scan, when it is an HTML page (for its ids).
    pub(super) page: Option<&'a PageScan>,
}

/// A [`std::hash::Hasher`] for keys that are already [`hash`]es: it passes the `u64` through.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Prehashed(u64);

impl std::hash::Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is used (the keys are `u64`); anything else is folded in.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

impl<'a> Output<'a> {
    /// The names of `targets` as [`Output::files`] holds them.
    pub(super) fn names(targets: impl Iterator<Item = Target<'a>>) -> Files<'a> {
        let targets: Vec<Target<'a>> = targets.collect();
        let mut names = Files::with_capacity_and_hasher(targets.len() * 3, Default::default());
        for t in &targets {
            names.insert(hash(t.path), *t);
        }
        // A file shadows a folder of the same name: files went in first.
        for t in &targets {
            if let Some(dir) = t.path.strip_suffix("index.html") {
                names.entry(hash(dir)).or_insert(*t);
                if let Some(bare) = dir.strip_suffix('/') {
                    names.entry(hash(bare)).or_insert(*t);
                }
            }
        }
        names
    }

    /// The output file a site path names, as a server would find it.
    fn file(&self, rest: &str) -> Option<Target<'a>> {
        self.files.get(&hash(rest)).copied()
    }

    /// What is wrong with `url` on `page`, if anything.
    fn check(&self, page: &PageScan, url: &str) -> Option<String> {
        if page_independent(url) {
            return self.check_shared(url);
        }
        let (path, fragment) = split_fragment(url);
        if path.is_empty() {
            // `#x` or `?q#x`: this page.
            let here = Target {
                path: &page.path,
                page: Some(page),
            };
            return self.check_fragment(here, fragment);
        }
        let dir = page.path.rsplit_once('/').map_or("", |(d, _)| d);
        let joined = crate::html::join_path(dir, url);
        self.check_site_path(&joined)
    }

    /// What is wrong with `url`, a link that means the same on every page
    /// ([`page_independent`]), if anything.
    pub(super) fn check_shared(&self, url: &str) -> Option<String> {
        let (path, fragment) = split_fragment(url);
        match self.shared_target(path) {
            Ok(Some(target)) => self.check_fragment(target, fragment),
            Ok(None) => None,
            Err(message) => Some(message),
        }
    }

    /// The output file that `url` names, a link without its `#fragment` that means the same
    /// on every page: `None` for one outside the site (another host, `mailto:`), or what is
    /// wrong with it.
    fn shared_target(&self, url: &str) -> Result<Option<Target<'a>>, String> {
        // A path under the base (root-relative or absolute; not `//host/…`), the common case.
        if let Some(within) = url.strip_prefix(self.base_path) {
            if !within.starts_with('/') {
                return self.site_file(within).map(Some);
            }
        }
        let url = match &self.absolute {
            Some(abs) => match url.strip_prefix(abs.as_str()) {
                Some(rest) => return self.site_file(rest).map(Some),
                None => url,
            },
            None => url,
        };
        if url.starts_with("//") || !url.starts_with('/') {
            // Another host, or a scheme (`https:` elsewhere, `mailto:`).
            return Ok(None);
        }
        match url.strip_prefix(self.base_path) {
            Some(within) => self.site_file(within).map(Some),
            None => Err(format!(
                "is outside the site's base path {}: root-relative links start with it",
                self.base_path
            )),
        }
    }

    /// Checks `within`, a path under the base with its `?query#fragment`.
    fn check_site_path(&self, within: &str) -> Option<String> {
        let (path, fragment) = split_fragment(within);
        match self.site_file(path) {
            Ok(target) => self.check_fragment(target, fragment),
            Err(message) => Some(message),
        }
    }

    /// The output file that `within` names, a path under the base with its `?query` (and no
    /// `#fragment`), or what is wrong with it.
    fn site_file(&self, within: &str) -> Result<Target<'a>, String> {
        let path = within.split_once('?').map_or(within, |(p, _)| p);
        let path = match path.contains('%') {
            true => percent_decode_str(path).decode_utf8_lossy(),
            false => std::borrow::Cow::Borrowed(path),
        };
        self.file(&path)
            .ok_or_else(|| format!("has no target: there is no {path} in the output"))
    }

    /// Checks that `target` has an element with id `fragment`.
    pub(super) fn check_fragment(
        &self,
        target: Target<'_>,
        fragment: Option<&str>,
    ) -> Option<String> {
        let fragment = fragment?;
        let fragment = if fragment.contains('%') {
            percent_decode_str(fragment).decode_utf8_lossy()
        } else {
            std::borrow::Cow::Borrowed(fragment)
        };
        // `#` alone and `#top` scroll to the top of any page.
        if fragment.is_empty() || fragment == "top" || !target.path.ends_with(".html") {
            return None;
        }
        (!target.page.is_some_and(|p| p.has_id(&fragment))).then(|| {
            format!(
                "points at #{fragment}, but {} has no element with that id",
                target.path
            )
        })
    }
}

fn split_fragment(url: &str) -> (&str, Option<&str>) {
    match url.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (url, None),
    }
}

/// Every broken link and repeated id on the scanned pages, in parallel. Each shared link is
/// resolved once, whichever pages it is on; a shared link's `#fragment` is looked up in its
/// target's ids where it is found.
pub(super) fn problems(pages: &[PageScan], shared: &Interned, out: &Output<'_>) -> Vec<Problem> {
    let targets = SharedTargets::new(shared, out);
    let mut found: Vec<Problem> = pages
        .par_iter()
        .with_max_len(crate::PIECE)
        .flat_map_iter(|p| {
            let mut list = Vec::new();
            let problem = |link: &str, message: String| Problem {
                page: p.path.clone(),
                link: link.to_string(),
                message,
            };
            for link in p.links() {
                if let Some(message) = out.check(p, link) {
                    list.push(problem(link, message));
                }
            }
            if targets.any_broken {
                for &n in p.shared() {
                    if let Err(message) = &targets.get(n) {
                        list.push(problem(shared.get(n), message.clone()));
                    }
                }
            }
            for &(n, f) in p.anchored() {
                let fragment = &shared.get(f)[1..];
                let message = match targets.get(n) {
                    Ok(Some(target)) => out.check_fragment(*target, Some(fragment)),
                    Ok(None) => None,
                    Err(message) => Some(message.clone()),
                };
                if let Some(message) = message {
                    list.push(problem(&format!("{}#{fragment}", shared.get(n)), message));
                }
            }
            if p.path.ends_with(".html") {
                list.extend(repeated_ids(p));
            }
            list
        })
        .collect();
    found.sort();
    found.dedup();
    found
}

/// Each shared link's target ([`Output::shared_target`]), by its number.
struct SharedTargets<'a> {
    by_number: Vec<Result<Option<Target<'a>>, String>>,
    /// True when some link has no target.
    any_broken: bool,
}

impl<'a> SharedTargets<'a> {
    fn new(shared: &Interned, out: &Output<'a>) -> Self {
        let mut by_number: Vec<Result<Option<Target<'a>>, String>> = Vec::new();
        by_number.resize_with(shared.numbers(), || Ok(None));
        let links: Vec<(u32, &str)> = shared.iter().filter(|(_, l)| !l.starts_with('#')).collect();
        let resolved: Vec<(u32, Result<Option<Target<'a>>, String>)> = links
            .par_iter()
            .map(|&(n, link)| (n, out.shared_target(link)))
            .collect();
        let any_broken = resolved.iter().any(|(_, r)| r.is_err());
        for (n, r) in resolved {
            by_number[n as usize] = r;
        }
        SharedTargets {
            by_number,
            any_broken,
        }
    }

    fn get(&self, n: u32) -> &Result<Option<Target<'a>>, String> {
        &self.by_number[n as usize]
    }
}

fn repeated_ids(p: &PageScan) -> Vec<Problem> {
    p.repeated_ids()
        .map(|(id, n)| Problem {
            page: p.path.clone(),
            link: format!("id=\"{id}\""),
            message: format!("is used {n} times on this page"),
        })
        .collect()
}

/// Ties each problem to where it came from: the Markdown of the page's own source when the
/// link is written there (file:line:col), or else a template. A template's problem repeats
/// on every page that uses it, so it is reported once, with the number of pages.
pub(super) fn diagnostics(
    problems: Vec<Problem>,
    site: &Site,
    index: &Index,
    output_dir: &str,
) -> Vec<Diagnostic> {
    if problems.is_empty() {
        return Vec::new();
    }
    let docs: HashMap<String, usize> = site
        .docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.page_file(), i))
        .collect();
    let mut from_templates: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    let mut out = Vec::new();
    // `[link_check] internal_level = "warn"`: what Markdown links to is the author's to fix
    // in their time (an imported site's links were never checked); templates' links are not.
    let warn = site.config.link_check.internal_level == crate::config::LinkLevel::Warn;
    let mut written_targets = std::collections::HashSet::new();
    for p in problems {
        let doc = docs.get(&p.page).map(|&i| &site.docs[i]);
        match doc.and_then(|d| Some((d, source_offset(d, &p.link, index)?))) {
            Some((d, offset)) => {
                written_targets.insert(p.message.clone());
                out.push(in_markdown(&p, d, offset, warn));
            }
            None => {
                let entry = from_templates.entry(p.describe());
                entry
                    .or_insert_with(|| (p.message.clone(), Vec::new()))
                    .1
                    .push(p.page);
            }
        }
    }
    // With `warn`, a broken target written in a page's Markdown and also shown on other pages
    // (its summary in a listing, made root-relative there) is reported once, where it is written.
    if warn {
        from_templates.retain(|_, (message, _)| !written_targets.contains(message));
    }
    for (what, (_, pages)) in from_templates {
        let shown = match pages.len() {
            1 => String::new(),
            n => format!(" (and {} other page(s))", n - 1),
        };
        out.push(
            Diagnostic::error(
                Location::file(format!("{output_dir}/{}", pages[0])),
                format!("{what}{shown}"),
            )
            .with_help(
                "this is not in the page's Markdown: it comes from a template (templates/ or the \
                 theme's templates/), or from another page's summary",
            ),
        );
    }
    out
}

/// A problem of a link written in `d`'s Markdown, at `offset`: an error, or with `warn` (and
/// unless it is a repeated id) a warning.
fn in_markdown(p: &Problem, d: &Doc, offset: usize, warn: bool) -> Diagnostic {
    let id = p.link.starts_with("id=");
    let message = format!("{}: {}", p.page, p.describe());
    let diagnostic = match warn && !id {
        true => d.file.warning_at(offset, message),
        false => d.file.error_at(offset, message),
    };
    diagnostic.with_help(match id {
        true => "give each element on a page an id of its own (headings get theirs from their \
                 text, or from `{#id}`)"
            .to_string(),
        false => format!(
            "the link is in {}; fix its target, or create the page it names",
            d.file.path
        ),
    })
}

/// Where the page's source writes `link` (as output, or as written before the base path was
/// added), as a byte offset in the file.
fn source_offset(doc: &crate::model::Doc, link: &str, index: &Index) -> Option<usize> {
    let body = doc.body();
    let mut candidates = vec![link.to_string()];
    if let Some(rest) = link.strip_prefix(index.base_path.as_str()) {
        candidates.push(format!("/{rest}"));
    }
    if let Some(id) = link.strip_prefix("id=\"").and_then(|s| s.strip_suffix('"')) {
        candidates.push(format!("{{#{id}}}"));
        candidates.push(format!("id='{id}'"));
    }
    candidates
        .iter()
        .filter(|c| !c.is_empty())
        .find_map(|c| body.find(c.as_str()))
        .map(|i| doc.body_offset + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out<'a>(files: &[&'a str], pages: &'a [PageScan]) -> Output<'a> {
        Output {
            files: Output::names(files.iter().map(|&path| Target {
                path,
                page: pages.iter().find(|p| p.path == path),
            })),
            base_path: "/sub/",
            absolute: Some("https://e.org/sub/".into()),
        }
    }

    #[test]
    fn links_resolve_like_a_static_server() {
        let pages = [
            super::super::scan::scan("a/index.html", b"<p id=x>", &Default::default()),
            super::super::scan::scan("index.html", b"<p id=h>", &Default::default()),
        ];
        let o = out(
            &["index.html", "a/index.html", "a/b.png", "style.css"],
            &pages,
        );
        let ok = |page: &str, url: &str| {
            let scan = super::super::scan::scan(page, b"", &Default::default());
            let scan = pages.iter().find(|p| p.path == page).unwrap_or(&scan);
            o.check(scan, url).is_none()
        };
        assert!(ok("index.html", "/sub/a/"));
        assert!(ok("index.html", "/sub/a"));
        assert!(ok("index.html", "/sub/a/#x"));
        assert!(ok("index.html", "https://e.org/sub/a/#x"));
        assert!(ok("a/index.html", "b.png"));
        assert!(ok("a/index.html", "../style.css?v=2"));
        assert!(ok("a/index.html", "#x"));
        assert!(ok("a/index.html", "#top"));
        assert!(ok("index.html", "https://other.org/x/"));
        assert!(ok("index.html", "mailto:a@b.c"));
        assert!(ok("index.html", "//cdn.example/x.js"));
        assert!(!ok("index.html", "/sub/b/"));
        assert!(!ok("index.html", "/a/"));
        assert!(!ok("index.html", "/sub/a/#y"));
        assert!(!ok("index.html", "#x"));
        assert!(!ok("index.html", "https://e.org/sub/nope/"));
    }

    #[test]
    fn a_shared_links_fragment_is_checked_in_its_target_and_reported_whole() {
        let interner = super::super::intern::Interner::default();
        let scan =
            |path: &str, html: &str| super::super::scan::scan(path, html.as_bytes(), &interner);
        let pages = [
            scan("a/index.html", "<p id=x>"),
            scan(
                "index.html",
                "<a href=/sub/a/#x></a><a href='/sub/a/#y'></a><a href=/sub/b/#x></a>\
                 <a href=https://e.org/sub/a/#y></a><a href=https://other.org/#z></a>\
                 <a href=/sub/a/#%78></a><a href=/sub/a/#top></a><a href=/sub/a/></a>",
            ),
        ];
        let shared = interner.finish();
        let o = out(&["index.html", "a/index.html"], &pages);
        let found: Vec<(String, String)> = problems(&pages, &shared, &o)
            .into_iter()
            .map(|p| (p.link, p.message))
            .collect();
        let no_y = "points at #y, but a/index.html has no element with that id";
        assert_eq!(
            found,
            [
                ("/sub/a/#y".to_string(), no_y.to_string()),
                (
                    "/sub/b/#x".to_string(),
                    "has no target: there is no b/ in the output".to_string()
                ),
                ("https://e.org/sub/a/#y".to_string(), no_y.to_string()),
            ]
        );
    }

    #[test]
    fn relative_paths_join_their_page_folder() {
        assert_eq!(crate::html::join_path("a/b", "../c/#x"), "a/c/#x");
        assert_eq!(crate::html::join_path("a", "./d.png"), "a/d.png");
        assert_eq!(crate::html::join_path("", "x/"), "x/");
    }
}
