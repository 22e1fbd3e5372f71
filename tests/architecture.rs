//! The layering of `src/`, checked: which top-level module may use which. This table is the
//! map of the code; the test fails the day a module takes a shortcut through a layer above it.
//!
//! A module may use the modules of lower layers and, within its own layer, only those the
//! table lists as its peers. Uses are read from `crate::` paths (in `use` lines and in code,
//! `use crate::{a, b}` groups included), outside `#[cfg(test)]` modules' own helpers
//! (`crate::testing`, a leaf, is allowed everywhere).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Layers, lowest first: (layer name, modules in it). `crate` is the crate root (`lib.rs`):
/// the public API that the dev server, `init` and the binary build on.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "leaves",
        &[
            "byte_classes",
            "date",
            "span",
            "error",
            "keys",
            "html",
            "model",
            "config",
            "options",
            "output",
            "stopwatch",
            "testing",
        ],
    ),
    ("load", &["load"]),
    ("resolve", &["resolve"]),
    ("markdown", &["markdown"]),
    ("links", &["links"]),
    (
        "templates, feeds and search",
        &["templates", "feeds", "search"],
    ),
    ("verify", &["verify"]),
    ("incremental", &["incremental"]),
    ("pipeline", &["pipeline"]),
    ("api", &["crate"]),
    ("front ends", &["serve", "init", "import", "cli", "main"]),
];

/// Uses allowed within a layer: (module, the peers it may use). Leaves form a small DAG of
/// their own; the other layers' modules do not use each other.
const PEERS: &[(&str, &[&str])] = &[
    ("span", &["error"]),
    ("error", &["span"]),
    ("keys", &["error", "span"]),
    ("model", &["config", "date", "keys", "span"]),
    ("config", &["error", "keys", "span"]),
    ("output", &["error"]),
    ("main", &["cli"]),
    ("feeds", &["templates"]),
];

/// The crate root's items that are re-exports of lower modules or its own API.
const ROOT_ITEMS: &[&str] = &[
    "BuildOptions",
    "BuildReport",
    "CompileCache",
    "CompiledSite",
    "SiteChanges",
    "Work",
    "build",
    "check",
    "compile",
    "compile_cached",
    "compile_changes",
    "output_dir",
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, ms)| ms.contains(&module))
}

fn allowed(from: &str, to: &str) -> bool {
    if from == to || to == "testing" {
        return true;
    }
    match (layer_of(from), layer_of(to)) {
        (Some(a), Some(b)) if b < a => true,
        (Some(a), Some(b)) if a == b => PEERS
            .iter()
            .any(|(m, peers)| *m == from && peers.contains(&to)),
        _ => false,
    }
}

/// The top-level module a source file belongs to.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("under src/");
    let first = rel.components().next().expect("a path");
    let name = first.as_os_str().to_string_lossy();
    match name.strip_suffix(".rs") {
        Some("lib") => "crate".into(),
        Some(stem) => stem.into(),
        None => name.into_owned(),
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read src/").flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Every module named by a `crate::` path in `text`, with the line it is on. A path into the
/// root (`crate::compile`) counts as a use of `crate`.
fn uses(text: &str) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            let names: Vec<&str> = match rest.strip_prefix('{') {
                Some(group) => group.split('}').next().unwrap_or("").split(',').collect(),
                None => vec![rest],
            };
            for name in names {
                let ident: String = name
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if ident.is_empty() || ident == "self" {
                    continue;
                }
                let module = if ROOT_ITEMS.contains(&ident.as_str()) {
                    "crate".to_string()
                } else {
                    ident
                };
                found.push((module, n + 1));
            }
        }
    }
    found
}

/// Every use in `src/`: (from module, to module) → first place.
fn module_graph(src: &Path) -> BTreeMap<(String, String), String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut graph = BTreeMap::new();
    for file in files {
        let from = module_of(src, &file);
        let text = std::fs::read_to_string(&file).expect("read a source file");
        for (to, line) in uses(&text) {
            if to == from {
                continue;
            }
            let place = format!("{}:{line}", file.display());
            graph.entry((from.clone(), to)).or_insert(place);
        }
    }
    graph
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn every_module_is_in_the_table() {
    let mut files = Vec::new();
    rust_files(&src_dir(), &mut files);
    let missing: BTreeSet<String> = files
        .iter()
        .map(|f| module_of(&src_dir(), f))
        .filter(|m| layer_of(m).is_none())
        .collect();
    assert!(missing.is_empty(), "modules with no layer: {missing:?}");
}

#[test]
fn no_module_uses_a_layer_above_it() {
    let graph = module_graph(&src_dir());
    assert!(
        graph.len() > 30,
        "the scan found the uses ({})",
        graph.len()
    );
    let wrong: Vec<String> = graph
        .iter()
        .filter(|((from, to), _)| layer_of(to).is_some() && !allowed(from, to))
        .map(|((from, to), at)| format!("{from} uses {to} at {at}"))
        .collect();
    assert!(wrong.is_empty(), "layering broken:\n{}", wrong.join("\n"));
}

#[test]
fn no_import_cycle_between_top_level_modules() {
    let graph = module_graph(&src_dir());
    let edges: BTreeSet<(&str, &str)> = graph
        .keys()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let cycles: Vec<String> = edges
        .iter()
        .filter(|(a, b)| a < b && edges.contains(&(*b, *a)))
        .map(|(a, b)| format!("{a} ⇄ {b}"))
        .collect();
    assert!(cycles.is_empty(), "cycles: {cycles:?}");
}

#[test]
fn the_checker_sees_a_forbidden_use() {
    let text = "use crate::incremental::CompileCache;\nlet x = crate::{load, serve}::y;";
    let found = uses(text);
    assert_eq!(
        found,
        [
            ("incremental".to_string(), 1),
            ("load".to_string(), 2),
            ("serve".to_string(), 2)
        ]
    );
    assert!(!allowed("templates", "incremental"));
    assert!(!allowed("load", "markdown"));
    assert!(!allowed("resolve", "links"));
    assert!(allowed("pipeline", "incremental"));
    assert!(allowed("serve", "crate"));
    assert!(!allowed("pipeline", "crate"));
}
