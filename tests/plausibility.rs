//! Figures a person would question: implausible values (`check` warnings, `rank` flags,
//! `explain` lines), costs of 0, missing technical scores, weights not adding up to 100.
//!
//! The tender below is quoted for the groupement only: members a (population 10 000,
//! 2 000 registered users) and b (30 000, 6 000), so the groupement has 40 000
//! inhabitants and 8 000 registered users; its usage estimate for lot 1 is 4 000
//! accounts, 2 simultaneous accesses and 20 000 consultations. Every rule is tested at
//! its boundary: at the threshold (no warning) and just past it (a warning).

mod common;

use common::{Workdir, json, num, offer_bytes, scope};
use serde_json::Value;
use tender::bpu::fill::FillValue;
use tender::pricing::PricingModel;
use tender::pricing::PricingModel::{
    ActiveAccounts, Consultations, Population, SimultaneousAccesses,
};
use tender::pricing::Term::{self, Price, Quota, Reduction};

/// The tender, with `lot_extra` added to lot 1 and `award` as the award section.
fn tender_text(lot_extra: &str, award: &str) -> String {
    format!(
        r#"
[tender]
name = "Plausibilité"
reference = "P-1"
duration_years = 1
yearly_revision = "0"
offers = "offres"
quote_for = ["groupement"]

[[member]]
id = "a"
name = "Ville A"
population = 10000
registered_users = 2000

[[member]]
id = "b"
name = "Ville B"
population = 30000
registered_users = 6000

[[lot]]
id = "1"
title = "Musique"
vat_rate = "0.20"
{lot_extra}
[lot.usage.a]
active_accounts = 1500
simultaneous_accesses = 1
consultations = 5000
[lot.usage.b]
active_accounts = 2500
simultaneous_accesses = 1
consultations = 15000

[award]
{award}
"#
    )
}

const PRICE_ONLY: &str = "price_weight = 100\ntechnical_weight = 0\n";

type Cell<'a> = (PricingModel, Term, &'a str);

/// Writes the tender and one workbook per bidder, each filling the groupement's column.
fn setup(wd: &Workdir, tender: &str, bidders: &[(&str, &[Cell])]) {
    let t = wd.tender(tender);
    for (bidder, cells) in bidders {
        let cells: Vec<(&str, &str, PricingModel, Term, FillValue)> = cells
            .iter()
            .map(|(m, term, v)| ("1", "groupement", *m, *term, num(v)))
            .collect();
        let name = format!("Société {bidder}");
        wd.write(
            &format!("offres/{bidder}.xlsx"),
            offer_bytes(&t, Some(&name), &cells),
        );
    }
}

/// `check --format json` (exit code, document), in the language given.
fn check(wd: &Workdir, lang: &str) -> (i32, Value) {
    let out = wd
        .command()
        .args(["check", "--format", "json", "--lang", lang])
        .output()
        .unwrap();
    let doc = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&out.stdout));
    });
    (out.status.code().unwrap(), doc)
}

/// The findings of that code, as (bidder, cell, severity, message).
fn coded(doc: &Value, code: &str) -> Vec<(String, String, String, String)> {
    let s = |v: &Value| v.as_str().unwrap_or("-").to_owned();
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == code)
        .map(|f| {
            (
                s(&f["bidder"]),
                s(&f["cell"]),
                s(&f["severity"]),
                s(&f["message"]),
            )
        })
        .collect()
}

fn implausible(doc: &Value) -> Vec<(String, String, String, String)> {
    coded(doc, "implausible_value")
}

