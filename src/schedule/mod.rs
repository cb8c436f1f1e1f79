//! When a series meets. PURE: no I/O, no clock (`now` is passed in).
//!
//! A [`Schedule`] is a series' time zone and its periods (a start as local
//! date and time, a duration, an RFC 5545 `RRULE` such as
//! `FREQ=WEEKLY;INTERVAL=2`, an optional last day), plus cancelled dates and
//! added calls. A series whose cadence changed keeps one period per cadence.
//!
//! Recurrence is computed by the `rrule` crate on local wall-clock time, and
//! each local time is then placed in the time zone by chrono-tz, so a 15:05
//! Europe/Berlin weekly call is 15:05 local all year. A local time that does
//! not exist (the hour skipped when clocks go forward) is read with the
//! offset from before the gap, as RFC 5545 says (02:30 becomes 03:30); one
//! that exists twice (clocks go back) is the first. Lead times are real
//! durations: a reminder 24 h before a call is 24 real hours before it.
//!
//! ```
//! use chrono::{NaiveDate, TimeZone, Utc};
//! use followup::schedule::{Period, Schedule};
//! let s = Schedule {
//!     tz: chrono_tz::Europe::Berlin,
//!     periods: vec![Period::weekly(
//!         NaiveDate::from_ymd_opt(2022, 6, 30).unwrap().and_hms_opt(15, 5, 0).unwrap(),
//!         40,
//!     )],
//!     cancelled: vec![NaiveDate::from_ymd_opt(2022, 11, 10).unwrap()],
//!     added: vec![],
//! };
//! let after = Utc.with_ymd_and_hms(2022, 11, 3, 15, 0, 0).unwrap();
//! let next = s.next_after(after).unwrap();
//! assert_eq!(next.start.to_rfc3339(), "2022-11-17T15:05:00+01:00");
//! ```

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use rrule::RRuleSet;

/// The most occurrences one query returns.
pub const MAX_OCCURRENCES: usize = 5000;

/// The longest call, in minutes (a day): what `POST /series` takes and
/// where a calendar import cuts a longer event.
pub const MAX_DURATION_MINUTES: u32 = 1440;

/// One cadence of a series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// First call, local wall-clock time.
    pub start: NaiveDateTime,
    pub duration_minutes: u32,
    /// An RFC 5545 RRULE without DTSTART or UNTIL (`FREQ=WEEKLY;INTERVAL=2`);
    /// none for a single call.
    pub rrule: Option<String>,
    /// Last day a call may fall on (inclusive, local).
    pub until: Option<NaiveDate>,
}

impl Period {
    /// Every week from `start`, open-ended.
    pub fn weekly(start: NaiveDateTime, duration_minutes: u32) -> Period {
        Period {
            start,
            duration_minutes,
            rrule: Some("FREQ=WEEKLY;INTERVAL=1".into()),
            until: None,
        }
    }

    /// One call.
    pub fn once(start: NaiveDateTime, duration_minutes: u32) -> Period {
        Period {
            start,
            duration_minutes,
            rrule: None,
            until: None,
        }
    }
}

/// A series' schedule.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    pub tz: Tz,
    pub periods: Vec<Period>,
    /// Local dates without a recurring call (cancelled, holidays); single
    /// calls and added calls are not affected.
    pub cancelled: Vec<NaiveDate>,
    /// Extra or moved calls: local start and duration in minutes.
    pub added: Vec<(NaiveDateTime, u32)>,
}

/// One call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    pub start: DateTime<Tz>,
    pub end: DateTime<Tz>,
}

impl Occurrence {
    /// When a reminder `lead` before the call is due (real time).
    pub fn reminder_at(&self, lead: Duration) -> DateTime<Utc> {
        self.start.with_timezone(&Utc) - lead
    }
}

/// Why a schedule or rule is refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ScheduleError {
    #[error("unknown time zone {0:?} (an IANA name such as Europe/Berlin)")]
    TimeZone(String),
    #[error("invalid RRULE {0:?}: {1}")]
    Rule(String, String),
}

/// An IANA time zone by name.
pub fn parse_tz(name: &str) -> Result<Tz, ScheduleError> {
    name.parse::<Tz>()
        .map_err(|_| ScheduleError::TimeZone(name.to_string()))
}

