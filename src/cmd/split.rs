//! `tender split`: what each member pays for each lot awarded for the groupement, what
//! it would pay alone, and what it saves.

use std::path::PathBuf;

use tender::output::{Format, split};
use tender::tender::SplitMethod;

use super::{CmdError, Usage, emit, load_tender, report_diagnostics};
use crate::cli::Common;

pub fn run(c: &Common, method: Option<&str>, offers: &[PathBuf]) -> Result<u8, CmdError> {
    let method = match method {
        Some(m) => Some(SplitMethod::from_key(m).ok_or_else(|| {
            CmdError::Usage(Usage::UnknownMethod {
                method: m.to_owned(),
            })
        })?),
        None => None,
    };
    let tender = load_tender(c)?;
    let analysis = tender::analysis::analyse(&tender, offers)?;
    report_diagnostics(&analysis, c.lang());
    let result = tender::split::split(&tender, &analysis, method, c.lot.as_deref());
    let out = match c.format() {
        Format::Table => split::table(&tender, &result, c.lang()),
        Format::Csv => split::csv(&result, c.lang()),
        Format::Json => split::json(&result, method.unwrap_or(tender.split.method), c.lang()),
    };
    emit(c, out.as_bytes())?;
    // A lot that could not be split is a problem found, as a lot without an offer is.
    Ok(if result.unsplit.is_empty() { 0 } else { 1 })
}
