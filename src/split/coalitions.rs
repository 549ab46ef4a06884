//! The cost of groups of members, for the methods that need more than each member's own
//! figure (SCRB, Shapley): from the awarded bidder's band tariff when the lot has one
//! (any group is priced), otherwise from the scopes the tender had quoted (each member
//! alone, the groupement, declared groups), each at the price of its own winner.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::game::{self, BandTariff, Game, GameError, Shapley};
use super::{Standalone, UnsplitReason};
use crate::analysis::Analysis;
use crate::award::Mark;
use crate::tender::{BandMeasure, Lot, SplitMethod, Tender};

/// Where the groups' costs come from.
#[derive(Clone, Debug)]
pub enum Coalitions {
    /// The awarded bidder's band tariff: a group costs the price of the band its
    /// population (or registered users) falls in.
    Bands { sizes: Vec<u64>, tariff: BandTariff },
    /// The quoted scopes: group (bit i = member i) → the yearly cost HT of its winner.
    Quoted(BTreeMap<u64, Decimal>),
}

/// The costs of the quoted scopes, by group of members (at most 63 members: a group is
/// a bit set).
pub fn quoted(tender: &Tender, analysis: &Analysis, lot: &Lot) -> BTreeMap<u64, Decimal> {
    let mut costs = BTreeMap::new();
    if tender.members.len() > 63 {
        return costs;
    }
    let index = |id: &str| tender.members.iter().position(|m| m.id == id);
    let Some(ranking) = analysis.lots.iter().find(|l| l.lot == lot.id) else {
        return costs;
    };
    for s in &ranking.scopes {
        let Some(winner) = s.ranked.first() else {
            continue;
        };
        let mask = s
            .members
            .iter()
            .filter_map(|m| index(m))
            .fold(0u64, |mask, i| mask | (1 << i));
        if mask != 0 {
            costs.insert(mask, super::decimal_cost(&winner.cost.annual_ht));
        }
    }
    costs
}

/// The band tariff's game: each member's size in the tariff's measure.
pub fn band_sizes(tender: &Tender, measure: BandMeasure) -> Vec<u64> {
    tender
        .members
        .iter()
        .map(|m| match measure {
            BandMeasure::Population => m.population,
            BandMeasure::RegisteredUsers => m.registered_users,
        })
        .collect()
}

/// The members' shares of `total` by SCRB: each pays what the groupement saves by having
/// it (its separable cost), plus a part of the rest in proportion to what it would save.
pub fn scrb(
    tender: &Tender,
    coalitions: &Coalitions,
    total: Decimal,
    standalone: &[Option<Standalone>],
) -> Result<Vec<Mark>, UnsplitReason> {
    let n = tender.members.len();
    let all: u64 = if n >= 64 { u64::MAX } else { (1u64 << n) - 1 };
    let (without, alone): (Vec<Decimal>, Vec<Decimal>) = match coalitions {
        Coalitions::Bands { sizes, tariff } => {
            let sum: u64 = sizes.iter().sum();
            (
                sizes.iter().map(|s| tariff.cost(sum - s)).collect(),
                sizes.iter().map(|s| tariff.cost(*s)).collect(),
            )
        }
        Coalitions::Quoted(costs) => {
            let need: Vec<u64> = (0..n).map(|i| all & !(1 << i)).collect();
            let without: Vec<String> = tender
                .members
                .iter()
                .zip(&need)
                .filter(|(_, m)| !costs.contains_key(m))
                .map(|(x, _)| x.id.clone())
                .collect();
            if !without.is_empty() && n > 1 {
                return Err(UnsplitReason::NoGroupWithout {
                    method: SplitMethod::Scrb,
                    members: without,
                });
            }
            let lacking: Vec<String> = tender
                .members
                .iter()
                .zip(standalone)
                .filter(|(_, s)| s.is_none())
                .map(|(m, _)| m.id.clone())
                .collect();
            if !lacking.is_empty() {
                return Err(UnsplitReason::NoStandalone {
                    method: SplitMethod::Scrb,
                    members: lacking,
                });
            }
            (
                need.iter()
                    .map(|m| costs.get(m).copied().unwrap_or_default())
                    .collect(),
                standalone
                    .iter()
                    .map(|s| s.as_ref().map_or(Decimal::ZERO, |s| s.amount_ht))
                    .collect(),
            )
        }
    };
    Ok(game::scrb(total, &without, &alone))
}

/// The Shapley value of the groups' costs, scaled to the awarded price. The band tariff
/// (or the quoted scopes) prices every group; the groupement's own price may differ from
/// its band's price (a volume discount, another bidder's tariff), so the values, which add
/// up to the grand coalition's cost in the game, are multiplied by awarded ÷ game price:
/// each member keeps its proportion of the Shapley value, and the shares add up to the
/// awarded price exactly. (Giving the difference in equal parts, the Shapley value of the
/// game with the awarded price as the grand coalition's cost, would charge a commune of 90
/// inhabitants as much of a discount as the city: it can turn small shares negative.)
pub fn shapley(
    tender: &Tender,
    coalitions: &Coalitions,
    total: Decimal,
) -> Result<(Vec<Mark>, Shapley), UnsplitReason> {
    let n = tender.members.len();
    let result = match coalitions {
        Coalitions::Bands { sizes, tariff } => {
            let game = Game::Bands { sizes, tariff };
            game::shapley(&game, Decimal::ONE).map_err(|e| unavailable(tender, e))?
        }
        Coalitions::Quoted(costs) => {
            game::shapley_exact_table(n, costs).map_err(|e| unavailable(tender, e))?
        }
    };
    let grand = result.values.iter().fold(Mark::zero(), |s, v| s.add(v));
    let total = Mark::from_decimal(total);
    // A sampled estimate's standard errors scale with it.
    let mut result = result;
    if let (Some(errors), false) = (&mut result.standard_errors, grand.is_zero()) {
        for e in errors.iter_mut() {
            *e = Mark::from_decimal(*e)
                .mul(&total)
                .div(&grand)
                .and_then(|m| m.to_decimal())
                .unwrap_or(*e);
        }
    }
    let values = match grand.is_zero() {
        true => {
            let part = total
                .div(&Mark::from_i128(n as i128))
                .unwrap_or_else(Mark::zero);
            vec![part; n]
        }
        false => result
            .values
            .iter()
            .map(|v| v.mul(&total).div(&grand).unwrap_or_else(Mark::zero))
            .collect(),
    };
    Ok((values, result))
}

fn unavailable(tender: &Tender, e: GameError) -> UnsplitReason {
    match e {
        GameError::MissingCoalition { members } => UnsplitReason::NoCoalitionCost {
            method: SplitMethod::Shapley,
            missing: vec![
                members
                    .iter()
                    .filter_map(|i| tender.members.get(*i).map(|m| m.id.clone()))
                    .collect(),
            ],
        },
        _ => UnsplitReason::NoCoalitionCost {
            method: SplitMethod::Shapley,
            missing: Vec::new(),
        },
    }
}
