//! `tender check`: every problem in every bidder's files, before any scoring.

use std::path::PathBuf;

use tender::check::Focus;
use tender::output::{Format, csv, download, json, table};

use super::{CmdError, INTERNAL, OK, PROBLEMS, emit, load_tender, no_offer_found};
use crate::cli::Common;

pub fn run(c: &Common, offers: &[PathBuf]) -> Result<u8, CmdError> {
    let (tender, c) = load_tender(c)?;
    let c = &c;
    let analysis = tender::analysis::analyse(&tender, offers)?;
    // Only what concerns the lot and scope asked for is shown, counted and summed up.
    let focus = Focus {
        lot: c.lot.clone(),
        scope: c.scope.clone(),
    };
    let report = tender::check::check_focused(&tender, &analysis, &focus);
    let selection = c.selection();
    let text = match c.format() {
        Format::Table => {
            download::tables(&report.downloads, c.lang())
                + &table::check(&tender, &report, &selection, c.lang())
                + &tender::output::counted::table(&report.usage_read, c.lang())
        }
        Format::Csv => csv::check(&report, &selection, c.lang()),
        Format::Json => json::check(&report, &selection, c.lang()),
    };
    emit(c, text.as_bytes())?;
    let none = no_offer_found(&analysis, &tender, offers, c.lang());
    // Exit 1 when any offer is irregular, incomplete, not filled or unread, or when
    // there is no offer at all (as `rank` does).
    Ok(if report.has_internal_error() {
        INTERNAL
    } else if report.has_errors() || none {
        PROBLEMS
    } else {
        OK
    })
}
