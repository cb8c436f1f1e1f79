//! `followup ingest PATH...`: minutes files and folders into the database.
//!
//! Which series a file belongs to:
//!
//! - `--series NAME` puts every file into that series;
//! - a file given by name belongs to its folder's series;
//! - a folder holding Markdown files directly is one series, named after
//!   the folder (its sub-folders belong to it too);
//! - a folder holding none directly (a minutes repository such as
//!   `scs-minutes/`) is a folder of series folders: each first-level folder
//!   is a series, with every `*.md` below it.
//!
//! A file's source is its path from the series folder's parent
//! (`sig-standardization/20260212.md`), so the same file ingested alone or
//! with its repository is the same meeting. Within a series files go in date
//! order. A file with no date in its text or path gets `--date`, else its
//! last git commit date, else its modification time (both logged).
//! Unchanged files (same source, same SHA-256) are skipped before parsing.

use crate::config::Settings;
use crate::extract;
use crate::ingest::{self, Counts, MeetingResult, Prepared};
use crate::store::tracking;
use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use sea_orm::DatabaseConnection;
use std::collections::{BTreeMap, HashSet};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What to ingest.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub paths: Vec<PathBuf>,
    pub series: Option<String>,
    pub date: Option<NaiveDate>,
}

/// One file to ingest.
#[derive(Debug, Clone)]
pub struct Input {
    pub path: PathBuf,
    pub series: String,
    pub series_name: String,
    pub source: String,
}

/// What a run did.
#[derive(Debug, Default)]
pub struct Summary {
    pub files: usize,
    pub series: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Files dated by `--date`, git or modification time.
    pub dated_by_fallback: usize,
    pub failed: Vec<(String, String)>,
    pub counts: Counts,
    pub elapsed: Duration,
    /// Of `elapsed`: reading and parsing files, and writing the database.
    pub reading: Duration,
    pub writing: Duration,
}

fn is_markdown(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

fn hidden(p: &Path) -> bool {
    p.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

/// Every `*.md` below `dir`, sorted; hidden entries (`.git`) skipped.
/// (The benchmark and `examples/parsecorpus` read the corpus with it too.)
pub fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| !hidden(p))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out)?;
        } else if is_markdown(&p) {
            out.push(p);
        }
    }
    Ok(())
}

fn name_of(p: &Path) -> String {
    p.canonicalize()
        .ok()
        .as_deref()
        .and_then(Path::file_name)
        .or_else(|| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "minutes".into())
}

