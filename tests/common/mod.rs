//! The test harness: a temporary working directory in which the real binary runs (after
//! BurntSushi's xsv `tests/workdir.rs`), and helpers to write tenders and filled offers.

#![allow(dead_code)]

pub mod open_data;
pub mod zipfile;

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

    /// The binary, run in this directory with its virtual memory capped at
    /// `mebibytes` (through the shell's `ulimit -v`): an attempt to allocate more fails
    /// instead of swapping the machine. Two worker threads, whatever the machine: each
    /// thread reserves address space of its own (its stack, its allocator's arena).
    pub fn command_within(&self, mebibytes: u64) -> std::process::Command {
        let binary = assert_cmd::cargo::cargo_bin("tender");
        let mut cmd = std::process::Command::new("sh");
        cmd.current_dir(self.path())
            .env("RAYON_NUM_THREADS", "2")
            .arg("-c")
            .arg("ulimit -v \"$1\" && shift && exec \"$@\"")
            .arg("sh")
            .arg((mebibytes * 1024).to_string())
            .arg(binary);
        cmd
    }

    /// Copies the shipped example's tender file and the buyer's evaluation files, with
    /// the example's offers named (the others are left out).
    pub fn grenoble_with(&self, offers: &[&str]) {
        let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/grenoble");
        for file in ["tender.toml", "technique.csv", "securite.csv", "rgpd.csv"] {
            self.write(
                file,
                std::fs::read(example.join(file)).expect("example file"),
            );
        }
        for offer in offers {
            let bytes = std::fs::read(example.join("offres").join(offer)).expect("example offer");
            self.write(&format!("offres/{offer}"), bytes);
        }
    }

    /// Copies the Bourget example (tender file, index series, the four offers), its
    /// tender file changed by `edit`.
    pub fn bourget_with(&self, edit: impl Fn(String) -> String) {
        let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/bourget");
        let text = std::fs::read_to_string(example.join("tender.toml")).expect("example");
        self.write("tender.toml", edit(text));
        self.write(
            "syntec.csv",
            std::fs::read(example.join("syntec.csv")).expect("example series"),
        );
        for offer in ["atlantic-it", "infotech", "numeris", "reseaux-et-co"] {
            let name = format!("offres/{offer}.xlsx");
            self.write(&name, std::fs::read(example.join(&name)).expect("offer"));
        }
    }

    /// The binary, run in this directory.
    pub fn command(&self) -> Command {
        let mut cmd = Command::cargo_bin("tender").expect("the tender binary");
        cmd.current_dir(self.path());
        cmd
    }

    /// The binary, run in this directory under a locale: LC_ALL, LC_MESSAGES and LANG
    /// removed, then the variables given set (the help's language follows them).
    pub fn command_in_locale(&self, vars: &[(&str, &str)]) -> Command {
        let mut cmd = self.command();
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            cmd.env_remove(name);
        }
        for (name, value) in vars {
            cmd.env(name, value);
        }
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

