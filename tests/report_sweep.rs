//! The analysis report's sweep chart: each offer's yearly cost as usage is scaled, drawn
//! from `simulate --sweep`'s figures; none for a schedule lot; the same bytes twice.

mod common;

use common::{Workdir, num, offer_bytes, report_file};
use tender::pricing::PricingModel::{ActiveAccounts, Population};
use tender::pricing::Term::{Price, Quota, Reduction, Surcharge};

/// One member, the groupement; a flat population fee of 30 000 against 20 000 for 5 000
/// active accounts, 3 000 per 1 000 begun above, 1 000 off per 1 000 complete below; an
/// estimate of 6 000 accounts.
fn flat_against_accounts() -> Workdir {
    let wd = Workdir::new();
    let t = wd.tender(
        r#"
[tender]
name = "Courbe"
reference = "K-1"
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
active_accounts = 6000
simultaneous_accesses = 10
consultations = 1000

[award]
price_weight = 100
technical_weight = 0
"#,
    );
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

/// The `points` of the offer's lines in the page.
fn lines_of<'a>(html: &'a str, bidder: &str) -> Vec<&'a str> {
    let marker = format!("data-bidder=\"{bidder}\" points=\"");
    html.match_indices(&marker)
        .map(|(i, _)| {
            let rest = &html[i + marker.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

#[test]
fn the_chart_draws_each_offers_cost_at_the_sweeps_factors() {
    let wd = flat_against_accounts();
    let tender = wd.join("tender.toml");
    let page = report_file(&wd, &tender, "a.html", &["--date", "2026-12-02"]);
    let html = std::fs::read_to_string(&page).unwrap();
    assert_eq!(html.matches("<svg class=\"sweep\"").count(), 1);
    // One line per offer, 50 points each (the sweep's default factors).
    let (acct, flat) = (lines_of(&html, "acct"), lines_of(&html, "flat"));
    assert_eq!((acct.len(), flat.len()), (1, 1), "{acct:?} {flat:?}");
    let acct: Vec<&str> = acct[0].split(' ').collect();
    let flat: Vec<&str> = flat[0].split(' ').collect();
    assert_eq!((acct.len(), flat.len()), (50, 50));
    // The largest cost: acct at factor 4, 24 000 accounts, 19 blocks begun above
    // 5 000: 20 000 + 19 × 3 000 = 77 000; the axis goes up to the round 80 000. The
    // plot is 240 high from y = 20 and 560 wide from x = 80. flat: 30 000 ÷ 80 000 × 240
    // = 90 up from 260: 170, at every factor. acct at 0.25 (1 500 accounts, 3 blocks
    // complete below the quota: 17 000): 260 − 51 = 209; at 4: 260 − 231 = 29.
    assert!(flat.iter().all(|p| p.ends_with(",170.0")), "{flat:?}");
    assert_eq!((flat[0], flat[49]), ("80.0,170.0", "640.0,170.0"));
    assert_eq!((acct[0], acct[49]), ("80.0,209.0", "640.0,29.0"));
    // Factor 1 (6 000 accounts, 21 200) is not a step; the 13th, 0.25 + 12 × 3.75 ÷ 49
    // = 1.168367… → 1.1684, is: 7 010 accounts, 3 blocks above, 29 000: at x = 80 +
    // 0.9184 ÷ 3.75 × 560 = 217.1, y = 260 − 87 = 173.
    assert_eq!(acct[12], "217.1,173.0");
    // The figures beside it, and the estimate marked.
    assert!(html.contains("77\u{a0}000,00\u{a0}€"));
    assert!(html.contains("class=\"estimate\""));
    // The same report twice: the same bytes.
    let again = report_file(&wd, &tender, "b.html", &["--date", "2026-12-02"]);
    assert_eq!(std::fs::read(page).unwrap(), std::fs::read(again).unwrap());
}

#[test]
fn a_schedule_lot_has_no_usage_chart_and_says_so() {
    let wd = Workdir::new();
    wd.bourget_with(|t| t);
    let page = report_file(&wd, &wd.join("tender.toml"), "b.html", &[]);
    let html = std::fs::read_to_string(page).unwrap();
    assert!(!html.contains("<svg class=\"sweep\""));
    assert!(html.contains("Lot à bordereau de prix unitaires : prix sur les quantités du marché, aucun usage ne les fait varier ; pas de courbe de l'usage."));
}
