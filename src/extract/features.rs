//! One pass over a unit's words into a bit set of the rules that could match
//! it. A rule whose bit is clear cannot match, so its regex is never run:
//! most units of real minutes then cost this scan and no regex at all.
//!
//! The scan reads tokens, not only words: a rule's bit is set when the words
//! its pattern needs appear in the places the pattern needs them (`have to`,
//! `to be clarified`, a capitalised name right before `to`/`will`, an
//! imperative verb opening the unit or its `Label:` text, a handle followed by
//! `will`). Each condition is looser than its pattern, never stricter, so
//! gating changes speed, not results. `extract::parse_ungated` runs every rule
//! on every unit; the tests `the_keyword_gate_never_changes_a_result` (every
//! fixture) and `gate_is_conservative` (generated texts), and
//! `cargo bench --bench extract` (the whole corpus) compare both.
//!
//! Words are looked up in a hash table built once: each word is a role set
//! (what conditions it takes part in) and the bits it sets on its own.

use std::sync::LazyLock;

/// Rule groups; see `classify.rs` for which regexes each one gates.
pub mod bit {
    pub const EXPLICIT: u32 = 1 << 0;
    /// A `@` anywhere.
    pub const AT: u32 = 1 << 1;
    pub const NAME_VERB: u32 = 1 << 2;
    pub const NEED: u32 = 1 << 3;
    pub const WILL: u32 = 1 << 4;
    pub const IMPERATIVE: u32 = 1 << 5;
    pub const GAP: u32 = 1 << 6;
    pub const CANCEL: u32 = 1 << 7;
    pub const CHORE: u32 = 1 << 8;
    pub const DECISION: u32 = 1 << 9;
    /// A `?` followed by an arrow.
    pub const QUESTION_ARROW: u32 = 1 << 10;
    /// A handle placed where an assignment to it could be: after an arrow
    /// or `by`, before a verb, or closing the unit.
    pub const ASSIGN_AT: u32 = 1 << 11;
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
    /// The first word could open a framing label (`TODO:`, `Next steps`).
    pub const FRAME: u32 = 1 << 23;
    /// The first word could open a label line (`Sponsor:`, `Links`).
    pub const LABEL: u32 = 1 << 24;
    /// The first word could open a list of risks, options, pros or cons.
    pub const RISK: u32 = 1 << 25;
    /// A word that alone matches the gap rule (`missing`, `blocked`, `bug`).
    /// Unlike the others, a "sure" bit says the rule matches, not that it
    /// could: [`SURE`] lists them, and `parse_ungated` clears them.
    pub const GAP_SURE: u32 = 1 << 26;
    /// A word of a participants heading (`Participants`, `Teilnehmer`).
    pub const PARTICIPANTS: u32 = 1 << 27;
    /// A word that alone matches the need rule (`should`, `Please`).
    pub const NEED_SURE: u32 = 1 << 28;
    /// `will` and a verb that alone match the will rule (`will send`).
    pub const WILL_SURE: u32 = 1 << 29;
    /// A verb that matches the imperative rule where it stands (it opens
    /// the text or its `Label:` text, and more text follows).
    pub const IMPERATIVE_SURE: u32 = 1 << 30;
    /// An imperative verb used as a noun could be here (`Update on`,
    /// `Review of`): a noun of that rule right before its preposition.
    pub const IMPERATIVE_NOUN: u32 = 1 << 31;
    /// The bits that say a rule matches.
    pub const SURE: u32 = GAP_SURE | NEED_SURE | WILL_SURE | IMPERATIVE_SURE;
    /// Any bit that can make a unit an item on its own.
    pub const ANY_RULE: u32 = EXPLICIT
        | ASSIGN_AT
        | NAME_VERB
        | NEED
        | WILL
        | IMPERATIVE
        | GAP
        | CANCEL
        | CHORE
        | DECISION
        | QUESTION_ARROW;
}

use bit::*;

/// Roles a word plays in the conditions of the scan.
mod role {
    pub const TO: u64 = 1 << 0;
    pub const WILL: u64 = 1 << 1;
    pub const LL: u64 = 1 << 2;
    pub const T: u64 = 1 << 3;
    pub const DO: u64 = 1 << 4;
    pub const AI: u64 = 1 << 5;
    pub const NO: u64 = 1 << 6;
    pub const FOR: u64 = 1 << 7;
    pub const UP: u64 = 1 << 8;
    pub const REQUESTED: u64 = 1 << 9;
    pub const STEP: u64 = 1 << 10;
    pub const BE: u64 = 1 << 11;
    pub const OPEN: u64 = 1 << 12;
    pub const QUESTION: u64 = 1 << 13;
    pub const STILL: u64 = 1 << 14;
    pub const FROM: u64 = 1 << 15;
    pub const PLACE: u64 = 1 << 16;
    pub const OFF: u64 = 1 << 17;
    pub const CALL: u64 = 1 << 18;
    /// `call`, `meeting`, `session`, ...: cancelled after a `no`.
    pub const MEETING: u64 = 1 << 19;
    pub const COMMUNITY: u64 = 1 << 20;
    pub const MINUTE: u64 = 1 << 22;
    pub const MINUTES: u64 = 1 << 23;
    pub const FEED: u64 = 1 << 24;
    pub const PAD: u64 = 1 << 25;
    pub const WE: u64 = 1 << 27;
    pub const DECIDED: u64 = 1 << 28;
    pub const OBJECTION: u64 = 1 << 29;
    pub const NEXT: u64 = 1 << 30;
    /// Words before `to` in needs: `have to`, `plan to`, `want to`.
    pub const BEFORE_TO: u64 = 1 << 31;
    /// Words before `for` in needs: `planned for`, `ready for`.
    pub const BEFORE_FOR: u64 = 1 << 32;
    pub const REVIEW: u64 = 1 << 33;
    pub const FOLLOW: u64 = 1 << 34;
    pub const NEED: u64 = 1 << 35;
    pub const TAKE: u64 = 1 << 36;
    pub const IS: u64 = 1 << 37;
    /// Verbs after a handle: `@x will`, `@x to`, `@x checks`.
    pub const HANDLE_VERB: u64 = 1 << 38;
    /// `just`, `then`, `please` before an imperative verb.
    pub const SOFTENER: u64 = 1 << 39;
    /// `clarified`, `discussed`, ... after `to be`.
    pub const PARTICIPLE: u64 = 1 << 40;
    pub const IMPERATIVE: u64 = 1 << 41;
    /// Verbs after a name: `Kurt to`, `Kurt will`, `Kurt checks`.
    pub const NAME_VERB: u64 = 1 << 42;
    /// Words that open a decision: `Decision:`, `Agreed`.
    pub const DECISION_FIRST: u64 = 1 << 43;
    pub const LABEL_FIRST: u64 = 1 << 46;
    /// Words after `will` / `'ll` in future work.
    pub const WILL_NEXT: u64 = 1 << 47;
    pub const PRONOUN: u64 = 1 << 48;
    pub const WAIT: u64 = 1 << 49;
    /// `not` and its contractions (`cannot`, `doesnot`): a gap when a verb
    /// of [`GAP_VERBS`](super::GAP_VERBS) follows.
    pub const GAP_NOT: u64 = 1 << 50;
    /// Words between `not` and its verb: `not yet`, `cannot easily be`.
    pub const GAP_SKIP: u64 = 1 << 51;
    /// `upstream`: a gap after `for`, `a`, `an`, `the`, or before `fix`.
    pub const UPSTREAM: u64 = 1 << 44;
    pub const RISK_FIRST: u64 = 1 << 52;
    /// Matches the gap rule on its own (as a whole ASCII word).
    pub const GAP_SURE: u64 = 1 << 53;
    /// Matches the need rule on its own when written lower case or with a
    /// capital first letter (as a whole ASCII word).
    pub const NEED_SURE: u64 = 1 << 54;
    /// A verb that right after `will` matches the will rule.
    pub const WILL_VERB: u64 = 1 << 55;
    /// An imperative verb that is an alternative of the rule on its own
    /// (not the first word of `reach out`, `set up`, `look into`, ...).
    pub const IMPERATIVE_SURE: u64 = 1 << 21;
    /// The nouns and prepositions of `IMPERATIVE_NOUN` (`Update on`).
    pub const NOUN_VERB: u64 = 1 << 26;
    pub const NOUN_PREP: u64 = 1 << 45;
    /// `which`, `that`: a `will` after them may sit in a relative clause
    /// (`rules::relative_will`), so it is never sure on its own.
    pub const RELATIVE: u64 = 1 << 56;
    /// `available`: a gap within four words after a `no` (`no official
    /// containers available`).
    pub const AVAILABLE: u64 = 1 << 57;
    /// `require(s)`: with `upstream` after it a gap (`requires code changes
    /// upstream`).
    pub const REQUIRE: u64 = 1 << 58;
    /// `it`, `them`, `this`, ...: the word before them opening a text may
    /// be a verb (`rules::verb_before_pronoun`).
    pub const OBJECT_PRONOUN: u64 = 1 << 59;
}

