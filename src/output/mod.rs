//! Output formats: a table for people, CSV and JSON for scripts. Each is fed by the same
//! result types (`analysis::Analysis`), so they can never disagree.

pub mod counted;
pub mod csv;
mod declared_lots;
pub mod decp;
pub mod download;
pub mod explain;
mod explain_schedule;
mod hint;
pub mod json;
pub mod ocds;
mod open_data;
pub mod plausibility;
pub mod report_html;
pub mod report_labels;
pub mod report_xlsx;
pub mod sanitize;
mod schedule_rank;
pub mod schedule_text;
pub mod schema;
pub mod simulate;
pub mod split;
pub mod table;
pub mod text;
pub mod width;

/// The output format asked for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    #[default]
    Table,
    Csv,
    Json,
}

/// The lots and scopes to show (`--lot`, `--scope`); everything when unset.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    pub lot: Option<String>,
    pub scope: Option<String>,
}

impl Selection {
    pub fn lot(&self, id: &str) -> bool {
        self.lot.as_deref().is_none_or(|l| l == id)
    }

    pub fn scope(&self, id: &str) -> bool {
        self.scope.as_deref().is_none_or(|s| s == id)
    }
}
