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
    let pay = Payments::new(game, shares);
    let mut chosen: Vec<usize> = Vec::new();
    let mut members: Vec<usize> = Vec::new();
    for &k in &sizes {
        // Enumerate the smaller side: the members, or the members left out.
        let complement = n - k < k;
        chosen.clear();
        chosen.extend(0..if complement { n - k } else { k });
        loop {
            if check.checked + check.unknown >= limit {
                check.truncated = true;
                return check;
            }
            members.clear();
            if complement {
                members.extend((0..n).filter(|i| chosen.binary_search(i).is_err()));
            } else {
                members.extend_from_slice(&chosen);
            }
            match pay.cost(game, &chosen, &members, complement) {
                None => check.unknown += 1,
                Some(cost) => {
                    check.checked += 1;
                    if let Some(paid) = pay.above(&chosen, &members, complement, cost) {
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

/// The shares, to add up exactly what a coalition pays: in integer units of a common
/// scale when they fit, in exact fractions otherwise.
struct Payments {
    scale: u32,
    units: Option<(Vec<i128>, i128)>,
    marks: Vec<Mark>,
    /// The sum of every player's size (a band game's grand coalition).
    all_sizes: u128,
}

impl Payments {
    fn new(game: &Game, shares: &[Decimal]) -> Payments {
        let costs: Vec<Decimal> = match game {
            Game::Bands { tariff, .. } => tariff.prices.clone(),
            Game::Table { costs, .. } => costs.values().copied().collect(),
        };
        let scale = common_scale(shares.iter().chain(&costs).copied());
        let units: Option<Vec<i128>> = shares.iter().map(|s| units(*s, scale)).collect();
        Payments {
            scale,
            units: units.map(|u| {
                let total = u.iter().sum();
                (u, total)
            }),
            marks: shares.iter().map(|s| Mark::from_decimal(*s)).collect(),
            all_sizes: match game {
                Game::Bands { sizes, .. } => sizes.iter().map(|&s| u128::from(s)).sum(),
                Game::Table { .. } => 0,
            },
        }
    }

    /// The coalition's cost; `None` when the game does not know it.
    fn cost(
        &self,
        game: &Game,
        chosen: &[usize],
        members: &[usize],
        complement: bool,
    ) -> Option<Decimal> {
        match game {
            Game::Bands { sizes, tariff } => {
                let side: u128 = chosen.iter().map(|&i| u128::from(sizes[i])).sum();
                let measure = if complement {
                    self.all_sizes - side
                } else {
                    side
                };
                Some(tariff.cost_of_sum(measure))
            }
            Game::Table { n, .. } if *n <= 64 => {
                game.cost_of_mask(members.iter().fold(0u64, |m, &i| m | 1 << i))
            }
            Game::Table { .. } => None,
        }
    }

    /// What the coalition pays, when it is above `cost`.
    fn above(
        &self,
        chosen: &[usize],
        members: &[usize],
        complement: bool,
        cost: Decimal,
    ) -> Option<Decimal> {
        if let (Some((u, total)), Some(c)) = (&self.units, units(cost, self.scale)) {
            let side: i128 = chosen.iter().map(|&i| u[i]).sum();
            let paid = if complement { total - side } else { side };
            if paid <= c {
                return None;
            }
            if let Ok(d) = Decimal::try_from_i128_with_scale(paid, self.scale) {
                return Some(d);
            }
        }
        let paid = members
            .iter()
            .fold(Mark::zero(), |t, &i| t.add(&self.marks[i]));
        // Amounts of more than 28 digits: the decimal nearest the exact sum (the shares
        // add up to a lot's cost, below 10^26 €, so one always exists).
        (paid > Mark::from_decimal(cost))
            .then(|| paid.to_decimal())
            .flatten()
    }
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

/// The most (players × sums) cells [`core_search_bands`] may use: 2³¹ bits, 256 MiB.
pub const CORE_BANDS_MAX_CELLS: u128 = 1 << 31;

/// What the exact search of a band game found: the worst proper coalition, and the grand
/// coalition apart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BandCoreSearch {
    /// The proper coalition (at least one player, not all of them) whose members pay the
    /// most beyond its own cost, the first found among equals (its excess may be ≤ 0:
    /// then the split is in the core); `None` with fewer than two players.
    pub worst_proper: Option<CoreViolation>,
    /// All the players: what they pay together, and what the tariff prices them at. When
    /// the shares add up to an awarded price above that, the grand coalition pays more
    /// than its band's price: a fact about the quote, not about how it is shared, so it
    /// is kept apart from the proper coalitions.
    pub grand: CoreViolation,
}

/// Every coalition of a band game at once, exactly: the proper coalition T whose members
/// pay the most beyond its own cost (max over T of Σ_{i∈T} shares[i] − c(T)), and the
/// grand coalition apart.
///
/// A coalition's cost depends only on its sum, so no coalition needs listing. With L the
/// top band's lower limit and S the sum of every size:
/// - the coalitions of sum s ≤ L (s < S) cost their band's price: the most they can pay
///   at each exact sum comes from one 0/1 knapsack over the members of positive size
///   (O(n·L), in integers);
/// - a coalition of sum above L is in the open top band and costs what the grand
///   coalition costs: the most it can pay is every share less the least a left-out
///   group R (not empty, of sum below S − L) can carry. With no negative share that
///   least is one member's share; negative shares are left out together, by a knapsack
///   over them alone;
/// - members of size 0 cost nothing: every one with a positive share joins each
///   coalition above, and coalitions of them alone cost 0.
///
/// Memory: one bit per (member, sum) cell to rebuild the coalition, at most
/// [`CORE_BANDS_MAX_CELLS`] ([`GameError::TooLarge`] beyond). 500 members on limits up to
/// 70 000: 3.5·10⁷ cells.
pub fn core_search_bands(
    sizes: &[u64],
    tariff: &BandTariff,
    shares: &[Decimal],
) -> Result<BandCoreSearch, GameError> {
    let n = sizes.len();
    if shares.len() != n {
        return Err(GameError::ShareCount {
            shares: shares.len(),
            players: n,
        });
    }
    tariff.check()?;
    let scale = common_scale(shares.iter().chain(&tariff.prices).copied());
    let share = all_units(shares, scale)?;
    let price = all_units(&tariff.prices, scale)?;
    let units_to_decimal = |u: i128| {
        Decimal::try_from_i128_with_scale(u, scale).map_err(|_| GameError::AmountOutOfRange {
            amount: Decimal::MAX,
        })
    };
    let game = Units {
        sizes,
        share: &share,
        price: &price,
        tariff,
    };
    let total_size: u128 = sizes.iter().map(|&s| u128::from(s)).sum();
    let total_share = game.sum_of(0..n);
    let grand = CoreViolation {
        members: (0..n).collect(),
        paid: units_to_decimal(total_share)?,
        cost: tariff.cost_of_sum(total_size),
    };
    if n < 2 {
        return Ok(BandCoreSearch {
            worst_proper: None,
            grand,
        });
    }
    let best = game.worst_proper(total_size, total_share)?;
    let worst_proper = match best {
        Some((_, members)) => {
            let measure: u128 = members.iter().map(|&i| u128::from(sizes[i])).sum();
            Some(CoreViolation {
                paid: units_to_decimal(game.sum_of(members.iter().copied()))?,
                cost: tariff.cost_of_sum(measure),
                members,
            })
        }
        None => None,
    };
    Ok(BandCoreSearch {
        worst_proper,
        grand,
    })
}

/// Amounts in integer units of 10^-scale, or the first too large for them.
fn all_units(amounts: &[Decimal], scale: u32) -> Result<Vec<i128>, GameError> {
    amounts
        .iter()
        .map(|&d| units(d, scale).ok_or(GameError::AmountOutOfRange { amount: d }))
        .collect()
}

/// A band game with its shares and prices in integer units (10^-scale).
struct Units<'a> {
    sizes: &'a [u64],
    share: &'a [i128],
    price: &'a [i128],
    tariff: &'a BandTariff,
}

/// (excess, members ascending) of the worst coalition found so far.
type Best = Option<(i128, Vec<usize>)>;

/// Keeps the candidate when its excess is strictly larger: the first found among equals.
fn consider(best: &mut Best, excess: i128, members: impl FnOnce() -> Vec<usize>) {
    if best.as_ref().is_none_or(|(e, _)| excess > *e) {
        let mut m = members();
        m.sort_unstable();
        *best = Some((excess, m));
    }
}

impl Units<'_> {
    /// Σ of the shares of these members. Shares are below 2¹⁰⁰ units, so a sum over
    /// fewer than 2²⁷ members fits.
    fn sum_of(&self, members: impl IntoIterator<Item = usize>) -> i128 {
        members.into_iter().map(|i| self.share[i]).sum()
    }

    /// The price of a sum, in units (0 for the empty sum).
    fn cost_units(&self, sum: u128) -> i128 {
        self.tariff.band_of_sum(sum).map_or(0, |b| self.price[b])
    }

    /// The worst proper coalition: (excess in units, members).
    fn worst_proper(&self, total_size: u128, total_share: i128) -> Result<Best, GameError> {
        let n = self.sizes.len();
        let top = u128::from(self.tariff.limits.last().copied().unwrap_or(0));
        let zero: Vec<usize> = (0..n).filter(|&i| self.sizes[i] == 0).collect();
        let positive_zero: Vec<usize> = zero
            .iter()
            .copied()
            .filter(|&i| self.share[i] > 0)
            .collect();
        let mut best: Best = None;
        if let Some((paid, members)) = self.zero_groups(&zero) {
            consider(&mut best, paid, || members);
        }
        if total_size == 0 {
            return Ok(best);
        }
        // Sums 1 ..= min(L, S − 1): their own band's price.
        let reach = top.min(total_size - 1);
        let ridden = self.sum_of(positive_zero.iter().copied());
        let low: Vec<usize> = (0..n)
            .filter(|&i| self.sizes[i] > 0 && u128::from(self.sizes[i]) <= reach)
            .collect();
        // Sums above L, or S itself: the grand coalition's price, all but R.
        let cap = total_size.saturating_sub(top + 1);
        let left_out = self.least_left_out(cap)?;
        let cells =
            low.len() as u128 * (reach + 1) + left_out.as_ref().map_or(0, |(_, cells, _)| *cells);
        if cells > CORE_BANDS_MAX_CELLS {
            return Err(GameError::TooLarge {
                cells,
                max: CORE_BANDS_MAX_CELLS,
            });
        }
        let sizes: Vec<u64> = low.iter().map(|&i| self.sizes[i]).collect();
        let values: Vec<i128> = low.iter().map(|&i| self.share[i]).collect();
        let knap = Knapsack::most(&sizes, &values, reach as usize)?;
        // The first reached sum is 0, the empty group.
        for (s, paid) in knap.reached().into_iter().skip(1) {
            consider(
                &mut best,
                paid + ridden - self.cost_units(s as u128),
                || {
                    let mut m: Vec<usize> = knap.rebuild(&sizes, s).map(|k| low[k]).collect();
                    m.extend(&positive_zero);
                    m
                },
            );
        }
        if let Some((carried, _, out)) = left_out {
            let grand_cost = self.cost_units(total_size);
            consider(&mut best, total_share - carried - grand_cost, || {
                (0..n).filter(|i| !out.contains(i)).collect()
            });
        }
        Ok(best)
    }

    /// The proper coalitions of members of size 0 alone (cost 0): the most they pay.
    fn zero_groups(&self, zero: &[usize]) -> Option<(i128, Vec<usize>)> {
        let n = self.sizes.len();
        let mut members: Vec<usize> = zero
            .iter()
            .copied()
            .filter(|&i| self.share[i] > 0)
            .collect();
        if members.is_empty() {
            // The largest share, the first among equals.
            let top = zero
                .iter()
                .copied()
                .max_by_key(|&i| (self.share[i], Reverse(i)))?;
            members.push(top);
        }
        if members.len() == n {
            // Every member has size 0 and a positive share: all but the smallest share.
            let low = (0..n).min_by_key(|&i| (self.share[i], i))?;
            members.retain(|&i| i != low);
        }
        (!members.is_empty()).then(|| (self.sum_of(members.iter().copied()), members))
    }

    /// The least the shares of a non-empty group R of sum ≤ `cap` can add up to, the
    /// knapsack cells it took, and R; `None` when no member fits.
    fn least_left_out(&self, cap: u128) -> Result<Option<(i128, u128, Vec<usize>)>, GameError> {
        let fits: Vec<usize> = (0..self.sizes.len())
            .filter(|&i| u128::from(self.sizes[i]) <= cap)
            .collect();
        let negative: Vec<usize> = fits
            .iter()
            .copied()
            .filter(|&i| self.share[i] < 0)
            .collect();
        if negative.is_empty() {
            // One member, the smallest share (the first among equals): any larger R
            // carries at least as much.
            return Ok(fits
                .iter()
                .copied()
                .min_by_key(|&i| (self.share[i], i))
                .map(|i| (self.share[i], 0, vec![i])));
        }
        let weight: u128 = negative.iter().map(|&i| u128::from(self.sizes[i])).sum();
        if weight <= cap {
            return Ok(Some((self.sum_of(negative.iter().copied()), 0, negative)));
        }
        // Too heavy to leave them all out: the lightest-carrying set that fits.
        let cells = negative.len() as u128 * (cap + 1);
        if cells > CORE_BANDS_MAX_CELLS {
            return Err(GameError::TooLarge {
                cells,
                max: CORE_BANDS_MAX_CELLS,
            });
        }
        let sizes: Vec<u64> = negative.iter().map(|&i| self.sizes[i]).collect();
        let relief: Vec<i128> = negative.iter().map(|&i| -self.share[i]).collect();
        let knap = Knapsack::most(&sizes, &relief, cap as usize)?;
        // The empty group (sum 0) is always reached: there is a largest.
        let (s, most) = knap
            .reached()
            .into_iter()
            .max_by_key(|&(s, v)| (v, Reverse(s)))
            .unwrap_or((0, 0));
        let out: Vec<usize> = knap.rebuild(&sizes, s).map(|k| negative[k]).collect();
        Ok(Some((-most, cells, out)))
    }
}

/// A 0/1 knapsack by exact sum: the most the values of a group of exact sum s can add up
/// to, s = 0 ..= reach (the empty group at 0), with one bit per (item, sum) telling
/// whether taking the item improved that sum, to rebuild the group.
///
/// The table holds 64-bit integers when the values allow (|Σ| < 2⁶⁰, every realistic
/// split in cents), 128-bit otherwise: half the memory to walk. A sum no group reaches
/// starts at a floor far below any real total, so the inner loop needs no test for it;
/// what is built on the floor stays below half of it and is read as unreached.
struct Knapsack {
    value: Values,
    keep: Vec<u64>,
    width: usize,
}

enum Values {
    Narrow(Vec<i64>),
    Wide(Vec<i128>),
}

/// An integer the knapsack adds in.
trait Unit: Copy + Ord + std::ops::Add<Output = Self> {
    /// Where unreached sums start.
    const FLOOR: Self;
    /// The values' absolute sum must stay below this for the floor to stay apart.
    const ROOM: u128;
    const ZERO: Self;
    fn narrow(v: i128) -> Self;
    fn wide(self) -> i128;
    /// A reached sum (not built on the floor).
    fn reached(self) -> bool;
}

impl Unit for i64 {
    const FLOOR: Self = -(1 << 62);
    const ROOM: u128 = 1 << 60;
    const ZERO: Self = 0;
    fn narrow(v: i128) -> Self {
        v as i64
    }
    fn wide(self) -> i128 {
        i128::from(self)
    }
    fn reached(self) -> bool {
        self > Self::FLOOR / 2
    }
}

impl Unit for i128 {
    const FLOOR: Self = -(1 << 126);
    const ROOM: u128 = 1 << 124;
    const ZERO: Self = 0;
    fn narrow(v: i128) -> Self {
        v
    }
    fn wide(self) -> i128 {
        self
    }
    fn reached(self) -> bool {
        self > Self::FLOOR / 2
    }
}

impl Knapsack {
    /// Items larger than `reach` are never taken. Items are added in their order; the
    /// sums reachable so far bound each pass.
    fn most(sizes: &[u64], values: &[i128], reach: usize) -> Result<Knapsack, GameError> {
        let width = reach + 1;
        let mut keep = vec![0u64; (sizes.len() * width).div_ceil(64)];
        let room: u128 = values.iter().map(|v| v.unsigned_abs()).sum();
        let value = if room < i64::ROOM {
            Values::Narrow(fill::<i64>(sizes, values, reach, &mut keep))
        } else if room < i128::ROOM {
            Values::Wide(fill::<i128>(sizes, values, reach, &mut keep))
        } else {
            return Err(GameError::AmountOutOfRange {
                amount: Decimal::MAX,
            });
        };
        Ok(Knapsack { value, keep, width })
    }

    /// (sum, the most a group of that exact sum carries), for every sum some group
    /// reaches, ascending.
    fn reached(&self) -> Vec<(usize, i128)> {
        fn list<V: Unit>(v: &[V]) -> Vec<(usize, i128)> {
            v.iter()
                .enumerate()
                .filter(|(_, x)| x.reached())
                .map(|(s, x)| (s, x.wide()))
                .collect()
        }
        match &self.value {
            Values::Narrow(v) => list(v),
            Values::Wide(v) => list(v),
        }
    }

    /// The items (indices into the knapsack's own list) of the group behind sum s.
    fn rebuild<'a>(&'a self, sizes: &'a [u64], mut s: usize) -> impl Iterator<Item = usize> + 'a {
        let mut taken = Vec::new();
        for i in (0..sizes.len()).rev() {
            let bit = i * self.width + s;
            if self.keep[bit / 64] & (1 << (bit % 64)) != 0 {
                taken.push(i);
                s -= sizes[i] as usize;
            }
        }
        taken.into_iter().rev()
    }
}

fn fill<V: Unit>(sizes: &[u64], values: &[i128], reach: usize, keep: &mut [u64]) -> Vec<V> {
    let width = reach + 1;
    let mut value = vec![V::FLOOR; width];
    value[0] = V::ZERO;
    let mut reached = 0usize;
    for (i, (&a, &v)) in sizes.iter().zip(values).enumerate() {
        let Some(a) = usize::try_from(a).ok().filter(|&a| a <= reach) else {
            continue;
        };
        let v = V::narrow(v);
        let high = reached.saturating_add(a).min(reach);
        // Downwards, so that value[s − a] is still the value without item i.
        for s in (a..=high).rev() {
            let candidate = value[s - a] + v;
            if candidate > value[s] {
                value[s] = candidate;
                let bit = i * width + s;
                keep[bit / 64] |= 1 << (bit % 64);
            }
        }
        reached = high;
    }
    value
}
