//! `kaisetsu import zola SRC DEST`: a Zola site made into a kaisetsu site in a new folder.
//!
//! `content/` is copied with each Markdown file's front matter cut down to what kaisetsu
//! reads (Zola's names that mean the same are kept: `aliases`, `in_search_index`, `sort_by`,
//! `paginate_by`, `[taxonomies]`) and Zola's shortcode escapes (`{{/* f() */}}`) turned
//! into what kaisetsu writes the same way; `static/` and `templates/shortcodes/` are copied as
//! they are (kaisetsu's shortcodes are Zola's syntax, rendered by Tera); `config.toml` is
//! written from Zola's (its `taxonomies` kept). Everything left behind is reported with its
//! file and line. `SRC` is only read.

use crate::error::{Diagnostic, Error};
use crate::span::SourceFile;
use std::path::{Path, PathBuf};

mod config;
use config::config_from_zola;

/// What an import did.
#[derive(Debug, Default)]
pub struct ImportReport {
    /// Markdown files converted.
    pub pages: usize,
    /// Other files copied.
    pub copied: usize,
    /// What was changed on the way, one line each.
    pub converted: Vec<String>,
    /// What could not be carried over, at its file and line (warnings).
    pub left_out: Vec<Diagnostic>,
}

/// Imports the Zola site at `src` into `dest` (new or empty).
pub fn zola(src: &Path, dest: &Path) -> Result<ImportReport, Error> {
    for needed in ["config.toml", "content"] {
        if !src.join(needed).exists() {
            return Err(Error::usage(
                format!("{} has no {needed}: it is not a Zola site", src.display()),
                "pass the folder that holds the Zola site's config.toml and content/",
            ));
        }
    }
    empty_destination(dest)?;
    let mut report = ImportReport::default();
    let config = read(&src.join("config.toml"))?;
    let written = config_from_zola(&SourceFile::new("config.toml", config), &mut report);
    write(&dest.join("config.toml"), &written)?;
    for (from, to) in [
        ("content", "content"),
        ("static", "static"),
        ("templates/shortcodes", "templates/shortcodes"),
    ] {
        if src.join(from).is_dir() {
            copy_tree(&src.join(from), &dest.join(to), from, &mut report)?;
        }
    }
    Ok(report)
}

fn empty_destination(dest: &Path) -> Result<(), Error> {
    let busy = std::fs::read_dir(dest).is_ok_and(|mut d| d.next().is_some());
    if busy {
        return Err(Error::usage(
            format!(
                "refusing to import into {}: the folder is not empty",
                dest.display()
            ),
            "choose a new or empty folder",
        ));
    }
    Ok(())
}

fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|e| Error::io(path, e))
}

fn write(path: &Path, text: &str) -> Result<(), Error> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    std::fs::write(path, text).map_err(|e| Error::io(path, e))
}

/// Copies the folder `from` to `to`, converting Markdown files; `shown` names `from` in the
/// report (`content`).
fn copy_tree(from: &Path, to: &Path, shown: &str, report: &mut ImportReport) -> Result<(), Error> {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::io(from, e.into()))?;
        let rel = entry.path().strip_prefix(from).unwrap_or(entry.path());
        let target: PathBuf = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).map_err(|e| Error::io(&target, e))?;
            continue;
        }
        let name = format!("{shown}/{}", rel.to_string_lossy().replace('\\', "/"));
        if shown == "content" && name.ends_with(".md") {
            let text = read(entry.path())?;
            write(
                &target,
                &page_from_zola(&SourceFile::new(&name, text), report),
            )?;
            report.pages += 1;
        } else if shown == "templates/shortcodes" {
            // Read once: copied, and checked for functions only Zola has.
            let bytes = std::fs::read(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
            let text = String::from_utf8_lossy(&bytes).into_owned();
            zola_functions(&SourceFile::new(&name, text), report);
            std::fs::write(&target, bytes).map_err(|e| Error::io(&target, e))?;
            report.copied += 1;
        } else {
            std::fs::copy(entry.path(), &target).map_err(|e| Error::io(entry.path(), e))?;
            report.copied += 1;
        }
    }
    Ok(())
}

