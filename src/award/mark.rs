//! Marks as exact fractions.
//!
//! A price mark is a ratio of costs (lowest ÷ cost × weight): in decimal it rarely ends.
//! Held as a fraction ([`Exact`]), a total is exact, two totals that are equal are found
//! equal (a tie is a legal fact, not a rounding accident), and rounding happens once, for
//! display.

pub use crate::exact::Exact;

/// A mark (price, technical, total): an exact fraction.
pub type Mark = Exact;
