//! `tender simulate`: the break-even points as a factor on the whole estimate, solved by
//! hand.

mod common;

use common::{Workdir, num, offer_bytes, simulate_json as simulate};
use tender::pricing::PricingModel::{ActiveAccounts, Population, SimultaneousAccesses};
use tender::pricing::Term::{Price, Quota, Reduction, Surcharge};

/// Two members (`a`, `b`) with their usage, priced for the groupement only, price alone
/// deciding.
fn two_members(usage_a: &str, usage_b: &str) -> String {
    format!(
        r#"
[tender]
name = "Facteur"
reference = "F-1"
duration_years = 1
yearly_revision = "0"
offers = "offres"
quote_for = ["groupement"]

[[member]]
id = "a"
name = "Ville A"
population = 40000
registered_users = 8000

[[member]]
id = "b"
name = "Ville B"
population = 60000
registered_users = 9000

[[lot]]
id = "1"
title = "Musique"
vat_rate = "0.20"
[lot.usage.a]
{usage_a}
[lot.usage.b]
{usage_b}

[award]
price_weight = 100
technical_weight = 0
"#
    )
}

/// A flat population fee of 30 000 against 20 000 for 1 200 active accounts and 3 000
/// per 1 000 accounts begun above; the members' estimates are 300 and 600 accounts.
#[test]
fn a_flat_fee_against_accounts_changes_at_a_factor_found_by_hand() {
    let wd = Workdir::new();
    let t = wd.tender(&two_members(
        "active_accounts = 300\nsimultaneous_accesses = 1\nconsultations = 10",
        "active_accounts = 600\nsimultaneous_accesses = 2\nconsultations = 20",
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
                ("1", g, ActiveAccounts, Quota, num("1200")),
                ("1", g, ActiveAccounts, Surcharge, num("3000")),
                ("1", g, ActiveAccounts, Reduction, num("1000")),
            ],
        ),
    );
    let doc = simulate(&wd, &["--factor", "0..5"]);
    let f = &doc["break_even_factor"][0];
    assert_eq!(f["estimate"]["active_accounts"], 900);
    assert_eq!(f["measures"], serde_json::json!(["active_accounts"]));
    assert_eq!(f["searched_up_to"]["exact"], "5");
    // The groupement's 900 accounts × f, whole: 20 000 up to 1 200 accounts, then
    // 23 000, 26 000, 29 000 up to 4 200 (3 blocks begun), 32 000 from 4 201 (4 blocks)
    // above the flat 30 000. ⌊900 f⌋ ≥ 4 201 first at f = 4 201 ÷ 900 = 4.66777…
    // Below: 20 000 − 1 000 × complete blocks under the quota: never above 19 000.
    for criterion in ["cheapest", "winner"] {
        let s = &f[criterion];
        assert_eq!(s["at_estimate"], "acct", "{criterion}");
        assert_eq!(s["below"]["status"], "unchanged");
        assert_eq!(s["stays_from"]["exact"], "0");
        assert_eq!(s["above"]["status"], "change");
        assert_eq!(s["above"]["factor"]["exact"], "4201/900");
        assert_eq!(s["above"]["factor"]["rounded"], "4.6678");
        assert_eq!(s["above"]["usages"]["active_accounts"], 4201);
        // ⌊4201/900 × 30⌋ = ⌊140.03⌋ consultations; ⌊4201/900 × 3⌋ = 14 accesses.
        assert_eq!(s["above"]["usages"]["consultations"], 140);
        assert_eq!(s["above"]["usages"]["simultaneous_accesses"], 14);
        assert_eq!(s["above"]["to"], "flat");
        assert_eq!(s["stays_until"]["exact"], "4201/900");
    }
    // The table says it for people, the fraction beside its rounded value.
    let out = wd
        .command()
        .args(["simulate", "--factor", "0..5", "--measure", "all"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("4201/900 ≈ 4,6678"), "{text}");
    assert!(text.contains("comptes actifs 4\u{a0}201"), "{text}");
    // The CSV of `--measure all`: one row per criterion.
    let out = wd
        .command()
        .args(["simulate", "--factor", "0..5", "--measure", "all"])
        .args(["--format", "csv"])
        .output()
        .unwrap();
    let csv = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 3, "{csv}");
    assert!(
        rows[1].starts_with(
            "1,groupement,cheapest,acct,0,4201/900,unchanged,,,change,4201/900,flat,4201,14,140"
        ),
        "{csv}"
    );
}

