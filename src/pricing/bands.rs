//! The band tariff: a flat yearly price per band of population (or of registered users),
//! given once per lot whatever the perimeter, so that the price of ANY perimeter is known
//! (a sub-group, a commune joining later, every coalition a split method needs).
//!
//! No input or output happens here: [`band_prices`] takes what the reader found on a
//! lot's sheet and the tender's bands, and returns the prices with their cells, or why
//! the tariff cannot be used. A problem of the band tariff never touches the offer's
//! prices per scope: those are normalised and ranked as if the tariff were not there.

use rust_decimal::Decimal;

use crate::offer::{CellContent, Conflict, InvalidValue, LotQuote};
use crate::source::{Location, Sourced};
use crate::tender::{BandMeasure, Bands};

/// A bidder's band tariff for a lot, every band priced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BandPrices {
    pub measure: BandMeasure,
    /// The bands' lower bounds, the first 0, as in the tender ([`Bands::limits`]): band i
    /// holds the perimeters whose measure m satisfies `limits[i] < m ≤ limits[i + 1]`,
    /// the last without upper bound.
    pub limits: Vec<u64>,
    /// One yearly price per band, € HT, exact, with the cell it was read from.
    pub prices: Vec<Sourced<Decimal>>,
}

impl BandPrices {
    /// The band (0-based) of a perimeter of this measure; `None` for an empty one (0).
    pub fn band_of(&self, measure: u64) -> Option<usize> {
        if measure == 0 {
            return None;
        }
        // The last lower bound strictly below the measure (the same rule as
        // `Bands::band_of`).
        Some(self.limits.iter().rposition(|l| *l < measure).unwrap_or(0))
    }

    /// The yearly price of a perimeter of this measure (its population or its registered
    /// users, as the tariff counts); `None` for an empty perimeter.
    pub fn price_for(&self, measure: u64) -> Option<&Sourced<Decimal>> {
        self.prices.get(self.band_of(measure)?)
    }

    /// The yearly price of a perimeter of this size, measured as the tariff counts.
    pub fn price_for_size(
        &self,
        population: u64,
        registered_users: u64,
    ) -> Option<&Sourced<Decimal>> {
        self.price_for(match self.measure {
            BandMeasure::Population => population,
            BandMeasure::RegisteredUsers => registered_users,
        })
    }

    /// The bands (0-based, so never the first) priced lower than the band just below
    /// them: a larger perimeter cheaper than a smaller one. Possible (a vendor's volume
    /// discount), but worth a look.
    pub fn decreases(&self) -> Vec<usize> {
        (1..self.prices.len())
            .filter(|&i| self.prices[i].value < self.prices[i - 1].value)
            .collect()
    }
}

/// Why a band tariff cannot be used. The band is 0-based.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BandProblem {
    /// The sheet has no band price column (no header `Tarif par tranche`): no band price
    /// can be read. At the lot's sheet.
    NoColumn { location: Location },
    /// No band price at all, while the bidder answers the lot. At the first band's cell.
    Unfilled { location: Location },
    /// A band's price left blank (at its cell), or its row missing from the sheet (at the
    /// price column, without a cell).
    Missing { band: usize, location: Location },
    /// A band's price that is not a number.
    Invalid {
        band: usize,
        location: Location,
        raw: String,
        problem: InvalidValue,
    },
    Negative {
        band: usize,
        location: Location,
        value: Decimal,
    },
    /// A band's price given twice, or a second price column holding figures.
    Ambiguous(Conflict),
}

impl BandProblem {
    pub fn location(&self) -> Location {
        match self {
            BandProblem::NoColumn { location }
            | BandProblem::Unfilled { location }
            | BandProblem::Missing { location, .. }
            | BandProblem::Invalid { location, .. }
            | BandProblem::Negative { location, .. }
            | BandProblem::Ambiguous(
                Conflict::DuplicateRow { location, .. }
                | Conflict::DuplicateColumn { location, .. },
            ) => location.clone(),
        }
    }

    /// The band the problem is about, when it is about one.
    pub fn band(&self) -> Option<usize> {
        match self {
            BandProblem::Missing { band, .. }
            | BandProblem::Invalid { band, .. }
            | BandProblem::Negative { band, .. } => Some(*band),
            _ => None,
        }
    }
}

