//! Marks as exact fractions.
//!
//! A price mark is a ratio of costs (lowest ÷ cost × weight): in decimal it rarely ends.
//! Held as a fraction, a total is exact, two totals that are equal are found equal (a tie
//! is a legal fact, not a rounding accident), and rounding happens once, for display.

use std::cmp::Ordering;
use std::fmt;

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::{BigRational, Ratio};
use num_traits::{CheckedAdd, CheckedDiv, CheckedMul, CheckedSub, Signed, ToPrimitive, Zero};
use rust_decimal::Decimal;

/// An exact rational mark. Held in 128-bit integers, which covers every realistic
/// figure without allocating; an operation that would overflow them moves to
/// arbitrary-precision integers, so a mark is never approximated.
#[derive(Clone)]
pub struct Mark(Repr);

#[derive(Clone)]
enum Repr {
    Small(Ratio<i128>),
    Big(BigRational),
}

fn big(r: &Ratio<i128>) -> BigRational {
    BigRational::new_raw(BigInt::from(*r.numer()), BigInt::from(*r.denom()))
}

fn pow10(places: u32) -> Option<i128> {
    10i128.checked_pow(places)
}

impl Mark {
    pub fn zero() -> Self {
        Mark(Repr::Small(Ratio::zero()))
    }

    pub fn from_decimal(d: Decimal) -> Self {
        // A decimal's mantissa has 96 bits and its scale is at most 28: both fit.
        match pow10(d.scale()) {
            Some(den) => Mark(Repr::Small(Ratio::new(d.mantissa(), den))),
            None => Mark(Repr::Big(BigRational::new(
                BigInt::from(d.mantissa()),
                BigInt::from(10u8).pow(d.scale()),
            ))),
        }
    }

    fn to_big(&self) -> BigRational {
        match &self.0 {
            Repr::Small(r) => big(r),
            Repr::Big(b) => b.clone(),
        }
    }

    /// `a × b ÷ c`, exactly. `None` when `c` is zero.
    pub fn ratio(a: Decimal, b: Decimal, c: Decimal) -> Option<Self> {
        if c.is_zero() {
            return None;
        }
        let (a, b, c) = (
            Mark::from_decimal(a),
            Mark::from_decimal(b),
            Mark::from_decimal(c),
        );
        if let (Repr::Small(a), Repr::Small(b), Repr::Small(c)) = (&a.0, &b.0, &c.0)
            && let Some(r) = a.checked_mul(b).and_then(|ab| ab.checked_div(c))
        {
            return Some(Mark(Repr::Small(r)));
        }
        Some(Mark(Repr::Big(a.to_big() * b.to_big() / c.to_big())))
    }

    pub fn add(&self, other: &Mark) -> Mark {
        if let (Repr::Small(a), Repr::Small(b)) = (&self.0, &other.0)
            && let Some(r) = a.checked_add(b)
        {
            return Mark(Repr::Small(r));
        }
        Mark(Repr::Big(self.to_big() + other.to_big()))
    }

    pub fn sub(&self, other: &Mark) -> Mark {
        if let (Repr::Small(a), Repr::Small(b)) = (&self.0, &other.0)
            && let Some(r) = a.checked_sub(b)
        {
            return Mark(Repr::Small(r));
        }
        Mark(Repr::Big(self.to_big() - other.to_big()))
    }

    pub fn mul(&self, other: &Mark) -> Mark {
        if let (Repr::Small(a), Repr::Small(b)) = (&self.0, &other.0)
            && let Some(r) = a.checked_mul(b)
        {
            return Mark(Repr::Small(r));
        }
        Mark(Repr::Big(self.to_big() * other.to_big()))
    }

    /// `self ÷ other`; `None` when `other` is zero.
    pub fn div(&self, other: &Mark) -> Option<Mark> {
        if other.is_zero() {
            return None;
        }
        if let (Repr::Small(a), Repr::Small(b)) = (&self.0, &other.0)
            && let Some(r) = a.checked_div(b)
        {
            return Some(Mark(Repr::Small(r)));
        }
        Some(Mark(Repr::Big(self.to_big() / other.to_big())))
    }

    /// The exact fraction `num ÷ den`, reduced, in 128-bit integers when its terms fit;
    /// `None` when `den` is zero.
    pub fn from_big_ratio(num: BigInt, den: BigInt) -> Option<Mark> {
        if den.is_zero() {
            return None;
        }
        let r = BigRational::new(num, den);
        Some(match (r.numer().to_i128(), r.denom().to_i128()) {
            (Some(n), Some(d)) => Mark(Repr::Small(Ratio::new_raw(n, d))),
            _ => Mark(Repr::Big(r)),
        })
    }

    pub fn from_i128(n: i128) -> Mark {
        Mark(Repr::Small(Ratio::from_integer(n)))
    }

