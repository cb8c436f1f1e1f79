//! Units in context → items. See `spec/extraction.md` for the contract; each
//! step below names the rule it implements.

use super::dates::{find_dates, first_date, meeting_date_in, relative_date};
use super::features::{bit, is_work_verb, scan};
use super::rules::*;
use super::units::{Unit, UnitKind};
use super::{Hints, Item, Kind, Meeting, Minutes, Status};
use chrono::NaiveDate;
use std::sync::Arc;

/// Per-unit context computed in one forward pass (parents come first).
struct Context {
    /// The unit is a label that frames future work (rule 4).
    framing: Vec<bool>,
    /// The unit sits under a framing unit or heading.
    framed: Vec<bool>,
    /// The unit sits under a participants heading.
    participants: Vec<bool>,
    /// The unit is the first one under a chore heading.
    chore_first: Vec<bool>,
    /// The unit is a line in a list of upcoming events.
    event_section: Vec<bool>,
    /// The unit only labels its children (or, a paragraph, the list after
    /// it) as gaps (`Missing:`, `Open questions`): they are the items, not it.
    gap_label: Vec<bool>,
    /// The gap label the unit sits under.
    gap_framed_by: Vec<Option<usize>>,
    /// The unit opens a list of standing rules or reminders (`please
    /// note:`), or sits in one: not a follow-up.
    guideline: Vec<bool>,
}

pub fn classify(units: &[Unit], hints: &Hints) -> Minutes {
    classify_gated(units, hints, true)
}

/// `gate = false` runs every rule on every unit; the result must be the same
/// (tests compare both), only slower.
pub fn classify_gated(units: &[Unit], hints: &Hints, gate: bool) -> Minutes {
    let feats: Vec<u32> = if gate {
        units.iter().map(|u| scan(u.text)).collect()
    } else {
        vec![!bit::SURE; units.len()]
    };
    let ctx = context(units, &feats);
    let mut meeting = meeting(units, hints, &ctx);
    let date = meeting.date;
    let mut items = Vec::new();
    let mut section: Option<(Option<usize>, Arc<[String]>)> = None;
    for (i, u) in units.iter().enumerate() {
        if u.text.is_empty() || (ctx.participants[i] && participant_entry(u)) {
            continue;
        }
        if feats[i] & bit::NOTE != 0 && !matches!(u.kind, UnitKind::Heading(_)) {
            if let Some(c) = NOTE_TAKER.captures(u.text) {
                if meeting.note_taker.is_none() {
                    meeting.note_taker = Some(c[1].trim_start_matches('@').to_string());
                }
                continue;
            }
        }
        if let Some(mut item) = classify_unit(units, i, &ctx, date, &feats) {
            // Items come in document order: most share the section of the
            // item before, and then its path too.
            item.section = match &section {
                Some((h, path)) if *h == u.heading => Arc::clone(path),
                _ => {
                    let path: Arc<[String]> = super::units::section(units, i).into();
                    section = Some((u.heading, Arc::clone(&path)));
                    path
                }
            };
            items.push(item);
        }
    }
    Minutes { meeting, items }
}

fn context(units: &[Unit], feats: &[u32]) -> Context {
    let n = units.len();
    let mut c = Context {
        framing: vec![false; n],
        framed: vec![false; n],
        participants: vec![false; n],
        chore_first: vec![false; n],
        event_section: vec![false; n],
        gap_label: vec![false; n],
        gap_framed_by: vec![None; n],
        guideline: vec![false; n],
    };
    // A top-level paragraph like "TODO:" frames the list that follows it;
    // so do a gap label (`Questions to be answered:`) and a guideline
    // (`When adding items to the agenda, please note:`).
    let mut paragraph_frame: Option<Option<usize>> = None;
    let mut paragraph_gaps: Option<(Option<usize>, usize)> = None;
    let mut paragraph_guide: Option<Option<usize>> = None;
    let mut chore_heading: Option<usize> = None;
    for (i, u) in units.iter().enumerate() {
        let is_heading = matches!(u.kind, UnitKind::Heading(_));
        c.framing[i] = !u.quoted && feats[i] & bit::FRAME != 0 && FRAMING.is_match(u.text);
        let by_heading = u.heading.is_some_and(|h| c.framing[h] || c.framed[h]);
        // A frame reaches through category labels (`RefImpl:`), not through
        // items: the children of an item comment on it or are items of their own.
        let by_parent = u.parent.is_some_and(|p| {
            c.framing[p]
                || (c.framed[p]
                    && (category_label(&units[p])
                        || (feats[p] & bit::LABEL != 0 && label_line(units[p].text))))
        });
        let by_heading = by_heading && u.parent.is_none();
        let by_paragraph = u.parent.is_none()
            && u.kind == UnitKind::ListItem
            && paragraph_frame == Some(u.heading);
        c.framed[i] = by_heading || by_parent || by_paragraph;
        // A heading below a participants heading opens a section of its own
        // (`# Participants` then `## Agenda`, `### Housekeeping`): only the
        // heading itself can say it lists participants.
        c.participants[i] = if is_heading {
            feats[i] & bit::PARTICIPANTS != 0 && PARTICIPANTS_HEADING.is_match(u.text)
        } else {
            u.heading.is_some_and(|h| c.participants[h])
                || u.parent.is_some_and(|p| c.participants[p])
        };
        // A heading opens an events list when it says so; units inherit it.
        c.event_section[i] = if is_heading {
            is_heading_events(u.text) || u.heading.is_some_and(|h| c.event_section[h])
        } else {
            u.heading.is_some_and(|h| c.event_section[h])
        };
        c.gap_label[i] = matches!(u.kind, UnitKind::ListItem | UnitKind::Paragraph)
            && (!u.children.is_empty() || (u.kind == UnitKind::Paragraph && u.text.ends_with(':')))
            && feats[i] & bit::GAP != 0
            && (GAP_LABEL.is_match(u.text)
                // A paragraph whose last sentence is the label (`Currently
                // working for X. ... Open questions:`).
                || (u.kind == UnitKind::Paragraph && {
                    let last = last_sentence(u.text);
                    last.len() < u.text.len() && GAP_LABEL.is_match(last)
                }));
        let top_item = u.parent.is_none() && u.kind == UnitKind::ListItem;
        c.gap_framed_by[i] = match u.parent {
            Some(p) if c.gap_label[p] => Some(p),
            None if top_item => {
                paragraph_gaps.and_then(|(h, label)| (h == u.heading).then_some(label))
            }
            _ => None,
        };
        c.guideline[i] = u.parent.is_some_and(|p| c.guideline[p])
            || (top_item && paragraph_guide == Some(u.heading))
            || (!is_heading && (guideline(u.text) || idea_label(u.text) == Some(true)));
        match u.kind {
            UnitKind::Heading(_) => {
                paragraph_frame = None;
                paragraph_gaps = None;
                paragraph_guide = None;
                chore_heading = (feats[i] & bit::CHORE != 0 && CHORE.is_match(u.text)).then_some(i);
            }
            UnitKind::Paragraph => {
                let top = u.parent.is_none();
                paragraph_frame = (c.framing[i] && top).then_some(u.heading);
                paragraph_gaps = (c.gap_label[i] && top).then_some((u.heading, i));
                paragraph_guide = (c.guideline[i] && top).then_some(u.heading);
            }
            _ => {}
        }
        if !is_heading {
            if let Some(h) = chore_heading.take() {
                if u.heading == Some(h) {
                    c.chore_first[i] = true;
                }
            }
        }
    }
    c
}

/// The text holds only marker words (`AI`, `AI:`, `TODOs`, `Action items:`)
/// and punctuation. Decided word by word: most texts fail on their first.
fn marker_only(text: &str) -> bool {
    const MARKERS: &[&str] = &[
        "ai", "ais", "todo", "todos", "to", "do", "dos", "action", "actions", "item", "items",
    ];
    let mut words = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .peekable();
    words.peek().is_some() && words.all(|w| one_of(w, MARKERS))
}

/// `We typically provide a presentation ...`, `We always make sure ...`:
/// how the group usually works, not work to do.
fn habitual(text: &str) -> bool {
    let mut words = text.split(' ');
    words.next().is_some_and(|w| one_of(w, &["we", "they"]))
        && words.next().is_some_and(|w| {
            one_of(
                w,
                &[
                    "typically",
                    "usually",
                    "normally",
                    "regularly",
                    "always",
                    "generally",
                ],
            )
        })
}

/// `Reminder: team meetings have moved, please check the calendar`,
/// `Reminder by @x: ...`, `Reminder of the new time`: a reminder of what
/// holds already, not work (`Reminder should be sent out` is, and so is a
/// reminder to review or give feedback: a review request).
fn reminder(text: &str) -> bool {
    starts_with_ignore_case(text, "reminder")
        && [":", " :", " by ", " of ", " for "]
            .iter()
            .any(|p| text[8..].starts_with(p))
        && !contains_ignore_case(text, "review")
        && !contains_ignore_case(text, "feedback")
}

