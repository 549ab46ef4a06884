//! The path of one offer for one lot and scope, from the cells the bidder filled to its
//! rank: what `tender explain` shows, so that any figure of a ranking can be traced back
//! and recomputed by hand.
//!
//! Everything here is taken from the [`Analysis`] the other commands use: an explanation
//! can never tell another story than the ranking it explains.

use crate::analysis::{Analysis, NormalisedLine};
use crate::award::{ExcludedOffer, RankedOffer, RankingFailure, ScopeRanking};
use crate::bpu::FileFailure;
use crate::offer::QuoteCell;
use crate::pricing::{ContractTerms, PricingModel, ScopeFacts, Term};
use crate::tender::{Lot, Member, Scope, Tender, Usage};

/// One offer's path for a lot and scope.
#[derive(Debug)]
pub struct Explanation<'a> {
    pub tender: &'a Tender,
    pub lot: &'a Lot,
    pub scope: &'a Scope,
    pub line: &'a NormalisedLine,
    /// The cells of the scope's column that were filled (or that the model needed), in
    /// the order of the schedule's items.
    pub cells: Vec<((PricingModel, Term), &'a QuoteCell)>,
    /// A schedule lot's sheet as read (each line's and tranche's price and amount cells);
    /// `None` for a five-model lot, whose cells are in `cells`.
    pub schedule_quote: Option<&'a crate::pricing::schedule::ScheduleQuote>,
    /// The usage estimate of the scope, and of each of its members.
    pub facts: ScopeFacts,
    pub members: Vec<(&'a Member, Usage)>,
    pub terms: ContractTerms,
    pub ranking: &'a ScopeRanking,
    pub standing: Standing<'a>,
    /// The requirements the offer meets (security grade, GDPR answers), shown beside
    /// the ceiling's check so that every check made is seen, not only a failure.
    pub passed: Vec<crate::award::criteria::Passed>,
    /// A schedule lot's contract figure revised by its index, when the lot has the
    /// clause and the caller read the series (`None` otherwise); the reason when it
    /// cannot be computed (the reference month not published, a gap).
    pub revision: Option<
        Result<crate::pricing::schedule::Revised, crate::pricing::revision::RevisionProblem>,
    >,
}

/// Where the offer ended.
#[derive(Debug)]
pub enum Standing<'a> {
    Ranked(&'a RankedOffer),
    Excluded(&'a ExcludedOffer),
    /// Admitted, but the scope's marks could not be computed: not ranked.
    Unranked(&'a RankingFailure),
}

#[derive(Debug, thiserror::Error)]
pub enum ExplainError {
    #[error("lot {0:?} is not a lot of the tender")]
    UnknownLot(String),
    #[error("scope {0:?} is not a scope of the tender")]
    UnknownScope(String),
    /// The bidder's file could not be read at all.
    #[error("the offer of bidder {bidder:?} could not be read")]
    Unread {
        bidder: String,
        failure: Box<FileFailure>,
    },
    /// No offer of this bidder for this lot and scope; `offered` lists the bidders who
    /// made one, to help the user.
    #[error("bidder {bidder:?} made no offer for lot {lot}, scope {scope}")]
    NoOffer {
        bidder: String,
        lot: String,
        scope: String,
        offered: Vec<String>,
    },
}

/// Finds everything about one offer in an analysis.
pub fn explain<'a>(
    tender: &'a Tender,
    analysis: &'a Analysis,
    lot: &str,
    scope: &str,
    bidder: &str,
) -> Result<Explanation<'a>, ExplainError> {
    let lot = tender
        .lot(lot)
        .ok_or_else(|| ExplainError::UnknownLot(lot.to_owned()))?;
    let scope = tender
        .scope(scope)
        .ok_or_else(|| ExplainError::UnknownScope(scope.to_owned()))?;
    let ranking = analysis
        .lots
        .iter()
        .find(|l| l.lot == lot.id)
        .and_then(|l| l.scopes.iter().find(|s| s.scope == scope.id));
    let line = analysis
        .normalised
        .iter()
        .find(|l| l.lot == lot.id && l.scope == scope.id && l.bidder == bidder);
    let (Some(line), Some(ranking)) = (line, ranking) else {
        if let Some(failure) = analysis.read.failures.iter().find(|f| f.bidder() == bidder) {
            return Err(ExplainError::Unread {
                bidder: bidder.to_owned(),
                failure: Box::new(failure.clone()),
            });
        }
        return Err(ExplainError::NoOffer {
            bidder: bidder.to_owned(),
            lot: lot.id.clone(),
            scope: scope.id.clone(),
            offered: analysis
                .normalised
                .iter()
                .filter(|l| l.lot == lot.id && l.scope == scope.id)
                .map(|l| l.bidder.clone())
                .collect(),
        });
    };
    let standing = match ranking.ranked.iter().find(|o| o.bidder == bidder) {
        Some(o) => Standing::Ranked(o),
        None => match (
            ranking.excluded.iter().find(|o| o.bidder == bidder),
            &ranking.failure,
        ) {
            (Some(o), _) => Standing::Excluded(o),
            (None, Some(f)) if f.bidders.iter().any(|b| b == bidder) => Standing::Unranked(f),
            (None, _) => {
                return Err(ExplainError::NoOffer {
                    bidder: bidder.to_owned(),
                    lot: lot.id.clone(),
                    scope: scope.id.clone(),
                    offered: Vec::new(),
                });
            }
        },
    };
    let lot_quote = analysis
        .read
        .offers
        .iter()
        .find(|o| o.bidder == bidder)
        .and_then(|o| o.lot(&lot.id));
    let schedule_quote = lot_quote.and_then(|q| q.schedule.as_ref());
    let quote = lot_quote.and_then(|q| q.scopes.iter().find(|s| s.scope == scope.id));
    let cells = quote
        .map(|q| {
            q.cells
                .iter()
                // The model's cells, and any other cell the bidder filled; the bases the
                // template pre-fills for the flat models (1.4.q, 1.5.q) are the buyer's.
                .filter(|((model, term), cell)| {
                    let prefilled_basis = *term == Term::Quota
                        && matches!(
                            model,
                            PricingModel::RegisteredUsers | PricingModel::Population
                        );
                    Some(*model) == line.model || (!cell.raw.trim().is_empty() && !prefilled_basis)
                })
                .map(|(key, cell)| (*key, cell))
                .collect()
        })
        .unwrap_or_default();
    let members = scope
        .members
        .iter()
        .filter_map(|id| {
            let member = tender.member(id)?;
            Some((member, lot.usage.get(id).copied().unwrap_or_default()))
        })
        .collect();
    let declared_grade = analysis
        .read
        .offers
        .iter()
        .find(|o| o.bidder == bidder)
        .and_then(|o| o.security_grade.as_ref());
    let passed = crate::award::criteria::passed(
        &tender.award,
        &analysis.evaluation,
        bidder,
        &lot.id,
        declared_grade,
    );
    Ok(Explanation {
        tender,
        lot,
        scope,
        line,
        cells,
        schedule_quote,
        facts: tender.scope_facts(lot, scope),
        members,
        terms: tender.contract_terms(lot),
        ranking,
        standing,
        passed,
        revision: None,
    })
}

/// Adds the revised contract figure to the explanation of a schedule offer whose lot
/// has a revision clause, from the index series read by the caller.
pub fn add_revision(e: &mut Explanation<'_>, series: &crate::pricing::revision::IndexSeries) {
    let (Some(schedule), Ok(cost)) = (&e.lot.schedule, &e.line.result) else {
        return;
    };
    let (Some(clause), Some(figures)) = (&schedule.revision, &cost.schedule) else {
        return;
    };
    e.revision = Some(crate::pricing::schedule::revised(
        schedule,
        figures,
        &clause.terms,
        series,
    ));
}
