//! Model 1.3: a global price for a number of consultations.
//!
//! Up to the quota the price stands. Beyond it, the bidder's price per extra consultation
//! applies when given; otherwise the price is scaled by usage ÷ quota and the result is
//! flagged as an extrapolation, since the bidder never quoted that volume.

use rust_decimal::Decimal;

use super::Adjustment;
use crate::exact::Exact;

/// Returns (yearly cost, adjustment), exactly; `None` when the quota is zero (the caller
/// refuses such an offer before).
pub(super) fn cost(
    price: Decimal,
    quota: Decimal,
    usage: u64,
    per_extra: Option<Decimal>,
) -> Option<(Exact, Adjustment)> {
    let k = Decimal::from(usage);
    let price_exact = Exact::from_decimal(price);
    if k <= quota {
        return Some((price_exact, Adjustment::None));
    }
    match per_extra {
        Some(rate) => {
            // 0 < K − Q ≤ K: no overflow.
            let blocks = k.checked_sub(quota)?;
            let amount = Exact::from_decimal(rate).mul(&Exact::from_decimal(blocks));
            Some((
                price_exact.add(&amount),
                Adjustment::Surcharge {
                    blocks,
                    rate,
                    amount,
                },
            ))
        }
        None => {
            // price × K ÷ Q: an exact fraction (1 000 × 30 000 ÷ 7 000 = 30 000 ÷ 7), which a
            // decimal could only round.
            let scaled = price_exact
                .mul(&Exact::from_u64(usage))
                .div(&Exact::from_decimal(quota))?;
            Some((scaled, Adjustment::Extrapolated { usage, quota }))
        }
    }
}
