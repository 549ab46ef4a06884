//! From a yearly cost to the cost of the whole contract.

use rust_decimal::Decimal;

/// The contract's length, its assumed yearly revision and the lot's VAT rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ContractTerms {
    pub duration_years: u32,
    pub yearly_revision: Decimal,
    pub vat_rate: Decimal,
}

impl ContractTerms {
    /// Σ over years y = 0 … n−1 of (1 + revision)^y: what one euro of the first year's
    /// price costs over the contract. Exact; `None` if it cannot be held exactly.
    pub fn revision_factor(&self) -> Option<Decimal> {
        let step = Decimal::ONE.checked_add(self.yearly_revision)?;
        let mut year_factor = Decimal::ONE;
        let mut sum = Decimal::ZERO;
        for _ in 0..self.duration_years {
            sum = sum.checked_add(year_factor)?;
            year_factor = year_factor.checked_mul(step)?;
        }
        Some(sum)
    }

    /// (contract total HT, contract total TTC) for a first-year cost HT.
    pub fn totals(&self, annual_ht: Decimal) -> Option<(Decimal, Decimal)> {
        let ht = annual_ht.checked_mul(self.revision_factor()?)?;
        let ttc = ht.checked_mul(Decimal::ONE.checked_add(self.vat_rate)?)?;
        Some((ht, ttc))
    }
}
