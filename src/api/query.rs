//! Query strings of the list endpoints, parsed by hand so that repeated keys
//! (`status=open&status=done`) work and every bad value names its parameter.

use crate::error::{ApiError, FieldError};
use crate::store::items::{ItemFilter, SortKey, KINDS, STATUSES};
use chrono::{DateTime, NaiveDate, Utc};

pub const DEFAULT_LIMIT: u64 = 50;
pub const MAX_LIMIT: u64 = 200;
/// Larger offsets are refused (the database takes signed 64-bit numbers).
pub const MAX_OFFSET: u64 = 1_000_000_000;

/// Parsed `GET /items` parameters.
#[derive(Debug)]
pub struct ListParams {
    pub filter: ItemFilter,
    pub overdue: bool,
    pub sort: SortKey,
    pub desc: bool,
    pub limit: u64,
    pub offset: u64,
}

/// Parsed `limit` / `offset` alone.
#[derive(Debug)]
pub struct Page {
    pub limit: u64,
    pub offset: u64,
}

fn pairs(query: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect()
}

fn bad(errors: Vec<FieldError>) -> ApiError {
    let names: Vec<&str> = errors.iter().map(|f| f.field.as_str()).collect();
    let mut e = ApiError::new(
        actix_web::http::StatusCode::BAD_REQUEST,
        "invalid_query",
        format!("invalid query parameters: {}", names.join(", ")),
    );
    e.fields = errors;
    e
}

fn page_param(key: &str, value: &str, errors: &mut Vec<FieldError>) -> Option<u64> {
    match value.parse::<u64>() {
        Ok(n) => Some(n),
        Err(_) => {
            errors.push(FieldError {
                field: key.into(),
                reason: "must be a whole number ≥ 0".into(),
            });
            None
        }
    }
}

