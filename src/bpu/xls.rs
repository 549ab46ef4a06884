//! Excel 97-2003 workbooks (.xls): checked here, read by the spreadsheet library.
//!
//! An .xls file is an OLE2 compound file whose `Workbook` stream holds BIFF records.
//! The library reads the whole workbook when it opens it and lays out each sheet as a
//! dense rectangle (empty cells included) over the extent of its cells, after reserving
//! room for the extent its DIMENSIONS record declares: a forged cell at row 65 535,
//! column 65 535 would make it ask for a hundred gigabytes (fuzzing found it). So the
//! records are walked first, and the library only sees a workbook whose sheets keep
//! within the rows and columns read and, all together, within [`Limits::xls_area`]
//! cells; its memory is bounded by that, not by what the file declares.
//!
//! Encryption is told from the container's structure: an `EncryptedPackage` stream (an
//! encrypted xlsx) or a FILEPASS record (a password-protected xls).
//!
//! [`Limits::xls_area`]: super::package::Limits::xls_area

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xls};

use super::error::{Damage, DamageKind, NotSpreadsheet, ReadError};
use super::grid::{Grid, GridBuilder, Stored};
use super::package::{LIMITS, OverLimit};
use crate::isolation;

/// The first bytes of an OLE2 compound file.
pub const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

const FILEPASS: u16 = 0x002F;
const BOUNDSHEET: u16 = 0x0085;
const DIMENSIONS: u16 = 0x0200;
const EOF: u16 = 0x000A;

enum Stream {
    Encrypted,
    NoWorkbook,
    Workbook(Vec<u8>),
}

fn container_damage() -> ReadError {
    Damage::new(DamageKind::Container).into()
}

/// The workbook stream of an OLE2 file, read by the compound-file library.
fn workbook_stream(bytes: &[u8]) -> Result<Stream, ReadError> {
    let read = isolation::library(|| -> std::io::Result<Stream> {
        let mut file = cfb::CompoundFile::open(Cursor::new(bytes))?;
        if file.is_stream("/EncryptedPackage") || file.is_stream("/EncryptionInfo") {
            return Ok(Stream::Encrypted);
        }
        let Some(name) = ["/Workbook", "/Book", "/WORKBOOK", "/BOOK"]
            .into_iter()
            .find(|n| file.is_stream(n))
        else {
            return Ok(Stream::NoWorkbook);
        };
        let mut stream = Vec::new();
        file.open_stream(name)?
            .take(LIMITS.file_bytes)
            .read_to_end(&mut stream)?;
        Ok(Stream::Workbook(stream))
    });
    match read {
        Ok(Ok(stream)) => Ok(stream),
        Ok(Err(_)) => Err(container_damage()),
        Err(_) => Err(Damage::new(DamageKind::LibraryFailed).into()),
    }
}

/// Checks an OLE2 file before the library reads it: not encrypted, a workbook, within
/// the limits.
pub fn inspect(bytes: &[u8]) -> Result<(), ReadError> {
    match workbook_stream(bytes)? {
        Stream::Encrypted => Err(ReadError::Encrypted),
        Stream::NoWorkbook => Err(ReadError::NotASpreadsheet(
            NotSpreadsheet::OleWithoutWorkbook,
        )),
        Stream::Workbook(stream) => check_records(&stream),
    }
}

/// One BIFF record: its type and data (cut at the stream's end).
fn records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let header = stream.get(at..at.checked_add(4)?)?;
        let kind = u16::from_le_bytes([header[0], header[1]]);
        let len = usize::from(u16::from_le_bytes([header[2], header[3]]));
        let start = at + 4;
        let end = start.saturating_add(len).min(stream.len());
        at = start.saturating_add(len);
        Some((kind, &stream[start..end]))
    })
}

fn u16_at(data: &[u8], at: usize) -> u64 {
    data.get(at..at + 2)
        .map_or(0, |b| u64::from(u16::from_le_bytes([b[0], b[1]])))
}

fn u32_at(data: &[u8], at: usize) -> u64 {
    data.get(at..at + 4).map_or(0, |b| {
        u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    })
}

fn over(row: u64, col: u64) -> ReadError {
    let col = u32::try_from(col).unwrap_or(u32::MAX);
    ReadError::TooLarge(OverLimit::Extent {
        sheet: String::new(),
        cell: format!(
            "{}{}",
            crate::source::CellRef::column_letters(col),
            row.saturating_add(1)
        ),
    })
}

