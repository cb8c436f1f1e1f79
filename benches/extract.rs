//! `cargo bench --bench extract`: the whole minutes corpus through
//! `extract::parse`, next to a bare pulldown-cmark parse of the same bytes,
//! both measured in this run; then the hostile inputs, one by one.
//!
//! The corpus is every `*.md` below `FOLLOWUP_CORPUS` (default
//! `../shared/corpus/scs-minutes`), read into memory before timing.

use followup::cli::ingest::walk;
use followup::extract::{parse, units, Hints};
use std::path::Path;
use std::time::{Duration, Instant};

/// Runs of each hostile input (its worst and median are printed).
const HOSTILE_RUNS: usize = 5;

/// Best of `rounds` timings of `f` over the documents.
fn best<F: FnMut() -> usize>(rounds: usize, mut f: F) -> (Duration, usize) {
    let mut best = Duration::MAX;
    let mut sink = 0;
    for _ in 0..rounds {
        let t = Instant::now();
        sink = std::hint::black_box(f());
        best = best.min(t.elapsed());
    }
    (best, sink)
}

fn main() {
    let root =
        std::env::var("FOLLOWUP_CORPUS").unwrap_or_else(|_| "../shared/corpus/scs-minutes".into());
    let mut files = Vec::new();
    // Sorted, hidden folders skipped: as `followup ingest` reads a folder.
    if let Err(e) = walk(Path::new(&root), &mut files) {
        eprintln!("{root}: {e}");
    }
    let docs: Vec<(String, String)> = files
        .iter()
        .filter_map(|p| {
            Some((
                p.to_string_lossy().into_owned(),
                std::fs::read_to_string(p).ok()?,
            ))
        })
        .collect();
    let bytes: usize = docs.iter().map(|(_, d)| d.len()).sum();
    if docs.is_empty() {
        eprintln!("no *.md under {root}; set FOLLOWUP_CORPUS");
        std::process::exit(2);
    }
    let mb = bytes as f64 / 1e6;
    println!("corpus: {} files, {:.2} MB from {root}", docs.len(), mb);
    // FOLLOWUP_BENCH_QUICK=1: no gate check, no hostile inputs (for profilers);
    // FOLLOWUP_BENCH_ROUNDS: timed rounds of each (default 15).
    let quick = std::env::var_os("FOLLOWUP_BENCH_QUICK").is_some();
    let rounds = std::env::var("FOLLOWUP_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(15usize)
        .max(1);
    let (bare, events) = best(rounds, || {
        docs.iter()
            .map(|(_, d)| {
                pulldown_cmark::Parser::new_ext(d, units::options())
                    .into_offset_iter()
                    .count()
            })
            .sum()
    });
    let hints: Vec<Hints> = docs
        .iter()
        .map(|(n, _)| Hints {
            file_name: Some(n.clone()),
            ..Hints::default()
        })
        .collect();
    let (full, items) = best(rounds, || {
        docs.iter()
            .zip(&hints)
            .map(|((_, d), h)| parse(d, h).items.len())
            .sum()
    });
    let differ: Vec<&str> = if quick {
        Vec::new()
    } else {
        docs.iter()
            .zip(&hints)
            .filter(|((_, d), h)| {
                followup::extract::parse(d, h) != followup::extract::parse_ungated(d, h)
            })
            .map(|((n, _), _)| n.as_str())
            .collect()
    };
    println!(
        "keyword gate: {} of {} files differ from the ungated rules {:?}",
        differ.len(),
        docs.len(),
        &differ[..differ.len().min(5)]
    );
    let mut buf = String::new();
    let (split, n_units) = best(3, || {
        docs.iter()
            .map(|(_, d)| units::units(d, &mut buf).len())
            .sum()
    });
    println!("units only: {:?} ({n_units} units)", split);
    let texts: Vec<Vec<String>> = docs
        .iter()
        .map(|(_, d)| {
            units::units(d, &mut buf)
                .iter()
                .map(|u| u.text.to_string())
                .collect()
        })
        .collect();
    let (scanned, any) = best(rounds, || {
        texts
            .iter()
            .flatten()
            .map(|t| usize::from(followup::extract::scan_bits(t) != 0))
            .sum()
    });
    println!(
        "keyword scan only: {:?} ({any} units with a bit set)",
        scanned
    );
    let bare_mbs = mb / bare.as_secs_f64();
    let full_mbs = mb / full.as_secs_f64();
    println!(
        "bare pulldown-cmark parse: {:>8.1} MB/s ({events} events, best of {rounds}: {:?})",
        bare_mbs, bare
    );
    println!(
        "extract::parse:            {:>8.1} MB/s ({items} items, best of {rounds}: {:?})",
        full_mbs, full
    );
    println!(
        "ratio extract/bare: {:.2}x of the bare parser's throughput (goal >= 0.40)",
        full_mbs / bare_mbs
    );

    if quick {
        return;
    }
    let deep_list: String = (0..10_000)
        .map(|i| format!("{}- x\n", "  ".repeat(i)))
        .collect();
    let deep_quote = format!("{} AI: deep\n", ">".repeat(10_000));
    let many: String = (0..100_000)
        .map(|i| format!("- AI @p{i}: item {i}\n"))
        .collect();
    let long_line = "word ".repeat(210_000);
    let emphasis = "*_~~[".repeat(50_000);
    let nul = "- AI @x: a\0b\n".repeat(10_000);
    for (name, md) in [
        ("10,000-deep list", &deep_list),
        ("10,000-deep block quote", &deep_quote),
        ("100,000 bullets", &many),
        ("1 MiB single line", &long_line),
        ("unbalanced emphasis", &emphasis),
        ("NUL bytes", &nul),
    ] {
        // Timed several times: one run shows this machine's noise as much
        // as the input's cost. The bar holds for the worst run.
        let mut times = Vec::with_capacity(HOSTILE_RUNS);
        let mut n = 0;
        for _ in 0..HOSTILE_RUNS {
            let t = Instant::now();
            n = std::hint::black_box(parse(md, &Hints::default()))
                .items
                .len();
            times.push(t.elapsed());
        }
        times.sort();
        let (median, e) = (times[HOSTILE_RUNS / 2], times[HOSTILE_RUNS - 1]);
        println!(
            "hostile {name:<24} {:>7.1} ms worst, {:>7.1} ms median of {HOSTILE_RUNS}  {n} items  {}",
            e.as_secs_f64() * 1e3,
            median.as_secs_f64() * 1e3,
            if e < Duration::from_millis(250) {
                "ok (< 250 ms)"
            } else {
                "SLOW (>= 250 ms)"
            }
        );
    }
}
