//! `followup people import FILE`: people's addresses from CSV (header
//! `handle,name,email,time_zone`) or TOML (`[[people]]` tables with the
//! same keys). Every row is checked first; a file with a bad row writes
//! nothing and names each bad row. Known handles are updated, new ones
//! created.

use crate::store::people::{self, NewPerson, PersonPatch};
use sea_orm::DatabaseConnection;
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Row {
    pub handle: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub time_zone: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlFile {
    #[serde(default)]
    people: Vec<Row>,
}

/// What an import did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub created: usize,
    pub updated: usize,
}

fn blank_none(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// Reads and checks the rows of a CSV or TOML file; errors name the row.
pub fn read(path: &Path) -> Result<Vec<Row>, Vec<String>> {
    let text =
        std::fs::read_to_string(path).map_err(|e| vec![format!("{}: {e}", path.display())])?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let rows: Vec<(String, Row)> = match ext.as_str() {
        "csv" => {
            let mut out = Vec::new();
            let mut errors = Vec::new();
            let mut r = csv::ReaderBuilder::new()
                .trim(csv::Trim::All)
                .from_reader(text.as_bytes());
            for (i, rec) in r.deserialize::<Row>().enumerate() {
                match rec {
                    Ok(row) => out.push((format!("line {}", i + 2), row)),
                    Err(e) => errors.push(format!("line {}: {e}", i + 2)),
                }
            }
            if !errors.is_empty() {
                return Err(errors);
            }
            out
        }
        "toml" => {
            let f: TomlFile =
                toml::from_str(&text).map_err(|e| vec![format!("{}: {e}", path.display())])?;
            f.people
                .into_iter()
                .enumerate()
                .map(|(i, r)| (format!("people[{i}]"), r))
                .collect()
        }
        _ => {
            return Err(vec![format!(
                "{}: not a .csv or .toml file",
                path.display()
            )])
        }
    };
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (at, mut row) in rows {
        row.name = blank_none(row.name);
        row.email = blank_none(row.email);
        row.time_zone = blank_none(row.time_zone);
        let handle = people::normalize_handle(&row.handle);
        if handle.is_empty() {
            errors.push(format!("{at}: handle is empty"));
        } else if !seen.insert(handle.clone()) {
            errors.push(format!("{at}: handle {handle} appears twice"));
        }
        if let Some(e) = &row.email {
            if !validator::ValidateEmail::validate_email(e) {
                errors.push(format!("{at}: email {e:?} is not an email address"));
            }
        }
        if let Some(tz) = &row.time_zone {
            if crate::schedule::parse_tz(tz).is_err() {
                errors.push(format!("{at}: time_zone {tz:?} is not an IANA time zone"));
            }
        }
        out.push(row);
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Writes the rows in one transaction.
pub async fn import(db: &DatabaseConnection, rows: Vec<Row>) -> anyhow::Result<Summary> {
    let txn = crate::store::begin_write(db).await?;
    let mut s = Summary::default();
    for row in rows {
        match people::by_handle(&txn, &row.handle).await? {
            Some(_) => {
                people::update(
                    &txn,
                    &row.handle,
                    PersonPatch {
                        display_name: row.name.clone().map(Some),
                        email: row.email.clone().map(Some),
                        time_zone: row.time_zone.clone().map(Some),
                        reminders: None,
                    },
                )
                .await?;
                s.updated += 1;
            }
            None => {
                people::create(
                    &txn,
                    NewPerson {
                        handle: row.handle.clone(),
                        display_name: row.name,
                        email: row.email,
                        time_zone: row.time_zone,
                        reminders: true,
                    },
                )
                .await?;
                s.created += 1;
            }
        }
    }
    txn.commit().await?;
    Ok(s)
}