/// The rows and columns a DIMENSIONS record declares (past-the-end), computed as the
/// library does, refused when past the limits. The library reserves room for them.
fn dimensions(data: &[u8]) -> Result<u64, ReadError> {
    let (first_row, end_row, first_col, end_col) = match data.len() {
        10 => (
            u16_at(data, 0),
            u16_at(data, 2),
            u16_at(data, 4),
            u16_at(data, 6),
        ),
        14 | 16 => (
            u32_at(data, 0),
            u32_at(data, 4),
            u16_at(data, 8),
            u16_at(data, 10),
        ),
        _ => return Ok(0),
    };
    if end_row == 0 || end_col == 0 {
        return Ok(0);
    }
    let first_col = if first_col > 0xFF || end_col < first_col {
        0
    } else {
        first_col
    };
    // The library computes the extent by subtraction: a first row or column past the
    // last would wrap around.
    if first_row >= end_row
        || first_col >= end_col
        || end_row > u64::from(LIMITS.rows)
        || end_col > u64::from(LIMITS.columns)
    {
        return Err(over(end_row.saturating_sub(1), end_col.saturating_sub(1)));
    }
    Ok((end_row - first_row).saturating_mul(end_col - first_col))
}

/// The row and last column of a cell record (BLANK, NUMBER, LABEL, BOOLERR, RK,
/// LABELSST, RSTRING, FORMULA and their BIFF2-4 forms, MULRK and MULBLANK).
fn cell(kind: u16, data: &[u8]) -> Option<(u64, u64)> {
    let is_cell = matches!(
        kind,
        0x0001..=0x0006 | 0x0201..=0x0206 | 0x027E | 0x00FD | 0x00D6 | 0x0406 | 0x00BD | 0x00BE
    );
    if !is_cell || data.len() < 4 {
        return None;
    }
    let row = u16_at(data, 0);
    let mut col = u16_at(data, 2);
    if matches!(kind, 0x00BD | 0x00BE) && data.len() >= 6 {
        col = col.max(u16_at(data, data.len() - 2));
    }
    Some((row, col))
}

/// What one sheet's records make the library lay out, and walk through.
#[derive(Clone, Copy, Default)]
struct Extent {
    /// The cells' bounding box: first row, first column, last row, last column.
    bounds: Option<(u64, u64, u64, u64)>,
    /// Cells reserved after the DIMENSIONS record.
    reserved: u64,
    /// Records from the sheet's offset to its end.
    records: u64,
}

impl Extent {
    fn area(&self) -> u64 {
        let dense = self.bounds.map_or(0, |(r0, c0, r1, c1)| {
            (r1 - r0 + 1).saturating_mul(c1 - c0 + 1)
        });
        dense.saturating_add(self.reserved)
    }
}

fn too_many_records() -> ReadError {
    ReadError::TooLarge(OverLimit::XlsRecords {
        limit: LIMITS.xls_records,
    })
}

/// Walks records from a sheet's offset to its EOF record, as the library reads them,
/// at most `budget` of them.
fn sheet_extent(stream: &[u8], cells: &mut usize, budget: u64) -> Result<Extent, ReadError> {
    let mut extent = Extent::default();
    for (kind, data) in records(stream) {
        extent.records += 1;
        if extent.records > budget {
            return Err(too_many_records());
        }
        match kind {
            EOF => break,
            FILEPASS => return Err(ReadError::Encrypted),
            DIMENSIONS => {
                extent.reserved = extent.reserved.saturating_add(dimensions(data)?);
            }
            _ => {}
        }
        let Some((row, col)) = cell(kind, data) else {
            continue;
        };
        if row >= u64::from(LIMITS.rows) || col >= u64::from(LIMITS.columns) {
            return Err(over(row, col));
        }
        *cells = cells.saturating_add(1);
        if *cells > LIMITS.cells {
            return Err(ReadError::TooLarge(OverLimit::Cells {
                sheet: String::new(),
                limit: LIMITS.cells,
            }));
        }
        extent.bounds = Some(match extent.bounds {
            None => (row, col, row, col),
            Some((r0, c0, r1, c1)) => (r0.min(row), c0.min(col), r1.max(row), c1.max(col)),
        });
    }
    Ok(extent)
}

