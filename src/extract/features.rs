//! A one-pass scan of a unit's words into a bit set of the rules that could
//! match it. Every rule in `rules.rs` needs at least one of its words, so a
//! rule whose bit is clear cannot match and its regex is never run: most
//! units of real minutes then cost one scan and no regex at all.
//!
//! The gates are conservative by construction: a bit is set for any word a
//! rule's pattern contains (case-insensitively, as a whole word or a stem), so
//! gating changes speed, never results. `extract::parse_ungated` runs every
//! rule on every unit; the integration test
//! `the_keyword_gate_never_changes_a_result` compares both on every fixture,
//! and `cargo bench --bench extract` on the whole corpus.

/// Rule groups; see `classify.rs` for which regexes each one gates.
pub mod bit {
    pub const EXPLICIT: u32 = 1 << 0;
    pub const AT: u32 = 1 << 1;
    pub const NAME_VERB: u32 = 1 << 2;
    pub const NEED: u32 = 1 << 3;
    pub const WILL: u32 = 1 << 4;
    pub const IMPERATIVE: u32 = 1 << 5;
    pub const GAP: u32 = 1 << 6;
    pub const CANCEL: u32 = 1 << 7;
    pub const CHORE: u32 = 1 << 8;
    pub const DECISION: u32 = 1 << 9;
    pub const QUESTION: u32 = 1 << 10;
    pub const ARROW: u32 = 1 << 11;
    pub const DONE: u32 = 1 << 12;
    pub const DIGIT: u32 = 1 << 13;
    pub const HASH: u32 = 1 << 14;
    pub const URL: u32 = 1 << 15;
    pub const PAREN: u32 = 1 << 16;
    pub const REPORT: u32 = 1 << 17;
    pub const OPINION: u32 = 1 << 18;
    pub const CONDITIONAL: u32 = 1 << 19;
    pub const NEGATION: u32 = 1 << 20;
    pub const TALK: u32 = 1 << 21;
    pub const NOTE: u32 = 1 << 22;
    /// Any bit that can make a unit an item on its own.
    pub const ANY_RULE: u32 = EXPLICIT
        | AT
        | NAME_VERB
        | NEED
        | WILL
        | IMPERATIVE
        | GAP
        | CANCEL
        | CHORE
        | DECISION
        | ARROW
        | QUESTION;
}

use bit::*;

fn word_bits(w: &str) -> u32 {
    let mut b = match w {
        "ai" | "action" | "actions" | "todo" | "todos" | "dos" => EXPLICIT,
        "do" => EXPLICIT | GAP,
        "will" => WILL | NAME_VERB | GAP,
        "ll" => WILL | NAME_VERB,
        "to" | "takes" | "checks" => NAME_VERB,
        "need" | "needs" | "needed" => NEED | GAP,
        "should" | "must" | "wanted" | "please" | "upcoming" | "has" | "going" | "try" | "call"
        | "consider" | "revisit" | "ready" | "like" | "want" | "next" | "plan" | "plans"
        | "planned" | "planning" | "have" => NEED,
        "follow" | "review" => NEED | IMPERATIVE,
        "open" => NEED | GAP,
        "agreed" => NEED | DECISION,
        "gap" | "gaps" | "still" | "unclear" | "tbd" | "be" | "not" | "t" | "cannot" | "can"
        | "missing" | "upstream" | "broke" | "broken" | "bug" | "bugs" | "trouble" | "problem"
        | "regression" | "depends" | "dependency" | "dependent" | "conclusion" | "enough"
        | "implemented" | "won" | "doesn" | "don" | "isn" | "aren" | "hasn" | "haven"
        | "doesnt" | "dont" | "isnt" | "arent" | "hasnt" | "havent" | "cant" | "wont" | "does"
        | "is" | "are" => GAP,
        "decision" => GAP | DECISION,
        "no" | "skip" | "skipping" | "place" | "off" => CANCEL,
        "minutes" | "minute" => CHORE | NOTE,
        "note" | "notes" | "protocol" | "responsible" | "scribe" => NOTE,
        "community" | "feed" | "feeds" | "pad" | "etherpad" => CHORE,
        "decided" | "agreement" | "resolution" | "consensus" | "objection" | "objections"
        | "we" => DECISION,
        "done" | "closed" | "merged" | "erledigt" | "fixed" | "resolved" | "yes" => DONE,
        "wip" | "progress" | "underway" | "way" => REPORT,
        "i" | "favor" | "favour" | "per" => OPINION,
        "could" | "would" | "might" => CONDITIONAL,
        "never" => NEGATION,
        "talk" | "presentation" | "presenting" | "keynote" | "speaker" | "speaking"
        | "lightning" => TALK,
        _ => 0,
    };
    if b & (GAP | NEGATION) != 0 || w == "no" {
        b |= NEGATION;
    }
    if w.len() >= 4 {
        // Stems, dispatched on the first letter.
        let stem = |p: &str| w.starts_with(p);
        b |= match w.as_bytes()[0] {
            b'c' if stem("contribut") => NEED,
            b'c' if stem("cancel") => CANCEL,
            b'p' if stem("postpone") => NEED,
            b'p' if stem("present") => CHORE | NAME_VERB | TALK,
            b'l' if stem("lack") => GAP,
            b'b' if stem("block") => GAP,
            b'w' if stem("wait") => GAP,
            b'f' if stem("fail") => GAP,
            b'r' if stem("report") => CHORE,
            b't' if stem("transfer") => CHORE,
            b'v' if stem("volunteer") => NAME_VERB,
            _ => 0,
        };
    }
    b | imperative_bit(w)
}

