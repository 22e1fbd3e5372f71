//! `kaisetsu check --external`: requests every external URL the content names (links, images
//! and each source's `url`) and reports the ones that are broken or moved for good, at the
//! file:line:col where they are written. It never runs during `build` or `serve`, and it is
//! the only part of kaisetsu that uses the network.
//!
//! Requests run on a small pool of threads (`[link_check] concurrency`, default 8, at most
//! `per_host` at a time on one host, default 2) with a timeout and one retry; see [`http`].
//! Results are kept in `.kaisetsu/links.toml` under the site for `cache_days` (see [`cache`]),
//! so a second run does not touch the network; `--refresh` ignores the cache.

mod cache;
mod http;

use crate::config::LinkLevel as Level;
use crate::error::{Diagnostic, Diagnostics, Error, Location, Severity};
use crate::model::{Doc, Site};
use crate::options::BuildOptions;
use http::Outcome;
use pulldown_cmark::{Event, Options, Parser, Tag};
use std::collections::BTreeMap;
use std::time::Duration;

/// One place an external URL is written.
#[derive(Debug, Clone)]
struct Place {
    location: Location,
    source_line: Option<String>,
    /// The source's `archive_url`, when the URL is a source's `url`.
    archive_url: Option<String>,
}

/// What `check --external` found, besides the diagnostics.
#[derive(Debug, Clone, Default)]
pub struct ExternalReport {
    /// Warnings (errors make [`check`] fail instead).
    pub warnings: Vec<Diagnostic>,
    /// Distinct URLs checked.
    pub urls: usize,
    /// Of those, how many were requested (the rest came from the cache).
    pub requested: usize,
}

/// Checks every external URL of the site at `opts.root`; `refresh` ignores the cache.
pub fn check(opts: &BuildOptions, refresh: bool) -> Result<ExternalReport, Error> {
    let config = crate::config::load(&opts.root).map_err(Error::Content)?;
    let settings = config.link_check.clone();
    let load_opts = crate::load::LoadOptions {
        drafts: opts.drafts,
    };
    let loaded = crate::load::load(&opts.root, config, load_opts, None);
    let (site, mut diags) = (loaded.site, loaded.walk_diags);
    diags.extend(loaded.doc_diags.0);
    if diags.has_errors() {
        return Err(Error::Content(diags));
    }
    let places = gather(&site, &settings.skip);
    let cache_path = opts.root.join(".kaisetsu").join("links.toml");
    let mut cache = if refresh {
        cache::Cache::default()
    } else {
        cache::Cache::read(&cache_path)
    };
    let ttl = Duration::from_secs(settings.cache_days * 86_400);
    let todo: Vec<String> = places
        .keys()
        .filter(|u| cache.fresh(u, ttl).is_none())
        .cloned()
        .collect();
    let results = http::check_all(&todo, &settings);
    for (url, outcome) in todo.iter().zip(results) {
        cache.insert(url, outcome);
    }
    cache.write(&cache_path)?;
    let mut found = Diagnostics::default();
    for (url, list) in &places {
        let outcome = cache
            .fresh(url, Duration::MAX)
            .expect("every URL was just checked or cached");
        for place in list {
            found.extend(diagnostic(url, &outcome, place, settings.external_level));
        }
    }
    found.sort();
    if found.has_errors() {
        return Err(Error::Content(found));
    }
    Ok(ExternalReport {
        warnings: found.0,
        urls: places.len(),
        requested: todo.len(),
    })
}

/// The diagnostic for `url` written at `place`, if its outcome is worth one.
fn diagnostic(url: &str, outcome: &Outcome, place: &Place, level: Level) -> Option<Diagnostic> {
    let severity = match level {
        Level::Warn => Severity::Warning,
        Level::Error => Severity::Error,
    };
    let (severity, message, help) = match outcome {
        Outcome::Ok => return None,
        Outcome::Moved { to } => (
            Severity::Warning,
            format!("{url} moved permanently to {to}"),
            "link to the new address".to_string(),
        ),
        Outcome::Status { code } => (
            severity,
            format!("{url} returned {code}"),
            broken_help(place),
        ),
        Outcome::Failed { reason } => (
            severity,
            format!("{url} could not be reached: {reason}"),
            broken_help(place),
        ),
    };
    Some(Diagnostic {
        severity,
        location: place.location.clone(),
        message,
        help: Some(help),
        source_line: place.source_line.clone(),
    })
}

fn broken_help(place: &Place) -> String {
    match &place.archive_url {
        Some(a) => {
            format!("the source has an archived copy: {a} (point `url` at it, or keep both)")
        }
        None => "fix or remove the link, add an `archive_url` to a source, or list the URL under \
                 [link_check] skip"
            .to_string(),
    }
}

fn is_external(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://")
}

/// Every external URL of the site, with every place it is written, skipped prefixes left out.
fn gather(site: &Site, skip: &[String]) -> BTreeMap<String, Vec<Place>> {
    let mut out: BTreeMap<String, Vec<Place>> = BTreeMap::new();
    for doc in site.docs.iter().filter(|d| !d.broken) {
        let mut add = |url: &str, offset: usize, archive_url: Option<String>| {
            if !is_external(url) || skip.iter().any(|s| url.starts_with(s.as_str())) {
                return;
            }
            let d = doc.file.error_at(offset, "");
            out.entry(url.to_string()).or_default().push(Place {
                location: d.location,
                source_line: d.source_line,
                archive_url,
            });
        };
        for s in &doc.meta.sources {
            let archive = Some(s.archive_url.clone()).filter(|a| !a.is_empty());
            add(&s.url, source_offset(doc, &s.url), archive);
        }
        for (url, offset) in body_urls(doc) {
            add(&url, offset, None);
        }
    }
    out
}

/// Where the front matter writes `url` (the block's start when it cannot be found).
fn source_offset(doc: &Doc, url: &str) -> usize {
    let fm = doc.front_matter.clone();
    doc.file.text[fm.clone()]
        .find(url)
        .map_or(fm.start, |i| fm.start + i)
}

/// The destinations of the body's links and images, with their offsets in the file.
fn body_urls(doc: &Doc) -> Vec<(String, usize)> {
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    Parser::new_ext(doc.body(), opts)
        .into_offset_iter()
        .filter_map(|(e, range)| match e {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                Some((dest_url.to_string(), doc.body_offset + range.start))
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_source_suggests_its_archived_copy() {
        let place = Place {
            location: Location::file("content/a.md"),
            source_line: None,
            archive_url: Some("https://archive.example/x".into()),
        };
        let d = diagnostic(
            "https://x.example/",
            &Outcome::Status { code: 404 },
            &place,
            Level::Warn,
        )
        .expect("a 404 is reported");
        assert_eq!(d.message, "https://x.example/ returned 404");
        assert!(d.help.unwrap().contains("https://archive.example/x"));
        assert!(diagnostic("https://x.example/", &Outcome::Ok, &place, Level::Error).is_none());
    }
}