/// (words, bits they set on their own, roles).
const WORDS: &[(&[&str], u32, u64)] = {
    use role as r;
    &[
        (&["todo", "todos"], EXPLICIT, 0),
        (&["ai"], 0, r::AI),
        (&["action"], EXPLICIT, 0),
        (&["do"], 0, r::DO | r::WILL_NEXT | r::IMPERATIVE),
        (&["dos"], 0, r::DO),
        (&["to"], 0, r::TO | r::HANDLE_VERB | r::NAME_VERB),
        (&["will"], 0, r::WILL | r::HANDLE_VERB | r::NAME_VERB),
        (&["ll"], 0, r::LL | r::HANDLE_VERB),
        (&["t"], 0, r::T),
        (&["takes"], 0, r::HANDLE_VERB | r::NAME_VERB),
        (&["take"], 0, r::TAKE | r::HANDLE_VERB | r::WILL_NEXT),
        (&["checks"], 0, r::HANDLE_VERB | r::NAME_VERB),
        (&["check"], 0, r::HANDLE_VERB | r::IMPERATIVE | r::WILL_NEXT),
        (&["is"], 0, r::IS | r::HANDLE_VERB),
        (&["offered", "offers", "promised"], 0, r::HANDLE_VERB),
        // `@x creates the PR`: work in the present tense right after a
        // handle opening the unit (`ASSIGN_HANDLE` reads which).
        (
            &[
                "creates",
                "writes",
                "prepares",
                "sends",
                "updates",
                "opens",
                "files",
                "provides",
                "reviews",
                "organizes",
                "organises",
                "schedules",
                "contacts",
                "invites",
                "drafts",
                "fixes",
                "adds",
                "brings",
                "coordinates",
                "handles",
                "implements",
                "tests",
                "publishes",
                "documents",
                "collects",
                "investigates",
                "clarifies",
                "finds",
                "pings",
                "builds",
                "follows",
                "reaches",
                "looks",
                "sets",
            ],
            0,
            r::HANDLE_VERB,
        ),
        (
            &["agreed"],
            0,
            r::HANDLE_VERB | r::BEFORE_TO | r::DECIDED | r::DECISION_FIRST,
        ),
        (
            &["decided"],
            0,
            r::DECIDED | r::PARTICIPLE | r::DECISION_FIRST,
        ),
        (&["decision"], 0, r::DECISION_FIRST | r::QUESTION),
        (&["decisions", "decission", "decissions"], 0, r::QUESTION),
        (&["agreement", "resolution"], 0, r::DECISION_FIRST),
        (&["consensus"], DECISION, 0),
        (&["tbw", "followup"], NEED, 0),
        (&["objection", "objections"], 0, r::OBJECTION),
        (&["we"], 0, r::WE | r::PRONOUN),
        (&["i"], OPINION, r::PRONOUN),
        (&["they", "he", "she"], 0, r::PRONOUN),
        (
            &["need", "needs"],
            NEED,
            r::NEED | r::WILL_NEXT | r::NEED_SURE,
        ),
        (
            &["needed", "should", "shall", "must", "wanted", "upcoming"],
            NEED,
            r::NEED_SURE,
        ),
        (&["contribute", "consider", "revisit"], NEED, r::NEED_SURE),
        (&["postpone", "postponed", "postpones"], NEED, r::NEED_SURE),
        // `moved to (the) next meeting`: a topic postponed (the need rule
        // reads the rest).
        (&["moved"], NEED, 0),
        // `is planned`, `being planned`, `in planning`: the need rule reads
        // the word before.
        (&["planned"], NEED, r::BEFORE_TO | r::BEFORE_FOR),
        (&["plan", "plans"], 0, r::BEFORE_TO),
        (&["planning"], NEED, r::BEFORE_TO),
        (&["has", "going", "like", "aim"], 0, r::BEFORE_TO),
        // `Want a label for ...` opening a unit is a need too.
        (&["want"], NEED, r::BEFORE_TO),
        // `Felix wants to make a retro`: a name before it owns the work.
        (&["wants"], 0, r::BEFORE_TO | r::NAME_VERB),
        (&["have"], 0, r::BEFORE_TO | r::WILL_NEXT),
        (&["try"], 0, r::BEFORE_TO | r::WILL_NEXT),
        (
            &["call"],
            0,
            r::BEFORE_TO | r::BEFORE_FOR | r::CALL | r::MEETING,
        ),
        (&["ready"], 0, r::BEFORE_FOR | r::BEFORE_TO),
        (&["request", "requests"], 0, r::BEFORE_FOR),
        (&["open"], 0, r::BEFORE_FOR | r::OPEN | r::WILL_NEXT),
        (&["for"], 0, r::FOR),
        (&["up"], 0, r::UP),
        (&["requested"], 0, r::REQUESTED),
        (&["review"], 0, r::REVIEW | r::WILL_NEXT),
        (&["follow"], 0, r::FOLLOW | r::IMPERATIVE | r::WILL_NEXT),
        (&["possible"], 0, r::RISK_FIRST),
        (&["attendees", "attendance", "present"], PARTICIPANTS, 0),
        (&["participant", "participants"], PARTICIPANTS, 0),
        (&["next"], 0, r::NEXT),
        (&["step", "steps"], 0, r::STEP),
        (&["be"], 0, r::BE | r::WILL_NEXT),
        (
            // `answered` only for the gap label `Questions to be answered:`.
            &[
                "clarified",
                "discussed",
                "defined",
                "determined",
                "answered",
            ],
            0,
            r::PARTICIPLE,
        ),
        (&["question", "questions"], 0, r::QUESTION),
        (&["still"], 0, r::STILL),
        (&["from"], 0, r::FROM),
        (&["wait"], 0, r::WAIT),
        (&["not"], NEGATION, r::GAP_NOT),
        (
            &[
                "yet",
                "fully",
                "easily",
                "be",
                "sufficiently",
                "well",
                "properly",
            ],
            0,
            r::GAP_SKIP,
        ),
        (&["no"], NEGATION, r::NO),
        (&["which", "that"], 0, r::RELATIVE),
        (&["available"], 0, r::AVAILABLE),
        (&["never"], NEGATION, 0),
        // `no longer working`: the gap rule reads the words around it.
        (&["longer"], GAP, 0),
        (
            &[
                "gap",
                "gaps",
                "unclear",
                "unresolved",
                "unsolved",
                "tbd",
                "tba",
                "insufficient",
                "deficient",
                "deficiency",
                "deficiencies",
                "incomplete",
                "incompatible",
                "incompatibility",
                "missing",
                "blocked",
                "blocker",
                "blockers",
                "broke",
                "broken",
                "bug",
                "bugs",
                "trouble",
                "problem",
                "regression",
                "lack",
                "lacks",
                "lacked",
                "lacking",
                "fail",
                "fails",
                "failed",
                "failing",
                "failure",
                "failures",
            ],
            GAP,
            r::GAP_SURE,
        ),
        (
            &[
                "depends",
                "dependency",
                "dependent",
                "conclusion",
                "remaining",
            ],
            GAP,
            0,
        ),
        (
            &[
                "cannot", "doesnot", "donot", "isnot", "arenot", "hasnot", "havenot",
            ],
            0,
            r::GAP_NOT,
        ),
        (&["upstream"], 0, r::UPSTREAM),
        (&["require", "requires"], 0, r::REQUIRE),
        // `waiting for`, `no possibility to`: the gap rule reads the rest.
        (&["waiting", "possibility"], GAP, 0),
        (
            &[
                "potential",
                "risk",
                "risks",
                "option",
                "options",
                "alternative",
                "alternatives",
                "pros",
                "cons",
                "advantages",
                "disadvantages",
            ],
            0,
            r::RISK_FIRST,
        ),
        (&["skip", "skipping", "skipped"], CANCEL, 0),
        (&["place"], 0, r::PLACE),
        (&["off"], 0, r::OFF),
        (
            &[
                "calls", "meeting", "meetings", "session", "sessions", "sync", "syncs", "standup",
                "standups", "fixe", "fixes",
            ],
            0,
            r::MEETING,
        ),
        (&["community"], 0, r::COMMUNITY),
        (&["minute"], 0, r::MINUTE),
        (&["minutes"], 0, r::MINUTE | r::MINUTES | r::LABEL_FIRST),
        (&["feed", "feeds"], 0, r::FEED),
        (&["pad"], 0, r::PAD | r::LABEL_FIRST),
        (&["etherpad"], 0, r::PAD),
        (
            &[
                "sponsor",
                "sponsored",
                "presenter",
                "presented",
                "moderator",
                "moderation",
                "host",
                "chair",
                "facilitator",
                "reported",
                "lead",
                "participant",
                "participants",
                "attendees",
                "attendance",
                "agenda",
                "info",
                "fyi",
                "slides",
                "recording",
                "link",
                "links",
                "see",
                "source",
            ],
            0,
            r::LABEL_FIRST,
        ),
        (&["just", "then"], 0, r::SOFTENER | r::WILL_NEXT),
        (&["also", "possibly", "now", "definitely"], 0, r::SOFTENER),
        // `Double-check X`, `Double check that ...`.
        (&["double"], 0, r::SOFTENER),
        (&["please"], NEED, r::SOFTENER | r::NEED_SURE),
        (
            &[
                "done", "closed", "merged", "erledigt", "fixed", "resolved", "yes",
            ],
            DONE,
            0,
        ),
        (&["wip", "progress", "underway", "way"], REPORT, 0),
        (&["favor", "favour", "per"], OPINION, 0),
        (
            &["could", "would", "might", "may", "if", "case"],
            CONDITIONAL,
            0,
        ),
        (&["talk"], 0, r::IMPERATIVE),
        // `will happen`: the will rule's verb, but an event taking place is
        // no work (`rules::event_happens`), so never sure on its own.
        (&["happen"], 0, r::WILL_NEXT),
        // `Feedback welcome`, `reviews appreciated`: requests (need rule).
        (&["welcome", "appreciated"], NEED, 0),
        // `one more approval would be nice`, `Would be nice to have PR
        // reviewed`: review requests (need rule), never sure on their own.
        (&["nice", "great", "helpful"], NEED, 0),
        (
            &[
                "talk",
                "presentation",
                "presenting",
                "keynote",
                "speaker",
                "speaking",
                "lightning",
                "pitch",
                "pitches",
                "panel",
                "panels",
                "introduce",
            ],
            TALK,
            0,
        ),
        // Imperative verbs: the alternatives of `IMPERATIVE` in rules.rs that
        // are one word (sure: the verb alone matches where it stands) ...
        (
            &[
                "check",
                "follow",
                "deploy",
                "redeploy",
                "detect",
                "add",
                "ask",
                "clarify",
                "collect",
                "contact",
                "create",
                "define",
                "document",
                "draft",
                "evaluate",
                "find",
                "finish",
                "fix",
                "implement",
                "include",
                "investigate",
                "invite",
                "prepare",
                "provide",
                "publish",
                "put",
                "remove",
                "resend",
                "schedule",
                "send",
                "setup",
                "share",
                "test",
                "update",
                "verify",
                "write",
                "activate",
                "announce",
                "change",
                "organize",
                "organise",
                "ping",
                "propose",
                "merge",
                "migrate",
                "file",
                "discuss",
                "coordinate",
                "align",
                "extend",
                "improve",
                "rework",
                "refine",
                "adapt",
                "adjust",
                "submit",
                "upload",
                "move",
                "make",
                "complete",
                "rename",
                "replace",
                "finalize",
                "finalise",
                "validate",
                "start",
                "continue",
                "ensure",
                "bring",
                "develop",
                "integrate",
                "handle",
                "get",
                "gather",
                "bump",
                "poke",
                "perform",
                "split",
                "stabilize",
                "stabilise",
                "communicate",
                "encourage",
                "seek",
                "conclude",
                "take",
                "rebuild",
            ],
            0,
            r::IMPERATIVE | r::IMPERATIVE_SURE,
        ),
        // ... and the first words of the others (`reach out`, `set up`,
        // `clean up`, `clear up`, `tidy up`, `look into`, `think about`,
        // `see if`, `pick up`, `aim for`, `connect with`, `get in touch`;
        // `talk to` above).
        (
            &[
                "reach", "set", "clean", "clear", "tidy", "look", "think", "see", "pick", "aim",
                "connect",
            ],
            0,
            r::IMPERATIVE,
        ),
        // `IMPERATIVE_NOUN`: a verb used as a noun (with its plural), then a
        // preposition (`set up` ends in `up`).
        (
            &[
                "update",
                "updates",
                "review",
                "reviews",
                "change",
                "changes",
                "test",
                "tests",
                "check",
                "checks",
                "merge",
                "merges",
                "fix",
                "fixs",
                "setup",
                "setups",
                "up",
                "ups",
                "draft",
                "drafts",
                "document",
                "documents",
                "file",
                "files",
                "move",
                "moves",
                "share",
                "shares",
                "schedule",
                "schedules",
                "look",
                "looks",
                "discussion",
                "discussions",
                "talk",
                "talks",
                "follow",
                "follows",
            ],
            0,
            r::NOUN_VERB,
        ),
        (
            &["on", "of", "from", "about", "regarding", "by", "status"],
            0,
            r::NOUN_PREP,
        ),
        // ... and the nouns after `test` (`rules::TEST_NOUNS`); after the
        // other verbs they only make the regex look.
        (
            &[
                "setup",
                "setups",
                "case",
                "cases",
                "script",
                "scripts",
                "suite",
                "suites",
                "environment",
                "environments",
                "result",
                "results",
                "procedure",
                "procedures",
                "playbook",
                "playbooks",
                "tool",
                "tools",
                "plan",
                "plans",
                "coverage",
                "run",
                "runs",
                "infrastructure",
                "framework",
                "frameworks",
                "report",
                "reports",
                "matrix",
                "collection",
                "collections",
                "subject",
                "subjects",
            ],
            0,
            r::NOUN_PREP,
        ),
        // Words after `will` / `'ll` besides the verbs below (adverbs before
        // the verb, and the `'ll` verbs `will` does not take).
        (
            &[
                "also", "now", "probably", "get", "make", "for", "first", "soon", "go", "improve",
            ],
            0,
            r::WILL_NEXT,
        ),
        (&["present", "presents"], 0, r::NAME_VERB),
        // Verbs of `WILL` that match right after `will` (not `be`, `have`,
        // nor the adverbs before a verb); each is also a `WILL_NEXT` word.
        // `take` is left to the rule: `will take place` is an event taking
        // place (`rules::event_happens`), as `will happen` is.
        (
            &[
                "do",
                "send",
                "talk",
                "write",
                "look",
                "check",
                "create",
                "prepare",
                "ask",
                "provide",
                "present",
                "add",
                "update",
                "open",
                "file",
                "set",
                "share",
                "follow",
                "reach",
                "bring",
                "organise",
                "organize",
                "review",
                "work",
                "contact",
                "invite",
                "start",
                "move",
                "test",
                "implement",
                "publish",
                "need",
                "come",
                "try",
                "discuss",
                "clarify",
                "investigate",
                "collect",
                "draft",
                "help",
                "report",
                "fix",
                "schedule",
                "give",
                "position",
                "propose",
                "announce",
                "continue",
                "summarise",
                "summarize",
                "migrate",
                "build",
                "deploy",
                "switch",
                "setup",
                "replace",
                "address",
                "ship",
                "produce",
                "showcase",
                "put",
                "document",
                "evaluate",
            ],
            0,
            r::WILL_VERB,
        ),
        (super::rules::MORE_WILL_VERBS, 0, r::WILL_VERB),
        (super::rules::OBJECT_PRONOUNS, 0, r::OBJECT_PRONOUN),
    ]
};

