//! What rendering one document gives: its HTML and what the later stages read from it (its
//! links, glossary mentions, headings, summary and counts).

use crate::error::Diagnostic;
use crate::markdown::shortcodes::ShortcodeCall;
use crate::model::DocId;
use crate::resolve::glossary::TermId;
use std::collections::HashSet;

/// A heading a link or mention sits under. Shared, not copied: every link and mention under
/// the heading, and every backlink list they reach, holds the same strings.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct SectionRef {
    /// The heading's id.
    pub id: std::sync::Arc<str>,
    /// The heading's text.
    pub title: std::sync::Arc<str>,
}

/// One entry of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TocEntry {
    /// 1 to 6.
    pub level: u8,
    /// Anchor id.
    pub id: String,
    /// Heading text.
    pub title: String,
    /// Nested headings.
    pub children: Vec<TocEntry>,
}

/// An internal link found in a document.
#[derive(Debug, Clone)]
pub struct OutLink {
    /// The linked document.
    pub target: DocId,
    /// The `#anchor`, if any.
    pub anchor: Option<String>,
    /// Byte offset of the link in the source file.
    pub offset: usize,
    /// The heading the link sits under.
    pub section: Option<SectionRef>,
}

/// A glossary term mentioned in a document (automatically or by `[[ref]]`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TermMention {
    /// The term.
    pub term: TermId,
    /// The heading the mention sits under.
    pub section: Option<SectionRef>,
}

/// The result of rendering one document's Markdown.
#[derive(Debug, Clone, Default)]
pub struct RenderedDoc {
    /// The body as HTML.
    pub html: String,
    /// The summary as HTML for listings and feeds: what comes before `<!-- more -->`, else the
    /// first top-level paragraph. Glossary links become plain text and citations and heading
    /// ids are dropped, so it can be repeated on other pages without duplicate ids.
    pub first_paragraph: String,
    /// The summary as plain text (for meta descriptions).
    pub first_paragraph_text: String,
    /// The page has a `<!-- more -->` marker: the summary is the text before it.
    pub summary_marked: bool,
    /// Table of contents.
    pub toc: Vec<TocEntry>,
    /// Every heading id on the page.
    pub anchors: HashSet<String>,
    /// Internal links.
    pub links: Vec<OutLink>,
    /// Glossary mentions, one per term and section.
    pub mentions: Vec<TermMention>,
    /// Cited source ids in order of first citation.
    pub citations: Vec<String>,
    /// Words of prose (code excluded).
    pub word_count: usize,
    /// Of those words, the runs of Chinese or Japanese script (counted by character instead).
    pub cjk_words: usize,
    /// Characters of Chinese or Japanese script in the text.
    pub cjk_chars: usize,
    /// A code block was highlighted.
    pub has_code: bool,
    /// Problems found.
    pub diagnostics: Vec<Diagnostic>,
    /// Shortcode calls, rendered by the template stage in place of their placeholders.
    pub shortcodes: Vec<ShortcodeCall>,
    /// The local image files whose size the HTML writes (`width`, `height`), with that size:
    /// the dev server renders the document again when one of them changes size.
    pub image_sizes: Vec<(std::path::PathBuf, Option<(u64, u64)>)>,
}

impl RenderedDoc {
    /// Whether every image this rendering measured still has the size it wrote.
    pub fn image_sizes_hold(&self) -> bool {
        self.image_sizes
            .iter()
            .all(|(path, size)| super::figures::image_size(path) == *size)
    }
}
