//! The word rules of the extraction contract, each a small predicate over one
//! unit's plain text. `classify.rs` combines them with the unit's place in the
//! document (framing parents, chore headings, status children).

use super::features::handle_char;
use regex::Regex;
use std::sync::LazyLock;

macro_rules! re {
    ($name:ident, $pat:expr) => {
        pub static $name: LazyLock<Regex> = LazyLock::new(|| compile($pat));
    };
}

/// Compiles a rule. Word boundaries are ASCII ones: a Unicode `\b` makes the
/// regex engine leave its fast DFA on any non-ASCII text, which minutes are
/// full of (`→`, `✅`, umlauts), and costs an order of magnitude in speed.
pub fn compile(pattern: &str) -> Regex {
    regex::RegexBuilder::new(&pattern.replace(r"\b", r"(?-u:\b)"))
        .dfa_size_limit(16 << 20)
        .build()
        .expect("rule pattern compiles")
}

/// A GitHub handle: `@mbuechse`, `@o-otte`, `@hannes.baum`.
pub const HANDLE: &str = r"@([A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?)";

/// The handles in `text` as `(offset of the @, handle)`, found as [`HANDLE`]
/// finds them (leftmost, longest, not ending in `.` or `-`), without a regex.
pub fn handles(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let b = text.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(off) = memchr::memchr(b'@', &b[from..]) {
            let at = from + off;
            from = at + 1;
            if !b.get(at + 1).is_some_and(u8::is_ascii_alphanumeric) {
                continue;
            }
            // `x@lists.example.org` is an address, not a handle.
            if at > 0 && handle_char(b[at - 1]) {
                continue;
            }
            let mut end = at + 2;
            while end < b.len() && handle_char(b[end]) {
                end += 1;
            }
            while matches!(b[end - 1], b'.' | b'-') {
                end -= 1;
            }
            from = end;
            return Some((at, &text[at + 1..end]));
        }
        None
    })
}

// Explicit action markers (rule 1). `AI` is matched case-sensitively.
re!(
    EXPLICIT,
    r"(?:\bAI\b|\b[Aa]ction(?: [Ii]tems?)?\s*:|\b[Aa]ction [Ii]tems?\b|\bTODOs?\b|\bToDos?\b|\bTo[- ]?[Dd]os?\b|\btodos?:)"
);

// A label that only frames future work (rule 4), at the start of a unit;
// `Next:` alone (not `Next week:`) lists the work to come, and so does a
// bare `AI:` before a list.
re!(
    FRAMING,
    r"(?i)^(?:[-=]+>\s*|→\s*)?(?:(?:possible\s+|open\s+|pending\s+|next\s+)?(?:todos?|to[- ]?dos?|action[- ]items?|ais|ais?\s+(?:from|of)\b|next[- ]steps?|follow[- ]?ups?|plan forward|plans? for\b|pending\b|future (?:work|enhancements?|improvements?)\b|check (?:pending |open )?(?:ais|action items?)\b)[^:]*|next\s*|plans?\s*)(?::\s*(.*))?$|^ais?\s*:$"
);

// A framing word that opens a sentence (`TODOs will be talked about in
// next week's call`, `Next steps are to fork the role`, `next step is
// focussing on testing`): the unit states work of its own besides framing
// its children. The match ends on the first letter of the verb's word.
re!(
    FRAMING_SENTENCE,
    r"(?i)^(?:[-=]+>\s*|→\s*)?(?:(?:possible|open|pending|next)\s+)?(?:todos?|to[- ]?dos?|action[- ]items?|ais|next[- ]steps?|follow[- ]?ups?)\s+(?:will|are|is|would|shall|should|must)\s+(?:not\s+)?(?:be\s+)?(?:to\s+)?[a-z]"
);

// Assignment to a handle (rule 2). The handle ends at a word boundary, so
// `@otto reviews` is not read as `@ot` + `to reviews`.
re!(
    ASSIGN_HANDLE,
    &format!(
        r"(?i)(?:(?:-{{1,2}}>|→|=>)\s*{HANDLE}|{HANDLE}\b\s*(?:will\b|'ll\b|to\s+[a-z]+|volunteer|is volunteering|takes? care|checks?\b|is going to|agreed to|offer(?:s|ed) to|promised to|is responsible)|(?:^|:\s+){HANDLE}\s+(?:(?:creates|writes|prepares|sends|updates|opens|files|provides|reviews|organi[sz]es|schedules|contacts|invites|drafts|fixes|adds|brings|coordinates|handles|implements|tests|publishes|documents|collects|investigates|clarifies|finds|pings|builds)\b|follows up|reaches out|looks into|sets up|takes (?:over|it|this|that)\b)|(?:^|[^(\s]\s*|\s)by:?\s+{HANDLE})"
    )
);

// A handle announcing its own absence: `@fkr will be PTO`, `@x will be on
// vacation`, `@fkr will not be around on May 11th`, `@x is away`.
re!(
    ABSENT,
    &format!(
        r"(?i)^{HANDLE}\s+(?:will\s+not\s+be\s+(?:around|available|there|present|here)\b|(?:will\s+be|is)\s+(?:on\s+)?(?:pto|vacation|holidays?|leave|away|absent|off|unavailable|sick)\b)"
    )
);

/// The handle whose `@` is at `at` announces that person's absence: who is
/// away is not who is to act (a person's absence is not a cancellation
/// either).
pub fn absent(text: &str, at: usize) -> bool {
    ABSENT.is_match(&text[at..])
}

// `Topic: @x` / `Backup @garloff` / `... @x` at the end of a unit, not in parentheses.
re!(
    TRAILING_HANDLES,
    &format!(r"(?:^|[:\s])({HANDLE}(?:\s*(?:,|and|&|/)\s*{HANDLE})*)\s*\)?\s*[.!]?\s*$")
);

// A named owner at a clause start: `Kurt to find a slot`, `Cemil and Katharina will`.
re!(
    ASSIGN_NAME,
    r"(?:^|-{1,2}>\s*|→\s*|=>\s*|[,;:.]\s+|\s-\s)(?:(?:[Nn]ext week|[Tt]omorrow|[Tt]oday|[Tt]hen|[Aa]lso)\s+)?((?:[A-Z][a-z][a-zA-Z]*)(?:\s+(?:and|&)\s+[A-Z][a-z][a-zA-Z]*)*)\s+(?:will\s+[a-z]+|to\s+(?:[a-z]{3,})|wants\s+to\s+[a-z]{3,}|volunteers?|volunteered|takes care|present(?:s)?\b|checks\b)"
);

/// Verbs that `Name to` may give as work (`Kurt to find a slot`, `Max to
/// orchestrate`). After a capitalised word, `to` more often joins a noun
/// to what it is for or about (`Changes to prod repos`, `Access to
/// testbed`, `Thanks to our sponsor`, `CfP to partners`, `Shift to
/// monthly`): those words are no verbs, and the capitalised word no name.
/// `ASSIGN_NAME` reads words of three letters or more there. Sorted
/// (binary search).
#[rustfmt::skip]
const VERBS_AFTER_TO: &[&str] = &[
    "add", "address", "adjust", "adopt", "agree", "align", "amend", "analyse", "analyze",
    "announce", "answer", "apply", "approve", "arrange", "ask", "assign", "attend", "audit",
    "automate", "avoid", "book", "bring", "build", "call", "cancel", "capture", "categorize",
    "certify", "change", "check", "clarify", "clean", "close", "collaborate", "collect", "combine",
    "come", "comment", "communicate", "compile", "complete", "configure", "confirm", "connect",
    "consider", "consolidate", "contact", "continue", "contribute", "convert", "coordinate",
    "copy", "cover", "create", "cut", "deal", "debug", "decide", "define", "delegate", "delete",
    "deliver", "demo", "deploy", "describe", "design", "detect", "determine", "develop", "discuss",
    "distribute", "document", "draft", "drive", "drop", "edit", "enable", "ensure", "establish",
    "evaluate", "examine", "expand", "explain", "explore", "extend", "fetch", "file", "fill",
    "finalise", "finalize", "find", "finish", "fix", "follow", "forward", "gather", "generalize",
    "get", "give", "handle", "have", "help", "host", "identify", "implement", "improve", "include",
    "inform", "install", "integrate", "introduce", "investigate", "invite", "involve", "join",
    "keep", "lead", "learn", "look", "maintain", "make", "manage", "mention", "merge", "migrate",
    "moderate", "monitor", "motivate", "move", "notify", "offer", "onboard", "open", "orchestrate",
    "organise", "organize", "outline", "own", "pick", "ping", "plan", "point", "post", "prepare",
    "present", "prioritise", "prioritize", "proceed", "propose", "provide", "publish", "pull",
    "push", "put", "raise", "reach", "read", "rebase", "recheck", "reconfigure", "record",
    "refine", "register", "remind", "remove", "rename", "repair", "replace", "reply", "report",
    "reproduce", "request", "research", "resolve", "respond", "restart", "retest", "retry",
    "review", "revisit", "rework", "rewrite", "run", "schedule", "search", "see", "send", "set",
    "setup", "share", "show", "sign", "sketch", "solve", "sort", "specify", "split", "stabilize",
    "standardize", "start", "submit", "suggest", "summarise", "summarize", "support", "switch",
    "sync", "take", "talk", "tell", "test", "track", "try", "update", "upgrade", "upload",
    "validate", "verify", "visit", "work", "write",
];

fn verb_after_to(w: &str) -> bool {
    VERBS_AFTER_TO.binary_search(&w).is_ok()
}

/// A capitalised plural noun (`Benchmarks to determine`, `Options to add`,
/// `Containers will now`), not a name: seven letters or more, ending in
/// `s` after a consonant (`Jonas`, `Markus`, `Matthias` and `Anders` are
/// names).
fn plural_noun(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() >= 7
        && b[b.len() - 1] == b's'
        && !matches!(b[b.len() - 2], b'a' | b'e' | b'i' | b'o' | b'u' | b's')
}