/// `limit` (default 50; over 200 is refused) and `offset`, plus any other
/// key handled by `other`; unknown keys are refused.
fn parse_with(
    query: &str,
    mut other: impl FnMut(&str, &str, &mut Vec<FieldError>) -> bool,
) -> Result<Page, ApiError> {
    let mut errors = Vec::new();
    let mut page = Page {
        limit: DEFAULT_LIMIT,
        offset: 0,
    };
    for (k, v) in pairs(query) {
        match k.as_str() {
            "limit" => {
                if let Some(n) = page_param("limit", &v, &mut errors) {
                    if n == 0 || n > MAX_LIMIT {
                        errors.push(FieldError {
                            field: "limit".into(),
                            reason: format!("must be 1 to {MAX_LIMIT}"),
                        });
                    } else {
                        page.limit = n;
                    }
                }
            }
            "offset" => {
                if let Some(n) = page_param("offset", &v, &mut errors) {
                    if n > MAX_OFFSET {
                        errors.push(FieldError {
                            field: "offset".into(),
                            reason: format!("must be at most {MAX_OFFSET}"),
                        });
                    } else {
                        page.offset = n;
                    }
                }
            }
            key => {
                if !other(key, &v, &mut errors) {
                    errors.push(FieldError {
                        field: key.into(),
                        reason: "unknown parameter".into(),
                    });
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(page)
    } else {
        Err(bad(errors))
    }
}

pub fn parse_page(query: &str) -> Result<Page, ApiError> {
    parse_with(query, |_, _, _| false)
}

fn date(key: &str, v: &str, errors: &mut Vec<FieldError>) -> Option<NaiveDate> {
    v.parse()
        .map_err(|_| {
            errors.push(FieldError {
                field: key.into(),
                reason: "must be a date YYYY-MM-DD".into(),
            })
        })
        .ok()
}

fn nonempty(key: &str, v: &str, errors: &mut Vec<FieldError>) -> Option<String> {
    let t = v.trim();
    if t.is_empty() {
        errors.push(FieldError {
            field: key.into(),
            reason: "must not be empty".into(),
        });
        None
    } else {
        Some(t.to_string())
    }
}

/// One filter parameter shared by `/items` and `/stats`; false if `key`
/// is not a filter.
fn filter_param(
    key: &str,
    v: &str,
    errors: &mut Vec<FieldError>,
    filter: &mut ItemFilter,
    overdue: &mut bool,
) -> bool {
    let mut reject = |reason: &str| {
        errors.push(FieldError {
            field: key.into(),
            reason: reason.into(),
        })
    };
    match key {
        "status" => {
            if STATUSES.contains(&v) {
                filter.statuses.push(v.to_string());
            } else {
                reject("must be open, done or dropped");
            }
        }
        "kind" => {
            if KINDS.contains(&v) {
                filter.kind = Some(v.to_string());
            } else {
                reject("must be action, gap or decision");
            }
        }
        "overdue" => match v {
            "true" | "1" => *overdue = true,
            "false" | "0" => *overdue = false,
            _ => reject("must be true or false"),
        },
        "updated_since" => match DateTime::parse_from_rfc3339(v) {
            Ok(t) => filter.updated_since = Some(t.with_timezone(&Utc)),
            Err(_) => reject("must be an RFC 3339 timestamp"),
        },
        "owner" => filter.owner = nonempty(key, v, errors),
        "series" => filter.series = nonempty(key, v, errors),
        "section" => filter.section = nonempty(key, v, errors),
        "q" => filter.q = nonempty(key, v, errors),
        "due_before" => filter.due_before = date(key, v, errors),
        "due_after" => filter.due_after = date(key, v, errors),
        _ => return false,
    }
    true
}

pub fn parse_list(query: &str) -> Result<ListParams, ApiError> {
    let mut filter = ItemFilter::default();
    let (mut overdue, mut sort, mut desc) = (false, SortKey::Created, true);
    let page = parse_with(query, |key, v, errors| {
        if filter_param(key, v, errors, &mut filter, &mut overdue) {
            return true;
        }
        let mut reject = |reason: &str| {
            errors.push(FieldError {
                field: key.into(),
                reason: reason.into(),
            })
        };
        match key {
            "sort" => match v {
                "due" => sort = SortKey::Due,
                "created" => sort = SortKey::Created,
                "updated" => sort = SortKey::Updated,
                _ => reject("must be due, created or updated"),
            },
            "order" => match v {
                "asc" => desc = false,
                "desc" => desc = true,
                _ => reject("must be asc or desc"),
            },
            _ => return false,
        }
        true
    })?;
    Ok(ListParams {
        filter,
        overdue,
        sort,
        desc,
        limit: page.limit,
        offset: page.offset,
    })
}

/// Parsed `GET /stats` parameters: the filters of `/items`, plus the week
/// range and the staleness threshold.
#[derive(Debug)]
pub struct StatsParams {
    pub filter: ItemFilter,
    pub overdue: bool,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub stale_meetings: u32,
}

/// Weeks of the created/closed series at most.
pub const MAX_WEEKS: i64 = 260;

pub fn parse_stats(query: &str) -> Result<StatsParams, ApiError> {
    let mut p = StatsParams {
        filter: ItemFilter::default(),
        overdue: false,
        from: None,
        to: None,
        stale_meetings: 3,
    };
    let mut errors = Vec::new();
    for (k, v) in pairs(query) {
        let key = k.as_str();
        if filter_param(key, &v, &mut errors, &mut p.filter, &mut p.overdue) {
            continue;
        }
        match key {
            "from" => p.from = date(key, &v, &mut errors),
            "to" => p.to = date(key, &v, &mut errors),
            "stale_meetings" => match v.parse::<u32>() {
                Ok(n) if n <= 1000 => p.stale_meetings = n,
                _ => errors.push(FieldError {
                    field: key.into(),
                    reason: "must be a whole number from 0 to 1000".into(),
                }),
            },
            _ => errors.push(FieldError {
                field: key.into(),
                reason: "unknown parameter".into(),
            }),
        }
    }
    if let (Some(f), Some(t)) = (p.from, p.to) {
        if f > t {
            errors.push(FieldError {
                field: "from".into(),
                reason: "must not be after to".into(),
            });
        } else if (t - f).num_days() > 7 * MAX_WEEKS {
            errors.push(FieldError {
                field: "from".into(),
                reason: format!("the range may span at most {MAX_WEEKS} weeks"),
            });
        }
    }
    if errors.is_empty() {
        Ok(p)
    } else {
        Err(bad(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_status_and_defaults() {
        let p = parse_list("status=open&status=done&sort=due&order=asc").unwrap();
        assert_eq!(p.filter.statuses, vec!["open", "done"]);
        assert_eq!(
            (p.sort, p.desc, p.limit, p.offset),
            (SortKey::Due, false, 50, 0)
        );
    }

    #[test]
    fn huge_offsets_are_refused_not_passed_on() {
        let e = parse_page("offset=9223372036854775808").unwrap_err();
        assert_eq!(e.fields[0].field, "offset");
        assert!(parse_page("offset=1000000000").is_ok());
    }

    #[test]
    fn every_bad_value_is_named() {
        let e = parse_list("status=closed&limit=500&due_before=tomorrow&color=red").unwrap_err();
        let fields: Vec<_> = e.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, vec!["status", "limit", "due_before", "color"]);
        assert_eq!(e.code, "invalid_query");
    }
}
