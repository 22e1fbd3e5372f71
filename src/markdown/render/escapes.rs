//! Where the source wrote a `[` some other way than as itself (a backslash escape or a
//! character reference): such a bracket never starts a citation or a callout marker.

use super::Renderer;

/// How the source wrote a text event's text.
#[derive(Debug, Clone, Copy)]
pub(super) enum Written {
    /// Character for character.
    AsIs,
    /// Its first character after a backslash (pulldown-cmark leaves the backslash out).
    Escaped,
    /// Some other way: a character reference such as `&#91;`.
    Otherwise,
}

impl Written {
    pub(super) fn of(text: &str, body: &str, range: std::ops::Range<usize>) -> Self {
        let backslashes = body.as_bytes()[..range.start]
            .iter()
            .rev()
            .take_while(|&&b| b == b'\\')
            .count();
        if backslashes % 2 == 1 {
            Written::Escaped
        } else if body.get(range) != Some(text) {
            Written::Otherwise
        } else {
            Written::AsIs
        }
    }
}

impl Renderer<'_, '_> {
    /// Notes where text event `text` puts a `[` that the source wrote some other way (a
    /// backslash escape or a character reference): `\\[@a]` and `&#91;@a]` are literal text,
    /// not citations.
    pub(super) fn note_escaped_brackets(&mut self, text: &str, written: Written) {
        let at = self.pending.as_ref().map_or(0, |p| p.len());
        match written {
            Written::AsIs => {}
            Written::Escaped => {
                if text.starts_with('[') {
                    self.escaped_brackets.push(at);
                }
            }
            Written::Otherwise => self
                .escaped_brackets
                .extend(text.match_indices('[').map(|(i, _)| at + i)),
        }
    }
}
