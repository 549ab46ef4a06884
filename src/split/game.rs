//! Cost games: the price of every group of members, and the rules that share the price
//! of the whole group.
//!
//! A *game* gives the cost c(T) of every coalition T of n players (members); c(∅) = 0.
//! Two kinds: a band tariff on the sum of the members' sizes (population or registered
//! users: what a vendor's grid prices), and an explicit table of costs. The rules:
//!
//! - the **Shapley value** ([`shapley`]): each member pays its marginal cost averaged over
//!   every order in which the members could join. Exact for a band game by counting
//!   subsets ([`shapley_exact_bands`]), exact for a table by enumeration
//!   ([`shapley_exact_table`]), estimated from random orders with standard errors when the
//!   exact count would be too long ([`shapley_sampled`]);
//! - **SCRB**, separable costs remaining benefits ([`scrb`]), which needs only c(N),
//!   each c(N ∖ {i}) and each c({i});
//! - the **core** check: the coalitions whose members would pay less alone, among the
//!   small and the large ones ([`core_violations`]), or among all of them at once for a
//!   band game ([`core_search_bands`]).
//!
//! Amounts are exact: values are [`Mark`]s (fractions), and every sum is done in integers.
//! Sampling uses a fixed seed ([`SEED`] in [`shapley`]): the same inputs give the same
//! bytes.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::award::Mark;

mod bands;
mod core_check;
mod sampled;
mod scrb;
mod table;
mod units;

#[cfg(test)]
mod tests;

pub use bands::{ExactBandsPlan, plan_exact_bands, shapley_exact_bands};
pub use core_check::{
    BandCoreSearch, CORE_ALL_SIZES_UP_TO, CORE_BANDS_MAX_CELLS, CoreCheck, CoreViolation,
    core_search_bands, core_violations,
};
pub use sampled::shapley_sampled;
pub use scrb::scrb;
pub use table::{MAX_TABLE_PLAYERS, shapley_exact_table};

/// Standard errors are given to this many decimals, rounded up.
pub const SE_PLACES: u32 = 6;

/// Standard errors of estimates multiplied by `numerator ÷ denominator` (the estimates
/// brought to another total), still rounded up to [`SE_PLACES`] decimals.
pub fn scale_standard_errors(
    errors: &[Decimal],
    numerator: Decimal,
    denominator: Decimal,
) -> Result<Vec<Decimal>, GameError> {
    let factor =
        Mark::ratio(numerator, Decimal::ONE, denominator).ok_or(GameError::AmountOutOfRange {
            amount: denominator,
        })?;
    let places = Mark::from_i128(10i128.pow(SE_PLACES));
    errors
        .iter()
        .map(|e| {
            // ⌈x⌉ = −⌊−x⌋, in units of 10^-SE_PLACES.
            let down = Mark::zero().sub(&Mark::from_decimal(*e).mul(&factor).mul(&places));
            let up = down.floor().checked_neg();
            up.and_then(|u| Decimal::try_from_i128_with_scale(u, SE_PLACES).ok())
                .ok_or(GameError::AmountOutOfRange { amount: *e })
        })
        .collect()
}

/// The seed [`shapley`] samples with.
pub const SEED: u64 = 0x5348_4150_4C45_5931;

/// [`shapley`] counts exactly when the exact band algorithm's estimated work
/// ([`ExactBandsPlan::work`], an upper bound) stays below this: at most about half a
/// second on one laptop core (68 members on limits up to 320 000, 132 up to 42 000, 200
/// up to 8 500). 49 members on bands up to 200 000 need 4.8·10⁸ (0.15 s).
pub const EXACT_WORK_BUDGET: u128 = 1_500_000_000;

/// … and its memory below this (bytes).
pub const EXACT_MEMORY_BUDGET: u128 = 256 << 20;

/// [`shapley`] stops sampling after this many permutations (each used in its n
/// rotations), even when a standard error is still above the target.
pub const MAX_PERMUTATIONS: u64 = 200_000;

/// A band tariff priced by a bidder: the yearly price of a perimeter is the price of the
/// band its measure (population or registered users, summed over its members) falls in;
/// 0 for an empty perimeter.
///
/// `limits` are the bands' lower bounds, the first 0: band i holds the measures m with
/// limits[i] < m ≤ limits[i + 1], the last band has no upper bound (as
/// [`crate::tender::Bands`]). `prices[i]` is band i's price.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BandTariff {
    pub limits: Vec<u64>,
    pub prices: Vec<Decimal>,
}

impl BandTariff {
    /// A tariff, checked (see [`BandTariff::check`]).
    pub fn new(limits: Vec<u64>, prices: Vec<Decimal>) -> Result<Self, GameError> {
        let t = BandTariff { limits, prices };
        t.check()?;
        Ok(t)
    }

