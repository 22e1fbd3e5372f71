//! Unit tests of `config.toml` parsing.

use super::*;

fn cfg(text: &str) -> Result<SiteConfig, Diagnostics> {
    parse(SourceFile::new("config.toml", text.to_string()))
}

#[test]
fn base_path_keeps_the_sub_path() {
    for (url, path) in [
        ("https://example.org/sub/", "/sub/"),
        ("https://example.org/sub", "/sub/"),
        ("https://example.org", "/"),
        ("/", "/"),
        ("http://127.0.0.1:1111/", "/"),
    ] {
        let c = SiteConfig {
            base_url: url.into(),
            ..SiteConfig::default()
        };
        assert_eq!(c.base_path(), path, "{url}");
    }
}

#[test]
fn unknown_keys_are_located_and_explained() {
    let err =
        cfg("title = \"x\"\nbase_ur = \"/\"\n[markdown]\nsmart_punctuaton = true\n").unwrap_err();
    let msgs: Vec<String> = err
        .0
        .iter()
        .map(|d| format!("{}: {} / {:?}", d.location, d.message, d.help))
        .collect();
    assert_eq!(msgs.len(), 2, "{msgs:?}");
    assert!(
        msgs[0].starts_with("config.toml:2:1: unknown key `base_ur`"),
        "{msgs:?}"
    );
    assert!(msgs[0].contains("base_url"));
    assert!(
        msgs[1].starts_with("config.toml:4:1: unknown key `markdown.smart_punctuaton`"),
        "{msgs:?}"
    );
}

#[test]
fn a_bad_heading_ids_value_is_located_and_lists_the_choices() {
    let err = cfg("title = \"x\"\n[markdown]\nheading_ids = \"gitlab\"\n").unwrap_err();
    let d = &err.0[0];
    assert_eq!((d.location.line, d.location.col), (3, 15), "{d:?}");
    assert!(d.message.contains("gitlab"), "{d:?}");
    let help = d.help.as_deref().unwrap_or_default();
    assert!(
        help.contains("\"github\"") && help.contains("\"zola\""),
        "{help}"
    );
    let ok = cfg("[markdown]\nheading_ids = \"zola\"\n").unwrap();
    assert_eq!(ok.markdown.heading_ids, HeadingIds::Zola);
    assert_eq!(cfg("").unwrap().markdown.heading_ids, HeadingIds::Github);
}

#[test]
fn malformed_toml_points_at_the_problem() {
    let err = cfg("title = \"x\"\ntheme = \n").unwrap_err();
    assert_eq!(err.0[0].location.line, 2, "{:?}", err.0);
    let ok = cfg("title = \"x\"\n[glossary]\nautolink = \"all\"\n").unwrap();
    assert_eq!(ok.glossary.autolink, Autolink::All);
    assert_eq!(ok.language, "en");
}
