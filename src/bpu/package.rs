//! What a bidder's file is, checked before any spreadsheet library reads it.
//!
//! The spreadsheet libraries trust their input: a zip bomb makes them inflate gigabytes,
//! a sheet declared over the whole grid makes them allocate hundreds of gigabytes (an
//! allocation failure aborts the process; nothing can catch it). So the container is
//! inspected first, against the limits below, and a file over them is refused with a
//! sentence, never read. A price schedule is a few tens of kilobytes: the limits are
//! hundreds of times above any real one.
//!
//! This module also reads the few things the library does not report: hidden columns of
//! an xlsx sheet, and the layout of an OpenDocument file (its extent, hidden columns and
//! merged cells), by streaming their XML.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};

use super::read::ReadError;

/// The limits a bidder's file must keep within (documented in the README).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Size of the file itself.
    pub file_bytes: u64,
    /// Entries of a zip container (xlsx, ods).
    pub zip_entries: usize,
    /// Inflated size of one entry, as declared (the zip reader refuses to inflate more
    /// than declared).
    pub entry_bytes: u64,
    /// Inflated size of all entries together.
    pub total_bytes: u64,
    /// Inflated ÷ compressed size of an entry above 1 MiB: past it, a zip bomb.
    pub ratio: u64,
    /// Rows and columns a sheet's cells may reach, and cells a sheet may hold.
    pub rows: u32,
    pub columns: u32,
    pub cells: usize,
}

pub const LIMITS: Limits = Limits {
    file_bytes: 20 * 1024 * 1024,
    zip_entries: 1_000,
    entry_bytes: 32 * 1024 * 1024,
    total_bytes: 64 * 1024 * 1024,
    ratio: 200,
    rows: 10_000,
    columns: 200,
    cells: 200_000,
};

/// Which limit a file went over, with the figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OverLimit {
    FileBytes {
        bytes: u64,
        limit: u64,
    },
    ZipEntries {
        entries: usize,
        limit: usize,
    },
    EntryBytes {
        entry: String,
        bytes: u64,
        limit: u64,
    },
    TotalBytes {
        bytes: u64,
        limit: u64,
    },
    Ratio {
        entry: String,
        ratio: u64,
        limit: u64,
    },
    /// A sheet with a cell beyond the rows or columns allowed (`cell` in A1 notation).
    Extent {
        sheet: String,
        cell: String,
    },
    Cells {
        sheet: String,
        limit: usize,
    },
}

/// The kinds of workbook the reader knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Container {
    Xlsx,
    Ods,
    Xls,
    Csv,
}

/// Tells what a file is, from its bytes (never from its name alone, but that a text file
/// is read as CSV only when named `.csv`), and checks it against the limits.
pub fn inspect(bytes: &[u8], is_csv_name: bool) -> Result<Container, ReadError> {
    if bytes.len() as u64 > LIMITS.file_bytes {
        return Err(ReadError::TooLarge(OverLimit::FileBytes {
            bytes: bytes.len() as u64,
            limit: LIMITS.file_bytes,
        }));
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return inspect_zip(bytes);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        // An OLE2 compound file: an xls workbook, or an encrypted xlsx (its
        // `EncryptedPackage` stream is named in UTF-16).
        let marker: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        if memchr::memmem::find(bytes, &marker).is_some() {
            return Err(ReadError::Encrypted);
        }
        check_xls_extent(bytes)?;
        return Ok(Container::Xls);
    }
    let looks_like = if bytes.starts_with(b"%PDF") {
        Some("a PDF document")
    } else if bytes.starts_with(b"{\\rtf") {
        Some("an RTF document")
    } else if bytes.starts_with(b"\x89PNG") || bytes.starts_with(b"\xFF\xD8\xFF") {
        Some("an image")
    } else if bytes.is_empty() {
        Some("the file is empty")
    } else {
        None
    };
    if let Some(what) = looks_like {
        return Err(ReadError::NotASpreadsheet {
            detail: what.to_owned(),
        });
    }
    if is_csv_name {
        return Ok(Container::Csv);
    }
    Err(ReadError::NotASpreadsheet {
        detail: "its content is not that of a workbook".into(),
    })
}

