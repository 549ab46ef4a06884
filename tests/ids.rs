//! Bidders' ids: readable slugs of their files' names, the same everywhere an id is
//! shown or typed (`check`, `--bidder`, the buyer's evaluation files); `scores --init`
//! starting the evaluation files; the lots a bidder declares on its `Candidat` sheet.
//!
//! The small tender (tests/common): lot 1 for members `a` (1 500 active accounts) and
//! `b` (2 500), price weight 40, technical weight 60.

mod common;

use common::{SMALL_TENDER, Workdir, json, num, offer_bytes};
use tender::bpu::layout::CandidateField;
use tender::pricing::PricingModel::ActiveAccounts;
use tender::pricing::Term::{Price, Quota};

const SOCIETE: &str = "Offre Société Générale (v2)";
const SOCIETE_ID: &str = "offre-societe-generale-v2";

/// The small tender with a technical scores file, and two offers for lot 1, groupement:
/// the Société Générale's at 1 000 € for 4 000 accounts (no legal name given: a
/// warning in `check`), Acme's at 2 000 € for 4 000 accounts.
fn two_bidders(scores: Option<&str>) -> Workdir {
    let wd = Workdir::new();
    let mut toml = SMALL_TENDER.to_owned();
    if let Some(scores) = scores {
        toml.push_str("technical_scores = \"technique.csv\"\n");
        wd.write("technique.csv", scores);
    }
    let tender = wd.tender(&toml);
    let offer = |price: &str| {
        [
            ("1", "groupement", ActiveAccounts, Price, num(price)),
            ("1", "groupement", ActiveAccounts, Quota, num("4000")),
        ]
    };
    wd.write(
        &format!("offres/{SOCIETE}.xlsx"),
        offer_bytes(&tender, None, &offer("1000")),
    );
    wd.write(
        "offres/acme.xlsx",
        offer_bytes(&tender, Some("Acme SA"), &offer("2000")),
    );
    wd
}

#[test]
fn check_shows_the_slug_beside_the_file_in_table_csv_and_json() {
    let wd = two_bidders(None);
    let file = format!("offres/{SOCIETE}.xlsx");

    let doc = json(wd.command().args(["check", "--format", "json"]));
    let bidders: Vec<(&str, &str)> = doc["bidders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["bidder"].as_str().unwrap(),
                b["files"][0].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        bidders,
        [("acme", "offres/acme.xlsx"), (SOCIETE_ID, file.as_str())]
    );

    let out = wd
        .command()
        .args(["check", "--lang", "en"])
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table.contains(&format!("\n{SOCIETE_ID} — {file}\n")),
        "{table}"
    );
    assert!(
        table.contains("Acme SA (acme) — offres/acme.xlsx"),
        "{table}"
    );

    // The missing legal name is a finding of the file: its row names file and id.
    let out = wd
        .command()
        .args(["check", "--format", "csv"])
        .output()
        .unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    let row = csv
        .lines()
        .find(|l| l.contains("missing_legal_name"))
        .unwrap_or_else(|| panic!("{csv}"));
    assert!(row.starts_with(&format!("{file},")), "{row}");
    assert!(row.contains(&format!(",{SOCIETE_ID},")), "{row}");
}

/// (bidder, technical mark) of lot 1's groupement ranking.
fn technical_marks(wd: &Workdir) -> Vec<(String, String)> {
    let doc = json(
        wd.command()
            .args(["rank", "--format", "json", "--lot", "1"]),
    );
    common::ranked(common::scope(&doc, "1", "groupement"))
        .into_iter()
        .map(|(bidder, _, _, technical, _)| (bidder, technical))
        .collect()
}

#[test]
fn scores_name_a_bidder_by_its_id_or_by_its_file_name_as_before() {
    // Scores out of the technical weight (60) are the technical marks themselves.
    // Société Générale: cost 1 000 → price mark 40, + 45 = 85; Acme: 2 000 → 40 × 1 000
    // ÷ 2 000 = 20, + 30 = 50.
    let expected = vec![
        (SOCIETE_ID.to_owned(), "45.00".to_owned()),
        ("acme".to_owned(), "30.00".to_owned()),
    ];
    for written in [SOCIETE, SOCIETE_ID, "OFFRE  SOCIETE generale V2"] {
        let wd = two_bidders(Some(&format!(
            "bidder,lot,score\n\"{written}\",1,45\nAcme,1,30\n"
        )));
        assert_eq!(technical_marks(&wd), expected, "written {written:?}");
    }
}

