//! Unit tests of front-matter splitting and parsing.
use super::*;

fn fm(text: &str, kind: DocKind) -> Result<FrontMatter, Vec<String>> {
    let file = SourceFile::new("content/x.md", text.to_string());
    let s = split(&file.text).map_err(|(_, m, _)| vec![m])?;
    let parsed = parse(&file, &s, kind, false).map_err(|d| {
        d.0.iter()
            .map(|d| format!("{}: {}", d.location, d.message))
            .collect::<Vec<String>>()
    });
    parsed.map(|(meta, _warnings)| meta)
}

#[test]
fn splits_toml_yaml_with_bom_and_crlf() {
    assert_eq!(
        fm("+++\ntitle = \"A\"\n+++\nbody", DocKind::Page)
            .unwrap()
            .title,
        "A"
    );
    assert_eq!(
        fm("---\ntitle: B\n---\nbody", DocKind::Page).unwrap().title,
        "B"
    );
    assert_eq!(
        fm("\u{feff}+++\r\ntitle = \"C\"\r\n+++\r\nbody", DocKind::Page)
            .unwrap()
            .title,
        "C"
    );
    let file = SourceFile::new("x", "+++\r\ntitle = \"C\"\r\n+++\r\nbody".into());
    assert_eq!(&file.text[split(&file.text).unwrap().body..], "body");
}

#[test]
fn blank_lines_and_a_bom_before_the_fence_are_skipped_and_positions_kept() {
    let text = "\u{feff}\n \t\r\n+++\ntitle = \"A\"\ntitel = 1\n+++\nbody";
    let file = SourceFile::new("content/x.md", text.into());
    let s = split(&file.text).unwrap();
    assert_eq!(&file.text[s.block.clone()], "title = \"A\"\ntitel = 1\n");
    assert_eq!(&file.text[s.body..], "body");
    let err = fm(text, DocKind::Page).unwrap_err();
    assert_eq!(err, ["content/x.md:5:1: unknown front-matter key `titel`"]);
    let (at, message, _) = split("\n\ntitle = 1\n").unwrap_err();
    assert_eq!(at, 2, "{message}");
}

#[test]
fn reports_each_problem_at_its_place() {
    let cases: &[(&str, DocKind, &str)] = &[
        ("+++\ntitle = \"A\"\nbody", DocKind::Page, "never closed"),
        ("title = 1", DocKind::Page, "missing front matter"),
        (
            "+++\ntitle = \"A\nx\n+++\n",
            DocKind::Page,
            "content/x.md:3:2: invalid TOML",
        ),
        (
            "+++\ntitle = \"A\"\ntitel = 1\n+++\n",
            DocKind::Page,
            "content/x.md:3:1: unknown front-matter key `titel`",
        ),
        (
            "+++\ndescription = \"A\"\n+++\n",
            DocKind::Page,
            "missing required front-matter field `title`",
        ),
        (
            "+++\ntitle = \"A\"\ndate = \"1967-13\"\n+++\n",
            DocKind::Event,
            "content/x.md:3:1: invalid `date`",
        ),
        (
            "+++\ntitle = \"A\"\n+++\n",
            DocKind::Event,
            "missing its `date`",
        ),
        (
            "+++\ntitle = \"A\"\n+++\n",
            DocKind::Term,
            "missing its `summary`",
        ),
        (
            "+++\ntitle = \"A\"\nsummary = \"x\"\n+++\n",
            DocKind::Page,
            "unknown front-matter key `summary`",
        ),
        ("---\ntitle: [\n---\n", DocKind::Page, "invalid YAML"),
        (
            "+++\ntitle = \"A\"\nweight = \"x\"\n+++\n",
            DocKind::Page,
            "content/x.md:3:",
        ),
    ];
    for (text, kind, expected) in cases {
        let err = fm(text, *kind).unwrap_err();
        assert!(
            err.iter().any(|e| e.contains(expected)),
            "{text:?}: {err:?}"
        );
    }
}

#[test]
fn reads_terms_events_and_sources() {
    let t = fm(
        "+++\ntitle = \"SDF\"\naliases = [\"JSDF\"]\nja = \"自衛隊\"\nsummary = \"Forces.\"\n+++\n",
        DocKind::Term,
    )
    .unwrap();
    assert_eq!(t.term.unwrap().aliases, ["JSDF"]);
    let e = fm(
        "+++\ntitle = \"E\"\ndate = 1967-04-21\nend = \"1968\"\n+++\n",
        DocKind::Event,
    )
    .unwrap();
    assert_eq!(e.event.unwrap().date.iso(), "1967-04-21");
    let s = fm("+++\ntitle = \"P\"\n[[sources]]\nid = \"a\"\ntitle = \"T\"\npublisher = \"P\"\ndate = \"2024\"\nurl = \"https://x\"\n+++\n", DocKind::Page).unwrap();
    assert_eq!(s.sources[0].id, "a");
}

#[test]
fn a_source_may_name_the_language_of_its_title() {
    let text = "+++\ntitle = \"P\"\n[[sources]]\nid = \"a\"\ntitle = \"防衛装備移転三原則\"\nlang = \"ja\"\n+++\n";
    let s = fm(text, DocKind::Page).unwrap();
    assert_eq!(s.sources[0].lang.as_deref(), Some("ja"));
    let bad = text.replace("\"ja\"", "\"Japanese!\"");
    let err = fm(&bad, DocKind::Page).unwrap_err();
    assert!(err[0].contains("is not a language tag"), "{err:?}");
    assert!(err[0].starts_with("content/x.md:6:"), "{err:?}");
    for tag in ["ja", "en-GB", "zh-Hant", "ja-Latn"] {
        assert!(is_language_tag(tag), "{tag}");
    }
    for tag in ["", "j", "japanese", "ja_JP", "ja-", "en-toolongsubtag"] {
        assert!(!is_language_tag(tag), "{tag}");
    }
}
