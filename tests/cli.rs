//! The command line's behaviour: options, exit statuses, pipes, hostile bidder text.

mod common;

use std::io::Read;
use std::process::{Command, Stdio};

use common::{SMALL_TENDER, Workdir, num, offer_bytes};
use tender::pricing::PricingModel::Population;
use tender::pricing::Term::Price;

fn small_with_offer(name: &str) -> Workdir {
    let wd = Workdir::new();
    let t = wd.tender(SMALL_TENDER);
    let cells = [
        ("1", "a", Population, Price, num("1000")),
        ("1", "groupement", Population, Price, num("3000")),
    ];
    wd.write("offres/acme.xlsx", offer_bytes(&t, Some(name), &cells));
    wd
}

#[test]
fn unknown_lot_or_scope_is_a_usage_error() {
    let wd = small_with_offer("ACME");
    let out = wd.command().args(["rank", "--lot", "13"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("--lot 13 : ce lot n'existe pas (lots : 1, 2)")
    );
    let out = wd
        .command()
        .args(["rank", "--scope", "c", "--lang", "en"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("--scope c: no such scope (scopes: a, b, groupement)")
    );
    let out = wd
        .command()
        .args(["rank", "--format", "xml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn output_option_writes_the_file() {
    let wd = small_with_offer("ACME");
    wd.command()
        .args(["rank", "--lot", "1", "--format", "json", "-o", "rang.json"])
        .assert()
        .success()
        .stdout("");
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(wd.join("rang.json")).unwrap()).unwrap();
    assert_eq!(doc["lots"][0]["scopes"][0]["ranked"][0]["bidder"], "acme");
}

#[test]
fn normalize_is_an_alias_and_offers_can_be_named() {
    let wd = small_with_offer("ACME");
    std::fs::rename(wd.join("offres/acme.xlsx"), wd.join("acme.xlsx")).unwrap();
    let out = wd
        .command()
        .args(["normalize", "acme.xlsx", "--format", "csv", "--lot", "1"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("lot,scope,bidder,bidder_name,status,model,price_ht"),
        "{text}"
    );
    assert!(
        text.contains("1,a,acme,ACME,ok,population,1000.00"),
        "{text}"
    );
    let out = wd
        .command()
        .args(["rank", "missing.xlsx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("missing.xlsx : fichier ou dossier introuvable")
    );
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let wd = small_with_offer("ACME");
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("tender"))
        .current_dir(wd.path())
        .args(["normalise"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(status.code().is_some_and(|c| c <= 1), "{status:?} {stderr}");
}

#[test]
fn bidder_text_cannot_inject_formulas_or_hide_itself() {
    let wd = small_with_offer("=HYPERLINK(\"http://x\")\u{202E}SAS");
    let out = wd
        .command()
        .args(["rank", "--format", "csv", "--lot", "1"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let row = rows.records().next().unwrap().unwrap();
    assert!(row[5].starts_with("'=HYPERLINK"), "{:?}", &row[5]);
    let table = String::from_utf8(
        wd.command()
            .args(["rank", "--lot", "1"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(!table.contains('\u{202E}'));
    assert!(table.contains("=HYPERLINK"), "{table}");
    // JSON keeps the text as it is: it is data, escaped by JSON itself.
    let json = String::from_utf8(
        wd.command()
            .args(["rank", "--format", "json", "--lot", "1"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(
        json.contains("\"=HYPERLINK(\\\"http://x\\\")\u{202E}SAS\""),
        "{json}"
    );
}

#[test]
fn help_lists_the_commands() {
    let out = Workdir::new().command().arg("--help").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for c in ["init", "template", "normalise", "rank"] {
        assert!(text.contains(c), "{text}");
    }
}
