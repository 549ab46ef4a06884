//! A member's usage estimate read from a COUNTER report: the year's total becomes the
//! estimate every command uses; which months were read is said; errors at their key.

mod common;

use common::{Workdir, json, num, offer_bytes, ranked, report_file, scope};
use tender::pricing::PricingModel::Consultations;
use tender::pricing::Term::{Price, Quota, Surcharge};

const TSV: &str = include_str!("../fixtures/counter/grenoble_tr_r5_2025.tsv");
const JSON: &str = include_str!("../fixtures/counter/isere_dr_r51_2025.json");

/// Two members whose consultations come from the two reports of fixtures/counter/.
fn tender_text(a_year: u16) -> String {
    format!(
        r#"
[tender]
name = "Compteurs"
reference = "C-1"
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
title = "Presse"
vat_rate = "0.20"
[lot.usage.a]
active_accounts = 10
simultaneous_accesses = 1
consultations = {{ report = "usage/a.tsv", report_id = "TR", metric = "Unique_Item_Requests", year = {a_year} }}
[lot.usage.b]
active_accounts = 10
simultaneous_accesses = 1
consultations = {{ report = "usage/b.json", report_id = "DR", metric = "Unique_Item_Requests", year = 2025 }}

[award]
price_weight = 100
technical_weight = 0
"#
    )
}

fn with_reports(tsv: &str) -> Workdir {
    let wd = Workdir::new();
    wd.write("usage/a.tsv", tsv);
    wd.write("usage/b.json", JSON);
    wd
}

#[test]
fn the_reports_year_total_is_the_estimate_rank_prices_with() {
    let wd = with_reports(TSV);
    let t = wd.tender(&tender_text(2025));
    // By hand: a's TR, Unique_Item_Requests: Livre A 100+120+90+80+70+60+40+30+110+130+
    // 125+95 = 1 050 and Livre B 10+20+…+120 = 780: 1 830. b's DR: Base 1 200 to 310 by
    // 10, 12 × 255 = 3 060, and Base 2 12 × 1: 3 072. The groupement: 4 902.
    assert_eq!(t.lots[0].usage["a"].consultations, 1830);
    assert_eq!(t.lots[0].usage["b"].consultations, 3072);
    let g = "groupement";
    wd.write(
        "offres/presse.xlsx",
        offer_bytes(
            &t,
            None,
            &[
                ("1", g, Consultations, Price, num("1000")),
                ("1", g, Consultations, Quota, num("4000")),
                ("1", g, Consultations, Surcharge, num("0.5")),
            ],
        ),
    );
    // 1 000 + 0.5 × (4 902 − 4 000) = 1 451.
    let doc = json(wd.command().args(["rank", "--format", "json"]));
    let r = ranked(scope(&doc, "1", g));
    assert_eq!(r[0].1, "1451.00");

    // check says which months were read, from which report, and the total.
    let doc = json(wd.command().args(["check", "--format", "json"]));
    let read = doc["usage_read"].as_array().unwrap();
    assert_eq!(read.len(), 2);
    assert_eq!(read[0]["member"], "a");
    assert_eq!(read[0]["measure"], "consultations");
    assert_eq!(read[0]["report_id"], "TR");
    assert_eq!(read[0]["release"], "5");
    assert_eq!(read[0]["total"], 1830);
    let months = read[0]["months"].as_array().unwrap();
    assert_eq!(months.len(), 12);
    // January: 100 + 10; December: 95 + 120.
    assert_eq!(
        months[0],
        serde_json::json!({"month": "2025-01", "count": 110})
    );
    assert_eq!(
        months[11],
        serde_json::json!({"month": "2025-12", "count": 215})
    );
    assert_eq!(read[1]["release"], "5.1");
    assert_eq!(read[1]["total"], 3072);
    let out = wd
        .command()
        .args(["check", "--lang", "en"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Estimates read from COUNTER reports"),
        "{text}"
    );
    assert!(
        text.contains("Lot 1, a: consultations 1,830 = total of Unique_Item_Requests over 12"),
        "{text}"
    );

    // The report: the method says it, the annex lists the reports with their digests.
    let html = report_file(&wd, &wd.join("tender.toml"), "r.html", &[]);
    let html = std::fs::read_to_string(html).unwrap();
    assert!(html.contains("Estimation lue (COUNTER)"), "no method row");
    assert!(html.contains("usage/b.json"), "no report named");
    assert!(html.contains("rapport COUNTER"), "no annex row");
}

fn refused(wd: &Workdir, lang: &str) -> String {
    std::fs::create_dir_all(wd.join("offres")).unwrap();
    let out = wd
        .command()
        .args(["rank", "--lang", lang])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_report_that_cannot_give_the_estimate_is_refused_at_its_key() {
    // Another year than the report's.
    let wd = with_reports(TSV);
    wd.write("tender.toml", tender_text(2024));
    let err = refused(&wd, "fr");
    assert!(
        err.contains("clé « lot[0].usage.a.consultations » : usage/a.tsv : le rapport couvre du 2025-01-01 au 2025-12-31, là où l'année 2024 est attendue"),
        "{err}"
    );
    // Half a year: refused, the months said.
    let half = TSV
        .replace("End_Date=2025-12-31", "End_Date=2025-06-30")
        .replace(
            "\tJul-2025\tAug-2025\tSep-2025\tOct-2025\tNov-2025\tDec-2025",
            "",
        );
    let wd = with_reports(&half);
    wd.write("tender.toml", tender_text(2025));
    let err = refused(&wd, "en");
    assert!(
        err.contains("key `lot[0].usage.a.consultations`: usage/a.tsv: the report covers 6 month(s) (2025-01 to 2025-06): a yearly estimate needs the 12 months"),
        "{err}"
    );
    // A count that is not one: the report's line.
    let bad = TSV.replace("\t1050\t100\t", "\t1050\tcent\t");
    let wd = with_reports(&bad);
    wd.write("tender.toml", tender_text(2025));
    let err = refused(&wd, "fr");
    assert!(
        err.contains("usage/a.tsv, ligne 16 : « cent » n'est pas un nombre d'utilisations"),
        "{err}"
    );
    // No such file; and a figure that is neither a count nor a report.
    let wd = Workdir::new();
    wd.write("usage/b.json", JSON);
    wd.write("tender.toml", tender_text(2025));
    let err = refused(&wd, "en");
    assert!(
        err.contains("usage/a.tsv: the COUNTER report cannot be read (no such file)"),
        "{err}"
    );
    wd.write(
        "tender.toml",
        tender_text(2025).replace(
            "consultations = { report = \"usage/a.tsv\", report_id = \"TR\", metric = \"Unique_Item_Requests\", year = 2025 }",
            "consultations = -4",
        ),
    );
    let err = refused(&wd, "fr");
    assert!(
        err.contains("clé « lot[0].usage.a.consultations » : -4 hors limites : attendu un nombre entier de 0 à 10^12, ou { report, report_id, metric, year }"),
        "{err}"
    );
}
