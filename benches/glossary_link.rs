//! Glossary linking cost (issue 3): render 10,000 pages of ~800 words with 500 glossary terms
//! mentioned throughout, against the same pages with no terms. Markdown rendering only (the
//! linking stage), in parallel as the build does; prints medians and the ratios. Mentions are
//! dense (any of the 500 terms anywhere, about 31 linked a page) or, as in explainers, drawn
//! from 8 terms chosen for each page. Two variants bound the matcher's cost: names that begin
//! words of the text but never match ("scan only": every candidate is checked), and names no
//! word of the text starts like ("scan floor": the 64-byte pass alone).
//!
//! `cargo bench --bench glossary_link` (env: GLOSSARY_BENCH_PAGES, GLOSSARY_BENCH_RUNS, and
//! GLOSSARY_BENCH_ONLY=2,3 to run only those variants, for profiling).

use kaisetsu::config::SiteConfig;
use kaisetsu::load::{assemble, doc_from_bytes};
use kaisetsu::markdown::highlight::{HighlightSettings, Highlighter};
use kaisetsu::markdown::{render, RenderContext};
use kaisetsu::model::Doc;
use kaisetsu::resolve::resolve;
use rayon::prelude::*;
use std::path::Path;
use std::time::Instant;

// The allocator the kaisetsu binary uses (src/main.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const WORDS: &[&str] = &[
    "the",
    "policy",
    "of",
    "and",
    "government",
    "exports",
    "to",
    "in",
    "a",
    "was",
    "defense",
    "rules",
    "decision",
    "cabinet",
    "with",
    "for",
    "equipment",
    "that",
    "under",
    "by",
    "allies",
    "transfer",
    "license",
    "production",
    "review",
    "minister",
    "statement",
    "security",
    "law",
    "council",
    "report",
    "its",
    "on",
    "new",
    "from",
    "as",
];
const NAME_A: &[&str] = &[
    "Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India", "Juliet",
];
const NAME_B: &[&str] = &[
    "Accord",
    "Bureau",
    "Charter",
    "Doctrine",
    "Envoy",
    "Forum",
    "Guideline",
    "Harbor",
    "Initiative",
    "Junction",
];

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 16) as usize
    }
}

fn term_name(i: usize) -> String {
    format!(
        "{} {} {}",
        NAME_A[i % 10],
        NAME_B[(i / 10) % 10],
        i / 100 + 1
    )
}

/// A page mentioning terms drawn from `pool` (a range of term numbers) in 1 word of 25: any of
/// them (dense), or, with `focus`, that many of them chosen for the page (as explainers do).
fn page(i: usize, pool: std::ops::Range<usize>, focus: Option<usize>, rng: &mut Rng) -> String {
    let chosen: Vec<usize> = match focus {
        Some(n) => (0..n)
            .map(|_| pool.start + rng.next() % pool.len())
            .collect(),
        None => pool.collect(),
    };
    let mut body = format!("+++\ntitle = \"Page {i}\"\n+++\n\n## Section one\n\n");
    for w in 0..800 {
        if w % 100 == 99 {
            body.push_str("\n\n");
        }
        if w % 400 == 399 {
            body.push_str("## Another section\n\n");
        }
        if rng.next().is_multiple_of(25) {
            // Mentions are written the same way whether or not the glossary exists.
            body.push_str(&term_name(chosen[rng.next() % chosen.len()]));
        } else {
            body.push_str(WORDS[rng.next() % WORDS.len()]);
        }
        body.push(' ');
    }
    body
}

fn site(
    pages: usize,
    terms: usize,
    pool: std::ops::Range<usize>,
    focus: Option<usize>,
    all: bool,
) -> kaisetsu::model::Site {
    site_named(pages, terms, pool, focus, all, "")
}

/// [`site`] with `prefix` before every term's name (`"Zq"` makes names no word of the text
/// starts like: the scan finds no candidates at all).
fn site_named(
    pages: usize,
    terms: usize,
    pool: std::ops::Range<usize>,
    focus: Option<usize>,
    all: bool,
    prefix: &str,
) -> kaisetsu::model::Site {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut docs: Vec<Doc> = Vec::new();
    for t in 0..terms {
        let text = format!(
            "+++\ntitle = \"{prefix}{}\"\nsummary = \"Summary of term {t}.\"\n+++\n\nDefinition.\n",
            term_name(t)
        );
        docs.extend(doc_from_bytes(&format!("glossary/term-{t}.md"), text.into_bytes()).0);
    }
    for p in 0..pages {
        docs.extend(
            doc_from_bytes(
                &format!("posts/p{p:05}.md"),
                page(p, pool.clone(), focus, &mut rng).into_bytes(),
            )
            .0,
        );
    }
    let mut config = SiteConfig::default();
    if all {
        config.glossary.autolink = kaisetsu::config::Autolink::All;
    }
    assemble(Path::new("/nonexistent"), config, docs, Vec::new())
}

/// The matcher alone: [`kaisetsu::resolve::glossary::Glossary::find`] over every page's body,
/// in parallel; returns the time and the mentions found.
fn time_matching(site: &kaisetsu::model::Site) -> (f64, usize) {
    let (index, _) = resolve(site);
    let glossary = &index.glossary;
    let start = Instant::now();
    let found: usize = site
        .docs
        .par_iter()
        .filter(|d| d.content_path.starts_with("posts/"))
        .map(|d| glossary.find(d.body()).len())
        .sum();
    (start.elapsed().as_secs_f64() * 1000.0, found)
}

