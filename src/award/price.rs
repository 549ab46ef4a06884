//! Price marks: the formulas that turn the prices of one lot and scope into marks.
//!
//! Every formula measures an offer's price `c` against figures of the whole lot and scope:
//! the lowest price `L`, the highest `H`, and for three of them the budget `B` (the
//! scope's ceiling). Those figures are kept in a [`PriceReference`], so that `explain` can
//! show each mark with its numbers put in ([`working`]).
//!
//! Marks are exact fractions ([`Mark`]), except for `concave`, whose fractional power is
//! irrational in general (see [`PriceFormula::Concave`] below).
//!
//! Prices are costs: they are never negative (a cost is floored at zero upstream). The
//! caller chooses the basis they are compared in (yearly € HT or contract € TTC) and gives
//! the budget in that same basis. The budget formulas do not depend on the basis: every
//! basis is the yearly HT cost times one factor per lot (years, revision, VAT), and the
//! ratio (B − c) ÷ (B − L) and the rebates (B − c) ÷ B are unchanged when B and every c
//! are multiplied by the same factor.

use rust_decimal::{Decimal, MathematicalOps};

use super::mark::Mark;
use crate::lang::Lang;
use crate::money::human;
use crate::tender::PriceFormula;

/// The lot-and-scope figures every offer's mark is measured from, kept to explain a mark.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PriceReference {
    pub weight: Decimal,
    /// The lowest price L (0 when there is no price), exact.
    pub lowest: Mark,
    /// The highest price H (0 when there is no price), exact.
    pub highest: Mark,
    /// The budget B in the compared basis (exact; may be a fraction such as 90000 ÷ 1.2).
    /// Only for the budget formulas.
    pub budget: Option<Mark>,
    /// Bilinear only: the mean rebate and the best rebate, as exact fractions of the budget.
    pub mean_rebate: Option<Mark>,
    pub best_rebate: Option<Mark>,
}

/// The marks of the offers of one lot and scope, with the figures they were measured from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PriceMarks {
    pub reference: PriceReference,
    /// In the order of the prices given.
    pub marks: Vec<PriceMark>,
}

/// One offer's price mark.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PriceMark {
    pub mark: Mark,
    /// rank_points: the price rank used (1 = lowest; equal prices share the better rank,
    /// 1, 1, 3).
    pub rank: Option<usize>,
    /// The rebate (B − c) ÷ B for budget formulas (0 when B = 0).
    pub rebate: Option<Mark>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PriceMarkError {
    /// A budget formula without a budget for this scope.
    #[error("the price formula {formula} needs a budget for this scope")]
    NoBudget { formula: &'static str },
    /// An offer above the budget (should have been excluded as unacceptable before).
    #[error("the price at position {index} is above the budget")]
    AboveBudget { index: usize },
    /// A formula parameter outside its range: concave α not in (0, 1], bilinear X not in
    /// [0, 1]. The loader checks them; this guards the arithmetic.
    #[error("the parameter of the price formula {formula} is out of range")]
    BadParameter { formula: &'static str },
    /// The power of the concave formula could not be computed (rust_decimal's `powd`
    /// failed): no mark is made up.
    #[error("the power r^α of the concave formula cannot be computed")]
    Power,
    /// The lowest price is 0 and another is not: the formula (proportional, linear)
    /// divides by the lowest price, so every offer but those at 0 would get 0, whatever
    /// its price. `at_zero` are the positions of the prices at 0.
    #[error(
        "the lowest price is 0: the price formula {formula} cannot tell the other offers apart"
    )]
    ZeroLowestPrice {
        formula: &'static str,
        at_zero: Vec<usize>,
    },
}

impl PriceMarkError {
    /// A stable key for scripts.
    pub fn key(&self) -> &'static str {
        match self {
            PriceMarkError::NoBudget { .. } => "no_budget",
            PriceMarkError::AboveBudget { .. } => "above_budget",
            PriceMarkError::BadParameter { .. } => "bad_parameter",
            PriceMarkError::Power => "power_not_computable",
            PriceMarkError::ZeroLowestPrice { .. } => "zero_lowest_price",
        }
    }
}

fn m(d: Decimal) -> Mark {
    Mark::from_decimal(d)
}

fn plain(mark: Mark) -> PriceMark {
    PriceMark {
        mark,
        rank: None,
        rebate: None,
    }
}

