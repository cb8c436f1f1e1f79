//! Calendar dates as minutes write them, resolved against the meeting date.
//!
//! `2022-11-10`, `Oct 10`, `October 10th`, `10 Oct`, `May 19th`, `10.10.`,
//! `10.10.2022`; a date without a year takes the first year that puts it on or
//! after the meeting date.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use regex::Regex;
use std::sync::LazyLock;

const MONTHS: &str = r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

static ISO: LazyLock<Regex> =
    LazyLock::new(|| super::rules::compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"));
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    super::rules::compile(&format!(
        r"\b({MONTHS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?"
    ))
});
static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    super::rules::compile(&format!(
        r"\b(\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?({MONTHS})\b\.?(?:\s+(\d{{4}}))?"
    ))
});
static DOTTED: LazyLock<Regex> = LazyLock::new(|| {
    super::rules::compile(r"(?:^|[^\w.])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})?(?:[^\w.]|$)")
});
static COMPACT: LazyLock<Regex> =
    LazyLock::new(|| super::rules::compile(r"(?:^|[^\d])(20\d{2})(\d{2})(\d{2})(?:[^\d]|$)"));

fn month_number(s: &str) -> Option<u32> {
    let s = s.to_ascii_lowercase();
    let names = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    names
        .iter()
        .position(|m| s.starts_with(m))
        .map(|i| i as u32 + 1)
}

/// The first year that puts month/day on or after `meeting` (or the plain
/// date when there is no meeting date to resolve against).
fn resolve(month: u32, day: u32, meeting: Option<NaiveDate>) -> Option<NaiveDate> {
    let m = meeting?;
    for year in m.year()..m.year() + 5 {
        if let Some(d) = NaiveDate::from_ymd_opt(year, month, day) {
            if d >= m {
                return Some(d);
            }
        }
    }
    None
}

static START: LazyLock<Regex> = LazyLock::new(|| {
    super::rules::compile(&format!(
        r"^(?:\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}\.\d{{1,2}}\.|(?:{MONTHS})\.?\s+\d|\d{{1,2}}(?:st|nd|rd|th)?\.?\s+(?:{MONTHS})\b)"
    ))
});

/// The text opens with a calendar date (an events list line).
pub fn starts_with_date(text: &str) -> bool {
    // Every form opens with a digit or a month name.
    let b = text.as_bytes();
    let opens = b.first().is_some_and(u8::is_ascii_digit)
        || (b.len() >= 3 && is_month_start([b[0], b[1], b[2]]));
    opens && START.is_match(text) && !text.starts_with("may ") && !bad_dotted(text)
}

/// A dotted opening that is no date: a month out of range (`6.0.0b will
/// be cut`, a version).
fn bad_dotted(text: &str) -> bool {
    let mut parts = text.splitn(3, '.');
    let (Some(d), Some(m)) = (parts.next(), parts.next()) else {
        return false;
    };
    match (d.parse::<u32>(), m.parse::<u32>()) {
        (Ok(d), Ok(m)) => !(1..=31).contains(&d) || !(1..=12).contains(&m),
        _ => false,
    }
}

/// The three letters open a month name (any case).
fn is_month_start(three: [u8; 3]) -> bool {
    matches!(
        three.map(|c| c | 0x20),
        [b'j', b'a', b'n']
            | [b'f', b'e', b'b']
            | [b'm', b'a', b'r']
            | [b'a', b'p', b'r']
            | [b'm', b'a', b'y']
            | [b'j', b'u', b'n']
            | [b'j', b'u', b'l']
            | [b'a', b'u', b'g']
            | [b's', b'e', b'p']
            | [b'o', b'c', b't']
            | [b'n', b'o', b'v']
            | [b'd', b'e', b'c']
    )
}

/// A date found in text, with its byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub at: usize,
    pub date: NaiveDate,
}

