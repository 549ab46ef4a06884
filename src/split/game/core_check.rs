//! The core: no group of members pays more together than it would alone.

use std::cmp::Reverse;

use rust_decimal::Decimal;

use super::units::{common_scale, units};
use super::{BandTariff, Game, GameError};
use crate::award::Mark;

/// Up to this many players every coalition is checked, whatever `max_size` says
/// (2¹⁶ − 2 coalitions).
pub const CORE_ALL_SIZES_UP_TO: usize = 16;

/// A coalition whose members pay together more than it would cost them alone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoreViolation {
    /// Players, ascending, numbered from 0.
    pub members: Vec<usize>,
    /// What they pay together under the split.
    pub paid: Decimal,
    /// What the coalition would cost alone.
    pub cost: Decimal,
}

impl CoreViolation {
    /// How much more than their own cost the members pay.
    pub fn excess(&self) -> Decimal {
        self.paid - self.cost
    }
}

/// What a core check found and what it examined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoreCheck {
    /// The violations, in the order the coalitions were examined.
    pub violations: Vec<CoreViolation>,
    /// The coalition sizes examined, ascending: all the coalitions of each size (unless
    /// `truncated`).
    pub sizes: Vec<usize>,
    /// Coalitions compared.
    pub checked: u64,
    /// Coalitions skipped because the game does not know their cost (a table game).
    pub unknown: u64,
    /// The examination stopped at the limit before the last of those sizes.
    pub truncated: bool,
    /// Players in the game.
    pub players: usize,
}

impl CoreCheck {
    /// Whether every proper coalition was examined and compared.
    pub fn complete(&self) -> bool {
        !self.truncated && self.unknown == 0 && self.sizes.len() == self.players.saturating_sub(1)
    }

    /// The violation with the largest excess (the first one among equals).
    pub fn worst(&self) -> Option<&CoreViolation> {
        self.violations
            .iter()
            .reduce(|w, v| if v.excess() > w.excess() { v } else { w })
    }
}

/// The coalitions T whose members pay together more than T would alone:
/// Σ_{i∈T} shares[i] > c(T), compared exactly.
///
/// Examines every coalition of 1 to `max_size` members and every coalition of all but 1
/// to `max_size` members (the second kind catches a member paying less than what the
/// group saves by having it, c(N) − c(N ∖ {i})); with at most
/// [`CORE_ALL_SIZES_UP_TO`] players, every proper coalition. Sizes ascending, and within a
/// size in lexicographic order (of the members, or of the members left out for the
/// large ones); stops after `limit` coalitions and says so. The grand coalition itself
/// is not compared.
///
/// # Panics
///
/// When `shares` does not have one share per player.
pub fn core_violations(game: &Game, shares: &[Decimal], max_size: usize, limit: u64) -> CoreCheck {
    let n = game.n();
    assert_eq!(shares.len(), n, "core_violations: one share per player");
    let sizes: Vec<usize> = if n <= CORE_ALL_SIZES_UP_TO {
        (1..n).collect()
    } else {
        (1..n)
            .filter(|&k| k <= max_size || n - k <= max_size)
            .collect()
    };
    let mut check = CoreCheck {
        violations: Vec::new(),
        sizes: sizes.clone(),
        checked: 0,
        unknown: 0,
        truncated: false,
        players: n,
    };
    let costs: Vec<Decimal> = match game {
        Game::Bands { tariff, .. } => tariff.prices.clone(),
        Game::Table { costs, .. } => costs.values().copied().collect(),
    };
    let scale = common_scale(shares.iter().chain(&costs).copied());
    let share_units: Option<Vec<i128>> = shares.iter().map(|s| units(*s, scale)).collect();
    let share_marks: Vec<Mark> = shares.iter().map(|s| Mark::from_decimal(*s)).collect();
    let total_units: Option<i128> = share_units.as_ref().map(|u| u.iter().sum());
    let all_sizes: u128 = match game {
        Game::Bands { sizes, .. } => sizes.iter().map(|&s| u128::from(s)).sum(),
        Game::Table { .. } => 0,
    };

    let mut chosen: Vec<usize> = Vec::new();
    let mut members: Vec<usize> = Vec::new();
    for &k in &sizes {
        // Enumerate the smaller side: the members, or the members left out.
        let complement = n - k < k;
        let m = if complement { n - k } else { k };
        chosen.clear();
        chosen.extend(0..m);
        loop {
            if check.checked + check.unknown >= limit {
                check.truncated = true;
                return check;
            }
            members.clear();
            if complement {
                let mut next = chosen.iter().peekable();
                for i in 0..n {
                    if next.peek() == Some(&&i) {
                        next.next();
                    } else {
                        members.push(i);
                    }
                }
            } else {
                members.extend_from_slice(&chosen);
            }
            let cost = match game {
                Game::Bands { sizes, tariff } => {
                    let side: u128 = chosen.iter().map(|&i| u128::from(sizes[i])).sum();
                    let measure = if complement { all_sizes - side } else { side };
                    Some(tariff.cost(u64::try_from(measure).unwrap_or(u64::MAX)))
                }
                Game::Table { .. } => {
                    if n <= 64 {
                        game.cost_of_mask(members.iter().fold(0u64, |m, &i| m | 1 << i))
                    } else {
                        None
                    }
                }
            };
            match cost {
                None => check.unknown += 1,
                Some(cost) => {
                    check.checked += 1;
                    let exact = share_units
                        .as_ref()
                        .zip(total_units)
                        .zip(units(cost, scale))
                        .map(|((u, total), c)| {
                            let side: i128 = chosen.iter().map(|&i| u[i]).sum();
                            let paid = if complement { total - side } else { side };
                            (paid > c, paid)
                        });
                    let (exceeds, paid) = match exact {
                        Some((exceeds, paid)) => {
                            (exceeds, Decimal::try_from_i128_with_scale(paid, scale).ok())
                        }
                        None => {
                            let paid = members
                                .iter()
                                .fold(Mark::zero(), |t, &i| t.add(&share_marks[i]));
                            (paid > Mark::from_decimal(cost), paid.to_decimal())
                        }
                    };
                    if exceeds {
                        // A sum of shares of a cost that is a decimal is within a
                        // decimal's range: the fallback only guards the arithmetic.
                        let paid = paid.unwrap_or(Decimal::MAX);
                        check.violations.push(CoreViolation {
                            members: members.clone(),
                            paid,
                            cost,
                        });
                    }
                }
            }
            if !next_combination(&mut chosen, n) {
                break;
            }
        }
    }
    check
}