/// The flags of a bidder's ranked offer in `rank --format json`.
fn flags(doc: &Value, bidder: &str) -> Vec<String> {
    scope(doc, "1", "groupement")["ranked"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["bidder"] == bidder)
        .unwrap_or_else(|| panic!("{bidder} not ranked: {doc}"))["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_owned())
        .collect()
}

fn rank_json(wd: &Workdir) -> Value {
    json(wd.command().args(["rank", "--format", "json"]))
}

fn flat(price: &str) -> [Cell<'_>; 1] {
    [(Population, Price, price)]
}

#[test]
fn a_cost_far_below_the_others_is_questioned_at_one_twentieth_of_their_median() {
    // The others of `low`: 20 000 and 30 000, median (20 000 + 30 000) ÷ 2 = 25 000;
    // one twentieth: 1 250. At 1 250.00 exactly: no warning.
    let wd = Workdir::new();
    let mid = flat("20000");
    let high = flat("30000");
    let at = flat("1250");
    setup(
        &wd,
        &tender_text("", PRICE_ONLY),
        &[("low", &at), ("mid", &mid), ("high", &high)],
    );
    let (_, doc) = check(&wd, "fr");
    assert_eq!(implausible(&doc), vec![]);

    // 1 249.99: below. The others of `mid` (1 249.99 and 30 000) and of `high` are not
    // questioned: 20 000 × 20 is far above their medians.
    let wd = Workdir::new();
    let below = flat("1249.99");
    setup(
        &wd,
        &tender_text("", PRICE_ONLY),
        &[("low", &below), ("mid", &mid), ("high", &high)],
    );
    let (code, doc) = check(&wd, "fr");
    assert_eq!(code, 0, "a warning only: {doc}");
    let found = implausible(&doc);
    assert_eq!(found.len(), 1, "{found:?}");
    let (bidder, cell, severity, message) = &found[0];
    assert_eq!((bidder.as_str(), severity.as_str()), ("low", "warning"));
    // The groupement is the only scope: column D; the price of 1.5 is on row 23.
    assert_eq!(cell, "D23");
    assert!(
        message.contains("1\u{a0}249,99\u{a0}€")
            && message.contains("1\u{a0}250,00\u{a0}€")
            && message.contains("25\u{a0}000,00\u{a0}€")
            && message.contains("2 autres offres"),
        "{message}"
    );
    let (_, en) = check(&wd, "en");
    let message = &implausible(&en)[0].3;
    assert!(
        message.contains("€1,249.99") && message.contains("median of the 2 other offers"),
        "{message}"
    );

    // The rank is unchanged (lowest price first), the offer is flagged.
    let doc = rank_json(&wd);
    assert_eq!(scope(&doc, "1", "groupement")["ranked"][0]["bidder"], "low");
    assert!(flags(&doc, "low").contains(&"implausible_value".to_owned()));
    assert!(!flags(&doc, "mid").contains(&"implausible_value".to_owned()));

    // The table's flag, the CSV's flags and explain's reason.
    let table = wd.command().arg("rank").output().unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(table.contains("invraisemblable"), "{table}");
    let csv = wd
        .command()
        .args(["rank", "--format", "csv"])
        .output()
        .unwrap();
    let csv = String::from_utf8(csv.stdout).unwrap();
    let low_row = csv.lines().find(|l| l.contains(",low,")).unwrap();
    assert!(low_row.contains("implausible_value"), "{low_row}");
    let explain = wd
        .command()
        .args([
            "explain",
            "--lot",
            "1",
            "--scope",
            "groupement",
            "--bidder",
            "low",
        ])
        .args(["--lang", "en"])
        .output()
        .unwrap();
    let explain = String::from_utf8(explain.stdout).unwrap();
    assert!(
        explain.contains("implausible value?") && explain.contains("less than one twentieth"),
        "{explain}"
    );
}

#[test]
fn a_single_other_offer_is_no_reference() {
    // 100 against 20 000 alone: 100 × 20 = 2 000 < 20 000, but with one other offer
    // either may be the odd one: no warning.
    let wd = Workdir::new();
    let low = flat("100");
    let high = flat("20000");
    setup(
        &wd,
        &tender_text("", PRICE_ONLY),
        &[("low", &low), ("high", &high)],
    );
    assert_eq!(implausible(&check(&wd, "fr").1), vec![]);
}

#[test]
fn a_cost_far_below_the_ceiling_is_questioned_in_the_ceiling_basis() {
    // Ceiling 36 000 TTC a year at 20 % VAT; one twentieth: 1 800 TTC, that is 1 500 HT.
    let ceiling = r#"budget_ceiling = { groupement = "36000 TTC" }"#;
    let wd = Workdir::new();
    let at = flat("1500");
    setup(&wd, &tender_text(ceiling, PRICE_ONLY), &[("lone", &at)]);
    assert_eq!(implausible(&check(&wd, "fr").1), vec![]);

    // 1 499.99 HT is 1 799.988 TTC: below 1 800.
    let wd = Workdir::new();
    let below = flat("1499.99");
    setup(&wd, &tender_text(ceiling, PRICE_ONLY), &[("lone", &below)]);
    let found = implausible(&check(&wd, "en").1);
    assert_eq!(found.len(), 1, "{found:?}");
    let message = &found[0].3;
    assert!(
        message.contains("yearly cost of €1,799.99 incl. VAT")
            && message.contains("(€1,800.00 incl. VAT)")
            && message.contains("(€36,000.00 incl. VAT)"),
        "{message}"
    );
}

#[test]
fn a_quota_of_accounts_beyond_the_registered_users_is_questioned() {
    // 8 000 registered users in the groupement: a quota of 8 000 accounts is possible,
    // 8 001 is not. Price 20 000: no other rule applies.
    let wd = Workdir::new();
    let at = [
        (ActiveAccounts, Price, "20000"),
        (ActiveAccounts, Quota, "8000"),
    ];
    setup(&wd, &tender_text("", PRICE_ONLY), &[("acc", &at)]);
    assert_eq!(implausible(&check(&wd, "fr").1), vec![]);

    let wd = Workdir::new();
    let beyond = [
        (ActiveAccounts, Price, "20000"),
        (ActiveAccounts, Quota, "8001"),
    ];
    setup(&wd, &tender_text("", PRICE_ONLY), &[("acc", &beyond)]);
    let found = implausible(&check(&wd, "fr").1);
    assert_eq!(found.len(), 1, "{found:?}");
    // The quota of 1.1 is on row 7: the warning is at that cell.
    assert_eq!(found[0].1, "D7");
    assert!(
        found[0]
            .3
            .contains("quota de 8\u{a0}001 comptes, plus que les 8\u{a0}000 usagers inscrits"),
        "{}",
        found[0].3
    );
}

#[test]
fn a_quota_of_consultations_beyond_a_hundred_per_inhabitant_is_questioned() {
    // 40 000 inhabitants × 100 = 4 000 000 consultations. A price with cents is not a
    // count: the swap rule stays out.
    let wd = Workdir::new();
    let at = [
        (Consultations, Price, "1000.50"),
        (Consultations, Quota, "4000000"),
    ];
    setup(&wd, &tender_text("", PRICE_ONLY), &[("cons", &at)]);
    assert_eq!(implausible(&check(&wd, "fr").1), vec![]);

    let wd = Workdir::new();
    let beyond = [
        (Consultations, Price, "1000.50"),
        (Consultations, Quota, "4000001"),
    ];
    setup(&wd, &tender_text("", PRICE_ONLY), &[("cons", &beyond)]);
    let found = implausible(&check(&wd, "en").1);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].3.contains(
            "quota of 4,000,001 consultations, more than 100 per inhabitant of the scope \
             (40,000 inhabitants, that is 4,000,000)"
        ),
        "{}",
        found[0].3
    );
}

