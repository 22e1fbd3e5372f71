//! `.kaisetsu/links.toml`: what each external URL gave and when, so that a second
//! `check --external` within `cache_days` does not touch the network.

use super::http::Outcome;
use crate::error::Error;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The cached results, by URL.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub(super) struct Cache {
    #[serde(default)]
    links: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Entry {
    /// Seconds since the Unix epoch.
    checked: u64,
    #[serde(flatten)]
    outcome: Outcome,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Cache {
    /// Reads the cache; a missing or unreadable file is an empty cache (it is only a cache).
    pub(super) fn read(path: &Path) -> Self {
        std::fs::read_to_string(path)
            .ok()
            .and_then(|t| toml::from_str(&t).ok())
            .unwrap_or_default()
    }

    /// The outcome for `url` if it was checked less than `ttl` ago.
    pub(super) fn fresh(&self, url: &str, ttl: Duration) -> Option<Outcome> {
        let e = self.links.get(url)?;
        let age = now().saturating_sub(e.checked);
        (Duration::from_secs(age) < ttl).then(|| e.outcome.clone())
    }

    /// Records `outcome` for `url`, checked now.
    pub(super) fn insert(&mut self, url: &str, outcome: Outcome) {
        self.links.insert(
            url.to_string(),
            Entry {
                checked: now(),
                outcome,
            },
        );
    }

    /// Writes the cache to `path`, creating its folder.
    pub(super) fn write(&self, path: &Path) -> Result<(), Error> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let text = toml::to_string(self).expect("the cache serialises to TOML");
        let header =
            "# Results of `kaisetsu check --external` (delete or use --refresh to check again).\n";
        std::fs::write(path, format!("{header}{text}")).map_err(|e| Error::io(path, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_round_trip_through_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".kaisetsu/links.toml");
        let mut c = Cache::default();
        c.insert("https://a.example/", Outcome::Status { code: 404 });
        c.insert(
            "https://b.example/",
            Outcome::Moved {
                to: "https://c.example/".into(),
            },
        );
        c.insert("https://d.example/", Outcome::Ok);
        c.write(&path).unwrap();
        let back = Cache::read(&path);
        let day = Duration::from_secs(86_400);
        assert_eq!(
            back.fresh("https://a.example/", day),
            Some(Outcome::Status { code: 404 })
        );
        assert_eq!(back.fresh("https://d.example/", day), Some(Outcome::Ok));
        assert_eq!(back.fresh("https://a.example/", Duration::ZERO), None);
        assert_eq!(back.fresh("https://e.example/", day), None);
    }
}
