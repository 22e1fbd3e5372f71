//! The benchmark's paired parts: two variants of one site built interleaved (issue 3's
//! glossary overhead, issue 14's bilingual cost, issue 15's search index).

use super::{ms, progress, rm, search_size, site, summarize, Bench};
use std::fmt::Write as _;
use std::time::Duration;

impl Bench {
    /// Two variants of one site, generated under `names` and built `runs` times each,
    /// interleaved; returns the median wall times (the sites are removed unless kept).
    pub(crate) fn pair(
        &self,
        names: [&str; 2],
        specs: [site::Spec; 2],
        runs: usize,
    ) -> (Duration, Duration) {
        let dirs = names.map(|n| self.dir.join(n));
        for (dir, spec) in dirs.iter().zip(specs) {
            site::generate(spec, dir, None).expect("generate the site");
        }
        let out = self.dir.join("k-out");
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for i in 0..runs {
            progress(&format!(
                "{} / {}: run {}/{runs}",
                names[0],
                names[1],
                i + 1
            ));
            a.push(self.kaisetsu_run(&dirs[0], &out));
            b.push(self.kaisetsu_run(&dirs[1], &out));
        }
        if std::env::var_os("KAISETSU_BENCH_KEEP").is_none() {
            dirs.iter().for_each(|d| rm(d));
        }
        rm(&out);
        (summarize(&a).0, summarize(&b).0)
    }

    /// Issue 14: the same site in English only and with every file translated into Japanese.
    pub(crate) fn bilingual(&mut self, posts: usize, code: bool, runs: usize) {
        progress(&format!("bilingual at {posts}"));
        let spec = |translated| site::Spec {
            pages: posts,
            code,
            terms: true,
            translated,
            dense: false,
        };
        // Apart by code, so that both variants survive `KAISETSU_BENCH_KEEP`.
        let shape = if code { "-code" } else { "" };
        let names = [
            format!("k-{posts}{shape}-en"),
            format!("k-{posts}{shape}-en-ja"),
        ];
        let (aw, bw) = self.pair([&names[0], &names[1]], [spec(false), spec(true)], runs);
        let ratio = bw.as_secs_f64() / aw.as_secs_f64();
        let verdict = if ratio <= 2.1 { "met" } else { "MISSED" };
        let _ = writeln!(
            self.out,
            "\nBilingual (issue 14), {posts} posts {}, every file translated, median of {runs}:\n  English only {}, English + Japanese {}, ratio {ratio:.2} (target ≤2.1: {verdict})",
            if code { "with code" } else { "without code" },
            ms(aw),
            ms(bw)
        );
    }

    /// Issue 3: the same site with 500 terms and with none.
    pub(crate) fn glossary(&mut self, posts: usize, runs: usize) {
        progress(&format!("glossary overhead at {posts}"));
        let spec = |terms| site::Spec {
            pages: posts,
            code: false,
            terms,
            translated: false,
            dense: false,
        };
        let names = [format!("k-{posts}-terms"), format!("k-{posts}-noterms")];
        let (aw, bw) = self.pair([&names[0], &names[1]], [spec(true), spec(false)], runs);
        let ratio = aw.as_secs_f64() / bw.as_secs_f64();
        let verdict = if ratio <= 1.10 { "met" } else { "MISSED" };
        let _ = writeln!(
            self.out,
            "\nGlossary overhead (issue 3), {posts} posts without code blocks, median of {runs}:\n  500 terms {}, 0 terms {}, ratio {ratio:.3} (target ≤1.10: {verdict})",
            ms(aw),
            ms(bw)
        );
    }

    /// Issue 15: the same site with its search index and with `[search] enabled = false`,
    /// built interleaved, and the compressed bytes a one-word query downloads.
    pub(crate) fn search(&mut self, posts: usize, runs: usize) {
        progress(&format!("search index at {posts}"));
        let dirs = ["search", "nosearch"].map(|n| self.dir.join(format!("k-{posts}-{n}")));
        search_size::generate(posts, &dirs);
        let out = self.dir.join("k-out");
        let (mut with, mut without) = (Vec::new(), Vec::new());
        for i in 0..runs {
            progress(&format!("search / no search: run {}/{runs}", i + 1));
            with.push(self.kaisetsu_run(&dirs[0], &out));
            without.push(self.kaisetsu_run(&dirs[1], &out));
        }
        self.kaisetsu_run(&dirs[0], &out);
        let size = search_size::measure(&out.join("search-index"));
        let (aw, bw) = (summarize(&with).0, summarize(&without).0);
        let _ = writeln!(self.out, "{}", size.report(posts, runs, aw, bw));
        if std::env::var_os("KAISETSU_BENCH_KEEP").is_none() {
            dirs.iter().for_each(|d| rm(d));
        }
        rm(&out);
    }
}
