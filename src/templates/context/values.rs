//! Building the typed values of [`super::types`] for pages, sections, the glossary index, the
//! timeline and the sources page, from the site, the index and the backlinks.

use super::types::*;
use super::Contexts;
use crate::links::Referrer as Referring;
use crate::model::{Doc, DocId, DocKind};
use crate::resolve::glossary::TermId;
use std::collections::BTreeMap;

/// Minutes to read a text of `words` words, `cjk` of them runs of Chinese or Japanese script
/// holding `chars` characters: 220 words a minute, 500 characters a minute, at least one.
pub(super) fn reading_time(r: &crate::markdown::RenderedDoc) -> usize {
    let words = r.word_count.saturating_sub(r.cjk_words);
    (words * 500 + r.cjk_chars * 220).div_ceil(220 * 500).max(1)
}

/// The number of words shown for a text: its words, each character of Chinese or Japanese
/// script counting as one.
pub(super) fn word_count(r: &crate::markdown::RenderedDoc) -> usize {
    r.word_count.saturating_sub(r.cjk_words) + r.cjk_chars
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

fn event_meta(d: &Doc) -> &crate::model::EventMeta {
    d.meta.event.as_ref().expect("event docs carry event meta")
}

impl<'a> Contexts<'a> {
    /// An error at the document when its `template` does not exist.
    pub(super) fn check_template(
        &self,
        id: DocId,
        template: &str,
    ) -> Result<(), crate::error::Diagnostic> {
        if self.input.templates.tera.get_template(template).is_ok() {
            return Ok(());
        }
        let d = &self.input.site.docs[id];
        let theme = &self.input.site.config.theme;
        let at = d.key_offset("template");
        Err(d
            .file
            .error_at(at, format!("unknown template `{template}`"))
            .with_help(format!(
                "templates come from themes/{theme}/templates/ or the site's templates/ folder"
            )))
    }

    /// The description for meta tags: front matter's, else a term's summary, else the first
    /// paragraph of a page or event.
    pub(super) fn doc_description(&self, id: DocId) -> Option<&'a str> {
        let d = self.doc(id);
        let fallback = match (&d.meta.term, d.kind) {
            (Some(t), _) => Some(t.summary.as_str()),
            (None, DocKind::Event | DocKind::Page) => {
                Some(self.input.rendered[id].first_paragraph_text.as_str())
                    .filter(|s| !s.is_empty())
            }
            _ => None,
        };
        d.meta.description.as_deref().or(fallback)
    }

    pub(super) fn doc(&self, id: DocId) -> &'a Doc {
        &self.input.site.docs[id]
    }

    pub(super) fn url(&self, id: DocId) -> String {
        self.urls[id].clone()
    }

    fn link(&self, id: DocId) -> Link<'a> {
        Link {
            title: &self.doc(id).meta.title,
            url: self.url(id),
        }
    }

    /// The entries of `list` in this page's language (lists are per language), by title.
    fn referring(&self, list: Option<&'a Vec<Referring>>) -> Vec<&'a Referring> {
        let mut v: Vec<&Referring> = list.map(|l| l.iter().collect()).unwrap_or_default();
        v.retain(|r| self.doc(r.doc).lang == self.input.index.lang);
        v.sort_by_key(|r| self.rank[r.doc]);
        v
    }

    fn referrers(&self, list: Option<&'a Vec<Referring>>) -> Vec<Referrer<'a>> {
        let v = self.referring(list);
        v.into_iter().map(|r| self.referrer(r)).collect()
    }

    /// The pages mentioning `term` in the page's language: the pages with the most sections
    /// mentioning it first, then by title (sorted once per term).
    pub(super) fn mentions_of(&self, term: DocId) -> impl Iterator<Item = &'a Referring> + '_ {
        let list: &'a [Referring] = self
            .input
            .back
            .mentions
            .get(&term)
            .map_or(&[], Vec::as_slice);
        let order = self.mentions.get(&term).map_or(&[][..], |cell| {
            cell.get_or_init(|| {
                let mut v: Vec<u32> = (0..list.len() as u32)
                    .filter(|&i| self.doc(list[i as usize].doc).lang == self.input.index.lang)
                    .collect();
                v.sort_by_key(|&i| self.rank[list[i as usize].doc]);
                v.sort_by_key(|&i| std::cmp::Reverse(list[i as usize].sections.len().max(1)));
                v
            })
        });
        order.iter().map(move |&i| &list[i as usize])
    }

    /// Entries `range` of [`Contexts::mentions_of`].
    pub(super) fn mentioned_in(
        &self,
        term: DocId,
        range: std::ops::Range<usize>,
    ) -> Vec<Referrer<'a>> {
        let shown = self.mentions_of(term).skip(range.start).take(range.len());
        shown.map(|r| self.referrer(r)).collect()
    }

    fn referrer(&self, r: &'a Referring) -> Referrer<'a> {
        let url = self.url(r.doc);
        let section = |s: &'a crate::markdown::SectionRef| SectionLink {
            title: &s.title,
            url: format!("{url}#{}", s.id),
        };
        let sections: Vec<_> = r.sections.iter().map(section).collect();
        let title = &self.doc(r.doc).meta.title;
        Referrer {
            html: super::lists::referrer_item(title, &url, &sections),
            title,
            url,
            sections,
        }
    }

    pub(super) fn event_brief(&self, id: DocId) -> EventBrief<'a> {
        let d = self.doc(id);
        let e = event_meta(d);
        EventBrief {
            title: &d.meta.title,
            url: self.url(id),
            date_iso: e.date.iso(),
            date_display: self.date(e.date),
        }
    }

    /// A term as listings show it.
    pub(super) fn term_brief(&self, term: TermId) -> TermBrief<'a> {
        let t = &self.input.index.glossary.terms[term];
        let m = self.doc(t.doc).meta.term.as_ref();
        let m = m.expect("term docs carry term meta");
        TermBrief {
            slug: &t.slug,
            title: &t.title,
            url: self.url(t.doc),
            summary: &t.summary,
            ja: m.ja.as_deref(),
            romaji: m.romaji.as_deref(),
            aliases: &m.aliases,
        }
    }

    fn terms_by_slug(&self, slugs: &[String]) -> Vec<TermBrief<'a>> {
        let terms = &self.input.index.glossary.terms;
        slugs
            .iter()
            .filter_map(|s| terms.iter().position(|t| &t.slug == s))
            .map(|t| self.term_brief(t))
            .collect()
    }

    pub(super) fn topic_url(&self, tag: &str) -> String {
        let slug = crate::load::slugify(tag);
        self.input
            .index
            .generated_url(&format!("timeline/topics/{slug}/"))
    }

    pub(super) fn event_full(&self, id: DocId) -> EventFull<'a> {
        let d = self.doc(id);
        let e = event_meta(d);
        let topics = d.meta.tags.iter().map(|t| TopicLink {
            name: t,
            label: self.topic_label(t),
            url: self.topic_url(t),
        });
        EventFull {
            slug: &d.slug,
            title: &d.meta.title,
            url: self.url(id),
            date_iso: e.date.iso(),
            date_display: self.date(e.date),
            end_iso: e.end.map(|x| x.iso()),
            end_display: e.end.map(|x| self.date(x)),
            precision: e.date.precision(),
            summary_html: &self.input.rendered[id].first_paragraph,
            topics: topics.collect(),
        }
    }

    pub(super) fn sources(&self, id: DocId) -> Vec<SourceRef<'a>> {
        let d = self.doc(id);
        let cited = self.input.rendered[id].citations.iter().enumerate();
        cited
            .filter_map(|(i, c)| d.meta.sources.iter().find(|s| &s.id == c).map(|s| (i, s)))
            .map(|(i, s)| SourceRef {
                id: &s.id,
                number: i + 1,
                title: &s.title,
                publisher: &s.publisher,
                date: &s.date,
                url: &s.url,
                archive_url: &s.archive_url,
                lang: self.source_lang(s.lang.as_deref()),
            })
            .collect()
    }

    pub(super) fn page_summary(&self, id: DocId) -> PageSummary<'a> {
        let d = self.doc(id);
        let r = &self.input.rendered[id];
        PageSummary {
            title: &d.meta.title,
            url: self.url(id),
            description: d.meta.description.as_deref(),
            date_iso: d.meta.date.map(|x| x.iso()),
            date_display: d.meta.date.map(|x| self.date(x)),
            summary_html: &r.first_paragraph,
            word_count: word_count(r),
            reading_time: reading_time(r),
        }
    }

    pub(super) fn page_value(&self, id: DocId) -> PageValue<'a> {
        let d = self.doc(id);
        let r = &self.input.rendered[id];
        let back = self.input.back;
        let (terms_used, terms_used_total) = self.terms_shown(id);
        let events = back.events_on_page.get(&id).into_iter().flatten();
        PageValue {
            title: &d.meta.title,
            description: d.meta.description.as_deref(),
            content: "",
            toc: &r.toc,
            toc_html: super::lists::toc_lists(&r.toc),
            date: d.meta.date.map(|x| x.iso()),
            date_display: d.meta.date.map(|x| self.date(x)),
            updated: d.meta.updated.map(|x| x.iso()),
            updated_display: d.meta.updated.map(|x| self.date(x)),
            permalink: self.input.index.permalink_of(&d.url_path),
            url: self.url(id),
            slug: &d.slug,
            path: &d.content_path,
            tags: &d.meta.tags,
            taxonomies: self.page_taxonomies(id),
            extra: &d.meta.extra,
            word_count: word_count(r),
            reading_time: reading_time(r),
            kind: d.kind,
            sources: self.sources(id),
            terms_used_html: super::lists::term_items(&terms_used),
            terms_used,
            terms_used_total,
            timeline_events: events.map(|&e| self.event_brief(e)).collect(),
            backlinks: self.referrers(back.linked_from.get(&id)),
            term: self.term_value(id),
            event: self.event_value(id),
        }
    }

    /// The terms page `id`'s "Terms on this page" list shows, in the page's order, and how many
    /// the page mentions: at most [`TERMS_SHOWN`](super::pagers::TERMS_SHOWN), those mentioned
    /// in the most sections (the page's order breaks ties).
    fn terms_shown(&self, id: DocId) -> (Vec<TermBrief<'a>>, usize) {
        let all = self.input.back.terms_on_page.get(&id);
        let all = all.map_or(&[][..], Vec::as_slice);
        let brief = |t: &TermId| self.term_brief(*t);
        if all.len() <= super::pagers::TERMS_SHOWN {
            return (all.iter().map(brief).collect(), all.len());
        }
        let mentions = &self.input.rendered[id].mentions;
        let sections = |t: &TermId| mentions.iter().filter(|m| m.term == *t).count();
        let mut ranked: Vec<TermId> = all.to_vec();
        ranked.sort_by_cached_key(|t| std::cmp::Reverse(sections(t)));
        ranked.truncate(super::pagers::TERMS_SHOWN);
        let shown = all.iter().filter(|t| ranked.contains(t));
        (shown.map(brief).collect(), all.len())
    }

    fn term_value(&self, id: DocId) -> Option<TermValue<'a>> {
        let glossary = &self.input.index.glossary;
        let (m, &term) = (self.doc(id).meta.term.as_ref()?, glossary.by_doc.get(&id)?);
        let events = self.input.index.timeline.by_term.get(&id).into_iter();
        let mentions_total = self.mention_count(id);
        Some(TermValue {
            slug: &glossary.terms[term].slug,
            ja: m.ja.as_deref(),
            romaji: m.romaji.as_deref(),
            summary: &m.summary,
            aliases: &m.aliases,
            related: self.terms_by_slug(&m.related),
            mentioned_in: self.mentioned_in(id, 0..super::pagers::MENTIONS_SHOWN),
            mentions_total,
            mentions_url: self.mentions_url(id, mentions_total),
            events: events.flatten().map(|&e| self.event_brief(e)).collect(),
        })
    }

    fn event_value(&self, id: DocId) -> Option<EventValue<'a>> {
        let e = self.doc(id).meta.event.as_ref()?;
        let timeline = &self.input.index.timeline;
        let pos = timeline.position.get(&id).copied();
        let neighbour = |p: Option<usize>| {
            let n = p.and_then(|p| timeline.events.get(p))?;
            Some(self.event_brief(*n))
        };
        Some(EventValue {
            event: self.event_full(id),
            terms: self.terms_by_slug(&e.terms),
            prev: neighbour(pos.and_then(|p| p.checked_sub(1))),
            next: neighbour(pos.map(|p| p + 1)),
            discussed_in: self.referrers(self.input.back.linked_from.get(&id)),
        })
    }

    /// A section's value; its `pages` empty unless `with_pages` (a paginated section lists
    /// its pager's pages instead).
    pub(super) fn section_value(&self, id: DocId, with_pages: bool) -> SectionValue<'a> {
        let d = self.doc(id);
        let index = self.input.index;
        let pages = index.section_pages.get(&id).into_iter().flatten();
        let pages = pages.filter(|_| with_pages);
        let subsections = index.subsections.get(&id).into_iter().flatten();
        let subsections = subsections.map(|&s| SubsectionLink {
            title: &self.doc(s).meta.title,
            url: self.url(s),
            description: self.doc(s).meta.description.as_deref(),
        });
        SectionValue {
            title: &d.meta.title,
            description: Absent(Some(d.meta.description.as_deref())),
            content: "",
            toc: &self.input.rendered[id].toc,
            permalink: Absent(Some(index.permalink_of(&d.url_path))),
            url: self.url(id),
            extra: Absent(Some(&d.meta.extra)),
            sources: self.sources(id),
            pages: pages.map(|&p| self.page_summary(p)).collect(),
            subsections: subsections.collect(),
        }
    }

    pub(super) fn glossary_value(&self) -> GlossaryValue<'a> {
        let index = self.input.index;
        if index.lang != index.default_lang {
            return self.kana_glossary_value();
        }
        let mut letters: BTreeMap<String, Vec<TermBrief<'a>>> = BTreeMap::new();
        for (i, t) in self.input.index.glossary.terms.iter().enumerate() {
            let letter = index_letter(&t.title);
            letters.entry(letter).or_default().push(self.term_brief(i));
        }
        let letters = letters.into_iter().map(|(letter, terms)| {
            let id = if letter == "0–9" {
                "letter-0-9".to_string()
            } else {
                format!("letter-{}", crate::load::slugify(&letter))
            };
            GlossaryLetter { letter, id, terms }
        });
        GlossaryValue {
            letters: letters.collect(),
        }
    }

    pub(super) fn timeline_value(&self, topic: Option<&'a str>) -> TimelineValue<'a> {
        let timeline = &self.input.index.timeline;
        let events: &[DocId] = match topic {
            Some(t) => timeline.topics.get(t).map_or(&[], Vec::as_slice),
            None => &timeline.events,
        };
        let mut decades: Vec<Decade<'a>> = Vec::new();
        let mut marks = Vec::new();
        for &e in events {
            let date = event_meta(self.doc(e)).date;
            let label = format!("{}{}", date.decade(), self.string("decade_suffix"));
            if decades.last().is_none_or(|d| d.label != label) {
                let (id, events) = (format!("{}s", date.decade()), Vec::new());
                decades.push(Decade { label, id, events });
            }
            let decade = decades.last_mut().expect("just pushed");
            decade.events.push(self.event_full(e));
            marks.push(self.svg_mark(e));
        }
        let topics = timeline.topics.iter().map(|(name, evs)| TopicCount {
            name,
            label: self.topic_label(name),
            url: self.topic_url(name),
            count: evs.len(),
        });
        TimelineValue {
            decades,
            topics: topics.collect(),
            svg: crate::resolve::timeline::svg(&marks, self.string("timeline_overview")),
            topic,
            topic_label: topic.map(|t| self.topic_label(t)),
        }
    }

    fn svg_mark(&self, e: DocId) -> crate::resolve::timeline::SvgMark {
        let d = self.doc(e);
        let date = event_meta(d).date;
        let (_, m, day) = date.earliest();
        crate::resolve::timeline::SvgMark {
            year: date.year,
            within: (f32::from(m) - 1.0 + f32::from(day) / 31.0) / 12.0,
            title: d.meta.title.clone(),
            date_display: self.date(date),
            url: self.url(e),
        }
    }

    pub(super) fn sources_value(&self) -> SourcesValue<'a> {
        // Publisher → source key (URL, or id without one) → the source and who cites it.
        type ByKey<'s> = BTreeMap<&'s str, SourceEntry<'s>>;
        let mut by_publisher: BTreeMap<String, ByKey<'a>> = BTreeMap::new();
        let (docs, rendered) = (&self.input.site.docs, self.input.rendered);
        let lang = &self.input.index.lang;
        let shown = |d: &Doc| d.lang == *lang && d.is_rendered();
        for (d, r) in docs.iter().zip(rendered).filter(|(d, _)| shown(d)) {
            for s in d
                .meta
                .sources
                .iter()
                .filter(|s| r.citations.contains(&s.id))
            {
                let publisher = match s.publisher.trim() {
                    "" => self.string("other").to_string(),
                    _ => s.publisher.clone(),
                };
                let key = if s.url.is_empty() { &s.id } else { &s.url };
                let entry = by_publisher.entry(publisher).or_default();
                let entry = entry.entry(key).or_insert_with(|| SourceEntry {
                    id: &s.id,
                    title: &s.title,
                    date: &s.date,
                    url: &s.url,
                    lang: self.source_lang(s.lang.as_deref()),
                    cited_by: Vec::new(),
                });
                entry.cited_by.push(self.link(d.id));
            }
        }
        let publishers = by_publisher.into_iter().map(|(publisher, sources)| {
            let mut sources: Vec<SourceEntry<'a>> = sources.into_values().collect();
            sources.sort_by_cached_key(|s| s.title.to_lowercase());
            let id = format!("publisher-{}", crate::load::slugify(&publisher));
            PublisherGroup {
                publisher,
                id,
                sources,
            }
        });
        SourcesValue {
            publishers: publishers.collect(),
        }
    }
}

/// The letter a term is listed under in the glossary index: its first letter or digit,
/// upper-cased (`0–9` for digits, `#` when it has none).
fn index_letter(title: &str) -> String {
    let first = title.chars().find(|c| c.is_alphanumeric());
    let first = first.map_or_else(|| "#".into(), |c| c.to_uppercase().to_string());
    if first.chars().all(|c| c.is_ascii_digit()) {
        "0–9".to_string()
    } else {
        first
    }
}