/// Checks the workbook stream's records: the globals (FILEPASS: encrypted; each
/// BOUNDSHEET's offset), then each sheet from the offset the library will read it at (a
/// forged offset may land mid-record, where a walk from the start would not see what
/// the library sees).
fn check_records(stream: &[u8]) -> Result<(), ReadError> {
    let mut offsets = Vec::new();
    let mut cells = 0usize;
    // The globals and every record after them, as the library may meet them.
    sheet_extent_all(stream, &mut offsets, &mut cells)?;
    let (mut area, mut walked) = (0u64, 0u64);
    // The library reads a sheet named twice twice: walked once here, counted twice.
    let mut known: std::collections::BTreeMap<u64, Extent> = Default::default();
    for offset in offsets {
        let extent = match known.get(&offset) {
            Some(extent) => *extent,
            None => {
                let from = usize::try_from(offset)
                    .unwrap_or(usize::MAX)
                    .min(stream.len());
                let budget = LIMITS.xls_records.saturating_sub(walked);
                let extent = sheet_extent(&stream[from..], &mut 0, budget)?;
                known.insert(offset, extent);
                extent
            }
        };
        walked = walked.saturating_add(extent.records);
        if walked > LIMITS.xls_records {
            return Err(too_many_records());
        }
        area = area.saturating_add(extent.area());
        if area > LIMITS.xls_area {
            return Err(ReadError::TooLarge(OverLimit::XlsArea {
                cells: area,
                limit: LIMITS.xls_area,
            }));
        }
    }
    Ok(())
}

/// Walks the whole stream from its start: every record is checked, and the sheets'
/// offsets are collected (at most a thousand sheets).
fn sheet_extent_all(
    stream: &[u8],
    offsets: &mut Vec<u64>,
    cells: &mut usize,
) -> Result<(), ReadError> {
    for (kind, data) in records(stream) {
        match kind {
            FILEPASS => return Err(ReadError::Encrypted),
            BOUNDSHEET if data.len() >= 4 && offsets.len() < 1_000 => {
                offsets.push(u32_at(data, 0));
            }
            DIMENSIONS => {
                dimensions(data)?;
            }
            _ => {}
        }
        if let Some((row, col)) = cell(kind, data) {
            if row >= u64::from(LIMITS.rows) || col >= u64::from(LIMITS.columns) {
                return Err(over(row, col));
            }
            *cells = cells.saturating_add(1);
            if *cells > LIMITS.cells {
                return Err(ReadError::TooLarge(OverLimit::Cells {
                    sheet: String::new(),
                    limit: LIMITS.cells,
                }));
            }
        }
    }
    Ok(())
}

/// The library's error, as data (from its variant, never its wording).
fn library_error(e: &calamine::XlsError) -> ReadError {
    match e {
        calamine::XlsError::Password => ReadError::Encrypted,
        calamine::XlsError::Cfb(_) | calamine::XlsError::Io(_) => container_damage(),
        _ => Damage::new(DamageKind::XlsRecords).into(),
    }
}

/// An xls workbook opened by the library (after [`inspect`]).
pub struct XlsBook<'a> {
    book: Xls<Cursor<&'a [u8]>>,
}

impl<'a> XlsBook<'a> {
    pub fn open(bytes: &'a [u8]) -> Result<Self, ReadError> {
        match isolation::library(|| calamine::open_workbook_from_rs(Cursor::new(bytes))) {
            Ok(Ok(book)) => Ok(XlsBook { book }),
            Ok(Err(e)) => Err(library_error(&e)),
            Err(_) => Err(Damage::new(DamageKind::LibraryFailed).into()),
        }
    }

    pub fn sheet_names(&self) -> Vec<String> {
        self.book.sheet_names()
    }