/// Checks an RRULE as [`Period::rrule`] takes it.
pub fn check_rule(rule: &str) -> Result<(), ScheduleError> {
    let upper = rule.to_ascii_uppercase();
    if upper.contains("DTSTART") || upper.contains("UNTIL=") || upper.contains("COUNT=") {
        return Err(ScheduleError::Rule(
            rule.into(),
            "give FREQ, INTERVAL, BYDAY and the like; the start and the last day are fields of their own"
                .into(),
        ));
    }
    let start = NaiveDate::from_ymd_opt(2020, 1, 1)
        .and_then(|d| d.and_hms_opt(12, 0, 0))
        .expect("valid date");
    local_times(
        &Period {
            start,
            duration_minutes: 1,
            rrule: Some(rule.to_string()),
            until: None,
        },
        start,
        start + Duration::days(1),
    )
    .map(|_| ())
}

fn stamp(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%S").to_string()
}

/// The local start times of a period in `[from, to)` (local wall-clock),
/// computed on a time line without time zones.
fn local_times(
    p: &Period,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<NaiveDateTime>, ScheduleError> {
    let Some(rule) = &p.rrule else {
        return Ok(if p.start >= from && p.start < to {
            vec![p.start]
        } else {
            vec![]
        });
    };
    // RRULE parts are ASCII (RFC 5545); the `rrule` crate (0.14) slices a
    // BYDAY value by bytes and panics inside a multi-byte character
    // (`BYDAY=ΫH`, found by fuzzing), so anything else is refused first.
    if !rule.is_ascii() {
        return Err(ScheduleError::Rule(
            rule.clone(),
            "an RRULE is ASCII: FREQ, INTERVAL, BYDAY and the like".into(),
        ));
    }
    let mut text = format!("DTSTART:{}Z\nRRULE:{rule}", stamp(p.start));
    if let Some(until) = p.until {
        let last = until.and_hms_opt(23, 59, 59).expect("valid time");
        text.push_str(&format!(";UNTIL={}Z", stamp(last)));
    }
    let set: RRuleSet = text
        .parse()
        .map_err(|e: rrule::RRuleError| ScheduleError::Rule(rule.clone(), e.to_string()))?;
    let utc = rrule::Tz::UTC;
    let after = utc.from_utc_datetime(&(from - Duration::seconds(1)));
    let before = utc.from_utc_datetime(&to);
    let found = set.after(after).before(before).all(MAX_OCCURRENCES as u16);
    Ok(found
        .dates
        .into_iter()
        .map(|d| d.naive_utc())
        .filter(|t| *t >= from && *t < to)
        .collect())
}

/// A local wall-clock time in a zone: a skipped time is read with the
/// offset from before the gap, a repeated one is the first.
pub fn place(tz: Tz, local: NaiveDateTime) -> DateTime<Tz> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => t,
        LocalResult::Ambiguous(first, _) => first,
        LocalResult::None => {
            // The offset in force just before the gap: a day earlier is
            // before any gap in the tz database.
            let before = match tz.from_local_datetime(&(local - Duration::days(1))) {
                LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.offset().fix(),
                LocalResult::None => tz.offset_from_utc_datetime(&local).fix(),
            };
            let utc = local - Duration::seconds(i64::from(before.local_minus_utc()));
            tz.from_utc_datetime(&utc)
        }
    }
}

