//! `tender simulate`: break-even points solved by hand, sweeps, and the options refused.

mod common;

use common::{Workdir, num, offer_bytes, simulate_json as simulate};
use serde_json::Value;
use tender::pricing::PricingModel::{ActiveAccounts, Population, SimultaneousAccesses};
use tender::pricing::Term::{Price, Quota, Reduction, Surcharge};

/// One member, priced for the groupement only; one lot. `award` is the `[award]` body.
fn tender_text(usage: &str, award: &str) -> String {
    format!(
        r#"
[tender]
name = "Simulation"
reference = "S-1"
duration_years = 1
yearly_revision = "0"
offers = "offres"
quote_for = ["groupement"]

[[member]]
id = "a"
name = "Ville A"
population = 40000
registered_users = 8000

[[lot]]
id = "1"
title = "Musique"
vat_rate = "0.20"
[lot.usage.a]
{usage}

[award]
{award}
"#
    )
}

fn point<'a>(doc: &'a Value, measure: &str) -> &'a Value {
    doc["break_even"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["measure"] == measure)
        .unwrap_or_else(|| panic!("no break-even for {measure}: {doc}"))
}

/// A flat population fee of 30 000 against 20 000 for 5 000 active accounts, 3 000 per
/// 1 000 accounts begun above, 1 000 off per 1 000 complete below; price alone decides.
fn flat_against_accounts() -> Workdir {
    let wd = Workdir::new();
    let t = wd.tender(&tender_text(
        "active_accounts = 6000\nsimultaneous_accesses = 10\nconsultations = 1000",
        "price_weight = 100\ntechnical_weight = 0",
    ));
    let g = "groupement";
    wd.write(
        "offres/flat.xlsx",
        offer_bytes(&t, None, &[("1", g, Population, Price, num("30000"))]),
    );
    wd.write(
        "offres/acct.xlsx",
        offer_bytes(
            &t,
            None,
            &[
                ("1", g, ActiveAccounts, Price, num("20000")),
                ("1", g, ActiveAccounts, Quota, num("5000")),
                ("1", g, ActiveAccounts, Surcharge, num("3000")),
                ("1", g, ActiveAccounts, Reduction, num("1000")),
            ],
        ),
    );
    wd
}

