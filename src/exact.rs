//! Exact rational numbers: the figures that decide something.
//!
//! A price mark is a ratio of costs (lowest ÷ cost × weight): in decimal it rarely ends.
//! A contract total is the yearly cost times Σ(1 + revision)^y: ten years at 1.5 % a year
//! already needs more than the 28 significant digits a `rust_decimal::Decimal` holds, and
//! 30 years at a rate with four decimals needs over a hundred. Held as a fraction, a figure
//! is exact whatever its length: two totals that are equal are found equal (a tie is a
//! legal fact, not a rounding accident), an offer exactly at a ceiling is at it, and
//! rounding happens once, for display ([`crate::money`]).
//!
//! Small fractions live in 128-bit integers, which covers every realistic mark without
//! allocating; an operation that would overflow them moves to arbitrary-precision
//! integers, so a figure is never approximated and no operation can overflow.

use std::cmp::Ordering;
use std::fmt;

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::{BigRational, Ratio};
use num_traits::{CheckedAdd, CheckedSub, Signed, ToPrimitive, Zero};
use rust_decimal::Decimal;

/// An exact rational number.
#[derive(Clone)]
pub struct Exact(Repr);

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

/// The most decimals [`Exact::machine`] writes: a figure with more is rounded there.
pub const MACHINE_PLACES: u32 = 28;

impl Exact {
    pub fn zero() -> Self {
        Exact(Repr::Small(Ratio::zero()))
    }

    pub fn one() -> Self {
        Exact::from_i128(1)
    }

    pub fn from_decimal(d: Decimal) -> Self {
        // A decimal's mantissa has 96 bits and its scale is at most 28: both fit. The
        // fraction m ÷ 10^s is reduced by hand, without a gcd: once the trailing zeros are
        // gone, m is divisible by 2 or by 5 (not both), and 10^s is 2^s × 5^s.
        let d = d.normalize();
        let (mut m, scale) = (d.mantissa(), d.scale());
        if scale == 0 || m == 0 {
            return Exact::from_i128(m);
        }
        let twos_out = m.trailing_zeros().min(scale);
        m >>= twos_out;
        let mut fives = scale;
        while fives > 0 && m % 5 == 0 {
            m /= 5;
            fives -= 1;
        }
        match (
            1i128.checked_shl(scale - twos_out),
            5i128.checked_pow(fives),
        ) {
            (Some(twos), Some(fives)) if twos.checked_mul(fives).is_some() => {
                Exact(Repr::Small(Ratio::new_raw(m, twos * fives)))
            }
            _ => Exact::from_big(BigRational::new(
                BigInt::from(d.mantissa()),
                BigInt::from(10u8).pow(d.scale()),
            )),
        }
    }

    pub fn from_u64(n: u64) -> Self {
        Exact::from_i128(i128::from(n))
    }

    pub fn from_i128(n: i128) -> Self {
        Exact(Repr::Small(Ratio::from_integer(n)))
    }

    fn to_big(&self) -> BigRational {
        match &self.0 {
            Repr::Small(r) => big(r),
            Repr::Big(b) => b.clone(),
        }
    }

    /// The numerator and the (positive) denominator of the reduced fraction.
    fn parts(&self) -> (BigInt, BigInt) {
        let r = self.to_big();
        (r.numer().clone(), r.denom().clone())
    }

    /// `a × b ÷ c`, exactly. `None` when `c` is zero.
    pub fn ratio(a: Decimal, b: Decimal, c: Decimal) -> Option<Self> {
        Exact::from_decimal(a)
            .mul(&Exact::from_decimal(b))
            .div(&Exact::from_decimal(c))
    }

    pub fn add(&self, other: &Exact) -> Exact {
        if let (Repr::Small(a), Repr::Small(b)) = (&self.0, &other.0) {
            if let Some(r) = integers(a, b).and_then(|(x, y)| x.checked_add(y)) {
                return Exact::from_i128(r);
            }
            if let Some(r) = a.checked_add(b) {
                return Exact(Repr::Small(r));
            }
        }
        Exact::from_big(self.to_big() + other.to_big())
    }

