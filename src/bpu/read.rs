//! Reads a bidder's workbook (xlsx, xlsm, ods, xls) or a CSV export of one lot sheet into
//! raw offer cells, each with its file, sheet, cell and the text it showed.
//!
//! Nothing is found by position: the header row is the row holding `Code`, scope columns
//! are the header cells ending in `[scope id]` (or naming a scope, when the name is
//! unique), item rows are found by their code. So a bidder who inserts rows or columns,
//! re-saves in another program, hides helper columns or merges cells is still read.
//! Everything odd that the reader works around is said, as a [`ReadNote`].

mod schedule;

use std::borrow::Cow;
use std::path::Path;

use super::csv as csv_sheet;
use super::declared_lots::{self, LotsProblem};
pub use super::error::{
    Damage, DamageKind, Field, InternalError, InternalKind, NotSpreadsheet, OpenProblem, ReadError,
    XmlProblem,
};
use super::grid::{Grid, Value};
use super::layout::{self, CandidateField, ItemKind};
use super::number;
use super::ods::OdsBook;
use super::package::{self, Container};
use super::xls::XlsBook;
use super::xlsx::XlsxBook;
use crate::offer::{
    BandQuote, CellContent, Conflict, InvalidValue, LotQuote, QuoteCell, ScopeQuote, UnaskedBand,
};
use crate::source::{CellRef, Location, Sourced};
use crate::tender::{BandMeasure, Lot, Tender};

/// What one file gave.
#[derive(Clone, Debug, Default)]
pub struct FileRead {
    pub bidder_name: Option<Sourced<String>>,
    /// The lots the bidder says it answers (`Candidat` sheet), when it says.
    pub declared_lots: Option<Sourced<Vec<String>>>,
    /// The security grade the bidder gives (`Candidat` sheet), as written.
    pub security_grade: Option<Sourced<String>>,
    /// The bidder's identifiers (`Candidat` sheet), as written.
    pub ids: crate::offer::CandidateIds,
    pub lots: Vec<LotQuote>,
    /// Things noticed that do not stop the reading.
    pub notes: Vec<ReadNote>,
}

/// Something odd in a file that the reader worked around, and says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadNote {
    /// A lot sheet with content but no `Code` header: nothing could be read from it.
    NoHeader { location: Location, lot: String },
    /// A header cell naming a scope the tender does not have; the column is not read.
    UnknownScope { location: Location, header: String },
    /// The same scope heads two columns; the first is read. `has_values`: the second
    /// holds figures too (the scope's offer is then ambiguous).
    DuplicateScope {
        location: Location,
        scope: String,
        first: Location,
        has_values: bool,
    },
    /// The same code on two rows; the first is read. `has_values`: the second holds
    /// figures too.
    DuplicateCode {
        location: Location,
        code: String,
        first: Location,
        has_values: bool,
    },
    /// Two sheets answer the same lot; the first is read.
    DuplicateLotSheet {
        location: Location,
        lot: String,
        first: Location,
    },
    /// A workbook with no sheet named after a lot of the tender.
    NoLotSheet { location: Location },
    /// A CSV file whose lot could not be told.
    UnknownCsvLot { location: Location },
    /// A unit or header says the prices include VAT (TTC) where the schedule asks HT.
    VatIncludedLabel { location: Location, text: String },
    /// The `Candidat` sheet names another consultation: the wrong file may have been sent.
    OtherTender { location: Location, found: String },
    /// The `Candidat` sheet declares a lot the tender does not have.
    UnknownDeclaredLot { location: Location, lot: String },
    /// The `Candidat` sheet's lots cannot be read (`3 à 1`, `?`).
    UnreadableDeclaredLots {
        location: Location,
        text: String,
        problem: LotsProblem,
    },
}

