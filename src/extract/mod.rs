//! Extraction of follow-ups from one Markdown minutes document.
//!
//! PURE: no I/O, no clock. [`parse`] takes the document and what the caller
//! knows about it ([`Hints`]) and returns the meeting and its items as
//! `spec/extraction.md` defines them. For example, from
//!
//! ```markdown
//! # 2022-09-26
//! ## Participants
//! * @garloff
//! ## Next week: Public Holiday: What to do?
//! * Cancel Oct 3, next meet on Oct 10
//! ## Agenda
//! * => TODO:
//!     * kubeAPI throttling (#155)
//!     * Need requirements for good etcd VM -> Kurt to find slot (tentative: Oct 10)
//! - ~~_AI @mbuechse: implement `oldgeneric` in image manager_~~
//! ```
//!
//! it reads a cancellation of 2022-10-03, two actions framed by `TODO` (one
//! owned by `Kurt`, due 2022-10-10, one with ref `#155`) and a done action
//! owned by `mbuechse`:
//!
//! ```
//! use followup::extract::{parse, Hints, Kind, Status};
//! let md = "# 2022-09-26\n## Participants\n* @garloff\n## Next week\n* Cancel Oct 3, next meet on Oct 10\n## Agenda\n* => TODO:\n    * kubeAPI throttling (#155)\n    * Need requirements for good etcd VM -> Kurt to find slot (tentative: Oct 10)\n- ~~_AI @mbuechse: implement `oldgeneric` in image manager_~~\n";
//! let m = parse(md, &Hints::default());
//! assert_eq!(m.meeting.date.unwrap().to_string(), "2022-09-26");
//! assert_eq!(m.meeting.participants, vec!["garloff"]);
//! let kinds: Vec<_> = m.items.iter().map(|i| (i.line, i.kind)).collect();
//! assert_eq!(kinds, vec![(5, Kind::Cancellation), (8, Kind::Action), (9, Kind::Action), (10, Kind::Action)]);
//! assert_eq!(m.items[2].owners, vec!["Kurt"]);
//! assert_eq!(m.items[3].status, Status::Done);
//! assert_eq!(m.items[3].text, "implement oldgeneric in image manager");
//! ```
//!
//! The work is done in two passes: [`units`] turns the Markdown (parsed by
//! pulldown-cmark, never by regular expressions over lines) into units with
//! line numbers and heading paths; `classify` applies the rules of the
//! contract to each unit in its context.

mod classify;
pub mod dates;
mod features;
mod rules;
pub mod units;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The largest document parsed; longer input is cut at a line boundary so
/// that time stays bounded (minutes are a few KiB; the API limits uploads to
/// 1 MiB by default).
pub const MAX_INPUT: usize = 4 * 1024 * 1024;

/// What the caller knows about a document.
#[derive(Debug, Clone, Default)]
pub struct Hints {
    /// File name or path (a `YYYYMMDD` in it dates the meeting).
    pub file_name: Option<String>,
    /// The meeting date when the caller knows it; wins over the document.
    pub meeting_date: Option<NaiveDate>,
    /// The meeting series, if known.
    pub series: Option<String>,
}

/// What a minutes document says about its meeting.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub date: Option<NaiveDate>,
    pub title: Option<String>,
    pub participants: Vec<String>,
    pub note_taker: Option<String>,
}

/// Kind of an extracted item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Action,
    Gap,
    Cancellation,
    Decision,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Action => "action",
            Kind::Gap => "gap",
            Kind::Cancellation => "cancellation",
            Kind::Decision => "decision",
        }
    }
}

/// Status an item carries in the minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Open,
    Done,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Done => "done",
        }
    }
}

/// One extracted item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// 1-based line where the unit starts.
    pub line: u32,
    pub kind: Kind,
    pub text: String,
    pub owners: Vec<String>,
    pub status: Status,
    pub due: Option<NaiveDate>,
    /// The cancelled day, for cancellations.
    pub date: Option<NaiveDate>,
    /// The heading path, outermost first; the items of one section share it.
    pub section: Arc<[String]>,
    pub refs: Vec<String>,
}

/// A parsed minutes document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Minutes {
    pub meeting: Meeting,
    pub items: Vec<Item>,
}

/// Extracts the meeting and its items from one Markdown document.
pub fn parse(markdown: &str, hints: &Hints) -> Minutes {
    let markdown = bounded(markdown);
    let mut buf = String::new();
    let units = units::units(markdown, &mut buf);
    classify::classify(&units, hints)
}

/// Whether `m` keeps the field forms the extraction contract sets: texts
/// (and participants) collapsed and never empty, owners without `@` and
/// none twice in any case, a cancelled day on every cancellation. `Err`
/// says what broke it. Exists so tests and the fuzz target check one
/// definition.
#[doc(hidden)]
pub fn check_contract(m: &Minutes) -> Result<(), String> {
    let collapsed = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ") == t;
    for p in &m.meeting.participants {
        if p.is_empty() || !collapsed(p) || p.starts_with('@') {
            return Err(format!("participant {p:?}"));
        }
    }
    for i in &m.items {
        if i.text.is_empty() || !collapsed(&i.text) {
            return Err(format!("line {}: text {:?}", i.line, i.text));
        }
        let mut seen = std::collections::HashSet::new();
        for o in &i.owners {
            if o.is_empty() || !collapsed(o) || o.starts_with('@') || !seen.insert(o.to_lowercase())
            {
                return Err(format!("line {}: owners {:?}", i.line, i.owners));
            }
        }
        if i.kind == Kind::Cancellation && i.date.is_none() {
            return Err(format!("line {}: cancellation without a date", i.line));
        }
    }
    Ok(())
}

/// As [`parse`], with every rule run on every unit (no keyword gate). Slower;
/// exists so tests can check that gating never changes a result.
#[doc(hidden)]
pub fn parse_ungated(markdown: &str, hints: &Hints) -> Minutes {
    let mut buf = String::new();
    let units = units::units(bounded(markdown), &mut buf);
    classify::classify_gated(&units, hints, false)
}

/// The keyword scan's rule bits of one unit text (for the benchmark, which
/// times the scan alone).
#[doc(hidden)]
pub fn scan_bits(text: &str) -> u32 {
    features::scan(text)
}

/// Cuts input longer than [`MAX_INPUT`] at the last line break before it.
fn bounded(s: &str) -> &str {
    if s.len() <= MAX_INPUT {
        return s;
    }
    let mut end = MAX_INPUT;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    match s[..end].rfind('\n') {
        Some(nl) => &s[..nl + 1],
        None => &s[..end],
    }
}

/// Cases for a property test: `default`, or `PROPTEST_CASES` when set (to
/// explore further than a plain `cargo test` does).
#[cfg(test)]
pub(crate) fn proptest_cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