/// Tera functions Zola adds that kaisetsu's templates do not have.
const ZOLA_FUNCTIONS: &[&str] = &[
    "get_page",
    "get_section",
    "get_taxonomy",
    "get_taxonomy_url",
    "get_taxonomy_term",
    "get_url",
    "get_hash",
    "get_image_metadata",
    "resize_image",
    "load_data",
    "trans",
];

/// Reports each call in a shortcode template to a function only Zola has: a page that uses
/// the shortcode fails to build until the template is rewritten.
fn zola_functions(file: &SourceFile, report: &mut ImportReport) {
    for f in ZOLA_FUNCTIONS {
        let calls = file.text.match_indices(f).filter(|(at, _)| {
            let before = file.text[..*at].chars().next_back();
            let after = file.text[at + f.len()..].trim_start();
            !before.is_some_and(|c| c.is_alphanumeric() || c == '_') && after.starts_with('(')
        });
        for (at, _) in calls {
            let message =
                format!("`{f}` is a function of Zola's templates that kaisetsu does not have");
            let help = "pages that call this shortcode fail to build until it is rewritten without it (kaisetsu's templates have `url(path=…)`)";
            report
                .left_out
                .push(file.warning_at(at, message).with_help(help));
        }
    }
}

/// Reports `key` (of `[table]`), written at byte `at` of `file`, as not carried over, with
/// what to write instead when there is something to say.
pub(super) fn left_out(
    file: &SourceFile,
    at: usize,
    key: &str,
    table: Option<&str>,
    report: &mut ImportReport,
) {
    let shown = table.map_or(key.to_string(), |t| format!("{t}.{key}"));
    let mut d = file.warning_at(at, format!("`{shown}` is not carried over"));
    if let Some(help) = foreign_help(key) {
        d = d.with_help(help);
    }
    report.left_out.push(d);
}

/// What to write instead of a Zola key: [`crate::keys::foreign_help`], and for `template`, the
/// importer's own reason.
fn foreign_help(key: &str) -> Option<&'static str> {
    match key {
        "template" => Some("the Zola theme's templates are not imported: pages use the kaisetsu theme's; copy or write a template under templates/ and name it again"),
        _ => crate::keys::foreign_help(key),
    }
}

/// A Zola page or section as kaisetsu reads it: front matter without the keys kaisetsu does not
/// have (reported), and shortcode escapes turned into literal text.
fn page_from_zola(file: &SourceFile, report: &mut ImportReport) -> String {
    let text = file
        .text
        .trim_start_matches('\u{feff}')
        .trim_start_matches(['\n', '\r', ' ', '\t']);
    let Ok(split) = crate::load::front_matter::split(text) else {
        let d = file.warning_at(
            0,
            "no front matter: the file is copied as it is, and kaisetsu will report it",
        );
        report.left_out.push(d);
        return file.text.clone();
    };
    let skipped = file.text.len() - text.len();
    let block = &text[split.block.clone()];
    let kind = crate::load::kind_of(file.path.trim_start_matches("content/"));
    let mut allowed = crate::load::front_matter::allowed_keys(kind);
    // A template named here is the Zola theme's, which is not imported.
    allowed.retain(|k| *k != "template");
    let mut kept =
        front_matter_from_zola(file, block, skipped + split.block.start, &allowed, report);
    if !kept
        .lines()
        .any(|l| line_key(l.trim_start()) == Some("title") && !l.starts_with(' '))
    {
        // Zola lets a section go without a title; kaisetsu's listings and navigation need one.
        let title = title_from_path(&file.path);
        let line = match split.format {
            crate::load::front_matter::Format::Toml => {
                format!("title = {}\n", toml::Value::String(title.clone()))
            }
            crate::load::front_matter::Format::Yaml => {
                format!("title: {}\n", serde_json::Value::String(title.clone()))
            }
        };
        kept.insert_str(0, &line);
        report.converted.push(format!(
            "{}: title \"{title}\" added (Zola allows none)",
            file.path
        ));
    }
    let body = unescape_shortcodes(&text[split.body..]);
    if body != text[split.body..] {
        report.converted.push(format!(
            "{}: Zola's shortcode escapes written as kaisetsu reads them",
            file.path
        ));
    }
    format!(
        "{}{kept}{}{body}",
        &text[..split.block.start],
        &text[split.block.end..split.body]
    )
}

