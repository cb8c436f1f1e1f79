//! One integration test binary (see `guide/architecture.md`): each module is
//! a concern; none reads `../shared`, every input lives in `tests/fixtures`.

mod access;
mod api;
mod calendar;
mod dashboards;
mod extract;
mod helpers;
mod ingest;
mod reminders;
mod schedule;
