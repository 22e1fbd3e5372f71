use super::*;
use serde_json::json;

fn tag(s: &str) -> Result<(String, Value, usize), Problem> {
    let (found, len) = parse_tag(s).expect("a shortcode")?;
    Ok(match found {
        Found::Inline(n, a) | Found::Open(n, a) => (n, Value::Object(a), len),
        Found::End => ("end".into(), Value::Null, len),
    })
}

#[test]
fn arguments_of_every_type() {
    let s = r#"{{ clip(id="a\"b", n=3, x=-1.5, on=true, off=false, list=['x', 2, []]) }} tail"#;
    let (name, args, len) = tag(s).unwrap();
    assert_eq!(name, "clip");
    assert_eq!(
        args,
        json!({"id": "a\"b", "n": 3, "x": -1.5, "on": true, "off": false, "list": ["x", 2, []]})
    );
    assert_eq!(&s[len..], " tail");
    assert_eq!(tag("{% end %}").unwrap().0, "end");
    assert_eq!(tag("{%details()%}").unwrap().0, "details");
}

#[test]
fn not_shortcodes_and_bad_ones() {
    assert!(parse_tag("{{ variable }}").is_none());
    assert!(parse_tag("{{ }}").is_none());
    assert_eq!(tag("{{ a(x=) }}").unwrap_err().0, 7);
    assert!(tag("{{ a(x=1 y=2) }}")
        .unwrap_err()
        .1
        .contains("`,` or `)`"));
    assert!(tag("{{ a(x=\"open) }}")
        .unwrap_err()
        .1
        .contains("unclosed string"));
    assert!(tag("{{ a(x=1, x=2) }}").unwrap_err().1.contains("twice"));
    assert!(tag("{{ a(x=1) %}").unwrap_err().1.contains("`}}`"));
}

#[test]
fn placeholders_keep_the_length_and_strip_cleanly() {
    let p = placeholder(12, 'i', 20);
    assert_eq!(p.len(), 20);
    assert_eq!(strip_placeholders(&format!("a {p} b")), "a  b");
    assert_eq!(
        strip_placeholders("kzsc without a number"),
        "kzsc without a number"
    );
}
