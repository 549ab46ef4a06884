//! The award rules of the tender file (`[award]`, ceilings on lots), through the binary.
//!
//! Every expected figure is computed by hand in the comments, from the tender written in
//! the test and the prices the test's bidders fill in; none was copied from the tool. The
//! one exception is deliberate: the last test checks that `explain` reproduces `rank` on
//! the shipped example, which compares two outputs of the tool with each other.
//!
//! Most tenders here have one lot (`1`, VAT 20 %) and two members `a` and `b`; prices are
//! flat (item 1.5, population), so an offer's yearly cost is the price it writes.

mod common;

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use common::{Workdir, num, scope, text};
use serde_json::Value;
use tender::bpu::fill::{FillValue, Filler};
use tender::bpu::layout::CandidateField;
use tender::pricing::{PricingModel, Term};
use tender::tender::Tender;

// ---------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------

/// What varies between the tenders of these tests.
struct Spec<'a> {
    years: u32,
    revision: &'a str,
    /// The lot's VAT rate.
    vat: &'a str,
    /// Only the groupement is quoted (one scope per lot); otherwise `a`, `b`, groupement.
    groupement_only: bool,
    /// Lines added to the lot (before its usage tables), e.g. a `budget_ceiling`.
    lot: &'a str,
    /// Lines added at the end of `[award]` (keys first, then sub-tables).
    award: &'a str,
}

impl Default for Spec<'_> {
    fn default() -> Self {
        Spec {
            years: 2,
            revision: "0",
            vat: "0.20",
            groupement_only: true,
            lot: "",
            award: "",
        }
    }
}

impl Spec<'_> {
    fn toml(&self) -> String {
        let quote_for = if self.groupement_only {
            "quote_for = [\"groupement\"]\n"
        } else {
            ""
        };
        format!(
            r#"
[tender]
name = "Règles d'attribution"
reference = "T-AW"
duration_years = {years}
yearly_revision = "{revision}"
offers = "offres"
{quote_for}
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
vat_rate = "{vat}"
{lot}
[lot.usage.a]
active_accounts = 1500
simultaneous_accesses = 10
consultations = 5000
[lot.usage.b]
active_accounts = 2500
simultaneous_accesses = 20
consultations = 15000

[award]
price_weight = 40
{award}
"#,
            years = self.years,
            revision = self.revision,
            vat = self.vat,
            lot = self.lot,
            award = self.award,
        )
    }
}

/// A tender in a temporary folder, its template, and the offers written so far.
struct Case {
    wd: Workdir,
    tender: Tender,
    template: Vec<u8>,
}

impl Case {
    fn new(spec: &Spec) -> Case {
        let wd = Workdir::new();
        let tender = wd.tender(&spec.toml());
        let template = tender::bpu::template::write(&tender).expect("template");
        Case {
            wd,
            tender,
            template,
        }
    }

    /// A buyer's CSV file next to the tender file.
    fn file(&self, name: &str, contents: &str) -> &Self {
        self.wd.write(name, contents);
        self
    }

    /// `offres/<bidder>.xlsx`, filled from the real template: lot 1's cells, and the
    /// security grade on the `Candidat` sheet when given.
    fn offer(
        &self,
        bidder: &str,
        grade: Option<&str>,
        cells: &[(&str, PricingModel, Term, FillValue)],
    ) -> &Self {
        let mut f = Filler::new(&self.tender);
        f.candidate(CandidateField::LegalName, &format!("{bidder} SAS"));
        if let Some(g) = grade {
            f.candidate(CandidateField::SecurityGrade, g);
        }
        for (scope, model, term, value) in cells {
            f.item("1", scope, *model, *term, value.clone())
                .expect("known lot and scope");
        }
        let bytes = f.apply(&self.template).expect("fill");
        self.wd.write(&format!("offres/{bidder}.xlsx"), bytes);
        self
    }

    /// A flat yearly price (item 1.5) for each scope given.
    fn flat(&self, bidder: &str, prices: &[(&str, &str)]) -> &Self {
        let cells: Vec<_> = prices
            .iter()
            .map(|(scope, price)| (*scope, PricingModel::Population, Term::Price, num(price)))
            .collect();
        self.offer(bidder, None, &cells)
    }

    /// A flat price for the groupement alone.
    fn price(&self, bidder: &str, price: &str) -> &Self {
        self.flat(bidder, &[("groupement", price)])
    }

    fn run(&self, args: &[&str]) -> Output {
        self.wd.command().args(args).output().expect("run")
    }

