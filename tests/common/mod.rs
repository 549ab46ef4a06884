//! The test harness: a temporary working directory in which the real binary runs (after
//! BurntSushi's xsv `tests/workdir.rs`), and helpers to write tenders and filled offers.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;
use tender::bpu::fill::{FillValue, Filler};
use tender::bpu::layout::CandidateField;
use tender::pricing::{PricingModel, Term};
use tender::tender::Tender;

pub struct Workdir {
    dir: TempDir,
}

impl Workdir {
    pub fn new() -> Self {
        Workdir {
            dir: tempfile::Builder::new()
                .prefix("tender-test")
                .tempdir()
                .expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folder");
        }
        std::fs::write(&path, contents).expect("write file");
        path
    }

    /// The binary, run in this directory.
    pub fn command(&self) -> Command {
        let mut cmd = Command::cargo_bin("tender").expect("the tender binary");
        cmd.current_dir(self.path());
        cmd
    }

    /// Writes `tender.toml` and loads it.
    pub fn tender(&self, text: &str) -> Tender {
        let path = self.write("tender.toml", text);
        std::fs::create_dir_all(self.join("offres")).expect("offers folder");
        tender::tender::load(&path).expect("test tender loads")
    }
}

/// Two members, the groupement, two lots; usage chosen so the figures are easy by hand.
pub const SMALL_TENDER: &str = r#"
[tender]
name = "Test"
reference = "T-1"
duration_years = 2
yearly_revision = "0"
offers = "offres"

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
vat_rate = "0.20"
[lot.usage.a]
active_accounts = 1500
simultaneous_accesses = 10
consultations = 5000
[lot.usage.b]
active_accounts = 2500
simultaneous_accesses = 20
consultations = 15000

[[lot]]
id = "2"
title = "Presse"
vat_rate = "0.021"
usage_rates = { active_accounts = "0.1", simultaneous_accesses = "0.01", consultations = "2" }

[award]
price_weight = 40
technical_weight = 60
"#;

/// What a test bidder writes: (lot, scope, model, term, value).
pub type Cells<'a> = &'a [(&'a str, &'a str, PricingModel, Term, FillValue)];

/// A filled workbook (xlsx bytes) from the tender's own template.
pub fn offer_bytes(tender: &Tender, name: Option<&str>, cells: Cells) -> Vec<u8> {
    let template = tender::bpu::template::write(tender).expect("template");
    let mut f = Filler::new(tender);
    if let Some(n) = name {
        f.candidate(CandidateField::LegalName, n);
    }
    for (lot, scope, model, term, value) in cells {
        f.item(lot, scope, *model, *term, value.clone())
            .expect("known lot and scope");
    }
    f.apply(&template).expect("fill")
}

pub fn num(s: &str) -> FillValue {
    FillValue::Number(s.parse().expect("decimal"))
}

pub fn text(s: &str) -> FillValue {
    FillValue::Text(s.to_owned())
}

/// Runs the command and parses its JSON output.
pub fn json(cmd: &mut Command) -> serde_json::Value {
    let out = cmd.output().expect("run");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// The scope object of a lot in `rank --format json`.
pub fn scope<'a>(doc: &'a serde_json::Value, lot: &str, scope: &str) -> &'a serde_json::Value {
    doc["lots"]
        .as_array()
        .expect("lots")
        .iter()
        .find(|l| l["lot"] == lot)
        .unwrap_or_else(|| panic!("lot {lot}"))["scopes"]
        .as_array()
        .expect("scopes")
        .iter()
        .find(|s| s["scope"] == scope)
        .unwrap_or_else(|| panic!("scope {scope}"))
}

/// (bidder, annual cost, price mark, technical mark, total) of the ranked offers, in
/// rank order.
pub fn ranked(scope: &serde_json::Value) -> Vec<(String, String, String, String, String)> {
    scope["ranked"]
        .as_array()
        .expect("ranked")
        .iter()
        .map(|o| {
            (
                o["bidder"].as_str().unwrap().to_owned(),
                o["annual_cost_ht"].as_str().unwrap().to_owned(),
                o["price_mark"].as_str().unwrap().to_owned(),
                o["technical_mark"].as_str().unwrap_or("null").to_owned(),
                o["total"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

pub fn owned(
    v: &[(&str, &str, &str, &str, &str)],
) -> Vec<(String, String, String, String, String)> {
    v.iter()
        .map(|(a, b, c, d, e)| {
            (
                (*a).into(),
                (*b).into(),
                (*c).into(),
                (*d).into(),
                (*e).into(),
            )
        })
        .collect()
}
