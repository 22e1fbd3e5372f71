//! Shortcodes, the template side: each call the Markdown stage left as a placeholder
//! (`markdown/shortcodes.rs`) is rendered from `shortcodes/<name>.html` (the site's
//! `templates/shortcodes/` over the theme's) with its arguments by name, a block's rendered
//! body as `body`, and for the built-in `term` shortcode the term named by `slug` as `term`
//! (`title`, `summary`, `url`). Calls are rendered innermost first, so a block's body already
//! holds its nested calls. An unknown shortcode or term is an error at the call; an error in
//! the template names the template and the call.

use super::TemplateInput;
use crate::error::{did_you_mean, Diagnostic};
use crate::markdown::shortcodes::ShortcodeCall;
use crate::markdown::RenderedDoc;
use std::borrow::Cow;
use std::ops::Range;

/// Where a placeholder sits in `html` from `from` on: its range, whether a paragraph opens
/// right before it and whether one closes right after it.
fn find(html: &str, placeholder: &str, from: usize) -> Option<(Range<usize>, bool, bool)> {
    let start = html[from..].find(placeholder)? + from;
    let end = start + placeholder.len();
    let opens = html[..start].ends_with("<p>");
    Some((start..end, opens, html[end..].starts_with("</p>")))
}

/// Widens a range over the `<p>` before and `</p>` (and line end) after it.
fn widen(html: &str, r: Range<usize>) -> Range<usize> {
    let end = r.end + "</p>".len();
    let end = end + usize::from(html[end..].starts_with('\n'));
    r.start - "<p>".len()..end
}

/// A block's body from the HTML between its placeholders, its paragraphs balanced: when a
/// paragraph opens before the opening tag (`opens`) the body either starts with that
/// paragraph's end (dropped) or inside it (a `<p>` put back); likewise at its end.
fn block_body(between: &str, opens: bool, closes: bool) -> String {
    let mut body = between.trim();
    let mut head = "";
    let mut tail = "";
    if opens {
        match body.strip_prefix("</p>") {
            Some(rest) => body = rest.trim_start(),
            None => head = "<p>",
        }
    }
    if closes {
        match body.strip_suffix("<p>") {
            Some(rest) => body = rest.trim_end(),
            None => tail = "</p>",
        }
    }
    format!("{head}{body}{tail}")
}

/// The page's HTML with every shortcode call rendered in place.
pub fn expand<'r>(
    rendered: &'r RenderedDoc,
    input: &TemplateInput<'_>,
) -> Result<Cow<'r, str>, Diagnostic> {
    if rendered.shortcodes.is_empty() {
        return Ok(Cow::Borrowed(&rendered.html));
    }
    let mut html = rendered.html.clone();
    for call in rendered.shortcodes.iter().rev() {
        let Some((open, opens, closes)) = find(&html, &call.open, 0) else {
            continue;
        };
        let (span, body, alone) = match &call.close {
            None => (open, None, opens && closes),
            Some(close) => {
                let Some((end, _, end_closes)) = find(&html, close, open.end) else {
                    continue;
                };
                let body = block_body(&html[open.end..end.start], opens, end_closes);
                (open.start..end.end, Some(body), opens && end_closes)
            }
        };
        let span = if alone { widen(&html, span) } else { span };
        let out = render(call, body, input)?;
        let out = out.trim();
        html.replace_range(
            span,
            &if alone {
                format!("{out}\n")
            } else {
                out.into()
            },
        );
    }
    Ok(Cow::Owned(html))
}

fn render(
    call: &ShortcodeCall,
    body: Option<String>,
    input: &TemplateInput<'_>,
) -> Result<String, Diagnostic> {
    let templates = input.templates;
    let name = format!("shortcodes/{}.html", call.name);
    if templates.tera.get_template(&name).is_err() {
        let known = templates.tera.get_template_names();
        let known: Vec<&str> = known
            .filter_map(|n| n.strip_prefix("shortcodes/")?.strip_suffix(".html"))
            .collect();
        let help = match did_you_mean(&call.name, known.iter().copied()) {
            Some(k) => format!("did you mean `{k}`?"),
            None => format!(
                "shortcodes are templates under templates/shortcodes/; known: {}",
                known.join(", ")
            ),
        };
        let message = format!("unknown shortcode `{}`", call.name);
        return Err(Diagnostic::error(call.at.clone(), message).with_help(help));
    }
    let mut cx = tera::Context::new();
    for (k, v) in &call.args {
        cx.insert(k.as_str(), v);
    }
    if let Some(body) = body {
        cx.insert("body", &body);
    }
    if call.name == "term" {
        cx.insert("term", &term(call, input)?);
    }
    templates.tera.render(&name, &cx).map_err(|e| {
        let at = &call.at;
        let while_ = format!(
            " (in the shortcode called at {}:{}:{})",
            at.path, at.line, at.col
        );
        templates.error(&name, &e, &while_)
    })
}

/// The glossary term a `term` call names by `slug`, as the template sees it.
fn term(call: &ShortcodeCall, input: &TemplateInput<'_>) -> Result<serde_json::Value, Diagnostic> {
    let glossary = &input.index.glossary;
    let slug = call.args.get("slug").and_then(|s| s.as_str()).unwrap_or("");
    let Some(id) = glossary.lookup(slug) else {
        let help = glossary.suggest(slug).map(|s| format!("did you mean {s}?"));
        let help = help.unwrap_or_else(|| "`slug` names a term under content/glossary/".into());
        let message = format!("shortcode `term`: unknown glossary term \"{slug}\"");
        return Err(Diagnostic::error(call.at.clone(), message).with_help(help));
    };
    let t = &glossary.terms[id];
    Ok(serde_json::json!({
        "slug": t.slug,
        "title": t.title,
        "summary": t.summary,
        "url": input.index.url(&input.site.docs[t.doc]),
    }))
}

#[cfg(test)]
mod tests {
    use super::block_body;

    #[test]
    fn block_bodies_are_balanced() {
        // Tags on lines of their own, blank lines around the body.
        assert_eq!(block_body("</p>\n<p>B</p>\n<p>", true, true), "<p>B</p>");
        // Body right after the opening tag and right before `{% end %}`.
        let body = "\nThe <em>x</em>.</p>\n<p>Second.\n";
        assert_eq!(
            block_body(body, true, true),
            "<p>The <em>x</em>.</p>\n<p>Second.</p>"
        );
        // In the middle of a sentence: left as it is.
        assert_eq!(block_body(" inline ", false, false), "inline");
    }
}