/// Every explicit calendar date in `text`, in order of appearance.
pub fn find_dates(text: &str, meeting: Option<NaiveDate>) -> Vec<Found> {
    let mut out = Vec::new();
    // Every form has a digit: most units have none and cost nothing here.
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return out;
    }
    // Which forms could be here: ISO needs a `-`, dotted a `.`, the others a
    // month name at a word start.
    let b = text.as_bytes();
    let has_dash = memchr::memchr(b'-', b).is_some();
    let has_dot = memchr::memchr(b'.', b).is_some();
    let has_month = (0..b.len()).any(|i| {
        let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
        (i == 0 || !word(b[i - 1]))
            && b.len() >= i + 3
            && is_month_start([b[i], b[i + 1], b[i + 2]])
    });
    for c in (has_dash && ISO.is_match(text))
        .then(|| ISO.captures_iter(text))
        .into_iter()
        .flatten()
    {
        let (y, m, d) = (c[1].parse().ok(), c[2].parse().ok(), c[3].parse().ok());
        if let (Some(y), Some(m), Some(d)) = (y, m, d) {
            if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                out.push(Found {
                    at: c.get(0).unwrap().start(),
                    date,
                });
            }
        }
    }
    let explicit_year = |y: Option<regex::Match>, m: u32, d: u32| -> Option<NaiveDate> {
        match y.and_then(|y| y.as_str().parse::<i32>().ok()) {
            Some(y) => NaiveDate::from_ymd_opt(if y < 100 { 2000 + y } else { y }, m, d),
            None => resolve(m, d, meeting),
        }
    };
    for c in (has_month && MONTH_DAY.is_match(text))
        .then(|| MONTH_DAY.captures_iter(text))
        .into_iter()
        .flatten()
    {
        let (Some(m), Ok(d)) = (month_number(&c[1]), c[2].parse::<u32>()) else {
            continue;
        };
        // "may" is also a verb: require a capital M for it.
        if c[1].eq_ignore_ascii_case("may") && !c[1].starts_with('M') {
            continue;
        }
        if let Some(date) = explicit_year(c.get(3), m, d) {
            out.push(Found {
                at: c.get(0).unwrap().start(),
                date,
            });
        }
    }
    for c in (has_month && DAY_MONTH.is_match(text))
        .then(|| DAY_MONTH.captures_iter(text))
        .into_iter()
        .flatten()
    {
        let (Ok(d), Some(m)) = (c[1].parse::<u32>(), month_number(&c[2])) else {
            continue;
        };
        if c[2].eq_ignore_ascii_case("may") && !c[2].starts_with('M') {
            continue;
        }
        let at = c.get(0).unwrap().start();
        if let Some(date) = explicit_year(c.get(3), m, d) {
            out.push(with_range_start(text, at, date));
        }
    }
    for c in (has_dot && DOTTED.is_match(text))
        .then(|| DOTTED.captures_iter(text))
        .into_iter()
        .flatten()
    {
        let (Ok(d), Ok(m)) = (c[1].parse::<u32>(), c[2].parse::<u32>()) else {
            continue;
        };
        let at = c.get(1).unwrap().start();
        if let Some(date) = explicit_year(c.get(3), m, d) {
            out.push(with_range_start(text, at, date));
        }
    }
    out.sort_by_key(|f| f.at);
    out.dedup_by_key(|f| f.at);
    out
}

/// A range of days written before the day at `at` (`16.-19.10.2023`,
/// `13-14.9.2023`, `26/27.9.`, `16 – 19 Oct`, `4.+5. Dec`): its first day and offset. The
/// range shares the month and year of the date it ends in.
fn range_start(text: &str, at: usize) -> Option<(usize, u32)> {
    let before = text[..at].trim_end();
    let before = before
        .strip_suffix(['-', '/', '+'])
        .or_else(|| before.strip_suffix('–'))?
        .trim_end();
    let before = before.strip_suffix('.').unwrap_or(before);
    let digits = before.len() - before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let start = before.len() - digits;
    let opens = before[..start]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric() && c != '.' && c != '-' && c != '/');
    if !(1..=2).contains(&digits) || !opens {
        return None;
    }
    let day: u32 = before[start..].parse().ok()?;
    (1..=31).contains(&day).then_some((start, day))
}

/// The date at `at`, or the first day of the range that ends in it. The
/// range's year is the one its last day resolved to: an event that has
/// begun before the meeting keeps its first day in the same year.
fn with_range_start(text: &str, at: usize, date: NaiveDate) -> Found {
    match range_start(text, at) {
        Some((start, d0)) if d0 <= date.day() => Found {
            at: start,
            date: date.with_day(d0).unwrap_or(date),
        },
        Some((start, _)) => Found { at: start, date },
        None => Found { at, date },
    }
}

