//! Office Open XML workbooks (.xlsx, .xlsm), read by this program from the parts of the
//! archive with the XML parser.
//!
//! Each part is inflated once, whole, into one buffer that serves the whole workbook
//! (never more than it declares, itself within the limits), and parsed where it lies:
//! the parser lends each element from those bytes instead of copying it. Each sheet's
//! cells go into a [`Grid`] that checks them against the limits one by one, so what is
//! kept follows what the file holds. The same pass finds what the spreadsheet library
//! would not report, or only at the cost of a second parse: hidden columns (`<cols>`)
//! and merged areas (`<mergeCells>`).
//!
//! Values are read as the format defines them (ECMA-376 part 1, §18.3.1.4 and
//! §18.3.1.96): shared strings by index, inline strings, numbers, booleans, error values
//! (`#REF!`), dates (a number whose style has a date format, or an ISO text), and a
//! formula's cached result; a formula saved without one is kept as such, never read as
//! empty or 0.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use quick_xml::events::{BytesStart, Event};

use super::error::{Damage, DamageKind, Field, ReadError, XmlProblem};
use super::grid::{Grid, GridBuilder, Stored, push_merged};
use super::package::{self, Archive, Inflater, LIMITS, or_empty};
use super::xml::{Local, Part, Source};

const WORKBOOK: &str = "xl/workbook.xml";
const WORKBOOK_RELS: &str = "xl/_rels/workbook.xml.rels";

/// A workbook's sheets, shared strings and date styles, ready to read its sheets.
pub struct XlsxBook<'a> {
    bytes: &'a [u8],
    archive: Archive<'a>,
    inflater: Inflater,
    /// The part being read, inflated.
    buffer: Vec<u8>,
    /// (name, archive path), in the workbook's order.
    sheets: Vec<(String, String)>,
    shared: Arc<[Box<str>]>,
    /// Whether each cell format (`s="…"`) shows a date or time.
    date_styles: Vec<bool>,
}

impl<'a> XlsxBook<'a> {
    /// Opens a workbook whose archive [`package::inspect_file`] checked.
    pub fn open(bytes: &'a [u8], archive: Archive<'a>) -> Result<Self, ReadError> {
        let mut book = XlsxBook {
            bytes,
            archive,
            inflater: Inflater::default(),
            buffer: Vec::new(),
            sheets: Vec::new(),
            shared: Arc::from(Vec::new()),
            date_styles: Vec::new(),
        };
        let workbook = book
            .part(WORKBOOK)?
            .ok_or_else(|| ReadError::from(Damage::in_part(WORKBOOK, DamageKind::MissingPart)))?;
        let rels = match book.load(WORKBOOK_RELS)? {
            true => relationships(&book.buffer)?,
            false => BTreeMap::new(),
        };
        book.sheets = sheets(&workbook, &rels)?;
        let part_of = |kind: &str, default: &str| {
            rels.values()
                .find(|(t, _)| t.rsplit('/').next() == Some(kind))
                .map_or_else(|| default.to_owned(), |(_, target)| target.clone())
        };
        if book.load(&part_of("sharedStrings", "xl/sharedStrings.xml"))? {
            book.shared = Arc::from(shared_strings(&book.buffer)?);
        }
        if book.load(&part_of("styles", "xl/styles.xml"))? {
            book.date_styles = date_styles(&book.buffer)?;
        }
        Ok(book)
    }

    /// A part inflated whole; `None` when the archive has none of that name.
    fn part(&mut self, name: &str) -> Result<Option<Vec<u8>>, ReadError> {
        match package::entry(&mut self.archive, self.bytes, name)? {
            Some(entry) => self.inflater.whole(self.bytes, &entry).map(Some),
            None => Ok(None),
        }
    }

    /// Inflates a part whole into [`Self::buffer`]; `false` when the archive has none of
    /// that name.
    fn load(&mut self, name: &str) -> Result<bool, ReadError> {
        match package::entry(&mut self.archive, self.bytes, name)? {
            Some(entry) => {
                let inflated = self
                    .inflater
                    .whole_into(self.bytes, &entry, &mut self.buffer);
                inflated.map(|()| true)
            }
            None => Ok(false),
        }
    }

    pub fn sheet_names(&self) -> Vec<String> {
        self.sheets.iter().map(|(n, _)| n.clone()).collect()
    }

    /// A sheet's filled cells, hidden columns and merged areas.
    pub fn grid(&mut self, name: &str) -> Result<Grid, ReadError> {
        let Some((_, path)) = self.sheets.iter().find(|(n, _)| n == name) else {
            return Ok(Grid::default());
        };
        let path = path.clone();
        if !self.load(&path)? {
            return Err(Damage::in_part(&path, DamageKind::MissingPart).into());
        }
        SheetReader {
            part: Part::new(&path, &self.buffer[..]),
            // A filled cell takes some 40 bytes of XML (`<c r="D11" s="9"><v>103</v>
            // </c>`) and a sheet holds more than cells: room for one per 64 bytes.
            builder: GridBuilder::new(name)
                .with_shared(Arc::clone(&self.shared))
                .with_room(self.buffer.len() / 64),
            date_styles: &self.date_styles,
            shared_count: self.shared.len(),
            masters: BTreeMap::new(),
            value: String::new(),
            inner: Vec::new(),
        }
        .read()
    }
}

