//! `tender split`: what each member pays for each lot awarded for the groupement, what
//! it would pay alone, and what it saves; `--what-if` simulates a member joining or
//! leaving; `--tariff` prices from the buyer's grid instead of the offers (planning
//! before the tender); `--compare` sets every method side by side.

use std::io::Write;
use std::path::{Path, PathBuf};

use tender::output::{Format, split};
use tender::split::grid::{self, Grid, GridError};
use tender::split::{Change, SplitResult, WhatIf, planning};
use tender::tender::{SplitMethod, Tender};

use super::{
    CmdError, Usage, analysis_status, emit, load_tender, no_offer_found, report_diagnostics,
};
use crate::cli::Common;

/// What the command line asks of `split`.
pub struct Asked<'a> {
    pub method: Option<&'a str>,
    pub what_if: Option<&'a str>,
    /// Price from the buyer's grid instead of the offers.
    pub tariff: Option<&'a Path>,
    /// Every method side by side.
    pub compare: bool,
}

pub fn run(c: &Common, asked: Asked, offers: &[PathBuf]) -> Result<u8, CmdError> {
    let method = parse_method(asked.method)?;
    let change = parse_change(asked.what_if)?;
    let (tender, c) = load_tender(c)?;
    let c = &c;
    if let Some(path) = asked.tariff {
        let grid = read_grid(path, &tender)?;
        return planned(c, &tender, &grid, method, change.as_ref(), asked);
    }
    let analysis = tender::analysis::analyse(&tender, offers)?;
    report_diagnostics(&analysis, c.lang());
    no_offer_found(&analysis, &tender, offers, c.lang());
    if asked.compare {
        let lot = c.lot.as_deref();
        let lots = planning::compare(&tender, |m| {
            tender::split::split(&tender, &analysis, Some(m), lot)
        });
        let status = show_comparison(c, &tender, &lots, "")?;
        return Ok(analysis_status(&analysis, c).max(status));
    }
    let compared = match &change {
        None => None,
        Some(change) => Some(
            tender::split::what_if_compared(&tender, &analysis, change, method, c.lot.as_deref())
                .map_err(|e| what_if_error(asked.what_if, e))?,
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
    let unsplit = show(c, &tender, shown, result, method, compared.as_ref(), "")?;
    // Unreadable offer files give the same status as in `rank`.
    Ok(analysis_status(&analysis, c).max(unsplit))
}

fn what_if_error(given: Option<&str>, e: tender::split::WhatIfError) -> CmdError {
    CmdError::Usage(Usage::WhatIf {
        given: given.unwrap_or_default().to_owned(),
        problem: Some(e),
    })
}

/// Prints a split (or a what-if) in the format asked, and its warnings; the status: 1
/// when a lot could not be split or a share is flagged.
fn show(
    c: &Common,
    tender: &Tender,
    shown: &Tender,
    result: &SplitResult,
    method: Option<SplitMethod>,
    compared: Option<&WhatIf>,
    preface: &str,
) -> Result<u8, CmdError> {
    let out = match c.format() {
        Format::Table => preface.to_owned() + &split::table(shown, result, compared, c.lang()),
        Format::Csv => split::csv(result, compared, c.lang()),
        Format::Json => split::json(
            result,
            method.unwrap_or(tender.split.method),
            compared,
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
    Ok(u8::from(!result.unsplit.is_empty() || result.has_flags()))
}

/// Reads the buyer's grid (`--tariff`).
fn read_grid(path: &Path, tender: &Tender) -> Result<Grid, CmdError> {
    let bytes = std::fs::read(path).map_err(|source| GridError::Unreadable {
        file: path.to_path_buf(),
        source,
    })?;
    Ok(grid::parse(&bytes, path, tender)?)
}

/// `split --tariff`: the split, a what-if or every method, on the grid's prices.
fn planned(
    c: &Common,
    tender: &Tender,
    grid: &Grid,
    method: Option<SplitMethod>,
    change: Option<&Change>,
    asked: Asked,
) -> Result<u8, CmdError> {
    let lot = c.lot.as_deref();
    let lang = c.lang();
    let priced: Vec<&str> = planning::priced_lots(tender, grid, lot)
        .map(|(l, _)| l.id.as_str())
        .collect();
    let line = split::planning::grid_line(tender, grid, lot, lang);
    if priced.is_empty() {
        // Nothing to show: the grid prices none of the lots asked.
        let _ = writeln!(std::io::stderr().lock(), "{line}");
        return Ok(1);
    }
    let preface = split::planning::preface(&line);
    if asked.compare {
        let lots = planning::compare(tender, |m| {
            planning::split_with_grid(tender, grid, Some(m), lot)
        });
        return show_comparison(c, tender, &lots, &preface);
    }
    match change {
        None => {
            let result = planning::split_with_grid(tender, grid, method, lot);
            show(c, tender, tender, &result, method, None, &preface)
        }
        Some(change) => {
            let w = planning::what_if_with_grid(tender, grid, change, method, lot)
                .map_err(|e| what_if_error(asked.what_if, e))?;
            show(c, tender, &w.changed, &w.after, method, Some(&w), &preface)
        }
    }
}

/// Prints every method side by side; the status: 1 when no lot could be compared.
fn show_comparison(
    c: &Common,
    tender: &Tender,
    lots: &[planning::LotComparison],
    preface: &str,
) -> Result<u8, CmdError> {
    let lang = c.lang();
    let out = match c.format() {
        Format::Table => preface.to_owned() + &split::planning::table(tender, lots, lang),
        Format::Csv => split::planning::csv(lots, lang),
        Format::Json => split::planning::json(lots, lang),
    };
    emit(c, out.as_bytes())?;
    Ok(u8::from(lots.is_empty()))
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
