//! The workbook's cells: formats, values rounded at the places shown, bidder text as
//! text, sheet names Excel accepts, and the page and table set-up every sheet shares.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, FormatAlign, Worksheet, XlsxError};

use crate::exact::Exact;
use crate::money;
use crate::output::sanitize::printable;

pub struct Formats {
    pub title: Format,
    pub header: Format,
    pub label: Format,
    pub euro: Format,
    pub mark: Format,
    pub text: Format,
}

impl Formats {
    pub fn new() -> Formats {
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_border_bottom(rust_xlsxwriter::FormatBorder::Thin),
            label: Format::new().set_bold(),
            euro: Format::new()
                .set_num_format("#,##0.00\\ \"€\"")
                .set_align(FormatAlign::Top),
            mark: Format::new()
                .set_num_format("0.00")
                .set_align(FormatAlign::Top),
            text: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        }
    }
}

/// A sheet name Excel accepts: none of `[]:*?/\`, no apostrophe at either end, at most
/// 31 characters.
pub fn sheet_name(wanted: &str) -> String {
    let cleaned: String = wanted
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '-',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let trimmed = cleaned.trim_matches('\'').trim();
    let name: String = trimmed.chars().take(31).collect();
    if name.is_empty() || name.eq_ignore_ascii_case("history") {
        "-".to_owned() + &name
    } else {
        name
    }
}

/// The names given so far: a name cut to 31 characters that another already has gets a
/// number instead of its end (Excel compares names without case).
#[derive(Default)]
pub struct Names(Vec<String>);

impl Names {
    pub fn take(&mut self, wanted: &str) -> String {
        let base = sheet_name(wanted);
        let mut name = base.clone();
        let mut n = 2u32;
        while self
            .0
            .iter()
            .any(|t| t.to_lowercase() == name.to_lowercase())
        {
            let suffix = format!(" ({n})");
            let keep = 31usize.saturating_sub(suffix.chars().count());
            name = base.chars().take(keep).collect::<String>() + &suffix;
            n = n.saturating_add(1);
        }
        self.0.push(name.clone());
        name
    }
}

/// Text written as text, whatever it starts with; characters that hide or reorder text
/// are removed.
/// A short text, at the top of its cell like the figures beside it (a row grown for a
/// wrapped remark reads from its top).
pub fn text(ws: &mut Worksheet, row: u32, col: u16, s: &str) -> Result<(), XlsxError> {
    let top = Format::new().set_align(FormatAlign::Top);
    ws.write_string_with_format(row, col, printable(s), &top)?;
    Ok(())
}

pub fn text_with(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    s: &str,
    f: &Format,
) -> Result<(), XlsxError> {
    ws.write_string_with_format(row, col, printable(s), f)?;
    Ok(())
}

/// A decimal rounded to `places` (half away from zero), written as a number; a figure
/// too large for a number cell is written as its text, never as another number.
fn rounded(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    d: Decimal,
    places: u32,
    f: &Format,
) -> Result<(), XlsxError> {
    let r = money::round(d, places);
    match r.to_f64() {
        Some(v) if v.is_finite() => ws.write_number_with_format(row, col, v, f)?,
        _ => ws.write_string_with_format(row, col, money::plain(r, places), f)?,
    };
    Ok(())
}

/// An exact figure to `places` decimals; a fraction beyond a decimal's range is
/// written as text rounded the same way.
fn rounded_exact(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    x: &Exact,
    places: u32,
    f: &Format,
) -> Result<(), XlsxError> {
    match x.round(places) {
        Some(d) => rounded(ws, row, col, d, places, f),
        None => {
            ws.write_string_with_format(row, col, x.fixed(places), f)?;
            Ok(())
        }
    }
}

pub fn euro(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    x: &Exact,
    f: &Formats,
) -> Result<(), XlsxError> {
    rounded_exact(ws, row, col, x, 2, &f.euro)
}

pub fn euro_dec(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    d: Decimal,
    f: &Formats,
) -> Result<(), XlsxError> {
    rounded(ws, row, col, d, 2, &f.euro)
}

pub fn mark(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    x: &Exact,
    f: &Formats,
) -> Result<(), XlsxError> {
    rounded_exact(ws, row, col, x, 2, &f.mark)
}

/// A header row of a table: bold, wrapped; the columns widened to `widths`.
pub fn header(
    ws: &mut Worksheet,
    row: u32,
    titles: &[(&str, f64)],
    f: &Formats,
) -> Result<(), XlsxError> {
    for (col, (title, width)) in (0u16..).zip(titles) {
        ws.write_string_with_format(row, col, *title, &f.header)?;
        ws.set_column_width(col, *width)?;
    }
    fit(ws, row, titles)
}

/// Makes `row` tall enough for the wrapped texts written in it, each with its column's
/// width: LibreOffice does not grow a row on opening, and a wrapped text would cover the
/// next row. Layout only (line counts from character counts): no amount is involved.
pub fn fit(ws: &mut Worksheet, row: u32, texts: &[(&str, f64)]) -> Result<(), XlsxError> {
    let lines = texts
        .iter()
        .map(|(text, width)| {
            text.split('\n')
                // Words are not cut: a line holds about four fifths of the width.
                .map(|line| (line.chars().count() as f64 / (width * 0.8).max(1.0)).ceil())
                .map(|n| n.max(1.0))
                .sum::<f64>()
        })
        .fold(1.0, f64::max);
    if lines > 1.0 {
        // Excel's tallest row is 409 points.
        ws.set_row_height(row, (15.0 * lines).min(409.0))?;
    }
    Ok(())
}

/// A4 landscape, one page wide, the table's header row repeated on every page, frozen
/// on screen, and an autofilter over the table (`header` to `last` row, `cols` wide).
pub fn table_setup(ws: &mut Worksheet, header: u32, last: u32, cols: u16) -> Result<(), XlsxError> {
    page(ws);
    ws.set_freeze_panes(header + 1, 0)?;
    ws.set_repeat_rows(header, header)?;
    if cols > 0 {
        ws.autofilter(header, 0, last.max(header), cols - 1)?;
    }
    Ok(())
}

/// A4 landscape, one page wide.
pub fn page(ws: &mut Worksheet) {
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_excel_accepts() {
        assert_eq!(sheet_name("Lot 1/2 [vidéo]: *?\\"), "Lot 1-2 -vidéo-- ---");
        assert_eq!(sheet_name("'Lot'"), "Lot");
        assert_eq!(sheet_name(""), "-");
        assert_eq!(sheet_name("History"), "-History");
        let long = "é".repeat(40);
        assert_eq!(sheet_name(&long).chars().count(), 31);
    }

    #[test]
    fn names_cut_alike_are_told_apart() {
        let mut n = Names::default();
        let a = n.take(&format!("Lot {}", "x".repeat(40)));
        let b = n.take(&format!("Lot {}y", "x".repeat(40)));
        let c = n.take("LOT XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX");
        assert_eq!(a.chars().count(), 31);
        assert_eq!(b, format!("Lot {} (2)", "x".repeat(23)));
        assert!(b.chars().count() <= 31);
        assert_eq!(c, format!("LOT {} (3)", "X".repeat(23)));
    }
}
