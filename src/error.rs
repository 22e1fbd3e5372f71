//! Typed errors and diagnostics.
//!
//! The build stages never print: every stage returns [`Diagnostic`]s (a problem at a place in
//! a source file, with an optional `help:` hint) and the edge reports them once. The edges are
//! the CLI (`main.rs`) and the dev server's rebuild loop (`serve`), which runs for as long as
//! the server does and so reports each rebuild on stderr as it happens. [`Error`] is what the public API returns when a build cannot finish.

use std::fmt;
use std::path::PathBuf;

/// How serious a diagnostic is. Warnings never stop a build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Stops the build.
    Error,
    /// Reported, but the build goes on.
    Warning,
}

/// A place in a source file: path relative to the site root, 1-based line and column (chars).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Location {
    /// Path relative to the site root, with `/` separators.
    pub path: String,
    /// 1-based line, 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column in chars, 0 when unknown.
    pub col: usize,
}

impl Location {
    /// A location that points at a whole file.
    pub fn file(path: impl Into<String>) -> Self {
        Location {
            path: path.into(),
            line: 0,
            col: 0,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.col) {
            (0, _) => write!(f, "{}", self.path),
            (l, 0) => write!(f, "{}:{l}", self.path),
            (l, c) => write!(f, "{}:{l}:{c}", self.path),
        }
    }
}

/// One problem found in the site's sources.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where it is.
    pub location: Location,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when there is something useful to say.
    pub help: Option<String>,
    /// The offending source line, when known (shown by the dev server's overlay).
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// A new error at `location`.
    pub fn error(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location,
            message: message.into(),
            help: None,
            source_line: None,
        }
    }
    /// A new warning at `location`.
    pub fn warning(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(location, message)
        }
    }
    /// Adds a `help:` line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    /// Attaches the offending source line.
    pub fn with_source_line(mut self, line: Option<String>) -> Self {
        self.source_line = line;
        self
    }
    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {kind}: {}", self.location, self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Diagnostics gathered by one stage or one build, kept sorted for stable output.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Adds one diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
    /// Adds many.
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }
    /// True when any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }
    /// Sorts by path, line and column, errors first at equal places, and drops exact repeats.
    pub fn sort(&mut self) {
        self.0
            .sort_by(|a, b| (&a.location, a.severity).cmp(&(&b.location, b.severity)));
        self.0.dedup();
    }
    /// The errors only.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.is_error())
    }
}

/// What kind of failure an [`Error`] is, for callers that match on causes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The sources have problems (exit code 1).
    Content,
    /// The command was asked something impossible (exit code 2).
    Usage,
    /// Reading or writing files failed.
    Io,
}

/// Why a build, check or init did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One or more problems in the sources; the output was left untouched.
    #[error("{} error(s) in the site's sources", .0.errors().count())]
    Content(Diagnostics),
    /// The request itself is wrong (a bad output folder, a missing site root, a non-empty init folder).
    #[error("{message}")]
    Usage {
        /// What is wrong.
        message: String,
        /// How to fix it.
        help: Option<String>,
    },
    /// An I/O failure outside the sources' control.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// The kind of failure.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Content(_) => ErrorKind::Content,
            Error::Usage { .. } => ErrorKind::Usage,
            Error::Io { .. } => ErrorKind::Io,
        }
    }
    /// A usage error with a help line.
    pub fn usage(message: impl Into<String>, help: impl Into<String>) -> Self {
        Error::Usage {
            message: message.into(),
            help: Some(help.into()),
        }
    }
    /// Wraps an I/O error with its path.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// Returns the candidate closest to `word`, if any is close enough to be a useful suggestion.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    nearest(word, candidates, 0.5)
}

/// The candidate closest to `word` (normalized Damerau-Levenshtein, case aside), when its
/// likeness is at least `min`.
pub fn nearest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    min: f64,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::normalized_damerau_levenshtein(&lower, &c.to_lowercase()),
                c,
            )
        })
        .filter(|(score, _)| *score >= min)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_formats_like_a_compiler() {
        let l = Location {
            path: "content/a.md".into(),
            line: 12,
            col: 5,
        };
        assert_eq!(l.to_string(), "content/a.md:12:5");
        assert_eq!(Location::file("config.toml").to_string(), "config.toml");
    }

    #[test]
    fn suggestions_pick_the_nearest_word() {
        assert_eq!(
            did_you_mean("titel", ["title", "date", "weight"]),
            Some("title")
        );
        assert_eq!(did_you_mean("zzzzzz", ["title", "date"]), None);
    }
}
