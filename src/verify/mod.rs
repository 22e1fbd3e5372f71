//! Checks on what the build produced, as opposed to what it read: `--strict` (warnings fail
//! the build).

use crate::error::{Diagnostic, Diagnostics, Error, Severity};

/// With `strict`, a build that has warnings fails with them as errors (before anything is
/// written); otherwise the warnings are handed back.
pub fn strict_gate(strict: bool, warnings: Vec<Diagnostic>) -> Result<Vec<Diagnostic>, Error> {
    if !strict || warnings.is_empty() {
        return Ok(warnings);
    }
    let mut diags = Diagnostics(
        warnings
            .into_iter()
            .map(|d| Diagnostic {
                severity: Severity::Error,
                ..d
            })
            .collect(),
    );
    diags.sort();
    Err(Error::Content(diags))
}
