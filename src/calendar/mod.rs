//! Calendars in and out: the community's YAML calendar format and
//! iCalendar (`.ics`) read into series schedules, and schedules and open
//! items written as iCalendar.
//!
//! The YAML format (as in the SCS calendar repository):
//!
//! ```yaml
//! name: Technical team meetings 2022
//! timezone: Europe/Berlin
//! include: [teams/iaas/team_meetings.yml]
//! events:
//!   - summary: "Team IaaS Meeting"
//!     begin: 2022-06-29 10:05:00
//!     duration: { minutes: 50 }
//!     description: |
//!       Minutes: https://github.com/SovereignCloudStack/minutes/tree/main/iaas
//!     repeat:
//!       interval: { weeks: 2 }
//!       until: 2022-09-21
//!       except_on: [2022-08-03 10:05:00]
//!       also_on: [2022-08-04 10:05:00]
//! ```
//!
//! The `Minutes: …/tree/<branch>/<folder>` line names the minutes folder,
//! which is the series slug. A recurring event without one becomes a series
//! named after its summary; a one-time event without one is skipped.

pub mod export;

use crate::ingest::slugify;
use crate::schedule::{Period, MAX_DURATION_MINUTES};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// One event of a calendar, as a period of a series.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub summary: String,
    /// Series slug: the minutes folder, or `--series`, or the summary.
    pub series: Option<String>,
    pub time_zone: String,
    pub period: Period,
    pub cancelled: Vec<NaiveDate>,
    /// Added calls: local start and duration in minutes.
    pub added: Vec<(NaiveDateTime, u32)>,
    /// File it came from.
    pub file: String,
}

