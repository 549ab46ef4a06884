//! Fills the input cells of a BPU workbook written by [`super::template`]: what a bidder
//! does in a spreadsheet program, done by a program.
//!
//! The example offers, the benchmarks and the tests are all made this way, from the very
//! template the tool writes, so they stay in step with it: change the layout and they
//! follow. Values go in as numbers or as typed text (`12 500,00 €`), the two ways bidders
//! fill cells. Only the worksheet XML of the cells named is rewritten; everything else in
//! the archive is copied as it was.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

use rust_decimal::Decimal;
use zip::write::SimpleFileOptions;

use super::layout::{self, CandidateField};
use super::xlsx::sheet_paths;
use crate::pricing::{PricingModel, Term};
use crate::source::CellRef;
use crate::tender::Tender;

/// What goes into a cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FillValue {
    /// A number cell.
    Number(Decimal),
    /// A text cell, as if typed: `12 500,00 €`.
    Text(String),
    /// An error value such as `#REF!`, as a broken formula leaves.
    Error(String),
    /// An emptied cell.
    Blank,
}

#[derive(Debug, thiserror::Error)]
pub enum FillError {
    #[error("the workbook is not a readable xlsx archive: {0}")]
    Archive(#[from] zip::result::ZipError),
    #[error("the workbook cannot be read: {0}")]
    Io(#[from] std::io::Error),
    #[error("no sheet named {0:?} in the workbook")]
    NoSheet(String),
    #[error("the workbook's list of sheets cannot be read")]
    NotAWorkbook,
    #[error("no scope {scope:?} or lot {lot:?} in the tender")]
    Unknown { lot: String, scope: String },
    #[error("lot {lot:?} is not a unit-price schedule lot with a line {code:?}")]
    UnknownLine { lot: String, code: String },
    #[error("lot {lot:?} has no band {band} (0-based) in the tender")]
    NoBand { lot: String, band: usize },
    #[error("the sheet {sheet:?} has no row {row}")]
    NoRow { sheet: String, row: u32 },
}

/// The cells to fill, sheet by sheet.
#[derive(Clone, Debug)]
pub struct Filler<'t> {
    tender: &'t Tender,
    cells: BTreeMap<String, BTreeMap<CellRef, FillValue>>,
}

impl<'t> Filler<'t> {
    pub fn new(tender: &'t Tender) -> Self {
        Filler {
            tender,
            cells: BTreeMap::new(),
        }
    }

    /// A field of the `Candidat` sheet.
    pub fn candidate(&mut self, field: CandidateField, text: &str) -> &mut Self {
        self.cell(
            layout::CANDIDATE_SHEET,
            field.value_cell(),
            FillValue::Text(text.to_owned()),
        )
    }

    /// An item of a lot for a scope, where the template put it.
    pub fn item(
        &mut self,
        lot: &str,
        scope: &str,
        model: PricingModel,
        term: Term,
        value: FillValue,
    ) -> Result<&mut Self, FillError> {
        let unknown = || FillError::Unknown {
            lot: lot.to_owned(),
            scope: scope.to_owned(),
        };
        self.tender.lot(lot).ok_or_else(unknown)?;
        let index = self
            .tender
            .scopes
            .iter()
            .position(|s| s.id == scope)
            .ok_or_else(unknown)?;
        let cell = layout::item_cell(model, term, index).ok_or_else(unknown)?;
        Ok(self.cell(&layout::lot_sheet_name(lot), cell, value))
    }

    /// The price of band `band` (0-based) of a lot's band tariff, where the template put
    /// it. An error when the tender asks no band tariff for the lot, or has fewer bands.
    pub fn band(
        &mut self,
        lot: &str,
        band: usize,
        value: FillValue,
    ) -> Result<&mut Self, FillError> {
        let cell = self
            .tender
            .lot(lot)
            .and_then(|l| layout::band_cell(l, band))
            .ok_or_else(|| FillError::NoBand {
                lot: lot.to_owned(),
                band,
            })?;
        Ok(self.cell(&layout::lot_sheet_name(lot), cell, value))
    }