    /// `rank --format json --lang en`, which must succeed with status 0.
    fn rank(&self) -> Value {
        let out = self.run(&["rank", "--format", "json", "--lang", "en"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("rank JSON")
    }

    /// `explain --format json --lang en` for lot 1.
    fn explain(&self, scope: &str, bidder: &str) -> Value {
        let args = [
            "explain", "--lot", "1", "--scope", scope, "--bidder", bidder, "--format", "json",
            "--lang", "en",
        ];
        let out = self.run(&args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("explain JSON")
    }

    /// `rank` that must fail: (status, stderr).
    fn failure(&self, lang: &str) -> (i32, String) {
        let out = self.run(&["rank", "--format", "json", "--lang", lang]);
        (
            out.status.code().expect("exit status"),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }
}

/// `rank` on a tender file that must not load: (status, stderr in English).
fn tender_error(spec: &Spec) -> (i32, String) {
    let wd = Workdir::new();
    wd.write("tender.toml", spec.toml());
    std::fs::create_dir_all(wd.join("offres")).unwrap();
    let out = wd
        .command()
        .args(["rank", "--lang", "en"])
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn s(v: &Value) -> String {
    v.as_str()
        .unwrap_or_else(|| panic!("not a string: {v}"))
        .to_owned()
}

/// The groupement of lot 1.
fn groupement(doc: &Value) -> &Value {
    scope(doc, "1", "groupement")
}

/// (bidder, price mark) of the ranked offers, in rank order.
fn price_marks(sc: &Value) -> Vec<(String, String)> {
    sc["ranked"]
        .as_array()
        .expect("ranked")
        .iter()
        .map(|o| (s(&o["bidder"]), s(&o["price_mark"])))
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter().map(|(a, b)| ((*a).into(), (*b).into())).collect()
}

/// The ranked offer of a bidder.
fn ranked_offer<'a>(sc: &'a Value, bidder: &str) -> &'a Value {
    sc["ranked"]
        .as_array()
        .expect("ranked")
        .iter()
        .find(|o| o["bidder"] == bidder)
        .unwrap_or_else(|| panic!("{bidder} is not ranked in {sc}"))
}

/// The excluded offer of a bidder.
fn excluded_offer<'a>(sc: &'a Value, bidder: &str) -> &'a Value {
    sc["excluded"]
        .as_array()
        .expect("excluded")
        .iter()
        .find(|o| o["bidder"] == bidder)
        .unwrap_or_else(|| panic!("{bidder} is not excluded in {sc}"))
}

fn bidders(sc: &Value, list: &str) -> Vec<String> {
    sc[list]
        .as_array()
        .expect(list)
        .iter()
        .map(|o| s(&o["bidder"]))
        .collect()
}

fn reasons(o: &Value) -> Vec<String> {
    o["reasons"].as_array().unwrap().iter().map(s).collect()
}

// ---------------------------------------------------------------------------------------
// 1. Price formulas
// ---------------------------------------------------------------------------------------

#[test]
fn linear_formula() {
    let c = Case::new(&Spec {
        award: "price_formula = \"linear\"",
        ..Spec::default()
    });
    c.price("alpha", "10000")
        .price("bravo", "10003")
        .price("charlie", "11000")
        .price("delta", "25000");
    let doc = c.rank();
    let g = groupement(&doc);
    assert_eq!(g["price_formula"], "linear");
    // L = 10 000; mark = 40 × (1 − (c − L) ÷ L).
    // alpha: 40 × 1 = 40. bravo: 40 × (1 − 3 ÷ 10 000) = 40 × 0.9997 = 39.988 → 39.99.
    // charlie: 40 × (1 − 0.1) = 36 (proportional would give 36.36).
    // delta: 40 × (1 − 15 000 ÷ 10 000) = −20, floored at 0 (proportional: 16).
    assert_eq!(
        price_marks(g),
        pairs(&[
            ("alpha", "40.00"),
            ("bravo", "39.99"),
            ("charlie", "36.00"),
            ("delta", "0.00"),
        ])
    );
    // No technical criteria: the total is the price mark.
    assert_eq!(ranked_offer(g, "charlie")["total"], "36.00");
    assert_eq!(ranked_offer(g, "charlie")["technical_mark"], Value::Null);
}

#[test]
fn linear_range_formula() {
    let c = Case::new(&Spec {
        award: "price_formula = \"linear_range\"",
        ..Spec::default()
    });
    c.price("alpha", "10000")
        .price("bravo", "12500")
        .price("charlie", "17000")
        .price("delta", "20000");
    let doc = c.rank();
    let g = groupement(&doc);
    assert_eq!(g["price_formula"], "linear_range");
    // H − L = 20 000 − 10 000 = 10 000; mark = 40 × (H − c) ÷ 10 000:
    // 40 × 10 000 = 40; 40 × 7 500 ÷ 10 000 = 30; 40 × 3 000 ÷ 10 000 = 12; 0.
    assert_eq!(
        price_marks(g),
        pairs(&[
            ("alpha", "40.00"),
            ("bravo", "30.00"),
            ("charlie", "12.00"),
            ("delta", "0.00"),
        ])
    );
}

#[test]
fn rank_points_formula_with_a_tie_and_a_short_table() {
    let c = Case::new(&Spec {
        award: "price_formula = \"rank_points\"\nrank_points = [\"40\", \"30\", \"20\"]",
        ..Spec::default()
    });
    c.price("alpha", "10000")
        .price("bravo", "10000")
        .price("charlie", "12000")
        .price("delta", "13000")
        .price("echo", "12500");
    let doc = c.rank();
    let g = groupement(&doc);
    assert_eq!(g["price_formula"], "rank_points");
    // Prices sorted: 10 000, 10 000, 12 000, 12 500, 13 000. Competition ranking: 1, 1,
    // 3, 4, 5 (the second rank is skipped). Points: 40, 40, 20 (rank 3), then ranks 4
    // and 5 are past the 3-entry table: 0.
    // Order of the ranking: alpha and bravo tie at 40 (no technical mark, same cost: the
    // bidder id decides); echo and delta tie at 0, and the lower cost (echo, 12 500)
    // comes first although "delta" < "echo".
    assert_eq!(
        price_marks(g),
        pairs(&[
            ("alpha", "40.00"),
            ("bravo", "40.00"),
            ("charlie", "20.00"),
            ("echo", "0.00"),
            ("delta", "0.00"),
        ])
    );
    let ties: Vec<(String, bool)> = g["ranked"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (s(&o["bidder"]), o["tie"].as_bool().unwrap()))
        .collect();
    assert_eq!(
        ties,
        [
            ("alpha".to_owned(), true),
            ("bravo".to_owned(), true),
            ("charlie".to_owned(), false),
            ("echo".to_owned(), true),
            ("delta".to_owned(), true),
        ]
    );
    // The price rank used by the formula, as explain shows it: 1, 1, 3, 4, 5.
    for (bidder, rank_used, position) in [
        ("alpha", 1, 1),
        ("bravo", 1, 2),
        ("charlie", 3, 3),
        ("echo", 4, 4),
        ("delta", 5, 5),
    ] {
        let e = c.explain("groupement", bidder);
        assert_eq!(e["price"]["rank_used"], rank_used, "{bidder}");
        assert_eq!(e["rank"], position, "{bidder}");
    }
    let e = c.explain("groupement", "delta");
    assert_eq!(e["price"]["working"], "rank 5, beyond the table → 0.00");
}

#[test]
fn linear_budget_formula() {
    let c = Case::new(&Spec {
        lot: "budget_ceiling = { groupement = \"90000\" }",
        award: "price_formula = \"linear_budget\"",
        ..Spec::default()
    });
    c.price("alpha", "70000")
        .price("bravo", "80000")
        .price("charlie", "83000")
        .price("delta", "90000")
        .price("echo", "90000.01");
    let doc = c.rank();
    let g = groupement(&doc);
    assert_eq!(g["price_formula"], "linear_budget");
    // B = 90 000 (HT, yearly), L = 70 000, B − L = 20 000; mark = 40 × (B − c) ÷ 20 000:
    // 40; 40 × 10 000 ÷ 20 000 = 20; 40 × 7 000 ÷ 20 000 = 14; delta at the budget: kept,
    // 0. echo is 1 cent above the budget: unacceptable.
    assert_eq!(
        price_marks(g),
        pairs(&[
            ("alpha", "40.00"),
            ("bravo", "20.00"),
            ("charlie", "14.00"),
            ("delta", "0.00"),
        ])
    );
    assert_eq!(excluded_offer(g, "echo")["status"], "unacceptable");
    assert_eq!(
        g["ceiling"],
        serde_json::json!({"amount": "90000.00", "vat": "ht", "period": "yearly"})
    );
    let e = c.explain("groupement", "bravo");
    assert_eq!(e["price"]["budget"], "90000.00");
    assert_eq!(e["price"]["budget_exact"], "90000.00");
    // Rebate (B − c) ÷ B = 10 000 ÷ 90 000 = 0.111111…
    assert_eq!(e["price"]["rebate"], "0.111111");
}

#[test]
fn a_budget_whose_decimals_never_end_is_shown_to_the_cent_and_given_as_a_fraction() {
    // 100 000 TTC a year at 20 % VAT is 100 000 ÷ 1.2 = 250 000 ÷ 3 = 83 333.333… HT: to
    // the cent 83 333.33, exactly the fraction 250000/3.
    let c = Case::new(&Spec {
        lot: "budget_ceiling = { groupement = \"100000 TTC\" }",
        award: "price_formula = \"linear_budget\"",
        ..Spec::default()
    });
    c.price("alpha", "40000").price("bravo", "50000.125");
    let p = &c.explain("groupement", "bravo")["price"];
    assert_eq!(p["budget"], "83333.33", "{p}");
    assert_eq!(p["budget_exact"], "250000/3", "{p}");
    // A price with three decimals: to the cent, and exactly.
    assert_eq!(p["compared_price"], "50000.13", "{p}");
    assert_eq!(p["compared_price_exact"], "50000.125", "{p}");
    assert_eq!(p["lowest"], "40000.00", "{p}");
    assert_eq!(p["lowest_exact"], "40000.00", "{p}");
    let doc = c.rank();
    let bravo = ranked_offer(groupement(&doc), "bravo");
    assert_eq!(bravo["compared_price"], "50000.13");
    assert_eq!(bravo["compared_price_exact"], "50000.125");
}

#[test]
fn concave_formula_square_root() {
    let c = Case::new(&Spec {
        lot: "budget_ceiling = { groupement = \"90000\" }",
        award: "price_formula = \"concave\"\nconcave_alpha = \"0.5\"",
        ..Spec::default()
    });
    c.price("alpha", "70000")
        .price("bravo", "72000")
        .price("charlie", "80000")
        .price("delta", "85000")
        .price("echo", "90000");
    let doc = c.rank();
    let g = groupement(&doc);
    assert_eq!(g["price_formula"], "concave");
    // B = 90 000, L = 70 000, r = (B − c) ÷ 20 000, mark = 40 × √r:
    // alpha r = 1 → 40.
    // bravo r = 18 000 ÷ 20 000 = 0.9, √0.9 = 0.9486832980… → 37.9473319… → 37.95.
    // charlie r = 0.5, √0.5 = 0.7071067811… → 28.2842712… → 28.28.
    // delta r = 5 000 ÷ 20 000 = 0.25, √0.25 = 0.5 exactly → 20.00.
    // echo r = 0 → 0.
    assert_eq!(
        price_marks(g),
        pairs(&[
            ("alpha", "40.00"),
            ("bravo", "37.95"),
            ("charlie", "28.28"),
            ("delta", "20.00"),
            ("echo", "0.00"),
        ])
    );
    assert_eq!(ranked_offer(g, "delta")["total"], "20.00");
}

#[test]
fn bilinear_formula_both_branches() {
    let c = Case::new(&Spec {
        lot: "budget_ceiling = { groupement = \"100000\" }",
        award: "price_formula = \"bilinear\"\nbilinear_share = \"0.80\"",
        ..Spec::default()
    });
    c.price("alpha", "60000")
        .price("bravo", "70000")
        .price("charlie", "80000")
        .price("delta", "90000");
    let doc = c.rank();
    let g = groupement(&doc);
    assert_eq!(g["price_formula"], "bilinear");
    // B = 100 000. Rebates (B − c) ÷ B: alpha 0.40, bravo 0.30, charlie 0.20, delta 0.10.
    // Mean rebate = 1.00 ÷ 4 = 0.25; best = 0.40. X = 0.80.
    // delta 0.10 ≤ 0.25: C = 0.80 × 0.10 ÷ 0.25 = 0.32 → 40 × 0.32 = 12.80.
    // charlie 0.20 ≤ 0.25: C = 0.80 × 0.20 ÷ 0.25 = 0.64 → 25.60.
    // bravo 0.30 > 0.25: C = 0.80 + 0.20 × (0.30 − 0.25) ÷ (0.40 − 0.25) = 0.80 + 1/15
    //   = 13/15 → 40 × 13/15 = 34.666… → 34.67.
    // alpha, the best: C = 0.80 + 0.20 × 1 = 1 → 40.
    assert_eq!(
        price_marks(g),
        pairs(&[
            ("alpha", "40.00"),
            ("bravo", "34.67"),
            ("charlie", "25.60"),
            ("delta", "12.80"),
        ])
    );
    let e = c.explain("groupement", "bravo");
    let p = &e["price"];
    assert_eq!(p["formula"], "bilinear");
    assert_eq!(p["rebate"], "0.300000");
    assert_eq!(p["mean_rebate"], "0.250000");
    assert_eq!(p["best_rebate"], "0.400000");
    assert_eq!(p["budget"], "100000.00");
    assert_eq!(p["mark"], "34.67");
    let working = s(&p["working"]);
    assert!(
        working.contains("30.0000%")
            && working.contains("25.0000%")
            && working.contains("40.0000%")
            && working.ends_with("= 34.67"),
        "{working}"
    );
    // delta is on the first branch: 0.80 × 10 % ÷ 25 %.
    let working = s(&c.explain("groupement", "delta")["price"]["working"]);
    assert!(
        working.contains("10.0000%") && working.ends_with("= 12.80"),
        "{working}"
    );
}

#[test]
fn explain_of_a_bilinear_mark_shows_the_budget_and_the_rebates_of_the_mean() {
    // The case above: B = 100 000; rebates alpha 40 %, bravo 30 %, charlie 20 %, delta
    // 10 %; their mean (40 + 30 + 20 + 10) ÷ 4 = 25 %; the best 40 %.
    let c = Case::new(&Spec {
        lot: "budget_ceiling = { groupement = \"100000\" }",
        award: "price_formula = \"bilinear\"\nbilinear_share = \"0.80\"",
        ..Spec::default()
    });
    c.price("alpha", "60000")
        .price("bravo", "70000")
        .price("charlie", "80000")
        .price("delta", "90000");
    let out = c.run(&[
        "explain",
        "--lot",
        "1",
        "--scope",
        "groupement",
        "--bidder",
        "bravo",
        "--lang",
        "en",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(
            "budget B = €100,000.00 (yearly cost excl. VAT); ceiling €100,000.00 excl. VAT a year"
        ),
        "{text}"
    );
    assert!(
        flat.contains(
            "rebates on the budget (B − price) ÷ B: alpha 40.0000%, bravo 30.0000%, charlie \
             20.0000%, delta 10.0000%; mean rebate of the 4 offers = 25.0000%; best rebate = \
             40.0000%"
        ),
        "{text}"
    );
    let rebates = &c.explain("groupement", "bravo")["price"]["rebates"];
    assert_eq!(
        *rebates,
        serde_json::json!([
            {"bidder": "alpha", "rebate": "0.400000"},
            {"bidder": "bravo", "rebate": "0.300000"},
            {"bidder": "charlie", "rebate": "0.200000"},
            {"bidder": "delta", "rebate": "0.100000"},
        ])
    );
}

#[test]
fn explain_shows_the_checks_an_offer_passes_with_the_figures_compared() {
    // A ceiling of 30 000 TTC a year at 20 % VAT: alpha's 12 345.67 HT is 14 814.804 TTC,
    // at or under it. Its grade A (line 2) meets the minimum B; it answers q1 yes (line
    // 2) and q2 no (line 3) as required. bravo, above the ceiling (26 000 HT is 31 200
    // TTC), is excluded, and its grade check is shown as passed all the same.
    let award =
        format!("[award.security]\nminimum_grade = \"B\"\ngrades = \"securite.csv\"\n{GDPR}");
    let c = Case::new(&Spec {
        lot: "budget_ceiling = { groupement = \"30000 TTC\" }",
        award: &award,
        ..Spec::default()
    });
    c.file("securite.csv", "bidder,lot,grade\nalpha,*,A\nbravo,*,B+\n")
        .file(
            "rgpd.csv",
            "bidder,question,answer\nalpha,q1,oui\nalpha,q2,non\nbravo,q1,oui\nbravo,q2,non\n",
        );
    c.price("alpha", "12345.67").price("bravo", "26000");
    let e = c.explain("groupement", "alpha");
    let checks: Vec<(String, String)> = e["passed_checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (s(&p["check"]), s(&p["text"])))
        .collect();
    assert_eq!(
        checks,
        [
            (
                "ceiling".to_owned(),
                "yearly budget ceiling: yearly cost €14,814.804 incl. VAT ≤ €30,000.00 incl. \
                 VAT → passed"
                    .to_owned()
            ),
            (
                "security_grade".to_owned(),
                "security grade A ≥ required minimum B (securite.csv, line 2) → passed".to_owned()
            ),
            (
                "gdpr_answer".to_owned(),
                "GDPR questionnaire, question q1 “Hébergement dans l'UE”: answered yes, as \
                 required (rgpd.csv, line 2) → passed"
                    .to_owned()
            ),
            (
                "gdpr_answer".to_owned(),
                "GDPR questionnaire, question q2 “Traceurs publicitaires”: answered no, as \
                 required (rgpd.csv, line 3) → passed"
                    .to_owned()
            ),
        ]
    );
    // The text shows them too, marked ✓, in French by default.
    let out = c.run(&[
        "explain",
        "--lot",
        "1",
        "--scope",
        "groupement",
        "--bidder",
        "bravo",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(
            "✓ note de sécurité B+ ≥ minimum exigé B (securite.csv, ligne 3) → satisfait"
        ),
        "{text}"
    );
    assert!(!flat.contains("plafond budgétaire annuel"), "{text}");
}

// ---------------------------------------------------------------------------------------
// 2. Price basis
// ---------------------------------------------------------------------------------------

#[test]
fn contract_ttc_basis_gives_the_marks_of_annual_ht() {
    // 3 years at 2 % a year: Σ(1.02)^y = 1 + 1.02 + 1.0404 = 3.0604; with 20 % VAT the
    // contract TTC is the yearly HT cost × 3.0604 × 1.2 = × 3.67248.
    // alpha 10 000: contract HT 30 604, TTC 36 724.80.
    // bravo 12 345: contract HT 12 345 × 3.0604 = 37 035 + 745.638 = 37 780.638 →
    //   37 780.64; TTC 37 780.638 × 1.2 = 45 336.7656 → 45 336.77.
    // charlie 20 000: contract HT 61 208, TTC 73 449.60.
    // The budget 30 000 HT a year is 30 000 × 3.67248 = 110 174.4 TTC for the contract.
    // linear_budget on yearly HT: B − L = 20 000; alpha 40; bravo 40 × 17 655 ÷ 20 000 =
    // 35.31; charlie 40 × 10 000 ÷ 20 000 = 20. On contract TTC every figure is × 3.67248
    // and the ratio is unchanged: (110 174.4 − 45 336.7656) ÷ (110 174.4 − 36 724.8) =
    // 64 837.6344 ÷ 73 449.6 = 0.88275 = 17 655 ÷ 20 000.
    let expected = pairs(&[("alpha", "40.00"), ("bravo", "35.31"), ("charlie", "20.00")]);
    let mut compared = Vec::new();
    for basis in ["annual_ht", "contract_ttc"] {
        let award = format!("price_formula = \"linear_budget\"\nprice_basis = \"{basis}\"");
        let c = Case::new(&Spec {
            years: 3,
            revision: "0.02",
            lot: "budget_ceiling = { groupement = \"30000\" }",
            award: &award,
            ..Spec::default()
        });
        c.price("alpha", "10000")
            .price("bravo", "12345")
            .price("charlie", "20000");
        let doc = c.rank();
        let g = groupement(&doc);
        assert_eq!(g["price_basis"], basis);
        assert_eq!(price_marks(g), expected, "{basis}");
        let bravo = ranked_offer(g, "bravo");
        assert_eq!(bravo["annual_cost_ht"], "12345.00");
        assert_eq!(bravo["contract_cost_ht"], "37780.64");
        assert_eq!(bravo["contract_cost_ttc"], "45336.77");
        compared.push(
            ["alpha", "bravo", "charlie"]
                .iter()
                .map(|b| {
                    let o = ranked_offer(g, b);
                    (s(&o["compared_price"]), s(&o["compared_price_exact"]))
                })
                .collect::<Vec<_>>(),
        );
        let price = &c.explain("groupement", "bravo")["price"];
        let budget = (s(&price["budget"]), s(&price["budget_exact"]));
        if basis == "contract_ttc" {
            assert_eq!(budget, ("110174.40".into(), "110174.40".into()));
        } else {
            assert_eq!(budget, ("30000.00".into(), "30000.00".into()));
        }
    }
    let both = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter().map(|(a, b)| ((*a).into(), (*b).into())).collect()
    };
    assert_eq!(
        compared[0],
        both(&[
            ("10000.00", "10000.00"),
            ("12345.00", "12345.00"),
            ("20000.00", "20000.00")
        ])
    );
    // On contract_ttc the compared price is given to the cent, and exactly beside it.
    assert_eq!(
        compared[1],
        both(&[
            ("36724.80", "36724.80"),
            ("45336.77", "45336.7656"),
            ("73449.60", "73449.60")
        ])
    );
}

#[test]
fn an_offer_at_a_ttc_ceiling_is_marked_whatever_the_contract_length() {
    // 10 years at 1.5 % a year: the contract factor Σ 1.015^y has 27 decimals and the
    // contract TTC totals more significant digits than a decimal holds. alpha's 25 000 HT
    // a year is exactly the 30 000 TTC ceiling (× 1.2): acceptable, and under a budget
    // formula it saves nothing on the budget: mark 0. bravo at 20 000 is the lowest and
    // gets the whole weight, 40, in every budget formula (r = 1, best rebate).
    for formula in [
        "linear_budget",
        "bilinear\"\nbilinear_share = \"0.85",
        "concave\"\nconcave_alpha = \"0.5",
    ] {
        let award = format!("price_formula = \"{formula}\"\nprice_basis = \"contract_ttc\"");
        let c = Case::new(&Spec {
            years: 10,
            revision: "0.015",
            lot: "budget_ceiling = { groupement = \"30000 TTC\" }",
            award: &award,
            ..Spec::default()
        });
        c.price("alpha", "25000").price("bravo", "20000");
        let doc = c.rank();
        let g = groupement(&doc);
        assert_eq!(bidders(g, "excluded"), Vec::<String>::new(), "{formula}");
        assert_eq!(
            price_marks(g),
            pairs(&[("bravo", "40.00"), ("alpha", "0.00")]),
            "{formula}"
        );
        let explained = c.explain("groupement", "alpha");
        assert_eq!(explained["price"]["mark"], "0.00", "{formula}");
        assert!(explained["price"]["working"].is_string(), "{formula}");
    }
}

#[test]
fn an_exact_tie_stays_a_tie_in_the_contract_basis() {
    // 10 years at 1.75 %, VAT 5.5 % (press). alpha 12 345.67 with a technical score of
    // 40, bravo 24 691.34 (exactly twice) with 60: price marks 40 and 40 × 12 345.67 ÷
    // 24 691.34 = 20, totals 80 and 80 in any basis, since both costs are multiplied by
    // the same factor. The tie is broken by the technical mark: bravo first.
    for basis in ["annual_ht", "contract_ttc"] {
        let award = format!(
            "technical_weight = 60\ntechnical_scores = \"technique.csv\"\nprice_basis = \"{basis}\""
        );
        let c = Case::new(&Spec {
            years: 10,
            revision: "0.0175",
            vat: "0.055",
            award: &award,
            ..Spec::default()
        });
        c.file(
            "technique.csv",
            "bidder,lot,score\nalpha,1,40\nbravo,1,60\n",
        )
        .price("alpha", "12345.67")
        .price("bravo", "24691.34");
        let doc = c.rank();
        let g = groupement(&doc);
        assert_eq!(bidders(g, "ranked"), ["bravo", "alpha"], "{basis}");
        for b in ["alpha", "bravo"] {
            let o = ranked_offer(g, b);
            assert_eq!(o["total"], "80.00", "{basis} {b}");
            assert_eq!(o["tie"], true, "{basis} {b}");
        }
        assert_eq!(ranked_offer(g, "bravo")["price_mark"], "20.00");
    }
}

#[test]
fn abnormally_low_boundaries_do_not_move_in_the_contract_basis() {
    // 12 years at 1.3 %. FFB: 10 000, 10 000, 11 000 and 9 000: mean 10 000, nothing set
    // aside (above 12 000), threshold 0.9 × 10 000 = 9 000: delta at 9 000 is flagged ("10 %
    // or more below"). RGLCAP with two offers: 8 000 against 10 000 is exactly 20 points
    // below, not "more than": not flagged.
    for basis in ["annual_ht", "contract_ttc"] {
        for (method, prices, flagged) in [
            (
                "method = \"ffb\"",
                &[
                    ("alpha", "10000"),
                    ("bravo", "10000"),
                    ("charlie", "11000"),
                    ("delta", "9000"),
                ][..],
                vec!["delta"],
            ),
            (
                "method = \"rglcap\"",
                &[("alpha", "10000"), ("bravo", "8000")][..],
                vec![],
            ),
        ] {
            let award = format!("price_basis = \"{basis}\"\n[award.abnormally_low]\n{method}");
            let c = Case::new(&Spec {
                years: 12,
                revision: "0.013",
                award: &award,
                ..Spec::default()
            });
            for (b, p) in prices {
                c.price(b, p);
            }
            let doc = c.rank();
            let g = groupement(&doc);
            let got: Vec<String> = g["ranked"]
                .as_array()
                .expect("ranked")
                .iter()
                .filter(|o| {
                    o["flags"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|f| f == "abnormally_low")
                })
                .map(|o| s(&o["bidder"]))
                .collect();
            assert_eq!(got, flagged, "{basis} {method}");
        }
    }
}

#[test]
fn explain_gives_a_long_contract_total_exactly() {
    // 7 000 a year for 10 years at 1.75 %: 7 000 × Σ 1.0175^y, y = 0…9, has 36 decimals.
    // Worked with Python's fractions module: 19864694597134862504103249 ÷ 262144 × 10^15
    // = 75 777.796162166070953763004302978515625 (to the cent 75 777.80); TTC × 1.2 =
    // 59594083791404587512309747 ÷ 65536 × 10^16.
    let c = Case::new(&Spec {
        years: 10,
        revision: "0.0175",
        ..Spec::default()
    });
    c.price("alpha", "7000");
    let doc = c.explain("groupement", "alpha");
    let step = |key: &str| {
        doc["steps"]
            .as_array()
            .expect("steps")
            .iter()
            .find(|s| s["step"] == key)
            .unwrap_or_else(|| panic!("no step {key}"))
            .clone()
    };
    let ht = step("contract_cost_ht");
    assert_eq!(ht["value"], "75777.7961621660709537630043029785");
    assert_eq!(
        ht["fraction"],
        "19864694597134862504103249/262144000000000000000"
    );
    assert_eq!(
        step("contract_cost_ttc")["fraction"],
        "59594083791404587512309747/655360000000000000000"
    );
    assert_eq!(step("annual_cost_ht")["fraction"], Value::Null);
    assert_eq!(doc["contract_cost_ht"], "75777.80");
}

// ---------------------------------------------------------------------------------------
// 3. Ceilings
// ---------------------------------------------------------------------------------------

#[test]
fn ceilings_ttc_yearly_and_ht_contract() {
    // 2 years at 10 %: contract HT = yearly × (1 + 1.1) = × 2.1. VAT 20 %.
    let c = Case::new(&Spec {
        revision: "0.10",
        groupement_only: false,
        lot: "budget_ceiling = { groupement = \"24000 TTC\", a = \"42000 HT contrat\" }",
        ..Spec::default()
    });
    // exact: groupement 20 000 HT = 24 000 TTC, exactly the ceiling: kept; scope a
    //   20 000 × 2.1 = 42 000 HT for the contract, exactly the ceiling: kept.
    // over: groupement 21 000 HT, under 24 000 HT but 21 000 × 1.2 = 25 200 TTC > 24 000:
    //   unacceptable; scope a 20 001 × 2.1 = 42 002.10 > 42 000: unacceptable.
    // wide: scope b, which has no ceiling, at 500 000.
    c.flat("exact", &[("groupement", "20000"), ("a", "20000")])
        .flat("over", &[("groupement", "21000"), ("a", "20001")])
        .flat("wide", &[("b", "500000")]);
    let doc = c.rank();

    let g = groupement(&doc);
    assert_eq!(bidders(g, "ranked"), ["exact"]);
    assert_eq!(
        g["ceiling"],
        serde_json::json!({"amount": "24000.00", "vat": "ttc", "period": "yearly"})
    );
    let over = excluded_offer(g, "over");
    assert_eq!(over["status"], "unacceptable");
    let reason = &reasons(over)[0];
    assert!(
        reason.contains("€25,200.00 incl. VAT") && reason.contains("€24,000.00 incl. VAT"),
        "{reason}"
    );

    let a = scope(&doc, "1", "a");
    assert_eq!(bidders(a, "ranked"), ["exact"]);
    assert_eq!(ranked_offer(a, "exact")["contract_cost_ht"], "42000.00");
    assert_eq!(
        a["ceiling"],
        serde_json::json!({"amount": "42000.00", "vat": "ht", "period": "contract"})
    );
    let over = excluded_offer(a, "over");
    assert_eq!(over["status"], "unacceptable");
    let reason = &reasons(over)[0];
    assert!(
        reason.contains("contract cost of €42,002.10 excl. VAT")
            && reason.contains("€42,000.00 excl. VAT for the contract"),
        "{reason}"
    );

    let b = scope(&doc, "1", "b");
    assert_eq!(b["ceiling"], Value::Null);
    assert_eq!(bidders(b, "ranked"), ["wide"]);

    // The same reasons in French name both figures too.
    let out = c.run(&["rank", "--format", "json", "--lang", "fr"]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let reason = &reasons(excluded_offer(groupement(&doc), "over"))[0];
    assert!(
        reason.contains("25\u{a0}200,00\u{a0}€ TTC")
            && reason.contains("24\u{a0}000,00\u{a0}€ TTC"),
        "{reason}"
    );
}

// ---------------------------------------------------------------------------------------
// 4. Tie-break order
// ---------------------------------------------------------------------------------------

#[test]
fn tie_break_order_is_the_tender_files() {
    // Price marks, lowest 10 000: mauve 10 000 → 40; ambre 10 240 → 40 × 10 000 ÷
    // 10 240 = 39.0625; zinc 12 500 → 32; vert 20 000 → 20.
    // Technical scores (out of 60): mauve 30, ambre 30.9375, zinc 38, vert 10.
    // Totals: mauve 70, ambre 39.0625 + 30.9375 = 70, zinc 70, all exactly; vert 30.
    let scores = "bidder,lot,score\nmauve,1,30\nambre,1,30.9375\nzinc,1,38\nvert,1,10\n";
    let order = |tie_break: &str| {
        let award =
            format!("technical_weight = 60\ntechnical_scores = \"technique.csv\"\n{tie_break}");
        let c = Case::new(&Spec {
            award: &award,
            ..Spec::default()
        });
        c.file("technique.csv", scores)
            .price("mauve", "10000")
            .price("ambre", "10240")
            .price("zinc", "12500")
            .price("vert", "20000");
        let doc = c.rank();
        let g = groupement(&doc).clone();
        let ambre = ranked_offer(&g, "ambre");
        assert_eq!(ambre["price_mark"], "39.06");
        assert_eq!(ambre["technical_mark"], "30.94");
        assert_eq!(ambre["total"], "70.00");
        for b in ["mauve", "ambre", "zinc"] {
            assert_eq!(ranked_offer(&g, b)["tie"], true, "{b}");
        }
        assert_eq!(ranked_offer(&g, "vert")["tie"], false);
        bidders(&g, "ranked")
    };
    // Default: technical first: zinc 38, ambre 30.9375, mauve 30.
    assert_eq!(order(""), ["zinc", "ambre", "mauve", "vert"]);
    // Cost first: mauve 10 000, ambre 10 240, zinc 12 500.
    assert_eq!(
        order("tie_break = [\"cost\"]"),
        ["mauve", "ambre", "zinc", "vert"]
    );
    // Neither is the alphabetical order, which the bidder id alone gives.
    assert_eq!(
        order("tie_break = [\"bidder\"]"),
        ["ambre", "mauve", "zinc", "vert"]
    );
}

#[test]
fn explain_says_which_criterion_broke_a_tie_and_the_values_compared() {
    // The case above: mauve, ambre and zinc all total exactly 70. Technical first: zinc
    // (38) before ambre (30.9375) before mauve (30). Cost first: mauve (10 000) before
    // ambre (10 240) before zinc (12 500).
    let scores = "bidder,lot,score\nmauve,1,30\nambre,1,30.9375\nzinc,1,38\nvert,1,10\n";
    let case = |tie_break: &str| {
        let award =
            format!("technical_weight = 60\ntechnical_scores = \"technique.csv\"\n{tie_break}");
        let c = Case::new(&Spec {
            award: &award,
            ..Spec::default()
        });
        c.file("technique.csv", scores)
            .price("mauve", "10000")
            .price("ambre", "10240")
            .price("zinc", "12500")
            .price("vert", "20000");
        c
    };
    let c = case("");
    let breaks = &c.explain("groupement", "ambre")["tie_breaks"];
    assert_eq!(
        *breaks,
        serde_json::json!([
            {"other": "zinc", "by": "technical", "value": "30.9375", "other_value": "38.00"},
            {"other": "mauve", "by": "technical", "value": "30.9375", "other_value": "30.00"},
        ])
    );
    let text = c.run(&[
        "explain",
        "--lot",
        "1",
        "--scope",
        "groupement",
        "--bidder",
        "ambre",
        "--lang",
        "en",
    ]);
    let text = String::from_utf8(text.stdout).unwrap();
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("rank 2 of 4 — tie")
            && flat.contains(
                "tied with zinc: separated by the technical mark, 30.94 against 38.00 for zinc"
            )
            && flat.contains(
                "tied with mauve: separated by the technical mark, 30.94 against 30.00 for mauve"
            ),
        "{text}"
    );

    let c = case("tie_break = [\"cost\"]");
    let breaks = &c.explain("groupement", "ambre")["tie_breaks"];
    assert_eq!(
        *breaks,
        serde_json::json!([
            {"other": "mauve", "by": "cost", "value": "10240.00", "other_value": "10000.00"},
            {"other": "zinc", "by": "cost", "value": "10240.00", "other_value": "12500.00"},
        ])
    );
    // The bidder id alone: ambre before mauve, and no value to compare.
    let c = case("tie_break = [\"bidder\"]");
    let e = c.explain("groupement", "mauve");
    assert_eq!(
        e["tie_breaks"],
        serde_json::json!([
            {"other": "ambre", "by": "bidder", "value": null, "other_value": null},
            {"other": "zinc", "by": "bidder", "value": null, "other_value": null},
        ])
    );
    let text = c.run(&[
        "explain",
        "--lot",
        "1",
        "--scope",
        "groupement",
        "--bidder",
        "mauve",
    ]);
    let text = String::from_utf8(text.stdout).unwrap();
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(
            "ex aequo avec ambre : départagés par l'identifiant, dans l'ordre alphabétique : \
             mauve après ambre"
        ),
        "{text}"
    );
}

// ---------------------------------------------------------------------------------------
// 5. Technical sub-criteria
// ---------------------------------------------------------------------------------------

const CRITERIA: &str = r#"technical_weight = 60
technical_scores = "technique.csv"

[[award.criterion]]
id = "catalogue"
name = "Catalogue"
weight = 45
max = 20

[[award.criterion]]
id = "service"
name = "Service"
weight = 15
max = 10
"#;

fn criteria_of(o: &Value) -> Vec<(String, Value, Value, String)> {
    o["technical_criteria"]
        .as_array()
        .expect("technical_criteria")
        .iter()
        .map(|k| {
            (
                s(&k["criterion"]),
                k["score"].clone(),
                k["grade"].clone(),
                s(&k["mark"]),
            )
        })
        .collect()
}

fn criterion(
    id: &str,
    score: Option<&str>,
    grade: Option<&str>,
    mark: &str,
) -> (String, Value, Value, String) {
    let opt = |v: Option<&str>| v.map_or(Value::Null, |v| Value::String(v.into()));
    (id.into(), opt(score), opt(grade), mark.into())
}

#[test]
fn sub_criteria_marks_and_a_missing_score() {
    let c = Case::new(&Spec {
        award: CRITERIA,
        ..Spec::default()
    });
    c.file(
        "technique.csv",
        "bidder,lot,criterion,score\nxeno,1,catalogue,15\nxeno,1,service,7\nyuca,1,catalogue,13\n",
    )
    .price("xeno", "12000")
    .price("yuca", "10000");
    let doc = c.rank();
    let g = groupement(&doc);
    // xeno: catalogue 45 × 15 ÷ 20 = 33.75; service 15 × 7 ÷ 10 = 10.5; technical 44.25.
    //   Price 40 × 10 000 ÷ 12 000 = 33.333…; total 77.583… → 77.58.
    // yuca: catalogue 45 × 13 ÷ 20 = 29.25; service not scored → 0; technical 29.25.
    //   Price 40; total 69.25.
    let xeno = ranked_offer(g, "xeno");
    assert_eq!(
        criteria_of(xeno),
        [
            criterion("catalogue", Some("15"), None, "33.75"),
            criterion("service", Some("7"), None, "10.50"),
        ]
    );
    assert_eq!(xeno["technical_mark"], "44.25");
    assert_eq!(xeno["price_mark"], "33.33");
    assert_eq!(xeno["total"], "77.58");
    let yuca = ranked_offer(g, "yuca");
    assert_eq!(
        criteria_of(yuca),
        [
            criterion("catalogue", Some("13"), None, "29.25"),
            criterion("service", None, None, "0.00"),
        ]
    );
    assert_eq!(yuca["technical_mark"], "29.25");
    assert_eq!(yuca["total"], "69.25");
    assert_eq!(bidders(g, "ranked"), ["xeno", "yuca"]);
}

#[test]
fn sub_criteria_scores_are_checked_against_their_own_maximum() {
    let c = Case::new(&Spec {
        award: CRITERIA,
        ..Spec::default()
    });
    c.price("xeno", "12000");
    // 11 is within catalogue's 20 and the technical weight's 60, but above service's 10.
    c.file(
        "technique.csv",
        "bidder,lot,criterion,score\nxeno,1,catalogue,11\nxeno,1,service,11\n",
    );
    let (code, err) = c.failure("en");
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("technique.csv, line 3, column score: score 11 is outside 0 to 10")
            && err.contains("criterion service"),
        "{err}"
    );
    let (code, err) = c.failure("fr");
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(
            "technique.csv, ligne 3, colonne « score » : la note 11 sort de l'intervalle 0 à 10"
        ),
        "{err}"
    );
    // A criterion the tender does not declare.
    c.file(
        "technique.csv",
        "bidder,lot,criterion,score\nxeno,1,design,5\n",
    );
    let (code, err) = c.failure("en");
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("technique.csv, line 2, column criterion")
            && err.contains("\"design\"")
            && err.contains("catalogue, service"),
        "{err}"
    );
}

