//! The template contract: what each template receives, as typed values. Every field here is a
//! template variable (the README lists them); renaming one is a compile error in the code that
//! fills it and a visible diff here, not a silent `undefined` in a theme.
//!
//! Values borrow from the site and the index where they can. The top level of every page's
//! context is [`PageContext`]: the site-wide [`SiteGlobals`] flattened in, the page's own
//! fields, and the variables its template needs ([`PageVars`]).

use crate::markdown::TocEntry;
use crate::model::DocKind;
use serde::Serialize;

pub use super::globals::{ConfigValue, SearchLinks, SiteGlobals, Translation};

/// A link: a title and a URL.
#[derive(Debug, Clone, Serialize)]
pub struct Link<'a> {
    /// Title of the target.
    pub title: &'a str,
    /// Root-relative URL.
    pub url: String,
}

/// One entry of the site navigation.
#[derive(Debug, Clone, Serialize)]
pub struct NavEntry<'a> {
    /// Title of the section or page.
    pub title: &'a str,
    /// Its URL.
    pub url: String,
    /// The current page is this entry or below it.
    pub active: bool,
}

/// A glossary term as listings show it.
#[derive(Debug, Clone, Serialize)]
pub struct TermBrief<'a> {
    /// Slug.
    pub slug: &'a str,
    /// Title.
    pub title: &'a str,
    /// URL of its page.
    pub url: String,
    /// One-sentence summary.
    pub summary: &'a str,
    /// Japanese name.
    pub ja: Option<&'a str>,
    /// Romanization.
    pub romaji: Option<&'a str>,
    /// Other names.
    pub aliases: &'a [String],
}

/// A timeline event as lists of events show it.
#[derive(Debug, Clone, Serialize)]
pub struct EventBrief<'a> {
    /// Title.
    pub title: &'a str,
    /// URL of its page.
    pub url: String,
    /// ISO date at the precision written (`1967`, `1967-04`, `1967-04-21`).
    pub date_iso: String,
    /// The date for readers.
    pub date_display: String,
}

/// A timeline topic (an event tag).
#[derive(Debug, Clone, Serialize)]
pub struct TopicLink<'a> {
    /// The tag.
    pub name: &'a str,
    /// Its name for readers: the `topic.<tag>` interface string, else the tag spelled out.
    pub label: String,
    /// URL of the topic page.
    pub url: String,
}

/// A timeline event in full, as the timeline and topic pages show it.
#[derive(Debug, Clone, Serialize)]
pub struct EventFull<'a> {
    /// Slug.
    pub slug: &'a str,
    /// Title.
    pub title: &'a str,
    /// URL of its page.
    pub url: String,
    /// ISO start date.
    pub date_iso: String,
    /// Start date for readers.
    pub date_display: String,
    /// ISO end date of a span.
    pub end_iso: Option<String>,
    /// End date for readers.
    pub end_display: Option<String>,
    /// `year`, `month` or `day`.
    pub precision: crate::date::Precision,
    /// The first paragraph, as HTML.
    pub summary_html: &'a str,
    /// Its topics.
    pub topics: Vec<TopicLink<'a>>,
}

/// `page.event`: an event page's own event, with its neighbours and referrers.
#[derive(Debug, Clone, Serialize)]
pub struct EventValue<'a> {
    /// The event's fields.
    #[serde(flatten)]
    pub event: EventFull<'a>,
    /// Terms the event concerns.
    pub terms: Vec<TermBrief<'a>>,
    /// The event before it on the timeline.
    pub prev: Option<EventBrief<'a>>,
    /// The event after it.
    pub next: Option<EventBrief<'a>>,
    /// Pages that link to it.
    pub discussed_in: Vec<Referrer<'a>>,
}

/// A page that refers to something, with the sections where it does.
#[derive(Debug, Clone, Serialize)]
pub struct Referrer<'a> {
    /// Title of the referring page.
    pub title: &'a str,
    /// Its URL.
    pub url: String,
    /// The sections (headings) the references sit under.
    pub sections: Vec<SectionLink<'a>>,
    /// The entry's `<li>` after a line break ([`super::lists::referrer_item`]).
    pub html: String,
}