#[test]
fn a_price_and_a_quota_that_look_exchanged_are_questioned() {
    // The review's case: 1 in the price row, 1 200 in the quota row, usage 2 accesses.
    let wd = Workdir::new();
    let swapped = [
        (SimultaneousAccesses, Price, "1"),
        (SimultaneousAccesses, Quota, "1200"),
    ];
    setup(&wd, &tender_text("", PRICE_ONLY), &[("careless", &swapped)]);
    let found = implausible(&check(&wd, "fr").1);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].3.contains(
            "prix de 1,00\u{a0}€ pour 1\u{a0}200 accès simultanés, alors que l'usage estimé \
             du périmètre est de 2 accès simultanés"
        ) && found[0].3.contains("intervertis"),
        "{}",
        found[0].3
    );
    let doc = rank_json(&wd);
    assert!(flags(&doc, "careless").contains(&"implausible_value".to_owned()));

    // Boundaries: a price reads like a count up to 10 × the usage (20), and the quota
    // like a price from 100 × the price on.
    let cases = [
        // 20 and 2 000: both at their bound, questioned.
        ("20", "2000", 1),
        // 21 is more than ten times the usage.
        ("21", "2100", 0),
        // 99 < 100 × 1.
        ("1", "99", 0),
        // 100 = 100 × 1.
        ("1", "100", 1),
        // 20.50 has cents: a price, not a count.
        ("20.50", "3000", 0),
    ];
    for (price, quota, expected) in cases {
        let wd = Workdir::new();
        let cells = [
            (SimultaneousAccesses, Price, price),
            (SimultaneousAccesses, Quota, quota),
        ];
        setup(&wd, &tender_text("", PRICE_ONLY), &[("x", &cells)]);
        let found = implausible(&check(&wd, "fr").1);
        assert_eq!(found.len(), expected, "{price} / {quota}: {found:?}");
    }
}