    pub fn sub(&self, other: &Exact) -> Exact {
        if let (Repr::Small(a), Repr::Small(b)) = (&self.0, &other.0) {
            if let Some(r) = integers(a, b).and_then(|(x, y)| x.checked_sub(y)) {
                return Exact::from_i128(r);
            }
            if let Some(r) = a.checked_sub(b) {
                return Exact(Repr::Small(r));
            }
        }
        Exact::from_big(self.to_big() - other.to_big())
    }

    pub fn mul(&self, other: &Exact) -> Exact {
        if let (Repr::Small(a), Repr::Small(b)) = (&self.0, &other.0)
            && let Some(r) = small_mul(*a.numer(), *a.denom(), *b.numer(), *b.denom())
        {
            return Exact(Repr::Small(r));
        }
        Exact::from_big(self.to_big() * other.to_big())
    }

    /// `self ÷ other`; `None` when `other` is zero.
    pub fn div(&self, other: &Exact) -> Option<Exact> {
        if other.is_zero() {
            return None;
        }
        if let (Repr::Small(a), Repr::Small(b)) = (&self.0, &other.0) {
            // a/b ÷ c/d = a/b × d/c, the sign moved to the numerator.
            let (c, d) = (*b.numer(), *b.denom());
            let (d, c) = if c < 0 {
                (d.checked_neg(), c.checked_neg())
            } else {
                (Some(d), Some(c))
            };
            if let (Some(d), Some(c)) = (d, c)
                && let Some(r) = small_mul(*a.numer(), *a.denom(), d, c)
            {
                return Some(Exact(Repr::Small(r)));
            }
        }
        Some(Exact::from_big(self.to_big() / other.to_big()))
    }

    /// A big fraction, back in 128-bit integers when its terms fit (so that a sum that
    /// once overflowed does not keep every later operation on big integers).
    fn from_big(r: BigRational) -> Exact {
        match (r.numer().to_i128(), r.denom().to_i128()) {
            (Some(n), Some(d)) => Exact(Repr::Small(Ratio::new_raw(n, d))),
            _ => Exact(Repr::Big(r)),
        }
    }

    /// The exact fraction `num ÷ den`, reduced; `None` when `den` is zero.
    pub fn from_big_ratio(num: BigInt, den: BigInt) -> Option<Exact> {
        if den.is_zero() {
            return None;
        }
        Some(Exact::from_big(BigRational::new(num, den)))
    }

