//! The event-stream transform from Markdown to HTML for one document. Link handling lives in
//! `links`, glossary mentions and citations in `terms`.

mod callouts;
mod escapes;
mod figures;
mod headings;
mod links;
mod output;
mod summary;
mod terms;

pub use output::{OutLink, RenderedDoc, SectionRef, TermMention, TocEntry};

use super::highlight::Highlighter;
use super::text::{count_words_in, find_citations, html_depth_change};
use crate::config::Autolink;
use crate::model::{Doc, Site};
use crate::resolve::glossary::TermId;
use crate::resolve::Index;
use escapes::Written;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};

/// What rendering needs besides the document.
#[derive(Debug, Clone, Copy)]
pub struct RenderContext<'a> {
    /// The loaded site.
    pub site: &'a Site,
    /// The cross-reference index.
    pub index: &'a Index,
    /// Code highlighter.
    pub highlighter: &'a Highlighter,
}

enum LinkFrame {
    Plain,
    Term { close: String, skip_text: bool },
}

struct HeadingBuf<'a> {
    level: HeadingLevel,
    id: Option<CowStr<'a>>,
    classes: Vec<CowStr<'a>>,
    attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    events: Vec<Event<'a>>,
    text: String,
    offset: usize,
}

struct Renderer<'a, 'c> {
    doc: &'a Doc,
    cx: RenderContext<'c>,
    out: Vec<Event<'a>>,
    heading: Option<HeadingBuf<'a>>,
    pending: Option<CowStr<'a>>,
    pending_offset: usize,
    /// Byte positions in `pending` of `[` written as `\[` or `&#91;`: never a citation.
    escaped_brackets: Vec<usize>,
    /// Every `{#id}` the author gave a heading: generated ids never take them.
    explicit_ids: HashSet<String>,
    code: Option<(String, String)>,
    links: Vec<LinkFrame>,
    image_depth: usize,
    /// The outermost image being read: its offset, and whether any alt text came yet.
    image_alt: Option<(usize, bool)>,
    html_depth: i32,
    container_depth: usize,
    first_para: (Option<usize>, Option<usize>),
    /// Where in `out` the `<!-- more -->` marker was.
    more: Option<usize>,
    section: Option<SectionRef>,
    /// Every heading so far; a mention's section is an index into it (0: before any heading).
    sections: Vec<SectionRef>,
    flat_toc: Vec<(u8, String, String)>,
    mode: Autolink,
    blocks_state: callouts::BlockState,
    own_term: Option<TermId>,
    /// Terms linked on this page, by term id.
    linked: Vec<bool>,
    /// Mentions as `term << 32 | number of headings before the mention` (one integer sorts
    /// faster than a pair).
    mentions: Vec<u64>,
    /// Reused for the mentions found in each text.
    found: Vec<crate::resolve::glossary::Mention>,
    /// The byte classes of the text being flushed (for its word count and the glossary).
    blocks: Vec<crate::byte_classes::Block>,
    tips: usize,
    cite_counts: HashMap<String, usize>,
    r: RenderedDoc,
}

/// Renders `doc`'s Markdown body.
pub fn render(doc: &Doc, cx: RenderContext<'_>) -> RenderedDoc {
    // A page in another language links terms and pages of that language.
    let cx = RenderContext {
        index: cx.index.view(&doc.lang),
        ..cx
    };
    let config = &cx.site.config;
    let mut opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM;
    // `[[…]]` names a glossary term only on a site that has one: elsewhere it is prose
    // (`[[bin]]` in a Cargo manifest, GitLab's `[[_TOC_]]`).
    if !cx.index.glossary.terms.is_empty() {
        opts |= Options::ENABLE_WIKILINKS;
    }
    if config.markdown.smart_punctuation {
        opts |= Options::ENABLE_SMART_PUNCTUATION;
    }
    let mode = if doc.meta.glossary_autolink == Some(false) {
        Autolink::Off
    } else {
        config.glossary.autolink
    };
    let mut rd = Renderer {
        doc,
        cx,
        out: Vec::new(),
        heading: None,
        pending: None,
        pending_offset: 0,
        escaped_brackets: Vec::new(),
        explicit_ids: HashSet::new(),
        code: None,
        links: Vec::new(),
        image_depth: 0,
        image_alt: None,
        html_depth: 0,
        container_depth: 0,
        first_para: (None, None),
        more: None,
        section: None,
        sections: Vec::new(),
        flat_toc: Vec::new(),
        mode,
        blocks_state: callouts::BlockState::default(),
        own_term: cx.index.glossary.by_doc.get(&doc.id).copied(),
        linked: Vec::new(),
        mentions: Vec::new(),
        found: Vec::new(),
        blocks: Vec::new(),
        tips: 0,
        cite_counts: HashMap::new(),
        r: RenderedDoc::default(),
    };
    let expanded = super::shortcodes::expand(doc, doc.body(), opts);
    let body: &str = &expanded.body;
    rd.explicit_ids = headings::explicit_ids(body, opts);
    for (event, range) in Parser::new_ext(body, opts).into_offset_iter() {
        let written = match &event {
            Event::Text(t) if t.contains('[') => Written::of(t, body, range.clone()),
            _ => Written::AsIs,
        };
        rd.event(event, doc.body_offset + range.start, written);
    }
    rd.flush();
    super::shortcodes::attach(rd.finish(), expanded.calls, expanded.diagnostics)
}