#[test]
fn the_shipped_examples_raise_no_implausible_value() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for example in ["grenoble", "metropole"] {
        let tender = root.join("examples").join(example).join("tender.toml");
        let wd = Workdir::new();
        let doc = json(
            wd.command()
                .args(["check", "--format", "json", "--tender"])
                .arg(&tender),
        );
        assert_eq!(implausible(&doc), vec![], "{example}");
        let rank = json(
            wd.command()
                .args(["rank", "--format", "json", "--tender"])
                .arg(&tender),
        );
        let text = rank.to_string();
        assert!(!text.contains("implausible_value"), "{example}");
    }
}

/// A per-access offer reduced to 0 (floored): quota 12 accesses at 1 000 €, 150 € less
/// per access below; usage 2, so 10 × 150 = 1 500 off: −500, floored at 0.
const FREE: [Cell<'static>; 3] = [
    (SimultaneousAccesses, Price, "1000"),
    (SimultaneousAccesses, Quota, "12"),
    (SimultaneousAccesses, Reduction, "150"),
];

#[test]
fn a_cost_of_zero_is_abnormally_low_whatever_the_method() {
    // linear_range keeps a meaning at 0: (20 000 − 0) ÷ (20 000 − 0) × 100 = 100 for the
    // offer at 0, 0 for the other. The EU draft rule is not applied below 5 offers, and
    // flags the cost of 0 all the same.
    let paid = flat("20000");
    for method in ["ffb", "eu_draft", "next_gap"] {
        let wd = Workdir::new();
        let award = format!(
            "{PRICE_ONLY}price_formula = \"linear_range\"\n[award.abnormally_low]\nmethod = \"{method}\"\n"
        );
        setup(
            &wd,
            &tender_text("", &award),
            &[("free", &FREE), ("paid", &paid)],
        );
        let doc = rank_json(&wd);
        let ranked = &scope(&doc, "1", "groupement")["ranked"];
        assert_eq!(ranked[0]["bidder"], "free", "{method}");
        assert_eq!(ranked[0]["annual_cost_ht"], "0.00");
        assert_eq!(ranked[0]["price_mark"], "100.00");
        assert_eq!(ranked[1]["price_mark"], "0.00");
        let f = flags(&doc, "free");
        assert!(
            f.contains(&"abnormally_low".to_owned()) && f.contains(&"floored_at_zero".to_owned()),
            "{method}: {f:?}"
        );
        let reason = ranked[0]["abnormally_low"].to_string();
        assert!(reason.contains("0,00"), "{method}: {reason}");
    }
}

#[test]
fn a_formula_dividing_by_a_lowest_price_of_zero_leaves_the_scope_unranked() {
    let paid = flat("20000");
    for formula in ["proportional", "linear"] {
        let wd = Workdir::new();
        let award = format!("{PRICE_ONLY}price_formula = \"{formula}\"\n");
        setup(
            &wd,
            &tender_text("", &award),
            &[("free", &FREE), ("paid", &paid)],
        );
        let out = wd
            .command()
            .args(["rank", "--format", "json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{formula}");
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        let s = scope(&doc, "1", "groupement");
        assert_eq!(s["ranked"].as_array().unwrap().len(), 0);
        assert_eq!(s["failure"]["code"], "zero_lowest_price");
        let message = s["failure"]["message"].as_str().unwrap();
        assert!(
            message.contains("(offre de free)") && message.contains(formula),
            "{message}"
        );

        let csv = wd
            .command()
            .args(["rank", "--format", "csv", "--lang", "en"])
            .output()
            .unwrap();
        let csv = String::from_utf8(csv.stdout).unwrap();
        let free = csv.lines().find(|l| l.contains(",free,")).unwrap();
        assert!(
            free.contains("unranked") && free.contains("(offer of free)"),
            "{free}"
        );
        let table = wd.command().arg("rank").output().unwrap();
        let table = String::from_utf8(table.stdout).unwrap();
        assert!(table.contains("✗") && table.contains("0,00"), "{table}");
    }
}

#[test]
fn an_offer_without_a_technical_score_is_warned_and_flagged() {
    let wd = Workdir::new();
    wd.write("technique.csv", "bidder,lot,score\nscored,1,50\n");
    let award = "price_weight = 40\ntechnical_weight = 60\ntechnical_scores = \"technique.csv\"\n";
    let scored = flat("20000");
    let unscored = flat("20000");
    setup(
        &wd,
        &tender_text("", award),
        &[("scored", &scored), ("unscored", &unscored)],
    );
    let (code, doc) = check(&wd, "fr");
    assert_eq!(code, 0);
    let found = coded(&doc, "missing_technical_score");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "unscored");
    assert_eq!(found[0].2, "warning");
    assert!(
        found[0]
            .3
            .contains("aucune note technique pour le candidat unscored au lot 1"),
        "{}",
        found[0].3
    );

    // Both at 20 000: price marks 40 each; technical 50 and 0: totals 90 and 40.
    let doc = rank_json(&wd);
    let ranked = &scope(&doc, "1", "groupement")["ranked"];
    assert_eq!(ranked[0]["total"], "90.00");
    assert_eq!(ranked[1]["total"], "40.00");
    assert_eq!(flags(&doc, "unscored"), vec!["missing_technical_score"]);
    assert!(flags(&doc, "scored").is_empty());
    let explain = wd
        .command()
        .args([
            "explain",
            "--lot",
            "1",
            "--scope",
            "groupement",
            "--bidder",
            "unscored",
        ])
        .output()
        .unwrap();
    let explain = String::from_utf8(explain.stdout).unwrap();
    assert!(
        explain.contains("note technique manquante")
            && explain.contains("aucune note technique dans"),
        "{explain}"
    );
}

