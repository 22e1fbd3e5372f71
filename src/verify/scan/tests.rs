//! The scan's unit tests.

use super::*;

/// Every link of `html`: the shared ones, then those read against the page.
fn links(html: &str) -> Vec<String> {
    let interner = Interner::default();
    let page = scan("p.html", html.as_bytes(), &interner);
    let interned = interner.finish();
    let shared = page.shared().iter().map(|&n| interned.get(n).to_string());
    let anchored = page.anchored().iter();
    let anchored = anchored.map(|&(p, f)| format!("{}{}", interned.get(p), interned.get(f)));
    let links = page.links().map(str::to_string);
    shared.chain(anchored).chain(links).collect()
}

#[test]
fn finds_links_and_ids_in_every_quoting_style() {
    let html =
        r#"<a href="/a/" id=one><IMG SRC='/i.png' alt=""><link rel=x href=/s.css><p id = "two">"#;
    assert_eq!(links(html), ["/a/", "/i.png", "/s.css"]);
    let s = scan("p.html", html.as_bytes(), &Interner::default());
    let mut ids: Vec<&str> = s.ids().collect();
    ids.sort();
    assert_eq!(ids, ["one", "two"]);
    assert!(s.has_id("two") && !s.has_id("three"));
    let r = scan(
        "p.html",
        br#"<a id="b"><b id="a"></b><i id="b">"#,
        &Interner::default(),
    );
    assert_eq!(r.repeated_ids().collect::<Vec<_>>(), [("b", 2)]);
}

#[test]
fn only_attributes_named_href_src_and_id_count() {
    // The common names as kaisetsu writes them, the same in other cases and spacing, and
    // names that only end or begin like them.
    let html = r#"<a class="c" href="/a/" id="x"><a CLASS = 'c' HREF = '/b/' ID = y>
        <a xhref="/no1/" hrefs="/no2/" data-id="z" classy="/no3/" src2="/no4/"><i/src=/c/>
        <p disabled href="/d/" title="id=&quot;w&quot;">"#;
    assert_eq!(links(html), ["/a/", "/b/", "/c/", "/d/"]);
    let s = scan("p.html", html.as_bytes(), &Interner::default());
    let mut ids: Vec<&str> = s.ids().collect();
    ids.sort();
    assert_eq!(ids, ["x", "y"]);
}

#[test]
fn skips_comments_scripts_and_end_tags() {
    let html = r#"<!-- <a href="/c/"> --><script>var a = '<a href="/s/">';</script>
        <style>a[href="/x/"]{}</style></a><a href="/ok/">"#;
    assert_eq!(links(html), ["/ok/"]);
    assert_eq!(
        links(r#"<SCRIPT src="/k.js"></SCRIPT><a href="/b/">"#),
        ["/k.js", "/b/"]
    );
    // `<` and `</` that do not end the element, in raw text, up to its last byte.
    let raw = r#"<title>a<b </ </tit </titles <a href="/no/"></TiTlE><a href="/t/"><style>x<"#;
    assert_eq!(links(raw), ["/t/"]);
    // `</` without a letter is a bogus comment, up to its `>`.
    assert_eq!(links(r#"</ <a href="/no/"> x </3><a href="/b/">"#), ["/b/"]);
}

#[test]
fn decodes_character_references_and_reads_sitemap_locations() {
    assert_eq!(links(r#"<a href="/a/?x=1&amp;y=&#50;">"#), ["/a/?x=1&y=2"]);
    assert_eq!(
        links("<urlset><url><loc> https://e.org/a/ </loc></url></urlset>"),
        ["https://e.org/a/"]
    );
    assert_eq!(links("a < b and <3 <a href=/z/>"), ["/z/"]);
}

#[test]
fn each_url_of_a_srcset_is_a_link_and_a_poster_is_one() {
    let html = r#"<img srcset="/a.png 1x, b.png 2x,c.png,, /d,e.png 640w (x, y), f.png"
        SRCSET=' g.png ' srcset="data:image/png;base64,AA 1x, ../h.png 2x"><video poster=/v.jpg>"#;
    assert_eq!(
        links(html),
        ["/a.png", "/d,e.png", "/v.jpg", "b.png", "c.png", "f.png", "g.png", "../h.png"]
    );
    let urls = |v: &str| {
        srcset_urls(v.as_bytes())
            .map(|u| u.to_vec())
            .collect::<Vec<_>>()
    };
    assert!(urls(" , ,").is_empty());
    assert_eq!(
        urls("x.png 1x (a,b), y.png"),
        [b"x.png".to_vec(), b"y.png".to_vec()]
    );
}

#[test]
fn short_tags_without_attributes_are_stepped_over() {
    let html = "<p><li>a<b><h2><a href=/x/><p/><td><i id=k><em>";
    assert_eq!(links(html), ["/x/"]);
    let s = scan("p.html", html.as_bytes(), &Interner::default());
    assert_eq!(s.ids().collect::<Vec<_>>(), ["k"]);
    for end in ["<p>", "<li>", "<p", "<li"] {
        assert_eq!(links(&format!("<a href=/y/>{end}")), ["/y/"]);
    }
}

#[test]
fn links_that_name_no_file_are_left_out() {
    let html = r#"<a href="mailto:a@b.c"><a href=" TEL:1"><img src="Data:x">
        <a href="JavaScript:void(0)"><a href="/m/"><a href="data/x.csv"><a href="t.html">"#;
    assert_eq!(links(html), ["/m/", "data/x.csv", "t.html"]);
}

#[test]
fn never_panics_on_truncated_markup() {
    for html in [
        "<a href=\"",
        "<a href=",
        "<a",
        "<!--",
        "<script>",
        "<a id='x",
        "<",
    ] {
        scan("p.html", html.as_bytes(), &Interner::default());
    }
}
