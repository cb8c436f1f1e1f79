//! Command-line entry points that are not the server.

pub mod calendar;
pub mod extract;
pub mod ingest;
pub mod people;
pub mod tokens;
