//! Hostile files: each gives a clear error (never a panic, never an unbounded read).
//! The limits are in `src/bpu/package.rs` and the README; how long and how much memory
//! each takes is measured in the benchmarks, not here.

mod common;

use std::io::Write;
use std::path::Path;

use common::{SMALL_TENDER, Workdir, num, offer_bytes};
use tender::bpu::package::OverLimit;
use tender::bpu::read::{ReadError, read_file};
use tender::pricing::PricingModel::Population;
use tender::pricing::Term::Price;
use zip::write::SimpleFileOptions;

fn tender() -> tender::tender::Tender {
    tender::tender::parse(SMALL_TENDER, Path::new("tender.toml")).unwrap()
}

/// A zip of the given entries; `stored` leaves them uncompressed.
fn zip_of(entries: &[(&str, Vec<u8>)], stored: bool) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let method = if stored {
        zip::CompressionMethod::Stored
    } else {
        zip::CompressionMethod::Deflated
    };
    let options = SimpleFileOptions::default()
        .compression_method(method)
        .large_file(false);
    for (name, data) in entries {
        w.start_file(*name, options).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Lot 1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;

/// A minimal xlsx with one sheet, `Lot 1`, whose `<sheetData>` holds `rows`.
fn xlsx_with_sheet_data(rows: &str, stored: bool) -> Vec<u8> {
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
    );
    zip_of(
        &[
            ("[Content_Types].xml", CONTENT_TYPES.into()),
            ("_rels/.rels", ROOT_RELS.into()),
            ("xl/workbook.xml", WORKBOOK.into()),
            ("xl/_rels/workbook.xml.rels", RELS.into()),
            ("xl/worksheets/sheet1.xml", sheet.into_bytes()),
        ],
        stored,
    )
}

/// Changes the inflated size an archive declares for an entry (local header and central
/// directory), as a forged file would.
fn declare_size(mut zip: Vec<u8>, entry: &str, size: u32) -> Vec<u8> {
    let name = entry.as_bytes();
    let mut i = 0;
    while i + 46 < zip.len() {
        if zip[i..].starts_with(b"PK\x03\x04") {
            let len = u16::from_le_bytes([zip[i + 26], zip[i + 27]]) as usize;
            if &zip[i + 30..i + 30 + len] == name {
                zip[i + 22..i + 26].copy_from_slice(&size.to_le_bytes());
            }
        } else if zip[i..].starts_with(b"PK\x01\x02") {
            let len = u16::from_le_bytes([zip[i + 28], zip[i + 29]]) as usize;
            if &zip[i + 46..i + 46 + len] == name {
                zip[i + 24..i + 28].copy_from_slice(&size.to_le_bytes());
            }
        }
        i += 1;
    }
    zip
}

fn read(bytes: &[u8]) -> Result<tender::bpu::read::FileRead, ReadError> {
    read_file(Path::new("hostile.xlsx"), bytes, &tender())
}