/// The next m-subset of 0..n in lexicographic order; false after the last.
fn next_combination(c: &mut [usize], n: usize) -> bool {
    let m = c.len();
    let mut i = m;
    while i > 0 {
        i -= 1;
        if c[i] < n - m + i {
            c[i] += 1;
            for j in i + 1..m {
                c[j] = c[j - 1] + 1;
            }
            return true;
        }
    }
    false
}

/// The most (players × sums) cells [`core_worst_bands`] may use: 2³¹ bits, 256 MiB.
pub const CORE_BANDS_MAX_CELLS: u128 = 1 << 31;

/// Every coalition of a band game at once: the non-empty coalition T whose members pay
/// the most beyond its own cost, max over T of Σ_{i∈T} shares[i] − c(T), exactly. The
/// split is in the core when that excess is ≤ 0 (the grand coalition is among the T: when
/// the shares sum to c(N) its excess is 0, so the answer is never below 0); a positive
/// excess is the worst violation.
///
/// Two knapsacks over the sums, not an enumeration of the 2ⁿ coalitions: with L the top
/// band limit, the coalitions of sum s ≤ L are priced by their band, and the most they
/// can pay at each exact sum comes from a 0/1 knapsack (O(n·L)); those above L all pay the
/// top price, and the most they can pay is all the shares less the least a left-out group
/// R of sum below S_N − L can carry (O(n·(S_N − L))). Time O(n·max(L, S_N − L)), memory
/// one bit per cell to rebuild the coalition. 49 members and 450 000 inhabitants on
/// limits up to 200 000: about 2·10⁷ cells.
///
/// # Panics
///
/// When `shares` does not have one share per player.
pub fn core_worst_bands(
    sizes: &[u64],
    tariff: &BandTariff,
    shares: &[Decimal],
) -> Result<CoreViolation, GameError> {
    let n = sizes.len();
    assert_eq!(shares.len(), n, "core_worst_bands: one share per player");
    tariff.check()?;
    let scale = common_scale(shares.iter().chain(&tariff.prices).copied());
    let to_units = |d: Decimal| units(d, scale).ok_or(GameError::AmountOutOfRange { amount: d });
    let share: Vec<i128> = shares
        .iter()
        .map(|&s| to_units(s))
        .collect::<Result<_, _>>()?;
    let price: Vec<i128> = tariff
        .prices
        .iter()
        .map(|&p| to_units(p))
        .collect::<Result<_, _>>()?;
    let top = u128::from(*tariff.limits.last().expect("a checked tariff has a band"));
    let total: u128 = sizes.iter().map(|&s| u128::from(s)).sum();
    let reach = top.min(total);
    let left_out = total.checked_sub(top + 1);
    let cells = n as u128 * (reach + 1 + left_out.map_or(0, |c| c + 1));
    if cells > CORE_BANDS_MAX_CELLS {
        return Err(GameError::TooLarge {
            cells,
            max: CORE_BANDS_MAX_CELLS,
        });
    }
    let total_share: i128 = share.iter().sum();
    let cost_units = |measure: u128| -> i128 {
        tariff
            .band_of(u64::try_from(measure).unwrap_or(u64::MAX))
            .map_or(0, |b| price[b])
    };

    // (excess, members) of the best coalition so far; the first found among equals.
    let mut best: Option<(i128, Vec<usize>)> = None;
    let mut consider = |excess: i128, members: &dyn Fn() -> Vec<usize>| {
        if best.as_ref().is_none_or(|(e, _)| excess > *e) {
            best = Some((excess, members()));
        }
    };

    // Coalitions of sum 0: members of size 0, who cost nothing.
    let zero: Vec<usize> = (0..n).filter(|&i| sizes[i] == 0).collect();
    if !zero.is_empty() {
        let positive: Vec<usize> = zero.iter().copied().filter(|&i| share[i] > 0).collect();
        let members = if positive.is_empty() {
            let top = zero.iter().copied().max_by_key(|&i| (share[i], Reverse(i)));
            vec![top.expect("some member of size 0")]
        } else {
            positive
        };
        let paid = members.iter().map(|&i| share[i]).sum();
        consider(paid, &|| members.clone());
    }

    // Sums 1 ..= reach: the most paid at each exact sum.
    let (most, keep) = knapsack(sizes, &share, reach as usize, Direction::Most);
    for (s, paid) in most.iter().enumerate().skip(1) {
        if let Some(paid) = paid {
            consider(paid - cost_units(s as u128), &|| {
                rebuild(sizes, &keep, reach as usize, s)
            });
        }
    }

    // Sums beyond the top limit: all but a group R of sum ≤ S_N − L − 1, at the top price.
    if let Some(cap) = left_out {
        let cap = cap as usize;
        let (least, keep) = knapsack(sizes, &share, cap, Direction::Least);
        let top_price = *price.last().expect("a checked tariff has a price");
        for (s, carried) in least.iter().enumerate() {
            if let Some(carried) = carried {
                consider(total_share - carried - top_price, &|| {
                    let out = rebuild(sizes, &keep, cap, s);
                    (0..n).filter(|i| !out.contains(i)).collect()
                });
            }
        }
    }

    let (_, members) = best.expect("at least one non-empty coalition");
    let measure: u128 = members.iter().map(|&i| u128::from(sizes[i])).sum();
    let paid: i128 = members.iter().map(|&i| share[i]).sum();
    Ok(CoreViolation {
        paid: Decimal::try_from_i128_with_scale(paid, scale)
            .expect("a sum of shares below 2^100 units"),
        cost: tariff.cost(u64::try_from(measure).unwrap_or(u64::MAX)),
        members,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Most,
    Least,
}

/// The most (or least) the shares of a group of exact sum s can add up to, s = 0 ..=
/// reach (`None`: no group has that sum; s = 0 counts the empty group), and for each
/// player and sum whether taking the player improved it (bit i·(reach + 1) + s).
fn knapsack(
    sizes: &[u64],
    share: &[i128],
    reach: usize,
    direction: Direction,
) -> (Vec<Option<i128>>, Vec<u64>) {
    let width = reach + 1;
    let mut value: Vec<Option<i128>> = vec![None; width];
    value[0] = Some(0);
    let mut keep = vec![0u64; (sizes.len() * width).div_ceil(64)];
    for (i, (&a, &v)) in sizes.iter().zip(share).enumerate() {
        let Ok(a) = usize::try_from(a) else {
            continue;
        };
        if a > reach {
            continue;
        }
        for s in (a..width).rev() {
            let Some(from) = value[s - a] else {
                continue;
            };
            let candidate = from + v;
            let better = match value[s] {
                None => true,
                Some(current) => match direction {
                    Direction::Most => candidate > current,
                    Direction::Least => candidate < current,
                },
            };
            if better {
                value[s] = Some(candidate);
                let bit = i * width + s;
                keep[bit / 64] |= 1 << (bit % 64);
            }
        }
    }
    (value, keep)
}

/// The group behind the knapsack's value at sum s, ascending.
fn rebuild(sizes: &[u64], keep: &[u64], reach: usize, mut s: usize) -> Vec<usize> {
    let width = reach + 1;
    let mut members = Vec::new();
    for i in (0..sizes.len()).rev() {
        let bit = i * width + s;
        if keep[bit / 64] & (1 << (bit % 64)) != 0 {
            members.push(i);
            s -= sizes[i] as usize;
        }
    }
    members.reverse();
    members
}
