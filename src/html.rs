//! Escaping text for HTML, shared by every stage that writes markup (Markdown extensions, the
//! glossary's link templates, Tera's autoescape and the feeds). A leaf: it uses no other module.
//!
//! Hand-written rather than `pulldown_cmark::escape` or `v_htmlescape`: neither escapes exactly
//! `& < > " '` (the first leaves `'` alone, the second also escapes `/`), and the output of every
//! page depends on this set.

/// Escapes text for HTML: `&`, `<`, `>`, `"` and `'`. Copies runs of safe bytes at once.
pub fn escape_html(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len() + s.len() / 16);
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        out.push_str(rep);
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out
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
