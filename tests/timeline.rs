//! Timeline tests (issue 4): ordering with mixed precision and spans, decades, topics, links
//! both ways with explainers and the glossary, JSON, and every invalid-date case.

mod common;

use common::*;

fn built() -> SiteTest {
    let t = SiteTest::from_fixture("timeline");
    t.build_ok();
    t
}

#[test]
fn events_sort_by_earliest_day_with_less_precise_dates_first() {
    let t = built();
    let doc = t.html("timeline/index.html");
    let dates = attrs(&doc, ".timeline time", "datetime");
    let starts: Vec<&String> = dates.iter().filter(|d| !d.starts_with("1952")).collect();
    assert_eq!(
        starts,
        ["1945-08", "1967", "1967-04", "1967-04-21", "2014-04-01"],
        "{dates:?}"
    );
    let shown = texts(&doc, ".timeline time");
    for s in [
        "August 1945",
        "1967",
        "April 1967",
        "21 April 1967",
        "1 April 2014",
        "28 April 1952",
    ] {
        assert!(shown.iter().any(|x| x == s), "{s} not shown: {shown:?}");
    }
    let json: serde_json::Value = serde_json::from_str(&t.read("timeline.json")).unwrap();
    let order: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["date"].as_str().unwrap())
        .collect();
    assert_eq!(
        order,
        ["1945-08", "1967", "1967-04", "1967-04-21", "2014-04-01"]
    );
    assert_eq!(json[0]["end"], "1952-04-28");
    assert_eq!(json[0]["precision"], "month");
    assert_eq!(json[1]["precision"], "year");
    assert_eq!(
        json[4]["url"],
        "https://example.org/t/timeline/2014-04-01-new-rules/"
    );
}

#[test]
fn events_are_grouped_under_decade_headings_in_an_ordered_list() {
    let t = built();
    let page = t.read("timeline/index.html");
    let headings = texts(&t.html("timeline/index.html"), ".timeline h2");
    assert_eq!(headings, ["1940s", "1960s", "2010s"]);
    assert!(page.contains("<ol"), "events must be an ordered list");
    assert!(
        page.contains("Prime Minister Sato states the principles.</p>"),
        "listings drop citations cleanly"
    );
    let svg_links = attrs(&t.html("timeline/index.html"), "svg a", "href");
    assert_eq!(svg_links.len(), 5);
    let labels = attrs(&t.html("timeline/index.html"), "svg a", "aria-label");
    assert!(
        labels.contains(&"21 April 1967: Sato states the principles".to_string()),
        "{labels:?}"
    );
}

#[test]
fn topic_pages_list_only_their_events_and_are_linked() {
    let t = built();
    let topic = t.html("timeline/topics/export-policy/index.html");
    assert_eq!(
        attrs(&topic, ".timeline time", "datetime"),
        ["1967-04", "1967-04-21", "2014-04-01"]
    );
    assert!(attrs(&t.html("timeline/index.html"), "a", "href")
        .contains(&"/t/timeline/topics/export-policy/".to_string()));
    assert!(attrs(&t.html("timeline/1967-year/index.html"), "a", "href")
        .contains(&"/t/timeline/topics/constitution/".to_string()));
}

#[test]
fn events_and_explainers_link_both_ways_with_sections() {
    let t = built();
    let event = t.read("timeline/1967-04-21-principles/index.html");
    assert!(
        event.contains("href=\"/t/explainer/#early-years\""),
        "Discussed in must link the section: {event}"
    );
    assert!(event.contains("href=\"/t/explainer/#later\""));
    assert!(
        event.contains("href=\"/t/glossary/export-principles/\""),
        "event terms"
    );
    assert!(event.contains("rel=\"prev\"") && event.contains("rel=\"next\""));
    assert!(
        event.contains("\"@type\": \"Event\"") || event.contains("\"@type\":\"Event\""),
        "Event JSON-LD"
    );
    let explainer = t.read("explainer/index.html");
    let a = explainer
        .find("/t/timeline/1967-04-21-principles/")
        .unwrap();
    let b = explainer
        .rfind("/t/timeline/2014-04-01-new-rules/")
        .unwrap();
    assert!(
        explainer.contains("On the timeline"),
        "explainer lists its events"
    );
    assert!(a < b);
    let term = t.read("glossary/export-principles/index.html");
    assert!(
        term.contains("/t/timeline/1967-04-21-principles/")
            && term.contains("/t/timeline/2014-04-01-new-rules/"),
        "term lists events naming it"
    );
}

#[test]
fn every_invalid_date_is_reported_at_its_place_with_the_accepted_forms() {
    let cases = [
        ("\"1967-13\"", "has no month 13"),
        (
            "\"2024-02-30\"",
            "not a real day: February 2024 has 29 days",
        ),
        ("\"April 1967\"", "cannot read \"April 1967\" as a date"),
        ("\"67\"", "cannot read"),
        ("\"1967-4\"", "cannot read"),
        ("\"\"", "cannot read"),
    ];
    for (value, expected) in cases {
        let t = SiteTest::from_fixture("timeline");
        t.write(
            "content/timeline/bad.md",
            &format!("+++\ntitle = \"Bad\"\ndate = {value}\n+++\n\nBody.\n"),
        );
        let before = snapshot(t.root());
        let out = t.run(&["build"]);
        assert_eq!(out.status.code(), Some(1), "{value}");
        let err = stderr(&out);
        assert!(
            err.contains("content/timeline/bad.md:3:1: error: invalid `date`"),
            "{value}: {err}"
        );
        assert!(err.contains(expected), "{value}: {err}");
        assert!(
            err.contains("\"1967\", \"1967-04\" or \"1967-04-21\""),
            "{value}: accepted forms missing: {err}"
        );
        assert_eq!(before, snapshot(t.root()), "sources or output touched");
    }
}

#[test]
fn a_missing_date_an_end_before_the_start_and_unknown_terms_are_errors() {
    let t = SiteTest::from_fixture("timeline");
    t.write(
        "content/timeline/nodate.md",
        "+++\ntitle = \"No date\"\n+++\n",
    );
    t.write(
        "content/timeline/backwards.md",
        "+++\ntitle = \"Backwards\"\ndate = \"2000\"\nend = \"1999\"\n+++\n",
    );
    t.write(
        "content/timeline/badterm.md",
        "+++\ntitle = \"T\"\ndate = \"2000\"\nterms = [\"export-principle\"]\n+++\n",
    );
    let err = stderr(&t.run(&["check"]));
    assert!(
        err.contains("content/timeline/nodate.md:1:1: error: timeline event is missing its `date`"),
        "{err}"
    );
    assert!(
        err.contains(
            "content/timeline/backwards.md:4:1: error: `end` (1999) is before `date` (2000)"
        ),
        "{err}"
    );
    assert!(err.contains("content/timeline/badterm.md:4:11: error: unknown glossary term `export-principle` in `terms`"), "{err}");
    assert!(
        err.contains("did you mean Export principles (export-principles)?"),
        "{err}"
    );
}
