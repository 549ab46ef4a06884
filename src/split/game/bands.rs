//! The exact Shapley value of a band game, by counting subsets.
//!
//! A step tariff is a weighted sum of threshold games. With the breakpoints t (0, then
//! each band's lower limit) and the jumps d_t = c(t + 1) − c(t),
//! c(S) = Σ_t d_t·[S > t]. The Shapley value is linear, and in the threshold game
//! v_t(T) = [S_T > t] player i (size s_i) is pivotal in an order exactly when the players
//! before it sum to S with t − s_i < S ≤ t. So
//!
//! φ_i = Σ_t d_t · Σ_k k!(n−1−k)!/n! · #{size-k subsets of the others, sum in (t − s_i, t]}.
//!
//! Only sums up to the top breakpoint L matter. One table counts the subsets of *all*
//! players by size and sum (f[k][s], k < n, s ≤ L; built player by player, O(n²·L):
//! smallest first, each row updated only over the sums its subsets can reach so far),
//! and is turned into prefix sums P[k][s]. The counts without player i follow from the
//! reverse recurrence f₋ᵢ[k][s] = f[k][s] − f₋ᵢ[k−1][s − sᵢ]; unrolled and summed over a
//! window it reads
//!
//! Σ_{s∈(t−a, t]} f₋ᵢ[k][s] = Σ_j (−1)^j (P[k−j][t − j·a] − P[k−j][t − (j+1)·a]),  a = sᵢ,
//!
//! at most min(k, t/a) + 1 terms, so every player's window counts come from the one
//! table in O(B·n²) per player (B breakpoints) instead of O(n·L).
//!
//! Time O(n²·L + B·n³), memory O(n·L) counts. The counts are kept modulo 2^(64·w), w
//! 64-bit words, with w chosen so that C(n−1, ⌊(n−1)/2⌋) < 2^(64·w): the full table may
//! wrap, but every count of subsets *of the others* is below that bound, so its residue
//! is the count itself (w = 1 up to 68 players, 2 up to 132). The weights are combined
//! in big integers: φ_i = Σ_k k!(n−1−k)!·Σ_t d_t·count ÷ (n!·10^scale), exactly.
//!
//! Sizes and breakpoints are first divided by the sizes' greatest common divisor (a sum
//! of multiples of g is ≤ t exactly when it is ≤ g·⌊t/g⌋), and breakpoints no coalition
//! exceeds (t ≥ the total size) are dropped. With few players (2ⁿ below the table's
//! size) the subsets are enumerated instead.

use num_bigint::{BigInt, BigUint};
use num_traits::{One, Zero};

use super::units::{common_scale, factorials, mark_from_ratio, pow10, units_big};
use super::{BandTariff, Shapley, ShapleyMethod};
use crate::award::Mark;

/// Beyond this many words a count would need, the exact band algorithm gives up (4 097
/// players; long before that, its table would not fit in memory).
const MAX_WORDS: usize = 64;

/// The tariff as a sum of threshold games: `(t, d_t)` with c(m) = Σ d_t·[m > t], t
/// ascending, jumps in units of 10^-scale and never zero.
pub(super) struct Steps {
    pub scale: u32,
    pub points: Vec<(u64, BigInt)>,
}

pub(super) fn steps(tariff: &BandTariff) -> Steps {
    let scale = common_scale(tariff.prices.iter().copied());
    let mut breakpoints: Vec<u64> = std::iter::once(0)
        .chain(tariff.limits.iter().copied())
        .collect();
    breakpoints.sort_unstable();
    breakpoints.dedup();
    // The cost is constant between two breakpoints (band_of only asks which limits lie
    // below the measure), so its jumps sit just above them.
    let points = breakpoints
        .into_iter()
        .filter(|&t| t < u64::MAX)
        .map(|t| {
            let d = units_big(tariff.cost(t + 1), scale) - units_big(tariff.cost(t), scale);
            (t, d)
        })
        .filter(|(_, d)| !d.is_zero())
        .collect();
    Steps { scale, points }
}