    /// One price per band, at least one band, limits starting at 0 and increasing, no
    /// negative price. (A band may be cheaper than the one below.)
    pub fn check(&self) -> Result<(), GameError> {
        let invalid = |problem: TariffProblem| Err(GameError::InvalidTariff { problem });
        if self.limits.is_empty() {
            return invalid(TariffProblem::NoBand);
        }
        if self.limits.len() != self.prices.len() {
            return invalid(TariffProblem::Count {
                limits: self.limits.len(),
                prices: self.prices.len(),
            });
        }
        if self.limits[0] != 0 {
            return invalid(TariffProblem::FirstLimit {
                first: self.limits[0],
            });
        }
        if let Some(w) = self.limits.windows(2).find(|w| w[0] >= w[1]) {
            return invalid(TariffProblem::NotIncreasing {
                lower: w[0],
                upper: w[1],
            });
        }
        if let Some(p) = self
            .prices
            .iter()
            .find(|p| p.is_sign_negative() && !p.is_zero())
        {
            return invalid(TariffProblem::NegativePrice { price: *p });
        }
        Ok(())
    }

    /// The band (0-based) of a measure; `None` for an empty perimeter (0).
    pub fn band_of(&self, measure: u64) -> Option<usize> {
        self.band_of_sum(u128::from(measure))
    }

    /// The yearly price of a perimeter of this measure; 0 for an empty one. (A tariff
    /// with fewer prices than bands, which [`BandTariff::check`] refuses, reads its last
    /// price for the bands beyond.)
    pub fn cost(&self, measure: u64) -> Decimal {
        self.cost_of_sum(u128::from(measure))
    }

    /// The band of a sum of measures, however large (beyond the top limit: the top
    /// band); `None` for 0.
    pub fn band_of_sum(&self, sum: u128) -> Option<usize> {
        if sum == 0 {
            return None;
        }
        Some(
            self.limits
                .iter()
                .rposition(|l| u128::from(*l) < sum)
                .unwrap_or(0),
        )
    }

    /// The price of a sum of measures, however large; 0 for an empty perimeter.
    pub fn cost_of_sum(&self, sum: u128) -> Decimal {
        match self.band_of_sum(sum) {
            None => Decimal::ZERO,
            Some(b) => self
                .prices
                .get(b)
                .or(self.prices.last())
                .copied()
                .unwrap_or(Decimal::ZERO),
        }
    }
}

/// The cost of every coalition of n players.
#[derive(Clone, Copy, Debug)]
pub enum Game<'a> {
    /// A band tariff on the sum of the players' sizes (the cost depends only on the sum).
    Bands {
        sizes: &'a [u64],
        tariff: &'a BandTariff,
    },
    /// An explicit table: the costs of some coalitions, keyed by mask (bit i = player
    /// i; n ≤ [`MAX_TABLE_PLAYERS`] for the computations). The empty coalition costs 0.
    Table {
        n: usize,
        costs: &'a BTreeMap<u64, Decimal>,
    },
}

impl Game<'_> {
    /// The number of players.
    pub fn n(&self) -> usize {
        match self {
            Game::Bands { sizes, .. } => sizes.len(),
            Game::Table { n, .. } => *n,
        }
    }

    /// The cost of the coalition of these players (numbered from 0; a player named twice
    /// counts once); `None` when the game does not know it (a table without it, or a
    /// player beyond n).
    pub fn cost(&self, members: &[usize]) -> Option<Decimal> {
        let n = self.n();
        if members.iter().any(|&i| i >= n) {
            return None;
        }
        match self {
            Game::Bands { sizes, tariff } => {
                let mut distinct = members.to_vec();
                distinct.sort_unstable();
                distinct.dedup();
                let sum: u128 = distinct.iter().map(|&i| u128::from(sizes[i])).sum();
                Some(tariff.cost_of_sum(sum))
            }
            Game::Table { .. } => {
                if n > 64 {
                    return None;
                }
                self.cost_of_mask(members.iter().fold(0, |m, &i| m | 1 << i))
            }
        }
    }

    /// The cost of the coalition whose players are the bits of `mask` (n ≤ 64).
    pub fn cost_of_mask(&self, mask: u64) -> Option<Decimal> {
        let n = self.n();
        if n < 64 && mask >> n != 0 {
            return None;
        }
        if mask == 0 {
            return Some(Decimal::ZERO);
        }
        match self {
            Game::Bands { sizes, tariff } => {
                let sum: u128 = (0..n.min(64))
                    .filter(|i| mask & (1 << i) != 0)
                    .map(|i| u128::from(sizes[i]))
                    .sum();
                Some(tariff.cost_of_sum(sum))
            }
            Game::Table { costs, .. } => costs.get(&mask).copied(),
        }
    }

    /// The cost of all the players together.
    pub fn grand_cost(&self) -> Option<Decimal> {
        match self {
            Game::Bands { sizes, tariff } => {
                let sum: u128 = sizes.iter().map(|&s| u128::from(s)).sum();
                Some(tariff.cost_of_sum(sum))
            }
            Game::Table { n, .. } => {
                if *n >= 64 {
                    None
                } else {
                    self.cost_of_mask((1u64 << n) - 1)
                }
            }
        }
    }
}