/// An offer by accounts against an offer by simultaneous accesses: both measures scale
/// together, and the factor is not the per-measure point of either.
#[test]
fn offers_on_two_measures_change_where_both_scaled_usages_say() {
    let wd = Workdir::new();
    let t = wd.tender(&two_members(
        "active_accounts = 300\nsimultaneous_accesses = 4\nconsultations = 10",
        "active_accounts = 700\nsimultaneous_accesses = 6\nconsultations = 20",
    ));
    let g = "groupement";
    wd.write(
        "offres/acces.xlsx",
        offer_bytes(
            &t,
            None,
            &[
                ("1", g, SimultaneousAccesses, Price, num("8000")),
                ("1", g, SimultaneousAccesses, Quota, num("10")),
                ("1", g, SimultaneousAccesses, Surcharge, num("600")),
                ("1", g, SimultaneousAccesses, Reduction, num("100")),
            ],
        ),
    );
    wd.write(
        "offres/acct.xlsx",
        offer_bytes(
            &t,
            None,
            &[
                ("1", g, ActiveAccounts, Price, num("10000")),
                ("1", g, ActiveAccounts, Quota, num("1000")),
                ("1", g, ActiveAccounts, Surcharge, num("2000")),
                ("1", g, ActiveAccounts, Reduction, num("1000")),
            ],
        ),
    );
    let doc = simulate(&wd, &[]);
    let f = &doc["break_even_factor"][0];
    assert_eq!(
        f["measures"],
        serde_json::json!(["active_accounts", "simultaneous_accesses"])
    );
    // At f: accesses c = ⌊10 f⌋, accounts a = ⌊1 000 f⌋. acces: 8 000 + 600 (c − 10);
    // acct: 10 000 up to 1 000 accounts, 12 000 from 1 001 to 2 000 (f < 2.001).
    // acces is above 12 000 first at c = 17 (12 200; 11 600 at c = 16): f = 1.7, where
    // a = 1 700 (12 000). Just before (f = 1.699: c = 16, a = 1 699) acces is cheaper.
    // Below 1: acces falls (8 000 − 100 per access), acct never under 9 000: unchanged.
    for criterion in ["cheapest", "winner"] {
        let s = &f[criterion];
        assert_eq!(s["at_estimate"], "acces", "{criterion}");
        assert_eq!(s["below"]["status"], "unchanged");
        assert_eq!(s["above"]["factor"]["exact"], "1.7");
        assert_eq!(s["above"]["usages"]["simultaneous_accesses"], 17);
        assert_eq!(s["above"]["usages"]["active_accounts"], 1700);
        assert_eq!(s["above"]["to"], "acct");
    }
    // Accesses alone (accounts at 1 000, acct at 10 000): acces is dearer from
    // 8 000 + 600 × 4 = 10 400 at 14 accesses.
    let acc = doc["break_even"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["measure"] == "simultaneous_accesses")
        .unwrap();
    assert_eq!(acc["cheapest"]["above"]["at"], 14);
}

/// Blocks of 1 000 accounts against single accesses on an estimate of 100 000 accounts:
/// the accounts' points where no block begins or ends change no cost and are not
/// evaluated, so that a change 21 000 accounts away is found (every point taken one by
/// one would stop at 20 000).
#[test]
fn blocks_of_accounts_skip_the_points_where_no_cost_changes() {
    let wd = Workdir::new();
    let t = wd.tender(&two_members(
        "active_accounts = 30000\nsimultaneous_accesses = 40\nconsultations = 10",
        "active_accounts = 70000\nsimultaneous_accesses = 60\nconsultations = 20",
    ));
    let g = "groupement";
    wd.write(
        "offres/acces.xlsx",
        offer_bytes(
            &t,
            None,
            &[
                ("1", g, SimultaneousAccesses, Price, num("8000")),
                ("1", g, SimultaneousAccesses, Quota, num("100")),
                ("1", g, SimultaneousAccesses, Surcharge, num("500")),
                ("1", g, SimultaneousAccesses, Reduction, num("50")),
            ],
        ),
    );
    wd.write(
        "offres/acct.xlsx",
        offer_bytes(
            &t,
            None,
            &[
                ("1", g, ActiveAccounts, Price, num("10000")),
                ("1", g, ActiveAccounts, Quota, num("100000")),
                ("1", g, ActiveAccounts, Surcharge, num("400")),
                ("1", g, ActiveAccounts, Reduction, num("100")),
            ],
        ),
    );
    let doc = simulate(&wd, &["--measure", "all"]);
    let f = &doc["break_even_factor"][0];
    // Up, f = 1 + u/100 + …: accesses 100 + u cost 8 000 + 500 u; accounts 100 000 +
    // 1 000 u cost 10 000 + 400 u, then 400 more from the next account (a block begun).
    // acces − acct = 100 u − 2 000 at f = 1 + u/100 (0 at u = 20: a tie, kept by the
    // first id, acces), 100 u − 2 400 just after: acces is dearer first at u = 21,
    // f = 1.21 (121 accesses, 121 000 accounts).
    // Down, f = 1 − u/100: acces 8 000 − 50 u, acct 10 000 − 100 u (u blocks complete
    // below the quota), both changing at the same points: acct − acces = 2 000 − 50 u,
    // 0 at u = 40 (the tie again), below 0 first at u = 41: f = 0.59 (59 accesses,
    // 59 000 accounts). From the next point up, 59 001 accounts (40 blocks, 6 000),
    // acces is cheaper again: it holds from 0.59001.
    for criterion in ["cheapest", "winner"] {
        let s = &f[criterion];
        assert_eq!(s["at_estimate"], "acces", "{criterion}");
        assert_eq!(s["above"]["factor"]["exact"], "1.21", "{criterion}");
        assert_eq!(s["above"]["usages"]["active_accounts"], 121000);
        assert_eq!(s["above"]["usages"]["simultaneous_accesses"], 121);
        assert_eq!(s["above"]["to"], "acct");
        assert_eq!(s["below"]["factor"]["exact"], "0.59", "{criterion}");
        assert_eq!(s["below"]["usages"]["active_accounts"], 59000);
        assert_eq!(s["below"]["to"], "acct");
        assert_eq!(s["stays_from"]["exact"], "0.59001");
    }
}