/// A lowercase word of up to 16 bytes as two little-endian integers (zero
/// padded).
type Key = (u64, u64);

const fn key_of(lower: &[u8]) -> Key {
    let mut k = (0u64, 0u64);
    let mut j = 0;
    while j < lower.len() && j < 16 {
        if j < 8 {
            k.0 |= (lower[j] as u64) << (8 * j);
        } else {
            k.1 |= (lower[j] as u64) << (8 * (j - 8));
        }
        j += 1;
    }
    k
}

/// A stem as its key, its masks and its length, computed at compile time.
#[derive(Clone, Copy)]
struct Stem {
    key: Key,
    mask: Key,
    len: usize,
}

const fn stem(s: &str) -> Stem {
    const fn m(n: usize) -> u64 {
        if n >= 8 {
            !0u64
        } else {
            (1u64 << (8 * n)) - 1
        }
    }
    let len = s.len();
    Stem {
        key: key_of(s.as_bytes()),
        mask: (m(len), m(len.saturating_sub(8))),
        len,
    }
}

const DECISION_KEY: Key = key_of(b"decision");
const MUST_KEY: Key = key_of(b"must");
const SHOULD_KEY: Key = key_of(b"should");
const SHALL_KEY: Key = key_of(b"shall");
const NEEDED_KEY: Key = key_of(b"needed");
const NEED_KEY: Key = key_of(b"need");
const NEEDS_KEY: Key = key_of(b"needs");
const YET_KEY: Key = key_of(b"yet");
const WAY_KEY: Key = key_of(b"way");
const WANTED_KEY: Key = key_of(b"wanted");
const UPCOMING_KEY: Key = key_of(b"upcoming");
const PLAN_KEY: Key = key_of(b"plan");
const PLANS_KEY: Key = key_of(b"plans");

