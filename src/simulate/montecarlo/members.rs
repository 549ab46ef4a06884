//! Member shares that need each member's own draw: the `usage` key on a drawn measure,
//! and the methods that need each member's (or group's) cost alone at the drawn usage
//! (SCRB, standalone proportional, equal savings, Shapley without a band tariff).
//!
//! For such a lot the draws count each distinct vector of the members' drawn usages
//! (the `usage` key), or one vector of each kind of draw (see [`super::kinds`]), with
//! how many draws it stands for. For each vector, every scope of the lot is at
//! the usage that vector gives it, already priced and ranked once (its outcome is looked
//! up): the groupement's winner gives the cost shared, each member's own scope its cost
//! alone, every quoted scope its group's cost; the shares are then computed by the split
//! code itself ([`crate::split::drawn::shares_at`]).

use std::collections::BTreeMap;

use rayon::prelude::*;
use rust_decimal::Decimal;

use super::{Key, LotShares, MemberShareStats, Outcome, SharesNotComputed, member_stats, tally};
use crate::exact::Exact;
use crate::simulate::Evaluator;
use crate::split::coalitions::Coalitions;
use crate::split::drawn::{AtUsage, shares_at};
use crate::split::{self, UnsplitReason};
use crate::tender::{Lot, ScopeKind, SplitMethod, Usage};

/// The most numbers kept for the members' draws of one lot (8 bytes each, 256 MiB):
/// beyond, the shares are not computed rather than the memory exhausted.
pub(super) const MAX_WORDS: u64 = 1 << 25;

/// Whether the lot's method (or its fee's key, or its variable part's) shares by each
/// member's usage, or needs what each member or group would pay alone.
pub(super) fn needs_members(ev: &Evaluator, method: SplitMethod, drawn_moves: bool) -> bool {
    let rules = &ev.tender().split;
    let uses = |m: SplitMethod| {
        method == m
            || rules.fee_key == Some(m)
            || (method == SplitMethod::FixedPlusVariable && rules.variable_key == m)
    };
    let alone = [
        SplitMethod::Scrb,
        SplitMethod::StandaloneProportional,
        SplitMethod::EqualSavings,
    ];
    // Shapley on a band tariff: the groups' costs do not move with usage.
    let shapley_alone = uses(SplitMethod::Shapley) && ev.lot.bands.is_none();
    alone.into_iter().any(uses) || shapley_alone || (uses(SplitMethod::Usage) && drawn_moves)
}

/// What the shares of one lot read.
pub(super) struct LotDraws<'a> {
    /// The evaluators (every lot's) and how each one's draws were counted.
    pub evaluators: &'a [Evaluator<'a>],
    pub plans: &'a [tally::Plan],
    /// Each evaluator's outcomes by usage met.
    pub outcomes: &'a [BTreeMap<Key, &'a Outcome>],
    /// The groupement's evaluator.
    pub group: usize,
    /// Each member's usage when not drawn (its estimate), in member order.
    pub fixed: &'a [[u64; 3]],
    /// The measures drawn, in the order of the vectors' numbers (member by member).
    pub measures: &'a [usize],
}

/// One member-usage vector's shares: each member's part and its cost alone.
type Drawn = Vec<(Exact, Option<Exact>)>;

/// The lot's member shares from the distinct member-usage vectors met, with how many
/// draws met each.
pub(super) fn lot_shares(at: &LotDraws, vectors: &[(Vec<u64>, u64)]) -> LotShares {
    let ev = &at.evaluators[at.group];
    let tender = ev.tender();
    let method = tender.split.method_for(&ev.lot.id);
    let terms = tender.contract_terms(ev.lot);
    let shared: Result<Vec<Option<(Drawn, u64)>>, UnsplitReason> = vectors
        .par_iter()
        .map(|(v, n)| Ok(shares_of(at, method, &terms, v)?.map(|d| (d, *n))))
        .collect();
    let shared = shared.map(|s| s.into_iter().flatten().collect::<Vec<_>>());
    let split_draws = shared
        .as_ref()
        .map_or(0, |s| s.iter().map(|(_, n)| n).sum());
    LotShares {
        lot: ev.lot.id.clone(),
        method,
        split_draws,
        members: shared
            .map(|s| stats(at, &s, split_draws))
            .map_err(SharesNotComputed::Split),
    }
}

/// Whether the method, the fee's key or the variable part's is the `usage` key.
pub(super) fn reads_usage(rules: &crate::tender::SplitRules, method: SplitMethod) -> bool {
    method == SplitMethod::Usage
        || rules.fee_key == Some(SplitMethod::Usage)
        || (method == SplitMethod::FixedPlusVariable && rules.variable_key == SplitMethod::Usage)
}

/// Each member's statistics over the vectors where some offer won the groupement.
fn stats(at: &LotDraws, shared: &[(Drawn, u64)], split_draws: u64) -> Vec<MemberShareStats> {
    let ev = &at.evaluators[at.group];
    ev.tender()
        .members
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let mut values: Vec<(Exact, u64)> =
                shared.iter().map(|(d, n)| (d[i].0.clone(), *n)).collect();
            values.sort();
            let above = shared
                .iter()
                .filter(|(d, _)| d[i].1.as_ref().is_some_and(|alone| d[i].0 > *alone))
                .map(|(_, n)| n)
                .sum();
            let priced_alone = shared.iter().any(|(d, _)| d[i].1.is_some());
            let mut s = member_stats(&m.id, &values, split_draws, None);
            s.standalone = super::standalone(ev, &m.id, at.evaluators);
            s.above_standalone = priced_alone.then(|| super::Estimate::wilson(above, split_draws));
            s
        })
        .collect()
}

