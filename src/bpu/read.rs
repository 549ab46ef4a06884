//! Reads a bidder's workbook (xlsx, xlsm, ods, xls) or a CSV export of one lot sheet into
//! raw offer cells, each with its file, sheet, cell and the text it showed.
//!
//! Nothing is found by position: the header row is the row holding `Code`, scope columns
//! are the header cells ending in `[scope id]`, item rows are found by their code. So a
//! bidder who inserts a row or a column, or re-saves in another program, is still read.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Range, Reader, Sheets};

use super::csv as csv_sheet;
use super::layout::{self, CandidateField};
use super::number;
use crate::offer::{CellContent, InvalidValue, LotQuote, QuoteCell, ScopeQuote};
use crate::source::{CellRef, Location, Sourced};
use crate::tender::{Lot, Tender};

/// What one file gave.
#[derive(Clone, Debug, Default)]
pub struct FileRead {
    pub bidder_name: Option<Sourced<String>>,
    pub lots: Vec<LotQuote>,
    /// Things noticed that do not stop the reading: shown as warnings.
    pub notes: Vec<ReadNote>,
}

/// Something odd in a file that the reader worked around, and says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadNote {
    /// A lot sheet without a `Code` header: nothing could be read from it.
    NoHeader { location: Location, lot: String },
    /// A header cell with a bracketed id that is not a scope of the tender.
    UnknownScope { location: Location, id: String },
    /// The same scope heads two columns; the first is read.
    DuplicateScope {
        location: Location,
        scope: String,
        first: Location,
    },
    /// The same code on two rows; the first is read.
    DuplicateCode {
        location: Location,
        code: String,
        first: Location,
    },
    /// Two sheets answer the same lot; the first is read.
    DuplicateLotSheet {
        location: Location,
        lot: String,
        first: Location,
    },
    /// A workbook with no sheet named after a lot of the tender.
    NoLotSheet { location: Location },
    /// A CSV file whose lot could not be told (no `Lot <id>` title, no `.lot-<id>` in
    /// its name).
    UnknownCsvLot { location: Location },
}

/// Why a file could not be read at all.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("the file cannot be opened: {detail}")]
    Unopenable { detail: String },
    #[error("not a spreadsheet ({detail})")]
    NotASpreadsheet { detail: String },
    #[error("the spreadsheet is damaged or in an unsupported form: {detail}")]
    Damaged { detail: String },
    #[error("reading the file failed unexpectedly: {detail}")]
    Crashed { detail: String },
}

/// What a file is, from its first bytes (never from its name alone).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A zip container: xlsx, xlsm or ods.
    Zip,
    /// An OLE2 compound file: xls (or an encrypted xlsx).
    Ole,
    /// Plain text: read as CSV when named `.csv`.
    Csv,
}

/// Tells the kind of a file from its bytes and name, or says what it looks like.
pub fn sniff(bytes: &[u8], path: &Path) -> Result<FileKind, ReadError> {
    if bytes.starts_with(b"PK\x03\x04") {
        return Ok(FileKind::Zip);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Ok(FileKind::Ole);
    }
    let looks_like = if bytes.starts_with(b"%PDF") {
        Some("a PDF document")
    } else if bytes.starts_with(b"{\\rtf") {
        Some("an RTF document")
    } else if bytes.starts_with(b"\x89PNG") || bytes.starts_with(b"\xFF\xD8\xFF") {
        Some("an image")
    } else {
        None
    };
    if let Some(what) = looks_like {
        return Err(ReadError::NotASpreadsheet {
            detail: what.to_owned(),
        });
    }
    let is_csv = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_csv {
        return Ok(FileKind::Csv);
    }
    if bytes.is_empty() {
        return Err(ReadError::NotASpreadsheet {
            detail: "the file is empty".into(),
        });
    }
    Err(ReadError::NotASpreadsheet {
        detail: "its content is not that of a workbook".into(),
    })
}

/// Reads one file. A panic inside the spreadsheet library is caught and reported as a
/// failure of this file alone: one bad bidder file never stops the analysis of others.
pub fn read_file(path: &Path, bytes: &[u8], tender: &Tender) -> Result<FileRead, ReadError> {
    let outcome = crate::isolation::run(|| read_bytes(path, bytes, tender));
    match outcome {
        Ok(result) => result,
        Err(detail) => Err(ReadError::Crashed { detail }),
    }
}

