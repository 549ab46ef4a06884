//! Rounding shares to the cent so that they add up to the total exactly: the largest
//! remainder method (Hamilton's). Each share is cut down to the cent; the cents left over
//! go, one each, to the shares that lost the most in the cut (ties: the first member).

use rust_decimal::Decimal;

use crate::award::Mark;

/// Rounds exact shares to the cent, keeping their sum equal to `total` rounded to the
/// cent (half away from zero). When the exact shares add up to `total`, no share moves
/// by a cent or more.
pub fn to_cents(shares: &[Mark], total: impl Into<Mark>) -> Vec<Decimal> {
    let hundred = Mark::from_decimal(Decimal::ONE_HUNDRED);
    // Each share in cents, exactly, then its floor and what the floor cut off.
    let mut floors: Vec<i128> = Vec::with_capacity(shares.len());
    let mut cut: Vec<(Mark, usize)> = Vec::with_capacity(shares.len());
    for (i, s) in shares.iter().enumerate() {
        let cents = s.mul(&hundred);
        let floor = cents.floor();
        cut.push((cents.sub(&Mark::from_i128(floor)), i));
        floors.push(floor);
    }
    let target = exact_cents(&total.into());
    let mut missing = target - floors.iter().sum::<i128>();
    // Largest remainders first; equal remainders in member order.
    cut.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let n = floors.len() as i128;
    if n > 0 {
        // More cents than shares (shares not adding up to the total): spread the
        // whole rounds first, so no cent is lost.
        let rounds = missing.div_euclid(n);
        for f in &mut floors {
            *f += rounds;
        }
        missing -= rounds * n;
        for (_, i) in cut.iter().take(missing as usize) {
            floors[*i] += 1;
        }
    }
    floors
        .into_iter()
        .map(|c| Decimal::from_i128_with_scale(c, 2))
        .collect()
}

/// An exact amount in whole cents, rounded half away from zero. FIXME(exactness).
fn exact_cents(m: &Mark) -> i128 {
    let (negative, units) = m.rounded_units(2);
    let units = num_traits::ToPrimitive::to_i128(&units).unwrap_or(i128::MAX);
    if negative { -units } else { units }
}

/// An amount in whole cents, rounded half away from zero.
pub fn cents_of(d: Decimal) -> i128 {
    let r = crate::money::round(d, 2);
    r.mantissa() * 10i128.pow(2u32.saturating_sub(r.scale()))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rust_decimal::dec;

    use super::*;

    fn marks(v: &[Decimal]) -> Vec<Mark> {
        v.iter().map(|d| Mark::from_decimal(*d)).collect()
    }

    #[test]
    fn thirds_of_a_hundred_euros() {
        // 100 ÷ 3 = 33.333… each: floors 33.33 × 3 = 99.99, one cent left, to the
        // first (all remainders equal).
        let third = Mark::ratio(dec!(100), dec!(1), dec!(3)).unwrap();
        assert_eq!(
            to_cents(&[third.clone(), third.clone(), third], dec!(100)),
            vec![dec!(33.34), dec!(33.33), dec!(33.33)]
        );
    }

    #[test]
    fn the_largest_remainder_gets_the_cent() {
        // 10.004 + 10.006 + 9.99 = 30.00: floors 10.00, 10.00, 9.99 = 29.99; remainders
        // 0.4, 0.6, 0 cent: the cent goes to the second.
        assert_eq!(
            to_cents(&marks(&[dec!(10.004), dec!(10.006), dec!(9.99)]), dec!(30)),
            vec![dec!(10.00), dec!(10.01), dec!(9.99)]
        );
    }

    #[test]
    fn whole_cents_are_left_alone() {
        assert_eq!(
            to_cents(&marks(&[dec!(4320), dec!(7680)]), dec!(12000)),
            vec![dec!(4320.00), dec!(7680.00)]
        );
        assert_eq!(to_cents(&[], dec!(0)), Vec::<Decimal>::new());
    }

    proptest! {
        /// Any total split by any positive weights: the cents add up to the total, and
        /// each share is within a cent of its exact value.
        #[test]
        fn cents_add_up_and_stay_within_a_cent(
            total_cents in 0i64..10_000_000_000,
            weights in proptest::collection::vec(0u32..1_000_000, 1..60),
        ) {
            prop_assume!(weights.iter().any(|w| *w > 0));
            let total = Decimal::new(total_cents, 2);
            let sum: u64 = weights.iter().map(|w| u64::from(*w)).sum();
            let exact: Vec<Mark> = weights
                .iter()
                .map(|w| Mark::ratio(total, Decimal::from(*w), Decimal::from(sum)).unwrap())
                .collect();
            let cents = to_cents(&exact, total);
            prop_assert_eq!(cents.iter().copied().sum::<Decimal>(), total);
            for (c, e) in cents.iter().zip(&exact) {
                let gap = Mark::from_decimal(*c).sub(e);
                let one_cent = Mark::from_decimal(dec!(0.01));
                prop_assert!(gap < one_cent && Mark::zero().sub(&gap) < one_cent);
            }
        }
    }
}