    /// The largest integer not above the number (saturating at the i128 bounds).
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
        *self < Exact::zero()
    }

    pub fn is_zero(&self) -> bool {
        match &self.0 {
            Repr::Small(r) => r.is_zero(),
            Repr::Big(b) => b.is_zero(),
        }
    }

    /// The number, or 0 when it is negative.
    pub fn floor_at_zero(self) -> Exact {
        if self.is_negative() {
            Exact::zero()
        } else {
            self
        }
    }

    /// Whether the number is an integer.
    pub fn is_integer(&self) -> bool {
        match &self.0 {
            Repr::Small(r) => r.is_integer(),
            Repr::Big(b) => b.is_integer(),
        }
    }

    /// Whether its decimal expansion ends within `places` decimals.
    pub fn has_places_within(&self, places: u32) -> bool {
        self.decimal_places().is_some_and(|p| p <= places)
    }

    /// How many decimals the number's expansion has, when it ends: the fraction is
    /// reduced, so it ends exactly when the denominator is 2^a × 5^b, after max(a, b)
    /// decimals. `None` for a fraction that never ends (30 000 ÷ 7).
    pub fn decimal_places(&self) -> Option<u32> {
        match &self.0 {
            Repr::Small(r) => {
                let mut d = r.denom().unsigned_abs();
                let twos = d.trailing_zeros();
                d >>= twos;
                let mut fives = 0;
                while d % 5 == 0 {
                    d /= 5;
                    fives += 1;
                }
                (d == 1).then_some(twos.max(fives))
            }
            Repr::Big(b) => {
                let mut d = b.denom().magnitude().clone();
                let twos = d.trailing_zeros().unwrap_or(0);
                d >>= twos;
                let five = num_bigint::BigUint::from(5u8);
                let mut fives = 0u64;
                while (&d % &five).is_zero() {
                    d /= &five;
                    fives += 1;
                }
                let places = u32::try_from(twos.max(fives)).ok()?;
                (d == num_bigint::BigUint::from(1u8)).then_some(places)
            }
        }
    }

    /// [`Exact::rounded_units`] in 128-bit integers, when the number and the scale fit
    /// them: the common case, without allocating.
    fn small_rounded_units(&self, places: u32) -> Option<(bool, u128)> {
        let Repr::Small(r) = &self.0 else {
            return None;
        };
        let numerator = r
            .numer()
            .unsigned_abs()
            .checked_mul(10u128.checked_pow(places)?)?;
        let denominator = r.denom().unsigned_abs();
        let (q, rem) = (numerator / denominator, numerator % denominator);
        let half_or_more = rem.checked_mul(2).is_none_or(|twice| twice >= denominator);
        let q = q.checked_add(u128::from(half_or_more))?;
        Some((*r.numer() < 0 && q != 0, q))
    }

    /// The number rounded to `places` decimals, half away from zero, as a sign and the
    /// digits of the rounded value in units of 10^-places. Never overflows.
    pub fn rounded_units(&self, places: u32) -> (bool, BigInt) {
        if let Repr::Small(r) = &self.0
            && let Some(numerator) = pow10(places).and_then(|p| i128::checked_mul(*r.numer(), p))
        {
            let denominator = *r.denom();
            let (q, rem) = numerator
                .unsigned_abs()
                .div_rem(&denominator.unsigned_abs());
            let half_or_more = rem
                .checked_mul(2)
                .is_none_or(|twice| twice >= denominator.unsigned_abs());
            let q = BigInt::from(q) + BigInt::from(u8::from(half_or_more));
            return (numerator < 0 && !q.is_zero(), q);
        }
        let (n, d) = self.parts();
        let numerator = n * BigInt::from(10u8).pow(places);
        let (q, rem) = numerator.abs().div_rem(&d);
        let q = if rem * 2 >= d { q + 1 } else { q };
        (numerator.is_negative() && !q.is_zero(), q)
    }

    /// Rounded to `places` decimals, half away from zero, in the machine form: `12345.60`,
    /// always `places` decimals, `.` as separator, no grouping, never `-0.00`.
    pub fn fixed(&self, places: u32) -> String {
        match self.small_rounded_units(places) {
            Some((negative, units)) => fixed_digits(negative, units, places),
            None => {
                let (negative, units) = self.rounded_units(places);
                big_fixed_digits(negative, &units, places)
            }
        }
    }

    /// The number in the machine form with every decimal it has, at least `min_places`
    /// and at most [`MACHINE_PLACES`] (beyond, rounded there, half away from zero):
    /// `0.125`, `57600.00`, `4285.7142857142857142857142857143` for 30000/7.
    pub fn machine(&self, min_places: u32) -> String {
        let places = self
            .decimal_places()
            .filter(|&p| p <= MACHINE_PLACES)
            .unwrap_or(MACHINE_PLACES)
            .max(min_places);
        self.fixed(places)
    }

    /// The reduced fraction, `numerator/denominator` (`7/3`; an integer alone: `5`), for
    /// scripts that need the exact value of a figure whose decimals never end.
    pub fn fraction(&self) -> String {
        let (n, d) = self.parts();
        if d == BigInt::from(1u8) {
            n.to_string()
        } else {
            format!("{n}/{d}")
        }
    }

    /// Rounded to `places` decimals, half away from zero; `None` when the result does not
    /// fit in a `Decimal`.
    pub fn round(&self, places: u32) -> Option<Decimal> {
        let (negative, units) = self.rounded_units(places);
        let value = units.to_i128()?;
        let value = if negative { -value } else { value };
        Decimal::try_from_i128_with_scale(value, places).ok()
    }

    /// The number as a decimal, exactly: `None` when it has more decimals than a decimal
    /// holds (28), or does not fit one (a fraction such as 30 000 ÷ 7 never does).
    pub fn to_decimal_exact(&self) -> Option<Decimal> {
        let places = (0..=28).find(|&p| self.has_places_within(p))?;
        self.round(places)
    }

    /// The number to 28 significant digits, for the few formulas that leave the rationals
    /// (a power with a fractional exponent); `None` when it is beyond a `Decimal`'s range.
    pub fn to_decimal(&self) -> Option<Decimal> {
        let (n, d) = self.parts();
        let whole = (&n / &d).abs();
        let int_digits = if whole.is_zero() {
            0
        } else {
            whole.to_string().len() as u32
        };
        if int_digits > 28 {
            return None;
        }
        self.round(28 - int_digits)
            .or_else(|| self.round(27u32.saturating_sub(int_digits)))
    }

    /// Orders two numbers, highest first.
    pub fn desc(a: &Exact, b: &Exact) -> Ordering {
        b.cmp(a)
    }
}

