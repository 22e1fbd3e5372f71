//! The searchable text of a rendered page: its body HTML split at headings into
//! [`Section`]s of plain text, each with the id of the heading it sits under (the anchor a
//! result links to). Code blocks, citation markers and heading permalink signs are left out.

/// The text under one heading (or before the first).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Section {
    /// The heading's id (empty before the first heading, or for a heading without one).
    pub anchor: String,
    /// The heading's text (empty before the first heading).
    pub heading: String,
    /// The text, with whitespace collapsed.
    pub text: String,
}

/// Elements whose content is not searchable text.
fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "pre" | "script" | "style" | "sup" | "svg" | "template"
    )
}

/// Elements that end a run of words (a space is put in where they open or close).
fn is_break(name: &str) -> bool {
    matches!(
        name,
        "p" | "li"
            | "td"
            | "th"
            | "br"
            | "div"
            | "blockquote"
            | "dt"
            | "dd"
            | "figcaption"
            | "tr"
            | "ul"
            | "ol"
            | "table"
            | "section"
            | "aside"
            | "details"
            | "summary"
    )
}

/// One tag of the HTML.
struct Tag<'a> {
    name: &'a str,
    closing: bool,
    attrs: &'a str,
}

fn parse_tag(inner: &str) -> Tag<'_> {
    let (closing, rest) = match inner.strip_prefix('/') {
        Some(r) => (true, r),
        None => (false, inner),
    };
    let end = rest
        .bytes()
        .position(|b| b.is_ascii_whitespace() || b == b'/')
        .unwrap_or(rest.len());
    Tag {
        name: &rest[..end],
        closing,
        attrs: &rest[end..],
    }
}

/// The value of attribute `name` in `attrs` (double-quoted, as the renderer writes them).
fn attr<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    for (i, _) in attrs.match_indices(name) {
        let (before, after) = (&attrs[..i], &attrs[i + name.len()..]);
        if before.ends_with(' ') {
            if let Some(value) = after.strip_prefix("=\"") {
                return value.find('"').map(|len| &value[..len]);
            }
        }
    }
    None
}

/// Text a reader does not see as part of the page: glossary tooltips (the term's summary,
/// indexed on the term's own page), icons hidden from assistive technology.
fn hidden(tag: &Tag<'_>) -> bool {
    // At each `=`, as `str::contains` of the two would find them, without setting up a
    // substring searcher for every start tag.
    let attrs = tag.attrs.as_bytes();
    memchr::memchr_iter(b'=', attrs).any(|at| {
        let (name, value) = attrs.split_at(at);
        (name.ends_with(b" role") && value.starts_with(b"=\"tooltip\""))
            || (name.ends_with(b" aria-hidden") && value.starts_with(b"=\"true\""))
    })
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Builds the sections as the HTML is walked.
#[derive(Default)]
struct Walker<'a> {
    sections: Vec<Section>,
    current: Section,
    in_heading: bool,
    skip: Vec<&'a str>,
}

impl<'a> Walker<'a> {
    /// Appends `text` with runs of whitespace collapsed to one space (none at the start of
    /// the text it goes to) and character references decoded.
    fn push_text(&mut self, text: &str) {
        if !self.skip.is_empty() || text.is_empty() {
            return;
        }
        let target = if self.in_heading {
            &mut self.current.heading
        } else {
            &mut self.current.text
        };
        if !push_collapsed(text, target) {
            push_words(text, target);
        }
    }

    fn space(&mut self) {
        let t = if self.in_heading {
            &mut self.current.heading
        } else {
            &mut self.current.text
        };
        if !t.ends_with(' ') && !t.is_empty() {
            t.push(' ');
        }
    }

    fn tag(&mut self, tag: Tag<'a>) {
        if let Some(&open) = self.skip.last() {
            if tag.closing && tag.name == open {
                self.skip.pop();
            } else if !tag.closing && tag.name == open && !tag.attrs.ends_with('/') {
                self.skip.push(tag.name);
            }
            return;
        }
        if !tag.closing && (is_skipped(tag.name) || hidden(&tag)) {
            self.skip.push(tag.name);
        } else if is_heading(tag.name) && !tag.closing {
            let done = std::mem::take(&mut self.current);
            if !done.text.trim().is_empty() || !done.heading.is_empty() {
                self.sections.push(done);
            }
            self.current.anchor = attr(tag.attrs, "id").unwrap_or("").to_string();
            self.in_heading = true;
        } else if is_heading(tag.name) {
            self.in_heading = false;
        } else if is_break(tag.name) {
            self.space();
        }
    }

    fn finish(mut self) -> Vec<Section> {
        if !self.current.text.trim().is_empty() || !self.current.heading.is_empty() {
            self.sections.push(self.current);
        }
        for s in &mut self.sections {
            s.heading.truncate(s.heading.trim_end().len());
            s.text.truncate(s.text.trim_end().len());
        }
        self.sections
    }
}

