//! Simulation: how the costs and the ranking of a lot and scope move when usage moves.
//!
//! The buyer's usage estimate (the DQE) decides between pricing models: a flat fee wins
//! when few people use a service, a price per account when many do. This module asks the
//! existing pricing and award code the same question at other usages; it never prices or
//! marks an offer itself. [`Evaluator`] holds what does not depend on usage (the offers'
//! cells, technical marks, compliance), and prices and ranks one lot and scope at any
//! usage, exactly.
//!
//! - [`sweep`]: costs and ranks as usage is scaled by a range of factors.
//! - [`breakeven`]: the exact usages at which the cheapest offer, or the winner on total
//!   marks, changes.
//! - [`factor`]: the same as a factor applied to the whole estimate.

pub mod breakeven;
pub mod factor;
pub mod montecarlo;
pub mod sweep;

use std::path::PathBuf;

use rust_decimal::Decimal;

use crate::award::criteria::{self, Evaluation};
use crate::award::{self, Entry, NonCompliance, ScopeRanking, TechnicalMark};
use crate::bpu::OffersRead;
use crate::exact::Exact;
use crate::offer::LotQuote;
use crate::pricing::{self, ContractFactors, ContractTerms, PricingModel, ScopeFacts};
use crate::tender::{Lot, Scope, Tender};

/// A usage measure an offer's cost can depend on (the models 1.1 to 1.3); the flat models
/// 1.4 and 1.5 depend on none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Measure {
    ActiveAccounts,
    SimultaneousAccesses,
    Consultations,
}

impl Measure {
    pub const ALL: [Measure; 3] = [
        Measure::ActiveAccounts,
        Measure::SimultaneousAccesses,
        Measure::Consultations,
    ];

    /// The name in the tender file, on the command line, in CSV and JSON.
    pub fn key(self) -> &'static str {
        match self {
            Measure::ActiveAccounts => "active_accounts",
            Measure::SimultaneousAccesses => "simultaneous_accesses",
            Measure::Consultations => "consultations",
        }
    }

    pub fn from_key(key: &str) -> Option<Measure> {
        Measure::ALL.into_iter().find(|m| m.key() == key)
    }

    /// The measure a model's price moves with.
    pub fn of_model(model: PricingModel) -> Option<Measure> {
        match model {
            PricingModel::ActiveAccounts => Some(Measure::ActiveAccounts),
            PricingModel::SimultaneousAccesses => Some(Measure::SimultaneousAccesses),
            PricingModel::Consultations => Some(Measure::Consultations),
            // A unit-price schedule is priced on the tender's own quantities (its DQE),
            // which no usage draw or sweep moves.
            PricingModel::RegisteredUsers | PricingModel::Population | PricingModel::Schedule => {
                None
            }
        }
    }

    pub fn get(self, facts: &ScopeFacts) -> u64 {
        match self {
            Measure::ActiveAccounts => facts.active_accounts,
            Measure::SimultaneousAccesses => facts.simultaneous_accesses,
            Measure::Consultations => facts.consultations,
        }
    }

    /// The facts with this measure set to `n`, the others unchanged.
    pub fn set(self, facts: &ScopeFacts, n: u64) -> ScopeFacts {
        let mut f = *facts;
        match self {
            Measure::ActiveAccounts => f.active_accounts = n,
            Measure::SimultaneousAccesses => f.simultaneous_accesses = n,
            Measure::Consultations => f.consultations = n,
        }
        f
    }
}

/// A usage scaled by a factor, in whole units: ⌊factor × usage⌋ (a usage count is a
/// whole number; the fraction is dropped). `None` beyond 64 bits or for a negative
/// factor.
pub fn scaled(usage: u64, factor: Decimal) -> Option<u64> {
    if factor.is_sign_negative() && !factor.is_zero() {
        return None;
    }
    let product = Decimal::from(usage).checked_mul(factor)?.floor();
    u64::try_from(product).ok()
}

/// One bidder's offer for the lot and scope, with what does not depend on usage.
#[derive(Clone, Debug)]
struct Bid<'a> {
    bidder: &'a str,
    bidder_name: Option<String>,
    source: Option<PathBuf>,
    quote: &'a LotQuote,
    technical: Option<TechnicalMark>,
    non_compliance: Vec<NonCompliance>,
}

/// Prices and ranks the offers of one lot and scope at any usage, through the same
/// pricing ([`pricing::normalise_lot`]) and award ([`award::rank_scope`]) as `rank`.
#[derive(Clone, Debug)]
pub struct Evaluator<'a> {
    tender: &'a Tender,
    pub lot: &'a Lot,
    pub scope: &'a Scope,
    bids: Vec<Bid<'a>>,
    terms: ContractTerms,
    factors: ContractFactors,
    /// The scope's usage estimate, from the tender file.
    pub estimate: ScopeFacts,
}