/// A title made from a file's folder or name: `content/documentation/_index.md` →
/// `Documentation`, `content/notes/my-page.md` → `My page`.
fn title_from_path(path: &str) -> String {
    let parts: Vec<&str> = path.trim_end_matches(".md").split('/').collect();
    let name = match parts.as_slice() {
        [.., folder, "_index" | "index"] => folder,
        [.., name] => name,
        [] => &"untitled",
    };
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}

/// The lines of a front-matter `block` (starting at byte `base` of the file) without those of
/// keys kaisetsu does not read on this kind of page.
fn front_matter_from_zola(
    file: &SourceFile,
    block: &str,
    base: usize,
    allowed: &[&str],
    report: &mut ImportReport,
) -> String {
    let mut out = String::with_capacity(block.len());
    let mut dropping: Option<usize> = None;
    let mut table: Option<String> = None;
    let mut offset = base;
    for line in block.split_inclusive('\n') {
        let at = offset;
        offset += line.len();
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(depth) = dropping {
            // A dropped key's value goes on until a line back at its indentation.
            if trimmed.trim().is_empty() || indent > depth || trimmed.starts_with([']', '}']) {
                continue;
            }
            dropping = None;
        }
        if let Some(header) = trimmed
            .strip_prefix('[')
            .and_then(|h| h.trim_end().strip_suffix(']'))
        {
            table = Some(header.trim().to_string());
            out.push_str(line);
            continue;
        }
        let key = line_key(trimmed);
        let drop = match (&table, key) {
            (_, None) => false,
            (None, Some(k)) if indent == 0 => !allowed.contains(&k),
            _ => false,
        };
        if drop {
            let key = key.unwrap_or_default();
            left_out(file, at + indent, key, table.as_deref(), report);
            dropping = Some(indent);
            continue;
        }
        out.push_str(line);
    }
    out
}

/// The key a front-matter line sets (`key = …` in TOML, `key: …` in YAML).
fn line_key(line: &str) -> Option<&str> {
    let end = line.find(['=', ':'])?;
    let key = line[..end].trim().trim_matches('"');
    let plain = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    plain.then_some(key)
}

/// Zola's escapes `{{/* f() */}}` and `{%/* f() */%}` (a shortcode call shown, not run): in
/// code, the call as written (kaisetsu runs no call in code); elsewhere with its braces as
/// character references, which Markdown shows as braces and no shortcode parser sees.
pub fn unescape_shortcodes(body: &str) -> String {
    if !body.contains("/*") {
        return body.to_string();
    }
    let code = code_ranges(body);
    let mut out = String::with_capacity(body.len());
    let mut rest = 0;
    while let Some((start, end, braces)) = next_escape(body, rest) {
        out.push_str(&body[rest..start]);
        let inner = &body[start + 4..end - 4];
        let in_code = code.iter().any(|r| r.contains(&start));
        let (open, close) = match (braces, in_code) {
            ('{', true) => ("{{", "}}"),
            ('%', true) => ("{%", "%}"),
            ('{', false) => ("&#123;&#123;", "&#125;&#125;"),
            (_, _) => ("&#123;%", "%&#125;"),
        };
        out.push_str(open);
        out.push_str(inner);
        out.push_str(close);
        rest = end;
    }
    out.push_str(&body[rest..]);
    out
}

/// The next escape at or after `from`: its start, its end, and `{` or `%` for its kind.
fn next_escape(body: &str, from: usize) -> Option<(usize, usize, char)> {
    let tail = &body[from..];
    [("{{/*", "*/}}", '{'), ("{%/*", "*/%}", '%')]
        .into_iter()
        .filter_map(|(open, close, kind)| {
            let s = tail.find(open)?;
            let e = tail[s..].find(close)? + s + close.len();
            Some((from + s, from + e, kind))
        })
        .min_by_key(|f| f.0)
}

/// Byte ranges of `body` inside code spans and code blocks.
fn code_ranges(body: &str) -> Vec<std::ops::Range<usize>> {
    use pulldown_cmark::{Event, Parser, Tag};
    let mut ranges = Vec::new();
    for (event, range) in Parser::new(body).into_offset_iter() {
        match event {
            Event::Code(_) | Event::Start(Tag::CodeBlock(_)) => ranges.push(range),
            _ => {}
        }
    }
    ranges
}
