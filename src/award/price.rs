//! TEMPORARY: replaced by the price formulas module.
use rust_decimal::Decimal;

use super::Mark;
use crate::tender::PriceFormula;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PriceReference {
    pub weight: Decimal,
    pub lowest: Decimal,
    pub highest: Decimal,
    pub budget: Option<Mark>,
    pub mean_rebate: Option<Mark>,
    pub best_rebate: Option<Mark>,
}
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PriceMarks {
    pub reference: PriceReference,
    pub marks: Vec<PriceMark>,
}
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PriceMark {
    pub mark: Mark,
    pub rank: Option<usize>,
    pub rebate: Option<Mark>,
}
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PriceMarkError {
    #[error("no budget")]
    NoBudget { formula: &'static str },
    #[error("above budget")]
    AboveBudget { index: usize },
}
pub fn price_marks(
    _formula: &PriceFormula,
    weight: Decimal,
    prices: &[Decimal],
    budget: Option<&Mark>,
) -> Result<PriceMarks, PriceMarkError> {
    let lowest = prices.iter().copied().min().unwrap_or_default();
    let highest = prices.iter().copied().max().unwrap_or_default();
    Ok(PriceMarks {
        reference: PriceReference { weight, lowest, highest, budget: budget.cloned(), mean_rebate: None, best_rebate: None },
        marks: prices
            .iter()
            .map(|c| PriceMark {
                mark: if lowest.is_zero() {
                    if c.is_zero() { Mark::from_decimal(weight) } else { Mark::zero() }
                } else {
                    Mark::ratio(weight, lowest, *c).unwrap_or_else(Mark::zero)
                },
                rank: None,
                rebate: None,
            })
            .collect(),
    })
}