fn rel(file: &Path, base: &Path) -> String {
    file.strip_prefix(base)
        .unwrap_or(file)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The files under the given paths with their series and source (see the
/// module doc); paths that cannot be read are returned as failures.
pub fn collect(opts: &Options) -> (Vec<Input>, Vec<(String, String)>) {
    let mut inputs = Vec::new();
    let mut failed = Vec::new();
    let forced = opts.series.as_deref();
    let mut push = |path: PathBuf, series_name: &str, source: String| {
        let name = forced.unwrap_or(series_name);
        inputs.push(Input {
            path,
            series: ingest::slugify(name),
            series_name: name.to_string(),
            source,
        });
    };
    for root in &opts.paths {
        if root.is_file() {
            let folder = root
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let folder_name = name_of(folder);
            let file = root
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            push(root.clone(), &folder_name, format!("{folder_name}/{file}"));
            continue;
        }
        if !root.is_dir() {
            failed.push((
                root.display().to_string(),
                "no such file or folder".to_string(),
            ));
            continue;
        }
        let direct = match std::fs::read_dir(root) {
            Ok(rd) => rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                .any(|p| p.is_file() && is_markdown(&p)),
            Err(e) => {
                failed.push((root.display().to_string(), e.to_string()));
                continue;
            }
        };
        let root_name = name_of(root);
        let mut files = Vec::new();
        if let Err(e) = walk(root, &mut files) {
            failed.push((root.display().to_string(), e.to_string()));
            continue;
        }
        for f in files {
            let r = rel(&f, root);
            if direct {
                push(f, &root_name, format!("{root_name}/{r}"));
            } else {
                let first = r.split('/').next().unwrap_or("").to_string();
                push(f, &first, r);
            }
        }
    }
    let mut seen = HashSet::new();
    inputs.retain(|i| seen.insert((i.series.clone(), i.source.clone())));
    (inputs, failed)
}

/// The date of a file with none in its text or name: its last git commit,
/// else its modification time.
fn fallback_date(path: &Path) -> Option<(NaiveDate, &'static str)> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty())?;
    let git = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["log", "-1", "--format=%cs", "--"])
        .arg(path.file_name()?)
        .stderr(std::process::Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok());
    if let Some(d) = git {
        return Some((d, "last git commit"));
    }
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    let dt: chrono::DateTime<chrono::Utc> = modified.into();
    Some((dt.date_naive(), "file modification time"))
}

/// Reads and checks one file; `None` when it is unchanged.
fn read(
    input: &Input,
    limit: usize,
    known: Option<&std::collections::HashMap<String, String>>,
    date: Option<NaiveDate>,
) -> Result<Option<(Prepared, bool)>, String> {
    let meta = std::fs::metadata(&input.path).map_err(|e| e.to_string())?;
    if meta.len() > limit as u64 {
        return Err(format!(
            "{} bytes, over the limit of {limit} (server.markdown_limit)",
            meta.len()
        ));
    }
    let bytes = std::fs::read(&input.path).map_err(|e| e.to_string())?;
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "not UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    let hash = ingest::content_hash(&text);
    if known.and_then(|k| k.get(&input.source)) == Some(&hash) {
        return Ok(None);
    }
    if text.trim().is_empty() {
        return Err("the document is empty".into());
    }
    let hints = extract::Hints {
        file_name: Some(input.source.clone()),
        meeting_date: None,
        series: Some(input.series.clone()),
    };
    let minutes = extract::parse(&text, &hints);
    let (date, fallback) = match minutes.meeting.date {
        Some(d) => (d, false),
        None => {
            let (d, how) = match date {
                Some(d) => (d, "--date"),
                None => fallback_date(&input.path).ok_or_else(|| {
                    "no meeting date in the document or its path; give --date".to_string()
                })?,
            };
            tracing::warn!(file = %input.source, date = %d, from = how, "no date in the minutes or their path");
            (d, true)
        }
    };
    Ok(Some((
        Prepared {
            series: input.series.clone(),
            series_name: input.series_name.clone(),
            date,
            source: Some(input.source.clone()),
            hash,
            matchable: ingest::matchables(&minutes),
            minutes,
        },
        fallback,
    )))
}

/// One series' files, read and parsed.
#[derive(Default)]
struct SeriesFiles {
    ready: Vec<(Prepared, bool)>,
    unchanged: usize,
    failed: Vec<(String, String)>,
    reading: Duration,
}

/// Ingests every file; failures are collected, the rest still ingested.
pub async fn run(
    db: &DatabaseConnection,
    settings: &Settings,
    opts: &Options,
) -> anyhow::Result<Summary> {
    let started = Instant::now();
    if let Some(s) = &opts.series {
        if ingest::slugify(s).is_empty() {
            anyhow::bail!("--series {s:?}: needs at least one letter or digit");
        }
    }
    let (inputs, mut failed) = collect(opts);
    let mut summary = Summary {
        files: inputs.len() + failed.len(),
        ..Summary::default()
    };
    let mut by_series: BTreeMap<String, Vec<Input>> = BTreeMap::new();
    for i in inputs {
        by_series.entry(i.series.clone()).or_default().push(i);
    }
    summary.series = by_series.len();

    let tty = std::io::stderr().is_terminal();
    let bar = if tty {
        ProgressBar::with_draw_target(
            Some(summary.files as u64),
            ProgressDrawTarget::stderr_with_hz(10),
        )
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.inc(failed.len() as u64);
    // Files are read and parsed on a thread of their own, one series ahead
    // of the writer.
    let limit = settings.server.markdown_limit;
    let known = tracking::source_hashes(db).await?;
    let date = opts.date;
    let (tx, mut rx) = tokio::sync::mpsc::channel::<SeriesFiles>(2);
    let reader = std::thread::spawn(move || {
        for (slug, files) in by_series {
            let t0 = Instant::now();
            let mut batch = SeriesFiles::default();
            for input in &files {
                match read(input, limit, known.get(&slug), date) {
                    Ok(Some(p)) => batch.ready.push(p),
                    Ok(None) => batch.unchanged += 1,
                    Err(reason) => batch.failed.push((input.source.clone(), reason)),
                }
            }
            batch
                .ready
                .sort_by(|(a, _), (b, _)| (a.date, &a.source).cmp(&(b.date, &b.source)));
            batch.reading = t0.elapsed();
            if tx.blocking_send(batch).is_err() {
                return;
            }
        }
    });
    while let Some(batch) = rx.recv().await {
        summary.reading += batch.reading;
        summary.unchanged += batch.unchanged;
        bar.inc((batch.unchanged + batch.failed.len()) as u64);
        failed.extend(batch.failed);
        let (docs, fallbacks): (Vec<Prepared>, Vec<bool>) = batch.ready.into_iter().unzip();
        let t1 = Instant::now();
        let mut k = 0;
        ingest::apply_series(db, &settings.ingest, &docs, |p, outcome| {
            let fallback = fallbacks[k];
            k += 1;
            let source = p.source.clone().unwrap_or_default();
            bar.set_message(source.clone());
            match outcome {
                Ok(done) => {
                    summary.dated_by_fallback += usize::from(fallback);
                    match done.result {
                        MeetingResult::Created => summary.created += 1,
                        MeetingResult::Updated => summary.updated += 1,
                        MeetingResult::Unchanged => summary.unchanged += 1,
                    }
                    summary.counts.add(&done.counts);
                    if !tty {
                        let c = done.counts;
                        eprintln!(
                            "{source}: {:?} meeting {}: {} created, {} mentioned, {} closed, {} updated, {} dropped",
                            done.result, p.date, c.created, c.mentioned, c.closed, c.updated, c.dropped
                        );
                    }
                }
                Err(e) => {
                    tracing::error!(file = %source, error = %e, "ingest failed");
                    failed.push((source, e.to_string()));
                }
            }
            bar.inc(1);
        })
        .await;
        summary.writing += t1.elapsed();
    }
    if reader.join().is_err() {
        anyhow::bail!("the file reader stopped unexpectedly");
    }
    bar.finish_and_clear();
    summary.failed = failed;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// The summary printed at the end.
pub fn report(s: &Summary) -> String {
    let c = &s.counts;
    let mut out = format!(
        "{} file(s) in {} series: {} new meeting(s), {} updated, {} unchanged, {} failed ({:.2} s)\n\
         items: {} created, {} mentioned again, {} closed, {} updated, {} unchanged, {} dropped, {} merged\n\
         time: {:.2} s reading and parsing, {:.2} s writing\n",
        s.files,
        s.series,
        s.created,
        s.updated,
        s.unchanged,
        s.failed.len(),
        s.elapsed.as_secs_f64(),
        c.created,
        c.mentioned,
        c.closed,
        c.updated,
        c.unchanged,
        c.dropped,
        c.merged,
        s.reading.as_secs_f64(),
        s.writing.as_secs_f64(),
    );
    if s.dated_by_fallback > 0 {
        out.push_str(&format!(
            "{} file(s) had no date in their text or path and were dated by --date, git or modification time\n",
            s.dated_by_fallback
        ));
    }
    for (file, reason) in &s.failed {
        out.push_str(&format!("failed: {file}: {reason}\n"));
    }
    out
}