impl From<Decimal> for Exact {
    fn from(d: Decimal) -> Self {
        Exact::from_decimal(d)
    }
}

impl PartialEq<Decimal> for Exact {
    fn eq(&self, other: &Decimal) -> bool {
        *self == Exact::from_decimal(*other)
    }
}

impl PartialEq for Exact {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Exact {}

impl PartialOrd for Exact {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Exact {
    fn cmp(&self, other: &Self) -> Ordering {
        match (&self.0, &other.0) {
            (Repr::Small(a), Repr::Small(b)) => {
                if a.denom() == b.denom() {
                    return a.numer().cmp(b.numer());
                }
                // Denominators are positive: a/b < c/d ⟺ a·d < c·b, when both fit.
                match (
                    i128::checked_mul(*a.numer(), *b.denom()),
                    i128::checked_mul(*b.numer(), *a.denom()),
                ) {
                    (Some(x), Some(y)) => x.cmp(&y),
                    // Ratio's ordering compares without multiplying: it cannot overflow.
                    _ => a.cmp(b),
                }
            }
            _ => self.to_big().cmp(&other.to_big()),
        }
    }
}

/// `units` × 10^-places in the machine form: `12345.60`, `-0.05`, `7`.
fn fixed_digits(negative: bool, units: u128, places: u32) -> String {
    let mut digits = [0u8; 48];
    let mut at = digits.len();
    let mut left = units;
    let mut written = 0u32;
    loop {
        if written == places && places > 0 {
            at -= 1;
            digits[at] = b'.';
        }
        at -= 1;
        // Below 2^64 the division is a hardware one.
        let digit = match u64::try_from(left) {
            Ok(small) => {
                left = u128::from(small / 10);
                small % 10
            }
            Err(_) => {
                let d = (left % 10) as u64;
                left /= 10;
                d
            }
        };
        digits[at] = b'0' + digit as u8;
        written += 1;
        if left == 0 && written > places {
            break;
        }
        if at < 2 {
            // More digits than 48: the big-integer writer takes over.
            return big_fixed_digits(negative, &BigInt::from(units), places);
        }
    }
    let mut out = String::with_capacity(digits.len() - at + 1);
    if negative {
        out.push('-');
    }
    out.extend(digits[at..].iter().map(|&b| b as char));
    out
}

/// [`fixed_digits`] for units of any size.
fn big_fixed_digits(negative: bool, units: &BigInt, places: u32) -> String {
    let digits = units.to_string();
    let places = places as usize;
    let padded = if digits.len() <= places {
        format!("{}{digits}", "0".repeat(places + 1 - digits.len()))
    } else {
        digits
    };
    let (int_part, frac_part) = padded.split_at(padded.len() - places);
    let sign = if negative { "-" } else { "" };
    if places == 0 {
        format!("{sign}{int_part}")
    } else {
        format!("{sign}{int_part}.{frac_part}")
    }
}

/// (a ÷ b) × (c ÷ d) reduced, for reduced fractions with b, d > 0: the cross gcds are
/// taken first, so the products are those of the result; `None` when one overflows.
fn small_mul(a: i128, b: i128, c: i128, d: i128) -> Option<Ratio<i128>> {
    if a == 0 || c == 0 {
        return Some(Ratio::from_integer(0));
    }
    // Both gcds are of a positive denominator: never 0.
    let g1 = i128::try_from(gcd(a.unsigned_abs(), d.unsigned_abs())).ok()?;
    let g2 = i128::try_from(gcd(c.unsigned_abs(), b.unsigned_abs())).ok()?;
    let numer = (a / g1).checked_mul(c / g2)?;
    let denom = (b / g2).checked_mul(d / g1)?;
    Some(Ratio::new_raw(numer, denom))
}

/// Greatest common divisor (binary), in 64 bits when both fit: most figures do, and a
/// 128-bit division is done in software.
fn gcd(a: u128, b: u128) -> u128 {
    if let (Ok(a), Ok(b)) = (u64::try_from(a), u64::try_from(b)) {
        return u128::from(gcd64(a, b));
    }
    let (mut a, mut b) = (a, b);
    if a == 0 || b == 0 {
        return a | b;
    }
    let shift = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    loop {
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b -= a;
        if b == 0 {
            return a << shift;
        }
    }
}

fn gcd64(mut a: u64, mut b: u64) -> u64 {
    if a == 0 || b == 0 {
        return a | b;
    }
    let shift = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    loop {
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b -= a;
        if b == 0 {
            return a << shift;
        }
    }
}

/// Both numbers' numerators, when both are integers.
fn integers(a: &Ratio<i128>, b: &Ratio<i128>) -> Option<(i128, i128)> {
    (*a.denom() == 1 && *b.denom() == 1).then(|| (*a.numer(), *b.numer()))
}

impl fmt::Debug for Exact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = self.to_big();
        write!(f, "{}/{}", r.numer(), r.denom())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    fn e(d: Decimal) -> Exact {
        Exact::from_decimal(d)
    }

