//! Stage 5, templates: Tera templates from the theme, overridden file by file by the site's
//! own `templates/`, rendered for every page in parallel.

pub mod context;
pub mod script_json;
pub mod shortcodes;
pub mod strings;

pub use context::pagers::{mention_pagers, pager_count, section_pager};
pub use context::types;
pub use context::types::PageContext;
pub use context::{context_hash, Contexts, PageJob, Subject, TemplateInput};

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
    all_sources: String,
    /// Interface strings, by language.
    pub strings: strings::Strings,
    /// The templates whose text is the built-in theme's (none replaced it, or a copy did).
    builtin: std::collections::HashSet<String>,
}

/// One template's source: its name for Tera, where it came from (for messages) and its text.
struct TemplateSource {
    name: String,
    label: String,
    text: String,
}

/// Adds the templates under `dir` to `into`, each replacing one of the same name.
fn read_dir_templates(
    dir: &Path,
    label: &str,
    into: &mut Vec<TemplateSource>,
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
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let name = rel.to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(entry.path()).map_err(|e| {
            let at = Location::file(format!("{label}/{name}"));
            Diagnostic::error(at, format!("cannot read template: {e}"))
        })?;
        into.retain(|t| t.name != name);
        let label = format!("{label}/{name}");
        into.push(TemplateSource { name, label, text });
    }
    Ok(())
}

/// The built-in default theme's templates whose name `keep` accepts.
fn builtin_templates(keep: impl Fn(&str) -> bool) -> impl Iterator<Item = TemplateSource> {
    let builtin = builtin::TEMPLATES
        .iter()
        .filter(move |(name, _)| keep(name));
    builtin.map(|(name, text)| TemplateSource {
        name: name.to_string(),
        label: format!("(built-in theme)/{name}"),
        text: text.to_string(),
    })
}

/// Every template's source: the built-in feed templates, the theme's (from
/// `themes/<theme>/templates/`, or the built-in default theme) and the site's `templates/`,
/// each replacing those of the same name before it.
fn gather(root: &Path, theme: &str) -> Result<Vec<TemplateSource>, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut list: Vec<TemplateSource> = builtin_templates(|n| n.starts_with("feeds/")).collect();
    let theme_dir = root.join("themes").join(theme);
    if theme_dir.is_dir() {
        let label = format!("themes/{theme}/templates");
        if let Err(d) = read_dir_templates(&theme_dir.join("templates"), &label, &mut list) {
            diags.push(d);
        }
    } else if theme == "default" {
        list = builtin_templates(|_| true).collect();
    } else {
        let at = Location::file("config.toml");
        let message = format!("theme `{theme}` not found: there is no folder themes/{theme}/");
        let help = "set `theme = \"default\"` or create the theme folder";
        diags.push(Diagnostic::error(at, message).with_help(help));
    }
    if let Err(d) = read_dir_templates(&root.join("templates"), "templates", &mut list) {
        diags.push(d);
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(list)
}

impl Templates {
    /// True when some template names `variable` (contexts leave out the costly optional
    /// values no template reads): as a whole name inside a `{{ … }}` or `{% … %}` tag, so
    /// that `nav` is not found in `<nav>` or `nav_html`.
    pub fn uses(&self, variable: &str) -> bool {
        names_variable(&self.all_sources, variable)
    }

    /// True when template `name` is the built-in theme's, unchanged: what it renders is known
    /// (the feeds use this to write the largest of them without Tera).
    pub fn is_builtin(&self, name: &str) -> bool {
        self.builtin.contains(name)
    }

    /// The error of rendering template `name`, at the place Tera names in the template's file;
    /// `while_` says what was being rendered (empty, or ` (while rendering content/x.md)`).
    pub fn error(&self, name: &str, e: &tera::Error, while_: &str) -> Diagnostic {
        let (message, line, col) = tera_error_message(e);
        let path = self.origin.get(name).cloned();
        let path = path.unwrap_or_else(|| name.to_string());
        let message = format!("template error: {message}{while_}");
        Diagnostic::error(Location { path, line, col }, message)
    }
}

