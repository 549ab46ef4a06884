//! Unit-price schedules with tranches (BPU/DQE lots): the tender file's keys, checked with
//! the key of every mistake, in French and English; both kinds of lot in one tender.
//!
//! The tender is `fixtures/schedule/tender.toml`: lot 1 priced with the five models, lot 2
//! a schedule over three years from April 2027.

mod common;

use std::path::{Path, PathBuf};

use common::{Workdir, rank_tender_text as rank};
use rust_decimal::dec;
use tender::tender::schedule::{Month, Part, Payment, TrancheKind};
use tender::tender::{Period, VatBasis};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/schedule/tender.toml")
}

fn fixture_text() -> String {
    std::fs::read_to_string(fixture()).expect("the schedule fixture")
}

#[test]
fn a_tender_holds_both_kinds_of_lot() {
    let t = tender::tender::load(&fixture()).unwrap();
    let models = t.lot("1").unwrap();
    assert!(models.schedule.is_none());
    assert_eq!(models.usage["b"].consultations, 15000);
    let lot = t.lot("2").unwrap();
    let s = lot.schedule.as_ref().unwrap();
    assert_eq!(
        s.start,
        Some(Month {
            year: 2027,
            month: 4
        })
    );
    // Three years: 36 months.
    assert_eq!(s.months, 36);
    let items: Vec<_> = s
        .items
        .iter()
        .map(|i| (i.code.as_str(), i.quantity, i.section.as_deref()))
        .collect();
    assert_eq!(
        items,
        [
            ("A01", dec!(40), Some("Interventions")),
            ("A02", dec!(12.5), Some("Interventions")),
            ("A03", dec!(25), Some("Matériel")),
        ]
    );
    let tranches: Vec<_> = s
        .tranches
        .iter()
        .map(|t| (t.id.as_str(), t.kind, t.payment))
        .collect();
    assert_eq!(
        tranches,
        [
            ("TF1", TrancheKind::Firm, Payment::Milestone { month: 1 }),
            (
                "TF2",
                TrancheKind::Firm,
                Payment::Monthly { from: 1, to: 36 }
            ),
            ("TF3", TrancheKind::Firm, Payment::Milestone { month: 33 }),
            (
                "TC1",
                TrancheKind::Conditional,
                Payment::Monthly { from: 13, to: 36 }
            ),
        ]
    );
    let c = &s.part_ceilings[0];
    assert_eq!(c.part, Part::FirmTranches);
    assert_eq!(
        (c.ceiling.amount, c.ceiling.vat, c.ceiling.period),
        (dec!(270000), VatBasis::Ttc, Period::Yearly)
    );
    // No usage is asked of a schedule lot: its quantities are its items'.
    assert_eq!(lot.usage["a"], tender::tender::Usage::default());
}

