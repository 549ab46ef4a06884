//! The cost of groups of members, for the methods that need more than each member's own
//! figure (SCRB, Shapley): from the awarded bidder's band tariff when the lot has one
//! (any group is priced), otherwise from the scopes the tender had quoted (each member
//! alone, the groupement, declared groups), each at the price of its own winner.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::game::{self, BandTariff, Game, GameError, Shapley};
use super::{Rescaled, Standalone, UnsplitReason};
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
        // An awarded cost is below 10^26 €, so it always has a shared form (exact, or
        // to the cent for an extrapolation that never ends: see `shared_cost`).
        if let (true, Some((cost, _))) = (mask != 0, super::shared_cost(&winner.cost.annual_ht)) {
            costs.insert(mask, cost);
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

/// The groups' price of the whole groupement: its band's price, or its own quote.
fn game_total(
    tender: &Tender,
    coalitions: &Coalitions,
    method: SplitMethod,
) -> Result<Decimal, UnsplitReason> {
    match coalitions {
        Coalitions::Bands { sizes, tariff } => {
            Ok(tariff.cost_of_sum(sizes.iter().map(|&s| u128::from(s)).sum()))
        }
        Coalitions::Quoted(costs) => {
            let n = tender.members.len();
            let all: u64 = if n >= 64 { u64::MAX } else { (1u64 << n) - 1 };
            costs
                .get(&all)
                .copied()
                .ok_or_else(|| UnsplitReason::NoCoalitionCost {
                    method,
                    missing: vec![tender.members.iter().map(|m| m.id.clone()).collect()],
                })
        }
    }
}

/// Shares of the game's price of the whole groupement, brought to the awarded price.
///
/// The groupement's awarded price may differ from its price in the groups' costs (a
/// volume discount, or a band price above or below the quote). SCRB and Shapley are
/// computed in the game as it is, where every group, the whole groupement included,
/// costs its band's price, so that separable costs and marginal costs compare prices of
/// one tariff; then every share is multiplied by awarded ÷ game price: each member keeps
/// its proportion, and the shares add up to the awarded price exactly. (Putting the
/// awarded price in the game as the whole groupement's cost would mix two prices: a
/// separable cost c(N) − c(N ∖ i) can turn negative, and the difference would fall on
/// members in equal parts, a commune of 90 inhabitants taking as much of a discount as
/// the city.)
fn to_awarded(
    values: Vec<Mark>,
    game_total: Decimal,
    awarded: Decimal,
    method: SplitMethod,
) -> Result<(Vec<Mark>, Option<Rescaled>), UnsplitReason> {
    if game_total == awarded {
        return Ok((values, None));
    }
    let factor =
        Mark::ratio(awarded, Decimal::ONE, game_total).ok_or(UnsplitReason::ZeroTariffTotal {
            method,
            awarded_ht: awarded,
        })?;
    Ok((
        values.iter().map(|v| v.mul(&factor)).collect(),
        Some(Rescaled {
            tariff_ht: game_total,
            awarded_ht: awarded,
        }),
    ))
}

/// The members' shares of `total` by SCRB: each pays what the groupement saves by having
/// it (its separable cost), plus a part of the rest in proportion to what it would save;
/// computed on the groups' costs, then brought to the awarded price (see [`to_awarded`]).
pub fn scrb(
    tender: &Tender,
    coalitions: &Coalitions,
    total: Decimal,
    standalone: &[Option<Standalone>],
) -> Result<(Vec<Mark>, Option<Rescaled>), UnsplitReason> {
    let method = SplitMethod::Scrb;
    let grand = game_total(tender, coalitions, method)?;
    let (without, alone) = match coalitions {
        Coalitions::Bands { sizes, tariff } => {
            let sum: u128 = sizes.iter().map(|&s| u128::from(s)).sum();
            (
                sizes
                    .iter()
                    .map(|&s| tariff.cost_of_sum(sum - u128::from(s)))
                    .collect(),
                sizes.iter().map(|&s| tariff.cost(s)).collect(),
            )
        }
        Coalitions::Quoted(costs) => quoted_scrb_costs(tender, costs, standalone)?,
    };
    to_awarded(game::scrb(grand, &without, &alone), grand, total, method)
}

/// The quoted costs SCRB needs: the groupement without each member, and each alone.
fn quoted_scrb_costs(
    tender: &Tender,
    costs: &BTreeMap<u64, Decimal>,
    standalone: &[Option<Standalone>],
) -> Result<(Vec<Decimal>, Vec<Decimal>), UnsplitReason> {
    let n = tender.members.len();
    let all: u64 = if n >= 64 { u64::MAX } else { (1u64 << n) - 1 };
    let mut without = Vec::with_capacity(n);
    let mut lacking_without = Vec::new();
    for (i, m) in tender.members.iter().enumerate() {
        let mask = all & !(1 << i);
        // The empty group (a groupement of one) costs nothing.
        match costs
            .get(&mask)
            .copied()
            .or((mask == 0).then_some(Decimal::ZERO))
        {
            Some(c) => without.push(c),
            None => lacking_without.push(m.id.clone()),
        }
    }
    if !lacking_without.is_empty() {
        return Err(UnsplitReason::NoGroupWithout {
            method: SplitMethod::Scrb,
            members: lacking_without,
        });
    }
    let mut alone = Vec::with_capacity(n);
    let mut lacking_alone = Vec::new();
    for (m, s) in tender.members.iter().zip(standalone) {
        match s {
            Some(s) => alone.push(s.amount_ht),
            None => lacking_alone.push(m.id.clone()),
        }
    }
    if !lacking_alone.is_empty() {
        return Err(UnsplitReason::NoStandalone {
            method: SplitMethod::Scrb,
            members: lacking_alone,
        });
    }
    Ok((without, alone))
}

/// The Shapley value of the groups' costs, brought to the awarded price (see
/// [`to_awarded`]; a sampled estimate's standard errors are scaled with it).
pub fn shapley(
    tender: &Tender,
    coalitions: &Coalitions,
    total: Decimal,
) -> Result<(Vec<Mark>, Option<Rescaled>, Shapley), UnsplitReason> {
    let method = SplitMethod::Shapley;
    let n = tender.members.len();
    let grand = game_total(tender, coalitions, method)?;
    let mut result = match coalitions {
        Coalitions::Bands { sizes, tariff } => {
            let game = Game::Bands { sizes, tariff };
            game::shapley(&game, standard_error_target(grand, total))
                .map_err(|e| unavailable(tender, e))?
        }
        Coalitions::Quoted(costs) => {
            game::shapley_exact_table(n, costs).map_err(|e| unavailable(tender, e))?
        }
    };
    let (values, rescaled) = to_awarded(result.values.clone(), grand, total, method)?;
    if let (Some(errors), Some(r)) = (&result.standard_errors, &rescaled) {
        let scaled = game::scale_standard_errors(errors, r.awarded_ht, r.tariff_ht)
            .map_err(|error| UnsplitReason::Game { method, error })?;
        result.standard_errors = Some(scaled);
    }
    Ok((values, rescaled, result))
}

/// The standard error to sample a band game's Shapley value to: 1 € once the values are
/// brought to the awarded price, so 1 € × game price ÷ awarded price in the game,
/// rounded down to a millionth (at least one millionth); 1 € when either price is 0.
fn standard_error_target(game_total: Decimal, awarded: Decimal) -> Decimal {
    if game_total.is_zero() || awarded.is_zero() {
        return Decimal::ONE;
    }
    let floor = Decimal::new(1, 6);
    match game_total.checked_div(awarded) {
        Some(t) => t
            .round_dp_with_strategy(6, rust_decimal::RoundingStrategy::ToZero)
            .max(floor),
        // A ratio beyond the decimals' range: any standard error meets it.
        None => Decimal::MAX,
    }
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
        // Quoted scopes price a handful of groups; for more members than a table of
        // every group can hold, only a band tariff prices them all.
        GameError::TooManyPlayers { .. } => UnsplitReason::NoCoalitionCost {
            method: SplitMethod::Shapley,
            missing: Vec::new(),
        },
        error => UnsplitReason::Game {
            method: SplitMethod::Shapley,
            error,
        },
    }
}