    #[test]
    fn ratios_are_exact_and_round_once() {
        let third = Exact::ratio(dec!(40), dec!(10000), dec!(30000)).unwrap();
        assert_eq!(third.round(2), Some(dec!(13.33)));
        let two_thirds = Exact::ratio(dec!(40), dec!(20000), dec!(30000)).unwrap();
        assert_eq!(two_thirds.round(2), Some(dec!(26.67)));
        // 13.333… + 26.666… is exactly 40.
        assert_eq!(third.add(&two_thirds), e(dec!(40)));
        assert_eq!(e(dec!(2.345)).round(2), Some(dec!(2.35)));
        assert_eq!(e(dec!(-2.345)).round(2), Some(dec!(-2.35)));
        assert_eq!(Exact::ratio(dec!(1), dec!(1), dec!(0)), None);
    }

    #[test]
    fn arithmetic_stays_exact() {
        let third = e(dec!(1)).div(&e(dec!(3))).unwrap();
        assert_eq!(third.mul(&e(dec!(3))), e(dec!(1)));
        assert_eq!(third.sub(&third), Exact::zero());
        assert!(Exact::zero().sub(&third).is_negative());
        assert_eq!(Exact::zero().sub(&third).floor_at_zero(), Exact::zero());
        assert_eq!(
            third.to_decimal().unwrap().to_string(),
            "0.3333333333333333333333333333"
        );
        assert_eq!(e(dec!(40)).to_decimal(), Some(dec!(40)));
        assert_eq!(third.div(&Exact::zero()), None);
    }

    #[test]
    fn overflowing_figures_move_to_big_integers_and_stay_exact() {
        // 79 228 162 514 264 337 593 543 950 335 (the largest decimal) squared does not
        // fit in 128 bits.
        let m = Exact::ratio(Decimal::MAX, Decimal::MAX, Decimal::MAX).unwrap();
        assert_eq!(m, e(Decimal::MAX));
        assert_eq!(m.round(0), Some(Decimal::MAX));
        let tiny = Exact::ratio(dec!(1), dec!(0.0000000000000000000000000001), dec!(7)).unwrap();
        let sum = tiny.add(&e(Decimal::MAX));
        assert!(sum > e(Decimal::MAX));
        assert_eq!(e(dec!(0.5)).round(0), Some(dec!(1)));
        assert_eq!(e(dec!(-0.5)).round(0), Some(dec!(-1)));
        assert_eq!(e(dec!(0.49)).round(0), Some(dec!(0)));
    }

