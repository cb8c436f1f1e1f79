//! followup: turns meeting minutes into tracked follow-ups.
//!
//! `extract` is pure (Markdown in, items out); the service layers build on it.

pub mod cli;
pub mod extract;