#[test]
fn every_mistake_in_a_schedule_lot_names_its_key_in_both_languages() {
    let text = fixture_text();
    let cases: Vec<(String, &str, &str, &str)> = vec![
        (
            text.replace("from_month = 13", "from_month = 37"),
            "lot[1].tranche[3].from_month",
            "le mois 37 est hors du marché : attendu un mois du marché de 1 à 36",
            "month 37 is outside the contract: expected a month of the contract from 1 to 36",
        ),
        (
            text.replace("from_month = 13", "from_month = 13\nto_month = 12"),
            "lot[1].tranche[3].to_month",
            "to_month (12) précède from_month (13)",
            "to_month (12) is before from_month (13)",
        ),
        (
            text.replace("month = 33", "month = 33\nfrom_month = 2"),
            "lot[1].tranche[2].from_month",
            "from_month ne s'applique pas à une tranche payée à l'étape",
            "from_month does not apply to a tranche paid at a milestone",
        ),
        (
            text.replace("start = \"2027-04\"", "start = \"avril 2027\""),
            "lot[1].start",
            "« avril 2027 » n'est pas un mois",
            "\"avril 2027\" is not a month",
        ),
        (
            text.replace("code = \"A03\"", "code = \"A01\""),
            "lot[1].item[2].code",
            "l'identifiant « A01 » est employé deux fois",
            "the id \"A01\" is used twice",
        ),
        (
            text.replace("quantity = 25", "quantity = -25"),
            "lot[1].item[2].quantity",
            "-25 n'est pas une quantité",
            "-25 is not a quantity",
        ),
        (
            text.replace("amount = \"270000 TTC\"", "amount = \"270000 TTC par mois\""),
            "lot[1].part_ceiling[0].amount",
            "n'est pas un plafond budgétaire",
            "is not a budget ceiling",
        ),
        (
            text.replace("unit = \"poste\"", "unit = \" \""),
            "lot[1].item[2].unit",
            "ne doit pas être vide",
            "must not be empty",
        ),
        (
            // Items on a five-model lot.
            text.replace("consultations = 15000\n", "consultations = 15000\n[[lot.item]]\ncode = \"X\"\ndesignation = \"x\"\nunit = \"u\"\nquantity = 1\n"),
            "lot[0].item",
            "item ne s'applique qu'à un lot à bordereau de prix unitaires : ajoutez kind = \"schedule\" au lot",
            "item only applies to a unit-price schedule lot: add kind = \"schedule\" to the lot",
        ),
        (
            // Usage on a schedule lot.
            text.replace("start = \"2027-04\"", "start = \"2027-04\"\nusage_rates = { consultations = \"2\" }"),
            "lot[1].usage_rates",
            "usage_rates ne s'applique pas à un lot à bordereau de prix unitaires",
            "usage_rates does not apply to a unit-price schedule lot",
        ),
    ];
    for (text, key, fr, en) in cases {
        let (code, err) = rank(&text, "fr");
        assert_eq!(code, 2, "{key}: {err}");
        assert!(err.contains(&format!("clé « {key} »")), "{key}: {err}");
        assert!(err.contains(fr), "{key}: {err}");
        let (code, err) = rank(&text, "en");
        assert_eq!(code, 2, "{key}: {err}");
        assert!(err.contains(&format!("key `{key}`")), "{key}: {err}");
        assert!(err.contains(en), "{key}: {err}");
    }
}

#[test]
fn a_schedule_lot_needs_something_to_price_and_a_known_kind() {
    let bare = "[tender]\nname = \"x\"\nreference = \"x\"\nduration_years = 1\nquote_for = [\"groupement\"]\n[[member]]\nid = \"a\"\nname = \"A\"\npopulation = 1\nregistered_users = 1\n[[lot]]\nid = \"1\"\ntitle = \"T\"\nvat_rate = \"0.2\"\nkind = \"schedule\"\n";
    let (code, err) = rank(bare, "en");
    assert_eq!(code, 2);
    assert!(
        err.contains("key `lot[0].item`: a unit-price schedule lot needs at least one [[lot.item]] or one [[lot.tranche]]"),
        "{err}"
    );
    let (code, err) = rank(&bare.replace("\"schedule\"", "\"bpu\""), "fr");
    assert_eq!(code, 2);
    assert!(err.contains("ligne 15"), "{err}");
    assert!(err.contains("« bpu »"), "{err}");
}

#[test]
fn several_scopes_without_a_groupement_are_refused_for_a_schedule_lot() {
    // The fixture's two members a and b, each quoted alone: a schedule sheet has no
    // scope columns, so which buyer its prices are for cannot be told.
    let text = fixture_text().replace("quote_for = [\"groupement\"]", "quote_for = [\"members\"]");
    let (code, err) = rank(&text, "en");
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("key `lot[1].kind`: a unit-price schedule lot is priced once for the whole need, and the tender quotes several scopes (a, b) without a groupement"),
        "{err}"
    );
    let (code, err) = rank(&text, "fr");
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("la consultation demande plusieurs périmètres (a, b) sans groupement"),
        "{err}"
    );
    // With the groupement quoted beside the members, the lot is ranked for it.
    let both = fixture_text().replace(
        "quote_for = [\"groupement\"]",
        "quote_for = [\"members\", \"groupement\"]",
    );
    // (loaded: the run goes on to the offers, of which the folder has none).
    let (_, err) = rank(&both, "en");
    assert!(err.contains("no offer found in offres"), "{err}");
    // A single buyer quoted alone (the Bourget example) is tests/bourget.rs's case.
}

