//! Separable costs, remaining benefits.

use rust_decimal::Decimal;

use crate::award::Mark;

/// The separable-costs-remaining-benefits split (SCRB), the method of the U.S. federal
/// water projects (see Young, Okada & Hashimoto, "Cost allocation in water resources
/// development", Water Resources Research 18(3), 1982).
///
/// With `grand` = c(N), `without[i]` = c(N ∖ {i}) and `alone[i]` = c({i}):
/// - the separable cost of i is what the group saves by leaving i out:
///   sᵢ = c(N) − c(N ∖ {i});
/// - the non-separable cost is the rest: c(N) − Σ sⱼ (negative when the separable costs
///   already exceed the total: the rule then hands back that excess);
/// - the remaining benefit of i is what it saves by being in, beyond its separable cost:
///   rᵢ = c({i}) − sᵢ. A negative rᵢ (i would pay less alone than the group saves without
///   it, which a subadditive game rules out) is taken as 0: i then bears no part of the
///   non-separable cost, rather than a negative part;
/// - i pays sᵢ + non-separable × rᵢ ÷ Σ rⱼ, or sᵢ + non-separable ÷ n, in equal parts,
///   when every remaining benefit is 0.
///
/// The shares sum exactly to c(N).
///
/// # Panics
///
/// When `without` and `alone` differ in length.
pub fn scrb(grand: Decimal, without: &[Decimal], alone: &[Decimal]) -> Vec<Mark> {
    assert_eq!(
        without.len(),
        alone.len(),
        "scrb: one cost without each member and one alone"
    );
    let n = without.len();
    if n == 0 {
        return Vec::new();
    }
    let grand = Mark::from_decimal(grand);
    let separable: Vec<Mark> = without
        .iter()
        .map(|w| grand.sub(&Mark::from_decimal(*w)))
        .collect();
    let non_separable = separable.iter().fold(grand.clone(), |rest, s| rest.sub(s));
    let remaining: Vec<Mark> = alone
        .iter()
        .zip(&separable)
        .map(|(a, s)| Mark::from_decimal(*a).sub(s).floor_at_zero())
        .collect();
    let total_remaining = remaining.iter().fold(Mark::zero(), |t, r| t.add(r));
    // The rest by remaining benefits, or in equal parts when every one is 0 (n > 0).
    let per_benefit = non_separable.div(&total_remaining);
    let equal_part = non_separable.div(&Mark::from_i128(n as i128));
    separable
        .iter()
        .zip(&remaining)
        .map(|(s, r)| match (&per_benefit, &equal_part) {
            (Some(per), _) => s.add(&per.mul(r)),
            (None, Some(equal)) => s.add(equal),
            (None, None) => s.clone(),
        })
        .collect()
}
