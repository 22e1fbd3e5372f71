//! `[nav]`: how much of the site navigation the header shows.

use serde::Deserialize;

pub(super) const NAV_KEYS: &[&str] = &["limit"];

/// The header's entries unless `[nav] limit` says otherwise: a site of 100 sections would
/// otherwise put 100 links (4 KB, and 100 stops for a keyboard user) on every page.
pub const NAV_LIMIT: usize = 8;

/// `[nav]` settings.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(default)]
pub struct NavConfig {
    /// The most entries the header lists, by weight (`0`: every entry). The page's own entry,
    /// or the one above it, is listed too when it falls past the limit; the rest are reached
    /// through the home page (the template's `nav_more`).
    pub limit: usize,
}

impl Default for NavConfig {
    fn default() -> Self {
        NavConfig { limit: NAV_LIMIT }
    }
}