/// The fixture's prices: (line, price, amount written by the bidder).
const PRICES: [(&str, &str, Option<&str>); 7] = [
    ("TF1", "30000", Some("30000")),
    // 36 months × 15 000 = 540 000.
    ("TF2", "15000", Some("540000")),
    ("TF3", "12000", None),
    // 24 months × 2 000 is 48 000: the bidder's 46 000 disagrees.
    ("TC1", "2000", Some("46000")),
    ("A01", "450", Some("18000")),
    ("A02", "612.40", Some("7655")),
    // 89.99 × 25 is 2 249.75: the bidder's 2 250 disagrees.
    ("A03", "89.99", Some("2250")),
];

/// The template `tender template` writes for the fixture, filled with `PRICES`.
fn filled_offer(wd: &Workdir) -> (tender::tender::Tender, Vec<u8>) {
    wd.write("tender.toml", fixture_text());
    wd.command()
        .args(["template", "-o", "bpu.xlsx"])
        .assert()
        .success();
    let t = tender::tender::load(&wd.join("tender.toml")).unwrap();
    let template = std::fs::read(wd.join("bpu.xlsx")).unwrap();
    let mut f = tender::bpu::fill::Filler::new(&t);
    for (code, price, total) in PRICES {
        f.schedule_line("2", code, false, common::num(price))
            .unwrap();
        if let Some(total) = total {
            f.schedule_line("2", code, true, common::num(total))
                .unwrap();
        }
    }
    let bytes = f.apply(&template).unwrap();
    (t, bytes)
}

fn read_schedule(
    t: &tender::tender::Tender,
    name: &str,
    bytes: &[u8],
) -> tender::pricing::schedule::ScheduleQuote {
    let read = tender::bpu::read::read_file(Path::new(name), bytes, t).unwrap();
    let lot = read.lots.iter().find(|l| l.lot == "2").expect("lot 2 read");
    lot.schedule.clone().expect("a schedule lot")
}

fn exact(d: rust_decimal::Decimal) -> tender::exact::Exact {
    tender::exact::Exact::from_decimal(d)
}

#[test]
fn the_template_is_filled_read_back_and_priced_exactly() {
    let wd = Workdir::new();
    let (t, bytes) = filled_offer(&wd);
    let quote = read_schedule(&t, "acme.xlsx", &bytes);
    // The template's quantities are the tender's: nothing is said of them.
    assert_eq!(quote.findings, []);
    let s = t.lot("2").unwrap().schedule.as_ref().unwrap();
    let cost = tender::pricing::schedule::normalise(s, &quote, dec!(0.20)).unwrap();
    // DQE: 450 × 40 + 612.40 × 12.5 + 89.99 × 25 = 18 000 + 7 655 + 2 249.75.
    assert_eq!(cost.dqe_ht, exact(dec!(27904.75)));
    // Firm 30 000 + 36 × 15 000 + 12 000; conditional 24 × 2 000; purchase orders three
    // years of the DQE; TTC at 20 %; yearly: ÷ 3.
    assert_eq!(cost.firm_ht, exact(dec!(582000)));
    assert_eq!(cost.conditional_ht, exact(dec!(48000)));
    assert_eq!(cost.contract_ht, exact(dec!(713714.25)));
    assert_eq!(cost.contract_ttc, exact(dec!(856457.10)));
    assert_eq!(cost.annual_ht, exact(dec!(237904.75)));
    // Each price keeps its cell: TF1 on row 7, A01 on row 13 (under the headings).
    assert_eq!(
        cost.tranches[0].price.location.cell.unwrap().to_string(),
        "E7"
    );
    assert_eq!(
        cost.lines[0].unit_price.location.cell.unwrap().to_string(),
        "E13"
    );
    // The two amounts that are not price × quantity, with both figures and their cells
    // (the BPU's lines first, then the tranches).
    let [d, t] = cost.disagreements.as_slice() else {
        panic!("{:?}", cost.disagreements)
    };
    assert_eq!((t.code.as_str(), t.written), ("TC1", dec!(46000)));
    assert_eq!(t.computed, exact(dec!(48000)));
    assert_eq!(t.location.cell.unwrap().to_string(), "F10");
    assert_eq!((d.code.as_str(), d.written), ("A03", dec!(2250)));
    assert_eq!(d.computed, exact(dec!(2249.75)));
    assert_eq!(d.location.cell.unwrap().to_string(), "F16");
    assert_eq!(d.location.sheet.as_deref(), Some("Lot 2"));
}

