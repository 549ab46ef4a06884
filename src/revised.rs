//! The revised contract figures of a tender's unit-price schedule lots, for `rank` and
//! the report: each offer's contract figure revised by the lot's index (of the initial
//! period, and with every renewal), beside the unrevised figures the ranking compares.
//!
//! The ranking stays on the prices at the reference month: every offer is revised by
//! the same coefficients, so revision cannot change their order, and the coefficients of
//! years not yet published are assumptions. The revised figure is what the budget must
//! hold, and it says which index values were published and which assumed.
//!
//! [`load_series`] reads each clause's index file (the only I/O here); [`revise`]
//! computes the figures from the analysis, without I/O.

use std::collections::BTreeMap;

use crate::analysis::NormalisedLine;
use crate::pricing::revision::{IndexSeries, RevisionProblem, YearRevision};
use crate::pricing::schedule::{Revised, revised};
use crate::tender::Tender;
use crate::tender::index::IndexError;

/// A schedule lot's revision: the index of each contract year (the same for every
/// offer), and each priced offer's revised figures.
#[derive(Clone, Debug)]
pub struct LotRevision {
    pub lot: String,
    /// Each contract year's index value (published or assumed) and coefficient, or why
    /// they cannot be computed (the reference month missing, a gap in the series).
    pub years: Result<Vec<YearRevision>, RevisionProblem>,
    /// The revised figures of each priced offer, by bidder id.
    pub offers: BTreeMap<String, Revised>,
}

/// The revisions of every schedule lot whose clause's index file could be read.
#[derive(Clone, Debug, Default)]
pub struct Revisions {
    pub lots: Vec<LotRevision>,
}

impl Revisions {
    pub fn lot(&self, lot: &str) -> Option<&LotRevision> {
        self.lots.iter().find(|l| l.lot == lot)
    }

    /// An offer's revised figures, when its lot has a revision clause and the offer
    /// was priced.
    pub fn offer(&self, lot: &str, bidder: &str) -> Option<&Revised> {
        self.lot(lot)?.offers.get(bidder)
    }
}

/// Reads the index file of each schedule lot's revision clause: the series by lot id,
/// and the files that could not be used (the revised figures of their lots are then not
/// shown; the ranking does not depend on them).
pub fn load_series(tender: &Tender) -> (BTreeMap<String, IndexSeries>, Vec<IndexError>) {
    let mut series = BTreeMap::new();
    let mut failures = Vec::new();
    for lot in &tender.lots {
        let Some(clause) = lot.schedule.as_ref().and_then(|s| s.revision.as_ref()) else {
            continue;
        };
        match crate::tender::index::load(clause) {
            Ok(s) => {
                series.insert(lot.id.clone(), s);
            }
            Err(e) => failures.push(e),
        }
    }
    (series, failures)
}

/// Revises every priced offer of each schedule lot that has its series.
pub fn revise(
    tender: &Tender,
    normalised: &[NormalisedLine],
    series: &BTreeMap<String, IndexSeries>,
) -> Revisions {
    let mut lots = Vec::new();
    for lot in &tender.lots {
        let (Some(schedule), Some(s)) = (&lot.schedule, series.get(&lot.id)) else {
            continue;
        };
        let Some(clause) = &schedule.revision else {
            continue;
        };
        let count = u32::try_from(
            crate::pricing::schedule::year_spans(None, schedule.total_months()).len(),
        )
        .unwrap_or(u32::MAX);
        let years = crate::pricing::revision::coefficients(&clause.terms, s, count);
        let mut offers = BTreeMap::new();
        let priced = normalised
            .iter()
            .filter(|l| l.lot == lot.id)
            .filter_map(|l| {
                let cost = l.result.as_ref().ok()?.schedule.as_deref()?;
                Some((&l.bidder, cost))
            });
        for (bidder, cost) in priced {
            if let Ok(r) = revised(schedule, cost, &clause.terms, s) {
                offers.insert(bidder.clone(), r);
            }
        }
        lots.push(LotRevision {
            lot: lot.id.clone(),
            years,
            offers,
        });
    }
    Revisions { lots }
}