/// A heading of a referring page.
#[derive(Debug, Clone, Serialize)]
pub struct SectionLink<'a> {
    /// Heading text.
    pub title: &'a str,
    /// URL with the heading's anchor.
    pub url: String,
}

/// A source as cited on a page, numbered in citation order.
#[derive(Debug, Clone, Serialize)]
pub struct SourceRef<'a> {
    /// Citation id.
    pub id: &'a str,
    /// 1-based number in citation order.
    pub number: usize,
    /// Title.
    pub title: &'a str,
    /// Publisher.
    pub publisher: &'a str,
    /// Date as written.
    pub date: &'a str,
    /// URL.
    pub url: &'a str,
    /// A copy kept by an archive (empty when none).
    pub archive_url: &'a str,
    /// Language of the title, when not the site's.
    pub lang: Option<&'a str>,
}

/// `page.term`: a term page's own term.
#[derive(Debug, Clone, Serialize)]
pub struct TermValue<'a> {
    /// Slug.
    pub slug: &'a str,
    /// Japanese name.
    pub ja: Option<&'a str>,
    /// Romanization.
    pub romaji: Option<&'a str>,
    /// One-sentence summary.
    pub summary: &'a str,
    /// Other names.
    pub aliases: &'a [String],
    /// Related terms.
    pub related: Vec<TermBrief<'a>>,
    /// Pages that mention the term.
    pub mentioned_in: Vec<Referrer<'a>>,
    /// How many pages mention the term (`mentioned_in` shows the first 50).
    pub mentions_total: usize,
    /// URL of the full list, when `mentioned_in` does not show every page.
    pub mentions_url: Option<String>,
    /// Events that concern it.
    pub events: Vec<EventBrief<'a>>,
}

/// `page`: an ordinary page, a term or an event.
#[derive(Debug, Clone, Serialize)]
pub struct PageValue<'a> {
    /// Title.
    pub title: &'a str,
    /// Description from front matter.
    pub description: Option<&'a str>,
    /// The rendered body (empty until the page is rendered; see [`PageContext::set_content`]).
    pub content: &'a str,
    /// Table of contents.
    pub toc: &'a [TocEntry],
    /// `toc` as nested `<ol>` lists ([`super::lists::toc_lists`]).
    pub toc_html: String,
    /// ISO publication date.
    pub date: Option<String>,
    /// Publication date for readers.
    pub date_display: Option<String>,
    /// ISO update date.
    pub updated: Option<String>,
    /// Update date for readers.
    pub updated_display: Option<String>,
    /// Absolute URL.
    pub permalink: String,
    /// Root-relative URL.
    pub url: String,
    /// Slug.
    pub slug: &'a str,
    /// `content/`-relative source path.
    pub path: &'a str,
    /// Tags.
    pub tags: &'a [String],
    /// The page's terms in each declared taxonomy, with their URLs.
    pub taxonomies: Vec<super::taxonomies::PageTaxonomy<'a>>,
    /// `[extra]` from front matter.
    pub extra: &'a serde_json::Value,
    /// Words in the body.
    pub word_count: usize,
    /// Minutes to read.
    pub reading_time: usize,
    /// `page`, `term` or `event`.
    pub kind: DocKind,
    /// Sources cited, in citation order.
    pub sources: Vec<SourceRef<'a>>,
    /// Glossary terms mentioned on the page: at most [`super::pagers::TERMS_SHOWN`], those
    /// mentioned in the most sections.
    pub terms_used: Vec<TermBrief<'a>>,
    /// The `<li>` elements of `terms_used` ([`super::lists::term_items`]).
    pub terms_used_html: String,
    /// How many glossary terms the page mentions.
    pub terms_used_total: usize,
    /// Events the page links to.
    pub timeline_events: Vec<EventBrief<'a>>,
    /// Pages that link here.
    pub backlinks: Vec<Referrer<'a>>,
    /// On term pages, the term.
    pub term: Option<TermValue<'a>>,
    /// On event pages, the event.
    pub event: Option<EventValue<'a>>,
}

