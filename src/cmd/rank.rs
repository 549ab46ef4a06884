//! `tender rank`: the ranking per lot, for each member alone and for the groupement.

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
    // The index series of the schedule lots' revision clauses: the revised contract
    // figures are shown beside the ranked ones; a file that cannot be used is said, and
    // only those figures are left out (the ranking does not depend on them).
    let (series, unusable) = tender::revised::load_series(&tender);
    for e in &unusable {
        eprintln!(
            "{}{}",
            c.lang().pick("avertissement : ", "warning: "),
            tender::output::schedule_text::index_error(e, c.lang())
        );
    }
    let revisions = tender::revised::revise(&tender, &analysis.normalised, &series);
    let selection = c.selection();
    let (t, a, r, l) = (&tender, &analysis, &revisions, c.lang());
    let text = match c.format() {
        Format::Table => table::rank(t, a, r, &selection, l),
        Format::Csv => csv::rank(a, r, &selection, l),
        Format::Json => json::rank(t, a, r, &selection, l),
    };
    emit(c, text.as_bytes())?;
    Ok(analysis_status(&analysis, c))
}
