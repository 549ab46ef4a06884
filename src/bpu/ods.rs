//! OpenDocument spreadsheets (.ods), read by this program from `content.xml` with the
//! XML parser, in one pass.
//!
//! An OpenDocument sheet writes runs of identical rows and cells once, with a repeat
//! count (`table:number-rows-repeated`, `table:number-columns-repeated`): a few bytes
//! may stand for a million rows. Only filled cells are kept; each is checked against the
//! limits before it is stored, and a run is refused as a whole, before it is expanded,
//! when it would reach past them. Counts are whatever the file writes (0 included, which
//! stands for nothing): every position is computed with checked arithmetic.
//!
//! Only the sheets the reader will look at are kept (the caller says which), so a
//! workbook of many large sheets costs the memory of the few that matter. The same pass
//! finds each sheet's hidden columns and merged areas.
//!
//! Values are read as the format defines them (OpenDocument 1.3, part 3, §19.385 and
//! §19.387): `office:value-type` says which attribute holds the value; a string's text
//! is its paragraphs; an error (LibreOffice's `calcext:value-type="error"`) is an error
//! value, never a text or a 0; a formula without a saved value is kept as such.

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};

use super::error::{DamageKind, Field, ReadError, XmlProblem};
use super::grid::{Grid, GridBuilder, Stored, push_merged};
use super::package::{self, Inflater, LIMITS, OverLimit};
use super::xml::{Local, Part, Source};

const CONTENT: &str = "content.xml";

/// The sheets of an OpenDocument spreadsheet: every name, and the grids of those asked
/// for.
pub struct OdsBook {
    names: Vec<String>,
    grids: Vec<(String, Grid)>,
}

impl OdsBook {
    /// Reads `content.xml` of an archive [`package::inspect_file`] checked, keeping the
    /// cells of the sheets `wanted` accepts.
    pub fn open(
        bytes: &[u8],
        mut archive: package::Archive<'_>,
        wanted: &dyn Fn(&str) -> bool,
    ) -> Result<Self, ReadError> {
        let entry = package::entry(&mut archive, bytes, CONTENT)?.ok_or_else(|| {
            ReadError::from(super::error::Damage::in_part(
                CONTENT,
                DamageKind::MissingPart,
            ))
        })?;
        // Streamed: the content is never held whole, only the cells kept.
        let mut inflater = Inflater::default();
        let mut part = Part::new(CONTENT, inflater.stream(bytes, &entry));
        let read = Self::tables(&mut part, wanted);
        read.map_err(|e| part.confirm(e))
    }

    /// The `<table:table>` elements of the content, in order.
    fn tables<R: Source>(
        part: &mut Part<'_, R>,
        wanted: &dyn Fn(&str) -> bool,
    ) -> Result<Self, ReadError> {
        let mut book = OdsBook {
            names: Vec::new(),
            grids: Vec::new(),
        };
        let mut seen = std::collections::BTreeSet::new();
        let mut buf = Vec::new();
        loop {
            match part.next(&mut buf)? {
                Event::Start(e) if e.local() == "table" => {
                    let name = part.attribute(&e, "name")?.unwrap_or_default().into_owned();
                    let keep = wanted(&name) && seen.insert(name.clone());
                    let grid = SheetReader::new(part, &name, keep).read()?;
                    if keep {
                        book.grids.push((name.clone(), grid));
                    }
                    book.names.push(name);
                }
                Event::Empty(e) if e.local() == "table" => {
                    let name = part.attribute(&e, "name")?.unwrap_or_default().into_owned();
                    book.names.push(name);
                }
                Event::Eof => return Ok(book),
                _ => {}
            }
        }
    }

    pub fn sheet_names(&self) -> Vec<String> {
        self.names.clone()
    }

    /// A sheet's grid (empty when it was not asked for).
    pub fn grid(&mut self, name: &str) -> Grid {
        match self.grids.iter().position(|(n, _)| n == name) {
            Some(i) => self.grids.swap_remove(i).1,
            None => Grid::default(),
        }
    }
}

/// The attributes of a cell that say its value.
#[derive(Default)]
struct CellAttributes {
    repeat: u64,
    value_type: Option<String>,
    value: Option<String>,
    text_value: Option<String>,
    boolean: Option<String>,
    error: bool,
    formula: Option<String>,
    span: (u64, u64),
}

