#![no_main]
//! `cargo fuzz run calendar -- -dict=calendar.dict`: the calendar import's
//! readers on untrusted text. The input is read as a YAML calendar
//! (`parse_yaml`) and as an iCalendar text (`parse_ics`); each must return,
//! not panic. Every event either gives is what `followup calendar import`
//! would store: its duration is 1 minute to a day, and when its time zone
//! and rule pass the import's checks, its schedule expands over two years
//! in order, within `MAX_OCCURRENCES`.

use chrono::{Duration, TimeZone, Utc};
use followup::calendar::{parse_ics, parse_yaml, Event, Read};
use followup::schedule::{check_rule, parse_tz, Schedule, MAX_DURATION_MINUTES, MAX_OCCURRENCES};
use libfuzzer_sys::fuzz_target;

fn check(e: &Event) {
    let d = e.period.duration_minutes;
    assert!((1..=MAX_DURATION_MINUTES).contains(&d), "duration {d}");
    for (_, m) in &e.added {
        assert!((1..=MAX_DURATION_MINUTES).contains(m), "added call of {m} minutes");
    }
    let Ok(tz) = parse_tz(&e.time_zone) else {
        return;
    };
    if e.period.rrule.as_deref().is_some_and(|r| check_rule(r).is_err()) {
        return;
    }
    let s = Schedule {
        tz,
        periods: vec![e.period.clone()],
        cancelled: e.cancelled.clone(),
        added: e.added.clone(),
    };
    let from = Utc.with_ymd_and_hms(2022, 1, 1, 0, 0, 0).unwrap();
    if let Ok(o) = s.occurrences(from, from + Duration::days(730)) {
        assert!(o.len() <= MAX_OCCURRENCES);
        assert!(o.windows(2).all(|w| w[0].start <= w[1].start));
    }
    let _ = s.next_after(from);
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut read = Read::default();
    if parse_yaml(text, None, "f.yml", &mut read).is_ok() {
        read.events.iter().for_each(check);
    } else {
        assert!(read.events.is_empty() && read.files.is_empty());
    }
    if let Ok(events) = parse_ics(text, None, "f.ics") {
        events.iter().flatten().for_each(check);
    }
});