    /// A sheet's filled cells and merged areas.
    pub fn grid(&mut self, name: &str) -> Result<Grid, ReadError> {
        let book = &mut self.book;
        let read = isolation::library(|| {
            #[allow(deprecated)]
            let merged = book.worksheet_merge_cells(name).unwrap_or_default();
            book.worksheet_range(name).map(|range| (range, merged))
        });
        let (range, merged) = match read {
            Ok(Ok(read)) => read,
            Ok(Err(e)) => return Err(library_error(&e)),
            Err(_) => return Err(Damage::new(DamageKind::LibraryFailed).into()),
        };
        let mut builder = GridBuilder::new(name);
        let (top, left) = range.start().unwrap_or((0, 0));
        for (r, c, value) in range.used_cells() {
            let stored = match value {
                Data::Empty => continue,
                Data::String(s) => Stored::Text(s.as_str().into()),
                Data::Float(f) => Stored::Number(*f),
                // Integers from an xls file are RK values, 30 bits at most: exact in f64.
                Data::Int(i) => Stored::Number(*i as f64),
                Data::Bool(b) => Stored::Bool(*b),
                Data::DateTime(d) => Stored::Date(d.to_string().into()),
                Data::DateTimeIso(s) | Data::DurationIso(s) => Stored::Date(s.as_str().into()),
                Data::Error(e) => Stored::Error(e.to_string().into()),
            };
            let row = u64::from(top) + r as u64;
            let col = u64::from(left) + c as u64;
            builder.push(row, col, stored)?;
        }
        let merged = merged
            .iter()
            .filter(|d| d.start.0 <= d.end.0 && d.start.1 <= d.end.1)
            .map(|d| {
                (
                    d.start.0,
                    d.start.1,
                    d.end.0.min(LIMITS.rows - 1),
                    d.end.1.min(LIMITS.columns - 1),
                )
            })
            .collect();
        Ok(builder.finish().with_merged(merged))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut r = kind.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend([0; 10]);
        record(0x0203, &d)
    }

    #[test]
    fn a_filepass_record_is_encryption() {
        let stream = [record(0x0809, &[0; 16]), record(FILEPASS, &[0; 6])].concat();
        assert_eq!(check_records(&stream), Err(ReadError::Encrypted));
    }

    #[test]
    fn sheets_spanning_too_many_cells_in_all_are_refused() {
        // Globals naming three sheets at the same offset; the sheet spans A1:GR10000,
        // two million cells: three times over the area the library may lay out.
        let sheet_at = 3 * 12;
        let mut boundsheet = (sheet_at as u32).to_le_bytes().to_vec();
        boundsheet.extend([0; 4]);
        let globals = [
            record(BOUNDSHEET, &boundsheet),
            record(BOUNDSHEET, &boundsheet),
            record(BOUNDSHEET, &boundsheet),
        ]
        .concat();
        assert_eq!(globals.len(), sheet_at);
        let stream = [globals, number(0, 0), number(9_999, 199), record(EOF, &[])].concat();
        match check_records(&stream) {
            Err(ReadError::TooLarge(OverLimit::XlsArea { cells, limit })) => {
                assert_eq!(limit, 2_000_000);
                assert_eq!(cells, 4_000_000);
            }
            other => panic!("{other:?}"),
        }
        // One sheet of that extent is within the limits.
        let mut one = record(BOUNDSHEET, &boundsheet[..]);
        let at = (one.len() as u32).to_le_bytes();
        one[4..8].copy_from_slice(&at);
        let stream = [one, number(0, 0), number(9_999, 199), record(EOF, &[])].concat();
        assert_eq!(check_records(&stream), Ok(()));
    }

    #[test]
    fn sheets_walking_the_stream_again_and_again_are_refused() {
        // A thousand sheets, each at its own offset in a stream of 30 000 records
        // without an end: the library would walk 30 million records.
        let count = 1_000;
        let globals_len = count * 12;
        let mut globals = Vec::new();
        for i in 0..count {
            let mut data = ((globals_len + i * 4) as u32).to_le_bytes().to_vec();
            data.extend([0; 4]);
            globals.extend(record(BOUNDSHEET, &data));
        }
        let body = record(0x0208, &[]).repeat(30_000);
        let stream = [globals, body].concat();
        assert_eq!(
            check_records(&stream),
            Err(ReadError::TooLarge(OverLimit::XlsRecords {
                limit: 4_000_000
            }))
        );
    }

    #[test]
    fn a_cell_past_the_limits_is_refused() {
        let stream = number(10_000, 0);
        assert!(matches!(
            check_records(&stream),
            Err(ReadError::TooLarge(OverLimit::Extent { cell, .. })) if cell == "A10001"
        ));
    }
}
