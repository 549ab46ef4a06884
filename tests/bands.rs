//! The band tariff: a lot of the tender may ask each bidder for a flat yearly price per
//! band of population (or of registered users), given once for the lot, so that the
//! price of any perimeter is known.
//!
//! The tender is `fixtures/bands/tender.toml`: lot 1 asks 7 population bands
//! (0, 5 000, 10 000, 20 000, 50 000, 100 000, 200 000), lot 2 three bands of registered
//! users (0, 1 000, 5 000), lot 3 none. In the template, a lot's items fill rows 6 to 24;
//! row 26 holds the band tariff's note, row 27 its header (`Tarif par tranche` in D), and
//! the bands follow from row 28, their prices in column D: lot 1's in D28 to D34, lot 2's
//! in D28 to D30. Member a (column D above) has 10 000 inhabitants, b (E) 30 000.

mod common;

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use calamine::{Data, Reader};
use common::{Workdir, num, text};
use rust_decimal::Decimal;
use serde_json::Value;
use tender::bpu::fill::{FillValue, Filler};
use tender::bpu::layout::{self, CandidateField};
use tender::bpu::read::{FileRead, read_file};
use tender::offer::CellContent;
use tender::pricing::PricingModel::Population;
use tender::pricing::Term::Price;
use tender::pricing::band_prices;
use tender::tender::{BandMeasure, Tender};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/bands")
}

fn tender_text() -> String {
    std::fs::read_to_string(dir().join("tender.toml")).unwrap()
}

fn tender() -> Tender {
    tender::tender::load(&dir().join("tender.toml")).unwrap()
}

/// What the fixture's bidder fills in lot 1's band tariff, and the price read back.
const LOT1_BANDS: [(&str, &str); 7] = [
    ("1000", "1000"),
    ("1500.5", "1500.5"),
    // Typed as French text.
    ("t:2 000,00 €", "2000.00"),
    ("3000", "3000"),
    ("4500.25", "4500.25"),
    ("7000", "7000"),
    ("12000", "12000"),
];
const LOT2_BANDS: [(&str, &str); 3] = [("800", "800"), ("2000", "2000"), ("3500", "3500")];

fn value(v: &str) -> FillValue {
    match v.strip_prefix("t:") {
        Some(t) => text(t),
        None => num(v),
    }
}

/// The fixture's offer: lot 1 priced by population for a and b, both band tariffs
/// filled.
fn filled(t: &Tender) -> Vec<u8> {
    let template = tender::bpu::template::write(t).unwrap();
    let mut f = Filler::new(t);
    f.candidate(CandidateField::LegalName, "Tranches SA");
    f.item("1", "a", Population, Price, num("1200")).unwrap();
    f.item("1", "b", Population, Price, num("2600")).unwrap();
    for (i, (v, _)) in LOT1_BANDS.iter().enumerate() {
        f.band("1", i, value(v)).unwrap();
    }
    for (i, (v, _)) in LOT2_BANDS.iter().enumerate() {
        f.band("2", i, value(v)).unwrap();
    }
    f.apply(&template).unwrap()
}

fn sheet_xml(xlsx: &[u8], n: usize) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(xlsx)).unwrap();
    let mut xml = String::new();
    zip.by_name(&format!("xl/worksheets/sheet{n}.xml"))
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

/// The style index of a cell in a sheet's XML.
fn style(xml: &str, cell: &str) -> String {
    let start = xml
        .find(&format!("<c r=\"{cell}\""))
        .unwrap_or_else(|| panic!("no cell {cell}"));
    let tag = &xml[start..start + xml[start..].find('>').unwrap()];
    let s = tag.find(" s=\"").map(|i| &tag[i + 4..]).unwrap_or("\"");
    s[..s.find('"').unwrap()].to_owned()
}

fn strings(
    range: &calamine::Range<Data>,
    col: u32,
    rows: std::ops::RangeInclusive<u32>,
) -> Vec<String> {
    rows.map(|r| match range.get_value((r, col)) {
        Some(Data::String(s)) => s.clone(),
        other => format!("{other:?}"),
    })
    .collect()
}

