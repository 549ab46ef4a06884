//! Unit-price schedules with tranches (BPU/DQE lots): the tender file's keys, checked with
//! the key of every mistake, in French and English; both kinds of lot in one tender.
//!
//! The tender is `fixtures/schedule/tender.toml`: lot 1 priced with the five models, lot 2
//! a schedule over three years from April 2027.

mod common;

use std::path::{Path, PathBuf};

use common::Workdir;
use rust_decimal::dec;
use tender::tender::schedule::{Month, Part, Payment, TrancheKind};
use tender::tender::{Period, VatBasis};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/schedule/tender.toml")
}

fn fixture_text() -> String {
    std::fs::read_to_string(fixture()).expect("the schedule fixture")
}

/// Runs `rank` on a tender text; returns (exit code, stderr).
fn rank(text: &str, lang: &str) -> (i32, String) {
    let wd = Workdir::new();
    wd.write("tender.toml", text);
    std::fs::create_dir_all(wd.join("offres")).unwrap();
    let out = wd
        .command()
        .args(["rank", "--lang", lang])
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
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