/// Reads one `<table:table>` up to its end.
struct SheetReader<'p, 'q, 'n, R> {
    part: &'p mut Part<'q, R>,
    name: &'n str,
    /// `None` when the sheet's cells are not kept.
    builder: Option<GridBuilder<'n>>,
    hidden: Vec<u32>,
    merged: Vec<(u32, u32, u32, u32)>,
    /// The next row, and column, and the next column definition.
    row: u64,
    col: u64,
    column_def: u64,
    /// The current row's repeat count and filled cells (column, value).
    row_repeat: u64,
    row_cells: Vec<(u64, Stored)>,
    /// Events inside a cell.
    inner: Vec<u8>,
}

fn count<R: Source>(part: &Part<'_, R>, value: Option<Cow<'_, str>>) -> Result<u64, ReadError> {
    match value {
        None => Ok(1),
        Some(v) => v.trim().parse::<u64>().map_err(|_| {
            part.damage(DamageKind::BadValue {
                field: Field::RepeatCount,
                found: v.chars().take(40).collect(),
            })
        }),
    }
}

impl<'p, 'q, 'n, R: Source> SheetReader<'p, 'q, 'n, R> {
    fn new(part: &'p mut Part<'q, R>, name: &'n str, keep: bool) -> Self {
        SheetReader {
            part,
            name,
            builder: keep.then(|| GridBuilder::new(name)),
            hidden: Vec::new(),
            merged: Vec::new(),
            row: 0,
            col: 0,
            column_def: 0,
            row_repeat: 1,
            row_cells: Vec::new(),
            inner: Vec::new(),
        }
    }

    fn read(mut self) -> Result<Grid, ReadError> {
        let mut buf = Vec::new();
        loop {
            match self.part.next(&mut buf)? {
                Event::Start(e) | Event::Empty(e) if e.local() == "table-column" => {
                    self.column(&e)?;
                }
                Event::Start(e) if e.local() == "table-row" => self.start_row(&e)?,
                Event::Empty(e) if e.local() == "table-row" => {
                    self.start_row(&e)?;
                    self.end_row()?;
                }
                Event::End(e) if e.local() == "table-row" => self.end_row()?,
                Event::Start(e) if matches!(e.local(), "table-cell" | "covered-table-cell") => {
                    self.cell(&e, true)?;
                }
                Event::Empty(e) if matches!(e.local(), "table-cell" | "covered-table-cell") => {
                    self.cell(&e, false)?;
                }
                Event::End(e) if e.local() == "table" => break,
                Event::Eof => {
                    return Err(self.part.damage(DamageKind::Xml(XmlProblem::Mismatched)));
                }
                _ => {}
            }
        }
        Ok(match self.builder {
            Some(b) => b
                .finish()
                .with_hidden_columns(self.hidden)
                .with_merged(self.merged),
            None => Grid::default(),
        })
    }

    /// A column definition: hidden (collapsed or filtered) columns are the bidder's
    /// helpers.
    fn column(&mut self, e: &BytesStart<'_>) -> Result<(), ReadError> {
        let [repeat, visibility] = self
            .part
            .attributes(e, ["number-columns-repeated", "visibility"])?;
        let repeat = count(self.part, repeat)?;
        if matches!(visibility.as_deref(), Some("collapse" | "filter")) {
            let end = self
                .column_def
                .saturating_add(repeat)
                .min(u64::from(LIMITS.columns));
            // Below the column limit: fits in u32.
            self.hidden.extend((self.column_def..end).map(|c| c as u32));
        }
        self.column_def = self.column_def.saturating_add(repeat);
        Ok(())
    }

    fn start_row(&mut self, e: &BytesStart<'_>) -> Result<(), ReadError> {
        let repeat = self.part.attribute(e, "number-rows-repeated")?;
        self.row_repeat = count(self.part, repeat)?;
        self.col = 0;
        self.row_cells.clear();
        Ok(())
    }

    /// The end of a row: its filled cells, as many times as the row is repeated, refused
    /// as a whole when the run reaches past the limits.
    fn end_row(&mut self) -> Result<(), ReadError> {
        let cells = std::mem::take(&mut self.row_cells);
        if let (Some(builder), Some((last_col, _))) = (self.builder.as_mut(), cells.last())
            && self.row_repeat > 0
        {
            let last_row = self.row.saturating_add(self.row_repeat - 1);
            if last_row >= u64::from(LIMITS.rows) {
                return Err(over(self.name, last_row, *last_col));
            }
            if (cells.len() as u64).saturating_mul(self.row_repeat) > LIMITS.cells as u64 {
                return Err(too_many(self.name));
            }
            for r in 0..self.row_repeat {
                for (col, value) in &cells {
                    builder.push(self.row + r, *col, value.clone())?;
                }
            }
        }
        self.row = self.row.saturating_add(self.row_repeat);
        self.row_repeat = 1;
        Ok(())
    }

