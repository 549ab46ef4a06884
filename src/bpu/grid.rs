//! A sheet as the reader sees it, whatever the file format: its filled cells, plus what
//! the format knows about them (formulas left without a saved result, hidden columns,
//! merged areas).
//!
//! Only filled cells are kept, sorted by row and column: memory follows what the file
//! holds, never the extent it declares (a cell at A1 and one at GR10000 are two cells,
//! not two million). Cells are checked against the limits one by one as the reader
//! hands them over ([`GridBuilder::push`]), before anything is stored for them.
//! Strings shared by a workbook (xlsx) are kept once and referred to by index.

use std::sync::Arc;

use super::error::ReadError;
use super::package::{LIMITS, OverLimit};

/// A cell's value, as the reader sees it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value<'g> {
    Empty,
    Text(&'g str),
    Number(f64),
    Bool(bool),
    /// A date, time or duration, as the file writes it (a serial number or ISO text).
    Date(&'g str),
    /// An error value such as `#REF!`.
    Error(&'g str),
}

/// A cell's content as a reader hands it over.
#[derive(Clone, Debug, PartialEq)]
pub enum Stored {
    Text(Box<str>),
    /// The index of a string of the workbook's shared table.
    Shared(u32),
    Number(f64),
    Bool(bool),
    Date(Box<str>),
    Error(Box<str>),
    /// A formula whose result was not saved with the file: its value is unknown, and
    /// must never be read as empty or 0.
    FormulaWithoutValue(Box<str>),
}

impl Stored {
    fn is_empty_text(&self) -> bool {
        matches!(self, Stored::Text(s) if s.is_empty())
    }
}

#[derive(Clone, Debug, Default)]
pub struct Grid {
    /// Sorted by (row, column), one entry per position.
    cells: Vec<(u32, u32, Stored)>,
    /// Where each row's cells start in `cells`, for the rows up to the last one filled
    /// (and one past it): a cell is looked up among its row's few cells, not among all
    /// of them. Within the limits on rows, this stays small.
    row_starts: Vec<u32>,
    shared: Arc<[Box<str>]>,
    /// Sorted, zero-based.
    hidden_columns: Vec<u32>,
    /// (first row, first column, last row, last column), inclusive.
    merged: Vec<(u32, u32, u32, u32)>,
}

/// Builds a grid from cells read one by one, refusing a cell past the limits before
/// anything is stored for it.
pub struct GridBuilder<'s> {
    sheet: &'s str,
    cells: Vec<(u32, u32, Stored)>,
    shared: Arc<[Box<str>]>,
    sorted: bool,
}

impl<'s> GridBuilder<'s> {
    pub fn new(sheet: &'s str) -> Self {
        GridBuilder {
            sheet,
            cells: Vec::new(),
            shared: Arc::from(Vec::new()),
            sorted: true,
        }
    }

    /// The sheet's name, for what the limits say.
    pub fn sheet(&self) -> &'s str {
        self.sheet
    }

    /// With the workbook's table of shared strings, which [`Stored::Shared`] indexes.
    pub fn with_shared(mut self, shared: Arc<[Box<str>]>) -> Self {
        self.shared = shared;
        self
    }

    /// With room for about `cells` cells from the start, as the reader expects from the
    /// sheet's size (never more than a few thousand: past that, growing costs little).
    pub fn with_room(mut self, cells: usize) -> Self {
        self.cells.reserve(cells.min(4_096));
        self
    }

    /// Adds a cell (zero-based row and column, as wide as the file may write them).
    /// Empty texts are dropped; a filled cell past the rows or columns read, or one
    /// cell too many, is refused.
    pub fn push(&mut self, row: u64, col: u64, value: Stored) -> Result<(), ReadError> {
        if value.is_empty_text() {
            return Ok(());
        }
        if row >= u64::from(LIMITS.rows) || col >= u64::from(LIMITS.columns) {
            return Err(ReadError::TooLarge(OverLimit::Extent {
                sheet: self.sheet.to_owned(),
                cell: a1(row, col),
            }));
        }
        if self.cells.len() >= LIMITS.cells {
            return Err(ReadError::TooLarge(OverLimit::Cells {
                sheet: self.sheet.to_owned(),
                limit: LIMITS.cells,
            }));
        }
        // Within the limits checked above, both fit in u32.
        let (row, col) = (row as u32, col as u32);
        if let Some(&(r, c, _)) = self.cells.last()
            && (r, c) >= (row, col)
        {
            self.sorted = false;
        }
        self.cells.push((row, col, value));
        Ok(())
    }

    pub fn finish(mut self) -> Grid {
        if !self.sorted {
            // A position given twice keeps the last value, as spreadsheet programs do.
            self.cells.reverse();
            self.cells.sort_by_key(|&(r, c, _)| (r, c));
            self.cells.dedup_by_key(|&mut (r, c, _)| (r, c));
        }
        Grid {
            row_starts: row_starts(&self.cells),
            cells: self.cells,
            shared: self.shared,
            ..Grid::default()
        }
    }
}

