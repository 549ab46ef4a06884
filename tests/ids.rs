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
        // The small tender weighs a technical criterion it has no scores file for: that
        // warning is about the tender, not about the declared lots.
        .filter(|f| f["code"] != "no_technical_scores")
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

/// The small tender with two criteria the experts score (catalogue out of 20 for 40
/// points, service out of 10 for 20), a minimum security grade B from the buyer's
/// grades file, and one GDPR question to be answered yes.
fn evaluated_tender(wd: &Workdir) -> tender::tender::Tender {
    let toml = format!(
        "{SMALL_TENDER}technical_scores = \"technique.csv\"
[[award.criterion]]
id = \"catalogue\"
name = \"Catalogue\"
weight = 40
max = 20
[[award.criterion]]
id = \"service\"
name = \"Service\"
weight = 20
max = 10
[award.security]
minimum_grade = \"B\"
grades = \"securite.csv\"
[award.gdpr]
answers = \"rgpd.csv\"
[[award.gdpr.question]]
id = \"hebergement_ue\"
text = \"Hébergement dans l'UE\"
required = \"oui\"
"
    );
    wd.tender(&toml)
}

/// Offers: the Société Générale on lot 1 (groupement, 1 000 € for 4 000 accounts);
/// Acme on lot 1 (2 000 €) and lot 2 (groupement, 500 €); a PDF beside them.
fn evaluated_offers(wd: &Workdir, tender: &tender::tender::Tender) {
    let offer = |lot: &'static str, price: &str| {
        [
            (lot, "groupement", ActiveAccounts, Price, num(price)),
            (lot, "groupement", ActiveAccounts, Quota, num("4000")),
        ]
    };
    wd.write(
        &format!("offres/{SOCIETE}.xlsx"),
        offer_bytes(tender, Some("Société Générale"), &offer("1", "1000")),
    );
    let mut acme = offer("1", "2000").to_vec();
    acme.extend(offer("2", "500"));
    wd.write(
        "offres/acme.xlsx",
        offer_bytes(tender, Some("Acme SA"), &acme),
    );
}

fn read(wd: &Workdir, file: &str) -> String {
    String::from_utf8(std::fs::read(wd.join(file)).unwrap()).unwrap()
}

