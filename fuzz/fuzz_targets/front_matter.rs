//! Front-matter splitting and parsing never panic, and every diagnostic points inside the file.
#![no_main]

use kaisetsu::load::front_matter::{parse, split};
use kaisetsu::model::DocKind;
use kaisetsu::span::SourceFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let file = SourceFile::new("content/x.md", text);
    match split(&file.text) {
        Ok(s) => {
            assert!(
                s.block.start <= s.block.end && s.block.end <= s.body && s.body <= file.text.len()
            );
            for kind in [
                DocKind::Page,
                DocKind::Section,
                DocKind::Term,
                DocKind::Event,
            ] {
                // As an original and as a translation (which may leave out an event's date).
                for translation in [false, true] {
                    let Err(diags) = parse(&file, &s, kind, translation) else {
                        continue;
                    };
                    assert!(!diags.0.is_empty());
                    let lines = file.text.lines().count().max(1) + 1;
                    for d in &diags.0 {
                        assert!(d.location.line >= 1 && d.location.line <= lines, "{d:?}");
                    }
                }
            }
        }
        Err((at, message, _)) => {
            assert!(at <= file.text.len());
            assert!(!message.is_empty());
        }
    }
});