/// The library reads an xls workbook whole when it opens it, and allocates each sheet
/// over the extent of its cells: a forged cell at row 65 535, column 65 535 would make
/// it ask for a hundred gigabytes (fuzzing found it). So the workbook stream's cell
/// records are walked first: each must fall within the limits.
fn check_xls_extent(bytes: &[u8]) -> Result<(), ReadError> {
    let damaged = |e: &dyn std::fmt::Display| ReadError::Damaged {
        detail: e.to_string(),
    };
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| damaged(&e))?;
    let name = ["/Workbook", "/Book", "/WORKBOOK", "/BOOK"]
        .into_iter()
        .find(|n| file.is_stream(n));
    let Some(name) = name else {
        return Err(ReadError::NotASpreadsheet {
            detail: "an OLE2 file that holds no workbook".into(),
        });
    };
    let mut stream = Vec::new();
    file.open_stream(name)
        .map_err(|e| damaged(&e))?
        .take(LIMITS.file_bytes)
        .read_to_end(&mut stream)
        .map_err(|e| damaged(&e))?;
    // The library reads each sheet from the offset its BOUNDSHEET record gives: walk the
    // stream from the start, then from every such offset (a forged offset may land
    // mid-record, where a walk from the start would not see what the library sees).
    let mut starts = vec![0usize];
    let mut walked = 0usize;
    while walked < starts.len() {
        let from = starts[walked];
        walked += 1;
        walk_xls_records(&stream[from.min(stream.len())..], &mut |kind, data| {
            if kind == 0x0085 && data.len() >= 4 && starts.len() < 1_000 {
                starts.push(u32::from_le_bytes([data[0], data[1], data[2], data[3]]) as usize);
            }
        })?;
    }
    Ok(())
}

/// Checks every cell and DIMENSIONS record of a BIFF record stream against the limits,
/// and hands each record to `each`.
fn walk_xls_records(stream: &[u8], each: &mut dyn FnMut(u16, &[u8])) -> Result<(), ReadError> {
    let over = |row: u64, col: u64| {
        let (row, col) = (
            row.min(u32::MAX as u64 - 1) as u32,
            col.min(u32::MAX as u64) as u32,
        );
        let cell = format!("{}{}", crate::source::CellRef::column_letters(col), row + 1);
        ReadError::TooLarge(OverLimit::Extent {
            sheet: String::new(),
            cell,
        })
    };
    let mut cells = 0usize;
    let mut at = 0usize;
    while at + 4 <= stream.len() {
        let kind = u16::from_le_bytes([stream[at], stream[at + 1]]);
        let len = u16::from_le_bytes([stream[at + 2], stream[at + 3]]) as usize;
        let data = &stream[(at + 4).min(stream.len())..(at + 4 + len).min(stream.len())];
        each(kind, data);
        if kind == 0x0200 {
            // DIMENSIONS: the library reserves room for the whole extent, and computes it
            // by subtraction (a first row or column past the last wraps around).
            let (first_row, end_row, first_col, end_col) = match data.len() {
                10 => (
                    u16::from_le_bytes([data[0], data[1]]) as u64,
                    u16::from_le_bytes([data[2], data[3]]) as u64,
                    u16::from_le_bytes([data[4], data[5]]) as u64,
                    u16::from_le_bytes([data[6], data[7]]) as u64,
                ),
                14 | 16 => (
                    u32::from_le_bytes([data[0], data[1], data[2], data[3]]) as u64,
                    u32::from_le_bytes([data[4], data[5], data[6], data[7]]) as u64,
                    u16::from_le_bytes([data[8], data[9]]) as u64,
                    u16::from_le_bytes([data[10], data[11]]) as u64,
                ),
                _ => (0, 0, 0, 0),
            };
            // Rows and columns past the end; an empty extent is one cell.
            if end_row >= 1 && end_col >= 1 {
                let first_col = if first_col > 0xFF || end_col < first_col {
                    0
                } else {
                    first_col
                };
                let backwards = first_row >= end_row || first_col >= end_col;
                if backwards || end_row > LIMITS.rows as u64 || end_col > LIMITS.columns as u64 {
                    return Err(over(end_row.saturating_sub(1), end_col.saturating_sub(1)));
                }
            }
        }
        // Cell records: BLANK, NUMBER, LABEL, BOOLERR, RK, LABELSST, RSTRING, FORMULA (and
        // their BIFF2-4 forms), MULRK and MULBLANK (a run of columns).
        let is_cell = matches!(
            kind,
            0x0001..=0x0006 | 0x0201..=0x0206 | 0x027E | 0x00FD | 0x00D6 | 0x0406 | 0x00BD | 0x00BE
        );
        if is_cell && data.len() >= 4 {
            let row = u16::from_le_bytes([data[0], data[1]]) as u64;
            let mut col = u16::from_le_bytes([data[2], data[3]]) as u64;
            if matches!(kind, 0x00BD | 0x00BE) && data.len() >= 6 {
                col = col
                    .max(u16::from_le_bytes([data[data.len() - 2], data[data.len() - 1]]) as u64);
            }
            if row >= LIMITS.rows as u64 || col >= LIMITS.columns as u64 {
                return Err(over(row, col));
            }
            cells += 1;
            if cells > LIMITS.cells {
                return Err(ReadError::TooLarge(OverLimit::Cells {
                    sheet: String::new(),
                    limit: LIMITS.cells,
                }));
            }
        }
        at += 4 + len;
    }
    Ok(())
}