    fn attributes(&self, e: &BytesStart<'_>) -> Result<CellAttributes, ReadError> {
        let mut a = CellAttributes::default();
        let (mut repeat, mut rows, mut cols) = (None, None, None);
        let (mut string, mut date, mut time) = (None, None, None);
        self.part.visit_attributes(e, |name, value| match name {
            "number-columns-repeated" => repeat = Some(value.into_owned()),
            "number-rows-spanned" => rows = Some(value.into_owned()),
            "number-columns-spanned" => cols = Some(value.into_owned()),
            // `office:value-type`, and LibreOffice's own `calcext:value-type`, which
            // alone says "error" (a type OpenDocument does not have).
            "value-type" if value == "error" => a.error = true,
            "value-type" => a.value_type = Some(value.into_owned()),
            "value" => a.value = Some(value.into_owned()),
            "string-value" => string = Some(value.into_owned()),
            "date-value" => date = Some(value.into_owned()),
            "time-value" => time = Some(value.into_owned()),
            "boolean-value" => a.boolean = Some(value.into_owned()),
            "formula" => a.formula = Some(value.into_owned()),
            _ => {}
        })?;
        a.text_value = match a.value_type.as_deref() {
            Some("date") => date,
            Some("time") => time,
            _ => string,
        };
        a.repeat = count(self.part, repeat.map(Cow::Owned))?;
        a.span = (
            count(self.part, rows.map(Cow::Owned))?,
            count(self.part, cols.map(Cow::Owned))?,
        );
        Ok(a)
    }

    /// A cell: its value, repeated across its run of columns, and its merged area.
    fn cell(&mut self, e: &BytesStart<'_>, has_content: bool) -> Result<(), ReadError> {
        let a = self.attributes(e)?;
        let text = if has_content {
            let mut inner = std::mem::take(&mut self.inner);
            let text = cell_text(self.part, &mut inner);
            self.inner = inner;
            text?
        } else {
            String::new()
        };
        let stored = self.value(&a, text)?;
        let (rows, cols) = a.span;
        if (rows > 1 || cols > 1)
            && self.row < u64::from(LIMITS.rows)
            && self.col < u64::from(LIMITS.columns)
        {
            // A span of 0 (no valid count) spans its own cell.
            let last_row = self
                .row
                .saturating_add(rows.saturating_sub(1))
                .min(u64::from(LIMITS.rows - 1));
            let last_col = self
                .col
                .saturating_add(cols.saturating_sub(1))
                .min(u64::from(LIMITS.columns - 1));
            // Below the limits: every figure fits in u32.
            let area = (
                self.row as u32,
                self.col as u32,
                last_row as u32,
                last_col as u32,
            );
            push_merged(&mut self.merged, area, self.name)?;
        }
        if let Some(value) = stored.filter(|_| self.builder.is_some() && a.repeat > 0) {
            let last_col = self.col.saturating_add(a.repeat - 1);
            if last_col >= u64::from(LIMITS.columns) {
                return Err(over(self.name, self.row, last_col));
            }
            for c in self.col..=last_col {
                self.row_cells.push((c, value.clone()));
            }
        }
        self.col = self.col.saturating_add(a.repeat);
        Ok(())
    }

    /// The value a cell's attributes and text give.
    fn value(&self, a: &CellAttributes, text: String) -> Result<Option<Stored>, ReadError> {
        if a.error {
            return Ok(Some(Stored::Error(text.into())));
        }
        let stored = match a.value_type.as_deref() {
            Some("float" | "percentage" | "currency") => {
                let raw = a.value.as_deref().unwrap_or("");
                match raw.trim().parse::<f64>() {
                    Ok(n) => Some(Stored::Number(n)),
                    Err(_) => {
                        return Err(self.part.damage(DamageKind::BadValue {
                            field: Field::Number,
                            found: raw.chars().take(40).collect(),
                        }));
                    }
                }
            }
            Some("date" | "time") => Some(Stored::Date(
                a.text_value.as_deref().map_or(text, str::to_owned).into(),
            )),
            Some("boolean") => Some(Stored::Bool(matches!(
                a.boolean.as_deref().map(str::trim),
                Some("true" | "1")
            ))),
            Some("string") => Some(Stored::Text(
                a.text_value.as_deref().map_or(text, str::to_owned).into(),
            )),
            _ => None,
        };
        Ok(match (stored, &a.formula) {
            (Some(s), _) => Some(s),
            (None, Some(f)) => Some(Stored::FormulaWithoutValue(formula_text(f).into())),
            (None, None) => None,
        })
    }
}

