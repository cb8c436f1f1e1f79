//! followup: turns meeting minutes into tracked follow-ups.
//!
//! `extract` is pure (Markdown in, items out); `ingest` reconciles a
//! document's items with the tracked ones; `store` holds every query;
//! `api` holds the HTTP handlers; `startup` wires them.

pub mod actions;
pub mod api;
pub mod auth;
pub mod calendar;
pub mod cli;
pub mod config;
pub mod error;
pub mod extract;
pub mod ingest;
pub mod jobs;
pub mod mail;
pub mod metrics;
pub mod schedule;
pub mod startup;
pub mod store;
pub mod telemetry;