#[test]
fn sub_criteria_weights_must_add_up_to_the_technical_weight() {
    // 45 + 10 = 55, not 60.
    let award = CRITERIA.replace("weight = 15", "weight = 10");
    let (code, err) = tender_error(&Spec {
        award: &award,
        ..Spec::default()
    });
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("tender.toml, key `award.technical_weight`")
            && err.contains("add up to 55")
            && err.contains("technical_weight is 60"),
        "{err}"
    );
    // Without technical_weight, the weights' sum is the technical weight: it loads.
    let award = award.replace("technical_weight = 60\n", "");
    let t = tender::tender::parse(
        &Spec {
            award: &award,
            ..Spec::default()
        }
        .toml(),
        Path::new("tender.toml"),
    )
    .expect("loads");
    assert_eq!(t.award.technical_weight, 55.into());
}

// ---------------------------------------------------------------------------------------
// 6. Security
// ---------------------------------------------------------------------------------------

#[test]
fn security_minimum_grade_from_the_grades_file() {
    let c = Case::new(&Spec {
        award: "[award.security]\nminimum_grade = \"B\"\ngrades = \"securite.csv\"",
        ..Spec::default()
    });
    // Line 2 alpha exactly B: kept. Line 3 bravo B−: below B. Lines 4–5 charlie C for
    // every lot but B+ for lot 1: the lot's own line wins, kept. Lines 6–7 delta C+ for
    // lot 1 (written before its A for every lot): C+ counts, below B. echo has no line.
    c.file(
        "securite.csv",
        "bidder,lot,grade\nalpha,*,B\nbravo,*,B-\ncharlie,*,C\ncharlie,1,B+\ndelta,1,C+\ndelta,*,A\n",
    );
    for b in ["alpha", "bravo", "charlie", "delta", "echo"] {
        c.price(b, "10000");
    }
    let doc = c.rank();
    let g = groupement(&doc);
    assert_eq!(bidders(g, "ranked"), ["alpha", "charlie"]);
    assert_eq!(bidders(g, "excluded"), ["bravo", "delta", "echo"]);
    for b in ["bravo", "delta", "echo"] {
        assert_eq!(excluded_offer(g, b)["status"], "non_compliant", "{b}");
    }
    assert_eq!(
        reasons(excluded_offer(g, "bravo")),
        ["security grade B- below the required minimum B (securite.csv, line 3)"]
    );
    assert_eq!(
        reasons(excluded_offer(g, "delta")),
        ["security grade C+ below the required minimum B (securite.csv, line 6)"]
    );
    // echo: looked for in the grades file, then on its Candidat sheet (row 9, column B).
    assert_eq!(
        reasons(excluded_offer(g, "echo")),
        [
            "no security grade, neither in securite.csv nor in offres/echo.xlsx, sheet \
             'Candidat', cell B9: the required minimum is B"
        ]
    );
}