/// First words of the imperative rule (`IMPERATIVE` in rules.rs), split into
/// single words (`reach out` → `reach`).
fn imperative_bit(w: &str) -> u32 {
    match w {
        "deploy" | "redeploy" | "add" | "ask" | "check" | "clarify" | "collect" | "contact"
        | "create" | "define" | "document" | "draft" | "evaluate" | "find" | "finish" | "fix"
        | "implement" | "include" | "investigate" | "invite" | "prepare" | "provide"
        | "publish" | "put" | "reach" | "remove" | "resend" | "schedule" | "send" | "set"
        | "setup" | "share" | "test" | "update" | "verify" | "write" | "activate" | "announce"
        | "change" | "clean" | "organize" | "organise" | "ping" | "propose" | "merge"
        | "migrate" | "file" | "follow" | "look" | "discuss" | "talk" | "get" | "coordinate"
        | "align" | "extend" | "improve" | "rework" | "refine" | "adapt" | "adjust" | "submit"
        | "upload" | "move" => IMPERATIVE,
        _ => 0,
    }
}

/// The rule bits of `text`.
pub fn scan(text: &str) -> u32 {
    let mut bits = 0u32;
    let bytes = text.as_bytes();
    // Words are lowercased into a small buffer; longer words are cut, which
    // keeps their stems (the only rules that could match them).
    let mut word = [0u8; 24];
    let mut len = 0usize;
    let flush = |word: &[u8], len: usize, bits: &mut u32| {
        if len > 0 {
            if let Ok(w) = std::str::from_utf8(&word[..len]) {
                *bits |= word_bits(w);
            }
        }
    };
    for (i, &c) in bytes.iter().enumerate() {
        if c.is_ascii_alphanumeric() {
            if len < word.len() {
                word[len] = c.to_ascii_lowercase();
                len += 1;
            }
            if c.is_ascii_digit() {
                bits |= DIGIT;
            }
            continue;
        }
        flush(&word, len, &mut bits);
        len = 0;
        match c {
            b'@' => bits |= AT,
            b'?' => bits |= QUESTION,
            b'#' => bits |= HASH,
            b'(' | b')' => bits |= PAREN,
            b'>' if i > 0 && matches!(bytes[i - 1], b'-' | b'=') => bits |= ARROW,
            b':' if bytes.get(i + 1) == Some(&b'/') => bits |= URL,
            0x80.. => {
                // Non-ASCII: arrows and check marks matter; letters end words
                // conservatively (no rule word has them).
                let rest = &bytes[i..];
                if rest.starts_with("→".as_bytes()) {
                    bits |= ARROW;
                } else if ["✅", "✔", "☑"]
                    .iter()
                    .any(|m| rest.starts_with(m.as_bytes()))
                {
                    bits |= DONE;
                }
            }
            _ => {}
        }
    }
    flush(&word, len, &mut bits);
    bits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_symbols() {
        let b = scan("_AI @mbuechse: implement `oldgeneric` -> done, see #12 https://x");
        for want in [EXPLICIT, AT, IMPERATIVE, ARROW, DONE, HASH, URL, DIGIT] {
            assert!(b & want != 0, "missing {want:b}");
        }
        assert_eq!(scan("Deployed the logo") & ANY_RULE, 0);
        assert!(scan("doesn't support") & GAP != 0);
        assert!(scan("Cancelled → next week") & (CANCEL | ARROW) == CANCEL | ARROW);
    }
}