/// Where the run of `keep` characters that ends `s` starts (a char
/// boundary, also after a multi-byte character such as `→`).
fn last_run_start(s: &str, keep: impl Fn(char) -> bool) -> usize {
    s.char_indices()
        .rev()
        .find(|&(_, c)| !keep(c))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// `GAP` matches, and not only as the `gap` of a `stop-gap` (a temporary
/// measure, no gap), an `air gap` or the `bug` of a `bug fix`.
pub fn gap_in(text: &str) -> bool {
    // Every match, also one that starts inside an excused one (`need not
    // come from: gap`): a search resumes right after the start of the last.
    let mut from = 0;
    while let Some(m) = GAP.find_at(text, from) {
        let before = &text[..m.start()];
        let compound = (one_of(m.as_str(), &["gap", "gaps"]) && compound_gap(before))
            || (one_of(m.as_str(), &["bug", "bugs"]) && bug_fix(&text.as_bytes()[m.end()..]));
        // `not known by X` says who does not know, no gap.
        let known_by = starts_with_ignore_case(m.as_str(), "not ")
            && ends_with_ignore_case(m.as_str(), "known")
            && text[m.end()..].trim_start().starts_with("by ");
        // `for lack of time`, `Lack of time -> postponed`: a reason why the
        // meeting did not get to a topic, nothing the work is missing.
        let lack_of_time =
            m.as_str().eq_ignore_ascii_case("lack") && of_time(&text.as_bytes()[m.end()..]);
        if !(compound
            || known_by
            || lack_of_time
            || hypothetical(text, m.start())
            || stated_need(before, m.as_str()))
        {
            return true;
        }
        match text[m.start()..].chars().next() {
            Some(c) => from = m.start() + c.len_utf8(),
            None => return false,
        }
    }
    false
}

/// `stop-gap` is a temporary measure, an `air gap` a network's isolation:
/// neither is something missing.
fn compound_gap(before: &str) -> bool {
    before
        .strip_suffix(['-', ' '])
        .is_some_and(|w| last_word_one_of(w, &["stop", "air"]) && !w.ends_with(' '))
}

/// The bytes after a `lack` read ` of time` (a reason, see [`gap_in`]).
pub fn of_time(after: &[u8]) -> bool {
    after
        .get(..8)
        .is_some_and(|s| s.eq_ignore_ascii_case(b" of time"))
        && !after.get(8).is_some_and(u8::is_ascii_alphanumeric)
}

/// `bug fixes`, `bugfix`, `bug- and security fixes`: the fixing is no gap.
pub fn bug_fix(after: &[u8]) -> bool {
    let rest = after.trim_ascii_start();
    after.first() == Some(&b'-')
        || rest
            .get(..3)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"fix"))
}

/// The gap match is work the group states it has to do: `needs to be
/// defined`, `still has to be clarified` (the need rule makes it an
/// action); or it is `need not ... from`, which asks for nothing.
fn stated_need(before: &str, m: &str) -> bool {
    if starts_with_ignore_case(m, "to be ") {
        return last_word_one_of(
            strip_trailing_words(before, &["still", "also", "first", "really"], 1),
            &["need", "needs", "needed", "must", "should", "has", "have"],
        );
    }
    starts_with_ignore_case(m, "need")
        && m.split_ascii_whitespace()
            .nth(1)
            .is_some_and(|w| w.eq_ignore_ascii_case("not"))
}

/// The gap at `start` is only supposed: a modal among the four words before
/// it in its clause (`might be a problem`, `Could be a problem`, `Helm
/// charts could fail`, `may be incomplete`), or `if`, `otherwise` or `in
/// case` earlier in the clause (`otherwise volume attachment fails`, `in
/// case of primary storage failure`). A risk, not a gap. `May` counts only
/// opening the clause and not before a number (`May 19`).
pub fn hypothetical(text: &str, start: usize) -> bool {
    let clause = clause_before(text, start);
    let words = || clause.split_ascii_whitespace();
    let modal = words()
        .rev()
        .take(4)
        .any(|w| one_of(w, &["might", "could", "would"]) || w == "may");
    // `May` opening a clause of at most four words, not before a number.
    let mut first = words();
    let opening_may = first.next() == Some("May")
        && !first
            .next()
            .is_some_and(|x| x.starts_with(|c: char| c.is_ascii_digit()))
        && words().nth(4).is_none();
    let mut prev = "";
    modal
        || opening_may
        || words().any(|w| {
            let condition = one_of(w, &["if", "otherwise"])
                || (w.eq_ignore_ascii_case("case") && prev.eq_ignore_ascii_case("in"));
            prev = w;
            condition
        })
}

/// Whether `text` presents a problem as overcome ([`GAP_OVERCOME`]): a word
/// of that rule counts unless negated (`not resolved`, `has not been fixed`,
/// `wasn't yet achieved` are still gaps).
pub fn overcome(text: &str) -> bool {
    GAP_OVERCOME.find_iter(text).any(|m| {
        // `no longer working` is the gap itself.
        let gap_itself = m.as_str().eq_ignore_ascii_case("no longer")
            && NO_LONGER_GAP.is_match(&text[m.start()..]);
        // `No fixed timeline yet`: `fixed` says of what kind, not that
        // something was repaired.
        let attributive = m.as_str().eq_ignore_ascii_case("fixed")
            && last_word_one_of(&text[..m.start()], &["no", "a", "any", "the"]);
        // A `potential solution` (or fix) is a way out, not a risk: the
        // problem it would solve is still open.
        let remedy = m.as_str().eq_ignore_ascii_case("potential")
            && first_word_one_of(
                &text[m.end()..],
                &[
                    "solution",
                    "solutions",
                    "fix",
                    "fixes",
                    "workaround",
                    "workarounds",
                ],
            );
        !(gap_itself || attributive || remedy || negated_before(&text[..m.start()]))
    })
}

// What has stopped working, being supported or being available (the same
// words as in `GAP`).
macro_rules! no_longer_words {
    () => {
        "(?:working|works|work|supported|available|maintained|possible|functional|usable|valid)"
    };
}
re!(
    NO_LONGER_GAP,
    concat!(r"(?i)^no longer ", no_longer_words!(), r"\b")
);

/// `word` is one of `list`, ignoring ASCII case.
pub fn one_of(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// The last word of `s` (its last run of ASCII letters and digits, after
/// spaces at its end) is one of `list`, ignoring ASCII case.
pub fn last_word_one_of(s: &str, list: &[&str]) -> bool {
    let s = s.trim_end();
    one_of(&s[last_run_start(s, |c| c.is_ascii_alphanumeric())..], list)
}

/// The first word of `s` (its first run of letters and digits, after spaces
/// at its start) is one of `list`, ignoring ASCII case.
pub fn first_word_one_of(s: &str, list: &[&str]) -> bool {
    let word = s
        .trim_start()
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    one_of(word, list)
}

/// `s` starts with `prefix`, ignoring ASCII case.
pub fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
}

/// `s` ends with `suffix`, ignoring ASCII case.
pub fn ends_with_ignore_case(s: &str, suffix: &str) -> bool {
    s.len() >= suffix.len()
        && s.as_bytes()[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

/// `s` without the spaces at its end and up to `max` words of `skip`
/// before them (`not yet been` less `yet been` is `not`).
fn strip_trailing_words<'a>(s: &'a str, skip: &[&str], max: usize) -> &'a str {
    let mut rest = s.trim_end();
    for _ in 0..max {
        let word_start = last_run_start(rest, |c| c.is_ascii_alphabetic());
        if !one_of(&rest[word_start..], skip) {
            break;
        }
        rest = rest[..word_start].trim_end();
    }
    rest
}

/// `before` ends with a negation, skipping up to two of `yet`, `been`, `be`,
/// `fully` (`not yet been`).
fn negated_before(before: &str) -> bool {
    let rest = strip_trailing_words(before, &["yet", "been", "be", "fully"], 2);
    let ends = |w: &str| ends_with_ignore_case(rest, w);
    // A whole word (`not`, not `knot`), or a contraction (`isn't`).
    let word = |w: &str| {
        ends(w) && !rest[..rest.len() - w.len()].ends_with(|c: char| c.is_ascii_alphanumeric())
    };
    word("not") || word("never") || word("cannot") || ends("n't") || ends("n’t")
}

/// Words after which `needed` qualifies a noun instead of stating a need
/// (`All needed configuration is already there`, `One needed exporter`).
pub const BEFORE_ATTRIBUTIVE_NEEDED: &[&str] = &[
    "a",
    "an",
    "the",
    "all",
    "any",
    "some",
    "each",
    "every",
    "one",
    "no",
    "more",
    "most",
    "other",
    "additional",
    "further",
    "our",
    "their",
    "your",
    "its",
    "his",
    "her",
    "my",
    "these",
    "those",
    // A condition: `extend as needed`, `fix CI issues if needed`.
    "as",
    "if",
    "when",
    "where",
];

/// Whether the `needed` ending at byte `end` of `text` (and starting at
/// `start`) follows one of [`BEFORE_ATTRIBUTIVE_NEEDED`], separated by spaces.
pub fn attributive_needed(text: &str, start: usize, end: usize) -> bool {
    if !text[start..end].eq_ignore_ascii_case("needed") {
        return false;
    }
    let before = &text[..start];
    let trimmed = before.trim_end_matches(' ');
    if trimmed.len() == before.len() {
        return false;
    }
    // Not `last_word_one_of`: only ASCII spaces may stand between, as the
    // scan reads them.
    let word = &trimmed[last_run_start(trimmed, |c| c.is_ascii_alphanumeric())..];
    one_of(word, BEFORE_ATTRIBUTIVE_NEEDED)
}

/// Subjects before `wanted` that make it a past wish (`we wanted to
/// separate`, `I wanted to discuss`), not a need (`Sponsors wanted`).
pub const WANTED_SUBJECTS: &[&str] = &[
    "i",
    "we",
    "they",
    "he",
    "she",
    "you",
    "who",
    "everyone",
    "everybody",
];

/// Adverbs that may stand between such a subject and `wanted` (`we
/// originally wanted`, `I merely wanted`).
pub const WANTED_ADVERBS: &[&str] = &[
    "originally",
    "initially",
    "merely",
    "just",
    "only",
    "also",
    "really",
    "always",
];

/// `text[start..end]` is `wanted` after a subject ([`WANTED_SUBJECTS`]),
/// up to two adverbs between ([`WANTED_ADVERBS`]).
pub fn past_wanted(text: &str, start: usize, end: usize) -> bool {
    if !text[start..end].eq_ignore_ascii_case("wanted") {
        return false;
    }
    let before = strip_trailing_words(&text[..start], WANTED_ADVERBS, 2);
    // A handle says who wished it too (`@fkr wanted to raise this`; but
    // `Additional review from @gtema wanted` is wanted of them).
    let handle = text[end..].starts_with(" to ")
        && before
            .rsplit(char::is_whitespace)
            .next()
            .and_then(|w| w.strip_prefix('@'))
            .is_some_and(|h| h.starts_with(|c: char| c.is_ascii_alphanumeric()));
    handle || last_word_one_of(before, WANTED_SUBJECTS)
}

/// Finite verbs that, two words after an imperative verb, make the two
/// words a subject (`test script relies on`, `File objects are`).
const FINITE_AFTER_SUBJECT: &[&str] = &[
    "is", "are", "was", "were", "has", "had", "relies", "expects", "runs", "uses", "works",
    "fails", "failed", "seems", "looks", "checks", "shows", "does", "doesn't", "isn't", "can",
    "cannot", "could", "would", "might", "may", "depends", "contains", "provides", "supports",
    "lacks", "remains",
];

/// Words after a verb that begin its object, not a subject with it (`Check
/// what has landed`, `Document this is a breaking change`).
const OBJECT_OPENERS: &[&str] = &[
    "what", "this", "that", "it", "as", "whether", "if", "how", "which", "who", "where", "when",
    "why", "there", "these", "those", "all",
];

