//! Where a figure came from.
//!
//! Every value read from a bidder keeps its origin (file, sheet, cell and the text the
//! bidder saw), so that an exclusion reason or an `explain` can point at it without a
//! second pass over the files. The decisions this tool supports can be challenged in
//! court: a figure without its source is not worth printing.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

/// A cell position, zero-based; shown in A1 notation (`D7`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellRef {
    pub row: u32,
    pub col: u32,
}

impl CellRef {
    pub fn new(row: u32, col: u32) -> Self {
        CellRef { row, col }
    }

    /// The column's letters: 0 → `A`, 25 → `Z`, 26 → `AA`.
    pub fn column_letters(col: u32) -> String {
        let mut n = col as u64 + 1;
        let mut letters = Vec::new();
        while n > 0 {
            let rem = ((n - 1) % 26) as u8;
            letters.push(b'A' + rem);
            n = (n - 1) / 26;
        }
        letters.reverse();
        String::from_utf8(letters).expect("ASCII letters")
    }

    /// Parses `D7` (case-insensitive). `None` for anything else.
    pub fn parse(a1: &str) -> Option<CellRef> {
        let a1 = a1.trim();
        let split = a1.find(|c: char| c.is_ascii_digit())?;
        let (letters, digits) = a1.split_at(split);
        if letters.is_empty()
            || letters.len() > 3
            || !letters.chars().all(|c| c.is_ascii_alphabetic())
        {
            return None;
        }
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let mut col: u64 = 0;
        for c in letters.chars() {
            col = col * 26 + (c.to_ascii_uppercase() as u64 - 'A' as u64 + 1);
        }
        let row: u64 = digits.parse().ok()?;
        if row == 0 || row > u32::MAX as u64 || col == 0 {
            return None;
        }
        Some(CellRef::new((row - 1) as u32, (col - 1) as u32))
    }
}

impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}{}",
            CellRef::column_letters(self.col),
            self.row as u64 + 1
        )
    }
}

/// A place in a bidder's file. The sheet is `None` for a CSV file (one sheet, no name);
/// the cell is `None` when the problem concerns the whole file or sheet.
///
/// The file and sheet are shared, not copied: a workbook's thousands of cells each keep
/// their place, and a place is cloned as often as a figure is quoted.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub file: Arc<Path>,
    pub sheet: Option<Arc<str>>,
    pub cell: Option<CellRef>,
}

impl Location {
    pub fn file(file: &Path) -> Self {
        Location {
            file: Arc::from(file),
            sheet: None,
            cell: None,
        }
    }

    pub fn sheet(file: &Path, sheet: Option<&str>) -> Self {
        Location {
            file: Arc::from(file),
            sheet: sheet.map(Arc::from),
            cell: None,
        }
    }

    pub fn cell(file: &Path, sheet: Option<&str>, cell: CellRef) -> Self {
        Location {
            cell: Some(cell),
            ..Location::sheet(file, sheet)
        }
    }

    /// A sheet of the same file (sharing it).
    pub fn in_sheet(&self, sheet: &str) -> Self {
        Location {
            file: Arc::clone(&self.file),
            sheet: Some(Arc::from(sheet)),
            cell: None,
        }
    }

    /// A cell of the same file and sheet (sharing them).
    pub fn at(&self, cell: CellRef) -> Self {
        Location {
            file: Arc::clone(&self.file),
            sheet: self.sheet.clone(),
            cell: Some(cell),
        }
    }
}

/// A value with the cell it was read from and the text the bidder saw there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sourced<T> {
    pub value: T,
    pub location: Location,
    /// What the cell showed: the typed text, or the number as the spreadsheet displays it.
    pub raw: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_follow_spreadsheet_convention() {
        assert_eq!(CellRef::column_letters(0), "A");
        assert_eq!(CellRef::column_letters(25), "Z");
        assert_eq!(CellRef::column_letters(26), "AA");
        assert_eq!(CellRef::column_letters(27), "AB");
        assert_eq!(CellRef::column_letters(701), "ZZ");
        assert_eq!(CellRef::column_letters(702), "AAA");
        assert_eq!(CellRef::column_letters(16383), "XFD");
    }

    #[test]
    fn places_built_from_a_file_or_a_sheet_are_the_places_built_whole() {
        let file = Location::file(Path::new("offres/acme.xlsx"));
        let sheet = file.in_sheet("Lot 1");
        assert_eq!(
            sheet,
            Location::sheet(Path::new("offres/acme.xlsx"), Some("Lot 1"))
        );
        let cell = sheet.at(CellRef::new(6, 3));
        assert_eq!(
            cell,
            Location::cell(
                Path::new("offres/acme.xlsx"),
                Some("Lot 1"),
                CellRef::new(6, 3)
            )
        );
        // The cell shares its sheet's file and name: nothing is copied.
        assert!(Arc::ptr_eq(&cell.file, &file.file));
        assert!(Arc::ptr_eq(
            cell.sheet.as_ref().unwrap(),
            sheet.sheet.as_ref().unwrap()
        ));
        assert_eq!(cell.sheet.as_deref(), Some("Lot 1"));
    }

    #[test]
    fn a1_notation_round_trips() {
        assert_eq!(CellRef::new(6, 3).to_string(), "D7");
        assert_eq!(CellRef::parse("d7"), Some(CellRef::new(6, 3)));
        assert_eq!(
            CellRef::parse("XFD1048576"),
            Some(CellRef::new(1_048_575, 16383))
        );
        assert_eq!(CellRef::parse("A0"), None);
        assert_eq!(CellRef::parse("7D"), None);
        assert_eq!(CellRef::parse(""), None);
        assert_eq!(CellRef::parse("A1B"), None);
    }
}
