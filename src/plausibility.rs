//! Plausibility: figures a person would question before trusting a ranking.
//!
//! A careless bidder may type its price in the quota row and its quota in the price row,
//! or forget three zeros; the offer then reads as regular and ranks first at a few euros a
//! year. Nothing here excludes an offer or changes its rank: each rule only raises a
//! warning, with the figures it compared, so that the buyer asks the bidder before
//! deciding. Every comparison is exact (prices as [`Exact`] fractions, counts as
//! integers). No input or output happens here.
//!
//! The thresholds were chosen from how the schedules are really filled (the shipped
//! examples, the groupement's own schedules): honest offers for one lot and scope lie
//! within a factor of 3 of each other and of the ceiling, quotas of accounts and accesses
//! are a fraction of the registered users, and consultations a few per inhabitant. Each
//! threshold leaves an order of magnitude of room above those figures.

use rust_decimal::Decimal;

use crate::analysis::NormalisedLine;
use crate::award::criteria::{Evaluation, TechnicalMark};
use crate::award::{self, Flag, LotRanking};
use crate::bpu::layout;
use crate::exact::Exact;
use crate::pricing::{NormalisedCost, PricingModel, Term};
use crate::source::Location;
use crate::tender::{Ceiling, CriterionSource, Lot, Scope, Tender};

/// An offer whose yearly cost is below 1/20 of a reference (the median of the other
/// offers, or the ceiling) is questioned: honest offers for the same need differ by a
/// factor of 2 or 3, a slip of the keyboard (a missing zero, a price per unit typed as
/// the global price, a swapped row) by 10 or more.
pub const FAR_BELOW_DIVISOR: u64 = 20;

/// The median of the other offers means something only with at least 2 of them: against
/// a single other offer, either of the two may be the odd one.
pub const MIN_OTHER_OFFERS: usize = 2;

/// A yearly consultation quota above 100 consultations per inhabitant of the scope is
/// beyond any library's use (the groupement's estimates are 0.1 to 1.2 per registered
/// user): it is likely a price, or a figure with extra zeros.
pub const CONSULTATIONS_PER_INHABITANT: u64 = 100;

/// A price row reads like a count when it is a whole number within a factor of 10 of the
/// scope's usage estimate (2 accesses, 1 € typed in the price row)...
pub const SWAP_USAGE_FACTOR: u64 = 10;

/// ...and the quota row then reads like a price when it is at least 100 times the price:
/// a real offer of 1 200 € for 1 access is the reverse, a price far above its quota.
pub const SWAP_QUOTA_RATIO: u64 = 100;

/// What makes a figure implausible, with the figures compared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rule {
    /// The yearly cost HT is below 1/20 of the median yearly cost HT of the other
    /// offers of the lot and scope (`others` of them, at least 2).
    FarBelowOthers {
        cost: Exact,
        median: Exact,
        others: usize,
    },
    /// The cost, measured as the ceiling is (yearly or contract, HT or TTC), is below
    /// 1/20 of the scope's budget ceiling.
    FarBelowCeiling { cost: Exact, ceiling: Ceiling },
    /// A quota of accounts or accesses above the scope's registered users, or of
    /// consultations above 100 per inhabitant: `limit` is that bound.
    QuotaBeyondScope {
        model: PricingModel,
        quota: Decimal,
        limit: u64,
        registered_users: u64,
        population: u64,
    },
    /// A price row holding a count close to the usage estimate, and a quota row at least
    /// 100 times larger: the two rows look exchanged.
    Swapped {
        model: PricingModel,
        price: Decimal,
        quota: Decimal,
        usage: u64,
    },
}

/// One implausible figure of an offer for a lot and scope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Implausibility {
    pub bidder: String,
    pub lot: String,
    pub scope: String,
    /// The cell questioned (the price, or the quota for a quota beyond the scope).
    pub location: Location,
    /// The schedule's item of that cell (`1.2`, `1.2.q`).
    pub item: Option<&'static str>,
    pub rule: Rule,
}

/// The implausible figures of one lot's offers, in the order of the lines (scope, then
/// bidder), each offer's rules in the order of [`Rule`].
/// `lines` are those of [`crate::analysis`]: grouped by scope.
pub fn assess_lot(tender: &Tender, lot: &Lot, lines: &[NormalisedLine]) -> Vec<Implausibility> {
    let mut found = Vec::new();
    for same_scope in lines.chunk_by(|a, b| a.scope == b.scope) {
        assess_scope(tender, lot, same_scope, &mut found);
    }
    found
}

