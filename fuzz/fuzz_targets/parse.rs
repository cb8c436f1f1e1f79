#![no_main]
//! `cargo fuzz run parse -- -dict=parse.dict`: any bytes that are UTF-8 go
//! through the extractor; it must return (no panic, no stack overflow, no
//! failed debug assertion), keep items in line order, give what the ungated
//! rules give (the keyword gate only skips rules that cannot match), and keep
//! the contract's field forms.

use followup::extract::{parse, parse_ungated, Hints};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let hints = Hints {
            meeting_date: chrono::NaiveDate::from_ymd_opt(2024, 1, 1),
            ..Hints::default()
        };
        let m = parse(text, &hints);
        assert!(m.items.windows(2).all(|w| w[0].line < w[1].line));
        assert_eq!(m, parse_ungated(text, &hints));
        // The contract's field forms: texts collapsed and never empty,
        // owners without `@` and none twice, cancellations with their day.
        let collapsed = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ") == t;
        for i in &m.items {
            assert!(!i.text.is_empty() && collapsed(&i.text), "{:?}", i.text);
            let mut seen = std::collections::BTreeSet::new();
            for o in &i.owners {
                assert!(!o.is_empty() && collapsed(o) && !o.starts_with('@'), "{:?}", i.owners);
                assert!(seen.insert(o.to_lowercase()), "{:?}", i.owners);
            }
            assert!(i.kind != followup::extract::Kind::Cancellation || i.date.is_some());
        }
    }
});