#[test]
fn what_the_bidder_changed_on_the_sheet_is_said_and_not_used() {
    let wd = Workdir::new();
    let (t, bytes) = filled_offer(&wd);
    let mut f = tender::bpu::fill::Filler::new(&t);
    let cell = |a1: &str| tender::source::CellRef::parse(a1).unwrap();
    // A02's quantity 12.5 made 10; a price typed on the section heading's row (row 15).
    f.cell("Lot 2", cell("D14"), common::num("10"));
    f.cell("Lot 2", cell("E15"), common::text("99,00 €"));
    let bytes = f.apply(&bytes).unwrap();
    let quote = read_schedule(&t, "acme.xlsx", &bytes);
    use tender::pricing::schedule::ScheduleFinding as F;
    assert_eq!(quote.findings.len(), 2, "{:?}", quote.findings);
    assert!(quote.findings.iter().any(|f| matches!(f,
        F::InsertedLine { location, code: None, raw }
            if location.cell == Some(cell("E15")) && raw == "99,00 €")));
    assert!(quote.findings.iter().any(|f| matches!(f,
        F::QuantityAltered { code, location, expected, found }
            if code == "A02" && location.cell == Some(cell("D14"))
                && *expected == dec!(12.5) && found == "10")));
    // The tender's quantity is used: the DQE is unchanged.
    let s = t.lot("2").unwrap().schedule.as_ref().unwrap();
    let cost = tender::pricing::schedule::normalise(s, &quote, dec!(0.20)).unwrap();
    assert_eq!(cost.dqe_ht, exact(dec!(27904.75)));
}

#[test]
fn a_csv_export_is_read_by_codes_whatever_their_rows() {
    let wd = Workdir::new();
    wd.write("tender.toml", fixture_text());
    let t = tender::tender::load(&wd.join("tender.toml")).unwrap();
    // Rows in another order, a code in lower case, A01 given twice, a line added with a
    // price, A02's row missing, TC1's price as text, TF3's negative.
    let csv = "Lot 2 — Infogérance\n\
               Code;Désignation;Unité;Quantité;Prix unitaire € HT;Montant € HT\n\
               A01;Technicien;jour;40;450;18000\n\
               tf1;Reprise;forfait;1;30 000,00 €;\n\
               TF2;Infogérance;mois;36;15000;\n\
               TF3;Réversibilité;forfait;1;-12000;\n\
               TC1;Support;mois;24;deux mille;\n\
               A03;Poste;poste;25;89,99;2249,75\n\
               A01;Technicien encore;jour;40;400;\n\
               X1;Déplacement;forfait;1;120;\n";
    let quote = read_schedule(&t, "acme.lot-2.csv", csv.as_bytes());
    use tender::pricing::schedule::{Line, ScheduleFinding as F, ScheduleIrregularity as I};
    let cell = |a1: &str| Some(tender::source::CellRef::parse(a1).unwrap());
    assert_eq!(quote.findings.len(), 2, "{:?}", quote.findings);
    assert!(matches!(&quote.findings[0],
        F::DuplicateLine { code, location, first }
            if code == "A01" && location.cell == cell("A9") && first.cell == cell("A3")));
    assert!(matches!(&quote.findings[1],
        F::InsertedLine { location, code: Some(c), raw }
            if c == "X1" && location.cell == cell("E10") && raw == "120"));
    let s = t.lot("2").unwrap().schedule.as_ref().unwrap();
    let problems = tender::pricing::schedule::normalise(s, &quote, dec!(0.20)).unwrap_err();
    // In the tender's order: A02 (no row: the file's place), then TF3, TC1.
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(matches!(&problems[0],
        I::Missing { line: Line::Item(c), location } if c == "A02" && location.cell.is_none()));
    assert!(matches!(&problems[1],
        I::Negative { line: Line::Tranche(c), location, value }
            if c == "TF3" && location.cell == cell("E6") && *value == dec!(-12000)));
    assert!(matches!(&problems[2],
        I::Invalid { line: Line::Tranche(c), location, raw, .. }
            if c == "TC1" && location.cell == cell("E7") && raw == "deux mille"));
    // The text price "30 000,00 €" of the lower-case tf1 is read.
    assert_eq!(
        quote.tranches[0].price.as_ref().map(|c| c.raw.as_str()),
        Some("30 000,00 €")
    );
}