/// A formula as the user typed it: without the `of:=` namespace prefix.
fn formula_text(formula: &str) -> &str {
    let f = formula
        .split_once(':')
        .filter(|(ns, _)| !ns.contains(['[', '(', '"']))
        .map_or(formula, |(_, f)| f);
    f.strip_prefix('=').unwrap_or(f)
}

fn over(sheet: &str, row: u64, col: u64) -> ReadError {
    let col = u32::try_from(col).unwrap_or(u32::MAX);
    ReadError::TooLarge(OverLimit::Extent {
        sheet: sheet.to_owned(),
        cell: format!(
            "{}{}",
            crate::source::CellRef::column_letters(col),
            row.saturating_add(1)
        ),
    })
}

fn too_many(sheet: &str) -> ReadError {
    ReadError::TooLarge(OverLimit::Cells {
        sheet: sheet.to_owned(),
        limit: LIMITS.cells,
    })
}

/// The text of a cell, up to its end: its paragraphs joined by line breaks, with the
/// format's spaces (`<text:s text:c="3"/>`), tabs and line breaks; annotations (the
/// comments) left out.
fn cell_text<R: Source>(part: &mut Part<'_, R>, buf: &mut Vec<u8>) -> Result<String, ReadError> {
    let mut out = String::new();
    let mut depth = 0u32;
    let mut annotation = 0u32;
    let mut paragraphs = 0u32;
    loop {
        match part.next(buf)? {
            Event::Text(t) if annotation == 0 => out.push_str(&t.xml10_content()),
            Event::CData(t) if annotation == 0 => out.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if annotation == 0 => part.push_reference(&r, &mut out)?,
            Event::Start(e) => {
                depth = depth.saturating_add(1);
                match e.local() {
                    "annotation" => annotation = annotation.saturating_add(1),
                    _ if annotation > 0 => {}
                    name => inline_element(part, name, &e, &mut out, &mut paragraphs)?,
                }
            }
            Event::Empty(e) if annotation == 0 => {
                inline_element(part, e.local(), &e, &mut out, &mut paragraphs)?;
            }
            Event::End(e) => {
                if depth == 0 {
                    return Ok(out);
                }
                depth -= 1;
                if e.local() == "annotation" {
                    annotation = annotation.saturating_sub(1);
                }
            }
            Event::Eof => return Err(part.damage(DamageKind::Xml(XmlProblem::Mismatched))),
            _ => {}
        }
    }
}