/// The imperative verb before `b[next..]` (where its next word starts) is
/// used as a noun: `of` or a finite verb follows it (`Clean up of the
/// setup`, `Announce of the meeting`, `Update is done`), or it is the first
/// word of a subject, the word after it
/// and a finite verb following (`test script relies on node labels`, `Test
/// suite checks TLS`).
pub fn verb_is_noun(b: &[u8], next: usize) -> bool {
    let token = |from: usize| {
        let end = b[from..]
            .iter()
            .position(u8::is_ascii_whitespace)
            .map_or(b.len(), |p| from + p);
        (from, end)
    };
    let (s1, e1) = token(next);
    // `Rework was planned`, `Update is done`: a finite verb right after it;
    // `Document created describing ...`, `Test failed`: a participle that
    // reports it.
    if ["of", "is", "was", "are", "were", "has", "had"]
        .iter()
        .chain(REPORT_PARTICIPLES)
        .any(|w| b[s1..e1].eq_ignore_ascii_case(w.as_bytes()))
    {
        return true;
    }
    let mut s2 = e1;
    while s2 < b.len() && b[s2].is_ascii_whitespace() {
        s2 += 1;
    }
    if s1 == e1 || s2 == e1 || s2 >= b.len() {
        return false;
    }
    let (_, e2) = token(s2);
    let trim = |w: &[u8]| -> usize {
        w.iter()
            .rposition(|c| !matches!(c, b'.' | b',' | b':' | b';' | b'!' | b'?' | b')'))
            .map_or(0, |p| p + 1)
    };
    let w1 = &b[s1..e1];
    let w2 = &b[s2..e2];
    let (w1, w2) = (&w1[..trim(w1)], &w2[..trim(w2)]);
    let is = |w: &[u8], list: &[&str]| list.iter().any(|x| w.eq_ignore_ascii_case(x.as_bytes()));
    is(w2, FINITE_AFTER_SUBJECT) && !is(w1, OBJECT_OPENERS)
}

/// Participles that report what happened to a thing (`Document created`,
/// `Fix merged`, `draft written but stuck`), not adjectives that go with a
/// noun (`Organize shared folder`, `Create dedicated channel`).
#[rustfmt::skip]
const REPORT_PARTICIPLES: &[&str] = &[
    "created", "done", "merged", "deployed", "finished", "completed", "fixed", "released",
    "published", "written", "failed", "passed", "submitted", "started", "removed", "reviewed",
    "approved", "implemented", "worked", "went", "succeeded", "landed", "helped",
];

/// Subjects (and `is`) between `what` and `need` in a relative clause.
const RELATIVE_SUBJECTS: &[&str] = &[
    "i", "we", "you", "they", "he", "she", "it", "is", "was", "are", "were",
];

/// `text[start..end]` is `need`, `needs`, `needed`, `have to` or `has to`
/// in a relative clause after `what` (`evaluated what they need`, `what is
/// needed for`, `what needs to change`, `I want to know what I have to
/// do`): it names the thing, it asks for no work.
pub fn relative_need(text: &str, start: usize, end: usize) -> bool {
    one_of(
        &text[start..end],
        &["need", "needs", "needed", "have to", "has to"],
    ) && last_word_one_of(
        strip_trailing_words(&text[..start], RELATIVE_SUBJECTS, 1),
        &["what"],
    )
}

/// `text[start..end]` is `should`, `shall`, `must` or `need` and `not`
/// follows (`SCS should not diverge from upstream`, `must NOT have a default
/// password`, `need not be changed`): a rule or a prohibition, no work to
/// do. Spaces are ASCII ones, as the scan reads them.
pub fn negated_modal(text: &str, start: usize, end: usize) -> bool {
    if !one_of(&text[start..end], &["should", "shall", "must", "need"]) {
        return false;
    }
    let rest = text[end..].trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '\x0b');
    rest.len() < text.len() - end
        && starts_with_ignore_case(rest, "not")
        && !rest[3..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
}

/// `text[start..end]` is `should` and an estimate follows (`should be
/// possible`, `should already be easy enough`): an expectation, no work.
pub fn modal_estimate(text: &str, start: usize, end: usize) -> bool {
    if !text[start..end].eq_ignore_ascii_case("should") {
        return false;
    }
    let mut words = text[end..].split_ascii_whitespace();
    let mut w = words.next().unwrap_or("");
    if one_of(w, ESTIMATE_ADVERBS) {
        w = words.next().unwrap_or("");
    }
    // `Every k8s should work`, `should work fine`: an expectation; `should
    // work on X` stays a need.
    let bare = w.trim_end_matches(|c: char| !c.is_ascii_alphanumeric());
    if bare.eq_ignore_ascii_case("work") {
        return bare.len() < w.len()
            || words.next().is_none_or(|n| {
                let n = n.trim_end_matches(|c: char| !c.is_ascii_alphanumeric());
                one_of(
                    n,
                    &[
                        "fine", "well", "now", "too", "again", "already", "out", "as",
                    ],
                )
            });
    }
    w.eq_ignore_ascii_case("be")
        && words.next().is_some_and(|a| {
            let a = a.trim_end_matches(|c: char| !c.is_ascii_alphanumeric());
            one_of(a, ESTIMATES)
        })
}

/// Words between `should` and `be` in [`modal_estimate`].
const ESTIMATE_ADVERBS: &[&str] = &["already", "also", "now", "still", "then"];

/// Words that may stand between the modal and its verb in
/// [`thing_requirement`] (a superset of [`ESTIMATE_ADVERBS`]).
#[rustfmt::skip]
pub const REQUIREMENT_ADVERBS: &[&str] = &[
    "already", "also", "now", "still", "then", "therefore", "ideally", "always", "rather",
    "definitely", "probably", "really", "generally", "only", "thus", "hence",
];

/// Verbs that state what a thing is or has, not work someone does, after
/// `should`/`must`/`shall` in [`thing_requirement`] (`be` is decided there
/// by the word after it).
#[rustfmt::skip]
pub const STATE_VERBS: &[&str] = &[
    "be", "have", "contain", "include", "serve", "define", "reside", "come", "exist", "exists",
    "remain", "stay", "want", "mean", "match", "reflect", "support", "allow", "live", "belong",
    "apply", "work", "look", "cover", "follow",
];

/// Subjects that are people: a modal after them states their work.
#[rustfmt::skip]
const PERSON_SUBJECTS: &[&str] = &[
    "we", "i", "you", "they", "he", "she", "someone", "somebody", "everyone", "everybody", "anyone",
    "anybody", "people", "who", "one", "us", "all", "team", "me", "teams", "engineers",
    "developers", "maintainers", "members", "partners", "colleagues", "volunteers", "participants",
];

/// Texts the group writes: what one of them should contain or where it
/// should be is work on it (`Blueprint should contain proposal`, `main
/// docs should reside within /testbed documentation`, `Talk should include
/// why ...`), not a property of a system.
#[rustfmt::skip]
const WRITTEN_NOUNS: &[&str] = &[
    "blueprint", "blueprints", "doc", "docs", "documentation", "page", "pages", "talk", "talks",
    "presentation", "slides", "slide", "blog", "blogpost", "post", "article", "readme", "adr",
    "adrs", "spec", "specs", "specification", "proposal", "notes", "minutes", "agenda", "website",
    "site", "changelog", "summary", "report", "abstract", "template", "guide", "tutorial",
    "glossary", "wiki", "section", "chapter", "paper", "document", "documents", "announcement",
    "newsletter", "description", "file", "files", "sheet", "sheets", "timesheets", "invoice",
    "invoices", "form", "forms",
];

/// Past participles that do not end in `-ed`: `should be done` is work
/// done to the thing (a passive), not what it is; `sent by @x` names who
/// did it (`classify::authored_by`).
#[rustfmt::skip]
pub const IRREGULAR_PARTICIPLES: &[&str] = &[
    "done", "made", "written", "taken", "given", "set", "put", "run", "built", "sent", "held",
    "kept", "found", "shown", "seen", "known", "brought", "told", "chosen", "drawn", "begun",
    "redone", "rewritten", "rebuilt", "cut", "split", "shut", "spread", "led", "met", "paid",
    "sold", "thrown", "undertaken", "overtaken", "rerun", "upheld",
];

/// `text[start..]` (the match `m` of `NEED`) is `should`, `must` or `shall`
/// said of a thing, and what follows says what that thing is or has, not
/// what anyone does to it: a requirement or a design statement
/// (`User Attributes should define role assignments`, `The single
/// standards should have a status tag`, `A simple, usable default
/// StorageClass should be available`, `ClusterStackRelease must be
/// ready`). The spec counts `should` as a need of the group; these name
/// no work. A person as the subject (`we should have a look`, `@x
/// should`), a text the group writes ([`WRITTEN_NOUNS`]), no subject
/// (`Should be made more visible`), or a passive of work (`Tests should be
/// added to a test collection`) stays a need.
pub fn thing_requirement(text: &str, start: usize, m: &str) -> bool {
    if !one_of(m, &["should", "must", "shall"]) {
        return false;
    }
    // The subject: the word right before, a word of a noun (not a person,
    // not a handle).
    let before = text[..start].trim_end();
    let at = last_run_start(before, |c| {
        c.is_ascii_alphanumeric() || c == '-' || c == '_'
    });
    let subject = &before[at..];
    if subject.is_empty()
        || !subject.starts_with(|c: char| c.is_ascii_alphanumeric())
        || one_of(subject, PERSON_SUBJECTS)
        || one_of(subject, WRITTEN_NOUNS)
        || before[..at].ends_with('@')
    {
        return false;
    }
    let mut words = text[start + m.len()..]
        .split_ascii_whitespace()
        .map(|w| w.trim_end_matches(|c: char| !c.is_ascii_alphanumeric()));
    let mut verb = words.next().unwrap_or("");
    while one_of(verb, REQUIREMENT_ADVERBS) {
        verb = words.next().unwrap_or("");
    }
    if !one_of(verb, STATE_VERBS) {
        return false;
    }
    // Past adverbs, also `-ly` ones (`should be actively pursued`).
    let mut next = words.next().unwrap_or("");
    while one_of(next, REQUIREMENT_ADVERBS) || (next.len() > 4 && ends_with_ignore_case(next, "ly"))
    {
        next = words.next().unwrap_or("");
    }
    let participle = |w: &str| {
        (w.len() >= 4 && ends_with_ignore_case(w, "ed") && !one_of(w, &["need", "feed"]))
            || one_of(w, IRREGULAR_PARTICIPLES)
    };
    if verb.eq_ignore_ascii_case("be") {
        // `should be added` is work done to it, `should be doing it` work
        // under way; `should be available`, `must be ready`, `should be a
        // how-to` say what it is.
        let progressive = next.len() > 4 && ends_with_ignore_case(next, "ing");
        return !(next.is_empty() || participle(next) || progressive);
    }
    if verb.eq_ignore_ascii_case("have") {
        // `should have a look`, `should have to`, `should have read it`.
        let after = words.next().unwrap_or("");
        return !(next.eq_ignore_ascii_case("to")
            || participle(next)
            || (one_of(next, &["a", "another", "some"])
                && one_of(
                    after,
                    &[
                        "look",
                        "chat",
                        "call",
                        "meeting",
                        "discussion",
                        "session",
                        "talk",
                        "review",
                        "closer",
                    ],
                )));
    }
    if verb.eq_ignore_ascii_case("look") {
        // `should look better`; `should look at`, `into`, `for` is work.
        return !one_of(
            next,
            &["at", "into", "for", "over", "through", "after", "up"],
        );
    }
    if verb.eq_ignore_ascii_case("work") {
        // `should work with X`; `should work on X`, `to` is work.
        return !one_of(next, &["on", "to", "together", "towards", "toward"]);
    }
    true
}

