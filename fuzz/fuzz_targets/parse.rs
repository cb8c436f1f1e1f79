#![no_main]
//! `cargo fuzz run parse -- -dict=parse.dict`: any bytes that are UTF-8 go
//! through the extractor; it must return (no panic, no stack overflow, no
//! failed debug assertion), keep items in line order, give what the ungated
//! rules give (the keyword gate only skips rules that cannot match), and keep
//! the contract's field forms.

use followup::extract::{check_contract, parse, parse_ungated, Hints};
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
        check_contract(&m).unwrap();
    }
});
