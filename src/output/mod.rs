//! Output formats: a table for people, CSV and JSON for scripts. Each is fed by the same
//! result types, so they can never disagree.

pub mod sanitize;
pub mod text;
