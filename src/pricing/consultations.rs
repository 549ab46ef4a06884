//! Model 1.3: a global price for a number of consultations.
//!
//! Up to the quota the price stands. Beyond it, the bidder's price per extra consultation
//! applies when given; otherwise the price is scaled by usage ÷ quota and the result is
//! flagged as an extrapolation, since the bidder never quoted that volume.

use rust_decimal::Decimal;

use super::Adjustment;

/// Returns (yearly cost, adjustment), or `None` when the figures are too large.
pub(super) fn cost(
    price: Decimal,
    quota: Decimal,
    usage: u64,
    per_extra: Option<Decimal>,
) -> Option<(Decimal, Adjustment)> {
    let k = Decimal::from(usage);
    if k <= quota {
        return Some((price, Adjustment::None));
    }
    match per_extra {
        Some(rate) => {
            let blocks = k - quota;
            let amount = rate.checked_mul(blocks)?;
            Some((
                price.checked_add(amount)?,
                Adjustment::Surcharge {
                    blocks,
                    rate,
                    amount,
                },
            ))
        }
        None => {
            // price × K ÷ Q, multiplied first so that the division is the only rounding
            // (at the 28th significant digit, far below the cent).
            let scaled = price.checked_mul(k)?.checked_div(quota)?;
            Some((scaled, Adjustment::Extrapolated { usage, quota }))
        }
    }
}
