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

/// A bidder's id: the name part of its file made readable and stable, as a slug.
///
/// File names are typed by bidders ("Offre Société Générale (v2).xlsx"): the buyer must
/// be able to type the id back in a scores file or after `--bidder` without guessing its
/// accents, case or punctuation. Latin letters are lowercased and their accents folded
/// (`é` → `e`, `œ` → `oe`, `ß` → `ss`); every run of other characters (spaces,
/// punctuation, symbols) becomes one `-`, none at either end. Letters of other scripts
/// (Greek, Cyrillic…) are kept, lowercased, rather than lost: two bidders whose names
/// have no Latin letter stay apart. A name with no letter or digit at all gives
/// `candidat`.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending_dash = false;
    for c in name.chars() {
        let folded = fold(c);
        match folded {
            Folded::Text(t) => push_word(&mut out, &mut pending_dash, t),
            Folded::Char(c) => {
                let mut buf = [0u8; 4];
                push_word(&mut out, &mut pending_dash, c.encode_utf8(&mut buf));
            }
            Folded::Separator => pending_dash = true,
        }
    }
    if out.is_empty() {
        out.push_str("candidat");
    }
    out
}

fn push_word(out: &mut String, pending_dash: &mut bool, text: &str) {
    if *pending_dash && !out.is_empty() {
        out.push('-');
    }
    *pending_dash = false;
    out.push_str(text);
}

/// What one character of a name becomes in a slug.
enum Folded {
    Text(&'static str),
    Char(char),
    Separator,
}

/// U+00C0 to U+00FF, then U+0100 to U+017F, folded to ASCII (`-`: not a letter).
const LATIN_1: &str = "a a a a a a ae c e e e e i i i i d n o o o o o - o u u u u y th ss \
a a a a a a ae c e e e e i i i i d n o o o o o - o u u u u y th y";
const LATIN_EXTENDED_A: &str = "a a a a a a c c c c c c c c d d d d e e e e e e e e e e \
g g g g g g g g h h h h i i i i i i i i i i ij ij j j k k k l l l l l l l l l l \
n n n n n n n n n o o o o o o oe oe r r r r r r s s s s s s s s t t t t t t \
u u u u u u u u u u u u w w y y y z z z z z z s";

fn fold(c: char) -> Folded {
    if c.is_ascii_alphanumeric() {
        return Folded::Char(c.to_ascii_lowercase());
    }
    let code = c as u32;
    let table = match code {
        0xC0..=0xFF => Some((LATIN_1, code - 0xC0)),
        0x100..=0x17F => Some((LATIN_EXTENDED_A, code - 0x100)),
        _ => None,
    };
    if let Some((table, at)) = table {
        return match table.split_whitespace().nth(at as usize) {
            Some("-") | None => Folded::Separator,
            Some(t) => Folded::Text(t),
        };
    }
    match c {
        '\u{1E9E}' => Folded::Text("ss"),
        '\u{0218}' | '\u{0219}' => Folded::Text("s"),
        '\u{021A}' | '\u{021B}' => Folded::Text("t"),
        c if c.is_alphanumeric() => c
            .to_lowercase()
            .next()
            .filter(|l| l.is_alphanumeric())
            .map_or(Folded::Separator, Folded::Char),
        _ => Folded::Separator,
    }
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
    fn slugs_fold_accents_case_and_punctuation() {
        assert_eq!(
            slug("Offre Société Générale (v2)"),
            "offre-societe-generale-v2"
        );
        assert_eq!(slug("Cœur & Bœuf — Straße"), "coeur-boeuf-strasse");
        assert_eq!(slug("  L'Harmattan__Numérique  "), "l-harmattan-numerique");
        assert_eq!(slug("ÀÉÎÕÜÇÑ æøåÞ ŁŚŻ ĳ"), "aeioucn-aeoath-lsz-ij");
        assert_eq!(slug("acme"), "acme");
        assert_eq!(slug("Kiosque-Metro"), "kiosque-metro");
        assert_eq!(slug("Книга 2"), "книга-2");
        assert_eq!(slug("(((  )))"), "candidat");
        assert_eq!(slug(""), "candidat");
        assert_eq!(slug("a×b÷c"), "a-b-c");
    }

    #[test]
    fn a_slug_is_its_own_slug() {
        for name in ["Offre Société Générale (v2)", "ÆØÅ ßẞ", "x--y", "Книга"] {
            let once = slug(name);
            assert_eq!(slug(&once), once, "{name}");
        }
    }

    proptest::proptest! {
        /// Whatever the name: a non-empty id of lowercased letters, digits and single
        /// inner dashes, that is its own slug.
        #[test]
        fn any_name_gives_a_clean_stable_id(name in "\\PC{0,30}") {
            let id = slug(&name);
            proptest::prop_assert!(!id.is_empty());
            proptest::prop_assert!(!id.starts_with('-') && !id.ends_with('-') && !id.contains("--"));
            let lowered = |c: char| c.is_alphanumeric() && c.to_lowercase().eq([c]);
            proptest::prop_assert!(id.chars().all(|c| c == '-' || lowered(c)), "{}", id);
            proptest::prop_assert_eq!(slug(&id), id.clone());
        }
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