/// For each row up to the last filled one, and one past it, the index of its first cell
/// in `cells` (sorted by row): row `r`'s cells are `starts[r]..starts[r + 1]`.
fn row_starts(cells: &[(u32, u32, Stored)]) -> Vec<u32> {
    let rows = cells.last().map_or(0, |&(r, _, _)| r as usize + 1);
    let mut starts = Vec::with_capacity(rows + 1);
    for (i, &(r, _, _)) in cells.iter().enumerate() {
        // Rows and cells are within the limits: both fit in u32.
        while starts.len() <= r as usize {
            starts.push(i as u32);
        }
    }
    starts.push(cells.len() as u32);
    starts
}

/// Adds a merged area to a sheet's list, refused past the limit.
pub fn push_merged(
    merged: &mut Vec<(u32, u32, u32, u32)>,
    area: (u32, u32, u32, u32),
    sheet: &str,
) -> Result<(), ReadError> {
    if merged.len() >= LIMITS.merged_areas {
        return Err(ReadError::TooLarge(OverLimit::MergedAreas {
            sheet: sheet.to_owned(),
            limit: LIMITS.merged_areas,
        }));
    }
    merged.push(area);
    Ok(())
}

/// `GR10001`, for any row and column a file may write.
fn a1(row: u64, col: u64) -> String {
    let col = u32::try_from(col).unwrap_or(u32::MAX);
    format!(
        "{}{}",
        crate::source::CellRef::column_letters(col),
        row.saturating_add(1)
    )
}

impl Grid {
    pub fn with_hidden_columns(mut self, mut hidden: Vec<u32>) -> Self {
        hidden.sort_unstable();
        hidden.dedup();
        self.hidden_columns = hidden;
        self
    }

    pub fn with_merged(mut self, merged: Vec<(u32, u32, u32, u32)>) -> Self {
        self.merged = merged;
        self
    }

    fn stored(&self, row: u32, col: u32) -> Option<&Stored> {
        let row_index = usize::try_from(row).ok()?;
        let start = *self.row_starts.get(row_index)? as usize;
        let end = *self.row_starts.get(row_index + 1)? as usize;
        let in_row = self.cells.get(start..end)?;
        in_row
            .binary_search_by_key(&col, |&(_, c, _)| c)
            .ok()
            .map(|i| &in_row[i].2)
    }

    fn view<'g>(&'g self, stored: &'g Stored) -> Value<'g> {
        match stored {
            Stored::Text(s) => Value::Text(s),
            Stored::Shared(i) => match self.shared.get(*i as usize) {
                Some(s) => Value::Text(s),
                None => Value::Empty,
            },
            Stored::Number(n) => Value::Number(*n),
            Stored::Bool(b) => Value::Bool(*b),
            Stored::Date(s) => Value::Date(s),
            Stored::Error(s) => Value::Error(s),
            Stored::FormulaWithoutValue(_) => Value::Empty,
        }
    }