/// Slots of the word table: about eight per word, so that most words of
/// minutes, in the table or not, are settled by their first slot (1.13 probes
/// a word over the corpus; 1.36 with half as many).
const SLOTS: usize = 2048;

/// The word table: open addressing over 64-bit fingerprints (16 KiB, so it
/// stays in the first-level cache), with each slot's full key and values
/// beside it, read only on a fingerprint hit.
struct Table {
    fingerprints: Vec<u64>,
    entries: Vec<(Key, u32, u64)>,
}

/// Never 0 (the empty slot).
fn fingerprint(k: Key) -> u64 {
    (k.0 ^ k.1.wrapping_mul(0x9E37_79B9_7F4A_7C15)).max(1)
}

fn slot(fp: u64) -> usize {
    (fp.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SLOTS.trailing_zeros())) as usize
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let mut t = Table {
        fingerprints: vec![0; SLOTS],
        entries: vec![((0, 0), 0, 0); SLOTS],
    };
    for (words, bits, roles) in WORDS {
        for w in *words {
            assert!(!w.is_empty() && w.len() <= 16 && w.bytes().all(|b| b.is_ascii_lowercase()));
            let k = key_of(w.as_bytes());
            let fp = fingerprint(k);
            let mut s = slot(fp);
            while t.fingerprints[s] != 0 && t.entries[s].0 != k {
                s = (s + 1) % SLOTS;
            }
            t.fingerprints[s] = fp;
            t.entries[s].0 = k;
            t.entries[s].1 |= bits;
            // A verb right after `will` is also a word after `will`.
            t.entries[s].2 |= if roles & role::WILL_VERB != 0 {
                roles | role::WILL_NEXT
            } else {
                *roles
            };
        }
    }
    t
});

#[inline]
fn lookup(table: &Table, k: Key) -> (u32, u64) {
    let fp = fingerprint(k);
    let mut s = slot(fp);
    loop {
        let f = table.fingerprints[s];
        if f == 0 {
            return (0, 0);
        }
        if f == fp && table.entries[s].0 == k {
            let e = &table.entries[s];
            return (e.1, e.2);
        }
        s = (s + 1) % SLOTS;
    }
}

/// Does the word (its key and length) start with the stem?
#[inline]
fn starts(k: Key, len: usize, s: &Stem) -> bool {
    len >= s.len && k.0 & s.mask.0 == s.key.0 && k.1 & s.mask.1 == s.key.1
}

fn starts_any(k: Key, len: usize, stems: &[Stem]) -> bool {
    stems.iter().any(|s| starts(k, len, s))
}

/// Stems: words that start with these (any ending) take part in a rule.
fn stem_bits(k: Key, len: usize) -> (u32, u64) {
    let four = |s: &[u8; 4]| u64::from(u32::from_le_bytes(*s));
    let x = k.0 & 0xFFFF_FFFF;
    // One test of the six openings, without branches (a word rarely has one),
    // rather than a length test that words pass or fail at random.
    let openings = [b"canc", b"pres", b"volu", b"repo", b"tran", b"teil"];
    if !openings.iter().fold(false, |a, o| a | (x == four(o))) {
        return (0, 0);
    }
    // `starts` checks the length.
    match x {
        x if x == four(b"canc") && starts(k, len, &const { stem("cancel") }) => (CANCEL, 0),
        x if x == four(b"pres") && starts(k, len, &const { stem("present") }) => {
            (CHORE_PRESENT | TALK, role::NAME_VERB)
        }
        x if x == four(b"volu") && starts(k, len, &const { stem("volunteer") }) => {
            (0, role::NAME_VERB | role::HANDLE_VERB)
        }
        x if x == four(b"repo") && starts(k, len, &const { stem("report") }) => (CHORE_REPORT, 0),
        x if x == four(b"tran") && starts(k, len, &const { stem("transfer") }) => {
            (CHORE_TRANSFER, 0)
        }
        x if x == four(b"teil") && starts(k, len, &const { stem("teilnehmer") }) => {
            (PARTICIPANTS, 0)
        }
        _ => (0, 0),
    }
}

// Scan-internal flags carried in the high bits of a word's own bits (cleared
// before the result is returned).
const CHORE_PRESENT: u32 = 1 << 29;
const CHORE_REPORT: u32 = 1 << 30;
const CHORE_TRANSFER: u32 = 1 << 31;
const INTERNAL: u32 = CHORE_PRESENT | CHORE_REPORT | CHORE_TRANSFER;

