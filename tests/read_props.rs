//! The reader's own code never fails on what a file writes: workbooks whose counts,
//! references, types and values are drawn from the awkward ones (0, negative, past the
//! limits, past u64, not numbers) are read or refused, never an internal error. The
//! fuzz targets (`fuzz/`) search at random; these cases aim at the arithmetic on values
//! read from the XML, which random bytes rarely reach.

mod common;

use std::io::Write;
use std::path::Path;

use common::SMALL_TENDER;
use proptest::prelude::*;
use tender::bpu::read::{ReadError, read_file};

fn tender() -> tender::tender::Tender {
    tender::tender::parse(SMALL_TENDER, Path::new("tender.toml")).unwrap()
}

fn zip_of(entries: &[(&str, String)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in entries {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(data.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// An attribute drawn from awkward values, or none.
fn attribute(name: &'static str, values: &'static [&'static str]) -> BoxedStrategy<String> {
    prop_oneof![
        Just(String::new()),
        proptest::sample::select(values).prop_map(move |v| format!(r#" {name}="{v}""#)),
    ]
    .boxed()
}

const COUNTS: &[&str] = &[
    "0",
    "1",
    "2",
    "199",
    "200",
    "9999",
    "10001",
    "4294967296",
    "18446744073709551615",
    "18446744073709551616",
    "-1",
    "x",
    "",
];

fn ods_cell() -> impl Strategy<Value = String> {
    (
        attribute("table:number-columns-repeated", COUNTS),
        attribute("table:number-columns-spanned", COUNTS),
        attribute("table:number-rows-spanned", COUNTS),
        attribute(
            "office:value-type",
            &[
                "float",
                "string",
                "date",
                "time",
                "boolean",
                "currency",
                "percentage",
                "void",
            ],
        ),
        attribute(
            "office:value",
            &["1", "1e308", "-0", "NaN", "inf", "", "abc"],
        ),
        attribute("calcext:value-type", &["error", "float"]),
        attribute("table:formula", &["of:=1/0", ""]),
        proptest::sample::select(
            &[
                "",
                "<text:p>Code</text:p>",
                "<text:p>12<text:s text:c=\"3\"/>500</text:p><text:p>€</text:p>",
                "<text:p><text:s text:c=\"-1\"/></text:p>",
                "<text:p><text:s text:c=\"99999999999999\"/></text:p>",
            ][..],
        ),
    )
        .prop_map(|(rep, cs, rs, vt, v, calc, f, text)| {
            format!("<table:table-cell{rep}{cs}{rs}{vt}{v}{calc}{f}>{text}</table:table-cell>")
        })
}

fn ods_row() -> impl Strategy<Value = String> {
    (
        attribute("table:number-rows-repeated", COUNTS),
        proptest::collection::vec(ods_cell(), 0..4),
    )
        .prop_map(|(rep, cells)| {
            format!("<table:table-row{rep}>{}</table:table-row>", cells.concat())
        })
}

fn ods(rows: &[String], columns: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"><office:body><office:spreadsheet><table:table table:name="Lot 1">{columns}{}</table:table></office:spreadsheet></office:body></office:document-content>"#,
        rows.concat()
    );
    zip_of(&[("content.xml", content)])
}

fn xlsx_cell() -> impl Strategy<Value = String> {
    (
        attribute(
            "r",
            &[
                "A1",
                "B7",
                "GR10000",
                "GS1",
                "A10001",
                "XFD1048576",
                "ZZZZZZZ1",
                "1A",
                "A0",
                "",
                "a1",
            ],
        ),
        attribute("t", &["s", "str", "inlineStr", "b", "e", "d", "n", "zz"]),
        attribute("s", &["0", "1", "4294967296", "-1", "x"]),
        proptest::sample::select(
            &[
                "",
                "<v>0</v>",
                "<v>1.5</v>",
                "<v>99999999999999999999</v>",
                "<v>x</v>",
                "<v></v>",
                "<is><t>Code</t></is>",
                "<f>A1*2</f>",
                "<f t=\"shared\" si=\"0\" ref=\"A1:A9\">B1</f><v>2</v>",
                "<f t=\"shared\" si=\"0\"/>",
                "<f t=\"shared\" si=\"7\"/>",
            ][..],
        ),
    )
        .prop_map(|(r, t, s, content)| format!("<c{r}{t}{s}>{content}</c>"))
}

fn xlsx_row() -> impl Strategy<Value = String> {
    (
        attribute(
            "r",
            &[
                "0",
                "1",
                "2",
                "10000",
                "10001",
                "1048576",
                "99999999999999999999",
                "x",
            ],
        ),
        proptest::collection::vec(xlsx_cell(), 0..4),
    )
        .prop_map(|(r, cells)| format!("<row{r}>{}</row>", cells.concat()))
}

fn xlsx(rows: &[String], tail: &str) -> Vec<u8> {
    let workbook = r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Lot 1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
    let strings = r#"<sst><si><t>Code</t></si></sst>"#;
    let styles = r#"<styleSheet><numFmts><numFmt numFmtId="164" formatCode="d/m/yy"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>"#;
    let sheet = format!(
        r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cols><col min="0" max="4294967295" hidden="1"/></cols><sheetData>{}</sheetData>{tail}</worksheet>"#,
        rows.concat()
    );
    zip_of(&[
        ("xl/workbook.xml", workbook.into()),
        ("xl/_rels/workbook.xml.rels", rels.into()),
        ("xl/sharedStrings.xml", strings.into()),
        ("xl/styles.xml", styles.into()),
        ("xl/worksheets/sheet1.xml", sheet),
    ])
}

fn not_internal(name: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    match read_file(Path::new(name), bytes, &tender()) {
        Err(ReadError::Internal(e)) => Err(TestCaseError::fail(format!("{e:?}"))),
        _ => Ok(()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn ods_counts_and_values_never_break_the_reader(
        rows in proptest::collection::vec(ods_row(), 0..5),
        columns in attribute("table:number-columns-repeated", COUNTS),
    ) {
        let columns = format!(r#"<table:table-column{columns} table:visibility="collapse"/>"#);
        not_internal("x.ods", &ods(&rows, &columns))?;
    }

    #[test]
    fn xlsx_references_types_and_values_never_break_the_reader(
        rows in proptest::collection::vec(xlsx_row(), 0..5),
        merge in proptest::sample::select(&["", "A1:B2", "B2:A1", "A1:XFD1048576", "A0:B1", "A1", "ZZZZZZZZ1:A1"][..]),
    ) {
        let tail = format!(r#"<mergeCells><mergeCell ref="{merge}"/></mergeCells>"#);
        not_internal("x.xlsx", &xlsx(&rows, &tail))?;
    }
}
