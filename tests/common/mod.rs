//! Shared harness for the end-to-end tests: fixture sites copied into temporary folders, the
//! real binary, and an offline link checker over built output.
#![allow(dead_code, unreachable_pub)]

pub mod link_server;
pub mod quick;
pub mod served;
pub mod static_server;
pub mod tools;
pub mod webdriver;

use scraper::{Html, Selector};
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// A fixture site under `tests/fixtures/<name>`, copied into a fresh temporary folder.
pub struct SiteTest {
    pub dir: tempfile::TempDir,
}

impl SiteTest {
    pub fn from_fixture(name: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&repo().join("tests/fixtures").join(name), dir.path());
        SiteTest { dir }
    }
    /// An empty site with only the given files.
    pub fn from_files(files: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let t = SiteTest { dir };
        for (p, text) in files {
            t.write(p, text);
        }
        t
    }
    pub fn root(&self) -> &Path {
        self.dir.path()
    }
    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }
    /// Replaces the first `from` in the site file `rel` with `to`.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        edit(self.root(), rel, from, to);
    }
    pub fn write(&self, rel: &str, text: &str) {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    pub fn run(&self, args: &[&str]) -> Output {
        kaisetsu(self.root(), args)
    }
    /// Builds with the binary and asserts success.
    pub fn build_ok(&self) -> Output {
        let out = self.run(&["build"]);
        assert!(
            out.status.success(),
            "build failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }
    pub fn read(&self, rel_in_public: &str) -> String {
        std::fs::read_to_string(self.public().join(rel_in_public))
            .unwrap_or_else(|e| panic!("{rel_in_public}: {e}"))
    }
    pub fn html(&self, rel_in_public: &str) -> Html {
        Html::parse_document(&self.read(rel_in_public))
    }
}

/// A site with `config` as its config.toml, a home page, and the files `extra`.
pub fn site_with_home(config: &str, extra: &[(&str, &str)]) -> SiteTest {
    let mut files = vec![
        ("config.toml", config),
        ("content/_index.md", "+++\ntitle = \"Home\"\n+++\n"),
    ];
    files.extend_from_slice(extra);
    SiteTest::from_files(&files)
}

/// A site with `posts` dated posts in a section paginated by `paginate_by` (when set), and
/// `notes` notes mentioning the term "widget" (the first five in three sections each). The
/// posts are tagged `odd` or `even` in a `tags` taxonomy (issue 20) paginated by 5, with feeds,
/// and headings link to themselves (`insert_anchor_links = "left"`).
pub fn paginated_site(
    base_url: &str,
    posts: usize,
    paginate_by: Option<usize>,
    notes: usize,
) -> SiteTest {
    let config = format!(
        "title = \"Pagers\"\nbase_url = \"{base_url}\"\n\
         taxonomies = [{{ name = \"tags\", feed = true, paginate_by = 5 }}]\n\
         [markdown]\ninsert_anchor_links = \"left\"\n"
    );
    let t = SiteTest::from_files(&[
        ("config.toml", config.as_str()),
        ("content/_index.md", "+++\ntitle = \"Home\"\n+++\n\nHome.\n"),
        (
            "content/glossary/widget.md",
            "+++\ntitle = \"Widget\"\nsummary = \"A small part.\"\n+++\n\nA widget.\n",
        ),
        ("content/notes/_index.md", "+++\ntitle = \"Notes\"\n+++\n"),
    ]);
    let per = paginate_by.map_or(String::new(), |n| format!("paginate_by = {n}\n"));
    t.write(
        "content/posts/_index.md",
        &format!("+++\ntitle = \"Posts\"\n{per}+++\n\nAll posts.\n"),
    );
    for i in 1..=posts {
        t.write(
            &format!("content/posts/p{i:03}.md"),
            &format!(
                "+++\ntitle = \"Post {i:03}\"\ndate = \"2020-01-{:02}\"\ntags = [\"{}\"]\n+++\n\nText {i}.\n",
                i % 28 + 1,
                if i % 2 == 1 { "odd" } else { "even" }
            ),
        );
    }
    for i in 1..=notes {
        let body = if i <= 5 {
            "## One\n\nA widget.\n\n## Two\n\nA widget.\n\n## Three\n\nA widget.\n".to_string()
        } else {
            format!("Note {i} has a widget.\n")
        };
        t.write(
            &format!("content/notes/n{i:03}.md"),
            &format!("+++\ntitle = \"Note {i:03}\"\n+++\n\n{body}"),
        );
    }
    t
}

/// What a clean build of `root` gives with the dev server's inputs (its address as base URL and
/// its injected script): what `server` should be serving.
pub fn served_clean_build(
    server: &kaisetsu::serve::Running,
    root: &Path,
) -> BTreeMap<String, Vec<u8>> {
    use kaisetsu::output::Output as _;
    let opts =
        kaisetsu::serve::Running::build_inputs(root.canonicalize().unwrap(), server.addr(), false);
    let site = kaisetsu::compile(&opts).expect("the clean build succeeds");
    let out = kaisetsu::output::MemoryOutput::default();
    for f in site.files {
        out.put(f).unwrap();
    }
    let files = out.into_map().unwrap().into_iter();
    let with_client = |(p, b): (String, Vec<u8>)| {
        let b = kaisetsu::serve::with_client(&p, b.into()).to_vec();
        (p, b)
    };
    files.map(with_client).collect()
}

/// Output files as a site: path → bytes (copied files read from their sources).
pub fn file_map(files: Vec<kaisetsu::output::OutputFile>) -> BTreeMap<String, Vec<u8>> {
    use kaisetsu::output::Contents;
    let bytes = |c: Contents| match c {
        Contents::Bytes(b) => b.to_vec(),
        Contents::Copy(p) => std::fs::read(p).unwrap(),
    };
    files
        .into_iter()
        .map(|f| (f.path, bytes(f.contents)))
        .collect()
}

/// The paths whose bytes differ between two sites, or that only one of them has.
pub fn differing<'a>(
    a: &'a BTreeMap<String, Vec<u8>>,
    b: &'a BTreeMap<String, Vec<u8>>,
) -> Vec<&'a String> {
    let paths: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    paths
        .into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .collect()
}