/// CPU time of this process so far (all threads, user and system), in milliseconds. Unlike
/// wall time it does not count the time other guests of a virtual machine take.
fn cpu_ms() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let ms = |t: libc::timeval| t.tv_sec as f64 * 1000.0 + t.tv_usec as f64 / 1000.0;
    ms(usage.ru_utime) + ms(usage.ru_stime)
}

/// One Markdown stage over the site's posts: wall time, CPU time (both in ms) and term links.
fn time_linking(site: &kaisetsu::model::Site) -> (f64, f64, usize) {
    let (index, _) = resolve(site);
    let highlighter = Highlighter::new(HighlightSettings::disabled());
    let cx = RenderContext {
        site,
        index: &index,
        highlighter: &highlighter,
    };
    let (start, cpu) = (Instant::now(), cpu_ms());
    let rendered: Vec<_> = site
        .docs
        .par_iter()
        .filter(|d| d.content_path.starts_with("posts/"))
        .map(|d| render(d, cx))
        .collect();
    let (wall, cpu) = (start.elapsed().as_secs_f64() * 1000.0, cpu_ms() - cpu);
    let links = rendered
        .iter()
        .map(|r| r.html.matches("class=\"term-ref\"").count())
        .sum();
    (wall, cpu, links)
}

fn main() {
    let pages: usize = std::env::var("GLOSSARY_BENCH_PAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let runs: usize = std::env::var("GLOSSARY_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    println!(
        "glossary linking: {pages} pages of ~800 words, median of {runs} runs, {} threads",
        rayon::current_num_threads()
    );
    let variants = [
        (
            "500 terms, first mention linked",
            site(pages, 500, 0..500, None, false),
        ),
        ("no glossary", site(pages, 0, 0..500, None, false)),
        (
            "500 terms, 8 a page, first linked",
            site(pages, 500, 0..500, Some(8), false),
        ),
        (
            "no glossary, same text",
            site(pages, 0, 0..500, Some(8), false),
        ),
        (
            "500 terms, none mentioned (scan only)",
            site(pages, 500, 500..1000, None, false),
        ),
        (
            "500 terms no word starts like (scan floor)",
            site_named(pages, 500, 0..500, None, false, "Zq"),
        ),
        (
            "5 terms, every mention linked",
            site(pages, 5, 0..5, None, true),
        ),
        (
            "500 terms, every mention linked",
            site(pages, 500, 0..500, None, true),
        ),
    ];
    // GLOSSARY_BENCH_ONLY=2,3 runs only those variants (for profiling).
    let only: Option<Vec<usize>> = std::env::var("GLOSSARY_BENCH_ONLY")
        .ok()
        .map(|v| v.split(',').filter_map(|i| i.trim().parse().ok()).collect());
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); variants.len()];
    let mut cpu: Vec<Vec<f64>> = vec![Vec::new(); variants.len()];
    let mut links = vec![0; variants.len()];
    for _ in 0..runs {
        // Alternate the variants to share the machine's noise.
        for (i, (_, s)) in variants.iter().enumerate() {
            if only.as_ref().is_some_and(|o| !o.contains(&i)) {
                continue;
            }
            let (t, c, l) = time_linking(s);
            times[i].push(t);
            cpu[i].push(c);
            links[i] = l;
        }
    }
    // The matcher alone, on the two "every mention" sites: same text, same mentions, 5 or 500
    // terms.
    let (mut few, mut many) = (Vec::new(), Vec::new());
    let mut mentions = (0, 0);
    if only.is_none() {
        for _ in 0..runs {
            let (t, n) = time_matching(&variants[6].1);
            few.push(t);
            mentions.0 = n;
            let (t, n) = time_matching(&variants[7].1);
            many.push(t);
            mentions.1 = n;
        }
        few.sort_by(f64::total_cmp);
        many.sort_by(f64::total_cmp);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
    };
    let med: Vec<f64> = times.iter_mut().map(median).collect();
    let med_cpu: Vec<f64> = cpu.iter_mut().map(median).collect();
    println!("  {:<42} {:>11} {:>11}", "", "wall", "CPU");
    for (i, (name, _)) in variants.iter().enumerate() {
        println!(
            "  {name:<42} {:8.1} ms {:8.1} ms  {:>7} links",
            med[i], med_cpu[i], links[i]
        );
    }
    // Issue 3's target is ≤ 1.10 for 500 terms against none.
    for (name, a, b) in [
        ("500 terms, 8 a page / no glossary", 2, 3),
        ("500 terms, dense / no glossary", 0, 1),
        ("scan only / no glossary", 4, 1),
        ("scan floor / no glossary", 5, 1),
    ] {
        let (r, rc) = (med[a] / med[b], med_cpu[a] / med_cpu[b]);
        let verdict = if r <= 1.10 { "met" } else { "missed" };
        println!("  ratio {name:<35} {r:.3} wall, {rc:.3} CPU (issue 3 target ≤ 1.10: {verdict})");
    }
    println!(
        "  ratio {:<35} {:.3} (whole Markdown stage, same text and links)",
        "500 terms / 5 terms, every mention",
        med[7] / med[6]
    );
    if let (Some(a), Some(b)) = (few.get(few.len() / 2), many.get(many.len() / 2)) {
        println!(
            "  matcher alone (Glossary::find on each body): 5 terms {a:.1} ms ({} mentions), 500 terms {b:.1} ms ({} mentions), ratio {:.3}",
            mentions.0,
            mentions.1,
            b / a
        );
    }
}