/// Adjectives of an estimate after `should be`.
const ESTIMATES: &[&str] = &[
    "possible",
    "easy",
    "enough",
    "fine",
    "ok",
    "okay",
    "sufficient",
    "feasible",
    "doable",
    "straightforward",
    "simple",
    "trivial",
];

/// Words naming a meeting or an event: `X will happen` with one of them in
/// `X` is an event taking place, not work (see [`event_happens`]).
const EVENT_NOUNS: &[&str] = &[
    "sig",
    "summit",
    "call",
    "calls",
    "meeting",
    "meetings",
    "slot",
    "session",
    "sessions",
    "retro",
    "retrospective",
    "hackathon",
    "workshop",
    "conference",
    "webinar",
    "event",
    "meetup",
];

/// The `WILL` match `text[start..end]` is `will happen` said of a meeting or
/// an event (`SIG Monitoring will happen and thrive`, `Save the date: SCS
/// Summit will happen from 23-24 May`, `Will happen tomorrow` under a
/// meeting's heading): it takes place, nobody is to do anything. Said of
/// work (`Test deployment will happen Wednesday`, `Discussion on applicable
/// standards will happen in the Container team`) it stays a plan. `will
/// take place` reads the same (`Will take place bi-weekly`, `a breakout
/// session will take place`; `Individual working of first draft will take
/// place until ...` plans).
pub fn event_happens(text: &str, start: usize, end: usize) -> bool {
    let takes_place =
        ends_with_ignore_case(&text[..end], "take") && first_word_one_of(&text[end..], &["place"]);
    if !ends_with_ignore_case(&text[..end], "happen") && !takes_place {
        return false;
    }
    let subject = clause_before(text, start);
    text[..start].trim().is_empty()
        || subject
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| one_of(w, EVENT_NOUNS))
}

/// The text of the clause that `text[start..]` continues: back to the last
/// punctuation or arrow (`,`, `;`, `:`, `(`, `.`, `!`, `?`, `>`).
fn clause_before(text: &str, start: usize) -> &str {
    let before = &text[..start];
    &before[before
        .rfind([',', ';', ':', '(', '.', '!', '?', '>'])
        .map_or(0, |p| p + 1)..]
}

/// The `WILL` match at `start` sits in a relative clause (`Important
/// decisions which were taken or will be taken`, `a first draft that will
/// be extended`): it says what becomes of a thing the unit names and plans
/// no work of its own. `which` among the five words before the `will` in
/// its clause, or `that` right before it (past `also`, `now`, `then`,
/// `probably`, `likely`, `soon`) after a word of the clause: a `that`
/// opening the clause is its subject (`That will be fixed in R5` plans).
pub fn relative_will(text: &str, start: usize) -> bool {
    let clause = clause_before(text, start);
    let rest = strip_trailing_words(
        clause,
        &["also", "now", "then", "probably", "likely", "soon"],
        usize::MAX,
    );
    let that_at = last_run_start(rest, |c| c.is_ascii_alphabetic());
    (rest[that_at..].eq_ignore_ascii_case("that") && !rest[..that_at].trim().is_empty())
        || clause
            .split_ascii_whitespace()
            .rev()
            .take(5)
            .any(|w| w.eq_ignore_ascii_case("which"))
}

/// The first need `NEED` finds in `text`, skipping an attributive `needed`,
/// a past `wanted` ([`past_wanted`]), a `what we need` ([`relative_need`]),
/// a `should not` ([`negated_modal`]) and a `to be done` that is no plan
/// ([`passive_plan`]).
pub fn first_need(text: &str) -> Option<usize> {
    NEED.find_iter(text)
        .find(|m| {
            !attributive_needed(text, m.start(), m.end())
                && !past_wanted(text, m.start(), m.end())
                && !relative_need(text, m.start(), m.end())
                && !negated_modal(text, m.start(), m.end())
                && !modal_estimate(text, m.start(), m.end())
                && (!m.as_str().starts_with("to be ") || passive_plan(text, m.start(), m.end()))
                && !not_a_plan(text, m.start(), m.as_str())
                && !generic_subject(text, m.start(), m.as_str())
                && !thing_requirement(text, m.start(), m.as_str())
                && !upcoming_time(text, m.start(), m.end())
                && !hedged(text, m.start())
        })
        .map(|m| m.start())
}

/// The need at `start` is hedged by `may` right before it (`HW specific
/// bugfixes may be needed`, `we may need to define a timeframe`, `may also
/// need`): a possibility, not work. (The keyword scan reads `may` as a
/// conditional word, so that no sure need passes by this check.)
fn hedged(text: &str, start: usize) -> bool {
    let before = strip_trailing_words(&text[..start], &["be", "also", "still", "then"], 2);
    last_word_one_of(before, &["may"])
}

/// Calendar words after `upcoming` that make it a time (`upcoming week
/// @fkr will not be here`, `no PB upcoming monday`), not work to come
/// (`Upcoming: release notes`). The keyword scan reads the same list.
#[rustfmt::skip]
pub const UPCOMING_TIMES: &[&str] = &[
    "week", "weeks", "weekend", "month", "months", "days", "year", "monday", "tuesday",
    "wednesday", "thursday", "friday",
];

/// The need `text[start..end]` is `upcoming` before one of
/// [`UPCOMING_TIMES`] (after spaces).
fn upcoming_time(text: &str, start: usize, end: usize) -> bool {
    text[start..end].eq_ignore_ascii_case("upcoming") && {
        let rest = text[end..].trim_start_matches(' ');
        rest.len() < text.len() - end && first_word_one_of(rest, UPCOMING_TIMES)
    }
}

/// Subjects that say a need is anyone's (`you need`, `one has to`).
pub const GENERIC_SUBJECTS: &[&str] = &["you", "one"];

/// Words that may stand between a generic subject and its modal (`you
/// also need`).
pub const GENERIC_ADVERBS: &[&str] = &[
    "also", "really", "just", "only", "still", "then", "always", "first",
];

/// The need `m` at `start` is said of anyone (`you need to use a new user`,
/// `one has to set --name as well`, `you also need oidc-login`): how a thing
/// is used, not work for someone after the meeting. The subject is `you` or
/// `one` right before the modal, or before one word of
/// [`GENERIC_ADVERBS`] before it (the keyword scan reads the same two
/// words).
fn generic_subject(text: &str, start: usize, m: &str) -> bool {
    let modal = ["need", "should", "must", "shall", "have to", "has to"]
        .iter()
        .any(|w| starts_with_ignore_case(m, w));
    if !modal {
        return false;
    }
    let before = text[..start].trim_end();
    let at = last_run_start(before, |c| c.is_ascii_alphanumeric());
    let (rest, word) = before.split_at(at);
    one_of(word, GENERIC_SUBJECTS)
        || (one_of(word, GENERIC_ADVERBS)
            && rest.ends_with(char::is_whitespace)
            && last_word_one_of(rest, GENERIC_SUBJECTS))
}

/// `X planned` (`Blog article planned`, `hack sessions planned next
/// week`) names a plan; `as planned`, `was planned`, `not planned`, or
/// `planned` opening the text, do not.
fn not_a_plan(text: &str, start: usize, m: &str) -> bool {
    // `planned for`, `planned to` are plans of their own words.
    if !m.starts_with("planned") || m.starts_with("planned for") || m.starts_with("planned to") {
        return false;
    }
    let before = &text[..start];
    let trimmed = before.trim_end();
    let word = &trimmed[last_run_start(trimmed, |c| {
        c.is_ascii_alphanumeric() || c == '-' || c == '_'
    })..];
    !before.ends_with(' ')
        || !word.starts_with(|c: char| c.is_ascii_alphabetic())
        || one_of(
            word,
            &[
                "as",
                "was",
                "were",
                "had",
                "been",
                "be",
                "not",
                "already",
                "originally",
            ],
        )
}

/// Words before `to be done` that make it something other than a plan:
/// a state (`ready to be merged`, `waiting to be merged`, `meant to be
/// filled`), an expectation or requirement (`expect standards to be
/// fulfilled`, `requires policies to be enabled`), a negation (`not to be
/// confused`), a purpose of something else (`allowing them to be deployed`).
const NOT_A_PLAN_BEFORE: &[&str] = &[
    "not",
    "ready",
    "waiting",
    "wait",
    "waits",
    "meant",
    "made",
    "enough",
    "chance",
    "chances",
    "seem",
    "seems",
    "seemed",
    "sees",
    "expect",
    "expects",
    "expected",
    "require",
    "requires",
    "required",
    "allow",
    "allows",
    "allowing",
    "allowed",
    "want",
    "wants",
    "wanted",
    "like",
    "going",
    "supposed",
    "able",
    "about",
    "them",
    "it",
    "us",
    "him",
    "her",
    "this",
    "that",
    "how",
    "what",
    "which",
    "where",
    "whether",
    "used",
    "likely",
    "unlikely",
    "appear",
    "appears",
    "tend",
    "tends",
    "designed",
    "needs",
    "need",
    "needed",
    "has",
    "have",
    "had",
    "a",
    "an",
    "the",
    "be",
    "afraid",
    "prepared",
    "committed",
];

/// Words that, earlier in the clause, make `X to be done` what they govern
/// (`requires all modules to be documented`, `providers offer configs to
/// be chosen by the customer`), as prefixes.
const GOVERNS_TO_BE: &[&str] = &[
    "requir", "expect", "allow", "select", "want", "accept", "offer", "enabl",
];

/// `X to be done` (`new ones to be created`, `Content creation to be
/// organized by the teams`, `Zuul still to be done`) states a plan of the
/// group, unless a word of [`NOT_A_PLAN_BEFORE`] comes right before `to`
/// (skipping `still`, `also`, `now`, `yet`, `then`, `soon`, `first`), a
/// word of [`GOVERNS_TO_BE`] comes earlier in its clause, the participle
/// only says what is expected or how a thing is used (`no blockers to be
/// expected`, `extra specs to be used with`), or the text only introduces
/// a list (`Questions to be answered:`). `has to be done` and `needs to be
/// done` are needs of their own words.
pub fn passive_plan(text: &str, start: usize, end: usize) -> bool {
    let participle = text[start..end].rsplit(' ').next().unwrap_or("");
    if ["expected", "confused", "featured", "used"].contains(&participle)
        || text.trim_end().ends_with(':')
    {
        return false;
    }
    let clause = &text[text[..start]
        .rfind([',', ';', ':', '(', '.', '!', '?'])
        .map_or(0, |p| p + 1)..start];
    if clause.split(|c: char| !c.is_ascii_alphabetic()).any(|w| {
        GOVERNS_TO_BE.iter().any(|g| {
            w.len() >= g.len() && w.as_bytes()[..g.len()].eq_ignore_ascii_case(g.as_bytes())
        })
    }) {
        return false;
    }
    let rest = strip_trailing_words(
        &text[..start],
        &["still", "also", "now", "yet", "then", "soon", "first"],
        usize::MAX,
    );
    !one_of(
        &rest[last_run_start(rest, |c| c.is_ascii_alphabetic())..],
        NOT_A_PLAN_BEFORE,
    )
}