/// A filled workbook whose `Candidat` sheet gives these fields (a SIRET, an identifier
/// and its type…), besides the cells.
pub fn offer_bytes_with(
    tender: &Tender,
    candidate: &[(CandidateField, &str)],
    cells: Cells,
) -> Vec<u8> {
    let template = tender::bpu::template::write(tender).expect("template");
    let mut f = Filler::new(tender);
    for (field, value) in candidate {
        f.candidate(*field, value);
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

/// Runs `simulate --format json` with `args`, which must succeed, and returns its JSON.
pub fn simulate_json(wd: &Workdir, args: &[&str]) -> serde_json::Value {
    let out = wd
        .command()
        .args(["simulate", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
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

/// A cell of a workbook written freely, as a bidder's own program might.
#[derive(Clone, Debug)]
pub enum Free {
    Text(&'static str),
    /// A number cell (a binary double in the file, as every spreadsheet stores it).
    Number(&'static str),
    /// A formula with its saved result, or without one (`None`).
    Formula(&'static str, Option<&'static str>),
}

/// A sheet of a free workbook: its name, its cells (A1, value), hidden columns (0-based),
/// merged areas (first row, first col, last row, last col, 0-based).
pub struct FreeSheet {
    pub name: &'static str,
    pub cells: Vec<(&'static str, Free)>,
    pub hidden_columns: Vec<u16>,
    pub merged: Vec<(u32, u16, u32, u16)>,
}

impl FreeSheet {
    pub fn new(name: &'static str, cells: Vec<(&'static str, Free)>) -> Self {
        FreeSheet {
            name,
            cells,
            hidden_columns: Vec::new(),
            merged: Vec::new(),
        }
    }
}

/// Writes a workbook laid out freely (not from the template).
pub fn free_workbook(sheets: &[FreeSheet]) -> Vec<u8> {
    use rust_xlsxwriter::{Format, Formula, Workbook};
    let mut wb = Workbook::new();
    for s in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(s.name).unwrap();
        for (first_row, first_col, last_row, last_col) in &s.merged {
            ws.merge_range(
                *first_row,
                *first_col,
                *last_row,
                *last_col,
                "",
                &Format::new(),
            )
            .unwrap();
        }
        for (a1, value) in &s.cells {
            let c = tender::source::CellRef::parse(a1).expect("A1 cell");
            let (row, col) = (c.row, c.col as u16);
            match value {
                Free::Text(t) => {
                    ws.write_string(row, col, *t).unwrap();
                }
                Free::Number(n) => {
                    ws.write_number(row, col, n.parse::<f64>().expect("number"))
                        .unwrap();
                }
                Free::Formula(f, result) => {
                    let formula = match result {
                        Some(r) => Formula::new(*f).set_result(*r),
                        None => Formula::new(*f),
                    };
                    ws.write_formula(row, col, formula).unwrap();
                }
            }
        }
        for col in &s.hidden_columns {
            ws.set_column_hidden(*col).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

/// Removes the saved result of every formula of an xlsx workbook: what a program that
/// saves without calculating leaves.
pub fn strip_formula_results(xlsx: &[u8]) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name.starts_with("xl/worksheets/") {
            let text = String::from_utf8(data).unwrap();
            let mut cleaned = String::new();
            let mut rest = text.as_str();
            while let Some(f) = rest.find("</f><v>") {
                cleaned.push_str(&rest[..f + 4]);
                let after = &rest[f + 4..];
                let end = after.find("</v>").unwrap() + 4;
                rest = &after[end..];
            }
            cleaned.push_str(rest);
            data = cleaned.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// A groupement quoted as a whole (no member alone), one lot with a population band
/// tariff, and one bidder, `vendor`, who quotes `quote` a year for the groupement (a
/// flat price by population) and gives `prices` for the bands whose lower limits are
/// `limits`. Members are (id, population); `method` is the tender's split method.
/// Writes `tender.toml` and `offres/vendor.xlsx`.
pub fn band_tender(
    wd: &Workdir,
    members: &[(&str, u64)],
    limits: &[u64],
    prices: &[&str],
    quote: &str,
    method: &str,
) -> Tender {
    let mut toml = String::from(
        "[tender]\nname = \"Groupement\"\nreference = \"G-1\"\nduration_years = 1\n\
         quote_for = [\"groupement\"]\n",
    );
    for (id, population) in members {
        toml.push_str(&format!(
            "[[member]]\nid = \"{id}\"\nname = \"Commune {id}\"\npopulation = {population}\n\
             registered_users = {}\n",
            population / 10
        ));
    }
    let limits: Vec<String> = limits.iter().map(u64::to_string).collect();
    toml.push_str(&format!(
        "[[lot]]\nid = \"1\"\ntitle = \"Musique\"\nvat_rate = \"0.20\"\n\
         usage_rates = {{ active_accounts = \"0.04\", simultaneous_accesses = \"0.001\", \
         consultations = \"1\" }}\npopulation_bands = [{}]\n[award]\nprice_weight = 100\n\
         technical_weight = 0\n[split]\nmethod = \"{method}\"\n",
        limits.join(", ")
    ));
    let t = wd.tender(&toml);
    let template = tender::bpu::template::write(&t).expect("template");
    let mut f = Filler::new(&t);
    f.item(
        "1",
        "groupement",
        PricingModel::Population,
        Term::Price,
        num(quote),
    )
    .expect("the groupement's column");
    for (i, p) in prices.iter().enumerate() {
        f.band("1", i, num(p)).expect("a band row");
    }
    wd.write("offres/vendor.xlsx", f.apply(&template).expect("fill"));
    t
}

/// `tender split` run in the working directory with these arguments: (exit code, stdout).
pub fn split_output(wd: &Workdir, args: &[&str]) -> (i32, String) {
    let out = wd.command().arg("split").args(args).output().expect("run");
    (
        out.status.code().expect("an exit code"),
        String::from_utf8(out.stdout).expect("UTF-8 output"),
    )
}

/// An OLE2 compound file holding the two streams Office writes for a workbook encrypted
/// with a password (`EncryptionInfo`, `EncryptedPackage`), named `.xlsx` by its sender.
pub fn encrypted_xlsx_bytes() -> Vec<u8> {
    use std::io::Write;
    let mut file =
        cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).expect("compound file");
    for (name, data) in [
        ("/EncryptionInfo", &b"\x04\x00\x04\x00\x40\x00\x00\x00"[..]),
        ("/EncryptedPackage", &[0x5Au8; 600][..]),
    ] {
        let mut stream = file.create_stream(name).expect("stream");
        stream.write_all(data).expect("stream written");
    }
    file.flush().expect("flushed");
    file.into_inner().into_inner()
}

/// Runs `tender --tender TENDER report --out NAME ARGS` in `wd` (exit 0 or 1: a lot
/// without a ranked offer still gives a report); the written file's path.
pub fn report_file(wd: &Workdir, tender: &Path, name: &str, args: &[&str]) -> PathBuf {
    let out = wd.join(name);
    let run = wd
        .command()
        .arg("--tender")
        .arg(tender)
        .args(["report", "--out"])
        .arg(&out)
        .args(args)
        .output()
        .expect("run");
    let code = run.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "{code:?}: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    out
}

/// Runs `rank` on a tender text in a fresh folder with an empty `offres/`; returns
/// (exit code, stderr): what a mistake in the tender file gives.
pub fn rank_tender_text(text: &str, lang: &str) -> (i32, String) {
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
