//! The follow-up rule's pure half: normal forms of owners and text, and the
//! similarity of two texts. No I/O; unit-tested here.

use std::collections::HashSet;

/// Words that say how an item stands, not what it is: a carried item gains
/// and loses them from one meeting to the next (`(ongoing)`, `done`, `WIP`).
const STATUS_WORDS: &[&str] = &[
    "ai",
    "done",
    "ongoing",
    "wip",
    "todo",
    "postponed",
    "pending",
    "tbd",
    "still",
    "open",
];

/// Owners as the follow-up rule compares them: normalised handles (see
/// [`crate::store::people::normalize_handle`]), lower-cased, deduplicated,
/// sorted, joined by `,`. No owners gives the empty string.
pub fn owners_key(handles: &[String]) -> String {
    let mut keys: Vec<String> = handles.iter().map(|h| h.to_lowercase()).collect();
    keys.sort();
    keys.dedup();
    keys.join(",")
}

/// Text as the follow-up rule compares it: lower case, letters and digits
/// only, status words and the owners' own names removed, single spaces.
pub fn normalize_text(text: &str, owners: &[String]) -> String {
    let lowered = text.to_lowercase();
    let owner_words: HashSet<String> = owners
        .iter()
        .flat_map(|o| {
            o.to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    let mut out = String::with_capacity(lowered.len());
    for word in lowered
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if STATUS_WORDS.contains(&word) || owner_words.contains(word) {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The character trigrams of a normalised text (padded with a space at both
/// ends so short words count), as sorted, deduplicated hashes.
pub fn trigrams(normalized: &str) -> Vec<u64> {
    let chars: Vec<char> = std::iter::once(' ')
        .chain(normalized.chars())
        .chain(std::iter::once(' '))
        .collect();
    let mut grams: Vec<u64> = chars
        .windows(3)
        .map(|w| {
            // FNV-1a over the three code points: stable across runs.
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for c in w {
                h ^= *c as u64;
                h = h.wrapping_mul(0x0000_0100_0000_01b3);
            }
            h
        })
        .collect();
    grams.sort_unstable();
    grams.dedup();
    grams
}

/// Texts shorter than this many trigrams are compared only as wholes:
/// containment alone would make "docs" match every text that mentions docs.
pub const MIN_CONTAINED_TRIGRAMS: usize = 16;

/// Containment counts only when the shorter text is at least this share of
/// the longer: a short item is not the same as a paragraph that mentions it.
pub const MIN_CONTAINED_SHARE: f64 = 0.5;

/// Similarity of two trigram sets in `[0, 1]`: the Sørensen–Dice
/// coefficient, or, when the shorter text has at least
/// [`MIN_CONTAINED_TRIGRAMS`] trigrams and at least
/// [`MIN_CONTAINED_SHARE`] of the longer one's, the larger of that and the
/// share of the shorter text found in the longer one (a carried item that
/// gained a status note such as "PR open, see #123" still matches).
pub fn similarity(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return if a.is_empty() && b.is_empty() {
            1.0
        } else {
            0.0
        };
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let dice = 2.0 * common as f64 / (a.len() + b.len()) as f64;
    let shorter = a.len().min(b.len());
    let longer = a.len().max(b.len());
    if shorter >= MIN_CONTAINED_TRIGRAMS && shorter as f64 >= MIN_CONTAINED_SHARE * longer as f64 {
        dice.max(common as f64 / shorter as f64)
    } else {
        dice
    }
}

/// A 512-bit summary of a trigram set: a trigram whose bit is not set in
/// another set's signature is surely not in that set, so counting the
/// trigrams whose bit is set bounds the common ones from above, and most
/// pairs that cannot match are rejected without comparing the sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Signature([u64; 8]);

fn bit(g: u64) -> (usize, u64) {
    let b = (g >> 7) % 512;
    ((b / 64) as usize, 1 << (b % 64))
}

impl Signature {
    pub fn of(grams: &[u64]) -> Signature {
        let mut bits = [0u64; 8];
        for g in grams {
            let (w, m) = bit(*g);
            bits[w] |= m;
        }
        Signature(bits)
    }

    /// At least as many as the trigrams of `grams` that the set behind
    /// this signature holds.
    pub fn common_bound(&self, grams: &[u64]) -> usize {
        grams
            .iter()
            .filter(|g| {
                let (w, m) = bit(**g);
                self.0[w] & m != 0
            })
            .count()
    }
}

/// Whether two trigram sets can reach `threshold` at all: cheap bounds
/// (sizes, then signatures) checked before [`similarity`].
pub fn may_match(a: &[u64], b: (&[u64], &Signature), threshold: f64) -> bool {
    if !may_reach(a.len(), b.0.len(), threshold) {
        return false;
    }
    let (lo, hi) = (a.len().min(b.0.len()), a.len().max(b.0.len()));
    if lo == 0 {
        return true;
    }
    let common = b.1.common_bound(a).min(lo) as f64;
    let dice = 2.0 * common / (lo + hi) as f64;
    let contained = if lo >= MIN_CONTAINED_TRIGRAMS {
        common / lo as f64
    } else {
        0.0
    };
    dice.max(contained) >= threshold
}

/// Whether texts with these trigram counts can reach `threshold` at all
/// (a cheap bound checked before [`similarity`]): Dice needs
/// `min / max >= t / (2 - t)`, containment `min / max >= MIN_CONTAINED_SHARE`.
pub fn may_reach(a: usize, b: usize, threshold: f64) -> bool {
    let (lo, hi) = (a.min(b) as f64, a.max(b) as f64);
    if hi == 0.0 {
        return true;
    }
    let dice_bound = threshold / (2.0 - threshold);
    lo / hi >= dice_bound.min(MIN_CONTAINED_SHARE)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sim(a: &str, b: &str) -> f64 {
        similarity(
            &trigrams(&normalize_text(a, &[])),
            &trigrams(&normalize_text(b, &[])),
        )
    }

    #[test]
    fn owners_key_is_order_and_case_free() {
        let k = owners_key(&["mbuechse".into(), "Kurt".into(), "kurt".into()]);
        assert_eq!(k, "kurt,mbuechse");
        assert_eq!(owners_key(&[]), "");
    }

    #[test]
    fn normal_text_drops_status_words_owners_and_punctuation() {
        assert_eq!(
            normalize_text(
                "(ongoing) @mbuechse: Implement `oldgeneric` in image-manager -- DONE",
                &["mbuechse".into()]
            ),
            "implement oldgeneric in image manager"
        );
    }

    #[test]
    fn identical_and_reworded_texts() {
        assert_eq!(sim("implement oldgeneric", "Implement oldgeneric."), 1.0);
        let close = sim(
            "implement oldgeneric in image manager",
            "implement oldgeneric in the image manager",
        );
        assert!(close > 0.85, "{close}");
        let far = sim(
            "implement oldgeneric in image manager",
            "write the blog post about the hackathon",
        );
        assert!(far < 0.3, "{far}");
    }

    #[test]
    fn a_status_note_appended_still_matches_but_short_texts_need_more() {
        let s = sim(
            "create issue for scs-0102 image metadata tests",
            "create issue for scs-0102 image metadata tests, PR open see standards#970",
        );
        assert!(s >= 0.95, "{s}");
        // "docs" is contained in the longer text, but too short to count.
        let s = sim("docs", "update the docs for the release");
        assert!(s < 0.5, "{s}");
        // Long enough, but a small part of a paragraph.
        let s = sim(
            "admin access to realm",
            "a public ingress which only provides access to api paths which are \
             needed for users, and a separate one for admin access to realm",
        );
        assert!(s < 0.8, "{s}");
    }

    #[test]
    fn the_length_bound_never_rejects_a_match() {
        let texts = [
            "create issue for scs-0102 image metadata tests",
            "create issue for scs-0102 image metadata tests, PR open see standards#970",
            "implement oldgeneric in image manager",
            "implement oldgeneric in the image manager",
            "docs",
            "update the docs",
        ];
        for a in texts {
            for b in texts {
                let (ga, gb) = (
                    trigrams(&normalize_text(a, &[])),
                    trigrams(&normalize_text(b, &[])),
                );
                for t in [0.5, 0.7, 0.8, 0.9] {
                    if similarity(&ga, &gb) >= t {
                        assert!(may_reach(ga.len(), gb.len(), t), "{a} / {b} at {t}");
                    }
                }
            }
        }
        assert!(!may_reach(10, 100, 0.8));
        for a in texts {
            for b in texts {
                let (ga, gb) = (
                    trigrams(&normalize_text(a, &[])),
                    trigrams(&normalize_text(b, &[])),
                );
                let sb = Signature::of(&gb);
                assert!(sb.common_bound(&ga) >= ga.iter().filter(|g| gb.contains(g)).count());
                for t in [0.5, 0.7, 0.8, 0.9] {
                    if similarity(&ga, &gb) >= t {
                        assert!(may_match(&ga, (&gb, &sb), t), "{a} / {b}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_bounds_never_reject_a_match_on_generated_texts() {
        // Texts built from a small vocabulary, so many pairs share words.
        let words = [
            "create", "issue", "draft", "standard", "ipv6", "image", "manager", "docs", "review",
            "the", "for", "scs", "0102", "metadata", "release", "notes",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let texts: Vec<String> = (0..150)
            .map(|_| {
                let n = 2 + (next() % 10) as usize;
                (0..n)
                    .map(|_| words[(next() % words.len() as u64) as usize])
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let grams: Vec<Vec<u64>> = texts.iter().map(|t| trigrams(t)).collect();
        let sigs: Vec<Signature> = grams.iter().map(|g| Signature::of(g)).collect();
        let mut matches = 0;
        for (i, a) in grams.iter().enumerate() {
            for (j, b) in grams.iter().enumerate() {
                for t in [0.6, 0.8] {
                    if similarity(a, b) >= t {
                        matches += 1;
                        assert!(
                            may_match(a, (b, &sigs[j]), t),
                            "{} / {}",
                            texts[i],
                            texts[j]
                        );
                    }
                }
            }
        }
        assert!(matches > 300, "{matches}");
    }

    #[test]
    fn empty_texts() {
        assert_eq!(similarity(&[], &[]), 1.0);
        assert_eq!(similarity(&[], &trigrams("abc")), 0.0);
    }
}
