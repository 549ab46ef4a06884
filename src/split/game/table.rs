//! The exact Shapley value of a game given by the costs of its coalitions.

use std::collections::BTreeMap;

use num_bigint::BigInt;
use num_traits::Zero;
use rust_decimal::Decimal;

use super::units::{Acc, common_scale, factorials, mark_from_ratio, pow10, units};
use super::{GameError, Shapley, ShapleyMethod};

/// The most players a [`super::Game::Table`] may have: its 2ⁿ − 1 coalitions are listed.
pub const MAX_TABLE_PLAYERS: usize = 20;

/// The members of a coalition mask, ascending.
pub(super) fn members_of(mask: u64) -> Vec<usize> {
    (0..64).filter(|i| mask & (1 << i) != 0).collect()
}

/// The table's costs in units of 10^-scale, indexed by mask (the empty coalition costs 0;
/// `None` for a coalition the table does not give).
pub(super) struct TableUnits {
    pub scale: u32,
    pub costs: Vec<Option<i128>>,
}

pub(super) fn table_units(
    n: usize,
    costs: &BTreeMap<u64, Decimal>,
) -> Result<TableUnits, GameError> {
    if n > MAX_TABLE_PLAYERS {
        return Err(GameError::TooManyPlayers {
            n,
            max: MAX_TABLE_PLAYERS,
        });
    }
    if let Some(&mask) = costs.keys().find(|&&m| m >> n != 0) {
        return Err(GameError::CoalitionOutOfRange { mask, n });
    }
    let scale = common_scale(costs.values().copied());
    let mut table = vec![None; 1 << n];
    table[0] = Some(0);
    for (&mask, &cost) in costs {
        if mask == 0 {
            continue;
        }
        let u = units(cost, scale).ok_or(GameError::AmountOutOfRange { amount: cost })?;
        table[mask as usize] = Some(u);
    }
    Ok(TableUnits {
        scale,
        costs: table,
    })
}

/// The exact Shapley value of a game given by the cost of each coalition (bit i of the
/// key = player i; n ≤ 20). Every one of the 2ⁿ − 1 non-empty coalitions must be given:
/// otherwise [`GameError::MissingCoalition`] names the first missing one (in the order of
/// the masks). The empty coalition costs 0; an entry for mask 0 is ignored.
///
/// φ_i = Σ_{T ∌ i} |T|!(n−1−|T|)!/n! · (c(T ∪ {i}) − c(T)), with the marginal costs summed
/// by coalition size in integers, then weighted exactly: time O(n·2ⁿ), memory 2ⁿ amounts.
pub fn shapley_exact_table(n: usize, costs: &BTreeMap<u64, Decimal>) -> Result<Shapley, GameError> {
    let TableUnits { scale, costs } = table_units(n, costs)?;
    let known: Vec<i128> = costs
        .iter()
        .enumerate()
        .map(|(mask, c)| {
            c.ok_or_else(|| GameError::MissingCoalition {
                members: members_of(mask as u64),
            })
        })
        .collect::<Result<_, _>>()?;
    // by_size[i·n + k] = Σ over the coalitions T of k players without i of c(T ∪ i) − c(T).
    let mut by_size = vec![Acc::default(); n * n];
    for (mask, &c) in known.iter().enumerate() {
        let k = mask.count_ones() as usize;
        if k == n {
            continue;
        }
        for i in 0..n {
            let bit = 1usize << i;
            if mask & bit == 0 {
                by_size[i * n + k].add(known[mask | bit] - c);
            }
        }
    }
    let f = factorials(n);
    let denominator = &f[n] * pow10(scale);
    let values = (0..n)
        .map(|i| {
            let mut numerator = BigInt::zero();
            for k in 0..n {
                let total = by_size[i * n + k].total();
                if !total.is_zero() {
                    numerator += total * &f[k] * &f[n - 1 - k];
                }
            }
            mark_from_ratio(&numerator, &denominator)
        })
        .collect();
    Ok(Shapley {
        values,
        method: ShapleyMethod::ExactTable,
        standard_errors: None,
        target_reached: None,
    })
}