/// Mask of the low `n` bytes of a u64 (all of it for `n >= 8`).
fn byte_mask(n: usize) -> u64 {
    if n >= 8 {
        !0
    } else {
        (1u64 << (8 * n)) - 1
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Eight bytes of `b` from `i`, zero past its end.
#[inline]
fn load8(b: &[u8], i: usize) -> u64 {
    if i + 8 <= b.len() {
        u64::from_le_bytes(b[i..i + 8].try_into().unwrap_or_default())
    } else {
        let mut w = [0u8; 8];
        if i < b.len() {
            w[..b.len() - i].copy_from_slice(&b[i..]);
        }
        u64::from_le_bytes(w)
    }
}

/// Per byte of `x`, the high bit set when the byte is an ASCII letter or
/// digit (first), or an ASCII digit (second).
#[inline]
fn classes(x: u64) -> (u64, u64) {
    let ascii = !x & HIGH;
    let x7 = x & !HIGH;
    // High bit of (x + 0x80 - lo) is set when x >= lo; of (x + 0x7f - hi)
    // when x > hi (no carry crosses bytes: every byte is below 0x80).
    let within =
        |v: u64, lo: u64, hi: u64| (v + (0x80 - lo) * ONES) & !(v + (0x7f - hi) * ONES) & HIGH;
    let digits = within(x7, 0x30, 0x39) & ascii;
    let letters = within(x7 | (0x20 * ONES), 0x61, 0x7a) & ascii;
    (digits | letters, digits)
}

fn is_space(c: u8) -> bool {
    c.is_ascii_whitespace() || c == 0x0b
}

/// Where the spaces that start at `b[from]` end.
fn skip_spaces(b: &[u8], from: usize) -> usize {
    let mut j = from;
    while j < b.len() && is_space(b[j]) {
        j += 1;
    }
    j
}

/// Spaces and `not` (in any case, maybe the start of a longer word) follow
/// `b[..end]`: a `should not` is left to the need rule
/// (`rules::negated_modal`).
fn not_follows(b: &[u8], end: usize) -> bool {
    let j = skip_spaces(b, end);
    j > end && b.len() >= j + 3 && b[j..j + 3].eq_ignore_ascii_case(b"not")
}

/// After `b[..end]` (`should`, `must`, `shall`), spaces and a word that
/// may begin an estimate or a thing's requirement (`should be possible`,
/// `should already be easy`, `should work`, `must be ready`, `should have
/// a status tag`): the need rule decides (`rules::modal_estimate`,
/// `rules::thing_requirement`).
fn state_follows(b: &[u8], end: usize) -> bool {
    let w = word_after(b, end);
    let any = |list: &[&str]| list.iter().any(|a| w.eq_ignore_ascii_case(a.as_bytes()));
    any(super::rules::STATE_VERBS) || any(super::rules::REQUIREMENT_ADVERBS)
}

/// The run of ASCII letters and digits after the spaces that start at
/// `b[end]` (empty when none follows).
fn word_after(b: &[u8], end: usize) -> &[u8] {
    let j = skip_spaces(b, end);
    let mut k = j;
    while k < b.len() && b[k].is_ascii_alphanumeric() {
        k += 1;
    }
    &b[j..k]
}

/// A byte of a handle after its first (`o-otte`, `hannes.baum`).
pub(super) fn handle_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-')
}

/// The verbs the gap rule reads after `not` (`not supported`, `doesn't
/// scale`, `cannot be found`), as stems: the rule lets most of them go on
/// (`support\w*`), and a stem that matches more words only gates more.
const GAP_VERBS: [Stem; 60] = [
    stem("support"),
    // `not yet in kolla-ansible`: a thing missing from a project.
    stem("in"),
    stem("implement"),
    stem("available"),
    stem("possible"),
    stem("standardi"),
    stem("work"),
    stem("taken"),
    stem("cover"),
    stem("solved"),
    stem("resolved"),
    stem("defined"),
    stem("clear"),
    stem("ready"),
    stem("allow"),
    stem("merged"),
    stem("enough"),
    stem("exist"),
    stem("have"),
    stem("know"),
    stem("provide"),
    stem("scale"),
    stem("handle"),
    stem("assigned"),
    stem("found"),
    stem("been"),
    stem("achieved"),
    stem("reached"),
    stem("contain"),
    stem("seem"),
    stem("install"),
    stem("configured"),
    stem("usable"),
    stem("compatible"),
    stem("test"),
    stem("maintained"),
    stem("play"),
    stem("there"),
    stem("complete"),
    stem("document"),
    stem("describ"),
    stem("specif"),
    // After `not yet` only (`not yet integrated`, `not yet scheduled`).
    stem("integrat"),
    stem("containeri"),
    stem("finish"),
    stem("determin"),
    stem("schedul"),
    stem("upgrad"),
    stem("decid"),
    stem("deploy"),
    stem("releas"),
    stem("fixed"),
    stem("address"),
    stem("updat"),
    stem("migrat"),
    stem("publish"),
    stem("review"),
    stem("approv"),
    stem("start"),
    stem("done"),
];

/// Rules anchored at the start of the unit whose first word only needs to
/// begin with their words (`TODOs:`, `todosHe: x` and `Minutes: @x`,
/// `minutesby x` all match them).
fn first_word_bits(k: Key, len: usize) -> u32 {
    const FRAMES: [Stem; 11] = [
        stem("to"),
        stem("action"),
        stem("ai"),
        stem("next"),
        stem("follow"),
        stem("plan"),
        stem("pending"),
        stem("check"),
        stem("possible"),
        stem("open"),
        stem("future"),
    ];
    const NOTES: [Stem; 5] = [
        stem("minute"),
        stem("note"),
        stem("protocol"),
        stem("responsible"),
        stem("scribe"),
    ];
    let mut bits = 0;
    if starts_any(k, len, &FRAMES) {
        bits |= FRAME;
    }
    if starts_any(k, len, &NOTES) {
        bits |= NOTE;
    }
    // `Review: <PR>`, `Review - <PR>`: a review request (the need rule
    // reads the mark after it).
    if k == const { key_of(b"review") } {
        bits |= NEED;
    }
    bits
}

impl State {
    /// The chore patterns end in a word the text may go on after
    /// (`transferring minutesweekly` matches): a word that begins with one of
    /// them after the words that lead to it.
    fn chore_target(&self, k: Key, len: usize) -> u32 {
        const AUDIENCES: [Stem; 4] = [stem("community"), stem("ops"), stem("team"), stem("tech")];
        const MINUTES: [Stem; 1] = [stem("minutes")];
        const PADS: [Stem; 2] = [stem("pad"), stem("etherpad")];
        const REPOS: [Stem; 2] = [stem("repo"), stem("github")];
        let hit = (self.seen_report
            && (starts_any(k, len, &AUDIENCES) || starts_any(k, len, &MINUTES)))
            || (self.seen_present && starts_any(k, len, &AUDIENCES[..1]))
            || ((self.seen_transfer || self.seen_feed || self.seen_pad)
                && starts_any(k, len, &MINUTES))
            || (self.seen_transfer && starts_any(k, len, &PADS))
            || (self.seen_minutes && starts_any(k, len, &REPOS));
        if hit {
            CHORE
        } else {
            0
        }
    }
}

/// What the scan carries from word to word.
#[derive(Default)]
struct State {
    bits: u32,
    /// Roles and end of the word before; whether it is shaped like a name
    /// (`[A-Z][a-z]`, letters only) or written `To`.
    prev_roles: u64,
    prev_end: usize,
    prev_start: usize,
    has_prev: bool,
    /// The word before that one.
    prev2_start: usize,
    prev2_end: usize,
    has_prev2: bool,
    word_index: usize,
    /// Word index since the text start or its first colon.
    seg_index: usize,
    colon_seen: bool,
    /// Offset of the first colon (when `colon_seen`).
    first_colon: usize,
    /// Spaces since the last `no` (a cancelled call follows within three).
    since_no: Option<usize>,
    /// End of the last handle, while a verb right after it would assign it.
    handle_end: Option<usize>,
    last_at: Option<usize>,
    /// The word before was `will` / `we'll` (the next word decides WILL).
    will_pending: bool,
    /// The word before was `not` or a contraction of it, or a word between
    /// it and its verb (the next word decides GAP).
    gap_pending: bool,
    /// The word before was `upstream` (`upstream fix`).
    upstream_pending: bool,
    /// ... and it was `will` as a whole ASCII word.
    will_word: bool,
    /// A `which` or `that` came before (see `role::RELATIVE`).
    seen_relative: bool,
    seen_need: bool,
    /// A `require(s)` came before (`requires code changes upstream`).
    seen_require: bool,
    seen_report: bool,
    seen_present: bool,
    seen_transfer: bool,
    seen_minute: bool,
    seen_minutes: bool,
    seen_feed: bool,
    seen_pad: bool,
    /// Any of the `seen_` words that lead to a chore's last word.
    chore_lead: bool,
}

impl State {
    /// The word before (it ended at `prev_end`) is shaped like a name:
    /// `[A-Z][a-z]`, then letters only.
    fn prev_is_name(&self, b: &[u8]) -> bool {
        let w = &b[self.prev_start..self.prev_end];
        w.len() >= 2
            && w[0].is_ascii_uppercase()
            && w[1].is_ascii_lowercase()
            && !w.iter().any(u8::is_ascii_digit)
    }

    /// `IMPERATIVE` matches with the verb `b[start..end]` where it stands:
    /// it (or a softener right before it, and spaces) opens the text, or
    /// the text after its first colon and spaces when 1 to 40 characters
    /// come before that colon; and spaces and more text follow it. Where
    /// a non-ASCII character could be a space the answer is no: the regex
    /// decides.
    fn imperative_sure(&self, b: &[u8], start: usize, end: usize, spaced: bool) -> bool {
        let opens = |p: usize| {
            p == 0
                || (self.colon_seen && {
                    let c = self.first_colon;
                    let label = &b[..c];
                    let gap = &b[c + 1..p];
                    !label.is_empty()
                        && label.iter().filter(|&&x| x & 0xC0 != 0x80).count() <= 40
                        && !gap.is_empty()
                        && gap.iter().all(|&x| is_space(x))
                })
        };
        let here = match self.seg_index {
            0 => opens(start),
            1 => self.prev_roles & role::SOFTENER != 0 && spaced && opens(self.prev_start),
            _ => false,
        };
        if !here {
            return false;
        }
        let k = skip_spaces(b, end);
        // `test script relies on`, `Clean up of`: a noun, left to the rule.
        k > end && k < b.len() && b[k] < 0x80 && !super::rules::verb_is_noun(b, k)
    }

    /// There is a word before and it is one of `list` (ignoring ASCII case).
    fn prev_one_of(&self, b: &[u8], list: &[&str]) -> bool {
        let prev = &b[self.prev_start..self.prev_end];
        self.has_prev && list.iter().any(|w| prev.eq_ignore_ascii_case(w.as_bytes()))
    }

    /// The word before the word before is `word` (ignoring ASCII case).
    fn prev2_is(&self, b: &[u8], word: &str) -> bool {
        self.has_prev2 && b[self.prev2_start..self.prev2_end].eq_ignore_ascii_case(word.as_bytes())
    }

    /// The word before is `To`.
    fn prev_is_cap_to(&self, b: &[u8]) -> bool {
        &b[self.prev_start..self.prev_end] == b"To"
    }

    /// A word with roles or bits of its own, `b[start..end]`.
    #[allow(clippy::too_many_arguments)]
    fn word(&mut self, b: &[u8], start: usize, end: usize, k: Key, own: u32, roles: u64) {
        let w = &b[start..end];
        let gap = if self.has_prev {
            Some(&b[self.prev_end..start])
        } else {
            None
        };
        let spaced = gap.is_some_and(|g| !g.is_empty() && g.iter().all(|&c| is_space(c)));
        let pr = if spaced { self.prev_roles } else { 0 };
        let after = |r: u64| pr & r != 0;
        let mut bits = own & !INTERNAL;

        // The word after a handle: `@x will`, `@x to`, `@x'll`.
        if let Some(e) = self.handle_end {
            if start >= e {
                self.handle_end = None;
                let g = &b[e..start];
                let ws = g.iter().all(|&c| is_space(c));
                let apos =
                    g.last() == Some(&b'\'') && g[..g.len() - 1].iter().all(|&c| is_space(c));
                if (ws && roles & role::HANDLE_VERB != 0) || (apos && roles & role::LL != 0) {
                    bits |= ASSIGN_AT;
                }
            }
        }
        let no_underscore = (start == 0 || b[start - 1] != b'_') && b.get(end) != Some(&b'_');
        if self.will_pending {
            self.will_pending = false;
            if spaced && roles & role::WILL_NEXT != 0 {
                bits |= WILL;
            }
            if spaced
                && self.will_word
                && !self.seen_relative
                && roles & role::WILL_VERB != 0
                && no_underscore
            {
                bits |= WILL_SURE;
            }
        }
        self.will_word = false;
        self.seen_relative |= roles & role::RELATIVE != 0;
        if roles & role::WILL != 0 {
            self.will_pending = true;
            self.will_word = no_underscore;
            if after(role::NEXT) {
                bits |= NEED;
            }
        }
        if roles & role::LL != 0
            && gap == Some(b"'".as_slice())
            && self.prev_roles & role::PRONOUN != 0
        {
            self.will_pending = true;
        }
        if roles & role::NAME_VERB != 0 && spaced && self.prev_is_name(b) {
            bits |= NAME_VERB;
        }
        if roles & role::AI != 0 && w == b"AI" {
            bits |= EXPLICIT;
        }
        if roles & role::DO != 0
            && (self.prev_is_cap_to(b) || self.prev_roles & role::TO != 0)
            && gap.is_some_and(|g| g == b"-" || g == b" ")
        {
            bits |= EXPLICIT;
        }
        // Gaps after `not`: `not (yet) (fully) supported`, `doesn't (easily)
        // scale`, `cannot be found`; the gap rule names the verbs.
        if self.gap_pending && roles & role::GAP_SKIP == 0 {
            self.gap_pending = false;
            if starts_any(k, end - start, &GAP_VERBS) {
                bits |= GAP;
            }
        }
        if roles & role::T != 0 && gap == Some(b"'".as_slice()) {
            bits |= NEGATION;
            self.gap_pending = true;
        }
        if roles & role::GAP_NOT != 0 {
            self.gap_pending = true;
        }
        // `wait for (the) upstream`, `upstream fix`.
        if self.upstream_pending {
            self.upstream_pending = false;
            if spaced && starts(k, end - start, &const { stem("fix") }) {
                bits |= GAP;
            }
        }
        if roles & role::UPSTREAM != 0 {
            if self.prev_one_of(b, &["for", "a", "an", "the"]) || self.seen_require {
                bits |= GAP;
            }
            self.upstream_pending = true;
        }
        // Needs: `have to`, `planned for`, `follow-up`, `review requested`,
        // `next step`, `next up`, `ready for`, `to be` (`to be created`), `plan is to`,
        // `Plan: ...`.
        if (roles & role::TO != 0 && after(role::BEFORE_TO))
            || (roles & role::TO != 0 && after(role::IS) && self.prev2_is(b, "plan"))
            || (self.word_index == 0 && (k == PLAN_KEY || k == PLANS_KEY))
            || (roles & role::BE != 0 && after(role::TO))
            || (roles & role::FOR != 0 && after(role::BEFORE_FOR))
            || (roles & role::REQUESTED != 0 && after(role::REVIEW))
            || (roles & (role::STEP | role::UP) != 0 && after(role::NEXT))
            || (roles & role::UP != 0
                && self.prev_roles & role::FOLLOW != 0
                && gap.is_some_and(|g| g == b"-" || g == b" "))
        {
            bits |= NEED;
        }
        // Gaps: `still open`, `open question` (or decision), `to be clarified`,
        // `have to wait`, `need ... from`, `needs a decision`.
        if (roles & role::OPEN != 0 && after(role::STILL))
            || (roles & role::QUESTION != 0 && after(role::OPEN))
            || (roles & role::PARTICIPLE != 0 && after(role::BE))
            || (roles & role::WAIT != 0 && after(role::TO))
            || (roles & role::FROM != 0 && self.seen_need)
            || (roles & role::DECISION_FIRST != 0 && self.seen_need && k == DECISION_KEY)
        {
            bits |= GAP;
        }
        self.seen_need |= roles & role::NEED != 0;
        self.seen_require |= roles & role::REQUIRE != 0;
        // Cancellations: `no call`, `no weekly meeting`, `no OPS & IAM
        // meeting`, `take place`, `is off`.
        if (roles & role::MEETING != 0 && self.since_no.is_some_and(|s| s <= 4))
            || (roles & role::PLACE != 0 && after(role::TAKE))
            || (roles & role::OFF != 0 && after(role::IS))
        {
            bits |= CANCEL;
        }
        if roles & role::NO != 0 {
            self.since_no = Some(0);
        }
        // `no plugin for Gardener yet`, `no check script as yet`, `no
        // official containers available`, `no way to detect it`.
        if (k == YET_KEY && self.since_no.is_some_and(|s| s <= 5))
            || (k == WAY_KEY && self.since_no.is_some_and(|s| s <= 3))
            || (roles & role::AVAILABLE != 0 && self.since_no.is_some_and(|s| s <= 4))
        {
            bits |= GAP;
        }
        // Decisions.
        if (roles & role::DECISION_FIRST != 0 && self.word_index == 0)
            || (roles & role::OBJECTION != 0 && after(role::NO))
            || (roles & role::DECIDED != 0 && after(role::WE))
        {
            bits |= DECISION;
        }
        // Chores: reporting to the community, transferring the minutes (the
        // last word of each pattern may go on: `minutesweekly`, see
        // `chore_target`).
        if (roles & role::CALL != 0 && after(role::COMMUNITY))
            || (own & CHORE_TRANSFER != 0 && self.seen_minute)
        {
            bits |= CHORE;
        }
        self.seen_report |= own & CHORE_REPORT != 0;
        self.seen_present |= own & CHORE_PRESENT != 0;
        self.seen_transfer |= own & CHORE_TRANSFER != 0;
        self.seen_minute |= roles & role::MINUTE != 0;
        self.seen_minutes |= roles & role::MINUTES != 0;
        self.seen_feed |= roles & role::FEED != 0;
        self.seen_pad |= roles & role::PAD != 0;
        self.chore_lead = self.seen_report
            || self.seen_present
            || self.seen_transfer
            || self.seen_feed
            || self.seen_pad
            || self.seen_minutes;
        // `Push it`, `Prioritize this`: the word before the pronoun, opening
        // the unit or its `Label:` text, may be a verb
        // (`rules::verb_before_pronoun` decides).
        if roles & role::OBJECT_PRONOUN != 0 && self.seg_index == 1 {
            bits |= IMPERATIVE;
        }
        // Imperatives open the unit or its `Label:` text.
        if roles & role::IMPERATIVE != 0
            && (self.seg_index == 0
                || (self.seg_index == 1 && self.prev_roles & role::SOFTENER != 0))
        {
            bits |= IMPERATIVE;
            // A word in capitals (`GET v3/domains`) is left to the regex:
            // `get` is matched in lower case or capitalised only.
            if roles & role::IMPERATIVE_SURE != 0
                && !(w.len() > 1 && w[1].is_ascii_uppercase())
                && self.imperative_sure(b, start, end, spaced)
            {
                bits |= IMPERATIVE_SURE;
            }
        }
        if roles & role::NOUN_PREP != 0 && after(role::NOUN_VERB) {
            bits |= IMPERATIVE_NOUN;
        }
        // `[Nn]eed`, `[Ss]hould`, `must`: the need rule's single words are
        // case-sensitive past the first letter.
        // `All needed configuration`: a qualifier, no need (the need rule
        // skips it too, see `rules::attributive_needed`).
        let attributive = k == NEEDED_KEY
            && spaced
            && self.prev_one_of(b, super::rules::BEFORE_ATTRIBUTIVE_NEEDED);
        // `we (originally) wanted to`: a past wish, left to the need rule
        // (`rules::past_wanted`), which reads past the adverbs.
        let past_wanted = k == WANTED_KEY
            && (self.prev_one_of(b, super::rules::WANTED_SUBJECTS)
                || self.prev_one_of(b, super::rules::WANTED_ADVERBS)
                || self.last_at.is_some());
        // `what (we) need`: a relative clause, left to the need rule
        // (`rules::relative_need`).
        let relative = (k == NEED_KEY || k == NEEDS_KEY || k == NEEDED_KEY)
            && (self.prev_one_of(b, &["what"]) || self.prev2_is(b, "what"));
        // `you (also) need`, `one must`: said of anyone, left to the need
        // rule (`rules::generic_subject`).
        let generic = [NEED_KEY, NEEDS_KEY, SHOULD_KEY, MUST_KEY, SHALL_KEY].contains(&k)
            && (self.prev_one_of(b, super::rules::GENERIC_SUBJECTS)
                || (self.prev_one_of(b, super::rules::GENERIC_ADVERBS)
                    && super::rules::GENERIC_SUBJECTS
                        .iter()
                        .any(|s| self.prev2_is(b, s))));
        // `upcoming week`: a time, left to the need rule
        // (`rules::upcoming_time`).
        let upcoming_time = k == UPCOMING_KEY && {
            let w = word_after(b, end);
            super::rules::UPCOMING_TIMES
                .iter()
                .any(|t| w.eq_ignore_ascii_case(t.as_bytes()))
        };
        if roles & role::NEED_SURE != 0
            && !upcoming_time
            && !generic
            && !attributive
            && !past_wanted
            && !relative
            && !not_follows(b, end)
            && (![SHOULD_KEY, MUST_KEY, SHALL_KEY].contains(&k) || !state_follows(b, end))
            && no_underscore
            && w[1..].iter().all(u8::is_ascii_lowercase)
            && (w[0].is_ascii_lowercase() || k != MUST_KEY)
        {
            bits |= NEED_SURE;
        }
        // `stop-gap` is a temporary measure, an `air gap` isolation and a
        // `bug fix` no bug: left to the gap rule
        // (`rules::gap_in`).
        if roles & role::GAP_SURE != 0
            && no_underscore
            && !self.prev_one_of(b, &["stop", "air"])
            && !(w.len() <= 4
                && w[..3].eq_ignore_ascii_case(b"bug")
                && super::rules::bug_fix(&b[end..]))
            && !(w.eq_ignore_ascii_case(b"lack") && super::rules::of_time(&b[end..]))
        {
            bits |= GAP_SURE;
        }
        if self.word_index == 0 {
            if roles & role::RISK_FIRST != 0 {
                bits |= RISK;
            }
            if roles & role::LABEL_FIRST != 0 || own & (CHORE_REPORT | CHORE_PRESENT) != 0 {
                bits |= LABEL;
            }
        }
        self.bits |= bits;
    }
}

/// The bytes between words the scan looks at: the ones its `match` names,
/// and spaces (counted after a `no`).
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = c >= 0x80
            || matches!(c as u8, b'@' | b'?' | b'#' | b'(' | b')' | b':')
            || (c as u8).is_ascii_whitespace()
            || c == 0x0b;
        c += 1;
    }
    t
};

