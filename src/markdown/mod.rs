//! Stage 3, markdown: each document's Markdown to HTML, in parallel over the immutable index.
//!
//! Rendering is a pure function of a document and the [`Index`](crate::resolve::Index): it fixes
//! internal links, links glossary mentions, numbers citations, highlights code and builds the
//! table of contents, and it reports what it saw (links, mentions, anchors) for the later
//! cross-checks and backlinks.

pub mod highlight;
pub mod render;
pub mod shortcodes;
mod text;

pub use render::{render, OutLink, RenderContext, RenderedDoc, SectionRef, TermMention, TocEntry};
