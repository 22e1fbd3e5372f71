//! Glossary mentions and citations in running text: the automatic term links with their
//! tooltips, and numbered `[@id]` references to the page's sources.

use super::{Renderer, TermMention};
use crate::config::Autolink;
use crate::error::did_you_mean;
use crate::markdown::highlight::escape_html;
use crate::resolve::glossary::TermId;
use pulldown_cmark::Event;

impl<'a> Renderer<'a, '_> {
    pub(super) fn text_with_mentions(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if self.mode == Autolink::Off {
            self.emit(Event::Text(text.to_string().into()));
            return;
        }
        let glossary = &self.cx.index.glossary;
        let mut from = 0;
        for m in glossary.find(text) {
            if Some(m.term) == self.own_term {
                continue;
            }
            self.mention_set.insert(TermMention {
                term: m.term,
                section: self.section.clone(),
            });
            if self.mode == Autolink::First && self.linked.contains(&m.term) {
                continue;
            }
            if m.start > from {
                self.emit(Event::Text(text[from..m.start].to_string().into()));
            }
            let (open, close) = self.term_markup(m.term);
            self.emit(Event::Html(open.into()));
            self.emit(Event::Text(text[m.start..m.end].to_string().into()));
            self.emit(Event::Html(close.into()));
            self.linked.insert(m.term);
            from = m.end;
        }
        if from < text.len() {
            self.emit(Event::Text(text[from..].to_string().into()));
        }
    }

    pub(super) fn term_markup(&mut self, term: TermId) -> (String, String) {
        let t = &self.cx.index.glossary.terms[term];
        self.tips += 1;
        let tip = format!("tip-{}", self.tips);
        let url = self.cx.index.url(&self.cx.site.docs[t.doc]);
        (
            format!("<span class=\"term\"><a class=\"term-ref\" href=\"{}\" aria-describedby=\"{tip}\" data-term=\"{}\">", escape_html(&url), escape_html(&t.slug)),
            format!("</a><span class=\"term-tip\" role=\"tooltip\" id=\"{tip}\">{}</span></span>", escape_html(&t.summary)),
        )
    }

    pub(super) fn citation(&mut self, ids: &[String], offset: usize) {
        let mut parts = Vec::new();
        for id in ids {
            if !self.doc.meta.sources.iter().any(|s| &s.id == id) {
                let at = self.doc.file.text[offset..]
                    .find(&format!("@{id}"))
                    .map(|i| offset + i)
                    .unwrap_or(offset);
                let known: Vec<&str> = self
                    .doc
                    .meta
                    .sources
                    .iter()
                    .map(|s| s.id.as_str())
                    .collect();
                let help = match did_you_mean(id, known.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`? Sources are listed in this file's `[[sources]]` tables"),
                    None => "add a `[[sources]]` entry with this id to the front matter".to_string(),
                };
                self.error(at, format!("unknown citation `[@{id}]`"), Some(help));
                continue;
            }
            let number = match self.r.citations.iter().position(|c| c == id) {
                Some(i) => i + 1,
                None => {
                    self.r.citations.push(id.clone());
                    self.r.citations.len()
                }
            };
            let k = self.cite_counts.entry(id.clone()).or_insert(0);
            *k += 1;
            let id = escape_html(id);
            parts.push(format!(
                "<a href=\"#source-{id}\" id=\"cite-{id}-{k}\">{number}</a>"
            ));
        }
        if !parts.is_empty() {
            self.emit(Event::Html(
                format!("<sup class=\"cite\">[{}]</sup>", parts.join(", ")).into(),
            ));
        }
    }
}
