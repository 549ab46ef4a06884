//! Bidders' ids: readable slugs of their files' names, the same everywhere an id is
//! shown or typed (`check`, `--bidder`, the buyer's evaluation files); `scores --init`
//! starting the evaluation files; the lots a bidder declares on its `Candidat` sheet.
//!
//! The small tender (tests/common): lot 1 for members `a` (1 500 active accounts) and
//! `b` (2 500), price weight 40, technical weight 60.

mod common;

use common::{SMALL_TENDER, Workdir, json, num, offer_bytes};
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
