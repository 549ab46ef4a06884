//! Award: exclusions, marks, ranking and ties, for each lot and scope (SPEC §5).
//!
//! Takes normalised costs; returns, per lot and scope, the ranked offers with their
//! marks and the excluded ones with every reason. No input or output happens here.

pub mod abnormally_low;
pub mod mark;

use std::path::PathBuf;

use rust_decimal::Decimal;

pub use abnormally_low::AbnormallyLowTest;
pub use mark::Mark;

use crate::pricing::{Irregularity, NormalisedCost};
use crate::tender::{AwardRules, Lot, PriceFormula, Scope, ScopeKind};

/// An offer for one lot and scope, as it reaches the award.
#[derive(Clone, Debug)]
pub struct Entry {
    pub bidder: String,
    pub bidder_name: Option<String>,
    pub source: Option<PathBuf>,
    pub result: Result<NormalisedCost, Vec<Irregularity>>,
    /// The bidder's technical score for the lot (out of the technical weight), when a
    /// scores file is given; `None` without one.
    pub technical: Option<Decimal>,
}

/// Why an offer is set aside.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// Incomplete or not conforming: its cost cannot be known as written.
    Irregular,
    /// Above the budget the buyer can pay.
    Unacceptable,
    /// Below a required security grade.
    NonCompliant,
}

impl Status {
    pub fn key(self) -> &'static str {
        match self {
            Status::Irregular => "irregular",
            Status::Unacceptable => "unacceptable",
            Status::NonCompliant => "non_compliant",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Exclusion {
    Irregular(Irregularity),
    /// The yearly cost HT is above the lot's ceiling for the scope.
    AboveCeiling {
        annual_ht: Decimal,
        ceiling_ht: Decimal,
    },
}

/// Facts about a ranked offer that the buyer must see.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Flag {
    /// Consultations beyond the quota priced pro rata (no price per extra consultation).
    Extrapolated,
    /// The reduction would have made the cost negative: stopped at zero.
    FlooredAtZero,
    /// Far below the other offers: the bidder must be asked to justify it.
    AbnormallyLow,
}

impl Flag {
    pub fn key(self) -> &'static str {
        match self {
            Flag::Extrapolated => "extrapolated",
            Flag::FlooredAtZero => "floored_at_zero",
            Flag::AbnormallyLow => "abnormally_low",
        }
    }
}

#[derive(Clone, Debug)]
pub struct RankedOffer {
    pub rank: usize,
    pub bidder: String,
    pub bidder_name: Option<String>,
    pub source: Option<PathBuf>,
    pub cost: NormalisedCost,
    pub price_mark: Mark,
    /// `None` when the tender has no technical scores file.
    pub technical_mark: Option<Mark>,
    pub total: Mark,
    pub flags: Vec<Flag>,
    /// Another offer of the lot and scope has exactly the same total.
    pub tie: bool,
}

#[derive(Clone, Debug)]
pub struct ExcludedOffer {
    pub bidder: String,
    pub bidder_name: Option<String>,
    pub source: Option<PathBuf>,
    pub status: Status,
    pub reasons: Vec<Exclusion>,
    /// The cost, when it could be computed (an unacceptable offer has one).
    pub cost: Option<NormalisedCost>,
}

#[derive(Clone, Debug)]
pub struct ScopeRanking {
    pub scope: String,
    pub members: Vec<String>,
    pub ranked: Vec<RankedOffer>,
    pub excluded: Vec<ExcludedOffer>,
    /// The abnormally-low test's figures, when there was at least one admissible offer.
    pub abnormally_low: Option<AbnormallyLowTest>,
}

#[derive(Clone, Debug)]
pub struct LotRanking {
    pub lot: String,
    pub title: String,
    pub scopes: Vec<ScopeRanking>,
}

impl LotRanking {
    /// Whether any scope of the lot has an offer that can be awarded.
    pub fn has_rankable_offer(&self) -> bool {
        self.scopes.iter().any(|s| !s.ranked.is_empty())
    }
}

/// The budget ceiling that applies to a scope of a lot: the lot's yearly HT ceiling
/// binds the groupement scope.
fn ceiling(lot: &Lot, scope: &Scope) -> Option<Decimal> {
    (scope.kind == ScopeKind::Groupement)
        .then_some(lot.budget_ceiling_ht)
        .flatten()
}

