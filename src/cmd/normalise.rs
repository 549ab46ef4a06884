//! `tender normalise`: each offer's comparable yearly cost per lot and scope.

use std::path::PathBuf;

use tender::output::{Format, csv, json, table};

use super::{CmdError, analysis_status, emit, load_tender, no_offer_found, report_diagnostics};
use crate::cli::Common;

pub fn run(c: &Common, offers: &[PathBuf]) -> Result<u8, CmdError> {
    let (tender, c) = load_tender(c)?;
    let c = &c;
    let analysis = tender::analysis::analyse(&tender, offers)?;
    report_diagnostics(&analysis, c.lang());
    no_offer_found(&analysis, &tender, offers, c.lang());
    let selection = c.selection();
    let text = match c.format() {
        Format::Table => table::normalise(&tender, &analysis, &selection, c.lang()),
        Format::Csv => csv::normalise(&analysis, &selection, c.lang()),
        Format::Json => json::normalise(&tender, &analysis, &selection, c.lang()),
    };
    emit(c, text.as_bytes())?;
    Ok(analysis_status(&analysis, c))
}