/// `Find all information here`, `find details/configuration here`, `find
/// all our minutes here: <link>`: where to read more, not work.
fn pointer(text: &str) -> bool {
    ["find ", "see ", "read "]
        .iter()
        .any(|w| starts_with_ignore_case(text, w))
        && POINTER.is_match(text)
}

/// `Background: As part of conformance testing, we must check ...`,
/// `Context: ...`: why a topic is on the agenda, not work; `Idea: build a
/// proof of concept`: a suggestion, not agreed work (a marker still makes
/// either an item).
fn background(text: &str) -> bool {
    ["background", "context"]
        .iter()
        .any(|w| starts_with_ignore_case(text, w) && text[w.len()..].trim_start().starts_with(':'))
        || idea_label(text).is_some()
}

/// The text opens with a label naming ideas (`Idea:`, `Ideas:`,
/// `Alternative idea:`, `Idea/proposal:`, `counteridea:`): what follows, and under a bare
/// such label its list, are suggestions. `Some(true)` when nothing follows
/// the label.
fn idea_label(text: &str) -> Option<bool> {
    let (label, rest) = text.split_once(':')?;
    let words = || label.split([' ', '/', '-']).filter(|w| !w.is_empty());
    (label.len() <= 30
        && words().all(|w| w.bytes().all(|b| b.is_ascii_alphabetic()))
        && words().any(|w| ends_with_ignore_case(w, "idea") || ends_with_ignore_case(w, "ideas")))
    .then(|| rest.trim().is_empty())
}

static POINTER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    super::rules::compile(
        r"(?i)^(?:find|see|read)\s+(?:(?:all\s+|more\s+|further\s+|the\s+)?(?:info|information|details?)\b[^.;]{0,40}\b(?:here|below|above)\s*[.:!]?$|[^.;:]{0,60}\bhere\s*:)",
    )
});

/// [`GUIDELINE`]: most units end in no colon and open with no `when` / `if`.
fn guideline(text: &str) -> bool {
    let t = text.trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
    (text.ends_with(':') || starts_with_ignore_case(t, "when") || starts_with_ignore_case(t, "if "))
        && GUIDELINE.is_match(text)
}

fn is_heading_events(text: &str) -> bool {
    // Most headings have neither word: a byte search settles them.
    if !contains_ignore_case(text, "event") && !contains_ignore_case(text, "conferences") {
        return false;
    }
    // Events that took place (`Recent Events`) are a report, not a plan.
    if ["recent", "past", "previous"]
        .iter()
        .any(|w| contains_ignore_case(text, w))
    {
        return false;
    }
    text.split(|c: char| !c.is_alphanumeric())
        .any(|w| w.eq_ignore_ascii_case("events") || w.eq_ignore_ascii_case("conferences"))
        || text.trim().eq_ignore_ascii_case("event")
}

/// The meeting: title, date, participants (note taker is filled while
/// classifying, since it is a unit-level rule).
fn meeting(units: &[Unit], hints: &Hints, ctx: &Context) -> Meeting {
    let headings: Vec<&Unit> = units
        .iter()
        .filter(|u| matches!(u.kind, UnitKind::Heading(_)))
        .collect();
    let title = headings
        .iter()
        .find(|h| !h.text.is_empty())
        .map(|h| h.text.to_string());
    let date = hints
        .meeting_date
        .or_else(|| {
            headings
                .iter()
                .take(5)
                .find_map(|h| meeting_date_in(h.text))
        })
        .or_else(|| hints.file_name.as_deref().and_then(file_date));
    let mut participants: Vec<String> = Vec::new();
    // Handles are kept lower case, names as written; a handle or name
    // already in the list (in any case) is not added again.
    fn push(list: &mut Vec<String>, p: &str, lower: bool) {
        if !p.is_empty() && !list.iter().any(|q| q.eq_ignore_ascii_case(p)) {
            list.push(if lower {
                p.to_ascii_lowercase()
            } else {
                p.to_string()
            });
        }
    }
    for (i, u) in units.iter().enumerate() {
        let inline = u
            .text
            .get(..13)
            .is_some_and(|p| p.eq_ignore_ascii_case("participants:"));
        if !(inline || ctx.participants[i] && participant_entry(u)) {
            continue;
        }
        let mut any = false;
        for (_, h) in handles(u.text) {
            push(&mut participants, h, true);
            any = true;
        }
        if !any && u.kind == UnitKind::ListItem {
            // A name opens with a letter; an `@` that no handle follows
            // (`@ Kurt`) is dropped, and what is left of a broken one
            // (`@# 2024...`) is no name.
            let name = u.text.split(['(', ',', ':']).next().unwrap_or("");
            let name = name.trim_start_matches(['@', ' ']).trim();
            if name.starts_with(char::is_alphabetic) && words(name) <= 3 {
                push(&mut participants, name, false);
            }
        }
    }
    if participants.is_empty() {
        // A bare list of handles near the top stands for the participants.
        for u in units
            .iter()
            .take_while(|u| u.heading.is_none_or(|h| h <= 1))
        {
            if u.kind == UnitKind::ListItem && u.parent.is_none() && only_handles(u.text) {
                handles(u.text).for_each(|(_, h)| push(&mut participants, h, true));
            }
        }
    }
    Meeting {
        date,
        title,
        participants,
        note_taker: None,
    }
}

/// A line of a participants list: handles, or a short name.
fn participant_entry(u: &Unit) -> bool {
    match u.kind {
        UnitKind::Heading(_) => true,
        UnitKind::ListItem | UnitKind::TableRow => {
            let entry = |t: &str| (words(t) <= 3 && !t.contains(':')) || only_handles(t);
            // `Oliver Otte (@o-otte) (this list is highly incomplete ...)`:
            // remarks in parentheses; `excused: @jschoone`: a label.
            entry(u.text)
                || (u.text.contains('(') && entry(&without_parens(u.text)))
                || u.text.split_once(':').is_some_and(|(label, rest)| {
                    words(label.trim()) == 1 && !rest.trim().is_empty() && only_handles(rest.trim())
                })
        }
        UnitKind::Paragraph => {
            only_handles(u.text)
                || u.text
                    .split([',', ' '])
                    .all(|w| w.is_empty() || w.starts_with('@'))
        }
    }
}

/// An events list line about an event that has taken place: its dates, or
/// else its parent's (`SCS @ OSBA connect - 14. Nov:` above `Great ZenDiS
/// presentation`), all lie more than five days (the length of an event that
/// may have begun) before the meeting. A date without a year resolves to
/// the next one on or after the meeting, so one that lands more than 300
/// days on was a few weeks before it.
fn past_event(units: &[Unit], i: usize, f: u32, feats: &[u32], date: Option<NaiveDate>) -> bool {
    let Some(meeting) = date else {
        return false;
    };
    let days_before = |d: NaiveDate| match (d - meeting).num_days() {
        n if n < 0 => -n,
        n if n > 300 => 365 - n,
        _ => 0,
    };
    let past = |found: Vec<super::dates::Found>| {
        !found.is_empty() && found.iter().all(|d| days_before(d.date) > 5)
    };
    let own = if f & bit::DIGIT != 0 {
        find_dates(units[i].text, date)
    } else {
        Vec::new()
    };
    if !own.is_empty() {
        return past(own);
    }
    units[i]
        .parent
        .is_some_and(|p| feats[p] & bit::DIGIT != 0 && past(find_dates(units[p].text, date)))
}

/// The text is a person's name or nickname and nothing else: one word, or
/// up to three capitalised ones, of letters (`fkr`, `Kurt`, `Felix
/// Kirchner`), none of them a word
/// that says no one (`nobody`, `TBD`) or a status (`done`, `skipped`).
fn name_only(text: &str) -> bool {
    let n = words(text);
    // A nickname is one word; a name of several is capitalised.
    let initial = |c: char| c.is_alphabetic() && (n == 1 || c.is_uppercase());
    (1..=3).contains(&n)
        && text.split(' ').all(|w| {
            w.chars().next().is_some_and(initial)
                && w.chars().all(|c| c.is_alphabetic() || c == '-')
                && !NOT_NAMES.contains(&w)
                && !one_of(
                    w,
                    &[
                        "none",
                        "nobody",
                        "noone",
                        "no",
                        "tbd",
                        "tba",
                        "open",
                        "volunteer",
                        "volunteers",
                        "needed",
                        "missing",
                        "unclear",
                        "done",
                        "skipped",
                        "cancelled",
                        "canceled",
                        "postponed",
                        "n",
                        "a",
                        "yes",
                        "ok",
                    ],
                )
        })
        && !STATUS_WORDS.is_match(text)
}

/// The text opens with a question word (`How to deal with new patch
/// releases`): a question, also without its `?`.
fn starts_with_wh(text: &str) -> bool {
    first_word_one_of(
        text,
        &[
            "how", "what", "which", "when", "where", "why", "who", "whether",
        ],
    )
}

/// The text after the last sentence end (`. `, `? `, `! `) of `text`.
fn last_sentence(text: &str) -> &str {
    let b = text.as_bytes();
    (1..b.len())
        .rev()
        .find(|&k| b[k] == b' ' && matches!(b[k - 1], b'.' | b'?' | b'!'))
        .map_or(text, |k| &text[k + 1..])
}

