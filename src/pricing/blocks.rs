//! Models 1.1 (active accounts, blocks of 1 000) and 1.2 (simultaneous accesses, blocks
//! of 1): a global price for a quota, moved by whole blocks toward the estimated usage.
//!
//! Above the quota every block *begun* is charged (3 001 accounts on a quota of 2 000 is
//! two blocks of 1 000); below it only *complete* blocks are refunded (2 999 accounts
//! below a quota of 5 000 is two blocks). The cost never goes below zero.

use rust_decimal::Decimal;

use super::Adjustment;
use crate::exact::Exact;

/// Returns (yearly cost, adjustment, floored at zero), exactly. `quota` is a whole number
/// (the caller refuses a fractional quota), so the block counts are whole and exact; `None`
/// only when the caller broke that promise or gave no surcharge for a usage above the
/// quota.
pub(super) fn cost(
    price: Decimal,
    quota: Decimal,
    usage: u64,
    block: u64,
    surcharge: Option<Decimal>,
    reduction: Option<Decimal>,
) -> Option<(Exact, Adjustment, bool)> {
    let usage = Decimal::from(usage);
    let block = Decimal::from(block);
    let price_exact = Exact::from_decimal(price);
    if usage > quota {
        // 0 < usage − quota ≤ usage: no overflow.
        let blocks = usage.checked_sub(quota)?.checked_div(block)?.ceil();
        // The caller makes sure a surcharge is given when usage exceeds the quota.
        let rate = surcharge?;
        let amount = Exact::from_decimal(rate).mul(&Exact::from_decimal(blocks));
        Some((
            price_exact.add(&amount),
            Adjustment::Surcharge {
                blocks,
                rate,
                amount,
            },
            false,
        ))
    } else if usage < quota {
        let blocks = quota.checked_sub(usage)?.checked_div(block)?.floor();
        let amount = match reduction {
            Some(rate) => Exact::from_decimal(rate).mul(&Exact::from_decimal(blocks)),
            None => Exact::zero(),
        };
        if blocks.is_zero() {
            return Some((price_exact, Adjustment::None, false));
        }
        let left = price_exact.sub(&amount);
        let adjustment = Adjustment::Reduction {
            blocks,
            rate: reduction,
            amount,
        };
        if left.is_negative() {
            Some((Exact::zero(), adjustment, true))
        } else {
            Some((left, adjustment, false))
        }
    } else {
        Some((price_exact, Adjustment::None, false))
    }
}
