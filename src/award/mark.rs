//! Marks as exact fractions.
//!
//! A price mark is a ratio of costs (lowest ÷ cost × weight): in decimal it rarely ends.
//! Held as a fraction, a total is exact, two totals that are equal are found equal (a tie
//! is a legal fact, not a rounding accident), and rounding happens once, for display.

use std::cmp::Ordering;
use std::fmt;

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};
use rust_decimal::Decimal;

/// An exact, non-negative-or-not rational mark.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Mark(BigRational);

impl Mark {
    pub fn zero() -> Self {
        Mark(BigRational::zero())
    }

    pub fn from_decimal(d: Decimal) -> Self {
        let mantissa = BigInt::from(d.mantissa());
        let denominator = BigInt::from(10u8).pow(d.scale());
        Mark(BigRational::new(mantissa, denominator))
    }

    /// `a × b ÷ c`, exactly. `None` when `c` is zero.
    pub fn ratio(a: Decimal, b: Decimal, c: Decimal) -> Option<Self> {
        if c.is_zero() {
            return None;
        }
        let (a, b, c) = (
            Mark::from_decimal(a).0,
            Mark::from_decimal(b).0,
            Mark::from_decimal(c).0,
        );
        Some(Mark(a * b / c))
    }

    pub fn add(&self, other: &Mark) -> Mark {
        Mark(&self.0 + &other.0)
    }

    pub fn is_zero(&self) -> bool {
        self.0.is_zero()
    }

    /// Rounded to `places` decimals, half away from zero: the only rounding a mark gets.
    pub fn round(&self, places: u32) -> Decimal {
        let scale = BigInt::from(10u8).pow(places);
        let numerator = self.0.numer() * &scale;
        let denominator = self.0.denom().clone();
        // |n| / d rounded half up, then the sign put back.
        let (q, r) = numerator.abs().div_rem(&denominator);
        let twice_r: BigInt = r * 2;
        let q = if twice_r >= denominator { q + 1 } else { q };
        let q = if numerator.is_negative() { -q } else { q };
        let value = q.to_i128().unwrap_or(i128::MAX);
        Decimal::try_from_i128_with_scale(value, places).unwrap_or(Decimal::MAX)
    }
}

impl fmt::Debug for Mark {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.0.numer(), self.0.denom())
    }
}

impl Mark {
    /// Orders two marks, highest first.
    pub fn desc(a: &Mark, b: &Mark) -> Ordering {
        b.cmp(a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    #[test]
    fn ratios_are_exact_and_round_once() {
        let third = Mark::ratio(dec!(40), dec!(10000), dec!(30000)).unwrap();
        assert_eq!(third.round(2), dec!(13.33));
        let two_thirds = Mark::ratio(dec!(40), dec!(20000), dec!(30000)).unwrap();
        assert_eq!(two_thirds.round(2), dec!(26.67));
        // 13.333… + 26.666… is exactly 40.
        assert_eq!(third.add(&two_thirds), Mark::from_decimal(dec!(40)));
        assert_eq!(Mark::from_decimal(dec!(2.345)).round(2), dec!(2.35));
        assert_eq!(Mark::from_decimal(dec!(-2.345)).round(2), dec!(-2.35));
        assert_eq!(Mark::ratio(dec!(1), dec!(1), dec!(0)), None);
    }
}
