//! `followup extract`: runs the extractor over files and prints JSON lines or
//! a readable table.

use crate::extract::{parse, Hints, Minutes};
use chrono::NaiveDate;
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Output format of `followup extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Text,
}

#[derive(Serialize)]
struct Document<'a> {
    file: &'a str,
    #[serde(flatten)]
    minutes: &'a Minutes,
}

/// The path to print for `file`: relative to `root` when it lies below it.
pub fn relative_name(file: &Path, root: Option<&Path>) -> String {
    let shown = root
        .and_then(|r| {
            let abs_root = r.canonicalize().ok()?;
            let abs_file = file.canonicalize().ok()?;
            abs_file.strip_prefix(&abs_root).ok().map(Path::to_path_buf)
        })
        .unwrap_or_else(|| file.to_path_buf());
    shown.to_string_lossy().replace('\\', "/")
}

/// Hints for a file: its name, the series (its folder) and the date if given.
pub fn hints_for(name: &str, date: Option<NaiveDate>) -> Hints {
    let mut parts: Vec<&str> = name.split('/').collect();
    parts.pop();
    Hints {
        file_name: Some(name.to_string()),
        meeting_date: date,
        series: parts.last().map(|s| s.to_string()),
    }
}

/// Runs the command; returns the number of files that could not be read.
pub fn run(
    files: &[PathBuf],
    root: Option<&Path>,
    date: Option<NaiveDate>,
    format: Format,
) -> usize {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0;
    for file in files {
        let name = relative_name(file, root);
        let text = match std::fs::read(file) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!(
                        "{}: not UTF-8 (invalid byte at offset {})",
                        file.display(),
                        e.utf8_error().valid_up_to()
                    );
                    failed += 1;
                    continue;
                }
            },
            Err(e) => {
                eprintln!("{}: {e}", file.display());
                failed += 1;
                continue;
            }
        };
        let minutes = parse(&text, &hints_for(&name, date));
        let written = match format {
            Format::Json => serde_json::to_string(&Document {
                file: &name,
                minutes: &minutes,
            })
            .map_err(std::io::Error::other)
            .and_then(|j| writeln!(out, "{j}")),
            Format::Text => write_table(&mut out, &name, &minutes),
        };
        if let Err(e) = written {
            // Broken pipe (e.g. `| head`): stop quietly.
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return failed;
            }
            eprintln!("writing output: {e}");
            return failed + 1;
        }
    }
    let _ = out.flush();
    failed
}

fn write_table(out: &mut impl Write, name: &str, m: &Minutes) -> std::io::Result<()> {
    let date = m
        .meeting
        .date
        .map(|d| d.to_string())
        .unwrap_or_else(|| "no date".into());
    writeln!(out, "{name}  ({date}, {} items)", m.items.len())?;
    for i in &m.items {
        let when = i.due.or(i.date).map(|d| d.to_string()).unwrap_or_default();
        writeln!(
            out,
            "  {:>5}  {:<12} {:<5} {:<24} {:<10} {}",
            i.line,
            i.kind.as_str(),
            i.status.as_str(),
            i.owners.join(","),
            when,
            i.text
        )?;
    }
    Ok(())
}
