//! Reports written from the COUNTER layout (fixtures/counter/), totals worked out by hand.

use std::path::{Path, PathBuf};

use super::*;

fn fixture(name: &str) -> (Vec<u8>, PathBuf) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/counter")
        .join(name);
    (std::fs::read(&path).unwrap(), path)
}

fn expect<'a>(report: &'a str, metric: &'a str, year: u16) -> Expected<'a> {
    Expected {
        report,
        metric,
        year,
    }
}

#[test]
fn an_r5_title_report_in_tsv() {
    let (bytes, path) = fixture("grenoble_tr_r5_2025.tsv");
    let u = read(&bytes, &path, &expect("TR", "Unique_Item_Requests", 2025)).unwrap();
    assert_eq!((u.report_id.as_str(), u.release.as_str()), ("TR", "5"));
    // Two titles' Unique_Item_Requests added month by month (Total_Item_Requests left
    // out): January 100 + 10, February 120 + 20, … December 95 + 120.
    let months: Vec<u64> = u.months.values().copied().collect();
    assert_eq!(
        months,
        [110, 140, 120, 120, 120, 120, 110, 110, 200, 230, 235, 215]
    );
    assert_eq!(u.months.keys().next().unwrap(), "2025-01");
    assert_eq!(u.months.values().sum::<u64>(), 1830);
}

#[test]
fn an_r5_1_database_report_in_json() {
    let (bytes, path) = fixture("isere_dr_r51_2025.json");
    let u = read(&bytes, &path, &expect("DR", "Unique_Item_Requests", 2025)).unwrap();
    assert_eq!(u.release, "5.1");
    // Base 1: 200, 210, … 310; base 2: 1 a month.
    assert_eq!(u.months["2025-01"], 201);
    assert_eq!(u.months["2025-12"], 311);
    assert_eq!(u.months.values().sum::<u64>(), 3060 + 12);
}

#[test]
fn a_report_of_another_type_period_or_metric_is_refused() {
    let (bytes, path) = fixture("grenoble_tr_r5_2025.tsv");
    assert!(matches!(
        read(&bytes, &path, &expect("DR", "Unique_Item_Requests", 2025)),
        Err(CounterError::OtherReport { found, .. }) if found == "TR"
    ));
    let e = read(&bytes, &path, &expect("TR", "Unique_Item_Requests", 2024)).unwrap_err();
    assert!(
        e.french().ends_with(
            "le rapport couvre du 2025-01-01 au 2025-12-31, là où l'année 2024 est attendue"
        ),
        "{}",
        e.french()
    );
    assert!(matches!(
        read(&bytes, &path, &expect("TR", "Searches_Regular", 2025)),
        Err(CounterError::NoMetric { .. })
    ));
    let (json, jpath) = fixture("isere_dr_r51_2025.json");
    assert!(matches!(
        read(&json, &jpath, &expect("PR", "Unique_Item_Requests", 2025)),
        Err(CounterError::OtherReport { .. })
    ));
    // Not a report at all; a count that is not one.
    assert!(matches!(
        read(
            b"a,b\n1,2\n",
            Path::new("x.csv"),
            &expect("TR", "Unique_Item_Requests", 2025)
        ),
        Err(CounterError::NotCounter { .. })
    ));
    let text = String::from_utf8(bytes)
        .unwrap()
        .replace("\t95\n", "\tn/a\n");
    assert!(matches!(
        read(
            text.as_bytes(),
            &path,
            &expect("TR", "Unique_Item_Requests", 2025)
        ),
        Err(CounterError::BadCount { line: 16, .. })
    ));
}

#[test]
fn months_headings_are_read_in_english() {
    assert_eq!(month_heading("Jan-2025").as_deref(), Some("2025-01"));
    assert_eq!(month_heading("dec-2024").as_deref(), Some("2024-12"));
    assert_eq!(month_heading("Reporting_Period_Total"), None);
    assert_eq!(month_heading("Jan-25"), None);
}