#[test]
fn a_flat_fee_against_accounts_by_blocks_of_a_thousand() {
    let wd = flat_against_accounts();
    let doc = simulate(&wd, &[]);
    let b = point(&doc, "active_accounts");
    assert_eq!(b["estimate"], 6000);
    // Searched from 0 to 4 × 6 000.
    assert_eq!(b["searched_up_to"], 24000);
    assert_eq!(b["moving"], serde_json::json!(["acct"]));
    // Above the quota of 5 000, k blocks begun cost 20 000 + 3 000 k: 29 000 for k = 3
    // (up to 8 000 accounts) is below the flat 30 000, 32 000 for k = 4 (from 8 001) is
    // above. Below the quota the price only falls (15 000 at 0 accounts).
    for criterion in ["cheapest", "winner"] {
        let s = &b[criterion];
        assert_eq!(s["at_estimate"], "acct", "{criterion}");
        assert_eq!(s["stays_from"], 0);
        assert_eq!(s["stays_to"], 8000);
        assert_eq!(s["below"]["status"], "unchanged");
        assert_eq!(s["above"]["status"], "change");
        assert_eq!(s["above"]["at"], 8001);
        assert_eq!(s["above"]["to"], "flat");
    }
    // The proof: at 8 000 and 8 001 accounts (factor 8000/6000 and 8001/6000 of the
    // estimate), the sweep's own figures.
    let sweep = simulate(
        &wd,
        &[
            "--sweep",
            "--measure",
            "active_accounts",
            "--factor",
            "1.3333..1.3335",
            "--steps",
            "3",
        ],
    );
    let steps = sweep["sweeps"][0]["steps"].as_array().unwrap();
    // ⌊1.3333 × 6000⌋ = 7999, ⌊1.3334 × 6000⌋ = 8000, ⌊1.3335 × 6000⌋ = 8001.
    let seen: Vec<(u64, String, String)> = steps
        .iter()
        .map(|s| {
            let acct = s["offers"]
                .as_array()
                .unwrap()
                .iter()
                .find(|o| o["bidder"] == "acct")
                .unwrap();
            (
                s["active_accounts"].as_u64().unwrap(),
                acct["annual_ht"].as_str().unwrap().to_owned(),
                s["cheapest"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            (7999, "29000.00".into(), "acct".into()),
            (8000, "29000.00".into(), "acct".into()),
            (8001, "32000.00".into(), "flat".into()),
        ]
    );
}

/// The winner on marks changes where no costs cross: a flat 30 500 (technical 60 of 60)
/// against 10 000 for 10 simultaneous accesses and 1 000 per access above (technical 41).
#[test]
fn the_winner_on_marks_changes_where_no_costs_cross() {
    let wd = Workdir::new();
    let t = wd.tender(&tender_text(
        "active_accounts = 100\nsimultaneous_accesses = 12\nconsultations = 1000",
        "price_weight = 40\ntechnical_weight = 60\ntechnical_scores = \"technique.csv\"",
    ));
    wd.write(
        "technique.csv",
        "bidder,lot,score\nxflat,1,60\nymeter,1,41\n",
    );
    let g = "groupement";
    wd.write(
        "offres/xflat.xlsx",
        offer_bytes(&t, None, &[("1", g, Population, Price, num("30500"))]),
    );
    wd.write(
        "offres/ymeter.xlsx",
        offer_bytes(
            &t,
            None,
            &[
                ("1", g, SimultaneousAccesses, Price, num("10000")),
                ("1", g, SimultaneousAccesses, Quota, num("10")),
                ("1", g, SimultaneousAccesses, Surcharge, num("1000")),
            ],
        ),
    );
    let doc = simulate(
        &wd,
        &["--measure", "simultaneous_accesses", "--factor", "0..5"],
    );
    let b = point(&doc, "simultaneous_accesses");
    assert_eq!(b["searched_up_to"], 60);
    // ymeter costs Y = 10 000 + 1 000 (n − 10) above 10 accesses and is the cheaper
    // while Y < 30 500, i.e. up to n = 30 (30 000); from 31 (31 000) xflat is.
    let c = &b["cheapest"];
    assert_eq!(c["at_estimate"], "ymeter");
    assert_eq!(
        (c["stays_from"].as_u64(), c["stays_to"].as_u64()),
        (Some(0), Some(30))
    );
    assert_eq!(c["above"]["to"], "xflat");
    // Totals while ymeter is cheaper: ymeter 40 + 41 = 81; xflat 40 × Y ÷ 30 500 + 60.
    // xflat wins when 40 Y ÷ 30 500 > 21, Y > 16 012.5: n = 17 (Y = 17 000, xflat
    // 82.30 against 81); at n = 16 (Y = 16 000) xflat has 80.98 and ymeter still wins.
    let w = &b["winner"];
    assert_eq!(w["at_estimate"], "ymeter");
    assert_eq!(
        (w["stays_from"].as_u64(), w["stays_to"].as_u64()),
        (Some(0), Some(16))
    );
    assert_eq!(w["above"]["at"], 17);
    assert_eq!(w["above"]["to"], "xflat");
    // The table says the same in words.
    let out = wd
        .command()
        .args([
            "simulate",
            "--lang",
            "en",
            "--measure",
            "simultaneous_accesses",
        ])
        .args(["--factor", "0..5"])
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table.contains("winner: ymeter from 0 to 16; above: xflat at 17"),
        "{table}"
    );
}

#[test]
fn a_sweep_scales_every_measure_and_ranks_at_each_factor() {
    let wd = flat_against_accounts();
    let doc = simulate(&wd, &["--sweep", "--factor", "0.5..2", "--steps", "4"]);
    let s = &doc["sweeps"][0];
    assert_eq!(s["scaled"], "all");
    let rows: Vec<(String, u64, u64, String, String)> = s["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|st| {
            let cost = |b: &str| {
                st["offers"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|o| o["bidder"] == b)
                    .unwrap()["annual_ht"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            };
            (
                st["factor"].as_str().unwrap().to_owned(),
                st["active_accounts"].as_u64().unwrap(),
                st["simultaneous_accesses"].as_u64().unwrap(),
                cost("acct"),
                st["winner"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    // Factors 0.5, 1, 1.5, 2: 3 000 accounts (2 complete blocks below 5 000: 18 000),
    // 6 000 (1 block begun: 23 000), 9 000 (4 blocks: 32 000), 12 000 (7: 41 000).
    assert_eq!(
        rows,
        vec![
            ("0.5".into(), 3000, 5, "18000.00".into(), "acct".into()),
            ("1".into(), 6000, 10, "23000.00".into(), "acct".into()),
            ("1.5".into(), 9000, 15, "32000.00".into(), "flat".into()),
            ("2".into(), 12000, 20, "41000.00".into(), "flat".into()),
        ]
    );
    // CSV: one row per step and offer.
    let out = wd
        .command()
        .args([
            "simulate", "--sweep", "--format", "csv", "--factor", "0.5..2",
        ])
        .args(["--steps", "4"])
        .output()
        .unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    assert_eq!(csv.lines().count(), 1 + 4 * 2, "{csv}");
    assert!(
        csv.contains("1,groupement,all,1.5,9000,15,1500,acct,32000.00,2,false,false"),
        "{csv}"
    );
}

#[test]
fn options_it_cannot_use_are_refused_in_words() {
    let wd = flat_against_accounts();
    for (args, fr) in [
        (
            &["--measure", "pages"][..],
            "--measure pages : mesure inconnue (mesures : active_accounts, simultaneous_accesses, consultations, all)",
        ),
        (
            &["--factor", "4..1"][..],
            "--factor 4..1 : attendu BAS..HAUT, deux nombres positifs ou nuls, le premier plus petit (par exemple 0.25..4)",
        ),
        (
            &["--sweep", "--steps", "1"][..],
            "--steps 1 : un balayage compte de 2 à 1000 facteurs",
        ),
    ] {
        let out = wd.command().arg("simulate").args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(fr), "{err}");
    }
}

/// The flat fee against accounts, with the member's accounts drawn from a triangular
/// law: 5 000 to 11 000, most likely 5 000.
fn drawn(correlation: &str) -> Workdir {
    let wd = flat_against_accounts();
    let text = std::fs::read_to_string(wd.join("tender.toml")).unwrap();
    let text = text.replace(
        "[award]",
        &format!(
            "[lot.uncertainty.a]\nactive_accounts = {{ law = \"triangular\", low = 5000, mode = 5000, high = 11000 }}\n\n[simulate]\ncorrelation = \"{correlation}\"\n\n[award]"
        ),
    );
    wd.write("tender.toml", text);
    wd
}

#[test]
fn monte_carlo_lands_on_a_known_probability_within_its_interval() {
    let wd = drawn("0");
    let doc = simulate(&wd, &["--draws", "20000", "--seed", "11"]);
    let mc = &doc["monte_carlo"];
    assert_eq!(mc["draws"], 20000);
    let offers = mc["scopes"][0]["offers"].as_array().unwrap();
    let acct = offers.iter().find(|o| o["bidder"] == "acct").unwrap();
    // acct is the cheaper up to 8 000 accounts (break-even above), and a drawn usage is
    // rounded to whole accounts: P(X < 8 000.5) for the triangular law (5 000, 5 000,
    // 11 000) is 1 − (11 000 − 8 000.5)² ÷ (6 000 × 6 000) = 0.750083.
    let p = |k: &str| {
        acct["cheapest"][k]
            .as_str()
            .unwrap()
            .parse::<f64>()
            .unwrap()
    };
    assert!(p("low") <= 0.750083 && 0.750083 <= p("high"), "{acct}");
    assert!(p("high") - p("low") < 0.02, "{acct}");
    // Price alone decides: the winner is the cheapest, draw by draw.
    assert_eq!(acct["winner"]["hits"], acct["cheapest"]["hits"]);
    // flat's cost never moves.
    let flat = offers.iter().find(|o| o["bidder"] == "flat").unwrap();
    assert_eq!(flat["expected_annual_ht"], "30000.00");
    assert_eq!(flat["p90_annual_ht"], "30000.00");
    // acct's 90th percentile: the triangular law's is 11 000 − 6 000 √0.1 = 9 102.6,
    // 5 blocks begun above 5 000: 35 000.
    assert_eq!(acct["p90_annual_ht"], "35000.00");
}

#[test]
fn the_draws_do_not_depend_on_the_number_of_threads() {
    let wd = drawn("0.5");
    let run = |threads: &str| {
        wd.command()
            .env("RAYON_NUM_THREADS", threads)
            .args([
                "simulate", "--draws", "3500", "--seed", "5", "--format", "csv",
            ])
            .output()
            .unwrap()
            .stdout
    };
    let one = run("1");
    assert!(!one.is_empty());
    assert_eq!(one, run("2"));
    assert_eq!(one, run("3"));
    // Another seed, other draws.
    let other = wd
        .command()
        .args([
            "simulate", "--draws", "3500", "--seed", "6", "--format", "csv",
        ])
        .output()
        .unwrap()
        .stdout;
    assert_ne!(one, other);
}

#[test]
fn laws_are_checked_when_the_tender_is_loaded() {
    let wd = flat_against_accounts();
    let text = std::fs::read_to_string(wd.join("tender.toml")).unwrap();
    for (law, fr, en) in [
        (
            "[lot.uncertainty.a]\nactive_accounts = { law = \"pert\", low = 9000, mode = 5000, high = 11000 }\n",
            "clé « lot[0].uncertainty.a.active_accounts » : 9000, 5000, 11000 hors limites : attendu low ≤ mode ≤ high, et low < high",
            "9000, 5000, 11000 is out of range: expected low ≤ mode ≤ high, and low < high",
        ),
        (
            "[lot.uncertainty.a]\nconsultations = { law = \"normal\", low = 1, mode = 2, high = 3 }\n",
            "« normal » n'est pas une loi : attendu triangular, pert, lognormal, resample ou counter",
            "\"normal\" is not a law: expected triangular, pert, lognormal, resample or counter",
        ),
        (
            "[lot.uncertainty.z]\nconsultations = { law = \"lognormal\", median = 10, sigma = \"0.5\" }\n",
            "« z » n'est pas membre du groupement (membres : a)",
            "\"z\" is not a member of the groupement (members: a)",
        ),
        (
            "[lot.uncertainty.a]\nconsultations = { law = \"lognormal\", median = 10 }\n",
            "la loi « lognormal » demande sigma",
            "the law \"lognormal\" needs sigma",
        ),
    ] {
        wd.write(
            "tender.toml",
            text.replace("[award]", &format!("{law}\n[award]")),
        );
        for (lang, expected) in [("fr", fr), ("en", en)] {
            let out = wd
                .command()
                .args(["simulate", "--draws", "10", "--lang", lang])
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(2));
            let err = String::from_utf8(out.stderr).unwrap();
            assert!(err.contains(expected), "{err}");
        }
    }
}

/// Usage resampled from last year's COUNTER reports: an R5 title report (TSV) and an
/// R5.1 database report (JSON), written from the COUNTER layout (fixtures/counter/).
#[test]
fn counter_reports_give_the_months_the_draws_resample() {
    let wd = flat_against_accounts();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/counter");
    for f in ["grenoble_tr_r5_2025.tsv", "isere_dr_r51_2025.json"] {
        wd.write(
            &format!("usage/{f}"),
            std::fs::read(fixtures.join(f)).unwrap(),
        );
    }
    let text = std::fs::read_to_string(wd.join("tender.toml")).unwrap();
    let with = |law: &str| {
        wd.write(
            "tender.toml",
            text.replace("[award]", &format!("[lot.uncertainty.a]\n{law}\n\n[award]")),
        );
    };
    with(
        "consultations = { law = \"counter\", report = \"usage/grenoble_tr_r5_2025.tsv\", report_id = \"TR\", metric = \"Unique_Item_Requests\", year = 2025 }",
    );
    let out = wd
        .command()
        .args([
            "simulate", "--draws", "50", "--format", "json", "--lang", "en",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    // The two titles' Unique_Item_Requests, 12 months, 1 830 in all.
    assert!(
        err.contains("lot 1, a, consultations: 12 months read (2025-01 to 2025-12) from ")
            && err.contains(
                "grenoble_tr_r5_2025.tsv (TR Unique_Item_Requests, release 5), total 1830"
            ),
        "{err}"
    );
    with(
        "consultations = { law = \"counter\", report = \"usage/isere_dr_r51_2025.json\", report_id = \"DR\", metric = \"Unique_Item_Requests\", year = 2025 }",
    );
    let out = wd
        .command()
        .args(["simulate", "--draws", "50"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("(DR Unique_Item_Requests, version 5.1), total 3072"),
        "{err}"
    );
    // A report of another type, or of another year: refused, naming the file.
    for (law, fr) in [
        (
            "consultations = { law = \"counter\", report = \"usage/isere_dr_r51_2025.json\", report_id = \"TR\", metric = \"Unique_Item_Requests\", year = 2025 }",
            "isere_dr_r51_2025.json : un rapport DR, là où un rapport TR est attendu",
        ),
        (
            "consultations = { law = \"counter\", report = \"usage/grenoble_tr_r5_2025.tsv\", report_id = \"TR\", metric = \"Unique_Item_Requests\", year = 2024 }",
            "grenoble_tr_r5_2025.tsv : le rapport couvre du 2025-01-01 au 2025-12-31, là où l'année 2024 est attendue",
        ),
    ] {
        with(law);
        let out = wd
            .command()
            .args(["simulate", "--draws", "50"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(fr), "{err}");
    }
}

/// Two members, the groupement's cost taking two values: a (population 30 000) and b
/// (10 000) share by population; one offer for the groupement, 20 000 for up to 5 000
/// accounts and 3 000 per 1 000 begun above; b's accounts stay at 1 000 and a's are
/// drawn from the triangular law (3 000, 3 000, 5 000). b alone: a flat 5 000.
fn two_members_sharing(method: &str) -> Workdir {
    two_members_drawn(method, "3000, mode = 3000, high = 5000", "20000")
}

/// As [`two_members_sharing`], a's law (`low = …`) and the groupement's price up to
/// 5 000 accounts given.
fn two_members_drawn(method: &str, law: &str, group_price: &str) -> Workdir {
    let wd = Workdir::new();
    let t = wd.tender(&format!(
        r#"
[tender]
name = "Parts"
reference = "S-2"
duration_years = 1
yearly_revision = "0"
offers = "offres"
quote_for = ["groupement", "members"]

[[member]]
id = "a"
name = "Ville A"
population = 30000
registered_users = 3000

[[member]]
id = "b"
name = "Ville B"
population = 10000
registered_users = 1000

[[lot]]
id = "1"
title = "Musique"
vat_rate = "0.20"
[lot.usage.a]
active_accounts = 3000
simultaneous_accesses = 5
consultations = 100
[lot.usage.b]
active_accounts = 1000
simultaneous_accesses = 5
consultations = 100

[lot.uncertainty.a]
active_accounts = {{ law = "triangular", low = {law} }}

[split]
method = "{method}"

[award]
price_weight = 100
technical_weight = 0
"#
    ));
    let g = "groupement";
    wd.write(
        "offres/acct.xlsx",
        offer_bytes(
            &t,
            None,
            &[
                ("1", g, ActiveAccounts, Price, num(group_price)),
                ("1", g, ActiveAccounts, Quota, num("5000")),
                ("1", g, ActiveAccounts, Surcharge, num("3000")),
            ],
        ),
    );
    wd.write(
        "offres/solo.xlsx",
        offer_bytes(&t, None, &[("1", "b", Population, Price, num("5000"))]),
    );
    wd
}

#[test]
fn each_members_share_follows_the_two_costs_of_the_groupement() {
    let wd = two_members_sharing("population");
    let n = 20000.0;
    let doc = simulate(&wd, &["--draws", "20000", "--seed", "11"]);
    let shares = &doc["monte_carlo"]["shares"];
    assert_eq!(shares.as_array().unwrap().len(), 1, "{shares}");
    let lot = &shares[0];
    assert_eq!(lot["lot"], "1");
    assert_eq!(lot["method"], "population");
    assert_eq!(lot["split_draws"], 20000);
    assert!(lot["not_computed"].is_null(), "{lot}");
    let member = |id: &str| {
        lot["members"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["member"] == id)
            .unwrap_or_else(|| panic!("no {id}: {lot}"))
            .clone()
    };
    let money = |v: &Value| v.as_str().unwrap().parse::<f64>().unwrap();
    let (a, b) = (member("a"), member("b"));
    // The total is 4 000 to 6 000 accounts: 20 000 up to 5 000, else 23 000. It is above
    // 5 000 when a's draw, rounded, reaches 4 001: P(X ≥ 4 000.5) = (5 000 − 4 000.5)² ÷
    // (2 000 × 2 000) = 0.249750. So the 90th percentile is 23 000: a pays 3/4 of it,
    // 17 250, and b 1/4, 5 750.
    assert_eq!(a["p90_share_ht"], "17250.00");
    assert_eq!(b["p90_share_ht"], "5750.00");
    // b alone pays 5 000: its share is above it exactly when the total is 23 000, a
    // known probability, within the interval reported.
    assert_eq!(b["standalone_ht"], "5000.00");
    assert!(a["standalone_ht"].is_null(), "no offer for a alone: {a}");
    let above = &b["above_standalone"];
    let p = |k: &str| above[k].as_str().unwrap().parse::<f64>().unwrap();
    assert!(p("low") <= 0.249750 && 0.249750 <= p("high"), "{above}");
    // The mean: (20 000 + 3 000 k ÷ n) × 3/4 for a, × 1/4 for b, k the draws at 23 000.
    let k = above["hits"].as_f64().unwrap();
    let mean = 20000.0 + 3000.0 * k / n;
    assert!(
        (money(&a["expected_share_ht"]) - 0.75 * mean).abs() <= 0.005,
        "{a}"
    );
    assert!(
        (money(&b["expected_share_ht"]) - 0.25 * mean).abs() <= 0.005,
        "{b}"
    );
    // And k lands near its expectation n × 0.249750 = 4 995 (±4 standard errors, 245).
    assert!((k - 4995.0).abs() < 245.0, "{k}");

    // The CSV gives the same figures, a row per member.
    let out = wd
        .command()
        .args([
            "simulate", "--draws", "20000", "--seed", "11", "--format", "csv",
        ])
        .output()
        .unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    let row = csv
        .lines()
        .find(|l| l.starts_with("share,1,groupement,,20000,") && l.contains(",b,"))
        .unwrap_or_else(|| panic!("{csv}"));
    assert!(row.contains(",b,population,20000,"), "{row}");
    assert!(row.contains(",5750.00,5000.00,"), "{row}");
}

/// a's accounts drawn from the triangular law (4 000, 4 000, 4 001): rounded, 4 000 when
/// the draw is below 4 000.5, P = 1 − (0.5 ÷ 1)² = 0.75, else 4 001 (P = 0.25). With b's
/// 1 000, the groupement has 5 000 or 5 001 accounts.
const TWO_DRAWS: &str = "4000, mode = 4000, high = 4001";

/// A lot's member shares from the JSON, by member id.
fn lot_member(doc: &Value, id: &str) -> Value {
    let lot = &doc["monte_carlo"]["shares"][0];
    assert!(lot["not_computed"].is_null(), "{lot}");
    lot["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["member"] == id)
        .unwrap_or_else(|| panic!("no {id}: {lot}"))
        .clone()
}

/// The draws at 4 001 accounts for a, from the groupement offer's mean cost: 20 000 (or
/// `base`) plus 3 000 on those draws.
fn draws_above(doc: &Value, base: f64, n: f64) -> f64 {
    let group = doc["monte_carlo"]["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["scope"] == "groupement")
        .unwrap();
    let mean: f64 = group["offers"][0]["expected_annual_ht"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let k = ((mean - base) * n / 3000.0).round();
    // Near its expectation n ÷ 4 (±4 standard errors: 4 × √(n × 0.1875)).
    assert!((k - n / 4.0).abs() < 4.0 * (n * 0.1875).sqrt(), "{k}");
    k
}

fn money(v: &Value) -> f64 {
    v.as_str()
        .unwrap_or_else(|| panic!("not an amount: {v}"))
        .parse()
        .unwrap()
}

#[test]
fn the_usage_key_shares_each_draw_by_each_members_drawn_accounts() {
    // By accounts: at 4 000 (P 0.75) the groupement pays 20 000, a 20 000 × 4 000 ÷ 5 000
    // = 16 000, b 4 000; at 4 001 (P 0.25) 23 000, a 23 000 × 4 001 ÷ 5 001 = 18 400 +
    // 4 600 ÷ 5 001 = 18 400.9198, b 23 000 × 1 000 ÷ 5 001 = 4 599 + 401 ÷ 5 001 =
    // 4 599.0802 (the two add up to 23 000).
    let wd = two_members_drawn("usage", TWO_DRAWS, "20000");
    let n = 4000.0;
    let doc = simulate(&wd, &["--draws", "4000", "--seed", "3"]);
    let (a, b) = (lot_member(&doc, "a"), lot_member(&doc, "b"));
    // A quarter of the draws at 4 001: the 90th percentile is there.
    assert_eq!(a["p90_share_ht"], "18400.92");
    assert_eq!(b["p90_share_ht"], "4599.08");
    let k = draws_above(&doc, 20000.0, n);
    let mean_a = (16000.0 * (n - k) + 23000.0 * 4001.0 / 5001.0 * k) / n;
    let mean_b = (4000.0 * (n - k) + 23000.0 * 1000.0 / 5001.0 * k) / n;
    assert!(
        (money(&a["expected_share_ht"]) - mean_a).abs() <= 0.005,
        "{a}"
    );
    assert!(
        (money(&b["expected_share_ht"]) - mean_b).abs() <= 0.005,
        "{b}"
    );
    // b alone pays 5 000: never above.
    assert_eq!(b["above_standalone"]["hits"], 0, "{b}");
}

/// Two members as [`two_members_drawn`] (the groupement 15 000 up to 5 000 accounts),
/// with an offer for a alone: 12 000 up to 4 000 accounts, 4 000 per 1 000 begun above.
fn two_members_alone(method: &str) -> Workdir {
    let wd = two_members_drawn(method, TWO_DRAWS, "15000");
    let t = tender::tender::load(&wd.join("tender.toml")).unwrap();
    wd.write(
        "offres/sola.xlsx",
        offer_bytes(
            &t,
            None,
            &[
                ("1", "a", ActiveAccounts, Price, num("12000")),
                ("1", "a", ActiveAccounts, Quota, num("4000")),
                ("1", "a", ActiveAccounts, Surcharge, num("4000")),
            ],
        ),
    );
    wd
}

#[test]
fn scrb_shapley_and_equal_savings_share_each_draw_with_each_members_cost_alone() {
    // At 4 000 (P 0.75): the groupement 15 000, a alone 12 000, b alone 5 000. SCRB: a's
    // separable cost 15 000 − 5 000 = 10 000, b's 15 000 − 12 000 = 3 000; the 2 000
    // left in proportion to 12 000 − 10 000 and 5 000 − 3 000, 1 000 each: a 11 000,
    // b 4 000. At 4 001 (P 0.25): 18 000, a alone 16 000, b 5 000: separable 13 000 and
    // 2 000, 3 000 left, 1 500 each: a 14 500, b 3 500. With two members Shapley (½ alone
    // + ½ the cost added to the other) and equal savings (alone less half the saving)
    // give the same: at 4 000, a ½ 12 000 + ½ 10 000, 12 000 − 1 000.
    for method in ["scrb", "shapley", "equal_savings"] {
        let wd = two_members_alone(method);
        let n = 4000.0;
        let doc = simulate(&wd, &["--draws", "4000", "--seed", "8"]);
        let (a, b) = (lot_member(&doc, "a"), lot_member(&doc, "b"));
        assert_eq!(a["p90_share_ht"], "14500.00", "{method}");
        assert_eq!(b["p90_share_ht"], "4000.00", "{method}");
        let k = draws_above(&doc, 15000.0, n);
        let mean_a = 11000.0 + 3500.0 * k / n;
        let mean_b = 4000.0 - 500.0 * k / n;
        assert!(
            (money(&a["expected_share_ht"]) - mean_a).abs() <= 0.005,
            "{a}"
        );
        assert!(
            (money(&b["expected_share_ht"]) - mean_b).abs() <= 0.005,
            "{b}"
        );
        // a's cost alone at the estimate (4 000 accounts) is 12 000, below its 14 500 at
        // 4 001; but at that draw a alone pays 16 000: a share is compared with the
        // cost alone at the same draw, never above.
        assert_eq!(a["standalone_ht"], "12000.00");
        assert_eq!(a["above_standalone"]["hits"], 0, "{a}");
        assert_eq!(b["above_standalone"]["hits"], 0, "{b}");
    }
}

#[test]
fn shares_drawn_member_by_member_do_not_depend_on_the_number_of_threads() {
    let wd = two_members_alone("scrb");
    let run = |threads: &str| {
        let out = wd
            .command()
            .env("RAYON_NUM_THREADS", threads)
            .args([
                "simulate", "--draws", "3500", "--seed", "5", "--format", "csv",
            ])
            .output()
            .unwrap();
        assert!(out.status.success());
        out.stdout
    };
    let one = run("1");
    let csv = String::from_utf8(one.clone()).unwrap();
    assert!(csv.contains(",a,scrb,3500,"), "{csv}");
    assert_eq!(one, run("2"));
    assert_eq!(one, run("3"));
}

#[test]
fn standalone_proportional_shares_each_draw_by_the_costs_alone_drawn() {
    // At 4 000: 15 000 × 12 ÷ 17 = 10 588.2353 for a, 15 000 × 5 ÷ 17 = 4 411.7647 for
    // b; at 4 001: 18 000 × 16 ÷ 21 = 13 714.2857, 18 000 × 5 ÷ 21 = 4 285.7143.
    let wd = two_members_alone("standalone_proportional");
    let n = 4000.0;
    let doc = simulate(&wd, &["--draws", "4000", "--seed", "8"]);
    let (a, b) = (lot_member(&doc, "a"), lot_member(&doc, "b"));
    assert_eq!(a["p90_share_ht"], "13714.29");
    // b's larger share is at 4 000 accounts, three draws in four.
    assert_eq!(b["p90_share_ht"], "4411.76");
    let k = draws_above(&doc, 15000.0, n);
    let mean_a = (15000.0 * 12.0 / 17.0 * (n - k) + 18000.0 * 16.0 / 21.0 * k) / n;
    assert!(
        (money(&a["expected_share_ht"]) - mean_a).abs() <= 0.005,
        "{a}"
    );
}

#[test]
fn a_shapley_lot_on_a_band_tariff_shares_each_drawn_cost() {
    let wd = Workdir::new();
    // a (3 000 inhabitants) alone is in the band above 2 000: 9 000; b (1 000) alone in
    // the first: 4 000; both (4 000) in a's band: 9 000. Shapley on the bands: a = ½ ×
    // 9 000 + ½ × (9 000 − 4 000) = 7 000, b = ½ × 4 000 + ½ × 0 = 2 000, brought to
    // the awarded 12 000 (× 12 000 ÷ 9 000): a 9 333.33, b 2 666.67.
    common::band_tender(
        &wd,
        &[("a", 3000), ("b", 1000)],
        &[0, 2000, 5000],
        &["4000", "9000", "15000"],
        "12000",
        "shapley",
    );
    let doc = simulate(&wd, &["--draws", "50"]);
    let lot = &doc["monte_carlo"]["shares"][0];
    assert!(lot["not_computed"].is_null(), "{lot}");
    assert_eq!(lot["method"], "shapley");
    let m = lot["members"].as_array().unwrap();
    assert_eq!(m[0]["member"], "a");
    assert_eq!(m[0]["expected_share_ht"], "9333.33");
    assert_eq!(m[0]["p90_share_ht"], "9333.33");
    assert_eq!(m[1]["expected_share_ht"], "2666.67");
    assert_eq!(m[1]["p90_share_ht"], "2666.67");
}