#[test]
fn the_index_revision_says_which_values_were_published_and_which_assumed() {
    let t = tender::tender::load(&fixture()).unwrap();
    let s = t.lot("2").unwrap().schedule.as_ref().unwrap();
    let r = s.revision.as_ref().unwrap();
    assert_eq!(r.index, fixture().parent().unwrap().join("syntec.csv"));
    assert_eq!(r.terms.fixed, dec!(0.15));
    let series =
        tender::pricing::revision::parse_series(&std::fs::read_to_string(&r.index).unwrap())
            .unwrap();
    let c = tender::pricing::revision::coefficients(&r.terms, &series, 3).unwrap();
    // Year 1 at January 2027's 292 (I0): 1. Year 2: January 2028's 297.84, published:
    // 0.15 + 0.85 × 297.84 ÷ 292 = 0.15 + 0.85 × 1.02 = 1.017. Year 3: January 2029 is
    // not published, assumed 297.84 × 1.025 = 305.286: 0.15 + 0.85 × 1.0455 = 1.038675.
    let published: Vec<_> = c
        .iter()
        .map(|y| {
            (
                y.index.month.to_string(),
                y.index.assumed_from.map(|m| m.to_string()),
            )
        })
        .collect();
    assert_eq!(
        published,
        [
            ("2027-01".to_owned(), None),
            ("2028-01".to_owned(), None),
            ("2029-01".to_owned(), Some("2028-01".to_owned())),
        ]
    );
    assert_eq!(c[2].index.value, exact(dec!(305.286)));
    let coefficients: Vec<_> = c.iter().map(|y| y.coefficient.clone()).collect();
    assert_eq!(
        coefficients,
        [exact(dec!(1)), exact(dec!(1.017)), exact(dec!(1.038675))]
    );
    // The fixture's offer: contract years of 237 904.75, 231 904.75 and 243 904.75 HT
    // (tranches paid in their months, a year of the DQE each): 237 904.75 + 231 904.75 ×
    // 1.017 + 243 904.75 × 1.038675 = 237 904.75 + 235 847.13075 + 253 337.76620625.
    let wd = Workdir::new();
    let (_, bytes) = filled_offer(&wd);
    let quote = read_schedule(&t, "acme.xlsx", &bytes);
    let cost = tender::pricing::schedule::normalise(s, &quote, dec!(0.20)).unwrap();
    assert_eq!(
        tender::pricing::schedule::revised_contract_ht(s, &cost, &coefficients),
        exact(dec!(727089.64695625))
    );
}

#[test]
fn the_revision_clause_is_checked_with_its_key() {
    let text = fixture_text();
    let cases: Vec<(String, &str, &str, &str)> = vec![
        (
            text.replace("fixed_part = \"0.15\"", "fixed_part = \"1\""),
            "lot[1].revision.fixed_part",
            "1 n'est pas une part fixe",
            "1 is not a fixed part",
        ),
        (
            text.replace(
                "reference_month = \"2027-01\"",
                "reference_month = \"janvier\"",
            ),
            "lot[1].revision.reference_month",
            "« janvier » n'est pas un mois",
            "\"janvier\" is not a month",
        ),
        (
            text.replace(
                "assumed_yearly_rate = \"0.025\"",
                "assumed_yearly_rate = \"-1\"",
            ),
            "lot[1].revision.assumed_yearly_rate",
            "-1 n'est pas un taux annuel",
            "-1 is not a yearly rate",
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
                "{key}: {err}"
            );
        }
    }
}

