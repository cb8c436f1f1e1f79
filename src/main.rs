use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// followup: turns meeting minutes into tracked follow-ups.
#[derive(Parser)]
#[command(version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract {
            root,
            date,
            format,
            files,
        } => {
            let failed = followup::cli::extract::run(&files, root.as_deref(), date, format);
            if failed > 0 {
                eprintln!("{failed} file(s) could not be read");
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}