/// `text` without its parenthesised parts, spaces collapsed.
fn without_parens(text: &str) -> String {
    let mut depth = 0usize;
    let mut kept = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => kept.push(c),
            _ => {}
        }
    }
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A date in the file name, else in the nearest folder name
/// (`hackathons/2024-04-16-arnsberg/minutes.md`).
fn file_date(name: &str) -> Option<NaiveDate> {
    name.rsplit(['/', '\\']).find_map(meeting_date_in)
}

/// A child that only comments on its parent: a status word, links, refs or
/// the names of owners.
fn comment_only(text: &str) -> bool {
    let n = words(text);
    if n > 8 {
        return false;
    }
    if n <= 6 && STATUS_WORDS.is_match(text) {
        return true;
    }
    if cancel_only(text) {
        return true;
    }
    comment_only_pattern(text)
}

/// The words of a unit text as `split_whitespace` counts them: unit texts
/// are collapsed (single spaces, none at either end), so by their spaces.
fn words(text: &str) -> usize {
    debug_assert!(!text.starts_with(' ') && !text.ends_with(' ') && !text.contains("  "));
    if text.is_empty() {
        0
    } else {
        text.bytes().filter(|&b| b == b' ').count() + 1
    }
}

/// Names in a list of owners: `Kurt`, `Cemil and Katharina`.
fn names_in(s: &str) -> impl Iterator<Item = &str> {
    s.split([',', '&', '/'])
        .flat_map(|p| p.split(" and "))
        .map(str::trim)
        .filter(|n| {
            !n.is_empty()
                && !NOT_NAMES.contains(n)
                && !NOUN_SUFFIXES.iter().any(|s| n.ends_with(s))
                && !is_work_verb(n)
                && !takes_to_infinitive(n)
        })
}

fn classify_unit(
    units: &[Unit],
    i: usize,
    ctx: &Context,
    date: Option<NaiveDate>,
    feats: &[u32],
) -> Option<Item> {
    let u = &units[i];
    let text = u.text;
    let f = feats[i];
    let has = |b: u32| f & b != 0;

    // Most units say nothing any rule looks for: skip them cheaply.
    let cancel_child = u
        .children
        .iter()
        .any(|&c| feats[c] & bit::CANCEL != 0 && cancel_only(units[c].text));
    let dated = has(bit::DIGIT) && starts_with_date(text);
    let who = text
        .as_bytes()
        .get(..4)
        .is_some_and(|w| w[..3].eq_ignore_ascii_case(b"who") && !w[3].is_ascii_alphanumeric());
    let gap_framed = ctx.gap_framed_by[i].is_some();
    if !has(bit::ANY_RULE)
        && !who
        && !gap_framed
        && !ctx.framing[i]
        && !ctx.framed[i]
        && !ctx.chore_first[i]
        && !ctx.event_section[i]
        && u.task.is_none()
        && !cancel_child
        && !dated
    {
        return None;
    }

    let is_heading = matches!(u.kind, UnitKind::Heading(_));
    let explicit = (has(bit::EXPLICIT)
        && EXPLICIT
            .find_iter(text)
            .any(|m| !after_no(&text[..m.start()]) && !ai_the_technology(text, m.range())))
        || u.task.is_some();

    // A marker with no text (`AI`, `TODO` as a topic or label) states no
    // work of its own.
    if explicit && u.task.is_none() && marker_only(text) {
        return None;
    }
    // Standing rules, reminders and habits are not follow-ups.
    if (ctx.guideline[i] || habitual(text) || reminder(text)) && !explicit {
        return None;
    }
    // A child that only comments on its parent belongs to the parent; an
    // answer that gives the work to someone (`Yes, AI: @x`, `Yes (AI
    // @x)`) is an item of its own.
    if u.parent.is_some()
        && comment_only(text)
        && !ctx.chore_first[i]
        && !(explicit && u.task.is_none())
    {
        return None;
    }
    // Headings are agenda titles unless they carry an explicit marker; a
    // gap label leaves the gaps to its children.
    if (is_heading || ctx.gap_label[i]) && !explicit {
        return None;
    }
    // A framing label is an item only with text of its own.
    let mut framing_own = false;
    if ctx.framing[i] {
        let own = FRAMING
            .captures(text)
            .and_then(|c| c.get(1))
            .map(|m| m.as_str().trim())
            .unwrap_or("");
        // `Next steps: same for ClusterAPI` states the work after its marker,
        // `TODOs will be talked about next week` in its own sentence.
        // (Not `Next steps are being discussed`: a report.)
        let sentence = own.is_empty()
            && FRAMING_SENTENCE
                .find(text)
                .is_some_and(|m| !first_word_one_of(&text[m.end() - 1..], &["being"]));
        if own.is_empty()
            && !sentence
            && (!u.children.is_empty() || is_heading || u.kind == UnitKind::Paragraph)
        {
            return None;
        }
        framing_own = !own.is_empty() || sentence;
    }

    // Cancellations of a future meeting.
    if has(bit::CANCEL) || cancel_child {
        if let Some(day) = cancellation(units, i, date, cancel_child) {
            return Some(item(
                units,
                i,
                f,
                Kind::Cancellation,
                Vec::new(),
                Status::Open,
                None,
                Some(day),
            ));
        }
    }

    // A question answered on the spot (`clarified? -> Yes: ...`, `Move to
    // X? YES.`) records the answer, it asks for no work.
    let answered = text.contains('?') && ANSWERED_QUESTION.is_match(text);
    let question_arrow = has(bit::QUESTION_ARROW)
        && QUESTION_THEN_ARROW
            .find(text)
            .is_some_and(|m| !only_a_link(after_arrow(&text[m.start() + 1..])))
        && !answered;
    let question = ((asks(text) || inverted_question(text)) && !question_arrow) || answered;
    // The first unit under a chore heading is the chore, unless it asks and
    // its children name the chores themselves (`Who is presenting ... and
    // transferring the minutes?` then `Minutes-transfer: @x`).
    if ctx.chore_first[i]
        && !explicit
        && question
        && u.children
            .iter()
            .any(|&c| feats[c] & bit::CHORE != 0 && CHORE.is_match(units[c].text))
    {
        return None;
    }
    let chore = ctx.chore_first[i] || (!is_heading && has(bit::CHORE) && CHORE.is_match(text));
    // A chore slot that says no one takes it (`community call: n/a`).
    if chore
        && !explicit
        && u.children.is_empty()
        && says_none(text.rsplit_once(':').map_or(text, |(_, v)| v))
    {
        return None;
    }
    let label = has(bit::LABEL) && label_line(text) && !chore;

    // Lines of an events list: an action only when they name a talk, or
    // give someone work (`Minihackathon: @x will provide the date`; `Kurt
    // will send a Save-the-date` on a line without a date: with one, a
    // name before a verb is a speaker or attendee, `Jan will participate`).
    let talk = has(bit::TALK) && TALK.is_match(text);
    if (ctx.event_section[i] || dated)
        && !explicit
        && !chore
        && !(has(bit::ASSIGN_AT) && handle_assigned(text))
        && (dated
            || talk
            || has(bit::DIGIT) && first_date(text, date).is_some()
            || !name_assigned(text, f))
    {
        if talk && !label && !PAST_TALK.is_match(text) && !past_event(units, i, f, feats, date) {
            let owners = event_owners(text);
            // The event's first day, even when it has begun already.
            let due = (f & bit::DIGIT != 0)
                .then(|| first_date(text, date))
                .flatten();
            return Some(item(
                units,
                i,
                f,
                Kind::Action,
                owners,
                status(units, i, feats),
                due,
                None,
            ));
        }
        return None;
    }

    // Quoted text is someone else's words; a bare list of handles is a
    // participants list unless a chore heading or a frame gives it work.
    if !explicit && !chore && (u.quoted || (has(bit::AT) && only_handles(text) && !ctx.framed[i])) {
        return None;
    }
    // Children of a list of risks are not items.
    if !explicit
        && u.parent
            .is_some_and(|p| feats[p] & bit::RISK != 0 && RISK_LABEL.is_match(units[p].text))
    {
        return None;
    }
    let progress = has(bit::REPORT) && REPORT.is_match(text);
    let opinion = has(bit::OPINION) && OPINION.is_match(text);
    let report = progress || opinion;
    // Work under way reported beside a plan for it (`Status Page not in
    // R4, but will be presented as WIP`, `patch is WIP, will be submitted
    // soon`): the plan is the item. Only a `will` plans here; a need
    // beside a report (`test underway, should be completed today`) does not.
    let need = || {
        !question
            && has(bit::NEED | bit::WILL)
            && if report {
                !opinion && has(bit::WILL) && is_need(text, f & !(bit::NEED | bit::NEED_SURE))
            } else {
                is_need(text, f)
            }
    };
    let kind = if explicit || chore || (who && answered_by_handles(units, i, feats)) {
        Some(Kind::Action)
    } else if label
        || (has(bit::URL | bit::HASH) && link_only(text))
        || pointer(text)
        || background(text)
    {
        None
    } else if assignment(text, f, report)
        || (has(bit::IMPERATIVE)
            && (has(bit::IMPERATIVE_SURE) || imperative(text))
            && !(has(bit::IMPERATIVE_NOUN) && IMPERATIVE_NOUN.is_match(text))
            && !question
            && !report
            && !decision_label(text))
    {
        Some(Kind::Action)
    } else if gap_framed
        && !says_none(text)
        && !overcome(text)
        && (question
            || text.contains('?')
            || starts_with_wh(text)
            || ctx.gap_framed_by[i]
                .is_some_and(|p| !GAP_LABEL_QUESTIONS.is_match(units[p].text) || bare_topic(text)))
    {
        // Under `Missing:` a gap; under `Open questions:` each question,
        // also one that goes on past its `?`, and each topic named without
        // a sentence (the other children answer them or comment).
        Some(Kind::Gap)
    } else if has(bit::GAP)
        && is_gap(text, question, f)
        && (!decision_label(text) || OPEN_QUESTION.is_match(text))
    {
        Some(Kind::Gap)
    } else if has(bit::DECISION)
        && DECISION
            .find(text)
            .is_some_and(|m| !last_word_one_of(&text[..m.start()], CONSENSUS_SOUGHT))
    {
        Some(Kind::Decision)
    } else if need()
        || question_arrow
        || framing_own
        || (ctx.framed[i] && !category_label(u) && !says_none(text))
    {
        Some(Kind::Action)
    } else {
        None
    }?;

    let owners = if kind == Kind::Action {
        let mut found = owners(units, i, f, feats);
        // A chore answered by a child that holds only a name (`Who is
        // presenting ...?` / `fkr`).
        if chore || who {
            for &c in &u.children {
                let name = units[c].text.trim_end_matches(['.', '!']).trim_end();
                if name_only(name) {
                    push_new(&mut found, name);
                }
            }
            // In a flat list, the next item answers the question when it
            // holds only handles (`* Who is presenting in weekly community
            // call?` / `* @janiskemper`).
            if found.is_empty()
                && u.children.is_empty()
                && u.kind == UnitKind::ListItem
                && text.ends_with('?')
            {
                if let Some(next) = units.get(i + 1).filter(|n| {
                    n.kind == UnitKind::ListItem
                        && n.parent == u.parent
                        && n.heading == u.heading
                        && n.children.is_empty()
                        && only_handles(n.text)
                }) {
                    for (_, h) in handles(next.text) {
                        push_new(&mut found, h.to_lowercase());
                    }
                }
            }
        }
        found
    } else {
        Vec::new()
    };
    let kind = if kind == Kind::Gap && !owners.is_empty() {
        Kind::Action
    } else {
        kind
    };
    let due = if kind == Kind::Action {
        due(text, f, date)
    } else {
        None
    };
    Some(item(
        units,
        i,
        f,
        kind,
        owners,
        status(units, i, feats),
        due,
        None,
    ))
}

