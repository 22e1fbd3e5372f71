//! Links in Markdown: `@/` internal links (checked, rewritten to URLs), `[[glossary]]`
//! references, and relative links to files under `content/`.

use super::{LinkFrame, OutLink, Renderer};
use crate::error::did_you_mean;
use percent_encoding::percent_decode_str;
use pulldown_cmark::{CowStr, Event, LinkType, Tag};

impl<'a> Renderer<'a, '_> {
    pub(super) fn start_link(
        &mut self,
        link_type: LinkType,
        dest: CowStr<'a>,
        title: CowStr<'a>,
        id: CowStr<'a>,
        offset: usize,
    ) {
        if let LinkType::WikiLink { has_pothole } = link_type {
            return self.wiki_link(&dest, has_pothole, offset);
        }
        let dest = if let Some(target) = dest.strip_prefix("@/") {
            match self.internal_link(target, offset, false) {
                Some((url, Some(lang))) => return self.other_language_link(&url, &lang, &title),
                Some((url, None)) => CowStr::from(url),
                None => dest,
            }
        } else if let Some(anchor) = dest.strip_prefix('#') {
            self.r.links.push(OutLink {
                target: self.doc.id,
                anchor: Some(anchor.to_string()),
                offset,
                section: self.section.clone(),
            });
            dest
        } else {
            self.rewrite_relative(dest, offset, false)
        };
        self.links.push(LinkFrame::Plain);
        self.emit(Event::Start(Tag::Link {
            link_type,
            dest_url: dest,
            title,
            id,
        }));
    }

    /// A link to a page that exists only in another language: `hreflang` says which.
    fn other_language_link(&mut self, url: &str, lang: &str, title: &str) {
        use crate::html::escape_html;
        let mut open = format!(
            "<a href=\"{}\" hreflang=\"{}\"",
            escape_html(url),
            escape_html(lang)
        );
        if !title.is_empty() {
            open.push_str(&format!(" title=\"{}\"", escape_html(title)));
        }
        open.push('>');
        self.emit(Event::Html(open.into()));
        self.links.push(LinkFrame::Term {
            close: "</a>".into(),
            skip_text: false,
        });
    }

    fn wiki_link(&mut self, name: &str, has_pothole: bool, offset: usize) {
        let glossary = &self.cx.index.glossary;
        match glossary.lookup(name) {
            Some(term) => {
                self.record_mention(term);
                let (open, close) = self.term_markup(term);
                self.emit(Event::Html(open.into()));
                if !has_pothole {
                    let title = self.cx.index.glossary.terms[term].title.clone();
                    self.emit(Event::Text(title.into()));
                }
                self.links.push(LinkFrame::Term {
                    close,
                    skip_text: !has_pothole,
                });
            }
            None => {
                let help = glossary.suggest(name).map(|s| format!("did you mean {s}?"));
                self.error(offset, format!("unknown glossary term \"{name}\" in [[…]] reference"), help.or_else(|| Some("a [[reference]] names a term's slug, title or alias (files under content/glossary/)".into())));
                self.links.push(LinkFrame::Term {
                    close: String::new(),
                    skip_text: false,
                });
            }
        }
    }

    /// Resolves `path#anchor` (relative to `content/`) to a URL, recording the link; the
    /// target's language comes along when it is not the page's (no translation exists).
    fn internal_link(
        &mut self,
        target: &str,
        offset: usize,
        relative: bool,
    ) -> Option<(String, Option<String>)> {
        let (path, anchor) = match target.split_once('#') {
            Some((p, a)) => (p, Some(a.to_string())),
            None => (target, None),
        };
        let index = self.cx.index;
        let lang = &self.doc.lang;
        let lookup = |path: &str| {
            index
                .find(path, lang)
                .or_else(|| index.find(&format!("{}/_index.md", path.trim_end_matches('/')), lang))
        };
        // `my%20page.md` names `my page.md`: link destinations are URLs.
        let found = lookup(path).or_else(|| {
            path.contains('%')
                .then(|| lookup(&percent_decode_str(path).decode_utf8_lossy()))
                .flatten()
        });
        match found.map(|doc| self.written_version(doc)) {
            Some(doc) if !self.cx.site.docs[doc].is_rendered() && self.doc.is_rendered() => {
                let path = &self.cx.site.docs[doc].file.path;
                let message = format!(
                    "broken internal link: {path} has `render = false`, so it is not written"
                );
                let help = format!(
                    "link to a page that is written, or remove `render = false` from {path}"
                );
                match relative {
                    true => self.relative_problem(offset, message, help),
                    false => self.error(offset, message, Some(help)),
                }
                None
            }
            Some(doc) => {
                self.r.links.push(OutLink {
                    target: doc,
                    anchor: anchor.clone(),
                    offset,
                    section: self.section.clone(),
                });
                let target = &self.cx.site.docs[doc];
                let url = index.url(target);
                let other = (target.lang != *lang).then(|| target.lang.clone());
                let url = match anchor {
                    Some(a) => format!("{url}#{a}"),
                    None => url,
                };
                Some((url, other))
            }
            None => {
                let help = did_you_mean(path, index.by_path.keys().map(String::as_str))
                    .map(|p| format!("did you mean `@/{p}`?"))
                    .unwrap_or_else(|| {
                        "`@/` links name a file relative to content/, e.g. `@/notes/one.md#anchor`"
                            .into()
                    });
                let shown = percent_decode_str(path).decode_utf8_lossy();
                let message = format!("broken internal link: no file content/{shown}");
                match relative {
                    true => self.relative_problem(offset, message, help),
                    false => self.error(offset, message, Some(help)),
                }
                None
            }
        }
    }

    /// `doc`, or when it is a translation with `render = false`, its original if that is
    /// written (as when no translation exists: the link then carries the original's language).
    fn written_version(&self, doc: crate::model::DocId) -> crate::model::DocId {
        let docs = &self.cx.site.docs;
        if docs[doc].is_rendered() || docs[doc].lang == self.cx.index.default_lang {
            return doc;
        }
        let path = &docs[doc].content_path;
        let original = path
            .strip_suffix(".md")
            .and_then(|p| p.strip_suffix(&docs[doc].lang))
            .and_then(|p| p.strip_suffix('.'))
            .and_then(|stem| self.cx.index.by_path.get(&format!("{stem}.md")));
        match original {
            Some(&o) if docs[o].is_rendered() => o,
            _ => doc,
        }
    }

    /// Warns about the image just closed when it has no alt text: a screen reader then says
    /// nothing, or the file name. Decorative images say so in HTML with `alt=""`.
    pub(super) fn check_alt(&mut self) {
        if let Some((offset, false)) = self.image_alt.take() {
            let d = self
                .doc
                .file
                .warning_at(offset, "image without alt text")
                .with_help(
                    "describe the image between the brackets, `![what it shows](…)`; \
                     a purely decorative image can be written in HTML as <img src=\"…\" alt=\"\">",
                );
            self.r.diagnostics.push(d);
        }
    }

    /// Relative links to Markdown files resolve like `@/` links; relative links to other files
    /// under `content/` become absolute URLs of the copied asset.
    pub(super) fn rewrite_relative(
        &mut self,
        dest: CowStr<'a>,
        offset: usize,
        image: bool,
    ) -> CowStr<'a> {
        let d: &str = &dest;
        if let Some(path) = d.strip_prefix('/').filter(|p| !p.starts_with('/')) {
            // Root-relative: under the site's base path (the output verifier checks the target).
            return CowStr::from(self.cx.index.url_of(path));
        }
        if d.is_empty()
            || d.starts_with('#')
            || d.contains("://")
            || d.starts_with("//")
            || d.contains(':')
        {
            return dest;
        }
        let (path, fragment) = match d.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (d.split('?').next().unwrap_or(d), None),
        };
        let joined = crate::model::beside(&self.doc.content_path, path);
        if joined.ends_with(".md") {
            let target = match fragment {
                Some(f) => format!("{joined}#{f}"),
                None => joined,
            };
            return self
                .internal_link(&target, offset, true)
                .map(|(url, _)| CowStr::from(url))
                .unwrap_or(dest);
        }
        if let Some(a) = asset_at(self.cx.site, &joined) {
            match &a.url_path {
                Some(url) => return CowStr::from(self.cx.index.url_of(url)),
                None if self.doc.is_rendered() => self.unwritten_asset(&joined, offset),
                None => {}
            }
            return dest;
        }
        if image {
            let help = "put the image beside the page or in static/ and link to it with a path relative to the page's file";
            self.relative_problem(
                offset,
                format!("broken image: no file content/{joined}"),
                help.into(),
            );
        }
        dest
    }

    /// Raw HTML's relative `src` and `href` values that name a file of a page bundle the
    /// page's folder does not hold (a translation's files are its original's, written beside
    /// the original's page) become the file's URL, as Markdown's links and images do. Values
    /// that reach their file as written are left as they are.
    pub(super) fn bundle_urls(&self, html: CowStr<'a>) -> CowStr<'a> {
        if self.cx.site.assets.is_empty() || !(html.contains("src=") || html.contains("href=")) {
            return html;
        }
        let mut out = String::new();
        let mut done = 0;
        for (start, end) in url_values(&html) {
            if let Some(url) = self.bundle_file_url(&html[start..end]) {
                out.push_str(&html[done..start]);
                crate::html::escape_html_into(&mut out, &url);
                done = end;
            }
        }
        if done == 0 {
            return html;
        }
        out.push_str(&html[done..]);
        out.into()
    }

    /// The URL of the bundle file that `value` (relative) names, when the value as written
    /// would not reach it from this page.
    fn bundle_file_url(&self, value: &str) -> Option<String> {
        if !super::summary::is_relative(value) {
            return None;
        }
        let cut = value.find(['?', '#']).unwrap_or(value.len());
        let joined = crate::model::beside(&self.doc.content_path, &value[..cut]);
        let url = asset_at(self.cx.site, &joined)?.url_path.as_deref()?;
        let reached = crate::html::join_path(&self.doc.url_path, &value[..cut]);
        let reached = percent_decode_str(&reached).decode_utf8_lossy();
        (reached != url).then(|| format!("{}{}", self.cx.index.url_of(url), &value[cut..]))
    }

    /// A link to a file of a bundle whose page has `render = false`: the file is not copied.
    fn unwritten_asset(&mut self, joined: &str, offset: usize) {
        let mut folders = std::iter::successors(Some(joined), |p| Some(p.rsplit_once('/')?.0));
        let page = folders
            .find_map(|d| {
                Some(format!("{d}/index.md")).filter(|p| self.cx.index.by_path.contains_key(p))
            })
            .unwrap_or_default();
        let message = format!("broken link: content/{joined} is not copied, because its page bundle's page (content/{page}) has `render = false`");
        let help =
            "move the file to static/ or beside a page that is written, or remove `render = false`";
        self.relative_problem(offset, message, help.into());
    }

    /// A broken relative link or image: an error; with `[link_check] internal_level = "warn"`
    /// (for imported sites, whose relative links were never checked) the link is written as it
    /// is and the output verifier reports it, as a warning at the same place.
    fn relative_problem(&mut self, offset: usize, message: String, help: String) {
        if self.cx.site.config.link_check.internal_level == crate::config::LinkLevel::Warn {
            return;
        }
        let d = self.doc.file.error_at(offset, message);
        self.r.diagnostics.push(d.with_help(help));
    }
}