/// The fixture's folder with acme's workbook pricing both lots: lot 2's schedule with
/// `PRICES`, lot 1 with the flat population model, 40 000 a year; and the index file the
/// revision clause names (without it, rank would warn).
fn both_kinds(wd: &Workdir) {
    let (t, schedule_offer) = filled_offer(wd);
    let mut f = tender::bpu::fill::Filler::new(&t);
    f.item(
        "1",
        "groupement",
        tender::pricing::PricingModel::Population,
        tender::pricing::Term::Price,
        common::num("40000"),
    )
    .unwrap();
    wd.write("offres/acme.xlsx", f.apply(&schedule_offer).unwrap());
    let series = fixture().with_file_name("syntec.csv");
    wd.write("syntec.csv", std::fs::read(series).unwrap());
}

#[test]
fn rank_ranks_both_kinds_of_lot_in_one_tender() {
    let wd = Workdir::new();
    both_kinds(&wd);
    for lang in ["fr", "en"] {
        let out = wd
            .command()
            .args(["rank", "--lang", lang, "--format", "json"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.is_empty(), "{err}");
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        // Lot 1 is ranked as before: acme at 40 000 a year.
        let ranked = common::ranked(common::scope(&doc, "1", "groupement"));
        assert_eq!(ranked.len(), 1);
        assert_eq!(ranked[0].0, "acme");
        // Lot 2, the schedule, is ranked for the groupement (the only scope quoted): its
        // contract years of 237 904.75, 231 904.75 and 243 904.75 HT make 713 714.25,
        // 237 904.75 a year; alone, it gets the whole price mark.
        let scope = common::scope(&doc, "2", "groupement");
        assert_eq!(
            common::ranked(scope),
            common::owned(&[("acme", "237904.75", "100.00", "null", "100.00")])
        );
        assert_eq!(scope["ranked"][0]["model"], "schedule");
        assert_eq!(scope["ranked"][0]["contract_cost_ht"], "713714.25");
        assert_eq!(scope["ranked"][0]["contract_cost_ttc"], "856457.10");
        // Revised by the index (no renewal): 237 904.75 + 231 904.75 × 1.017 +
        // 243 904.75 × 1.038675 = 727 089.64695625, beside the ranked figure.
        let contract = &scope["ranked"][0]["schedule_contract"];
        assert_eq!(contract["revised_contract_cost_ht"], "727089.65");
        assert_eq!(
            contract["contract_cost_with_renewals_ht"],
            serde_json::Value::Null
        );
        // The five-model lot has none of it.
        let lot1 = common::scope(&doc, "1", "groupement");
        assert_eq!(
            lot1["ranked"][0]["schedule_contract"],
            serde_json::Value::Null
        );
        assert_eq!(doc["lots"][0]["schedule"], serde_json::Value::Null);
        assert_eq!(doc["lots"][1]["schedule"]["ranked_on"], "initial_period");
    }
}

/// (bidder, cell, code, severity) of `check`'s findings on lot 2, and their messages.
fn lot_2_findings(doc: &serde_json::Value) -> (Vec<[String; 4]>, Vec<String>) {
    let found: Vec<&serde_json::Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["lot"] == "2")
        .collect();
    let s = |v: &serde_json::Value| v.as_str().unwrap_or("").to_owned();
    (
        found
            .iter()
            .map(|f| {
                [
                    s(&f["bidder"]),
                    s(&f["cell"]),
                    s(&f["code"]),
                    s(&f["severity"]),
                ]
            })
            .collect(),
        found.iter().map(|f| s(&f["message"])).collect(),
    )
}

