//! The template round trip: the workbook `tender template` writes, filled as a bidder
//! would and read back, gives back exactly what was filled; the same once re-saved by
//! LibreOffice as .ods and .xls, and from a CSV export of a lot sheet. The re-saved
//! files are committed fixtures made by `scripts/make-fixtures`.

mod common;

#[path = "../fixtures/roundtrip/fill.rs"]
mod fill;

use std::io::Read;
use std::path::{Path, PathBuf};

use calamine::{Data, DataType, Reader};
use rust_decimal::Decimal;
use tender::bpu::fill::Filler;
use tender::bpu::layout::{self, CandidateField};
use tender::bpu::read::{FileRead, read_file};
use tender::offer::CellContent;
use tender::pricing::{PricingModel, Term};
use tender::tender::Tender;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/roundtrip")
}

fn tender() -> Tender {
    tender::tender::load(&dir().join("tender.toml")).unwrap()
}

fn filled_now(t: &Tender) -> Vec<u8> {
    let template = tender::bpu::template::write(t).unwrap();
    let mut f = Filler::new(t);
    f.candidate(CandidateField::LegalName, fill::LEGAL_NAME);
    for (lot, scope, model, term, value, _) in fill::cells() {
        f.item(lot, scope, model, term, value).unwrap();
    }
    f.apply(&template).unwrap()
}

/// Every filled cell comes back as its decimal; every other bidder cell is empty; the
/// pre-filled bases hold the scope's figures.
fn assert_gives_back(read: &FileRead, t: &Tender, lots: &[&str]) {
    let filled = fill::cells();
    for lot in lots {
        let quote = read
            .lots
            .iter()
            .find(|l| l.lot == *lot)
            .unwrap_or_else(|| panic!("lot {lot} read"));
        assert_eq!(quote.scopes.len(), 3, "three scope columns in lot {lot}");
        for scope in &quote.scopes {
            for item in layout::ITEMS {
                let cell = scope
                    .cell(item.model, item.term)
                    .unwrap_or_else(|| panic!("row {} in lot {lot}", item.code));
                let expected = filled
                    .iter()
                    .find(|(l, s, m, term, _, _)| {
                        l == lot && *s == scope.scope && *m == item.model && *term == item.term
                    })
                    .map(|(.., e)| e.parse::<Decimal>().unwrap());
                match (expected, item.kind) {
                    (Some(e), _) => {
                        assert_eq!(
                            cell.content,
                            CellContent::Number(e),
                            "lot {lot} {} {}",
                            scope.scope,
                            item.code
                        )
                    }
                    (None, layout::ItemKind::Basis) => {
                        let s = t.scope(&scope.scope).unwrap();
                        let (population, users) = t.scope_size(s);
                        let want = if item.model == PricingModel::Population {
                            population
                        } else {
                            users
                        };
                        assert_eq!(
                            cell.content,
                            CellContent::Number(want.into()),
                            "basis {} {}",
                            scope.scope,
                            item.code
                        );
                    }
                    (None, _) => assert_eq!(
                        cell.content,
                        CellContent::Empty,
                        "lot {lot} {} {}",
                        scope.scope,
                        item.code
                    ),
                }
            }
        }
    }
}

#[test]
fn the_written_template_filled_and_read_back_gives_back_what_was_filled() {
    let t = tender();
    let bytes = filled_now(&t);
    let read = read_file(Path::new("filled.xlsx"), &bytes, &t).unwrap();
    assert_eq!(read.bidder_name.as_ref().unwrap().value, fill::LEGAL_NAME);
    assert_eq!(
        read.bidder_name
            .as_ref()
            .unwrap()
            .location
            .cell
            .unwrap()
            .to_string(),
        "B4"
    );
    assert_gives_back(&read, &t, &["1", "2", "3", "4", "5"]);
    assert!(read.notes.is_empty(), "{:?}", read.notes);
}