impl Schedule {
    /// Calls starting in `[from, to)`, in order, at most
    /// [`MAX_OCCURRENCES`].
    pub fn occurrences(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Occurrence>, ScheduleError> {
        if to <= from {
            return Ok(Vec::new());
        }
        // Local bounds with a day of margin either side for any offset.
        let lfrom = from.naive_utc() - Duration::days(1);
        let lto = to.naive_utc() + Duration::days(1);
        let mut out: Vec<Occurrence> = Vec::new();
        for p in &self.periods {
            for local in local_times(p, lfrom, lto)? {
                // Cancelled dates take out recurring calls; a single call
                // is there because someone put it there.
                if p.rrule.is_some() && self.cancelled.contains(&local.date()) {
                    continue;
                }
                let start = place(self.tz, local);
                out.push(Occurrence {
                    start,
                    end: start + Duration::minutes(i64::from(p.duration_minutes)),
                });
            }
        }
        for (local, minutes) in &self.added {
            if *local >= lfrom && *local < lto {
                let start = place(self.tz, *local);
                out.push(Occurrence {
                    start,
                    end: start + Duration::minutes(i64::from(*minutes)),
                });
            }
        }
        out.retain(|o| o.start >= from && o.start < to);
        out.sort_by_key(|o| o.start);
        out.dedup_by_key(|o| o.start);
        out.truncate(MAX_OCCURRENCES);
        Ok(out)
    }

    /// The first call starting after `t`, looking up to ten years ahead.
    pub fn next_after(&self, t: DateTime<Utc>) -> Option<Occurrence> {
        let mut from = t + Duration::seconds(1);
        // Widening windows: most series meet within weeks.
        for days in [60, 400, 3660] {
            let to = t + Duration::days(days);
            if let Ok(found) = self.occurrences(from, to) {
                if let Some(o) = found.first() {
                    return Some(*o);
                }
            }
            from = to;
        }
        None
    }

    /// The first call on a later day than `date` (local), for due dates.
    pub fn next_call_after_day(&self, date: NaiveDate) -> Option<Occurrence> {
        let end_of_day = date.succ_opt()?.and_hms_opt(0, 0, 0)?;
        let t = place(self.tz, end_of_day).with_timezone(&Utc) - Duration::seconds(1);
        self.next_after(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn biweekly_with_until_and_cancellations() {
        let s = Schedule {
            tz: chrono_tz::Europe::Berlin,
            periods: vec![Period {
                start: dt("2022-06-22 10:05"),
                duration_minutes: 50,
                rrule: Some("FREQ=WEEKLY;INTERVAL=2".into()),
                until: Some(NaiveDate::from_ymd_opt(2022, 9, 21).unwrap()),
            }],
            cancelled: vec![NaiveDate::from_ymd_opt(2022, 8, 3).unwrap()],
            added: vec![(dt("2022-08-04 10:05"), 50)],
        };
        let all = s
            .occurrences(
                Utc.with_ymd_and_hms(2022, 1, 1, 0, 0, 0).unwrap(),
                Utc.with_ymd_and_hms(2023, 1, 1, 0, 0, 0).unwrap(),
            )
            .unwrap();
        let days: Vec<String> = all
            .iter()
            .map(|o| o.start.format("%m-%d %H:%M").to_string())
            .collect();
        assert_eq!(
            days,
            [
                "06-22 10:05",
                "07-06 10:05",
                "07-20 10:05",
                "08-04 10:05",
                "08-17 10:05",
                "08-31 10:05",
                "09-14 10:05"
            ]
        );
        assert_eq!(all[0].end - all[0].start, Duration::minutes(50));
    }

    #[test]
    fn skipped_local_time_moves_forward_repeated_takes_the_first() {
        let tz = chrono_tz::Europe::Berlin;
        // 2024-03-31 02:30 does not exist in Berlin.
        let t = place(tz, dt("2024-03-31 02:30"));
        assert_eq!(t.to_rfc3339(), "2024-03-31T03:30:00+02:00");
        // 2024-10-27 02:30 exists twice.
        let t = place(tz, dt("2024-10-27 02:30"));
        assert_eq!(t.to_rfc3339(), "2024-10-27T02:30:00+02:00");
    }

    #[test]
    fn bad_rules_and_zones_are_refused() {
        assert!(check_rule("FREQ=WEEKLY;INTERVAL=2").is_ok());
        assert!(check_rule("FREQ=FORTNIGHTLY").is_err());
        assert!(check_rule("FREQ=WEEKLY;BYDAY=\u{3ab}H").is_err());
        assert!(check_rule("FREQ=WEEKLY;UNTIL=20220101T000000Z").is_err());
        assert!(parse_tz("Europe/Berlin").is_ok());
        assert!(parse_tz("Mars/Olympus").is_err());
    }

    #[test]
    fn reminders_are_real_hours_before() {
        let s = Schedule {
            tz: chrono_tz::Europe::Berlin,
            periods: vec![Period::weekly(dt("2024-03-25 15:05"), 40)],
            cancelled: vec![],
            added: vec![],
        };
        // The first call after the spring change (2024-03-31): 24 real
        // hours before 15:05 CEST on 04-01 is 13:05 UTC on 03-31.
        let o = s
            .next_after(Utc.with_ymd_and_hms(2024, 3, 30, 0, 0, 0).unwrap())
            .unwrap();
        assert_eq!(o.start.to_rfc3339(), "2024-04-01T15:05:00+02:00");
        let r = o.reminder_at(Duration::hours(24));
        assert_eq!(r.to_rfc3339(), "2024-03-31T13:05:00+00:00");
        let o = s
            .next_after(Utc.with_ymd_and_hms(2024, 3, 25, 14, 0, 0).unwrap())
            .unwrap();
        assert_eq!(o.start.to_rfc3339(), "2024-03-25T15:05:00+01:00");
    }
}
