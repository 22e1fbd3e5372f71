//! Interface strings: `themes/<theme>/i18n/<lang>.toml` (the built-in theme's when the site has
//! no theme folder), overridden key by key by the site's own `i18n/<lang>.toml`. Templates read
//! the page language's strings as `i18n.<key>`; a key a language lacks falls back to the default
//! language's string, with a warning naming the key.

use crate::error::{Diagnostic, Diagnostics, Location};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Every language's strings, by language tag then key, with where each file came from.
#[derive(Debug, Clone, Default)]
pub struct Strings {
    by_lang: HashMap<String, BTreeMap<String, String>>,
}

/// Reads the `*.toml` files of `dir` into `into`, each key replacing the one before it.
fn read_dir(dir: &Path, label: &str, into: &mut Strings, diags: &mut Diagnostics) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    files.sort();
    for path in files {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let Some(name) = name.filter(|n| n.ends_with(".toml") && !n.starts_with('.')) else {
            continue;
        };
        let at = format!("{label}/{name}");
        match std::fs::read_to_string(&path) {
            Ok(text) => into.add(&name, &text, &at, diags),
            Err(e) => diags.push(Diagnostic::error(
                Location::file(&at),
                format!("cannot read: {e}"),
            )),
        }
    }
}

impl Strings {
    /// The strings of theme `theme` (the built-in one when `themes/<theme>/` does not exist)
    /// and of the site's `i18n/` folder.
    pub fn load(root: &Path, theme: &str) -> Result<Strings, Diagnostics> {
        let mut strings = Strings::default();
        let mut diags = Diagnostics::default();
        let theme_dir = root.join("themes").join(theme);
        if theme_dir.is_dir() {
            let label = format!("themes/{theme}/i18n");
            read_dir(&theme_dir.join("i18n"), &label, &mut strings, &mut diags);
        } else {
            for (name, text) in super::builtin::I18N {
                let at = format!("(built-in theme)/i18n/{name}");
                strings.add(name, text, &at, &mut diags);
            }
        }
        read_dir(&root.join("i18n"), "i18n", &mut strings, &mut diags);
        if diags.has_errors() {
            return Err(diags);
        }
        Ok(strings)
    }

    /// Adds the strings of file `name` (`ja.toml`), reported as `at`.
    fn add(&mut self, name: &str, text: &str, at: &str, diags: &mut Diagnostics) {
        let lang = name.trim_end_matches(".toml");
        let table: toml::Table = match toml::from_str(text) {
            Ok(t) => t,
            Err(e) => {
                let file = crate::span::SourceFile::new(at, text.to_string());
                let offset = e.span().map(|s| s.start).unwrap_or(0);
                let message = format!("invalid TOML: {}", e.message());
                diags.push(file.error_at(offset, message));
                return;
            }
        };
        let map = self.by_lang.entry(lang.to_string()).or_default();
        for (key, value) in table {
            match value {
                toml::Value::String(s) => {
                    map.insert(key, s);
                }
                _ => {
                    let file = crate::span::SourceFile::new(at, text.to_string());
                    let offset = crate::keys::locate_key(text, &key, None).unwrap_or(0);
                    let message = format!("`{key}` must be a string");
                    diags.push(file.error_at(offset, message));
                }
            }
        }
    }

    /// The strings for pages in `lang`: the default language's, each replaced by `lang`'s own.
    pub fn for_lang(&self, lang: &str, default: &str) -> BTreeMap<&str, &str> {
        let mut out: BTreeMap<&str, &str> = BTreeMap::new();
        for source in ["en", default, lang] {
            for (k, v) in self.by_lang.get(source).into_iter().flatten() {
                out.insert(k, v);
            }
        }
        out
    }

    /// One string for pages in `lang` or the default language, if either has it.
    pub fn lookup(&self, lang: &str, default: &str, key: &str) -> Option<&str> {
        [lang, default]
            .iter()
            .find_map(|l| self.by_lang.get(*l).and_then(|m| m.get(key)))
            .map(String::as_str)
    }

    /// One string for pages in `lang` (the key itself when no language has it).
    pub fn get<'a>(&'a self, lang: &str, default: &str, key: &'a str) -> &'a str {
        [lang, default, "en"]
            .iter()
            .find_map(|l| self.by_lang.get(*l).and_then(|m| m.get(key)))
            .map_or(key, String::as_str)
    }

    /// A warning for each key the default language has and `lang` lacks.
    pub fn missing(&self, lang: &str, default: &str) -> Vec<Diagnostic> {
        let Some(base) = self.by_lang.get(default).or_else(|| self.by_lang.get("en")) else {
            return Vec::new();
        };
        let own = self.by_lang.get(lang);
        let at = Location::file(format!("i18n/{lang}.toml"));
        base.keys()
            .filter(|k| own.is_none_or(|o| !o.contains_key(*k)))
            .map(|k| {
                let message = format!("interface string `{k}` has no `{lang}` translation");
                let help = format!("add `{k} = \"…\"` to i18n/{lang}.toml; pages in `{lang}` show the `{default}` string meanwhile");
                Diagnostic::warning(at.clone(), message).with_help(help)
            })
            .collect()
    }
}
