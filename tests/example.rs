//! The shipped Grenoble example, end to end through the binary. Every expected figure is
//! computed by hand in the comments from the example's tender file, its technical scores
//! and the bidders' cells (examples/grenoble/bidders.rs), never copied from the tool.
//!
//! Contract factor for 4 years at 2 % a year: 1 + 1.02 + 1.0404 + 1.061208 = 4.121608.

mod common;

#[path = "../examples/grenoble/bidders.rs"]
mod bidders;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::{json, owned, ranked, scope};
use tender::offer::CellContent;

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/grenoble/tender.toml")
}

fn tender_cmd(args: &[&str]) -> Command {
    let mut cmd = Command::cargo_bin("tender").unwrap();
    cmd.arg("--tender").arg(example()).args(args);
    cmd
}

fn rank() -> serde_json::Value {
    let out = tender_cmd(&["rank", "--format", "json"]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn lot_1_active_accounts_against_registered_users() {
    let doc = rank();
    // Grenoble, A = 3 000. Musicalia 1.1: quota 2 500, 500 above → 1 block begun × 1 500
    // → 10 500. Biblioplus 1.4: 11 000. Marks: 40 × 10 500 / 11 000 = 38.1818… → 38.18.
    assert_eq!(
        ranked(scope(&doc, "1", "grenoble")),
        owned(&[
            ("musicalia", "10500.00", "40.00", "48.00", "88.00"),
            ("biblioplus", "11000.00", "38.18", "42.00", "80.18"),
        ])
    );
    // Isère, A = 5 000. Musicalia: quota 6 000, 1 000 below → 1 complete block × 900 →
    // 13 100. Biblioplus 15 500: 40 × 13 100 / 15 500 = 33.8064… → 33.81.
    assert_eq!(
        ranked(scope(&doc, "1", "isere")),
        owned(&[
            ("musicalia", "13100.00", "40.00", "48.00", "88.00"),
            ("biblioplus", "15500.00", "33.81", "42.00", "75.81"),
        ])
    );
    // Groupement, A = 8 000. Musicalia: quota 7 000, 1 000 above → 1 block × 1 200 →
    // 21 200; contract 21 200 × 4.121608 = 87 378.0896 HT, × 1.2 = 104 853.70752 TTC.
    let g = scope(&doc, "1", "groupement");
    let first = &g["ranked"][0];
    assert_eq!(first["bidder"], "musicalia");
    assert_eq!(first["bidder_name"], "Musicalia SAS");
    assert_eq!(first["model"], "active_accounts");
    assert_eq!(first["annual_cost_ht"], "21200.00");
    assert_eq!(first["contract_cost_ht"], "87378.09");
    assert_eq!(first["contract_cost_ttc"], "104853.71");
    // 21 200 / 200 000 registered users = 0.106; / 1 250 000 inhabitants = 0.01696.
    assert_eq!(first["unit_costs"]["per_registered_user"], "0.1060");
    assert_eq!(first["unit_costs"]["per_inhabitant"], "0.0170");
    assert_eq!(first["unit_costs"]["per_active_account"], "2.6500");
    assert_eq!(first["tie"], false);
    assert!(
        first["source"]
            .as_str()
            .unwrap()
            .ends_with("musicalia.xlsx")
    );
    // 40 × 21 200 / 24 000 = 35.333… → 35.33; + 42 = 77.33.
    assert_eq!(
        ranked(g)[1],
        owned(&[("biblioplus", "24000.00", "35.33", "42.00", "77.33")])[0]
    );
}

#[test]
fn lot_1_two_models_make_mediaflux_irregular_in_every_scope_it_answered() {
    let doc = rank();
    for s in ["grenoble", "groupement"] {
        let excluded = scope(&doc, "1", s)["excluded"].as_array().unwrap().clone();
        assert_eq!(excluded.len(), 1, "scope {s}");
        assert_eq!(excluded[0]["bidder"], "mediaflux");
        assert_eq!(excluded[0]["status"], "irregular");
        let reason = excluded[0]["reasons"][0].as_str().unwrap();
        // 1.1 price of Grenoble (column D, row 6) and 1.4 price of the groupement
        // (column F, row 20) in the template's layout.
        assert!(
            reason.contains("mediaflux.xlsx, feuille « Lot 1 », cellule D6"),
            "{reason}"
        );
        assert!(reason.contains("cellule F20"), "{reason}");
        assert!(reason.contains("1.1") && reason.contains("1.4"), "{reason}");
    }
    // Isère's column was left blank: no offer there, not listed at all.
    assert!(
        scope(&doc, "1", "isere")["excluded"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn lot_2_simultaneous_accesses_and_an_abnormally_low_offer() {
    let doc = rank();
    // Groupement, C = 75. CinéClap: quota 70, 5 above × 250 → 27 250. MediaFlux: quota
    // 80, 5 below × 100 → 14 500. Biblioplus 29 000.
    // Marks (lowest 14 500): CinéClap 40 × 14 500 / 27 250 = 21.2844… + 50 = 71.28;
    // MediaFlux 40 + 30 = 70; Biblioplus 20 + 40 = 60.
    let g = scope(&doc, "2", "groupement");
    assert_eq!(
        ranked(g),
        owned(&[
            ("cineclap", "27250.00", "21.28", "50.00", "71.28"),
            ("mediaflux", "14500.00", "40.00", "30.00", "70.00"),
            ("biblioplus", "29000.00", "20.00", "40.00", "60.00"),
        ])
    );
    // Mean 70 750 / 3 = 23 583.33; 29 000 is more than 20 % above it and set aside; the
    // mean of 27 250 and 14 500 is 20 875; 14 500 ≤ 90 % × 20 875 = 18 787.5: flagged.
    assert_eq!(
        g["ranked"][1]["flags"],
        serde_json::json!(["abnormally_low"])
    );
    assert_eq!(g["ranked"][0]["flags"], serde_json::json!([]));
    // Grenoble, C = 30: CinéClap 12 000 + 5 × 300 = 13 500. Isère, C = 45: 16 000 −
    // 5 × 150 = 15 250.
    assert_eq!(ranked(scope(&doc, "2", "grenoble"))[0].1, "13500.00");
    assert_eq!(ranked(scope(&doc, "2", "isere"))[0].1, "15250.00");
    // MediaFlux quoted the groupement only: absent from the members' scopes.
    assert_eq!(ranked(scope(&doc, "2", "grenoble")).len(), 2);
}

#[test]
fn lot_3_a_missing_quota_is_irregular_for_that_scope_only() {
    let doc = rank();
    let excluded = scope(&doc, "3", "grenoble")["excluded"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(excluded.len(), 1);
    assert_eq!(excluded[0]["bidder"], "mediaflux");
    let reason = excluded[0]["reasons"][0].as_str().unwrap();
    // 1.2.q is row 12 of the template; Grenoble's column is D.
    assert!(
        reason.contains("feuille « Lot 3 », cellule D12"),
        "{reason}"
    );
    assert!(reason.contains("1.2.q"), "{reason}");
    // In Isère, MediaFlux is ranked. C = 30. MediaFlux 8 000 (quota 30); CinéClap 9 000
    // + 5 × 240 = 10 200; Territoria 12 000. Marks (lowest 8 000): Territoria 26.67 + 50
    // = 76.67; CinéClap 40 × 8 000 / 10 200 = 31.37 + 45 = 76.37; MediaFlux 40 + 35.
    assert_eq!(
        ranked(scope(&doc, "3", "isere")),
        owned(&[
            ("territoria", "12000.00", "26.67", "50.00", "76.67"),
            ("cineclap", "10200.00", "31.37", "45.00", "76.37"),
            ("mediaflux", "8000.00", "40.00", "35.00", "75.00"),
        ])
    );
}

#[test]
fn lot_4_above_the_ceiling_is_unacceptable() {
    let doc = rank();
    let g = scope(&doc, "4", "groupement");
    assert_eq!(
        ranked(g),
        owned(&[("cineclap", "11500.00", "40.00", "40.00", "80.00")])
    );
    assert_eq!(g["excluded"][0]["bidder"], "territoria");
    assert_eq!(g["excluded"][0]["status"], "unacceptable");
    let reason = g["excluded"][0]["reasons"][0].as_str().unwrap();
    assert!(
        reason.contains("31\u{a0}000,00\u{a0}€") && reason.contains("30\u{a0}000,00\u{a0}€"),
        "{reason}"
    );
    // The ceiling binds the groupement only: Territoria is ranked for Isère. C = 25:
    // CinéClap 7 500 + 5 × 260 = 8 800 → 40 + 40 = 80; Territoria 9 000 → 40 × 8 800 /
    // 9 000 = 39.11 + 55 = 94.11.
    assert_eq!(
        ranked(scope(&doc, "4", "isere")),
        owned(&[
            ("territoria", "9000.00", "39.11", "55.00", "94.11"),
            ("cineclap", "8800.00", "40.00", "40.00", "80.00")
        ])
    );
}

#[test]
fn lot_5_consultations_typed_as_french_text_and_extrapolated() {
    let doc = rank();
    // K from 1.2 consultations per registered user: Grenoble 90 000, Isère 150 000,
    // groupement 240 000. Kiosque Grenoble "7 500,00 €" for "80 000" with "0,05 €" per
    // extra: 7 500 + 10 000 × 0.05 = 8 000.
    assert_eq!(
        ranked(scope(&doc, "5", "grenoble"))[0],
        owned(&[("kiosque", "8000.00", "40.00", "50.00", "90.00")])[0]
    );
    // Groupement: no price per extra consultation: 17 500 × 240 000 / 200 000 = 21 000,
    // flagged. Biblioplus 20 000. Marks: Kiosque 40 × 20 000 / 21 000 = 38.095… + 50 =
    // 88.10; Biblioplus 40 + 45 = 85.
    let g = scope(&doc, "5", "groupement");
    assert_eq!(
        ranked(g),
        owned(&[
            ("kiosque", "21000.00", "38.10", "50.00", "88.10"),
            ("biblioplus", "20000.00", "40.00", "45.00", "85.00")
        ])
    );
    assert_eq!(g["ranked"][0]["flags"], serde_json::json!(["extrapolated"]));
    // Press VAT 2.1 %: 21 000 × 4.121608 = 86 553.768 HT; × 1.021 = 88 371.397128 TTC.
    assert_eq!(g["ranked"][0]["contract_cost_ht"], "86553.77");
    assert_eq!(g["ranked"][0]["contract_cost_ttc"], "88371.40");
}

#[test]
fn lot_6_narrow_no_break_spaces_and_suffixes_are_read_exactly() {
    let doc = rank();
    // Isère, K = 0.8 × 125 000 = 100 000. Kiosque "6 300,50 €" (narrow no-break space)
    // for "90 000", "0,04" per extra: 6 300.50 + 10 000 × 0.04 = 6 700.50.
    let isere = ranked(scope(&doc, "6", "isere"));
    assert!(
        isere.iter().any(|o| o.0 == "kiosque" && o.1 == "6700.50"),
        "{isere:?}"
    );
    // Groupement "9 800 € HT" for "160 000", K = 160 000: the price.
    let g = ranked(scope(&doc, "6", "groupement"));
    assert!(
        g.iter().any(|o| o.0 == "kiosque" && o.1 == "9800.00"),
        "{g:?}"
    );
}

#[test]
fn lot_9_deliberate_tie_broken_by_the_technical_mark() {
    let doc = rank();
    // Biblioplus 10 000 → 40 + 40 = 80; Territoria 20 000 → 40 × 10 000 / 20 000 = 20
    // + 60 = 80. Exactly equal: both flagged as a tie, Territoria first on its technical
    // mark.
    let g = scope(&doc, "9", "groupement");
    assert_eq!(
        ranked(g),
        owned(&[
            ("territoria", "20000.00", "20.00", "60.00", "80.00"),
            ("biblioplus", "10000.00", "40.00", "40.00", "80.00")
        ])
    );
    assert_eq!(g["ranked"][0]["tie"], true);
    assert_eq!(g["ranked"][1]["tie"], true);
    assert_eq!(g["ranked"][0]["rank"], 1);
    assert_eq!(g["ranked"][1]["rank"], 2);
    // Grenoble: Biblioplus 5 000 → 80; Territoria 9 000 → 22.22 + 60 = 82.22: no tie.
    let grenoble = scope(&doc, "9", "grenoble");
    assert_eq!(grenoble["ranked"][0]["total"], "82.22");
    assert_eq!(grenoble["ranked"][0]["tie"], false);
}

#[test]
fn lot_12_blocks_at_exact_multiples_and_partial_blocks_below() {
    let doc = rank();
    // A from 0.02 per registered user: Grenoble 1 500, Isère 2 500, groupement 4 000.
    // Grenoble: quota 1 000, 500 above → 1 block begun: 5 000 + 800 = 5 800.
    // Isère: quota 3 000, 500 below → no complete block: 7 000.
    // Groupement: usage equals the quota 4 000: 11 000.
    let cost = |s: &str| {
        ranked(scope(&doc, "12", s))
            .into_iter()
            .find(|o| o.0 == "musicalia")
            .map(|o| o.1)
            .unwrap()
    };
    assert_eq!(cost("grenoble"), "5800.00");
    assert_eq!(cost("isere"), "7000.00");
    assert_eq!(cost("groupement"), "11000.00");
}

#[test]
fn json_has_the_contract_keys_and_nesting() {
    let doc = rank();
    assert_eq!(
        doc["tender"]["name"],
        "Ressources numériques en ligne pour les bibliothèques"
    );
    assert_eq!(doc["tender"]["reference"], "2025-RN-01");
    assert_eq!(doc["lots"].as_array().unwrap().len(), 12);
    let g = scope(&doc, "1", "groupement");
    assert_eq!(g["members"], serde_json::json!(["grenoble", "isere"]));
    let keys: Vec<&str> = g["ranked"][0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for k in [
        "rank",
        "bidder",
        "bidder_name",
        "model",
        "annual_cost_ht",
        "contract_cost_ht",
        "contract_cost_ttc",
        "price_mark",
        "technical_mark",
        "total",
        "flags",
        "tie",
        "source",
    ] {
        assert!(keys.contains(&k), "missing key {k}");
    }
    let excluded = g["excluded"][0].as_object().unwrap();
    for k in ["bidder", "status", "reasons"] {
        assert!(excluded.contains_key(k), "missing key {k}");
    }
    assert!(doc["unreadable"].as_array().unwrap().is_empty());
}

#[test]
fn output_is_deterministic() {
    for format in ["table", "csv", "json"] {
        let a = tender_cmd(&["rank", "--format", format])
            .output()
            .unwrap()
            .stdout;
        let b = tender_cmd(&["rank", "--format", format])
            .output()
            .unwrap()
            .stdout;
        assert_eq!(a, b, "{format}");
        assert!(!a.is_empty());
    }
}

#[test]
fn csv_has_one_row_per_offer_with_the_same_figures() {
    let out = tender_cmd(&[
        "rank",
        "--format",
        "csv",
        "--lot",
        "9",
        "--scope",
        "groupement",
    ])
    .output()
    .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let header = rows.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let records: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 2);
    assert_eq!(&records[0][col("bidder")], "territoria");
    assert_eq!(&records[0][col("status")], "ranked");
    assert_eq!(&records[0][col("total")], "80.00");
    assert_eq!(&records[0][col("tie")], "true");
    assert_eq!(&records[1][col("annual_cost_ht")], "10000.00");
}

#[test]
fn table_in_french_and_english_fits_80_columns() {
    let fr = String::from_utf8(
        tender_cmd(&["rank", "--lot", "1", "--scope", "groupement"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(fr.contains("21\u{a0}200,00\u{a0}€"), "{fr}");
    assert!(fr.contains("Musicalia SAS"));
    let en = String::from_utf8(
        tender_cmd(&[
            "rank",
            "--lot",
            "1",
            "--scope",
            "groupement",
            "--lang",
            "en",
        ])
        .output()
        .unwrap()
        .stdout,
    )
    .unwrap();
    assert!(en.contains("€21,200.00"), "{en}");
    for line in fr.lines().chain(en.lines()) {
        assert!(line.chars().count() <= 80, "too wide: {line}");
    }
}

#[test]
fn normalise_shows_the_steps() {
    let doc = json(&mut tender_cmd(&[
        "normalise",
        "--format",
        "json",
        "--lot",
        "1",
        "--scope",
        "grenoble",
    ]));
    let offers = doc["offers"].as_array().unwrap();
    let m = offers.iter().find(|o| o["bidder"] == "musicalia").unwrap();
    assert_eq!(m["status"], "ok");
    assert_eq!(m["price_ht"], "9000.00");
    assert_eq!(m["quota"], "2500");
    assert_eq!(m["usage"], 3000);
    assert_eq!(m["adjustment"]["kind"], "surcharge");
    assert_eq!(m["adjustment"]["blocks"], "1");
    assert_eq!(m["adjustment"]["amount_ht"], "1500.00");
    assert_eq!(m["annual_cost_ht"], "10500.00");
    let x = offers.iter().find(|o| o["bidder"] == "mediaflux").unwrap();
    assert_eq!(x["status"], "irregular");
    assert_eq!(x["annual_cost_ht"], serde_json::Value::Null);
}

/// The committed workbooks are still what the generator makes from today's template:
/// every cell the reader finds in them equals the cell it finds in a freshly made one.
#[test]
fn example_offers_are_in_step_with_the_template() {
    let tender = tender::tender::load(&example()).unwrap();
    let template = tender::bpu::template::write(&tender).unwrap();
    let dir = example().parent().unwrap().join("offres");
    for b in bidders::all() {
        let fresh = bidders::fill(&b, &tender, &template).unwrap();
        let fresh = tender::bpu::read::read_file(Path::new("fresh.xlsx"), &fresh, &tender).unwrap();
        let ext = match b.saved {
            bidders::Saved::Xlsx => "xlsx",
            bidders::Saved::Ods => "ods",
        };
        let path = dir.join(format!("{}.{ext}", b.id));
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let committed = tender::bpu::read::read_file(&path, &bytes, &tender).unwrap();
        assert_eq!(
            committed.bidder_name.as_ref().map(|n| &n.value),
            fresh.bidder_name.as_ref().map(|n| &n.value)
        );
        assert_eq!(committed.lots.len(), fresh.lots.len(), "{}", b.id);
        for (c, f) in committed.lots.iter().zip(&fresh.lots) {
            assert_eq!(c.lot, f.lot);
            assert_eq!(c.scopes.len(), f.scopes.len());
            for (cs, fs) in c.scopes.iter().zip(&f.scopes) {
                assert_eq!(cs.scope, fs.scope);
                for (key, fcell) in &fs.cells {
                    let ccell = cs
                        .cells
                        .get(key)
                        .unwrap_or_else(|| panic!("{} lot {} {key:?}", b.id, c.lot));
                    assert_eq!(
                        ccell.content, fcell.content,
                        "{} lot {} {} {key:?}: regenerate with `cargo run --example grenoble_offers`",
                        b.id, c.lot, cs.scope
                    );
                    assert_eq!(ccell.location.cell, fcell.location.cell);
                }
            }
        }
        // Kiosque typed its figures as text: they are read as numbers all the same.
        if b.id == "kiosque" {
            let lot5 = committed.lots.iter().find(|l| l.lot == "5").unwrap();
            let cell = &lot5.scopes[0]
                .cells
                .values()
                .find(|c| c.raw == "7 500,00 €")
                .unwrap()
                .content;
            assert_eq!(cell, &CellContent::Number("7500.00".parse().unwrap()));
        }
    }
}

#[test]
fn lot_7_a_platform_below_the_security_minimum_is_non_compliant() {
    let doc = rank();
    // securite.csv: Territoria is B for every lot (line 7) but C for lot 7 (line 8); the
    // minimum is B. Its lot 7 offer is set aside in every scope it priced.
    for s in ["grenoble", "isere", "groupement"] {
        let excluded = &scope(&doc, "7", s)["excluded"];
        assert_eq!(excluded[0]["bidder"], "territoria", "scope {s}");
        assert_eq!(excluded[0]["status"], "non_compliant");
        assert_eq!(
            excluded[0]["reasons"][0],
            format!(
                "note de sécurité C inférieure au minimum exigé B ({}, ligne 8)",
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("examples/grenoble/securite.csv")
                    .display()
            )
        );
    }
    // Kiosque alone in the groupement: K = 0.3 × (75 000 + 125 000) = 60 000, quota
    // 50 000, 10 000 × 0.03 = 300 above 3 000 → 3 300. Alone, the price mark is 40;
    // technical 40 × 15 ÷ 20 + 20 × 7.5 ÷ 10 = 30 + 15 = 45; total 85.
    assert_eq!(
        ranked(scope(&doc, "7", "groupement")),
        owned(&[("kiosque", "3300.00", "40.00", "45.00", "85.00")])
    );
    // Territoria's lot 3 platform is graded B (the `*` line): compliant, ranked.
    assert!(
        ranked(scope(&doc, "3", "grenoble"))
            .iter()
            .any(|r| r.0 == "territoria")
    );
}

#[test]
fn technical_marks_are_given_criterion_by_criterion() {
    let doc = rank();
    // Musicalia, lot 1: catalogue 16/20 weighing 40 → 32; service 8/10 weighing 20 → 16;
    // technical mark 48. Biblioplus: 14/20 → 28, 7/10 → 14; 42.
    let g = scope(&doc, "1", "groupement");
    let criteria = |i: usize| {
        g["ranked"][i]["technical_criteria"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["criterion"].as_str().unwrap().to_owned(),
                    c["score"].as_str().unwrap().to_owned(),
                    c["mark"].as_str().unwrap().to_owned(),
                )
            })
            .collect::<Vec<_>>()
    };
    let own = |v: &[(&str, &str, &str)]| {
        v.iter()
            .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
            .collect::<Vec<_>>()
    };
    assert_eq!(g["ranked"][0]["bidder"], "musicalia");
    assert_eq!(
        criteria(0),
        own(&[("catalogue", "16", "32.00"), ("service", "8", "16.00")])
    );
    assert_eq!(
        criteria(1),
        own(&[("catalogue", "14", "28.00"), ("service", "7", "14.00")])
    );
    // Lot 3, CinéClap: the score typed "7,5" (decimal comma) is 7.5 → 20 × 7.5 ÷ 10 = 15.
    let c = &scope(&doc, "3", "grenoble")["ranked"][0];
    assert_eq!(c["bidder"], "cineclap");
    assert_eq!(c["technical_criteria"][1]["score"], "7.5");
    assert_eq!(c["technical_criteria"][1]["mark"], "15.00");
}

#[test]
fn ceilings_are_reported_as_the_buyer_wrote_them() {
    let doc = rank();
    // Lot 1: 108 000 TTC a year for the groupement (90 000 HT at 20 %); 60 000 TTC over
    // the contract for Grenoble. Musicalia's 21 200 HT × 1.2 = 25 440 TTC is far below;
    // its Grenoble contract TTC 10 500 × 4.121608 × 1.2 = 51 932.2608 is below 60 000.
    assert_eq!(
        scope(&doc, "1", "groupement")["ceiling"],
        serde_json::json!({"amount": "108000.00", "vat": "ttc", "period": "yearly"})
    );
    assert_eq!(
        scope(&doc, "1", "grenoble")["ceiling"],
        serde_json::json!({"amount": "60000.00", "vat": "ttc", "period": "contract"})
    );
    assert_eq!(
        scope(&doc, "1", "isere")["ceiling"],
        serde_json::Value::Null
    );
    assert_eq!(
        scope(&doc, "1", "grenoble")["excluded"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}
