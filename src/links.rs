//! Stage 4, links (after Markdown): cross-checks and backlinks, computed once from what
//! rendering reported.
//!
//! Anchors are only known once headings are rendered, so `#anchor` checks happen here, along
//! with "which pages mention this term", "which pages link to this event", and the warnings for
//! unused sources and unmentioned terms.

use crate::error::{did_you_mean, Diagnostic, Location};
use crate::markdown::{RenderedDoc, SectionRef};
use crate::model::{DocId, Site};
use crate::resolve::glossary::TermId;
use crate::resolve::Index;
use rayon::prelude::*;
use std::collections::HashMap;

/// A page that refers to something, with the headings of the sections where it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referrer {
    /// The referring document.
    pub doc: DocId,
    /// Sections (empty heading list = before any heading).
    pub sections: Vec<SectionRef>,
}

/// Who refers to whom.
#[derive(Debug, Clone, Default)]
pub struct Backlinks {
    /// Term document → pages mentioning it.
    pub mentions: HashMap<DocId, Vec<Referrer>>,
    /// Document → pages linking to it.
    pub linked_from: HashMap<DocId, Vec<Referrer>>,
    /// Page → events it links to, in date order.
    pub events_on_page: HashMap<DocId, Vec<DocId>>,
    /// Page → terms it mentions, in glossary order.
    pub terms_on_page: HashMap<DocId, Vec<TermId>>,
}

impl Backlinks {
    /// Adds `other`'s lists after this one's.
    fn append(&mut self, other: Backlinks) {
        let lists = [
            (&mut self.mentions, other.mentions),
            (&mut self.linked_from, other.linked_from),
        ];
        for (mine, theirs) in lists {
            for (id, list) in theirs {
                mine.entry(id).or_default().extend(list);
            }
        }
        self.events_on_page.extend(other.events_on_page);
        self.terms_on_page.extend(other.terms_on_page);
    }
}

/// Notes that `from` refers to the owner of `list` (in `section`). Documents are added in id
/// order, all references of one document together, so each list stays in document order.
fn add(list: &mut Vec<Referrer>, from: DocId, section: Option<&SectionRef>) {
    if list.last().is_none_or(|r| r.doc != from) {
        list.push(Referrer {
            doc: from,
            sections: Vec::new(),
        });
    }
    let sections = &mut list.last_mut().expect("pushed above").sections;
    if let Some(s) = section {
        if !sections.contains(s) {
            // One at a time: most pages mention a term in one or two sections, and a dense
            // site has hundreds of thousands of these lists (a first push would reserve four).
            sections.reserve_exact(1);
            sections.push(s.clone());
        }
    }
}

/// Backlinks with the diagnostics of the checks, kept apart per document so that an edit that
/// leaves every document's links, mentions and citations as they were can re-check only the
/// documents it can affect ([`Checked::recheck`]).
#[derive(Debug, Clone, Default)]
pub struct Checked {
    /// The backlinks.
    pub back: Backlinks,
    /// Diagnostics of each document's anchors and sources, by document id.
    pub per_doc: Vec<Vec<Diagnostic>>,
    /// Diagnostics about the whole site (unmentioned terms).
    pub global: Vec<Diagnostic>,
}

impl Checked {
    /// Every diagnostic.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.per_doc.iter().flatten().chain(&self.global)
    }

    /// Re-checks after the documents `changed` were re-rendered with the same links,
    /// mentions and citations as before (so the backlinks are the same): their own checks, and
    /// those of the documents that link to an anchor in them.
    pub fn recheck(&mut self, site: &Site, rendered: &[RenderedDoc], changed: &[DocId]) {
        let mut affected: Vec<DocId> = changed.to_vec();
        for (doc, r) in site.docs.iter().zip(rendered) {
            if r.links
                .iter()
                .any(|l| l.anchor.is_some() && changed.contains(&l.target))
            {
                affected.push(doc.id);
            }
        }
        for id in affected {
            self.per_doc[id] = check_doc(site, rendered, id);
        }
    }
}