#[test]
fn check_gives_each_schedule_finding_a_code_and_a_message() {
    let wd = Workdir::new();
    let (t, bytes) = filled_offer(&wd);
    let mut f = tender::bpu::fill::Filler::new(&t);
    let cell = |a1: &str| tender::source::CellRef::parse(a1).unwrap();
    // Bravo: A02's quantity 12.5 made 10, a price on a section heading's row, and A01's
    // amount 18 500 where 450 × 40 = 18 000.
    f.cell("Lot 2", cell("D14"), common::num("10"));
    f.cell("Lot 2", cell("E15"), common::text("99,00 €"));
    f.cell("Lot 2", cell("F13"), common::num("18500"));
    wd.write("offres/bravo.xlsx", f.apply(&bytes).unwrap());
    // Acme's CSV: A01 twice (the first, row 3, is read), a line X1 added, A02 missing,
    // TF3 negative, TC1 in words.
    wd.write(
        "offres/acme.lot-2.csv",
        "Lot 2 — Infogérance\n\
         Code;Désignation;Unité;Quantité;Prix unitaire € HT;Montant € HT\n\
         A01;Technicien;jour;40;450;18000\n\
         TF1;Reprise;forfait;1;30000;\n\
         TF2;Infogérance;mois;36;15000;\n\
         TF3;Réversibilité;forfait;1;-12000;\n\
         TC1;Support;mois;24;deux mille;\n\
         A03;Poste;poste;25;89,99;2249,75\n\
         A01;Technicien encore;jour;40;400;\n\
         X1;Déplacement;forfait;1;120;\n",
    );
    let row = |b: &str, c: &str, code: &str, sev: &str| [b, c, code, sev].map(String::from);
    for lang in ["fr", "en"] {
        let doc = common::json(
            wd.command()
                .args(["check", "--format", "json", "--lang", lang]),
        );
        let (found, messages) = lot_2_findings(&doc);
        assert_eq!(
            found,
            [
                row("acme", "", "missing_value", "error"),
                row("acme", "E6", "negative_value", "error"),
                row("acme", "E7", "not_a_number", "error"),
                // The second A01 (row 9) is not read.
                row("acme", "A9", "duplicate_line", "warning"),
                row("acme", "E10", "inserted_line", "warning"),
                // The fixture's own amounts for TC1 (46 000, not 24 × 2 000) and A03
                // (2 250, not 2 249.75), and A01's changed one.
                row("bravo", "F10", "amount_disagrees", "warning"),
                row("bravo", "F13", "amount_disagrees", "warning"),
                row("bravo", "D14", "quantity_altered", "warning"),
                row("bravo", "E15", "inserted_line", "warning"),
                row("bravo", "F16", "amount_disagrees", "warning"),
            ],
            "{messages:#?}"
        );
        let wanted = if lang == "fr" {
            [
                "la quantité de la ligne A02 a été changée (« 10 ») : celle de la consultation (12,5) est retenue",
                "le montant écrit pour A01 (18\u{a0}500) n'est pas le prix × la quantité (18\u{a0}000) : le prix unitaire fait foi, 18\u{a0}000 est retenu",
                "la ligne A01 figure deux fois ; la première (cellule A3) est lue",
            ]
        } else {
            [
                "the quantity of line A02 was changed ('10'): the tender's (12.5) is used",
                "the amount written for A01 (18,500) is not the price × the quantity (18,000): the unit price prevails, 18,000 is used",
                "line A01 is given twice; the first (cell A3) is read",
            ]
        };
        for w in wanted {
            assert!(messages.iter().any(|m| m.contains(w)), "{w}\n{messages:#?}");
        }
    }
}

