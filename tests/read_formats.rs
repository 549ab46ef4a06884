//! This program reads xlsx and ods workbooks itself (streamed, with the limits checked
//! cell by cell): every workbook of the repository, written by the tool, re-saved by
//! LibreOffice or laid out by a bidder, must read exactly as the spreadsheet library
//! reads it, cell by cell. And the XML is read as XML: quotes, references and attribute
//! order do not matter.

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

use calamine::{Data, Reader};
use tender::bpu::grid::{Grid, Value};
use tender::bpu::ods::OdsBook;
use tender::bpu::package::{self, Container};
use tender::bpu::xlsx::XlsxBook;

fn workbooks() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    for dir in [
        "fixtures/roundtrip",
        "fixtures/bands",
        "examples/grenoble/offres",
        "examples/metropole/offres",
    ] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("xlsx" | "ods")
            ) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Our reading of every sheet: (name, grid).
fn ours(bytes: &[u8]) -> Vec<(String, Grid)> {
    let (container, archive) = package::inspect_file(bytes, false).unwrap();
    let archive = archive.unwrap();
    match container {
        Container::Xlsx => {
            let mut book = XlsxBook::open(bytes, archive).unwrap();
            book.sheet_names()
                .into_iter()
                .map(|n| {
                    let g = book.grid(&n).unwrap();
                    (n, g)
                })
                .collect()
        }
        Container::Ods => {
            let mut book = OdsBook::open(bytes, archive, &|_| true).unwrap();
            book.sheet_names()
                .into_iter()
                .map(|n| {
                    let g = book.grid(&n);
                    (n, g)
                })
                .collect()
        }
        other => panic!("{other:?}"),
    }
}

/// A library value as ours should be. The library reads an OpenDocument error cell
/// (LibreOffice's `calcext:value-type="error"`) as its text: this program reads it as
/// the error it is.
fn same(ours: Value<'_>, theirs: &Data, ods: bool) -> bool {
    match (ours, theirs) {
        (Value::Text(a), Data::String(b)) => a == b,
        (Value::Error(a), Data::String(b)) if ods => a == b,
        (Value::Number(a), Data::Float(b)) => a == *b,
        (Value::Number(a), Data::Int(b)) => a == *b as f64,
        (Value::Bool(a), Data::Bool(b)) => a == *b,
        (Value::Date(a), Data::DateTime(d)) => a.parse::<f64>().ok() == Some(d.as_f64()),
        (Value::Date(a), Data::DateTimeIso(b) | Data::DurationIso(b)) => a == b,
        (Value::Error(a), Data::Error(e)) => a == e.to_string(),
        _ => false,
    }
}

#[test]
fn every_workbook_reads_as_the_spreadsheet_library_reads_it() {
    let books = workbooks();
    assert!(books.len() >= 15, "{books:?}");
    let mut cells = 0;
    for path in books {
        let bytes = std::fs::read(&path).unwrap();
        let ods = path.extension().is_some_and(|e| e == "ods");
        let mut theirs = calamine::open_workbook_auto_from_rs(Cursor::new(&bytes[..])).unwrap();
        let ours = ours(&bytes);
        assert_eq!(
            ours.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>(),
            theirs.sheet_names(),
            "{path:?}"
        );
        for (name, grid) in &ours {
            let range = theirs.worksheet_range(name).unwrap();
            let (top, left) = range.start().unwrap_or((0, 0));
            let theirs: Vec<(u32, u32, &Data)> = range
                .used_cells()
                .map(|(r, c, d)| (top + r as u32, left + c as u32, d))
                .collect();
            let ours: Vec<(u32, u32, Value<'_>)> = grid.used().collect();
            assert_eq!(ours.len(), theirs.len(), "{path:?} {name}");
            for ((r, c, a), (tr, tc, b)) in ours.iter().zip(&theirs) {
                assert_eq!((r, c), (tr, tc), "{path:?} {name}");
                assert!(same(*a, b, ods), "{path:?} {name} {r},{c}: {a:?} / {b:?}");
            }
            cells += ours.len();
        }
    }
    assert!(cells > 5_000, "{cells}");
}

/// Rewrites one part of a zip archive.
fn with_part(zip: &[u8], name: &str, change: impl Fn(String) -> String) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(zip)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let entry_name = entry.name().unwrap().into_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if entry_name == name {
            data = change(String::from_utf8(data).unwrap()).into_bytes();
        }
        out.start_file(entry_name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn a_workbook_whose_xml_uses_single_quotes_references_and_another_order_reads_the_same() {
    // A bidder's own layout, re-saved by LibreOffice: a hidden helper column and a
    // merged price. Its workbook, relationships and sheets rewritten with single quotes,
    // the attributes in another order and the sheet names as character references must
    // read the same: same sheets, same cells, same hidden column, same merged area.
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/roundtrip/bidder-made.libreoffice.xlsx");
    let original = std::fs::read(path).unwrap();
    let requote = |xml: String| {
        let mut out = String::new();
        let mut in_tag = false;
        for c in xml.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                '"' if in_tag => {
                    out.push('\'');
                    continue;
                }
                _ => {}
            }
            out.push(c);
        }
        out
    };
    let mut rewritten = with_part(&original, "xl/workbook.xml", |xml| {
        requote(xml)
            .replace("name='Lot ", "name='&#76;ot ")
            .replace("<sheet name=", "<sheet state='visible' name=")
    });
    rewritten = with_part(&rewritten, "xl/_rels/workbook.xml.rels", |xml| {
        requote(xml).replace("<Relationship Id=", "<Relationship Zz='1' Id=")
    });
    let sheet_paths: Vec<String> = zip::ZipArchive::new(Cursor::new(&original[..]))
        .unwrap()
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .filter(|n| n.starts_with("xl/worksheets/sheet"))
        .collect();
    for sheet in &sheet_paths {
        rewritten = with_part(&rewritten, sheet, requote);
    }
    let before = ours(&original);
    let after = ours(&rewritten);
    assert_eq!(
        before.iter().map(|(n, _)| n).collect::<Vec<_>>(),
        after.iter().map(|(n, _)| n).collect::<Vec<_>>()
    );
    let mut hidden = 0;
    let mut merged_reads = 0;
    for ((name, a), (_, b)) in before.iter().zip(&after) {
        assert_eq!(
            a.used().collect::<Vec<_>>(),
            b.used().collect::<Vec<_>>(),
            "{name}"
        );
        for col in 0..50 {
            assert_eq!(
                a.is_hidden_column(col),
                b.is_hidden_column(col),
                "{name} {col}"
            );
            hidden += usize::from(b.is_hidden_column(col));
        }
        for row in 0..60 {
            for col in 0..20 {
                assert_eq!(a.get(row, col), b.get(row, col), "{name} {row},{col}");
                merged_reads += usize::from(b.get(row, col) != Value::Empty);
            }
        }
    }
    assert!(hidden > 0, "the fixture has a hidden column");
    assert!(merged_reads > 0);
}
