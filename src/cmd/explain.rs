//! `tender explain --lot L --scope S --bidder B`: one offer's path, from the cells read to
//! its rank.

use std::path::PathBuf;

use tender::explain::ExplainError;
use tender::output::{Format, explain, text};

use super::{CmdError, Usage, emit, load_tender, report_diagnostics};
use crate::cli::Common;

pub fn run(c: &Common, bidder: &str, offers: &[PathBuf]) -> Result<u8, CmdError> {
    if c.lot.is_none() || c.scope.is_none() {
        let option = if c.lot.is_none() { "--lot" } else { "--scope" };
        return Err(CmdError::Usage(Usage::Needs { option }));
    }
    let (tender, c) = load_tender(c)?;
    let c = &c;
    // The lot as the tender file spells it ("01" given, "1" read).
    let (Some(lot), Some(scope)) = (&c.lot, &c.scope) else {
        return Err(CmdError::Usage(Usage::Needs { option: "--lot" }));
    };
    let analysis = tender::analysis::analyse(&tender, offers)?;
    report_diagnostics(&analysis, c.lang());
    // The id as `check` shows it, or the file's name it comes from.
    let bidder = &tender::source::slug(bidder);
    let mut e = tender::explain::explain(&tender, &analysis, lot, scope, bidder).map_err(|e| {
        CmdError::Usage(match e {
            // Lot and scope were checked when the tender was loaded.
            ExplainError::UnknownLot(_) | ExplainError::UnknownScope(_) => Usage::NoOffer {
                bidder: bidder.to_owned(),
                lot: lot.clone(),
                scope: scope.clone(),
                offered: Vec::new(),
            },
            ExplainError::Unread { bidder, failure } => Usage::Unread {
                bidder,
                reason: text::failure(&failure, c.lang()),
            },
            ExplainError::NoOffer {
                bidder,
                lot,
                scope,
                offered,
            } => Usage::NoOffer {
                bidder,
                lot,
                scope,
                offered,
            },
        })
    })?;
    // The index series of a revision clause, read from its file: the revised contract
    // figure is shown with the index values published and assumed.
    let clause = e.lot.schedule.as_ref().and_then(|s| s.revision.as_ref());
    if let Some(clause) = clause {
        let series = tender::tender::index::load(clause)?;
        tender::explain::add_revision(&mut e, &series);
    }
    let out = match c.format() {
        Format::Json => explain::json(&e, c.lang()),
        // One offer has no rows to list: CSV gives the steps, one per line.
        Format::Csv => explain::csv(&e, c.lang()),
        Format::Table => explain::table(&e, c.lang()),
    };
    emit(c, out.as_bytes())?;
    // An offer whose marks could not be computed is a problem to act on, as in `rank`;
    // so is a lot and scope with no rankable offer, or an unreadable offer file.
    let standing = match e.standing {
        tender::explain::Standing::Unranked(_) => super::PROBLEMS,
        _ => super::OK,
    };
    Ok(super::analysis_status(&analysis, c).max(standing))
}