/// What reading calendar files found.
#[derive(Debug, Default)]
pub struct Read {
    pub events: Vec<Event>,
    /// Events that name no series: (file, summary, why).
    pub skipped: Vec<(String, String, String)>,
    /// Files read (includes too).
    pub files: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum CalendarError {
    #[error("{file}: {reason}")]
    Invalid { file: String, reason: String },
}

fn invalid(file: &str, reason: impl Into<String>) -> CalendarError {
    CalendarError::Invalid {
        file: file.to_string(),
        reason: reason.into(),
    }
}

#[derive(Deserialize)]
struct YamlFile {
    timezone: Option<String>,
    #[serde(default)]
    include: Vec<String>,
    #[serde(default)]
    events: Vec<YamlEvent>,
}

#[derive(Deserialize)]
struct YamlEvent {
    summary: Option<String>,
    begin: serde_yaml_ng::Value,
    duration: Option<YamlDuration>,
    description: Option<String>,
    timezone: Option<String>,
    repeat: Option<YamlRepeat>,
}

#[derive(Deserialize, Default)]
struct YamlDuration {
    #[serde(default)]
    minutes: u32,
    #[serde(default)]
    hours: u32,
}

#[derive(Deserialize)]
struct YamlRepeat {
    interval: YamlInterval,
    until: Option<serde_yaml_ng::Value>,
    #[serde(default)]
    except_on: Vec<serde_yaml_ng::Value>,
    #[serde(default)]
    also_on: Vec<serde_yaml_ng::Value>,
}

#[derive(Deserialize, Default)]
struct YamlInterval {
    days: Option<u32>,
    weeks: Option<u32>,
    months: Option<u32>,
}

fn scalar(v: &serde_yaml_ng::Value) -> Option<String> {
    match v {
        serde_yaml_ng::Value::String(s) => Some(s.trim().to_string()),
        serde_yaml_ng::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `2022-06-30 15:05:00`, `2022-06-30T15:05`, or a date (midnight).
pub fn parse_local(s: &str) -> Option<NaiveDateTime> {
    [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
    .or_else(|| {
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()
            .map(|d| d.and_time(NaiveTime::MIN))
    })
}

/// The minutes folder a description names (`Minutes: …/tree/main/iaas`).
pub fn minutes_folder(description: &str) -> Option<String> {
    for line in description.lines() {
        let Some(rest) = line.trim().strip_prefix("Minutes:") else {
            continue;
        };
        let url = rest.trim().trim_end_matches('/');
        if let Some((_, after)) = url.split_once("/tree/") {
            // after = "<branch>/<folder>[/...]"
            let mut parts = after.split('/');
            parts.next();
            if let Some(folder) = parts.next().filter(|f| !f.is_empty()) {
                return Some(folder.to_string());
            }
        }
    }
    None
}

/// The series an event belongs to: `--series`, else the minutes folder its
/// description names, else (recurring events only) its summary.
fn series_slug(
    series: Option<&str>,
    folder: Option<String>,
    recurring: bool,
    summary: &str,
) -> Option<String> {
    series.map(str::to_string).or(folder).or_else(|| {
        recurring
            .then(|| slugify(summary))
            .filter(|s| !s.is_empty())
    })
}

/// Reads a YAML calendar and the files it includes (relative to it).
pub fn read_yaml(path: &Path, series: Option<&str>, read: &mut Read) -> Result<(), CalendarError> {
    read_yaml_inner(path, series, read, &mut Vec::new())
}

fn read_yaml_inner(
    path: &Path,
    series: Option<&str>,
    read: &mut Read,
    stack: &mut Vec<PathBuf>,
) -> Result<(), CalendarError> {
    let name = path.display().to_string();
    let canonical = path
        .canonicalize()
        .map_err(|e| invalid(&name, e.to_string()))?;
    if stack.contains(&canonical) {
        return Err(invalid(&name, "includes itself"));
    }
    let text = std::fs::read_to_string(path).map_err(|e| invalid(&name, e.to_string()))?;
    let includes = parse_yaml(&text, series, &name, read)?;
    stack.push(canonical);
    let dir = path.parent().unwrap_or(Path::new("."));
    for inc in &includes {
        read_yaml_inner(&dir.join(inc), series, read, stack)?;
    }
    stack.pop();
    Ok(())
}

/// Reads one YAML calendar text (named `file`) into `read`; returns the
/// files it includes, as written. Nothing is added to `read` when the text
/// is refused.
pub fn parse_yaml(
    text: &str,
    series: Option<&str>,
    file: &str,
    read: &mut Read,
) -> Result<Vec<String>, CalendarError> {
    let parsed: YamlFile =
        serde_yaml_ng::from_str(text).map_err(|e| invalid(file, e.to_string()))?;
    let tz = parsed.timezone.clone().unwrap_or_else(|| "UTC".into());
    let mut events = Vec::new();
    let mut skipped = Vec::new();
    for (i, ev) in parsed.events.iter().enumerate() {
        match yaml_event(ev, &tz, series, file) {
            Ok(Some(e)) => events.push(e),
            Ok(None) => skipped.push((
                file.to_string(),
                ev.summary.clone().unwrap_or_default(),
                "a one-time event that names no minutes folder".into(),
            )),
            Err(reason) => return Err(invalid(file, format!("events[{i}]: {reason}"))),
        }
    }
    read.files.push(file.to_string());
    read.events.extend(events);
    read.skipped.extend(skipped);
    Ok(parsed.include)
}

fn yaml_event(
    ev: &YamlEvent,
    file_tz: &str,
    series: Option<&str>,
    file: &str,
) -> Result<Option<Event>, String> {
    let begin = scalar(&ev.begin)
        .and_then(|s| parse_local(&s))
        .ok_or("begin: not a date and time")?;
    // A call lasts 1 minute to a day: a longer event (the calendar has a
    // 25-hour hackathon) is cut at a day, as an iCalendar one is.
    let minutes = match &ev.duration {
        None => 60,
        Some(d) => d
            .hours
            .saturating_mul(60)
            .saturating_add(d.minutes)
            .clamp(1, MAX_DURATION_MINUTES),
    };
    let folder = ev.description.as_deref().and_then(minutes_folder);
    let summary = ev.summary.clone().unwrap_or_default();
    let mut cancelled = Vec::new();
    let mut added = Vec::new();
    let (rrule, until) = match &ev.repeat {
        None => (None, None),
        Some(r) => {
            let rule = match (r.interval.days, r.interval.weeks, r.interval.months) {
                (Some(n), None, None) => format!("FREQ=DAILY;INTERVAL={}", n.max(1)),
                (None, Some(n), None) => format!("FREQ=WEEKLY;INTERVAL={}", n.max(1)),
                (None, None, Some(n)) => format!("FREQ=MONTHLY;INTERVAL={}", n.max(1)),
                _ => return Err("repeat.interval: give one of days, weeks, months".into()),
            };
            let until = match &r.until {
                None => None,
                Some(v) => Some(
                    scalar(v)
                        .and_then(|s| parse_local(&s))
                        .map(|t| t.date())
                        .ok_or("repeat.until: not a date")?,
                ),
            };
            for v in &r.except_on {
                let t = scalar(v)
                    .and_then(|s| parse_local(&s))
                    .ok_or("repeat.except_on: not a date")?;
                cancelled.push(t.date());
            }
            for v in &r.also_on {
                let t = scalar(v)
                    .and_then(|s| parse_local(&s))
                    .ok_or("repeat.also_on: not a date and time")?;
                added.push((t, minutes));
            }
            (Some(rule), until)
        }
    };
    let recurring = rrule.is_some();
    let slug = series_slug(series, folder, recurring, &summary);
    let Some(slug) = slug else {
        return Ok(None);
    };
    Ok(Some(Event {
        summary,
        series: Some(slugify(&slug)),
        time_zone: ev.timezone.clone().unwrap_or_else(|| file_tz.to_string()),
        period: Period {
            start: begin,
            duration_minutes: minutes,
            rrule,
            until,
        },
        cancelled,
        added,
        file: file.to_string(),
    }))
}

/// Reads VEVENTs of an iCalendar file (RRULE, EXDATE, RDATE, DURATION or
/// DTEND; DTSTART with TZID, in UTC, or floating).
pub fn read_ics(path: &Path, series: Option<&str>, read: &mut Read) -> Result<(), CalendarError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| invalid(&name, e.to_string()))?;
    let events = parse_ics(&text, series, &name)?;
    read.files.push(name.clone());
    for e in events {
        match e {
            Ok(ev) => read.events.push(ev),
            Err((summary, why)) => read.skipped.push((name.clone(), summary, why)),
        }
    }
    Ok(())
}

type IcsEvent = Result<Event, (String, String)>;

/// The events of an iCalendar text; events naming no series are `Err`
/// with their summary and why.
pub fn parse_ics(
    text: &str,
    series: Option<&str>,
    file: &str,
) -> Result<Vec<IcsEvent>, CalendarError> {
    use icalendar::parser::{read_calendar, unfold, Component};
    let unfolded = unfold(text);
    let cal = read_calendar(&unfolded).map_err(|e| invalid(file, e))?;
    let mut out = Vec::new();
    fn events<'a>(cs: &'a [Component<'a>], out: &mut Vec<&'a Component<'a>>) {
        for c in cs {
            if c.name.as_str() == "VEVENT" {
                out.push(c);
            }
            events(&c.components, out);
        }
    }
    let mut vevents = Vec::new();
    events(&cal.components, &mut vevents);
    for c in vevents {
        let prop = |n: &str| c.properties.iter().find(|p| p.name.as_str() == n);
        let summary = prop("SUMMARY")
            .map(|p| p.val.to_string())
            .unwrap_or_default();
        let Some(start) = prop("DTSTART") else {
            return Err(invalid(file, format!("event {summary:?} has no DTSTART")));
        };
        let tzid = start
            .params
            .iter()
            .find(|p| p.key.as_str() == "TZID")
            .and_then(|p| p.val.as_ref().map(|v| v.to_string()));
        let (begin, utc) = ics_time(start.val.as_str())
            .ok_or_else(|| invalid(file, format!("event {summary:?}: bad DTSTART")))?;
        let (begin, tz) = match (tzid, utc) {
            (Some(tz), _) => (begin, tz),
            (None, true) => (begin, "UTC".to_string()),
            (None, false) => (begin, "UTC".to_string()),
        };
        // A call lasts 1 minute to a day (a longer event is cut at a day).
        let minutes = if let Some(d) = prop("DURATION") {
            ics_duration_minutes(d.val.as_str()).unwrap_or(60)
        } else if let Some(end) = prop("DTEND").and_then(|p| ics_time(p.val.as_str())) {
            ((end.0 - begin).num_minutes()).clamp(1, i64::from(MAX_DURATION_MINUTES)) as u32
        } else {
            60
        };
        let mut rrule = None;
        let mut until = None;
        if let Some(r) = prop("RRULE") {
            let mut parts = Vec::new();
            for part in r.val.as_str().split(';') {
                let upper = part.to_ascii_uppercase();
                if let Some(u) = upper.strip_prefix("UNTIL=") {
                    until = ics_time(u).map(|(t, _)| t.date());
                } else if !upper.starts_with("COUNT=") && !part.is_empty() {
                    parts.push(part.to_string());
                }
            }
            rrule = Some(parts.join(";"));
        }
        let dates = |n: &str| -> Vec<NaiveDateTime> {
            c.properties
                .iter()
                .filter(|p| p.name.as_str() == n)
                .flat_map(|p| {
                    p.val
                        .as_str()
                        .split(',')
                        .filter_map(|v| ics_time(v).map(|t| t.0))
                        .collect::<Vec<_>>()
                })
                .collect()
        };
        let cancelled: Vec<NaiveDate> = dates("EXDATE").into_iter().map(|t| t.date()).collect();
        let added: Vec<(NaiveDateTime, u32)> =
            dates("RDATE").into_iter().map(|t| (t, minutes)).collect();
        let folder =
            prop("DESCRIPTION").and_then(|d| minutes_folder(&d.val.as_str().replace("\\n", "\n")));
        let slug = series_slug(series, folder, rrule.is_some(), &summary);
        match slug {
            Some(slug) => out.push(Ok(Event {
                summary,
                series: Some(slugify(&slug)),
                time_zone: tz,
                period: Period {
                    start: begin,
                    duration_minutes: minutes,
                    rrule,
                    until,
                },
                cancelled,
                added,
                file: file.to_string(),
            })),
            None => out.push(Err((
                summary,
                "a one-time event that names no minutes folder".into(),
            ))),
        }
    }
    Ok(out)
}

/// `20221117T150500`, `20221117T140500Z` or `20221117`: local time and
/// whether it was UTC.
fn ics_time(v: &str) -> Option<(NaiveDateTime, bool)> {
    let v = v.trim();
    let (body, utc) = match v.strip_suffix('Z') {
        Some(b) => (b, true),
        None => (v, false),
    };
    NaiveDateTime::parse_from_str(body, "%Y%m%dT%H%M%S")
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(body, "%Y%m%d")
                .ok()
                .map(|d| d.and_time(NaiveTime::MIN))
        })
        .map(|t| (t, utc))
}