/// A page of a section, as its listing shows it.
#[derive(Debug, Clone, Serialize)]
pub struct PageSummary<'a> {
    /// Title.
    pub title: &'a str,
    /// URL.
    pub url: String,
    /// Description from front matter.
    pub description: Option<&'a str>,
    /// ISO date.
    pub date_iso: Option<String>,
    /// Date for readers.
    pub date_display: Option<String>,
    /// First paragraph, as HTML.
    pub summary_html: &'a str,
    /// Words in the body.
    pub word_count: usize,
    /// Minutes to read.
    pub reading_time: usize,
}

/// A subsection, as its parent's listing shows it.
#[derive(Debug, Clone, Serialize)]
pub struct SubsectionLink<'a> {
    /// Title.
    pub title: &'a str,
    /// URL.
    pub url: String,
    /// Description from front matter.
    pub description: Option<&'a str>,
}

/// `section`: a section page (`_index.md`), or the bare section of a generated index.
#[derive(Debug, Clone, Serialize)]
pub struct SectionValue<'a> {
    /// Title.
    pub title: &'a str,
    /// Description from front matter.
    #[serde(skip_serializing_if = "Absent::is_absent")]
    pub description: Absent<Option<&'a str>>,
    /// The rendered body (empty until the page is rendered).
    pub content: &'a str,
    /// Table of contents.
    pub toc: &'a [TocEntry],
    /// Absolute URL.
    #[serde(skip_serializing_if = "Absent::is_absent")]
    pub permalink: Absent<String>,
    /// Root-relative URL.
    pub url: String,
    /// `[extra]` from front matter.
    #[serde(skip_serializing_if = "Absent::is_absent")]
    pub extra: Absent<&'a serde_json::Value>,
    /// Sources cited, in citation order.
    pub sources: Vec<SourceRef<'a>>,
    /// Its pages, in order.
    pub pages: Vec<PageSummary<'a>>,
    /// Its subsections, in order.
    pub subsections: Vec<SubsectionLink<'a>>,
}

/// A field that generated pages leave out of the context altogether (not even `null`), so a
/// theme can tell a generated index from a section written in `content/`.
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct Absent<T>(pub Option<T>);

impl<T> Absent<T> {
    /// True when the field is left out.
    pub fn is_absent(&self) -> bool {
        self.0.is_none()
    }
}

/// One letter of the glossary index.
#[derive(Debug, Clone, Serialize)]
pub struct GlossaryLetter<'a> {
    /// The letter (or `0–9`).
    pub letter: String,
    /// Its anchor id.
    pub id: String,
    /// Terms under it, in title order.
    pub terms: Vec<TermBrief<'a>>,
}

/// `glossary`: the glossary index.
#[derive(Debug, Clone, Serialize)]
pub struct GlossaryValue<'a> {
    /// Letters in order.
    pub letters: Vec<GlossaryLetter<'a>>,
}

/// One decade of the timeline.
#[derive(Debug, Clone, Serialize)]
pub struct Decade<'a> {
    /// `1960s`.
    pub label: String,
    /// Anchor id.
    pub id: String,
    /// Its events, in date order.
    pub events: Vec<EventFull<'a>>,
}

/// A topic with its event count.
#[derive(Debug, Clone, Serialize)]
pub struct TopicCount<'a> {
    /// The tag.
    pub name: &'a str,
    /// Its name for readers.
    pub label: String,
    /// URL of the topic page.
    pub url: String,
    /// Events with the tag.
    pub count: usize,
}

/// `timeline`: the timeline, or one topic of it.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineValue<'a> {
    /// Decades in order.
    pub decades: Vec<Decade<'a>>,
    /// Every topic.
    pub topics: Vec<TopicCount<'a>>,
    /// The timeline drawn as SVG.
    pub svg: String,
    /// On topic pages, the topic.
    pub topic: Option<&'a str>,
    /// The topic's name for readers, on topic pages.
    pub topic_label: Option<String>,
}

/// A source on the sources page, with the pages citing it.
#[derive(Debug, Clone, Serialize)]
pub struct SourceEntry<'a> {
    /// Citation id (of the first page citing it).
    pub id: &'a str,
    /// Title.
    pub title: &'a str,
    /// Date as written.
    pub date: &'a str,
    /// URL.
    pub url: &'a str,
    /// Language of the title, when not the site's.
    pub lang: Option<&'a str>,
    /// Pages citing it.
    pub cited_by: Vec<Link<'a>>,
}