/// What the exact band algorithm would cost on a game, so that a caller can choose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExactBandsPlan {
    pub players: usize,
    /// The largest sum the table must reach (the top breakpoint below the total size,
    /// after dividing by the sizes' common divisor).
    pub reach: u64,
    /// 64-bit words per count.
    pub words: usize,
    /// Whether the subsets are enumerated (few players) rather than counted by a table.
    pub enumerate: bool,
    /// Elementary operations, an upper bound: n²·(reach + 1 + n·B/2)·words for the table
    /// and its windows (B breakpoints), n·2ⁿ·log B to enumerate.
    pub work: u128,
    /// Bytes the table (or the enumeration) needs.
    pub memory: u128,
}

/// The game with sizes and breakpoints divided by the sizes' common divisor and the
/// breakpoints no coalition exceeds left out.
struct Prepared {
    sizes: Vec<u64>,
    points: Vec<(u64, BigInt)>,
    scale: u32,
    reach: u64,
}

fn prepare(sizes: &[u64], tariff: &BandTariff) -> Prepared {
    let Steps { scale, points } = steps(tariff);
    let total: u128 = sizes.iter().map(|&s| u128::from(s)).sum();
    let g = sizes
        .iter()
        .copied()
        .filter(|&s| s > 0)
        .fold(0u64, num_integer::gcd);
    let g = g.max(1);
    let mut scaled: Vec<(u64, BigInt)> = Vec::new();
    for (t, d) in points {
        if u128::from(t) >= total {
            continue;
        }
        let t = t / g;
        match scaled.last_mut() {
            Some((last, acc)) if *last == t => *acc += d,
            _ => scaled.push((t, d)),
        }
    }
    scaled.retain(|(_, d)| !d.is_zero());
    let reach = scaled.last().map_or(0, |(t, _)| *t);
    Prepared {
        sizes: sizes.iter().map(|s| s / g).collect(),
        points: scaled,
        scale,
        reach,
    }
}

/// 64-bit words needed so that every count of subsets of n − 1 players fits.
fn words_for(n: usize) -> usize {
    if n <= 1 {
        return 1;
    }
    let m = n - 1;
    let k = m / 2;
    // C(m, k) = Π (m − k + j) / j, exactly in big integers.
    let mut c = BigUint::one();
    for j in 1..=k {
        c = c * BigUint::from(m - k + j) / BigUint::from(j);
    }
    let bits = c.bits().max(1) as usize;
    bits.div_ceil(64)
}

fn plan_of(p: &Prepared) -> ExactBandsPlan {
    let n = p.sizes.len();
    let words = words_for(n);
    let width = u128::from(p.reach) + 1;
    let n128 = n as u128;
    // Building the table, then the windows: at most n·B·n²/2 terms.
    let b = p.points.len() as u128;
    let table_work = n128 * n128 * (width + n128 * b / 2) * words as u128;
    let table_memory = n128 * width * 8 * words as u128;
    let (enum_work, enum_memory) = if n <= 20 {
        let masks = 1u128 << n;
        let log_b = (usize::BITS - p.points.len().leading_zeros()) as u128 + 1;
        (
            masks * n128 * log_b,
            masks * 16 + n128 * n128 * (p.points.len() as u128 + 1) * 8,
        )
    } else {
        (u128::MAX, u128::MAX)
    };
    let enumerate = enum_work <= table_work;
    ExactBandsPlan {
        players: n,
        reach: p.reach,
        words,
        enumerate,
        work: if enumerate { enum_work } else { table_work },
        memory: if enumerate { enum_memory } else { table_memory },
    }
}

/// What [`shapley_exact_bands`] would cost on these sizes and this tariff.
pub fn plan_exact_bands(sizes: &[u64], tariff: &BandTariff) -> ExactBandsPlan {
    plan_of(&prepare(sizes, tariff))
}