/// The implausible figures of the offers of one lot and scope.
fn assess_scope(
    tender: &Tender,
    lot: &Lot,
    lines: &[NormalisedLine],
    found: &mut Vec<Implausibility>,
) {
    // The scope's yearly costs sorted once: the median of the others of each offer is
    // read from them with that offer's own cost left out (equal costs being
    // interchangeable, leaving out any one of them leaves the same figures).
    let mut sorted: Vec<&Exact> = lines
        .iter()
        .filter_map(|l| l.result.as_ref().ok().map(|c| &c.annual_ht))
        .collect();
    sorted.sort();
    for line in lines {
        let (Ok(cost), Some(scope)) = (&line.result, tender.scope(&line.scope)) else {
            continue;
        };
        let rules = [
            far_below_others(cost, &sorted),
            far_below_ceiling(tender, lot, scope, cost),
            quota_beyond_scope(tender, scope, cost),
            swapped(cost),
        ];
        for rule in rules.into_iter().flatten() {
            let term = match rule {
                Rule::QuotaBeyondScope { .. } => Term::Quota,
                _ => Term::Price,
            };
            let location = match (term, &cost.quota) {
                (Term::Quota, Some(q)) => q.location.clone(),
                _ => cost.price.location.clone(),
            };
            found.push(Implausibility {
                bidder: line.bidder.clone(),
                lot: line.lot.clone(),
                scope: line.scope.clone(),
                location,
                item: layout::item(cost.model, term).map(|i| i.code),
                rule,
            });
        }
    }
}

/// `value × 20 < reference`: below 1/20 of it, exactly.
fn far_below(value: &Exact, reference: &Exact) -> bool {
    value.mul(&Exact::from_u64(FAR_BELOW_DIVISOR)) < *reference
}

/// `sorted`: the yearly costs of every offer of the scope, this one's included, in order.
fn far_below_others(cost: &NormalisedCost, sorted: &[&Exact]) -> Option<Rule> {
    let others = sorted.len().checked_sub(1)?;
    if others < MIN_OTHER_OFFERS {
        return None;
    }
    let median = median_without(sorted, &cost.annual_ht)?;
    far_below(&cost.annual_ht, &median).then(|| Rule::FarBelowOthers {
        cost: cost.annual_ht.clone(),
        median,
        others,
    })
}

/// The exact median of `sorted` with one value equal to `left_out` taken away; `None`
/// when no value is left or none equals `left_out`.
fn median_without(sorted: &[&Exact], left_out: &Exact) -> Option<Exact> {
    let at = sorted.partition_point(|v| *v < left_out);
    if sorted.get(at).is_none_or(|v| *v != left_out) {
        return None;
    }
    // The k-th of the others is the k-th of `sorted` before `at`, the next one after.
    let nth = |k: usize| sorted.get(if k < at { k } else { k + 1 }).copied();
    let n = sorted.len().checked_sub(1)?;
    match n {
        0 => None,
        _ if n % 2 == 1 => nth(n / 2).cloned(),
        _ => nth(n / 2 - 1)?.add(nth(n / 2)?).div(&Exact::from_u64(2)),
    }
}

fn far_below_ceiling(
    tender: &Tender,
    lot: &Lot,
    scope: &Scope,
    cost: &NormalisedCost,
) -> Option<Rule> {
    let ceiling = lot.ceilings.get(&scope.id)?;
    let terms = tender.contract_terms(lot);
    let amount = award::cost_in(cost, &terms, ceiling.vat, ceiling.period);
    far_below(&amount, &Exact::from_decimal(ceiling.amount)).then(|| Rule::FarBelowCeiling {
        cost: amount,
        ceiling: ceiling.clone(),
    })
}

fn quota_beyond_scope(tender: &Tender, scope: &Scope, cost: &NormalisedCost) -> Option<Rule> {
    let quota = cost.quota.as_ref()?.value;
    let (population, registered_users) = tender.scope_size(scope);
    let limit = match cost.model {
        PricingModel::ActiveAccounts | PricingModel::SimultaneousAccesses => registered_users,
        PricingModel::Consultations => population.checked_mul(CONSULTATIONS_PER_INHABITANT)?,
        PricingModel::RegisteredUsers | PricingModel::Population | PricingModel::Schedule => {
            return None;
        }
    };
    (quota > Decimal::from(limit)).then_some(Rule::QuotaBeyondScope {
        model: cost.model,
        quota,
        limit,
        registered_users,
        population,
    })
}

fn swapped(cost: &NormalisedCost) -> Option<Rule> {
    let quota = cost.quota.as_ref()?.value;
    let usage = cost.usage?;
    let price = cost.price.value;
    let whole = price > Decimal::ZERO && price.fract().is_zero();
    let usage_d = Decimal::from(usage);
    let factor = Decimal::from(SWAP_USAGE_FACTOR);
    let like_count =
        price.checked_mul(factor)? >= usage_d && price <= usage_d.checked_mul(factor)?;
    let like_price = quota >= price.checked_mul(Decimal::from(SWAP_QUOTA_RATIO))?;
    (whole && like_count && like_price).then_some(Rule::Swapped {
        model: cost.model,
        price,
        quota,
        usage,
    })
}