/// The first explicit date in `text`.
pub fn first_date(text: &str, meeting: Option<NaiveDate>) -> Option<NaiveDate> {
    find_dates(text, meeting).first().map(|f| f.date)
}

static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    super::rules::compile(
        r"(?i)\b(tomorrow|next week|day after tomorrow|in two weeks|in 2 weeks|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b",
    )
});

/// A relative day (`tomorrow`, `next week` = the same weekday seven days on,
/// `on Thursday` = the first Thursday after the meeting; not `next` or
/// `last Thursday`, which readers take differently).
pub fn relative_date(text: &str, meeting: NaiveDate) -> Option<NaiveDate> {
    RELATIVE.captures_iter(text).find_map(|c| {
        let m = c.get(1)?;
        let word = m.as_str().to_ascii_lowercase();
        let days = match word.as_str() {
            "tomorrow" => 1,
            "day after tomorrow" => 2,
            "next week" => 7,
            "in two weeks" | "in 2 weeks" => 14,
            day => {
                let before = &text[..m.start()];
                if super::rules::last_word_one_of(
                    before,
                    &["next", "last", "every", "previous", "past"],
                ) {
                    return None;
                }
                let target: Weekday = day.parse().ok()?;
                match target.days_since(meeting.weekday()) {
                    0 => 7,
                    d => i64::from(d),
                }
            }
        };
        Some(meeting + Duration::days(days))
    })
}

/// A meeting date in a heading or file name: ISO or `YYYYMMDD`.
pub fn meeting_date_in(text: &str) -> Option<NaiveDate> {
    // Both forms have eight digits.
    if text.bytes().filter(u8::is_ascii_digit).count() < 8 {
        return None;
    }
    if let Some(c) = ISO.captures(text) {
        if let Some(d) =
            NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)
        {
            return Some(d);
        }
    }
    let c = COMPACT.captures(text)?;
    NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn forms_minutes_use() {
        let m = Some(d("2022-09-26"));
        let cases = [
            ("on 2022-11-10 because", Some("2022-11-10")),
            ("Cancel Oct 3, next meet on Oct 10", Some("2022-10-03")),
            ("till May 19", Some("2023-05-19")),
            ("May 19th", Some("2023-05-19")),
            ("due 10.10.", Some("2022-10-10")),
            ("due 1.2.2023", Some("2023-02-01")),
            ("on 3 October", Some("2022-10-03")),
            ("For the 19th of June", Some("2023-06-19")),
            ("(tentative: Oct 10, 15:05 CEST)", Some("2022-10-10")),
            (
                "EclipseCon – Ludwigsburg, 16.-19.10.2023, Sven",
                Some("2023-10-16"),
            ),
            (
                "StackConf – Berlin, 13-14.9.2023 (this is now)",
                Some("2023-09-13"),
            ),
            ("PlusCon – Köln, 26/27.9.2023, Kurt", Some("2023-09-26")),
            ("KubeCon 16 – 19 October 2023", Some("2023-10-16")),
            ("v1.2-3.4.2023", Some("2023-04-03")),
            ("release 7.0.3 planned", None),
            ("this may work", None),
            ("next week", None),
        ];
        for (text, want) in cases {
            assert_eq!(first_date(text, m), want.map(d), "{text}");
        }
    }

    #[test]
    fn relative_words() {
        let m = d("2024-05-08");
        assert_eq!(relative_date("No call tomorrow", m), Some(d("2024-05-09")));
        assert_eq!(
            relative_date("unavailable next week", m),
            Some(d("2024-05-15"))
        );
        assert_eq!(relative_date("this week", m), None);
    }

    #[test]
    fn meeting_dates() {
        assert_eq!(
            meeting_date_in("SCS Tech Weekly 2022-09-29"),
            Some(d("2022-09-29"))
        );
        assert_eq!(
            meeting_date_in("community-call/20230316.md"),
            Some(d("2023-03-16"))
        );
        assert_eq!(meeting_date_in("Agenda"), None);
    }
}