/// Marks of all admissible offers of one lot and scope. `prices` are in the compared basis
/// (yearly € HT or contract € TTC: the caller chooses), exact whatever the contract's
/// length; `budget` in that same basis.
///
/// The rules, formula by formula (w the weight, c the price, L and H the lowest and
/// highest prices, B the budget):
///
/// - `proportional`: w × L ÷ c, exact. When L = 0 and another price is above 0, the
///   marks mean nothing (every offer above 0 would get 0, whatever its price):
///   [`PriceMarkError::ZeroLowestPrice`]. When every price is 0, each gets w.
/// - `linear`: w × (1 − (c − L) ÷ L) = w × (2L − c) ÷ L, floored at 0: an offer at twice
///   the lowest price or more gets 0. When L = 0, as `proportional`.
///
/// The other formulas keep their meaning when L = 0: `linear_range` measures from H,
/// `rank_points` uses ranks, and the budget formulas measure from B (an offer at 0 has
/// the full rebate).
/// - `linear_range`: w × (H − c) ÷ (H − L). When H = L (one offer, or all at one price),
///   every offer gets w.
/// - `rank_points`: the prices are ranked, lowest first, in competition ranking (equal
///   prices share the better rank: 1, 1, 3); rank r gets the table's r-th points, 0 past
///   the end of the table. The weight is not used (the loader checks that the table does
///   not increase and that each point is between 0 and w).
/// - `linear_budget`: w × (B − c) ÷ (B − L). When B = L, no offer is below the budget
///   (every offer is at B): every offer gets 0, as no saving on the budget earns no
///   points.
/// - `concave`: w × r^α with r = (B − c) ÷ (B − L), 0 < α ≤ 1. The only formula whose
///   mark is not an exact fraction: r is exact, but r^α is irrational in general. It is
///   computed with rust_decimal's `powd` (e^(α × ln r), ln and exp each in wide
///   precision, then rounded to a decimal) on r rounded to 28 significant digits, then clamped to [0, 1]; the mark
///   is w times that decimal, exactly. The result is deterministic (same inputs, same
///   mark) and good to about 26 significant digits, far beyond the two places shown,
///   but not exact even where the power is: √0.25 comes out as
///   0.5000000000000000000000000002, and 0.999…9 (28 nines) to the power 0.5 as
///   1.0000000000000000000000000004, hence the clamp. r = 0 gives 0, r = 1 gives w
///   exactly, and α = 1 gives the exact fraction of `linear_budget`, without `powd`.
///   When B = L, every offer gets 0, as in `linear_budget`.
/// - `bilinear`: the formula of the Italian anti-corruption authority (ANAC), Linee guida
///   n. 2, "Offerta economicamente più vantaggiosa" (delibera n. 1005 of 21 September
///   2016, GU n. 238 of 11 October 2016; updated by delibera n. 424 of 2 May 2018, GU of
///   25 May 2018), part IV, "La valutazione degli elementi quantitativi":
///
///   ```text
///   Ci (for Ai ≤ Asoglia) = X × Ai ÷ Asoglia
///   Ci (for Ai > Asoglia) = X + (1 − X) × (Ai − Asoglia) ÷ (Amax − Asoglia)
///   ```
///
///   where Ai is the rebate of offer i on the base price, here the budget: Ai = (B − c)
///   ÷ B; Asoglia (the "soglia") the arithmetic mean of the rebates of the admissible
///   offers; Amax the best rebate; X the coefficient the buyer sets, 0.80, 0.85 or 0.90
///   (any X in [0, 1] is computed). The mark is w × Ci, an exact fraction. The branches
///   meet at Ai = Asoglia (Ci = X), and the best offer gets w. The second branch is taken
///   only when Amax ≥ Ai > Asoglia, so it never divides by zero. When Asoglia = 0 (every
///   offer at the budget: no rebate at all), every offer gets 0. When B = 0 (then every
///   price is 0) the rebates are taken as 0, so every offer gets 0 too.
///
/// For the budget formulas, a missing budget is [`PriceMarkError::NoBudget`] (checked
/// before anything else, even when there is no price), and a price above the budget is
/// [`PriceMarkError::AboveBudget`] with the position of the first one: such an offer is
/// unacceptable and must have been excluded before the marks. A price at the budget is
/// allowed (its mark is 0).
pub fn price_marks(
    formula: &PriceFormula,
    weight: Decimal,
    prices: &[Mark],
    budget: Option<&Mark>,
) -> Result<PriceMarks, PriceMarkError> {
    let lowest = prices.iter().min().cloned().unwrap_or_else(Mark::zero);
    let highest = prices.iter().max().cloned().unwrap_or_else(Mark::zero);
    let mut reference = PriceReference {
        weight,
        lowest: lowest.clone(),
        highest: highest.clone(),
        budget: None,
        mean_rebate: None,
        best_rebate: None,
    };
    if matches!(formula, PriceFormula::Proportional | PriceFormula::Linear)
        && lowest.is_zero()
        && highest > lowest
    {
        return Err(PriceMarkError::ZeroLowestPrice {
            formula: formula.key(),
            at_zero: (0..prices.len()).filter(|&i| prices[i].is_zero()).collect(),
        });
    }
    let w = m(weight);
    let marks = match formula {
        PriceFormula::Proportional => prices
            .iter()
            .map(|c| plain(proportional(&w, &lowest, c)))
            .collect(),
        PriceFormula::Linear => prices
            .iter()
            .map(|c| {
                // w × (2L − c) ÷ L, floored at 0; as proportional when L = 0.
                let mark = match w.mul(&lowest.add(&lowest).sub(c)).div(&lowest) {
                    Some(mark) => mark.floor_at_zero(),
                    None => proportional(&w, &lowest, c),
                };
                plain(mark)
            })
            .collect(),
        PriceFormula::LinearRange => {
            let range = highest.sub(&lowest);
            prices
                .iter()
                .map(|c| {
                    let mark = match w.mul(&highest.sub(c)).div(&range) {
                        Some(mark) => mark,
                        // H = L: every offer is at the one price.
                        None => w.clone(),
                    };
                    plain(mark)
                })
                .collect()
        }
        PriceFormula::RankPoints(table) => {
            let ranks = competition_ranks(prices);
            ranks
                .into_iter()
                .map(|rank| PriceMark {
                    mark: table.get(rank - 1).copied().map_or_else(Mark::zero, m),
                    rank: Some(rank),
                    rebate: None,
                })
                .collect()
        }
        PriceFormula::LinearBudget
        | PriceFormula::Concave { .. }
        | PriceFormula::Bilinear { .. } => {
            let budget = budget.ok_or(PriceMarkError::NoBudget {
                formula: formula.key(),
            })?;
            check_parameter(formula)?;
            if let Some(index) = prices.iter().position(|c| c > budget) {
                return Err(PriceMarkError::AboveBudget { index });
            }
            reference.budget = Some(budget.clone());
            let rebates: Vec<Mark> = prices.iter().map(|c| rebate(budget, c)).collect();
            match formula {
                PriceFormula::Bilinear { share } => bilinear(&w, *share, rebates, &mut reference),
                PriceFormula::Concave { alpha } => prices
                    .iter()
                    .zip(rebates)
                    .map(|(c, rebate)| {
                        Ok(PriceMark {
                            mark: concave(&w, *alpha, &budget_ratio(budget, &lowest, c))?,
                            rank: None,
                            rebate: Some(rebate),
                        })
                    })
                    .collect::<Result<_, _>>()?,
                _ => prices
                    .iter()
                    .zip(rebates)
                    .map(|(c, rebate)| PriceMark {
                        mark: w.mul(&budget_ratio(budget, &lowest, c)),
                        rank: None,
                        rebate: Some(rebate),
                    })
                    .collect(),
            }
        }
    };
    Ok(PriceMarks { reference, marks })
}

fn check_parameter(formula: &PriceFormula) -> Result<(), PriceMarkError> {
    let fine = match formula {
        PriceFormula::Concave { alpha } => *alpha > Decimal::ZERO && *alpha <= Decimal::ONE,
        PriceFormula::Bilinear { share } => *share >= Decimal::ZERO && *share <= Decimal::ONE,
        _ => true,
    };
    if fine {
        Ok(())
    } else {
        Err(PriceMarkError::BadParameter {
            formula: formula.key(),
        })
    }
}

/// w × L ÷ c; when L = 0, w for an offer at 0 and 0 for the others (c ≥ L, so c = 0 is
/// the only price whose division is undefined, and then L = 0 too).
fn proportional(w: &Mark, lowest: &Mark, c: &Mark) -> Mark {
    match w.mul(lowest).div(c) {
        Some(mark) => mark,
        None if lowest.is_zero() && c.is_zero() => w.clone(),
        None => Mark::zero(),
    }
}

/// Competition ranks of prices, lowest first: 1 + the number of strictly lower prices.
fn competition_ranks(prices: &[Mark]) -> Vec<usize> {
    let mut sorted = prices.to_vec();
    sorted.sort();
    prices
        .iter()
        .map(|c| sorted.partition_point(|p| p < c) + 1)
        .collect()
}