/// The offers of a lot and scope priced and ranked at one usage.
#[derive(Clone, Debug)]
pub struct Point {
    pub facts: ScopeFacts,
    /// Each offer's yearly cost HT, in the evaluator's bidder order; `None` when the offer
    /// cannot be priced at this usage (for example no surcharge above its quota).
    pub costs: Vec<Option<Exact>>,
    pub ranking: ScopeRanking,
}

impl Point {
    /// The admissible offer of the lowest yearly cost (the first bidder id on a tie).
    pub fn cheapest(&self) -> Option<&str> {
        self.ranking
            .ranked
            .iter()
            .min_by(|a, b| {
                a.cost
                    .annual_ht
                    .cmp(&b.cost.annual_ht)
                    .then_with(|| a.bidder.cmp(&b.bidder))
            })
            .map(|o| o.bidder.as_str())
    }

    /// The offer ranked first on total marks (ties broken as the tender says).
    pub fn winner(&self) -> Option<&str> {
        self.ranking.ranked.first().map(|o| o.bidder.as_str())
    }

    /// An offer's rank, when it is ranked.
    pub fn rank_of(&self, bidder: &str) -> Option<usize> {
        self.ranking
            .ranked
            .iter()
            .find(|o| o.bidder == bidder)
            .map(|o| o.rank)
    }
}

impl<'a> Evaluator<'a> {
    /// The offers read for `lot` that answer for `scope`.
    pub fn new(
        tender: &'a Tender,
        lot: &'a Lot,
        scope: &'a Scope,
        read: &'a OffersRead,
        evaluation: &Evaluation,
    ) -> Evaluator<'a> {
        let terms = tender.contract_terms(lot);
        let estimate = tender.scope_facts(lot, scope);
        let mut ev = Evaluator {
            tender,
            lot,
            scope,
            bids: Vec::new(),
            factors: terms.factors(),
            terms,
            estimate,
        };
        for offer in &read.offers {
            let Some(quote) = offer.lot(&lot.id) else {
                continue;
            };
            let grade = offer.security_grade.as_ref();
            let bid = Bid {
                bidder: &offer.bidder,
                bidder_name: offer.bidder_name.as_ref().map(|n| n.value.clone()),
                source: offer.source().cloned(),
                quote,
                technical: criteria::technical_mark(
                    &tender.award,
                    evaluation,
                    &offer.bidder,
                    &lot.id,
                    grade,
                ),
                non_compliance: criteria::non_compliance(
                    &tender.award,
                    evaluation,
                    &offer.bidder,
                    &lot.id,
                    grade,
                    offer.source().map(|p| p.as_path()),
                ),
            };
            // A scope column left blank is no offer for the scope, whatever the usage.
            if ev.price(&bid, &estimate).is_some() {
                ev.bids.push(bid);
            }
        }
        ev.bids.sort_by(|a, b| a.bidder.cmp(b.bidder));
        ev
    }

    /// The bidders, in the order of [`Point::costs`].
    pub fn bidders(&self) -> impl Iterator<Item = &str> {
        self.bids.iter().map(|b| b.bidder)
    }

    /// The offer of the bidder at `index` in [`Evaluator::bidders`]' order.
    pub fn quote(&self, index: usize) -> Option<&LotQuote> {
        self.bids.get(index).map(|b| b.quote)
    }

    pub fn tender(&self) -> &Tender {
        self.tender
    }

    pub fn terms(&self) -> &ContractTerms {
        &self.terms
    }

    /// The offer's pricing outcome for the scope at `facts`; `None` when the offer does
    /// not answer for the scope.
    fn price(&self, bid: &Bid, facts: &ScopeFacts) -> Option<pricing::ScopeOutcome> {
        let scope = self.scope.id.as_str();
        let outcome =
            pricing::normalise_lot(bid.quote, |s| (s == scope).then_some(*facts), &self.factors);
        outcome.scopes.into_iter().find(|s| s.scope == scope)
    }

    /// The offers priced and ranked at `facts`.
    pub fn at(&self, facts: &ScopeFacts) -> Point {
        let mut costs = Vec::with_capacity(self.bids.len());
        let mut entries = Vec::with_capacity(self.bids.len());
        for bid in &self.bids {
            let result = match self.price(bid, facts) {
                Some(outcome) => outcome.result,
                None => Err(Vec::new()),
            };
            costs.push(result.as_ref().ok().map(|c| c.annual_ht.clone()));
            entries.push(Entry {
                bidder: bid.bidder.to_owned(),
                bidder_name: bid.bidder_name.clone(),
                source: bid.source.clone(),
                result,
                technical: bid.technical.clone(),
                non_compliance: bid.non_compliance.clone(),
            });
        }
        let ranking = award::rank_scope(
            self.lot,
            self.scope,
            entries,
            &self.tender.award,
            &self.terms,
        );
        Point {
            facts: *facts,
            costs,
            ranking,
        }
    }

    /// Each offer's pricing outcome at `facts` (for the pieces of the cost functions).
    fn costs_at(&self, facts: &ScopeFacts) -> Vec<Option<pricing::NormalisedCost>> {
        self.bids
            .iter()
            .map(|b| self.price(b, facts).and_then(|o| o.result.ok()))
            .collect()
    }
}