/// The relationships of a part: id → (type, resolved target).
fn relationships(xml: &[u8]) -> Result<BTreeMap<String, (String, String)>, ReadError> {
    let mut part = Part::new(WORKBOOK_RELS, xml);
    let mut out = BTreeMap::new();
    let mut buf = Vec::new();
    loop {
        match part.next(&mut buf)? {
            Event::Start(e) | Event::Empty(e) if e.local() == "Relationship" => {
                let [id, kind, target, mode] =
                    part.attributes(&e, ["Id", "Type", "Target", "TargetMode"])?;
                if mode.as_deref() == Some("External") {
                    continue;
                }
                if let (Some(id), Some(target)) = (id, target) {
                    let target = package::resolve_target("xl", &target);
                    out.insert(id.into_owned(), (or_empty(kind).into_owned(), target));
                }
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// The sheets a workbook lists, with the archive path of each one's part.
fn sheets(
    workbook: &[u8],
    rels: &BTreeMap<String, (String, String)>,
) -> Result<Vec<(String, String)>, ReadError> {
    let mut part = Part::new(WORKBOOK, workbook);
    let mut out = Vec::new();
    let mut buf = Vec::new();
    loop {
        match part.next(&mut buf)? {
            Event::Start(e) | Event::Empty(e) if e.local() == "sheet" => {
                // `r:id`, whatever the relationships namespace's prefix.
                let [name, id] = part.attributes(&e, ["name", "id"])?;
                if let (Some(name), Some((_, target))) =
                    (name, id.and_then(|id| rels.get(id.as_ref())))
                {
                    out.push((name.into_owned(), target.clone()));
                }
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// The sheets of an xlsx workbook and the archive path of each one's part, from the
/// workbook's and its relationships' XML.
pub fn sheet_paths(workbook: &[u8], rels: &[u8]) -> Result<Vec<(String, String)>, ReadError> {
    sheets(workbook, &relationships(rels)?)
}

/// Text of a `<t>` element, trimmed of ASCII blanks unless it preserves spaces (as Excel
/// shows it), with the format's `_xHHHH_` escapes resolved.
fn string_item<R: Source>(
    part: &mut Part<'_, R>,
    e: &BytesStart<'_>,
    texts: &mut Texts,
) -> Result<(), ReadError> {
    let preserve = part.attribute(e, "space")?.as_deref() == Some("preserve");
    let Texts { out, item: text } = texts;
    text.clear();
    part.text(text)?;
    let text = if preserve {
        text.as_str()
    } else {
        text.trim_matches([' ', '\t', '\r', '\n'])
    };
    out.push_str(&unescape_ooxml(text));
    Ok(())
}

/// The text of a rich string being read, and of its current `<t>` item: two buffers
/// that serve every string of a table.
#[derive(Default)]
struct Texts {
    out: String,
    item: String,
}

/// A rich or plain string (`<si>`, `<is>`): its `<t>` texts, phonetic runs left out.
fn rich_string<R: Source>(
    part: &mut Part<'_, R>,
    buf: &mut Vec<u8>,
    texts: &mut Texts,
) -> Result<Box<str>, ReadError> {
    texts.out.clear();
    let mut depth = 0u32;
    let mut phonetic = 0u32;
    loop {
        match part.next(buf)? {
            Event::Start(e) => match e.local() {
                "t" if phonetic == 0 => string_item(part, &e, texts)?,
                name => {
                    if name == "rPh" {
                        phonetic = phonetic.saturating_add(1);
                    }
                    depth = depth.saturating_add(1);
                }
            },
            Event::End(_) if depth == 0 => return Ok(Box::from(texts.out.as_str())),
            Event::End(e) => {
                if e.local() == "rPh" {
                    phonetic = phonetic.saturating_sub(1);
                }
                depth -= 1;
            }
            Event::Eof => return Err(part.damage(DamageKind::Xml(XmlProblem::Mismatched))),
            _ => {}
        }
    }
}

/// The shared strings table (`xl/sharedStrings.xml`).
fn shared_strings(xml: &[u8]) -> Result<Vec<Box<str>>, ReadError> {
    let mut part = Part::new("xl/sharedStrings.xml", xml);
    let mut out = Vec::new();
    let (mut buf, mut inner) = (Vec::new(), Vec::new());
    let mut texts = Texts::default();
    loop {
        match part.next(&mut buf)? {
            Event::Start(e) if e.local() == "si" => {
                out.push(rich_string(&mut part, &mut inner, &mut texts)?);
            }
            Event::Empty(e) if e.local() == "si" => out.push("".into()),
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// Resolves the format's escapes of characters XML cannot hold (`_x000D_`, and
/// `_x005F_` for `_` itself); a lone surrogate becomes U+FFFD.
fn unescape_ooxml(text: &str) -> Cow<'_, str> {
    fn unit(s: &str, at: usize) -> Option<u16> {
        let escape = s.get(at..at + 7)?;
        let hex = escape.strip_prefix("_x")?.strip_suffix('_')?;
        if hex.len() != 4 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u16::from_str_radix(hex, 16).ok()
    }
    if !text.contains("_x") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while at < text.len() {
        let Some(u) = unit(text, at) else {
            let c = text[at..].chars().next().unwrap_or('\u{FFFD}');
            out.push(c);
            at += c.len_utf8().max(1);
            continue;
        };
        at += 7;
        let c = match u {
            0xD800..=0xDBFF => match unit(text, at) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    at += 7;
                    char::from_u32(
                        0x10000 + ((u32::from(u) - 0xD800) << 10) + (u32::from(low) - 0xDC00),
                    )
                }
                _ => None,
            },
            _ => char::from_u32(u32::from(u)),
        };
        out.push(c.unwrap_or('\u{FFFD}'));
    }
    Cow::Owned(out)
}

/// Whether a number format shows a date or time: the built-in ones (ECMA-376 part 1,
/// §18.8.30), or a custom code with date or time tokens in its first section, outside
/// quotes, escapes and brackets (`[h]` counts: a duration).
fn is_date_format(id: u32, custom: Option<&str>) -> bool {
    if let Some(code) = custom {
        return is_date_code(code);
    }
    matches!(id, 14..=22 | 27..=36 | 45..=47 | 50..=58)
}

fn is_date_code(code: &str) -> bool {
    let mut escaped = false;
    let mut quoted = false;
    let mut brackets = 0u32;
    let mut previous = ' ';
    let mut elapsed = false;
    let mut am_pm = false;
    for c in code.chars() {
        if escaped {
            escaped = false;
        } else if quoted {
            quoted = c != '"';
        } else {
            match c {
                // The next character is a literal (`\`), a width (`_`) or a fill (`*`).
                '\\' | '_' | '*' => escaped = true,
                '"' => quoted = true,
                // Only the first section (positive numbers) counts.
                ';' => return false,
                '[' => brackets = brackets.saturating_add(1),
                // `[h]`, `[mm]`, `[ss]`: elapsed time.
                ']' if brackets == 1 && elapsed => return true,
                ']' => brackets = brackets.saturating_sub(1),
                'a' | 'A' if brackets == 0 && !am_pm => am_pm = true,
                'p' | 'P' | 'm' | 'M' | '/' if brackets == 0 && am_pm => return true,
                'd' | 'D' | 'm' | 'M' | 'h' | 'H' | 'y' | 'Y' | 's' | 'S'
                    if brackets == 0 && !am_pm =>
                {
                    return true;
                }
                _ => {
                    if !(elapsed && c.eq_ignore_ascii_case(&previous)) {
                        elapsed =
                            previous == '[' && matches!(c.to_ascii_lowercase(), 'h' | 'm' | 's');
                    }
                }
            }
        }
        previous = c;
    }
    false
}

/// For each cell format of `xl/styles.xml` (`<cellXfs>`), whether it shows a date.
fn date_styles(xml: &[u8]) -> Result<Vec<bool>, ReadError> {
    let mut part = Part::new("xl/styles.xml", xml);
    let mut custom: BTreeMap<u32, String> = BTreeMap::new();
    let mut formats: Vec<u32> = Vec::new();
    let mut in_cell_xfs = false;
    let mut buf = Vec::new();
    loop {
        match part.next(&mut buf)? {
            Event::Start(e) | Event::Empty(e) => match e.local() {
                "numFmt" => {
                    let [id, code] = part.attributes(&e, ["numFmtId", "formatCode"])?;
                    if let (Some(id), Some(code)) = (id.and_then(|i| i.parse().ok()), code) {
                        custom.insert(id, code.into_owned());
                    }
                }
                "cellXfs" => in_cell_xfs = true,
                "xf" if in_cell_xfs => {
                    let id = part.attribute(&e, "numFmtId")?;
                    formats.push(id.and_then(|i| i.parse().ok()).unwrap_or(0));
                }
                _ => {}
            },
            Event::End(e) if e.local() == "cellXfs" => in_cell_xfs = false,
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(formats
        .into_iter()
        .map(|id| is_date_format(id, custom.get(&id).map(String::as_str)))
        .collect())
}

/// A cell reference (`B7`), zero-based, as wide as a file may write it; `None` when it
/// is not one. Read byte by byte: every cell of every sheet has one.
fn cell_reference(text: &str) -> Option<(u64, u64)> {
    let bytes = text.as_bytes();
    let split = bytes.iter().position(u8::is_ascii_digit)?;
    let (letters, digits) = bytes.split_at(split);
    if letters.is_empty() || letters.len() > 7 || digits.len() > 15 {
        return None;
    }
    // At most 7 letters and 15 digits: both fit in u64.
    let mut col: u64 = 0;
    for &c in letters {
        if !c.is_ascii_alphabetic() {
            return None;
        }
        col = col * 26 + u64::from(c.to_ascii_uppercase() - b'A' + 1);
    }
    let mut row: u64 = 0;
    for &d in digits {
        if !d.is_ascii_digit() {
            return None;
        }
        row = row * 10 + u64::from(d - b'0');
    }
    Some((row.checked_sub(1)?, col - 1))
}

/// A merged area (`A1:C2`), clipped to the area read.
fn merge_area(text: &str) -> Option<(u32, u32, u32, u32)> {
    let (a, b) = text.split_once(':')?;
    let (r0, c0) = cell_reference(a)?;
    let (r1, c1) = cell_reference(b)?;
    let last_row = u64::from(LIMITS.rows - 1);
    let last_col = u64::from(LIMITS.columns - 1);
    if r0 > r1 || c0 > c1 || r0 > last_row || c0 > last_col {
        return None;
    }
    // Within the limits, every figure fits in u32.
    Some((
        r0 as u32,
        c0 as u32,
        r1.min(last_row) as u32,
        c1.min(last_col) as u32,
    ))
}

/// The worksheet's elements that its schema places after `<mergeCells>`.
const AFTER_MERGE_CELLS: [&str; 24] = [
    "phoneticPr",
    "conditionalFormatting",
    "dataValidations",
    "hyperlinks",
    "printOptions",
    "pageMargins",
    "pageSetup",
    "headerFooter",
    "rowBreaks",
    "colBreaks",
    "customProperties",
    "cellWatches",
    "ignoredErrors",
    "smartTags",
    "drawing",
    "legacyDrawing",
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
];

/// A shared formula's first cell and text, which the cells sharing it shift.
struct Master {
    row: u64,
    col: u64,
    text: String,
}

/// A cell's type (`t="…"`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum CellType {
    Number,
    Shared,
    Formula,
    Inline,
    Boolean,
    Error,
    Date,
}

/// What a `<c>` element holds besides its `<v>` (kept in [`SheetReader::value`]).
#[derive(Default)]
struct CellXml {
    has_value: bool,
    inline: Option<Box<str>>,
    formula: Option<String>,
}

struct SheetReader<'p, 's, R> {
    part: Part<'p, R>,
    builder: GridBuilder<'s>,
    date_styles: &'s [bool],
    shared_count: usize,
    masters: BTreeMap<String, Master>,
    /// The current cell's `<v>` text (one buffer for all cells).
    value: String,
    /// Events inside a cell.
    inner: Vec<u8>,
}

impl<R: Source> SheetReader<'_, '_, R> {
    fn read(&mut self) -> Result<Grid, ReadError> {
        let mut hidden = Vec::new();
        let mut buf = Vec::new();
        loop {
            match self.part.next(&mut buf)? {
                Event::Start(e) | Event::Empty(e) if e.local() == "col" => {
                    self.hidden_columns(&e, &mut hidden)?;
                }
                Event::Start(e) if e.local() == "sheetData" => {
                    self.cells(&mut buf)?;
                    break;
                }
                Event::Empty(e) if e.local() == "sheetData" => break,
                Event::Eof => break,
                _ => {}
            }
        }
        let merged = self.merged_areas(&mut buf)?;
        let builder = std::mem::replace(&mut self.builder, GridBuilder::new(""));
        Ok(builder
            .finish()
            .with_hidden_columns(hidden)
            .with_merged(merged))
    }

    fn hidden_columns(&self, e: &BytesStart<'_>, hidden: &mut Vec<u32>) -> Result<(), ReadError> {
        let [min, max, is_hidden] = self.part.attributes(e, ["min", "max", "hidden"])?;
        if !matches!(is_hidden.as_deref(), Some("1" | "true")) {
            return Ok(());
        }
        let min: Option<u32> = min.and_then(|m| m.parse().ok());
        let max: Option<u32> = max.and_then(|m| m.parse().ok());
        if let (Some(min), Some(max)) = (min, max) {
            // One-based; a range past the limit is cut.
            hidden.extend((min.max(1)..=max.min(LIMITS.columns)).map(|c| c - 1));
        }
        Ok(())
    }

    /// The merged areas, after the cells. The worksheet's elements come in the order
    /// its schema fixes (ECMA-376 part 1, §18.3.1.99, an `xsd:sequence`): once an
    /// element that follows `<mergeCells>` is met, there are none, and the rest of the
    /// part (data validations, page setup…) is not parsed.
    fn merged_areas(&mut self, buf: &mut Vec<u8>) -> Result<Vec<(u32, u32, u32, u32)>, ReadError> {
        let mut merged = Vec::new();
        loop {
            match self.part.next(buf)? {
                Event::Start(e) | Event::Empty(e) if AFTER_MERGE_CELLS.contains(&e.local()) => {
                    return Ok(merged);
                }
                Event::Start(e) | Event::Empty(e) if e.local() == "mergeCell" => {
                    if let Some(area) = self
                        .part
                        .attribute(&e, "ref")?
                        .as_deref()
                        .and_then(merge_area)
                    {
                        push_merged(&mut merged, area, self.builder.sheet())?;
                    }
                }
                Event::End(e) if e.local() == "mergeCells" => return Ok(merged),
                Event::Eof => return Ok(merged),
                _ => {}
            }
        }
    }

    /// `<sheetData>`: rows and cells, placed by their references or, without one, after
    /// the previous row or cell.
    fn cells(&mut self, buf: &mut Vec<u8>) -> Result<(), ReadError> {
        let (mut row, mut col) = (0u64, 0u64);
        loop {
            // Each element's name is looked at once: this loop sees every cell.
            let (e, empty) = match self.part.next(buf)? {
                Event::Start(e) => (e, false),
                Event::Empty(e) => (e, true),
                Event::End(e) => {
                    match e.local() {
                        "row" => (row, col) = (row.saturating_add(1), 0),
                        "sheetData" => return Ok(()),
                        _ => {}
                    }
                    continue;
                }
                Event::Eof => {
                    return Err(self.part.damage(DamageKind::Xml(XmlProblem::Mismatched)));
                }
                _ => continue,
            };
            match e.local() {
                "c" => {
                    (row, col) = self.cell(&e, (row, col), empty)?;
                    col = col.saturating_add(1);
                }
                "row" => {
                    row = self.row_number(&e)?.unwrap_or(row);
                    // A row without cells (`<row r="3"/>`) is over at once.
                    (row, col) = (if empty { row.saturating_add(1) } else { row }, 0);
                }
                _ => {}
            }
        }
    }

    /// A row's number (`r="7"`), zero-based, when it gives one.
    fn row_number(&self, e: &BytesStart<'_>) -> Result<Option<u64>, ReadError> {
        match self.part.attribute(e, "r")? {
            None => Ok(None),
            Some(r) => r
                .parse::<u64>()
                .ok()
                .and_then(|r| r.checked_sub(1))
                .map(Some)
                .ok_or_else(|| self.bad(Field::RowNumber, &r)),
        }
    }

    fn bad(&self, field: Field, found: &str) -> ReadError {
        self.part.damage(DamageKind::BadValue {
            field,
            found: found.chars().take(40).collect(),
        })
    }

    /// One `<c>` element: its place, and its value stored.
    fn cell(
        &mut self,
        e: &BytesStart<'_>,
        at: (u64, u64),
        empty: bool,
    ) -> Result<(u64, u64), ReadError> {
        let [reference, style, kind] = self.part.attributes(e, ["r", "s", "t"])?;
        let (row, col) = match reference {
            Some(r) => cell_reference(&r).ok_or_else(|| self.bad(Field::CellReference, &r))?,
            None => at,
        };
        if empty {
            return Ok((row, col));
        }
        let typed = kind.is_some();
        let kind = match kind.as_deref() {
            None | Some("n") => CellType::Number,
            Some("s") => CellType::Shared,
            Some("str") => CellType::Formula,
            Some("inlineStr") => CellType::Inline,
            Some("b") => CellType::Boolean,
            Some("e") => CellType::Error,
            Some("d") => CellType::Date,
            Some(other) => return Err(self.bad(Field::CellType, other)),
        };
        // Only a number's style can make it a date.
        let date = kind == CellType::Number
            && style
                .and_then(|s| s.parse::<usize>().ok())
                .and_then(|s| self.date_styles.get(s))
                == Some(&true);
        let content = self.cell_content((row, col))?;
        if let Some(stored) = self.stored(kind, typed, date, content)? {
            self.builder.push(row, col, stored)?;
        }
        Ok((row, col))
    }

    /// The children of a `<c>` element: `<v>` (into [`Self::value`]), `<f>`, `<is>`.
    fn cell_content(&mut self, (row, col): (u64, u64)) -> Result<CellXml, ReadError> {
        let mut cell = CellXml::default();
        self.value.clear();
        let mut buf = std::mem::take(&mut self.inner);
        let result = loop {
            let event = match self.part.next(&mut buf) {
                Ok(event) => event,
                Err(e) => break Err(e),
            };
            let step = match event {
                Event::Start(e) => match e.local() {
                    "v" => {
                        cell.has_value = true;
                        let mut value = std::mem::take(&mut self.value);
                        let read = self.part.text(&mut value);
                        self.value = value;
                        read
                    }
                    "is" => {
                        let mut inner = Vec::new();
                        let mut texts = Texts::default();
                        rich_string(&mut self.part, &mut inner, &mut texts)
                            .map(|s| cell.inline = Some(s))
                    }
                    "f" => self
                        .formula_element(&e, false, (row, col))
                        .map(|f| cell.formula = Some(f)),
                    _ => self.part.text(&mut String::new()),
                },
                Event::Empty(e) if e.local() == "f" => {
                    self.formula_element(&e, true, (row, col)).map(|f| {
                        if !f.is_empty() {
                            cell.formula = Some(f);
                        }
                    })
                }
                Event::End(_) => break Ok(cell),
                Event::Eof => break Err(self.part.damage(DamageKind::Xml(XmlProblem::Mismatched))),
                _ => Ok(()),
            };
            if let Err(e) = step {
                break Err(e);
            }
        };
        self.inner = buf;
        result
    }

    /// An `<f>` element's formula: its own text, or a shared formula's, shifted from its
    /// first cell.
    fn formula_element(
        &mut self,
        e: &BytesStart<'_>,
        empty: bool,
        at: (u64, u64),
    ) -> Result<String, ReadError> {
        let [t, si] = self.part.attributes(e, ["t", "si"])?;
        let shared = (t.as_deref() == Some("shared")).then(|| or_empty(si).into_owned());
        let mut text = String::new();
        if !empty {
            self.part.text(&mut text)?;
        }
        Ok(self.formula(shared, text, at))
    }

    /// A formula's text: its own, or a shared formula's, shifted from its first cell.
    fn formula(&mut self, shared: Option<String>, text: String, (row, col): (u64, u64)) -> String {
        let Some(si) = shared else { return text };
        if !text.is_empty() {
            self.masters.insert(
                si,
                Master {
                    row,
                    col,
                    text: text.clone(),
                },
            );
            return text;
        }
        match self.masters.get(&si) {
            // Rows and columns come from at most 15 digits and 7 letters: the
            // differences fit in i64.
            Some(m) => shift_formula(
                &m.text,
                row as i64 - m.row as i64,
                col as i64 - m.col as i64,
            ),
            None => text,
        }
    }

    /// The value a cell's type and content give.
    fn stored(
        &self,
        kind: CellType,
        typed: bool,
        date: bool,
        cell: CellXml,
    ) -> Result<Option<Stored>, ReadError> {
        let CellXml {
            has_value,
            inline,
            formula,
        } = cell;
        let v = self.value.as_str();
        // Trimmed once: every cell with a value goes through here.
        let trimmed = v.trim();
        let stored = match kind {
            CellType::Inline => inline.map(Stored::Text),
            _ if !has_value => None,
            CellType::Shared if trimmed.is_empty() => None,
            CellType::Shared => {
                let index = trimmed
                    .parse::<u32>()
                    .ok()
                    .filter(|i| (*i as usize) < self.shared_count)
                    .ok_or_else(|| self.bad(Field::SharedString, v))?;
                Some(Stored::Shared(index))
            }
            CellType::Formula => Some(Stored::Text(unescape_ooxml(v).into())),
            CellType::Boolean => Some(match trimmed {
                "1" | "true" => Stored::Bool(true),
                "0" | "false" => Stored::Bool(false),
                _ => Stored::Text(v.into()),
            }),
            CellType::Error => Some(Stored::Error(trimmed.into())),
            CellType::Date => Some(Stored::Date(trimmed.into())),
            CellType::Number if trimmed.is_empty() => None,
            CellType::Number => match trimmed.parse::<f64>() {
                Ok(_) if date => Some(Stored::Date(trimmed.into())),
                Ok(n) => Some(Stored::Number(n)),
                // Without a type, a value that is not a number is a text.
                Err(_) if !typed => Some(Stored::Text(v.into())),
                Err(_) => return Err(self.bad(Field::Number, v)),
            },
        };
        Ok(match (stored, formula) {
            (Some(s), _) => Some(s),
            (None, Some(f)) => Some(Stored::FormulaWithoutValue(f.into())),
            (None, None) => None,
        })
    }
}

/// Shifts the relative references of a formula (`B6`, `$B6`, `B$6`; not `$B$6`) by the
/// given rows and columns, as a spreadsheet does when a shared formula fills other
/// cells. Text in quotes, sheet names and function names are left alone.
fn shift_formula(formula: &str, rows: i64, cols: i64) -> String {
    let bytes = formula.as_bytes();
    let mut out = String::with_capacity(formula.len());
    let mut at = 0;
    while at < bytes.len() {
        let c = bytes[at];
        if c == b'"' || c == b'\'' {
            let end = formula[at + 1..]
                .find(c as char)
                .map_or(bytes.len(), |e| at + 1 + e + 1);
            out.push_str(&formula[at..end]);
            at = end;
            continue;
        }
        let boundary = at == 0
            || !(bytes[at - 1].is_ascii_alphanumeric() || matches!(bytes[at - 1], b'_' | b'.'));
        if boundary && let Some((len, text)) = shifted_reference(&formula[at..], rows, cols) {
            out.push_str(&text);
            at += len;
            continue;
        }
        let ch = formula[at..].chars().next().unwrap_or('\u{FFFD}');
        out.push(ch);
        at += ch.len_utf8();
    }
    out
}

/// A cell reference at the start of `text`, shifted: its length and new text.
fn shifted_reference(text: &str, rows: i64, cols: i64) -> Option<(usize, String)> {
    let b = text.as_bytes();
    let mut at = 0;
    let col_fixed = b.first() == Some(&b'$');
    if col_fixed {
        at += 1;
    }
    let letters_start = at;
    while at < b.len() && b[at].is_ascii_alphabetic() && at - letters_start < 3 {
        at += 1;
    }
    let letters = &text[letters_start..at];
    if letters.is_empty() {
        return None;
    }
    let row_fixed = b.get(at) == Some(&b'$');
    if row_fixed {
        at += 1;
    }
    let digits_start = at;
    while at < b.len() && b[at].is_ascii_digit() && at - digits_start < 7 {
        at += 1;
    }
    let digits = &text[digits_start..at];
    // A name or function (`SUM(`, `A1B`) is not a reference.
    if digits.is_empty()
        || b.get(at)
            .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'('))
    {
        return None;
    }
    let (row, col) = cell_reference(&format!("{letters}{digits}"))?;
    let row = if row_fixed {
        row as i64
    } else {
        row as i64 + rows
    };
    let col = if col_fixed {
        col as i64
    } else {
        col as i64 + cols
    };
    if row < 0 || col < 0 {
        return None;
    }
    let col_text = crate::source::CellRef::column_letters(u32::try_from(col).ok()?);
    Some((
        at,
        format!(
            "{}{col_text}{}{}",
            if col_fixed { "$" } else { "" },
            if row_fixed { "$" } else { "" },
            row + 1
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bpu::grid::Value;

    fn sheet(data: &str) -> Result<Grid, ReadError> {
        sheet_with(data, &[], Arc::from(Vec::new()))
    }

    fn sheet_with(data: &str, dates: &[bool], shared: Arc<[Box<str>]>) -> Result<Grid, ReadError> {
        let xml = format!(
            r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{data}</worksheet>"#
        );
        let count = shared.len();
        SheetReader {
            part: Part::new("xl/worksheets/sheet1.xml", xml.as_bytes()),
            builder: GridBuilder::new("Lot 1").with_shared(shared),
            date_styles: dates,
            shared_count: count,
            masters: BTreeMap::new(),
            value: String::new(),
            inner: Vec::new(),
        }
        .read()
    }

    #[test]
    fn cells_of_every_type() {
        let shared: Arc<[Box<str>]> = Arc::from(vec![Box::<str>::from("Code")]);
        let g = sheet_with(
            r#"<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><r><t> 12 </t></r><r><t xml:space="preserve"> 500 €</t></r><rPh><t>x</t></rPh></is></c>
            <c r="C1" t="b"><v>1</v></c><c r="D1" t="e"><v>#REF!</v></c><c r="E1" s="1"><v>45000</v></c><c r="F1"><v>12.5</v></c>
            <c r="G1"><f>B1*2</f></c><c r="H1" t="str"><f>"a"</f><v>a&amp;b</v></c><c r="I1" t="d"><v>2024-01-02</v></c></row></sheetData>"#,
            &[false, true],
            shared,
        )
        .unwrap();
        assert_eq!(g.get(0, 0), Value::Text("Code"));
        assert_eq!(g.get(0, 1), Value::Text("12 500 €"));
        assert_eq!(g.get(0, 2), Value::Bool(true));
        assert_eq!(g.get(0, 3), Value::Error("#REF!"));
        assert_eq!(g.get(0, 4), Value::Date("45000"));
        assert_eq!(g.get(0, 5), Value::Number(12.5));
        assert_eq!(g.get(0, 6), Value::Empty);
        assert_eq!(g.formula_without_value(0, 6), Some("B1*2"));
        assert_eq!(g.get(0, 7), Value::Text("a&b"));
        assert_eq!(g.get(0, 8), Value::Date("2024-01-02"));
    }

    #[test]
    fn cell_references_as_wide_as_a_file_may_write_them() {
        assert_eq!(cell_reference("A1"), Some((0, 0)));
        assert_eq!(cell_reference("b7"), Some((6, 1)));
        // XFD = 24 × 26² + 6 × 26 + 4 = 16 384th column.
        assert_eq!(cell_reference("XFD1048576"), Some((1_048_575, 16_383)));
        // Seven A's: 26⁶ + 26⁵ + … + 1 = (26⁷ − 1) / 25 = 321 272 407th column.
        assert_eq!(cell_reference("AAAAAAA1"), Some((0, 321_272_406)));
        assert_eq!(
            cell_reference("A999999999999999"),
            Some((999_999_999_999_998, 0))
        );
        for bad in [
            "",
            "A",
            "1",
            "1A",
            "A0",
            "A1B",
            "A 1",
            "A+1",
            "é1",
            "AAAAAAAA1",
            "A1234567890123456",
        ] {
            assert_eq!(cell_reference(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn cells_without_references_follow_each_other() {
        let g = sheet(r#"<sheetData><row><c><v>1</v></c><c><v>2</v></c></row><row r="4"><c r="C4"><v>3</v></c><c><v>4</v></c></row><row><c><v>5</v></c></row></sheetData>"#).unwrap();
        let used: Vec<_> = g.used().collect();
        assert_eq!(
            used,
            vec![
                (0, 0, Value::Number(1.0)),
                (0, 1, Value::Number(2.0)),
                (3, 2, Value::Number(3.0)),
                (3, 3, Value::Number(4.0)),
                (4, 0, Value::Number(5.0)),
            ]
        );
    }

    #[test]
    fn hidden_columns_and_merged_areas() {
        let g = sheet(
            r#"<cols><col min="2" max="3" hidden="1"/><col hidden="true" max="5" min="5"/><col min="6" max="6"/></cols><sheetData><row r="2"><c r="B2"><v>7</v></c></row></sheetData><sheetProtection sheet="1"/><mergeCells count="1"><mergeCell ref="B2:D3"/></mergeCells><dataValidations><dataValidation sqref="A1"/></dataValidations><pageMargins left="0.7"/>"#,
        )
        .unwrap();
        assert!(!g.is_hidden_column(0));
        assert!(g.is_hidden_column(1) && g.is_hidden_column(2) && g.is_hidden_column(4));
        assert!(!g.is_hidden_column(5));
        assert_eq!(g.get(2, 3), Value::Number(7.0));
    }

    #[test]
    fn too_many_merged_areas_are_refused() {
        // Each cell looked up is checked against every merged area: their count is kept
        // small.
        let merges: String = (1..=1_001)
            .map(|r| format!(r#"<mergeCell ref="A{r}:B{r}"/>"#))
            .collect();
        let data = format!(r#"<sheetData/><mergeCells>{merges}</mergeCells>"#);
        assert!(matches!(
            sheet(&data),
            Err(ReadError::TooLarge(
                super::super::package::OverLimit::MergedAreas { limit: 1_000, .. }
            ))
        ));
    }

    #[test]
    fn a_cell_far_out_is_refused_while_streaming() {
        let r = sheet(
            r#"<sheetData><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>"#,
        );
        assert!(
            matches!(r, Err(ReadError::TooLarge(super::super::package::OverLimit::Extent { ref cell, .. })) if cell == "XFD1048576"),
            "{r:?}"
        );
        // A styled empty cell far out holds nothing: it is no cell.
        assert!(
            sheet(r#"<sheetData><row r="1048576"><c r="XFD1048576" s="1"/></row></sheetData>"#)
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn bad_values_are_damage_with_their_place() {
        for (data, field) in [
            (
                r#"<sheetData><row><c r="1A"><v>1</v></c></row></sheetData>"#,
                Field::CellReference,
            ),
            (r#"<sheetData><row r="0"/></sheetData>"#, Field::RowNumber),
            (
                r#"<sheetData><row r="x"><c><v>1</v></c></row></sheetData>"#,
                Field::RowNumber,
            ),
            (
                r#"<sheetData><row><c t="s"><v>3</v></c></row></sheetData>"#,
                Field::SharedString,
            ),
            (
                r#"<sheetData><row><c t="n"><v>abc</v></c></row></sheetData>"#,
                Field::Number,
            ),
            (
                r#"<sheetData><row><c t="zz"><v>1</v></c></row></sheetData>"#,
                Field::CellType,
            ),
        ] {
            match sheet(data) {
                Err(ReadError::Damaged(d)) => {
                    assert_eq!(d.part.as_deref(), Some("xl/worksheets/sheet1.xml"));
                    assert!(
                        matches!(d.problem, DamageKind::BadValue { field: f, .. } if f == field),
                        "{data}: {d:?}"
                    );
                }
                other => panic!("{data}: {other:?}"),
            }
        }
    }

    #[test]
    fn shared_strings_rich_and_escaped() {
        let xml = br#"<sst><si><t>  Lot 1  </t></si><si/><si><r><t>a</t></r><r><t xml:space="preserve"> b_x000D_</t></r></si><si><t>x_x005F_x000D_</t></si></sst>"#;
        let s = shared_strings(xml).unwrap();
        assert_eq!(
            s.iter().map(|s| &**s).collect::<Vec<_>>(),
            vec!["Lot 1", "", "a b\r", "x_x000D_"]
        );
    }

    #[test]
    fn date_formats() {
        assert!(is_date_format(14, None));
        assert!(!is_date_format(4, None));
        assert!(is_date_code("dd/mm/yyyy"));
        assert!(is_date_code("[h]:mm"));
        assert!(!is_date_code("#,##0.00\\ \"€\""));
        assert!(!is_date_code("[Red]#,##0"));
        assert!(!is_date_code("0.00;[Red]-0.00;\"d\""));
        assert!(!is_date_code("#,##0*y"));
        assert!(!is_date_code("General"));
        assert!(is_date_code("h:mm AM/PM"));
        assert!(is_date_code("[$-404]e\"\\xfc\"m"));
        assert!(!is_date_code("[>=100][Magenta].00"));
        let styles = br##"<styleSheet><numFmts><numFmt numFmtId="164" formatCode="#,##0.00&quot; &#8364;&quot;"/><numFmt numFmtId="165" formatCode="d/m/yy"/></numFmts><cellStyleXfs><xf numFmtId="14"/></cellStyleXfs><cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="14"/></cellXfs></styleSheet>"##;
        assert_eq!(date_styles(styles).unwrap(), vec![false, false, true, true]);
    }

    #[test]
    fn shared_formulas_are_shifted() {
        assert_eq!(
            shift_formula("B6*2+$C$1+SUM(A1:A3)&\"B6\"", 2, 1),
            "C8*2+$C$1+SUM(B3:B5)&\"B6\""
        );
        assert_eq!(
            shift_formula("'Lot 1'!B6+$B6+B$6", 1, 1),
            "'Lot 1'!C7+$B7+C$6"
        );
        let g = sheet(r#"<sheetData><row r="1"><c r="B1"><f t="shared" ref="B1:B3" si="0">A1*2</f></c></row><row r="3"><c r="B3"><f t="shared" si="0"/></c></row></sheetData>"#).unwrap();
        assert_eq!(g.formula_without_value(0, 1), Some("A1*2"));
        assert_eq!(g.formula_without_value(2, 1), Some("A3*2"));
    }

    #[test]
    fn workbook_sheets_in_any_attribute_order_and_quotes() {
        let wb = br#"<workbook xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet rel:id='rId2' name='Lot &#233;' sheetId="2"/><sheet name="Candidat" sheetId="1" rel:id="rId1"/></sheets></workbook>"#;
        let rels = br#"<Relationships><Relationship Target="worksheets/sheet1.xml" Id="rId1" Type="x/worksheet"/><Relationship Id='rId2' Target='/xl/worksheets/sheet2.xml' Type='x/worksheet'/></Relationships>"#;
        assert_eq!(
            sheet_paths(wb, rels).unwrap(),
            vec![
                ("Lot é".to_owned(), "xl/worksheets/sheet2.xml".to_owned()),
                ("Candidat".to_owned(), "xl/worksheets/sheet1.xml".to_owned())
            ]
        );
    }
}
