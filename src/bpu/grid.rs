//! A sheet as the reader sees it, whatever the file format: values, plus what the
//! format knows about them (formulas left without a saved result, hidden columns, merged
//! areas).

use std::collections::{BTreeMap, BTreeSet};

use calamine::{Data, Range};

use super::package::{LIMITS, OverLimit};
use super::read::ReadError;

#[derive(Clone, Debug, Default)]
pub struct Grid {
    values: Range<Data>,
    /// Cells holding a formula whose result was not saved with the file, with the
    /// formula: they must not be read as empty or as 0.
    formulas_without_value: BTreeMap<(u32, u32), String>,
    hidden_columns: BTreeSet<u32>,
    /// (first row, first column, last row, last column), inclusive.
    merged: Vec<(u32, u32, u32, u32)>,
}

const EMPTY: Data = Data::Empty;

impl Grid {
    pub fn new(values: Range<Data>) -> Self {
        Grid {
            values,
            ..Grid::default()
        }
    }

    /// Builds a grid from cells read one by one, refusing cells past the limits before
    /// anything is allocated for them.
    pub fn from_cells(
        sheet: &str,
        cells: impl IntoIterator<Item = Result<((u32, u32), Data, Option<String>), ReadError>>,
    ) -> Result<Self, ReadError> {
        let mut kept = Vec::new();
        let mut formulas = BTreeMap::new();
        for (count, cell) in cells.into_iter().enumerate() {
            let ((row, col), value, formula) = cell?;
            if count >= LIMITS.cells {
                return Err(ReadError::TooLarge(OverLimit::Cells {
                    sheet: sheet.to_owned(),
                    limit: LIMITS.cells,
                }));
            }
            let empty =
                matches!(value, Data::Empty) || matches!(&value, Data::String(s) if s.is_empty());
            if empty && formula.is_none() {
                continue;
            }
            if row >= LIMITS.rows || col >= LIMITS.columns {
                let cell = crate::source::CellRef::new(row, col).to_string();
                return Err(ReadError::TooLarge(OverLimit::Extent {
                    sheet: sheet.to_owned(),
                    cell,
                }));
            }
            match formula {
                Some(f) if empty => {
                    formulas.insert((row, col), f);
                }
                _ => kept.push(calamine::Cell::new((row, col), value)),
            }
        }
        Ok(Grid {
            values: Range::from_sparse(kept),
            formulas_without_value: formulas,
            ..Grid::default()
        })
    }

    /// Checks the extent of a grid a library built itself (ods, xls, csv).
    pub fn checked(sheet: &str, values: Range<Data>) -> Result<Self, ReadError> {
        if let Some((row, col)) = values.end()
            && (row >= LIMITS.rows || col >= LIMITS.columns)
        {
            // The library already holds it; say so rather than read a sheet this large.
            let cell = crate::source::CellRef::new(row, col).to_string();
            return Err(ReadError::TooLarge(OverLimit::Extent {
                sheet: sheet.to_owned(),
                cell,
            }));
        }
        Ok(Grid::new(values))
    }

    pub fn with_hidden_columns(mut self, hidden: BTreeSet<u32>) -> Self {
        self.hidden_columns = hidden;
        self
    }

    pub fn with_merged(mut self, merged: Vec<(u32, u32, u32, u32)>) -> Self {
        self.merged = merged;
        self
    }

    pub fn with_formulas_without_value(mut self, formulas: BTreeMap<(u32, u32), String>) -> Self {
        self.formulas_without_value.extend(formulas);
        self
    }

    /// The value at a cell; a cell inside a merged area shows its top-left value, as the
    /// spreadsheet does.
    pub fn get(&self, row: u32, col: u32) -> &Data {
        let (row, col) = self
            .merged
            .iter()
            .find(|(r0, c0, r1, c1)| (*r0..=*r1).contains(&row) && (*c0..=*c1).contains(&col))
            .map_or((row, col), |(r0, c0, _, _)| (*r0, *c0));
        self.values.get_value((row, col)).unwrap_or(&EMPTY)
    }

    /// The formula of a cell whose result was not saved.
    pub fn formula_without_value(&self, row: u32, col: u32) -> Option<&str> {
        self.formulas_without_value
            .get(&(row, col))
            .map(String::as_str)
    }

    pub fn is_hidden_column(&self, col: u32) -> bool {
        self.hidden_columns.contains(&col)
    }

    /// The last row and column holding anything (value or formula), if any.
    pub fn end(&self) -> Option<(u32, u32)> {
        let values = self.values.end();
        let formulas =
            self.formulas_without_value
                .keys()
                .fold(None, |acc: Option<(u32, u32)>, (r, c)| {
                    Some(acc.map_or((*r, *c), |(ar, ac)| (ar.max(*r), ac.max(*c))))
                });
        match (values, formulas) {
            (Some((r, c)), Some((fr, fc))) => Some((r.max(fr), c.max(fc))),
            (a, b) => a.or(b),
        }
    }

    /// The first row and column holding a value.
    pub fn start(&self) -> Option<(u32, u32)> {
        self.values.start()
    }

    /// Every non-empty cell, row by row.
    pub fn used(&self) -> impl Iterator<Item = (u32, u32, &Data)> {
        let (top, left) = self.values.start().unwrap_or((0, 0));
        self.values
            .used_cells()
            .map(move |(r, c, d)| (top + r as u32, left + c as u32, d))
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty() && self.formulas_without_value.is_empty()
    }
}
