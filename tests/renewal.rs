//! Renewals decided expressly on a unit-price schedule lot (`[lot.renewal]`, a monthly
//! tranche's `in_renewals`): the keys checked at load with their key and line, in French
//! and English; what the commands show of the contract with every renewal. The example is
//! Bourget's (`examples/bourget/`): three years from April 2027, renewable once for a
//! year, TF2 and TC1 paid on in the renewal; its figures are worked out by hand in
//! `tests/bourget.rs` and below.

mod common;

use std::path::Path;

use common::rank_tender_text as rank;

fn bourget_text() -> String {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/bourget/tender.toml");
    std::fs::read_to_string(example).expect("the Bourget example")
}

const RENEWAL: &str = "[lot.renewal]\ncount = 1\nmonths = 12\n";

#[test]
fn every_mistake_in_the_renewals_names_its_key_in_both_languages() {
    let text = bourget_text();
    assert!(text.contains(RENEWAL));
    let without = text
        .replace(RENEWAL, "")
        .replace("in_renewals = true\n", "");
    let cases: Vec<(String, &str, &str, &str)> = vec![
        (
            text.replace("count = 1\n", "count = 0\n"),
            "lot[0].renewal.count",
            "0 reconductions : attendu de 1 à 10",
            "0 renewals: expected 1 to 10",
        ),
        (
            text.replace("count = 1\n", "count = 11\n"),
            "lot[0].renewal.count",
            "11 reconductions : attendu de 1 à 10",
            "11 renewals: expected 1 to 10",
        ),
        (
            text.replace("months = 12\n", "months = 0\n"),
            "lot[0].renewal.months",
            "reconductions de 0 mois : attendu au moins 1 mois",
            "renewals of 0 months: expected at least 1 month",
        ),
        (
            // 36 + 10 × 57 = 606 months: above the 600 (50 years) a contract may last.
            text.replace("count = 1\nmonths = 12\n", "count = 10\nmonths = 57\n"),
            "lot[0].renewal.months",
            "au plus 600 mois pour tout le marché avec chaque reconduction (la période initiale en a 36)",
            "at most 600 months for the whole contract with every renewal (the initial period has 36)",
        ),
        (
            // A milestone is paid once, in the initial period.
            text.replace("month = 33\n", "month = 33\nin_renewals = true\n"),
            "lot[0].tranche[2].in_renewals",
            "in_renewals ne s'applique pas à une tranche payée à l'étape",
            "in_renewals does not apply to a tranche paid at a milestone",
        ),
        (
            without.replace(
                "payment = \"monthly\"\n",
                "payment = \"monthly\"\nin_renewals = true\n",
            ),
            "lot[0].tranche[1].in_renewals",
            "in_renewals s'applique à un lot dont le marché peut être reconduit : ajoutez [lot.renewal]",
            "in_renewals applies to a lot whose contract may be renewed: add [lot.renewal]",
        ),
    ];
    for (text, key, fr, en) in cases {
        for (lang, key_text, words) in [
            ("fr", format!("clé « {key} »"), fr),
            ("en", format!("key `{key}`"), en),
        ] {
            let (code, err) = rank(&text, lang);
            assert_eq!(code, 2, "{key}: {err}");
            assert!(
                err.contains(&key_text) && err.contains(words),
                "{key} ({lang}): {err}"
            );
        }
    }
}

#[test]
fn renewals_are_refused_on_a_five_model_lot_with_their_key() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/schedule/tender.toml"),
    )
    .unwrap();
    // Lot 1 of the fixture is a five-model lot: its usage ends with consultations = 15000.
    let text = text.replacen(
        "consultations = 15000\n",
        "consultations = 15000\n[lot.renewal]\ncount = 1\nmonths = 12\n",
        1,
    );
    let (code, err) = rank(&text, "en");
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("key `lot[0].renewal`")
            && err.contains(
                "renewal only applies to a unit-price schedule lot: add kind = \"schedule\" to the lot"
            ),
        "{err}"
    );
    let (_, err) = rank(&text, "fr");
    assert!(
        err.contains("clé « lot[0].renewal » : renewal ne s'applique qu'à un lot à bordereau de prix unitaires"),
        "{err}"
    );
}

