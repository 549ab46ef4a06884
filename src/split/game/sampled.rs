//! The Shapley value estimated from random orders of the players.
//!
//! Each random permutation π is used in all n of its rotations (π_r, π_{r+1}, …,
//! π_{r−1}). Every rotation is itself a uniformly random order, so the mean marginal
//! cost over the n rotations is an unbiased estimate of each value; and in each rotation
//! the marginal costs add up to c(N), so the estimates sum exactly to c(N). Across the
//! rotations a player holds every position once, preceded by the k players just before
//! it in π's cycle: its position is averaged out exactly, and only the order of the
//! others is sampled. For a band game this costs O(n·B) a permutation (B bands), plus a
//! short search per crossing: the sums of the k predecessors grow with k, so the
//! positions at which a player crosses a band limit are found by moving one cursor per
//! limit along the cycle. For a table game the n rotations are walked, O(n²) a
//! permutation.
//!
//! Players the game cannot tell apart (for a band game: the same size, or any size above
//! the top band's lower limit) have the same Shapley value, so their estimates are
//! pooled: in each permutation the class's marginal costs are summed, and every member
//! of the class gets the class's mean. Equal members are charged equally, the estimates
//! still add up to c(N), and the pooled estimate is no less unbiased.
//!
//! The standard error of a value is that of the mean of its per-permutation estimates
//! (their sample variance ÷ the number of permutations, square-rooted), for a class the
//! pooled estimate's (the spread of the class's mean from one permutation to the next,
//! so the correlation between members of a class is counted). Every permutation's random
//! stream is derived from the seed and its index alone, so the result does not depend
//! on how the work is split between threads.

use std::collections::BTreeMap;
use std::ops::Range;

use num_bigint::{BigInt, BigUint};
use num_traits::{ToPrimitive, Zero};
use rayon::prelude::*;
use rust_decimal::Decimal;

use super::bands::steps;
use super::table::{TableUnits, members_of, table_units};
use super::units::{Acc, mark_from_ratio, pow10, small};
use super::{Game, GameError, SE_PLACES, Shapley, ShapleyMethod};
use crate::award::Mark;

/// Permutations drawn before the first look at the standard errors.
const FIRST_BATCH: u64 = 256;

/// Permutations handed to one task.
const CHUNK: u64 = 32;

/// A small, fast, well-mixed generator (Steele, Lea & Flood, "Fast splittable
/// pseudorandom number generators", OOPSLA 2014).
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }

    /// Uniform in 0..bound (bound > 0), without bias (Lemire's method).
    fn below(&mut self, bound: u64) -> u64 {
        let mut m = u128::from(self.next()) * u128::from(bound);
        if (m as u64) < bound {
            let floor = bound.wrapping_neg() % bound;
            while (m as u64) < floor {
                m = u128::from(self.next()) * u128::from(bound);
            }
        }
        (m >> 64) as u64
    }
}