    /// The value at a cell; a cell inside a merged area shows its top-left value, as the
    /// spreadsheet does.
    pub fn get(&self, row: u32, col: u32) -> Value<'_> {
        let (row, col) = self
            .merged
            .iter()
            .find(|(r0, c0, r1, c1)| (*r0..=*r1).contains(&row) && (*c0..=*c1).contains(&col))
            .map_or((row, col), |(r0, c0, _, _)| (*r0, *c0));
        self.stored(row, col).map_or(Value::Empty, |s| self.view(s))
    }

    /// The formula of a cell whose result was not saved.
    pub fn formula_without_value(&self, row: u32, col: u32) -> Option<&str> {
        match self.stored(row, col) {
            Some(Stored::FormulaWithoutValue(f)) => Some(f),
            _ => None,
        }
    }

    pub fn is_hidden_column(&self, col: u32) -> bool {
        self.hidden_columns.binary_search(&col).is_ok()
    }

    /// The last row and column holding anything (value or formula), if any.
    pub fn end(&self) -> Option<(u32, u32)> {
        let last_row = self.cells.last()?.0;
        let last_col = self.cells.iter().map(|&(_, c, _)| c).max()?;
        Some((last_row, last_col))
    }

    /// Every cell holding a value (formulas without one left out), row by row.
    pub fn used(&self) -> impl Iterator<Item = (u32, u32, Value<'_>)> {
        self.cells.iter().filter_map(|(r, c, s)| match s {
            Stored::FormulaWithoutValue(_) => None,
            s => Some((*r, *c, self.view(s))),
        })
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Stored {
        Stored::Text(s.into())
    }

    #[test]
    fn keeps_only_filled_cells_in_order() {
        let mut b = GridBuilder::new("Lot 1");
        b.push(9_999, 199, Stored::Number(2.0)).unwrap();
        b.push(0, 0, text("Code")).unwrap();
        b.push(0, 1, text("")).unwrap();
        b.push(0, 0, text("Code bis")).unwrap();
        let g = b.finish();
        let used: Vec<_> = g.used().collect();
        assert_eq!(
            used,
            vec![
                (0, 0, Value::Text("Code bis")),
                (9_999, 199, Value::Number(2.0))
            ]
        );
        assert_eq!(g.get(0, 1), Value::Empty);
        assert_eq!(g.end(), Some((9_999, 199)));
    }

    #[test]
    fn refuses_a_cell_past_the_limits_before_storing_it() {
        let mut b = GridBuilder::new("Lot 1");
        match b.push(0, 100_000, text("x")) {
            Err(ReadError::TooLarge(OverLimit::Extent { sheet, cell })) => {
                assert_eq!(sheet, "Lot 1");
                // Column 100 001 is EQXE (5 × 26³ + 17 × 26² + 24 × 26 + 5 = 100 001).
                assert_eq!(cell, "EQXE1");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            b.push(u64::MAX, 0, text("x")),
            Err(ReadError::TooLarge(OverLimit::Extent { .. }))
        ));
        assert!(b.finish().is_empty());
    }

    #[test]
    fn merged_areas_show_their_top_left_value_and_shared_strings_are_looked_up() {
        let shared: Arc<[Box<str>]> = Arc::from(vec![Box::<str>::from("partagé")]);
        let mut b = GridBuilder::new("s").with_shared(shared);
        b.push(1, 1, Stored::Shared(0)).unwrap();
        b.push(1, 2, Stored::Shared(7)).unwrap();
        b.push(3, 3, Stored::FormulaWithoutValue("B2*2".into()))
            .unwrap();
        let g = b.finish().with_merged(vec![(1, 1, 2, 1)]);
        assert_eq!(g.get(2, 1), Value::Text("partagé"));
        assert_eq!(g.get(1, 2), Value::Empty);
        assert_eq!(g.get(3, 3), Value::Empty);
        assert_eq!(g.formula_without_value(3, 3), Some("B2*2"));
        assert_eq!(g.used().count(), 2);
        assert_eq!(g.end(), Some((3, 3)));
    }
}
