//! Models 1.1 (active accounts, blocks of 1 000) and 1.2 (simultaneous accesses, blocks
//! of 1): a global price for a quota, moved by whole blocks toward the estimated usage.
//!
//! Above the quota every block *begun* is charged (3 001 accounts on a quota of 2 000 is
//! two blocks of 1 000); below it only *complete* blocks are refunded (2 999 accounts
//! below a quota of 5 000 is two blocks). The cost never goes below zero.

use rust_decimal::Decimal;

use super::Adjustment;

/// Returns (yearly cost, adjustment, floored at zero), or `None` when the figures are
/// too large for exact arithmetic.
pub(super) fn cost(
    price: Decimal,
    quota: Decimal,
    usage: u64,
    block: u64,
    surcharge: Option<Decimal>,
    reduction: Option<Decimal>,
) -> Option<(Decimal, Adjustment, bool)> {
    let usage = Decimal::from(usage);
    let block = Decimal::from(block);
    if usage > quota {
        let blocks = ((usage - quota) / block).ceil();
        // The caller makes sure a surcharge is given when usage exceeds the quota.
        let rate = surcharge?;
        let amount = rate.checked_mul(blocks)?;
        Some((
            price.checked_add(amount)?,
            Adjustment::Surcharge {
                blocks,
                rate,
                amount,
            },
            false,
        ))
    } else if usage < quota {
        let blocks = ((quota - usage) / block).floor();
        let amount = match reduction {
            Some(rate) => rate.checked_mul(blocks)?,
            None => Decimal::ZERO,
        };
        if blocks.is_zero() {
            return Some((price, Adjustment::None, false));
        }
        let adjustment = Adjustment::Reduction {
            blocks,
            rate: reduction,
            amount,
        };
        if amount > price {
            Some((Decimal::ZERO, adjustment, true))
        } else {
            Some((price - amount, adjustment, false))
        }
    } else {
        Some((price, Adjustment::None, false))
    }
}
