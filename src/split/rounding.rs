//! Rounding shares to the cent so that they add up to the total exactly: the largest
//! remainder method (Hamilton's), keeping equal shares equal.
//!
//! Each share is cut down to the cent; the cents left over go, one each, to the shares
//! that lost the most in the cut (equal remainders: the first member first). Members
//! whose exact shares are equal are taken together: they all get a cent or none does,
//! so a cent never tells apart two members the split treats alike. When the cents left
//! cannot go to whole sets of equals, the sets that fit are taken in order of remainder
//! and those that do not are passed over for smaller remainders (a member with nothing
//! cut never gets one: no share moves by a cent or more). Only when no choice of whole
//! sets adds up do equal members differ, by one cent, to the first in member order; the
//! result says which ([`UnevenCents`]).

use rust_decimal::Decimal;

use crate::award::Mark;

/// Shares rounded to the cent, and the equal shares that the cents had to tell apart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cents {
    pub cents: Vec<Decimal>,
    pub uneven: Vec<UnevenCents>,
}

/// Members with equal exact shares that do not pay the same to the cent: those listed
/// first pay one cent more than the others (the cents left over did not go round).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnevenCents {
    pub with_cent: Vec<usize>,
    pub without: Vec<usize>,
}

/// Rounds exact shares to the cent, keeping their sum equal to `total` rounded to the
/// cent (half away from zero). When the exact shares add up to `total`, no share moves
/// by a cent or more.
pub fn to_cents(shares: &[Mark], total: impl Into<Mark>) -> Vec<Decimal> {
    round_to_cents(shares, total).cents
}

/// [`to_cents`], saying which equal shares ended a cent apart.
///
/// The total must stay below 10^26 € (the split checks it first): its cents, and every
/// share's, then fit the integers used.
pub fn round_to_cents(shares: &[Mark], total: impl Into<Mark>) -> Cents {
    let total: Mark = total.into();
    let hundred = Mark::from_decimal(Decimal::ONE_HUNDRED);
    // Each share in cents, exactly, then its floor and what the floor cut off.
    let mut floors: Vec<i128> = Vec::with_capacity(shares.len());
    let mut cut: Vec<Mark> = Vec::with_capacity(shares.len());
    for s in shares {
        let cents = s.mul(&hundred);
        let floor = cents.floor();
        cut.push(cents.sub(&Mark::from_i128(floor)));
        floors.push(floor);
    }
    let n = floors.len() as i128;
    let mut missing = exact_cents(&total).saturating_sub(floors.iter().sum::<i128>());
    if n > 0 {
        // More cents than shares (shares not adding up to the total): spread the
        // whole rounds first, so no cent is lost.
        let rounds = missing.div_euclid(n);
        for f in &mut floors {
            *f += rounds;
        }
        missing -= rounds * n;
    }
    let sets = equal_sets(shares, &cut);
    let missing = usize::try_from(missing).unwrap_or(0);
    let eligible: Vec<usize> = sets
        .iter()
        .filter(|s| !cut[s[0]].is_zero())
        .map(Vec::len)
        .collect();
    let mut uneven = Vec::new();
    match whole_sets(&eligible, missing) {
        Some(taken) => {
            for (set, _) in sets.iter().zip(&taken).filter(|(_, t)| **t) {
                set.iter().for_each(|&i| floors[i] += 1);
            }
        }
        None => {
            // Plain largest remainder, set after set; the set the cents run out in is
            // split, its first members getting the cent.
            let mut left = missing;
            for set in &sets {
                let given = left.min(set.len());
                set[..given].iter().for_each(|&i| floors[i] += 1);
                if given > 0 && given < set.len() {
                    uneven.push(UnevenCents {
                        with_cent: set[..given].to_vec(),
                        without: set[given..].to_vec(),
                    });
                }
                left -= given;
            }
        }
    }
    Cents {
        cents: floors
            .into_iter()
            .map(|c| Decimal::from_i128_with_scale(c, 2))
            .collect(),
        uneven,
    }
}

/// The members in sets of equal exact shares (each in member order), the sets by
/// remainder, largest first, then by their first member.
fn equal_sets(shares: &[Mark], cut: &[Mark]) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by(|&a, &b| shares[a].cmp(&shares[b]).then(a.cmp(&b)));
    let mut sets: Vec<Vec<usize>> = Vec::new();
    for i in order {
        match sets.last_mut() {
            Some(set) if shares[set[0]] == shares[i] => set.push(i),
            _ => sets.push(vec![i]),
        }
    }
    sets.sort_by(|a, b| cut[b[0]].cmp(&cut[a[0]]).then(a[0].cmp(&b[0])));
    sets
}

/// Which sets (of these sizes, in order of preference) take one cent per member so that
/// exactly `cents` are given: the first set is taken whenever the rest can still add up,
/// and so on. `None` when no choice adds up. (The sets beyond `sizes` get nothing.)
fn whole_sets(sizes: &[usize], cents: usize) -> Option<Vec<bool>> {
    // reach[j]: the bit set of the totals c ≤ cents that the sets j.. can give exactly
    // (one bit per total: sets × cents ÷ 8 bytes).
    let words = cents / 64 + 1;
    let mut reach = vec![vec![0u64; words]; sizes.len() + 1];
    reach[sizes.len()][0] = 1;
    for j in (0..sizes.len()).rev() {
        let (head, tail) = reach.split_at_mut(j + 1);
        let (row, next) = (&mut head[j], &tail[0]);
        row.copy_from_slice(next);
        or_shifted(row, next, sizes[j]);
    }
    let has = |row: &[u64], c: usize| row[c / 64] >> (c % 64) & 1 == 1;
    if !has(&reach[0], cents) {
        return None;
    }
    let mut left = cents;
    let mut taken = Vec::with_capacity(sizes.len());
    for (j, &size) in sizes.iter().enumerate() {
        let take = size <= left && has(&reach[j + 1], left - size);
        if take {
            left -= size;
        }
        taken.push(take);
    }
    Some(taken)
}