/// Whether a technical mark lacks a score the buyer's experts should have given (a
/// criterion read from the scores file, of a weight above 0, with no score).
pub fn lacks_score(mark: &TechnicalMark, tender: &Tender) -> bool {
    let from_scores = |criterion: &str| {
        criterion.is_empty()
            || tender
                .award
                .criteria
                .iter()
                .any(|k| k.id == criterion && k.source == CriterionSource::Scores)
    };
    mark.parts
        .iter()
        .any(|p| p.score.is_none() && p.weight > Decimal::ZERO && from_scores(&p.criterion))
}

/// The (bidder, lot) pairs with an offer read but no technical score, while technical
/// marks count; in lot order, then bidder order.
pub fn missing_scores(
    tender: &Tender,
    evaluation: &Evaluation,
    normalised: &[NormalisedLine],
) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for line in normalised {
        let pair = (line.bidder.clone(), line.lot.clone());
        if pairs.contains(&pair) {
            continue;
        }
        let mark = award::criteria::technical_mark(
            &tender.award,
            evaluation,
            &line.bidder,
            &line.lot,
            None,
        );
        if mark.is_some_and(|m| lacks_score(&m, tender)) {
            pairs.push(pair);
        }
    }
    pairs
}

/// Whether the technical weight counts while no score can be given: no scores file and
/// no criterion read from elsewhere (the security grade). Then every offer gets 0 of the
/// technical points and the ranking is on price alone.
pub fn no_scores_file(tender: &Tender) -> bool {
    let a = &tender.award;
    a.technical_weight > Decimal::ZERO && a.technical_scores.is_none() && a.criteria.is_empty()
}

/// The price and technical weights, when they do not add up to 100.
pub fn weights_off(tender: &Tender) -> Option<(Decimal, Decimal)> {
    let a = &tender.award;
    (a.price_weight + a.technical_weight != Decimal::ONE_HUNDRED)
        .then_some((a.price_weight, a.technical_weight))
}

/// Puts the flags on the ranked offers of a lot: implausible figures (with their
/// rules) and missing technical scores. Flags only: no rank changes.
pub fn flag_lot(ranking: &mut LotRanking, found: &[Implausibility], tender: &Tender) {
    for scope in &mut ranking.scopes {
        for offer in &mut scope.ranked {
            offer.implausible = found
                .iter()
                .filter(|i| i.scope == scope.scope && i.bidder == offer.bidder)
                .map(|i| i.rule.clone())
                .collect();
            if !offer.implausible.is_empty() {
                offer.flags.push(Flag::Implausible);
            }
            if offer
                .technical
                .as_ref()
                .is_some_and(|t| lacks_score(t, tender))
            {
                offer.flags.push(Flag::MissingTechnicalScore);
            }
            offer.flags.sort();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The exact median: the middle value, or the mean of the two middle values (the
    /// reference `median_without` is checked against).
    fn median(values: &[&Exact]) -> Option<Exact> {
        let mut sorted: Vec<&Exact> = values.to_vec();
        sorted.sort();
        let n = sorted.len();
        match n {
            0 => None,
            _ if n % 2 == 1 => Some(sorted[n / 2].clone()),
            _ => sorted[n / 2 - 1]
                .add(sorted[n / 2])
                .div(&Exact::from_u64(2)),
        }
    }

    fn e(n: u64) -> Exact {
        Exact::from_u64(n)
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[&e(3), &e(1), &e(2)]), Some(e(2)));
        // (2 + 3) ÷ 2 = 2.5
        assert_eq!(
            median(&[&e(4), &e(1), &e(3), &e(2)]),
            Exact::from_u64(5).div(&e(2))
        );
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn the_median_without_one_value_is_the_median_of_the_others() {
        let values: Vec<Exact> = [7u64, 1, 4, 4, 9, 2, 30].iter().map(|v| e(*v)).collect();
        let mut sorted: Vec<&Exact> = values.iter().collect();
        sorted.sort();
        for n in 1..=values.len() {
            let mut part: Vec<&Exact> = values[..n].iter().collect();
            part.sort();
            for (i, v) in values[..n].iter().enumerate() {
                let others: Vec<&Exact> = values[..n]
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .map(|(_, o)| o)
                    .collect();
                assert_eq!(median_without(&part, v), median(&others), "{n} {i}");
            }
        }
        // By hand: 1 2 4 4 7 9 30 without 30 → 1 2 4 4 7 9, median (4 + 4) ÷ 2 = 4.
        assert_eq!(median_without(&sorted, &e(30)), Some(e(4)));
        // Without 1 → 2 4 4 7 9 30: (4 + 7) ÷ 2 = 11/2.
        assert_eq!(median_without(&sorted, &e(1)), e(11).div(&e(2)));
        assert_eq!(median_without(&sorted, &e(5)), None);
    }

    #[test]
    fn far_below_is_strict() {
        // 20 × 50 = 1000: at 1/20 exactly, not below.
        assert!(!far_below(&e(50), &e(1000)));
        assert!(far_below(&e(49), &e(1000)));
    }
}