#[test]
fn technical_weight_without_a_scores_file_is_warned_once() {
    let wd = Workdir::new();
    let award = "price_weight = 40\ntechnical_weight = 60\n";
    let one = flat("20000");
    let two = flat("25000");
    setup(
        &wd,
        &tender_text("", award),
        &[("one", &one), ("two", &two)],
    );
    let (code, doc) = check(&wd, "en");
    assert_eq!(code, 0);
    let found = coded(&doc, "no_technical_scores");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].3.contains(
            "award.technical_weight is 60 but no technical scores file is named \
             (award.technical_scores): every offer gets 0 of those 60 points and the ranking \
             is on price alone"
        ),
        "{}",
        found[0].3
    );
    let out = wd
        .command()
        .args(["rank", "--lang", "en"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr.matches("no technical scores file").count(),
        1,
        "{stderr}"
    );
}

#[test]
fn weights_not_adding_up_to_100_are_warned_not_refused() {
    let wd = Workdir::new();
    wd.write("technique.csv", "bidder,lot,score\none,1,70\n");
    let award = "price_weight = 40\ntechnical_weight = 70\ntechnical_scores = \"technique.csv\"\n";
    let one = flat("20000");
    setup(&wd, &tender_text("", award), &[("one", &one)]);
    let (code, doc) = check(&wd, "fr");
    assert_eq!(code, 0);
    let found = coded(&doc, "weights_not_100");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].3.contains(
            "les poids ne font pas 100 : award.price_weight (40) + award.technical_weight (70) = 110"
        ),
        "{}",
        found[0].3
    );
    // Ranked as written: 40 + 70 = 110.
    let out = wd
        .command()
        .args(["rank", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        scope(&doc, "1", "groupement")["ranked"][0]["total"],
        "110.00"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("tender.toml : les poids ne font pas 100"),
        "{stderr}"
    );
}

#[test]
fn a_criterion_left_unscored_is_a_missing_technical_score() {
    let wd = Workdir::new();
    wd.write(
        "technique.csv",
        "bidder,lot,criterion,score\nfull,1,catalogue,10\nfull,1,service,5\nhalf,1,catalogue,10\n",
    );
    let award = "price_weight = 40\ntechnical_scores = \"technique.csv\"\n\
                 [[award.criterion]]\nid = \"catalogue\"\nname = \"Catalogue\"\nweight = 40\nmax = 20\n\
                 [[award.criterion]]\nid = \"service\"\nname = \"Service\"\nweight = 20\nmax = 10\n";
    let price = flat("20000");
    setup(
        &wd,
        &tender_text("", award),
        &[("full", &price), ("half", &price)],
    );
    let (_, doc) = check(&wd, "fr");
    let found = coded(&doc, "missing_technical_score");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "half");
    // Technical: full 40 × 10 ÷ 20 + 20 × 5 ÷ 10 = 30; half 20 + 0 = 20. Price 40 each.
    let doc = rank_json(&wd);
    let ranked = &scope(&doc, "1", "groupement")["ranked"];
    assert_eq!(ranked[0]["total"], "70.00");
    assert_eq!(ranked[1]["total"], "60.00");
    assert_eq!(flags(&doc, "half"), vec!["missing_technical_score"]);
    assert!(flags(&doc, "full").is_empty());
    // Weights 40 + (40 + 20): no weights warning.
    assert_eq!(coded(&check(&wd, "fr").1, "weights_not_100"), vec![]);
}
