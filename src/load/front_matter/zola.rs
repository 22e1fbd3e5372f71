//! Front-matter keys with Zola's names (issue 20): a section's `sort_by` and `redirect_to`, a
//! page's `path` and `slug`, `render` (what it cannot go with), and Zola's names for fields kaisetsu
//! already has.

use super::{Block, RawFrontMatter};
use crate::error::Diagnostics;
use crate::model::{DocKind, SortBy};

/// A section's `sort_by` (Zola's key and values): how its listing orders its pages.
fn sort_by(b: &Block<'_>, value: Option<&str>, diags: &mut Diagnostics) -> Option<SortBy> {
    let v = value?;
    let known = [
        ("date", SortBy::Date),
        ("title", SortBy::Title),
        ("weight", SortBy::Weight),
        ("update_date", SortBy::UpdateDate),
        ("title_bytes", SortBy::TitleBytes),
        ("slug", SortBy::Slug),
        ("permalink", SortBy::Permalink),
        ("none", SortBy::Default),
    ];
    let found = known.iter().find(|(name, _)| *name == v).map(|k| k.1);
    if found.is_none() {
        let message = format!("`sort_by` is \"{v}\", which is not a way to sort pages");
        diags.push(
            b.error(b.key_at("sort_by"), message)
                .with_help("write \"date\" (newest first), \"update_date\", \"title\", \"title_bytes\", \"weight\" (lowest first), \"slug\", \"permalink\" or \"none\" (weight, then date, then title)"),
        );
    }
    found
}

/// The fields with Zola's names: a section's `sort_by` and `redirect_to`, a page's `path`, and
/// the names moved to kaisetsu's fields ([`zola_names`]).
pub(super) fn zola_fields(
    b: &Block<'_>,
    kind: DocKind,
    raw: &mut RawFrontMatter,
    diags: &mut Diagnostics,
) -> (Option<SortBy>, Option<String>, Option<String>) {
    check_slug(b, raw.slug.as_deref(), diags);
    let sort_by = sort_by(b, raw.sort_by.as_deref(), diags);
    let path = url_path(b, raw.path.take(), diags);
    let redirect_to = raw.redirect_to.take().filter(|t| !t.trim().is_empty());
    zola_names(raw, kind);
    redirect_paths(b, raw, diags);
    if raw.render == Some(false) {
        unwritten_targets(b, raw, redirect_to.is_some(), diags);
    }
    (sort_by, path, redirect_to)
}

/// A document with `render = false` is not written, so nothing may redirect to it
/// (`redirect_from`, `aliases`) and a section cannot be written as a redirect (`redirect_to`).
fn unwritten_targets(
    b: &Block<'_>,
    raw: &RawFrontMatter,
    redirect_to: bool,
    diags: &mut Diagnostics,
) {
    if !raw.redirect_from.is_empty() {
        let key = crate::model::redirect_key(b.text);
        let message = format!(
            "`{key}` redirects to this page, but it has `render = false`: it is not written"
        );
        let help = format!("remove `render = false` to write the page, or remove `{key}`");
        diags.push(b.error(b.key_at(key), message).with_help(help));
    }
    if redirect_to {
        let message = "`redirect_to` writes a redirect at this section's URL, but it has `render = false`: nothing is written there";
        let help =
            "keep one: `redirect_to` to send readers on, or `render = false` to write nothing";
        diags.push(b.error(b.key_at("redirect_to"), message).with_help(help));
    }
}

/// Each of a page's old URL paths (`redirect_from`, `aliases`) must be a path under the site:
/// not empty (the home page), no `.` or `..` step, no scheme, query or fragment. A bad one is
/// an error at its value, and dropped.
fn redirect_paths(b: &Block<'_>, raw: &mut RawFrontMatter, diags: &mut Diagnostics) {
    let key = crate::model::redirect_key(b.text);
    raw.redirect_from.retain(|from| {
        let p = from.trim().trim_matches('/');
        let steps = p.split('/');
        let bad = p.is_empty()
            || p.contains("://")
            || p.contains(['?', '#', '\\'])
            || steps.clone().any(|s| s.is_empty() || s == "." || s == "..");
        if bad {
            let at = b.key_at(key);
            let needle = if from.is_empty() { "\"\"" } else { from.as_str() };
            let at = b.text[at..].find(needle).map_or(at, |i| at + i);
            let message = format!("`{key}` has \"{from}\", which is not a path under the site");
            let help = format!(
                "list this page's old URL paths under the base URL, e.g. `{key} = [\"2019/old-name/\"]`"
            );
            diags.push(b.error(at, message).with_help(help));
        }
        !bad
    });
}

/// A `slug` must leave a letter or digit for the URL once slugified: `""` or `"!!!"` would
/// put the page at its section's own URL (a bundle's files above it).
fn check_slug(b: &Block<'_>, slug: Option<&str>, diags: &mut Diagnostics) {
    let Some(slug) = slug.filter(|s| crate::load::slugify(s).is_empty()) else {
        return;
    };
    let message = format!("`slug` is \"{slug}\", which has no letter or digit to make a URL of");
    let help = "write a slug with letters or digits (`slug = \"launch\"`), or remove it to use the file's name";
    diags.push(b.error(b.key_at("slug"), message).with_help(help));
}

/// A page's `path` (Zola's key): its URL path under the base, without slashes around it.
fn url_path(b: &Block<'_>, value: Option<String>, diags: &mut Diagnostics) -> Option<String> {
    let v = value?;
    let p = v.trim().trim_matches('/');
    let steps = p.split('/');
    let bad = p.is_empty()
        || p.contains("://")
        || steps.clone().any(|s| s.is_empty() || s == ".." || s == ".");
    if bad {
        let message = format!("`path` is \"{v}\", which is not a path under the site");
        diags.push(b.error(b.key_at("path"), message).with_help(
            "write the page's URL path under the base URL, e.g. `path = \"2024/01/10/launch\"`",
        ));
        return None;
    }
    Some(format!("{p}/"))
}

/// Zola's names for kaisetsu's fields, moved to them: `aliases` (except on a term) to
/// `redirect_from`, `in_search_index` to `search`, `[taxonomies] tags` to `tags`. The other
/// taxonomies stay in `taxonomies` (checked against the config's when the site is resolved).
fn zola_names(raw: &mut RawFrontMatter, kind: DocKind) {
    if kind != DocKind::Term {
        raw.redirect_from.append(&mut raw.aliases);
    }
    raw.search = raw.search.or(raw.in_search_index);
    if let Some(tags) = raw.taxonomies.remove("tags") {
        raw.tags.extend(tags);
    }
}