#[test]
fn a_missing_grade_or_answer_names_the_files_the_tender_configures() {
    let award = format!(
        "[award.security]\nminimum_grade = \"B\"\ngrades = \"mesures/observatory.csv\"\n{}",
        GDPR.replace("rgpd.csv", "questionnaire-rgpd.csv")
    );
    let c = Case::new(&Spec {
        award: &award,
        ..Spec::default()
    });
    c.file("mesures/observatory.csv", "bidder,lot,grade\nalpha,*,A\n")
        .file(
            "questionnaire-rgpd.csv",
            "bidder,question,answer\nalpha,q1,oui\nalpha,q2,non\nbravo,q1,oui\n",
        );
    c.price("alpha", "10000").price("bravo", "10000");
    let out = c.run(&["rank", "--format", "json"]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let g = groupement(&doc);
    assert_eq!(bidders(g, "ranked"), ["alpha"]);
    assert_eq!(
        reasons(excluded_offer(g, "bravo")),
        [
            "aucune note de sécurité, ni dans mesures/observatory.csv, ni dans \
             offres/bravo.xlsx, feuille « Candidat », cellule B9 : le minimum exigé est B",
            "questionnaire RGPD, question q2 « Traceurs publicitaires » : réponse exigée non, \
             pas de réponse dans questionnaire-rgpd.csv"
        ]
    );
}

#[test]
fn security_grade_from_the_candidat_sheet() {
    let c = Case::new(&Spec {
        award: "[award.security]\nminimum_grade = \"B\"",
        ..Spec::default()
    });
    let cells = [(
        "groupement",
        PricingModel::Population,
        Term::Price,
        num("10000"),
    )];
    c.offer("fox", Some("A-"), &cells)
        .offer("golf", Some("C+"), &cells)
        .offer("hotel", None, &cells);
    let doc = c.rank();
    let g = groupement(&doc);
    assert_eq!(bidders(g, "ranked"), ["fox"]);
    // The grade is the value of the sixth field of the Candidat sheet: fields start on
    // row 4, so row 9, column B.
    let golf = excluded_offer(g, "golf");
    assert_eq!(golf["status"], "non_compliant");
    let reason = &reasons(golf)[0];
    assert!(
        reason.starts_with("security grade C+ below the required minimum B (")
            && reason.contains("golf.xlsx, sheet 'Candidat', cell B9"),
        "{reason}"
    );
    assert_eq!(
        reasons(excluded_offer(g, "hotel")),
        [
            "no security grade in offres/hotel.xlsx, sheet 'Candidat', cell B9: the required \
             minimum is B"
        ]
    );
}

#[test]
fn security_grade_as_a_weighted_criterion() {
    // Grades score F = 0, D- = 1, D = 2, D+ = 3, C- = 4, C = 5, C+ = 6, B- = 7, B = 8,
    // B+ = 9, A- = 10, A = 11, A+ = 12, out of 12; weight 18.
    let award = r#"technical_scores = "technique.csv"

[[award.criterion]]
id = "catalogue"
name = "Catalogue"
weight = 42

[[award.criterion]]
id = "securite"
name = "Sécurité"
weight = 18
from = "security_grade"

[award.security]
grades = "securite.csv"
"#;
    let c = Case::new(&Spec {
        award,
        ..Spec::default()
    });
    c.file(
        "technique.csv",
        "bidder,lot,criterion,score\nalpha,1,catalogue,21\nbravo,1,catalogue,30\ndelta,1,catalogue,42\n",
    )
    .file(
        "securite.csv",
        "bidder,lot,grade\nalpha,*,B\nbravo,*,A+\ncharlie,*,F\ndelta,*,C\n",
    );
    for b in ["alpha", "bravo", "charlie", "delta", "echo"] {
        c.price(b, "10000");
    }
    let doc = c.rank();
    let g = groupement(&doc);
    // Catalogue out of 42 (max is the weight when not given): its mark is the score.
    // alpha: 21 + 18 × 8 ÷ 12 = 21 + 12 = 33 → total 73.
    // bravo: 30 + 18 × 12 ÷ 12 = 48 → 88.
    // charlie: catalogue not scored 0, F → 0 → 40.
    // delta: 42 + 18 × 5 ÷ 12 = 42 + 7.5 = 49.5 → 89.5.
    // echo: no score, no grade → 0 → 40; tied with charlie, same cost: charlie first.
    assert_eq!(
        criteria_of(ranked_offer(g, "alpha")),
        [
            criterion("catalogue", Some("21"), None, "21.00"),
            criterion("securite", Some("8"), Some("B"), "12.00"),
        ]
    );
    assert_eq!(
        criteria_of(ranked_offer(g, "delta"))[1],
        criterion("securite", Some("5"), Some("C"), "7.50")
    );
    assert_eq!(
        criteria_of(ranked_offer(g, "charlie")),
        [
            criterion("catalogue", None, None, "0.00"),
            criterion("securite", Some("0"), Some("F"), "0.00"),
        ]
    );
    assert_eq!(
        criteria_of(ranked_offer(g, "echo"))[1],
        criterion("securite", None, None, "0.00")
    );
    let totals: Vec<(String, String)> = g["ranked"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (s(&o["bidder"]), s(&o["total"])))
        .collect();
    assert_eq!(
        totals,
        pairs(&[
            ("delta", "89.50"),
            ("bravo", "88.00"),
            ("alpha", "73.00"),
            ("charlie", "40.00"),
            ("echo", "40.00"),
        ])
    );
    // No minimum grade: nobody is excluded for security.
    assert!(g["excluded"].as_array().unwrap().is_empty());
}

// ---------------------------------------------------------------------------------------
// 7. GDPR
// ---------------------------------------------------------------------------------------

const GDPR: &str = r#"[award.gdpr]
answers = "rgpd.csv"

[[award.gdpr.question]]
id = "q1"
text = "Hébergement dans l'UE"
required = "oui"

[[award.gdpr.question]]
id = "q2"
text = "Traceurs publicitaires"
required = "non"

[[award.gdpr.question]]
id = "q3"
text = "DPO désigné (pour information)"
"#;

#[test]
fn gdpr_required_answers() {
    let c = Case::new(&Spec {
        award: GDPR,
        ..Spec::default()
    });
    // alpha answers as required, and "non" to the informational q3: compliant.
    // bravo answers q1 "non" (line 5): non-compliant. charlie does not answer q2.
    // delta answers nothing: both required questions fail.
    c.file(
        "rgpd.csv",
        "bidder,question,answer\nalpha,q1,oui\nalpha,q2,non\nalpha,q3,non\nbravo,q1,non\nbravo,q2,non\ncharlie,q1,oui\ncharlie,q3,oui\n",
    );
    for b in ["alpha", "bravo", "charlie", "delta"] {
        c.price(b, "10000");
    }
    let doc = c.rank();
    let g = groupement(&doc);
    assert_eq!(bidders(g, "ranked"), ["alpha"]);
    for b in ["bravo", "charlie", "delta"] {
        assert_eq!(excluded_offer(g, b)["status"], "non_compliant", "{b}");
    }
    let bravo = reasons(excluded_offer(g, "bravo"));
    assert_eq!(bravo.len(), 1, "{bravo:?}");
    assert!(
        bravo[0].contains("question q1")
            && bravo[0].contains("required answer yes")
            && bravo[0].contains("answered no")
            && bravo[0].contains("rgpd.csv, line 5"),
        "{bravo:?}"
    );
    let charlie = reasons(excluded_offer(g, "charlie"));
    assert_eq!(charlie.len(), 1, "{charlie:?}");
    assert!(
        charlie[0].contains("question q2")
            && charlie[0].contains("required answer no")
            && charlie[0].contains("no answer in rgpd.csv"),
        "{charlie:?}"
    );
    let delta = reasons(excluded_offer(g, "delta"));
    assert_eq!(delta.len(), 2, "{delta:?}");
    assert!(delta[0].contains("question q1") && delta[1].contains("question q2"));
    assert!(delta.iter().all(|r| !r.contains("q3")));
}

#[test]
fn gdpr_answers_file_with_an_unknown_question() {
    let c = Case::new(&Spec {
        award: GDPR,
        ..Spec::default()
    });
    c.price("alpha", "10000");
    c.file(
        "rgpd.csv",
        "bidder,question,answer\nalpha,q1,oui\nalpha,q9,oui\n",
    );
    let (code, err) = c.failure("en");
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("rgpd.csv, line 3, column question")
            && err.contains("\"q9\"")
            && err.contains("q1, q2, q3"),
        "{err}"
    );
    let (_, err) = c.failure("fr");
    assert!(
        err.contains("rgpd.csv, ligne 3, colonne « question »"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------------------
// 8. Abnormally low offers
// ---------------------------------------------------------------------------------------

fn abnormally_low_case(method_lines: &str, prices: &[(&str, &str)]) -> Value {
    let award = format!("[award.abnormally_low]\n{method_lines}");
    let c = Case::new(&Spec {
        award: &award,
        ..Spec::default()
    });
    for (b, p) in prices {
        c.price(b, p);
    }
    c.rank()
}

#[test]
fn rglcap_with_three_offers_and_no_budget_runs_without_its_budget_rule() {
    // 85.3, three offers: mean 28 000 ÷ 3 = 9 333.33…; the highest, 10 000, is not more
    // than 10 points above it (10 266.66…): all three stay; threshold 0.9 × 28 000 ÷ 3 =
    // 8 400; charlie's 8 000 is below: flagged. The rule "more than 25 points below the
    // budget" has no budget to run on: it alone is left out, and the method is applied.
    let prices = [("alpha", "10000"), ("bravo", "10000"), ("charlie", "8000")];
    let doc = abnormally_low_case("method = \"rglcap\"", &prices);
    let g = groupement(&doc);
    let t = &g["abnormally_low_test"];
    assert_eq!(t["not_applied"], Value::Null, "{t}");
    let left_out: Vec<String> = t["rules_not_applied"]
        .as_array()
        .unwrap()
        .iter()
        .map(s)
        .collect();
    assert_eq!(
        left_out,
        [
            "rule “more than 25 points below the budget” not applied: no budget is set for this \
          scope"
        ],
        "{t}"
    );
    assert_eq!(t["figures"]["threshold"], "8400", "{t}");
    let flag = &ranked_offer(g, "charlie")["abnormally_low"];
    assert_eq!(flag["rule"], "rglcap_85_3", "{flag}");
    assert_eq!(
        ranked_offer(g, "charlie")["flags"],
        serde_json::json!(["abnormally_low"])
    );
    // One offer and no budget: the method cannot run at all, nothing is flagged.
    let doc = abnormally_low_case("method = \"rglcap\"", &[("alpha", "1000")]);
    let t = &groupement(&doc)["abnormally_low_test"];
    assert!(s(&t["not_applied"]).contains("no budget"), "{t}");
    assert_eq!(t["rules_not_applied"], serde_json::json!([]), "{t}");
}

#[test]
fn rglcap_with_four_offers_or_more() {
    let doc = abnormally_low_case(
        "method = \"rglcap\"",
        &[
            ("alpha", "10000"),
            ("bravo", "10000"),
            ("charlie", "8500"),
            ("delta", "6000"),
            ("echo", "20000"),
        ],
    );
    let g = groupement(&doc);
    // 85.4, five offers: mean 54 500 ÷ 5 = 10 900; offers above 1.1 × 10 900 = 11 990 are
    // set aside: echo. New mean of the four others: 34 500 ÷ 4 = 8 625; threshold 0.9 ×
    // 8 625 = 7 762.5. delta 6 000 is below: flagged, (8 625 − 6 000) ÷ 8 625 = 30.4348 %.
    // charlie 8 500 is not (it would be against the first mean: 0.9 × 10 900 = 9 810).
    let t = &g["abnormally_low_test"];
    assert_eq!(t["method"], "rglcap");
    assert_eq!(
        t["figures"],
        serde_json::json!({
            "mean_all": "10900",
            "set_aside_above": "11990",
            "retained": "4",
            "mean_retained": "8625",
            "threshold": "7762.5",
        })
    );
    assert_eq!(t["not_applied"], Value::Null);
    let delta = ranked_offer(g, "delta");
    assert_eq!(delta["flags"], serde_json::json!(["abnormally_low"]));
    let flag = &delta["abnormally_low"];
    assert_eq!(flag["rule"], "rglcap_85_4");
    let cmp = &flag["comparisons"][0];
    assert_eq!(cmp["reference"], "8625.00");
    assert_eq!(cmp["threshold"], "7762.50");
    assert_eq!(cmp["below"], "0.1");
    assert_eq!(cmp["strict"], true);
    assert_eq!(cmp["gap_percent"], "30.4348");
    let reason = s(&flag["reason"]);
    assert!(
        reason.contains("€6,000.00")
            && reason.contains("€8,625.00")
            && reason.contains("€7,762.50")
            && reason.contains("85.4"),
        "{reason}"
    );
    for b in ["alpha", "bravo", "charlie", "echo"] {
        let o = ranked_offer(g, b);
        assert_eq!(o["abnormally_low"], Value::Null, "{b}");
        assert_eq!(o["flags"], serde_json::json!([]), "{b}");
    }
}

#[test]
fn eu_draft_needs_five_offers_unless_told_otherwise() {
    let prices = [
        ("alpha", "10000"),
        ("bravo", "10000"),
        ("charlie", "10000"),
        ("delta", "1000"),
    ];
    // Four offers, the method needs five: not applied, nothing flagged.
    let doc = abnormally_low_case("method = \"eu_draft\"", &prices);
    let g = groupement(&doc);
    let t = &g["abnormally_low_test"];
    assert_eq!(t["method"], "eu_draft");
    let not_applied = s(&t["not_applied"]);
    assert!(
        not_applied.contains("at least 5 offers") && not_applied.contains("there are 4"),
        "{not_applied}"
    );
    for o in g["ranked"].as_array().unwrap() {
        assert_eq!(o["abnormally_low"], Value::Null);
        assert_eq!(o["flags"], serde_json::json!([]));
    }
    // With min_offers = 4 it runs: delta against the mean of the remaining offers,
    // 30 000 ÷ 3 = 10 000, more than 50 % below it is under 5 000; second-lowest 10 000,
    // more than 20 % below it is under 8 000: delta 1 000 is under both.
    let doc = abnormally_low_case("method = \"eu_draft\"\nmin_offers = 4", &prices);
    let g = groupement(&doc);
    assert_eq!(g["abnormally_low_test"]["not_applied"], Value::Null);
    let flag = &ranked_offer(g, "delta")["abnormally_low"];
    assert_eq!(flag["rule"], "eu_draft");
    let refs: Vec<(String, String)> = flag["comparisons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (s(&c["reference"]), s(&c["threshold"])))
        .collect();
    assert_eq!(
        refs,
        pairs(&[("10000.00", "5000.00"), ("10000.00", "8000.00")])
    );
    assert_eq!(ranked_offer(g, "alpha")["abnormally_low"], Value::Null);
}

#[test]
fn eu_draft_measures_the_lowest_offer_against_the_mean_of_the_remaining_offers() {
    let prices = [
        ("alpha", "30000"),
        ("bravo", "40000"),
        ("charlie", "70000"),
        ("delta", "70000"),
        ("echo", "70000"),
    ];
    // The mean of all five is 280 000 ÷ 5 = 56 000: alpha is not more than 50 % below it
    // (28 000). The draft's article 69 measures it against the remaining tenders:
    // (40 000 + 3 × 70 000) ÷ 4 = 62 500, more than 50 % below is under 31 250, and
    // alpha's 30 000 is, by 32 500 ÷ 62 500 = 52 %; it is 25 % below bravo's 40 000
    // (under 32 000): flagged.
    let doc = abnormally_low_case("method = \"eu_draft\"", &prices);
    let g = groupement(&doc);
    let figures = &g["abnormally_low_test"]["figures"];
    assert_eq!(figures["mean_all"], "56000", "{figures}");
    assert_eq!(figures["mean_remaining"], "62500", "{figures}");
    assert_eq!(figures["threshold_mean"], "31250", "{figures}");
    let flag = &ranked_offer(g, "alpha")["abnormally_low"];
    assert_eq!(flag["rule"], "eu_draft");
    let comparisons: Vec<(String, String, String)> = flag["comparisons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (s(&c["reference"]), s(&c["threshold"]), s(&c["gap_percent"])))
        .collect();
    assert_eq!(
        comparisons,
        [
            ("62500.00".into(), "31250.00".into(), "52.0000".into()),
            ("40000.00".into(), "32000.00".into(), "25.0000".into())
        ]
    );
    assert!(
        s(&flag["reason"]).contains("below the mean of the other offers"),
        "{flag}"
    );
    for other in ["bravo", "charlie", "delta", "echo"] {
        assert_eq!(ranked_offer(g, other)["abnormally_low"], Value::Null);
    }
}

#[test]
fn mean_gap_with_a_custom_gap() {
    let prices = [("alpha", "10000"), ("bravo", "10000"), ("charlie", "7000")];
    // gap 0.30: charlie against the mean of the others, 10 000: threshold 0.7 × 10 000 =
    // 7 000, and "or more" below: 7 000 is flagged, exactly 30 % below. alpha against
    // (10 000 + 7 000) ÷ 2 = 8 500: threshold 5 950, not flagged.
    let doc = abnormally_low_case("method = \"mean_gap\"\ngap = \"0.30\"", &prices);
    let g = groupement(&doc);
    let flag = &ranked_offer(g, "charlie")["abnormally_low"];
    assert_eq!(flag["rule"], "mean_gap");
    let cmp = &flag["comparisons"][0];
    assert_eq!(cmp["reference"], "10000.00");
    assert_eq!(cmp["threshold"], "7000.00");
    assert_eq!(cmp["below"], "0.3");
    assert_eq!(cmp["strict"], false);
    assert_eq!(cmp["gap_percent"], "30.0000");
    assert_eq!(ranked_offer(g, "alpha")["abnormally_low"], Value::Null);
    // gap 0.35: threshold 6 500, charlie is not flagged (the default 0.20 would flag it:
    // threshold 8 000).
    let doc = abnormally_low_case("method = \"mean_gap\"\ngap = \"0.35\"", &prices);
    let g = groupement(&doc);
    for o in g["ranked"].as_array().unwrap() {
        assert_eq!(o["abnormally_low"], Value::Null);
    }
    let doc = abnormally_low_case("method = \"mean_gap\"", &prices);
    assert_eq!(
        ranked_offer(groupement(&doc), "charlie")["flags"],
        serde_json::json!(["abnormally_low"])
    );
}

#[test]
fn a_parameter_of_another_method_is_a_tender_file_error() {
    for (lines, key, method) in [
        (
            "method = \"mean_gap\"\nbelow_mean = \"0.5\"",
            "below_mean",
            "mean_gap",
        ),
        ("method = \"rglcap\"\ngap = \"0.2\"", "gap", "rglcap"),
        ("method = \"ffb\"\nmin_offers = 3", "min_offers", "ffb"),
        (
            "method = \"next_gap\"\nabove = \"0.2\"",
            "above",
            "next_gap",
        ),
    ] {
        let award = format!("[award.abnormally_low]\n{lines}");
        let (code, err) = tender_error(&Spec {
            award: &award,
            ..Spec::default()
        });
        assert_eq!(code, 2, "{lines}: {err}");
        assert!(
            err.contains(&format!("key `award.abnormally_low.{key}`"))
                && err.contains(&format!("{key} does not apply to the method \"{method}\"")),
            "{lines}: {err}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// 9. Budget formulas need a ceiling for every scope
// ---------------------------------------------------------------------------------------

#[test]
fn budget_formula_without_a_ceiling_for_a_scope() {
    for (formula, extra) in [
        ("linear_budget", ""),
        ("concave", "\nconcave_alpha = \"0.5\""),
        ("bilinear", "\nbilinear_share = \"0.85\""),
    ] {
        let award = format!("price_formula = \"{formula}\"{extra}");
        // Scopes a, b, groupement; b has no ceiling.
        let (code, err) = tender_error(&Spec {
            groupement_only: false,
            lot: "budget_ceiling = { groupement = \"90000\", a = \"50000\" }",
            award: &award,
            ..Spec::default()
        });
        assert_eq!(code, 2, "{formula}: {err}");
        assert!(
            err.contains("key `lot[0].budget_ceiling`")
                && err.contains(&format!("price_formula \"{formula}\""))
                && err.contains("lot \"1\"")
                && err.contains("scope \"b\""),
            "{formula}: {err}"
        );
    }
    // The old groupement-only form leaves the members without one: the first is named.
    let (code, err) = tender_error(&Spec {
        groupement_only: false,
        lot: "budget_ceiling_ht = \"90000\"",
        award: "price_formula = \"linear_budget\"",
        ..Spec::default()
    });
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("scope \"a\""), "{err}");
    // Every scope with a ceiling: it loads.
    let text = Spec {
        groupement_only: false,
        lot: "budget_ceiling = { groupement = \"90000\", a = \"50000\", b = \"60000 TTC\" }",
        award: "price_formula = \"linear_budget\"",
        ..Spec::default()
    }
    .toml();
    assert!(tender::tender::parse(&text, Path::new("tender.toml")).is_ok());
}

// ---------------------------------------------------------------------------------------
// 10. explain
// ---------------------------------------------------------------------------------------

/// Lot 1 with all three scopes, 2 years at 2 %, a ceiling of 30 000 HT a year on the
/// groupement and two criteria. Groupement usage: A = 1 500 + 2 500 = 4 000 accounts.
fn explain_case() -> Case {
    let award = CRITERIA.replace("technical_weight = 60\n", "");
    let c = Case::new(&Spec {
        revision: "0.02",
        groupement_only: false,
        lot: "budget_ceiling = { groupement = \"30000\" }",
        award: &award,
        ..Spec::default()
    });
    c.file(
        "technique.csv",
        "bidder,lot,criterion,score\nblocs,1,catalogue,16\nblocs,1,service,6\nforfait,1,catalogue,20\nforfait,1,service,10\ncher,1,catalogue,10\ncher,1,service,5\n",
    );
    // blocs: 1.1, price typed as text, quota 2 500 accounts, 700 per 1 000 begun above.
    c.offer(
        "blocs",
        None,
        &[
            (
                "groupement",
                PricingModel::ActiveAccounts,
                Term::Price,
                text("12 000,50"),
            ),
            (
                "groupement",
                PricingModel::ActiveAccounts,
                Term::Quota,
                num("2500"),
            ),
            (
                "groupement",
                PricingModel::ActiveAccounts,
                Term::Surcharge,
                num("700"),
            ),
        ],
    )
    .flat("forfait", &[("groupement", "20000"), ("a", "5000")])
    .flat("cher", &[("groupement", "35000")]);
    c
}

#[test]
fn explain_a_block_model_offer_step_by_step() {
    let c = explain_case();
    let e = c.explain("groupement", "blocs");
    assert_eq!(e["lot"], "1");
    assert_eq!(e["scope"], "groupement");
    assert_eq!(e["bidder"], "blocs");
    assert_eq!(e["bidder_name"], "blocs SAS");
    assert_eq!(e["model"], "active_accounts");
    assert_eq!(e["status"], "ranked");
    assert_eq!(e["reasons"], serde_json::json!([]));

    // The cells: the groupement is the third scope, column D + 2 = F; the header is on
    // row 5, so 1.1 is on row 6, 1.1.q on row 7, 1.1.pv on row 8.
    let cells = e["cells"].as_array().unwrap();
    let cell = |item: &str| {
        cells
            .iter()
            .find(|c| c["item"] == item)
            .unwrap_or_else(|| panic!("no cell {item}: {cells:?}"))
    };
    for (item, at, raw, value) in [
        ("1.1", "F6", "12 000,50", "12000.5"),
        ("1.1.q", "F7", "2500", "2500"),
        ("1.1.pv", "F8", "700", "700"),
    ] {
        let c = cell(item);
        assert_eq!(c["sheet"], "Lot 1", "{item}");
        assert_eq!(c["cell"], at, "{item}");
        assert_eq!(c["raw"], raw, "{item}");
        assert_eq!(c["value"], value, "{item}");
        assert!(s(&c["file"]).ends_with("blocs.xlsx"), "{item}");
    }
    // No price cell of another model is listed.
    for c in cells {
        let item = s(&c["item"]);
        assert!(
            item.starts_with("1.1") || item == "1.4.q" || item == "1.5.q",
            "{item}"
        );
    }
    assert_eq!(e["usage"]["active_accounts"], 4000);
    assert_eq!(e["usage"]["members"][0]["member"], "a");
    assert_eq!(e["usage"]["members"][0]["active_accounts"], 1500);
    assert_eq!(e["usage"]["members"][1]["active_accounts"], 2500);

    // The steps: A = 4 000 > Q = 2 500, ⌈1 500 ÷ 1 000⌉ = 2 blocks × 700 = 1 400;
    // 12 000.50 + 1 400 = 13 400.50 a year; contract 13 400.50 × (1 + 1.02) =
    // 26 801 + 268.01 = 27 069.01 HT; × 1.2 = 32 482.812 TTC.
    let steps: Vec<(String, Value)> = e["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|st| (s(&st["step"]), st["value"].clone()))
        .collect();
    let value = |key: &str| {
        steps
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| s(v))
            .unwrap_or_else(|| panic!("no step {key}: {steps:?}"))
    };
    assert_eq!(value("price"), "12000.5");
    assert_eq!(value("quota"), "2500");
    assert_eq!(value("usage"), "4000");
    assert_eq!(value("adjustment"), "1400");
    assert_eq!(value("annual_cost_ht"), "13400.5");
    assert_eq!(value("contract_cost_ht"), "27069.01");
    assert_eq!(value("contract_cost_ttc"), "32482.812");
    // The chain holds: price + adjustment = yearly cost.
    let d = |v: String| v.parse::<rust_decimal::Decimal>().unwrap();
    assert_eq!(
        d(value("price")) + d(value("adjustment")),
        d(value("annual_cost_ht"))
    );
    let order: Vec<&str> = steps.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        order,
        [
            "price",
            "quota",
            "usage",
            "adjustment",
            "annual_cost_ht",
            "contract_cost_ht",
            "contract_cost_ttc"
        ]
    );
    assert_eq!(e["annual_cost_ht"], "13400.50");
    assert_eq!(e["contract_cost_ht"], "27069.01");
    assert_eq!(e["contract_cost_ttc"], "32482.81");

    // Price: proportional, L = 13 400.50 (blocs), H = 20 000 (forfait; cher is excluded).
    let p = &e["price"];
    assert_eq!(p["formula"], "proportional");
    assert_eq!(p["basis"], "annual_ht");
    assert_eq!(p["compared_price"], "13400.50");
    assert_eq!(p["lowest"], "13400.50");
    assert_eq!(p["highest"], "20000.00");
    assert_eq!(p["working"], "40 × 13,400.50 ÷ 13,400.50 = 40.00");
    assert_eq!(p["mark"], "40.00");

    // Technical: catalogue 45 × 16 ÷ 20 = 36; service 15 × 6 ÷ 10 = 9; 45.
    let t = &e["technical"];
    assert_eq!(t["mark"], "45.00");
    let criteria: Vec<[String; 6]> = t["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| {
            [
                s(&k["criterion"]),
                s(&k["weight"]),
                s(&k["max"]),
                s(&k["score"]),
                s(&k["source"]),
                s(&k["mark"]),
            ]
        })
        .collect();
    assert_eq!(
        criteria,
        [
            [
                "catalogue",
                "45.00",
                "20.00",
                "16",
                "technique.csv, line 2",
                "36.00"
            ]
            .map(String::from),
            [
                "service",
                "15.00",
                "10.00",
                "6",
                "technique.csv, line 3",
                "9.00"
            ]
            .map(String::from),
        ]
    );

    // forfait: 40 × 13 400.50 ÷ 20 000 = 26.801 → 26.80, + 45 + 15 = 86.801 → 86.80: first.
    // blocs: 40 + 45 = 85: second of two.
    assert_eq!(e["total"], "85.00");
    assert_eq!(e["rank"], 2);
    assert_eq!(e["ranked_offers"], 2);
    assert_eq!(e["tie"], false);
    let f = c.explain("groupement", "forfait");
    assert_eq!(f["price"]["working"], "40 × 13,400.50 ÷ 20,000.00 = 26.80");
    assert_eq!(f["price"]["mark"], "26.80");
    assert_eq!(f["technical"]["mark"], "60.00");
    assert_eq!(f["total"], "86.80");
    assert_eq!(f["rank"], 1);
    // A flat price: no adjustment, and the yearly cost is the price.
    let f_steps: Vec<String> = f["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|st| s(&st["step"]))
        .collect();
    assert!(!f_steps.contains(&"quota".to_owned()), "{f_steps:?}");
    assert_eq!(f["annual_cost_ht"], "20000.00");
    // In scope a forfait is alone: 5 000 × 2.02 = 10 100 HT, × 1.2 = 12 120 TTC.
    let fa = c.explain("a", "forfait");
    assert_eq!(fa["contract_cost_ht"], "10100.00");
    assert_eq!(fa["contract_cost_ttc"], "12120.00");
    assert_eq!(fa["rank"], 1);
    assert_eq!(fa["ranked_offers"], 1);
}

#[test]
fn explain_an_excluded_offer_and_a_bidder_without_offer() {
    let c = explain_case();
    // cher: 35 000 HT a year, above the groupement's 30 000.
    let e = c.explain("groupement", "cher");
    assert_eq!(e["status"], "unacceptable");
    assert_eq!(
        e["reasons"],
        serde_json::json!([
            "yearly cost of €35,000.00 excl. VAT above the lot's budget ceiling (€30,000.00 excl. VAT)"
        ])
    );
    assert_eq!(e["annual_cost_ht"], "35000.00");
    assert_eq!(e["price"], Value::Null);
    assert_eq!(e["rank"], Value::Null);
    assert_eq!(e["total"], Value::Null);
    assert_eq!(e["ranked_offers"], 2);

    // Nobody of that name; then blocs, which quoted the groupement only, in scope a.
    let out = c.run(&[
        "explain",
        "--lot",
        "1",
        "--scope",
        "groupement",
        "--bidder",
        "nobody",
        "--format",
        "json",
        "--lang",
        "en",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "bidder 'nobody' made no offer for lot 1, scope groupement (offers received: blocs, cher, forfait)"
        ),
        "{err}"
    );
    let out = c.run(&[
        "explain", "--lot", "1", "--scope", "a", "--bidder", "blocs", "--lang", "en",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("made no offer for lot 1, scope a (offers received: forfait)"),
        "{err}"
    );
}

/// The shipped example, from the crate's folder.
fn example(args: &[&str]) -> Output {
    Command::cargo_bin("tender")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["--tender", "examples/grenoble/tender.toml", "--lang", "en"])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn explain_reproduces_rank_for_every_offer_of_the_example() {
    let out = example(&["rank", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    // (lot, scope, bidder, the rank's offer, whether ranked)
    let mut offers = Vec::new();
    for lot in doc["lots"].as_array().unwrap() {
        for sc in lot["scopes"].as_array().unwrap() {
            for o in sc["ranked"].as_array().unwrap() {
                offers.push((s(&lot["lot"]), s(&sc["scope"]), o.clone(), true));
            }
            for o in sc["excluded"].as_array().unwrap() {
                offers.push((s(&lot["lot"]), s(&sc["scope"]), o.clone(), false));
            }
        }
    }
    assert!(offers.iter().filter(|o| o.3).count() > 20, "{offers:?}");
    // A lot and scope without any ranked offer is a problem found: explain, as rank,
    // exits with 1 there.
    let with_ranked: std::collections::BTreeSet<(String, String)> = offers
        .iter()
        .filter(|o| o.3)
        .map(|o| (o.0.clone(), o.1.clone()))
        .collect();
    let with_ranked = &with_ranked;
    let explained: Vec<Value> = std::thread::scope(|t| {
        let handles: Vec<_> = offers
            .chunks(offers.len().div_ceil(8))
            .map(|chunk| {
                t.spawn(move || {
                    chunk
                        .iter()
                        .map(|(lot, sc, o, _)| {
                            let bidder = s(&o["bidder"]);
                            let out = example(&[
                                "explain", "--lot", lot, "--scope", sc, "--bidder", &bidder,
                                "--format", "json",
                            ]);
                            let expected = if with_ranked.contains(&(lot.clone(), sc.clone())) {
                                0
                            } else {
                                1
                            };
                            assert_eq!(
                                out.status.code(),
                                Some(expected),
                                "{lot} {sc} {bidder}: {}",
                                String::from_utf8_lossy(&out.stderr)
                            );
                            serde_json::from_slice::<Value>(&out.stdout).unwrap()
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    for ((lot, sc, o, is_ranked), e) in offers.iter().zip(&explained) {
        let who = format!("lot {lot}, scope {sc}, {}", o["bidder"]);
        if *is_ranked {
            assert_eq!(e["status"], "ranked", "{who}");
            for key in [
                "annual_cost_ht",
                "contract_cost_ht",
                "contract_cost_ttc",
                "total",
                "rank",
                "tie",
            ] {
                assert_eq!(e[key], o[key], "{who}: {key}");
            }
            assert_eq!(e["price"]["mark"], o["price_mark"], "{who}: price mark");
            assert_eq!(
                e["price"]["compared_price"], o["compared_price"],
                "{who}: compared price"
            );
            assert_eq!(
                e["technical"]["mark"], o["technical_mark"],
                "{who}: technical mark"
            );
            assert_eq!(e["flags"], o["flags"], "{who}: flags");
            // The criteria's marks are those of the ranking too.
            let from_rank: Vec<Value> = o["technical_criteria"]
                .as_array()
                .unwrap()
                .iter()
                .map(|k| k["mark"].clone())
                .collect();
            let from_explain: Vec<Value> = e["technical"]["criteria"]
                .as_array()
                .unwrap()
                .iter()
                .map(|k| k["mark"].clone())
                .collect();
            assert_eq!(from_explain, from_rank, "{who}: criteria");
        } else {
            assert_eq!(e["status"], o["status"], "{who}");
            assert_eq!(e["reasons"], o["reasons"], "{who}");
            assert_eq!(e["rank"], Value::Null, "{who}");
        }
    }
}
