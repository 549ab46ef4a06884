//! `tender split` on the shipped Grenoble example: every share worked out by hand.
//!
//! Members: Grenoble (450 000 inhabitants, 75 000 registered users), Isère (800 000,
//! 125 000). Contract factor for 4 years at 2 %: 4.121608.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/grenoble/tender.toml")
}

fn split(args: &[&str]) -> (i32, Value) {
    let out = Command::cargo_bin("tender")
        .unwrap()
        .arg("--tender")
        .arg(example())
        .args(["split", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let doc = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&out.stderr));
    });
    (out.status.code().unwrap(), doc)
}

fn lot<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["lots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["lot"] == id)
        .unwrap_or_else(|| panic!("lot {id} not split: {doc}"))
}

/// (member, share_ht, standalone_ht, saving_ht) of a lot.
fn shares(doc: &Value, id: &str) -> Vec<(String, String, String, String)> {
    let s = |v: &Value| v.as_str().unwrap_or("null").to_owned();
    lot(doc, id)["shares"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                s(&x["member"]),
                s(&x["share_ht"]),
                s(&x["standalone_ht"]),
                s(&x["saving_ht"]),
            )
        })
        .collect()
}

fn own(v: &[(&str, &str, &str, &str)]) -> Vec<(String, String, String, String)> {
    v.iter()
        .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
        .collect()
}

#[test]
fn by_population_and_who_would_be_better_off_alone() {
    let (_, doc) = split(&["--method", "population"]);
    // Lot 1: Musicalia wins the groupement at 21 200 a year. Population key:
    // Grenoble 21 200 × 450 000 ÷ 1 250 000 = 7 632; Isère 21 200 × 800 000 ÷ 1 250 000
    // = 13 568. Alone: Grenoble's winner costs 10 500 (saving 2 868), Isère's 13 100:
    // Isère pays 468 more than alone, and is reported.
    assert_eq!(
        shares(&doc, "1"),
        own(&[
            ("grenoble", "7632.00", "10500.00", "2868.00"),
            ("isere", "13568.00", "13100.00", "-468.00"),
        ])
    );
    let l = lot(&doc, "1");
    assert_eq!(l["bidder"], "musicalia");
    assert_eq!(l["total_ht"], "21200.00");
    assert_eq!(l["standalone_ht"], "23600.00");
    assert_eq!(l["shares"][0]["above_standalone"], false);
    assert_eq!(l["shares"][1]["above_standalone"], true);
    // 2 868 ÷ 10 500 = 27.314…%; −468 ÷ 13 100 = −3.572…%.
    assert_eq!(l["shares"][0]["saving_percent"], "27.31");
    assert_eq!(l["shares"][1]["saving_percent"], "-3.57");
    // Contract HT: 7 632 × 4.121608 = 31 456.112256 and 13 568 × 4.121608 =
    // 55 921.977344: floors 31 456.11 + 55 921.97 = 87 378.08, one cent short of
    // 21 200 × 4.121608 = 87 378.0896 → 87 378.09; remainders 0.2256 and 0.7734 of a
    // cent: Isère's cent. Contract TTC (× 1.2): 37 747.3347072 and 67 106.3728128;
    // floors 37 747.33 + 67 106.37 = 104 853.70 against 104 853.70752 → 104 853.71;
    // remainders 0.47 and 0.28 of a cent: Grenoble's cent.
    assert_eq!(l["shares"][0]["contract_ht"], "31456.11");
    assert_eq!(l["shares"][1]["contract_ht"], "55921.98");
    assert_eq!(l["shares"][0]["contract_ttc"], "37747.34");
    assert_eq!(l["shares"][1]["contract_ttc"], "67106.37");
}

#[test]
fn equal_savings_gives_everyone_the_same_saving() {
    let (_, doc) = split(&["--method", "equal_savings", "--lot", "2"]);
    // Lot 2: CinéClap wins the groupement at 27 250; alone Grenoble 13 500, Isère
    // 15 250 (28 750 in all): the saving 1 500 is shared equally, 750 each.
    assert_eq!(
        shares(&doc, "2"),
        own(&[
            ("grenoble", "12750.00", "13500.00", "750.00"),
            ("isere", "14500.00", "15250.00", "750.00"),
        ])
    );
    // The member totals are those of the one lot shown.
    assert_eq!(doc["members"][0]["share_ht"], "12750.00");
    assert_eq!(doc["members"][1]["saving_ht"], "750.00");
}

#[test]
fn in_proportion_to_the_standalone_cost_rounds_by_largest_remainder() {
    let (_, doc) = split(&["--method", "standalone_proportional", "--lot", "1"]);
    // 21 200 × 10 500 ÷ 23 600 = 9 432.2033…; 21 200 × 13 100 ÷ 23 600 = 11 767.7966….
    // Floors 9 432.20 + 11 767.79 = 21 199.99: the cent goes to the larger remainder
    // (Isère, 0.66 of a cent against 0.33).
    assert_eq!(
        shares(&doc, "1"),
        own(&[
            ("grenoble", "9432.20", "10500.00", "1067.80"),
            ("isere", "11767.80", "13100.00", "1332.20"),
        ])
    );
}

#[test]
fn registered_users_usage_and_equal_keys() {
    // Lot 1 (Musicalia, active accounts): registered users 75 000 : 125 000 →
    // 21 200 × 0.375 = 7 950 and 13 250. Usage by the awarded model's measure, active
    // accounts 3 000 : 5 000 → the same 3/8. Equal: 10 600 each.
    for (method, g, i) in [
        ("registered_users", "7950.00", "13250.00"),
        ("usage", "7950.00", "13250.00"),
        ("equal", "10600.00", "10600.00"),
    ] {
        let (_, doc) = split(&["--method", method, "--lot", "1"]);
        let s = shares(&doc, "1");
        assert_eq!((s[0].1.as_str(), s[1].1.as_str()), (g, i), "{method}");
    }
    // Lot 5: Kiosque wins the groupement with consultations (21 000, extrapolated;
    // 40 × 20 000 ÷ 21 000 + 50 = 88.10 against Biblioplus's 40 + 45 = 85). Usage by
    // consultations, 1.2 per registered user: Grenoble 90 000, Isère 150 000 →
    // 21 000 × 90 000 ÷ 240 000 = 7 875 and 13 125.
    let (_, doc) = split(&["--method", "usage", "--lot", "5"]);
    assert_eq!(lot(&doc, "5")["bidder"], "kiosque");
    let s = shares(&doc, "5");
    assert_eq!((s[0].1.as_str(), s[1].1.as_str()), ("7875.00", "13125.00"));
}

#[test]
fn a_method_needing_coalition_costs_is_refused_with_the_methods_that_can_serve() {
    // The métropole's lot 4 has no band tariff and only the groupement is quoted: no group
    // of communes is priced.
    for method in ["shapley", "scrb"] {
        let (code, doc) = metropole(&["--method", method, "--lot", "4"]);
        assert_eq!(code, 1);
        assert_eq!(doc["lots"], serde_json::json!([]));
        let reason = doc["unsplit"][0]["reason"].as_str().unwrap();
        assert!(reason.contains(method), "{reason}");
        assert!(reason.contains("population, registered_users"), "{reason}");
    }
}