/// `Who will review the ADR?` answered by a child that holds only
/// handles (`@fkr`): work given to them, who become its owners.
fn answered_by_handles(units: &[Unit], i: usize, feats: &[u32]) -> bool {
    WHO_TAKES_WORK.is_match(units[i].text)
        && units[i]
            .children
            .iter()
            .any(|&c| feats[c] & bit::AT != 0 && only_handles(units[c].text))
}

/// A question for who does a piece of work (not who is interested, knows or
/// attends): `who` and a modal, `is going to` or a verb of work.
static WHO_TAKES_WORK: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    super::rules::compile(
        r"(?i)^who(?:'ll|\s+(?:will|shall|should|can|is going to|takes?|updates?|reviews?|does|handles?|prepares?|writes?|facilitates?|presents?|reports?)\b)[^?]*\?",
    )
});

#[allow(clippy::too_many_arguments)]
fn item(
    units: &[Unit],
    i: usize,
    f: u32,
    kind: Kind,
    owners: Vec<String>,
    status: Status,
    due: Option<NaiveDate>,
    date: Option<NaiveDate>,
) -> Item {
    let u = &units[i];
    // Unit text is collapsed already (single spaces), so a trimmed slice of it is too.
    let stripped = match leading_markers_end(u.text) {
        Some(end) => &u.text[end..],
        None => u.text,
    };
    let text = stripped.trim_matches(|c: char| c == '_' || c == '*' || c.is_whitespace());
    Item {
        line: u.line,
        kind,
        text: if text.is_empty() {
            u.text.to_string()
        } else {
            text.to_string()
        },
        owners,
        status,
        due,
        date,
        // Filled in by `classify_gated`, which shares it between items.
        section: Arc::from([]),
        refs: refs(units, i, f),
    }
}

/// The text opens with a decision's label (`Decision: change it to 2
/// weeks`, `decided: Give them a few more weeks`): what follows says what
/// was decided, a decision rather than an imperative or a gap (`Decision:
/// put link to the failing run into the table`), unless it leaves a part
/// open (`... (machine-readable way: TBD in the future)`).
fn decision_label(text: &str) -> bool {
    let t = text.trim_start_matches(['*', '_', ' ']);
    ["decision", "decided"]
        .iter()
        .any(|l| starts_with_ignore_case(t, l) && t[l.len()..].trim_start().starts_with(':'))
}

/// `IMPERATIVE` matches with a verb that is not used as a noun
/// ([`verb_is_noun`]), after the label or opening the text, and a `do` that
/// opens no question (`Do the two compositions conflict? Could be`): the
/// scan's sure bit says the same of either place (it is never sure of `do`).
fn imperative(text: &str) -> bool {
    let verb_only = |m: regex::Match| {
        // `do` is the word before the match's last (`Do it`, `Do the `).
        let verb = m.as_str().split_whitespace().rev().nth(1);
        if verb.is_some_and(|v| v.eq_ignore_ascii_case("do")) {
            let rest = &text[m.end()..];
            let sentence = &rest[..rest.find(['.', '!', ';']).unwrap_or(rest.len())];
            return !sentence.contains('?');
        }
        // The match ends on the first character of the next word.
        let next = text[..m.end()]
            .char_indices()
            .next_back()
            .map_or(m.end(), |(p, _)| p);
        !verb_is_noun(text.as_bytes(), next)
    };
    IMPERATIVE
        .find(text)
        .is_some_and(|m| verb_only(m) || IMPERATIVE_OPEN.find(text).is_some_and(verb_only))
        || verb_before_pronoun(text)
}

/// `ASSIGN_HANDLE` matches outside parentheses (`(addressed by @x)` reports)
/// that do not name an author (`proposal by @x`, see [`authored_by`]) nor
/// announce an absence (`@fkr will be PTO`, see [`absent`]).
fn handle_assigned(text: &str) -> bool {
    ASSIGN_HANDLE.find_iter(text).any(|m| {
        !inside_parens(text, m.start())
            && !m.as_str().rfind('@').is_some_and(|at| {
                let at = m.start() + at;
                authored_by(text, at) || absent(text, at) || done_with(&text[..at])
            })
    })
}

/// `before` ends with `with`, `w/` or `of`: the handle after it is someone
/// the work is done with (`worked with @jnull to find a solution`) or whose
/// something it is (`due to vacation of @joshuai96`, `with the help of
/// @x`), not its owner.
fn done_with(before: &str) -> bool {
    let b = before.trim_end();
    last_word_one_of(b, &["with", "of"]) || b.ends_with("w/")
}

/// The sentences before the last one of `text` when that one asks and they
/// do not: they end at a `.` followed by a space and a capital (or `¿`).
fn statement_before_question(text: &str) -> Option<&str> {
    let b = text.as_bytes();
    let end = (1..b.len().saturating_sub(2)).rev().find(|&i| {
        b[i] == b'.'
            && b[i + 1] == b' '
            && (b[i + 2].is_ascii_uppercase() || text[i + 2..].starts_with('¿'))
    })?;
    let before = &text[..end];
    (!before.contains('?')).then_some(before)
}

/// `before` ends with `according to` (`acc to`, `acc. to`, `as per`): the
/// handles after it say who holds a view (`works acc to @x and @y`).
fn attributed_to(before: &str) -> bool {
    let b = before.trim_end();
    ["according to", "acc to", "acc. to", "as per"]
        .iter()
        .any(|p| ends_with_ignore_case(b, p))
}

