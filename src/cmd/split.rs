//! `tender split`: what each member pays for each lot awarded for the groupement, what
//! it would pay alone, and what it saves; `--what-if` simulates a member joining or
//! leaving.

use std::io::Write;
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
    let method = parse_method(method)?;
    let change = parse_change(what_if)?;
    let (tender, c) = load_tender(c)?;
    let c = &c;
    let analysis = tender::analysis::analyse(&tender, offers)?;
    report_diagnostics(&analysis, c.lang());
    no_offer_found(&analysis, &tender, offers, c.lang());
    let compared = match &change {
        None => None,
        Some(change) => Some(
            tender::split::what_if_compared(&tender, &analysis, change, method, c.lot.as_deref())
                .map_err(|e| {
                CmdError::Usage(Usage::WhatIf {
                    given: what_if.unwrap_or_default().to_owned(),
                    problem: Some(e),
                })
            })?,
        ),
    };
    let today;
    let (shown, result) = match &compared {
        Some(w) => (&w.changed, &w.after),
        None => {
            today = tender::split::split(&tender, &analysis, method, c.lot.as_deref());
            (&tender, &today)
        }
    };
    let out = match c.format() {
        Format::Table => split::table(shown, result, compared.as_ref(), c.lang()),
        Format::Csv => split::csv(result, compared.as_ref(), c.lang()),
        Format::Json => split::json(
            result,
            method.unwrap_or(tender.split.method),
            compared.as_ref(),
            c.lang(),
        ),
    };
    emit(c, out.as_bytes())?;
    let warn = c.lang().pick("avertissement : ", "warning: ");
    let mut err = std::io::stderr().lock();
    for line in split::warnings(shown, result, c.lang()) {
        let _ = writeln!(err, "{warn}{line}");
    }
    // A lot that could not be split is a problem found, as a lot without an offer is; so
    // is a negative share, which no groupement's agreement can apply as it stands.
    // Unreadable offer files give the same status as in `rank`.
    let unsplit = if result.unsplit.is_empty() && !result.has_flags() {
        0
    } else {
        1
    };
    Ok(analysis_status(&analysis, c).max(unsplit))
}

fn parse_method(method: Option<&str>) -> Result<Option<SplitMethod>, CmdError> {
    method
        .map(|m| {
            SplitMethod::from_key(m).ok_or_else(|| {
                CmdError::Usage(Usage::UnknownMethod {
                    method: m.to_owned(),
                })
            })
        })
        .transpose()
}

/// `join=ID` or `leave=ID`.
fn parse_change(what_if: Option<&str>) -> Result<Option<Change>, CmdError> {
    let Some(w) = what_if else {
        return Ok(None);
    };
    match w.split_once('=') {
        Some(("join", id)) if !id.is_empty() => Ok(Some(Change::Join(id.to_owned()))),
        Some(("leave", id)) if !id.is_empty() => Ok(Some(Change::Leave(id.to_owned()))),
        _ => Err(CmdError::Usage(Usage::WhatIf {
            given: w.to_owned(),
            problem: None,
        })),
    }
}