/// row |= next << shift, within the row's bits.
fn or_shifted(row: &mut [u64], next: &[u64], shift: usize) {
    let (whole, bits) = (shift / 64, shift % 64);
    for w in (whole..row.len()).rev() {
        let from = w - whole;
        let mut v = next[from] << bits;
        if bits > 0 && from > 0 {
            v |= next[from - 1] >> (64 - bits);
        }
        row[w] |= v;
    }
}

/// An exact amount in whole cents, rounded half away from zero (within ±2^127 cents,
/// far beyond the 10^26 € the split accepts).
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

    #[test]
    fn equal_shares_get_equal_cents_when_the_cents_allow() {
        // x = 10.335 (members 0 and 2), y = 20.334, z = 9.996: 51.00 in all. Floors
        // 10.33 + 20.33 + 10.33 + 9.99 = 50.98: two cents left. Remainders: z 0.6 of a
        // cent, each x 0.5, y 0.4. The plain largest remainder would give z and the first
        // x a cent, and the two x would differ; the two x are kept together, so the cents
        // go to z and y.
        let r = round_to_cents(
            &marks(&[dec!(10.335), dec!(20.334), dec!(10.335), dec!(9.996)]),
            dec!(51),
        );
        assert_eq!(
            r.cents,
            vec![dec!(10.33), dec!(20.34), dec!(10.33), dec!(10.00)]
        );
        assert!(r.uneven.is_empty());
    }

    #[test]
    fn equal_shares_that_cannot_get_equal_cents_are_said() {
        // 100 ÷ 3 three times: one cent left for three equal shares, no other share to
        // take it. The first in member order gets it, and the result says so.
        let third = Mark::ratio(dec!(100), dec!(1), dec!(3)).unwrap();
        let r = round_to_cents(&[third.clone(), third.clone(), third], dec!(100));
        assert_eq!(r.cents, vec![dec!(33.34), dec!(33.33), dec!(33.33)]);
        assert_eq!(
            r.uneven,
            vec![UnevenCents {
                with_cent: vec![0],
                without: vec![1, 2]
            }]
        );
    }

    proptest! {
        /// Shares with many equals (weights 0 to 4): the cents add up, each share stays
        /// within a cent, equal exact shares get equal cents unless the result names them
        /// as split, and a split is named only when no choice of whole sets of equals
        /// (with something cut) could take the cents left (checked by trying every
        /// choice).
        #[test]
        fn equal_shares_stay_equal_whenever_some_choice_allows(
            total_cents in 0i64..1_000_000,
            weights in proptest::collection::vec(0u32..5, 1..12),
        ) {
            prop_assume!(weights.iter().any(|w| *w > 0));
            let total = Decimal::new(total_cents, 2);
            let sum: u64 = weights.iter().map(|w| u64::from(*w)).sum();
            let exact: Vec<Mark> = weights
                .iter()
                .map(|w| Mark::ratio(total, Decimal::from(*w), Decimal::from(sum)).unwrap())
                .collect();
            let r = round_to_cents(&exact, total);
            prop_assert_eq!(r.cents.iter().copied().sum::<Decimal>(), total);
            let one_cent = Mark::from_decimal(dec!(0.01));
            for (c, e) in r.cents.iter().zip(&exact) {
                let gap = Mark::from_decimal(*c).sub(e);
                prop_assert!(gap < one_cent && Mark::zero().sub(&gap) < one_cent);
            }
            let split_apart = |i: usize, j: usize| {
                r.uneven.iter().any(|u| {
                    let both = [i, j];
                    both.iter().all(|k| u.with_cent.contains(k) || u.without.contains(k))
                })
            };
            for i in 0..exact.len() {
                for j in 0..exact.len() {
                    if exact[i] == exact[j] && r.cents[i] != r.cents[j] {
                        prop_assert!(split_apart(i, j), "{:?}", r);
                    }
                }
            }
            if !r.uneven.is_empty() {
                // Sets of equals with something cut, and the cents they must take.
                let hundred = Mark::from_decimal(Decimal::ONE_HUNDRED);
                let cut = |m: &Mark| {
                    let c = m.mul(&hundred);
                    c.sub(&Mark::from_i128(c.floor()))
                };
                let mut sizes: Vec<usize> = Vec::new();
                let mut seen: Vec<&Mark> = Vec::new();
                for e in &exact {
                    if !cut(e).is_zero() && !seen.contains(&e) {
                        seen.push(e);
                        sizes.push(exact.iter().filter(|x| *x == e).count());
                    }
                }
                let floors: i128 = exact.iter().map(|e| e.mul(&hundred).floor()).sum();
                let missing = (total_cents as i128 - floors) as usize;
                let any = (0u32..1 << sizes.len()).any(|mask| {
                    (0..sizes.len()).filter(|k| mask >> k & 1 == 1).map(|k| sizes[k]).sum::<usize>()
                        == missing
                });
                prop_assert!(!any, "a choice of whole sets existed: {:?} {}", sizes, missing);
            }
        }


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