/// The names `ASSIGN_NAME` finds, as (offset, text of the names), but only
/// where they are the ones to act: not the subject of a passive (`Results
/// will be presented`, `Blog to be migrated`), nor of `to` used as a
/// preposition (`Changes to the README`).
pub fn assigned_names(text: &str) -> impl Iterator<Item = (usize, &str)> {
    ASSIGN_NAME.captures_iter(text).filter_map(move |c| {
        let names = c.get(1)?;
        let mut after = text[names.end()..]
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()));
        let acts = match after.next() {
            Some("will") => match after.next() {
                Some("be") => after.next().is_some_and(|w| w.ends_with("ing")),
                _ => true,
            },
            Some("to") => after.next().is_some_and(verb_after_to),
            _ => true,
        };
        (acts && !names.as_str().split_whitespace().any(plural_noun))
            .then(|| (names.start(), names.as_str()))
    })
}

// Work for the group (rule 3): needs, plans, requests.
re!(
    NEED,
    r"(?:\b[Nn]eed(?:s|ed)?\b|(?i:\b(?:approvals?|reviews?)\b[^.;?,]{0,40}\bwould be (?:nice|great|helpful)\b|\bwould be (?:nice|great|helpful) to (?:have|get) [^.;?]{0,40}\b(?:reviewed|approved|reviews?|approvals?)\b)|\b[Ss]hould\b|\b[Ss]hall\b|\bmust\b|\b[Ww]anted\b|\b[Pp]lease\b|\b[Pp]lanned (?:for|to)\b|\b[Pp]lan(?:s|ning)? to\b|\b(?:[Ii]s|[Aa]re|[Bb]eing)\s+(?:also\s+)?planned\b|\b[Ii]n planning\b|\bplanned(?:\s*\(|\s*[.!]?\s*$|\s+(?:next|this|in|on|at)\b)|\b[Uu]pcoming\b|\b[Hh]ave to\b|\b[Hh]as to\b|\b[Gg]oing to\b|\b[Tt]ry to\b|(?:^|\b[Ll]ast |:\s*)[Cc]all to\b|\b[Cc]all for (?:reviews?|feedback|input|participation|help|volunteers|comments)\b|\b[Rr]equests? for (?:reviews?|feedback|input|comments)\b|^(?i:review)\s*[-–:]\s*\S|(?:^|:\s*)(?i:call) for\b|\b[Cc]ontribute\b|\b[Cc]onsider\b|\b[Pp]ostpone[ds]?\b|\b[Mm]oved to (?:the )?next (?:meeting|call|session|time|week)\b|\b[Rr]evisit\b|\b[Ff]ollow[- ]?up\b|\b(?i:ready|open) for (?:reviews?|feedback|input)\b|\b(?i:ready) to (?:review|be reviewed)\b|\b[Ww]e aim to\b|^[Ww]ant (?:a|an)\b|\b[Rr]eview requested\b|\b[Ww]e(?:'d| would) like to\b|\b[Ww]e want to\b|(?:^|:\s*)(?:[Ww]ants?|[Ww]ould like) to\b|\b[Pp]lan is to\b|^[Pp]lans?\s*:\s*\S|\bagreed to\b|\bnext will be\b|\b[Nn]ext up\b|\bnext steps?\s*:|\bTBW\b|\b(?i:feedback|reviews?|comments?|input|contributions?|testing|help|engagement|participation|support|ideas|suggestions|prs)(?:\s+(?:and|&)\s+(?:more\s+|other\s+)?[a-z]+)?(?:\s+(?:from|by)\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+)?)?\s+(?:is\s+|are\s+)?(?:(?:very|highly|always|much|more than)\s+)?(?:welcome|appreciated)\b|\bto be (?:[a-z]+ed|done|written|taken|made|set|built|build|held|sent|shown|given|run|put|kept|drawn|begun|found|brought|chosen|redone|rewritten|rebuilt)\b)"
);

/// Verbs of work `WILL` takes after `will` / `we'll` besides the ones its
/// pattern names: the agent's own work (`felix will offer a weekly open
/// door session`, `dNation will demo some stuff`, `Will redo this on SCS
/// KaaS`, `@x will sync regarding options`). Verbs said as readily of a
/// thing (`this will improve`, `the release will include`, `it will
/// ensure`) stay out. The keyword scan reads them as `WILL_VERB`s.
#[rustfmt::skip]
pub const MORE_WILL_VERBS: &[&str] = &[
    "redeploy", "define", "finish", "verify", "activate", "ping", "merge", "coordinate", "align",
    "rework", "refine", "adapt", "adjust", "submit", "upload", "rename", "finalize", "finalise",
    "validate", "develop", "gather", "bump", "remove", "resend", "offer", "demo", "redo",
    "backport", "track", "push", "analyze", "analyse", "sync", "represent", "upgrade", "install",
    "configure", "host", "moderate", "record", "rebase", "approve", "nominate", "revisit", "reply",
    "respond", "assess", "explore", "research",
];

// Future work with `will`: `will send`, `will be (slightly) merged`, `we'll file`.
re!(
    WILL,
    &format!(
        r"(?i)(?:\bwill\s+(?:also\s+|then\s+|now\s+|probably\s+|try\s+to\s+|for now\s+|first\s+|soon\s+)?(?:be\s+(?:further\s+|also\s+|then\s+|properly\s+|[a-z]+ly\s+)?(?:[a-z]+ed|done|written|held|sent|set|shown|given|run|built|made|kept|taken|put|drawn|presented|updated|merged|cut|rebuilt|rewritten|redone|found|brought|told|chosen|begun|spread)\b|be\s+available\b|(?:{more}|do|send|talk|take|write|look|check|create|prepare|ask|provide|present|add|update|open|file|set|share|follow|reach|bring|organi[sz]e|review|work|contact|invite|start|move|test|implement|publish|happen|need|come|try|discuss|clarify|investigate|collect|draft|help|report|fix|schedule|give|position|have a look|propose|announce|continue|summari[sz]e|reach|migrate|build|deploy|switch|setup|replace|address|ship|produce|showcase|put|document|evaluate|go through|make\s+(?:sure|a|an|progress)\b)\b)|\b(?:we|i|they|he|she)'ll\s+(?:{more}|do|file|send|take|write|look|check|create|prepare|ask|provide|present|add|update|open|set|share|follow|reach|bring|review|work|contact|invite|start|move|test|implement|publish|try|discuss|clarify|collect|draft|help|report|fix|schedule|give|propose|announce|continue|need|get|make|address|ship|produce|improve|showcase|put|document|evaluate|go through)\b)",
        more = MORE_WILL_VERBS.join("|")
    )
);

/// The verb part of `IMPERATIVE`: an optional softener, a verb, more text;
/// or `do` and its object (`Do it!`, `Do this as part of VP01`, `Do the
/// same for KaaS`; not `Do we ...?` nor `Do not ...`).
const IMPERATIVE_VERB: &str = r"(?i:just\s+|then\s+|please\s+|also\s+|possibly\s+|now\s+|definitely\s+|double[- ])?(?:(?i:do)\s+(?i:(?:it|this|that)\b|(?:the|a|an|some|more)\s)|(?i:deploy|redeploy|add|ask|check|detect|clarify|collect|contact|create|define|document|draft|evaluate|find|finish|fix|implement|include|investigate|invite|prepare|provide|publish|put|reach out|remove|resend|schedule|send|set up|setup|share|test|update|verify|write|activate|announce|change|clean up|clear up|tidy up|organi[sz]e|ping|propose|merge|migrate|file|follow|look into|discuss|talk to|get in touch|coordinate|align|extend|improve|rework|refine|adapt|adjust|submit|upload|move|make|complete|rename|replace|finali[sz]e|validate|start|continue|ensure|bring|develop|integrate|handle|gather|bump|poke|perform|split|stabili[sz]e|communicate|encourage|seek|conclude|take|think about|see if|see whether|pick up|aim for|rebuild|connect with|(?-i:[Gg]et))\s+\S)";

/// An arrow opening a unit's text, before what follows from the line
/// above (`=> document this`, `--> check if ...`).
const ARROW: &str = r"(?:(?:-{1,2}>|=>|→)\s*)?";

// Imperative work verbs opening a unit (after an optional arrow and an
// optional `Label:`).
re!(
    IMPERATIVE,
    &format!(r"^{ARROW}(?:[^:]{{1,40}}:\s+)?{IMPERATIVE_VERB}")
);

// The same verb opening the text (the label of `IMPERATIVE` is optional,
// and where both readings match, the regex reports the label's).
re!(IMPERATIVE_OPEN, &format!("^{ARROW}{IMPERATIVE_VERB}"));

/// Object pronouns: the word before one, opening a text, may be a verb
/// (see [`verb_before_pronoun`]); the keyword scan reads the same words.
pub const OBJECT_PRONOUNS: &[&str] = &["it", "them", "this", "these", "those", "him"];

// A word, then an object pronoun, opening the text or its `Label:` text
// (`Push it out now`, `Prioritize this`, `Review it: <PR>`): see
// [`verb_before_pronoun`].
re!(
    VERB_BEFORE_PRONOUN,
    &format!(
        r"^{ARROW}(?:[^:]{{1,40}}:\s+)?([A-Za-z][a-z]+) ({})\b(?: ([A-Za-z]+))?",
        OBJECT_PRONOUNS.join("|")
    )
);

/// Words that open a text before an object pronoun without being a verb
/// giving work: auxiliaries and modals (`Is this`, `Does it`), question
/// words, conjunctions, prepositions and adverbs (`If this`, `Maybe it`,
/// `Overall it`), verbs of thinking or telling (`Hope this`, `Note that`,
/// `See this`, `Expect this to`), past forms (`Made it`), `need`/`want`,
/// which the need rule reads, and the verbs of guidance rather than work:
/// `Keep it simple`, `Try it: $ osism apply ...` (an instruction to
/// readers, which the contract's own labels leave out).
#[rustfmt::skip]
const NOT_VERBS_BEFORE_PRONOUN: &[&str] = &[
    "is", "was", "are", "were", "been", "has", "have", "had", "can", "could", "will", "would",
    "should", "must", "may", "might", "shall", "does", "did", "why", "how", "what", "when", "where",
    "who", "whom", "whose", "which", "whether", "about", "for", "with", "from", "like", "after",
    "before", "without", "and", "but", "nor", "yet", "then", "because", "since", "until", "once",
    "unless", "while", "though", "although", "into", "onto", "over", "under", "all", "both", "each",
    "every", "any", "some", "most", "many", "more", "less", "not", "only", "just", "even",
    "overall", "otherwise", "therefore", "hence", "thus", "maybe", "perhaps", "yes", "okay", "now",
    "today", "tomorrow", "yesterday", "here", "there", "again", "still", "always", "never", "often",
    "thanks", "thank", "hope", "guess", "think", "believe", "suppose", "feel", "agree", "love",
    "see", "note", "notice", "let", "say", "said", "given", "per", "via", "than", "whereas", "imho",
    "btw", "fyi", "everything", "anything", "something", "nothing", "know", "hear", "saw", "heard",
    "found", "made", "got", "took", "gave", "left", "kept", "brought", "sent", "built", "wrote",
    "seem", "need", "want", "also", "the", "far", "expect", "keep", "except", "try",
];