#[test]
fn the_template_has_one_row_per_band_with_its_code_and_label() {
    let t = tender();
    let bytes = tender::bpu::template::write(&t).unwrap();
    let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.clone())).unwrap();

    let s = wb.worksheet_range("Lot 1").unwrap();
    // The block's header, row 27.
    assert_eq!(
        strings(&s, 0, 26..=26)
            .into_iter()
            .chain(strings(&s, 1, 26..=26))
            .chain(strings(&s, 2, 26..=26))
            .chain(strings(&s, 3, 26..=26))
            .collect::<Vec<_>>(),
        ["Code", "Désignation", "Unité", "Tarif par tranche"]
    );
    assert_eq!(
        strings(&s, 0, 27..=33),
        [
            "1.5.b1", "1.5.b2", "1.5.b3", "1.5.b4", "1.5.b5", "1.5.b6", "1.5.b7"
        ]
    );
    assert_eq!(
        strings(&s, 1, 27..=33),
        [
            "Prix annuel forfaitaire, périmètre jusqu'à 5\u{a0}000 habitants",
            "Prix annuel forfaitaire, périmètre de 5\u{a0}001 à 10\u{a0}000 habitants",
            "Prix annuel forfaitaire, périmètre de 10\u{a0}001 à 20\u{a0}000 habitants",
            "Prix annuel forfaitaire, périmètre de 20\u{a0}001 à 50\u{a0}000 habitants",
            "Prix annuel forfaitaire, périmètre de 50\u{a0}001 à 100\u{a0}000 habitants",
            "Prix annuel forfaitaire, périmètre de 100\u{a0}001 à 200\u{a0}000 habitants",
            "Prix annuel forfaitaire, périmètre de plus de 200\u{a0}000 habitants",
        ]
    );
    assert_eq!(strings(&s, 2, 27..=33), vec!["€ HT"; 7]);
    // Nothing after the last band, and no price cell under the scope columns.
    assert_eq!(s.end(), Some((33, 5)));
    for r in 27..=33 {
        for c in 3..=5 {
            assert!(
                matches!(s.get_value((r, c)), None | Some(Data::Empty)),
                "({r}, {c})"
            );
        }
    }
    assert!(
        strings(&s, 0, 25..=25)[0].starts_with(
            "Tarif par tranche de population : un prix annuel HT par tranche, valable pour tout périmètre"
        ),
        "{:?}",
        s.get_value((25, 0))
    );
    assert!(
        strings(&s, 0, 2..=2)[0]
            .ends_with("Remplissez aussi le tarif par tranche, sous le tableau.")
    );

    let s = wb.worksheet_range("Lot 2").unwrap();
    assert_eq!(strings(&s, 0, 27..=29), ["1.4.b1", "1.4.b2", "1.4.b3"]);
    assert_eq!(
        strings(&s, 1, 27..=29),
        [
            "Prix annuel forfaitaire, périmètre jusqu'à 1\u{a0}000 inscrits",
            "Prix annuel forfaitaire, périmètre de 1\u{a0}001 à 5\u{a0}000 inscrits",
            "Prix annuel forfaitaire, périmètre de plus de 5\u{a0}000 inscrits",
        ]
    );
    assert_eq!(s.end(), Some((29, 5)));

    // Lot 3 asks no band tariff: its sheet ends with row 1.5.q (row 24).
    let s = wb.worksheet_range("Lot 3").unwrap();
    assert_eq!(s.end(), Some((23, 5)));

    // The price cells are input cells like the prices above (unlocked, tinted, in euros:
    // the same style as D6, the 1.1 price of member a), validated as amounts ≥ 0; the
    // code cells are locked like A6.
    let xml = sheet_xml(&bytes, 2);
    for cell in ["D28", "D31", "D34"] {
        assert_eq!(style(&xml, cell), style(&xml, "D6"), "{cell}");
    }
    assert_eq!(style(&xml, "A28"), style(&xml, "A6"));
    assert!(
        xml.contains(r#"<dataValidation type="decimal" operator="greaterThanOrEqual""#)
            && xml.contains(r#"sqref="D28:D34""#),
        "{xml}"
    );
    assert!(xml.contains("<sheetProtection"));
    assert!(sheet_xml(&bytes, 3).contains(r#"sqref="D28:D30""#));
    // Deterministic.
    assert_eq!(bytes, tender::bpu::template::write(&t).unwrap());
}

#[test]
fn a_lot_without_bands_is_written_as_before() {
    // The small tender has no band tariff; asking one for its lot 2 leaves its lot 1's
    // sheet (and the Candidat sheet before it) byte for byte the same.
    let small = common::SMALL_TENDER;
    let t = tender::tender::parse(small, Path::new("t.toml")).unwrap();
    let with_bands = small.replace(
        "vat_rate = \"0.021\"",
        "vat_rate = \"0.021\"\npopulation_bands = [0, 5000]",
    );
    let tb = tender::tender::parse(&with_bands, Path::new("t.toml")).unwrap();
    assert!(t.lots.iter().all(|l| l.bands.is_none()));
    assert!(tb.lot("2").unwrap().bands.is_some());
    let plain = tender::bpu::template::write(&t).unwrap();
    let banded = tender::bpu::template::write(&tb).unwrap();
    assert_eq!(sheet_xml(&plain, 1), sheet_xml(&banded, 1));
    assert_eq!(sheet_xml(&plain, 2), sheet_xml(&banded, 2));
    assert_ne!(sheet_xml(&plain, 3), sheet_xml(&banded, 3));
    // And read back, a lot without bands has no band tariff.
    let offer = common::offer_bytes(&t, Some("SA"), &[("1", "a", Population, Price, num("10"))]);
    let read = read_file(Path::new("x.xlsx"), &offer, &t).unwrap();
    assert_eq!(read.lots.len(), 2);
    for lot in &read.lots {
        assert_eq!(lot.bands, Default::default());
    }
    assert!(read.notes.is_empty(), "{:?}", read.notes);
}

#[test]
fn the_filler_writes_where_the_template_asks() {
    let t = tender();
    let lot1 = t.lot("1").unwrap();
    let cell = |lot: &tender::tender::Lot, i| layout::band_cell(lot, i).map(|c| c.to_string());
    assert_eq!(cell(lot1, 0).as_deref(), Some("D28"));
    assert_eq!(cell(lot1, 6).as_deref(), Some("D34"));
    assert_eq!(cell(lot1, 7), None);
    assert_eq!(cell(t.lot("3").unwrap(), 0), None);
    let mut f = Filler::new(&t);
    assert!(f.band("3", 0, num("1")).is_err());
    assert!(f.band("2", 3, num("1")).is_err());
    assert!(f.band("9", 0, num("1")).is_err());
}

/// The band prices read from a file: (code cell, price cell, price) per band.
fn band_cells(read: &FileRead, lot: &str) -> Vec<(String, Decimal)> {
    let quote = read.lots.iter().find(|l| l.lot == lot).unwrap();
    quote
        .bands
        .prices
        .iter()
        .map(|c| {
            let c = c.as_ref().expect("band row read");
            let value = match &c.content {
                CellContent::Number(v) => *v,
                other => panic!("{other:?} at {:?}", c.location),
            };
            (c.location.cell.unwrap().to_string(), value)
        })
        .collect()
}

fn expected(bands: &[(&str, &str)]) -> Vec<(String, Decimal)> {
    bands
        .iter()
        .enumerate()
        .map(|(i, (_, v))| (format!("D{}", 28 + i), v.parse().unwrap()))
        .collect()
}

/// What every format must give back: the prices filled, at their cells, and the prices
/// per scope untouched.
fn assert_gives_back(read: &FileRead, t: &Tender, csv: bool, lots: &[&str]) {
    for lot in lots {
        let bands: &[(&str, &str)] = if *lot == "1" {
            &LOT1_BANDS
        } else {
            &LOT2_BANDS
        };
        assert_eq!(band_cells(read, lot), expected(bands), "lot {lot}");
        let quote = read.lots.iter().find(|l| l.lot == *lot).unwrap();
        assert!(quote.bands.unasked.is_empty() && quote.bands.conflicts.is_empty());
        assert_eq!(
            quote
                .bands
                .header
                .as_ref()
                .unwrap()
                .cell
                .unwrap()
                .to_string(),
            "D27"
        );
        let prices = band_prices(quote, t.lot(lot).unwrap().bands.as_ref().unwrap()).unwrap();
        assert_eq!(
            prices.prices.iter().map(|p| p.value).collect::<Vec<_>>(),
            bands
                .iter()
                .map(|(_, v)| v.parse::<Decimal>().unwrap())
                .collect::<Vec<_>>()
        );
        let sheet = (!csv).then(|| format!("Lot {lot}"));
        assert_eq!(prices.prices[0].location.sheet.as_deref(), sheet.as_deref());
    }
    let lot1 = read.lots.iter().find(|l| l.lot == "1").unwrap();
    let a = lot1.scopes.iter().find(|s| s.scope == "a").unwrap();
    assert_eq!(
        a.cell(Population, Price).unwrap().content,
        CellContent::Number("1200".parse().unwrap())
    );
}

#[test]
fn filled_and_read_back_gives_the_exact_prices_and_their_cells() {
    let t = tender();
    let bytes = filled(&t);
    let read = read_file(Path::new("offres/tranches.xlsx"), &bytes, &t).unwrap();
    assert!(read.notes.is_empty(), "{:?}", read.notes);
    assert_gives_back(&read, &t, false, &["1", "2"]);
    let quote = &read.lots[0];
    let p = band_prices(quote, t.lot("1").unwrap().bands.as_ref().unwrap()).unwrap();
    assert_eq!(p.measure, BandMeasure::Population);
    assert_eq!(p.limits, [0, 5000, 10000, 20000, 50000, 100000, 200000]);
    // The text cell keeps what the bidder typed; the file and sheet are kept.
    assert_eq!(p.prices[2].raw, "2 000,00 €");
    assert_eq!(
        &*p.prices[2].location.file,
        Path::new("offres/tranches.xlsx")
    );
    assert_eq!(p.prices[2].location.sheet.as_deref(), Some("Lot 1"));
    // Any perimeter's price: a (10 000 inhabitants) is in band 2, a and b together
    // (40 000) in band 4, a commune of 250 000 in the last.
    assert_eq!(
        p.price_for(10_000).unwrap().value,
        "1500.5".parse().unwrap()
    );
    assert_eq!(p.price_for(40_000).unwrap().value, "3000".parse().unwrap());
    assert_eq!(
        p.price_for(250_000).unwrap().value,
        "12000".parse().unwrap()
    );
    assert_eq!(p.price_for(0), None);
    let p2 = band_prices(&read.lots[1], t.lot("2").unwrap().bands.as_ref().unwrap()).unwrap();
    assert_eq!(p2.measure, BandMeasure::RegisteredUsers);
    // a and b have 8 000 registered users: the last band; a alone (2 000), the second.
    assert_eq!(
        p2.price_for_size(40_000, 8_000).unwrap().value,
        "3500".parse().unwrap()
    );
    assert_eq!(
        p2.price_for_size(10_000, 2_000).unwrap().value,
        "2000".parse().unwrap()
    );
}

/// Writes `fixtures/bands/filled.xlsx`, which `scripts/make-band-fixtures` then re-saves
/// through LibreOffice: `cargo test --test bands -- --ignored write_band_fixture`.
#[test]
#[ignore = "writes the fixture; run by scripts/make-band-fixtures"]
fn write_band_fixture() {
    std::fs::write(dir().join("filled.xlsx"), filled(&tender())).unwrap();
}

#[test]
fn resaved_by_libreoffice_as_ods_xls_and_xlsx_gives_back_the_same() {
    let t = tender();
    for name in [
        "filled.xlsx",
        "filled.ods",
        "filled.xls",
        "filled.libreoffice.xlsx",
    ] {
        let path = dir().join(name);
        let bytes = std::fs::read(&path).unwrap();
        let read = read_file(&path, &bytes, &t).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(read.notes.is_empty(), "{name}: {:?}", read.notes);
        assert_gives_back(&read, &t, false, &["1", "2"]);
    }
}

#[test]
fn a_libreoffice_csv_export_of_the_lot_sheet_gives_back_the_same() {
    let t = tender();
    let path = dir().join("filled.lot-1.csv");
    let read = read_file(&path, &std::fs::read(&path).unwrap(), &t).unwrap();
    assert_eq!(read.lots.len(), 1);
    assert!(read.notes.is_empty(), "{:?}", read.notes);
    assert_gives_back(&read, &t, true, &["1"]);
}

/// The committed fixtures were made from today's template: the band cells in them are
/// where a freshly filled template has them. If this fails, run
/// `scripts/make-band-fixtures`.
#[test]
fn the_fixtures_are_in_step_with_the_template() {
    let t = tender();
    let fresh = read_file(Path::new("fresh.xlsx"), &filled(&t), &t).unwrap();
    let places = |read: &FileRead| -> Vec<Vec<Option<String>>> {
        read.lots
            .iter()
            .map(|l| {
                let header = l.bands.header.as_ref().and_then(|h| h.cell);
                std::iter::once(header)
                    .chain(
                        l.bands
                            .prices
                            .iter()
                            .map(|c| c.as_ref().and_then(|c| c.location.cell)),
                    )
                    .map(|c| c.map(|c| c.to_string()))
                    .collect()
            })
            .collect()
    };
    for name in [
        "filled.xlsx",
        "filled.ods",
        "filled.xls",
        "filled.libreoffice.xlsx",
    ] {
        let path = dir().join(name);
        let old = read_file(&path, &std::fs::read(&path).unwrap(), &t).unwrap();
        assert_eq!(
            places(&old),
            places(&fresh),
            "{name}: band cells moved; run scripts/make-band-fixtures"
        );
    }
}

#[test]
fn a_csv_export_with_rows_and_columns_moved_is_read_by_codes_and_headers() {
    // French Excel's export: `;`, a remark column inserted at A, a row inserted in the
    // band block, the header written otherwise, bands in another order.
    let csv = "\
Lot 2 — Presse;;;;;
;;;;;
Remarque;Code;Désignation;Unité;Ville A [a];Ville B [b]
;1.4;Prix forfaitaire;€ HT;1 100;2 900
;1.4.q;Inscrits;inscrits;2000;6000
;;;;;
;;Tarif par tranche d'inscrits;;;
;CODE;Désignation;Unité;TARIF PAR TRANCHE (€ HT);Ville A [a]
;1.4.b1;jusqu'à 1 000;€ HT;\"800,00 €\";
à revoir;;;;;
;1.4.b3;plus de 5 000;€ HT;3 500;
;1.4.b2;de 1 001 à 5 000;€ HT;2000,5;
";
    let t = tender();
    let read = read_file(Path::new("offres/main.lot-2.csv"), csv.as_bytes(), &t).unwrap();
    assert!(read.notes.is_empty(), "{:?}", read.notes);
    assert_eq!(
        band_cells(&read, "2"),
        [
            ("E9".to_owned(), "800.00".parse().unwrap()),
            ("E12".to_owned(), "2000.5".parse().unwrap()),
            ("E11".to_owned(), "3500".parse().unwrap()),
        ]
    );
    let quote = &read.lots[0];
    assert_eq!(
        quote
            .bands
            .header
            .as_ref()
            .unwrap()
            .cell
            .unwrap()
            .to_string(),
        "E8"
    );
    assert_eq!(quote.bands.header.as_ref().unwrap().sheet, None);
    let prices = band_prices(quote, t.lot("2").unwrap().bands.as_ref().unwrap()).unwrap();
    assert_eq!(prices.prices[0].raw, "800,00 €");
    assert_eq!(prices.decreases(), Vec::<usize>::new());
}

/// Runs `check --format json` in a work directory; (exit code, document).
fn check(wd: &Workdir, extra: &[&str]) -> (i32, Value) {
    let out = wd
        .command()
        .args(["check", "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    let doc = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap(), doc)
}

/// A bidder's findings as (code, sheet, cell, item, severity); `-` for null.
fn findings(doc: &Value, bidder: &str) -> Vec<[String; 5]> {
    let s = |v: &Value| v.as_str().unwrap_or("-").to_owned();
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["bidder"] == bidder)
        .map(|f| {
            // A band price is not a scope's: no scope is named.
            if f["item"].as_str().is_some_and(|i| i.contains(".b")) {
                assert!(f["scope"].is_null(), "{f}");
            }
            [
                s(&f["code"]),
                s(&f["sheet"]),
                s(&f["cell"]),
                s(&f["item"]),
                s(&f["severity"]),
            ]
        })
        .collect()
}

fn f(code: &str, sheet: &str, cell: &str, item: &str, severity: &str) -> [String; 5] {
    [code, sheet, cell, item, severity].map(str::to_owned)
}

fn message(doc: &Value, bidder: &str, cell: &str) -> String {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["bidder"] == bidder && f["cell"] == cell)
        .unwrap_or_else(|| panic!("no finding of {bidder} at {cell}: {doc}"))["message"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// An offer on lot 1: 1 000 € for member a by population, and these band prices.
fn offer(t: &Tender, bands: &[(usize, FillValue)]) -> Vec<u8> {
    let template = tender::bpu::template::write(t).unwrap();
    let mut f = Filler::new(t);
    f.candidate(CandidateField::LegalName, "SA");
    f.item("1", "a", Population, Price, num("1000")).unwrap();
    for (band, v) in bands {
        f.band("1", *band, v.clone()).unwrap();
    }
    f.apply(&template).unwrap()
}

fn all_bands(prices: [&str; 7]) -> Vec<(usize, FillValue)> {
    prices
        .iter()
        .enumerate()
        .map(|(i, p)| (i, value(p)))
        .collect()
}

#[test]
fn each_band_problem_is_found_at_its_cell_and_leaves_the_scope_offers_alone() {
    let wd = Workdir::new();
    let t = wd.tender(&tender_text());
    let write = |name: &str, bands: &[(usize, FillValue)]| {
        wd.write(&format!("offres/{name}.xlsx"), offer(&t, bands));
    };
    write(
        "complet",
        &all_bands(["1000", "1500", "2000", "3000", "5000", "8000", "12000"]),
    );
    // b1 blank, b2 text, b3 negative, b4 a broken formula.
    write(
        "trous",
        &[
            (1, text("douze cents")),
            (2, num("-5")),
            (3, FillValue::Error("#REF!".into())),
            (4, num("5000")),
            (5, num("8000")),
            (6, num("12000")),
        ],
    );
    // b3 cheaper than b2; b4 with three decimals; b5 typed TTC.
    write(
        "baisse",
        &all_bands([
            "1000",
            "1500",
            "1400",
            "2000.125",
            "t:3 000 € TTC",
            "7000",
            "12000",
        ]),
    );
    // The scope priced, the band tariff left blank.
    write("vide", &[]);
    let (code, doc) = check(&wd, &[]);
    assert_eq!(code, 1, "{doc}");

    // Lot 2 asks a band tariff too, but these bidders do not answer it: nothing said.
    assert_eq!(findings(&doc, "complet"), Vec::<[String; 5]>::new());
    assert_eq!(
        findings(&doc, "trous"),
        [
            f("missing_band_price", "Lot 1", "D28", "1.5.b1", "error"),
            f("band_price_not_a_number", "Lot 1", "D29", "1.5.b2", "error"),
            f("negative_band_price", "Lot 1", "D30", "1.5.b3", "error"),
            f("band_price_not_a_number", "Lot 1", "D31", "1.5.b4", "error"),
        ]
    );
    assert_eq!(
        findings(&doc, "baisse"),
        [
            f(
                "band_price_below_previous",
                "Lot 1",
                "D30",
                "1.5.b3",
                "warning"
            ),
            f("too_many_decimals", "Lot 1", "D31", "1.5.b4", "warning"),
            f("vat_included", "Lot 1", "D32", "1.5.b5", "warning"),
        ]
    );
    assert_eq!(
        findings(&doc, "vide"),
        [f("band_tariff_not_filled", "Lot 1", "D28", "-", "error")]
    );

    let tail = " → tarif par tranche du lot 1 inutilisable ; les offres par périmètre n'en sont pas affectées";
    assert_eq!(
        message(&doc, "trous", "D28"),
        format!(
            "1.5.b1 (jusqu'à 5\u{a0}000 habitants) : prix absent ; attendu : un montant en euros HT{tail}"
        )
    );
    assert_eq!(
        message(&doc, "trous", "D29"),
        format!(
            "1.5.b2 (de 5\u{a0}001 à 10\u{a0}000 habitants) : « douze cents » n'est pas un nombre (caractère « d » inattendu) ; attendu : un montant en euros HT{tail}"
        )
    );
    assert_eq!(
        message(&doc, "trous", "D30"),
        format!(
            "1.5.b3 (de 10\u{a0}001 à 20\u{a0}000 habitants) : valeur négative (-5) ; attendu : un montant en euros HT positif ou nul{tail}"
        )
    );
    assert!(message(&doc, "trous", "D31").contains("#REF!"));
    assert_eq!(
        message(&doc, "baisse", "D30"),
        "1.5.b3 (de 10\u{a0}001 à 20\u{a0}000 habitants) : prix de 1\u{a0}400,00\u{a0}€ inférieur à celui de la tranche précédente, 1.5.b2 (1\u{a0}500,00\u{a0}€) : un périmètre plus grand coûterait moins cher ; à vérifier → avertissement seulement"
    );
    assert_eq!(
        message(&doc, "vide", "D28"),
        format!(
            "tarif par tranche non rempli (1.5.b1 à 1.5.b7) ; attendu : un prix annuel en euros HT pour chaque tranche{tail}"
        )
    );

    // The offers per scope stay regular: every bidder's offer for a is ok and ranked.
    for o in doc["offers"].as_array().unwrap() {
        assert_eq!(o["status"], "ok", "{o}");
    }
    let out = wd
        .command()
        .args(["rank", "--format", "json", "--lot", "1", "--scope", "a"])
        .output()
        .unwrap();
    let rank: Value = serde_json::from_slice(&out.stdout).unwrap();
    let scope = &rank["lots"][0]["scopes"][0];
    let ranked: Vec<&str> = scope["ranked"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["bidder"].as_str().unwrap())
        .collect();
    assert_eq!(ranked, ["baisse", "complet", "trous", "vide"]);
    assert_eq!(scope["excluded"], serde_json::json!([]));

    // In English.
    let (_, doc) = check(&wd, &["--lang", "en"]);
    assert_eq!(
        message(&doc, "trous", "D30"),
        "1.5.b3 (10,001 to 20,000 inhabitants): negative value (-5); expected an amount in euros excluding VAT, zero or more → lot 1's band tariff cannot be used; the offers per scope are not affected"
    );
    assert_eq!(
        message(&doc, "baisse", "D30"),
        "1.5.b3 (10,001 to 20,000 inhabitants): price of €1,400.00 lower than the band below, 1.5.b2 (€1,500.00): a larger perimeter would cost less; worth a look → warning only"
    );
}

#[test]
fn band_prices_the_tender_does_not_ask_for_are_said_and_ignored() {
    // The workbook was made from the template with 7 population bands on lot 1; the
    // tender then asks none on lot 1 (`sans`), or only three bands (`trois`).
    let full = all_bands(["1000", "1500", "2000", "3000", "5000", "8000", "12000"]);
    let bytes = offer(&tender(), &full);
    let without = tender_text().replace(
        "population_bands = [0, 5000, 10000, 20000, 50000, 100000, 200000]\n",
        "",
    );
    let three = tender_text().replace(
        "population_bands = [0, 5000, 10000, 20000, 50000, 100000, 200000]",
        "population_bands = [0, 5000, 10000]",
    );
    for (text, expected) in [
        (
            without,
            (0..7)
                .map(|i| {
                    f(
                        "unexpected_band_price",
                        "Lot 1",
                        &format!("D{}", 28 + i),
                        layout::band_code(BandMeasure::Population, i).unwrap(),
                        "warning",
                    )
                })
                .collect::<Vec<_>>(),
        ),
        (
            three,
            (3..7)
                .map(|i| {
                    f(
                        "unexpected_band_price",
                        "Lot 1",
                        &format!("D{}", 28 + i),
                        ["", "", "", "1.5.b4", "1.5.b5", "1.5.b6", "1.5.b7"][i],
                        "warning",
                    )
                })
                .collect(),
        ),
    ] {
        let wd = Workdir::new();
        let t = wd.tender(&text);
        wd.write("offres/acme.xlsx", &bytes);
        let (code, doc) = check(&wd, &[]);
        assert_eq!(code, 0, "warnings only: {doc}");
        assert_eq!(findings(&doc, "acme"), expected);
        assert_eq!(
            message(&doc, "acme", "D31"),
            "1.5.b4 : prix par tranche (« 3000 ») que la consultation ne demande pas pour ce lot ; il est ignoré → avertissement seulement"
        );
        // What is asked is read; what is not is kept aside.
        let read = read_file(Path::new("acme.xlsx"), &bytes, &t).unwrap();
        let asked = t
            .lot("1")
            .unwrap()
            .bands
            .as_ref()
            .map_or(0, |b| b.limits.len());
        assert_eq!(read.lots[0].bands.prices.len(), asked);
        assert_eq!(read.lots[0].bands.unasked.len(), 7 - asked);
    }
}

#[test]
fn a_band_given_twice_or_a_sheet_without_the_price_column_makes_the_tariff_unusable() {
    use common::{Free, FreeSheet, free_workbook};
    let wd = Workdir::new();
    wd.tender(&tender_text());
    let mut twice = vec![
        ("A1", Free::Text("Code")),
        ("B1", Free::Text("Ville A [a]")),
        ("A2", Free::Text("1.5")),
        ("B2", Free::Number("1000")),
        ("A4", Free::Text("Code")),
        ("B4", Free::Text("Tarif par tranche")),
    ];
    let codes = [
        "1.5.b1", "1.5.b2", "1.5.b3", "1.5.b4", "1.5.b5", "1.5.b6", "1.5.b7",
    ];
    let cells = ["A5", "A6", "A7", "A8", "A9", "A10", "A11"];
    let prices = ["B5", "B6", "B7", "B8", "B9", "B10", "B11"];
    let values = ["1000", "1500", "2000", "3000", "5000", "8000", "12000"];
    for i in 0..7 {
        twice.push((cells[i], Free::Text(codes[i])));
        twice.push((prices[i], Free::Number(values[i])));
    }
    let mut no_column = twice.clone();
    // Row 1.5.b2 again, with another price.
    twice.push(("A12", Free::Text("1.5.b2")));
    twice.push(("B12", Free::Number("1400")));
    wd.write(
        "offres/twice.xlsx",
        free_workbook(&[FreeSheet::new("Lot 1", twice)]),
    );
    // The price column's header replaced.
    no_column.retain(|(c, _)| *c != "B4");
    no_column.push(("B4", Free::Text("Prix")));
    wd.write(
        "offres/nocol.xlsx",
        free_workbook(&[FreeSheet::new("Lot 1", no_column)]),
    );

    let (code, doc) = check(&wd, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&doc, "twice"),
        [
            f("missing_legal_name", "Candidat", "-", "-", "warning"),
            f("duplicate_row", "Lot 1", "B12", "1.5.b2", "error"),
        ]
    );
    assert!(message(&doc, "twice", "B12").starts_with(
        "la ligne 1.5.b2 figure deux fois et porte ici un chiffre (première ligne : cellule A6)"
    ));
    assert_eq!(
        findings(&doc, "nocol"),
        [
            f("missing_legal_name", "Candidat", "-", "-", "warning"),
            f("no_band_column", "Lot 1", "-", "-", "error"),
        ]
    );
    let nocol = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "no_band_column")
        .unwrap();
    assert_eq!(
        nocol["message"],
        "pas de colonne « Tarif par tranche » : le tarif par tranche (1.5.b1 à 1.5.b7) n'a pu être lu → tarif par tranche du lot 1 inutilisable ; les offres par périmètre n'en sont pas affectées"
    );
}

#[test]
fn a_bidders_own_layout_with_the_price_column_in_the_header_row_is_read() {
    use common::{Free, FreeSheet, free_workbook};
    let t = tender();
    // The band prices in a column of the lot's header row (C), a hidden helper column
    // headed the same (D) holding other figures, the band rows under the items.
    let mut cells = vec![
        ("A1", Free::Text("Code")),
        ("B1", Free::Text("Ville A [a]")),
        ("C1", Free::Text("Tarif par tranche")),
        ("D1", Free::Text("Tarif par tranche")),
        ("A2", Free::Text("1.5")),
        ("B2", Free::Number("1000")),
    ];
    let codes = [
        "1.5.b1", "1.5.b2", "1.5.b3", "1.5.b4", "1.5.b5", "1.5.b6", "1.5.b7",
    ];
    let a = ["A3", "A4", "A5", "A6", "A7", "A8", "A9"];
    let c = ["C3", "C4", "C5", "C6", "C7", "C8", "C9"];
    let d = ["D3", "D4", "D5", "D6", "D7", "D8", "D9"];
    let values = ["1000", "1500", "2000", "3000", "5000", "8000", "12000"];
    for i in 0..7 {
        cells.push((a[i], Free::Text(codes[i])));
        cells.push((c[i], Free::Number(values[i])));
        cells.push((d[i], Free::Number("1")));
    }
    let mut sheet = FreeSheet::new("Lot 1", cells.clone());
    sheet.hidden_columns = vec![3];
    let bytes = free_workbook(&[sheet]);
    let read = read_file(Path::new("libre.xlsx"), &bytes, &t).unwrap();
    assert!(read.notes.is_empty(), "{:?}", read.notes);
    let quote = &read.lots[0];
    let prices = band_prices(quote, t.lot("1").unwrap().bands.as_ref().unwrap()).unwrap();
    assert_eq!(
        prices
            .prices
            .iter()
            .map(|p| (p.location.cell.unwrap().to_string(), p.raw.as_str()))
            .collect::<Vec<_>>(),
        [
            ("C3".to_owned(), "1000"),
            ("C4".to_owned(), "1500"),
            ("C5".to_owned(), "2000"),
            ("C6".to_owned(), "3000"),
            ("C7".to_owned(), "5000"),
            ("C8".to_owned(), "8000"),
            ("C9".to_owned(), "12000"),
        ]
    );
    // The same column visible: two band tariffs, which one is the offer cannot be told.
    let bytes = free_workbook(&[FreeSheet::new("Lot 1", cells)]);
    let read = read_file(Path::new("libre.xlsx"), &bytes, &t).unwrap();
    let problems =
        band_prices(&read.lots[0], t.lot("1").unwrap().bands.as_ref().unwrap()).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].location().cell.unwrap().to_string(), "D1");
}
