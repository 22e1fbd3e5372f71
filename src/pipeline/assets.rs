//! The last stage: feeds, static files, page assets and the highlighting stylesheet, handed to
//! the output after the pages.

use crate::error::{Diagnostic, Diagnostics, Error, Location};
use crate::incremental::Prepared;
use crate::output::{Contents, Output, OutputFile};
use crate::{load, templates};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The theme's static files (or the built-in theme's), then the site's `static/` over them.
fn static_files(root: &Path, theme: &str) -> (Vec<OutputFile>, Diagnostics) {
    let mut files: Vec<OutputFile> = Vec::new();
    let mut diags = Diagnostics::default();
    let theme_dir = root.join("themes").join(theme);
    if theme_dir.is_dir() {
        let label = format!("themes/{theme}/static");
        let (found, d) = load::walk::walk(&theme_dir.join("static"), &label);
        diags.extend(d);
        files.extend(found.into_iter().map(|f| OutputFile {
            path: f.relative,
            contents: Contents::Copy(f.path),
        }));
    } else if theme == "default" {
        files.extend(templates::builtin::STATIC.iter().map(|(p, b)| OutputFile {
            path: p.to_string(),
            contents: Contents::Bytes(bytes::Bytes::from_static(b)),
        }));
    }
    let site_static = root.join("static");
    if site_static.is_dir() {
        let (found, d) = load::walk::walk(&site_static, "static");
        diags.extend(d);
        for f in found {
            files.retain(|o| o.path != f.relative);
            files.push(OutputFile {
                path: f.relative,
                contents: Contents::Copy(f.path),
            });
        }
    }
    (files, diags)
}

/// Writes the feeds, static files, page assets and `syntax.css` (when a page has code);
/// returns the copied files as (output path, source). A file whose path a page or an earlier
/// file already took is left out.
pub(super) fn write(
    root: &Path,
    prepared: &mut Prepared,
    feeds: Vec<OutputFile>,
    mut taken: HashSet<String>,
    out: &dyn Output,
) -> Result<Vec<(String, PathBuf)>, Error> {
    let site = &prepared.site;
    let (statics, d) = static_files(root, &site.config.theme);
    prepared.diags.extend(d.0);
    // A file of a bundle whose page has `render = false` has no place: it is not written.
    let assets = site.assets.iter().filter_map(|a| {
        Some(OutputFile {
            path: a.url_path.clone()?,
            contents: Contents::Copy(a.source.clone()),
        })
    });
    let mut copies = Vec::new();
    let redirects = feeds.into_iter().map(|f| (f, true));
    let others = statics.into_iter().chain(assets).map(|f| (f, false));
    for (f, generated) in redirects.chain(others) {
        if !taken.insert(f.path.clone()) {
            prepared.diags.extend(left_out(&f, generated, root, site));
            continue;
        }
        if let Contents::Copy(src) = &f.contents {
            copies.push((f.path.clone(), src.clone()));
        }
        out.put(f)?;
    }
    if prepared.rendered.iter().any(|r| r.has_code) {
        let css = prepared.highlighter.stylesheet();
        out.put(OutputFile {
            path: "syntax.css".into(),
            contents: Contents::Bytes(css.into_bytes().into()),
        })?;
    }
    Ok(copies)
}

/// What to say of `f`, left out because a page took its path: a generated file (a redirect)
/// is an error at the redirect; a copied one (`static/404.html`) a warning, as the build
/// writes that page itself.
fn left_out(
    f: &OutputFile,
    generated: bool,
    root: &Path,
    site: &crate::model::Site,
) -> Option<Diagnostic> {
    if generated {
        return Some(crate::verify::written_twice(&f.path, site, "public"));
    }
    let Contents::Copy(src) = &f.contents else {
        return None;
    };
    let file = src
        .strip_prefix(root)
        .unwrap_or(src)
        .to_string_lossy()
        .replace('\\', "/");
    let message = format!("not copied: the build writes its own page at /{}", f.path);
    let help = "to change that page, override its template in the site's templates/ folder";
    Some(Diagnostic::warning(Location::file(file), message).with_help(help))
}

/// The quick path's copied files: writes those the hint named; returns the last compile's.
pub(super) fn write_quick(
    prepared: &mut Prepared,
    out: &dyn Output,
) -> Result<Vec<(String, PathBuf)>, Error> {
    let copies = std::mem::take(&mut prepared.copies);
    for (path, src) in copies.changed {
        out.put(OutputFile {
            path,
            contents: Contents::Copy(src),
        })?;
    }
    Ok(copies.previous)
}