    /// The price (`total` false) or the amount (`total` true) of a line of a
    /// unit-price schedule lot, by its item code or tranche id, where the template put it.
    pub fn schedule_line(
        &mut self,
        lot: &str,
        code: &str,
        total: bool,
        value: FillValue,
    ) -> Result<&mut Self, FillError> {
        let unknown = || FillError::UnknownLine {
            lot: lot.to_owned(),
            code: code.to_owned(),
        };
        let schedule = self
            .tender
            .lot(lot)
            .and_then(|l| l.schedule.as_ref())
            .ok_or_else(unknown)?;
        let cell = if total {
            super::schedule_layout::total_cell(schedule, code)
        } else {
            super::schedule_layout::price_cell(schedule, code)
        }
        .ok_or_else(unknown)?;
        Ok(self.cell(&layout::lot_sheet_name(lot), cell, value))
    }

    /// Any cell of any sheet.
    pub fn cell(&mut self, sheet: &str, cell: CellRef, value: FillValue) -> &mut Self {
        self.cells
            .entry(sheet.to_owned())
            .or_default()
            .insert(cell, value);
        self
    }

    /// The filled workbook's bytes.
    pub fn apply(&self, workbook: &[u8]) -> Result<Vec<u8>, FillError> {
        fill(workbook, &self.cells)
    }
}

/// Rewrites the named cells of an xlsx workbook.
pub fn fill(
    workbook: &[u8],
    cells: &BTreeMap<String, BTreeMap<CellRef, FillValue>>,
) -> Result<Vec<u8>, FillError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(workbook))?;
    let workbook_xml = read_entry(&mut archive, "xl/workbook.xml")?;
    let rels_xml = read_entry(&mut archive, "xl/_rels/workbook.xml.rels")?;
    let paths = sheet_paths(workbook_xml.as_bytes(), rels_xml.as_bytes())
        .map_err(|_| FillError::NotAWorkbook)?;
    let mut targets: BTreeMap<String, (&String, &BTreeMap<CellRef, FillValue>)> = BTreeMap::new();
    for (sheet, sheet_cells) in cells {
        let path = paths
            .iter()
            .find(|(n, _)| n == sheet)
            .map(|(_, p)| p.clone())
            .ok_or_else(|| FillError::NoSheet(sheet.clone()))?;
        targets.insert(path, (sheet, sheet_cells));
    }
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        let name = entry.name()?.into_owned();
        match targets.get(&name) {
            Some((sheet, sheet_cells)) => {
                let mut xml = String::new();
                entry.read_to_string(&mut xml)?;
                for (cell, value) in sheet_cells.iter() {
                    xml = set_cell(&xml, *cell, value).ok_or_else(|| FillError::NoRow {
                        sheet: (*sheet).clone(),
                        row: cell.row + 1,
                    })?;
                }
                out.start_file(name, options)?;
                out.write_all(xml.as_bytes())?;
            }
            None => out.raw_copy_file(entry)?,
        }
    }
    Ok(out.finish()?.into_inner())
}

