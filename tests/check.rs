//! `tender check`: each kind of finding, with a fixture and its exact location.
//!
//! The small tender (tests/common): lot 1 with members `a` (column D of the template)
//! and `b` (E), the groupement (F); template rows 1.1 → 6, 1.1.q → 7, 1.1.pv → 8,
//! 1.3 → 16, 1.3.q → 17, 1.4 → 20, 1.4.q → 21, 1.5 → 23, 1.5.q → 24. Member a uses
//! 1 500 accounts; registered users: a 2 000, b 6 000; population: a 10 000, b 30 000.

mod common;

use common::{Free, FreeSheet, SMALL_TENDER, Workdir, free_workbook, num, offer_bytes, text};
use serde_json::Value;
use tender::bpu::fill::FillValue;
use tender::pricing::PricingModel::{ActiveAccounts, Consultations, Population, RegisteredUsers};
use tender::pricing::Term::{Price, Quota};

/// Runs `check --format json` and returns (exit code, document).
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

/// The findings of a bidder, as (code, sheet, cell, scope, severity).
fn findings(doc: &Value, bidder: &str) -> Vec<(String, String, String, String, String)> {
    let s = |v: &Value| v.as_str().unwrap_or("-").to_owned();
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["bidder"] == bidder)
        .map(|f| {
            (
                s(&f["code"]),
                s(&f["sheet"]),
                s(&f["cell"]),
                s(&f["scope"]),
                s(&f["severity"]),
            )
        })
        .collect()
}

fn f(
    code: &str,
    sheet: &str,
    cell: &str,
    scope: &str,
    severity: &str,
) -> (String, String, String, String, String) {
    (
        code.into(),
        sheet.into(),
        cell.into(),
        scope.into(),
        severity.into(),
    )
}

fn message<'a>(doc: &'a Value, bidder: &str, code: &str) -> &'a str {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["bidder"] == bidder && f["code"] == code)
        .unwrap_or_else(|| panic!("no {code} for {bidder}: {doc}"))["message"]
        .as_str()
        .unwrap()
}

#[test]
fn the_example_shows_its_irregular_offers_with_their_cells() {
    let out = assert_cmd::Command::cargo_bin("tender")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--tender", "examples/grenoble/tender.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("✗ feuille « Lot 1 », cellule D6 : plusieurs modes de tarification"),
        "{text}"
    );
    assert!(
        text.contains("✗ feuille « Lot 3 », cellule D12 : la cellule 1.2.q est vide"),
        "{text}"
    );
    assert!(
        text.contains("offre irrégulière pour le lot 3, périmètre grenoble"),
        "{text}"
    );
    assert!(
        text.contains("le candidat déclare répondre au lot 6"),
        "{text}"
    );
    assert!(
        text.contains(
            "Bilan : lot 1 irrégulier ; lot 2 complet ; lot 3 irrégulier ; lot 6 incomplet"
        ),
        "{text}"
    );
    assert!(
        text.contains("Musicalia SAS (musicalia)") && text.contains("Aucun problème."),
        "{text}"
    );
}