/// Replaces the first `from` in `root/rel` with `to` (the file must contain it), as an editor
/// saving a one-word change would.
pub fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let p = root.join(rel);
    let s = std::fs::read_to_string(&p).unwrap();
    assert!(s.contains(from), "{rel} has no {from:?}");
    std::fs::write(&p, s.replacen(from, to, 1)).unwrap();
}

/// Runs the real binary in `cwd`.
pub fn kaisetsu(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kaisetsu"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run kaisetsu")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file under `dir` with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Texts of all elements matching `css`.
pub fn texts(doc: &Html, css: &str) -> Vec<String> {
    let sel = Selector::parse(css).unwrap();
    doc.select(&sel)
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

/// Values of attribute `attr` on elements matching `css`.
pub fn attrs(doc: &Html, css: &str, attr: &str) -> Vec<String> {
    let sel = Selector::parse(css).unwrap();
    doc.select(&sel)
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// Result of crawling built output offline.
#[derive(Debug, Default)]
pub struct LinkReport {
    /// Pages reached from index.html by following links.
    pub reached: BTreeSet<String>,
    /// Every HTML page in the output.
    pub pages: BTreeSet<String>,
    /// "page: link (why)" for each broken link or anchor.
    pub broken: Vec<String>,
    /// Root-relative links that do not start with the base path.
    pub outside_base: Vec<String>,
    /// "page: id" for each id used twice on one page.
    pub duplicate_ids: Vec<String>,
}

fn target_file(out: &Path, path: &str) -> Option<String> {
    let p = path.trim_start_matches('/');
    let candidates = if p.is_empty() || p.ends_with('/') {
        vec![format!("{p}index.html")]
    } else {
        vec![p.to_string(), format!("{p}/index.html")]
    };
    candidates.into_iter().find(|c| out.join(c).is_file())
}

impl LinkReport {
    /// HTML pages not reachable from index.html (404.html aside).
    pub fn unreached(&self) -> Vec<&String> {
        self.pages
            .difference(&self.reached)
            .filter(|p| *p != "404.html")
            .collect()
    }
}

/// Checks every href/src in every HTML file under `out` (served under `base_path`, e.g. `/sub/`):
/// the file must exist and the `#anchor` must be an id in it.
pub fn check_links(out: &Path, base_path: &str) -> LinkReport {
    let files = snapshot(out);
    let mut report = LinkReport::default();
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut links: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let id_sel = Selector::parse("[id]").unwrap();
    let link_sel = Selector::parse("a[href], link[href], script[src], img[src]").unwrap();
    for (path, bytes) in &files {
        if !path.ends_with(".html") {
            continue;
        }
        report.pages.insert(path.clone());
        let doc = Html::parse_document(&String::from_utf8_lossy(bytes));
        ids.insert(
            path.clone(),
            doc.select(&id_sel)
                .filter_map(|e| e.value().attr("id").map(str::to_string))
                .collect(),
        );
        let mut ls = Vec::new();
        for e in doc.select(&link_sel) {
            let v = e
                .value()
                .attr("href")
                .or_else(|| e.value().attr("src"))
                .unwrap();
            ls.push(v.to_string());
        }
        links.insert(path.clone(), ls);
    }
    let dir_of = |p: &str| {
        p.rsplit_once('/')
            .map(|(d, _)| format!("{d}/"))
            .unwrap_or_default()
    };
    for (page, ls) in &links {
        for l in ls {
            if l.contains("://")
                || l.starts_with("mailto:")
                || l.starts_with("//")
                || l.starts_with("data:")
            {
                continue;
            }
            let (path, anchor) = l
                .split_once('#')
                .map(|(p, a)| (p.to_string(), Some(a.to_string())))
                .unwrap_or((l.clone(), None));
            let site_path = if path.is_empty() {
                format!("/{page}")
            } else if let Some(rest) = path.strip_prefix(base_path) {
                format!("/{rest}")
            } else if path.starts_with('/') {
                report.outside_base.push(format!("{page}: {l}"));
                continue;
            } else {
                format!("/{}{}", dir_of(page), path)
            };
            let Some(file) = target_file(out, &site_path) else {
                report.broken.push(format!("{page}: {l} (no file)"));
                continue;
            };
            if let Some(a) = anchor {
                if !a.is_empty() && !ids.get(&file).is_some_and(|s| s.contains(&a)) {
                    report
                        .broken
                        .push(format!("{page}: {l} (no #{a} in {file})"));
                }
            }
        }
    }
    // Crawl from index.html.
    let mut queue = VecDeque::from(["index.html".to_string()]);
    while let Some(p) = queue.pop_front() {
        if !report.reached.insert(p.clone()) {
            continue;
        }
        for l in links.get(&p).into_iter().flatten() {
            let path = l.split('#').next().unwrap_or("");
            if let Some(rest) = path.strip_prefix(base_path) {
                if let Some(f) = target_file(out, &format!("/{rest}")) {
                    if f.ends_with(".html") && !report.reached.contains(&f) {
                        queue.push_back(f);
                    }
                }
            }
        }
    }
    report
}

/// A site whose page `code/` holds every highlighting sample of `tests/fixtures/highlight/`
/// (the bundled site has no highlighted code; issue 17).
pub fn highlight_samples_site() -> SiteTest {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/highlight");
    let mut page = String::from("+++\ntitle = \"Code\"\n+++\n\nSamples.\n");
    let mut samples: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    samples.sort();
    for p in samples {
        let ext = p.extension().unwrap().to_str().unwrap();
        let code = std::fs::read_to_string(&p).unwrap();
        page.push_str(&format!("\n## {ext}\n\n```{ext}\n{code}```\n"));
    }
    let t = SiteTest::from_files(&[
        (
            "config.toml",
            "title = \"Code\"\nbase_url = \"https://example.org/\"\n",
        ),
        (
            "content/_index.md",
            "+++\ntitle = \"Home\"\n+++\n\n[Samples](@/code.md).\n",
        ),
        ("content/code.md", &page),
    ]);
    t.build_ok();
    assert!(
        t.read("code/index.html")
            .matches("<pre class=\"code\"")
            .count()
            >= 8
    );
    t
}