#[test]
fn two_lines_for_the_same_id_are_a_duplicate() {
    let wd = two_bidders(Some(&format!(
        "bidder,lot,score\n\"{SOCIETE}\",1,45\n{SOCIETE_ID},1,40\n"
    )));
    let out = wd
        .command()
        .args(["rank", "--lang", "en"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("line 3") && err.contains("already given on line 2"),
        "{err}"
    );
}

#[test]
fn explain_takes_the_id_or_the_file_name() {
    let wd = two_bidders(None);
    for bidder in [SOCIETE_ID, SOCIETE] {
        let doc = json(wd.command().args([
            "explain",
            "--lot",
            "1",
            "--scope",
            "groupement",
            "--bidder",
            bidder,
            "--format",
            "json",
        ]));
        assert_eq!(doc["bidder"], SOCIETE_ID, "--bidder {bidder}");
    }
}

#[test]
fn files_named_differently_with_the_same_id_are_not_merged() {
    let wd = two_bidders(None);
    let acme = std::fs::read(wd.join("offres/acme.xlsx")).unwrap();
    wd.write("offres/ACME!.xlsx", &acme);
    let doc = json(
        wd.command()
            .args(["check", "--format", "json", "--lang", "en"]),
    );
    let finding = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "same_id")
        .unwrap_or_else(|| panic!("{doc:#}"));
    assert_eq!(finding["bidder"], "acme");
    assert_eq!(finding["severity"], "error");
    let message = finding["message"].as_str().unwrap();
    assert!(
        message.contains("offres/ACME!.xlsx, offres/acme.xlsx") && message.contains("'acme'"),
        "{message}"
    );
    // The other bidder is read all the same.
    let read: Vec<&str> = doc["bidders"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["status"] != "unread")
        .map(|b| b["bidder"].as_str().unwrap())
        .collect();
    assert!(read.contains(&SOCIETE_ID), "{doc:#}");
}

/// (code, cell, message) of `check --format json --lang en`'s findings for `acme`, whose
/// `Candidat` sheet declares `lots` and whose lot 1 alone is priced.
fn declared(lots: &str) -> Vec<(String, String, String)> {
    let wd = Workdir::new();
    let tender = wd.tender(SMALL_TENDER);
    let mut f = tender::bpu::fill::Filler::new(&tender);
    f.candidate(CandidateField::LegalName, "Acme SA")
        .candidate(CandidateField::Lots, lots);
    for (term, value) in [(Price, "1000"), (Quota, "4000")] {
        f.item("1", "groupement", ActiveAccounts, term, num(value))
            .unwrap();
    }
    let template = tender::bpu::template::write(&tender).unwrap();
    wd.write("offres/acme.xlsx", f.apply(&template).unwrap());
    let doc = json(
        wd.command()
            .args(["check", "--format", "json", "--lang", "en"]),
    );
    let s = |v: &serde_json::Value| v.as_str().unwrap_or("-").to_owned();
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (s(&f["code"]), s(&f["cell"]), s(&f["message"])))
        .collect()
}

#[test]
fn a_range_of_lots_declares_every_lot_within_it() {
    // Lots 1 and 2 declared, lot 2 left without figures: it is missing.
    for lots in [
        "1 à 2",
        "lots 1 à 2",
        "1-2",
        "1 a 2",
        "1 to 2",
        "lots 1 et 2",
        "1;2",
    ] {
        let codes: Vec<String> = declared(lots).into_iter().map(|f| f.0).collect();
        assert!(
            codes.iter().any(|c| c.starts_with("missing_")),
            "{lots}: {codes:?}"
        );
        assert!(
            !codes.iter().any(|c| c.contains("declared")),
            "{lots}: {codes:?}"
        );
    }
    // Lot 1 alone: nothing missing.
    assert_eq!(declared("lot 1"), []);
}

#[test]
fn a_range_past_the_tenders_lots_names_the_lot_it_does_not_have() {
    let found = declared("1 à 5");
    let unknown: Vec<&(String, String, String)> = found
        .iter()
        .filter(|f| f.0 == "unknown_declared_lot")
        .collect();
    assert_eq!(unknown.len(), 1, "{found:?}");
    assert!(unknown[0].2.contains("lot '5' declared"), "{found:?}");
    assert!(
        found.iter().any(|f| f.0.starts_with("missing_")),
        "{found:?}"
    );
}

#[test]
fn a_declaration_that_cannot_be_read_is_said_in_words() {
    for (lots, why) in [
        ("3 à 1", "the range '3 to 1' goes down"),
        ("1 à", "a range lacks its first or last lot"),
        ("1 ? 2", "'?' is neither a lot nor a separator"),
    ] {
        let found = declared(lots);
        let [(code, cell, message)] = found.as_slice() else {
            panic!("{lots}: {found:?}");
        };
        assert_eq!(code, "unreadable_declared_lots");
        // The template's fields start on row 4, the lots answered are the fifth: B8.
        assert_eq!(cell, "B8", "{lots}");
        assert!(
            message.contains(&format!("declared lots '{lots}' cannot be read: {why}")),
            "{message}"
        );
    }
}
