//! Shortcodes, in Zola's syntax: `{{ name(arg="x", n=3) }}` inline and
//! `{% name(arg="x") %}Markdown body{% end %}` for blocks. This module is the Markdown side:
//! before rendering, each call outside code is parsed and replaced in the source by a
//! placeholder of the same byte length (so every position in the file still maps to the same
//! place), and a block's body stays in place, so it is rendered as Markdown with glossary
//! linking like the rest of the page. The template stage renders the calls from
//! `templates/shortcodes/<name>.html` and puts them in for the placeholders
//! (`templates/shortcodes.rs`). Syntax errors are reported here with their position.

use super::RenderedDoc;
use crate::error::{Diagnostic, Location};
use crate::model::Doc;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde_json::{Map, Value};
use std::borrow::Cow;

/// One shortcode call found in a document.
#[derive(Debug, Clone, PartialEq)]
pub struct ShortcodeCall {
    /// The shortcode's name (`templates/shortcodes/<name>.html`).
    pub name: String,
    /// Arguments by name.
    pub args: Map<String, Value>,
    /// The placeholder of the call (of the opening tag, for a block).
    pub open: String,
    /// A block (`{% name() %}…{% end %}`).
    pub block: bool,
    /// The placeholder of a block's `{% end %}`.
    pub close: Option<String>,
    /// Where the call is written.
    pub at: Location,
}

/// A body with its shortcode calls replaced by placeholders.
pub(crate) struct Expanded<'b> {
    pub(crate) body: Cow<'b, str>,
    pub(crate) calls: Vec<ShortcodeCall>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// Every placeholder starts with this (then the call's number, a letter and padding).
const MARK: &str = "kzsc";

fn placeholder(n: usize, kind: char, len: usize) -> String {
    let mut p = format!("{MARK}{n}{kind}");
    while p.len() < len {
        p.push('x');
    }
    p
}

/// Byte ranges of code (spans and blocks) in `body`: shortcodes there are text.
fn code_ranges(body: &str, opts: Options) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut block_start = None;
    for (e, r) in Parser::new_ext(body, opts).into_offset_iter() {
        match e {
            Event::Code(_) => ranges.push(r),
            Event::Start(Tag::CodeBlock(_)) => block_start = Some(r.start),
            Event::End(TagEnd::CodeBlock) => {
                ranges.push(block_start.take().unwrap_or(r.start)..r.end);
            }
            _ => {}
        }
    }
    ranges
}

/// A parse problem: the byte offset in the body and the message.
type Problem = (usize, String);

/// A tag found at some offset: `{{ name(args) }}`, `{% name(args) %}` or `{% end %}`.
enum Found {
    Inline(String, Map<String, Value>),
    Open(String, Map<String, Value>),
    End,
}

/// Parses the tag starting at `s` (which starts with `{{` or `{%`): what it is and its length;
/// `None` when it is not a shortcode at all (`{{ x }}` with no parentheses).
fn parse_tag(s: &str) -> Option<Result<(Found, usize), Problem>> {
    let block = s.starts_with("{%");
    let close = if block { "%}" } else { "}}" };
    let mut p = args::Cursor::new(s, 2);
    p.skip_ws();
    let name = p.ident();
    if name.is_empty() {
        return None;
    }
    p.skip_ws();
    if block && name == "end" && p.rest().starts_with(close) {
        return Some(Ok((Found::End, p.pos + 2)));
    }
    if !p.eat('(') {
        return None;
    }
    let result = p.args().and_then(|args| {
        p.skip_ws();
        if !p.rest().starts_with(close) {
            return Err((p.pos, format!("expected `{close}` to close the shortcode")));
        }
        let found = if block {
            Found::Open(name.to_string(), args)
        } else {
            Found::Inline(name.to_string(), args)
        };
        Ok((found, p.pos + 2))
    });
    Some(result)
}

/// Replaces `doc`'s shortcode calls outside code by placeholders.
pub(crate) fn expand<'b>(doc: &Doc, body: &'b str, opts: Options) -> Expanded<'b> {
    let mut out = Expanded {
        body: Cow::Borrowed(body),
        calls: Vec::new(),
        diagnostics: Vec::new(),
    };
    if !body.contains("{{") && !body.contains("{%") {
        return out;
    }
    let code = code_ranges(body, opts);
    let mut text = body.to_string();
    let mut open_blocks: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    let error = |out: &mut Expanded, at: usize, message: String| {
        out.diagnostics
            .push(doc.file.error_at(doc.body_offset + at, message));
    };
    while let Some(found) = body[i..].find('{').map(|f| f + i) {
        i = found + 1;
        let next = body.as_bytes().get(found + 1);
        if !matches!(next, Some(b'{' | b'%')) || code.iter().any(|r| r.contains(&found)) {
            continue;
        }
        let (tag, len) = match parse_tag(&body[found..]) {
            None => continue,
            Some(Ok(t)) => t,
            Some(Err((at, message))) => {
                error(&mut out, found + at, format!("bad shortcode: {message}"));
                continue;
            }
        };
        let n = out.calls.len();
        let at = doc.file.location(doc.body_offset + found);
        let put = |text: &mut String, p: &str| text.replace_range(found..found + len, p);
        match tag {
            Found::Inline(name, args) | Found::Open(name, args) => {
                let block = body[found..].starts_with("{%");
                let open = placeholder(n, if block { 'o' } else { 'i' }, len);
                put(&mut text, &open);
                if block {
                    open_blocks.push((n, found));
                }
                out.calls.push(ShortcodeCall {
                    name,
                    args,
                    open,
                    block,
                    close: None,
                    at,
                });
            }
            Found::End => match open_blocks.pop() {
                Some((n, _)) => {
                    let close = placeholder(n, 'e', len);
                    put(&mut text, &close);
                    out.calls[n].close = Some(close);
                }
                None => error(
                    &mut out,
                    found,
                    "`{% end %}` without an open block shortcode".into(),
                ),
            },
        }
        i = found + len;
    }
    for (n, at) in open_blocks {
        let name = &out.calls[n].name;
        let message = format!("block shortcode `{name}` is never closed with `{{% end %}}`");
        error(&mut out, at, message);
    }
    out.calls.retain(|c| !c.block || c.close.is_some());
    out.body = Cow::Owned(text);
    out
}

/// `r` with the document's shortcode calls and their problems; placeholders taken out of the
/// summary, which is shown on other pages without the calls.
pub(crate) fn attach(
    mut r: RenderedDoc,
    calls: Vec<ShortcodeCall>,
    problems: Vec<Diagnostic>,
) -> RenderedDoc {
    if !calls.is_empty() {
        r.first_paragraph = strip_placeholders(&r.first_paragraph).into_owned();
        let text = strip_placeholders(&r.first_paragraph_text);
        r.first_paragraph_text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    r.shortcodes = calls;
    r.diagnostics.extend(problems);
    r
}

/// `text` without shortcode placeholders (for summaries and plain text shown elsewhere).
pub(crate) fn strip_placeholders(text: &str) -> Cow<'_, str> {
    if !text.contains(MARK) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(MARK) {
        out.push_str(&rest[..i]);
        let after = &rest[i + MARK.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let kind = after.as_bytes().get(digits).copied();
        if digits == 0 || !matches!(kind, Some(b'i' | b'o' | b'e')) {
            out.push_str(MARK);
            rest = after;
            continue;
        }
        let pad = after[digits + 1..]
            .bytes()
            .take_while(|&b| b == b'x')
            .count();
        rest = &after[digits + 1 + pad..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

mod args;

#[cfg(test)]
mod tests;