/// Ranks the offers of one lot and scope.
pub fn rank_scope(
    lot: &Lot,
    scope: &Scope,
    entries: Vec<Entry>,
    rules: &AwardRules,
) -> ScopeRanking {
    let mut admissible = Vec::new();
    let mut excluded = Vec::new();
    for entry in entries {
        match entry.result {
            Err(problems) => excluded.push(ExcludedOffer {
                bidder: entry.bidder,
                bidder_name: entry.bidder_name,
                source: entry.source,
                status: Status::Irregular,
                reasons: problems.into_iter().map(Exclusion::Irregular).collect(),
                cost: None,
            }),
            Ok(cost) => match ceiling(lot, scope) {
                Some(ceiling_ht) if cost.annual_ht > ceiling_ht => excluded.push(ExcludedOffer {
                    bidder: entry.bidder,
                    bidder_name: entry.bidder_name,
                    source: entry.source,
                    status: Status::Unacceptable,
                    reasons: vec![Exclusion::AboveCeiling {
                        annual_ht: cost.annual_ht,
                        ceiling_ht,
                    }],
                    cost: Some(cost),
                }),
                _ => admissible.push((
                    entry.bidder,
                    entry.bidder_name,
                    entry.source,
                    cost,
                    entry.technical,
                )),
            },
        }
    }

    let lowest = admissible.iter().map(|(_, _, _, c, _)| c.annual_ht).min();
    let costs: Vec<Decimal> = admissible
        .iter()
        .map(|(_, _, _, c, _)| c.annual_ht)
        .collect();
    let test = abnormally_low::test(&costs);
    let mut ranked: Vec<RankedOffer> = admissible
        .into_iter()
        .enumerate()
        .map(|(i, (bidder, bidder_name, source, cost, technical))| {
            let price_mark = price_mark(rules, lowest.unwrap_or_default(), cost.annual_ht);
            let technical_mark = technical.map(Mark::from_decimal);
            let total = technical_mark
                .as_ref()
                .map_or(price_mark.clone(), |t| price_mark.add(t));
            let mut flags = Vec::new();
            if cost.extrapolated() {
                flags.push(Flag::Extrapolated);
            }
            if cost.floored {
                flags.push(Flag::FlooredAtZero);
            }
            if test.as_ref().is_some_and(|t| t.flagged.contains(&i)) {
                flags.push(Flag::AbnormallyLow);
            }
            RankedOffer {
                rank: 0,
                bidder,
                bidder_name,
                source,
                cost,
                price_mark,
                technical_mark,
                total,
                flags,
                tie: false,
            }
        })
        .collect();

    // Highest total first; ties broken by technical mark, then lower cost, then id.
    ranked.sort_by(|a, b| {
        Mark::desc(&a.total, &b.total)
            .then_with(|| {
                let zero = Mark::zero();
                Mark::desc(
                    a.technical_mark.as_ref().unwrap_or(&zero),
                    b.technical_mark.as_ref().unwrap_or(&zero),
                )
            })
            .then_with(|| a.cost.annual_ht.cmp(&b.cost.annual_ht))
            .then_with(|| a.bidder.cmp(&b.bidder))
    });
    for i in 0..ranked.len() {
        ranked[i].rank = i + 1;
        let tie = ranked
            .iter()
            .enumerate()
            .any(|(j, o)| j != i && o.total == ranked[i].total);
        ranked[i].tie = tie;
    }
    excluded.sort_by(|a, b| {
        a.bidder
            .cmp(&b.bidder)
            .then_with(|| a.status.cmp(&b.status))
    });

    ScopeRanking {
        scope: scope.id.clone(),
        members: scope.members.clone(),
        ranked,
        excluded,
        abnormally_low: test,
    }
}

/// The price mark of a cost, given the lowest admissible cost of its lot and scope.
pub fn price_mark(rules: &AwardRules, lowest: Decimal, cost: Decimal) -> Mark {
    match rules.price_formula {
        PriceFormula::Proportional => {
            // When the lowest cost is 0, offers at 0 get the full weight, the others 0.
            if lowest.is_zero() {
                if cost.is_zero() {
                    Mark::from_decimal(rules.price_weight)
                } else {
                    Mark::zero()
                }
            } else {
                Mark::ratio(rules.price_weight, lowest, cost).unwrap_or_else(Mark::zero)
            }
        }
    }
}

#[cfg(test)]
mod tests;
