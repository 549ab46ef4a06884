//! CSV exports of a lot sheet.
//!
//! Spreadsheet programs export CSV in the user's locale: French Excel writes `;`
//! separators and Windows-1252 text, LibreOffice asks, scripts write `,` and UTF-8. The
//! text is decoded and the separator guessed from the first line; the cells become a grid
//! that the sheet reader treats like any other sheet.
//!
//! The records are streamed: each filled field is checked against the limits before it
//! is stored, so a line of 100 000 separators ending in a value is refused at that
//! value, and memory follows the fields filled, never the extent they reach.

use super::error::{Damage, DamageKind, ReadError};
use super::grid::{Grid, GridBuilder, Stored};

/// Text of a CSV file: UTF-8 (a byte-order mark is dropped), or Windows-1252 when the
/// bytes are not valid UTF-8 (French Excel's default export).
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// The separator used in the first non-empty line, outside quotes: `;`, `,` or tab.
pub fn sniff_delimiter(text: &str) -> u8 {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => counts[0] += 1,
            ',' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    // French exports use `;` precisely because `,` is the decimal separator: on a tie,
    // prefer it.
    let best = (0..3)
        .max_by_key(|&i| (counts[i], usize::from(i == 0)))
        .unwrap_or(0);
    if counts[best] == 0 {
        b';'
    } else {
        [b';', b',', b'\t'][best]
    }
}

/// The cells of a CSV text as a grid of strings. Rows of unequal length are accepted.
pub fn grid(text: &str) -> Result<Grid, ReadError> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sniff_delimiter(text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut builder = GridBuilder::new("");
    let mut record = csv::StringRecord::new();
    let mut row: u64 = 0;
    loop {
        // The csv reader works on text already decoded, in memory: it has no I/O to
        // fail, and a malformed quote is read as text. An error is still the file's.
        match crate::isolation::library(|| reader.read_record(&mut record)) {
            Ok(Ok(true)) => {}
            Ok(Ok(false)) => break,
            Ok(Err(e)) => {
                let line = e.position().map_or(row.saturating_add(1), |p| p.line());
                return Err(Damage::new(DamageKind::Corrupt).at(line).into());
            }
            Err(_) => return Err(Damage::new(DamageKind::LibraryFailed).into()),
        }
        for (col, field) in record.iter().enumerate() {
            if !field.is_empty() {
                builder.push(row, col as u64, Stored::Text(field.into()))?;
            }
        }
        row = row.saturating_add(1);
    }
    Ok(builder.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bpu::grid::Value;
    use crate::bpu::package::OverLimit;

    #[test]
    fn decodes_windows_1252_when_not_utf8() {
        assert_eq!(decode(b"12 500,00 \x80"), "12 500,00 €");
        assert_eq!(decode("Désignation".as_bytes()), "Désignation");
        assert_eq!(decode(b"\xEF\xBB\xBFCode"), "Code");
    }

    #[test]
    fn guesses_the_separator() {
        assert_eq!(sniff_delimiter("Code;Désignation;Unité\n"), b';');
        assert_eq!(sniff_delimiter("Code,Désignation,Unité\n"), b',');
        assert_eq!(sniff_delimiter("Code\tDésignation\tUnité\n"), b'\t');
        assert_eq!(sniff_delimiter("\"a,b\";c\n"), b';');
        assert_eq!(sniff_delimiter("seul\n"), b';');
    }

    #[test]
    fn builds_a_grid_with_positions() {
        let g = grid("a;b\n;\"12 500,00 €\"\n").unwrap();
        assert_eq!(g.get(0, 0), Value::Text("a"));
        assert_eq!(g.get(1, 1), Value::Text("12 500,00 €"));
        assert_eq!(g.get(1, 0), Value::Empty);
    }

    #[test]
    fn a_field_past_the_limits_is_refused_at_once() {
        // One line of 100 000 separators, then a value: refused at that value, before
        // the lines after it are read.
        let text = format!("{}x\n{}Code;y\n", ";".repeat(100_000), ";\n".repeat(99_999));
        match grid(&text) {
            Err(ReadError::TooLarge(OverLimit::Extent { sheet, cell })) => {
                assert_eq!(sheet, "");
                assert_eq!(cell, "EQXE1");
            }
            other => panic!("{other:?}"),
        }
        // Far rows of empty fields hold nothing.
        let text = format!("Code;y\n{}", ";;\n".repeat(20_000));
        assert_eq!(grid(&text).unwrap().used().count(), 2);
    }
}