/// Handles closing a unit that name whom something was or is being done
/// with, not who is to act: after a lone past-tense verb (`Asked
/// @maxwolfs`, `Pinged @x`), or after `with` that follows an `-ing` or
/// `-ed` word (`New proposal after talking with @reqa`, `currently
/// debugging together with @x`, `discussion ongoing with @x`, `Incident
/// meeting with @x`). Work stated with them stays work (`Clarification
/// with @x`, `Collaborate with @x`, `@x gets in touch with @y`).
fn object_of(before: &str) -> bool {
    let b = before.trim_end();
    let word = |w: &str| w.len() > 4 && w.bytes().all(|c| c.is_ascii_alphabetic());
    let past =
        |w: &str| word(w) && ends_with_ignore_case(w, "ed") && !w.eq_ignore_ascii_case("needed");
    if past(b) {
        return true;
    }
    if !ends_with_ignore_case(b, "with") {
        return false;
    }
    // `with` is ASCII, so the cut before it is a character boundary.
    let rest = &b[..b.len() - 4];
    if !(rest.is_empty() || rest.ends_with(' ')) {
        return false;
    }
    let mut words = rest.split_whitespace().rev();
    let mut w = words.next().unwrap_or("");
    if w.eq_ignore_ascii_case("together") {
        w = words.next().unwrap_or("");
    }
    word(w) && (ends_with_ignore_case(w, "ing") || past(w))
}

/// `before` is only thanks, congratulations or a welcome (`Thanks`,
/// `Congrats`, `Kudos to`, `Welcome`): the handles after it are thanked or
/// welcomed, given no work.
fn acknowledges(before: &str) -> bool {
    let b = before.trim_end();
    let b = b
        .strip_suffix(" to")
        .or_else(|| b.strip_suffix(" To"))
        .unwrap_or(b)
        .trim_end();
    one_of(
        b,
        &[
            "thanks",
            "thank you",
            "many thanks",
            "big thanks",
            "congrats",
            "congratulations",
            "kudos",
            "welcome",
            "cheers",
        ],
    )
}

/// Nouns that `by @x` follows as their author: `proposal by @fkr`,
/// `question by @maxwolfs`, `short demo by @x`.
const AUTHORED_NOUNS: &[&str] = &[
    "proposal",
    "proposals",
    "suggestion",
    "suggestions",
    "idea",
    "ideas",
    "question",
    "questions",
    "comment",
    "comments",
    "remark",
    "input",
    "request",
    "demo",
    "intro",
    "presentation",
    "survey",
    "post",
    "example",
    "feedback",
];

// A unit that opens with an update (a noun: what follows says on what)
// given by someone: `quick update on this by @fkr`, `updates for the
// following topics by @tibeer`, `Update by @fkr` (not `Update the docs by
// @x`, which assigns).
static UPDATE_BY: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    super::rules::compile(
        r"(?i)^(?:(?:quick|short|brief|status|progress)\s+)?updates?(?:\s+(?:on|for|about|from|of)\b[^.;:]*)?\s+by$",
    )
});

/// The handle whose `@` is at `at` follows `by` and names who made or said
/// something, not who is to act: `by` follows a noun of
/// [`AUTHORED_NOUNS`], or a past participle not after `be` (`written by
/// @x`, `has been added by @x`; but `will be provided by @x`, `to be
/// created by @x` assign).
fn authored_by(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end();
    let before = before.strip_suffix(':').unwrap_or(before).trim_end();
    let b = before.as_bytes();
    if !ends_with_ignore_case(before, "by") || b.len() > 2 && b[b.len() - 3].is_ascii_alphanumeric()
    {
        return false;
    }
    let mut words = before[..b.len() - 2]
        .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty());
    let Some(word) = words.next() else {
        return false;
    };
    let word = word.to_ascii_lowercase();
    if AUTHORED_NOUNS.contains(&word.as_str()) || UPDATE_BY.is_match(before) {
        return true;
    }
    let participle = (word.len() > 4 && word.ends_with("ed") && word != "needed")
        || word == "re-written"
        || one_of(&word, IRREGULAR_PARTICIPLES);
    participle && !words.next().is_some_and(|w| w.eq_ignore_ascii_case("be"))
}

/// Rule 2: the unit assigns work to a person (not inside a parenthesis:
/// `(addressed by @x)` reports, it does not assign). In a report of work
/// under way (`WIP Lot 1 (SDN): @x`) handles closing the unit name who
/// reports, not who is to act.
fn assignment(text: &str, f: u32, report: bool) -> bool {
    // A unit wrapped whole in parentheses is read without them.
    let text = text
        .strip_prefix('(')
        .and_then(|t| t.strip_suffix(')'))
        .unwrap_or(text);
    if f & bit::ASSIGN_AT != 0 {
        if handle_assigned(text) {
            return true;
        }
        // The handles open the match, or follow its one `:` or space (found
        // without captures, which cost several times more).
        let trailing = if report {
            None
        } else {
            TRAILING_HANDLES.find(text)
        };
        if let Some(m) = trailing {
            let at = &text[m.start()..];
            let start = if at.starts_with('@') {
                m.start()
            } else {
                m.start() + at.chars().next().map_or(0, char::len_utf8)
            };
            if !inside_parens(text, start)
                && !label_line(text)
                && !authored_by(text, start)
                // `... of @x`, `Demo from @x`: whose it is or where it
                // comes from, not who is to act.
                && !last_word_one_of(&text[..start], &["of", "from"])
                && !attributed_to(&text[..start])
                && !object_of(&text[..start])
                && !acknowledges(&text[..start])
            {
                return true;
            }
        }
    }
    name_assigned(text, f)
}

/// Work given to a name at a clause start (`Kurt to find a slot`), not in
/// a question for who does it.
fn name_assigned(text: &str, f: u32) -> bool {
    f & bit::NAME_VERB != 0
        && assigned_names(text).any(|(_, names)| names_in(names).next().is_some())
        && !text.starts_with("Who ")
}

/// `needle` (ASCII) occurs in `text`, ignoring ASCII case.
fn contains_ignore_case(text: &str, needle: &str) -> bool {
    text.as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

fn is_gap(text: &str, question: bool, f: u32) -> bool {
    // A question closing a statement (`X is failing on Zuul. Maybe a
    // node failure?`) leaves the statement before it to judge.
    if question && !OPEN_QUESTION.is_match(text) {
        return statement_before_question(text).is_some_and(|s| gap_in(s) && !overcome(s));
    }
    // `If it becomes insufficient, we can switch`: a condition, no gap.
    if starts_with_ignore_case(text, "if ") {
        return false;
    }
    // A sure gap word is a gap unless a modal or condition could make it
    // a supposed one (`rules::hypothetical`; the scan's conditional words
    // leave out `may` and `otherwise`, so they are looked for here).
    let sure = f & bit::GAP_SURE != 0
        && f & bit::CONDITIONAL == 0
        && !contains_ignore_case(text, "may")
        && !contains_ignore_case(text, "otherwise");
    (sure || gap_in(text)) && !overcome(text)
}

static FRAMING_WORD: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    super::rules::compile(r"\b(?:ais?|action items?|todos?|to-?dos?|tasks?|follow-?ups?)\b")
});
static CONDITIONAL: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| super::rules::compile(r"(?i)\b(?:could|would|might|if|in case)\b"));
static NEGATED_NEED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    super::rules::compile(
        r"(?i)\b(?:no|not|don't|doesn't|do not|does not|never)\s+(?:\w+\s+)?need|^not\b|\bno\s+(?:[\w-]+\s+){1,3}needed\b|\bno\s+(?:[\w-]+\s+){1,3}(?:is|are)\s+planned\b|\b(?:do|does|did)\s+not\s+have\s+to\b|\b(?:don't|doesn't|didn't)\s+have\s+to\b",
    )
});

/// A text opening with a review request (`Ready to review: Some env
/// variables are not needed when ...`): what follows is the title of the
/// work to review, whose own words (a negation here) do not take the
/// request back.
fn opens_with_review_request(text: &str) -> bool {
    ["ready for review", "ready to review", "open for review"]
        .iter()
        .any(|p| starts_with_ignore_case(text, p))
}

/// Rule 3: work for the group, stated as a need, a plan or a request.
/// A conditional (`could`, `would`, `might`) before the need makes it an opinion.
fn is_need(text: &str, f: u32) -> bool {
    // A sure need or will with no conditional or negation word anywhere.
    if f & (bit::NEED_SURE | bit::WILL_SURE) != 0 && f & (bit::CONDITIONAL | bit::NEGATION) == 0 {
        return true;
    }
    let need = if f & bit::NEED != 0 {
        first_need(text)
    } else {
        None
    }
    .filter(|&at| {
        f & bit::NEGATION == 0
            || !NEGATED_NEED.is_match(text)
            || (at == 0 && opens_with_review_request(text))
    });
    let will = if f & bit::WILL != 0 {
        WILL.find_iter(text)
            .find(|m| !event_happens(text, m.start(), m.end()) && !relative_will(text, m.start()))
            .map(|m| m.start())
    } else {
        None
    };
    let first = match (need, will) {
        (Some(a), Some(b)) => a.min(b),
        (Some(a), None) | (None, Some(a)) => a,
        (None, None) => return false,
    };
    // A condition (`if`, `in case`) before the need makes it no need of
    // the group, unless in parentheses (`For S3 only (if we allow it):
    // Need to ...`): that qualifies the need. A `Would like to` opening
    // the unit is the need itself, not before it.
    f & bit::CONDITIONAL == 0
        || CONDITIONAL
            .find_iter(text)
            .find(|c| {
                let condition = ["if", "in case"]
                    .iter()
                    .any(|w| c.as_str().eq_ignore_ascii_case(w));
                !(condition && inside_parens(text, c.start()))
            })
            .is_none_or(|c| c.start() >= first)
}

