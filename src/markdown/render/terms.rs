//! Glossary mentions and citations in running text: the automatic term links with their
//! tooltips, and numbered `[@id]` references to the page's sources.

use super::Renderer;
use crate::byte_classes::Block;
use crate::config::Autolink;
use crate::error::did_you_mean;
use crate::html::escape_html;
use crate::resolve::glossary::{TermId, TIP_CLOSE};
use pulldown_cmark::{CowStr, Event};

/// `text[start..end]`, borrowed from the source when `text` is.
fn piece<'a>(text: &CowStr<'a>, start: usize, end: usize) -> CowStr<'a> {
    match text {
        CowStr::Borrowed(s) => CowStr::Borrowed(&s[start..end]),
        other => CowStr::from(other[start..end].to_string()),
    }
}

impl<'a> Renderer<'a, '_> {
    /// Emits `text[start..end]` with glossary mentions linked. Pieces of a borrowed `text` stay
    /// borrowed from the source. `blocks` are the byte classes of the whole `text`, if known.
    pub(super) fn text_with_mentions(
        &mut self,
        text: &CowStr<'a>,
        start: usize,
        end: usize,
        blocks: Option<&[Block]>,
    ) {
        if start >= end {
            return;
        }
        if self.mode == Autolink::Off || self.cx.index.glossary.terms.is_empty() {
            self.emit(Event::Text(piece(text, start, end)));
            return;
        }
        let glossary = &self.cx.index.glossary;
        let mut found = std::mem::take(&mut self.found);
        match blocks {
            Some(blocks) if start == 0 && end == text.len() => {
                glossary.find_in_blocks(text, blocks, &mut found)
            }
            _ => glossary.find_into(&text[start..end], &mut found),
        }
        let mut from = start;
        for &m in &found {
            let (m_start, m_end) = (start + m.start, start + m.end);
            if Some(m.term) == self.own_term {
                continue;
            }
            self.record_mention(m.term);
            if self.mode == Autolink::First && self.is_linked(m.term) {
                continue;
            }
            if m_start > from {
                self.emit(Event::Text(piece(text, from, m_start)));
            }
            let (open, close) = self.term_markup(m.term);
            self.emit(Event::Html(open.into()));
            self.emit(Event::Text(piece(text, m_start, m_end)));
            self.emit(Event::Html(close.into()));
            from = m_end;
        }
        self.found = found;
        if from < end {
            self.emit(Event::Text(piece(text, from, end)));
        }
    }

    /// Notes that `term` is mentioned under the current heading.
    pub(super) fn record_mention(&mut self, term: TermId) {
        let mention = (term as u64) << 32 | self.sections.len() as u64;
        if self.mentions.last() != Some(&mention) {
            self.mentions.push(mention);
        }
    }

    fn is_linked(&self, term: TermId) -> bool {
        self.linked.get(term).copied().unwrap_or(false)
    }

    /// The link markup around a mention of `term` (and marks it linked on this page).
    pub(super) fn term_markup(&mut self, term: TermId) -> (String, String) {
        let glossary = &self.cx.index.glossary;
        if self.linked.len() < glossary.terms.len() {
            self.linked.resize(glossary.terms.len(), false);
        }
        self.linked[term] = true;
        let m = &glossary.markup[term];
        self.tips += 1;
        let number = self.tips.to_string();
        let mut open = String::with_capacity(m.open.len() + number.len() + 2);
        open.push_str(&m.open);
        open.push_str(&number);
        open.push_str("\">");
        let mut close = String::with_capacity(TIP_CLOSE.len() + m.close_end.len() + number.len());
        close.push_str(TIP_CLOSE);
        close.push_str(&number);
        close.push_str(&m.close_end);
        (open, close)
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