/// The members' shares at one vector of drawn usages; `None` when no offer wins the
/// groupement there.
fn shares_of(
    at: &LotDraws,
    method: SplitMethod,
    terms: &crate::pricing::ContractTerms,
    vector: &[u64],
) -> Result<Option<Drawn>, UnsplitReason> {
    let ev = &at.evaluators[at.group];
    let (tender, lot) = (ev.tender(), ev.lot);
    let usages = member_usages(at, vector);
    let outcome = |e: usize| {
        let key = at.plans[e].key_at(|m, k| usages[m][k]);
        at.outcomes[e].get(&key).copied()
    };
    let Some(group) = outcome(at.group) else {
        return Ok(None);
    };
    let Some(w) = group.winner else {
        return Ok(None);
    };
    let (Some(cost), Some(model)) = (group.costs.get(w).and_then(Option::as_ref), group.model)
    else {
        return Ok(None);
    };
    let (total, _) = split::shared_cost(cost).ok_or(UnsplitReason::AmountTooLarge)?;
    let tariff = lot.bands.as_ref().and_then(|bands| {
        ev.quote(w)
            .and_then(|q| crate::pricing::band_prices(q, bands).ok())
    });
    // The scopes of the lot simulated, each with its group of members and its winner's
    // cost at this draw.
    let scopes: Vec<(&Evaluator, Option<Decimal>)> = at
        .evaluators
        .iter()
        .enumerate()
        .filter(|(_, o)| o.lot.id == lot.id)
        .map(|(e, o)| (o, outcome(e).and_then(winner_cost)))
        .collect();
    let standalone = standalone(tender, &scopes, tariff.as_ref());
    let coalitions = match &tariff {
        Some(t) => Some(split::band_coalitions(tender, t, method)?),
        None => Some(Coalitions::Quoted(quoted(tender, &scopes))),
    };
    let drawn_lot = drawn_lot(lot, tender, &usages, method);
    let at_usage = AtUsage {
        lot: drawn_lot.as_ref().unwrap_or(lot),
        model,
        total,
        standalone: &standalone,
        coalitions: coalitions.as_ref(),
    };
    let parts = shares_at(tender, &at_usage, method, terms)?;
    Ok(Some(
        parts
            .into_iter()
            .zip(&standalone)
            .map(|(p, s)| (p, s.map(Exact::from_decimal)))
            .collect(),
    ))
}

/// Each member's cost alone at this draw: its own scope's winner, or (not quoted alone,
/// or no winner there) the groupement winner's band price for its size, as `split` says.
fn standalone(
    tender: &crate::tender::Tender,
    scopes: &[(&Evaluator, Option<Decimal>)],
    tariff: Option<&crate::pricing::BandPrices>,
) -> Vec<Option<Decimal>> {
    tender
        .members
        .iter()
        .map(|m| {
            let own = scopes
                .iter()
                .find(|(o, _)| o.scope.kind == ScopeKind::Member && o.scope.id == m.id);
            own.and_then(|(_, c)| *c).or_else(|| {
                tariff
                    .and_then(|t| t.price_for_size(m.population, m.registered_users))
                    .map(|p| p.value)
            })
        })
        .collect()
}

/// The yearly cost of a scope's winner, in its shared form.
fn winner_cost(o: &Outcome) -> Option<Decimal> {
    let cost = o.costs.get(o.winner?)?.as_ref()?;
    split::shared_cost(cost).map(|(c, _)| c)
}

/// The quoted scopes' costs at this draw, by group of members (a bit per member).
fn quoted(
    tender: &crate::tender::Tender,
    scopes: &[(&Evaluator, Option<Decimal>)],
) -> BTreeMap<u64, Decimal> {
    let mut costs = BTreeMap::new();
    if tender.members.len() > 63 {
        return costs;
    }
    for (o, cost) in scopes {
        let mask = tender
            .members
            .iter()
            .enumerate()
            .filter(|(_, m)| o.scope.members.contains(&m.id))
            .fold(0u64, |mask, (i, _)| mask | (1 << i));
        if let (true, Some(c)) = (mask != 0, cost) {
            costs.insert(mask, *c);
        }
    }
    costs
}

/// The lot with each member's drawn usages as its estimate, when the `usage` key reads
/// them (the method, the fee's key or the variable part's).
fn drawn_lot(
    lot: &Lot,
    tender: &crate::tender::Tender,
    usages: &[[u64; 3]],
    method: SplitMethod,
) -> Option<Lot> {
    if !reads_usage(&tender.split, method) {
        return None;
    }
    let mut drawn = lot.clone();
    for (m, u) in tender.members.iter().zip(usages) {
        drawn.usage.insert(
            m.id.clone(),
            Usage {
                active_accounts: u[0],
                simultaneous_accesses: u[1],
                consultations: u[2],
            },
        );
    }
    Some(drawn)
}

/// Each member's usages from a vector of drawn numbers (member by member, the drawn
/// measures in order), the others at their estimate.
fn member_usages(at: &LotDraws, vector: &[u64]) -> Vec<[u64; 3]> {
    let mut usages = at.fixed.to_vec();
    let per = at.measures.len();
    if per == 0 {
        return usages;
    }
    for (u, numbers) in usages.iter_mut().zip(vector.chunks(per)) {
        for (k, n) in at.measures.iter().zip(numbers) {
            u[*k] = *n;
        }
    }
    usages
}