/// Words after `this`, `these`, `those` that make them a time (`Restart
/// this week`), not an object.
#[rustfmt::skip]
const TIME_WORDS: &[&str] = &[
    "week", "weeks", "weekend", "month", "months", "year", "years", "time", "times", "morning",
    "afternoon", "evening", "quarter", "sprint", "release", "cycle", "round", "days", "day",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
];

/// The text opens (after an arrow and a `Label:`) with a verb and its
/// object pronoun: `Push it out now, could follow up with CSP perspective`,
/// `prioritize this`, `Review it: [PR#567](...)`, `Drop it if none is
/// found`, `Require this in the key-manager standard`. A pronoun after a
/// word is its object only when that word is a verb: not a word of
/// [`NOT_VERBS_BEFORE_PRONOUN`], not an `-ing`, `-ed` or `-ly` form nor a
/// third-person `-s` (`Makes it possible`, `Things that`), and not before
/// a time (`Restart this week`). `that` is left out: after a noun it opens
/// a relative clause (`overhead that seems unnecessary`).
pub fn verb_before_pronoun(text: &str) -> bool {
    let Some(c) = VERB_BEFORE_PRONOUN.captures(text) else {
        return false;
    };
    let w = c[1].to_ascii_lowercase();
    let time = matches!(&c[2], "this" | "these" | "those")
        && c.get(3).is_some_and(|n| one_of(n.as_str(), TIME_WORDS));
    // `Makes it`, `Things that`: a third person or a plural (not `Discuss`).
    let third_person = w.ends_with('s') && !w.ends_with("ss");
    let form = ["ing", "ed", "ly"].iter().any(|e| w.ends_with(e)) || third_person;
    w.len() >= 3 && !one_of(&w, NOT_VERBS_BEFORE_PRONOUN) && !form && !time
}

/// Nouns that make `test` the first word of a compound (`Test setup with
/// multiple Keycloaks`, `Test cases for ...`): a thing, not an imperative.
const TEST_NOUNS: &str = "setups?|cases?|scripts?|suites?|environments?|results?|procedures?|playbooks?|tools?|plans?|coverage|runs?|infrastructure|frameworks?|reports?|matrix|collections?|subjects?";

// An imperative verb used as a noun: `Update on the efforts`, `Review of`,
// `Test setup with`.
re!(
    IMPERATIVE_NOUN,
    &format!(
        r"(?i)^{ARROW}(?:[^:]{{1,40}}:\s+)?(?:(?:update|review|change|test|check|merge|fix|setup|set up|draft|document|file|move|share|schedule|look|discussion|talk|follow)s?\s+(?:on|of|from|about|regarding|by|status)|test\s+(?:{TEST_NOUNS}))\b"
    )
);

// Gaps: something missing, unsupported, unresolved or blocked.
re!(
    GAP,
    concat!(
        r"(?i)(?:\bgaps?\b|\bopen questions?\b|\bopen decis+ions?\b|\bstill open\b|\bunclear\b|\btb[ad]\b|\bto be (?:clarified|discussed|decided|defined|determined)\b|\bnot (?:yet )?(?:fully |sufficiently |well |properly )?(?:supported|implemented|available|possible|standardi[sz]ed|working|taken into account|covered|solved|resolved|defined|clear|ready|allowed|merged|enough|achieved|reached|installed|configured|usable|compatible|tested|maintained|known|there|assigned|completed?|documented|described|specified)\b|\bremaining (?:conflicts?|issues?|instabilit(?:y|ies)|problems?|errors?|failures?)\b|\brequires? [^.;]{0,40}\bupstream\b|\b(?:does ?n[o']t|do ?n[o']t|can ?not|can't|is ?n[o']t|are ?n[o']t|has ?n[o']t|have ?n[o']t|won't|will not)\s+(?:seem\s+to\s+)?(?:yet\s+)?(?:fully\s+)?(?:easily\s+)?(?:be\s+)?(?:fully\s+)?(?:support|allow|work|exist|have a notion|have (?:any |[\w-]{3,} )?support|know|provide|cover|scale|handle|assigned|found|been|contain|solved|resolved|test|play (?:well|nice))\w*|\bun(?:resolved|solved)\b|\black(?:s|ed|ing)?\b|\bmissing\b|\bblock(?:ed|er|ers)\b|\bwait(?:ing)? for (?:an? |the )?upstream\b|\bhave to wait\b|\bupstream fix\b|\bfail(?:s|ed|ing|ures?)?\b|\bbroke(?:n)?\b|\bbugs?\b|\btrouble\b|\bproblem\b|\bregression\b|\bdepends on\b|\bdependency on\b|\bdependent on\b|\bno (?:immediate )?conclusion\b|\bnot enough\b|\bneeds? (?:a )?decision\b|\bneeds? [^.;]{0,60}\bfrom\b|\bnot (?:yet )?(?:fully )?(?:been )?implemented\b|\binsufficient\b|\bdeficien(?:t|cy|cies)\b|\bincomplete\b|\bincompatib(?:le|ility)\b|\bno\s+(?:[\w-]+\s+){1,3}available\b|\bno\s+(?:[\w-]+\s+){1,3}(?:as\s+)?yet\b|\bno possibility to\b|\bnot yet (?:integrated|containeri[sz]ed|finished|determined|scheduled|upgraded|decided|deployed|released|fixed|addressed|updated|migrated|published|reviewed|approved|started|done)\b|\bno\s+way\s+(?:to|for)\b|\bwaiting (?:for|on)\b|\bnot yet in [\w-]+\s*(?:[.)]|$)|",
        r"\bno longer ",
        no_longer_words!(),
        r"\b)"
    )
);

// A gap that the minutes present as overcome, or a mere risk.
re!(
    GAP_OVERCOME,
    r"(?i)\b(?:fixed|resolved|resolves|solved|addressed|workaround|no longer|potential|risks?|achieved|succeeded|works now|has been added|have been added|no (?:\w+ )?(?:\w+ (?:or|and|nor) )?(?:blockers?|problems?|bugs?|regressions?|failures?)|not an? (?:\w+ )?(?:problem|issue|blocker|bug))\b"
);

// A list item that only labels its children as gaps (its whole text).
re!(
    GAP_LABEL,
    r"(?i)^(?:still\s+)?(?:missing|open questions?|questions? to be (?:answered|clarified|discussed|decided)|gaps?|blockers?|unresolved|unclear|tbd)\s*:?$"
);

// A unit that opens a list of standing rules or reminders, not of work:
// `When adding items to the agenda, please note:`, `please keep in mind:`,
// `adhere to the following basic rules:`; and an instruction that holds
// only when something happens (`If your topic requires ..., please make
// sure ...`). Neither it nor its list are follow-ups.
re!(
    GUIDELINE,
    r"(?i)(?:\bplease\s+(?:note|keep in mind|bear in mind|remember)\s*:$|\bfollowing\s+(?:[a-z]+\s+)?(?:rules|guidelines)\s*:$|^\W*(?:when|whenever|if)\b[^,.;:?!]{1,80},\s*please\b)"
);

// ... of open questions: only the children that ask are gaps.
re!(GAP_LABEL_QUESTIONS, r"(?i)question");

// Open-question markers keep a question as a gap.
re!(
    OPEN_QUESTION,
    r"(?i)\b(?:open questions?|still open|unclear|tbd|to be (?:clarified|discussed|decided))\b"
);

// Cancellation of a future meeting.
re!(
    CANCEL,
    r"(?i)(?:\bcancel(?:l?ed|s|ling|lation)?\b|\bno\s+(?:[\w&/+-]+\s+){0,3}(?:call|meeting|session|sync|standup|jour fixe)s?\b|\bskip(?:ping)?\b|\bwill not take place\b|\bwon't take place\b|\bdoes ?n[o']t take place\b|\bis off\b|\b(?:to|will) be skipped\b)"
);
re!(
    CANCEL_PAST,
    r"(?i)\b(?:was|were|has been|have been|had been|got|got been)\s+(?:\w+\s+)?(?:cancel(?:l)?ed|skipped)\b|\bskipped\b|\bno\s+(?:\w+\s+){0,2}(?:call|meeting)s?\s+(?:took place|happened|last)\b"
);
// A child that only says "cancel".
re!(
    CANCEL_ONLY,
    r"(?i)^(?:[-=]+>\s*|→\s*)?(?:cancel(?:l?ed)?|will be cancel(?:l)?ed)[.!]?$"
);

/// The text only says "cancel" (`CANCEL_ONLY`). The pattern opens with an
/// arrow, `cancel` or `will` (no other letters fold to theirs): other texts
/// are settled by their first byte.
pub fn cancel_only(text: &str) -> bool {
    matches!(
        text.as_bytes().first(),
        Some(b'-' | b'=' | 0xe2 | b'c' | b'C' | b'w' | b'W')
    ) && CANCEL_ONLY.is_match(text)
}

// Recurring chores after the meeting: reporting, transferring the minutes.
re!(
    CHORE,
    r"(?i)(?:\breport(?:s|ing|er)?\s+(?:in|at|to|for)\s+(?:the\s+)?(?:next\s+|weekly\s+)?(?:community|ops|team|tech)|\breport(?:s|ing)?\s+(?:&|and)\s+minutes|\bcommunity call\s*:|\bpresent(?:s|ing|er)?\s+in\s+(?:the\s+)?(?:\w+\s+)?community|\bminutes?\s+transfer|\btransfer(?:r?ing)?\s+(?:of\s+)?(?:the\s+)?minutes|\btransfer(?:r?ing)?\s+(?:the\s+)?(?:pad|etherpad)|\bfeeds?\s+minutes|\b(?:pad|etherpad)\s+(?:content\s+)?(?:to|in)(?:to)?\s+(?:the\s+)?minutes|\bminutes\s+(?:into|to)\s+(?:the\s+)?(?:minutes\s+)?(?:repo|github)|\bminutes?\b[^:@]{1,30}?\btransfer)"
);

// Who takes notes during the meeting.
re!(
    NOTE_TAKER,
    r"(?i)^(?:minutes|minute[- ]?tak(?:ing|er)|note[- ]?tak(?:ing|er)|notes(?: taken)?(?: by)?|protocol|responsible for (?:the )?minutes(?: is)?|minutes (?:by|taken by)|scribe)\s*:?\s*(?:is\s+)?(@?[A-Za-z][\w.-]*(?:\s+[A-Z][\w-]*)?)\s*$"
);