/// The value of each of explain's steps named `key`.
fn step_values(doc: &serde_json::Value, key: &str) -> Vec<String> {
    doc["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["step"] == key)
        .map(|s| s["value"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn check_explain_and_the_report_handle_both_kinds_of_lot() {
    let wd = Workdir::new();
    both_kinds(&wd);
    // check: lot 2's findings (TC1's and A03's amounts), none on lot 1.
    let doc = common::json(wd.command().args(["check", "--format", "json"]));
    let (found, _) = lot_2_findings(&doc);
    let codes: Vec<&str> = found.iter().map(|f| f[2].as_str()).collect();
    assert_eq!(codes, ["amount_disagrees", "amount_disagrees"], "{doc}");
    let on_lot_1 = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["lot"] == "1")
        .count();
    assert_eq!(on_lot_1, 0, "{doc}");
    // explain of each lot: lot 1's flat price is its yearly cost; lot 2's steps go from
    // the cells to the contract (713 714.25) and its revision (727 089.64695625, worked
    // out in docs/schedule.md: 237 904.75 + 231 904.75 × 1.017 + 243 904.75 × 1.038675).
    let explain = |lot: &str| {
        common::json(wd.command().args([
            "explain",
            "--lot",
            lot,
            "--scope",
            "groupement",
            "--bidder",
            "acme",
            "--format",
            "json",
        ]))
    };
    let one = explain("1");
    assert_eq!(step_values(&one, "annual_cost_ht"), ["40000"]);
    assert_eq!(step_values(&one, "line"), Vec::<String>::new());
    let two = explain("2");
    assert_eq!(step_values(&two, "line").len(), 3);
    assert_eq!(step_values(&two, "contract_cost_ht"), ["713714.25"]);
    assert_eq!(
        step_values(&two, "revised_contract_ht"),
        ["727089.64695625"]
    );
    // No renewal in the fixture: no renewal step.
    assert_eq!(step_values(&two, "renewal"), Vec::<String>::new());
    // The report ranks both lots; only lot 2 has a schedule structure.
    let page = common::report_file(&wd, &wd.join("tender.toml"), "r.html", &[]);
    let html = std::fs::read_to_string(page).unwrap();
    assert!(
        html.contains("Lot 1 — Musique") || html.contains("Musique"),
        "lot 1"
    );
    assert_eq!(
        html.matches("Structure du lot (bordereau de prix unitaires)")
            .count(),
        1
    );
    assert!(
        html.contains("<td class=\"num\">727\u{a0}089,65\u{a0}€</td>"),
        "the revised contract"
    );
}

#[test]
fn the_open_data_give_a_schedule_lot_s_maximum_with_its_renewals() {
    let wd = Workdir::new();
    both_kinds(&wd);
    // Lot 2 renewable twice for a year, TF2 paid on in the renewals; the groupement's
    // coordinator and the publication's keys; acme's SIRET on its Candidat sheet.
    let text = fixture_text()
        .replace("offers = \"offres\"\n", "offers = \"offres\"\ncoordinator = \"a\"\n")
        .replace(
            "start = \"2027-04\"\n",
            "start = \"2027-04\"\n\n[lot.renewal]\ncount = 2\nmonths = 12\n",
        )
        .replace(
            "title = \"Infogérance courante\"\nkind = \"firm\"\npayment = \"monthly\"\n",
            "title = \"Infogérance courante\"\nkind = \"firm\"\npayment = \"monthly\"\nin_renewals = true\n",
        )
        + "\n[publication]\nbuyer_siret = \"21380185500015\"\nprocedure = \"adaptee\"\nprice_form = \"mixte\"\nccag = \"tic\"\nplace = \"38\"\nplace_type = \"departement\"\ncpv = \"72320000-4\"\nnotification_date = \"2027-03-02\"\npublication_date = \"2027-03-16\"\nocid_prefix = \"ocds-abc123\"\n";
    wd.write("tender.toml", &text);
    let t = tender::tender::load(&wd.join("tender.toml")).unwrap();
    let mut f = tender::bpu::fill::Filler::new(&t);
    f.candidate(
        tender::bpu::layout::CandidateField::Siret,
        "732 829 320 00074",
    );
    let bytes = std::fs::read(wd.join("offres/acme.xlsx")).unwrap();
    wd.write("offres/acme.xlsx", f.apply(&bytes).unwrap());
    let out = wd
        .command()
        .args(["export", "--format", "decp"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let records = doc["marches"]["marche"].as_array().unwrap();
    let lot2 = records
        .iter()
        .find(|m| m["objet"].as_str().unwrap().contains("lot 2"))
        .unwrap();
    // 36 months and two renewals of 12: 60 months at most. The maximum value: the
    // initial 713 714.25 (worked out in `rank_ranks_both_kinds_of_lot_in_one_tender`)
    // plus two renewals of TF2 12 × 15 000 and a year of the DQE 27 904.75: 713 714.25 +
    // 2 × 207 904.75 = 1 129 523.75 € HT.
    assert_eq!(lot2["dureeMois"], 60);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("\"montant\": 1129523.75"), "{text}");
    let lot1 = records
        .iter()
        .find(|m| m["objet"].as_str().unwrap().contains("lot 1"))
        .unwrap();
    assert_eq!(lot1["dureeMois"], 36);
}