/// The exact Shapley value of the band game `c(T) = tariff.cost(Σ_{i∈T} sizes[i])`.
///
/// Counts subsets by size and sum (see the module's notes): time O(n²·L + B·n³), memory
/// about 8·w·n·L bytes, where L is the top band limit below the total size (divided by
/// the sizes' common divisor), B the number of bands and w the 64-bit words a count
/// needs (1 up to 68 players, 2 up to 132). 49 members on limits up to 200 000: about
/// 80 MB and a fraction of a second. With few players (2ⁿ below n·L) the subsets are
/// enumerated instead. [`plan_exact_bands`] tells the cost beforehand; [`super::shapley`]
/// uses it to choose between this and sampling.
///
/// The tariff need not be increasing: a band cheaper than the one below only makes a
/// jump negative. Players of size 0 get 0. The values sum exactly to the grand
/// coalition's cost.
///
/// # Panics
///
/// With more than 4 097 players (the counts would need more than 64 words).
pub fn shapley_exact_bands(sizes: &[u64], tariff: &BandTariff) -> Shapley {
    let p = prepare(sizes, tariff);
    let plan = plan_of(&p);
    let values = if plan.enumerate {
        values_by_enumeration(&p)
    } else {
        values_by_table(&p, plan.words)
    };
    Shapley {
        values,
        method: ShapleyMethod::ExactBands,
        standard_errors: None,
        target_reached: None,
    }
}

/// φ_i from the window counts: Σ_k k!(n−1−k)!·Σ_t d_t·count(k, t) ÷ (n!·10^scale).
struct Combiner {
    weights: Vec<BigInt>,
    denominator: BigInt,
}

impl Combiner {
    fn new(n: usize, scale: u32) -> Self {
        let f = factorials(n);
        let weights = (0..n).map(|k| &f[k] * &f[n - 1 - k]).collect();
        Combiner {
            weights,
            denominator: &f[n] * pow10(scale),
        }
    }

    fn value(&self, numerator: &BigInt) -> Mark {
        if numerator.is_zero() {
            return Mark::zero();
        }
        mark_from_ratio(numerator, &self.denominator)
    }
}

#[cfg(test)]
pub(super) fn values_by_table_for_tests(
    sizes: &[u64],
    tariff: &BandTariff,
    words: Option<usize>,
) -> Vec<Mark> {
    let p = prepare(sizes, tariff);
    values_by_table(&p, words.unwrap_or_else(|| words_for(sizes.len())))
}

#[cfg(test)]
pub(super) fn values_by_enumeration_for_tests(sizes: &[u64], tariff: &BandTariff) -> Vec<Mark> {
    values_by_enumeration(&prepare(sizes, tariff))
}

fn values_by_table(p: &Prepared, words: usize) -> Vec<Mark> {
    match words {
        1 => table_values::<u64>(p),
        2 => table_values::<u128>(p),
        3..=4 => table_values::<Wide<4>>(p),
        5..=8 => table_values::<Wide<8>>(p),
        9..=16 => table_values::<Wide<16>>(p),
        17..=32 => table_values::<Wide<32>>(p),
        33..=MAX_WORDS => table_values::<Wide<MAX_WORDS>>(p),
        _ => panic!(
            "the exact band algorithm counts subsets of at most 4 097 players ({} given)",
            p.sizes.len()
        ),
    }
}

/// A count modulo 2^bits: wrapping addition and subtraction are all the table needs.
trait Count: Copy + Send + Sync {
    const ZERO: Self;
    const ONE: Self;
    fn wadd(self, other: Self) -> Self;
    fn wsub(self, other: Self) -> Self;
    fn is_zero(&self) -> bool;
    fn to_big(self) -> BigInt;
}

impl Count for u64 {
    const ZERO: Self = 0;
    const ONE: Self = 1;
    #[inline]
    fn wadd(self, other: Self) -> Self {
        self.wrapping_add(other)
    }
    #[inline]
    fn wsub(self, other: Self) -> Self {
        self.wrapping_sub(other)
    }
    fn is_zero(&self) -> bool {
        *self == 0
    }
    fn to_big(self) -> BigInt {
        BigInt::from(self)
    }
}

