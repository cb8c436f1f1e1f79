//! A fixed amount of extraction work for instruction counters, which, unlike
//! the timings of `cargo bench --bench extract`, do not move with the
//! machine's load:
//!
//! ```sh
//! cargo build --release --example parsecorpus
//! valgrind --tool=callgrind target/release/examples/parsecorpus 1
//! valgrind --tool=callgrind target/release/examples/parsecorpus 3
//! ```
//!
//! The difference of the two totals, halved, is one corpus pass of
//! `extract::parse` (reading the files and start-up cancel out). `hostile`
//! instead of a count parses the benchmark's 100,000 bullets once; `bare N`
//! runs the benchmark's baseline (pulldown-cmark alone) instead. The
//! corpus is every `*.md` below `FOLLOWUP_CORPUS` (default
//! `../shared/corpus/scs-minutes`).

use followup::cli::ingest::walk;
use followup::extract::{parse, units, Hints};
use std::path::Path;

fn main() {
    let arg = std::env::args().nth(1).unwrap_or_else(|| "1".into());
    if arg == "hostile" {
        let many: String = (0..100_000)
            .map(|i| format!("- AI @p{i}: item {i}\n"))
            .collect();
        println!("{} items", parse(&many, &Hints::default()).items.len());
        return;
    }
    // `bare ROUNDS`: pulldown-cmark alone over the same bytes, as the
    // benchmark's baseline.
    let bare = arg == "bare";
    let arg = if bare {
        std::env::args().nth(2).unwrap_or_else(|| "1".into())
    } else {
        arg
    };
    let Ok(rounds) = arg.parse::<usize>() else {
        eprintln!("usage: parsecorpus [ROUNDS | bare ROUNDS | hostile]");
        std::process::exit(2);
    };
    let root =
        std::env::var("FOLLOWUP_CORPUS").unwrap_or_else(|_| "../shared/corpus/scs-minutes".into());
    let mut files = Vec::new();
    // Sorted, hidden folders skipped: as `followup ingest` reads a folder.
    if let Err(e) = walk(Path::new(&root), &mut files) {
        eprintln!("{root}: {e}");
    }
    let docs: Vec<(Hints, String)> = files
        .iter()
        .filter_map(|p| {
            let hints = Hints {
                file_name: Some(p.to_string_lossy().into_owned()),
                ..Hints::default()
            };
            Some((hints, std::fs::read_to_string(p).ok()?))
        })
        .collect();
    if docs.is_empty() {
        eprintln!("no *.md under {root}; set FOLLOWUP_CORPUS");
        std::process::exit(2);
    }
    let mut items = 0;
    if bare {
        for _ in 0..rounds {
            items += docs
                .iter()
                .map(|(_, d)| {
                    pulldown_cmark::Parser::new_ext(d, units::options())
                        .into_offset_iter()
                        .count()
                })
                .sum::<usize>();
        }
        println!("{} files, {rounds} rounds, {items} events", docs.len());
        return;
    }
    for _ in 0..rounds {
        items += docs
            .iter()
            .map(|(h, d)| parse(d, h).items.len())
            .sum::<usize>();
    }
    println!("{} files, {rounds} rounds, {items} items", docs.len());
}
