//! Byte offsets to 1-based line and column.
//!
//! Every diagnostic that points into a source file goes through [`LineIndex`], built once per
//! file, so positions are computed in one place. Columns count chars, not bytes.

use crate::error::{Diagnostic, Location};

/// Line starts of one source text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// 1-based (line, column) of byte `offset` in `text` (the text this index was built from).
    ///
    /// ```
    /// let text = "+++\ntitle = \"é x\"\n";
    /// let idx = kaisetsu::span::LineIndex::new(text);
    /// assert_eq!(idx.line_col(text, text.find('x').unwrap()), (2, 12));
    /// ```
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let mut end = offset;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let col = text[start..end].chars().count() + 1;
        (line + 1, col)
    }

    /// Byte offset of the start of 1-based `line`.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0)
    }

    /// The text of 1-based `line`, without its line ending.
    pub fn line_text<'a>(&self, text: &'a str, line: usize) -> Option<&'a str> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let end = self.starts.get(line).copied().unwrap_or(text.len());
        Some(text.get(start..end)?.trim_end_matches(['\n', '\r']))
    }
}

/// A source file's text with its line index, for turning offsets into diagnostics.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the site root, `/`-separated.
    pub path: String,
    /// The file's text (a leading BOM removed).
    pub text: String,
    lines: LineIndex,
}

impl SourceFile {
    /// Wraps `text` read from `path`; a UTF-8 byte-order mark is dropped.
    pub fn new(path: impl Into<String>, text: String) -> Self {
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        };
        let lines = LineIndex::new(&text);
        SourceFile {
            path: path.into(),
            text,
            lines,
        }
    }

    /// The location of byte `offset`.
    pub fn location(&self, offset: usize) -> Location {
        let (line, col) = self.lines.line_col(&self.text, offset);
        Location {
            path: self.path.clone(),
            line,
            col,
        }
    }

    /// The text of 1-based `line`.
    pub fn line_text(&self, line: usize) -> Option<&str> {
        self.lines.line_text(&self.text, line)
    }

    /// Byte offset of the start of 1-based `line`.
    pub fn line_start(&self, line: usize) -> usize {
        self.lines.line_start(line)
    }

    /// An error diagnostic at byte `offset`, carrying the offending line.
    pub fn error_at(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        let loc = self.location(offset);
        let line = self.line_text(loc.line).map(str::to_string);
        Diagnostic::error(loc, message).with_source_line(line)
    }

    /// A warning diagnostic at byte `offset`.
    pub fn warning_at(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        let mut d = self.error_at(offset, message);
        d.severity = crate::error::Severity::Warning;
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_to_lines_and_char_columns() {
        let text = "ab\nçdé\r\nx";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), (1, 1));
        assert_eq!(idx.line_col(text, 3), (2, 1));
        // 'é' starts after "çd" (3 bytes) -> column 3
        assert_eq!(idx.line_col(text, 3 + 3), (2, 3));
        assert_eq!(idx.line_col(text, text.len() - 1), (3, 1));
        assert_eq!(idx.line_text(text, 2), Some("çdé"));
        assert_eq!(idx.line_start(3), text.len() - 1);
    }
}
