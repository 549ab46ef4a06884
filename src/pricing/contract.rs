//! From a yearly cost to the cost of the whole contract.

use rust_decimal::Decimal;

use crate::exact::Exact;

/// The contract's length, its assumed yearly revision and the lot's VAT rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ContractTerms {
    pub duration_years: u32,
    pub yearly_revision: Decimal,
    pub vat_rate: Decimal,
}

impl ContractTerms {
    /// Σ over years y = 0 … n−1 of (1 + revision)^y: what one euro of the first year's
    /// price costs over the contract. Exact: ten years at 1.5 % already need more digits
    /// than a `Decimal` holds (1.015^9 has 27 decimals), thirty years at a rate with four
    /// decimals over a hundred.
    pub fn revision_factor(&self) -> Exact {
        let step = Exact::one().add(&Exact::from_decimal(self.yearly_revision));
        let mut year_factor = Exact::one();
        let mut sum = Exact::zero();
        for _ in 0..self.duration_years {
            sum = sum.add(&year_factor);
            year_factor = year_factor.mul(&step);
        }
        sum
    }

    /// 1 + the lot's VAT rate.
    pub fn vat_factor(&self) -> Exact {
        Exact::one().add(&Exact::from_decimal(self.vat_rate))
    }

    /// (contract total HT, contract total TTC) for a first-year cost HT, exactly.
    pub fn totals(&self, annual_ht: &Exact) -> (Exact, Exact) {
        self.factors().totals(annual_ht)
    }

    /// The revision and VAT factors, computed once for the many offers of a lot.
    pub fn factors(&self) -> ContractFactors {
        ContractFactors {
            revision: self.revision_factor(),
            vat: self.vat_factor(),
        }
    }
}

/// [`ContractTerms::revision_factor`] and [`ContractTerms::vat_factor`], computed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContractFactors {
    pub revision: Exact,
    pub vat: Exact,
}

impl ContractFactors {
    /// (contract total HT, contract total TTC) for a first-year cost HT, exactly.
    pub fn totals(&self, annual_ht: &Exact) -> (Exact, Exact) {
        let ht = annual_ht.mul(&self.revision);
        let ttc = ht.mul(&self.vat);
        (ht, ttc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    #[test]
    fn ten_years_at_one_and_a_half_per_cent_stay_exact() {
        let terms = ContractTerms {
            duration_years: 10,
            yearly_revision: dec!(0.015),
            vat_rate: dec!(0.20),
        };
        // Σ 1.015^y, y = 0…9 = (1.015^10 − 1) ÷ 0.015 (a geometric series).
        let ten = (0..10).fold(Exact::one(), |p, _| {
            p.mul(&Exact::from_decimal(dec!(1.015)))
        });
        let expected = ten
            .sub(&Exact::one())
            .div(&Exact::from_decimal(dec!(0.015)))
            .unwrap();
        assert_eq!(terms.revision_factor(), expected);
        let (ht, ttc) = terms.totals(&Exact::from_decimal(dec!(30000)));
        assert_eq!(ht, expected.mul(&Exact::from_decimal(dec!(30000))));
        assert_eq!(ttc, ht.mul(&Exact::from_decimal(dec!(1.2))));
        // 30 000 × 5479793494191789741683 ÷ 512 × 10^18, worked with Python's fractions
        // module: 29 significant digits, one more than a Decimal holds.
        assert_eq!(ht.machine(2), "321081.65005030018017673828125");
        assert_eq!(ht.fixed(2), "321081.65");
        // One year: the yearly cost itself, whatever the revision.
        let one = ContractTerms {
            duration_years: 1,
            ..terms
        };
        assert_eq!(one.revision_factor(), Exact::one());
    }
}
