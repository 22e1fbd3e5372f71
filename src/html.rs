//! Escaping text for HTML, shared by every stage that writes markup (Markdown extensions, the
//! glossary's link templates, Tera's autoescape and the feeds). A leaf: it uses no other module.
//!
//! The function is pulldown-cmark's own escaper (`pulldown-cmark-escape`), which escapes exactly
//! `& < > " '`; `v_htmlescape` would also escape `/`, and the bytes of every page depend on
//! this set.

/// Escapes text for HTML: `&`, `<`, `>`, `"` and `'` (as `&#39;`). This is the escaping of
/// everything the build writes as HTML (code blocks, term links, templates' autoescape, feeds)
/// and of the dev server's error overlay. It is pulldown-cmark's own escaping function, the
/// one its HTML writer uses for attributes, so our text and pulldown-cmark's read the same.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 16);
    escape_html_into(&mut out, s);
    out
}

/// [`escape_html`], appended to `out` (for markup written piece by piece, without a string per
/// value).
pub fn escape_html_into(out: &mut String, s: &str) {
    pulldown_cmark_escape::escape_html(out, s).expect("writing to a String cannot fail");
}

/// `rel` (with its query and fragment) joined to the folder `dir`, `.` and `..` resolved.
pub(crate) fn join_path(dir: &str, rel: &str) -> String {
    let cut = rel.find(['?', '#']).unwrap_or(rel.len());
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let segments: Vec<&str> = rel[..cut].split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        match *seg {
            "." => {}
            ".." => {
                parts.pop();
            }
            "" if i + 1 < segments.len() => {}
            s => parts.push(s),
        }
    }
    format!("{}{}", parts.join("/"), &rel[cut..])
}

#[cfg(test)]
mod tests {
    use super::escape_html;

    #[test]
    fn escapes_the_five_characters_and_keeps_the_rest() {
        assert_eq!(
            escape_html(r#"a<b>&"c'd é/"#),
            "a&lt;b&gt;&amp;&quot;c&#39;d é/"
        );
        assert_eq!(escape_html(""), "");
        assert_eq!(escape_html("防衛"), "防衛");
    }
}