/// How a Shapley value was obtained.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShapleyMethod {
    /// Exact, by counting the subsets of a band game.
    ExactBands,
    /// Exact, by enumerating a table game's coalitions.
    ExactTable,
    /// Estimated from this many random permutations, each used in its n rotations.
    Sampled { permutations: u64 },
}

/// A Shapley value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shapley {
    /// One value per player, summing exactly to the grand coalition's cost (for
    /// `Sampled` too: in each sampled order the marginal costs add up to the total, so
    /// their means do).
    pub values: Vec<Mark>,
    pub method: ShapleyMethod,
    /// Sampled only: the standard error of each value's estimate (euros, rounded up to
    /// 6 decimals).
    pub standard_errors: Option<Vec<Decimal>>,
    /// Sampled by [`shapley`] only: whether every standard error fell below the target
    /// (`false`: [`MAX_PERMUTATIONS`] was reached first).
    pub target_reached: Option<bool>,
}

impl Shapley {
    /// The largest standard error, when sampled.
    pub fn max_standard_error(&self) -> Option<Decimal> {
        self.standard_errors
            .as_ref()
            .map(|se| se.iter().copied().max().unwrap_or(Decimal::ZERO))
    }

    /// The sum of the values (the grand coalition's cost).
    pub fn total(&self) -> Mark {
        self.values.iter().fold(Mark::zero(), |t, v| t.add(v))
    }
}

/// What is wrong with a band tariff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TariffProblem {
    NoBand,
    /// Not one price per band.
    Count {
        limits: usize,
        prices: usize,
    },
    /// The first band does not start at 0.
    FirstLimit {
        first: u64,
    },
    /// Two limits in a row that do not increase.
    NotIncreasing {
        lower: u64,
        upper: u64,
    },
    NegativePrice {
        price: Decimal,
    },
}

/// Why a cost-sharing computation cannot be done.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GameError {
    /// A coalition's cost is needed but not known.
    #[error(
        "the cost of the coalition of players {members:?} (numbered from 0) is needed but not given"
    )]
    MissingCoalition { members: Vec<usize> },
    #[error("{n} players: at most {max} for this computation")]
    TooManyPlayers { n: usize, max: usize },
    /// A table gives a cost for a coalition naming a player beyond n.
    #[error(
        "a cost is given for the coalition {mask:#b}, which names a player beyond the {n} players"
    )]
    CoalitionOutOfRange { mask: u64, n: usize },
    #[error("invalid band tariff: {problem:?}")]
    InvalidTariff { problem: TariffProblem },
    /// A core check was given a number of shares other than the number of players.
    #[error("{shares} shares for {players} players")]
    ShareCount { shares: usize, players: usize },
    /// An exact computation would need more memory than it is allowed.
    #[error("the computation would need {cells} cells, more than {max}")]
    TooLarge { cells: u128, max: u128 },
    /// An amount too large for its number of decimals to be computed on exactly (more
    /// than about 30 significant digits in all).
    #[error(
        "the amount {amount} is too large, with the decimals of the others, to compute on exactly"
    )]
    AmountOutOfRange { amount: Decimal },
}

/// The Shapley value, choosing the method.
///
/// - A table game: exact when it has at most [`MAX_TABLE_PLAYERS`] players and every
///   coalition's cost ([`GameError::MissingCoalition`] names a missing one).
/// - A band game: exact ([`shapley_exact_bands`]) when its plan ([`plan_exact_bands`])
///   stays within [`EXACT_WORK_BUDGET`] and [`EXACT_MEMORY_BUDGET`]; otherwise sampled
///   with the seed [`SEED`], in batches, until every standard error is below
///   `target_se` (euros) or [`MAX_PERMUTATIONS`] permutations are drawn
///   (`target_reached` says which).
pub fn shapley(game: &Game, target_se: Decimal) -> Result<Shapley, GameError> {
    match game {
        Game::Table { n, costs } => shapley_exact_table(*n, costs),
        Game::Bands { sizes, tariff } => {
            tariff.check()?;
            let plan = plan_exact_bands(sizes, tariff);
            if plan.work <= EXACT_WORK_BUDGET && plan.memory <= EXACT_MEMORY_BUDGET {
                Ok(shapley_exact_bands(sizes, tariff))
            } else {
                sampled::sample_until(game, target_se, SEED, MAX_PERMUTATIONS)
            }
        }
    }
}
