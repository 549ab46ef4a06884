//! Every kind of irregular offer, each with its reason naming the file, sheet and cell;
//! and files that cannot be read, which never stop the analysis of the others.
//!
//! The small tender (tests/common): members `a` (column D) and `b` (column E), the
//! groupement (column F). Template rows: 1.1 → 6, 1.1.q → 7, 1.1.pv → 8, 1.1.mv → 9,
//! 1.2 → 11, 1.3 → 16, 1.3.q → 17, 1.4 → 20, 1.5 → 23.

mod common;

use common::{SMALL_TENDER, Workdir, num, offer_bytes, ranked, scope, text};
use tender::bpu::fill::FillValue;
use tender::pricing::PricingModel::{ActiveAccounts, Consultations, Population, RegisteredUsers};
use tender::pricing::Term::{Price, Quota, Reduction, Surcharge};

/// Runs `rank --format json --lot 1` and returns (exit code, document, stderr).
fn rank(wd: &Workdir) -> (i32, serde_json::Value, String) {
    let out = wd
        .command()
        .args(["rank", "--format", "json", "--lot", "1"])
        .output()
        .unwrap();
    let doc = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (
        out.status.code().unwrap(),
        doc,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The reasons given for `bidder` in lot 1, scope `s`.
fn reasons(doc: &serde_json::Value, s: &str, bidder: &str) -> Vec<String> {
    let excluded = scope(doc, "1", s)["excluded"].as_array().unwrap();
    let entry = excluded
        .iter()
        .find(|e| e["bidder"] == bidder)
        .unwrap_or_else(|| panic!("{bidder} not excluded in {s}: {doc}"));
    assert_eq!(entry["status"], "irregular");
    entry["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap().to_owned())
        .collect()
}

/// A valid offer for every scope of lot 1, so that each test has a rankable one.
fn good_offer(wd: &Workdir, t: &tender::tender::Tender) {
    let cells = [
        ("1", "a", Population, Price, num("1000")),
        ("1", "b", Population, Price, num("3000")),
        ("1", "groupement", Population, Price, num("3500")),
    ];
    wd.write("offres/good.xlsx", offer_bytes(t, Some("Good SA"), &cells));
}

#[test]
fn two_models_anywhere_in_the_lot_make_the_lot_offer_irregular() {
    let wd = Workdir::new();
    let t = wd.tender(SMALL_TENDER);
    good_offer(&wd, &t);
    let cells = [
        ("1", "a", ActiveAccounts, Price, num("900")),
        ("1", "a", ActiveAccounts, Quota, num("2000")),
        ("1", "b", RegisteredUsers, Price, num("2500")),
    ];
    wd.write("offres/acme.xlsx", offer_bytes(&t, Some("ACME"), &cells));
    let (code, doc, _) = rank(&wd);
    assert_eq!(code, 0);
    for s in ["a", "b"] {
        let r = reasons(&doc, s, "acme");
        assert_eq!(r.len(), 1);
        assert!(
            r[0].contains("acme.xlsx, feuille « Lot 1 », cellule D6"),
            "{}",
            r[0]
        );
        assert!(r[0].contains("cellule E20"), "{}", r[0]);
    }
    // The groupement column was left blank: no offer, not listed.
    assert!(
        scope(&doc, "1", "groupement")["excluded"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn missing_price_is_irregular_at_its_cell() {
    let wd = Workdir::new();
    let t = wd.tender(SMALL_TENDER);
    good_offer(&wd, &t);
    wd.write(
        "offres/acme.xlsx",
        offer_bytes(&t, None, &[("1", "a", ActiveAccounts, Quota, num("2000"))]),
    );
    let (_, doc, _) = rank(&wd);
    let r = reasons(&doc, "a", "acme");
    assert_eq!(
        r,
        vec![
            "offres/acme.xlsx, feuille « Lot 1 », cellule D6 : la cellule 1.1 est vide ; attendu : un montant en euros HT"
        ]
    );
}

#[test]
fn non_numeric_and_ambiguous_text_say_what_was_found() {
    let wd = Workdir::new();
    let t = wd.tender(SMALL_TENDER);
    good_offer(&wd, &t);
    let cells = [
        ("1", "a", Population, Price, text("douze mille")),
        ("1", "b", Population, Price, text("1.234,5")),
        ("1", "groupement", Population, Price, text("12 500,00 €")),
    ];
    wd.write("offres/acme.xlsx", offer_bytes(&t, None, &cells));
    let (_, doc, _) = rank(&wd);
    let a = reasons(&doc, "a", "acme");
    assert!(a[0].starts_with("offres/acme.xlsx, feuille « Lot 1 », cellule D23 : 1.5 : « douze mille » n'est pas un nombre"), "{}", a[0]);
    let b = reasons(&doc, "b", "acme");
    assert!(
        b[0].contains("cellule E23")
            && b[0].contains("« 1.234,5 »")
            && b[0].contains("le point et la virgule"),
        "{}",
        b[0]
    );
    // The French-typed price of the groupement is read exactly.
    let g = ranked(scope(&doc, "1", "groupement"));
    assert!(
        g.iter().any(|o| o.0 == "acme" && o.1 == "12500.00"),
        "{g:?}"
    );
}

#[test]
fn negative_values_and_error_cells_are_irregular() {
    let wd = Workdir::new();
    let t = wd.tender(SMALL_TENDER);
    good_offer(&wd, &t);
    let cells = [
        ("1", "a", Consultations, Price, num("-100")),
        ("1", "a", Consultations, Quota, num("4000")),
        (
            "1",
            "b",
            Consultations,
            Price,
            FillValue::Error("#REF!".into()),
        ),
        ("1", "b", Consultations, Quota, num("4000")),
        ("1", "groupement", Consultations, Price, num("100")),
        (
            "1",
            "groupement",
            Consultations,
            Quota,
            FillValue::Error("#DIV/0!".into()),
        ),
    ];
    wd.write("offres/acme.xlsx", offer_bytes(&t, None, &cells));
    let (_, doc, _) = rank(&wd);
    let a = reasons(&doc, "a", "acme");
    assert_eq!(
        a,
        vec![
            "offres/acme.xlsx, feuille « Lot 1 », cellule D16 : 1.3 : valeur négative (-100) ; attendu : un montant en euros HT positif ou nul"
        ]
    );
    let b = reasons(&doc, "b", "acme");
    assert!(
        b[0].contains("cellule E16") && b[0].contains("#REF!"),
        "{}",
        b[0]
    );
    let g = reasons(&doc, "groupement", "acme");
    assert!(
        g[0].contains("cellule F17") && g[0].contains("#DIV/0!"),
        "{}",
        g[0]
    );
}

#[test]
fn zero_quota_is_irregular() {
    let wd = Workdir::new();
    let t = wd.tender(SMALL_TENDER);
    good_offer(&wd, &t);
    let cells = [
        ("1", "a", ActiveAccounts, Price, num("900")),
        ("1", "a", ActiveAccounts, Quota, num("0")),
    ];
    wd.write("offres/acme.xlsx", offer_bytes(&t, None, &cells));
    let (_, doc, _) = rank(&wd);
    assert_eq!(
        reasons(&doc, "a", "acme"),
        vec![
            "offres/acme.xlsx, feuille « Lot 1 », cellule D7 : le quota 1.1.q vaut 0 ; attendu : un nombre entier supérieur à 0"
        ]
    );
}

#[test]
fn missing_surcharge_above_quota_is_irregular_for_that_scope_only() {
    let wd = Workdir::new();
    let t = wd.tender(SMALL_TENDER);
    good_offer(&wd, &t);
    // Member a uses 1 500 accounts: above a quota of 1 000, no surcharge → irregular.
    // Member b uses 2 500: below a quota of 3 000, blank reduction → no reduction.
    let cells = [
        ("1", "a", ActiveAccounts, Price, num("900")),
        ("1", "a", ActiveAccounts, Quota, num("1000")),
        ("1", "b", ActiveAccounts, Price, num("2000")),
        ("1", "b", ActiveAccounts, Quota, num("3000")),
    ];
    wd.write("offres/acme.xlsx", offer_bytes(&t, None, &cells));
    let (_, doc, _) = rank(&wd);
    assert_eq!(
        reasons(&doc, "a", "acme"),
        vec![
            "offres/acme.xlsx, feuille « Lot 1 », cellule D8 : plus-value 1.1.pv absente alors que l'usage estimé (1\u{a0}500) dépasse le quota (1\u{a0}000) : le coût ne peut être calculé"
        ]
    );
    let b = ranked(scope(&doc, "1", "b"));
    assert!(b.iter().any(|o| o.0 == "acme" && o.1 == "2000.00"), "{b:?}");
}

#[test]
fn blank_reduction_is_no_reduction_and_a_given_one_applies() {
    let wd = Workdir::new();
    let t = wd.tender(SMALL_TENDER);
    // Member b: 2 500 accounts, quota 4 500: 2 complete blocks below × 100 = 200 off.
    let cells = [
        ("1", "b", ActiveAccounts, Price, num("2000")),
        ("1", "b", ActiveAccounts, Quota, num("4500")),
        ("1", "b", ActiveAccounts, Reduction, num("100")),
        ("1", "a", ActiveAccounts, Price, num("1000")),
        ("1", "a", ActiveAccounts, Quota, num("1500")),
        ("1", "a", ActiveAccounts, Surcharge, num("50")),
    ];
    wd.write("offres/acme.xlsx", offer_bytes(&t, None, &cells));
    let (code, doc, _) = rank(&wd);
    assert_eq!(code, 0);
    assert_eq!(ranked(scope(&doc, "1", "b"))[0].1, "1800.00");
    assert_eq!(ranked(scope(&doc, "1", "a"))[0].1, "1000.00");
}

#[test]
fn unreadable_files_are_reported_and_the_others_analysed() {
    let wd = Workdir::new();
    let t = wd.tender(SMALL_TENDER);
    good_offer(&wd, &t);
    wd.write("offres/fake.xlsx", b"%PDF-1.7 this is a PDF renamed");
    let mut truncated = offer_bytes(&t, None, &[("1", "a", Population, Price, num("1"))]);
    truncated.truncate(truncated.len() / 2);
    wd.write("offres/cut.xlsx", truncated);
    wd.write("offres/notes.pdf", b"%PDF-1.7");
    let (code, doc, stderr) = rank(&wd);
    // Exit 3: an input could not be read; the good offer is ranked all the same.
    assert_eq!(code, 3);
    assert_eq!(ranked(scope(&doc, "1", "a"))[0].0, "good");
    let unreadable = doc["unreadable"].as_array().unwrap();
    assert_eq!(unreadable.len(), 2);
    let fake = unreadable.iter().find(|u| u["bidder"] == "fake").unwrap();
    assert!(
        fake["reason"].as_str().unwrap().contains("un document PDF"),
        "{fake}"
    );
    assert!(unreadable.iter().any(|u| u["bidder"] == "cut"));
    assert!(stderr.contains("offres/fake.xlsx"), "{stderr}");
    assert!(stderr.contains("offres/notes.pdf : ignoré"), "{stderr}");
}

#[test]
fn two_workbooks_for_one_bidder_are_both_set_aside() {
    let wd = Workdir::new();
    let t = wd.tender(SMALL_TENDER);
    good_offer(&wd, &t);
    let bytes = offer_bytes(&t, None, &[("1", "a", Population, Price, num("1"))]);
    wd.write("offres/twice.xlsx", &bytes);
    wd.write("offres/twice.xlsm", &bytes);
    let (code, doc, _) = rank(&wd);
    assert_eq!(code, 3);
    let u = &doc["unreadable"][0];
    assert_eq!(u["bidder"], "twice");
    assert_eq!(u["files"].as_array().unwrap().len(), 2);
    assert!(ranked(scope(&doc, "1", "a")).iter().all(|o| o.0 != "twice"));
}

#[test]
fn a_lot_without_rankable_offer_exits_1() {
    let wd = Workdir::new();
    let t = wd.tender(SMALL_TENDER);
    good_offer(&wd, &t);
    // Lot 2 has no offer at all.
    let out = wd.command().args(["rank"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = wd.command().args(["rank", "--lot", "2"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = wd.command().args(["rank", "--lot", "1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn csv_export_of_a_lot_sheet_is_read_in_windows_1252_too() {
    let wd = Workdir::new();
    let _t = wd.tender(SMALL_TENDER);
    // As French Excel exports a sheet: `;` separators, Windows-1252, a title row, an
    // extra inserted column and row, numbers typed the French way.
    let text = "Lot 1 \u{2014} Musique;;;;;;\n\
                ;;;;;;\n\
                Note;Code;Désignation;Unité;Ville A [a];Ville B [b];Groupement [groupement]\n\
                ;1.1;Prix global;€ HT;1 200,00 €;;\n\
                ;1.1.q;Nombre de comptes;comptes;1 000;;\n\
                ;1.1.pv;Plus-value;€ HT;150;;\n\
                ;;;;;;\n\
                ;1.4;Prix forfaitaire;€ HT;;;\n";
    let text = text.replace('\u{2014}', "-");
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    wd.write("offres/dupont.csv", bytes.as_ref());
    let (_, doc, stderr) = rank(&wd);
    // Member a: 1 500 accounts on 1 000, 1 block begun × 150 → 1 350.
    let a = ranked(scope(&doc, "1", "a"));
    assert_eq!(
        a,
        common::owned(&[("dupont", "1350.00", "40.00", "null", "40.00")]),
        "{stderr}"
    );
}

#[test]
fn a_bad_cell_in_a_csv_names_its_line_and_column() {
    let wd = Workdir::new();
    let _t = wd.tender(SMALL_TENDER);
    let text = "Code,Désignation,Unité,Ville A [a]\n1.5,Prix,€ HT,\"1,5,0\"\n";
    wd.write("offres/dupont.lot-1.csv", text);
    let (_, doc, _) = rank(&wd);
    let r = reasons(&doc, "a", "dupont");
    assert!(
        r[0].starts_with("offres/dupont.lot-1.csv, ligne 2, colonne D : 1.5 : « 1,5,0 »"),
        "{}",
        r[0]
    );
}
