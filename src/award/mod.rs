//! Award: exclusions, marks, ranking and ties, for each lot and scope.
//!
//! Takes normalised costs; returns, per lot and scope, the ranked offers with their
//! marks and the excluded ones with every reason. No input or output happens here.

pub mod abnormally_low;
pub mod criteria;
pub mod mark;
pub mod price;

use std::cmp::Ordering;
use std::path::PathBuf;

pub use abnormally_low::AbnormallyLowTest;
pub use criteria::{NonCompliance, TechnicalMark};
pub use mark::Mark;
pub use price::{PriceMark, PriceMarkError, PriceReference};

use crate::pricing::{ContractTerms, Irregularity, NormalisedCost};
use crate::tender::{AwardRules, Ceiling, Lot, Period, PriceBasis, Scope, TieBreak, VatBasis};

/// An offer for one lot and scope, as it reaches the award.
#[derive(Clone, Debug)]
pub struct Entry {
    pub bidder: String,
    pub bidder_name: Option<String>,
    pub source: Option<PathBuf>,
    pub result: Result<NormalisedCost, Vec<Irregularity>>,
    /// The bidder's technical mark for the lot, criterion by criterion; `None` when the
    /// tender has no technical criteria (price alone ranks).
    pub technical: Option<TechnicalMark>,
    /// Why the offer fails the security or GDPR requirements (empty when it meets them).
    pub non_compliance: Vec<NonCompliance>,
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
    /// The offer's cost, measured as the ceiling is (yearly or contract, HT or TTC) and
    /// exactly, is above the scope's ceiling.
    AboveCeiling {
        amount: Mark,
        ceiling: Ceiling,
    },
    /// A unit-price schedule's part (the firm tranches, the purchase orders…) above the
    /// ceiling set on it, for one year (pro rata of its months) or over the contract:
    /// the part's amount and the limit, both exact.
    AbovePartCeiling(Box<crate::pricing::schedule::PartCheck>),
    NonCompliant(NonCompliance),
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
    /// A figure a person would question (see [`crate::plausibility`]): a warning only.
    Implausible,
    /// No technical score for the offer while technical marks count: it got 0.
    MissingTechnicalScore,
}

impl Flag {
    pub fn key(self) -> &'static str {
        match self {
            Flag::Extrapolated => "extrapolated",
            Flag::FlooredAtZero => "floored_at_zero",
            Flag::AbnormallyLow => "abnormally_low",
            Flag::Implausible => "implausible_value",
            Flag::MissingTechnicalScore => "missing_technical_score",
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
    /// The price the marks compare (yearly HT, or contract TTC: `price_basis`), exact.
    pub compared_price: Mark,
    pub price_mark: Mark,
    /// How the price mark was reached (the rank or rebate it used).
    pub price: PriceMark,
    /// `None` when the tender has no technical criteria.
    pub technical_mark: Option<Mark>,
    /// The technical mark criterion by criterion.
    pub technical: Option<TechnicalMark>,
    pub total: Mark,
    pub flags: Vec<Flag>,
    /// Why the offer is flagged abnormally low, with the numbers that triggered it.
    pub abnormally_low: Option<abnormally_low::Flagged>,
    /// Another offer of the lot and scope has exactly the same total.
    pub tie: bool,
    /// The figures of the offer a person would question, with the rule each breaks
    /// (filled after the ranking, which they never change).
    pub implausible: Vec<crate::plausibility::Rule>,
    /// How the tie was broken with each neighbour of the same total (the offer just
    /// above, then the one just below): empty without a tie.
    pub tie_breaks: Vec<TieDecision>,
}

/// How a tie of totals between two neighbouring offers was broken: the first criterion,
/// in the declared order, on which they differ, and the values it compared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TieDecision {
    /// The other offer of the same total.
    pub other: String,
    /// The criterion that decided; `Bidder` (alphabetical order of the ids) when every
    /// declared criterion gave equal values.
    pub by: TieBreak,
    /// This offer's value and the other's (technical marks, or compared prices); `None`
    /// for the bidder ids, which are the names themselves.
    pub values: Option<(Mark, Mark)>,
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
    /// The figures every price mark is measured from, when an offer was ranked.
    pub price_reference: Option<PriceReference>,
    /// The scope's budget ceiling, when the buyer set one.
    pub ceiling: Option<Ceiling>,
    /// Why the admissible offers could not be marked, when they could not: then none is
    /// ranked (no mark is made up), and the lot says so.
    pub failure: Option<RankingFailure>,
}