fn inspect_zip(bytes: &[u8]) -> Result<Container, ReadError> {
    let damaged = |e: zip::result::ZipError| ReadError::Damaged {
        detail: e.to_string(),
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    if archive.len() > LIMITS.zip_entries {
        return Err(ReadError::TooLarge(OverLimit::ZipEntries {
            entries: archive.len(),
            limit: LIMITS.zip_entries,
        }));
    }
    let mut total: u64 = 0;
    let mut names = BTreeSet::new();
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(damaged)?;
        let name = entry.name().map_err(damaged)?.into_owned();
        if entry.encrypted() {
            return Err(ReadError::Encrypted);
        }
        let size = entry.size();
        if size > LIMITS.entry_bytes {
            return Err(ReadError::TooLarge(OverLimit::EntryBytes {
                entry: name,
                bytes: size,
                limit: LIMITS.entry_bytes,
            }));
        }
        let compressed = entry.compressed_size().max(1);
        if size > 1024 * 1024 && size / compressed > LIMITS.ratio {
            return Err(ReadError::TooLarge(OverLimit::Ratio {
                entry: name,
                ratio: size / compressed,
                limit: LIMITS.ratio,
            }));
        }
        total = total.saturating_add(size);
        if total > LIMITS.total_bytes {
            return Err(ReadError::TooLarge(OverLimit::TotalBytes {
                bytes: total,
                limit: LIMITS.total_bytes,
            }));
        }
        names.insert(name);
    }
    if names.contains("xl/workbook.xml") {
        return Ok(Container::Xlsx);
    }
    if names.contains("content.xml") {
        if let Some(manifest) = read_entry(&mut archive, "META-INF/manifest.xml")
            && memchr::memmem::find(&manifest, b"encryption-data").is_some()
        {
            return Err(ReadError::Encrypted);
        }
        return Ok(Container::Ods);
    }
    if names.contains("word/document.xml") {
        return Err(ReadError::NotASpreadsheet {
            detail: "a Word document".into(),
        });
    }
    Err(ReadError::NotASpreadsheet {
        detail: "a zip archive that holds no workbook".into(),
    })
}

/// An entry's bytes, within the limits already checked.
fn read_entry<R: Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
    name: &str,
) -> Option<Vec<u8>> {
    let mut entry = archive.by_name(name).ok()?;
    let mut out = Vec::new();
    entry
        .by_ref()
        .take(LIMITS.entry_bytes)
        .read_to_end(&mut out)
        .ok()?;
    Some(out)
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| a.value.to_string())
}

/// The value of `attr="…"` in an element's start tag of plain XML text.
pub(crate) fn text_attribute<'a>(tag: &'a str, attr: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(found) = tag[from..].find(attr) {
        let at = from + found;
        let after = at + attr.len();
        // The name must stand alone (`Id=` is not the end of `sheetId=`) and be followed
        // by `="`.
        let alone = at == 0 || tag[..at].ends_with(|c: char| c.is_whitespace());
        if alone && tag[after..].starts_with("=\"") {
            let start = after + 2;
            let end = tag[start..].find('"')? + start;
            return Some(&tag[start..end]);
        }
        from = after;
    }
    None
}