impl Count for u128 {
    const ZERO: Self = 0;
    const ONE: Self = 1;
    #[inline]
    fn wadd(self, other: Self) -> Self {
        self.wrapping_add(other)
    }
    #[inline]
    fn wsub(self, other: Self) -> Self {
        self.wrapping_sub(other)
    }
    fn is_zero(&self) -> bool {
        *self == 0
    }
    fn to_big(self) -> BigInt {
        BigInt::from(self)
    }
}

/// N little-endian 64-bit words.
#[derive(Clone, Copy)]
struct Wide<const N: usize>([u64; N]);

impl<const N: usize> Count for Wide<N> {
    const ZERO: Self = Wide([0; N]);
    const ONE: Self = {
        let mut w = [0; N];
        w[0] = 1;
        Wide(w)
    };
    #[inline]
    fn wadd(self, other: Self) -> Self {
        let mut r = [0u64; N];
        let mut carry = false;
        for (i, slot) in r.iter_mut().enumerate() {
            let (s, c1) = self.0[i].overflowing_add(other.0[i]);
            let (s, c2) = s.overflowing_add(u64::from(carry));
            *slot = s;
            carry = c1 | c2;
        }
        Wide(r)
    }
    #[inline]
    fn wsub(self, other: Self) -> Self {
        let mut r = [0u64; N];
        let mut borrow = false;
        for (i, slot) in r.iter_mut().enumerate() {
            let (s, b1) = self.0[i].overflowing_sub(other.0[i]);
            let (s, b2) = s.overflowing_sub(u64::from(borrow));
            *slot = s;
            borrow = b1 | b2;
        }
        Wide(r)
    }
    fn is_zero(&self) -> bool {
        self.0.iter().all(|&w| w == 0)
    }
    fn to_big(self) -> BigInt {
        BigInt::from(BigUint::from_slice(
            &self
                .0
                .iter()
                .flat_map(|w| [*w as u32, (*w >> 32) as u32])
                .collect::<Vec<_>>(),
        ))
    }
}

fn table_values<C: Count>(p: &Prepared) -> Vec<Mark> {
    let n = p.sizes.len();
    if n == 0 {
        return Vec::new();
    }
    let width = p.reach as usize + 1;
    // f[k][s], k = 0 … n − 1 (a subset of the others has at most n − 1 members).
    let mut table = vec![C::ZERO; n * width];
    table[0] = C::ONE;
    // Row k is zero outside extent[k] (the sums of k of the players added so far that
    // the table reaches). Adding the players smallest first keeps those extents short
    // while most players are added. Every subset holding a player larger than the
    // reach sums beyond the table: such players change nothing.
    let mut extent: Vec<Option<(usize, usize)>> = vec![None; n];
    extent[0] = Some((0, 0));
    let mut order: Vec<usize> = p
        .sizes
        .iter()
        .filter(|&&a| a <= p.reach)
        .map(|&a| a as usize)
        .collect();
    order.sort_unstable();
    for (added, &a) in order.iter().enumerate() {
        for k in (1..=(added + 1).min(n - 1)).rev() {
            let Some((low, high)) = extent[k - 1] else {
                continue;
            };
            if low + a >= width {
                continue;
            }
            let high = high.min(width - 1 - a);
            let (below, row) = table.split_at_mut(k * width);
            let src = &below[(k - 1) * width + low..=(k - 1) * width + high];
            for (d, s) in row[low + a..=high + a].iter_mut().zip(src) {
                *d = d.wadd(*s);
            }
            extent[k] = Some(match extent[k] {
                None => (low + a, high + a),
                Some((l, h)) => (l.min(low + a), h.max(high + a)),
            });
        }
    }
    for row in table.chunks_mut(width) {
        let mut acc = C::ZERO;
        for x in row {
            acc = acc.wadd(*x);
            *x = acc;
        }
    }
    let prefix = |k: usize, x: u64| table[k * width + x as usize];

    let combiner = Combiner::new(n, p.scale);
    p.sizes
        .iter()
        .map(|&a| {
            if a == 0 {
                return Mark::zero();
            }
            let mut numerator = BigInt::zero();
            for (k, weight) in combiner.weights.iter().enumerate() {
                let mut by_k = BigInt::zero();
                for (t, d) in &p.points {
                    // Σ_j (−1)^j (P[k−j][t − j·a] − P[k−j][t − (j+1)·a]).
                    let mut w = C::ZERO;
                    let mut high = Some(*t);
                    let mut j = 0;
                    while let Some(h) = high {
                        if j > k {
                            break;
                        }
                        let low = h.checked_sub(a);
                        let term = prefix(k - j, h).wsub(low.map_or(C::ZERO, |l| prefix(k - j, l)));
                        w = if j % 2 == 0 {
                            w.wadd(term)
                        } else {
                            w.wsub(term)
                        };
                        high = low;
                        j += 1;
                    }
                    if !w.is_zero() {
                        by_k += d * w.to_big();
                    }
                }
                if !by_k.is_zero() {
                    numerator += by_k * weight;
                }
            }
            combiner.value(&numerator)
        })
        .collect()
}

