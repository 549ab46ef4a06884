//! `check`'s findings on a unit-price schedule sheet: what the reader worked around (a
//! line twice, a line added, a quantity changed) and the amounts the bidder wrote that
//! are not its prices × quantities. All warnings: the offer is priced all the same, on
//! the tender's lines and quantities and the bidder's unit prices. The schedule's
//! missing or wrong prices are errors, given with the other irregularities.

use super::{Consequence, Finding, Problem, Severity};
use crate::analysis::Analysis;
use crate::offer::{LotQuote, Offer};
use crate::pricing::schedule::ScheduleFinding;

/// The findings of one lot of an offer, when it is a schedule lot.
pub fn findings(analysis: &Analysis, offer: &Offer, quote: &LotQuote, out: &mut Vec<Finding>) {
    let Some(schedule) = &quote.schedule else {
        return;
    };
    let base = |location, problem| Finding {
        location,
        bidder: Some(offer.bidder.clone()),
        lot: Some(quote.lot.clone()),
        scope: None,
        item: None,
        severity: Severity::Warning,
        problem,
        consequence: Consequence::None,
    };
    for f in &schedule.findings {
        let location = match f {
            ScheduleFinding::DuplicateLine { location, .. }
            | ScheduleFinding::InsertedLine { location, .. }
            | ScheduleFinding::QuantityAltered { location, .. } => location.clone(),
        };
        out.push(base(location, Problem::Schedule(f.clone())));
    }
    let figures = analysis
        .normalised
        .iter()
        .filter(|l| l.bidder == offer.bidder && l.lot == quote.lot)
        .find_map(|l| l.result.as_ref().ok()?.schedule.as_deref());
    for d in figures.iter().flat_map(|c| &c.disagreements) {
        out.push(base(
            d.location.clone(),
            Problem::AmountDisagrees(d.clone()),
        ));
    }
}