pub(crate) fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The sheets of an xlsx workbook and the archive path of each one's XML, in order, from
/// the workbook and its relationships.
pub(crate) fn xlsx_sheet_paths(workbook_xml: &str, rels_xml: &str) -> Vec<(String, String)> {
    let targets: BTreeMap<&str, &str> = rels_xml
        .split("<Relationship ")
        .skip(1)
        .filter_map(|tag| {
            let tag = &tag[..tag.find('>')?];
            Some((text_attribute(tag, "Id")?, text_attribute(tag, "Target")?))
        })
        .collect();
    workbook_xml
        .split("<sheet ")
        .skip(1)
        .filter_map(|tag| {
            let tag = &tag[..tag.find('>')?];
            let name = unescape(text_attribute(tag, "name")?);
            let target = targets.get(text_attribute(tag, "r:id")?)?;
            let path = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_owned(),
                None => format!("xl/{target}"),
            };
            Some((name, path))
        })
        .collect()
}

/// The archive path of one sheet's XML.
pub(crate) fn xlsx_sheet_path(workbook_xml: &str, rels_xml: &str, sheet: &str) -> Option<String> {
    xlsx_sheet_paths(workbook_xml, rels_xml)
        .into_iter()
        .find(|(n, _)| n == sheet)
        .map(|(_, p)| p)
}

/// What an xlsx sheet holds beyond its cells' values, which the library does not report
/// (hidden columns) or reports only at the cost of a second parse (merged areas).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SheetExtras {
    pub hidden_columns: BTreeSet<u32>,
    /// Merged areas: (first row, first column, last row, last column), zero-based.
    pub merged: Vec<(u32, u32, u32, u32)>,
}

/// The `<tag …>` elements of a stretch of XML, as text.
fn tags<'a>(xml: &'a str, tag: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let open = format!("<{tag} ");
    let mut rest = xml;
    std::iter::from_fn(move || {
        let start = rest.find(&open)?;
        let end = rest[start..].find('>')? + start;
        let element = &rest[start..end];
        rest = &rest[end..];
        Some(element)
    })
}

/// An xlsx workbook inflated once: the same entries stored uncompressed (so the
/// spreadsheet library reads them without inflating them a second time), and what each
/// sheet holds beyond its cells.
pub struct UnpackedXlsx {
    pub stored: Vec<u8>,
    pub extras: BTreeMap<String, SheetExtras>,
}

/// Inflates every entry of an xlsx workbook (within the limits [`inspect`] checked),
/// collects each sheet's hidden columns and merged areas, and stores the entries again
/// without compression.
pub fn unpack_xlsx(bytes: &[u8]) -> Result<UnpackedXlsx, ReadError> {
    let damaged = |e: &dyn std::fmt::Display| ReadError::Damaged {
        detail: e.to_string(),
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(&e))?;
    let mut entries: Vec<(String, Vec<u8>)> = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| damaged(&e))?;
        let name = entry.name().map_err(|e| damaged(&e))?.into_owned();
        let mut data = Vec::with_capacity(entry.size().min(LIMITS.entry_bytes) as usize);
        entry
            .by_ref()
            .take(LIMITS.entry_bytes)
            .read_to_end(&mut data)
            .map_err(|e| damaged(&e))?;
        entries.push((name, data));
    }
    let text = |name: &str| {
        entries
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, d)| String::from_utf8_lossy(d).into_owned())
            .unwrap_or_default()
    };
    let (workbook, rels) = (text("xl/workbook.xml"), text("xl/_rels/workbook.xml.rels"));
    let mut extras = BTreeMap::new();
    for (name, path) in xlsx_sheet_paths(&workbook, &rels) {
        if let Some((_, xml)) = entries.iter().find(|(n, _)| *n == path) {
            let found = sheet_extras(xml);
            if found != SheetExtras::default() {
                extras.insert(name, found);
            }
        }
    }
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(
        entries.iter().map(|(_, d)| d.len() + 128).sum(),
    )));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(zip::DateTime::default());
    for (name, data) in &entries {
        out.start_file(name.as_str(), options)
            .map_err(|e| damaged(&e))?;
        std::io::Write::write_all(&mut out, data).map_err(|e| damaged(&e))?;
    }
    let stored = out.finish().map_err(|e| damaged(&e))?.into_inner();
    Ok(UnpackedXlsx { stored, extras })
}