fn read_bytes(path: &Path, bytes: &[u8], tender: &Tender) -> Result<FileRead, ReadError> {
    match sniff(bytes, path)? {
        FileKind::Csv => read_csv(path, bytes, tender),
        FileKind::Zip | FileKind::Ole => {
            let workbook =
                calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
                    ReadError::Damaged {
                        detail: e.to_string(),
                    }
                })?;
            read_workbook(path, workbook, tender)
        }
    }
}

fn read_workbook<RS: std::io::Read + std::io::Seek>(
    path: &Path,
    mut workbook: Sheets<RS>,
    tender: &Tender,
) -> Result<FileRead, ReadError> {
    let mut out = FileRead::default();
    let names = workbook.sheet_names();

    if let Some(name) = names
        .iter()
        .find(|n| n.trim().eq_ignore_ascii_case(layout::CANDIDATE_SHEET))
    {
        let range = workbook
            .worksheet_range(name)
            .map_err(|e| ReadError::Damaged {
                detail: e.to_string(),
            })?;
        out.bidder_name = candidate_field(&range, path, Some(name), CandidateField::LegalName);
    }

    let mut found_any = false;
    for lot in &tender.lots {
        let mut sheets = names.iter().filter(|n| sheet_matches_lot(n, &lot.id));
        let Some(first) = sheets.next() else { continue };
        found_any = true;
        let first_location = Location::sheet(path, Some(first));
        for other in sheets {
            out.notes.push(ReadNote::DuplicateLotSheet {
                location: Location::sheet(path, Some(other)),
                lot: lot.id.clone(),
                first: first_location.clone(),
            });
        }
        let range = workbook
            .worksheet_range(first)
            .map_err(|e| ReadError::Damaged {
                detail: e.to_string(),
            })?;
        if let Some(quote) = read_lot_grid(&range, path, Some(first), lot, tender, &mut out.notes) {
            out.lots.push(quote);
        }
    }
    if !found_any {
        out.notes.push(ReadNote::NoLotSheet {
            location: Location::file(path),
        });
    }
    Ok(out)
}

fn read_csv(path: &Path, bytes: &[u8], tender: &Tender) -> Result<FileRead, ReadError> {
    let text = csv_sheet::decode(bytes);
    let range = csv_sheet::grid(&text).map_err(|e| ReadError::Damaged {
        detail: e.to_string(),
    })?;
    let mut out = FileRead::default();
    let lot = csv_lot(&range, tender).or_else(|| {
        // `acme.lot-3.csv`, `acme.Lot 3.csv`: the part after the bidder's id.
        let stem = path.file_stem()?.to_str()?;
        let (_, rest) = stem.split_once('.')?;
        tender.lots.iter().find(|l| sheet_matches_lot(rest, &l.id))
    });
    match lot {
        Some(lot) => {
            if let Some(quote) = read_lot_grid(&range, path, None, lot, tender, &mut out.notes) {
                out.lots.push(quote);
            }
        }
        None => out.notes.push(ReadNote::UnknownCsvLot {
            location: Location::file(path),
        }),
    }
    Ok(out)
}

/// The lot named by a title cell (`Lot 3 — …`) above the header of a CSV export.
fn csv_lot<'t>(range: &Range<Data>, tender: &'t Tender) -> Option<&'t Lot> {
    let header = find_header(range).map_or(range.height().min(20), |(r, _)| r as usize);
    for row in range.rows().take(header) {
        for cell in row {
            if let Data::String(s) = cell
                && let Some(lot) = tender.lots.iter().find(|l| sheet_matches_lot(s, &l.id))
            {
                return Some(lot);
            }
        }
    }
    None
}

