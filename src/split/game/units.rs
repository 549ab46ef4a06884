//! Exact amounts: decimals on a common scale as integers, big integers as marks, and
//! sums that never overflow.

use num_bigint::BigInt;
use num_traits::{One, Signed, ToPrimitive};
use rust_decimal::Decimal;

use crate::award::Mark;

/// Amounts held as integers (units of 10^-scale) stay below 2^100 in magnitude, so that a
/// difference, or a sum of a few million of them, still fits in an `i128`.
const MAX_UNIT_BITS: u64 = 100;

/// The number of decimals that holds every value exactly (trailing zeros do not count).
pub(super) fn common_scale(values: impl IntoIterator<Item = Decimal>) -> u32 {
    values
        .into_iter()
        .map(|d| d.normalize().scale())
        .max()
        .unwrap_or(0)
}

/// `d` in units of 10^-scale, exactly, as a big integer. `scale` is at least `d`'s own
/// (normalised) scale.
pub(super) fn units_big(d: Decimal, scale: u32) -> BigInt {
    let d = d.normalize();
    BigInt::from(d.mantissa()) * pow10(scale.saturating_sub(d.scale()))
}

/// `d` in units of 10^-scale as an `i128`, when it stays below 2^100 in magnitude.
pub(super) fn units(d: Decimal, scale: u32) -> Option<i128> {
    let d = d.normalize();
    let factor = 10i128.checked_pow(scale.checked_sub(d.scale())?)?;
    let v = d.mantissa().checked_mul(factor)?;
    (v.unsigned_abs() < (1u128 << MAX_UNIT_BITS)).then_some(v)
}

/// A big-integer amount back in an `i128`, when it stays below 2^100 in magnitude.
pub(super) fn small(v: &BigInt) -> Option<i128> {
    if v.bits() < MAX_UNIT_BITS {
        v.to_i128()
    } else {
        None
    }
}

pub(super) fn pow10(e: u32) -> BigInt {
    BigInt::from(10u8).pow(e)
}

/// 0!, 1!, …, n!.
pub(super) fn factorials(n: usize) -> Vec<BigInt> {
    let mut f = Vec::with_capacity(n + 1);
    f.push(BigInt::one());
    for k in 1..=n {
        let next = &f[k - 1] * BigInt::from(k);
        f.push(next);
    }
    f
}

/// The exact fraction `num ÷ den` as a mark. At every call `den` is a product of
/// positive factors (factorials, powers of ten, counts of at least one), never 0: no
/// value is ever made up for a missing ratio.
pub(super) fn mark_from_ratio(num: &BigInt, den: &BigInt) -> Mark {
    debug_assert!(den.is_positive());
    Mark::from_big_ratio(num.clone(), den.clone()).expect("a product of positive factors")
}

/// An exact integer sum: an `i128` that spills into a big integer when it would overflow.
#[derive(Clone, Debug, Default)]
pub(super) struct Acc {
    small: i128,
    big: BigInt,
}

impl Acc {
    #[inline]
    pub(super) fn add(&mut self, x: i128) {
        match self.small.checked_add(x) {
            Some(s) => self.small = s,
            None => {
                self.big += self.small;
                self.small = x;
            }
        }
    }

    /// Adds x².
    #[inline]
    pub(super) fn add_square(&mut self, x: i128) {
        match x.checked_mul(x) {
            Some(q) => self.add(q),
            None => self.big += BigInt::from(x) * BigInt::from(x),
        }
    }

    pub(super) fn merge(&mut self, other: &Acc) {
        self.big += &other.big;
        self.add(other.small);
    }

    pub(super) fn total(&self) -> BigInt {
        &self.big + self.small
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    #[test]
    fn units_are_exact_on_a_common_scale() {
        let s = common_scale([dec!(12.50), dec!(3), dec!(0.125)]);
        assert_eq!(s, 3);
        assert_eq!(units(dec!(12.50), s), Some(12_500));
        assert_eq!(units(dec!(-0.125), s), Some(-125));
        assert_eq!(units_big(dec!(12.5), s), BigInt::from(12_500));
        // 10^4 is 10^32 units of 10^-28, beyond 2^100.
        assert_eq!(units(dec!(10000), 28), None);
    }

    #[test]
    fn big_ratios_become_exact_marks() {
        let third = mark_from_ratio(&BigInt::from(2), &BigInt::from(6));
        assert_eq!(
            third,
            Mark::ratio(Decimal::ONE, Decimal::ONE, Decimal::from(3)).unwrap()
        );
        // 40! / 39! = 40, through the base-10^28 path.
        let f = factorials(40);
        assert_eq!(
            mark_from_ratio(&f[40], &f[39]),
            Mark::from_decimal(Decimal::from(40))
        );
        let minus = mark_from_ratio(&-(&f[40] + BigInt::one()), &f[40]);
        assert!(minus.is_negative());
        assert_eq!(minus.round(6).unwrap(), dec!(-1.000000));
    }

    #[test]
    fn sums_spill_without_loss() {
        let mut a = Acc::default();
        a.add(i128::MAX);
        a.add(i128::MAX);
        a.add(-1);
        assert_eq!(a.total(), BigInt::from(i128::MAX) * 2 - 1);
        let mut q = Acc::default();
        q.add_square(i128::MAX);
        assert_eq!(q.total(), BigInt::from(i128::MAX) * BigInt::from(i128::MAX));
    }
}