/// What an element inside a cell's text adds to it.
fn inline_element<R: Source>(
    part: &Part<'_, R>,
    name: &str,
    e: &BytesStart<'_>,
    out: &mut String,
    paragraphs: &mut u32,
) -> Result<(), ReadError> {
    match name {
        "p" | "h" => {
            if *paragraphs > 0 {
                out.push('\n');
            }
            *paragraphs = paragraphs.saturating_add(1);
        }
        "s" => {
            let n = count(part, part.attribute(e, "c")?)?;
            // A count that would make the text longer than the part itself is a forgery.
            if n > LIMITS.entry_bytes {
                return Err(part.damage(DamageKind::BadValue {
                    field: Field::RepeatCount,
                    found: n.to_string(),
                }));
            }
            out.extend(std::iter::repeat_n(' ', n as usize));
        }
        "tab" => out.push('\t'),
        "line-break" => out.push('\n'),
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bpu::grid::Value;

    fn content(tables: &str) -> Vec<u8> {
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
        );
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        w.start_file("content.xml", options).unwrap();
        std::io::Write::write_all(&mut w, xml.as_bytes()).unwrap();
        w.finish().unwrap().into_inner()
    }

    fn read(tables: &str) -> Result<OdsBook, ReadError> {
        let bytes = content(tables);
        OdsBook::open(&bytes, package::open_archive(&bytes)?, &|_| true)
    }

    #[test]
    fn values_of_every_type() {
        let mut book = read(
            r#"<table:table table:name="Lot 1"><table:table-row><table:table-cell office:value-type="string"><text:p>12<text:s text:c="2"/>500</text:p><text:p>€ &amp; HT</text:p><office:annotation><text:p>note</text:p></office:annotation></table:table-cell><table:table-cell office:value-type="float" office:value="12.5"><text:p>12,5</text:p></table:table-cell><table:table-cell office:value-type="date" office:date-value="2024-01-02"/><table:table-cell office:value-type="boolean" office:boolean-value="true"/><table:table-cell table:formula="of:=1/0" office:value-type="float" office:value="0" calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell><table:table-cell table:formula="of:=[.B1]*2"/><table:table-cell office:value-type="string" office:string-value="direct"/></table:table-row></table:table>"#,
        )
        .unwrap();
        assert_eq!(book.sheet_names(), vec!["Lot 1"]);
        let g = book.grid("Lot 1");
        assert_eq!(g.get(0, 0), Value::Text("12  500\n€ & HT"));
        assert_eq!(g.get(0, 1), Value::Number(12.5));
        assert_eq!(g.get(0, 2), Value::Date("2024-01-02"));
        assert_eq!(g.get(0, 3), Value::Bool(true));
        assert_eq!(g.get(0, 4), Value::Error("#DIV/0!"));
        assert_eq!(g.formula_without_value(0, 5), Some("[.B1]*2"));
        assert_eq!(g.get(0, 6), Value::Text("direct"));
    }

    #[test]
    fn repeats_place_cells_and_zero_stands_for_nothing() {
        let mut book = read(
            r#"<table:table table:name="S"><table:table-column table:number-columns-repeated="2"/><table:table-column table:visibility="collapse"/><table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="0" office:value-type="float" office:value="9"/><table:table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="2"/></table:table-row><table:table-row table:number-rows-repeated="0"><table:table-cell office:value-type="float" office:value="5"/></table:table-row><table:table-row><table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="2" office:value-type="float" office:value="3"/></table:table-row></table:table>"#,
        )
        .unwrap();
        let g = book.grid("S");
        let used: Vec<_> = g.used().collect();
        assert_eq!(
            used,
            vec![
                (0, 2, Value::Number(1.0)),
                (0, 3, Value::Number(1.0)),
                (1, 2, Value::Number(1.0)),
                (1, 3, Value::Number(1.0)),
                (2, 0, Value::Number(3.0)),
            ]
        );
        assert!(g.is_hidden_column(2) && !g.is_hidden_column(1));
        assert_eq!(g.get(3, 1), Value::Number(3.0));
    }

    #[test]
    fn runs_past_the_limits_are_refused_before_they_are_expanded() {
        let far_rows = r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="float" office:value="1"/></table:table-row></table:table>"#;
        assert!(
            matches!(read(far_rows), Err(ReadError::TooLarge(OverLimit::Extent { ref cell, .. })) if cell == "A1000000")
        );
        let far_cols = r#"<table:table table:name="S"><table:table-row><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="18446744073709551615"/></table:table-row></table:table>"#;
        assert!(matches!(
            read(far_cols),
            Err(ReadError::TooLarge(OverLimit::Extent { .. }))
        ));
        let many = r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="9000"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="100"/></table:table-row></table:table>"#;
        assert!(matches!(
            read(many),
            Err(ReadError::TooLarge(OverLimit::Cells { .. }))
        ));
        // The same runs in a sheet not asked for cost nothing.
        let bytes = content(many);
        let archive = package::open_archive(&bytes).unwrap();
        let book = OdsBook::open(&bytes, archive, &|_| false).unwrap();
        assert_eq!(book.sheet_names(), vec!["S"]);
    }

    #[test]
    fn a_span_of_zero_spans_its_own_cell() {
        // Found by reading the code for unchecked arithmetic on counts from the file:
        // `number-rows-spanned="0"` once underflowed.
        let mut book = read(
            r#"<table:table table:name="S"><table:table-row><table:table-cell table:number-rows-spanned="0" table:number-columns-spanned="2" office:value-type="float" office:value="4"/></table:table-row></table:table>"#,
        )
        .unwrap();
        let g = book.grid("S");
        assert_eq!(g.get(0, 0), Value::Number(4.0));
        assert_eq!(g.get(0, 1), Value::Number(4.0));
        assert_eq!(g.get(1, 0), Value::Empty);
    }

    #[test]
    fn bad_counts_are_damage() {
        let bad = r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="-1"/></table:table>"#;
        assert!(matches!(
            read(bad),
            Err(ReadError::Damaged(d)) if d.problem == DamageKind::BadValue { field: Field::RepeatCount, found: "-1".into() }
        ));
        let spaces = r#"<table:table table:name="S"><table:table-row><table:table-cell office:value-type="string"><text:p><text:s text:c="99999999999"/></text:p></table:table-cell></table:table-row></table:table>"#;
        assert!(matches!(read(spaces), Err(ReadError::Damaged(_))));
    }
}
