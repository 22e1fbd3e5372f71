//! `kaisetsu check` on a site in several languages: which documents lack a translation (one
//! warning per language with the count, or one per document with `--verbose`), and which
//! translations are older than their original (`updated`).

use crate::error::{Diagnostic, Error, Location};
use crate::model::Site;
use crate::options::BuildOptions;
use std::collections::{BTreeMap, HashSet};

/// The translation warnings of the site at `opts.root` (none for a one-language site).
pub fn check(opts: &BuildOptions, verbose: bool) -> Result<Vec<Diagnostic>, Error> {
    let config = crate::config::load(&opts.root).map_err(Error::Content)?;
    if config.languages.is_empty() {
        return Ok(Vec::new());
    }
    let load_opts = crate::load::LoadOptions {
        drafts: opts.drafts,
    };
    let loaded = crate::load::load(&opts.root, config, load_opts, None);
    Ok(warnings(&loaded.site, verbose))
}

/// The translation warnings of `site`.
pub fn warnings(site: &Site, verbose: bool) -> Vec<Diagnostic> {
    let docs = site.docs.iter().filter(|d| !d.broken);
    let translated: HashSet<(usize, &str)> = docs
        .clone()
        .filter_map(|d| Some((d.original?, d.lang.as_str())))
        .collect();
    let originals: Vec<_> = docs.filter(|d| d.content_path == d.neutral_path).collect();
    let mut out = Vec::new();
    let default = &site.config.language;
    for lang in site.config.languages.keys().filter(|l| *l != default) {
        let missing: Vec<_> = originals
            .iter()
            .filter(|d| !translated.contains(&(d.id, lang.as_str())))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let mut message = format!(
            "{} of {} documents have no `{lang}` translation",
            missing.len(),
            originals.len()
        );
        if !verbose {
            message.push_str(" (`kaisetsu check --verbose` lists them)");
        }
        out.push(Diagnostic::warning(Location::file("content"), message));
        if verbose {
            out.extend(missing.iter().map(|d| {
                let (stem, _) = d.file.path.rsplit_once(".md").unwrap_or((&d.file.path, ""));
                let message = format!("no `{lang}` translation ({stem}.{lang}.md)");
                Diagnostic::warning(Location::file(&d.file.path), message)
            }));
        }
    }
    out.extend(outdated(site));
    out
}

/// Translations whose `updated` (or date) is older than their original's `updated`.
fn outdated(site: &Site) -> Vec<Diagnostic> {
    let mut by_file = BTreeMap::new();
    for t in site.docs.iter().filter(|d| !d.broken) {
        let Some(o) = t.original.map(|o| &site.docs[o]) else {
            continue;
        };
        let Some(changed) = o.meta.updated else {
            continue;
        };
        let own = t.meta.updated.or(t.meta.date);
        if own.is_some_and(|own| own.earliest() >= changed.earliest()) {
            continue;
        }
        let since = own.map_or_else(|| "no date".to_string(), |d| d.iso());
        let message = format!(
            "translation may be out of date: {} was updated {}, this translation {since}",
            o.file.path,
            changed.iso()
        );
        let at = t.key_offset("updated");
        let help = "bring the translation up to date and set its `updated`";
        by_file.insert(&t.file.path, t.file.warning_at(at, message).with_help(help));
    }
    by_file.into_values().collect()
}