// Lines that label, not assign: sponsors, presenters, participants.
re!(
    LABEL_LINE,
    r"(?i)^(?:sponsor|sponsored by|presenter|presented by|moderator|moderation|host|chair|facilitator|report(?:ed)? by|lead|participants?|attendees|attendance|present|agenda|minutes|info|fyi|slides|recording|pad|link|links|see|source)\b\s*:?"
);

// Participants section headings.
re!(
    PARTICIPANTS_HEADING,
    r"(?i)\b(?:participants?|attendees|attendance|teilnehmer\w*|present)\b"
);

// Done markers in a unit's own text.
re!(
    DONE,
    r"(?i)(?:(?:^|->|=>|→|\(|:|;|,|\s-\s|\s)\s*(?:done|closed|merged|erledigt)\b\s*(?:[-:,.;!)]|https?://|$)|(?:^|->|=>|→|:|;|,|\s-\s)\s*(?:done|closed|merged)\s*\(|(?:^|:)\s*done\s+for\b|(?-i:\bDONE\b)|✅|✔|☑|\b(?:done|merged|closed|resolved|fixed)\s*[.!)]*\s*$)"
);
re!(
    NOT_DONE,
    r"(?i)\b(?:will|to|not|almost|mostly|partially|nearly|partly|being|be|get|gets|once|until|when|if|after)\s+(?:be\s+)?(?:done|merged|closed)\b|\bdone\s+(?:by|with|until|in|when|after|before|once)\b|\b(?:done|merged|closed)\b[,;.]?\s+(?:now|then|next|but|wait|and then|so far)\b"
);

// A status word in a child: `done`, `ongoing`, `merged`, `Resolved? Yes`.
re!(
    STATUS_WORDS,
    r"(?i)^(?:status\s*:?\s*|resolved\s*\??\s*:?\s*|[-=]+>\s*|→\s*)?(?:done|closed|merged|fixed|resolved|yes|erledigt|ongoing|in progress|wip|still open|open|pending|postponed|not yet|partly done|partially done|mostly done|in review|blocked|cancel(?:l?ed)?)(?:\s*[,;:.!?(\-]|\s+see\b|\s+https?://|\s*$)"
);
// The text is only handles; [`only_handles`] decides it without the regex,
// which stays as the tests' oracle.
#[cfg(test)]
re!(
    ONLY_HANDLES,
    &format!(r"^\s*(?:{HANDLE}\s*(?:\([^)]*\))?\s*(?:[,;/&]|\band\b)?\s*)+$")
);

/// The text is one or more handles, each optionally followed by a
/// parenthetical and a separator (`,`, `;`, `/`, `&`, `and`):
/// `@a (lead), @b and @c`. Decides what `ONLY_HANDLES` matches, in one
/// pass: a handle runs as far as handle characters go (no shorter reading
/// leaves the rest to anything else), a parenthetical to its first `)`.
pub fn only_handles(text: &str) -> bool {
    let b = text.as_bytes();
    let n = b.len();
    // Unicode white space, as the pattern's `\s`.
    let ws = |mut i: usize| {
        while i < n {
            match b[i] {
                b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => i += 1,
                c if c >= 0x80 => match text[i..].chars().next() {
                    Some(ch) if ch.is_whitespace() => i += ch.len_utf8(),
                    _ => break,
                },
                _ => break,
            }
        }
        i
    };
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = ws(0);
    let mut any = false;
    loop {
        if i == n {
            return any;
        }
        if b[i] != b'@' || !b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric) {
            return false;
        }
        let mut j = i + 2;
        while j < n && (word(b[j]) || matches!(b[j], b'.' | b'-')) {
            j += 1;
        }
        if matches!(b[j - 1], b'.' | b'-') {
            return false;
        }
        i = ws(j);
        if b.get(i) == Some(&b'(') {
            match memchr::memchr(b')', &b[i + 1..]) {
                Some(k) => i = ws(i + 1 + k + 1),
                None => return false,
            }
        }
        if i < n && matches!(b[i], b',' | b';' | b'/' | b'&') {
            i += 1;
        } else if b[i..].starts_with(b"and")
            && (i == 0 || !word(b[i - 1]))
            && !b.get(i + 3).is_some_and(|&c| word(c))
        {
            i += 3;
        }
        i = ws(i);
        any = true;
    }
}
re!(
    STATUS_DONE,
    r"(?i)^(?:status\b\s*:?\s*|resolved\b\s*\??\s*:?\s*|[-=]+>\s*|→\s*)?(?:done|closed|merged|fixed|resolved|yes|erledigt)\b|✅"
);

// Issue and pull-request references.
re!(REF_SHORT, r"(?:^|[\s(\[,;:])((?:[A-Za-z][\w.-]*/?)?#\d+)\b");
re!(
    GITHUB_URL,
    r"https?://github\.com/[\w.-]+/[\w.-]+/(?:issues|pull)/\d+"
);
re!(URL, r"<?https?://\S+>?");

/// The end of the leading markers of `text` (`LEADING_MARKERS`), if any.
/// Each alternative of the pattern opens with white space, an arrow, `*`,
/// `_`, `(`, `A`, `a`, `T` or `t`: other texts are settled by their first
/// byte (the lead bytes of non-ASCII white space and `→` included).
pub fn leading_markers_end(text: &str) -> Option<usize> {
    let first = *text.as_bytes().first()?;
    if !matches!(
        first,
        b'\t'..=b'\r'
            | b' '
            | 0xc2
            | 0xe1..=0xe3
            | b'-'
            | b'='
            | b'*'
            | b'_'
            | b'('
            | b'A'
            | b'a'
            | b'T'
            | b't'
    ) {
        return None;
    }
    LEADING_MARKERS.find(text).map(|m| m.end())
}

// Leading markers stripped from an item's text (a dash that separates
// them from the text too: `AI - nice to have: ...`).
re!(
    LEADING_MARKERS,
    r"^(?:\s*(?:[-=]{1,2}>|→|[-–—]\s|[*_]+|\(?AI\)?\b:?|[Aa]ction(?: [Ii]tems?)?\s*:|TODOs?\b:?|ToDos?\b:?|To Do:|todo:)\s*(?:@[\w.-]+\s*(?::|[-–—]\s))?)+"
);

// Questions asked in the meeting.
re!(QUESTION_THEN_ARROW, r"\?\s*(?:-{1,2}>|→|=>)\s*\S");
// A question answered right after it: `? -> Yes`, `? YES.`, `? no,`.
re!(
    ANSWERED_QUESTION,
    r"(?i)\?\s*(?:(?:-{1,2}>|→|=>)\s*)?(?:yes|no)\b(?:\s*[.:,;!)-]|\s*$)"
);

// ... that was given already: `Jan had a talk about ...`.
re!(
    PAST_TALK,
    r"(?i)\b(?:had|gave|held)\s+(?:a|an|the|two|three|\d)\s+(?:[a-z]+\s+)?(?:talk|presentation|keynote|pitch|panel)"
);

// Event lines: a talk or presentation.
re!(
    TALK,
    r"(?i)\b(?:talk|presentation|presenting|presents?|keynote|speaker|speaking|lightning|pitch(?:es)?|panels?|introduce)\b"
);

// Agreements and decisions (not scored, kept for the tracker).
re!(
    DECISION,
    r"(?i)^(?:decision|decided|agreed|agreement|resolution)\b|\bconsensus\b|\bno objections?\b|\bwe (?:decided|agreed)\b"
);

/// Words that are never owners even when capitalised at a clause start.
pub const NOT_NAMES: &[&str] = &[
    // Days and months read as names in a parenthesis (`tomorrow (Friday)`).
    "Monday",
    "Mon",
    "Tue",
    "Wed",
    "Thu",
    "Fri",
    "Sat",
    "Sun",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "We",
    "It",
    "This",
    "That",
    "There",
    "They",
    "He",
    "She",
    "Who",
    "Whom",
    "Whose",
    "What",
    "Next",
    "Also",
    "Team",
    "All",
    "Everyone",
    "Someone",
    "Somebody",
    "Nobody",
    "Anyone",
    "Everybody",
    "The",
    "A",
    "An",
    "And",
    "Or",
    "But",
    "If",
    "When",
    "Then",
    "Now",
    "Today",
    "Tomorrow",
    "Please",
    "Need",
    "Needs",
    "Plan",
    "Plans",
    "Nothing",
    "Each",
    "Every",
    "Both",
    "Somebody",
    "Who",
    "Which",
    "Where",
    "Why",
    "How",
    "Maybe",
    "Probably",
    "Still",
    "Work",
    "Focus",
    "Goal",
    "Idea",
    "Proposal",
    // Common nouns before `to` / `will` (`Epic to track this`, `Recap
    // will follow`, `Tool to create control planes`). Not `Breakout`,
    // `Survey`, `Container`: their units state work (`Breakout to clarify
    // the R4 scope (@fkr)`), which only the name reading finds.
    "Epic",
    "Tool",
    "Tools",
    "Manual",
    "Automated",
    "Schema",
    "Recap",
    "Patch",
    "Way",
    "Initial",
    "Interest",
    "Rest",
    "Badge",
    "Decision",
    "Question",
    "Status",
    "Update",
    "Discussion",
    "Agenda",
    "Topic",
    "Topics",
    "Meeting",
    "Call",
    "Standard",
    "Standards",
    "Issue",
    "Issues",
    "Docs",
    "Documentation",
    "Release",
    "Community",
    "Project",
    "Board",
    "Group",
    "Members",
    "Participants",
    "People",
    "Move",
    "Switch",
    "Go",
    "Going",
    "Ready",
    "Time",
    "Nice",
    "Good",
    "Great",
    "Happy",
    "Welcome",
    "Due",
    "Decide",
    "Discuss",
    "Talk",
    "Start",
    "Try",
    "Want",
    "Wants",
    "Need",
    "Have",
    "Has",
    "Had",
    "Is",
    "Are",
    "Was",
    "Were",
    "Be",
    "Been",
    "Yes",
    "No",
    "Not",
    "So",
    "As",
    "In",
    "On",
    "At",
    "For",
    "With",
    "From",
    "By",
    "Of",
    "To",
    "Our",
    "Your",
    "Their",
    "His",
    "Her",
    "Its",
    "My",
    "Some",
    "Many",
    "Most",
    "More",
    "Any",
    "Other",
    "Others",
    "Users",
    "User",
    "Customers",
    "Operators",
    "Providers",
    "Partners",
    "Note",
    "Submit",
    "Get",
    "Come",
    "Reach",
    "Ask",
    "Plan",
    "Back",
    "Hand",
    "Send",
    "Make",
    "Keep",
    "Continue",
    "Return",
    "Contribute",
    "Migrate",
    "Upgrade",
    "Change",
    "Refer",
    "Link",
    "Point",
    "Lead",
    "Push",
    "Pull",
    "Write",
    "Read",
    "Add",
    "Use",
    "Added",
    "Proposed",
    "Moved",
    "Agreed",
    "Asked",
    "Planned",
    "Needed",
    "Wanted",
    "Decided",
    "Tried",
    "Started",
    "Going",
    "Able",
    "Nice",
    "First",
    "Second",
    "Last",
    "Later",
];