/// Whether a sheet's name (or a title) names a lot: `Lot 3`, `LOT 03`, `Lot 3 - Presse`,
/// `lot3`. The id must be followed by the end or a non-alphanumeric character, so that
/// `Lot 12` never answers for lot 1.
pub fn sheet_matches_lot(name: &str, lot_id: &str) -> bool {
    let name = name.trim();
    let Some(rest) = name
        .get(..3)
        .filter(|p| p.eq_ignore_ascii_case("lot"))
        .map(|_| &name[3..])
    else {
        return false;
    };
    let mut rest =
        rest.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '_' | '.'));
    for prefix in ["n°", "N°", "nº", "no.", "No.", "#", ":"] {
        if let Some(r) = rest.strip_prefix(prefix) {
            rest = r.trim_start();
            break;
        }
    }
    let token_end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    let token = &rest[..token_end];
    if token.eq_ignore_ascii_case(lot_id) {
        return true;
    }
    // Numeric ids compare as numbers: `01` is lot 1. The token may run on into a title
    // joined by `-` (`Lot 1-Musique`): compare its leading digits then.
    let digits_end = token
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(token.len());
    let digits = &token[..digits_end];
    let after = &token[digits_end..];
    if digits.is_empty() || !(after.is_empty() || after.starts_with(['-', '_'])) {
        return false;
    }
    match (digits.parse::<u64>(), lot_id.parse::<u64>()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Text of a cell, as shown, for labels and codes.
fn cell_text(data: &Data) -> Option<String> {
    match data {
        Data::String(s) => Some(s.trim().to_owned()),
        Data::Float(f) => number::from_double(*f).ok().map(|d| d.to_string()),
        Data::Int(i) => Some(i.to_string()),
        _ => None,
    }
}

/// The first cell reading `Code` (any case) in the first rows: the header row and the
/// code column.
fn find_header(range: &Range<Data>) -> Option<(u32, u32)> {
    let (top, left) = range.start()?;
    for (r, row) in range.rows().enumerate().take(200) {
        for (c, cell) in row.iter().enumerate() {
            if let Data::String(s) = cell
                && s.trim().eq_ignore_ascii_case(layout::CODE_HEADER)
            {
                return Some((top + r as u32, left + c as u32));
            }
        }
    }
    None
}

/// The scope id in a header such as `Ville de Grenoble [grenoble]`.
fn bracketed_id(header: &str) -> Option<&str> {
    let h = header.trim();
    let inner = h.strip_suffix(']')?;
    let open = inner.rfind('[')?;
    Some(inner[open + 1..].trim())
}

fn read_lot_grid(
    range: &Range<Data>,
    path: &Path,
    sheet: Option<&str>,
    lot: &Lot,
    tender: &Tender,
    notes: &mut Vec<ReadNote>,
) -> Option<LotQuote> {
    let sheet_location = Location::sheet(path, sheet);
    let Some((header_row, code_col)) = find_header(range) else {
        // An empty sheet is no answer for the lot, not a problem.
        if range
            .used_cells()
            .any(|(_, _, d)| !matches!(cell_text(d).as_deref(), None | Some("")))
        {
            notes.push(ReadNote::NoHeader {
                location: sheet_location,
                lot: lot.id.clone(),
            });
        }
        return None;
    };
    let (_, left) = range.start()?;
    let (_, right) = range.end()?;

    // Scope columns, by the bracketed id of their header.
    let mut columns: Vec<(u32, ScopeQuote)> = Vec::new();
    for col in left..=right {
        let Some(text) = range.get_value((header_row, col)).and_then(cell_text) else {
            continue;
        };
        let Some(id) = bracketed_id(&text) else {
            continue;
        };
        let location = Location::cell(path, sheet, CellRef::new(header_row, col));
        if tender.scope(id).is_none() {
            notes.push(ReadNote::UnknownScope {
                location,
                id: id.to_owned(),
            });
            continue;
        }
        if let Some((_, first)) = columns.iter().find(|(_, q)| q.scope == id) {
            notes.push(ReadNote::DuplicateScope {
                location,
                scope: id.to_owned(),
                first: first.header.clone(),
            });
            continue;
        }
        columns.push((
            col,
            ScopeQuote {
                scope: id.to_owned(),
                header: location,
                cells: Default::default(),
            },
        ));
    }

    // Item rows, by their code.
    let (bottom, _) = range.end()?;
    let mut seen: Vec<(&'static str, Location)> = Vec::new();
    for row in header_row + 1..=bottom {
        let Some(code) = range.get_value((row, code_col)).and_then(cell_text) else {
            continue;
        };
        let Some(item) = layout::item_by_code(&code) else {
            continue;
        };
        let code_location = Location::cell(path, sheet, CellRef::new(row, code_col));
        if let Some((_, first)) = seen.iter().find(|(c, _)| *c == item.code) {
            notes.push(ReadNote::DuplicateCode {
                location: code_location,
                code: item.code.to_owned(),
                first: first.clone(),
            });
            continue;
        }
        seen.push((item.code, code_location));
        for (col, quote) in &mut columns {
            let data = range.get_value((row, *col)).unwrap_or(&Data::Empty);
            let location = Location::cell(path, sheet, CellRef::new(row, *col));
            quote
                .cells
                .insert((item.model, item.term), classify(data, location));
        }
    }
    Some(LotQuote {
        lot: lot.id.clone(),
        location: sheet_location,
        scopes: columns.into_iter().map(|(_, q)| q).collect(),
    })
}

/// What a cell holds, as a price schedule understands it.
pub fn classify(data: &Data, location: Location) -> QuoteCell {
    let (content, raw) = match data {
        Data::Empty => (CellContent::Empty, String::new()),
        Data::String(s) if s.trim().is_empty() => (CellContent::Empty, String::new()),
        Data::String(s) => match number::parse(s) {
            Ok(p) => (CellContent::Number(p.value), s.clone()),
            Err(e) => (CellContent::Invalid(InvalidValue::Text(e)), s.clone()),
        },
        Data::Float(f) => match number::from_double(*f) {
            Ok(d) => (CellContent::Number(d), d.to_string()),
            Err(e) => (CellContent::Invalid(InvalidValue::Text(e)), f.to_string()),
        },
        Data::Int(i) => match number::from_double(*i as f64)
            .ok()
            .filter(|_| i.unsigned_abs() <= number::MAX_MAGNITUDE as u64)
        {
            Some(_) => (CellContent::Number((*i).into()), i.to_string()),
            None => (
                CellContent::Invalid(InvalidValue::Text(number::NumberError::TooLarge)),
                i.to_string(),
            ),
        },
        Data::Bool(b) => (CellContent::Invalid(InvalidValue::Boolean), b.to_string()),
        Data::DateTime(d) => (CellContent::Invalid(InvalidValue::Date), d.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => {
            (CellContent::Invalid(InvalidValue::Date), s.clone())
        }
        Data::Error(e) => (
            CellContent::Invalid(InvalidValue::ErrorValue(e.to_string())),
            e.to_string(),
        ),
    };
    QuoteCell {
        content,
        location,
        raw,
    }
}

/// A field of the `Candidat` sheet: the cell right of its label.
fn candidate_field(
    range: &Range<Data>,
    path: &Path,
    sheet: Option<&str>,
    field: CandidateField,
) -> Option<Sourced<String>> {
    let (top, left) = range.start()?;
    for (r, row) in range.rows().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let is_label = cell_text(cell).is_some_and(|t| t.eq_ignore_ascii_case(field.label()));
            if !is_label {
                continue;
            }
            let at = CellRef::new(top + r as u32, left + c as u32 + 1);
            let value = range
                .get_value((at.row, at.col))
                .and_then(cell_text)
                .filter(|t| !t.is_empty())?;
            return Some(Sourced {
                raw: value.clone(),
                value,
                location: Location::cell(path, sheet, at),
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lot_sheet_names_as_bidders_write_them() {
        assert!(sheet_matches_lot("Lot 1", "1"));
        assert!(sheet_matches_lot("LOT 01", "1"));
        assert!(sheet_matches_lot("lot1", "1"));
        assert!(sheet_matches_lot("Lot 1 - Musique", "1"));
        assert!(sheet_matches_lot("Lot 1-Musique", "1"));
        assert!(sheet_matches_lot("Lot n°3", "3"));
        assert!(sheet_matches_lot("Lot 12", "12"));
        assert!(!sheet_matches_lot("Lot 12", "1"));
        assert!(!sheet_matches_lot("Lot 1", "12"));
        assert!(!sheet_matches_lot("Lotissement", "1"));
        assert!(!sheet_matches_lot("Candidat", "1"));
        assert!(sheet_matches_lot("Lot A", "a"));
        assert!(!sheet_matches_lot("Lot AB", "a"));
        assert!(sheet_matches_lot("Lot 1 — Musique en ligne", "1"));
        assert!(sheet_matches_lot("lot-3", "3"));
        assert!(sheet_matches_lot("Lot_03", "3"));
    }

    #[test]
    fn scope_ids_in_brackets() {
        assert_eq!(
            bracketed_id("Ville de Grenoble [grenoble]"),
            Some("grenoble")
        );
        assert_eq!(
            bracketed_id(" Groupement [ groupement ] "),
            Some("groupement")
        );
        assert_eq!(bracketed_id("Groupement"), None);
        assert_eq!(bracketed_id("[a] b"), None);
    }

    #[test]
    fn files_are_told_by_their_bytes() {
        let p = Path::new("x.xlsx");
        assert_eq!(sniff(b"PK\x03\x04rest", p), Ok(FileKind::Zip));
        assert!(matches!(
            sniff(b"%PDF-1.7", p),
            Err(ReadError::NotASpreadsheet { .. })
        ));
        assert!(matches!(
            sniff(b"", p),
            Err(ReadError::NotASpreadsheet { .. })
        ));
        assert_eq!(sniff(b"Code;D", Path::new("x.CSV")), Ok(FileKind::Csv));
    }
}