/// Reads one file. Each call into a third-party parser is isolated where it is made
/// (its panic is a damaged file); this program's own code is meant never to panic, and
/// if it does all the same the panic is caught here, for this file alone, and reported
/// as an internal error with its place, never as the bidder's fault.
pub fn read_file(path: &Path, bytes: &[u8], tender: &Tender) -> Result<FileRead, ReadError> {
    match crate::isolation::guard(|| read_bytes(path, bytes, tender)) {
        Ok(result) => result,
        Err(caught) => Err(ReadError::Internal(InternalError {
            place: caught.place.unwrap_or_default(),
            kind: InternalKind::Panic {
                message: caught.message,
            },
        })),
    }
}

fn is_csv_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

/// A workbook opened from memory, whatever its format.
enum Book<'a> {
    Xlsx(Box<XlsxBook<'a>>),
    Ods(OdsBook),
    Xls(Box<XlsBook<'a>>),
}

impl Book<'_> {
    fn sheet_names(&self) -> Vec<String> {
        match self {
            Book::Xlsx(b) => b.sheet_names(),
            Book::Ods(b) => b.sheet_names(),
            Book::Xls(b) => b.sheet_names(),
        }
    }

    fn grid(&mut self, name: &str) -> Result<Grid, ReadError> {
        match self {
            Book::Xlsx(b) => b.grid(name),
            Book::Ods(b) => Ok(b.grid(name)),
            Book::Xls(b) => b.grid(name),
        }
    }
}

/// Whether the reader looks at a sheet: the `Candidat` sheet, or a lot's.
fn is_read(name: &str, tender: &Tender) -> bool {
    is_candidate_sheet(name) || tender.lots.iter().any(|l| sheet_matches_lot(name, &l.id))
}

fn is_candidate_sheet(name: &str) -> bool {
    name.trim().eq_ignore_ascii_case(layout::CANDIDATE_SHEET)
}

fn read_bytes(path: &Path, bytes: &[u8], tender: &Tender) -> Result<FileRead, ReadError> {
    let (container, archive) = package::inspect_file(bytes, is_csv_name(path))?;
    let book = match (container, archive) {
        (Container::Csv, _) => return read_csv(path, bytes, tender),
        (Container::Xls, _) => Book::Xls(Box::new(XlsBook::open(bytes)?)),
        (Container::Xlsx, Some(archive)) => Book::Xlsx(Box::new(XlsxBook::open(bytes, archive)?)),
        (Container::Ods, Some(archive)) => Book::Ods(OdsBook::open(bytes, archive, &|name| {
            is_read(name, tender)
        })?),
        (Container::Xlsx | Container::Ods, None) => {
            return Err(InternalError::invariant("a zip container comes with its archive").into());
        }
    };
    read_book(path, book, tender)
}

fn read_book(path: &Path, mut book: Book<'_>, tender: &Tender) -> Result<FileRead, ReadError> {
    let mut out = FileRead::default();
    let names = book.sheet_names();
    let file = Location::file(path);

    if let Some(name) = names.iter().find(|n| is_candidate_sheet(n)) {
        let grid = book.grid(name)?;
        read_candidate(&grid, &file.in_sheet(name), tender, &mut out);
    }

    let mut found_any = false;
    for lot in &tender.lots {
        let mut sheets = names.iter().filter(|n| sheet_matches_lot(n, &lot.id));
        let Some(first) = sheets.next() else { continue };
        found_any = true;
        let first_location = file.in_sheet(first);
        for other in sheets {
            out.notes.push(ReadNote::DuplicateLotSheet {
                location: file.in_sheet(other),
                lot: lot.id.clone(),
                first: first_location.clone(),
            });
        }
        let grid = book.grid(first)?;
        if let Some(quote) = read_lot_grid(&grid, first_location, lot, tender, &mut out.notes) {
            out.lots.push(quote);
        }
    }
    if !found_any {
        out.notes.push(ReadNote::NoLotSheet { location: file });
    }
    Ok(out)
}

