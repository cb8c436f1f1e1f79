//! Write-back: the "Pending action items" block for a series' next meeting,
//! ready to paste into the pad. Pure.

use chrono::NaiveDate;
use std::fmt::Write;

/// An open action as the block shows it.
#[derive(Debug, Clone)]
pub struct PendingItem {
    pub owners: Vec<String>,
    pub text: String,
    pub due: Option<NaiveDate>,
    /// Date of the meeting that first recorded it.
    pub since: Option<NaiveDate>,
    /// How many meetings' minutes named it.
    pub meetings: i32,
}

/// `@handle` for a GitHub-style handle (lower case, no spaces), the name
/// as written otherwise.
fn owner(o: &str) -> String {
    let handle_like = !o.is_empty()
        && o.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if handle_like {
        format!("@{o}")
    } else {
        o.to_string()
    }
}

/// Backslash-escapes what would end the emphasis or start other Markdown.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '_' | '*' | '~' | '`' | '[' | ']' | '<' | '>' | '#'
        ) {
            out.push('\\');
        }
        if c == '\n' || c == '\r' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// The block: a heading and one `- _AI @owner: text_` line per item, each
/// followed by its status notes (first meeting, meetings carried, due date,
/// overdue on `today`).
pub fn pending_markdown(items: &[PendingItem], today: NaiveDate) -> String {
    let mut out = String::from("### Pending action items\n\n");
    if items.is_empty() {
        out.push_str("_None._\n");
        return out;
    }
    for it in items {
        let owners: Vec<String> = it.owners.iter().map(|o| owner(o)).collect();
        let who = if owners.is_empty() {
            String::new()
        } else {
            format!(" {}", owners.join(", "))
        };
        let _ = write!(out, "- _AI{who}: {}_", escape(&it.text));
        let mut notes: Vec<String> = Vec::new();
        if let Some(since) = it.since {
            if it.meetings > 1 {
                notes.push(format!("open since {since}, {} meetings", it.meetings));
            } else {
                notes.push(format!("open since {since}"));
            }
        }
        if let Some(due) = it.due {
            if due < today {
                notes.push(format!("due {due}, overdue"));
            } else {
                notes.push(format!("due {due}"));
            }
        }
        if !notes.is_empty() {
            let _ = write!(out, " ({})", notes.join("; "));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn one_line_per_item_with_notes() {
        let md = pending_markdown(
            &[
                PendingItem {
                    owners: vec!["mbuechse".into()],
                    text: "implement oldgeneric in image_manager".into(),
                    due: Some(d("2026-03-19")),
                    since: Some(d("2026-02-12")),
                    meetings: 3,
                },
                PendingItem {
                    owners: vec!["Kurt".into(), "garloff".into()],
                    text: "find slot".into(),
                    due: Some(d("2026-04-30")),
                    since: Some(d("2026-03-26")),
                    meetings: 1,
                },
                PendingItem {
                    owners: vec![],
                    text: "write *docs*".into(),
                    due: None,
                    since: None,
                    meetings: 0,
                },
            ],
            d("2026-04-01"),
        );
        assert_eq!(
            md,
            "### Pending action items\n\n\
             - _AI @mbuechse: implement oldgeneric in image\\_manager_ (open since 2026-02-12, 3 meetings; due 2026-03-19, overdue)\n\
             - _AI Kurt, @garloff: find slot_ (open since 2026-03-26; due 2026-04-30)\n\
             - _AI: write \\*docs\\*_\n"
        );
    }

    #[test]
    fn empty_block_says_none() {
        assert!(pending_markdown(&[], d("2026-01-01")).ends_with("_None._\n"));
    }
}