/// A topic named without a sentence (`Key management`, `database`,
/// `integration into OSISM install workflow`): under `Open questions:` it
/// names an open question, where a sentence (`we can add this later`)
/// answers or comments. At most eight words, no full stop or semicolon,
/// no pronoun, auxiliary or negation.
fn bare_topic(text: &str) -> bool {
    const SENTENCE: &[&str] = &[
        "is", "are", "was", "were", "be", "been", "can", "could", "will", "would", "should",
        "shall", "must", "may", "might", "we", "i", "you", "they", "he", "she", "it", "this",
        "that", "has", "have", "had", "do", "does", "did", "not", "no",
    ];
    !text.contains(['.', ';'])
        && text.split_whitespace().count() <= 8
        && text
            .split_whitespace()
            .all(|w| !one_of(w.trim_matches(|c: char| !c.is_alphanumeric()), SENTENCE))
}

/// `s` without the arrow (`->`, `-->`, `=>`, `→`) and spaces opening it.
fn after_arrow(s: &str) -> &str {
    let s = s.trim_start();
    ["-->", "->", "=>", "→"]
        .iter()
        .find_map(|a| s.strip_prefix(a))
        .unwrap_or(s)
        .trim_start()
}

/// `s` is one bare link and nothing else (`Cross-cluster traffic security?
/// -> https://skupper.io/...` points to reading, it sets no work).
fn only_a_link(s: &str) -> bool {
    (s.starts_with("https://") || s.starts_with("http://"))
        && !s.trim_end().contains(char::is_whitespace)
}

/// A question without its `?`: a question word, then a modal, an
/// auxiliary or `to`, in one clause (`how should energy use be reported`,
/// `What do we want to deliver with R6`, `how to get test suite running`);
/// not `What we need: ...`, `What is needed: a spec`.
fn inverted_question(text: &str) -> bool {
    starts_with_wh(text)
        && !text.contains([':', ';', '?'])
        && !text.contains(". ")
        && text.split_whitespace().nth(1).is_some_and(|w| {
            one_of(
                w,
                &[
                    "should", "shall", "would", "could", "can", "do", "does", "did", "is", "are",
                    "was", "were", "will", "to", "must",
                ],
            )
        })
}

/// The unit asks: it ends in `?`, or in `?` and then only a closing
/// parenthetical (`What to do with X? (@fkr)`: the one who asks) or links
/// (`Do we need X? https://...`). A `?` inside that closing parenthetical
/// asks only when nothing comes before it (`create a user story (related
/// to #182?)` states work; an aside asks nothing of it).
fn asks(text: &str) -> bool {
    fn trim(s: &str) -> &str {
        s.trim_end_matches([' ', '*', '_', ':'])
    }
    let mut t = trim(text);
    loop {
        if t.ends_with('?') {
            return true;
        }
        let next = if let Some(body) = t.strip_suffix(')') {
            // A closing parenthetical: back to its `(` (it may hold more).
            let mut depth = 1usize;
            let open = body.bytes().rposition(|c| {
                match c {
                    b')' => depth += 1,
                    b'(' => depth -= 1,
                    _ => {}
                }
                depth == 0
            });
            match open {
                Some(p) if !trim(&body[..p]).is_empty() => &body[..p],
                // The whole text in parentheses: what it holds.
                Some(p) => &body[p + 1..],
                // Unbalanced: without the `)`.
                None => body,
            }
        } else {
            // A trailing link: back over it.
            let start = t.rfind(' ').map_or(0, |s| s + 1);
            let word = &t[start..];
            if start > 0 && (word.starts_with("http://") || word.starts_with("https://")) {
                &t[..start]
            } else {
                return false;
            }
        };
        t = trim(next);
    }
}

/// A line that labels (`Sponsor: @x`, `Links`, `see https://...`): the
/// label word of `LABEL_LINE` and a colon, or without the colon only before
/// a handle, a link, a reference or nothing (`Host firewalls not
/// standardized` is no label); `sponsored/presented/reported by` and the
/// pointers `see`, `fyi`, `info`, `minutes` need none (`Minutes not
/// available yet: <link>` reports); a word that goes on with `-` or `_`
/// is none (`Minutes-transfer: @x`).
fn label_line(text: &str) -> bool {
    let Some(m) = LABEL_LINE.find(text) else {
        return false;
    };
    let label = m.as_str().trim_end();
    if label.ends_with(':') || label.ends_with(" by") {
        return true;
    }
    let after = &text[m.end()..];
    // A word that goes on (`Minutes-transfer: @x`) is no label word.
    if after.starts_with(['-', '_']) {
        return false;
    }
    if ["see", "fyi", "info", "minutes"]
        .iter()
        .any(|w| label.eq_ignore_ascii_case(w))
    {
        // `See if this can be addressed`: an imperative, not a pointer.
        let next = after.split_whitespace().next().unwrap_or("");
        return !(label.eq_ignore_ascii_case("see")
            && (next.eq_ignore_ascii_case("if") || next.eq_ignore_ascii_case("whether")));
    }
    // (A colon after the word, spaces or not, is part of the match.)
    let rest = after.trim_start();
    rest.is_empty()
        || rest.starts_with(['@', '#', '('])
        || rest.starts_with("http://")
        || rest.starts_with("https://")
}

/// The `AI` at `at` names the technology, not an action item: it follows
/// a slash or a word that takes a noun (`GPU/AI`, `generated by AI`,
/// `use-case: GPGPU for AI`, `using AI`, `a big AI discussion`), and no
/// handle or colon follows it.
fn ai_the_technology(text: &str, at: std::ops::Range<usize>) -> bool {
    if &text[at.clone()] != "AI" {
        return false;
    }
    // `decision/AI @x:`, `for AI: x` assign work.
    if text[at.end..].trim_start().starts_with(['@', ':']) {
        return false;
    }
    let before = &text[..at.start];
    before.ends_with('/')
        || (before.ends_with(' ')
            && one_of(
                before.split_whitespace().next_back().unwrap_or(""),
                &["by", "for", "of", "using", "with", "about", "big"],
            ))
}

/// `before` ends with `no` and at most one more word (`no AI for X`, `(no
/// explicit AIs)`): the marker after it says there is none.
fn after_no(before: &str) -> bool {
    if !before.ends_with(' ') {
        return false;
    }
    let no = |w: &str| {
        w.trim_start_matches(['(', '[', '*', '_'])
            .eq_ignore_ascii_case("no")
    };
    let mut words = before.split_whitespace().rev();
    match (words.next(), words.next()) {
        (Some(last), _) if no(last) => true,
        (Some(last), Some(w)) => no(w) && last.bytes().all(|c| c.is_ascii_alphabetic()),
        _ => false,
    }
}

/// A framed unit that says there is nothing under the frame: `(none)`,
/// `nothing`, `n/a`, `no AIs from last week`.
fn says_none(text: &str) -> bool {
    let t = text
        .trim_matches(|c: char| c == '(' || c == ')' || c == '.' || c == '!' || c.is_whitespace())
        .to_ascii_lowercase();
    matches!(
        t.as_str(),
        "none" | "nothing" | "n/a" | "na" | "-" | "no" | "nope"
    ) || t.starts_with("nothing ")
        || (t.starts_with("no ") && FRAMING_WORD.is_match(&t))
}

/// A bare category label under a framing unit (`RefImpl:`) frames, it is
/// not an item itself.
fn category_label(u: &Unit) -> bool {
    !u.children.is_empty() && (u.text.ends_with(':') || words(u.text) <= 3)
}

fn inside_parens(text: &str, at: usize) -> bool {
    let before = &text[..at];
    before.matches('(').count() > before.matches(')').count()
}

/// Links or references with at most a two-word label (`draft PR: standards#1093`).
fn link_only(text: &str) -> bool {
    if !text.contains("http") && !text.contains('#') {
        return false;
    }
    let alnum_words = |s: &str| {
        s.split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count()
    };
    if text.contains("http") && URL.is_match(text) {
        // The words left when the URLs are taken out. A URL runs to the next
        // space, so no word joins across one.
        let mut n = 0;
        let mut from = 0;
        for m in URL.find_iter(text) {
            n += alnum_words(&text[from..m.start()]);
            from = m.end();
        }
        // `Please review <link>`, `Feedback welcome: <link>` ask for work,
        // they are not bare links.
        let asks = starts_with_ignore_case(text, "please ")
            || contains_ignore_case(text, "welcome")
            || contains_ignore_case(text, "appreciated");
        return n + alnum_words(&text[from..]) <= 2 && !asks;
    }
    let rest = REF_SHORT.replace_all(text, "");
    REF_SHORT.is_match(text) && rest.trim_end().ends_with(':') && alnum_words(&rest) <= 2
}

fn starts_with_date(text: &str) -> bool {
    super::dates::starts_with_date(text.trim_start_matches(['*', '_', ' ']))
}