#[test]
fn every_value_problem_is_found_at_its_cell() {
    let wd = Workdir::new();
    let t = wd.tender(SMALL_TENDER);
    let write = |name: &str,
                 cells: &[(
        &str,
        &str,
        tender::pricing::PricingModel,
        tender::pricing::Term,
        FillValue,
    )]| {
        wd.write(
            &format!("offres/{name}.xlsx"),
            offer_bytes(&t, Some("SA"), cells),
        );
    };
    write("p1", &[("1", "a", ActiveAccounts, Quota, num("2000"))]);
    write(
        "p2",
        &[
            ("1", "a", ActiveAccounts, Price, num("900")),
            ("1", "a", ActiveAccounts, Quota, num("0")),
        ],
    );
    write(
        "p3",
        &[
            ("1", "a", ActiveAccounts, Price, num("900")),
            ("1", "a", ActiveAccounts, Quota, num("1000")),
        ],
    );
    write("p4", &[("1", "a", Population, Price, text("douze mille"))]);
    write(
        "p5",
        &[
            (
                "1",
                "a",
                Consultations,
                Price,
                FillValue::Error("#REF!".into()),
            ),
            ("1", "a", Consultations, Quota, num("100")),
            ("1", "b", Consultations, Price, num("-5")),
            (
                "1",
                "b",
                Consultations,
                Quota,
                FillValue::Error("#N/A".into()),
            ),
            (
                "1",
                "groupement",
                Consultations,
                Price,
                FillValue::Error("#DIV/0!".into()),
            ),
            ("1", "groupement", Consultations, Quota, num("100")),
        ],
    );
    write(
        "p6",
        &[
            ("1", "a", Population, Price, num("100")),
            ("1", "b", RegisteredUsers, Price, num("100")),
        ],
    );
    let (code, doc) = check(&wd, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&doc, "p1"),
        vec![f("missing_value", "Lot 1", "D6", "a", "error")]
    );
    assert_eq!(
        findings(&doc, "p2"),
        vec![f("zero_quota", "Lot 1", "D7", "a", "error")]
    );
    assert_eq!(
        findings(&doc, "p3"),
        vec![f("missing_surcharge", "Lot 1", "D8", "a", "error")]
    );
    assert_eq!(
        findings(&doc, "p4"),
        vec![f("not_a_number", "Lot 1", "D23", "a", "error")]
    );
    assert_eq!(
        findings(&doc, "p5"),
        vec![
            f("error_value", "Lot 1", "D16", "a", "error"),
            f("negative_value", "Lot 1", "E16", "b", "error"),
            f("error_value", "Lot 1", "F16", "groupement", "error"),
            f("error_value", "Lot 1", "E17", "b", "error"),
        ]
    );
    // Two models: one finding for the lot, naming both scopes.
    assert_eq!(
        findings(&doc, "p6"),
        vec![f("several_models", "Lot 1", "E20", "-", "error")]
    );
    assert!(
        message(&doc, "p6", "several_models")
            .ends_with("→ offre irrégulière pour le lot 1, périmètres a, b")
    );
    assert_eq!(
        message(&doc, "p4", "not_a_number"),
        "1.5 : « douze mille » n'est pas un nombre (caractère « d » inattendu) ; attendu : un montant en euros HT → offre irrégulière pour le lot 1, périmètre a"
    );
    assert!(message(&doc, "p5", "error_value").contains("#REF!"));
    // Statuses per offer.
    let offers = doc["offers"].as_array().unwrap();
    let status = |b: &str, s: &str| {
        offers
            .iter()
            .find(|o| o["bidder"] == b && o["scope"] == s)
            .unwrap()["status"]
            .clone()
    };
    assert_eq!(status("p1", "a"), "irregular");
    assert_eq!(status("p5", "b"), "irregular");
    let bidder = doc["bidders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["bidder"] == "p2")
        .unwrap();
    assert_eq!(bidder["status"], "irregular");
    assert_eq!(
        bidder["lots"],
        serde_json::json!([{"lot": "1", "status": "irregular"}])
    );
}

#[test]
fn warnings_alone_exit_0_and_are_located() {
    let wd = Workdir::new();
    let t = wd.tender(SMALL_TENDER);
    // No legal name; a price with three decimals; a price typed TTC; the basis of a
    // model not chosen changed (1.4.q of a: 2 000 → 1 800).
    let cells = [
        ("1", "a", Population, Price, num("1000.125")),
        ("1", "b", Population, Price, text("3 000 € TTC")),
        ("1", "a", RegisteredUsers, Quota, num("1800")),
    ];
    wd.write("offres/acme.xlsx", offer_bytes(&t, None, &cells));
    let (code, doc) = check(&wd, &["--lot", "1"]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(
        findings(&doc, "acme"),
        vec![
            f("missing_legal_name", "Candidat", "-", "-", "warning"),
            f("basis_altered", "Lot 1", "D21", "a", "warning"),
            f("too_many_decimals", "Lot 1", "D23", "a", "warning"),
            f("vat_included", "Lot 1", "E23", "b", "warning"),
        ]
    );
    assert_eq!(
        message(&doc, "acme", "basis_altered"),
        "1.4.q : la base pré-remplie a été modifiée (attendu : 2\u{a0}000, trouvé : « 1800 ») ; sans effet, ce mode de tarification n'est pas celui retenu → avertissement seulement"
    );
    assert_eq!(doc["bidders"][0]["status"], "complete");
}

#[test]
fn an_altered_basis_of_the_chosen_model_makes_the_offer_irregular() {
    let wd = Workdir::new();
    let t = wd.tender(SMALL_TENDER);
    // Population of b changed from 30 000 to 25 000 under a 1.5 price.
    let cells = [
        ("1", "b", Population, Price, num("3000")),
        ("1", "b", Population, Quota, num("25000")),
    ];
    wd.write("offres/acme.xlsx", offer_bytes(&t, Some("ACME"), &cells));
    let (code, doc) = check(&wd, &["--lot", "1"]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&doc, "acme"),
        vec![f("basis_altered", "Lot 1", "E24", "b", "error")]
    );
    // rank excludes it too.
    let out = wd
        .command()
        .args(["rank", "--format", "json", "--lot", "1"])
        .output()
        .unwrap();
    let rank: Value = serde_json::from_slice(&out.stdout).unwrap();
    let b = &rank["lots"][0]["scopes"][1];
    assert_eq!(b["excluded"][0]["status"], "irregular");
    assert!(
        b["excluded"][0]["reasons"][0]
            .as_str()
            .unwrap()
            .contains("cellule E24")
    );
}

