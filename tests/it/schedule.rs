//! Schedules across daylight-saving changes: every Europe/Berlin transition
//! from 2020 to 2037 by name, and property tests (proptest) over several
//! zones, including Lord Howe's half-hour shift.

use chrono::{
    Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc, Weekday,
};
use chrono_tz::Tz;
use followup::schedule::{place, Period, Schedule};
use proptest::prelude::*;

fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let mut d = NaiveDate::from_ymd_opt(year, month + 1, 1).unwrap() - Duration::days(1);
    while d.weekday() != Weekday::Sun {
        d -= Duration::days(1);
    }
    d
}

fn weekly(tz: Tz, start: NaiveDateTime, interval: u32) -> Schedule {
    Schedule {
        tz,
        periods: vec![Period {
            start,
            duration_minutes: 50,
            rrule: Some(format!("FREQ=WEEKLY;INTERVAL={interval}")),
            until: None,
        }],
        cancelled: vec![],
        added: vec![],
    }
}

#[test]
fn every_berlin_transition_2020_to_2037() {
    let tz = chrono_tz::Europe::Berlin;
    for year in 2020..=2037 {
        for (month, skipped) in [(3, true), (10, false)] {
            let day = last_sunday(year, month);
            // A weekly Sunday call at 15:05 keeps its local time, and the
            // week across the change is 167 or 169 real hours long.
            let s = weekly(
                tz,
                (day - Duration::days(14)).and_hms_opt(15, 5, 0).unwrap(),
                1,
            );
            let from =
                Utc.from_utc_datetime(&(day - Duration::days(15)).and_hms_opt(0, 0, 0).unwrap());
            let to =
                Utc.from_utc_datetime(&(day + Duration::days(15)).and_hms_opt(0, 0, 0).unwrap());
            let occ = s.occurrences(from, to).unwrap();
            assert_eq!(occ.len(), 5, "{year}-{month}: {occ:?}");
            for o in &occ {
                assert_eq!((o.start.hour(), o.start.minute()), (15, 5), "{o:?}");
                assert_eq!(o.start.weekday(), Weekday::Sun);
            }
            let gaps: Vec<i64> = occ
                .windows(2)
                .map(|w| (w[1].start - w[0].start).num_hours())
                .collect();
            let across = if skipped { 167 } else { 169 };
            assert_eq!(gaps, [168, across, 168, 168], "{year}-{month}");

            // A call at 02:30 on the change day: skipped time moves to 03:30
            // summer time; repeated time is the first (summer time) one.
            let s = weekly(
                tz,
                (day - Duration::days(7)).and_hms_opt(2, 30, 0).unwrap(),
                1,
            );
            let occ = s.occurrences(from, to).unwrap();
            assert_eq!(occ.len(), 4, "{year}-{month}: {occ:?}");
            let on_day = occ.iter().find(|o| o.start.date_naive() == day).unwrap();
            if skipped {
                assert_eq!(on_day.start.to_rfc3339(), format!("{day}T03:30:00+02:00"));
            } else {
                assert_eq!(on_day.start.to_rfc3339(), format!("{day}T02:30:00+02:00"));
            }
            // A 24 h lead is 24 real hours, whatever the wall clock did.
            for o in &occ {
                let r = o.reminder_at(Duration::hours(24));
                assert_eq!(o.start.with_timezone(&Utc) - r, Duration::hours(24));
            }
        }
    }
}

const ZONES: [Tz; 4] = [
    chrono_tz::Europe::Berlin,
    chrono_tz::America::New_York,
    chrono_tz::Asia::Kolkata,
    chrono_tz::Australia::Lord_Howe,
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Over a whole year in any of the zones: one call per `interval`
    /// weeks, none skipped or doubled, each at its local time (or, where
    /// that time does not exist that day, later by exactly the gap), and
    /// reminders exactly the lead before.
    #[test]
    fn weekly_calls_keep_local_time_across_dst(
        zone in 0usize..ZONES.len(),
        year in 2020i32..=2037,
        day in 0i64..7,
        hour in 0u32..24,
        minute in (0u32..12).prop_map(|m| m * 5),
        interval in 1u32..=3,
        lead_minutes in 0i64..=4320,
    ) {
        let tz = ZONES[zone];
        let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap() + Duration::days(day);
        let start = first.and_hms_opt(hour, minute, 0).unwrap();
        let s = weekly(tz, start, interval);
        let from = Utc.from_utc_datetime(&(first - Duration::days(2)).and_hms_opt(0, 0, 0).unwrap());
        let to = Utc.from_utc_datetime(&NaiveDate::from_ymd_opt(year + 1, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap());
        let occ = s.occurrences(from, to).unwrap();

        // The calendar says which days: every `interval` weeks from the
        // first, while the call starts before `to`.
        let mut expected = Vec::new();
        let mut d = first;
        loop {
            let t = place(tz, d.and_hms_opt(hour, minute, 0).unwrap());
            if t.with_timezone(&Utc) >= to { break; }
            expected.push(d);
            d += Duration::days(7 * i64::from(interval));
        }
        let days: Vec<NaiveDate> = occ.iter().map(|o| o.start.date_naive()).collect();
        prop_assert_eq!(&days, &expected);

        for o in &occ {
            let wanted = o.start.date_naive().and_hms_opt(hour, minute, 0).unwrap();
            match tz.from_local_datetime(&wanted) {
                LocalResult::None => {
                    // Skipped: later than asked by the gap, never earlier.
                    let got = o.start.naive_local();
                    prop_assert!(got > wanted && got - wanted <= Duration::hours(1), "{:?}", o);
                }
                _ => prop_assert_eq!(o.start.naive_local(), wanted),
            }
            let lead = Duration::minutes(lead_minutes);
            prop_assert_eq!(o.start.with_timezone(&Utc) - o.reminder_at(lead), lead);
            prop_assert_eq!(o.end - o.start, Duration::minutes(50));
        }

        // The next call after any call is the following one.
        for w in occ.windows(2) {
            let next = s.next_after(w[0].start.with_timezone(&Utc)).unwrap();
            prop_assert_eq!(next.start, w[1].start);
        }
    }
}