/// Adjectives that take `to` and a verb (`Easy to implement`, `Important to
/// have`): at a clause start they are not names.
pub const TO_ADJECTIVES: &[&str] = &[
    "easy",
    "easier",
    "hard",
    "harder",
    "difficult",
    "important",
    "helpful",
    "useful",
    "tricky",
    "best",
    "better",
    "possible",
    "impossible",
    "necessary",
    "sufficient",
    "likely",
    "unlikely",
    "essential",
    "crucial",
    "required",
    "preferred",
    "free",
    "happy",
    "glad",
    "keen",
    "eager",
];

/// Verbs that take `to` and a verb (catenative verbs: `Seems to work`,
/// `Expect to bring`, `Managed to deploy`), as their base forms.
pub const CATENATIVE_VERBS: &[&str] = &[
    "seem",
    "start",
    "begin",
    "continue",
    "allow",
    "require",
    "help",
    "tend",
    "try",
    "manage",
    "fail",
    "use",
    "come",
    "forget",
    "design",
    "intend",
    "expect",
    "hope",
    "suggest",
    "request",
    "attempt",
    "prefer",
    "agree",
    "decide",
    "plan",
    "want",
    "need",
    "like",
    "learn",
    "offer",
    "promise",
    "refuse",
    "choose",
    "claim",
    "afford",
    "deserve",
    "prepare",
    "mandate",
    "motivate",
    "encourage",
    "remember",
    "wish",
    "aim",
    "strive",
    "opt",
    "volunteer",
];

/// A capitalised word that is an adjective or a verb taking `to` and a verb
/// (any of `-s`, `-es`, `-ies`, `-d`, `-ed` forms, and `came`, `forgot`).
pub fn takes_to_infinitive(word: &str) -> bool {
    let w = word.to_ascii_lowercase();
    if TO_ADJECTIVES.contains(&w.as_str()) || matches!(w.as_str(), "came" | "forgot") {
        return true;
    }
    let verb = |base: &str| CATENATIVE_VERBS.contains(&base);
    // `tries`, `tried` -> `try`.
    let y_verb = |base: &str| {
        CATENATIVE_VERBS
            .iter()
            .any(|v| v.strip_suffix('y') == Some(base))
    };
    verb(&w)
        || ["s", "es", "d", "ed"]
            .iter()
            .any(|sfx| w.strip_suffix(sfx).is_some_and(verb))
        || ["ies", "ied"]
            .iter()
            .any(|sfx| w.strip_suffix(sfx).is_some_and(y_verb))
}

/// Handles that name a group, not an owner (`@all`).
pub const GROUP_HANDLES: &[&str] = &["all", "team", "everyone", "here", "channel", "we"];

// Comment-only children: links, handles, refs and punctuation.
re!(
    COMMENT_ONLY,
    &format!(r"^(?:\s|[^\p{{L}}\p{{N}}]|<?https?://\S+|{HANDLE}|(?:[A-Za-z][\w.-]*/?)?#\d+)*$")
);

/// The text is only links, handles, refs and punctuation (`COMMENT_ONLY`).
/// Without a `@`, a `#` or an `http`, only white space and characters that
/// are neither letters nor digits are left to match, so an ASCII letter or
/// digit settles it.
pub fn comment_only_pattern(text: &str) -> bool {
    let b = text.as_bytes();
    if memchr::memchr2(b'@', b'#', b).is_none()
        && memchr::memmem::find(b, b"http").is_none()
        && b.iter().any(u8::is_ascii_alphanumeric)
    {
        return false;
    }
    COMMENT_ONLY.is_match(text)
}

/// Nouns that look like names at a clause start (`Automation to pull ...`).
pub const NOUN_SUFFIXES: &[&str] = &[
    "tion", "sion", "ment", "ness", "ity", "ance", "ence", "ing", "ure", "ism", "ogy", "ics", "age",
];

// Progress reports and opinions: not work for after the meeting.
re!(REPORT, r"(?i)\b(?:wip|in progress|underway|under way)\b");
re!(
    OPINION,
    r"(?i)\bI (?:suppose|think|guess|believe|feel)\b|\bin favou?r\b|\bper se\b"
);
// A parent that lists risks, options to choose from or their pros and
// cons, not work.
re!(
    RISK_LABEL,
    r"(?i)^(?:potential|possible)\s+(?:problems?|risks?|issues?)\b|^(?:risks?|options?|alternatives?|pros|cons|advantages|disadvantages)\b"
);

#[cfg(test)]
mod tests {
    use super::*;

    /// The keyword scan declines a sure need when a word of
    /// `REQUIREMENT_ADVERBS` or `STATE_VERBS` follows the modal; it stays
    /// conservative only while those lists hold every word the two rules
    /// read right after it.
    #[test]
    fn the_scan_reads_every_word_the_modal_rules_skip() {
        for w in ESTIMATE_ADVERBS {
            assert!(REQUIREMENT_ADVERBS.contains(w), "{w}");
        }
        for w in ["be", "work"] {
            assert!(STATE_VERBS.contains(&w), "{w}");
        }
    }

    /// `verb_after_to` searches the list by halves: out of order, a verb
    /// in it would not be found.
    #[test]
    fn verbs_after_to_are_sorted_and_found() {
        assert!(VERBS_AFTER_TO.windows(2).all(|w| w[0] < w[1]));
        assert!(VERBS_AFTER_TO.iter().all(|v| verb_after_to(v)));
        assert!(!verb_after_to("monthly") && !verb_after_to("upstream"));
        assert!(plural_noun("Benchmarks") && plural_noun("Options"));
        assert!(!plural_noun("Matthias") && !plural_noun("Anders") && !plural_noun("Jens"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(crate::extract::proptest_cases(20000)))]
        #[test]
        fn only_handles_decides_as_its_pattern(parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "@", "@a", "@Kurt", "@o-otte", "@h.baum", "a", "Z", "0", "_", ".", "-", " ", "  ",
                "\u{a0}", "\t", "\n", "(", ")", "(lead)", "x)", ",", ";", "/", "&", "and", "and ",
                " and ", "andy", "é", "→", ":", "@x_", "@9", "@-",
            ]),
            0..10,
        )) {
            let text: String = parts.concat();
            proptest::prop_assert_eq!(only_handles(&text), ONLY_HANDLES.is_match(&text), "{:?}", text);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(crate::extract::proptest_cases(20000)))]
        #[test]
        fn first_byte_checks_never_change_a_match(parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "@", "@a", "#12", "x#3", "http", "https://x.org/a", "<https://e.de>", "a", "Z",
                "0", "_", ".", "-", "->", "=>", "=", " ", "\u{a0}", "\u{3000}", "\t", "(", ")",
                "AI", "(AI)", "Action:", "action items:", "TODO", "ToDo", "To Do:", "todo:", "*",
                "__", "→", "cancel", "Cancelled", "CANCELED", "will be canceled",
                "Will be cancelled", "WILL BE CANCELLED", "!", "é", "ä1", ":", "&", "Todo:",
                "–", "—", "- ",
            ]),
            0..8,
        )) {
            let text: String = parts.concat();
            proptest::prop_assert_eq!(cancel_only(&text), CANCEL_ONLY.is_match(&text), "{:?}", text);
            proptest::prop_assert_eq!(
                comment_only_pattern(&text), COMMENT_ONLY.is_match(&text), "{:?}", text
            );
            proptest::prop_assert_eq!(
                leading_markers_end(&text),
                LEADING_MARKERS.find(&text).map(|m| m.end()),
                "{:?}", text
            );
        }
    }

    #[test]
    fn only_handles_cases() {
        for (text, want) in [
            ("@a", true),
            (" @a (lead), @b and @c.", false),
            (" @a (lead), @b and @c", true),
            ("@a@b", true),
            ("@a-", false),
            ("@a (open", false),
            ("@a andy", false),
            ("@a and", true),
            ("", false),
            ("@", false),
        ] {
            assert_eq!(only_handles(text), want, "{text:?}");
            assert_eq!(ONLY_HANDLES.is_match(text), want, "{text:?}");
        }
    }

    #[test]
    fn handles_are_found_as_the_handle_pattern_finds_them() {
        let re = compile(HANDLE);
        for text in [
            "@mbuechse: implement",
            "@o-otte, @hannes.baum. and @x-. @ @_a @9 a@b.c-d_ @e--",
            "mail@x.org (@Kurt) @@y",
            "",
            "@",
            "@a",
        ] {
            // The pattern, less the `@` of an address (`a@b.c`).
            let want: Vec<(usize, &str)> = re
                .captures_iter(text)
                .map(|c| (c.get(0).unwrap().start(), c.get(1).unwrap().as_str()))
                .filter(|&(at, _)| at == 0 || !handle_char(text.as_bytes()[at - 1]))
                .collect();
            let got: Vec<(usize, &str)> = handles(text).collect();
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn the_word_before_a_rule_word_starts_on_a_char_boundary() {
        let alpha = |c: char| c.is_ascii_alphabetic();
        assert_eq!(last_run_start("GAP →", alpha), "GAP →".len());
        assert_eq!(last_run_start("x →not", alpha), "x →".len());
        assert_eq!(last_run_start("not", alpha), 0);
        assert_eq!(last_run_start("", alpha), 0);
        assert!(!attributive_needed("→ needed", 4, 10));
        assert!(attributive_needed("→ the needed", 8, 14));
        assert!(!overcome("bug → not resolved"));
        assert!(overcome("bug → resolved"));
    }

    #[test]
    fn every_rule_compiles() {
        for r in [
            &EXPLICIT,
            &FRAMING,
            &GAP_LABEL,
            &GAP_LABEL_QUESTIONS,
            &GUIDELINE,
            &ASSIGN_HANDLE,
            &ABSENT,
            &TRAILING_HANDLES,
            &ASSIGN_NAME,
            &NEED,
            &WILL,
            &IMPERATIVE,
            &IMPERATIVE_OPEN,
            &VERB_BEFORE_PRONOUN,
            &GAP,
            &GAP_OVERCOME,
            &NO_LONGER_GAP,
            &OPEN_QUESTION,
            &CANCEL,
            &CANCEL_PAST,
            &CANCEL_ONLY,
            &CHORE,
            &NOTE_TAKER,
            &LABEL_LINE,
            &PARTICIPANTS_HEADING,
            &DONE,
            &NOT_DONE,
            &STATUS_WORDS,
            &STATUS_DONE,
            &REF_SHORT,
            &GITHUB_URL,
            &URL,
            &LEADING_MARKERS,
            &QUESTION_THEN_ARROW,
            &ANSWERED_QUESTION,
            &TALK,
            &PAST_TALK,
            &DECISION,
            &REPORT,
            &OPINION,
            &RISK_LABEL,
            &ONLY_HANDLES,
        ] {
            assert!(!r.as_str().is_empty());
        }
    }
}
