//! Date parsing never panics, and what it accepts round-trips through its ISO form.
#![no_main]

use kaisetsu::date::PartialDate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(d) = PartialDate::parse(s) {
        let again = PartialDate::parse(&d.iso()).expect("ISO form parses");
        assert_eq!(d, again);
        assert!(!d.to_string().is_empty());
        let (y, m, day) = d.earliest();
        assert!(
            (1..=9999).contains(&y)
                && (1..=12).contains(&m)
                && day >= 1
                && day <= kaisetsu::date::days_in_month(y, m)
        );
    }
});