/// One publisher on the sources page.
#[derive(Debug, Clone, Serialize)]
pub struct PublisherGroup<'a> {
    /// Publisher name (`Other` when none is given).
    pub publisher: String,
    /// Its anchor id.
    pub id: String,
    /// Its sources, by title.
    pub sources: Vec<SourceEntry<'a>>,
}

/// `sources_index`: the sources page.
#[derive(Debug, Clone, Serialize)]
pub struct SourcesValue<'a> {
    /// Publishers in order.
    pub publishers: Vec<PublisherGroup<'a>>,
}

/// The variables that depend on the template: which of `page`, `section`, `glossary`,
/// `timeline` and `sources_index` a page gets. A variable left `None` is not in the context.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PageVars<'a> {
    /// `page` (`Some(None)`: present as `null`, as on section pages).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<Option<PageValue<'a>>>,
    /// `section`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<SectionValue<'a>>,
    /// `glossary`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub glossary: Option<GlossaryValue<'a>>,
    /// `timeline`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeline: Option<TimelineValue<'a>>,
    /// `sources_index`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sources_index: Option<SourcesValue<'a>>,
    /// `paginator`: on a paginated section's pages and a term's full "Mentioned in" list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paginator: Option<super::pagers::PaginatorValue<'a>>,
    /// `mentions_of`: the term whose full "Mentioned in" list the page is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mentions_of: Option<Link<'a>>,
    /// `taxonomy`: on a taxonomy's pages, the taxonomy with all its terms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub taxonomy: Option<super::taxonomies::TaxonomyValue<'a>>,
    /// `taxonomy_term`: on a term's page, the term and its pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub taxonomy_term: Option<super::taxonomies::TermValue<'a>>,
}

/// The whole context of one page.
#[derive(Debug, Clone, Serialize)]
pub struct PageContext<'a> {
    /// The site-wide values (put in the Tera context once per thread, not with each page's).
    #[serde(skip)]
    pub site: &'a SiteGlobals<'a>,
    /// The page title.
    pub title: std::borrow::Cow<'a, str>,
    /// Description for meta tags (the site's when the page has none).
    pub description: &'a str,
    /// Absolute URL of the page.
    pub current_url: String,
    /// Root-relative URL of the page.
    pub current_path: String,
    /// Kept for themes written for earlier versions: always empty (the dev server adds its
    /// client itself).
    pub extra_head: &'static str,
    /// Likewise, always empty.
    pub extra_body: &'static str,
    /// The page has highlighted code (link `syntax.css`).
    pub has_code: bool,
    /// Every language version of the page (the current one included, `current` set), in the
    /// site's language order; empty on a one-language site.
    pub translations: Vec<Translation<'a>>,
    /// The `<link rel="alternate" hreflang>` elements of `translations` and `x-default`, each
    /// after a line break, for `<head>`: `{{ hreflang_links | safe }}`. Empty on a
    /// one-language site. Written by the engine (the markup has no choices in it): a
    /// template loop over `translations` cost 3 % of a bilingual build, in Tera's lookups.
    pub hreflang_links: String,
    /// The other languages for the language switch: `translations` without the current one.
    pub language_switch: Vec<Translation<'a>>,
    /// The site navigation, with the current entry marked.
    pub nav: Vec<NavEntry<'a>>,
    /// The header's `<li>` elements (`[nav] limit` of `nav`, and the page's own), each after a
    /// line break, `aria-current` on the page's entry or the one above it: `<ul>{{ nav_html |
    /// safe }}</ul>`. Written by the engine: a Tera loop over `nav` cost a tenth of a build.
    pub nav_html: String,
    /// `nav_html` leaves some entries out (`[nav] limit`): the header links to the full list.
    pub nav_more: bool,
    /// The entries of `nav` above the page, without the home page (for breadcrumbs).
    pub nav_trail: Vec<NavEntry<'a>>,
    /// Share-preview values (`og:locale`, `og:image`).
    pub share: super::share::Share,
    /// The template's own variables.
    #[serde(flatten)]
    pub vars: PageVars<'a>,
}