/// The checks of one document: its links' anchors and its unused sources.
fn check_doc(site: &Site, rendered: &[RenderedDoc], id: DocId) -> Vec<Diagnostic> {
    let (doc, r) = (&site.docs[id], &rendered[id]);
    let mut diags = Vec::new();
    if doc.broken {
        return diags;
    }
    // With `[link_check] internal_level = "warn"`, a `#fragment` of the page itself is the
    // output verifier's to report, as a warning (an imported site's were never checked).
    let warn = site.config.link_check.internal_level == crate::config::LinkLevel::Warn;
    for link in r.links.iter().filter(|l| !(warn && l.target == id)) {
        if let Some(anchor) = &link.anchor {
            let target = &rendered[link.target];
            if !site.docs[link.target].broken && !target.anchors.contains(anchor) {
                let mut d = doc.file.error_at(
                    link.offset,
                    format!(
                        "broken anchor: {} has no heading with id `#{anchor}`",
                        site.docs[link.target].file.path
                    ),
                );
                if let Some(s) = did_you_mean(anchor, target.anchors.iter().map(String::as_str)) {
                    d = d.with_help(format!("did you mean `#{s}`?"));
                }
                diags.push(d);
            }
        }
    }
    for s in &doc.meta.sources {
        if !r.citations.contains(&s.id) {
            let at = doc.value_offset("sources", &format!("\"{}\"", s.id));
            diags.push(
                doc.file
                    .warning_at(at, format!("source `{}` is listed but never cited", s.id))
                    .with_help(format!("cite it in the text with [@{}] or remove it", s.id)),
            );
        }
    }
    diags
}

/// Backlinks and reference checks for the rendered site, with the diagnostics kept apart per
/// document (so the quick path can recheck one document).
pub fn check(site: &Site, index: &Index, rendered: &[RenderedDoc]) -> Checked {
    let per_doc: Vec<Vec<Diagnostic>> = site
        .docs
        .par_iter()
        .with_max_len(crate::PIECE)
        .map(|d| check_doc(site, rendered, d.id))
        .collect();
    // Each language's backlinks on a thread of its own (each language's pages are its own),
    // then put together in the languages' order, as one loop over them would.
    let views: Vec<&Index> = std::iter::once(index).chain(&index.views).collect();
    let parts: Vec<(Backlinks, Vec<Diagnostic>)> = views
        .into_par_iter()
        .map(|view| {
            let (mut out, mut global) = (Backlinks::default(), Vec::new());
            backlinks(site, view, rendered, &mut out, &mut global);
            (out, global)
        })
        .collect();
    let mut parts = parts.into_iter();
    let (mut out, mut global) = parts.next().unwrap_or_default();
    for (part, diags) in parts {
        out.append(part);
        global.extend(diags);
    }
    Checked {
        back: out,
        per_doc,
        global,
    }
}

/// The backlinks of the pages in `index`'s language, added to `out`.
fn backlinks(
    site: &Site,
    index: &Index,
    rendered: &[RenderedDoc],
    out: &mut Backlinks,
    global: &mut Vec<Diagnostic>,
) {
    // Pages mentioning each term, by term id.
    let mut mentions: Vec<Vec<Referrer>> = vec![Vec::new(); index.glossary.terms.len()];
    let linked_from = &mut out.linked_from;
    for (doc, r) in site.docs.iter().zip(rendered) {
        // A page with `render = false` is not written: no list links to it.
        if doc.broken || doc.lang != index.lang || !doc.is_rendered() {
            continue;
        }
        for link in &r.links {
            if link.target != doc.id {
                add(
                    linked_from.entry(link.target).or_default(),
                    doc.id,
                    link.section.as_ref(),
                );
            }
        }
        let mut events: Vec<DocId> = r
            .links
            .iter()
            .map(|l| l.target)
            // A broken event (no date) has no place on the timeline and no date to show.
            .filter(|&t| site.docs[t].meta.event.is_some() && t != doc.id)
            .collect();
        events.sort_by_key(|e| index.timeline.position.get(e).copied());
        events.dedup();
        out.events_on_page.insert(doc.id, events);
        let mut terms: Vec<TermId> = r.mentions.iter().map(|m| m.term).collect();
        terms.dedup();
        for m in &r.mentions {
            add(&mut mentions[m.term], doc.id, m.section.as_ref());
        }
        out.terms_on_page.insert(doc.id, terms);
    }
    for (t, pages) in index.glossary.terms.iter().zip(&mentions) {
        let own = site.docs[t.doc].lang == index.lang;
        if own && pages.is_empty() && !index.timeline.by_term.contains_key(&t.doc) {
            global.push(Diagnostic::warning(
                Location::file(&site.docs[t.doc].file.path),
                format!("glossary term \"{}\" is not mentioned on any page", t.title),
            ));
        }
    }
    let terms = index.glossary.terms.iter().zip(mentions);
    for (t, pages) in terms.filter(|(_, pages)| !pages.is_empty()) {
        out.mentions.entry(t.doc).or_default().extend(pages);
    }
}