#[test]
fn a_zip_bomb_is_refused_before_inflating() {
    // 8 MiB of one byte repeated deflates to a few kilobytes: a ratio of thousands.
    let bomb = xlsx_with_sheet_data(&"<row r=\"1\"/>".repeat(8 * 1024 * 1024 / 12), false);
    match read(&bomb) {
        Err(ReadError::TooLarge(OverLimit::Ratio {
            entry,
            ratio,
            limit,
        })) => {
            assert_eq!(entry, "xl/worksheets/sheet1.xml");
            assert!(ratio > limit, "{ratio}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_declared_size_past_the_limit_is_refused() {
    // A shared-strings table declared at 100 MB.
    let t = tender();
    let real = offer_bytes(&t, None, &[]);
    let forged = declare_size(real, "xl/sharedStrings.xml", 100_000_000);
    match read(&forged) {
        Err(ReadError::TooLarge(OverLimit::EntryBytes { entry, bytes, .. })) => {
            assert_eq!(entry, "xl/sharedStrings.xml");
            assert_eq!(bytes, 100_000_000);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_declared_size_below_the_truth_stops_the_inflation() {
    // The sheet claims 1 000 bytes: the zip reader refuses to inflate more.
    let sheet_data =
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Code</t></is></c></row>".repeat(2_000);
    let forged = declare_size(
        xlsx_with_sheet_data(&sheet_data, false),
        "xl/worksheets/sheet1.xml",
        1_000,
    );
    assert!(
        matches!(read(&forged), Err(ReadError::Damaged { .. })),
        "{:?}",
        read(&forged).map(|r| r.lots.len())
    );
}

#[test]
fn a_sheet_reaching_the_last_cell_of_the_grid_is_refused_without_allocating_it() {
    // Two cells, A1 and XFD1048576: a library building a dense range would ask for
    // hundreds of gigabytes.
    let rows = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Code</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#;
    match read(&xlsx_with_sheet_data(rows, false)) {
        Err(ReadError::TooLarge(OverLimit::Extent { sheet, cell })) => {
            assert_eq!(sheet, "Lot 1");
            assert_eq!(cell, "XFD1048576");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_sheet_with_too_many_cells_is_refused() {
    // 250 000 cells in 2 500 rows of 100 columns, stored uncompressed (about 9 MB).
    let mut rows = String::new();
    for r in 1..=2_500 {
        rows.push_str(&format!("<row r=\"{r}\">"));
        for c in 0..100u32 {
            rows.push_str(&format!(
                "<c r=\"{}{r}\"><v>1</v></c>",
                tender::source::CellRef::column_letters(c)
            ));
        }
        rows.push_str("</row>");
    }
    match read(&xlsx_with_sheet_data(&rows, true)) {
        Err(ReadError::TooLarge(OverLimit::Cells { limit, .. })) => assert_eq!(limit, 200_000),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_million_rows_are_refused() {
    // A million rows, each with a cell: over the row limit at row 10 001, whatever the
    // entry's size. Built stored, it is about 40 MB and over the file limit: refused
    // before any reading.
    let rows: String = (1..=1_000_000)
        .map(|r| format!("<row r=\"{r}\"><c r=\"A{r}\"><v>1</v></c></row>"))
        .collect();
    let stored = xlsx_with_sheet_data(&rows, true);
    assert!(matches!(
        read(&stored),
        Err(ReadError::TooLarge(OverLimit::FileBytes { .. }))
    ));
    // Of a size the limits let through, the rows past 10 000 are refused while reading.
    let rows: String = (1..=12_000)
        .map(|r| format!("<row r=\"{r}\"><c r=\"A{r}\"><v>1</v></c></row>"))
        .collect();
    match read(&xlsx_with_sheet_data(&rows, true)) {
        Err(ReadError::TooLarge(OverLimit::Extent { cell, .. })) => assert_eq!(cell, "A10001"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn deeply_nested_xml_is_read_or_refused_without_crashing() {
    let depth = 100_000;
    let nested = format!(
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Code</t></is></c></row><row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is>{}<t>x</t>{}</is></c></row>",
        "<r>".repeat(depth),
        "</r>".repeat(depth)
    );
    // Whatever the library makes of it, the answer is a result, not a crash.
    let outcome = read(&xlsx_with_sheet_data(&nested, false));
    assert!(
        outcome.is_ok() || matches!(outcome, Err(ReadError::Damaged { .. })),
        "{outcome:?}"
    );
}

#[test]
fn an_ods_whose_repeated_rows_reach_far_is_refused_before_the_library_expands_them() {
    let content = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Lot 1"><table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="1000"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let ods = zip_of(
        &[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet".to_vec(),
            ),
            ("content.xml", content.into()),
        ],
        true,
    );
    match read_file(Path::new("hostile.ods"), &ods, &tender()) {
        Err(ReadError::TooLarge(OverLimit::Extent { sheet, .. })) => assert_eq!(sheet, "Lot 1"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn hostile_files_do_not_stop_the_others() {
    let wd = Workdir::new();
    let t = wd.tender(SMALL_TENDER);
    wd.write(
        "offres/good.xlsx",
        offer_bytes(
            &t,
            Some("Good"),
            &[("1", "a", Population, Price, num("1000"))],
        ),
    );
    wd.write(
        "offres/bomb.xlsx",
        xlsx_with_sheet_data(&"<row r=\"1\"/>".repeat(700_000), false),
    );
    let rows = r#"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#;
    wd.write("offres/grid.xlsx", xlsx_with_sheet_data(rows, false));
    let out = wd
        .command()
        .args(["rank", "--lot", "1", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["lots"][0]["scopes"][0]["ranked"][0]["bidder"], "good");
    let reasons: Vec<String> = doc["unreadable"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["reason"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        reasons.iter().any(|r| r.contains("bombe de décompression")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("cellule en XFD1048576, au-delà de la zone lue")),
        "{reasons:?}"
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

#[test]
fn an_xls_with_a_cell_far_out_is_refused_before_the_library_allocates_its_sheet() {
    // Found by fuzzing: an xls whose cell record sits at a huge column made the library
    // allocate its sheet over that extent and abort. The first byte is the fuzz target's
    // choice of name (2: .xls).
    let data = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz/regressions/read_file/calamine-xls-huge-range"),
    )
    .unwrap();
    match read_file(Path::new("hostile.xls"), &data[1..], &tender()) {
        Err(ReadError::TooLarge(OverLimit::Extent { sheet, .. })) => assert_eq!(sheet, ""),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_xls_whose_dimensions_record_claims_a_huge_extent_is_refused() {
    // Found by fuzzing: the library reserves room for the DIMENSIONS record's extent.
    for name in ["calamine-xls-dimensions-1", "calamine-xls-dimensions-2"] {
        let data = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fuzz/regressions/read_file")
                .join(name),
        )
        .unwrap();
        let outcome = read_file(Path::new("hostile.xls"), &data[1..], &tender());
        assert!(
            matches!(
                outcome,
                Err(ReadError::TooLarge(OverLimit::Extent { .. })) | Err(ReadError::Damaged { .. })
            ),
            "{name}: {outcome:?}"
        );
    }
}

/// A run of the binary on a folder holding hostile files beside good offers, with its
/// memory capped: its JSON, the unreadable files by name, and its exit status.
struct Run {
    code: Option<i32>,
    doc: serde_json::Value,
    stderr: String,
}

impl Run {
    fn of(wd: &Workdir, lot: &str, scope: &str) -> Run {
        let out = wd
            .command_within(1024)
            .args(["rank", "--lot", lot, "--scope", scope, "--format", "json"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let doc = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "no JSON ({e}), exit {:?}, stderr: {stderr}",
                out.status.code()
            )
        });
        Run {
            code: out.status.code(),
            doc,
            stderr,
        }
    }

    fn ranked(&self) -> Vec<String> {
        self.doc["lots"][0]["scopes"][0]["ranked"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["bidder"].as_str().unwrap().to_owned())
            .collect()
    }

    /// (file name, code, reason) of each unreadable file.
    fn unreadable(&self) -> Vec<(String, String, String)> {
        self.doc["unreadable"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| {
                let file = u["files"][0].as_str().unwrap();
                (
                    Path::new(file)
                        .file_name()
                        .unwrap()
                        .to_string_lossy()
                        .into_owned(),
                    u["code"].as_str().unwrap_or_default().to_owned(),
                    u["reason"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    }
}

#[test]
fn a_sparse_csv_reaching_far_is_refused_while_streaming_and_the_good_offer_is_ranked() {
    // 300 kB: a line of 100 000 separators then `x`, 99 999 lines of `;`, `Code;y`.
    // A reader laying out the extent (100 000 × 100 000 cells) asks for 320 GB and
    // aborts the whole run; another shape (47 000 columns × 10 000 rows) asks for 15 GB.
    let wd = Workdir::new();
    wd.grenoble_with(&["cineclap.xlsx"]);
    let far = format!("{}x\n{}Code;y\n", ";".repeat(100_000), ";\n".repeat(99_999));
    assert!(far.len() > 300_000);
    wd.write("offres/acme.lot-3.csv", far);
    let wide = format!("{}x\n{}Code;y\n", ";".repeat(46_999), ";\n".repeat(9_998));
    wd.write("offres/wide.lot-3.csv", wide);
    let run = Run::of(&wd, "3", "grenoble");
    assert_eq!(run.code, Some(3), "{}", run.stderr);
    assert_eq!(run.ranked(), vec!["cineclap"]);
    let unreadable = run.unreadable();
    assert_eq!(unreadable.len(), 2, "{unreadable:?}");
    // The first value past column GR refuses each: column 100 001 is EQXE (5 × 26³ +
    // 17 × 26² + 24 × 26 + 5), column 47 000 is BQMR (2 × 26³ + 17 × 26² + 13 × 26 + 18).
    assert_eq!(unreadable[0].0, "acme.lot-3.csv");
    assert_eq!(unreadable[0].1, "too_large");
    assert!(
        unreadable[0]
            .2
            .contains("le fichier a une cellule en EQXE1, au-delà de la zone lue"),
        "{unreadable:?}"
    );
    assert_eq!(unreadable[1].0, "wide.lot-3.csv");
    assert!(
        unreadable[1].2.contains("cellule en BQMR1"),
        "{unreadable:?}"
    );
    assert!(!run.stderr.contains("panicked"));
}

#[test]
fn an_ods_cell_repeated_zero_times_stands_for_nothing_and_the_offer_is_read() {
    // `table:number-columns-repeated="0"` is no valid count (OpenDocument asks a
    // positive one), but it breaks nothing: the cell stands for no column, as the
    // spreadsheet library reads it. This program's own arithmetic on it once overflowed,
    // and the bidder's offer was set aside as a damaged file.
    let wd = Workdir::new();
    wd.grenoble_with(&[]);
    let example =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/grenoble/offres/biblioplus.ods");
    let ods = std::fs::read(example).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&ods[..])).unwrap();
    let mut entries = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut data).unwrap();
        entries.push((entry.name().unwrap().into_owned(), data));
    }
    let content = entries
        .iter_mut()
        .find(|(n, _)| n == "content.xml")
        .unwrap();
    let xml = String::from_utf8(content.1.clone()).unwrap();
    let title = r#"<table:table-cell table:style-name="ce1" office:value-type="string" calcext:value-type="string"><text:p>Lot 9 — "#;
    assert!(xml.contains(title));
    let zero = r#"<table:table-cell table:number-columns-repeated="0" office:value-type="float" office:value="7"/><table:table-row table:number-rows-repeated="0"><table:table-cell office:value-type="float" office:value="8"/></table:table-row>"#;
    content.1 = xml
        .replacen(title, &format!("{zero}{title}"), 1)
        .into_bytes();
    let named: Vec<(&str, Vec<u8>)> = entries
        .iter()
        .map(|(n, d)| (n.as_str(), d.clone()))
        .collect();
    wd.write("offres/biblioplus.ods", zip_of(&named, false));
    let run = Run::of(&wd, "9", "groupement");
    assert!(run.unreadable().is_empty(), "{:?}", run.unreadable());
    assert_eq!(run.ranked(), vec!["biblioplus"]);
    assert_ne!(run.code, Some(3));
}