fn read_csv(path: &Path, bytes: &[u8], tender: &Tender) -> Result<FileRead, ReadError> {
    let text = csv_sheet::decode(bytes);
    let grid = csv_sheet::grid(&text)?;
    let mut out = FileRead::default();
    let lot = csv_lot(&grid, tender).or_else(|| {
        // `acme.lot-3.csv`, `acme.Lot 3.csv`: the part after the bidder's id.
        let stem = path.file_stem()?.to_str()?;
        let (_, rest) = stem.split_once('.')?;
        tender.lots.iter().find(|l| sheet_matches_lot(rest, &l.id))
    });
    match lot {
        Some(lot) => {
            let file = Location::file(path);
            if let Some(quote) = read_lot_grid(&grid, file, lot, tender, &mut out.notes) {
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
fn csv_lot<'t>(grid: &Grid, tender: &'t Tender) -> Option<&'t Lot> {
    let header = find_header(grid).map_or(20, |(r, _)| r);
    grid.used()
        .filter(|(r, _, _)| *r < header)
        .find_map(|(_, _, d)| match d {
            Value::Text(s) => tender.lots.iter().find(|l| sheet_matches_lot(s, &l.id)),
            _ => None,
        })
}

/// Whether a sheet's name (or a title) names a lot: `Lot 3`, `LOT 03`, `Lot 3 - Presse`,
/// `lot3`, `lot-3`. The id must be followed by the end or a non-alphanumeric character,
/// so that `Lot 12` never answers for lot 1.
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
fn cell_text(value: Value<'_>) -> Option<Cow<'_, str>> {
    match value {
        Value::Text(s) => Some(Cow::Borrowed(s.trim())),
        Value::Number(f) => number::from_double(f)
            .ok()
            .map(|d| Cow::Owned(d.to_string())),
        _ => None,
    }
}

/// The first visible cell reading `Code` (any case) in the first rows: the header row
/// and the code column.
fn find_header(grid: &Grid) -> Option<(u32, u32)> {
    grid.used()
        .take_while(|(r, _, _)| *r < 200)
        .find(|(_, c, d)| {
            !grid.is_hidden_column(*c)
                && matches!(d, Value::Text(s) if s.trim().eq_ignore_ascii_case(layout::CODE_HEADER))
        })
        .map(|(r, c, _)| (r, c))
}

/// The scope id in a header such as `Ville de Grenoble [grenoble]`.
fn bracketed_id(header: &str) -> Option<&str> {
    let h = header.trim();
    let inner = h.strip_suffix(']')?;
    let open = inner.rfind('[')?;
    Some(inner[open + 1..].trim())
}

/// Whether two texts are the same without case, accents being kept, and with runs of
/// spaces as one (compared as they are, without building either).
fn same_words(a: &str, b: &str) -> bool {
    fn letters(t: &str) -> impl Iterator<Item = char> + '_ {
        t.split_whitespace()
            .enumerate()
            .flat_map(|(i, w)| (i > 0).then_some(' ').into_iter().chain(w.chars()))
            .flat_map(char::to_lowercase)
    }
    letters(a).eq(letters(b))
}

/// The scope a header names: by its bracketed id, or by its name alone when no other
/// scope has that name. `Err` with the header when the header looks like a scope (it has
/// a bracketed id) but names none.
fn header_scope<'t>(
    header: &str,
    tender: &'t Tender,
) -> Result<Option<&'t crate::tender::Scope>, ()> {
    if let Some(id) = bracketed_id(header) {
        return tender.scope(id).map(Some).ok_or(());
    }
    let mut named = tender.scopes.iter().filter(|s| same_words(&s.name, header));
    match (named.next(), named.next()) {
        (Some(scope), None) => Ok(Some(scope)),
        _ => Ok(None),
    }
}