/// The admissible offers of a lot and scope could not be marked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RankingFailure {
    pub error: PriceMarkError,
    /// The bidders whose offers were admissible but are left unranked.
    pub bidders: Vec<String>,
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

    /// Whether a scope's offers could not be marked (see [`RankingFailure`]).
    pub fn has_failure(&self) -> bool {
        self.scopes.iter().any(|s| s.failure.is_some())
    }
}

/// What one euro of a yearly cost HT weighs in a basis: 1 for yearly HT, 1 + VAT for
/// yearly TTC, the revision factor Σ(1 + r)^y for the contract HT, both for the contract
/// TTC. Every basis is the yearly HT cost times one such factor per lot, which is why a
/// ceiling can be compared, and budget formulas computed, in any of them. The factor is
/// exact: every comparison in any basis gives the same answer as in yearly HT.
pub fn basis_factor(terms: &ContractTerms, vat: VatBasis, period: Period) -> Mark {
    let years = match period {
        Period::Yearly => Mark::one(),
        Period::Contract => terms.revision_factor(),
    };
    match vat {
        VatBasis::Ht => years,
        VatBasis::Ttc => years.mul(&terms.vat_factor()),
    }
}

/// The basis (VAT, period) of the price the marks compare.
pub fn compared_basis(basis: PriceBasis) -> (VatBasis, Period) {
    match basis {
        PriceBasis::AnnualHt => (VatBasis::Ht, Period::Yearly),
        PriceBasis::ContractTtc => (VatBasis::Ttc, Period::Contract),
    }
}

/// A cost in a basis, exactly as the pricing computed it.
pub fn cost_in(
    cost: &NormalisedCost,
    terms: &ContractTerms,
    vat: VatBasis,
    period: Period,
) -> Mark {
    match (vat, period) {
        (VatBasis::Ht, Period::Yearly) => cost.annual_ht.clone(),
        (VatBasis::Ht, Period::Contract) => cost.contract_ht.clone(),
        (VatBasis::Ttc, Period::Contract) => cost.contract_ttc.clone(),
        (VatBasis::Ttc, Period::Yearly) => cost.annual_ht.mul(&terms.vat_factor()),
    }
}

/// The ceiling expressed in the compared basis, exactly (90 000 TTC a year is
/// 90 000 ÷ 1.2 HT: a fraction, hence a mark). `None` only for a basis factor of zero (a
/// revision of −100 %, which the tender file refuses).
pub fn budget_in(ceiling: &Ceiling, terms: &ContractTerms, basis: PriceBasis) -> Option<Mark> {
    let (vat, period) = compared_basis(basis);
    let to = basis_factor(terms, vat, period);
    let from = basis_factor(terms, ceiling.vat, ceiling.period);
    Mark::from_decimal(ceiling.amount).mul(&to).div(&from)
}