/// A bidder's own workbook: another layout than the template's, as programs and people
/// make them.
fn bidder_made() -> Vec<u8> {
    let candidat = FreeSheet::new(
        "candidat",
        vec![
            ("A1", Free::Text("Consultation")),
            ("B1", Free::Text("2024-XX-99 — une autre consultation")),
            ("A3", Free::Text("Raison sociale")),
            ("B3", Free::Text("Libre Édition SARL")),
            ("A4", Free::Text("Lots auxquels le candidat répond")),
            ("B4", Free::Text("1, 2 et 9")),
        ],
    );
    let mut lot = FreeSheet::new(
        "LOT 01 - Musique",
        vec![
            // A column inserted at A, the header pushed down to row 4.
            ("A4", Free::Text("Remarque")),
            ("B4", Free::Text("code")),
            ("C4", Free::Text("Désignation")),
            ("D4", Free::Text("Ville A")),
            ("E4", Free::Text("Ville B [b]")),
            ("F4", Free::Text("Calcul interne [b]")),
            ("G4", Free::Text("Groupement [groupement]")),
            ("H4", Free::Text("Ville C [c]")),
            ("I4", Free::Text("Ville B [b]")),
            ("B5", Free::Text("1.4")),
            ("C5", Free::Text("Prix forfaitaire")),
            // Merged over D5:E5: both a and b read 1 200.
            ("D5", Free::Number("1200")),
            // A hidden helper column with figures: not read, no duplicate.
            ("F5", Free::Number("999")),
            // A formula with its saved result: the result is read.
            ("G5", Free::Formula("=1000+1500", Some("2500"))),
            ("H5", Free::Number("7")),
            ("B6", Free::Text("1.4.q")),
            ("D6", Free::Number("2000")),
            ("E6", Free::Number("6000")),
            ("G6", Free::Number("8000")),
            // The same code again, empty: a warning.
            ("B8", Free::Text("1.4")),
        ],
    );
    lot.hidden_columns = vec![5];
    lot.merged = vec![(4, 3, 4, 4)];
    free_workbook(&[candidat, lot])
}