fn mix(z: u64) -> u64 {
    let z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    let z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The permutation of index `p` for a seed: the same for the same (seed, p), whatever
/// else is drawn.
fn permutation(seed: u64, p: u64, perm: &mut [usize]) {
    let mut rng = SplitMix64(mix(seed ^ mix(p.wrapping_add(0x5EED))));
    for (i, slot) in perm.iter_mut().enumerate() {
        *slot = i;
    }
    for i in (1..perm.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        perm.swap(i, j);
    }
}

/// The first index m in from ..= end with prefix[m] ≥ v, knowing prefix[end] ≥ v and
/// prefix non-decreasing: gallop forward from `from`, then bisect.
fn first_reaching<P: Copy + Ord>(prefix: &[P], from: usize, end: usize, v: P) -> usize {
    if prefix[from] >= v {
        return from;
    }
    // prefix[low] < v throughout.
    let mut low = from;
    let mut step = 1;
    loop {
        let high = (low + step).min(end);
        if prefix[high] >= v {
            return low + 1 + prefix[low + 1..=high].partition_point(|&q| q < v);
        }
        low = high;
        step *= 2;
    }
}

/// A band game's steps, with the limits in 64-bit integers when twice the sum of every
/// size fits (always, for populations): the walk's prefix sums then take half the room.
enum Points {
    Narrow(Vec<(u64, i128)>),
    Wide(Vec<(u128, i128)>),
}

/// The sums a band walk adds sizes in.
trait Measure:
    Copy + Ord + Send + Sync + std::ops::Add<Output = Self> + std::ops::Sub<Output = Self>
{
    const ZERO: Self;
    fn of(size: u64) -> Self;
    fn checked_sub(self, other: Self) -> Option<Self>;
}

impl Measure for u64 {
    const ZERO: Self = 0;
    fn of(size: u64) -> Self {
        size
    }
    fn checked_sub(self, other: Self) -> Option<Self> {
        u64::checked_sub(self, other)
    }
}

impl Measure for u128 {
    const ZERO: Self = 0;
    fn of(size: u64) -> Self {
        u128::from(size)
    }
    fn checked_sub(self, other: Self) -> Option<Self> {
        u128::checked_sub(self, other)
    }
}

/// A task's working space for the walk of one permutation.
struct Buffers {
    perm: Vec<usize>,
    y: Vec<i128>,
    pooled: Vec<i128>,
    narrow: Vec<u64>,
    wide: Vec<u128>,
    cursors: Vec<usize>,
}

/// The game in the integer form the sampler walks.
enum Walk {
    Bands {
        sizes: Vec<u64>,
        /// (t, d_t) in units: c(m) = Σ d_t·[m > t].
        points: Points,
    },
    Table {
        costs: Vec<Option<i128>>,
    },
}

pub(super) struct Sampler {
    n: usize,
    scale: u32,
    walk: Walk,
    /// Each player's class of alike players (see [`alike_classes`]), and each class's
    /// number of players.
    class: Vec<usize>,
    class_size: Vec<u64>,
}

/// Players the game cannot tell apart, in classes numbered by their first player: for a
/// band game, players of the same size, and every player above the top band's lower
/// limit (any group holding one is in the open top band: swapping two of them changes no
/// group's cost). Alike players have the same Shapley value; their estimates are pooled,
/// so that they get the same one. A table game's players are each their own class.
fn alike_classes(game: &Game) -> (Vec<usize>, Vec<u64>) {
    let keys: Vec<Option<u64>> = match game {
        Game::Bands { sizes, tariff } => {
            let top = tariff.limits.last().copied().unwrap_or(0);
            sizes.iter().map(|&s| (s <= top).then_some(s)).collect()
        }
        Game::Table { n, .. } => (0..*n as u64).map(Some).collect(),
    };
    let mut ids: BTreeMap<Option<u64>, usize> = BTreeMap::new();
    let mut class = Vec::with_capacity(keys.len());
    let mut class_size: Vec<u64> = Vec::new();
    for key in keys {
        let next = ids.len();
        let id = *ids.entry(key).or_insert(next);
        if id == class_size.len() {
            class_size.push(0);
        }
        class_size[id] += 1;
        class.push(id);
    }
    (class, class_size)
}

/// Sums over the permutations drawn so far, class by class: of the class's estimates
/// (each × n, in units, summed over its players) and of that sum's square.
#[derive(Clone, Debug)]
pub(super) struct Tally {
    permutations: u64,
    sum: Vec<Acc>,
    squares: Vec<Acc>,
}

impl Tally {
    fn new(classes: usize) -> Self {
        Tally {
            permutations: 0,
            sum: vec![Acc::default(); classes],
            squares: vec![Acc::default(); classes],
        }
    }

    fn push(&mut self, y: &[i128]) {
        self.permutations += 1;
        for ((s, q), &v) in self.sum.iter_mut().zip(&mut self.squares).zip(y) {
            s.add(v);
            q.add_square(v);
        }
    }

    fn merge(&mut self, other: &Tally) {
        self.permutations += other.permutations;
        for (a, b) in self.sum.iter_mut().zip(&other.sum) {
            a.merge(b);
        }
        for (a, b) in self.squares.iter_mut().zip(&other.squares) {
            a.merge(b);
        }
    }
}

impl Sampler {
    pub(super) fn new(game: &Game) -> Result<Self, GameError> {
        let (class, class_size) = alike_classes(game);
        let (n, scale, walk) = Self::walk(game)?;
        Ok(Sampler {
            n,
            scale,
            walk,
            class,
            class_size,
        })
    }

    /// The game in integer form: (players, scale, walk).
    fn walk(game: &Game) -> Result<(usize, u32, Walk), GameError> {
        match *game {
            Game::Bands { sizes, tariff } => {
                tariff.check()?;
                let s = steps(tariff);
                let points: Vec<(u128, i128)> = s
                    .points
                    .iter()
                    .map(|(t, d)| {
                        small(d).map(|d| (u128::from(*t), d)).ok_or_else(|| {
                            GameError::AmountOutOfRange {
                                amount: *tariff.prices.iter().max().unwrap_or(&Decimal::ZERO),
                            }
                        })
                    })
                    .collect::<Result<_, _>>()?;
                // A player's estimate is at most n × Σ|d_t| in magnitude: with that below
                // 2¹²⁶ the walk adds and multiplies without a check.
                let steps_sum: u128 = points.iter().map(|(_, d)| d.unsigned_abs()).sum();
                if (sizes.len() as u128).saturating_mul(steps_sum) >= 1 << 126 {
                    return Err(GameError::AmountOutOfRange {
                        amount: *tariff.prices.iter().max().unwrap_or(&Decimal::ZERO),
                    });
                }
                let total: u128 = sizes.iter().map(|&s| u128::from(s)).sum();
                let narrow: Option<Vec<(u64, i128)>> = (total <= u128::from(u64::MAX / 2))
                    .then(|| {
                        points
                            .iter()
                            .map(|&(t, d)| u64::try_from(t).ok().map(|t| (t, d)))
                            .collect()
                    })
                    .flatten();
                let walk = Walk::Bands {
                    sizes: sizes.to_vec(),
                    points: match narrow {
                        Some(p) => Points::Narrow(p),
                        None => Points::Wide(points),
                    },
                };
                Ok((sizes.len(), s.scale, walk))
            }
            Game::Table { n, costs } => {
                let TableUnits { scale, costs } = table_units(n, costs)?;
                Ok((n, scale, Walk::Table { costs }))
            }
        }
    }

    /// Draws the permutations of the given indices.
    pub(super) fn run(&self, seed: u64, indices: Range<u64>) -> Result<Tally, GameError> {
        let n = self.n;
        let chunks: Vec<Range<u64>> = (indices.start..indices.end)
            .step_by(CHUNK as usize)
            .map(|s| s..(s + CHUNK).min(indices.end))
            .collect();
        let parts: Vec<Result<Tally, GameError>> = chunks
            .into_par_iter()
            .map(|range| {
                let classes = self.class_size.len();
                let mut tally = Tally::new(classes);
                let narrow = matches!(
                    &self.walk,
                    Walk::Bands {
                        points: Points::Narrow(_),
                        ..
                    }
                );
                let mut b = Buffers {
                    perm: vec![0usize; n],
                    y: vec![0i128; n],
                    pooled: vec![0i128; classes],
                    narrow: vec![0u64; if narrow { 2 * n + 1 } else { 0 }],
                    wide: vec![0u128; if narrow { 0 } else { 2 * n + 1 }],
                    cursors: Vec::new(),
                };
                for p in range {
                    permutation(seed, p, &mut b.perm);
                    self.estimate(&mut b)?;
                    self.pool(&b.y, &mut b.pooled)?;
                    tally.push(&b.pooled);
                }
                Ok(tally)
            })
            .collect();
        let mut tally = Tally::new(self.class_size.len());
        for part in parts {
            tally.merge(&part?);
        }
        Ok(tally)
    }

    /// Each class's estimates summed over its players.
    fn pool(&self, y: &[i128], pooled: &mut [i128]) -> Result<(), GameError> {
        pooled.iter_mut().for_each(|v| *v = 0);
        for (&v, &c) in y.iter().zip(&self.class) {
            pooled[c] = pooled[c]
                .checked_add(v)
                .ok_or(GameError::AmountOutOfRange {
                    amount: Decimal::MAX,
                })?;
        }
        Ok(())
    }

    /// y[i] = Σ over the n rotations of π (in `b.perm`) of i's marginal cost, in units.
    fn estimate(&self, b: &mut Buffers) -> Result<(), GameError> {
        let n = self.n;
        let (perm, y) = (&b.perm, &mut b.y);
        match &self.walk {
            Walk::Bands {
                sizes,
                points: Points::Narrow(points),
            } => walk_bands(sizes, points, perm, y, &mut b.narrow, &mut b.cursors),
            Walk::Bands {
                sizes,
                points: Points::Wide(points),
            } => walk_bands(sizes, points, perm, y, &mut b.wide, &mut b.cursors),
            Walk::Table { costs } => {
                y.iter_mut().for_each(|v| *v = 0);
                for r in 0..n {
                    let mut mask = 0usize;
                    let mut before = 0i128;
                    for pos in 0..n {
                        let player = perm[(r + pos) % n];
                        mask |= 1 << player;
                        let after = costs[mask].ok_or_else(|| GameError::MissingCoalition {
                            members: members_of(mask as u64),
                        })?;
                        y[player] += after - before;
                        before = after;
                    }
                }
            }
        }
        Ok(())
    }

    /// The estimates and their standard errors: each player's is its class's, pooled.
    pub(super) fn finish(
        &self,
        tally: &Tally,
        target_reached: Option<bool>,
    ) -> Result<Shapley, GameError> {
        let m = tally.permutations;
        let unit = pow10(self.scale);
        // A class's value = Σ y ÷ (m·n·|C|·10^scale), |C| ≥ 1 and m ≥ 1.
        let base = BigInt::from(m) * BigInt::from(self.n) * &unit;
        let by_class: Vec<Mark> = tally
            .sum
            .iter()
            .zip(&self.class_size)
            .map(|(s, &size)| mark_from_ratio(&s.total(), &(&base * BigInt::from(size))))
            .collect();
        let errors = self.standard_errors(tally)?;
        Ok(Shapley {
            values: self.class.iter().map(|&c| by_class[c].clone()).collect(),
            method: ShapleyMethod::Sampled { permutations: m },
            standard_errors: Some(self.class.iter().map(|&c| errors[c]).collect()),
            target_reached,
        })
    }

    /// Each class's standard error: SE² = (m·Σy² − (Σy)²) ÷ (m²·(m − 1)·n²·|C|²·
    /// 10^(2·scale)), y the class's pooled estimate in a permutation; its root rounded up
    /// to `SE_PLACES` decimals.
    fn standard_errors(&self, tally: &Tally) -> Result<Vec<Decimal>, GameError> {
        let m = tally.permutations;
        if m < 2 {
            return Ok(vec![Decimal::ZERO; self.class_size.len()]);
        }
        let mb = BigInt::from(m);
        let nb = BigInt::from(self.n);
        let unit = pow10(self.scale);
        let base = &mb * &mb * BigInt::from(m - 1) * &nb * &nb * &unit * &unit;
        let places = pow10(2 * SE_PLACES);
        tally
            .sum
            .iter()
            .zip(&tally.squares)
            .zip(&self.class_size)
            .map(|((s, q), &size)| {
                let s = s.total();
                let spread = &mb * q.total() - &s * &s;
                let Some(spread) = spread.to_biguint().filter(|v| !v.is_zero()) else {
                    return Ok(Decimal::ZERO);
                };
                let size = BigUint::from(size);
                let denominator = base.magnitude() * &size * &size;
                let scaled = spread * places.magnitude();
                let (quotient, rest) = (&scaled / &denominator, &scaled % &denominator);
                let square = if rest.is_zero() {
                    quotient
                } else {
                    quotient + 1u8
                };
                let mut root = square.sqrt();
                if &root * &root < square {
                    root += 1u8;
                }
                root.to_i128()
                    .and_then(|r| Decimal::try_from_i128_with_scale(r, SE_PLACES).ok())
                    .ok_or(GameError::AmountOutOfRange {
                        amount: Decimal::MAX,
                    })
            })
            .collect()
    }
}

/// A band game's walk of one permutation π: y[i] = Σ over the n rotations of i's
/// marginal cost, in units.
fn walk_bands<P: Measure>(
    sizes: &[u64],
    points: &[(P, i128)],
    perm: &[usize],
    y: &mut [i128],
    prefix: &mut [P],
    cursors: &mut Vec<usize>,
) {
    let n = perm.len();
    // prefix[m] = sizes of π π (π twice) before position m.
    prefix[0] = P::ZERO;
    for m in 0..2 * n {
        prefix[m + 1] = prefix[m] + P::of(sizes[perm[m % n]]);
    }
    // The k players before the one at `pos` in the cycle sum to prefix[end] −
    // prefix[end − k] (end = pos + n, k = 0 … n − 1): that sum is ≤ x exactly when
    // prefix[end − k] ≥ prefix[end] − x. So with m the first index in pos + 1 ..= end
    // where prefix reaches prefix[end] − x, end − m + 1 of the sums are ≤ x. For x = t
    // that index only moves forward with pos (one cursor per limit); for x = t − a it
    // lies at or beyond, found by galloping from there.
    cursors.clear();
    cursors.resize(points.len(), 0);
    for (pos, &player) in perm.iter().enumerate() {
        let a = P::of(sizes[player]);
        let end = pos + n;
        let base = prefix[end];
        let mut sum = 0i128;
        for (cursor, &(t, d)) in cursors.iter_mut().zip(points) {
            let v = base - t.min(base);
            let mut m = (*cursor).max(pos + 1);
            while prefix[m] < v {
                m += 1;
            }
            *cursor = m;
            if a == P::ZERO {
                continue;
            }
            let beyond = match t.checked_sub(a) {
                Some(x) => first_reaching(prefix, m, end, base - x.min(base)),
                None => end + 1,
            };
            // At most n crossings of each step: |sum| ≤ n·Σ|d| < 2¹²⁶ (checked when the
            // walk was built).
            sum += (beyond - m) as i128 * d;
        }
        y[player] = sum;
    }
}

/// The Shapley value estimated from `permutations` random orders (at least 2), each used
/// in its n rotations (see the module's notes), with the generator seeded by `seed`:
/// the same seed gives the same bytes. The values sum exactly to the grand coalition's
/// cost; `standard_errors` gives each value's.
///
/// A band game costs O(n·B) a permutation (B bands), a table game O(n²). A table game that
/// lacks a coalition one of the orders needs is a [`GameError::MissingCoalition`].
pub fn shapley_sampled(game: &Game, permutations: u64, seed: u64) -> Result<Shapley, GameError> {
    let sampler = Sampler::new(game)?;
    let tally = sampler.run(seed, 0..permutations.max(2))?;
    sampler.finish(&tally, None)
}

/// Samples until every standard error is below `target` or `cap` permutations are drawn.
pub(super) fn sample_until(
    game: &Game,
    target: Decimal,
    seed: u64,
    cap: u64,
) -> Result<Shapley, GameError> {
    let sampler = Sampler::new(game)?;
    let cap = cap.max(2);
    let mut tally = sampler.run(seed, 0..FIRST_BATCH.min(cap))?;
    loop {
        // No class (no player): nothing to estimate, the target is met.
        let worst = sampler
            .standard_errors(&tally)?
            .into_iter()
            .max()
            .unwrap_or(Decimal::ZERO);
        let drawn = tally.permutations;
        if worst < target {
            return sampler.finish(&tally, Some(true));
        }
        if drawn >= cap {
            return sampler.finish(&tally, Some(false));
        }
        // The standard error falls as 1/√m: aim 10 % beyond the m that would reach the
        // target, drawing at least a quarter more each time.
        let wanted = worst
            .checked_div(target)
            .and_then(|ratio| ratio.checked_mul(ratio))
            .and_then(|r2| r2.checked_mul(Decimal::from(drawn)))
            .and_then(|m| m.checked_mul(Decimal::new(11, 1)))
            .filter(|_| target > Decimal::ZERO)
            .and_then(|m| m.ceil().to_u64())
            .unwrap_or(cap);
        let next = wanted.max(drawn + drawn / 4).clamp(drawn + 1, cap);
        let more = sampler.run(seed, drawn..next)?;
        tally.merge(&more);
    }
}