/// (B − c) ÷ B, or 0 when B = 0 (then every price is 0: there is nothing to save).
fn rebate(budget: &Mark, c: &Mark) -> Mark {
    budget.sub(c).div(budget).unwrap_or_else(Mark::zero)
}

/// r = (B − c) ÷ (B − L) ∈ [0, 1], or 0 when B = L (no saving on the budget).
fn budget_ratio(budget: &Mark, lowest: &Mark, c: &Mark) -> Mark {
    budget
        .sub(c)
        .div(&budget.sub(lowest))
        .unwrap_or_else(Mark::zero)
}

/// w × r^α; exact when r is 0 or 1 or α = 1.
fn concave(w: &Mark, alpha: Decimal, r: &Mark) -> Result<Mark, PriceMarkError> {
    if r.is_zero() {
        return Ok(Mark::zero());
    }
    if *r == Mark::one() {
        return Ok(w.clone());
    }
    if alpha == Decimal::ONE {
        return Ok(w.mul(r));
    }
    // 0 < r < 1 and 0 < α < 1: r^α is in (r, 1), far from any overflow. A ratio below
    // 10^-28 reads as 0, and 0^α is 0.
    let power = r
        .to_decimal()
        .and_then(|r| r.checked_powd(alpha))
        .ok_or(PriceMarkError::Power)?
        .clamp(Decimal::ZERO, Decimal::ONE);
    Ok(w.mul(&m(power)))
}

/// The bilinear marks (see [`price_marks`]); records the mean and best rebates in the
/// reference.
fn bilinear(
    w: &Mark,
    share: Decimal,
    rebates: Vec<Mark>,
    reference: &mut PriceReference,
) -> Vec<PriceMark> {
    if rebates.is_empty() {
        return Vec::new();
    }
    let count = m(Decimal::from(rebates.len()));
    let sum = rebates.iter().fold(Mark::zero(), |s, a| s.add(a));
    let mean = sum.div(&count).unwrap_or_else(Mark::zero);
    let best = rebates.iter().max().cloned().unwrap_or_else(Mark::zero);
    let x = m(share);
    let one_minus_x = m(Decimal::ONE - share);
    let marks = rebates
        .into_iter()
        .map(|a| {
            let coefficient = if a <= mean {
                // X × Ai ÷ Asoglia; 0 when Asoglia = 0 (then every Ai is 0).
                x.mul(&a).div(&mean).unwrap_or_else(Mark::zero)
            } else {
                // Ai > Asoglia, so Amax ≥ Ai > Asoglia.
                let above = a
                    .sub(&mean)
                    .div(&best.sub(&mean))
                    .unwrap_or_else(Mark::zero);
                x.add(&one_minus_x.mul(&above))
            };
            PriceMark {
                mark: w.mul(&coefficient),
                rank: None,
                rebate: Some(a),
            }
        })
        .collect();
    reference.mean_rebate = Some(mean);
    reference.best_rebate = Some(best);
    marks
}

/// A parameter as written: `40`, `0,85` / `0.85`, `37,5`.
fn param(value: Decimal, lang: Lang) -> String {
    crate::money::human_exact(value, lang)
}

fn money(value: impl crate::money::Amount, lang: Lang) -> String {
    human(value, 2, lang)
}

fn mark2(mark: &Mark, lang: Lang) -> String {
    human(mark, 2, lang)
}

/// A fraction of the budget as a percentage to 4 places: `12,5000 %` / `12.5000%`.
fn percent(value: &Mark, lang: Lang) -> String {
    let hundredfold = value.mul(&m(Decimal::ONE_HUNDRED));
    crate::money::percent(&hundredfold, 4, lang)
}

/// The formula in words and symbols for people, fr or en (e.g. "poids × plus bas ÷ prix").
/// The weight is named, not given: the text describes the formula, whatever the weight.
pub fn formula_text(formula: &PriceFormula, lang: Lang) -> String {
    let t = |fr: &str, en: &str| lang.pick(fr, en).to_string();
    match formula {
        PriceFormula::Proportional => t("poids × plus bas ÷ prix", "weight × lowest ÷ price"),
        PriceFormula::Linear => t(
            "poids × (1 − (prix − plus bas) ÷ plus bas), au moins 0",
            "weight × (1 − (price − lowest) ÷ lowest), at least 0",
        ),
        PriceFormula::LinearRange => t(
            "poids × (plus haut − prix) ÷ (plus haut − plus bas)",
            "weight × (highest − price) ÷ (highest − lowest)",
        ),
        PriceFormula::RankPoints(table) => {
            let points = table
                .iter()
                .map(|p| param(*p, lang))
                .collect::<Vec<_>>()
                .join(lang.pick(" ; ", "; "));
            match lang {
                Lang::Fr => format!("points selon le rang du prix : {points} ; 0 au-delà"),
                Lang::En => format!("points by price rank: {points}; 0 beyond"),
            }
        }
        PriceFormula::LinearBudget => t(
            "poids × (budget − prix) ÷ (budget − plus bas)",
            "weight × (budget − price) ÷ (budget − lowest)",
        ),
        PriceFormula::Concave { alpha } => {
            let a = param(*alpha, lang);
            match lang {
                Lang::Fr => format!("poids × ((budget − prix) ÷ (budget − plus bas))^{a}"),
                Lang::En => format!("weight × ((budget − price) ÷ (budget − lowest))^{a}"),
            }
        }
        PriceFormula::Bilinear { share } => {
            let x = param(*share, lang);
            let rest = param(Decimal::ONE - share, lang);
            match lang {
                Lang::Fr => format!(
                    "bilinéaire (ANAC), rabais = (budget − prix) ÷ budget : \
                     poids × {x} × rabais ÷ rabais moyen jusqu'au rabais moyen, \
                     au-delà poids × ({x} + {rest} × (rabais − rabais moyen) ÷ \
                     (meilleur rabais − rabais moyen))"
                ),
                Lang::En => format!(
                    "bilinear (ANAC), rebate = (budget − price) ÷ budget: \
                     weight × {x} × rebate ÷ mean rebate up to the mean rebate, \
                     above it weight × ({x} + {rest} × (rebate − mean rebate) ÷ \
                     (best rebate − mean rebate))"
                ),
            }
        }
    }
}

