//! `tender check`: every problem in every bidder's files, before any scoring.

use std::path::PathBuf;

use tender::output::{Format, csv, json, table};

use super::{CmdError, INTERNAL, OK, PROBLEMS, emit, load_tender};
use crate::cli::Common;

pub fn run(c: &Common, offers: &[PathBuf]) -> Result<u8, CmdError> {
    let tender = load_tender(c)?;
    let analysis = tender::analysis::analyse(&tender, offers)?;
    let report = tender::check::check(&tender, &analysis);
    let selection = c.selection();
    let text = match c.format() {
        Format::Table => table::check(&tender, &report, &selection, c.lang()),
        Format::Csv => csv::check(&report, &selection, c.lang()),
        Format::Json => json::check(&report, &selection, c.lang()),
    };
    emit(c, text.as_bytes())?;
    // Exit 1 when any offer is irregular, incomplete or unread.
    Ok(if report.has_internal_error() {
        INTERNAL
    } else if report.has_errors() {
        PROBLEMS
    } else {
        OK
    })
}