/// Ranks the offers of one lot and scope.
pub fn rank_scope(
    lot: &Lot,
    scope: &Scope,
    entries: Vec<Entry>,
    rules: &AwardRules,
    terms: &ContractTerms,
) -> ScopeRanking {
    let ceiling = lot.ceilings.get(&scope.id).cloned();
    let (vat, period) = compared_basis(rules.price_basis);
    let mut admissible = Vec::new();
    let mut excluded = Vec::new();
    for entry in entries {
        let mut reasons = Vec::new();
        let mut status = None;
        let cost = match entry.result {
            Err(problems) => {
                reasons.extend(problems.into_iter().map(Exclusion::Irregular));
                status = Some(Status::Irregular);
                None
            }
            Ok(cost) => Some(cost),
        };
        if let (Some(cost), Some(c)) = (&cost, &ceiling) {
            let amount = cost_in(cost, terms, c.vat, c.period);
            if amount > Mark::from_decimal(c.amount) {
                reasons.push(Exclusion::AboveCeiling {
                    amount,
                    ceiling: c.clone(),
                });
                status.get_or_insert(Status::Unacceptable);
            }
        }
        if let (Some(schedule), Some(figures)) = (
            &lot.schedule,
            cost.as_ref().and_then(|c| c.schedule.as_deref()),
        ) {
            let checks = crate::pricing::schedule::part_checks(schedule, figures, lot.vat_rate);
            for check in checks.into_iter().filter(|c| c.exceeded()) {
                reasons.push(Exclusion::AbovePartCeiling(Box::new(check)));
                status.get_or_insert(Status::Unacceptable);
            }
        }
        if !entry.non_compliance.is_empty() {
            reasons.extend(
                entry
                    .non_compliance
                    .into_iter()
                    .map(Exclusion::NonCompliant),
            );
            status.get_or_insert(Status::NonCompliant);
        }
        match (status, cost) {
            (Some(status), cost) => excluded.push(ExcludedOffer {
                bidder: entry.bidder,
                bidder_name: entry.bidder_name,
                source: entry.source,
                status,
                reasons,
                cost,
            }),
            (None, Some(cost)) => admissible.push((
                entry.bidder,
                entry.bidder_name,
                entry.source,
                cost,
                entry.technical,
            )),
            (None, None) => {}
        }
    }

    let prices: Vec<Mark> = admissible
        .iter()
        .map(|(_, _, _, c, _)| cost_in(c, terms, vat, period))
        .collect();
    let budget = ceiling
        .as_ref()
        .and_then(|c| budget_in(c, terms, rules.price_basis));
    let test = abnormally_low::test(&rules.abnormally_low, &prices, budget.as_ref());
    let marks = if prices.is_empty() {
        None
    } else {
        // The tender's checks (a ceiling for every scope with a budget formula) and the
        // exclusions above (nothing above the ceiling is left, compared exactly) rule out
        // the errors; should one still happen, no offer is ranked and the lot says why.
        match price::price_marks(
            &rules.price_formula,
            rules.price_weight,
            &prices,
            budget.as_ref(),
        ) {
            Ok(marks) => Some(marks),
            Err(error) => {
                return ScopeRanking {
                    scope: scope.id.clone(),
                    members: scope.members.clone(),
                    ranked: Vec::new(),
                    excluded: sorted_exclusions(excluded),
                    abnormally_low: test,
                    price_reference: None,
                    ceiling,
                    failure: Some(RankingFailure {
                        error,
                        bidders: admissible.into_iter().map(|a| a.0).collect(),
                    }),
                };
            }
        }
    };
    let mut ranked: Vec<RankedOffer> = admissible
        .into_iter()
        .zip(prices)
        .zip(marks.iter().flat_map(|m| m.marks.iter().cloned()))
        .enumerate()
        .map(
            |(i, (((bidder, bidder_name, source, cost, technical), compared_price), price))| {
                let price_mark = price.mark.clone();
                let technical_mark = technical.as_ref().map(|t| t.mark.clone());
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
                let flagged = test
                    .as_ref()
                    .and_then(|t| t.flagged.iter().find(|f| f.index == i).cloned());
                if flagged.is_some() {
                    flags.push(Flag::AbnormallyLow);
                }
                RankedOffer {
                    rank: 0,
                    bidder,
                    bidder_name,
                    source,
                    compared_price,
                    cost,
                    price_mark,
                    price,
                    technical_mark,
                    technical,
                    total,
                    flags,
                    abnormally_low: flagged,
                    tie: false,
                    implausible: Vec::new(),
                    tie_breaks: Vec::new(),
                }
            },
        )
        .collect();
    // The test's indexes are into `prices`, in the order before sorting: keep each
    // ranked offer's flags (already set) and sort.
    ranked.sort_by(|a, b| {
        Mark::desc(&a.total, &b.total).then_with(|| tie_break(&rules.tie_break, a, b))
    });
    // Sorted by total first: offers of equal totals are neighbours.
    let ties: Vec<bool> = (0..ranked.len())
        .map(|i| {
            let same = |j: usize| ranked.get(j).is_some_and(|o| o.total == ranked[i].total);
            (i > 0 && same(i - 1)) || same(i + 1)
        })
        .collect();
    let decisions: Vec<Vec<TieDecision>> = (0..ranked.len())
        .map(|i| {
            [i.checked_sub(1), Some(i + 1)]
                .into_iter()
                .flatten()
                .filter_map(|j| ranked.get(j))
                .filter(|o| o.total == ranked[i].total)
                .map(|o| tie_decision(&rules.tie_break, &ranked[i], o))
                .collect()
        })
        .collect();
    for (i, ((offer, tie), breaks)) in ranked.iter_mut().zip(ties).zip(decisions).enumerate() {
        offer.rank = i + 1;
        offer.tie = tie;
        offer.tie_breaks = breaks;
    }
    ScopeRanking {
        scope: scope.id.clone(),
        members: scope.members.clone(),
        ranked,
        excluded: sorted_exclusions(excluded),
        abnormally_low: test,
        price_reference: marks.map(|m| m.reference),
        ceiling,
        failure: None,
    }
}

