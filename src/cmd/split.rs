//! `tender split`: what each member pays for each lot awarded for the groupement, what
//! it would pay alone, and what it saves; `--what-if` simulates a member joining or
//! leaving.

use std::path::PathBuf;

use tender::output::{Format, split};
use tender::split::Change;
use tender::tender::SplitMethod;

use super::{
    CmdError, Usage, analysis_status, emit, load_tender, no_offer_found, report_diagnostics,
};
use crate::cli::Common;

pub fn run(
    c: &Common,
    method: Option<&str>,
    what_if: Option<&str>,
    offers: &[PathBuf],
) -> Result<u8, CmdError> {
    let method = match method {
        Some(m) => Some(SplitMethod::from_key(m).ok_or_else(|| {
            CmdError::Usage(Usage::UnknownMethod {
                method: m.to_owned(),
            })
        })?),
        None => None,
    };
    let change = match what_if {
        Some(w) => Some(match w.split_once('=') {
            Some(("join", id)) if !id.is_empty() => Change::Join(id.to_owned()),
            Some(("leave", id)) if !id.is_empty() => Change::Leave(id.to_owned()),
            _ => {
                return Err(CmdError::Usage(Usage::WhatIf {
                    given: w.to_owned(),
                    problem: None,
                }));
            }
        }),
        None => None,
    };
    let tender = load_tender(c)?;
    let analysis = tender::analysis::analyse(&tender, offers)?;
    report_diagnostics(&analysis, c.lang());
    no_offer_found(&analysis, &tender, offers, c.lang());
    let (shown, result) = match &change {
        None => (
            tender.clone(),
            tender::split::split(&tender, &analysis, method, c.lot.as_deref()),
        ),
        Some(change) => {
            tender::split::what_if(&tender, &analysis, change, method, c.lot.as_deref()).map_err(
                |e| {
                    CmdError::Usage(Usage::WhatIf {
                        given: what_if.unwrap_or_default().to_owned(),
                        problem: Some(e),
                    })
                },
            )?
        }
    };
    let out = match c.format() {
        Format::Table => split::table(&shown, &result, change.as_ref(), c.lang()),
        Format::Csv => split::csv(&result, c.lang()),
        Format::Json => split::json(
            &result,
            method.unwrap_or(tender.split.method),
            change.as_ref(),
            c.lang(),
        ),
    };
    emit(c, out.as_bytes())?;
    // A lot that could not be split is a problem found, as a lot without an offer is;
    // unreadable offer files give the same status as in `rank`.
    let unsplit = if result.unsplit.is_empty() { 0 } else { 1 };
    Ok(analysis_status(&analysis, c).max(unsplit))
}
