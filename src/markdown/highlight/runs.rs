//! From syntect's styled pieces of a line, in each theme, to the spans of the block: one span
//! per run of text that looks the same in both themes, none for text in the block's own colour.

use super::palette::{Look, Themes};
use syntect::highlighting::Style;

/// Text, with where its run ends, as syntect's inline rendering shows it: a piece of only
/// whitespace on the background of the piece before it takes that piece's style (syntect's
/// `append_highlighted_html_for_styled_line`), so its colour is the one syntect's HTML gives it.
pub(super) fn as_rendered(pieces: &[(Style, &str)]) -> Vec<(usize, Style)> {
    let mut out: Vec<(usize, Style)> = Vec::with_capacity(pieces.len());
    let mut end = 0;
    let mut shown: Option<Style> = None;
    for &(style, text) in pieces {
        end += text.len();
        let same = shown.is_some_and(|s| {
            s == style || (s.background == style.background && text.trim().is_empty())
        });
        if !same {
            shown = Some(style);
        }
        let style = shown.expect("set above");
        match out.last_mut() {
            Some(last) if last.1 == style => last.0 = end,
            _ => out.push((end, style)),
        }
    }
    out
}

/// Writes runs of code into `<span>`s, merging neighbours with the same class.
pub(super) struct SpanWriter<'t> {
    themes: &'t Themes,
    html: String,
    /// The class of the open span, if one is open.
    open: Option<String>,
    class: String,
}

impl<'t> SpanWriter<'t> {
    /// A writer for a block of about `len` bytes of code.
    pub(super) fn new(themes: &'t Themes, len: usize) -> Self {
        SpanWriter {
            themes,
            html: String::with_capacity(len * 2),
            open: None,
            class: String::new(),
        }
    }

    /// Writes one line: `light` and `dark` are its runs in each theme, as [`as_rendered`]
    /// gives them. `None` when a look has no class (the caller then writes the block plain).
    pub(super) fn line(
        &mut self,
        line: &str,
        light: &[(usize, Style)],
        dark: &[(usize, Style)],
    ) -> Option<()> {
        let (lp, dp) = (&self.themes.light_palette, &self.themes.dark_palette);
        let (mut li, mut di, mut start) = (0, 0, 0);
        while start < line.len() {
            let (l, d) = (light.get(li)?, dark.get(di)?);
            let end = l.0.min(d.0);
            if end > start {
                self.run(lp.look(l.1), dp.look(d.1), &line[start..end])?;
            }
            start = end;
            li += usize::from(l.0 == end);
            di += usize::from(d.0 == end);
        }
        Some(())
    }

    fn run(&mut self, light: Look, dark: Look, text: &str) -> Option<()> {
        let plain = (light, dark)
            == (
                self.themes.light_palette.plain(),
                self.themes.dark_palette.plain(),
            );
        self.class.clear();
        if !plain && !self.themes.push_class(light, dark, &mut self.class) {
            return None;
        }
        if self.open.as_deref() != (!plain).then_some(self.class.as_str()) {
            if self.open.take().is_some() {
                self.html.push_str("</span>");
            }
            if !plain {
                // Unquoted: a class is only digits and lowercase letters.
                self.html.push_str("<span class=");
                self.html.push_str(&self.class);
                self.html.push('>');
                self.open = Some(self.class.clone());
            }
        }
        pulldown_cmark_escape::escape_html_body_text(&mut self.html, text)
            .expect("a String cannot fail");
        Some(())
    }

    /// The HTML, with the last span closed.
    pub(super) fn finish(mut self) -> String {
        if self.open.is_some() {
            self.html.push_str("</span>");
        }
        self.html
    }
}
