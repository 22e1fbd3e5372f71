//! JSON written into HTML. A `<script>` element ends at the first `</script` whatever the
//! script's type, so JSON-LD (terms, events, articles) and inline data for scripts must never
//! hold a raw `<`; `<!--` changes how the element ends, and `&` matters inside attributes.
//! Every `<`, `>` and `&` is written as `\u003c`, `\u003e` and `\u0026`, and U+2028/U+2029
//! (line ends to older JavaScript) as `\u2028`/`\u2029`. Those characters can only sit inside
//! JSON strings, so the text stays valid JSON and parses back to the same value.
//!
//! [`register`] replaces Tera's built-in `json_encode` filter with one that escapes, so theme
//! and site templates are safe without knowing about it.

use std::collections::HashMap;

/// `value` as JSON that is safe inside a `<script>` element or an HTML attribute.
pub fn to_html_json(value: &serde_json::Value, pretty: bool) -> String {
    let text = if pretty {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    }
    .expect("a serde_json::Value always serialises");
    escape_json_for_html(&text)
}

/// Escapes serialised JSON (see the module doc); text without those characters is returned as is.
pub fn escape_json_for_html(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Registers the escaping `json_encode` (same arguments as Tera's: `pretty`).
pub(crate) fn register(tera: &mut tera::Tera) {
    tera.register_filter(
        "json_encode",
        |value: &tera::Value, args: &HashMap<String, tera::Value>| -> tera::Result<tera::Value> {
            let pretty = args
                .get("pretty")
                .and_then(tera::Value::as_bool)
                .unwrap_or(false);
            Ok(tera::Value::String(to_html_json(value, pretty)))
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::xorshift;

    #[test]
    fn script_end_and_comment_open_are_escaped() {
        let v = serde_json::json!({"name": "Evil </script><script>alert(1)</script> & <!-- x"});
        let s = to_html_json(&v, false);
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&'),
            "{s}"
        );
        assert!(s.contains(r"\u003c/script\u003e"), "{s}");
    }

    /// Random strings heavy in markup round-trip through the escaped JSON, which never holds
    /// `<`, `>` or `&`.
    #[test]
    fn escaped_json_parses_back_to_the_same_value() {
        const PIECES: &[&str] = &[
            "<",
            ">",
            "&",
            "/",
            "\"",
            "\\",
            "'",
            "</script>",
            "<!--",
            "-->",
            "]]>",
            "\u{2028}",
            "\u{2029}",
            "é",
            "解説",
            "\n",
            "\t",
            "\u{0}",
            "a",
            " ",
            "&amp;",
            "\\u003c",
        ];
        let mut state = 0x5eed_u64;
        let mut below = |n: usize| (xorshift(&mut state) % n as u64) as usize;
        for _ in 0..2000 {
            let n = below(12);
            let s: String = (0..n).map(|_| PIECES[below(PIECES.len())]).collect();
            let v = serde_json::json!({"s": s, "list": [s.clone(), "x"]});
            let text = to_html_json(&v, below(2) == 0);
            assert!(!text.contains(['<', '>', '&', '\u{2028}', '\u{2029}']));
            let back: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
            assert_eq!(back, v);
        }
    }
}