impl<'a> Renderer<'a, '_> {
    fn emit(&mut self, e: Event<'a>) {
        match &mut self.heading {
            Some(h) => h.events.push(e),
            None => self.out.push(e),
        }
    }

    fn error(&mut self, offset: usize, message: String, help: Option<String>) {
        let mut d = self.doc.file.error_at(offset, message);
        d.help = help;
        self.r.diagnostics.push(d);
    }

    /// Handles one event of the parser: code and text are gathered, everything else
    /// flushes the gathered text first.
    fn event(&mut self, event: Event<'a>, offset: usize, written: Written) {
        if self.code.is_some() {
            return self.code_event(event);
        }
        if let Event::Text(t) = event {
            return self.text_event(t, offset, written);
        }
        self.flush();
        if self.callout_title_event(&event) || self.more_marker(&event) {
            return;
        }
        if let Event::End(
            TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::Heading(_),
        ) = &event
        {
            // Browsers close inline elements left open at the end of their block.
            self.html_depth = 0;
        }
        match event {
            Event::Start(tag) => self.start_tag(tag, offset),
            Event::End(tag) => self.end_tag(tag),
            Event::Code(c) => {
                if let Some((_, seen)) = &mut self.image_alt {
                    *seen = true;
                }
                if let Some(h) = &mut self.heading {
                    h.text.push_str(&c);
                }
                self.emit(Event::Code(c));
            }
            Event::InlineHtml(h) => {
                self.html_depth = (self.html_depth + html_depth_change(&h)).max(0);
                let h = self.bundle_urls(h);
                self.emit(Event::InlineHtml(h));
            }
            Event::Html(h) => {
                let h = self.bundle_urls(h);
                self.emit(Event::Html(h));
            }
            other => self.emit(other),
        }
    }

    /// Inside a fenced or indented code block: gathers the code, highlights it at the end.
    fn code_event(&mut self, event: Event<'a>) {
        match event {
            Event::Text(t) => {
                if let Some((_, code)) = &mut self.code {
                    code.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                let (lang, code) = self.code.take().expect("inside a code block");
                let (html, highlighted) = self.cx.highlighter.highlight(&lang, &code);
                self.r.has_code |= highlighted;
                self.emit(Event::Html(html.into()));
            }
            _ => {}
        }
    }

    /// Text is merged with the text before it, to be processed at the next flush.
    fn text_event(&mut self, t: CowStr<'a>, offset: usize, written: Written) {
        let skip = |f: &LinkFrame| {
            matches!(
                f,
                LinkFrame::Term {
                    skip_text: true,
                    ..
                }
            )
        };
        if self.links.last().is_some_and(skip) {
            return;
        }
        self.note_escaped_brackets(&t, written);
        if let Some((_, seen)) = &mut self.image_alt {
            *seen |= !t.trim().is_empty();
        }
        self.pending = Some(match self.pending.take() {
            None => {
                self.pending_offset = offset;
                t
            }
            Some(before) => {
                let mut merged = before.into_string();
                merged.push_str(&t);
                merged.into()
            }
        });
    }

    fn start_tag(&mut self, tag: Tag<'a>, offset: usize) {
        match tag {
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
            }
            Tag::Heading {
                level,
                id,
                classes,
                attrs,
            } => {
                self.heading = Some(HeadingBuf {
                    level,
                    id,
                    classes,
                    attrs,
                    events: Vec::new(),
                    text: String::new(),
                    offset,
                });
            }
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => self.start_link(link_type, dest_url, title, id, offset),
            Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            } => {
                self.image_depth += 1;
                if self.image_alt.is_none() {
                    self.image_alt = Some((offset, false));
                }
                let dest_url = self.rewrite_relative(dest_url, offset, true);
                self.start_image();
                self.emit(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Tag::Paragraph => {
                let first = self.first_para.0.is_none() && self.heading.is_none();
                if self.container_depth == 0 && first {
                    self.first_para.0 = Some(self.out.len());
                }
                self.blocks_state.para_start = self.heading.is_none().then_some(self.out.len());
                self.emit(Event::Start(Tag::Paragraph));
            }
            Tag::BlockQuote(kind) => self.start_quote(kind),
            tag @ (Tag::List(_) | Tag::FootnoteDefinition(_) | Tag::Table(_)) => {
                self.container_depth += 1;
                self.emit(Event::Start(tag));
            }
            other => self.emit(Event::Start(other)),
        }
    }

    fn end_tag(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) => self.end_heading(),
            TagEnd::Link => match self.links.pop() {
                Some(LinkFrame::Term { close, .. }) => self.emit(Event::Html(close.into())),
                _ => self.emit(Event::End(TagEnd::Link)),
            },
            TagEnd::Image => {
                self.image_depth = self.image_depth.saturating_sub(1);
                if self.image_depth == 0 {
                    self.check_alt();
                    return self.end_image();
                }
                self.emit(Event::End(TagEnd::Image));
            }
            TagEnd::Paragraph if self.end_figure() => {}
            TagEnd::Paragraph => {
                self.emit(Event::End(TagEnd::Paragraph));
                let open = self.first_para.0.is_some() && self.first_para.1.is_none();
                if self.container_depth == 0 && open {
                    self.first_para.1 = Some(self.out.len());
                }
            }
            tag @ TagEnd::BlockQuote(_) => self.end_quote(tag),
            tag @ (TagEnd::List(_) | TagEnd::FootnoteDefinition | TagEnd::Table) => {
                self.container_depth = self.container_depth.saturating_sub(1);
                self.emit(Event::End(tag));
            }
            other => self.emit(Event::End(other)),
        }
    }

    /// Processes merged text: citations and glossary mentions, outside links, images,
    /// headings and raw HTML only.
    fn flush(&mut self) {
        let mut escaped = std::mem::take(&mut self.escaped_brackets);
        let Some(text) = self.pending.take() else {
            return;
        };
        let text = self.callout_marker(text, &mut escaped);
        let offset = self.pending_offset;
        let mut blocks = std::mem::take(&mut self.blocks);
        crate::byte_classes::classify_text(text.as_bytes(), &mut blocks);
        self.r.word_count += count_words_in(&text, &blocks);
        if !text.is_ascii() {
            let (runs, chars) = crate::markdown::text::count_cjk(&text);
            self.r.cjk_words += runs;
            self.r.cjk_chars += chars;
        }
        if let Some(h) = &mut self.heading {
            h.text.push_str(&text);
        }
        if self.heading.is_some()
            || !self.links.is_empty()
            || self.image_depth > 0
            || self.html_depth > 0
        {
            self.emit(Event::Text(text));
        } else if text.contains("[@") {
            let mut from = 0;
            for c in find_citations(&text)
                .into_iter()
                .filter(|c| !escaped.contains(&c.start))
            {
                self.text_with_mentions(&text, from, c.start, None);
                self.citation(&c.ids, offset);
                from = c.end;
            }
            self.text_with_mentions(&text, from, text.len(), None);
        } else {
            self.text_with_mentions(&text, 0, text.len(), Some(&blocks));
        }
        self.blocks = blocks;
    }

    fn finish(mut self) -> RenderedDoc {
        self.r.summary_marked = self.more.is_some();
        if let Some(events) = self.summary_events() {
            let url = self.cx.index.url(self.doc);
            let html = summary::summary_html(&events, &url);
            let mut text = String::new();
            for ev in events.iter() {
                match ev {
                    Event::Text(t) | Event::Code(t) => text.push_str(t),
                    Event::SoftBreak | Event::HardBreak => text.push(' '),
                    _ => {}
                }
            }
            self.r.first_paragraph_text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            self.r.first_paragraph = html;
        }
        self.r.toc = headings::nest_toc(&self.flat_toc);
        // By term, then the sections in document order.
        self.mentions.sort_unstable();
        self.mentions.dedup();
        self.r.mentions = self
            .mentions
            .iter()
            .map(|&m| TermMention {
                term: (m >> 32) as TermId,
                section: ((m as u32) as usize)
                    .checked_sub(1)
                    .map(|i| self.sections[i].clone()),
            })
            .collect();
        let mut html = String::with_capacity(self.doc.body().len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, self.out.into_iter());
        self.r.html = html;
        self.r
    }
}