/// The cancelled day, when the unit cancels a future meeting.
fn cancellation(
    units: &[Unit],
    i: usize,
    date: Option<NaiveDate>,
    cancel_child: bool,
) -> Option<NaiveDate> {
    let text = units[i].text;
    // `to be skipped` is ahead, `skipped` alone is past.
    let past = |s: &str| {
        CANCEL_PAST.find_iter(s).any(|m| {
            let before = &s[..m.start()];
            !(m.as_str() == "skipped"
                && (before.ends_with("to be ") || before.ends_with("will be ")))
        })
    };
    // The sentence that cancels, unless it speaks of the past (`There will be
    // no meetings between Dec 24th and Jan 1st. Most meetings have been
    // cancelled already.` cancels in its first sentence).
    let sentence = if cancel_child {
        Some(text).filter(|t| !past(t))
    } else {
        CANCEL
            .find_iter(text)
            .map(|m| sentence_at(text, m.start()))
            .find(|s| !past(s))
    }?;
    if text.trim_end().ends_with('?') {
        return None;
    }
    let meeting = date?;
    let ahead = |s: &str| {
        find_dates(s, Some(meeting))
            .into_iter()
            .map(|f| f.date)
            .find(|d| *d > meeting)
            .or_else(|| relative_date(s, meeting))
            .filter(|d| *d > meeting)
    };
    ahead(sentence).or_else(|| ahead(text))
}

/// The sentence of `text` that holds byte `at`: back to the end of the
/// sentence before (`. `, `! `, `? `, `; `) and on to the end of its own.
fn sentence_at(text: &str, at: usize) -> &str {
    let ends = |b: &[u8], i: usize| {
        matches!(b[i], b'.' | b'!' | b'?' | b';') && b.get(i + 1).is_none_or(|&c| c == b' ')
    };
    let b = text.as_bytes();
    let start = (0..at).rev().find(|&i| ends(b, i)).map_or(0, |i| i + 1);
    let end = (at..b.len())
        .find(|&i| ends(b, i))
        .map_or(b.len(), |i| i + 1);
    &text[start..end]
}

fn due(text: &str, f: u32, date: Option<NaiveDate>) -> Option<NaiveDate> {
    if f & bit::DIGIT == 0 {
        return None;
    }
    find_dates(text, date)
        .into_iter()
        .map(|f| f.date)
        .find(|d| date.is_none_or(|m| *d >= m))
}

fn status(units: &[Unit], i: usize, feats: &[u32]) -> Status {
    let u = &units[i];
    let own_done = u.struck()
        || u.task == Some(true)
        || (feats[i] & bit::DONE != 0 && DONE.is_match(u.text) && !NOT_DONE.is_match(u.text));
    let child_done = u.children.iter().any(|&c| {
        let t = &units[c].text;
        if !units[c].struck() && feats[c] & bit::DONE == 0 {
            return false;
        }
        (units[c].struck() && comment_only(t))
            || (STATUS_DONE.is_match(t)
                && !NOT_DONE.is_match(t)
                && (comment_only(t) || done_report(t, feats[c])))
    });
    if own_done || child_done {
        Status::Done
    } else {
        Status::Open
    }
}

/// A child opening with `done` and telling how (`DONE on 2025-05-20;
/// subject ...`, `done: we met on 2024-03-22`) reports the parent's work
/// finished, unless it states work still to do (`Done, release notes need
/// to be written`).
fn done_report(text: &str, f: u32) -> bool {
    starts_with_ignore_case(text, "done")
        && text[4..].starts_with([' ', ':', ';', ',', '('])
        && !(f & (bit::NEED | bit::WILL) != 0 && is_need(text, f))
}

/// The handle opens a clause that gives a reason (`..., since @fkr is
/// away`, `because @x asked`): it names no one to do the work.
fn gives_reason(before: &str) -> bool {
    last_word_one_of(
        before,
        &[
            "since", "because", "when", "whenever", "once", "until", "unless", "if",
        ],
    )
}

static BENEFICIARY: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    super::rules::compile(
        r"(?i)\b(?:invite|inviting|invited|with|without|of|for|support|supporting|thank|thanks|ask|asking|asked|ping|pings|pinging|contact|contacting|cc|help|helping|from|to|about|via|inform|informing|tell|sponsor|involve|involving|include|including|loop in|w/)\s*:?\s*$",
    )
});
// `to @x` or `for @x` after a marker gives the work to them (`Action Item
// to @fkr: check ...`, `action item for @fkr: write up ADR`); after other
// words `to` and `for` name whom the work is for.
static ASSIGNED_TO: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    super::rules::compile(r"(?i)\b(?:action items?|ais?|todos?)\s+(?:to|for)\s*:?\s*$")
});
static AI_HANDLE: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| super::rules::compile(r"\bAI\s*:?\s*@"));
static TRAILING_NAMES: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    super::rules::compile(
        r"\(((?:[A-Z][a-z]+(?: [A-Z][a-z]+)?)(?:\s*(?:,|and|&)\s*[A-Z][a-z]+(?: [A-Z][a-z]+)?)*)\)\s*[.!]?\s*$",
    )
});

/// Owners in order of appearance: handles (not the people the work is for),
/// names at a clause start, names in a closing parenthesis, and the owners
/// named by children that hold only names.
fn owners(units: &[Unit], i: usize, f: u32, feats: &[u32]) -> Vec<String> {
    let u = &units[i];
    let text = u.text;
    let mut found: Vec<(usize, String)> = Vec::new();
    let at = f & bit::AT != 0;
    // End of the last handle the work is for: the handles listed right
    // after it (`contact @x and @y`, `invite @x, @y`) are for it too.
    let mut for_end: Option<usize> = None;
    for (start, h) in at.then(|| handles(text)).into_iter().flatten() {
        let listed = for_end.is_some_and(|e| {
            matches!(
                text[e..start].trim(),
                "" | "," | "and" | ", and" | "&" | "or" | "/"
            )
        });
        let before = &text[..start];
        if listed
            || authored_by(text, start)
            || (BENEFICIARY.is_match(before) && !ASSIGNED_TO.is_match(before))
            || last_word_one_of(before_listed_names(before), ADDRESSING_VERBS)
            || gives_reason(before)
        {
            for_end = Some(start + 1 + h.len());
            continue;
        }
        for_end = None;
        if absent(text, start) || reports_speech(&text[start + 1 + h.len()..]) {
            continue;
        }
        let handle = h.to_ascii_lowercase();
        if !GROUP_HANDLES.contains(&handle.as_str()) {
            found.push((start, handle));
        }
    }
    for (at, names) in (f & bit::NAME_VERB != 0)
        .then(|| assigned_names(text))
        .into_iter()
        .flatten()
    {
        for n in names_in(names) {
            found.push((at, n.to_string()));
        }
    }
    // The names are the match from its `(` to the first `)` (found without
    // captures, which cost several times more).
    if let Some(m) = (f & bit::PAREN != 0)
        .then(|| TRAILING_NAMES.find(text))
        .flatten()
    {
        let start = m.start() + 1;
        let names = &text[start..m.end()];
        let names = &names[..names.find(')').unwrap_or(names.len())];
        for n in names_in(names) {
            found.push((start, n.to_string()));
        }
    }
    found.sort_by_key(|(at, _)| *at);
    // An `AI @x` marker after other words names the owners; the people
    // before it are the topic's (`@flyersa, @cah-link, @horazont (AI
    // @cah-link via @horazont)`, `Proposal @frosty-geek: ..., AI @garloff`).
    if let Some(m) = text
        .contains("AI")
        .then(|| AI_HANDLE.find(text))
        .flatten()
        .filter(|m| m.start() > 0)
    {
        found.retain(|(at, _)| *at >= m.start());
    }
    let mut out: Vec<String> = Vec::new();
    let children = u
        .children
        .iter()
        .filter(|&&c| feats[c] & bit::AT != 0 && only_handles(units[c].text))
        .flat_map(|&c| handles(units[c].text).map(|(_, h)| h.to_ascii_lowercase()));
    for o in found.into_iter().map(|(_, o)| o).chain(children) {
        push_new(&mut out, o);
    }
    out
}

/// Words before `consensus` that seek it, not report it (`we need
/// consensus`, `reach consensus on the name`).
const CONSENSUS_SOUGHT: &[&str] = &[
    "need", "needs", "needed", "require", "requires", "reach", "find", "build", "seek", "get",
];

/// Verbs whose objects the work is addressed to, also in a list that mixes
/// names and handles (`ask Gonicus, @garloff, @fkr`).
const ADDRESSING_VERBS: &[&str] = &[
    "ask",
    "asking",
    "invite",
    "inviting",
    "contact",
    "contacting",
    "ping",
    "pinging",
    "inform",
    "informing",
    "involve",
    "involving",
    "cc",
    "thank",
    "thanks",
    "congrats",
    "congratulations",
    "kudos",
    "welcome",
    "connect",
    "connecting",
    "handover",
    "show",
    "showing",
    "remind",
    "reminding",
];