#[test]
fn resaved_by_libreoffice_as_ods_xls_and_xlsx_gives_back_the_same() {
    let t = tender();
    for name in ["filled.ods", "filled.xls", "filled.libreoffice.xlsx"] {
        let path = dir().join(name);
        let bytes = std::fs::read(&path).unwrap();
        let read = read_file(&path, &bytes, &t).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            read.bidder_name.as_ref().unwrap().value,
            fill::LEGAL_NAME,
            "{name}"
        );
        assert_gives_back(&read, &t, &["1", "2", "3", "4", "5"]);
    }
}

#[test]
fn a_libreoffice_csv_export_of_a_lot_sheet_gives_back_the_same() {
    let t = tender();
    let path = dir().join("filled.lot-3.csv");
    let bytes = std::fs::read(&path).unwrap();
    let read = read_file(&path, &bytes, &t).unwrap();
    assert_eq!(read.lots.len(), 1);
    assert_gives_back(&read, &t, &["3"]);
}

/// The committed fixtures were made from today's template: the cells' positions in them
/// are those of a freshly filled template. If this fails, run `scripts/make-fixtures`.
#[test]
fn fixtures_are_in_step_with_the_template() {
    let t = tender();
    let fresh = read_file(Path::new("fresh.xlsx"), &filled_now(&t), &t).unwrap();
    for name in [
        "filled.xlsx",
        "filled.ods",
        "filled.xls",
        "filled.libreoffice.xlsx",
    ] {
        let path = dir().join(name);
        let old = read_file(&path, &std::fs::read(&path).unwrap(), &t).unwrap();
        for (a, b) in old.lots.iter().zip(&fresh.lots) {
            for (sa, sb) in a.scopes.iter().zip(&b.scopes) {
                assert_eq!(
                    sa.header.cell, sb.header.cell,
                    "{name}: header moved; run scripts/make-fixtures"
                );
                for (k, cell) in &sb.cells {
                    assert_eq!(
                        sa.cells[k].location.cell, cell.location.cell,
                        "{name}: {k:?} moved; run scripts/make-fixtures"
                    );
                }
            }
        }
    }
}

#[test]
fn the_template_has_the_contract_layout() {
    let t = tender();
    let bytes = tender::bpu::template::write(&t).unwrap();
    let mut wb = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes.clone())).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec!["Candidat", "Lot 1", "Lot 2", "Lot 3", "Lot 4", "Lot 5"]
    );
    let c = wb.worksheet_range("Candidat").unwrap();
    let labels: Vec<String> = (3..7)
        .map(|r| c.get_value((r, 0)).unwrap().to_string())
        .collect();
    assert_eq!(labels, ["Raison sociale", "SIRET", "Contact", "Courriel"]);

    let s = wb.worksheet_range("Lot 2").unwrap();
    let header: Vec<String> = (0..6)
        .map(|col| s.get_value((4, col)).unwrap().to_string())
        .collect();
    assert_eq!(
        header,
        [
            "Code",
            "Désignation",
            "Unité",
            "Commune du Nord [nord]",
            "Commune du Sud [sud]",
            "Groupement [groupement]"
        ]
    );
    let codes: Vec<String> = (5..25)
        .filter_map(|r| match s.get_value((r, 0)) {
            Some(Data::String(code)) => Some(code.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        codes,
        [
            "1.1", "1.1.q", "1.1.pv", "1.1.mv", "1.2", "1.2.q", "1.2.pv", "1.2.mv", "1.3", "1.3.q",
            "1.3.pv", "1.4", "1.4.q", "1.5", "1.5.q"
        ]
    );
    // Bases pre-filled: registered users 3 000 / 9 000 / 12 000 on row 21, population
    // 12 000 / 48 000 / 60 000 on row 24.
    let row = |r: u32| -> Vec<f64> {
        (3..6)
            .map(|col| s.get_value((r, col)).unwrap().as_f64().unwrap())
            .collect()
    };
    assert_eq!(row(20), [3000.0, 9000.0, 12000.0]);
    assert_eq!(row(23), [12000.0, 48000.0, 60000.0]);
    // Units.
    assert_eq!(s.get_value((5, 2)).unwrap().to_string(), "€ HT");
    assert_eq!(s.get_value((6, 2)).unwrap().to_string(), "comptes");

    // Every sheet is protected; input cells are unlocked; money is formatted in euros.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    for i in 1..=6 {
        let mut xml = String::new();
        zip.by_name(&format!("xl/worksheets/sheet{i}.xml"))
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        assert!(xml.contains("<sheetProtection"), "sheet {i} protected");
    }
    let mut styles = String::new();
    zip.by_name("xl/styles.xml")
        .unwrap()
        .read_to_string(&mut styles)
        .unwrap();
    assert!(styles.contains("locked=\"0\""), "unlocked input style");
    assert!(styles.contains("€"), "euro number format");
}

