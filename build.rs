//! Embeds the default theme (templates and static files) so that a site without a `themes/`
//! folder, such as one made by `kaisetsu init`, builds as it is.

use std::fmt::Write as _;
use std::path::Path;

fn collect(dir: &Path, prefix: &str, out: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = e.path();
        let rel = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        if path.is_dir() {
            collect(&path, &rel, out);
        } else {
            out.push((
                rel,
                path.canonicalize()
                    .expect("theme file path")
                    .to_string_lossy()
                    .into_owned(),
            ));
        }
    }
}

fn main() {
    let theme = Path::new("themes/default");
    println!("cargo:rerun-if-changed=themes/default");
    let mut templates = Vec::new();
    let mut statics = Vec::new();
    let mut strings = Vec::new();
    collect(&theme.join("templates"), "", &mut templates);
    collect(&theme.join("i18n"), "", &mut strings);
    collect(&theme.join("static"), "", &mut statics);
    let mut code = String::from(
        "/// Built-in templates: (name, text).\npub const TEMPLATES: &[(&str, &str)] = &[\n",
    );
    for (rel, abs) in &templates {
        writeln!(code, "    ({rel:?}, include_str!({abs:?})),").unwrap();
    }
    code.push_str(
        "];\n/// Built-in static files: (path, bytes).\npub const STATIC: &[(&str, &[u8])] = &[\n",
    );
    for (rel, abs) in &statics {
        writeln!(code, "    ({rel:?}, include_bytes!({abs:?})),").unwrap();
    }
    code.push_str(
        "];\n/// Built-in interface strings: (file name, text).\npub const I18N: &[(&str, &str)] = &[\n",
    );
    for (rel, abs) in &strings {
        writeln!(code, "    ({rel:?}, include_str!({abs:?})),").unwrap();
    }
    code.push_str("];\n");
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin_theme.rs");
    std::fs::write(out, code).expect("write builtin_theme.rs");
    locked_versions();
}

/// The locked versions of syntect and two-face, for the highlight cache's key
/// (`KAISETSU_SYNTECT_VERSION`, `KAISETSU_TWO_FACE_VERSION`).
fn locked_versions() {
    println!("cargo:rerun-if-changed=Cargo.lock");
    let lock = std::fs::read_to_string("Cargo.lock").unwrap_or_default();
    for (name, var) in [
        ("syntect", "KAISETSU_SYNTECT_VERSION"),
        ("two-face", "KAISETSU_TWO_FACE_VERSION"),
    ] {
        let version = lock
            .split("[[package]]")
            .find(|p| p.contains(&format!("name = \"{name}\"\n")))
            .and_then(|p| p.split("version = \"").nth(1))
            .and_then(|v| v.split('"').next())
            .unwrap_or("unknown");
        println!("cargo:rustc-env={var}={version}");
    }
}