fn mentions_vat_included(text: &str) -> bool {
    // Most labels say `€ HT`: answer those without building anything. `TTC` and
    // `T.T.C.` both start with a `t` followed by `t` or `.`.
    let b = text.as_bytes();
    let mut maybe = false;
    for i in memchr::memchr2_iter(b't', b'T', b) {
        if matches!(b.get(i + 1), Some(b't' | b'T' | b'.')) {
            maybe = true;
            break;
        }
    }
    if !maybe {
        return false;
    }
    let upper = text.to_uppercase();
    upper
        .split(|c: char| !c.is_alphanumeric() && c != '.')
        .any(|w| w == "TTC" || w == "T.T.C.")
}

/// A lot sheet being read: its grid, and where its cells are (the sheet's place, whose
/// file and sheet every cell's place shares).
struct Sheet<'g> {
    grid: &'g Grid,
    place: &'g Location,
}

impl Sheet<'_> {
    fn at(&self, row: u32, col: u32) -> Location {
        self.place.at(CellRef::new(row, col))
    }

    fn classify(&self, row: u32, col: u32) -> QuoteCell {
        classify(self.grid, row, col, self.at(row, col))
    }
}

/// A scope's column found again further right: (column, index of the first, header).
type DuplicateColumn = (u32, usize, Location);

/// A row of the band tariff: its row, and the measure and band its code names.
type BandRow = (u32, (BandMeasure, usize));

/// A cell's (row, column).
type Cell = (u32, u32);

/// Reads a lot's sheet (a CSV file's place has no sheet).
fn read_lot_grid(
    grid: &Grid,
    sheet_location: Location,
    lot: &Lot,
    tender: &Tender,
    notes: &mut Vec<ReadNote>,
) -> Option<LotQuote> {
    let sheet = Sheet {
        grid,
        place: &sheet_location,
    };
    let Some(header) = find_header(grid) else {
        // An empty sheet is no answer for the lot, not a problem.
        if grid
            .used()
            .any(|(_, _, d)| !matches!(cell_text(d).as_deref(), None | Some("")))
        {
            notes.push(ReadNote::NoHeader {
                location: sheet_location,
                lot: lot.id.clone(),
            });
        }
        return None;
    };
    let (bottom, right) = grid.end()?;
    if let Some(schedule) = &lot.schedule {
        return Some(LotQuote {
            lot: lot.id.clone(),
            location: sheet_location.clone(),
            scopes: Vec::new(),
            bands: Default::default(),
            schedule: Some(schedule::read(&sheet, header, bottom, schedule)),
        });
    }
    let (mut columns, duplicates) = scope_columns(&sheet, header, right, tender, notes);
    let (item_rows, band_rows) = item_rows(&sheet, header, bottom, &mut columns, notes);
    duplicate_columns(&sheet, duplicates, &item_rows, &mut columns, notes);
    let bands = read_bands(&sheet, header, &band_rows, lot, notes);
    Some(LotQuote {
        lot: lot.id.clone(),
        location: sheet_location,
        scopes: columns.into_iter().map(|(_, q)| q).collect(),
        bands,
        schedule: None,
    })
}

/// The scope columns, by the header's bracketed id or unique name; hidden columns are
/// the bidder's helpers and are not read. A scope's second column is set aside.
fn scope_columns(
    sheet: &Sheet<'_>,
    (header_row, code_col): (u32, u32),
    right: u32,
    tender: &Tender,
    notes: &mut Vec<ReadNote>,
) -> (Vec<(u32, ScopeQuote)>, Vec<DuplicateColumn>) {
    let mut columns: Vec<(u32, ScopeQuote)> = Vec::new();
    let mut duplicates = Vec::new();
    for col in 0..=right {
        if col == code_col || sheet.grid.is_hidden_column(col) {
            continue;
        }
        let Some(text) = cell_text(sheet.grid.get(header_row, col)) else {
            continue;
        };
        if text.is_empty() {
            continue;
        }
        if mentions_vat_included(&text) {
            notes.push(ReadNote::VatIncludedLabel {
                location: sheet.at(header_row, col),
                text: text.clone().into_owned(),
            });
        }
        let scope = match header_scope(&text, tender) {
            Ok(Some(scope)) => scope,
            Ok(None) => continue,
            Err(()) => {
                notes.push(ReadNote::UnknownScope {
                    location: sheet.at(header_row, col),
                    header: text.into_owned(),
                });
                continue;
            }
        };
        if let Some(first) = columns.iter().position(|(_, q)| q.scope == scope.id) {
            duplicates.push((col, first, sheet.at(header_row, col)));
            continue;
        }
        columns.push((
            col,
            ScopeQuote {
                scope: scope.id.clone(),
                header: sheet.at(header_row, col),
                cells: Default::default(),
                conflicts: Vec::new(),
            },
        ));
    }
    (columns, duplicates)
}