/// The break-even points of one lot and scope, for each measure asked.
#[derive(Clone, Debug)]
pub struct ScopeBreakEven {
    pub lot: String,
    pub scope: String,
    pub points: Vec<breakeven::BreakEven>,
    /// Every measure scaled together (when no one measure is asked for).
    pub factor: Option<factor::FactorBreakEven>,
}

/// A sweep of one lot and scope.
#[derive(Clone, Debug)]
pub struct ScopeSweep {
    pub lot: String,
    pub scope: String,
    pub scaled: sweep::Scaled,
    pub bidders: Vec<String>,
    pub steps: Vec<sweep::Step>,
}

/// The evaluators of the lots and scopes selected (`None`: all), in the tender's order,
/// leaving out those without any offer.
pub fn evaluators<'a>(
    tender: &'a Tender,
    read: &'a OffersRead,
    evaluation: &Evaluation,
    lot: Option<&str>,
    scope: Option<&str>,
) -> Vec<Evaluator<'a>> {
    let mut out = Vec::new();
    for l in tender
        .lots
        .iter()
        .filter(|l| lot.is_none_or(|id| id == l.id))
    {
        for s in tender
            .scopes
            .iter()
            .filter(|s| scope.is_none_or(|id| id == s.id))
        {
            let ev = Evaluator::new(tender, l, s, read, evaluation);
            if !ev.bids.is_empty() {
                out.push(ev);
            }
        }
    }
    out
}

/// The break-even points of every evaluator: for `measure`, or for each measure some
/// offer's cost moves with. The range searched goes from 0 to `up_to` × the estimate.
pub fn break_even_all(
    evaluators: &[Evaluator],
    measure: Option<Measure>,
    up_to: Decimal,
) -> Vec<ScopeBreakEven> {
    use rayon::prelude::*;
    evaluators
        .par_iter()
        .map(|ev| {
            let points = Measure::ALL
                .into_iter()
                .filter(|m| measure.is_none_or(|x| x == *m))
                .map(|m| {
                    let highest = scaled(m.get(&ev.estimate), up_to).unwrap_or(u64::MAX / 2);
                    breakeven::break_even(ev, m, highest)
                })
                .filter(|b| measure.is_some() || !b.moving.is_empty())
                .collect();
            let factor = measure
                .is_none()
                .then(|| factor::break_even(ev, Exact::from_decimal(up_to)));
            ScopeBreakEven {
                lot: ev.lot.id.clone(),
                scope: ev.scope.id.clone(),
                points,
                factor,
            }
        })
        .collect()
}

/// The break-even factors alone (every measure scaled together) of every evaluator.
pub fn break_even_factors(evaluators: &[Evaluator], up_to: Decimal) -> Vec<ScopeBreakEven> {
    use rayon::prelude::*;
    evaluators
        .par_iter()
        .map(|ev| ScopeBreakEven {
            lot: ev.lot.id.clone(),
            scope: ev.scope.id.clone(),
            points: Vec::new(),
            factor: Some(factor::break_even(ev, Exact::from_decimal(up_to))),
        })
        .collect()
}

/// The sweeps of every evaluator.
pub fn sweep_all(
    evaluators: &[Evaluator],
    what: sweep::Scaled,
    factors: &[Decimal],
) -> Result<Vec<ScopeSweep>, sweep::SweepError> {
    use rayon::prelude::*;
    evaluators
        .par_iter()
        .map(|ev| {
            Ok(ScopeSweep {
                lot: ev.lot.id.clone(),
                scope: ev.scope.id.clone(),
                scaled: what,
                bidders: ev.bidders().map(str::to_owned).collect(),
                steps: sweep::sweep(ev, what, factors)?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
