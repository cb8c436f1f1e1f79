#![no_main]
//! `cargo fuzz run parse`: any bytes that are UTF-8 go through the extractor;
//! it must return (no panic, no stack overflow) and keep items in line order.

use followup::extract::{parse, Hints};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let m = parse(text, &Hints { meeting_date: chrono::NaiveDate::from_ymd_opt(2024, 1, 1), ..Hints::default() });
        assert!(m.items.windows(2).all(|w| w[0].line < w[1].line));
    }
});