/// The item rows, found by their code, each read in every scope column; the rows of
/// the band tariff are given back (row, measure and band) for [`read_bands`].
fn item_rows(
    sheet: &Sheet<'_>,
    (header_row, code_col): (u32, u32),
    bottom: u32,
    columns: &mut [(u32, ScopeQuote)],
    notes: &mut Vec<ReadNote>,
) -> (Vec<u32>, Vec<BandRow>) {
    let mut seen: Vec<(&'static str, Location)> = Vec::new();
    let mut item_rows = Vec::new();
    let mut band_rows = Vec::new();
    for row in header_row + 1..=bottom {
        let Some(code) = cell_text(sheet.grid.get(row, code_col)) else {
            continue;
        };
        let Some(item) = layout::item_by_code(&code) else {
            if let Some(band) = layout::band_by_code(&code) {
                band_rows.push((row, band));
            }
            continue;
        };
        if let Some((_, first)) = seen.iter().find(|(c, _)| *c == item.code) {
            duplicate_row(sheet, row, code_col, item.code, first, columns, notes);
            continue;
        }
        seen.push((item.code, sheet.at(row, code_col)));
        item_rows.push(row);
        if item.kind == ItemKind::Money {
            // The unit column (right of the label) says € HT; a bidder who changed it to
            // TTC priced with VAT.
            for unit_col in code_col + 1..=code_col + 2 {
                if let Some(unit) = cell_text(sheet.grid.get(row, unit_col))
                    && mentions_vat_included(&unit)
                    && !columns.iter().any(|(c, _)| *c == unit_col)
                {
                    notes.push(ReadNote::VatIncludedLabel {
                        location: sheet.at(row, unit_col),
                        text: unit.into_owned(),
                    });
                }
            }
        }
        for (col, quote) in columns.iter_mut() {
            quote
                .cells
                .insert((item.model, item.term), sheet.classify(row, *col));
        }
    }
    (item_rows, band_rows)
}

/// A second row with an item's code: the first is read; if the second holds figures,
/// the scope's offer is ambiguous.
fn duplicate_row(
    sheet: &Sheet<'_>,
    row: u32,
    code_col: u32,
    code: &'static str,
    first: &Location,
    columns: &mut [(u32, ScopeQuote)],
    notes: &mut Vec<ReadNote>,
) {
    let mut has_values = false;
    for (col, quote) in columns.iter_mut() {
        let cell = sheet.classify(row, *col);
        if !cell.is_empty() {
            has_values = true;
            quote.conflicts.push(Conflict::DuplicateRow {
                code,
                location: cell.location,
                first: first.clone(),
            });
        }
    }
    notes.push(ReadNote::DuplicateCode {
        location: sheet.at(row, code_col),
        code: code.to_owned(),
        first: first.clone(),
        has_values,
    });
}

/// A second column for a scope: ambiguous when it holds figures.
fn duplicate_columns(
    sheet: &Sheet<'_>,
    duplicates: Vec<DuplicateColumn>,
    item_rows: &[u32],
    columns: &mut [(u32, ScopeQuote)],
    notes: &mut Vec<ReadNote>,
) {
    for (col, first, location) in duplicates {
        let has_values = item_rows
            .iter()
            .any(|&row| !sheet.classify(row, col).is_empty());
        let quote = &mut columns[first].1;
        if has_values {
            quote.conflicts.push(Conflict::DuplicateColumn {
                location: location.clone(),
                first: quote.header.clone(),
            });
        }
        notes.push(ReadNote::DuplicateScope {
            location,
            scope: quote.scope.clone(),
            first: quote.header.clone(),
            has_values,
        });
    }
}

/// The band tariff of a lot sheet: its rows found by their codes (`1.5.b1`…, given in
/// sheet order with their measure and band), its price column by its header (`Tarif par
/// tranche`), the nearest one above the first band row and at or below the lot's header
/// row. Nothing is read by position.
fn read_bands(
    sheet: &Sheet<'_>,
    (header_row, code_col): (u32, u32),
    band_rows: &[BandRow],
    lot: &Lot,
    notes: &mut Vec<ReadNote>,
) -> BandQuote {
    let asked = lot.bands.as_ref();
    if band_rows.is_empty() && asked.is_none() {
        return BandQuote::default();
    }
    let rows = BandRows::sort(band_rows, asked);
    let (column, headers) = band_price_column(sheet, (header_row, code_col), band_rows);
    let header = column.map(|(r, c)| sheet.at(r, c));
    if let Some((r, c)) = column
        && let Some(text) = cell_text(sheet.grid.get(r, c))
        && mentions_vat_included(&text)
    {
        notes.push(ReadNote::VatIncludedLabel {
            location: sheet.at(r, c),
            text: text.into_owned(),
        });
    }
    let cell = |row: u32| column.map(|(_, col)| sheet.classify(row, col));
    let mut quote = BandQuote {
        header: header.clone(),
        ..BandQuote::default()
    };
    band_units_with_vat(sheet, code_col, column, &rows.asked, notes);
    // A band asked for given twice: ambiguous when the second row holds a price.
    for &(row, code, first_row) in &rows.repeated {
        let first = sheet.at(first_row, code_col);
        let second = cell(row).filter(|c| !c.is_empty());
        notes.push(ReadNote::DuplicateCode {
            location: sheet.at(row, code_col),
            code: code.to_owned(),
            first: first.clone(),
            has_values: second.is_some(),
        });
        if let Some(c) = second {
            quote.conflicts.push(Conflict::DuplicateRow {
                code,
                location: c.location,
                first,
            });
        }
    }
    // A second price column holding figures.
    if let (Some((hr, first_col)), Some(header)) = (column, &header) {
        for &(_, col) in headers.iter().filter(|(r, c)| *r == hr && *c != first_col) {
            let filled = rows
                .asked
                .iter()
                .flatten()
                .any(|&row| !sheet.classify(row, col).is_empty());
            if filled {
                quote.conflicts.push(Conflict::DuplicateColumn {
                    location: sheet.at(hr, col),
                    first: header.clone(),
                });
            }
        }
    }
    quote.prices = rows.asked.iter().map(|row| row.and_then(&cell)).collect();
    quote.unasked = rows
        .unasked
        .iter()
        .filter_map(|&(row, code)| {
            cell(row)
                .filter(|c| !c.is_empty())
                .map(|c| UnaskedBand { code, cell: c })
        })
        .collect();
    quote
}

/// The band rows of a lot sheet, sorted: the row of each band asked for (the first,
/// when one is given twice, as for the items), the rows repeating one (with their code
/// and the first's row), and the rows of bands not asked for (all kept, to be said and
/// ignored).
struct BandRows {
    asked: Vec<Option<u32>>,
    repeated: Vec<(u32, &'static str, u32)>,
    unasked: Vec<(u32, &'static str)>,
}

impl BandRows {
    fn sort(band_rows: &[BandRow], asked: Option<&crate::tender::Bands>) -> Self {
        let mut rows = BandRows {
            asked: vec![None; asked.map_or(0, |b| b.limits.len())],
            repeated: Vec::new(),
            unasked: Vec::new(),
        };
        for &(row, (measure, band)) in band_rows {
            let Some(code) = layout::band_code(measure, band) else {
                continue;
            };
            match rows.asked.get_mut(band) {
                Some(slot) if asked.is_some_and(|b| b.measure == measure) => match slot {
                    Some(first) => rows.repeated.push((row, code, *first)),
                    None => *slot = Some(row),
                },
                _ => rows.unasked.push((row, code)),
            }
        }
        rows
    }
}

/// The band price column: the visible header cell reading `Tarif par tranche` in the
/// lowest row above the first band row (the template's block header), the leftmost in
/// that row; and every such header cell. Only filled cells are looked at.
fn band_price_column(
    sheet: &Sheet<'_>,
    (header_row, code_col): (u32, u32),
    band_rows: &[BandRow],
) -> (Option<Cell>, Vec<Cell>) {
    let last_row = band_rows
        .first()
        .map_or(u32::MAX, |(r, _)| r.saturating_sub(1));
    let headers: Vec<(u32, u32)> = sheet
        .grid
        .used()
        .filter(|(r, c, d)| {
            (header_row..=last_row).contains(r)
                && *c != code_col
                && !sheet.grid.is_hidden_column(*c)
                && matches!(d, Value::Text(s) if layout::is_band_header(s))
        })
        .map(|(r, c, _)| (r, c))
        .collect();
    let column = headers
        .iter()
        .map(|(r, _)| *r)
        .max()
        .and_then(|row| {
            headers
                .iter()
                .filter(|(r, _)| *r == row)
                .min_by_key(|(_, c)| *c)
        })
        .copied();
    (column, headers)
}

/// A unit changed to TTC on a band row asked for.
fn band_units_with_vat(
    sheet: &Sheet<'_>,
    code_col: u32,
    column: Option<(u32, u32)>,
    asked_rows: &[Option<u32>],
    notes: &mut Vec<ReadNote>,
) {
    for row in asked_rows.iter().flatten() {
        for unit_col in code_col + 1..=code_col + 2 {
            if column.is_some_and(|(_, c)| c == unit_col) {
                continue;
            }
            if let Some(unit) = cell_text(sheet.grid.get(*row, unit_col))
                && mentions_vat_included(&unit)
            {
                notes.push(ReadNote::VatIncludedLabel {
                    location: sheet.at(*row, unit_col),
                    text: unit.into_owned(),
                });
            }
        }
    }
}

/// What a cell holds, as a price schedule understands it.
pub fn classify(grid: &Grid, row: u32, col: u32, location: Location) -> QuoteCell {
    if let Some(formula) = grid.formula_without_value(row, col) {
        return QuoteCell {
            content: CellContent::Invalid(InvalidValue::FormulaWithoutValue),
            location,
            raw: format!("={formula}"),
            vat_included: false,
        };
    }
    classify_data(grid.get(row, col), location)
}

/// What a value holds, as a price schedule understands it.
pub fn classify_data(value: Value<'_>, location: Location) -> QuoteCell {
    let mut vat_included = false;
    let (content, raw) = match value {
        Value::Empty => (CellContent::Empty, String::new()),
        Value::Text(s) if s.trim().is_empty() => (CellContent::Empty, String::new()),
        Value::Text(s) => match number::parse(s) {
            Ok(p) => {
                vat_included = p.vat_included;
                (CellContent::Number(p.value), s.to_owned())
            }
            Err(e) => (CellContent::Invalid(InvalidValue::Text(e)), s.to_owned()),
        },
        Value::Number(f) => match number::from_double_shown(f) {
            Ok((d, shown)) => (CellContent::Number(d), shown),
            Err(e) => (CellContent::Invalid(InvalidValue::Text(e)), f.to_string()),
        },
        Value::Bool(b) => (CellContent::Invalid(InvalidValue::Boolean), b.to_string()),
        Value::Date(s) => (CellContent::Invalid(InvalidValue::Date), s.to_owned()),
        Value::Error(e) => (
            CellContent::Invalid(InvalidValue::ErrorValue(e.to_owned())),
            e.to_owned(),
        ),
    };
    QuoteCell {
        content,
        location,
        raw,
        vat_included,
    }
}

/// The cell right of a label of the `Candidat` sheet.
fn labelled(grid: &Grid, sheet: &Location, label: &str) -> Option<Sourced<String>> {
    let (row, col, _) = grid
        .used()
        .find(|(_, _, d)| cell_text(*d).is_some_and(|t| t.eq_ignore_ascii_case(label)))?;
    let value = cell_text(grid.get(row, col + 1))
        .filter(|t| !t.is_empty())?
        .into_owned();
    Some(Sourced {
        raw: value.clone(),
        value,
        location: sheet.at(CellRef::new(row, col + 1)),
    })
}

fn read_candidate(grid: &Grid, sheet: &Location, tender: &Tender, out: &mut FileRead) {
    out.bidder_name = labelled(grid, sheet, CandidateField::LegalName.label());
    out.security_grade = labelled(grid, sheet, CandidateField::SecurityGrade.label());
    out.ids = crate::offer::CandidateIds {
        siret: labelled(grid, sheet, CandidateField::Siret.label()),
        other: labelled(grid, sheet, CandidateField::OtherIdentifier.label()),
        other_type: labelled(grid, sheet, CandidateField::OtherIdentifierType.label()),
    };
    if let Some(consultation) = labelled(grid, sheet, layout::CONSULTATION_LABEL)
        && !consultation.value.starts_with(&tender.reference)
    {
        out.notes.push(ReadNote::OtherTender {
            location: consultation.location,
            found: consultation.value,
        });
    }
    if let Some(lots) = labelled(grid, sheet, CandidateField::Lots.label()) {
        out.declared_lots = declared(lots, tender, &mut out.notes);
    }
}

/// The lots declared on the `Candidat` sheet; `None`, and a note, when the text cannot be
/// read (the lots answered are then told from the sheets alone).
fn declared(
    lots: Sourced<String>,
    tender: &Tender,
    notes: &mut Vec<ReadNote>,
) -> Option<Sourced<Vec<String>>> {
    let items = match declared_lots::parse(&lots.value) {
        Ok(items) => items,
        Err(problem) => {
            notes.push(ReadNote::UnreadableDeclaredLots {
                location: lots.location,
                text: lots.value,
                problem,
            });
            return None;
        }
    };
    let (ids, unknown) = declared_lots::resolve(&items, tender);
    for lot in unknown {
        notes.push(ReadNote::UnknownDeclaredLot {
            location: lots.location.clone(),
            lot,
        });
    }
    Some(Sourced {
        value: ids,
        location: lots.location,
        raw: lots.raw,
    })
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
    fn names_compare_without_case_and_extra_spaces() {
        assert!(same_words("Ville de  Grenoble", " ville DE grenoble "));
        assert!(same_words(
            "Département de l'Isère",
            "DÉPARTEMENT DE L'ISÈRE"
        ));
        assert!(!same_words("Ville de Grenoble", "Ville de Grenoble Alpes"));
        assert!(!same_words("Isère", "Isere"));
    }

    #[test]
    fn vat_included_is_told_from_words() {
        assert!(mentions_vat_included("€ TTC"));
        assert!(mentions_vat_included("Prix T.T.C."));
        assert!(!mentions_vat_included("€ HT"));
        assert!(!mentions_vat_included("ATTCHE"));
        assert!(mentions_vat_included("ttc"));
        assert!(!mentions_vat_included("Tarif annuel forfaitaire"));
    }
}
