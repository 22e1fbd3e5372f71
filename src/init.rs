//! `kaisetsu init DIR`: a new site that builds as it is.

use crate::error::Error;
use std::path::Path;

const FILES: &[(&str, &str)] = &[
    ("config.toml", "title = \"My explainer\"\ndescription = \"An explainer site built with kaisetsu.\"\nbase_url = \"/\"\nlanguage = \"en\"\n\n[markdown]\nsmart_punctuation = true\n\n[glossary]\nautolink = \"first\"\n\n[extra]\n"),
    ("content/_index.md", "+++\ntitle = \"My explainer\"\ndescription = \"What this site explains.\"\n+++\n\nWelcome. Start with [the first page](@/pages/first.md), look up terms in [the glossary](@/glossary/_index.md) or follow [the timeline](@/timeline/_index.md).\n"),
    ("content/pages/_index.md", "+++\ntitle = \"Pages\"\n+++\n\nAll explainers.\n"),
    ("content/pages/first.md", "+++\ntitle = \"A first explainer\"\ndate = 2026-01-01\ndescription = \"How a page is written.\"\n\n[[sources]]\nid = \"kaisetsu\"\ntitle = \"kaisetsu README\"\npublisher = \"kaisetsu\"\ndate = \"2026\"\nurl = \"https://example.org/\"\n+++\n\n## In brief\n\n- Glossary terms such as static site are linked automatically.\n- Events link to [the timeline](@/timeline/2026-01-01-site-started.md).\n- Claims cite their sources [@kaisetsu].\n\n## Writing\n\nWrite Markdown. Refer to a term explicitly with [[static-site]].\n\n```rust\nfn main() {\n    println!(\"hello\");\n}\n```\n"),
    ("content/glossary/_index.md", "+++\ntitle = \"Glossary\"\n+++\n\nTerms used on this site.\n"),
    ("content/glossary/static-site.md", "+++\ntitle = \"Static site\"\naliases = [\"static sites\"]\nsummary = \"A website served as prebuilt files, with no code running on the server.\"\n+++\n\nA static site is a folder of HTML, CSS and other files that any web server can serve.\n"),
    ("content/timeline/_index.md", "+++\ntitle = \"Timeline\"\n+++\n\nWhat happened when.\n"),
    ("content/timeline/2026-01-01-site-started.md", "+++\ntitle = \"Site started\"\ndate = \"2026-01-01\"\ntags = [\"site\"]\nterms = [\"static-site\"]\n+++\n\nThe site was created with `kaisetsu init`.\n"),
    ("static/.gitkeep", ""),
    (".gitignore", "/public/\n/.kaisetsu/cache/\n"),
];

/// Creates a new site in `dir`, which must be missing or empty.
pub fn init(dir: &Path) -> Result<(), Error> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        if entries.next().is_some() {
            return Err(Error::usage(
                format!(
                    "refusing to create a site in {}: the folder is not empty",
                    dir.display()
                ),
                "choose a new or empty folder",
            ));
        }
    }
    for (path, text) in FILES {
        let p = dir.join(path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::write(&p, text).map_err(|e| Error::io(&p, e))?;
    }
    Ok(())
}