/// `PT50M`, `PT1H30M`, `P1D`: minutes, at least 1 and at most a day (the
/// sum saturates: `P99999999999W` is long, not a wrapped-around short one).
fn ics_duration_minutes(v: &str) -> Option<u32> {
    let v = v.trim().trim_start_matches('+');
    let rest = v.strip_prefix('P')?;
    let (days, time) = match rest.split_once('T') {
        Some((d, t)) => (d, t),
        None => (rest, ""),
    };
    // Digits only: `parse` would take a sign (`P-1D`).
    let number = |s: &str| -> Option<u64> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some(s.parse::<u64>().unwrap_or(u64::MAX))
    };
    if days.is_empty() && time.is_empty() {
        return None; // `P`, `PT`
    }
    let mut minutes = 0u64;
    if let Some(d) = days.strip_suffix('D') {
        minutes = number(d)?.saturating_mul(1440);
    } else if let Some(w) = days.strip_suffix('W') {
        minutes = number(w)?.saturating_mul(7 * 1440);
    } else if !days.is_empty() {
        return None;
    }
    let mut num = String::new();
    for ch in time.chars() {
        if ch.is_ascii_digit() {
            num.push(ch);
        } else {
            let n = number(&num)?;
            num.clear();
            let add = match ch {
                'H' => n.saturating_mul(60),
                'M' => n,
                'S' => n / 60,
                _ => return None,
            };
            minutes = minutes.saturating_add(add);
        }
    }
    // A number without its unit (`PT15`) is no duration.
    num.is_empty()
        .then(|| minutes.clamp(1, u64::from(MAX_DURATION_MINUTES)) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_folder_from_description() {
        assert_eq!(
            minutes_folder(
                "x\nMinutes: https://github.com/SovereignCloudStack/minutes/tree/main/iaas\n"
            ),
            Some("iaas".into())
        );
        assert_eq!(minutes_folder("Etherpad: https://x"), None);
    }

    #[test]
    fn ics_events_with_rules_exceptions_and_added_dates() {
        let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n\
            BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Team IaaS Meeting\r\n\
            DTSTART;TZID=Europe/Berlin:20221005T100500\r\nDTEND;TZID=Europe/Berlin:20221005T105500\r\n\
            RRULE:FREQ=WEEKLY;INTERVAL=2;UNTIL=20221231T225959Z\r\n\
            EXDATE;TZID=Europe/Berlin:20221019T100500,20221102T100500\r\n\
            RDATE;TZID=Europe/Berlin:20221020T100500\r\n\
            DESCRIPTION:Minutes: https://github.com/SovereignCloudStack/minutes/tree/main/ia\r\n as\r\n\
            END:VEVENT\r\n\
            BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:Webinar\r\nDTSTART:20221110T140000Z\r\nDURATION:PT1H\r\nEND:VEVENT\r\n\
            END:VCALENDAR\r\n";
        let events = parse_ics(ics, None, "t.ics").unwrap();
        assert_eq!(events.len(), 2);
        let e = events[0].as_ref().unwrap();
        // The folded DESCRIPTION line is unfolded before reading the folder.
        assert_eq!(e.series.as_deref(), Some("iaas"));
        assert_eq!(e.time_zone, "Europe/Berlin");
        assert_eq!(e.period.rrule.as_deref(), Some("FREQ=WEEKLY;INTERVAL=2"));
        assert_eq!(e.period.until, NaiveDate::from_ymd_opt(2022, 12, 31));
        assert_eq!(e.period.duration_minutes, 50);
        assert_eq!(
            e.cancelled,
            [
                NaiveDate::from_ymd_opt(2022, 10, 19).unwrap(),
                NaiveDate::from_ymd_opt(2022, 11, 2).unwrap()
            ]
        );
        assert_eq!(e.added.len(), 1);
        // A one-time event naming no minutes folder is skipped, with why.
        let (summary, why) = events[1].as_ref().unwrap_err();
        assert_eq!(summary, "Webinar");
        assert!(why.contains("one-time"));
    }

    #[test]
    fn ics_durations() {
        assert_eq!(ics_duration_minutes("PT50M"), Some(50));
        assert_eq!(ics_duration_minutes("PT1H30M"), Some(90));
        assert_eq!(ics_duration_minutes("P1D"), Some(1440));
        assert_eq!(ics_duration_minutes("nonsense"), None);
        // Longer than a day is cut at a day (as a DTEND a week later is);
        // numbers too large for any integer saturate, never wrap around.
        assert_eq!(ics_duration_minutes("P2W"), Some(1440));
        assert_eq!(ics_duration_minutes("PT4294967296M"), Some(1440));
        assert_eq!(
            ics_duration_minutes("P99999999999999999999999D"),
            Some(1440)
        );
        assert_eq!(ics_duration_minutes("PT71582789H"), Some(1440));
        assert_eq!(ics_duration_minutes("PT0M"), Some(1));
        // Signs, stray letters and units missing are no durations.
        for bad in ["P-1D", "PT+5M", "P5XT10M", "PT15", "PTM", "P", "PT"] {
            assert_eq!(ics_duration_minutes(bad), None, "{bad}");
        }
    }

    fn yaml(text: &str) -> Result<Read, String> {
        let mut read = Read::default();
        parse_yaml(text, None, "t.yml", &mut read)
            .map(|_| read)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn yaml_durations_are_one_minute_to_a_day_and_never_wrap() {
        let ev = |d: &str| {
            format!(
                "events:\n  - summary: Team\n    begin: 2022-06-29 10:05:00\n    duration: {d}\n    repeat: {{interval: {{weeks: 1}}}}\n"
            )
        };
        let read = yaml(&ev("{hours: 1, minutes: 30}")).unwrap();
        assert_eq!(read.events[0].period.duration_minutes, 90);
        assert_eq!(read.files, ["t.yml"]);
        // Longer than a day is cut at a day (the SCS calendar has a
        // 1500-minute hackathon); 71582789 hours is 4294967340 minutes,
        // past u32, which wrapped around to 44 minutes before (and panicked
        // in a debug build); zero is a minute.
        for (d, want) in [
            ("{hours: 24}", 1440),
            ("{minutes: 1500}", 1440),
            ("{hours: 71582789}", 1440),
            ("{hours: 4294967295, minutes: 4294967295}", 1440),
            ("{minutes: 0}", 1),
        ] {
            let read = yaml(&ev(d)).unwrap();
            assert_eq!(read.events[0].period.duration_minutes, want, "{d}");
        }
    }

    #[test]
    fn a_refused_yaml_text_adds_nothing() {
        let text = "events:\n  - summary: A\n    begin: 2022-06-29 10:05:00\n    repeat: {interval: {weeks: 1}}\n  - summary: B\n    begin: never\n";
        let mut read = Read::default();
        let err = parse_yaml(text, None, "t.yml", &mut read).unwrap_err();
        assert_eq!(
            err.to_string(),
            "t.yml: events[1]: begin: not a date and time"
        );
        assert!(read.events.is_empty() && read.files.is_empty());
        assert_eq!(
            yaml("include: [a.yml, b/c.yml]\n")
                .map(|r| r.files)
                .unwrap(),
            ["t.yml"]
        );
        let mut read = Read::default();
        let inc = parse_yaml("include: [a.yml, b/c.yml]\n", None, "t.yml", &mut read).unwrap();
        assert_eq!(inc, ["a.yml", "b/c.yml"]);
    }
}
