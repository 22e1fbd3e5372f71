//! The importer's `config.toml`: kaisetsu's settings written from Zola's, with what has no
//! counterpart reported at its line.

use super::{left_out, ImportReport};
use crate::span::SourceFile;

/// Zola's config keys carried over as they are (same name, same meaning).
const SAME_CONFIG: &[&str] = &["title", "description", "base_url", "author", "feed_limit"];

/// kaisetsu's `config.toml` for Zola's `config.toml` (`file`).
pub(super) fn config_from_zola(file: &SourceFile, report: &mut ImportReport) -> String {
    let zola: toml::Table = match toml::from_str(&file.text) {
        Ok(t) => t,
        Err(e) => {
            let at = e.span().map_or(0, |s| s.start);
            let message = format!(
                "config.toml is not valid TOML ({}): a default config is written",
                e.message()
            );
            report.left_out.push(file.warning_at(at, message));
            toml::Table::new()
        }
    };
    let mut out = toml::Table::new();
    for key in SAME_CONFIG {
        if let Some(v) = zola.get(*key) {
            out.insert(key.to_string(), v.clone());
        }
    }
    out.entry("title").or_insert_with(|| "Imported site".into());
    out.entry("base_url").or_insert_with(|| "/".into());
    let language = zola
        .get("default_language")
        .cloned()
        .unwrap_or_else(|| "en".into());
    out.insert("language".into(), language);
    if let Some(on) = zola
        .get("build_search_index")
        .and_then(toml::Value::as_bool)
    {
        out.insert("search".into(), table([("enabled", on.into())]));
    }
    if let Some(languages) = zola.get("languages").and_then(toml::Value::as_table) {
        out.insert("languages".into(), languages_from_zola(languages).into());
    }
    if let Some(extra) = zola.get("extra") {
        out.insert("extra".into(), extra.clone());
    }
    if let Some(list) = zola.get("taxonomies").and_then(toml::Value::as_array) {
        out.insert(
            "taxonomies".into(),
            taxonomies_from_zola(file, list, report),
        );
        out.insert("slugify".into(), slugify_from_zola(file, &zola, report));
    }
    let markdown = zola.get("markdown").and_then(toml::Value::as_table);
    import_settings(markdown, &mut out, report);
    let kept = [
        "default_language",
        "build_search_index",
        "languages",
        "extra",
        "markdown",
        "taxonomies",
        "slugify",
    ];
    for key in zola
        .keys()
        .filter(|k| !SAME_CONFIG.contains(&k.as_str()) && !kept.contains(&k.as_str()))
    {
        left_out_key(file, key, None, report);
    }
    for key in markdown
        .into_iter()
        .flat_map(|m| m.keys())
        .filter(|k| !["smart_punctuation", "insert_anchor_links"].contains(&k.as_str()))
    {
        left_out_key(file, key, Some("markdown"), report);
    }
    toml::to_string(&out).expect("a TOML table serializes")
}

/// The settings an imported site starts with: Zola's heading ids, its smart punctuation and
/// anchor link settings, and relative links checked as warnings.
fn import_settings(
    markdown: Option<&toml::Table>,
    out: &mut toml::Table,
    report: &mut ImportReport,
) {
    let smart = markdown.and_then(|m| m.get("smart_punctuation")).cloned();
    // Zola's heading ids, so that deep links from elsewhere keep working.
    let markdown_out = [
        ("smart_punctuation", smart.unwrap_or(false.into())),
        ("heading_ids", "zola".into()),
    ];
    let mut markdown_out = table(markdown_out);
    // Zola 0.22's site-wide anchor links (older Zolas set them per section, which is kept too).
    if let Some(anchors) = markdown.and_then(|m| m.get("insert_anchor_links")) {
        if let Some(t) = markdown_out.as_table_mut() {
            t.insert("insert_anchor_links".into(), anchors.clone());
        }
    }
    out.insert("markdown".into(), markdown_out);
    report
        .converted
        .push("config.toml: [markdown] heading_ids = \"zola\" (Zola's heading ids)".into());
    // Zola never checked relative links: they are warnings until the author has looked.
    out.insert(
        "link_check".into(),
        table([("internal_level", "warn".into())]),
    );
    report.converted.push(
        "config.toml: [link_check] internal_level = \"warn\" (Zola did not check relative links)"
            .into(),
    );
}

fn table<const N: usize>(entries: [(&str, toml::Value); N]) -> toml::Value {
    toml::Value::Table(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

/// Zola's `taxonomies` with the keys kaisetsu reads (`name`, `feed`, `paginate_by`, `render`),
/// once per name (Zola may declare one per language); the others are reported.
fn taxonomies_from_zola(
    file: &SourceFile,
    list: &[toml::Value],
    report: &mut ImportReport,
) -> toml::Value {
    const KEYS: &[&str] = &["name", "feed", "paginate_by", "render"];
    let mut out: Vec<toml::Value> = Vec::new();
    for entry in list.iter().filter_map(toml::Value::as_table) {
        let name = entry.get("name").and_then(toml::Value::as_str);
        let seen = |v: &toml::Value| v.get("name").and_then(toml::Value::as_str) == name;
        if name.is_none() || out.iter().any(seen) {
            continue;
        }
        let kept = entry.iter().filter(|(k, _)| KEYS.contains(&k.as_str()));
        out.push(toml::Value::Table(
            kept.map(|(k, v)| (k.clone(), v.clone())).collect(),
        ));
        for key in entry.keys().filter(|k| !KEYS.contains(&k.as_str())) {
            left_out_key(file, key, None, report);
        }
    }
    report.converted.push(format!(
        "config.toml: {} taxonomies, with their pages",
        out.len()
    ));
    toml::Value::Array(out)
}

/// `[slugify] taxonomies` as Zola has it: `"on"` (its default: terms transliterated to ASCII)
/// stays, `"safe"` and `"off"` become kaisetsu's `"unicode"`; `paths` and `anchors` are
/// reported (heading ids follow Zola through `heading_ids = "zola"`).
fn slugify_from_zola(
    file: &SourceFile,
    zola: &toml::Table,
    report: &mut ImportReport,
) -> toml::Value {
    let given = zola.get("slugify").and_then(toml::Value::as_table);
    let mode = given
        .and_then(|t| t.get("taxonomies"))
        .and_then(toml::Value::as_str)
        .unwrap_or("on");
    let ours = if mode == "on" { "on" } else { "unicode" };
    for key in given.into_iter().flat_map(|t| t.keys()) {
        if key != "taxonomies" {
            left_out_key(file, key, Some("slugify"), report);
        }
    }
    report.converted.push(format!(
        "config.toml: [slugify] taxonomies = \"{ours}\" (Zola's \"{mode}\": terms keep their URLs)"
    ));
    table([("taxonomies", ours.into())])
}

/// Zola's `[languages.<code>]` tables, with the keys kaisetsu's have (`title`, `description`).
fn languages_from_zola(zola: &toml::Table) -> toml::Table {
    let mut out = toml::Table::new();
    for (code, settings) in zola {
        let mut lang = toml::Table::new();
        for key in ["title", "description"] {
            if let Some(v) = settings.get(key) {
                lang.insert(key.to_string(), v.clone());
            }
        }
        out.insert(code.clone(), lang.into());
    }
    out
}

fn left_out_key(file: &SourceFile, key: &str, table: Option<&str>, report: &mut ImportReport) {
    let header = || file.text.find(&format!("[{key}]"));
    let at = crate::keys::locate_key(&file.text, key, table)
        .or_else(|| table.is_none().then(header).flatten())
        .unwrap_or(0);
    left_out(file, at, key, table, report);
}
