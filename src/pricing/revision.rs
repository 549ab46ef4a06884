//! Price revision by a published index (the Syntec index for services, an INSEE series):
//! P = P0 × (a + b × I ÷ I0), a the fixed part written in the contract, b = 1 − a, I0 the
//! index of the reference month, I the index of the month the price is revised on.
//!
//! Prices are revised on each anniversary of the contract: contract year y (from 1) is
//! priced with the index of the reference month + 12 × (y − 1), so the first year is at
//! P0. An index not yet published is assumed from the buyer's stated yearly rate: the
//! same month a year earlier × (1 + rate), step by step back to a published value. Every
//! value says whether it was published or assumed, and every figure stays exact.
//!
//! No I/O here: the series is parsed from its text ([`parse_series`]), read by the
//! caller.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::exact::Exact;
use crate::tender::schedule::Month;

/// An index's published values, by month.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IndexSeries {
    pub values: BTreeMap<Month, Decimal>,
}

/// A line of the index file that cannot be used (lines counted from 1).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SeriesProblem {
    #[error("line {line}: {found:?} is not a month: expected year-month, e.g. 2026-10")]
    BadMonth { line: u64, found: String },
    #[error("line {line}: {found:?} is not an index value: expected a number above 0")]
    BadValue { line: u64, found: String },
    #[error("line {line}: expected two fields, month and value")]
    Fields { line: u64 },
    #[error("line {line}: the month {month} is given twice (first on line {first})")]
    Twice { line: u64, month: Month, first: u64 },
    #[error("the file holds no index value")]
    Empty,
}

/// Reads `month,value` lines (`;` separators and decimal commas too); a first line
/// whose month cannot be read is taken as a header; blank lines are skipped.
pub fn parse_series(text: &str) -> Result<IndexSeries, SeriesProblem> {
    let mut values = BTreeMap::new();
    let mut lines_of: BTreeMap<Month, u64> = BTreeMap::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i as u64 + 1;
        let raw = raw.trim().trim_start_matches('\u{feff}');
        if raw.is_empty() {
            continue;
        }
        let sep = if raw.contains(';') { ';' } else { ',' };
        let fields: Vec<&str> = raw.split(sep).map(str::trim).collect();
        let [month, value] = fields.as_slice() else {
            return Err(SeriesProblem::Fields { line });
        };
        let Some(month) = Month::parse(month) else {
            if values.is_empty() && lines_of.is_empty() && line == 1 {
                continue;
            }
            return Err(SeriesProblem::BadMonth {
                line,
                found: (*month).to_owned(),
            });
        };
        let value = value
            .replace(',', ".")
            .parse::<Decimal>()
            .ok()
            .filter(|v| *v > Decimal::ZERO && !value.contains(['e', 'E']))
            .ok_or_else(|| SeriesProblem::BadValue {
                line,
                found: (*value).to_owned(),
            })?;
        if let Some(first) = lines_of.insert(month, line) {
            return Err(SeriesProblem::Twice { line, month, first });
        }
        values.insert(month, value);
    }
    if values.is_empty() {
        return Err(SeriesProblem::Empty);
    }
    Ok(IndexSeries { values })
}

/// The terms of the revision clause.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RevisionTerms {
    /// The month of I0.
    pub reference: Month,
    /// a, the part of the price that is not revised (0 ≤ a < 1).
    pub fixed: Decimal,
    /// The yearly rise assumed for months not yet published (0.02 for 2 %).
    pub assumed_yearly_rate: Decimal,
}

/// An index value, and whether it was published.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexValue {
    pub month: Month,
    pub value: Exact,
    /// `None`: published. `Some(m)`: assumed from the value published for month m, raised
    /// by the yearly rate once per year between them.
    pub assumed_from: Option<Month>,
}

/// Why the revision cannot be computed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RevisionProblem {
    #[error("the index of the reference month {month} is not in the series")]
    ReferenceNotPublished { month: Month },
    /// A month before the last published one is missing: a gap is not guessed.
    #[error("the index of {month} is missing from the series, which goes up to {last}")]
    Gap { month: Month, last: Month },
}

/// The index of a month: published, or assumed from the same month of the years before.
pub fn index_value(
    series: &IndexSeries,
    month: Month,
    rate: Decimal,
) -> Result<IndexValue, RevisionProblem> {
    let last = series.values.keys().next_back().copied().unwrap_or(month);
    let step = Exact::one().add(&Exact::from_decimal(rate));
    let mut factor = Exact::one();
    let mut m = month;
    loop {
        if let Some(v) = series.values.get(&m) {
            return Ok(IndexValue {
                month,
                value: Exact::from_decimal(*v).mul(&factor),
                assumed_from: (m != month).then_some(m),
            });
        }
        if m <= last {
            return Err(RevisionProblem::Gap { month: m, last });
        }
        m = m.minus_year();
        factor = factor.mul(&step);
    }
}

/// One contract year's revision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YearRevision {
    /// The contract year, from 1.
    pub year: u32,
    pub index: IndexValue,
    /// a + b × I ÷ I0.
    pub coefficient: Exact,
}