/// The word is one the rules read as a verb of work: an imperative
/// (`Find`, `Update`), a need on its own (`Consider`, `Revisit`) or a
/// chore's verb (`Transfer`, `Present`, `Report` and their forms). Such a
/// word opening a clause is not a name (`Consider to make ...`).
pub fn is_work_verb(word: &str) -> bool {
    let b = word.as_bytes();
    if b.is_empty() || b.len() > 16 || !b.iter().all(u8::is_ascii_alphabetic) {
        return false;
    }
    let mut lower = [0u8; 16];
    for (l, c) in lower.iter_mut().zip(b) {
        *l = c.to_ascii_lowercase();
    }
    let k = key_of(&lower[..b.len()]);
    let (_, roles) = lookup(&TABLE, k);
    // Also the chores' verbs: `Transfer to github`, `Present to ...`.
    let (chore, _) = stem_bits(k, b.len());
    roles & (role::IMPERATIVE | role::NEED_SURE) != 0
        || chore & (CHORE_TRANSFER | CHORE_PRESENT | CHORE_REPORT) != 0
}

/// The rule bits of `text`, a unit's text: its whitespace collapsed to
/// single ASCII spaces, as `units` leaves it (between words separated by
/// another space character, a bit may be missing).
pub fn scan(text: &str) -> u32 {
    let table = &*TABLE;
    let b = text.as_bytes();
    let n = b.len();
    let mut st = State::default();

    let mut i = 0;
    while i < n {
        let c = b[i];
        if c.is_ascii_alphanumeric() {
            // The word's end, eight bytes at a time.
            let start = i;
            let first = load8(b, i);
            let mut x = first;
            let mut digit = false;
            loop {
                let (alnum, digits) = classes(x);
                let other = !alnum & HIGH;
                if other != 0 {
                    let k = (other.trailing_zeros() / 8) as usize;
                    digit |= digits & byte_mask(k) != 0;
                    i += k;
                    break;
                }
                digit |= digits != 0;
                i += 8;
                x = load8(b, i);
            }
            let len = i - start;
            let m0 = byte_mask(len);
            let raw0 = first & m0;
            // Bytes 8..16 (none for a word of up to eight: the mask is 0).
            let m1 = byte_mask(len.saturating_sub(8));
            let raw1 = if len > 8 { load8(b, start + 8) & m1 } else { 0 };
            const LOWER: u64 = 0x2020_2020_2020_2020;
            let k = (raw0 | (LOWER & m0), raw1 | (LOWER & m1));
            if digit {
                st.bits |= DIGIT;
            }
            let (mut own, mut roles) = if len <= 16 { lookup(table, k) } else { (0, 0) };
            let (sb, sr) = stem_bits(k, len);
            own |= sb;
            roles |= sr;
            if own != 0
                || roles != 0
                || st.will_pending
                || st.gap_pending
                || st.upstream_pending
                || st.handle_end.is_some()
            {
                st.word(b, start, i, k, own, roles);
            }
            if st.word_index == 0 {
                st.bits |= first_word_bits(k, len);
                // A bare `AI:` (at most `AIs :`) frames the list after it.
                if n <= 5 && k == const { key_of(b"ai") } {
                    st.bits |= FRAME;
                }
            }
            if st.chore_lead {
                st.bits |= st.chore_target(k, len);
            }
            st.prev2_start = st.prev_start;
            st.prev2_end = st.prev_end;
            st.has_prev2 = st.has_prev;
            st.prev_roles = roles;
            st.prev_end = i;
            st.has_prev = true;
            st.prev_start = start;
            st.word_index += 1;
            st.seg_index += 1;
            continue;
        }
        // Most bytes between words are single spaces, or punctuation that
        // no rule reads here.
        if c == b' ' {
            if let Some(s) = st.since_no.as_mut() {
                *s += 1;
            }
            i += 1;
            continue;
        }
        if !SPECIAL[c as usize] {
            i += 1;
            continue;
        }
        match c {
            b'@' => {
                st.bits |= AT;
                if b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric) {
                    st.last_at = Some(i);
                    let mut k = i + 1;
                    while k < n && handle_char(b[k]) {
                        k += 1;
                    }
                    // A verb right after the handle (the handle ends on a
                    // letter, digit or `_`, and at a word boundary).
                    st.handle_end = (!matches!(b[k - 1], b'.' | b'-')).then_some(k);
                    // An arrow or `by` before it.
                    let before = text[..i].trim_end_matches(|c: char| c.is_whitespace());
                    if before.ends_with("->") || before.ends_with("=>") || before.ends_with('→') {
                        st.bits |= ASSIGN_AT;
                    }
                    let before = before.strip_suffix(':').unwrap_or(before);
                    if before.len() >= 2
                        && before.as_bytes()[before.len() - 2..].eq_ignore_ascii_case(b"by")
                    {
                        st.bits |= ASSIGN_AT;
                    }
                }
            }
            b'?' => {
                let rest = text[i + 1..].trim_start_matches(|c: char| c.is_whitespace());
                if rest.starts_with("->")
                    || rest.starts_with("-->")
                    || rest.starts_with("=>")
                    || rest.starts_with('→')
                {
                    st.bits |= QUESTION_ARROW;
                }
            }
            b'#' => st.bits |= HASH,
            b'(' | b')' => st.bits |= PAREN,
            b':' => {
                if b.get(i + 1) == Some(&b'/') {
                    st.bits |= URL;
                }
                if !st.colon_seen {
                    st.colon_seen = true;
                    st.first_colon = i;
                    st.seg_index = 0;
                }
            }
            0x80.. => {
                let rest = &b[i..];
                if ["✅", "✔", "☑"]
                    .iter()
                    .any(|m| rest.starts_with(m.as_bytes()))
                {
                    st.bits |= DONE;
                }
                // A character that case-folds to an ASCII letter: the rules'
                // `(?i)` reads `ſ` as `s` and the Kelvin sign as `k`, the
                // scan's words do not, so the unit gets every bit (as ungated).
                if rest.starts_with("ſ".as_bytes()) || rest.starts_with("\u{212A}".as_bytes()) {
                    return !SURE;
                }
            }
            _ => {
                if is_space(c) {
                    if let Some(s) = st.since_no.as_mut() {
                        *s += 1;
                    }
                }
            }
        }
        i += 1;
    }
    // Handles closing the unit: `Topic: @x`, `... @x and @y.`
    if let Some(at) = st.last_at {
        let mut k = at + 1;
        while k < n && handle_char(b[k]) {
            k += 1;
        }
        if b[k..]
            .iter()
            .all(|&c| is_space(c) || matches!(c, b')' | b'.' | b'!'))
        {
            st.bits |= ASSIGN_AT;
        }
    }
    st.bits
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `WILL_VERB` after `will` sets the sure bit; the `WILL` rule must
    /// then match too, with `will` and `we'll`.
    #[test]
    fn every_will_verb_is_a_verb_of_the_will_rule() {
        let mut n = 0;
        for (words, _, roles) in WORDS {
            if roles & role::WILL_VERB == 0 {
                continue;
            }
            for w in *words {
                n += 1;
                let text = format!("@x will {w} it");
                assert!(super::super::rules::WILL.is_match(&text), "{text}");
                assert!(has(&text, WILL_SURE), "{text}");
            }
        }
        assert!(n > 100, "{n} verbs");
    }

    fn has(text: &str, b: u32) -> bool {
        scan(text) & b == b
    }

    #[test]
    fn words_and_symbols() {
        let b = scan("_AI @mbuechse: implement `oldgeneric` -> done, see #12 https://x");
        for want in [EXPLICIT, AT, DONE, HASH, URL, DIGIT] {
            assert!(b & want != 0, "missing {want:b}");
        }
        assert_eq!(scan("Deployed the logo") & ANY_RULE, 0);
        assert!(has("doesn't support", GAP));
        assert!(has("Cancelled → next week", CANCEL));
    }

    #[test]
    fn conditions_need_their_context() {
        // Names before verbs.
        assert!(has("Kurt to find slot", NAME_VERB));
        assert!(!has("how to find slot", NAME_VERB));
        assert!(has("Cemil and Katharina will look", NAME_VERB));
        // Needs and gaps in their pairs.
        assert!(has("we have to decide", NEED));
        assert!(!has("we have a plan", NEED));
        assert!(has("new ones to be created", NEED));
        assert!(!has("to the be", NEED));
        assert!(has("no plugin for Gardener yet", GAP));
        assert!(!has("not yet", GAP));
        assert!(has("still open", GAP));
        assert!(!has("open source", GAP));
        assert!(has("to be clarified", GAP));
        assert!(has("needs input from the board", GAP));
        // `not` and its contractions gate the gap rule only before its verbs.
        assert!(has("not yet fully supported", GAP));
        assert!(has("doesn't scale", GAP));
        assert!(has("cannot easily be found", GAP));
        assert!(has("is not been", GAP));
        assert!(!has("not sure yet", GAP));
        assert!(has("we don't know yet", GAP));
        assert!(has("waiting for the upstream release", GAP));
        assert!(has("needs an upstream fix", GAP));
        assert!(!has("our upstream project", GAP));
        // Imperatives open the unit or its label text.
        assert!(has("fix the bug", IMPERATIVE));
        assert!(has("Docs: please update the guide", IMPERATIVE));
        assert!(!has("we fix the bug", IMPERATIVE));
        // Handles where an assignment could be.
        assert!(has("@kurt will send it", ASSIGN_AT));
        assert!(has("send it -> @kurt", ASSIGN_AT));
        assert!(has("Reviewed by: @kurt", ASSIGN_AT));
        assert!(has("Topic (@kurt).", ASSIGN_AT));
        assert!(!has("thanks @kurt for the demo", ASSIGN_AT));
        // Cancellations.
        assert!(has("no community call next week", CANCEL));
        assert!(!has("no idea what the agenda of the call is", CANCEL));
        assert!(has("the call will not take place", CANCEL));
        // Explicit markers.
        assert!(has("To Do: x", EXPLICIT));
        assert!(!has("ai models", EXPLICIT));
        // Will.
        assert!(has("we'll send it", WILL));
        assert!(has("it will be merged", WILL));
        assert!(!has("free will", WILL));
    }

    #[test]
    fn imperatives_sure_and_as_nouns() {
        use crate::extract::rules;
        for (text, sure) in [
            ("fix the bug", true),
            ("Docs: please update the guide", true),
            ("Docs:  Then fix it", true),
            // Capitals are left to the regex (`GET v3/domains` is no verb).
            ("Docs:  Then FIX it", false),
            ("GET v3/domains", false),
            ("set up the VM", false),
            ("- fix the bug", false),
            ("fix", false),
            ("fix:", false),
            ("fix\u{a0}it", false),
            ("A label of more than forty characters long: fix it", false),
            ("Kurt: just fix it", true),
            ("Kurt:fix it", false),
            ("Kurt: we fix it", false),
        ] {
            assert_eq!(has(text, IMPERATIVE_SURE), sure, "{text:?}");
            if sure {
                assert!(rules::IMPERATIVE.is_match(text), "{text:?}");
            }
        }
        assert!(has("Update on the efforts", IMPERATIVE_NOUN));
        assert!(has("Set ups of", IMPERATIVE_NOUN));
        assert!(!has("Update the docs", IMPERATIVE_NOUN));
        assert!(rules::IMPERATIVE_NOUN.is_match("Set ups of"));
    }

    #[test]
    fn a_character_that_folds_to_ascii_gets_every_bit() {
        // `(?i)` reads `ſ` as `s` and the Kelvin sign as `k`: `miſſing`
        // matches the gap rule although no scanned word is `missing`.
        assert!(crate::extract::rules::GAP.is_match("miſſing docs"));
        assert_eq!(scan("miſſing docs"), !SURE);
        assert_eq!(scan("wor\u{212A}around"), !SURE);
        assert_ne!(scan("missing docs"), !SURE);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(crate::extract::proptest_cases(20000)))]
        /// A sure bit never claims a match the rule's regex does not make;
        /// the noun bit is set wherever that regex matches.
        #[test]
        fn imperative_bits_agree_with_their_patterns(parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "fix", "Fix", "FIX", "set", "up", "setup", "Update", "updates", "review", "on",
                "of", "status", "by", "just", "please", "Then", "look", "into", "reach", "out",
                "talk", "to", "the", "docs", "x", "Label", "a", " ", "  ", ": ", ":", "-", "_",
                "\t", "\u{a0}", "\u{3000}", "é", "(", ")", "s", "check", "follow",
                "0123456789012345678901234567890123456789", "also", "Possibly", "start",
                "validate", "Ensure", "get", "GET", "Get", "now", "develop", "handle", "Gather",
            ]),
            0..9,
        )) {
            use crate::extract::rules;
            // Unit texts, as `units` makes them: whitespace collapsed.
            let text = parts.concat().split_whitespace().collect::<Vec<_>>().join(" ");
            let f = scan(&text);
            if f & IMPERATIVE_SURE != 0 {
                proptest::prop_assert!(rules::IMPERATIVE.is_match(&text), "{:?}", text);
            }
            if rules::IMPERATIVE_NOUN.is_match(&text) {
                proptest::prop_assert!(f & IMPERATIVE_NOUN != 0, "{:?}", text);
            }
            if rules::IMPERATIVE.is_match(&text) {
                proptest::prop_assert!(f & IMPERATIVE != 0, "{:?}", text);
            }
        }
    }
}