#[test]
fn a_bidders_own_layout_is_read_and_its_oddities_said() {
    let wd = Workdir::new();
    wd.tender(SMALL_TENDER);
    wd.write("offres/libre.xlsx", bidder_made());
    let (code, doc) = check(&wd, &[]);
    assert_eq!(
        findings(&doc, "libre"),
        vec![
            f("other_tender", "candidat", "B1", "-", "warning"),
            f("unknown_declared_lot", "candidat", "B4", "-", "warning"),
            f("unknown_scope", "LOT 01 - Musique", "H4", "-", "warning"),
            f("duplicate_column", "LOT 01 - Musique", "I4", "-", "warning"),
            f("duplicate_row", "LOT 01 - Musique", "B8", "-", "warning"),
            f("missing_sheet", "-", "-", "-", "error"),
        ]
    );
    assert_eq!(code, 1, "lot 2 declared but absent");
    assert_eq!(
        message(&doc, "libre", "missing_sheet"),
        "le candidat déclare répondre au lot 2, mais son classeur n'a pas de feuille « Lot 2 » → lot 2 incomplet : aucune offre lue"
    );
    // The offers are read: merged cell for a and b, the formula's saved result for the
    // groupement, the hidden column ignored.
    let out = wd
        .command()
        .args(["rank", "--format", "json", "--lot", "1"])
        .output()
        .unwrap();
    let rank: Value = serde_json::from_slice(&out.stdout).unwrap();
    let cost = |i: usize| {
        rank["lots"][0]["scopes"][i]["ranked"][0]["annual_cost_ht"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(
        (cost(0), cost(1), cost(2)),
        ("1200.00".into(), "1200.00".into(), "2500.00".into())
    );
    assert_eq!(
        rank["lots"][0]["scopes"][0]["ranked"][0]["bidder_name"],
        "Libre Édition SARL"
    );
}

#[test]
fn a_formula_saved_without_its_result_is_not_read_as_zero() {
    let wd = Workdir::new();
    wd.tender(SMALL_TENDER);
    let book = free_workbook(&[FreeSheet::new(
        "Lot 1",
        vec![
            ("A1", Free::Text("Code")),
            ("B1", Free::Text("Ville A [a]")),
            ("A2", Free::Text("1.5")),
            ("B2", Free::Formula("=SUM(C2:C3)", Some("1000"))),
        ],
    )]);
    wd.write("offres/calc.xlsx", common::strip_formula_results(&book));
    let (code, doc) = check(&wd, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&doc, "calc")[1],
        f("formula_without_value", "Lot 1", "B2", "a", "error")
    );
    assert!(message(&doc, "calc", "formula_without_value").starts_with(
        "1.5 : la formule =SUM(C2:C3) n'a pas de résultat enregistré dans le fichier (enregistré sans calcul) : sa valeur est inconnue, elle n'est pas lue comme 0"
    ));
}

#[test]
fn duplicates_holding_figures_make_the_scope_irregular() {
    let wd = Workdir::new();
    wd.tender(SMALL_TENDER);
    let book = free_workbook(&[FreeSheet::new(
        "Lot 1",
        vec![
            ("A1", Free::Text("Code")),
            ("B1", Free::Text("Ville A [a]")),
            ("C1", Free::Text("Ville B [b]")),
            ("D1", Free::Text("Ville B [b]")),
            ("A2", Free::Text("1.5")),
            ("B2", Free::Number("1000")),
            ("C2", Free::Number("3000")),
            ("D2", Free::Number("3100")),
            ("A3", Free::Text("1.5")),
            ("B3", Free::Number("1100")),
        ],
    )]);
    wd.write("offres/twice.xlsx", book);
    let (code, doc) = check(&wd, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&doc, "twice"),
        vec![
            f("missing_legal_name", "Candidat", "-", "-", "warning"),
            f("duplicate_column", "Lot 1", "D1", "b", "error"),
            f("duplicate_row", "Lot 1", "B3", "a", "error"),
        ]
    );
    assert!(message(&doc, "twice", "duplicate_row").starts_with(
        "la ligne 1.5 figure deux fois et porte ici un chiffre (première ligne : cellule A2) : le chiffre à retenir ne peut être déterminé"
    ));
}

#[test]
fn files_that_cannot_be_read_are_findings_and_the_rest_is_checked() {
    let wd = Workdir::new();
    let t = wd.tender(SMALL_TENDER);
    let good = offer_bytes(
        &t,
        Some("Bon"),
        &[("1", "a", Population, Price, num("1000"))],
    );
    wd.write("offres/bon.xlsx", &good);
    wd.write("offres/double.xlsx", &good);
    wd.write("offres/double.ods", &good);
    wd.write("offres/pdf.xlsx", b"%PDF-1.4 renamed");
    wd.write("offres/coupe.xlsx", &good[..good.len() / 3]);
    wd.write("offres/secret.xlsx", common::encrypted_xlsx_bytes());
    wd.write("offres/lisez-moi.txt", "notes");
    let (code, doc) = check(&wd, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&doc, "double"),
        vec![f("several_files", "-", "-", "-", "error")]
    );
    assert_eq!(
        findings(&doc, "pdf"),
        vec![f("not_a_spreadsheet", "-", "-", "-", "error")]
    );
    assert_eq!(
        findings(&doc, "coupe"),
        vec![f("damaged", "-", "-", "-", "error")]
    );
    assert_eq!(
        findings(&doc, "secret"),
        vec![f("encrypted", "-", "-", "-", "error")]
    );
    assert!(findings(&doc, "bon").is_empty());
    let ignored = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["bidder"].is_null())
        .unwrap();
    assert_eq!(ignored["code"], "not_a_spreadsheet");
    assert_eq!(ignored["severity"], "warning");
    assert!(ignored["file"].as_str().unwrap().ends_with("lisez-moi.txt"));
    assert_eq!(
        message(&doc, "secret", "encrypted"),
        "le classeur est protégé par un mot de passe : il ne peut être lu ; demander au candidat une version sans mot de passe → aucune offre n'est lue dans ce fichier"
    );
    let unread = doc["bidders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["bidder"] == "pdf")
        .unwrap();
    assert_eq!(unread["status"], "unread");
}

