use clap::{Parser, Subcommand};
use followup::config::Settings;
use std::path::PathBuf;
use std::process::ExitCode;

/// followup: turns meeting minutes into tracked follow-ups.
///
/// Settings come from the built-in defaults, then the file named by --config
/// (or FOLLOWUP_CONFIG), then FOLLOWUP__SECTION__KEY environment variables.
#[derive(Parser)]
#[command(version, about, long_about)]
struct Cli {
    /// A TOML settings file layered over the defaults.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the HTTP API and, unless `reminders.enabled = false`, the
    /// reminder and digest emails (applies pending migrations first).
    Serve,
    /// Apply, revert or list database migrations.
    Migrate {
        #[command(subcommand)]
        action: MigrateAction,
    },
    /// Extract actions, gaps and cancelled calls from Markdown minutes (no database needed).
    Extract {
        /// Print file names relative to this directory.
        #[arg(long)]
        root: Option<PathBuf>,
        /// Meeting date (YYYY-MM-DD) when the document and file name do not say it.
        #[arg(long)]
        date: Option<chrono::NaiveDate>,
        /// `json`: one JSON document per file and line; `text`: a readable table.
        #[arg(long, value_enum, default_value = "json")]
        format: followup::cli::extract::Format,
        /// Minutes files (Markdown).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Ingest minutes files and folders: each action and gap becomes a
    /// tracked item; items named again in later minutes stay one item.
    ///
    /// A folder holding Markdown files is one series named after it; a folder
    /// holding only folders (a minutes repository) maps each first-level
    /// folder to a series. Files go in date order; unchanged files are
    /// skipped. Every failed file is named with its reason, the others are
    /// still ingested, and the exit status is 1 if any failed.
    Ingest {
        /// Put every file into this series (created if new).
        #[arg(long)]
        series: Option<String>,
        /// Meeting date (YYYY-MM-DD) for files whose text and path name none
        /// (otherwise: last git commit date, then modification time).
        #[arg(long)]
        date: Option<chrono::NaiveDate>,
        /// Minutes files (*.md) and folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Manage people's addresses.
    People {
        #[command(subcommand)]
        action: PeopleAction,
    },
    /// Create, list and revoke API tokens (bearer tokens for /api/v1).
    Token {
        #[command(subcommand)]
        action: TokenAction,
    },
    /// Import meeting schedules from calendar files.
    Calendar {
        #[command(subcommand)]
        action: CalendarAction,
    },
}

#[derive(Subcommand)]
enum PeopleAction {
    /// Read people from a CSV file (header handle,name,email,time_zone) or a
    /// TOML file ([[people]] with the same keys). Known handles are updated,
    /// new ones created; a file with a bad row writes nothing.
    Import {
        /// A .csv or .toml file.
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum TokenAction {
    /// Create a token and print it (once: only its hash is stored).
    ///
    /// `read` reads; `write` also ingests minutes and changes items; `admin`
    /// also manages tokens, people and series.
    Create {
        /// What the token is for (`grafana`, `ci`).
        #[arg(long)]
        name: String,
        #[arg(long, value_parser = ["read", "write", "admin"])]
        scope: String,
        /// Days until it expires (default: never).
        #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(1..=3650))]
        expires: Option<u32>,
    },
    /// List tokens (never the tokens themselves).
    List,
    /// Revoke a token by id; running servers stop accepting it within
    /// `auth.token_cache_secs` (5 s).
    Revoke { id: i32 },
}

#[derive(Subcommand)]
enum CalendarAction {
    /// Read YAML calendars (the SCS format; `include:` lists are followed)
    /// and iCalendar (.ics) files into series schedules.
    ///
    /// A `Minutes: …/tree/<branch>/<folder>` line in an event's description
    /// names its series (the minutes folder); a recurring event without one
    /// becomes a series named after its summary; one-time events without one
    /// are reported as skipped. Importing again updates, never duplicates.
    Import {
        /// Put every event into this series.
        #[arg(long)]
        series: Option<String>,
        /// Calendar files (.yml, .yaml, .ics).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

#[derive(Subcommand)]
enum MigrateAction {
    /// Apply every pending migration.
    Up,
    /// Revert the last N migrations.
    Down {
        #[arg(long, default_value_t = 1)]
        steps: u32,
    },
    /// List migrations and whether each is applied.
    Status,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Extract {
        root,
        date,
        format,
        files,
    } = &cli.command
    {
        let failed = followup::cli::extract::run(files, root.as_deref(), *date, *format);
        if failed > 0 {
            eprintln!("{failed} file(s) could not be read");
            return ExitCode::FAILURE;
        }
        return ExitCode::SUCCESS;
    }
    let settings = match Settings::load(cli.config.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("followup: {e}");
            return ExitCode::from(2);
        }
    };
    followup::telemetry::init(&settings.log);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("followup: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Serve => {
                let app = followup::startup::Application::build(&settings).await?;
                app.run_until_stopped().await?;
                tracing::info!("stopped");
                Ok(())
            }
            Command::Migrate { action } => migrate(&settings, action).await,
            Command::People {
                action: PeopleAction::Import { file },
            } => {
                let rows = match followup::cli::people::read(&file) {
                    Ok(rows) => rows,
                    Err(errors) => {
                        for e in &errors {
                            eprintln!("{e}");
                        }
                        anyhow::bail!("{} bad row(s); nothing imported", errors.len());
                    }
                };
                let db = followup::store::connect(&settings).await?;
                followup::store::migrate(&db).await?;
                let s = followup::cli::people::import(&db, rows).await?;
                println!("{} created, {} updated", s.created, s.updated);
                Ok(())
            }
            Command::Calendar {
                action: CalendarAction::Import { series, files },
            } => {
                let db = followup::store::connect(&settings).await?;
                followup::store::migrate(&db).await?;
                let s = followup::cli::calendar::import(&db, &files, series.as_deref()).await?;
                print!("{}", followup::cli::calendar::report(&s));
                if !s.failed.is_empty() {
                    anyhow::bail!("{} file(s) failed", s.failed.len());
                }
                Ok(())
            }
            Command::Ingest {
                series,
                date,
                paths,
            } => {
                let db = followup::store::connect(&settings).await?;
                followup::store::migrate(&db).await?;
                let opts = followup::cli::ingest::Options {
                    paths,
                    series,
                    date,
                };
                let summary = followup::cli::ingest::run(&db, &settings, &opts).await?;
                print!("{}", followup::cli::ingest::report(&summary));
                if !summary.failed.is_empty() {
                    anyhow::bail!("{} file(s) failed", summary.failed.len());
                }
                Ok(())
            }
            Command::Token { action } => token(&settings, action).await,
            Command::Extract { .. } => unreachable!("handled above"),
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "followup failed");
            eprintln!("followup: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn migrate(settings: &Settings, action: MigrateAction) -> anyhow::Result<()> {
    let db = followup::store::connect(settings).await?;
    match action {
        MigrateAction::Up => {
            followup::store::migrate(&db).await?;
            println!("migrations applied");
        }
        MigrateAction::Down { steps } => {
            followup::store::migrate_down(&db, steps).await?;
            println!("reverted {steps} migration(s)");
        }
        MigrateAction::Status => {
            for (name, applied) in followup::store::migration_status(&db).await? {
                println!("{} {name}", if applied { "applied" } else { "pending" });
            }
        }
    }
    Ok(())
}

async fn token(settings: &Settings, action: TokenAction) -> anyhow::Result<()> {
    use followup::cli::tokens;
    let db = followup::store::connect(settings).await?;
    followup::store::migrate(&db).await?;
    let now = chrono::Utc::now();
    match action {
        TokenAction::Create {
            name,
            scope,
            expires,
        } => {
            let scope = scope.parse().map_err(anyhow::Error::msg)?;
            let (row, token) = tokens::create(&db, &name, scope, expires, now).await?;
            eprintln!("{}", tokens::created_line(&row));
            println!("{token}");
        }
        TokenAction::List => {
            let rows = followup::store::tokens::list(&db).await?;
            print!("{}", tokens::table(&rows, now));
        }
        TokenAction::Revoke { id } => {
            let t = followup::store::tokens::revoke(&db, id, now).await?;
            println!("token {} ({}) revoked", t.id, t.name);
        }
    }
    Ok(())
}