#[test]
fn an_unknown_method_is_a_usage_error() {
    let out = Command::cargo_bin("tender")
        .unwrap()
        .arg("--tender")
        .arg(example())
        .args(["split", "--method", "by_mood"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("by_mood") && err.contains("equal_savings"),
        "{err}"
    );
}

/// The example copied to a temporary folder with another `[split]` section.
fn with_split(section: &str) -> (common::Workdir, PathBuf) {
    let wd = common::Workdir::new();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/grenoble");
    for entry in std::fs::read_dir(src.join("offres")).unwrap() {
        let p = entry.unwrap().path();
        wd.write(
            &format!("offres/{}", p.file_name().unwrap().to_string_lossy()),
            std::fs::read(&p).unwrap(),
        );
    }
    for f in ["technique.csv", "securite.csv", "rgpd.csv"] {
        wd.write(f, std::fs::read(src.join(f)).unwrap());
    }
    let text = std::fs::read_to_string(src.join("tender.toml")).unwrap();
    let text = text.replace("[split]\nmethod = \"population\"", section);
    assert!(text.contains(section));
    wd.write("tender.toml", &text);
    let path = wd.join("tender.toml");
    (wd, path)
}

fn split_in(path: &Path, args: &[&str]) -> Value {
    let out = Command::cargo_bin("tender")
        .unwrap()
        .arg("--tender")
        .arg(path)
        .args(["split", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn weights_fixed_plus_variable_a_fee_and_methods_by_lot() {
    let (_wd, path) = with_split(
        "[split]\nmethod = \"fixed_plus_variable\"\nfixed_share = \"0.2\"\nvariable_key = \"population\"\nfee = \"0.05\"\nby_lot = { \"2\" = \"weights\" }\nweights = { grenoble = \"1\", isere = \"3\" }",
    );
    let doc = split_in(&path, &[]);
    // Lot 1, 21 200: 20 % = 4 240 in equal parts (2 120 each), 16 960 by population:
    // Grenoble 16 960 × 0.36 = 6 105.60, Isère 10 854.40. Shares 8 225.60 and 12 974.40.
    // Fee 5 % = 1 060, shared like the cost: 411.28 and 648.72. Paid 8 636.88 and
    // 13 623.12 (= 22 260).
    let l = lot(&doc, "1");
    assert_eq!(l["method"], "fixed_plus_variable");
    assert_eq!(l["fee_ht"], "1060.00");
    let cols = |i: usize| {
        (
            l["shares"][i]["cost_share_ht"].as_str().unwrap().to_owned(),
            l["shares"][i]["fee_ht"].as_str().unwrap().to_owned(),
            l["shares"][i]["share_ht"].as_str().unwrap().to_owned(),
        )
    };
    assert_eq!(
        cols(0),
        ("8225.60".into(), "411.28".into(), "8636.88".into())
    );
    assert_eq!(
        cols(1),
        ("12974.40".into(), "648.72".into(), "13623.12".into())
    );
    // Lot 2 by weights 1 : 3 of 27 250: 6 812.50 and 20 437.50; with the 5 % fee
    // (1 362.50: 340.625 and 1 021.875): 7 153.125 and 21 459.375, i.e. 7 153.13 and
    // 21 459.37 (the half cent to the first, equal remainders) = 28 612.50.
    let l2 = lot(&doc, "2");
    assert_eq!(l2["method"], "weights");
    assert_eq!(l2["shares"][0]["cost_share_ht"], "6812.50");
    assert_eq!(l2["shares"][0]["share_ht"], "7153.13");
    assert_eq!(l2["shares"][1]["share_ht"], "21459.37");
}

#[test]
fn split_settings_are_checked_when_the_tender_is_loaded() {
    for (section, key) in [
        (
            "[split]\nmethod = \"weights\"\nweights = { grenoble = \"1\" }",
            "split.weights.isere",
        ),
        (
            "[split]\nmethod = \"population\"\nby_lot = { \"13\" = \"equal\" }",
            "split.by_lot.13",
        ),
        (
            "[split]\nmethod = \"population\"\nfee = \"1.5\"",
            "split.fee",
        ),
        (
            "[split]\nmethod = \"fixed_plus_variable\"\nvariable_key = \"shapley\"",
            "split.variable_key",
        ),
    ] {
        let (_wd, path) = with_split(section);
        let out = Command::cargo_bin("tender")
            .unwrap()
            .arg("--tender")
            .arg(&path)
            .args(["split", "--lang", "en"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{section}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(key), "{section}: {err}");
    }
}

#[test]
fn table_csv_and_json_agree_and_fit_80_columns() {
    let run = |format: &str| {
        let out = Command::cargo_bin("tender")
            .unwrap()
            .arg("--tender")
            .arg(example())
            .args(["split", "--format", format])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let table = run("table");
    assert!(table.lines().all(|l| l.chars().count() <= 80), "{table}");
    assert!(table.contains("7\u{a0}632,00\u{a0}€"), "{table}");
    let csv = run("csv");
    assert!(csv.contains("1,population,musicalia,grenoble,7632.00,7632.00,0.00,"));
    assert_eq!(run("json"), run("json"));
}

#[path = "../examples/metropole/bidders.rs"]
mod metropole;

#[test]
fn metropole_offers_are_in_step_with_the_template() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/metropole");
    let tender = tender::tender::load(&dir.join("tender.toml")).unwrap();
    assert_eq!(tender.members.len(), 49);
    let template = tender::bpu::template::write(&tender).unwrap();
    for b in metropole::all() {
        let fresh = metropole::fill(&b, &tender, &template).unwrap();
        let path = dir.join(format!("offres/{}.xlsx", b.id));
        let committed = std::fs::read(&path).unwrap();
        assert!(
            committed == fresh,
            "{}: regenerate with `cargo run --example metropole_offers`",
            path.display()
        );
    }
}

fn metropole(args: &[&str]) -> (i32, Value) {
    let out = Command::cargo_bin("tender")
        .unwrap()
        .arg("--tender")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/metropole/tender.toml"))
        .args(["split", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let doc = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap(), doc)
}

fn cents(v: &Value) -> i64 {
    let d: rust_decimal::Decimal = v.as_str().unwrap().parse().unwrap();
    (d * rust_decimal::Decimal::ONE_HUNDRED).try_into().unwrap()
}

#[test]
fn what_if_a_member_leaves_or_a_prospect_joins() {
    // Lot 1 goes to Melodia (20 000 by active accounts). Its band tariff on population:
    // (0, 5 000] 600; (5 000, 10 000] 1 200; (10 000, 20 000] 2 000; (20 000, 50 000]
    // 3 400; (50 000, 100 000] 6 200; (100 000, 200 000] 11 000; (200 000, 500 000]
    // 20 000; above 27 000.
    // Grenoble (158 198) leaves: 445 775 − 158 198 = 287 577 inhabitants, still in the
    // 200 001–500 000 band: 20 000, plus the 2 % fee, 400. By population, Saint-Martin-
    // d'Hères (38 184) pays 20 000 × 38 184 ÷ 287 577 = 2 655.5705… and a fee of
    // 400 × 38 184 ÷ 287 577 = 53.111…; alone it is in the 20 001–50 000 band: 3 400.
    let (code, doc) = metropole(&[
        "--method",
        "population",
        "--what-if",
        "leave=grenoble",
        "--lot",
        "1",
    ]);
    assert_eq!(code, 0);
    assert_eq!(doc["what_if"]["change"], "leave");
    assert_eq!(doc["what_if"]["member"], "grenoble");
    assert_eq!(doc["what_if"]["name"], "Grenoble");
    let l = lot(&doc, "1");
    assert_eq!(l["total_ht"], "20000.00");
    let shares = l["shares"].as_array().unwrap();
    assert_eq!(shares.len(), 48);
    assert!(shares.iter().all(|s| s["member"] != "grenoble"));
    assert_eq!(
        shares.iter().map(|s| cents(&s["share_ht"])).sum::<i64>(),
        2_040_000
    );
    let smh = &shares[0];
    assert_eq!(smh["member"], "saint-martin-d-heres");
    assert!((cents(&smh["cost_share_ht"]) - 265_557).abs() <= 1, "{smh}");
    assert!((cents(&smh["fee_ht"]) - 5_311).abs() <= 1, "{smh}");
    assert_eq!(smh["standalone_ht"], "3400.00");
    // Saint-Martin-d'Uriage (5 600, a prospect) joins: 451 375 inhabitants, same band,
    // 20 000; it pays 20 000 × 5 600 ÷ 451 375 = 248.1307… (+ 2 %: 4.9626…), and alone
    // it would pay the 5 001–10 000 band: 1 200.
    let (_, doc) = metropole(&[
        "--method",
        "population",
        "--what-if",
        "join=saint-martin-d-uriage",
        "--lot",
        "1",
    ]);
    let l = lot(&doc, "1");
    let shares = l["shares"].as_array().unwrap();
    assert_eq!(shares.len(), 50);
    let joiner = shares.last().unwrap();
    assert_eq!(joiner["member"], "saint-martin-d-uriage");
    assert!(
        (cents(&joiner["cost_share_ht"]) - 24_813).abs() <= 1,
        "{joiner}"
    );
    assert_eq!(joiner["standalone_ht"], "1200.00");
    // Lot 4 has no band tariff: it cannot be priced for a new groupement.
    let (code, doc) = metropole(&["--what-if", "leave=grenoble", "--lot", "4"]);
    assert_eq!(code, 1);
    assert!(
        doc["unsplit"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("grille par tranches")
    );
    // Not a prospect, not a member, not join/leave: usage errors.
    for w in [
        "join=grenoble",
        "leave=saint-martin-d-uriage",
        "stay=grenoble",
    ] {
        let (code, _) = (
            Command::cargo_bin("tender")
                .unwrap()
                .arg("--tender")
                .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/metropole/tender.toml"))
                .args(["split", "--what-if", w])
                .output()
                .unwrap()
                .status
                .code()
                .unwrap(),
            (),
        );
        assert_eq!(code, 2, "{w}");
    }
}

#[test]
fn shapley_and_scrb_from_the_quoted_scopes() {
    // Lot 1: c(Grenoble) = 10 500, c(Isère) = 13 100, c(both) = 21 200. Shapley for two:
    // Grenoble (10 500 + (21 200 − 13 100)) ÷ 2 = 9 300, Isère (13 100 + 10 700) ÷ 2 =
    // 11 900. SCRB: separable 21 200 − 13 100 = 8 100 and 21 200 − 10 500 = 10 700; the
    // rest 2 400 by remaining benefits 10 500 − 8 100 = 2 400 and 13 100 − 10 700 = 2 400,
    // half each: the same 9 300 and 11 900. Both save 1 200.
    for method in ["shapley", "scrb"] {
        let (code, doc) = split(&["--method", method, "--lot", "1"]);
        assert_eq!(code, 0, "{method}");
        assert_eq!(
            shares(&doc, "1"),
            own(&[
                ("grenoble", "9300.00", "10500.00", "1200.00"),
                ("isere", "11900.00", "13100.00", "1200.00"),
            ]),
            "{method}"
        );
    }
    let (_, doc) = split(&["--method", "shapley", "--lot", "1"]);
    assert_eq!(lot(&doc, "1")["shapley"]["computation"], "exact");
    // Both alone cost more than their share: the split is in the core (two groups of one
    // member, both examined).
    assert_eq!(lot(&doc, "1")["core"]["worst"], Value::Null);
    assert_eq!(lot(&doc, "1")["core"]["complete"], true);
    // By population, Isère pays 13 568 for a standalone 13 100: the core check names it.
    let (_, doc) = split(&["--method", "population", "--lot", "1"]);
    assert_eq!(
        lot(&doc, "1")["core"]["worst"],
        serde_json::json!({"members": ["isere"], "paid_ht": "13568.00", "cost_ht": "13100.00"})
    );
}

#[test]
fn exact_shapley_for_the_49_communes_on_a_band_tariff() {
    let (code, doc) = metropole(&["--lot", "3"]);
    assert_eq!(code, 0);
    // Lot 3: Apprendre wins at 14 500, which is also its band price for the métropole's
    // 46 634 registered users (25 001–50 000): the Shapley values need no scaling and
    // add up to 14 500 exactly; the 2 % fee (290) follows them.
    let l = lot(&doc, "3");
    assert_eq!(l["method"], "shapley");
    assert_eq!(l["shapley"]["computation"], "exact");
    let s = l["shares"].as_array().unwrap();
    assert_eq!(s.len(), 49);
    assert_eq!(
        s.iter().map(|x| cents(&x["cost_share_ht"])).sum::<i64>(),
        1_450_000
    );
    assert_eq!(
        s.iter().map(|x| cents(&x["share_ht"])).sum::<i64>(),
        1_479_000
    );
    // Symmetry: no two communes share a size here, but every share is positive and a
    // larger commune never pays less than a smaller one on this increasing tariff.
    let reg = |m: &str| -> u64 {
        let t = tender::tender::load(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/metropole/tender.toml"),
        )
        .unwrap();
        t.member(m).unwrap().registered_users
    };
    let mut pairs: Vec<(u64, i64)> = s
        .iter()
        .map(|x| {
            (
                reg(x["member"].as_str().unwrap()),
                cents(&x["cost_share_ht"]),
            )
        })
        .collect();
    pairs.sort();
    assert!(pairs.iter().all(|(_, c)| *c > 0));
    assert!(pairs.windows(2).all(|w| w[0].1 <= w[1].1), "{pairs:?}");
    // Every commune alone is priced by the band tariff, and saves.
    assert!(s.iter().all(|x| x["above_standalone"] == false));
}

#[test]
fn savings_over_the_contract_and_with_vat() {
    let (_, doc) = split(&["--method", "equal_savings", "--lot", "2"]);
    // Lot 2, Grenoble: alone 13 500 a year, pays 12 750. TTC at 20 %: 16 200 − 15 300 =
    // 900. Contract (× 4.121608): alone 55 641.708 → 55 641.71, pays 12 750 × 4.121608 =
    // 52 550.502 → 52 550.50 (Isère's 59 763.316 → 59 763.32; 112 313.82 in all); saving
    // 3 091.21. TTC: 66 770.0496 → 66 770.05 alone; paid 63 060.6024 → 63 060.60 (Isère
    // 71 715.9792 → 71 715.98, total 134 776.5816 → 134 776.58); saving 3 709.45.
    let g = &lot(&doc, "2")["shares"][0];
    assert_eq!(g["saving_ttc"], "900.00");
    assert_eq!(g["saving_contract_ht"], "3091.21");
    assert_eq!(g["saving_contract_ttc"], "3709.45");
    assert_eq!(doc["members"][0]["saving_contract_ht"], "3091.21");
}

#[test]
fn beyond_the_exact_budget_shapley_is_sampled_with_its_standard_errors() {
    // 150 communes of 1 003 to 8 900 inhabitants (742 725 in all) on bands up to 600 000:
    // counting every group exactly would take about 150² × 600 000 = 1.35·10¹⁰ steps,
    // past the budget, so the value is estimated.
    let ids: Vec<String> = (0..150).map(|i| format!("c{i}")).collect();
    let members: Vec<(&str, u64)> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), 1_003 + 53 * i as u64))
        .collect();
    let wd = common::Workdir::new();
    common::band_tender(
        &wd,
        &members,
        &[0, 5000, 20000, 100000, 600000],
        &["900", "2500", "9000", "30000", "60000"],
        "60000",
        "shapley",
    );
    let (code, out) = common::split_output(&wd, &["--format", "json"]);
    assert_eq!(code, 0);
    let doc: Value = serde_json::from_str(&out).unwrap();
    let l = lot(&doc, "1");
    assert_eq!(l["shapley"]["computation"], "sampled");
    assert_eq!(l["shapley"]["target_reached"], true);
    let shares = l["shares"].as_array().unwrap();
    assert_eq!(shares.len(), 150);
    // The estimates still add up exactly to the price (each sampled order's marginal
    // costs do), and every standard error is below one euro.
    assert_eq!(
        shares.iter().map(|s| cents(&s["share_ht"])).sum::<i64>(),
        6_000_000
    );
    for s in shares {
        let se: f64 = s["standard_error"].as_str().unwrap().parse().unwrap();
        assert!(se < 1.0, "{s}");
    }
}

/// The Ontario Library Service's grid: bands' lower limits and prices.
const ONTARIO_LIMITS: [u64; 10] = [
    0, 1_000, 2_500, 5_000, 10_000, 15_000, 25_000, 40_000, 50_000, 70_000,
];
const ONTARIO_PRICES: [&str; 10] = [
    "635", "950", "1305", "1970", "2625", "5515", "7355", "9195", "11190", "13340",
];

#[test]
fn sampled_shapley_charges_members_alike_for_the_tariff_the_same() {
    // 150 communes on the Ontario grid: past the exact budget (150² × 70 000 steps of
    // three-word counts), so sampled. Three are above 70 000 inhabitants: any group
    // holding one of them is in the open top band, so the three are alike for the
    // tariff and have the same exact Shapley value; c3 and c4 have the same population,
    // and so do c5, c6 and c7. Each set must pay the same, to the cent, with the same
    // standard error.
    let ids: Vec<String> = (0..150).map(|i| format!("c{i}")).collect();
    let population = |i: usize| -> u64 {
        match i {
            0 => 95_344,
            1 => 81_210,
            2 => 72_518,
            3 | 4 => 4_321,
            5..=7 => 1_500,
            _ => 200 + 31 * i as u64,
        }
    };
    let members: Vec<(&str, u64)> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), population(i)))
        .collect();
    let wd = common::Workdir::new();
    common::band_tender(
        &wd,
        &members,
        &ONTARIO_LIMITS,
        &ONTARIO_PRICES,
        "12000",
        "shapley",
    );
    let (code, out) = common::split_output(&wd, &["--format", "json"]);
    assert_eq!(code, 0);
    let doc: Value = serde_json::from_str(&out).unwrap();
    let l = lot(&doc, "1");
    assert_eq!(l["shapley"]["computation"], "sampled");
    let shares = l["shares"].as_array().unwrap();
    assert_eq!(
        shares.iter().map(|s| cents(&s["share_ht"])).sum::<i64>(),
        1_200_000
    );
    for set in [&[0, 1, 2][..], &[3, 4], &[5, 6, 7]] {
        for key in ["share_ht", "cost_share_ht", "share_ttc", "standard_error"] {
            let first = &shares[set[0]][key];
            for &i in &set[1..] {
                assert_eq!(&shares[i][key], first, "{key} of c{i} and c{}", set[0]);
            }
        }
    }
    // No split of a tie to report: the equal shares got equal cents.
    assert_eq!(l["uneven_cents"], serde_json::json!([]));
    // The target (1 €) holds for the shares as paid, after rescaling to the award.
    assert_eq!(l["shapley"]["target_reached"], true);
    for s in shares {
        let se: f64 = s["standard_error"].as_str().unwrap().parse().unwrap();
        assert!(se < 1.0, "{s}");
    }
}

/// Three communes: a (500 inhabitants), b (600), c (1 900); bands up to 1 000: 100 €,
/// 1 001 to 2 500: 1 200 €, above: 1 300 €. The groupement (3 000) is in the top band.
const ABC: [(&str, u64); 3] = [("a", 500), ("b", 600), ("c", 1_900)];
const ABC_LIMITS: [u64; 3] = [0, 1_000, 2_500];
const ABC_PRICES: [&str; 3] = ["100", "1200", "1300"];

fn words(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_core_check_names_the_worst_proper_group_and_the_quote_above_the_tariff_apart() {
    // Quoted 3 000 for the groupement, whose band price is 1 300. By population the
    // shares are 500, 600 and 1 900. Every proper group against its band's price: {a}
    // 500 for 100 (+400), {b} 600 for 100 (+500), {c} 1 900 for 1 200 (+700), {a, b}
    // 1 100 for 1 200 (−100), {a, c} 2 400 for 1 200 (+1 200), {b, c} 2 500 for 1 200
    // (+1 300): the worst is {b, c}. The whole groupement pays 3 000 for a band price of
    // 1 300: the quote is above the tariff, said apart.
    let wd = common::Workdir::new();
    common::band_tender(&wd, &ABC, &ABC_LIMITS, &ABC_PRICES, "3000", "population");
    let (code, out) = common::split_output(&wd, &["--format", "json"]);
    assert_eq!(code, 0);
    let doc: Value = serde_json::from_str(&out).unwrap();
    let core = &lot(&doc, "1")["core"];
    assert_eq!(
        core["worst"],
        serde_json::json!({"members": ["b", "c"], "paid_ht": "2500.00", "cost_ht": "1200.00"})
    );
    assert_eq!(core["quote_above_tariff"], true);
    assert_eq!(
        core["grand_coalition"],
        serde_json::json!({"paid_ht": "3000.00", "cost_ht": "1300.00"})
    );
    // Every group was compared: sizes 1 to 3, 2³ − 1 groups, the whole groupement
    // included (apart).
    assert_eq!(core["complete"], true);
    assert_eq!(core["sizes_checked"], serde_json::json!([1, 2, 3]));
    assert_eq!(core["groups_checked"], 7);
    let (_, table) = common::split_output(&wd, &["--lang", "en"]);
    let table = words(&table);
    // In plain words, the members named by their names.
    assert!(
        table.contains(
            "A group of 2 members would pay less on its own: Commune b, Commune c pay \
             €2,500.00 together in the groupement, and would pay €1,200.00 on their own."
        ),
        "{table}"
    );
    assert!(!table.contains("Core"), "{table}");
    assert!(
        table.contains(
            "The price awarded for the groupement, €3,000.00, is above its band's price in \
             the tariff, €1,300.00"
        ),
        "{table}"
    );
    // Quoted at its band price, the groupement is not above the tariff.
    let wd = common::Workdir::new();
    common::band_tender(&wd, &ABC, &ABC_LIMITS, &ABC_PRICES, "1300", "population");
    let (_, out) = common::split_output(&wd, &["--format", "json"]);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(lot(&doc, "1")["core"]["quote_above_tariff"], false);
}

#[test]
fn scrb_and_shapley_are_computed_on_the_tariff_then_rescaled_and_say_so() {
    // Quoted 1 040 for the groupement, whose band price is 1 300: the shares are computed
    // in the tariff's game, where every group, the whole groupement included, costs its
    // band's price, then multiplied by 1 040 ÷ 1 300 = 0.8.
    // SCRB: c(N) = 1 300; without a: {b, c} (2 500) 1 200; without b: {a, c} (2 400)
    // 1 200; without c: {a, b} (1 100) 1 200. Separable costs 100 each; the rest, 1 000,
    // goes by what each still saves, c(i) − 100: a 100 − 100 = 0, b 0, c 1 200 − 100 =
    // 1 100, all to c. SCRB 100, 100, 1 100; × 0.8: 80, 80, 880.
    // Shapley: a: c(a)/3 + (c(ab) − c(b) + c(ac) − c(c))/6 + (c(N) − c(bc))/3 = 100/3 +
    // (1 100 + 0)/6 + 100/3 = 250; b the same; c: 1 200/3 + (1 100 + 1 100)/6 + 100/3 =
    // 800. × 0.8: 200, 200, 640.
    for (method, expected) in [
        ("scrb", ["80.00", "80.00", "880.00"]),
        ("shapley", ["200.00", "200.00", "640.00"]),
    ] {
        let wd = common::Workdir::new();
        common::band_tender(&wd, &ABC, &ABC_LIMITS, &ABC_PRICES, "1040", method);
        let (code, out) = common::split_output(&wd, &["--format", "json"]);
        assert_eq!(code, 0, "{method}");
        let doc: Value = serde_json::from_str(&out).unwrap();
        let l = lot(&doc, "1");
        let got: Vec<&str> = l["shares"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["share_ht"].as_str().unwrap())
            .collect();
        assert_eq!(got, expected, "{method}");
        assert_eq!(
            l["rescaled"],
            serde_json::json!({"tariff_ht": "1300.00", "awarded_ht": "1040.00"}),
            "{method}"
        );
        let (_, csv) = common::split_output(&wd, &["--format", "csv", "--lang", "en"]);
        for row in csv.lines().skip(1) {
            assert!(
                row.contains("rescaled to the awarded price"),
                "{method}: {row}"
            );
        }
        let (_, table) = common::split_output(&wd, &["--lang", "en"]);
        assert!(
            words(&table).contains("then rescaled to the awarded price"),
            "{method}: {table}"
        );
    }
    // Quoted at its band price: nothing rescaled, and nothing said.
    let wd = common::Workdir::new();
    common::band_tender(&wd, &ABC, &ABC_LIMITS, &ABC_PRICES, "1300", "scrb");
    let (_, out) = common::split_output(&wd, &["--format", "json"]);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(lot(&doc, "1")["rescaled"], Value::Null);
}

#[test]
fn a_key_the_tender_does_not_give_is_a_reason_not_a_zero() {
    // Weights are given for the members, not for a prospect: in a what-if where it joins,
    // a split by weights cannot say what it pays (it used to pay 0).
    let wd = common::Workdir::new();
    common::band_tender(&wd, &ABC, &ABC_LIMITS, &ABC_PRICES, "1300", "population");
    let mut text = std::fs::read_to_string(wd.join("tender.toml")).unwrap();
    text.push_str(
        "weights = { a = \"1\", b = \"1\", c = \"2\" }\n\n[[prospect]]\nid = \"d\"\n\
         name = \"Commune d\"\npopulation = 400\nregistered_users = 40\n",
    );
    wd.write("tender.toml", text);
    let (code, out) = common::split_output(
        &wd,
        &[
            "--what-if",
            "join=d",
            "--method",
            "weights",
            "--format",
            "json",
            "--lang",
            "en",
        ],
    );
    assert_eq!(code, 1, "{out}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["lots"], serde_json::json!([]));
    assert_eq!(
        doc["unsplit"][0]["reason"],
        "the key « weights » is not given by the tender for: d"
    );
    // By population the prospect has its key: 1 300 × 400 ÷ 3 400 = 152.94.
    let (code, out) = common::split_output(
        &wd,
        &[
            "--what-if",
            "join=d",
            "--method",
            "population",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(lot(&doc, "1")["shares"][3]["share_ht"], "152.94");
}

#[test]
fn an_unusable_band_tariff_is_named_with_its_cell() {
    // The bidder leaves the top band's price blank: its tariff cannot price groups, and
    // Shapley says so at the cell, not that the lot has no band tariff.
    let wd = common::Workdir::new();
    common::band_tender(&wd, &ABC, &ABC_LIMITS, &ABC_PRICES[..2], "1300", "shapley");
    let (code, out) = common::split_output(&wd, &["--format", "json", "--lang", "en"]);
    assert_eq!(code, 1);
    let doc: Value = serde_json::from_str(&out).unwrap();
    let reason = doc["unsplit"][0]["reason"].as_str().unwrap();
    assert!(
        reason.starts_with(
            "the method « shapley » needs the cost of groups of members, and the awarded \
             bidder's band tariff (vendor) cannot be used: "
        ) && reason.contains("vendor.xlsx")
            && reason.contains("no price"),
        "{reason}"
    );
    // No lot split: no member totals (nothing is 0).
    assert_eq!(doc["members"], serde_json::json!([]));
    // A key method does not need it.
    let (code, _) = common::split_output(&wd, &["--method", "population"]);
    assert_eq!(code, 0);
}

#[test]
fn an_awarded_cost_with_no_decimal_form_is_shared_to_the_cent_and_said() {
    // The groupement (a: 10 000 consultations, 10 000 inhabitants; b: 20 000, 30 000) is
    // awarded a price of 1 000 for 7 000 consultations, extrapolated to K = 30 000:
    // 1 000 × 30 000 ÷ 7 000 = 30 000 ÷ 7 = 4 285.714285…, which no decimal holds. The
    // split shares 4 285.71 by population: a 4 285.71 ÷ 4 = 1 071.4275, b 3 214.2825;
    // floors 1 071.42 + 3 214.28 = 4 285.70, the cent left goes to the larger remainder
    // (a's 0.75): 1 071.43 and 3 214.28.
    let wd = common::Workdir::new();
    let t = wd.tender(
        "[tender]\nname = \"T\"\nreference = \"T-1\"\nduration_years = 1\n\
         quote_for = [\"groupement\"]\n\
         [[member]]\nid = \"a\"\nname = \"A\"\npopulation = 10000\nregistered_users = 1000\n\
         [[member]]\nid = \"b\"\nname = \"B\"\npopulation = 30000\nregistered_users = 3000\n\
         [[lot]]\nid = \"1\"\ntitle = \"Presse\"\nvat_rate = \"0.055\"\n\
         [lot.usage.a]\nactive_accounts = 10\nsimultaneous_accesses = 1\nconsultations = 10000\n\
         [lot.usage.b]\nactive_accounts = 10\nsimultaneous_accesses = 1\nconsultations = 20000\n\
         [award]\nprice_weight = 100\ntechnical_weight = 0\n[split]\nmethod = \"population\"\n",
    );
    use tender::pricing::{PricingModel::Consultations, Term};
    let cells = [
        (
            "1",
            "groupement",
            Consultations,
            Term::Price,
            common::num("1000"),
        ),
        (
            "1",
            "groupement",
            Consultations,
            Term::Quota,
            common::num("7000"),
        ),
    ];
    wd.write(
        "offres/kiosque.xlsx",
        common::offer_bytes(&t, Some("Kiosque"), &cells),
    );
    let (code, out) = common::split_output(&wd, &["--format", "json"]);
    assert_eq!(code, 0, "{out}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    let l = lot(&doc, "1");
    assert_eq!(l["total_ht"], "4285.71");
    assert_eq!(l["total_rounded_from"], "30000/7");
    assert_eq!(l["shares"][0]["share_ht"], "1071.43");
    assert_eq!(l["shares"][1]["share_ht"], "3214.28");
    let (_, table) = common::split_output(&wd, &[]);
    assert!(
        words(&table).contains("Le coût attribué, 30000/7 € exactement"),
        "{table}"
    );
}

/// Four communes: a and b (500 inhabitants each), c (20 000) and d (30 000); bands up to
/// 1 000: 400 €, 1 001 to 10 000: 3 000 €, 10 001 to 50 000: 9 000 €, above: 10 000 €.
/// The groupement (51 000) is in the top band, and is quoted at its band price.
const ABCD: [(&str, u64); 4] = [("a", 500), ("b", 500), ("c", 20_000), ("d", 30_000)];
const ABCD_LIMITS: [u64; 4] = [0, 1_000, 10_000, 50_000];
const ABCD_PRICES: [&str; 4] = ["400", "3000", "9000", "10000"];

/// The band tender of [`ABCD`] split by equal savings, with a coordinator's fee of `fee`.
fn abcd_equal_savings(fee: &str) -> common::Workdir {
    let wd = common::Workdir::new();
    common::band_tender(
        &wd,
        &ABCD,
        &ABCD_LIMITS,
        &ABCD_PRICES,
        "10000",
        "equal_savings",
    );
    let toml = std::fs::read_to_string(wd.join("tender.toml")).unwrap();
    let toml = toml.replace(
        "method = \"equal_savings\"",
        &format!("method = \"equal_savings\"\nfee = \"{fee}\""),
    );
    wd.write("tender.toml", toml);
    wd
}

#[test]
fn a_negative_share_is_flagged_everywhere_and_has_no_percentage() {
    // Alone (each at its band): a 400, b 400, c 9 000, d 9 000, 18 800 in all; the
    // groupement costs 10 000: a saving of 8 800, 2 200 each. a and b pay 400 − 2 200 =
    // −1 800, c and d 9 000 − 2 200 = 6 800 (sum 10 000). The 5 % fee, 500, follows the
    // cost: a and b −90, c and d 340; they pay −1 890 and 7 140 (sum 10 500).
    let wd = abcd_equal_savings("0.05");
    let (code, out) = common::split_output(&wd, &["--format", "json"]);
    assert_eq!(code, 1, "a negative share needs attention");
    let doc: Value = serde_json::from_str(&out).unwrap();
    let l = lot(&doc, "1");
    let col = |key: &str| -> Vec<Value> {
        l["shares"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s[key].clone())
            .collect()
    };
    let strs = |v: &[&str]| -> Vec<Value> { v.iter().map(|s| Value::from(*s)).collect() };
    assert_eq!(
        col("cost_share_ht"),
        strs(&["-1800.00", "-1800.00", "6800.00", "6800.00"])
    );
    assert_eq!(
        col("fee_ht"),
        strs(&["-90.00", "-90.00", "340.00", "340.00"])
    );
    assert_eq!(
        col("share_ht"),
        strs(&["-1890.00", "-1890.00", "7140.00", "7140.00"])
    );
    let negative = serde_json::json!(["negative_share", "negative_fee"]);
    assert_eq!(
        col("flags"),
        vec![
            negative.clone(),
            negative,
            serde_json::json!([]),
            serde_json::json!([])
        ]
    );
    // A saving beyond the whole standalone cost is no percentage: a saves 400 + 1 890 =
    // 2 290 (572.5 %, meaningless). c saves 9 000 − 7 140 = 1 860, 20.666…%.
    assert_eq!(col("saving_ht")[0], "2290.00");
    assert_eq!(
        col("saving_percent"),
        vec![Value::Null, Value::Null, "20.67".into(), "20.67".into()]
    );
    // The members' totals, over the one lot, likewise.
    assert_eq!(
        doc["members"][0]["flags"],
        serde_json::json!(["negative_share"])
    );
    assert_eq!(doc["members"][0]["saving_percent"], Value::Null);
    assert_eq!(doc["members"][2]["flags"], serde_json::json!([]));
    // One line per lot on stderr, naming the members by their names.
    let out = wd
        .command()
        .args(["split", "--lang", "en"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err.lines()
            .filter(|l| l.contains("negative share"))
            .collect::<Vec<_>>(),
        ["warning: lot 1 (equal savings): negative share for 2 members: Commune a, Commune b"]
    );
    // The table: a flag under each name, the legend under the table, a dash for the
    // percentage.
    let table = String::from_utf8(out.stdout).unwrap();
    // Under a and b in the lot's table and in the members' totals, and in the legend.
    assert_eq!(
        table.matches("⚑ negative share").count(),
        2 + 2 + 1,
        "{table}"
    );
    assert_eq!(table.matches("⚑ negative fee").count(), 2 + 1, "{table}");
    let flat = words(&table);
    assert!(
        flat.contains("⚑ negative share: this member would pay nothing and receive this amount"),
        "{table}"
    );
    assert!(
        flat.contains("every member saves the same amount"),
        "{table}"
    );
    assert!(flat.contains("⚑ negative fee: the coordinator's fee is shared like the cost"));
    // The CSV: a flags column.
    let (_, csv) = common::split_output(&wd, &["--format", "csv"]);
    let mut rows = csv.lines();
    assert!(rows.next().unwrap().ends_with(
        ",note,standalone_bidder,standalone_source,flags,share_before_ht,difference_ht"
    ));
    let a = rows.next().unwrap();
    assert!(
        a.starts_with("1,equal_savings,vendor,a,-1890.00,-1800.00,-90.00,"),
        "{a}"
    );
    assert!(
        a.ends_with(",vendor,band_tariff,negative_share;negative_fee,,"),
        "{a}"
    );
    // saving_percent (13th column) is empty for a.
    assert_eq!(a.split(',').nth(12), Some(""), "{a}");
    let c = rows.nth(1).unwrap();
    assert!(c.starts_with("1,equal_savings,vendor,c,7140.00,"), "{c}");
    assert_eq!(c.split(',').nth(12), Some("20.67"), "{c}");
    assert_eq!(c.split(',').nth(20), Some(""), "no flag: {c}");
}

#[test]
fn without_a_negative_share_nothing_is_flagged_and_the_exit_status_is_0() {
    // Lot 2 of the example by equal savings: 750 saved each, both shares positive.
    let (code, doc) = split(&["--method", "equal_savings", "--lot", "2"]);
    assert_eq!(code, 0);
    for s in lot(&doc, "2")["shares"].as_array().unwrap() {
        assert_eq!(s["flags"], serde_json::json!([]), "{s}");
    }
}

#[test]
fn a_standalone_cost_of_0_gives_no_percentage() {
    // The first band is priced 0 €: a and b alone cost nothing. By population a pays
    // 10 000 × 500 ÷ 51 000 = 98.039… → 98.04 and saves 0 − 98.04; no percentage of 0.
    let wd = common::Workdir::new();
    let prices = ["0", "3000", "9000", "10000"];
    common::band_tender(&wd, &ABCD, &ABCD_LIMITS, &prices, "10000", "population");
    let (code, out) = common::split_output(&wd, &["--format", "json"]);
    assert_eq!(code, 0, "{out}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    let a = &lot(&doc, "1")["shares"][0];
    assert_eq!(a["standalone_ht"], "0.00");
    assert_eq!(a["saving_ht"], "-98.04");
    assert_eq!(a["saving_percent"], Value::Null);
    assert_eq!(a["above_standalone"], true);
    assert_eq!(a["flags"], serde_json::json!([]));
}

#[test]
fn each_alone_figure_names_the_bidder_it_comes_from() {
    // The example, lot 1: Grenoble alone and Isère alone are each won by Musicalia
    // (10 500 and 13 100, its own-scope offers).
    let (_, doc) = split(&["--lot", "1"]);
    for s in lot(&doc, "1")["shares"].as_array().unwrap() {
        assert_eq!(s["standalone_bidder"], "musicalia", "{s}");
        assert_eq!(s["standalone_bidder_name"], "Musicalia SAS", "{s}");
        assert_eq!(s["standalone_source"], "own_scope", "{s}");
    }
    let out = Command::cargo_bin("tender")
        .unwrap()
        .arg("--tender")
        .arg(example())
        .args(["split", "--lot", "1", "--lang", "en"])
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    // Under each member's "Alone" figure, its bidder's name.
    let under_alone = table
        .lines()
        .filter(|l| l.trim_end().ends_with("%") && l.contains("Musicalia SAS"))
        .count();
    assert_eq!(under_alone, 2, "{table}");
    assert!(
        words(&table).contains(
            "Alone: what the member would pay alone, at the price of the best offer for it \
             alone, from the bidder named under the amount."
        ),
        "{table}"
    );
    // Isère pays 13 568 with the population key, 468 above its 13 100 alone: named, in
    // words, without "core".
    assert!(
        words(&table).contains(
            "Département de l'Isère would pay less on its own: this member pays €13,568.00 in \
             the groupement, and would pay €13,100.00 alone."
        ),
        "{table}"
    );
    // Priced by the awarded bidder's band tariff: the bidder, and "(bands)".
    let wd = abcd_equal_savings("0");
    let (_, table) = common::split_output(&wd, &["--lang", "en"]);
    assert_eq!(table.matches("(bands)").count(), 4 + 1, "{table}");
    assert!(words(&table).contains("\"(bands)\": the price of this member's band"));
    let (_, out) = common::split_output(&wd, &["--format", "json"]);
    let doc: Value = serde_json::from_str(&out).unwrap();
    let d = &lot(&doc, "1")["shares"][3];
    assert_eq!(d["standalone_source"], "band_tariff");
    assert_eq!(d["standalone_bidder"], "vendor");
}

#[test]
fn no_group_would_pay_less_on_its_own_is_said_in_plain_words() {
    // The example's lot 2 by equal savings: Grenoble pays 12 750 (13 500 alone), Isère
    // 14 500 (15 250 alone), both 27 250, their own price: of the 2² − 1 = 3 groups,
    // none pays more than its own price.
    let (_, doc) = split(&["--method", "equal_savings", "--lot", "2"]);
    assert_eq!(lot(&doc, "2")["core"]["worst"], Value::Null);
    for (lang, sentence) in [
        (
            "en",
            "No group of members would pay less on its own: all 3 possible groups were \
             compared with their own price.",
        ),
        (
            "fr",
            "Aucun groupe de membres ne paierait moins seul : les 3 groupes possibles ont \
             tous été comparés à leur propre prix.",
        ),
    ] {
        let out = Command::cargo_bin("tender")
            .unwrap()
            .arg("--tender")
            .arg(example())
            .args([
                "split",
                "--method",
                "equal_savings",
                "--lot",
                "2",
                "--lang",
                lang,
            ])
            .output()
            .unwrap();
        let table = words(&String::from_utf8(out.stdout).unwrap());
        assert!(table.contains(sentence), "{table}");
    }
}

/// Three communes, a (2 000 inhabitants), b (3 000) and c (5 000), and a prospect p
/// (10 000); bands up to 5 000: 1 000 €, 5 001 to 20 000: 4 000 €, above: 6 000 €. The
/// groupement (10 000) is quoted at its band price, 4 000, and split by population.
fn what_if_tender() -> common::Workdir {
    let wd = common::Workdir::new();
    let members = [("a", 2_000), ("b", 3_000), ("c", 5_000)];
    common::band_tender(
        &wd,
        &members,
        &[0, 5_000, 20_000],
        &["1000", "4000", "6000"],
        "4000",
        "population",
    );
    let mut toml = std::fs::read_to_string(wd.join("tender.toml")).unwrap();
    toml.push_str(
        "[[prospect]]\nid = \"p\"\nname = \"Commune p\"\npopulation = 10000\n\
         registered_users = 1000\n",
    );
    wd.write("tender.toml", toml);
    wd
}

/// (member, name, before, after, difference) of a what-if's rows.
fn before_after(rows: &Value) -> Vec<[Value; 5]> {
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            [
                r["member"].clone(),
                r["name"].clone(),
                r["before_ht"].clone(),
                r["after_ht"].clone(),
                r["difference_ht"].clone(),
            ]
        })
        .collect()
}

fn ba(member: &str, before: Option<&str>, after: Option<&str>, diff: Option<&str>) -> [Value; 5] {
    let v = |x: Option<&str>| x.map_or(Value::Null, Value::from);
    [
        member.into(),
        format!("Commune {member}").into(),
        v(before),
        v(after),
        v(diff),
    ]
}

#[test]
fn what_if_shows_each_share_before_and_after_and_the_difference() {
    // Today, by population of 10 000: a 4 000 × 0.2 = 800, b 1 200, c 2 000.
    // p joins: 20 000 inhabitants, still the 5 001–20 000 band, 4 000: a 400, b 600,
    // c 1 000, p 2 000; the groupement's cost does not move.
    let wd = what_if_tender();
    let (code, out) = common::split_output(&wd, &["--format", "json", "--what-if", "join=p"]);
    assert_eq!(code, 0, "{out}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["what_if"]["change"], "join");
    assert_eq!(doc["what_if"]["name"], "Commune p", "{out}");
    let l = &lot(&doc, "1")["before_after"];
    assert_eq!(
        before_after(&l["members"]),
        vec![
            ba("a", Some("800.00"), Some("400.00"), Some("-400.00")),
            ba("b", Some("1200.00"), Some("600.00"), Some("-600.00")),
            ba("c", Some("2000.00"), Some("1000.00"), Some("-1000.00")),
            ba("p", None, Some("2000.00"), None),
        ]
    );
    assert_eq!(
        l["total"],
        serde_json::json!({"before_ht": "4000.00", "after_ht": "4000.00", "difference_ht": "0.00"})
    );
    // The totals over the one lot are the same.
    assert_eq!(
        before_after(&doc["what_if"]["members"]),
        before_after(&l["members"])
    );
    // c leaves: 5 000 inhabitants, the first band, 1 000: a 400, b 600.
    let (_, out) = common::split_output(&wd, &["--format", "json", "--what-if", "leave=c"]);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["what_if"]["name"], "Commune c");
    let l = &lot(&doc, "1")["before_after"];
    assert_eq!(
        before_after(&l["members"]),
        vec![
            ba("a", Some("800.00"), Some("400.00"), Some("-400.00")),
            ba("b", Some("1200.00"), Some("600.00"), Some("-600.00")),
            ba("c", Some("2000.00"), None, None),
        ]
    );
    assert_eq!(
        l["total"],
        serde_json::json!({"before_ht": "4000.00", "after_ht": "1000.00", "difference_ht": "-3000.00"})
    );
    // The table: the member leaving named as elsewhere, and the before/after table.
    let (_, table) = common::split_output(&wd, &["--lang", "en", "--what-if", "leave=c"]);
    assert!(
        table.starts_with("What if Commune c (c) left the groupement\n"),
        "{table}"
    );
    let rows: Vec<String> = table.lines().map(words).collect();
    for expected in [
        "Commune a €800.00 €400.00 -€400.00",
        "Commune b €1,200.00 €600.00 -€600.00",
        "Commune c €2,000.00 — —",
        "Groupement €4,000.00 €1,000.00 -€3,000.00",
    ] {
        assert!(
            rows.iter().filter(|r| *r == expected).count() >= 1,
            "{expected}: {table}"
        );
    }
    assert!(rows.iter().any(|r| r == "(leaves)"), "{table}");
    let (_, table) = common::split_output(&wd, &["--what-if", "join=p"]);
    assert!(
        table.starts_with("Simulation : Commune p (p) rejoignait le groupement\n"),
        "{table}"
    );
    assert!(
        table
            .lines()
            .map(words)
            .any(|r| r == "Commune p — 2 000,00 € —"),
        "{table}"
    );
    // The CSV: the share before and the difference on each row, and a row for c.
    let (_, csv) = common::split_output(&wd, &["--format", "csv", "--what-if", "leave=c"]);
    let rows: Vec<&str> = csv.lines().collect();
    assert!(rows[0].ends_with(",flags,share_before_ht,difference_ht"));
    assert!(
        rows[1].starts_with("1,population,vendor,a,400.00,"),
        "{csv}"
    );
    assert!(rows[1].ends_with(",800.00,-400.00"), "{csv}");
    assert_eq!(
        rows[3],
        "1,population,vendor,c,,,,,,,,,,,,,,quitte le groupement,,,,2000.00,"
    );
    assert_eq!(rows.len(), 4, "{csv}");
}

#[test]
fn scrb_can_charge_a_member_less_than_nothing_and_it_is_flagged() {
    // a 100, b 1 000, c 1 500, d 3 000 inhabitants (5 600); bands up to 1 000: 100 €,
    // to 2 000: 500 €, to 5 000: 1 200 €, above: 2 000 €. The groupement costs 2 000.
    // Without a (5 500): 2 000, separable cost 0; without b (4 600), c (4 100) or d
    // (2 600): 1 200, separable cost 800 each. 2 400 in all, 400 more than the total:
    // that −400 goes back by remaining benefits, alone less separable, at least 0:
    // a 100 − 0 = 100, b 100 − 800 → 0, c 500 − 800 → 0, d 1 200 − 800 = 400 (500 in
    // all). a: 0 − 400 × 100/500 = −80; b and c 800; d 800 − 400 × 400/500 = 480.
    let wd = common::Workdir::new();
    common::band_tender(
        &wd,
        &[("a", 100), ("b", 1_000), ("c", 1_500), ("d", 3_000)],
        &[0, 1_000, 2_000, 5_000],
        &["100", "500", "1200", "2000"],
        "2000",
        "scrb",
    );
    let (code, out) = common::split_output(&wd, &["--format", "json"]);
    assert_eq!(code, 1);
    let doc: Value = serde_json::from_str(&out).unwrap();
    let shares = lot(&doc, "1")["shares"].as_array().unwrap().clone();
    let got: Vec<(&str, &Value)> = shares
        .iter()
        .map(|s| (s["share_ht"].as_str().unwrap(), &s["flags"]))
        .collect();
    let none = serde_json::json!([]);
    assert_eq!(
        got,
        vec![
            ("-80.00", &serde_json::json!(["negative_share"])),
            ("800.00", &none),
            ("800.00", &none),
            ("480.00", &none),
        ]
    );
    // a alone: 100, so it saves 180, and no percentage is shown.
    assert_eq!(shares[0]["saving_ht"], "180.00");
    assert_eq!(shares[0]["saving_percent"], Value::Null);
    let out = wd
        .command()
        .args(["split", "--lang", "en"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains(
            "warning: lot 1 (separable costs, remaining benefits (SCRB)): negative share for \
             1 member: Commune a\n"
        ),
        "{err}"
    );
    let table = words(&String::from_utf8(out.stdout).unwrap());
    assert!(
        table.contains(
            "the separable costs (what the groupement saves without each member) exceed the total"
        ),
        "{table}"
    );
}

#[test]
fn equal_savings_on_the_metropole_flags_every_commune_whose_alone_cost_is_below_the_saving() {
    // Lot 1: 20 000 for the groupement. Equal savings: each commune pays its standalone
    // cost less (Σ standalone − 20 000) ÷ 49; a commune whose standalone cost is below
    // that saving pays less than nothing (the 2 % fee follows the cost, so its sign too).
    let (code, doc) = metropole(&["--method", "equal_savings", "--lot", "1"]);
    assert_eq!(code, 1);
    let l = lot(&doc, "1");
    assert_eq!(l["total_ht"], "20000.00");
    let shares = l["shares"].as_array().unwrap();
    assert_eq!(shares.len(), 49);
    let alone: Vec<i64> = shares.iter().map(|s| cents(&s["standalone_ht"])).collect();
    let saving_times_49 = alone.iter().sum::<i64>() - 2_000_000;
    let mut flagged = 0;
    for (s, a) in shares.iter().zip(&alone) {
        let below = a * 49 < saving_times_49;
        let expected = match below {
            true => serde_json::json!(["negative_share", "negative_fee"]),
            false => serde_json::json!([]),
        };
        assert_eq!(s["flags"], expected, "{s}");
        assert_eq!(s["saving_percent"].is_null(), below, "{s}");
        flagged += usize::from(below);
    }
    assert_eq!(flagged, 30);
}

#[test]
fn groups_the_offers_do_not_price_are_said_not_compared() {
    // Three members quoted alone (a 1 000, b 1 000, c 1 500) and together (2 400), by
    // population 1 000, 1 000, 2 000: a and b pay 600, c 1 200, each below its own
    // price. The groups of two are not quoted: 3 + 1 groups compared, and no more.
    let wd = common::Workdir::new();
    let mut toml = String::from(
        "[tender]\nname = \"T\"\nreference = \"T-3\"\nduration_years = 1\noffers = \"offres\"\n",
    );
    for (id, population) in [("a", 1_000), ("b", 1_000), ("c", 2_000)] {
        toml.push_str(&format!(
            "[[member]]\nid = \"{id}\"\nname = \"Ville {id}\"\npopulation = {population}\n\
             registered_users = 100\n"
        ));
    }
    toml.push_str(
        "[[lot]]\nid = \"1\"\ntitle = \"Musique\"\nvat_rate = \"0.20\"\n\
         usage_rates = { active_accounts = \"0.04\", simultaneous_accesses = \"0.001\", \
         consultations = \"1\" }\n[award]\nprice_weight = 100\ntechnical_weight = 0\n\
         [split]\nmethod = \"population\"\n",
    );
    let t = wd.tender(&toml);
    use tender::pricing::{PricingModel::Population, Term::Price};
    let cells = [
        ("1", "a", Population, Price, common::num("1000")),
        ("1", "b", Population, Price, common::num("1000")),
        ("1", "c", Population, Price, common::num("1500")),
        ("1", "groupement", Population, Price, common::num("2400")),
    ];
    wd.write(
        "offres/vendor.xlsx",
        common::offer_bytes(&t, Some("Vendeur SA"), &cells),
    );
    let (code, out) = common::split_output(&wd, &["--format", "json"]);
    assert_eq!(code, 0, "{out}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    let l = lot(&doc, "1");
    assert_eq!(l["shares"][2]["share_ht"], "1200.00");
    assert_eq!(l["core"]["complete"], false);
    assert_eq!(l["core"]["groups_checked"], 4);
    for (lang, sentence) in [
        (
            "fr",
            "Aucun des 4 groupes de membres comparés ne paierait moins seul ; les autres \
             groupes n'ont pas été comparés (trop nombreux, ou sans prix dans les offres).",
        ),
        (
            "en",
            "None of the 4 groups of members compared would pay less on its own; the other \
             groups were not compared (too many, or not priced by the offers).",
        ),
    ] {
        let (_, table) = common::split_output(&wd, &["--lang", lang]);
        assert!(words(&table).contains(sentence), "{table}");
        // Each alone figure names the bidder whose price it is (and the award line).
        assert_eq!(table.matches("Vendeur SA").count(), 3 + 1, "{table}");
    }
}