/// The formula with this offer's numbers put in, and its result to 2 places, for `explain`
/// (e.g. "40 × 10 000,00 ÷ 12 500,00 = 32,00"). For concave, the ratio to 6 places and the
/// power; for bilinear, the rebates in % (4 places) and which branch applied. Prices and
/// the budget are shown to the cent; the result is `mark` rounded, never recomputed.
pub fn working(
    formula: &PriceFormula,
    reference: &PriceReference,
    price: &Mark,
    mark: &PriceMark,
    lang: Lang,
) -> String {
    let w = param(reference.weight, lang);
    let c = money(price, lang);
    let low = money(&reference.lowest, lang);
    let high = money(&reference.highest, lang);
    let result = mark2(&mark.mark, lang);
    let budget = reference.budget.as_ref().map(|b| money(b, lang));
    let lowest_is_zero = || match lang {
        Lang::Fr if price.is_zero() => format!("plus bas = {low} : offre à {c} → {result}"),
        Lang::Fr => format!("plus bas = {low} : offre au-dessus de 0 → {result}"),
        Lang::En if price.is_zero() => format!("lowest = {low}: offer at {c} → {result}"),
        Lang::En => format!("lowest = {low}: offer above 0 → {result}"),
    };
    let no_saving = |b: &str| match lang {
        Lang::Fr => format!("budget {b} = plus bas : aucune économie → {result}"),
        Lang::En => format!("budget {b} = lowest: no saving → {result}"),
    };
    match formula {
        PriceFormula::Proportional => {
            if reference.lowest.is_zero() {
                lowest_is_zero()
            } else {
                format!("{w} × {low} ÷ {c} = {result}")
            }
        }
        PriceFormula::Linear => {
            if reference.lowest.is_zero() {
                return lowest_is_zero();
            }
            let text = format!("{w} × (1 − ({c} − {low}) ÷ {low})");
            // Above twice the lowest price the formula is negative: the mark is 0.
            if *price > reference.lowest.add(&reference.lowest) {
                format!("{text} < 0 → {result}")
            } else {
                format!("{text} = {result}")
            }
        }
        PriceFormula::LinearRange => {
            if reference.highest == reference.lowest {
                match lang {
                    Lang::Fr => format!("plus haut = plus bas = {low} : chaque offre → {result}"),
                    Lang::En => format!("highest = lowest = {low}: every offer → {result}"),
                }
            } else {
                format!("{w} × ({high} − {c}) ÷ ({high} − {low}) = {result}")
            }
        }
        PriceFormula::RankPoints(table) => {
            let rank = mark.rank.unwrap_or(0);
            let beyond = rank > table.len();
            match lang {
                Lang::Fr if beyond => format!("rang {rank}, au-delà du barème → {result}"),
                Lang::Fr => format!("rang {rank} → {result}"),
                Lang::En if beyond => format!("rank {rank}, beyond the table → {result}"),
                Lang::En => format!("rank {rank} → {result}"),
            }
        }
        PriceFormula::LinearBudget => {
            let b = budget.unwrap_or_default();
            if reference.budget.as_ref() == Some(&reference.lowest) {
                no_saving(&b)
            } else {
                format!("{w} × ({b} − {c}) ÷ ({b} − {low}) = {result}")
            }
        }
        PriceFormula::Concave { alpha } => {
            let b = budget.unwrap_or_default();
            let Some(budget_mark) = reference.budget.as_ref() else {
                return result;
            };
            if *budget_mark == reference.lowest {
                return no_saving(&b);
            }
            let r = budget_ratio(budget_mark, &reference.lowest, price);
            let r6 = human(&r, 6, lang);
            let a = param(*alpha, lang);
            let sep = lang.pick(" ; ", "; ");
            format!("r = ({b} − {c}) ÷ ({b} − {low}) = {r6}{sep}{w} × {r6}^{a} = {result}")
        }
        PriceFormula::Bilinear { share } => {
            let zero = Mark::zero();
            let mean = reference.mean_rebate.as_ref().unwrap_or(&zero);
            let best = reference.best_rebate.as_ref().unwrap_or(&zero);
            let a = mark.rebate.as_ref().unwrap_or(&zero);
            let (ap, meanp, bestp) = (percent(a, lang), percent(mean, lang), percent(best, lang));
            let x = param(*share, lang);
            let rest = param(Decimal::ONE - share, lang);
            if mean.is_zero() {
                match lang {
                    Lang::Fr => format!("rabais moyen {meanp} : aucun rabais → {result}"),
                    Lang::En => format!("mean rebate {meanp}: no rebate → {result}"),
                }
            } else if a <= mean {
                match lang {
                    Lang::Fr => format!(
                        "rabais {ap} ≤ rabais moyen {meanp} : {w} × {x} × {ap} ÷ {meanp} = {result}"
                    ),
                    Lang::En => format!(
                        "rebate {ap} ≤ mean rebate {meanp}: {w} × {x} × {ap} ÷ {meanp} = {result}"
                    ),
                }
            } else {
                let body = format!(
                    "{w} × ({x} + {rest} × ({ap} − {meanp}) ÷ ({bestp} − {meanp})) = {result}"
                );
                match lang {
                    Lang::Fr => format!("rabais {ap} > rabais moyen {meanp} : {body}"),
                    Lang::En => format!("rebate {ap} > mean rebate {meanp}: {body}"),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    /// The marks of prices given as decimals.
    fn pm(
        formula: &PriceFormula,
        weight: Decimal,
        prices: &[Decimal],
        budget: Option<&Mark>,
    ) -> Result<PriceMarks, PriceMarkError> {
        let exact: Vec<Mark> = prices.iter().map(|p| m(*p)).collect();
        price_marks(formula, weight, &exact, budget)
    }

    /// The exact fraction n ÷ d.
    fn frac(n: Decimal, d: Decimal) -> Mark {
        Mark::ratio(n, dec!(1), d).unwrap()
    }

    fn marks(formula: &PriceFormula, prices: &[Decimal], budget: Option<&Mark>) -> Vec<Mark> {
        pm(formula, dec!(40), prices, budget)
            .unwrap()
            .marks
            .into_iter()
            .map(|p| p.mark)
            .collect()
    }

    fn whole(values: &[i64]) -> Vec<Mark> {
        values.iter().map(|&v| m(Decimal::from(v))).collect()
    }

    const BRIEF: [Decimal; 3] = [dec!(10000), dec!(12500), dec!(20000)];

    #[test]
    fn keys_and_budget_needs() {
        let all = [
            (PriceFormula::Proportional, "proportional", false),
            (PriceFormula::Linear, "linear", false),
            (PriceFormula::LinearRange, "linear_range", false),
            (
                PriceFormula::RankPoints(vec![dec!(40)]),
                "rank_points",
                false,
            ),
            (PriceFormula::LinearBudget, "linear_budget", true),
            (PriceFormula::Concave { alpha: dec!(0.5) }, "concave", true),
            (
                PriceFormula::Bilinear { share: dec!(0.85) },
                "bilinear",
                true,
            ),
        ];
        for (formula, key, budget) in all {
            assert_eq!(formula.key(), key);
            assert_eq!(formula.needs_budget(), budget, "{key}");
        }
        assert_eq!(PriceFormula::default(), PriceFormula::Proportional);
    }

    #[test]
    fn proportional_marks() {
        // 40 × 10 000 ÷ 10 000 = 40; 40 × 10 000 ÷ 12 500 = 32; 40 × 10 000 ÷ 20 000 = 20.
        assert_eq!(
            marks(&PriceFormula::Proportional, &BRIEF, None),
            whole(&[40, 32, 20])
        );
        // 40 × 10 000 ÷ 12 000 = 100/3 and 40 × 10 000 ÷ 30 000 = 40/3, exactly.
        let got = marks(
            &PriceFormula::Proportional,
            &[dec!(30000), dec!(10000), dec!(12000)],
            None,
        );
        assert_eq!(
            got,
            vec![
                frac(dec!(40), dec!(3)),
                m(dec!(40)),
                frac(dec!(100), dec!(3))
            ]
        );
        assert_eq!(got[0].round(2).unwrap(), dec!(13.33));
        // The reference keeps L and H; no budget, no rebate, no rank.
        let all = pm(&PriceFormula::Proportional, dec!(40), &BRIEF, None).unwrap();
        assert_eq!(all.reference.lowest, dec!(10000));
        assert_eq!(all.reference.highest, dec!(20000));
        assert_eq!(all.reference.budget, None);
        assert!(
            all.marks
                .iter()
                .all(|p| p.rank.is_none() && p.rebate.is_none())
        );
    }

    #[test]
    fn proportional_and_linear_when_the_lowest_is_zero() {
        // L = 0 and an offer above 0: no meaningful mark, the positions at 0 named.
        let prices = [dec!(0), dec!(500), dec!(0)];
        for formula in [PriceFormula::Proportional, PriceFormula::Linear] {
            assert_eq!(
                pm(&formula, dec!(40), &prices, None),
                Err(PriceMarkError::ZeroLowestPrice {
                    formula: formula.key(),
                    at_zero: vec![0, 2],
                })
            );
            // Every price at 0: each gets the weight.
            assert_eq!(marks(&formula, &[dec!(0), dec!(0)], None), whole(&[40, 40]));
        }
        // The other formulas keep a meaning: linear_range 40 × (500 − 0) ÷ 500 = 40 and
        // 40 × 0 ÷ 500 = 0; rank_points by rank.
        assert_eq!(
            marks(&PriceFormula::LinearRange, &prices, None),
            whole(&[40, 0, 40])
        );
        assert_eq!(
            marks(
                &PriceFormula::RankPoints(vec![dec!(40), dec!(30), dec!(20)]),
                &prices,
                None
            ),
            whole(&[40, 20, 40])
        );
    }

    #[test]
    fn linear_marks() {
        // 40 × (2 × 10 000 − c) ÷ 10 000: 40 × 10 000 ÷ 10 000 = 40;
        // 40 × 7 500 ÷ 10 000 = 30; 40 × 0 ÷ 10 000 = 0 (20 000 is exactly twice L).
        assert_eq!(
            marks(&PriceFormula::Linear, &BRIEF, None),
            whole(&[40, 30, 0])
        );
        // 40 × 8 000 ÷ 10 000 = 32; 30 000: 40 × −10 000 ÷ 10 000 = −40, floored at 0;
        // 10 001: 40 × 9 999 ÷ 10 000 = 39.996 exactly.
        assert_eq!(
            marks(
                &PriceFormula::Linear,
                &[dec!(12000), dec!(30000), dec!(10000), dec!(10001)],
                None
            ),
            vec![m(dec!(32)), Mark::zero(), m(dec!(40)), m(dec!(39.996))]
        );
        // 40 × (2 × 30 000 − 40 000) ÷ 30 000 = 40 × 20 000 ÷ 30 000 = 80/3.
        assert_eq!(
            marks(&PriceFormula::Linear, &[dec!(30000), dec!(40000)], None),
            vec![m(dec!(40)), frac(dec!(80), dec!(3))]
        );
    }

    #[test]
    fn linear_range_marks() {
        // 40 × (20 000 − c) ÷ (20 000 − 10 000): 40; 40 × 7 500 ÷ 10 000 = 30; 0.
        assert_eq!(
            marks(&PriceFormula::LinearRange, &BRIEF, None),
            whole(&[40, 30, 0])
        );
        // 40 × (30 000 − 12 000) ÷ 20 000 = 36; 40 × (30 000 − 25 000) ÷ 20 000 = 10;
        // 40 × (30 000 − 11 000) ÷ 20 000 = 38; and 13 000: 40 × 17 000 ÷ 20 000 = 34.
        assert_eq!(
            marks(
                &PriceFormula::LinearRange,
                &[
                    dec!(12000),
                    dec!(30000),
                    dec!(10000),
                    dec!(25000),
                    dec!(13000)
                ],
                None
            ),
            whole(&[36, 0, 40, 10, 34])
        );
        // 40 × (30 000 − 20 000) ÷ (30 000 − 0) = 40/3: L = 0 needs no special rule.
        assert_eq!(
            marks(
                &PriceFormula::LinearRange,
                &[dec!(0), dec!(20000), dec!(30000)],
                None
            ),
            vec![m(dec!(40)), frac(dec!(40), dec!(3)), Mark::zero()]
        );
    }

    #[test]
    fn linear_range_when_all_prices_are_equal() {
        // H = L: every offer gets the weight, one offer or several.
        assert_eq!(
            marks(&PriceFormula::LinearRange, &[dec!(5000), dec!(5000)], None),
            whole(&[40, 40])
        );
        assert_eq!(
            marks(&PriceFormula::LinearRange, &[dec!(0)], None),
            whole(&[40])
        );
        assert!(marks(&PriceFormula::LinearRange, &[], None).is_empty());
    }

    #[test]
    fn rank_points_share_the_better_rank_and_stop_at_the_table_end() {
        let formula = PriceFormula::RankPoints(vec![dec!(40), dec!(30), dec!(20)]);
        // Sorted: 10 000, 10 000 (rank 1, 1), 12 000 (rank 3), 13 000 (rank 4).
        let prices = [dec!(12000), dec!(10000), dec!(13000), dec!(10000)];
        let all = pm(&formula, dec!(40), &prices, None).unwrap();
        let ranks: Vec<_> = all.marks.iter().map(|p| p.rank).collect();
        assert_eq!(ranks, vec![Some(3), Some(1), Some(4), Some(1)]);
        // Rank 3 → 20; rank 1 → 40; rank 4 is past the table → 0.
        let got: Vec<_> = all.marks.into_iter().map(|p| p.mark).collect();
        assert_eq!(got, whole(&[20, 40, 0, 40]));
        // Fractional points are kept exactly.
        let formula = PriceFormula::RankPoints(vec![dec!(40), dec!(27.5)]);
        assert_eq!(
            marks(&formula, &[dec!(2), dec!(1)], None),
            vec![m(dec!(27.5)), m(dec!(40))]
        );
        // An empty table gives 0 to all.
        assert_eq!(
            marks(&PriceFormula::RankPoints(vec![]), &[dec!(1)], None),
            vec![Mark::zero()]
        );
    }

    #[test]
    fn linear_budget_marks() {
        let budget = m(dec!(90000));
        // B − L = 90 000 − 70 000 = 20 000: 40 × 20 000 ÷ 20 000 = 40;
        // 40 × 10 000 ÷ 20 000 = 20; at the budget 40 × 0 ÷ 20 000 = 0;
        // 40 × 7 000 ÷ 20 000 = 14; 40 × 5 000 ÷ 20 000 = 10.
        let prices = [
            dec!(70000),
            dec!(80000),
            dec!(90000),
            dec!(83000),
            dec!(85000),
        ];
        let all = pm(
            &PriceFormula::LinearBudget,
            dec!(40),
            &prices,
            Some(&budget),
        )
        .unwrap();
        let got: Vec<_> = all.marks.iter().map(|p| p.mark.clone()).collect();
        assert_eq!(got, whole(&[40, 20, 0, 14, 10]));
        // Rebates (B − c) ÷ B: 20 000 ÷ 90 000 = 2/9, 1/9, 0, 7/90, 1/18.
        let rebates: Vec<_> = all
            .marks
            .iter()
            .map(|p| p.rebate.clone().unwrap())
            .collect();
        assert_eq!(
            rebates,
            vec![
                frac(dec!(2), dec!(9)),
                frac(dec!(1), dec!(9)),
                Mark::zero(),
                frac(dec!(7), dec!(90)),
                frac(dec!(1), dec!(18)),
            ]
        );
        assert_eq!(all.reference.budget, Some(budget));
        assert_eq!(all.reference.mean_rebate, None);
        // 40 × (90 000 − 80 000) ÷ (90 000 − 60 000) = 40/3.
        assert_eq!(
            marks(
                &PriceFormula::LinearBudget,
                &[dec!(60000), dec!(80000)],
                Some(&m(dec!(90000)))
            ),
            vec![m(dec!(40)), frac(dec!(40), dec!(3))]
        );
    }

    #[test]
    fn linear_budget_with_a_budget_that_is_a_fraction() {
        // B = 90 000 ÷ 1.2 = 75 000: 40; 40 × (75 000 − 65 000) ÷ 15 000 = 80/3; 0.
        let budget = Mark::ratio(dec!(90000), dec!(1), dec!(1.2)).unwrap();
        assert_eq!(
            marks(
                &PriceFormula::LinearBudget,
                &[dec!(60000), dec!(65000), dec!(75000)],
                Some(&budget)
            ),
            vec![m(dec!(40)), frac(dec!(80), dec!(3)), Mark::zero()]
        );
        // B = 100 000 ÷ 1.2 = 250 000/3, which no decimal holds: B − L = 100 000/3,
        // B − 60 000 = 70 000/3, so 40 × 70 000/3 ÷ 100 000/3 = 28 exactly.
        let budget = Mark::ratio(dec!(100000), dec!(1), dec!(1.2)).unwrap();
        assert_eq!(
            marks(
                &PriceFormula::LinearBudget,
                &[dec!(50000), dec!(60000)],
                Some(&budget)
            ),
            whole(&[40, 28])
        );
    }

    #[test]
    fn budget_formulas_do_not_depend_on_the_basis() {
        // Yearly HT against B = 100 000 TTC ÷ 1.2, and TTC (× 1.2) against 100 000: the
        // same marks and the same rebates.
        let ht = [dec!(50000), dec!(60000), dec!(70000)];
        let ttc: Vec<_> = ht.iter().map(|c| c * dec!(1.2)).collect();
        let ht_budget = Mark::ratio(dec!(100000), dec!(1), dec!(1.2)).unwrap();
        let ttc_budget = m(dec!(100000));
        for formula in [
            PriceFormula::LinearBudget,
            PriceFormula::Concave { alpha: dec!(0.5) },
            PriceFormula::Bilinear { share: dec!(0.85) },
        ] {
            let a = pm(&formula, dec!(40), &ht, Some(&ht_budget)).unwrap();
            let b = pm(&formula, dec!(40), &ttc, Some(&ttc_budget)).unwrap();
            assert_eq!(a.marks, b.marks, "{}", formula.key());
            assert_eq!(a.reference.mean_rebate, b.reference.mean_rebate);
        }
    }

    #[test]
    fn no_saving_on_the_budget_earns_no_points() {
        // B = L: every offer is at the budget.
        let budget = m(dec!(90000));
        for formula in [
            PriceFormula::LinearBudget,
            PriceFormula::Concave { alpha: dec!(0.5) },
            PriceFormula::Bilinear { share: dec!(0.85) },
        ] {
            assert_eq!(
                marks(&formula, &[dec!(90000), dec!(90000)], Some(&budget)),
                whole(&[0, 0]),
                "{}",
                formula.key()
            );
            assert_eq!(
                marks(&formula, &[dec!(0)], Some(&Mark::zero())),
                whole(&[0]),
                "{} with B = 0",
                formula.key()
            );
        }
    }

    #[test]
    fn budget_formulas_need_a_budget_and_prices_within_it() {
        let budget = m(dec!(90000));
        for formula in [
            PriceFormula::LinearBudget,
            PriceFormula::Concave { alpha: dec!(0.5) },
            PriceFormula::Bilinear { share: dec!(0.85) },
        ] {
            assert_eq!(
                pm(&formula, dec!(40), &[dec!(1)], None),
                Err(PriceMarkError::NoBudget {
                    formula: formula.key()
                })
            );
            // Checked even with no offer: it is the tender that lacks the budget.
            assert!(pm(&formula, dec!(40), &[], None).is_err());
            assert_eq!(
                pm(
                    &formula,
                    dec!(40),
                    &[dec!(80000), dec!(90000.01), dec!(95000)],
                    Some(&budget)
                ),
                Err(PriceMarkError::AboveBudget { index: 1 })
            );
            let none = pm(&formula, dec!(40), &[], Some(&budget)).unwrap();
            assert!(none.marks.is_empty());
        }
        // Other formulas ignore a budget, and any price above it.
        let all = pm(
            &PriceFormula::Proportional,
            dec!(40),
            &[dec!(100000)],
            Some(&budget),
        )
        .unwrap();
        assert_eq!(all.reference.budget, None);
        assert_eq!(all.marks[0].mark, m(dec!(40)));
    }

    #[test]
    fn parameters_out_of_range_are_refused() {
        let budget = m(dec!(10));
        for formula in [
            PriceFormula::Concave { alpha: dec!(0) },
            PriceFormula::Concave { alpha: dec!(1.5) },
            PriceFormula::Concave { alpha: dec!(-0.5) },
            PriceFormula::Bilinear { share: dec!(1.01) },
            PriceFormula::Bilinear { share: dec!(-0.1) },
        ] {
            assert_eq!(
                pm(&formula, dec!(40), &[dec!(5)], Some(&budget)),
                Err(PriceMarkError::BadParameter {
                    formula: formula.key()
                })
            );
        }
    }

    #[test]
    fn concave_with_alpha_one_is_linear_budget_exactly() {
        let budget = m(dec!(90000));
        // 40, 20, 14, 0 and 40 × 1 ÷ 20 000 = 1/500 for 89 999: a fraction kept exactly.
        let prices = [
            dec!(70000),
            dec!(80000),
            dec!(83000),
            dec!(90000),
            dec!(89999),
        ];
        let linear = pm(
            &PriceFormula::LinearBudget,
            dec!(40),
            &prices,
            Some(&budget),
        )
        .unwrap();
        let concave = pm(
            &PriceFormula::Concave { alpha: dec!(1) },
            dec!(40),
            &prices,
            Some(&budget),
        )
        .unwrap();
        assert_eq!(linear.marks, concave.marks);
        assert_eq!(concave.marks[4].mark, frac(dec!(1), dec!(500)));
        // Written 1.00 in the tender file, α is still 1.
        let concave = marks(
            &PriceFormula::Concave { alpha: dec!(1.00) },
            &[dec!(80000), dec!(83333)],
            Some(&m(dec!(90000))),
        );
        // 40 × 6 667 ÷ 10 000 = 26.668.
        assert_eq!(concave, vec![m(dec!(40)), m(dec!(26.668))]);
    }

    #[test]
    fn concave_square_root() {
        let budget = m(dec!(90000));
        let formula = PriceFormula::Concave { alpha: dec!(0.5) };
        // B − L = 20 000. 70 000: r = 1 → 40 exactly; 90 000: r = 0 → 0 exactly;
        // 85 000: r = 5 000 ÷ 20 000 = 0.25, √0.25 = 0.5 → 20;
        // 80 000: r = 0.5, √0.5 = 0.70710678118654752440084436210… → 28.2842712474619…
        let prices = [dec!(70000), dec!(90000), dec!(85000), dec!(80000)];
        let got = marks(&formula, &prices, Some(&budget));
        assert_eq!(got[0], m(dec!(40)));
        assert_eq!(got[1], Mark::zero());
        let close = |mark: &Mark, expected: Decimal| {
            let gap = mark.sub(&m(expected));
            let tolerance = m(dec!(0.000000000000000000001));
            assert!(
                gap < tolerance && m(Decimal::ZERO).sub(&gap) < tolerance,
                "{mark:?} is not {expected}"
            );
        };
        close(&got[2], dec!(20));
        assert_eq!(got[2].round(2).unwrap(), dec!(20.00));
        // 40 × √2 ÷ 2 = 28.284271247461900976033774484193961571393…
        close(&got[3], dec!(28.284271247461900976033774484));
        assert_eq!(got[3].round(2).unwrap(), dec!(28.28));
        // The same inputs give the same mark.
        assert_eq!(marks(&formula, &prices, Some(&budget)), got);
    }

    #[test]
    fn concave_is_above_linear_budget_and_stays_in_range() {
        // r^α ≥ r for 0 < r < 1 and α < 1: concave rewards the first savings more.
        let budget = m(dec!(1000000));
        let prices = [
            dec!(1),
            dec!(999999.99),
            dec!(500000),
            dec!(999999.9999999),
            dec!(2),
        ];
        for alpha in [dec!(0.0000001), dec!(0.3), dec!(0.5), dec!(0.9999999)] {
            let formula = PriceFormula::Concave { alpha };
            let concave = marks(&formula, &prices, Some(&budget));
            let linear = marks(&PriceFormula::LinearBudget, &prices, Some(&budget));
            for (c, l) in concave.iter().zip(&linear) {
                assert!(*c >= *l && *c <= m(dec!(40)), "α = {alpha}: {c:?} < {l:?}");
                assert!(!c.is_negative());
            }
            // The lowest price gets the weight exactly.
            assert_eq!(concave[0], m(dec!(40)));
        }
    }

    #[test]
    fn bilinear_both_branches() {
        let budget = m(dec!(100000));
        let formula = PriceFormula::Bilinear { share: dec!(0.85) };
        // Rebates (100 000 − c) ÷ 100 000: 0.10, 0.20, 0.25.
        // Mean (soglia) = 0.55 ÷ 3 = 11/60 ≈ 0.18333; best = 0.25 = 15/60.
        // 90 000: 0.10 ≤ 11/60 → C = 0.85 × 0.10 ÷ 11/60 = 0.85 × 6/11 = 51/110;
        //         mark = 40 × 51/110 = 204/11 ≈ 18.55.
        // 80 000: 0.20 > 11/60 → C = 0.85 + 0.15 × (12/60 − 11/60) ÷ (15/60 − 11/60)
        //         = 0.85 + 0.15 ÷ 4 = 0.8875; mark = 35.5.
        // 75 000: the best → C = 0.85 + 0.15 × 1 = 1; mark = 40.
        let prices = [dec!(90000), dec!(80000), dec!(75000)];
        let all = pm(&formula, dec!(40), &prices, Some(&budget)).unwrap();
        let got: Vec<_> = all.marks.iter().map(|p| p.mark.clone()).collect();
        assert_eq!(
            got,
            vec![frac(dec!(204), dec!(11)), m(dec!(35.5)), m(dec!(40))]
        );
        assert_eq!(got[0].round(2).unwrap(), dec!(18.55));
        assert_eq!(all.reference.mean_rebate, Some(frac(dec!(11), dec!(60))));
        assert_eq!(all.reference.best_rebate, Some(m(dec!(0.25))));
        assert_eq!(all.marks[1].rebate, Some(m(dec!(0.2))));
    }

    #[test]
    fn bilinear_at_the_mean_and_without_rebate() {
        let budget = m(dec!(100000));
        // Rebates 0.10, 0.20, 0.30; mean 0.20. At the mean: C = 0.80 × 0.20 ÷ 0.20 = 0.80
        // → 32 (both branches agree there); 0.10: 0.80 × 0.5 = 0.40 → 16; best → 40.
        let formula = PriceFormula::Bilinear { share: dec!(0.80) };
        assert_eq!(
            marks(
                &formula,
                &[dec!(80000), dec!(90000), dec!(70000)],
                Some(&budget)
            ),
            whole(&[32, 16, 40])
        );
        // X = 0.90, one offer at the budget (rebate 0) and one at 60 000 (rebate 0.40):
        // mean 0.20; 0 → 0; 0.40 → 0.90 + 0.10 × (0.40 − 0.20) ÷ (0.40 − 0.20) = 1 → 40.
        let formula = PriceFormula::Bilinear { share: dec!(0.90) };
        assert_eq!(
            marks(&formula, &[dec!(100000), dec!(60000)], Some(&budget)),
            whole(&[0, 40])
        );
        // A single offer: its rebate is the mean → C = X → 36.
        assert_eq!(marks(&formula, &[dec!(60000)], Some(&budget)), whole(&[36]));
        // Every offer at the budget: mean rebate 0 → all 0.
        let all = pm(
            &formula,
            dec!(40),
            &[dec!(100000), dec!(100000)],
            Some(&budget),
        )
        .unwrap();
        assert!(all.marks.iter().all(|p| p.mark.is_zero()));
        assert_eq!(all.reference.mean_rebate, Some(Mark::zero()));
    }

    fn explain(
        formula: &PriceFormula,
        prices: &[Decimal],
        budget: Option<&Mark>,
        i: usize,
        lang: Lang,
    ) -> String {
        let all = pm(formula, dec!(40), prices, budget).unwrap();
        working(formula, &all.reference, &m(prices[i]), &all.marks[i], lang)
    }

    #[test]
    fn proportional_working_in_french_and_english() {
        let f = PriceFormula::Proportional;
        assert_eq!(
            explain(&f, &BRIEF, None, 1, Lang::Fr),
            "40 × 10\u{a0}000,00 ÷ 12\u{a0}500,00 = 32,00"
        );
        assert_eq!(
            explain(&f, &BRIEF, None, 1, Lang::En),
            "40 × 10,000.00 ÷ 12,500.00 = 32.00"
        );
        // 40 × 10 000 ÷ 30 000 = 13.333… shown to 2 places.
        assert_eq!(
            explain(&f, &[dec!(10000), dec!(30000)], None, 1, Lang::En),
            "40 × 10,000.00 ÷ 30,000.00 = 13.33"
        );
        let zero = [dec!(0), dec!(0)];
        assert_eq!(
            explain(&f, &zero, None, 0, Lang::Fr),
            "plus bas = 0,00 : offre à 0,00 → 40,00"
        );
        let weight = pm(&f, dec!(37.5), &BRIEF, None).unwrap();
        assert_eq!(
            working(
                &f,
                &weight.reference,
                &m(BRIEF[2]),
                &weight.marks[2],
                Lang::Fr
            ),
            "37,5 × 10\u{a0}000,00 ÷ 20\u{a0}000,00 = 18,75"
        );
    }

    #[test]
    fn working_of_the_other_formulas() {
        let en = Lang::En;
        assert_eq!(
            explain(&PriceFormula::Linear, &BRIEF, None, 1, en),
            "40 × (1 − (12,500.00 − 10,000.00) ÷ 10,000.00) = 30.00"
        );
        assert_eq!(
            explain(
                &PriceFormula::Linear,
                &[dec!(10000), dec!(25000)],
                None,
                1,
                Lang::Fr
            ),
            "40 × (1 − (25\u{a0}000,00 − 10\u{a0}000,00) ÷ 10\u{a0}000,00) < 0 → 0,00"
        );
        assert_eq!(
            explain(&PriceFormula::LinearRange, &BRIEF, None, 1, en),
            "40 × (20,000.00 − 12,500.00) ÷ (20,000.00 − 10,000.00) = 30.00"
        );
        assert_eq!(
            explain(&PriceFormula::LinearRange, &[dec!(5)], None, 0, en),
            "highest = lowest = 5.00: every offer → 40.00"
        );
        let rank = PriceFormula::RankPoints(vec![dec!(40), dec!(30)]);
        let prices = [dec!(1), dec!(1), dec!(2)];
        assert_eq!(explain(&rank, &prices, None, 1, Lang::Fr), "rang 1 → 40,00");
        assert_eq!(
            explain(&rank, &prices, None, 2, en),
            "rank 3, beyond the table → 0.00"
        );
        let budget = m(dec!(90000));
        let prices = [dec!(70000), dec!(80000)];
        assert_eq!(
            explain(&PriceFormula::LinearBudget, &prices, Some(&budget), 1, en),
            "40 × (90,000.00 − 80,000.00) ÷ (90,000.00 − 70,000.00) = 20.00"
        );
        assert_eq!(
            explain(
                &PriceFormula::LinearBudget,
                &[dec!(90000)],
                Some(&budget),
                0,
                Lang::Fr
            ),
            "budget 90\u{a0}000,00 = plus bas : aucune économie → 0,00"
        );
        let concave = PriceFormula::Concave { alpha: dec!(0.5) };
        assert_eq!(
            explain(&concave, &prices, Some(&budget), 1, Lang::Fr),
            "r = (90\u{a0}000,00 − 80\u{a0}000,00) ÷ (90\u{a0}000,00 − 70\u{a0}000,00) = 0,500000 ; \
             40 × 0,500000^0,5 = 28,28"
        );
        let bilinear = PriceFormula::Bilinear { share: dec!(0.85) };
        let budget = m(dec!(100000));
        let prices = [dec!(90000), dec!(80000), dec!(75000)];
        assert_eq!(
            explain(&bilinear, &prices, Some(&budget), 0, en),
            "rebate 10.0000% ≤ mean rebate 18.3333%: 40 × 0.85 × 10.0000% ÷ 18.3333% = 18.55"
        );
        assert_eq!(
            explain(&bilinear, &prices, Some(&budget), 1, Lang::Fr),
            "rabais 20,0000\u{a0}% > rabais moyen 18,3333\u{a0}% : \
             40 × (0,85 + 0,15 × (20,0000\u{a0}% − 18,3333\u{a0}%) ÷ (25,0000\u{a0}% − 18,3333\u{a0}%)) = 35,50"
        );
        assert_eq!(
            explain(&bilinear, &[dec!(100000)], Some(&budget), 0, en),
            "mean rebate 0.0000%: no rebate → 0.00"
        );
    }

    #[test]
    fn formula_texts() {
        assert_eq!(
            formula_text(&PriceFormula::Proportional, Lang::Fr),
            "poids × plus bas ÷ prix"
        );
        assert_eq!(
            formula_text(&PriceFormula::Proportional, Lang::En),
            "weight × lowest ÷ price"
        );
        assert_eq!(
            formula_text(
                &PriceFormula::RankPoints(vec![dec!(40), dec!(30), dec!(20.5)]),
                Lang::Fr
            ),
            "points selon le rang du prix : 40 ; 30 ; 20,5 ; 0 au-delà"
        );
        assert_eq!(
            formula_text(&PriceFormula::Concave { alpha: dec!(0.50) }, Lang::En),
            "weight × ((budget − price) ÷ (budget − lowest))^0.5"
        );
        assert!(
            formula_text(&PriceFormula::Bilinear { share: dec!(0.85) }, Lang::En)
                .contains("weight × (0.85 + 0.15 × (rebate − mean rebate)")
        );
    }
}