    #[test]
    fn beyond_a_decimal_nothing_saturates() {
        // (10^28)² does not fit a Decimal: no figure is made up for it.
        let huge =
            e(dec!(10000000000000000000000000000)).mul(&e(dec!(10000000000000000000000000000)));
        assert_eq!(huge.round(2), None);
        assert_eq!(huge.to_decimal(), None);
        // It is still shown, exactly, in the machine form.
        assert_eq!(huge.fixed(2), format!("1{}.00", "0".repeat(56)));
        // 1.015^9 has 27 decimals (585415667401849109483 ÷ 512 × 10^18, by Python fractions).
        let mut p = Exact::one();
        for _ in 0..9 {
            p = p.mul(&e(dec!(1.015)));
        }
        assert_eq!(p.machine(2), "1.143389975394236541958984375");
    }

    #[test]
    fn machine_and_fixed_forms() {
        assert_eq!(e(dec!(2.345)).fixed(2), "2.35");
        assert_eq!(e(dec!(-2.345)).fixed(2), "-2.35");
        assert_eq!(e(dec!(-0.001)).fixed(2), "0.00");
        assert_eq!(e(dec!(0.05)).fixed(4), "0.0500");
        assert_eq!(e(dec!(7)).fixed(0), "7");
        assert_eq!(e(dec!(0.125)).machine(2), "0.125");
        assert_eq!(e(dec!(12500)).machine(2), "12500.00");
        // 30000 ÷ 7 never ends: 28 decimals, the last rounded.
        let seventh = Exact::ratio(dec!(30000), dec!(1), dec!(7)).unwrap();
        assert_eq!(seventh.machine(2), "4285.7142857142857142857142857143");
        assert!(!seventh.has_places_within(28));
        assert_eq!(seventh.fraction(), "30000/7");
        assert_eq!(seventh.to_decimal_exact(), None);
        assert_eq!(e(dec!(0.125)).to_decimal_exact(), Some(dec!(0.125)));
        assert_eq!(e(dec!(2.50)).fraction(), "5/2");
        assert_eq!(e(dec!(-4)).fraction(), "-4");
        assert!(e(dec!(0.125)).has_places_within(3));
        assert!(!e(dec!(0.125)).has_places_within(2));
    }

    proptest::proptest! {
        /// The decimals counted from the denominator's factors are those the long
        /// division gives, and the rounding in 128-bit integers is the big-integer one.
        #[test]
        fn decimal_places_and_fast_rounding_agree_with_the_definitions(
            n in -1_000_000_000i64..1_000_000_000,
            d in 1i64..2_000_000,
            places in 0u32..12,
        ) {
            let x = Exact::from_big_ratio(BigInt::from(n), BigInt::from(d)).unwrap();
            let (num, den) = x.parts();
            let ends = (0..=40u32)
                .find(|p| (&num * BigInt::from(10u8).pow(*p)).is_multiple_of(&den));
            proptest::prop_assert_eq!(x.decimal_places(), ends);
            let scale = places * 2;
            let written = Decimal::new(n, scale);
            let by_hand = Exact::from_decimal(written);
            let by_gcd = Exact::from_big_ratio(BigInt::from(n), BigInt::from(10u8).pow(scale)).unwrap();
            proptest::prop_assert_eq!(by_hand.fraction(), by_gcd.fraction());
            let y = Exact::from_big_ratio(BigInt::from(d), BigInt::from(n.max(1))).unwrap();
            proptest::prop_assert_eq!(x.cmp(&y), x.to_big().cmp(&y.to_big()));
            proptest::prop_assert_eq!(x.mul(&y).fraction(), (x.to_big() * y.to_big()).to_string());
            proptest::prop_assert_eq!(
                x.div(&y).map(|q| q.fraction()),
                Some((x.to_big() / y.to_big()).to_string())
            );
            let minus_y = Exact::zero().sub(&y);
            proptest::prop_assert_eq!(
                x.div(&minus_y).map(|q| q.fraction()),
                Some((x.to_big() / minus_y.to_big()).to_string())
            );
            proptest::prop_assert_eq!(x.mul(&Exact::zero()).fraction(), "0");
            let (negative, units) = x.rounded_units(places);
            proptest::prop_assert_eq!(x.fixed(places), big_fixed_digits(negative, &units, places));
            let big = x.rounded_units(places);
            let small = x.small_rounded_units(places).unwrap();
            proptest::prop_assert_eq!((big.0, big.1), (small.0, BigInt::from(small.1)));
        }
    }
}