/// Few players: every coalition T and every player i outside it; the thresholds i
/// crosses, S_T ≤ t < S_T + s_i, form a run of consecutive breakpoints, counted with a
/// difference array.
fn values_by_enumeration(p: &Prepared) -> Vec<Mark> {
    let n = p.sizes.len();
    if n == 0 {
        return Vec::new();
    }
    let b = p.points.len();
    let thresholds: Vec<u128> = p.points.iter().map(|(t, _)| u128::from(*t)).collect();
    // diff[(i·n + k)·(b + 1) + j]
    let mut diff = vec![0i64; n * n * (b + 1)];
    let masks = 1usize << n;
    let mut sums = vec![0u128; masks];
    for mask in 1..masks {
        let low = mask.trailing_zeros() as usize;
        sums[mask] = sums[mask & (mask - 1)] + u128::from(p.sizes[low]);
    }
    for (mask, &s) in sums.iter().enumerate() {
        let k = mask.count_ones() as usize;
        if k == n {
            continue;
        }
        let from = thresholds.partition_point(|&t| t < s);
        if from == b {
            continue;
        }
        for (i, &a) in p.sizes.iter().enumerate() {
            if mask & (1 << i) != 0 || a == 0 {
                continue;
            }
            let to = thresholds.partition_point(|&t| t < s + u128::from(a));
            if to > from {
                let base = (i * n + k) * (b + 1);
                diff[base + from] += 1;
                diff[base + to] -= 1;
            }
        }
    }
    let combiner = Combiner::new(n, p.scale);
    (0..n)
        .map(|i| {
            let mut numerator = BigInt::zero();
            for (k, weight) in combiner.weights.iter().enumerate() {
                let base = (i * n + k) * (b + 1);
                let mut count = 0i64;
                let mut by_k = BigInt::zero();
                for (j, (_, d)) in p.points.iter().enumerate() {
                    count += diff[base + j];
                    if count != 0 {
                        by_k += d * BigInt::from(count);
                    }
                }
                if !by_k.is_zero() {
                    numerator += by_k * weight;
                }
            }
            combiner.value(&numerator)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::words_for;

    #[test]
    fn counts_fit_their_words() {
        // C(67, 33) ≈ 1.4·10¹⁹ < 2⁶⁴ < C(68, 34); C(131, 65) < 2¹²⁸ < C(132, 66).
        assert_eq!((words_for(1), words_for(68), words_for(69)), (1, 1, 2));
        assert_eq!((words_for(132), words_for(133)), (2, 3));
        assert_eq!(words_for(500), 8);
    }
}
