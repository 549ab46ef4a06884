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
