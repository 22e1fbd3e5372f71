//! Stage 4, templates: Tera templates from the theme, overridden file by file by the site's
//! own `templates/`, rendered for every page in parallel.

pub mod context;
pub mod script_json;

pub use context::{render_site, PageCache, PageSink, RenderInput, Rendered};

use crate::error::{Diagnostic, Diagnostics, Location};
use std::collections::HashMap;
use std::path::Path;

/// The theme's built-in copy, used when a site has no `themes/<name>/` folder of its own.
pub mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_theme.rs"));
}

/// Loaded templates.
#[derive(Debug)]
pub struct Templates {
    /// The Tera instance.
    pub tera: tera::Tera,
    /// Where each template came from (for error messages), relative to the site root.
    pub origin: HashMap<String, String>,
    /// All template sources joined, to see which optional variables any template uses.
    pub all_sources: String,
}

fn read_dir_templates(
    dir: &Path,
    label: &str,
    into: &mut Vec<(String, String, String)>,
) -> Result<(), Diagnostic> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            Diagnostic::error(Location::file(label), format!("cannot read templates: {e}"))
        })?;
        if !entry.file_type().is_file()
            || crate::load::walk::is_ignored_name(&entry.file_name().to_string_lossy())
        {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(entry.path()).map_err(|e| {
            Diagnostic::error(
                Location::file(format!("{label}/{rel}")),
                format!("cannot read template: {e}"),
            )
        })?;
        into.retain(|(name, _, _)| name != &rel);
        into.push((rel.clone(), format!("{label}/{rel}"), text));
    }
    Ok(())
}

fn escape_minimal(input: &str) -> String {
    crate::markdown::highlight::escape_html(input)
}

/// Parses a Tera error chain into one message, and the line/column Tera names, if any.
pub fn tera_error_message(e: &tera::Error) -> (String, usize, usize) {
    let mut parts = vec![e.to_string()];
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        parts.push(s.to_string());
        src = s.source();
    }
    let (mut line, mut col) = (0, 0);
    let mut messages = Vec::new();
    for part in parts {
        if let Some(i) = part.find("--> ") {
            let mut nums = part[i + 4..]
                .split(|c: char| !c.is_ascii_digit())
                .filter(|s| !s.is_empty());
            line = nums.next().and_then(|n| n.parse().ok()).unwrap_or(0);
            col = nums.next().and_then(|n| n.parse().ok()).unwrap_or(0);
            let detail: Vec<&str> = part
                .lines()
                .filter_map(|l| l.trim().strip_prefix("= "))
                .collect();
            messages.push(if detail.is_empty() {
                "syntax error".to_string()
            } else {
                detail.join(" ")
            });
        } else {
            messages.push(part.trim().to_string());
        }
    }
    (messages.join(": "), line, col)
}

/// Loads the theme's templates (from `themes/<theme>/templates/`, or the built-in default
/// theme), then the site's `templates/` over them.
pub fn load(root: &Path, theme: &str, base_path: &str) -> Result<Templates, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut list: Vec<(String, String, String)> = Vec::new();
    let theme_dir = root.join("themes").join(theme);
    if theme_dir.is_dir() {
        if let Err(d) = read_dir_templates(
            &theme_dir.join("templates"),
            &format!("themes/{theme}/templates"),
            &mut list,
        ) {
            diags.push(d);
        }
    } else if theme == "default" {
        for (name, text) in builtin::TEMPLATES {
            list.push((
                name.to_string(),
                format!("(built-in theme)/{name}"),
                text.to_string(),
            ));
        }
    } else {
        diags.push(
            Diagnostic::error(
                Location::file("config.toml"),
                format!("theme `{theme}` not found: there is no folder themes/{theme}/"),
            )
            .with_help("set `theme = \"default\"` or create the theme folder"),
        );
    }
    if let Err(d) = read_dir_templates(&root.join("templates"), "templates", &mut list) {
        diags.push(d);
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Escape what HTML needs and no more: Tera's default also escapes `/`, which makes every URL unreadable.
    tera.set_escape_fn(escape_minimal);
    // JSON in templates lands in <script> elements: escape what could end them.
    script_json::register(&mut tera);
    // Parse each template alone first, so every syntax error is reported with its file.
    for (name, label, text) in &list {
        if let Err(e) = tera::Template::new(name, None, text) {
            let (message, line, col) = tera_error_message(&e);
            diags.push(Diagnostic::error(
                Location {
                    path: label.clone(),
                    line,
                    col,
                },
                format!("template syntax error: {message}"),
            ));
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    if let Err(e) = tera.add_raw_templates(list.iter().map(|(n, _, t)| (n.as_str(), t.as_str()))) {
        let (message, line, col) = tera_error_message(&e);
        diags.push(Diagnostic::error(
            Location {
                path: "templates".into(),
                line,
                col,
            },
            format!("template error: {message}"),
        ));
        return Err(diags);
    }
    let base = base_path.to_string();
    tera.register_function(
        "url",
        move |args: &HashMap<String, tera::Value>| -> tera::Result<tera::Value> {
            let path = args
                .get("path")
                .and_then(|v| v.as_str())
                .ok_or_else(|| tera::Error::msg("url() needs a `path` argument"))?;
            Ok(tera::Value::String(format!(
                "{base}{}",
                path.trim_start_matches('/')
            )))
        },
    );
    let all_sources = list
        .iter()
        .map(|(_, _, t)| t.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let origin = list.into_iter().map(|(n, l, _)| (n, l)).collect();
    Ok(Templates {
        tera,
        origin,
        all_sources,
    })
}