/// `rank --format json` on the Bourget example.
fn bourget_rank(format: &str, lang: &str) -> String {
    let wd = common::Workdir::new();
    wd.bourget_with(|t| t);
    let out = wd
        .command()
        .args(["rank", "--format", format, "--lang", lang])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Contract year y's coefficient: 0.125 + 0.875 × S ÷ 292 (S0 of January 2027).
fn coefficient(s: rust_decimal::Decimal) -> tender::exact::Exact {
    use tender::exact::Exact;
    let e = Exact::from_decimal;
    e(rust_decimal::dec!(0.125)).add(
        &e(rust_decimal::dec!(0.875))
            .mul(&e(s))
            .div(&e(rust_decimal::dec!(292)))
            .unwrap(),
    )
}

#[test]
fn rank_shows_the_contract_with_its_renewal_and_revised_beside_the_ranked_one() {
    use rust_decimal::dec;
    use tender::exact::Exact;
    let doc: serde_json::Value = serde_json::from_str(&bourget_rank("json", "en")).unwrap();
    let scope = common::scope(&doc, "1", "bourget");
    // Atlantic IT by hand: contract years (12 months from April 2027) 1: TF1 15 000 +
    // 12 × 15 000 + the DQE 26 540 = 221 540; 2: 180 000 + TC1 12 × 2 200 + 26 540 =
    // 232 940; 3: 180 000 + TF3 8 000 + 26 400 + 26 540 = 240 940; 4, the renewal (TF2 and
    // TC1 paid on): 232 940. Unrevised: 695 420 initial, 928 360 with the renewal,
    // 1 114 032 TTC. Revised: Σ year × its coefficient, the index of January 2028
    // published (298.6), of 2029 and 2030 assumed (306.065, 313.716625).
    let e = Exact::from_decimal;
    let initial = e(dec!(221540))
        .add(&e(dec!(232940)).mul(&coefficient(dec!(298.6))))
        .add(&e(dec!(240940)).mul(&coefficient(dec!(306.065))));
    let with = initial.add(&e(dec!(232940)).mul(&coefficient(dec!(313.716625))));
    assert_eq!(initial.round(2), Some(dec!(710181.80)));
    assert_eq!(with.round(2), Some(dec!(958280.49)));
    let figures: Vec<(String, [String; 4])> = scope["ranked"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            let c = &o["schedule_contract"];
            let f = |k: &str| c[k].as_str().unwrap().to_owned();
            (
                o["bidder"].as_str().unwrap().to_owned(),
                [
                    f("contract_cost_with_renewals_ht"),
                    f("contract_cost_with_renewals_ttc"),
                    f("revised_contract_cost_ht"),
                    f("revised_contract_cost_with_renewals_ht"),
                ],
            )
        })
        .collect();
    // The renewal of the others: Numeris 12 × 15 500 + 12 × 1 800 + 28 100 = 235 700
    // (revised figures worked out in tests/bourget.rs); Infotech 12 × 15 900 + 12 × 2 000
    // + 29 537 = 244 337; Réseaux & Co 12 × 16 000 + 12 × 3 500 + 26 575 = 260 575.
    assert_eq!(figures[0].0, "atlantic-it");
    assert_eq!(
        figures[0].1,
        ["928360.00", "1114032.00", "710181.80", "958280.49"]
    );
    assert_eq!(
        figures[1],
        (
            "numeris".to_owned(),
            ["948200.00", "1137840.00", "727474.86", "978513.16"].map(String::from)
        )
    );
    assert_eq!(figures[2].1[0], "985348.00");
    assert_eq!(figures[3].1[0], "1030300.00");
    // The ranked figure is still the initial period's.
    assert_eq!(scope["ranked"][0]["contract_cost_ht"], "695420.00");
    let lot = &doc["lots"][0]["schedule"];
    assert_eq!(lot["ranked_on"], "initial_period");
    assert_eq!(lot["conditional_tranches"], "counted_as_confirmed");
    assert_eq!(lot["renewals"]["count"], 1);
    let years: Vec<(String, String, bool)> = lot["revision"]["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| {
            (
                y["month"].as_str().unwrap().to_owned(),
                y["index"].as_str().unwrap().to_owned(),
                y["published"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        years,
        [
            ("2027-01".to_owned(), "292.00".to_owned(), true),
            ("2028-01".to_owned(), "298.60".to_owned(), true),
            ("2029-01".to_owned(), "306.065".to_owned(), false),
            ("2030-01".to_owned(), "313.716625".to_owned(), false),
        ]
    );
}

#[test]
fn rank_s_csv_and_table_give_the_same_figures() {
    let csv = bourget_rank("csv", "en");
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let header = rows.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let first = rows.records().next().unwrap().unwrap();
    assert_eq!(&first[col("bidder")], "atlantic-it");
    assert_eq!(&first[col("contract_cost_ht")], "695420.00");
    assert_eq!(&first[col("contract_cost_with_renewals_ht")], "928360.00");
    assert_eq!(&first[col("revised_contract_cost_ht")], "710181.80");
    assert_eq!(
        &first[col("revised_contract_cost_with_renewals_ht")],
        "958280.49"
    );
    let table = bourget_rank("table", "fr");
    let atlantic = table
        .lines()
        .find(|l| l.starts_with(" Atlantic IT") && l.contains("928"))
        .unwrap();
    assert_eq!(
        atlantic
            .split("   ")
            .filter(|c| !c.trim().is_empty())
            .map(str::trim)
            .collect::<Vec<_>>(),
        [
            "Atlantic IT",
            "695\u{a0}420,00\u{a0}€",
            "928\u{a0}360,00\u{a0}€",
            "710\u{a0}181,80\u{a0}€",
            "958\u{a0}280,49\u{a0}€"
        ]
    );
    // The notes, their lines joined.
    let flat = table.replace("\n  ", " ");
    assert!(
        flat.contains("le classement compare le marché de la période initiale (36 mois) aux prix du mois de référence, tranches optionnelles comptées comme affermies ; les reconductions n'y entrent pas."),
        "{table}"
    );
    assert!(
        flat.contains("année 2 2028-01 298,6 (publié) ; année 3 2029-01 306,065 (supposé d'après 2028-01, + 2,5\u{a0}% par an)"),
        "{table}"
    );
    // An index file that cannot be read: the ranking is given, the revised figures are
    // not, and a warning names the file.
    let wd = common::Workdir::new();
    wd.bourget_with(|t| t.replace("index = \"syntec.csv\"", "index = \"absent.csv\""));
    let out = wd
        .command()
        .args(["rank", "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("absent.csv")
            && err.contains("le fichier de l'indice de révision ne peut être lu"),
        "{err}"
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let first = rows.records().next().unwrap().unwrap();
    assert_eq!(&first[col("contract_cost_with_renewals_ht")], "928360.00");
    assert_eq!(&first[col("revised_contract_cost_ht")], "");
}

#[test]
fn a_budget_over_the_contract_is_brought_to_a_year_without_the_tender_s_yearly_revision() {
    // The tender's yearly revision (2 %) is the five models' assumption: a schedule
    // lot's figures are at the reference month's prices, its comparable yearly cost its
    // contract ÷ 3. A budget of 900 000 € HT over the contract is then 300 000 a year
    // (not 900 000 ÷ (1 + 1.02 + 1.02²) = 294 079.24…).
    let wd = common::Workdir::new();
    wd.bourget_with(|t| {
        t.replace(
            "duration_years = 3\n",
            "duration_years = 3\nyearly_revision = \"0.02\"\n",
        )
        .replace(
            "kind = \"schedule\"\n",
            "kind = \"schedule\"\nbudget_ceiling = { bourget = \"900000 HT contrat\" }\n",
        )
        .replace(
            "price_weight = 100\n",
            "price_weight = 100\nprice_formula = \"linear_budget\"\n",
        )
    });
    let doc = common::json(wd.command().args([
        "explain", "--lot", "1", "--scope", "bourget", "--bidder", "numeris", "--format", "json",
    ]));
    assert_eq!(doc["price"]["budget"], "300000.00");
    // Numeris: 100 × (300 000 − 237 500) ÷ (300 000 − 695 420 ÷ 3) = 100 × 62 500 ÷
    // 68 193.33… = 91.65.
    let doc = common::json(wd.command().args(["rank", "--format", "json"]));
    let scope = common::scope(&doc, "1", "bourget");
    assert_eq!(scope["ranked"][1]["bidder"], "numeris");
    assert_eq!(scope["ranked"][1]["price_mark"], "91.65");
}

#[test]
fn a_ceiling_over_the_contract_counts_every_renewal() {
    // The purchase orders over the contract with the renewal: 4 years of the DQE.
    // Numeris 4 × 28 100 = 112 400 (exactly the ceiling: accepted), Infotech 4 × 29 537 =
    // 118 148 (above, though its initial 88 611 is below), Atlantic IT 4 × 26 540 =
    // 106 160, Réseaux & Co 4 × 26 575 = 106 300.
    let wd = common::Workdir::new();
    wd.bourget_with(|t| t.replace("amount = \"40000 TTC\"", "amount = \"112400 HT contrat\""));
    let doc = common::json(
        wd.command()
            .args(["rank", "--format", "json", "--lang", "en"]),
    );
    let scope = common::scope(&doc, "1", "bourget");
    let ranked: Vec<String> = common::ranked(scope).into_iter().map(|r| r.0).collect();
    assert_eq!(ranked, ["atlantic-it", "numeris", "reseaux-et-co"]);
    let infotech = &scope["excluded"][0];
    assert_eq!(infotech["bidder"], "infotech");
    assert_eq!(
        infotech["reasons"][0],
        "amount of the purchase orders over the contract with every renewal of €118,148.00 excl. VAT, above the ceiling of €112,400.00 excl. VAT"
    );
    let out = wd
        .command()
        .args([
            "explain", "--lot", "1", "--scope", "bourget", "--bidder", "numeris", "--lang", "fr",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout)
        .unwrap()
        .replace("\n    ", " ");
    assert!(
        text.contains("plafond des bons de commande sur le contrat avec chaque reconduction : 112\u{a0}400,00\u{a0}€ HT ≤ 112\u{a0}400,00\u{a0}€ HT : respecté"),
        "{text}"
    );
}

#[test]
fn a_revision_that_cannot_be_computed_is_said_and_the_ranking_given() {
    // The reference month is not in the series: no coefficient can be computed.
    let wd = common::Workdir::new();
    wd.bourget_with(|t| {
        t.replace(
            "reference_month = \"2027-01\"",
            "reference_month = \"2025-01\"",
        )
    });
    let doc = common::json(
        wd.command()
            .args(["rank", "--format", "json", "--lang", "en"]),
    );
    let scope = common::scope(&doc, "1", "bourget");
    assert_eq!(common::ranked(scope).len(), 4);
    let contract = &scope["ranked"][0]["schedule_contract"];
    assert_eq!(contract["contract_cost_with_renewals_ht"], "928360.00");
    assert_eq!(
        contract["revised_contract_cost_ht"],
        serde_json::Value::Null
    );
    let revision = &doc["lots"][0]["schedule"]["revision"];
    assert_eq!(revision["years"], serde_json::json!([]));
    assert!(
        revision["problem"].as_str().unwrap().contains("2025-01"),
        "{revision}"
    );
    let out = wd
        .command()
        .args(["rank", "--lang", "en"])
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    let atlantic = table
        .lines()
        .find(|l| l.starts_with(" Atlantic IT") && l.contains("928"))
        .unwrap();
    assert!(atlantic.ends_with("—"), "{atlantic}");
}
