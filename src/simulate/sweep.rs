//! Sweeps: each offer's yearly cost and rank as usage is scaled by a range of factors.

use rust_decimal::Decimal;

use super::{Evaluator, Measure, Point, scaled};
use crate::pricing::ScopeFacts;

/// What a sweep scales: every measure together, or one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scaled {
    All,
    One(Measure),
}

/// One step of a sweep: the factor applied to the estimate and the offers there.
#[derive(Clone, Debug)]
pub struct Step {
    pub factor: Decimal,
    pub point: Point,
}

/// Why a sweep cannot be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SweepError {
    /// The range is empty or reversed, or a factor is negative.
    #[error("the factors must go from a low to a higher one, both 0 or more")]
    BadRange,
    #[error("a sweep takes 2 to 1000 steps")]
    BadSteps,
    /// A scaled usage would not fit in 64 bits.
    #[error("a scaled usage is too large")]
    TooLarge,
}

/// `steps` factors evenly spread from `low` to `high` (both included), each rounded to
/// four decimals (half away from zero): a sweep's factors are sample points, shown as
/// they are used.
pub fn factors(low: Decimal, high: Decimal, steps: u32) -> Result<Vec<Decimal>, SweepError> {
    if low.is_sign_negative() && !low.is_zero() || high <= low {
        return Err(SweepError::BadRange);
    }
    if !(2..=1000).contains(&steps) {
        return Err(SweepError::BadSteps);
    }
    let last = Decimal::from(steps - 1);
    (0..steps)
        .map(|k| {
            let f = (high - low)
                .checked_mul(Decimal::from(k))
                .and_then(|d| d.checked_div(last))
                .and_then(|d| d.checked_add(low))
                .ok_or(SweepError::TooLarge)?;
            Ok(f.round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero))
        })
        .collect()
}

/// The estimate scaled by `factor`: every measure, or only `what`'s.
pub fn scaled_facts(
    estimate: &ScopeFacts,
    what: Scaled,
    factor: Decimal,
) -> Result<ScopeFacts, SweepError> {
    let mut facts = *estimate;
    for m in Measure::ALL {
        if what == Scaled::All || what == Scaled::One(m) {
            let n = scaled(m.get(estimate), factor).ok_or(SweepError::TooLarge)?;
            facts = m.set(&facts, n);
        }
    }
    Ok(facts)
}

/// The offers of the evaluator's lot and scope at each factor.
pub fn sweep(ev: &Evaluator, what: Scaled, factors: &[Decimal]) -> Result<Vec<Step>, SweepError> {
    factors
        .iter()
        .map(|&factor| {
            let facts = scaled_facts(&ev.estimate, what, factor)?;
            Ok(Step {
                factor,
                point: ev.at(&facts),
            })
        })
        .collect()
}