#[test]
fn the_template_is_deterministic_and_named_after_the_reference() {
    let t = tender();
    assert_eq!(
        tender::bpu::template::write(&t).unwrap(),
        tender::bpu::template::write(&t).unwrap()
    );
    assert_eq!(tender::bpu::template::file_name(&t), "BPU-RT-2025.xlsx");
}

#[test]
fn template_command_writes_into_the_folder() {
    let wd = common::Workdir::new();
    wd.write(
        "tender.toml",
        std::fs::read(dir().join("tender.toml")).unwrap(),
    );
    wd.command()
        .args(["template", "--out", "bpu"])
        .assert()
        .success();
    let written = std::fs::read(wd.join("bpu/BPU-RT-2025.xlsx")).unwrap();
    assert_eq!(written, tender::bpu::template::write(&tender()).unwrap());
    // And -o names the file itself.
    wd.command()
        .args(["template", "-o", "x/mon-bpu.xlsx"])
        .assert()
        .success();
    assert!(wd.join("x/mon-bpu.xlsx").is_file());
}

/// Rows of a model whose term rows the reader needs, checked against the layout.
#[test]
fn layout_positions_are_where_the_filler_writes() {
    assert_eq!(
        layout::item_cell(PricingModel::ActiveAccounts, Term::Price, 0)
            .unwrap()
            .to_string(),
        "D6"
    );
    assert_eq!(
        layout::item_cell(PricingModel::SimultaneousAccesses, Term::Quota, 1)
            .unwrap()
            .to_string(),
        "E12"
    );
    assert_eq!(
        layout::item_cell(PricingModel::Population, Term::Price, 2)
            .unwrap()
            .to_string(),
        "F23"
    );
}

/// A workbook laid out by a bidder (moved header, a scope named without its id, a hidden
/// helper column with figures, a price merged over two scopes, a formula's saved result),
/// as written and once re-saved by LibreOffice as .ods and as .xlsx: all read the same.
#[test]
fn a_bidder_made_layout_reads_the_same_in_every_program() {
    let t = tender();
    let fresh = fill::bidder_made();
    let mut variants = vec![("fresh.xlsx".to_owned(), fresh)];
    for name in [
        "bidder-made.xlsx",
        "bidder-made.ods",
        "bidder-made.libreoffice.xlsx",
    ] {
        variants.push((name.to_owned(), std::fs::read(dir().join(name)).unwrap()));
    }
    for (name, bytes) in variants {
        let read =
            read_file(Path::new(&name), &bytes, &t).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            read.bidder_name.as_ref().map(|n| n.value.as_str()),
            Some(fill::LEGAL_NAME),
            "{name}"
        );
        assert!(read.notes.is_empty(), "{name}: {:?}", read.notes);
        for (lot, scope, code, price) in fill::BIDDER_MADE_PRICES {
            let item = layout::item_by_code(code).unwrap();
            let quote = read
                .lots
                .iter()
                .find(|l| l.lot == lot)
                .unwrap_or_else(|| panic!("{name}: lot {lot}"));
            let column = quote
                .scopes
                .iter()
                .find(|s| s.scope == scope)
                .unwrap_or_else(|| panic!("{name}: {scope}"));
            assert_eq!(
                column
                    .cell(item.model, item.term)
                    .map(|c| c.content.clone()),
                Some(CellContent::Number(price.parse().unwrap())),
                "{name}: lot {lot} {scope} {code}"
            );
        }
        // Only three scope columns in lot 1: the hidden helper is not one.
        assert_eq!(read.lots[0].scopes.len(), 3, "{name}");
    }
}