/// True when `variable` is a whole name (not part of a longer one) inside a `{{ … }}` or
/// `{% … %}` tag of `source`. A field of the same name (`page.nav`) counts too: erring that
/// way only keeps a value in the context.
fn names_variable(source: &str, variable: &str) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut rest = source;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = match after.as_bytes().first() {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            _ => {
                rest = after;
                continue;
            }
        };
        let Some(end) = after.find(close) else {
            return false;
        };
        let tag = &after[1..end];
        let named = tag.match_indices(variable).any(|(i, _)| {
            !tag[..i].ends_with(ident) && !tag[i + variable.len()..].starts_with(ident)
        });
        if named {
            return true;
        }
        rest = &after[end + close.len()..];
    }
    false
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

/// Parses each template alone, so that every syntax error is reported with its file.
fn check_syntax(list: &[TemplateSource]) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::default();
    for t in list {
        if let Err(e) = tera::Template::new(&t.name, None, &t.text) {
            let (message, line, col) = tera_error_message(&e);
            let path = t.label.clone();
            let message = format!("template syntax error: {message}");
            diags.push(Diagnostic::error(Location { path, line, col }, message));
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(())
}

/// The `url(path=…)` function: `path` under the site's base path.
fn url_function(base_path: &str) -> impl tera::Function {
    let base = base_path.to_string();
    move |args: &HashMap<String, tera::Value>| -> tera::Result<tera::Value> {
        let path = args.get("path").and_then(|v| v.as_str());
        let path = path.ok_or_else(|| tera::Error::msg("url() needs a `path` argument"))?;
        let url = format!("{base}{}", path.trim_start_matches('/'));
        Ok(tera::Value::String(url))
    }
}

/// Loads the templates: the built-in feed templates, the theme's (from
/// `themes/<theme>/templates/`, or the built-in default theme), then the site's `templates/`
/// over them.
pub fn load(root: &Path, theme: &str, base_path: &str) -> Result<Templates, Diagnostics> {
    let list = gather(root, theme)?;
    let strings = strings::Strings::load(root, theme)?;
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Escape what HTML needs and no more: Tera's default also escapes `/`, which makes every URL unreadable.
    tera.set_escape_fn(crate::html::escape_html);
    // JSON in templates lands in <script> elements: escape what could end them.
    script_json::register(&mut tera);
    let sources = list.iter().map(|t| (t.name.as_str(), t.text.as_str()));
    if let Err(e) = tera.add_raw_templates(sources) {
        // Parsed again one by one only now, to name the file with the syntax error (Tera's
        // error names the template but not the file it came from). Parsing is a third of a
        // small site's build: a good build parses each template once.
        check_syntax(&list)?;
        let (message, line, col) = tera_error_message(&e);
        let at = Location {
            path: "templates".into(),
            line,
            col,
        };
        let mut diags = Diagnostics::default();
        diags.push(Diagnostic::error(at, format!("template error: {message}")));
        return Err(diags);
    }
    tera.register_function("url", url_function(base_path));
    let texts: Vec<&str> = list.iter().map(|t| t.text.as_str()).collect();
    let all_sources = texts.join("\n");
    let builtin = list.iter().filter(|t| {
        let same = builtin::TEMPLATES.iter().find(|(name, _)| *name == t.name);
        same.is_some_and(|(_, text)| *text == t.text)
    });
    let builtin = builtin.map(|t| t.name.clone()).collect();
    let origin = list.into_iter().map(|t| (t.name, t.label)).collect();
    Ok(Templates {
        tera,
        origin,
        all_sources,
        strings,
        builtin,
    })
}

#[cfg(test)]
mod tests {
    use super::names_variable;

    #[test]
    fn a_variable_is_named_whole_and_inside_a_tag() {
        let named = |src: &str| names_variable(src, "nav");
        assert!(named("{% for item in nav %}{% endfor %}"));
        assert!(named("{{nav | length}}"));
        assert!(named("{{ page.nav }}"), "a field of that name counts too");
        assert!(!named(
            "<nav class=\"site-nav\">{{ nav_html | safe }}</nav>"
        ));
        assert!(!named("{{ i18n.site_nav }} {# nav #} nav"));
        assert!(!named("{ nav } {{ x }}"));
        assert!(!named("{{ unclosed nav"));
        assert!(names_variable("{%- if translations %}", "translations"));
    }
}