/// Appends `text` with runs of whitespace collapsed to one space (none at the start of `out`),
/// as [`push_words`] does, when it has no character reference; at an `&` it returns false with
/// `out` as it was, and such text goes word by word. A byte at a time: most text between two
/// tags is a few dozen bytes, too short for a vector search's setup to pay; a single space
/// between two words goes over with the words around it.
fn push_collapsed(text: &str, out: &mut String) -> bool {
    let bytes = text.as_bytes();
    let kept = out.len();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        if !bytes[i].is_ascii_whitespace() {
            if bytes[i] == b'&' {
                out.truncate(kept);
                return false;
            }
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < bytes.len() && bytes[end].is_ascii_whitespace() {
            end += 1;
        }
        if i > 0 && end == i + 1 && bytes[i] == b' ' {
            i = end;
            continue;
        }
        out.push_str(&text[start..i]);
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        (start, i) = (end, end);
    }
    out.push_str(&text[start..]);
    true
}

/// Appends `text` word by word, each with its character references decoded, with runs of
/// whitespace collapsed to one space (none at the start of `out`).
fn push_words(text: &str, out: &mut String) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let space = i;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i > space && !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        let word = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        decode_into(&text[word..i], out);
    }
}

/// Appends `text` with its character references decoded.
fn decode_into(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        // By bytes: the twelfth byte can fall inside a character (`&amp;&amp;日本` did, and
        // the build panicked).
        let window = &rest.as_bytes()[..rest.len().min(12)];
        let Some(end) = memchr::memchr(b';', window) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        match decode_entity(&rest[1..end]) {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

fn decode_entity(name: &str) -> Option<char> {
    let num = |digits: &str, radix| {
        u32::from_str_radix(digits, radix)
            .ok()
            .and_then(char::from_u32)
    };
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => match name.strip_prefix('#') {
            Some(h) if h.starts_with(['x', 'X']) => num(&h[1..], 16),
            Some(d) => num(d, 10),
            None => None,
        },
    }
}

/// The sections of a rendered body (`html`, with shortcode placeholders already stripped).
pub fn sections(html: &str) -> Vec<Section> {
    let mut w = Walker::default();
    w.current.text.reserve(html.len() / 2);
    let mut rest = html;
    while let Some(i) = memchr::memchr(b'<', rest.as_bytes()) {
        w.push_text(&rest[..i]);
        let Some(len) = memchr::memchr(b'>', &rest.as_bytes()[i..]) else {
            rest = &rest[i..];
            break;
        };
        let inner = &rest[i + 1..i + len];
        if !inner.starts_with('!') {
            w.tag(parse_tag(inner));
        }
        rest = &rest[i + len + 1..];
    }
    w.push_text(rest);
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_headings_and_keeps_their_ids() {
        let html = "<p>Intro &amp; more</p>\n<h2 id=\"why\">Why <em>now</em><span aria-hidden=\"true\">#</span></h2>\n<p>Because <a href=\"/t/\">PAC-3</a><span class=\"term-tip\" role=\"tooltip\">An <span>interceptor</span></span>.</p><pre><code>let x = 1;</code></pre><p>End<sup class=\"citation\"><a href=\"#s1\">1</a></sup>.</p>";
        let s = sections(html);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].text, "Intro & more");
        assert_eq!(
            (s[1].anchor.as_str(), s[1].heading.as_str()),
            ("why", "Why now")
        );
        assert_eq!(s[1].text, "Because PAC-3. End.");
    }

    #[test]
    fn text_in_slices_collapses_whitespace_as_word_by_word() {
        let pieces = [
            "a", "bc", " ", "  ", "\n", "\t", "é", "日本", "\r", "\x0c", " \n", "&amp;",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20000 {
            let text: String = (0..crate::testing::xorshift(&mut seed) % 12)
                .map(|_| pieces[(crate::testing::xorshift(&mut seed) % 12) as usize])
                .collect();
            for before in ["", "x", "x "] {
                let mut w = Walker::default();
                w.current.text.push_str(before);
                w.push_text(&text);
                let mut want = before.to_string();
                push_words(&text, &mut want);
                assert_eq!(w.current.text, want, "{text:?} after {before:?}");
            }
        }
    }

    #[test]
    fn a_reference_before_japanese_text_is_decoded_without_a_panic() {
        // The search for the reference's `;` once cut the text at its twelfth byte, inside 日.
        let s = sections("<p>&amp;&amp;日本 &amp;日本語です</p>");
        assert_eq!(s[0].text, "&&日本 &日本語です");
    }

    #[test]
    fn decodes_numeric_references_and_leaves_stray_ampersands() {
        let s = sections("<p>&#39;a&#x27; &amp;&c &lt;b&gt;</p>");
        assert_eq!(s[0].text, "'a' &&c <b>");
    }
}
