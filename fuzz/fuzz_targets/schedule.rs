#![no_main]
//! `cargo fuzz run schedule -- -dict=schedule.dict`: the untrusted inputs of
//! schedules. The first line is an RRULE as `POST /series` takes it: if
//! `check_rule` accepts it, a series in Europe/Berlin starting in a DST gap
//! expands over ten years without panicking, in order and within
//! `MAX_OCCURRENCES`. The rest is an iCalendar text for `parse_ics` (the
//! calendar import), which must return, not panic.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use followup::calendar::parse_ics;
use followup::schedule::{check_rule, parse_tz, Period, Schedule, MAX_OCCURRENCES};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (rule, ics) = text.split_once('\n').unwrap_or((text, ""));
    if check_rule(rule).is_ok() {
        let start = NaiveDate::from_ymd_opt(2024, 3, 31)
            .and_then(|d| d.and_hms_opt(2, 30, 0))
            .unwrap();
        let s = Schedule {
            tz: parse_tz("Europe/Berlin").unwrap(),
            periods: vec![Period {
                start,
                duration_minutes: 60,
                rrule: Some(rule.to_string()),
                until: None,
            }],
            cancelled: vec![NaiveDate::from_ymd_opt(2024, 4, 7).unwrap()],
            added: vec![],
        };
        let from = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
        if let Ok(o) = s.occurrences(from, from + Duration::days(3650)) {
            assert!(o.len() <= MAX_OCCURRENCES);
            assert!(o.windows(2).all(|w| w[0].start < w[1].start));
        }
        let _ = s.next_after(from);
    }
    let _ = parse_ics(ics, None, "f.ics");
});