/// The words after a handle report what they said or did (`@cberendt
/// stated that hardware is needed`, `@JuanPTM wrote down a first draft`,
/// `@x asked @y for ...`): who reports, not an owner. A past verb that
/// takes work on (`@x volunteered`, `agreed to`, `offered to`) assigns.
fn reports_speech(after: &str) -> bool {
    // Past the other handles of a list (`@jnull and @reqa worked`).
    let mut rest = after.trim_start();
    loop {
        let next = rest
            .strip_prefix(',')
            .or_else(|| rest.strip_prefix('&'))
            .or_else(|| rest.strip_prefix("and "))
            .map(str::trim_start)
            .and_then(|r| r.strip_prefix('@'));
        match next {
            Some(r) => {
                rest = r
                    .trim_start_matches(|c: char| {
                        c.is_ascii() && super::features::handle_char(c as u8)
                    })
                    .trim_start()
            }
            None => break,
        }
    }
    let word = rest
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("");
    let past = (word.len() > 4 && word.ends_with("ed"))
        || one_of(
            word,
            &[
                "said", "says", "wrote", "did", "made", "gave", "took", "sent", "built", "found",
                "brought", "held", "began", "ran", "met", "got", "told", "showed", "shown",
            ],
        );
    past && !one_of(
        word,
        &[
            "volunteered",
            "agreed",
            "offered",
            "promised",
            "committed",
            "planned",
            "intended",
            "wanted",
            "needed",
            "decided",
        ],
    )
}

/// `before` without the names listed at its end (`ask Gonicus, ` before
/// `@garloff`): the word that governs the list is then last.
fn before_listed_names(before: &str) -> &str {
    let mut s = before;
    loop {
        let t = s.trim_end();
        let Some(t) = t
            .strip_suffix(',')
            .or_else(|| t.strip_suffix('&'))
            .or_else(|| t.strip_suffix(" and"))
        else {
            return s;
        };
        let t = t.trim_end();
        // One or two capitalised words (`Gonicus`, `B1 Systems`).
        let mut cut = t.len();
        for _ in 0..2 {
            let w = t[..cut].rsplit(' ').next().unwrap_or("");
            if !w.starts_with(|c: char| c.is_uppercase()) || !w.chars().all(char::is_alphanumeric) {
                break;
            }
            cut -= w.len();
            cut = t[..cut].trim_end().len();
        }
        if cut == t.len() {
            return s;
        }
        s = &t[..cut];
    }
}

/// Speakers of a talk in an events list: `(Alex)`, `(Syself with a talk, Jan)`.
fn event_owners(text: &str) -> Vec<String> {
    let mut out = clause_speakers(text);
    if out.is_empty() {
        parenthesised_speakers(text, &mut out);
    }
    for (_, h) in handles(text) {
        push_new(&mut out, h.to_ascii_lowercase());
    }
    out
}

/// Adds an owner not yet in the list in any case (`Kurt` and `@kurt` are
/// one owner; the first form stays).
fn push_new<S: AsRef<str> + Into<String>>(out: &mut Vec<String>, name: S) {
    if !out.iter().any(|o| o.eq_ignore_ascii_case(name.as_ref())) {
        out.push(name.into());
    }
}

/// Speakers named as the subject of a talk: `Maria and Manuela will have a
/// talk`, `Maria, Dirk, Friederike will attend and introduce ...`, `Kurt
/// presenting (B1)` (the parenthesis after a speaker is where they are from).
fn clause_speakers(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in TALK.find_iter(text) {
        let before = &text[..m.start()];
        let clause_at = before.rfind([',', ';', '(', ')']).map_or(0, |p| p + 1);
        let clause = &before[clause_at..];
        // The subject ends where its verb starts (`will`, `is`, `are`), or
        // right before the talk word (`Kurt presenting`).
        let verb = [" will ", " is ", " are "]
            .iter()
            .filter_map(|v| clause.find(v))
            .min();
        // Without a verb before it, only a talk word that is a verb names
        // its subject (`Kurt presenting`, not `ZenDiS presentation`).
        let verb_form = ["presenting", "presents", "speaking"]
            .iter()
            .any(|v| m.as_str().eq_ignore_ascii_case(v));
        if verb.is_none() && !verb_form {
            continue;
        }
        let mut subject = &before[..clause_at + verb.unwrap_or(clause.len())];
        let mut names = Vec::new();
        loop {
            subject = subject.trim_end();
            let cut = [", ", " and ", " & "]
                .iter()
                .filter_map(|s| subject.rfind(s).map(|p| (p, p + s.len())))
                .max();
            let (rest, name) = match cut {
                Some((p, q)) => (&subject[..p], &subject[q..]),
                None => ("", subject),
            };
            let name = name.trim();
            if !speaker_name(name) {
                break;
            }
            names.push(name);
            if cut.is_none() {
                break;
            }
            subject = rest;
        }
        for n in names.into_iter().rev() {
            push_new(&mut out, n);
        }
    }
    out
}

/// Speakers in a parenthesis: `(Alex)`, `(Syself with a talk, Jan)`.
fn parenthesised_speakers(text: &str, out: &mut Vec<String>) {
    if let (Some(open), Some(close)) = (text.rfind('('), text.rfind(')')) {
        if open < close {
            let inner = &text[open + 1..close];
            let parts: Vec<&str> = inner.split(',').map(str::trim).collect();
            let talkers: Vec<&str> = parts.iter().copied().filter(|p| TALK.is_match(p)).collect();
            let chosen = if talkers.is_empty() { parts } else { talkers };
            let before = out.len();
            for p in chosen {
                // The capitalised words that open the part: `Syself with a
                // talk`, `Felix on panel`.
                let p = p.trim().trim_end_matches('?');
                let end = p
                    .split(' ')
                    .take_while(|w| w.chars().next().is_some_and(|c| !c.is_lowercase()))
                    .map(|w| w.len() + 1)
                    .sum::<usize>();
                let name = p[..end.saturating_sub(1).min(p.len())].trim();
                if !name.is_empty()
                    && name.chars().next().is_some_and(char::is_uppercase)
                    && name.split_whitespace().count() <= 3
                {
                    push_new(out, name.trim_start_matches('@'));
                }
            }
            if out.len() == before {
                talk_after_name(text, out);
            }
        }
    }
}

/// `Felix, Kurt (talk)`, `(Felix (talk), Kurt, Dominik (talk))`: a
/// parenthesis in lower case that names a talk says what the name right
/// before it does.
fn talk_after_name(text: &str, out: &mut Vec<String>) {
    for (open, _) in text.match_indices('(') {
        let Some(len) = text[open + 1..].find([')', '(']) else {
            continue;
        };
        let inner = &text[open + 1..open + 1 + len];
        if inner.chars().any(char::is_uppercase) || !TALK.is_match(inner) {
            continue;
        }
        let lead = text[..open].trim_end();
        let name = lead[lead
            .rfind([',', ';', '(', ')', ':', '>'])
            .map_or(0, |p| p + 1)..]
            .trim();
        if speaker_name(name) {
            push_new(out, name);
        }
    }
}

/// A speaker's name as event lines write it: one or two capitalised words
/// of letters, not a word like `We` or `Team`.
fn speaker_name(name: &str) -> bool {
    name.split(' ').count() <= 2
        && name.split(' ').all(|w| {
            let mut c = w.chars();
            c.next().is_some_and(char::is_uppercase) && c.all(char::is_alphabetic)
        })
        && !NOT_NAMES.contains(&name)
}

/// Issue and PR references of the unit and of the children that comment on it.
fn refs(units: &[Unit], i: usize, f: u32) -> Vec<String> {
    let u = &units[i];
    let mut out: Vec<String> = Vec::new();
    if f & (bit::HASH | bit::URL) == 0 && u.urls.is_empty() && u.children.is_empty() {
        return out;
    }
    let mut add = |r: String| {
        if !out.contains(&r) {
            out.push(r);
        }
    };
    // A child without `#`, `://` or a link adds nothing: it is not read.
    let sources = std::iter::once(u).chain(
        u.children
            .iter()
            .map(|&c| &units[c])
            .filter(|c| !c.urls.is_empty() || c.text.contains(['#', ':']))
            .filter(|c| comment_only(c.text)),
    );
    for s in sources {
        if s.text.contains('#') {
            // The ref is the match without the one character before it, if
            // any (found without captures, which cost several times more).
            for m in REF_SHORT.find_iter(s.text) {
                let r = m.as_str();
                let r = match r.chars().next() {
                    Some(c) if c != '#' && !c.is_ascii_alphabetic() => &r[c.len_utf8()..],
                    _ => r,
                };
                add(r.replace("/#", "#"));
            }
        }
        let in_text = s
            .text
            .contains("://")
            .then(|| URL.find_iter(s.text).map(|m| m.as_str()));
        for url in s.urls.iter().copied().chain(in_text.into_iter().flatten()) {
            // The pattern names the host: most links go elsewhere.
            if !url.contains("://github.com/") {
                continue;
            }
            if let Some(m) = GITHUB_URL.find(url) {
                add(m.as_str().to_string());
            }
        }
    }
    out
}