#[test]
fn scores_init_starts_every_evaluation_file_with_one_line_per_bidder_and_lot() {
    let wd = Workdir::new();
    let tender = evaluated_tender(&wd);
    evaluated_offers(&wd, &tender);
    let out = wd
        .command()
        .args(["scores", "--init", "--lang", "en"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{said}");
    let g = SOCIETE_ID;
    assert_eq!(
        read(&wd, "technique.csv"),
        format!(
            "\u{FEFF}bidder;lot;criterion;score\nacme;1;catalogue;\nacme;1;service;\n\
             acme;2;catalogue;\nacme;2;service;\n{g};1;catalogue;\n{g};1;service;\n"
        )
    );
    assert_eq!(
        read(&wd, "securite.csv"),
        format!("\u{FEFF}bidder;lot;grade\nacme;1;\nacme;2;\n{g};1;\n")
    );
    assert_eq!(
        read(&wd, "rgpd.csv"),
        format!("\u{FEFF}bidder;question;answer\nacme;hebergement_ue;\n{g};hebergement_ue;\n")
    );
    for line in [
        "technique.csv written (technical scores): 6 line(s) to fill in",
        "securite.csv written (security grades): 3 line(s) to fill in",
        "rgpd.csv written (GDPR answers): 2 line(s) to fill in",
        "Next: fill in the last column",
    ] {
        assert!(said.contains(line), "{said}");
    }

    // Unfilled, the files are read without error: no mark, no grade, no answer.
    let out = wd
        .command()
        .args(["rank", "--format", "json"])
        .output()
        .unwrap();
    assert_ne!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<serde_json::Value>(&out.stdout).expect("rank JSON");

    // Filled in by hand, French decimal comma included.
    let fill = |file: &str, marks: &[(&str, &str)]| {
        let mut text = read(&wd, file);
        for (line, mark) in marks {
            text = text.replace(&format!("\n{line};\n"), &format!("\n{line};{mark}\n"));
        }
        wd.write(file, text);
    };
    fill(
        "technique.csv",
        &[
            (&format!("{g};1;catalogue"), "16"),
            (&format!("{g};1;service"), "7,5"),
            ("acme;1;catalogue", "10"),
            ("acme;1;service", "5"),
            ("acme;2;catalogue", "20"),
            ("acme;2;service", "10"),
        ],
    );
    fill(
        "securite.csv",
        &[(&format!("{g};1"), "A"), ("acme;1", "B+"), ("acme;2", "B")],
    );
    fill(
        "rgpd.csv",
        &[
            (&format!("{g};hebergement_ue"), "oui"),
            ("acme;hebergement_ue", "oui"),
        ],
    );
    // Société Générale: 40 × 16 ÷ 20 + 20 × 7.5 ÷ 10 = 32 + 15 = 47; price mark 40
    // (the lower cost); 87. Acme: 40 × 10 ÷ 20 + 20 × 5 ÷ 10 = 20 + 10 = 30; price mark
    // 40 × 1 000 ÷ 2 000 = 20; 50.
    let doc = json(wd.command().args(["rank", "--format", "json"]));
    let lot_1: Vec<(String, String, String)> =
        common::ranked(common::scope(&doc, "1", "groupement"))
            .into_iter()
            .map(|(bidder, _, price, technical, total)| (bidder, technical, total + "/" + &price))
            .collect();
    assert_eq!(
        lot_1,
        [
            (g.to_owned(), "47.00".to_owned(), "87.00/40.00".to_owned()),
            (
                "acme".to_owned(),
                "30.00".to_owned(),
                "50.00/20.00".to_owned()
            ),
        ]
    );
    // Acme alone on lot 2: 40 + 20 = 60 technical, 40 price.
    let lot_2 = common::ranked(common::scope(&doc, "2", "groupement"));
    assert_eq!(
        (lot_2[0].3.as_str(), lot_2[0].4.as_str()),
        ("60.00", "100.00")
    );
}

#[test]
fn scores_init_never_overwrites_unless_forced() {
    let wd = Workdir::new();
    let tender = evaluated_tender(&wd);
    evaluated_offers(&wd, &tender);
    wd.write("securite.csv", "bidder,lot,grade\nacme,*,A\n");
    let out = wd
        .command()
        .args(["scores", "--init", "--lang", "en"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("securite.csv already exists; add --force to replace it"),
        "{err}"
    );
    // Nothing written, not even the files that did not exist.
    assert_eq!(read(&wd, "securite.csv"), "bidder,lot,grade\nacme,*,A\n");
    assert!(!wd.join("technique.csv").exists());

    let out = wd
        .command()
        .args(["scores", "--init", "--force"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(read(&wd, "securite.csv").starts_with("\u{FEFF}bidder;lot;grade\nacme;1;\n"));
}

#[test]
fn scores_init_says_when_there_is_nothing_to_start() {
    // No evaluation file named.
    let wd = two_bidders(None);
    let out = wd
        .command()
        .args(["scores", "--init", "--lang", "en"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("the tender names no evaluation file"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // No offer read.
    let wd = Workdir::new();
    evaluated_tender(&wd);
    let out = wd
        .command()
        .args(["scores", "--init", "--lang", "en"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no offer could be read"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!wd.join("technique.csv").exists());
    // Without --init, the command says what it needs.
    let out = wd
        .command()
        .args(["scores", "--lang", "en"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--init"));
}

/// `check --format json` on two CSV exports of the round-trip fixture's lot 3, named
/// `first` and `second` in the offers folder: the bidders and their files.
fn csv_bidders(first: &str, second: &str) -> (Vec<(String, Vec<String>)>, serde_json::Value) {
    let wd = Workdir::new();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/roundtrip");
    wd.write(
        "tender.toml",
        std::fs::read(fixtures.join("tender.toml")).unwrap(),
    );
    let csv = std::fs::read(fixtures.join("filled.lot-3.csv")).unwrap();
    wd.write(&format!("offres/{first}"), &csv);
    wd.write(&format!("offres/{second}"), &csv);
    let doc = json(wd.command().args(["check", "offres", "--format", "json"]));
    let bidders = doc["bidders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            let files = b["files"].as_array().unwrap();
            (
                b["bidder"].as_str().unwrap().to_owned(),
                files
                    .iter()
                    .map(|f| f.as_str().unwrap().to_owned())
                    .collect(),
            )
        })
        .collect();
    (bidders, doc)
}

#[test]
fn csv_exports_named_alike_are_one_bidder_and_named_apart_are_refused() {
    let (bidders, _) = csv_bidders("Société Générale.lot-3.csv", "Société Générale.Lot 4.csv");
    assert_eq!(
        bidders,
        [(
            "societe-generale".to_owned(),
            vec![
                "offres/Société Générale.Lot 4.csv".to_owned(),
                "offres/Société Générale.lot-3.csv".to_owned()
            ]
        )]
    );
    let (bidders, doc) = csv_bidders("Société Générale.lot-3.csv", "societe generale.lot-4.csv");
    assert_eq!(bidders.len(), 1, "{doc:#}");
    assert_eq!(bidders[0].0, "societe-generale");
    let codes: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .filter(|c| *c != "no_technical_scores")
        .collect();
    assert_eq!(codes, ["same_id"], "{doc:#}");
}

#[test]
fn scores_init_names_the_bidders_it_could_not_read() {
    let wd = Workdir::new();
    let tender = evaluated_tender(&wd);
    evaluated_offers(&wd, &tender);
    wd.write("offres/Broken.xlsx", b"PK\x03\x04 not a zip archive");
    let out = wd
        .command()
        .args(["scores", "--init", "--lang", "en"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    // An offer file could not be read: exit status 3, as for the analysis commands.
    assert_eq!(out.status.code(), Some(3), "{said}");
    assert!(
        said.contains("file not read, no line: offres/Broken.xlsx"),
        "{said}"
    );
    assert!(
        said.contains(&format!("bidders: acme, {SOCIETE_ID}\n")),
        "{said}"
    );
    assert!(!read(&wd, "rgpd.csv").contains("broken"));
}

#[test]
fn scores_init_without_criteria_gives_one_score_per_bidder_and_lot() {
    let wd = two_bidders(Some("placeholder"));
    std::fs::remove_file(wd.join("technique.csv")).unwrap();
    let out = wd.command().args(["scores", "--init"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        read(&wd, "technique.csv"),
        format!("\u{FEFF}bidder;lot;score\nacme;1;\n{SOCIETE_ID};1;\n")
    );
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("technique.csv écrit (notes techniques) : 2 ligne(s) à remplir"),
        "{said}"
    );
    // Filled with the old form of the name for one, the id for the other: 45 and 30,
    // out of the technical weight, are the marks.
    wd.write(
        "technique.csv",
        format!("bidder;lot;score\nacme;1;30\n{SOCIETE};1;45\n"),
    );
    assert_eq!(
        technical_marks(&wd),
        [
            (SOCIETE_ID.to_owned(), "45.00".to_owned()),
            ("acme".to_owned(), "30.00".to_owned())
        ]
    );
}

#[test]
fn only_the_mark_may_be_left_empty() {
    // A line without its bidder is still an error, naming the line and the column.
    let wd = two_bidders(Some("bidder;lot;score\n;1;30\n"));
    let out = wd
        .command()
        .args(["rank", "--lang", "en"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("technique.csv, line 2, column bidder: empty value"),
        "{err}"
    );
}