/// A lot's band tariff as the bidder gave it, checked against the tender's bands: every
/// band priced, with a number, not negative, once. A price lower than the band below is
/// not a problem here (see [`BandPrices::decreases`]).
pub fn band_prices(quote: &LotQuote, bands: &Bands) -> Result<BandPrices, Vec<BandProblem>> {
    let mut problems: Vec<BandProblem> = quote
        .bands
        .conflicts
        .iter()
        .cloned()
        .map(BandProblem::Ambiguous)
        .collect();
    let Some(header) = &quote.bands.header else {
        problems.push(BandProblem::NoColumn {
            location: quote.location.clone(),
        });
        return Err(problems);
    };
    let cells: Vec<_> = (0..bands.limits.len())
        .map(|i| quote.bands.prices.get(i).and_then(Option::as_ref))
        .collect();
    if cells.iter().flatten().all(|c| c.is_empty()) {
        let location = cells
            .iter()
            .flatten()
            .next()
            .map_or_else(|| header.clone(), |c| c.location.clone());
        problems.push(BandProblem::Unfilled { location });
        return Err(problems);
    }
    let mut prices = Vec::with_capacity(cells.len());
    for (band, cell) in cells.into_iter().enumerate() {
        let Some(cell) = cell else {
            problems.push(BandProblem::Missing {
                band,
                location: Location {
                    cell: None,
                    ..header.clone()
                },
            });
            continue;
        };
        match &cell.content {
            CellContent::Empty => problems.push(BandProblem::Missing {
                band,
                location: cell.location.clone(),
            }),
            CellContent::Invalid(problem) => problems.push(BandProblem::Invalid {
                band,
                location: cell.location.clone(),
                raw: cell.raw.clone(),
                problem: problem.clone(),
            }),
            CellContent::Number(v) if v.is_sign_negative() && !v.is_zero() => {
                problems.push(BandProblem::Negative {
                    band,
                    location: cell.location.clone(),
                    value: *v,
                })
            }
            CellContent::Number(v) => prices.push(Sourced {
                value: *v,
                location: cell.location.clone(),
                raw: cell.raw.clone(),
            }),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(BandPrices {
        measure: bands.measure,
        limits: bands.limits.clone(),
        prices,
    })
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use rust_decimal::dec;

    use super::*;
    use crate::offer::{BandQuote, QuoteCell};
    use crate::source::CellRef;

    fn loc(row: u32, col: u32) -> Location {
        Location::cell(
            &PathBuf::from("offres/acme.xlsx"),
            Some("Lot 1"),
            CellRef::new(row, col),
        )
    }

    fn cell(row: u32, content: CellContent, raw: &str) -> Option<QuoteCell> {
        Some(QuoteCell {
            content,
            location: loc(row, 3),
            raw: raw.into(),
            vat_included: false,
        })
    }

    fn num(row: u32, v: Decimal) -> Option<QuoteCell> {
        cell(row, CellContent::Number(v), &v.to_string())
    }

    fn quote(prices: Vec<Option<QuoteCell>>) -> LotQuote {
        LotQuote {
            lot: "1".into(),
            location: Location::sheet(&PathBuf::from("offres/acme.xlsx"), Some("Lot 1")),
            scopes: Vec::new(),
            bands: BandQuote {
                header: Some(loc(26, 3)),
                prices,
                ..BandQuote::default()
            },
            schedule: None,
        }
    }

    fn three_bands() -> Bands {
        Bands {
            measure: BandMeasure::Population,
            limits: vec![0, 5000, 10000],
        }
    }

    #[test]
    fn every_band_priced_gives_the_price_of_any_perimeter() {
        let q = quote(vec![
            num(27, dec!(1000)),
            num(28, dec!(1800)),
            num(29, dec!(2500.50)),
        ]);
        let p = band_prices(&q, &three_bands()).unwrap();
        assert_eq!(p.limits, vec![0, 5000, 10000]);
        assert_eq!(p.price_for(0), None);
        assert_eq!(p.price_for(1).unwrap().value, dec!(1000));
        assert_eq!(p.price_for(5000).unwrap().value, dec!(1000));
        assert_eq!(p.price_for(5001).unwrap().value, dec!(1800));
        assert_eq!(p.price_for(10000).unwrap().value, dec!(1800));
        assert_eq!(p.price_for(450_000).unwrap().value, dec!(2500.50));
        assert_eq!(p.price_for(450_000).unwrap().location, loc(29, 3));
        // Population counts here, not registered users.
        assert_eq!(p.price_for_size(4000, 20000).unwrap().value, dec!(1000));
        assert!(p.decreases().is_empty());
    }

    #[test]
    fn a_cheaper_larger_band_is_told() {
        let q = quote(vec![
            num(27, dec!(1000)),
            num(28, dec!(900)),
            num(29, dec!(900)),
        ]);
        assert_eq!(
            band_prices(&q, &three_bands()).unwrap().decreases(),
            vec![1]
        );
    }

    #[test]
    fn each_bad_band_is_a_problem_at_its_cell() {
        let q = quote(vec![
            cell(27, CellContent::Empty, ""),
            num(28, dec!(-5)),
            cell(
                29,
                CellContent::Invalid(InvalidValue::ErrorValue("#REF!".into())),
                "#REF!",
            ),
        ]);
        assert_eq!(
            band_prices(&q, &three_bands()).unwrap_err(),
            vec![
                BandProblem::Missing {
                    band: 0,
                    location: loc(27, 3)
                },
                BandProblem::Negative {
                    band: 1,
                    location: loc(28, 3),
                    value: dec!(-5)
                },
                BandProblem::Invalid {
                    band: 2,
                    location: loc(29, 3),
                    raw: "#REF!".into(),
                    problem: InvalidValue::ErrorValue("#REF!".into())
                },
            ]
        );
    }

    #[test]
    fn a_missing_row_is_at_the_column_and_an_empty_tariff_is_one_problem() {
        let q = quote(vec![num(27, dec!(1000)), None, num(29, dec!(2000))]);
        let mut column = loc(26, 3);
        column.cell = None;
        assert_eq!(
            band_prices(&q, &three_bands()).unwrap_err(),
            vec![BandProblem::Missing {
                band: 1,
                location: column
            }]
        );
        let q = quote(vec![
            cell(27, CellContent::Empty, ""),
            cell(28, CellContent::Empty, ""),
            None,
        ]);
        assert_eq!(
            band_prices(&q, &three_bands()).unwrap_err(),
            vec![BandProblem::Unfilled {
                location: loc(27, 3)
            }]
        );
        let mut q = quote(vec![None, None, None]);
        q.bands.header = None;
        assert_eq!(
            band_prices(&q, &three_bands()).unwrap_err(),
            vec![BandProblem::NoColumn {
                location: q.location.clone()
            }]
        );
    }
}