fn read_entry<R: Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
    name: &str,
) -> Result<String, FillError> {
    let mut s = String::new();
    archive.by_name(name)?.read_to_string(&mut s)?;
    Ok(s)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The XML of a cell holding `value`, keeping the cell's style.
fn cell_xml(cell: CellRef, style: Option<&str>, value: &FillValue) -> String {
    let s = style.map(|s| format!(" s=\"{s}\"")).unwrap_or_default();
    match value {
        FillValue::Number(d) => format!("<c r=\"{cell}\"{s}><v>{}</v></c>", d.normalize()),
        FillValue::Text(t) => {
            format!(
                "<c r=\"{cell}\"{s} t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
                escape(t)
            )
        }
        FillValue::Error(e) => format!("<c r=\"{cell}\"{s} t=\"e\"><v>{}</v></c>", escape(e)),
        FillValue::Blank => format!("<c r=\"{cell}\"{s}/>"),
    }
}

/// The value of `attr="…"` in the text of a start tag of the template (which this
/// program wrote: its attributes are double-quoted, without references).
fn text_attribute<'a>(tag: &'a str, attr: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(found) = tag[from..].find(attr) {
        let at = from + found;
        let after = at + attr.len();
        // The name must stand alone (`Id=` is not the end of `sheetId=`).
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

/// The extent of the element starting at `start` (`<c …/>` or `<c …>…</c>`).
fn element_end(xml: &str, start: usize, close: &str) -> Option<usize> {
    let tag_end = xml[start..].find('>')? + start;
    if xml[..tag_end].ends_with('/') {
        Some(tag_end + 1)
    } else {
        Some(xml[tag_end..].find(close)? + tag_end + close.len())
    }
}

/// Sets one cell in a worksheet's XML: replaces the cell if present, otherwise inserts it
/// in column order in its row. `None` when the row does not exist.
fn set_cell(xml: &str, cell: CellRef, value: &FillValue) -> Option<String> {
    let needle = format!("<c r=\"{cell}\"");
    let mut search = 0;
    while let Some(found) = xml[search..].find(&needle) {
        let start = search + found;
        let next = xml.as_bytes().get(start + needle.len()).copied();
        if matches!(next, Some(b' ' | b'>' | b'/')) {
            let end = element_end(xml, start, "</c>")?;
            let tag_end = xml[start..].find('>')? + start;
            let style = text_attribute(&xml[start..tag_end], "s");
            return Some(format!(
                "{}{}{}",
                &xml[..start],
                cell_xml(cell, style, value),
                &xml[end..]
            ));
        }
        search = start + needle.len();
    }
    // Not present: insert into the row, before the first cell of a later column.
    let row_needle = format!("<row r=\"{}\"", cell.row + 1);
    let row_start = xml.find(&row_needle)?;
    let row_tag_end = xml[row_start..].find('>')? + row_start;
    let new_cell = cell_xml(cell, None, value);
    if xml[..row_tag_end].ends_with('/') {
        let open = &xml[row_start..row_tag_end - 1];
        return Some(format!(
            "{}{}>{}</row>{}",
            &xml[..row_start],
            open,
            new_cell,
            &xml[row_tag_end + 1..]
        ));
    }
    let row_end = xml[row_tag_end..].find("</row>")? + row_tag_end;
    let mut insert_at = row_end;
    let mut pos = row_tag_end;
    while let Some(found) = xml[pos..row_end].find("<c r=\"") {
        let start = pos + found;
        let r_start = start + "<c r=\"".len();
        let r_end = xml[r_start..].find('"')? + r_start;
        if CellRef::parse(&xml[r_start..r_end]).is_some_and(|c| c.col > cell.col) {
            insert_at = start;
            break;
        }
        pos = r_end;
    }
    Some(format!(
        "{}{}{}",
        &xml[..insert_at],
        new_cell,
        &xml[insert_at..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_a_blank_cell_keeping_its_style() {
        let xml = r#"<row r="6"><c r="A6" s="2" t="s"><v>3</v></c><c r="D6" s="5"/><c r="E6" s="5"/></row>"#;
        let out = set_cell(
            xml,
            CellRef::parse("D6").unwrap(),
            &FillValue::Number(Decimal::new(125005, 1)),
        )
        .unwrap();
        assert_eq!(
            out,
            r#"<row r="6"><c r="A6" s="2" t="s"><v>3</v></c><c r="D6" s="5"><v>12500.5</v></c><c r="E6" s="5"/></row>"#
        );
    }

    #[test]
    fn inserts_a_missing_cell_in_column_order() {
        let xml = r#"<row r="6"><c r="A6"/><c r="E6"/></row><row r="7"/>"#;
        let out = set_cell(
            xml,
            CellRef::parse("C6").unwrap(),
            &FillValue::Text("a<b".into()),
        )
        .unwrap();
        assert!(out.contains(r#"<c r="A6"/><c r="C6" t="inlineStr"><is><t xml:space="preserve">a&lt;b</t></is></c><c r="E6"/>"#));
        let out = set_cell(xml, CellRef::parse("B7").unwrap(), &FillValue::Blank).unwrap();
        assert!(out.ends_with(r#"<row r="7"><c r="B7"/></row>"#));
        assert_eq!(
            set_cell(xml, CellRef::parse("B9").unwrap(), &FillValue::Blank),
            None
        );
    }

    #[test]
    fn does_not_confuse_d6_with_d60() {
        let xml = r#"<row r="60"><c r="D60" s="1"/></row><row r="6"><c r="D6" s="2"/></row>"#;
        let out = set_cell(
            xml,
            CellRef::parse("D6").unwrap(),
            &FillValue::Number(Decimal::ONE),
        )
        .unwrap();
        assert!(out.contains(r#"<c r="D60" s="1"/>"#));
        assert!(out.contains(r#"<c r="D6" s="2"><v>1</v></c>"#));
    }
}
