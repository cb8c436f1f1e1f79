//! iCalendar (RFC 5545) output: a series as recurring VEVENTs with its
//! exceptions and the VTIMEZONE they need, and open items as VTODOs.
//! Pure: `now` (for DTSTAMP) is passed in.

use crate::schedule::Schedule;
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};
use std::fmt::Write;

/// Escapes a TEXT value.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line, folded at 75 octets (on character boundaries).
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

fn local(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%S").to_string()
}

fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

fn offset(secs: i32) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let a = secs.abs();
    format!("{sign}{:02}{:02}", a / 3600, (a % 3600) / 60)
}

/// The zone's offset changes between two instants, to the minute.
fn transitions(tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<DateTime<Utc>> {
    let off = |t: DateTime<Utc>| tz.offset_from_utc_datetime(&t.naive_utc()).fix();
    let mut out = Vec::new();
    let mut t = from;
    let step = Duration::hours(6);
    while t < to {
        let next = t + step;
        if off(t) != off(next) {
            // Bisect over whole minutes: the first minute of the new offset.
            let (mut lo, mut hi) = (0i64, step.num_minutes());
            while hi - lo > 1 {
                let mid = (lo + hi) / 2;
                if off(t + Duration::minutes(mid)) == off(t) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            out.push(t + Duration::minutes(hi));
        }
        t = next;
    }
    out
}

/// A VTIMEZONE for `tz` covering `from..to`: one STANDARD or DAYLIGHT
/// part per change of offset.
pub fn vtimezone(out: &mut String, tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>) {
    line(out, "BEGIN:VTIMEZONE");
    line(out, &format!("TZID:{}", tz.name()));
    let at = |t: DateTime<Utc>| tz.offset_from_utc_datetime(&t.naive_utc());
    let changes = transitions(tz, from, to);
    if changes.is_empty() {
        let o = at(from);
        let secs = o.fix().local_minus_utc();
        line(out, "BEGIN:STANDARD");
        line(out, "DTSTART:19700101T000000");
        line(out, &format!("TZOFFSETFROM:{}", offset(secs)));
        line(out, &format!("TZOFFSETTO:{}", offset(secs)));
        if let Some(abbr) = o.abbreviation() {
            line(out, &format!("TZNAME:{abbr}"));
        }
        line(out, "END:STANDARD");
    }
    for t in changes {
        let before = at(t - Duration::minutes(1));
        let after = at(t);
        let kind = if after.dst_offset().is_zero() {
            "STANDARD"
        } else {
            "DAYLIGHT"
        };
        let from_secs = before.fix().local_minus_utc();
        let to_secs = after.fix().local_minus_utc();
        let local_start = t.naive_utc() + Duration::seconds(i64::from(from_secs));
        line(out, &format!("BEGIN:{kind}"));
        line(out, &format!("DTSTART:{}", local(local_start)));
        line(out, &format!("TZOFFSETFROM:{}", offset(from_secs)));
        line(out, &format!("TZOFFSETTO:{}", offset(to_secs)));
        if let Some(abbr) = after.abbreviation() {
            line(out, &format!("TZNAME:{abbr}"));
        }
        line(out, &format!("END:{kind}"));
    }
    line(out, "END:VTIMEZONE");
}

/// What the export says about a series.
pub struct SeriesInfo<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    /// Link to the minutes, if known.
    pub url: Option<&'a str>,
}

/// A series' schedule as a VCALENDAR: one VEVENT per period (RRULE with
/// UNTIL, EXDATE for cancelled calls of that period), one per added call.
pub fn series_ics(info: &SeriesInfo<'_>, s: &Schedule, now: DateTime<Utc>) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//followup//series//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, &format!("X-WR-CALNAME:{}", text(info.name)));
    let tzid = s.tz.name();
    let first = s
        .periods
        .iter()
        .map(|p| p.start)
        .chain(s.added.iter().map(|a| a.0))
        .min();
    if let Some(first) = first {
        let from = Utc.from_utc_datetime(&(first - Duration::days(400)));
        let last_until = s
            .periods
            .iter()
            .map(|p| {
                p.until
                    .map(|u| u.and_hms_opt(23, 59, 59).unwrap_or_default())
            })
            .collect::<Option<Vec<_>>>()
            .and_then(|v| v.into_iter().max());
        let end = last_until
            .map(|u| Utc.from_utc_datetime(&u))
            .unwrap_or(now)
            .max(now)
            + Duration::days(3 * 366);
        vtimezone(&mut out, s.tz, from, end);
    }
    for p in &s.periods {
        line(&mut out, "BEGIN:VEVENT");
        line(
            &mut out,
            &format!("UID:{}-{}@followup", info.slug, local(p.start)),
        );
        line(&mut out, &format!("DTSTAMP:{}", utc(now)));
        line(&mut out, &format!("SUMMARY:{}", text(info.name)));
        line(&mut out, &format!("DTSTART;TZID={tzid}:{}", local(p.start)));
        line(&mut out, &format!("DURATION:PT{}M", p.duration_minutes));
        if let Some(rule) = &p.rrule {
            let mut r = rule.clone();
            if let Some(until) = p.until {
                // UNTIL is in UTC when DTSTART has a TZID.
                let last = crate::schedule::place(s.tz, until.and_time(p.start.time()));
                r.push_str(&format!(";UNTIL={}", utc(last.with_timezone(&Utc))));
            }
            line(&mut out, &format!("RRULE:{r}"));
            // Cancelled dates within this period's span (an EXDATE that
            // matches no call of the rule is harmless).
            for d in &s.cancelled {
                let inside = *d >= p.start.date() && p.until.is_none_or(|u| *d <= u);
                if inside {
                    line(
                        &mut out,
                        &format!("EXDATE;TZID={tzid}:{}", local(d.and_time(p.start.time()))),
                    );
                }
            }
        }
        if let Some(url) = info.url {
            line(&mut out, &format!("DESCRIPTION:Minutes: {}", text(url)));
        }
        line(&mut out, "END:VEVENT");
    }
    for (start, minutes) in &s.added {
        line(&mut out, "BEGIN:VEVENT");
        line(
            &mut out,
            &format!("UID:{}-{}-added@followup", info.slug, local(*start)),
        );
        line(&mut out, &format!("DTSTAMP:{}", utc(now)));
        line(&mut out, &format!("SUMMARY:{}", text(info.name)));
        line(&mut out, &format!("DTSTART;TZID={tzid}:{}", local(*start)));
        line(&mut out, &format!("DURATION:PT{minutes}M"));
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

/// An open item as a VTODO.
pub struct Todo<'a> {
    pub id: i32,
    pub text: &'a str,
    pub due: Option<NaiveDate>,
    pub series: Option<&'a str>,
    pub section: &'a str,
    pub url: Option<&'a str>,
}

/// A person's open items as a VCALENDAR of VTODOs with due dates.
pub fn todos_ics(owner: &str, todos: &[Todo<'_>], now: DateTime<Utc>) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//followup//items//EN");
    line(
        &mut out,
        &format!("X-WR-CALNAME:{}", text(&format!("Follow-ups of {owner}"))),
    );
    for t in todos {
        line(&mut out, "BEGIN:VTODO");
        line(&mut out, &format!("UID:item-{}@followup", t.id));
        line(&mut out, &format!("DTSTAMP:{}", utc(now)));
        line(&mut out, &format!("SUMMARY:{}", text(t.text)));
        if let Some(d) = t.due {
            line(&mut out, &format!("DUE;VALUE=DATE:{}", d.format("%Y%m%d")));
        }
        line(&mut out, "STATUS:NEEDS-ACTION");
        let mut desc = String::new();
        if let Some(s) = t.series {
            let _ = writeln!(desc, "Series: {s}");
        }
        if !t.section.is_empty() {
            let _ = writeln!(desc, "Section: {}", t.section);
        }
        if let Some(u) = t.url {
            let _ = writeln!(desc, "Minutes: {u}");
        }
        if !desc.is_empty() {
            line(&mut out, &format!("DESCRIPTION:{}", text(desc.trim_end())));
        }
        if let Some(u) = t.url {
            line(&mut out, &format!("URL:{}", u));
        }
        line(&mut out, "END:VTODO");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_fold_at_75_octets() {
        let mut out = String::new();
        line(&mut out, &format!("SUMMARY:{}", "ä".repeat(60)));
        for l in out.split("\r\n") {
            assert!(l.len() <= 75, "{l}");
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{}\r\n", "ä".repeat(60)));
    }

    #[test]
    fn berlin_changes_twice_a_year() {
        let t = transitions(
            chrono_tz::Europe::Berlin,
            Utc.with_ymd_and_hms(2022, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2023, 1, 1, 0, 0, 0).unwrap(),
        );
        let s: Vec<String> = t.iter().map(|t| t.to_rfc3339()).collect();
        assert_eq!(
            s,
            ["2022-03-27T01:00:00+00:00", "2022-10-30T01:00:00+00:00"]
        );
    }
}
