//! The JSON values templates see: pages, sections, the glossary index, the timeline and the
//! sources page, built from the site, the index and the backlinks.

use super::Cx;
use crate::model::{Doc, DocId, DocKind};
use crate::resolve::backlinks::Referrer;
use crate::resolve::timeline::{svg, SvgMark};
use serde_json::{json, Value};
use std::collections::BTreeMap;

pub(super) fn reading_time(words: usize) -> usize {
    words.div_ceil(220).max(1)
}

/// Each document's place in referrer lists ("Mentioned in", "Linked from"): pages before
/// other kinds, then by title, case-insensitively.
pub(super) fn referrer_ranks(docs: &[Doc]) -> Vec<u32> {
    let mut order: Vec<(bool, String, DocId)> = docs
        .iter()
        .map(|d| (d.kind != DocKind::Page, d.meta.title.to_lowercase(), d.id))
        .collect();
    order.sort();
    let mut rank = vec![0; docs.len()];
    for (i, (_, _, id)) in order.into_iter().enumerate() {
        rank[id] = i as u32;
    }
    rank
}

impl Cx<'_> {
    /// Roughly how long a document's page takes to render: the entries it lists.
    pub(super) fn weight(&self, d: &Doc, template: &str) -> usize {
        let listed = match template {
            "glossary.html" => self.index.glossary.terms.len(),
            "timeline.html" => self.index.timeline.events.len(),
            _ => 0,
        };
        let pages = self.index.section_pages.get(&d.id).map_or(0, Vec::len);
        let mentions = self.back.mentions.get(&d.id).map_or(0, Vec::len);
        let linked = self.back.linked_from.get(&d.id).map_or(0, Vec::len);
        1 + listed + pages + mentions + linked
    }

    pub(super) fn doc(&self, id: DocId) -> &Doc {
        &self.site.docs[id]
    }
    pub(super) fn url(&self, id: DocId) -> String {
        self.urls[id].clone()
    }
    pub(super) fn link(&self, id: DocId) -> Value {
        json!({"title": self.doc(id).meta.title, "url": self.url(id)})
    }
    pub(super) fn referrers(&self, list: Option<&Vec<Referrer>>) -> Value {
        let mut v: Vec<&Referrer> = list.map(|l| l.iter().collect()).unwrap_or_default();
        v.sort_by_key(|r| self.rank[r.doc]);
        Value::Array(
            v.into_iter()
                .map(|r| {
                    let url = self.url(r.doc);
                    let sections: Vec<Value> = r
                        .sections
                        .iter()
                        .map(|s| json!({"title": s.title, "url": format!("{url}#{}", s.id)}))
                        .collect();
                    json!({"title": self.doc(r.doc).meta.title, "url": url, "sections": sections})
                })
                .collect(),
        )
    }
    pub(super) fn event_brief(&self, id: DocId) -> Value {
        let d = self.doc(id);
        let e = d.meta.event.as_ref().expect("event docs carry event meta");
        json!({"title": d.meta.title, "url": self.url(id), "date_iso": e.date.iso(), "date_display": e.date.to_string()})
    }
    /// A term as listings show it (built once per compile, see [`Cx::build_term_brief`]).
    pub(super) fn term_brief(&self, term: usize) -> Value {
        self.term_briefs[term].clone()
    }
    pub(super) fn build_term_brief(&self, term: usize) -> Value {
        let t = &self.index.glossary.terms[term];
        let d = self.doc(t.doc);
        let m = d.meta.term.as_ref().expect("term docs carry term meta");
        json!({"slug": t.slug, "title": t.title, "url": self.url(t.doc), "summary": t.summary, "ja": m.ja, "romaji": m.romaji, "aliases": m.aliases})
    }
    pub(super) fn topic_url(&self, tag: &str) -> String {
        self.index
            .url_of(&format!("timeline/topics/{}/", crate::load::slugify(tag)))
    }
    pub(super) fn event_full(&self, id: DocId) -> Value {
        let d = self.doc(id);
        let e = d.meta.event.as_ref().expect("event docs carry event meta");
        let topics: Vec<Value> = d
            .meta
            .tags
            .iter()
            .map(|t| json!({"name": t, "url": self.topic_url(t)}))
            .collect();
        json!({
            "slug": d.slug, "title": d.meta.title, "url": self.url(id),
            "date_iso": e.date.iso(), "date_display": e.date.to_string(),
            "end_iso": e.end.map(|x| x.iso()), "end_display": e.end.map(|x| x.to_string()),
            "precision": e.date.precision(), "summary_html": self.rendered[id].first_paragraph, "topics": topics,
        })
    }
    pub(super) fn sources(&self, id: DocId) -> Value {
        let d = self.doc(id);
        let r = &self.rendered[id];
        Value::Array(
            r.citations
                .iter()
                .enumerate()
                .filter_map(|(i, c)| d.meta.sources.iter().find(|s| &s.id == c).map(|s| (i, s)))
                .map(|(i, s)| json!({"id": s.id, "number": i + 1, "title": s.title, "publisher": s.publisher, "date": s.date, "url": s.url, "archive_url": s.archive_url}))
                .collect(),
        )
    }
    pub(super) fn page_summary(&self, id: DocId) -> Value {
        let d = self.doc(id);
        let r = &self.rendered[id];
        json!({
            "title": d.meta.title, "url": self.url(id), "description": d.meta.description,
            "date_iso": d.meta.date.map(|x| x.iso()), "date_display": d.meta.date.map(|x| x.to_string()),
            "summary_html": r.first_paragraph, "word_count": r.word_count, "reading_time": reading_time(r.word_count),
        })
    }

    pub(super) fn page_value(&self, id: DocId) -> Value {
        let d = self.doc(id);
        let r = &self.rendered[id];
        let mut v = json!({
            "title": d.meta.title, "description": d.meta.description, "toc": r.toc,
            "date": d.meta.date.map(|x| x.iso()), "date_display": d.meta.date.map(|x| x.to_string()),
            "updated": d.meta.updated.map(|x| x.iso()), "updated_display": d.meta.updated.map(|x| x.to_string()),
            "permalink": self.index.permalink_of(&d.url_path), "url": self.url(id), "slug": d.slug, "path": d.content_path,
            "tags": d.meta.tags, "extra": d.meta.extra, "word_count": r.word_count, "reading_time": reading_time(r.word_count),
            "kind": d.kind, "sources": self.sources(id),
            "terms_used": self.back.terms_on_page.get(&id).map(|ts| ts.iter().map(|&t| self.term_brief(t)).collect::<Vec<_>>()).unwrap_or_default(),
            "timeline_events": self.back.events_on_page.get(&id).map(|es| es.iter().map(|&e| self.event_brief(e)).collect::<Vec<_>>()).unwrap_or_default(),
            "backlinks": self.referrers(self.back.linked_from.get(&id)),
            "term": Value::Null, "event": Value::Null,
        });
        if let (Some(m), Some(&term)) = (&d.meta.term, self.index.glossary.by_doc.get(&id)) {
            let related: Vec<Value> = m
                .related
                .iter()
                .filter_map(|s| self.index.glossary.terms.iter().position(|t| &t.slug == s))
                .map(|t| self.term_brief(t))
                .collect();
            let events: Vec<Value> = self
                .index
                .timeline
                .by_term
                .get(&id)
                .map(|es| es.iter().map(|&e| self.event_brief(e)).collect())
                .unwrap_or_default();
            v["term"] = json!({
                "slug": self.index.glossary.terms[term].slug, "ja": m.ja, "romaji": m.romaji, "summary": m.summary, "aliases": m.aliases,
                "related": related, "mentioned_in": self.referrers(self.back.mentions.get(&id)), "events": events,
            });
        }
        if let Some(e) = &d.meta.event {
            let pos = self.index.timeline.position.get(&id).copied();
            let neighbour = |p: Option<usize>| {
                p.and_then(|p| self.index.timeline.events.get(p)).map(|&n| {
                    let mut b = self.event_brief(n);
                    b["date_display"] =
                        json!(self.doc(n).meta.event.as_ref().map(|x| x.date.to_string()));
                    b
                })
            };
            let terms: Vec<Value> = e
                .terms
                .iter()
                .filter_map(|s| self.index.glossary.terms.iter().position(|t| &t.slug == s))
                .map(|t| self.term_brief(t))
                .collect();
            let mut full = self.event_full(id);
            full["terms"] = Value::Array(terms);
            full["prev"] = neighbour(pos.and_then(|p| p.checked_sub(1))).unwrap_or(Value::Null);
            full["next"] = neighbour(pos.map(|p| p + 1)).unwrap_or(Value::Null);
            full["discussed_in"] = self.referrers(self.back.linked_from.get(&id));
            v["event"] = full;
        }
        v
    }

    pub(super) fn section_value(&self, id: DocId) -> Value {
        let d = self.doc(id);
        let r = &self.rendered[id];
        let pages: Vec<Value> = self
            .index
            .section_pages
            .get(&id)
            .map(|ps| ps.iter().map(|&p| self.page_summary(p)).collect())
            .unwrap_or_default();
        let subsections: Vec<Value> = self.index.subsections.get(&id).map(|ss| ss.iter().map(|&s| json!({"title": self.doc(s).meta.title, "url": self.url(s), "description": self.doc(s).meta.description})).collect()).unwrap_or_default();
        json!({
            "title": d.meta.title, "description": d.meta.description, "toc": r.toc,
            "permalink": self.index.permalink_of(&d.url_path), "url": self.url(id), "extra": d.meta.extra,
            "sources": self.sources(id), "pages": pages, "subsections": subsections,
        })
    }

    pub(super) fn glossary_value(&self) -> Value {
        let mut letters: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        for (i, t) in self.index.glossary.terms.iter().enumerate() {
            let first = t
                .title
                .chars()
                .find(|c| c.is_alphanumeric())
                .map(|c| c.to_uppercase().to_string())
                .unwrap_or_else(|| "#".into());
            let letter = if first.chars().all(|c| c.is_ascii_digit()) {
                "0–9".to_string()
            } else {
                first
            };
            letters.entry(letter).or_default().push(self.term_brief(i));
        }
        let letters: Vec<Value> = letters
            .into_iter()
            .map(|(l, terms)| {
                let id = if l == "0–9" {
                    "letter-0-9".to_string()
                } else {
                    format!("letter-{}", crate::load::slugify(&l))
                };
                json!({"letter": l, "id": id, "terms": terms})
            })
            .collect();
        json!({"letters": letters})
    }

    pub(super) fn timeline_value(&self, topic: Option<&str>) -> Value {
        let events: Vec<DocId> = match topic {
            Some(t) => self
                .index
                .timeline
                .topics
                .get(t)
                .cloned()
                .unwrap_or_default(),
            None => self.index.timeline.events.clone(),
        };
        let mut decades: Vec<(i32, Vec<Value>)> = Vec::new();
        let mut marks = Vec::new();
        for &e in &events {
            let d = self.doc(e);
            let date = d
                .meta
                .event
                .as_ref()
                .expect("event docs carry event meta")
                .date;
            if decades.last().is_none_or(|(dec, _)| *dec != date.decade()) {
                decades.push((date.decade(), Vec::new()));
            }
            decades
                .last_mut()
                .expect("just pushed")
                .1
                .push(self.event_full(e));
            let (_, m, day) = date.earliest();
            marks.push(SvgMark {
                year: date.year,
                within: (f32::from(m) - 1.0 + f32::from(day) / 31.0) / 12.0,
                title: d.meta.title.clone(),
                date_display: date.to_string(),
                url: self.url(e),
            });
        }
        let decades: Vec<Value> = decades
            .into_iter()
            .map(|(d, evs)| json!({"label": format!("{d}s"), "id": format!("{d}s"), "events": evs}))
            .collect();
        let topics: Vec<Value> = self.index.timeline.topics.iter().map(|(name, evs)| json!({"name": name, "url": self.topic_url(name), "count": evs.len()})).collect();
        json!({"decades": decades, "topics": topics, "svg": svg(&marks), "topic": topic})
    }

    pub(super) fn sources_value(&self) -> Value {
        let mut by_publisher: BTreeMap<String, BTreeMap<String, (Value, Vec<Value>)>> =
            BTreeMap::new();
        for (d, r) in self.site.docs.iter().zip(self.rendered) {
            for s in d
                .meta
                .sources
                .iter()
                .filter(|s| r.citations.contains(&s.id))
            {
                let publisher = if s.publisher.trim().is_empty() {
                    "Other".to_string()
                } else {
                    s.publisher.clone()
                };
                let key = if s.url.is_empty() {
                    s.id.clone()
                } else {
                    s.url.clone()
                };
                let entry = by_publisher
                    .entry(publisher)
                    .or_default()
                    .entry(key)
                    .or_insert_with(|| {
                        (
                            json!({"id": s.id, "title": s.title, "date": s.date, "url": s.url}),
                            Vec::new(),
                        )
                    });
                entry.1.push(self.link(d.id));
            }
        }
        let publishers: Vec<Value> = by_publisher.into_iter().map(|(p, sources)| {
            let mut list: Vec<Value> = sources.into_values().map(|(mut s, cited)| { s["cited_by"] = Value::Array(cited); s }).collect();
            list.sort_by_cached_key(|s| s["title"].as_str().unwrap_or("").to_lowercase());
            json!({"publisher": p, "id": format!("publisher-{}", crate::load::slugify(&p)), "sources": list})
        }).collect();
        json!({"publishers": publishers})
    }
}