    /// The largest integer not above the mark (saturating at the i128 bounds).
    pub fn floor(&self) -> i128 {
        match &self.0 {
            Repr::Small(r) => r.numer().div_floor(r.denom()),
            Repr::Big(b) => {
                b.numer()
                    .div_floor(b.denom())
                    .to_i128()
                    .unwrap_or(if b.is_negative() {
                        i128::MIN
                    } else {
                        i128::MAX
                    })
            }
        }
    }

    pub fn is_negative(&self) -> bool {
        *self < Mark::zero()
    }

    /// The mark, or 0 when it is negative.
    pub fn floor_at_zero(self) -> Mark {
        if self.is_negative() {
            Mark::zero()
        } else {
            self
        }
    }

    /// The mark to 28 significant digits, for the few formulas that leave the rationals
    /// (a power with a fractional exponent).
    pub fn to_decimal(&self) -> Decimal {
        let r = self.to_big();
        let int_digits = {
            let whole = r.numer() / r.denom();
            whole.abs().to_string().trim_start_matches('0').len() as u32
        };
        self.round(28u32.saturating_sub(int_digits))
    }

    pub fn is_zero(&self) -> bool {
        match &self.0 {
            Repr::Small(r) => r.is_zero(),
            Repr::Big(b) => b.is_zero(),
        }
    }

    /// Rounded to `places` decimals, half away from zero: the only rounding a mark gets.
    pub fn round(&self, places: u32) -> Decimal {
        if let Repr::Small(r) = &self.0
            && let Some(numerator) = pow10(places).and_then(|p| i128::checked_mul(*r.numer(), p))
        {
            let denominator = *r.denom();
            let (q, rem) = numerator.abs().div_rem(&denominator);
            let q = if i128::checked_mul(rem, 2).is_none_or(|twice| twice >= denominator) {
                q + 1
            } else {
                q
            };
            let q = if numerator < 0 { -q } else { q };
            return Decimal::try_from_i128_with_scale(q, places).unwrap_or(Decimal::MAX);
        }
        let r = self.to_big();
        let scale = BigInt::from(10u8).pow(places);
        let numerator = r.numer() * &scale;
        let denominator = r.denom().clone();
        let (q, rem) = numerator.abs().div_rem(&denominator);
        let twice: BigInt = rem * 2;
        let q = if twice >= denominator { q + 1 } else { q };
        let q = if numerator.is_negative() { -q } else { q };
        let value = q.to_i128().unwrap_or(i128::MAX);
        Decimal::try_from_i128_with_scale(value, places).unwrap_or(Decimal::MAX)
    }

    /// Orders two marks, highest first.
    pub fn desc(a: &Mark, b: &Mark) -> Ordering {
        b.cmp(a)
    }
}

impl PartialEq for Mark {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Mark {}

impl PartialOrd for Mark {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Mark {
    fn cmp(&self, other: &Self) -> Ordering {
        match (&self.0, &other.0) {
            // Ratio's ordering compares without multiplying: it cannot overflow.
            (Repr::Small(a), Repr::Small(b)) => a.cmp(b),
            _ => self.to_big().cmp(&other.to_big()),
        }
    }
}

impl fmt::Debug for Mark {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = self.to_big();
        write!(f, "{}/{}", r.numer(), r.denom())
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

    #[test]
    fn arithmetic_stays_exact() {
        let third = Mark::from_decimal(dec!(1))
            .div(&Mark::from_decimal(dec!(3)))
            .unwrap();
        assert_eq!(
            third.mul(&Mark::from_decimal(dec!(3))),
            Mark::from_decimal(dec!(1))
        );
        assert_eq!(third.sub(&third), Mark::zero());
        assert!(Mark::zero().sub(&third).is_negative());
        assert_eq!(Mark::zero().sub(&third).floor_at_zero(), Mark::zero());
        assert_eq!(
            third.to_decimal().to_string(),
            "0.3333333333333333333333333333"
        );
        assert_eq!(Mark::from_decimal(dec!(40)).to_decimal(), dec!(40));
        assert_eq!(third.div(&Mark::zero()), None);
    }

    #[test]
    fn overflowing_figures_move_to_big_integers_and_stay_exact() {
        // 79 228 162 514 264 337 593 543 950 335 (the largest decimal) squared does not
        // fit in 128 bits.
        let m = Mark::ratio(Decimal::MAX, Decimal::MAX, Decimal::MAX).unwrap();
        assert_eq!(m, Mark::from_decimal(Decimal::MAX));
        assert_eq!(m.round(0), Decimal::MAX);
        let tiny = Mark::ratio(dec!(1), dec!(0.0000000000000000000000000001), dec!(7)).unwrap();
        let sum = tiny.add(&Mark::from_decimal(Decimal::MAX));
        assert!(sum > Mark::from_decimal(Decimal::MAX));
        assert_eq!(Mark::from_decimal(dec!(0.5)).round(0), dec!(1));
        assert_eq!(Mark::from_decimal(dec!(-0.5)).round(0), dec!(-1));
        assert_eq!(Mark::from_decimal(dec!(0.49)).round(0), dec!(0));
    }
}