/// The excluded offers in bidder order.
fn sorted_exclusions(mut excluded: Vec<ExcludedOffer>) -> Vec<ExcludedOffer> {
    excluded.sort_by(|a, b| {
        a.bidder
            .cmp(&b.bidder)
            .then_with(|| a.status.cmp(&b.status))
    });
    excluded
}

/// Orders two offers of equal totals by the declared tie-breaks (the bidder id last).
fn tie_break(order: &[TieBreak], a: &RankedOffer, b: &RankedOffer) -> Ordering {
    deciding(order, a, b).1
}

/// The first declared tie-break on which two offers differ (the bidder id when none
/// does), and the order it gives.
fn deciding(order: &[TieBreak], a: &RankedOffer, b: &RankedOffer) -> (TieBreak, Ordering) {
    let zero = Mark::zero();
    for t in order {
        let o = match t {
            TieBreak::Technical => Mark::desc(
                a.technical_mark.as_ref().unwrap_or(&zero),
                b.technical_mark.as_ref().unwrap_or(&zero),
            ),
            TieBreak::Cost => a.compared_price.cmp(&b.compared_price),
            TieBreak::Bidder => a.bidder.cmp(&b.bidder),
        };
        if o != Ordering::Equal {
            return (*t, o);
        }
    }
    (TieBreak::Bidder, a.bidder.cmp(&b.bidder))
}

/// How the tie between `a` and `other` (of the same total) was broken, seen from `a`.
fn tie_decision(order: &[TieBreak], a: &RankedOffer, other: &RankedOffer) -> TieDecision {
    let (by, _) = deciding(order, a, other);
    let zero = Mark::zero();
    let values = match by {
        TieBreak::Technical => Some((
            a.technical_mark.clone().unwrap_or_else(|| zero.clone()),
            other.technical_mark.clone().unwrap_or(zero),
        )),
        TieBreak::Cost => Some((a.compared_price.clone(), other.compared_price.clone())),
        TieBreak::Bidder => None,
    };
    TieDecision {
        other: other.bidder.clone(),
        by,
        values,
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_bases;