/// The spans of the `src` and `href` values in raw HTML (after ASCII whitespace, quoted or
/// not). Text that happens to read ` src=` is taken too: it is only changed when it names a
/// bundle's file.
fn url_values(html: &str) -> Vec<(usize, usize)> {
    let b = html.as_bytes();
    let mut spans = Vec::new();
    for name in ["src=", "href="] {
        for (i, _) in html.match_indices(name) {
            if i == 0 || !b[i - 1].is_ascii_whitespace() {
                continue;
            }
            let start = i + name.len();
            let span = match b.get(start) {
                Some(&q @ (b'"' | b'\'')) => html[start + 1..]
                    .find(q as char)
                    .map(|e| (start + 1, start + 1 + e)),
                Some(_) => Some((
                    start,
                    html[start..]
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .map_or(html.len(), |e| start + e),
                )),
                None => None,
            };
            spans.extend(span);
        }
    }
    spans.sort_unstable();
    spans
}

/// The copied file of `site` at `content/`-relative path `joined`, as written or
/// percent-decoded.
fn asset_at<'s>(site: &'s crate::model::Site, joined: &str) -> Option<&'s crate::model::Asset> {
    let decoded = percent_decode_str(joined).decode_utf8_lossy();
    site.assets
        .iter()
        .find(|a| a.content_path == joined || a.content_path == decoded)
}