/// A sheet's hidden columns and merged areas. `<cols>` comes before the cells and
/// `<mergeCells>` after them: each is found by a byte search, without parsing the cells.
fn sheet_extras(xml: &[u8]) -> SheetExtras {
    let mut extras = SheetExtras::default();
    let data_at = memchr::memmem::find(xml, b"<sheetData").unwrap_or(xml.len());
    if let Some(cols) = memchr::memmem::find(&xml[..data_at], b"<cols>") {
        let head = String::from_utf8_lossy(&xml[cols..data_at]);
        for col in tags(&head, "col") {
            let hidden = text_attribute(col, "hidden").is_some_and(|h| h == "1" || h == "true");
            let min = text_attribute(col, "min").and_then(|m| m.parse::<u32>().ok());
            let max = text_attribute(col, "max").and_then(|m| m.parse::<u32>().ok());
            if let (true, Some(min), Some(max)) = (hidden, min, max) {
                // One-based here; a range past the limit is cut.
                extras
                    .hidden_columns
                    .extend((min.max(1)..=max.min(LIMITS.columns)).map(|c| c - 1));
            }
        }
    }
    if let Some(merges) = memchr::memmem::find(&xml[data_at..], b"<mergeCells") {
        let tail = String::from_utf8_lossy(&xml[data_at + merges..]);
        for merge in tags(&tail, "mergeCell") {
            let Some((a, b)) = text_attribute(merge, "ref").and_then(|r| r.split_once(':')) else {
                continue;
            };
            if let (Some(a), Some(b)) = (
                crate::source::CellRef::parse(a),
                crate::source::CellRef::parse(b),
            ) {
                let (r1, c1) = (b.row.min(LIMITS.rows - 1), b.col.min(LIMITS.columns - 1));
                if a.row <= r1 && a.col <= c1 {
                    extras.merged.push((a.row, a.col, r1, c1));
                }
            }
        }
    }
    extras
}

/// What an OpenDocument sheet holds beyond its cells' values.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OdsSheetLayout {
    pub hidden_columns: BTreeSet<u32>,
    /// Merged areas: (first row, first column, last row, last column).
    pub merged: Vec<(u32, u32, u32, u32)>,
}

