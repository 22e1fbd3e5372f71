//! `kaisetsu check --external` (issue 16), against a loopback server the test starts: the
//! statuses, HEAD refused, redirects, the retry, a timeout, a refused connection, the per-host
//! limit, and the cache (a second run sends no request). No test here reaches the network.

mod common;

use common::link_server::{refused_url, LinkServer};
use common::*;
use std::sync::atomic::Ordering;

fn site(server: &LinkServer, refused: &str) -> SiteTest {
    let u = |p: &str| server.url(p);
    let page = format!(
        "+++\ntitle = \"Links\"\n\n[[sources]]\nid = \"report\"\ntitle = \"Report\"\nurl = \"{missing}\"\narchive_url = \"https://archive.example/report\"\n+++\n\nCited [@report].\n\n[ok]({ok})\n[moved]({moved})\n[temporary]({temporary})\n[gone]({gone})\n[no head]({no_head})\n[flaky]({flaky})\n[slow]({slow})\n[refused]({refused})\n[skipped]({skipped})\n\n![A picture]({missing_img})\n",
        missing = u("/missing"),
        ok = u("/ok"),
        moved = u("/moved"),
        temporary = u("/temporary"),
        gone = u("/gone"),
        no_head = u("/no-head"),
        flaky = u("/flaky"),
        slow = u("/slow"),
        skipped = u("/skipped/page"),
        missing_img = u("/missing.png"),
    );
    let config = format!(
        "title = \"S\"\nbase_url = \"/\"\n[link_check]\ntimeout = 1\nskip = [\"{}\"]\n",
        u("/skipped/")
    );
    SiteTest::from_files(&[
        ("config.toml", &config),
        (
            "content/_index.md",
            "+++\ntitle = \"Home\"\n+++\n\n[links](@/links.md)\n",
        ),
        ("content/links.md", &page),
    ])
}

#[test]
fn external_links_are_checked_with_retries_and_cached() {
    let server = LinkServer::start();
    let refused = refused_url();
    let t = site(&server, &refused);
    let out = t.run(&["check", "--external"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let u = |p: &str| server.url(p);
    for expected in [
        format!(
            "content/links.md:7:8: warning: {} returned 404",
            u("/missing")
        ),
        format!(
            "content/links.md:16:1: warning: {} returned 410",
            u("/gone")
        ),
        format!(
            "content/links.md:14:1: warning: {} moved permanently to {}",
            u("/moved"),
            u("/ok")
        ),
        format!(
            "content/links.md:19:1: warning: {} could not be reached: timed out",
            u("/slow")
        ),
        format!(
            "content/links.md:20:1: warning: {refused} could not be reached: connection refused"
        ),
        format!(
            "content/links.md:23:1: warning: {} returned 404",
            u("/missing.png")
        ),
    ] {
        assert!(err.contains(&expected), "missing {expected:?} in:\n{err}");
    }
    assert!(
        err.contains("help: the source has an archived copy: https://archive.example/report"),
        "{err}"
    );
    for fine in ["/ok)", "/temporary", "/no-head", "/flaky", "/skipped"] {
        assert!(
            !err.contains(&format!("{}{fine}", server.addr)),
            "{fine}: {err}"
        );
    }
    let requests = server.requests();
    // HEAD refused, then GET; the flaky URL was retried once; the skipped one never requested.
    assert!(
        requests.contains(&"GET /no-head".to_string()),
        "{requests:?}"
    );
    assert_eq!(
        requests.iter().filter(|r| *r == "HEAD /flaky").count(),
        2,
        "{requests:?}"
    );
    assert_eq!(
        requests.iter().filter(|r| r.contains("/slow")).count(),
        2,
        "{requests:?}"
    );
    assert!(
        !requests.iter().any(|r| r.contains("/skipped")),
        "{requests:?}"
    );
    // One host: at most 2 requests at once (per_host), though 8 threads are free.
    let most = server.seen.max_in_flight.load(Ordering::SeqCst);
    assert!((1..=2).contains(&most), "{most} requests at once");
    let cache = std::fs::read_to_string(t.root().join(".kaisetsu/links.toml")).unwrap();
    assert!(cache.contains("code = 410"), "{cache}");

    // The second run is served from the cache: no request reaches the server.
    let before = server.requests().len();
    let again = t.run(&["check", "--external"]);
    assert_eq!(stderr(&again), err);
    assert_eq!(server.requests().len(), before);
    assert!(String::from_utf8_lossy(&again.stdout).contains("0 requested"));

    // --refresh ignores the cache.
    let fresh = t.run(&["check", "--external", "--refresh"]);
    assert!(fresh.status.success());
    assert!(server.requests().len() > before);
}

#[test]
fn external_level_error_fails_the_check_and_build_never_requests() {
    let server = LinkServer::start();
    let t = SiteTest::from_files(&[
        (
            "config.toml",
            "title = \"S\"\nbase_url = \"/\"\n[link_check]\nexternal_level = \"error\"\n",
        ),
        (
            "content/_index.md",
            &format!(
                "+++\ntitle = \"Home\"\n+++\n\n[gone]({})\n",
                server.url("/gone")
            ),
        ),
    ]);
    t.build_ok();
    assert!(t.run(&["check"]).status.success());
    assert!(
        server.requests().is_empty(),
        "build and check never use the network"
    );
    let out = t.run(&["check", "--external"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!(
            "content/_index.md:5:1: error: {} returned 410",
            server.url("/gone")
        )),
        "{}",
        stderr(&out)
    );
}

#[test]
fn archived_copies_are_shown_on_the_page() {
    let t = SiteTest::from_files(&[
        ("config.toml", "title = \"S\"\nbase_url = \"/\"\n"),
        ("content/_index.md", "+++\ntitle = \"Home\"\n+++\n\n[p](@/p.md)\n"),
        (
            "content/p.md",
            "+++\ntitle = \"P\"\n[[sources]]\nid = \"r\"\ntitle = \"R\"\nurl = \"https://example.org/r\"\narchive_url = \"https://archive.example/r\"\n+++\n\nSee [@r].\n",
        ),
    ]);
    t.build_ok();
    let page = t.html("p/index.html");
    assert_eq!(
        attrs(&page, ".sources a.source-archive", "href"),
        ["https://archive.example/r"]
    );
    assert_eq!(texts(&page, ".sources a.source-archive"), ["archived copy"]);
}