/// The coefficient of each contract year: the first at 1 (I = I0).
pub fn coefficients(
    terms: &RevisionTerms,
    series: &IndexSeries,
    years: u32,
) -> Result<Vec<YearRevision>, RevisionProblem> {
    let i0 = series
        .values
        .get(&terms.reference)
        .map(|v| Exact::from_decimal(*v))
        .ok_or(RevisionProblem::ReferenceNotPublished {
            month: terms.reference,
        })?;
    let a = Exact::from_decimal(terms.fixed);
    let b = Exact::one().sub(&a);
    (1..=years)
        .map(|year| {
            let month = terms.reference.plus(12 * (year - 1));
            let index = index_value(series, month, terms.assumed_yearly_rate)?;
            // I0 is a published value above 0: the division is defined.
            let ratio = index.value.div(&i0).unwrap_or_else(Exact::one);
            Ok(YearRevision {
                year,
                coefficient: a.add(&b.mul(&ratio)),
                index,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    fn month(t: &str) -> Month {
        Month::parse(t).unwrap()
    }

    const SYNTEC: &str = "mois;valeur\n2025-10;290,3\n2025-11;290,9\n\n2026-10;296,1\n";

    #[test]
    fn a_series_is_read_with_its_header_and_french_decimals() {
        let s = parse_series(SYNTEC).unwrap();
        assert_eq!(s.values.len(), 3);
        assert_eq!(s.values[&month("2026-10")], dec!(296.1));
        assert_eq!(
            parse_series("2026-10,296.1\n2026-13,1\n"),
            Err(SeriesProblem::BadMonth {
                line: 2,
                found: "2026-13".into()
            })
        );
        assert_eq!(
            parse_series("2026-10,296.1\n2026-11,-1\n"),
            Err(SeriesProblem::BadValue {
                line: 2,
                found: "-1".into()
            })
        );
        assert_eq!(
            parse_series("2026-10,1\n2026-10,2\n"),
            Err(SeriesProblem::Twice {
                line: 2,
                month: month("2026-10"),
                first: 1
            })
        );
        assert_eq!(
            parse_series("a,b,c\n"),
            Err(SeriesProblem::Fields { line: 1 })
        );
        assert_eq!(parse_series("month,value\n"), Err(SeriesProblem::Empty));
    }

    #[test]
    fn unpublished_months_are_assumed_a_year_at_a_time() {
        let s = parse_series(SYNTEC).unwrap();
        let published = index_value(&s, month("2025-11"), dec!(0.02)).unwrap();
        assert_eq!(published.value, Exact::from_decimal(dec!(290.9)));
        assert_eq!(published.assumed_from, None);
        // 2027-10 is 2026-10's 296.1 × 1.02 = 302.022; 2028-10 × 1.02 again = 308.06244.
        let next = index_value(&s, month("2027-10"), dec!(0.02)).unwrap();
        assert_eq!(next.value, Exact::from_decimal(dec!(302.022)));
        assert_eq!(next.assumed_from, Some(month("2026-10")));
        let after = index_value(&s, month("2028-10"), dec!(0.02)).unwrap();
        assert_eq!(after.value, Exact::from_decimal(dec!(308.06244)));
        // 2027-11: 2026-11 is after the last value (not yet published), so both years
        // are assumed from 2025-11: 290.9 × 1.02 × 1.02 = 302.65236.
        let two = index_value(&s, month("2027-11"), dec!(0.02)).unwrap();
        assert_eq!(two.value, Exact::from_decimal(dec!(302.65236)));
        assert_eq!(two.assumed_from, Some(month("2025-11")));
        // 2026-05 is before the last value and missing: a gap is not guessed.
        assert_eq!(
            index_value(&s, month("2026-05"), dec!(0.02)),
            Err(RevisionProblem::Gap {
                month: month("2026-05"),
                last: month("2026-10")
            })
        );
    }

    #[test]
    fn each_contract_year_has_its_coefficient() {
        let s = parse_series(SYNTEC).unwrap();
        let terms = RevisionTerms {
            reference: month("2025-10"),
            fixed: dec!(0.15),
            assumed_yearly_rate: dec!(0.02),
        };
        let c = coefficients(&terms, &s, 3).unwrap();
        // Year 1: 1. Year 2: 0.15 + 0.85 × 296.1 ÷ 290.3 (published). Year 3: 0.15 +
        // 0.85 × 302.022 ÷ 290.3 (assumed from 2026-10).
        assert_eq!(c[0].coefficient, Exact::one());
        let expected = |i: Decimal| {
            Exact::from_decimal(dec!(0.15)).add(
                &Exact::from_decimal(dec!(0.85))
                    .mul(&Exact::from_decimal(i))
                    .div(&Exact::from_decimal(dec!(290.3)))
                    .unwrap(),
            )
        };
        assert_eq!(c[1].coefficient, expected(dec!(296.1)));
        assert_eq!(c[1].index.assumed_from, None);
        assert_eq!(c[2].coefficient, expected(dec!(302.022)));
        assert_eq!(c[2].index.assumed_from, Some(month("2026-10")));
        // 0.15 + 0.85 × 296.1 ÷ 290.3 = 1.016982431…: to the cent on 10 000 €, 10 169.82.
        assert_eq!(
            c[1].coefficient
                .mul(&Exact::from_decimal(dec!(10000)))
                .round(2),
            Some(dec!(10169.82))
        );
        let unknown = RevisionTerms {
            reference: month("2024-10"),
            ..terms
        };
        assert_eq!(
            coefficients(&unknown, &s, 1),
            Err(RevisionProblem::ReferenceNotPublished {
                month: month("2024-10")
            })
        );
    }
}