/// Streams an OpenDocument spreadsheet's content once: refuses a sheet whose content
/// reaches past the limits (the library would expand its repeated rows and columns into
/// memory), and collects each sheet's hidden columns and merged cells.
pub fn ods_layout(bytes: &[u8]) -> Result<BTreeMap<String, OdsSheetLayout>, ReadError> {
    let damaged = |detail: String| ReadError::Damaged { detail };
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(e.to_string()))?;
    let entry = archive
        .by_name("content.xml")
        .map_err(|e| damaged(e.to_string()))?;
    let mut reader =
        quick_xml::Reader::from_reader(std::io::BufReader::new(entry.take(LIMITS.entry_bytes)));
    let mut buf = Vec::new();
    let mut sheets = BTreeMap::new();
    let mut table: Option<(String, OdsSheetLayout)> = None;
    let (mut row, mut col, mut column_def) = (0u64, 0u64, 0u64);
    let mut row_repeat = 1u64;
    let mut cells = 0usize;
    let over = |sheet: &str, row: u64, col: u64| {
        let cell = format!(
            "{}{}",
            crate::source::CellRef::column_letters(col.min(u32::MAX as u64) as u32),
            row + 1
        );
        ReadError::TooLarge(OverLimit::Extent {
            sheet: sheet.to_owned(),
            cell,
        })
    };
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| damaged(e.to_string()))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                match e.local_name().as_ref() {
                    "table" => {
                        let name = attr(e, "table:name").unwrap_or_default();
                        table = Some((name, OdsSheetLayout::default()));
                        row = 0;
                        column_def = 0;
                        cells = 0;
                    }
                    "table-column" => {
                        let repeat = attr(e, "table:number-columns-repeated")
                            .and_then(|r| r.parse::<u64>().ok())
                            .unwrap_or(1);
                        let collapsed = attr(e, "table:visibility")
                            .is_some_and(|v| v == "collapse" || v == "filter");
                        if let Some((_, layout)) = table.as_mut()
                            && collapsed
                        {
                            for c in column_def..(column_def + repeat).min(LIMITS.columns as u64) {
                                layout.hidden_columns.insert(c as u32);
                            }
                        }
                        column_def = column_def.saturating_add(repeat);
                    }
                    "table-row" => {
                        row_repeat = attr(e, "table:number-rows-repeated")
                            .and_then(|r| r.parse::<u64>().ok())
                            .unwrap_or(1);
                        col = 0;
                        if empty {
                            row = row.saturating_add(row_repeat);
                        }
                    }
                    "table-cell" | "covered-table-cell" => {
                        let repeat = attr(e, "table:number-columns-repeated")
                            .and_then(|r| r.parse::<u64>().ok())
                            .unwrap_or(1);
                        let has_value = attr(e, "office:value-type").is_some()
                            || attr(e, "table:formula").is_some()
                            || !empty;
                        if let Some((name, layout)) = table.as_mut() {
                            if has_value && local_is(e, "table-cell") {
                                let last_row = row.saturating_add(row_repeat - 1);
                                let last_col = col.saturating_add(repeat - 1);
                                if last_row >= LIMITS.rows as u64
                                    || last_col >= LIMITS.columns as u64
                                {
                                    return Err(over(name, last_row, last_col));
                                }
                                cells = cells
                                    .saturating_add((repeat.saturating_mul(row_repeat)) as usize);
                                if cells > LIMITS.cells {
                                    return Err(ReadError::TooLarge(OverLimit::Cells {
                                        sheet: name.clone(),
                                        limit: LIMITS.cells,
                                    }));
                                }
                            }
                            let rows_spanned = attr(e, "table:number-rows-spanned")
                                .and_then(|r| r.parse::<u64>().ok())
                                .unwrap_or(1);
                            let cols_spanned = attr(e, "table:number-columns-spanned")
                                .and_then(|r| r.parse::<u64>().ok())
                                .unwrap_or(1);
                            if (rows_spanned > 1 || cols_spanned > 1)
                                && row < LIMITS.rows as u64
                                && col < LIMITS.columns as u64
                            {
                                let last_row = (row + rows_spanned - 1).min(LIMITS.rows as u64 - 1);
                                let last_col =
                                    (col + cols_spanned - 1).min(LIMITS.columns as u64 - 1);
                                layout.merged.push((
                                    row as u32,
                                    col as u32,
                                    last_row as u32,
                                    last_col as u32,
                                ));
                            }
                        }
                        col = col.saturating_add(repeat);
                    }
                    _ => {}
                }
            }
            Event::End(ref e) => match e.local_name().as_ref() {
                "table-row" => row = row.saturating_add(row_repeat),
                "table" => {
                    if let Some((name, layout)) = table.take() {
                        sheets.insert(name, layout);
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(sheets)
}

fn local_is(e: &BytesStart<'_>, name: &str) -> bool {
    e.local_name().as_ref() == name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_told_by_their_bytes() {
        assert!(matches!(
            inspect(b"%PDF-1.7", false),
            Err(ReadError::NotASpreadsheet { .. })
        ));
        assert!(matches!(
            inspect(b"", false),
            Err(ReadError::NotASpreadsheet { .. })
        ));
        assert_eq!(inspect(b"Code;D", true), Ok(Container::Csv));
        assert!(matches!(
            inspect(b"Code;D", false),
            Err(ReadError::NotASpreadsheet { .. })
        ));
        assert!(matches!(
            inspect(b"PK\x03\x04garbage", false),
            Err(ReadError::Damaged { .. })
        ));
        let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        ole.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(inspect(&ole, false), Err(ReadError::Encrypted));
    }

    #[test]
    fn finds_a_sheet_path() {
        let wb = r#"<sheets><sheet name="Candidat" sheetId="1" r:id="rId1"/><sheet name="Lot &amp; 1" sheetId="2" r:id="rId2"/></sheets>"#;
        let rels = r#"<Relationship Id="rId1" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Target="/xl/worksheets/sheet2.xml"/>"#;
        assert_eq!(
            xlsx_sheet_path(wb, rels, "Candidat").as_deref(),
            Some("xl/worksheets/sheet1.xml")
        );
        assert_eq!(
            xlsx_sheet_path(wb, rels, "Lot & 1").as_deref(),
            Some("xl/worksheets/sheet2.xml")
        );
        assert_eq!(xlsx_sheet_path(wb, rels, "Lot 2"), None);
    }
}