#[test]
fn english_messages_and_csv_for_scripts() {
    let wd = Workdir::new();
    let t = wd.tender(SMALL_TENDER);
    wd.write(
        "offres/p1.xlsx",
        offer_bytes(
            &t,
            Some("P1"),
            &[("1", "a", ActiveAccounts, Quota, num("2000"))],
        ),
    );
    let (_, doc) = check(&wd, &["--lang", "en"]);
    assert_eq!(
        message(&doc, "p1", "missing_value"),
        "cell 1.1 is empty; expected an amount in euros excluding VAT → offer irregular for lot 1, scope a"
    );
    let out = wd
        .command()
        .args(["check", "--format", "csv"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("file,sheet,cell,bidder,lot,scope,code,item,severity,message")
    );
    // The tender's own warning (technical weight without scores) comes first.
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("tender.toml,,,,,,no_technical_scores,")
    );
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("offres/p1.xlsx,Lot 1,D6,p1,1,a,missing_value,1.1,error,")
    );
    // The table says it in French, without Rust words.
    let table = String::from_utf8(wd.command().args(["check"]).output().unwrap().stdout).unwrap();
    assert!(
        table.contains("✗ feuille « Lot 1 », cellule D6 : la cellule 1.1 est vide"),
        "{table}"
    );
    assert!(
        !table.contains("Some(") && !table.contains("None") && !table.contains("::"),
        "{table}"
    );
}

/// An offer priced on lot 1 for member a (flat 1.4), with a security grade on its
/// `Candidat` sheet when given.
fn graded_offer(t: &tender::tender::Tender, grade: Option<&str>) -> Vec<u8> {
    use tender::bpu::fill::Filler;
    use tender::bpu::layout::CandidateField;
    let template = tender::bpu::template::write(t).unwrap();
    let mut f = Filler::new(t);
    f.candidate(CandidateField::LegalName, "SAS");
    if let Some(g) = grade {
        f.candidate(CandidateField::SecurityGrade, g);
    }
    f.item("1", "a", RegisteredUsers, Price, num("1000"))
        .unwrap();
    f.apply(&template).unwrap()
}

#[test]
fn a_security_grade_missing_or_unreadable_on_the_candidate_sheet_is_an_error() {
    let wd = Workdir::new();
    let t = wd.tender(&format!(
        "{SMALL_TENDER}\n[award.security]\nminimum_grade = \"B\"\n"
    ));
    wd.write("offres/good.xlsx", graded_offer(&t, Some("A-")));
    wd.write("offres/vague.xlsx", graded_offer(&t, Some("très bien")));
    wd.write("offres/silent.xlsx", graded_offer(&t, None));
    let (code, doc) = check(&wd, &[]);
    assert_eq!(code, 1);
    assert_eq!(findings(&doc, "good"), Vec::new());
    // The grade's line is the sixth of the Candidat sheet's fields, value in column B.
    let cell = tender::bpu::layout::CandidateField::SecurityGrade
        .value_cell()
        .to_string();
    assert_eq!(
        findings(&doc, "vague"),
        vec![f("bad_security_grade", "Candidat", &cell, "-", "error")]
    );
    assert_eq!(
        findings(&doc, "silent"),
        vec![f("missing_security_grade", "Candidat", "-", "-", "error")]
    );
    // rank: good is ranked, the two others are non-compliant for lot 1, scope a.
    let out = wd
        .command()
        .args(["rank", "--format", "json", "--lot", "1", "--scope", "a"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let s = &doc["lots"][0]["scopes"][0];
    assert_eq!(s["ranked"][0]["bidder"], "good");
    let excluded: Vec<(String, String)> = s["excluded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["bidder"].as_str().unwrap().to_owned(),
                e["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        excluded,
        vec![
            ("silent".to_owned(), "non_compliant".to_owned()),
            ("vague".to_owned(), "non_compliant".to_owned())
        ]
    );
}
