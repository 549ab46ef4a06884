//! `tender report --out analyse.xlsx` on the shipped Grenoble example, read back with
//! calamine: the figures worked out by hand, and every figure the same as `rank
//! --format json` and `split --format json` give.

mod common;

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use calamine::{Data, Range, Reader, Xlsx};
use common::{Workdir, num, offer_bytes, report_file};
use serde_json::Value;
use tender::pricing::{PricingModel, Term};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/grenoble/tender.toml")
}

/// Runs `report` with `args` into a fresh folder; the workbook's bytes.
fn report(wd: &Workdir, tender: &Path, args: &[&str]) -> Vec<u8> {
    std::fs::read(report_file(wd, tender, "analyse.xlsx", args)).expect("the workbook")
}

/// The métropole example: 49 communes, one groupement price, Shapley and band tariffs.
fn metropole() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/metropole/tender.toml")
}

fn json(args: &[&str]) -> Value {
    json_for(&example(), args)
}

fn json_for(tender: &Path, args: &[&str]) -> Value {
    let out = Workdir::new()
        .command()
        .arg("--tender")
        .arg(tender)
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("run");
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(bytes.to_vec())).expect("an xlsx workbook")
}

fn sheet(wb: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Range<Data> {
    wb.worksheet_range(name)
        .unwrap_or_else(|e| panic!("sheet {name}: {e}"))
}

/// The text of a cell, or a number shown to two decimals, as the JSON gives figures.
fn shown(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f:.2}"),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

/// The rows of a sheet's table (below its header on the third row), as shown.
fn rows(r: &Range<Data>) -> Vec<Vec<String>> {
    r.rows()
        .skip(3)
        .map(|row| row.iter().map(shown).collect())
        .collect()
}

/// The row of a lot sheet for a scope and bidder.
fn offer<'a>(rows: &'a [Vec<String>], scope: &str, bidder: &str) -> &'a [String] {
    rows.iter()
        .find(|r| r[0] == scope && r[2] == bidder)
        .unwrap_or_else(|| panic!("{scope} {bidder} in {rows:?}"))
}

#[test]
fn the_grenoble_report_gives_the_figures_worked_by_hand() {
    let wd = Workdir::new();
    let mut wb = open(&report(&wd, &example(), &["--date", "2026-12-02"]));
    let names = wb.sheet_names();
    assert_eq!(names[0], "Synthèse");
    assert_eq!(names[1], "Lot 1");
    assert_eq!(
        names[names.len() - 3..],
        ["Répartition", "Constats", "Annexe"]
    );
    // Lot 1, groupement, A = 8 000: Musicalia's quota 7 000, one block of 1 000 above at
    // 1 200 → 21 200 a year; × 4.121608 (4 years at 2 %) = 87 378.0896 HT, × 1.2 =
    // 104 853.70752 TTC. Price mark 40 (the lowest), technical 48: 88.
    let lot1 = rows(&sheet(&mut wb, "Lot 1"));
    let m = offer(&lot1, "groupement", "musicalia");
    assert_eq!(m[1], "1.00");
    assert_eq!(m[3], "Musicalia SAS");
    // The file from the tender file's folder, though the tender was named by its full
    // path.
    assert_eq!(m[4], "offres/musicalia.xlsx");
    assert_eq!(m[6..10], ["21200.00", "87378.09", "104853.71", "40.00"]);
    // Biblioplus 24 000: 40 × 21 200 ÷ 24 000 = 35.333… → 35.33.
    let b = offer(&lot1, "groupement", "biblioplus");
    assert_eq!(
        (b[1].as_str(), b[6].as_str(), b[9].as_str()),
        ("2.00", "24000.00", "35.33")
    );
    // MediaFlux filled two models for lot 1: set aside as irregular, with its reason.
    let x = offer(&lot1, "groupement", "mediaflux");
    assert_eq!(x[1], "");
    assert!(
        x.iter().any(|c| c.starts_with("écartée (irrégulière)")),
        "{x:?}"
    );
    // Its reason names the cell, the file shown from the tender file's folder as in the
    // file column, never the machine's full path.
    assert!(
        x.iter()
            .any(|c| c.contains("offres/mediaflux.xlsx, feuille « Lot 1 », cellule D6")),
        "{x:?}"
    );
    assert!(
        !x.iter().any(|c| c.contains(env!("CARGO_MANIFEST_DIR"))),
        "{x:?}"
    );
    // Lot 2, groupement: MediaFlux 14 500 is flagged abnormally low (≤ 90 % of the mean
    // 20 875 of the offers kept), with what the buyer must do.
    let lot2 = rows(&sheet(&mut wb, "Lot 2"));
    let low = offer(&lot2, "groupement", "mediaflux");
    assert!(
        low.iter()
            .any(|c| c.contains("doit être invité à justifier son prix")),
        "{low:?}"
    );
    // The summary: the groupement's saving on lot 1 is 10 500 + 13 100 − 21 200 = 2 400
    // (Grenoble's and Isère's winners alone), on lot 2 13 500 + 15 250 − 27 250 = 1 500.
    let summary = sheet(&mut wb, "Synthèse");
    let saving = |lot: &str| {
        summary
            .rows()
            .find(|r| {
                shown(&r[0]).starts_with(&format!("{lot} — ")) && shown(&r[1]) == "groupement"
            })
            .map(|r| shown(&r[5]))
    };
    assert_eq!(saving("1").as_deref(), Some("2400.00"));
    assert_eq!(saving("2").as_deref(), Some("1500.00"));
    // The split by population: lot 1, 21 200 × 450 000 ÷ 1 250 000 = 7 632 for Grenoble
    // (alone 10 500, saving 2 868), 13 568 for Isère (alone 13 100: 468 more).
    let split = rows(&sheet(&mut wb, "Répartition"));
    let share = |member: &str| {
        split
            .iter()
            .find(|r| r[0] == "1" && r[3] == member)
            .map(|r| (r[4].clone(), r[8].clone(), r[9].clone()))
    };
    assert_eq!(
        share("grenoble"),
        Some(("7632.00".into(), "10500.00".into(), "2868.00".into()))
    );
    assert_eq!(
        share("isere"),
        Some(("13568.00".into(), "13100.00".into(), "-468.00".into()))
    );
    // The annex: the date given, and the tender file's digest as sha256sum gives it.
    let annex = sheet(&mut wb, "Annexe");
    let text: Vec<Vec<String>> = annex
        .rows()
        .map(|r| r.iter().map(shown).collect())
        .collect();
    assert!(
        text.iter()
            .any(|r| r[..2] == ["Date de l'analyse", "2026-12-02"])
    );
    let digest = tender::report::sha256_hex(&std::fs::read(example()).unwrap());
    assert!(
        text.iter()
            .any(|r| r[0] == "consultation" && r[2] == digest),
        "{text:?}"
    );
    let offers = text.iter().filter(|r| r[0] == "offre").count();
    assert_eq!(offers, 6);
}

#[test]
fn every_ranked_figure_is_the_one_rank_json_gives() {
    // Both shipped examples: Grenoble (2 members, 12 lots) and the métropole.
    for (tender, least) in [(example(), 40), (metropole(), 4)] {
        ranked_figures_match(&tender, least);
    }
}

fn ranked_figures_match(tender: &Path, least: usize) {
    let wd = Workdir::new();
    let mut wb = open(&report(&wd, tender, &[]));
    let doc = json_for(tender, &["rank"]);
    let mut compared = 0;
    for lot in doc["lots"].as_array().unwrap() {
        let id = lot["lot"].as_str().unwrap();
        let rows = rows(&sheet(&mut wb, &format!("Lot {id}")));
        for scope in lot["scopes"].as_array().unwrap() {
            let s = scope["scope"].as_str().unwrap();
            for o in scope["ranked"].as_array().unwrap() {
                let row = offer(&rows, s, o["bidder"].as_str().unwrap());
                let total = row.len() - 3;
                // A rank is a number cell: shown as the other numbers are.
                assert_eq!(row[1], format!("{}.00", o["rank"]), "{id} {s} {row:?}");
                assert_eq!(row[6], o["annual_cost_ht"], "{id} {s}");
                assert_eq!(row[7], o["contract_cost_ht"], "{id} {s}");
                assert_eq!(row[8], o["contract_cost_ttc"], "{id} {s}");
                assert_eq!(row[9], o["price_mark"], "{id} {s}");
                assert_eq!(row[total], o["total"], "{id} {s}");
                compared += 1;
            }
        }
    }
    assert!(compared > least, "{compared}");
}

#[test]
fn every_share_is_the_one_split_json_gives() {
    // Grenoble: 2 members × 12 lots; the métropole: 49 communes on each split lot.
    for (tender, least) in [(example(), 20), (metropole(), 49 * 2)] {
        shares_match(&tender, least);
    }
}

fn shares_match(tender: &Path, least: usize) {
    let wd = Workdir::new();
    let mut wb = open(&report(&wd, tender, &[]));
    let doc = json_for(tender, &["split"]);
    let rows = rows(&sheet(&mut wb, "Répartition"));
    let mut compared = 0;
    for lot in doc["lots"].as_array().unwrap() {
        let id = lot["lot"].as_str().unwrap();
        for s in lot["shares"].as_array().unwrap() {
            let member = s["member"].as_str().unwrap();
            let row = rows
                .iter()
                .find(|r| r[0] == id && r[3] == member)
                .unwrap_or_else(|| panic!("{id} {member}"));
            assert_eq!(row[2], lot["bidder"]);
            for (col, key) in [
                (4, "share_ht"),
                (5, "share_ttc"),
                (6, "contract_ht"),
                (7, "contract_ttc"),
                (8, "standalone_ht"),
                (9, "saving_ht"),
            ] {
                assert_eq!(
                    row[col],
                    s[key].as_str().unwrap_or(""),
                    "{id} {member} {key}"
                );
            }
            compared += 1;
        }
    }
    for m in doc["members"].as_array().unwrap() {
        let member = m["member"].as_str().unwrap();
        let row = rows
            .iter()
            .find(|r| r[0] == "Total" && r[3] == member)
            .unwrap_or_else(|| panic!("total {member}"));
        assert_eq!(row[4], m["share_ht"], "{member}");
        assert_eq!(row[9], m["saving_ht"].as_str().unwrap_or(""), "{member}");
    }
    assert!(compared >= least, "{compared}");
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    let a = report(&Workdir::new(), &example(), &["--date", "2026-12-02"]);
    let b = report(&Workdir::new(), &example(), &["--date", "2026-12-02"]);
    assert!(a == b, "two runs differ");
    let c = report(&Workdir::new(), &example(), &["--date", "2026-12-03"]);
    assert!(a != c, "the date is in the report");
    // The web page too, in the métropole's case as well (49 communes, Shapley).
    for tender in [example(), metropole()] {
        let a = page(&Workdir::new(), &tender, &["--date", "2026-12-02"]);
        let b = page(&Workdir::new(), &tender, &["--date", "2026-12-02"]);
        assert!(a == b, "two pages differ");
        assert!(a.contains("2026-12-02") || a.contains("2 décembre 2026"));
    }
}

#[test]
fn the_same_files_in_another_folder_give_the_same_bytes() {
    let offers = [
        "biblioplus.ods",
        "cineclap.xlsx",
        "kiosque.xlsx",
        "mediaflux.xlsx",
        "musicalia.xlsx",
        "territoria.xlsx",
    ];
    let (one, two) = (Workdir::new(), Workdir::new());
    one.grenoble_with(&offers);
    two.grenoble_with(&offers);
    assert_ne!(one.path(), two.path());
    // Run from each folder, as a buyer does: the paths in the messages (a grade's line
    // in securite.csv) are the ones typed, relative here.
    let tender = Path::new("tender.toml");
    let a = report(&one, tender, &["--date", "2026-12-02"]);
    let b = report(&two, tender, &["--date", "2026-12-02"]);
    assert!(a == b, "the folder's place shows in the report");
    // Paths are shown from the tender file's folder.
    let annex = sheet(&mut open(&a), "Annexe");
    let files: Vec<String> = annex.rows().map(|r| shown(&r[1])).collect();
    assert!(files.contains(&"tender.toml".to_owned()), "{files:?}");
    assert!(
        files.contains(&"offres/musicalia.xlsx".to_owned()),
        "{files:?}"
    );
}

#[test]
fn a_members_report_shows_its_own_scopes_and_shares() {
    let wd = Workdir::new();
    let mut wb = open(&report(
        &wd,
        &example(),
        &["--member", "isere", "--lang", "en"],
    ));
    let lot1 = rows(&sheet(&mut wb, "Lot 1"));
    let scopes: std::collections::BTreeSet<&str> = lot1.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        scopes.into_iter().collect::<Vec<_>>(),
        ["groupement", "isere"]
    );
    let split = rows(&sheet(&mut wb, "Cost sharing"));
    let members: std::collections::BTreeSet<&str> = split
        .iter()
        .filter(|r| !r[3].is_empty())
        .map(|r| r[3].as_str())
        .collect();
    assert_eq!(members.into_iter().collect::<Vec<_>>(), ["isere"]);
    // Lot 1 by population: 21 200 × 800 000 ÷ 1 250 000 = 13 568.
    assert!(split.iter().any(|r| r[0] == "1" && r[4] == "13568.00"));
}

#[test]
fn a_hostile_bidder_name_stays_text() {
    let wd = Workdir::new();
    wd.grenoble_with(&["musicalia.xlsx"]);
    let tender = tender::tender::load(&wd.join("tender.toml")).unwrap();
    let name = "=HYPERLINK(\"http://evil.example\",\"click\")";
    let cells = [(
        "1",
        "groupement",
        PricingModel::Population,
        Term::Price,
        num("20000"),
    )];
    wd.write("offres/evil.xlsx", offer_bytes(&tender, Some(name), &cells));
    let bytes = report(&wd, &wd.join("tender.toml"), &[]);
    let mut wb = open(&bytes);
    let lot1 = rows(&sheet(&mut wb, "Lot 1"));
    assert_eq!(offer(&lot1, "groupement", "evil")[3], name);
    let formulas = wb.worksheet_formula("Lot 1").unwrap();
    assert!(
        formulas.used_cells().next().is_none(),
        "a formula was written"
    );
    // No sheet of the workbook holds a formula.
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let name = part.name().unwrap().into_owned();
        let mut xml = String::new();
        part.read_to_string(&mut xml).unwrap();
        assert!(!xml.contains("<f>") && !xml.contains("<f "), "{name}");
    }
}

#[test]
fn sheets_print_on_a4_landscape_with_frozen_filtered_headers() {
    let bytes = report(&Workdir::new(), &example(), &[]);
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut sheets = 0;
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let name = part.name().unwrap().into_owned();
        if !name.starts_with("xl/worksheets/sheet") {
            continue;
        }
        sheets += 1;
        let mut xml = String::new();
        part.read_to_string(&mut xml).unwrap();
        assert!(xml.contains("paperSize=\"9\""), "{name}");
        assert!(xml.contains("orientation=\"landscape\""), "{name}");
        assert!(xml.contains("state=\"frozen\""), "{name}");
        assert!(xml.contains("<autoFilter"), "{name}");
    }
    assert!(sheets >= 16, "{sheets}");
}

#[test]
fn refusals_name_what_was_given() {
    let wd = Workdir::new();
    let run = |args: &[&str]| {
        let out = wd
            .command()
            .arg("--tender")
            .arg(example())
            .arg("report")
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, err) = run(&["--out", "a.pdf"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("--out a.pdf") && err.contains("(.xlsx)") && err.contains("(.html)"),
        "{err}"
    );
    let (code, err) = run(&["--out", "a.xlsx", "--member", "lyon"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("lyon") && err.contains("grenoble, isere"),
        "{err}"
    );
    let (code, err) = run(&["--out", "a.xlsx", "--date", "2026-02-30", "--lang", "en"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("--date 2026-02-30: a date of the form YYYY-MM-DD"),
        "{err}"
    );
    assert!(!wd.join("a.xlsx").exists() && !wd.join("a.pdf").exists());
}

/// `report --out analyse.html` in `wd`: the page's text.
fn page(wd: &Workdir, tender: &Path, args: &[&str]) -> String {
    std::fs::read_to_string(report_file(wd, tender, "analyse.html", args)).expect("the page")
}

/// A machine figure (`21200.00`) as the English page shows it (`€21,200.00`).
fn en_euros(machine: &str) -> String {
    let (sign, digits) = match machine.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", machine),
    };
    let (units, cents) = digits.split_once('.').expect("two places");
    let mut grouped = String::new();
    for (i, c) in units.chars().enumerate() {
        if i > 0 && (units.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}€{grouped}.{cents}")
}

#[test]
fn the_metropole_page_shows_every_communes_share() {
    // The other shipped example as a web page: each of the 49 communes' shares on each
    // split lot, as `split` gives it, and every yearly cost `rank` gives.
    let wd = Workdir::new();
    let html = page(&wd, &metropole(), &["--lang", "en"]);
    let mut shares = 0;
    for lot in json_for(&metropole(), &["split"])["lots"]
        .as_array()
        .unwrap()
    {
        for s in lot["shares"].as_array().unwrap() {
            let share = en_euros(s["share_ht"].as_str().unwrap());
            assert!(html.contains(&share), "{share}");
            shares += 1;
        }
    }
    assert!(shares >= 49 * 2, "{shares}");
    for lot in json_for(&metropole(), &["rank"])["lots"]
        .as_array()
        .unwrap()
    {
        for scope in lot["scopes"].as_array().unwrap() {
            for o in scope["ranked"].as_array().unwrap() {
                let cost = en_euros(o["annual_cost_ht"].as_str().unwrap());
                assert!(html.contains(&cost), "{cost}");
            }
        }
    }
}

#[test]
fn the_web_page_shows_the_figures_and_loads_nothing() {
    let wd = Workdir::new();
    let html = page(&wd, &example(), &["--lang", "en", "--date", "2026-12-02"]);
    // Lot 1, groupement: Musicalia 21 200 a year; the saving 10 500 + 13 100 − 21 200.
    assert!(html.contains("€21,200.00") && html.contains("€2,400.00"));
    // The method says how ties are broken (the tender's default order) and which
    // abnormally-low rule applies (FFB by default, 20 % and 10 %).
    assert!(html.contains(
        "Ties broken by</th><td>the technical mark, the price, the ids' alphabetical order</td>"
    ));
    assert!(html.contains("Abnormally low offers</th><td>FFB method"));
    // Every yearly cost `rank` gives is on the page, and every share `split` gives.
    for lot in json(&["rank"])["lots"].as_array().unwrap() {
        for scope in lot["scopes"].as_array().unwrap() {
            for o in scope["ranked"].as_array().unwrap() {
                let cost = en_euros(o["annual_cost_ht"].as_str().unwrap());
                assert!(html.contains(&cost), "{cost}");
            }
        }
    }
    for lot in json(&["split"])["lots"].as_array().unwrap() {
        for s in lot["shares"].as_array().unwrap() {
            let share = en_euros(s["share_ht"].as_str().unwrap());
            assert!(html.contains(&share), "{share}");
        }
    }
    // One chart of costs and one of marks per lot, one of usage for the 9 lots whose
    // costs move with it (the other 3 say so), one of the shares; each titled.
    assert_eq!(html.matches("<svg").count(), 12 * 2 + 9 + 1);
    assert_eq!(
        html.matches("pas de courbe").count() + html.matches("no usage chart").count(),
        3
    );
    assert_eq!(
        html.matches("<polyline").count(),
        html.matches("</polyline>").count()
    );
    // Every SVG element closed: an HTML parser leaves `<rect …>` open, and the chart's
    // next labels and bars would be drawn inside it, that is not at all.
    assert!(html.matches("<rect").count() > 12 * 2, "bars drawn");
    assert_eq!(
        html.matches("<rect").count(),
        html.matches("</rect>").count()
    );
    assert_eq!(
        html.matches("<text").count(),
        html.matches("</text>").count()
    );
    assert_eq!(html.matches("<title id=").count(), 12 * 2 + 9 + 1);
    // Nothing to fetch, nothing to run.
    assert!(html.contains("Content-Security-Policy\" content=\"default-src 'none'"));
    for banned in ["<script", "<link", "src=", "url(", "@import", "<iframe"] {
        assert!(!html.contains(banned), "{banned}");
    }
    // The only links are the contents' links to the page's own parts and lots.
    assert_eq!(
        html.matches("href=").count(),
        html.matches("href=\"#").count()
    );
    assert!(html.contains("<a href=\"#part-5\">Analysis per lot and scope</a>"));
    assert!(html.contains("<h3 id=\"lot-0\">Lot 1 — "));
    assert!(html.contains("<th scope=\"col\">"));
    // Each criterion's mark in its own column: Musicalia on lot 1, catalogue 16/20
    // weighing 40 → 32, service 8/10 weighing 20 → 16, technical 48, price 40, total 88
    // (technique.csv), in each of the three scopes where it ranks first.
    assert!(html.contains("<th scope=\"col\">Richesse et pertinence du catalogue</th>"));
    let row = "<td class=\"num\">40.00</td><td class=\"num\">32.00</td>\
               <td class=\"num\">16.00</td><td class=\"num\">48.00</td>\
               <td class=\"num\">88.00</td>";
    assert_eq!(html.matches(row).count(), 3);
    // check's summary per lot: on lot 3 MediaFlux forgot a quota (irregular), on lot 6
    // it declares the lot and prices nothing (incomplete).
    assert!(html.contains(
        "<tr><td>3</td><td>cineclap, territoria</td><td>—</td><td>mediaflux</td><td>—</td></tr>"
    ));
    assert!(html.contains(
        "<tr><td>6</td><td>kiosque, territoria</td><td>—</td><td>—</td><td>mediaflux</td></tr>"
    ));
    // Lot 4's terms as the tender file states them: VAT 20 %, a ceiling of 30 000 € HT a
    // year for the groupement (`vat_rate = "0.20"`, `budget_ceiling_ht = "30000"`).
    assert!(
        html.contains("</h3><p>VAT 20.00%; ceiling groupement: €30,000.00 excl. VAT a year</p>"),
        "lot 4's terms"
    );
    assert!(html.contains("@page { size: A4 landscape"));
    let again = page(
        &Workdir::new(),
        &example(),
        &["--lang", "en", "--date", "2026-12-02"],
    );
    assert!(html == again, "two runs differ");
}

#[test]
fn bidder_names_are_escaped_in_the_page_and_its_charts() {
    let wd = Workdir::new();
    wd.grenoble_with(&["musicalia.xlsx"]);
    let tender = tender::tender::load(&wd.join("tender.toml")).unwrap();
    for (file, name, price) in [
        ("offres/evil.xlsx", "<img src=x onerror=alert(1)>", "20000"),
        ("offres/dupont.xlsx", "Dupont & Fils", "19000"),
    ] {
        let cells = [(
            "1",
            "groupement",
            PricingModel::Population,
            Term::Price,
            num(price),
        )];
        wd.write(file, offer_bytes(&tender, Some(name), &cells));
    }
    let html = page(&wd, Path::new("tender.toml"), &[]);
    assert!(!html.contains("<img"), "a bidder's markup reached the page");
    // In the tables and in the charts' labels.
    assert!(
        html.matches("&lt;img src=x onerror=alert(1)&gt; (evil)")
            .count()
            >= 2
    );
    assert!(html.matches("Dupont &amp; Fils (dupont)").count() >= 2);
}

/// The height given to each row of a sheet that has one (`<row r="N" … ht="H"`).
fn row_heights(xlsx: &[u8], sheet: usize) -> Vec<(u32, String)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(xlsx.to_vec())).expect("a zip");
    let mut xml = String::new();
    zip.by_name(&format!("xl/worksheets/sheet{sheet}.xml"))
        .expect("the sheet")
        .read_to_string(&mut xml)
        .expect("XML");
    xml.split("<row ")
        .skip(1)
        .filter_map(|row| {
            let tag = &row[..row.find('>')?];
            let attr = |name: &str| {
                let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
                Some(tag[start..start + tag[start..].find('"')?].to_owned())
            };
            Some((
                attr("r").or_else(|| attr_first(tag))?.parse().ok()?,
                attr("ht")?,
            ))
        })
        .collect()
}

/// `r` is the row tag's first attribute (no space before it).
fn attr_first(tag: &str) -> Option<String> {
    let rest = tag.strip_prefix("r=\"")?;
    Some(rest[..rest.find('"')?].to_owned())
}

#[test]
fn wrapped_texts_get_rows_tall_enough_to_be_read() {
    // LibreOffice does not grow a row on opening: a wrapped header or remark would
    // cover the next row. Lot 2's sheet (the third): its header (row 3) holds "Qualité du
    // service et de l'accompagnement", 41 characters in a column 10 wide, about 8 to a
    // line: 6 lines, 90 points; Cinéclap's groupement row (row 9) holds the
    // abnormally-low remark, several lines in the 60-wide remarks column.
    let wd = Workdir::new();
    let bytes = report(&wd, &example(), &[]);
    let heights = row_heights(&bytes, 3);
    assert!(heights.contains(&(3, "90".to_owned())), "{heights:?}");
    let remark = heights.iter().find(|(r, _)| *r == 9).expect("row 9");
    let points: f64 = remark.1.parse().unwrap();
    assert!(points >= 45.0, "{heights:?}");
}

#[test]
fn a_schedule_lot_s_sheet_gives_its_structure_and_each_offer_s_parts() {
    let wd = Workdir::new();
    wd.bourget_with(|t| t);
    wd.command()
        .args(["report", "--out", "analyse.xlsx"])
        .assert()
        .success();
    let bytes = std::fs::read(wd.join("analyse.xlsx")).unwrap();
    let mut wb = open(&bytes);
    // The ranking is on the lot's sheet like any lot's; the structure, the parts and the
    // ceilings on a part on a sheet of their own.
    let all: Vec<Vec<String>> = sheet(&mut wb, "Lot 1 (BPU)")
        .rows()
        .map(|row| row.iter().map(shown).collect())
        .collect();
    let value = |label: &str| -> Vec<String> {
        all.iter()
            .filter(|r| r[0] == label)
            .map(|r| r[1].clone())
            .collect()
    };
    assert_eq!(
        value("Tranche TC1"),
        [
            "Astreinte les soirs et week-ends (optionnelle, payée chaque mois, du mois 13 au mois 36)"
        ]
    );
    assert_eq!(
        value("Tranche TF1"),
        ["Prise en charge de l'existant (ferme, payée au mois 2)"]
    );
    assert_eq!(
        value("Lignes du bordereau (BPU)"),
        ["12 prix unitaires, comparés sur les quantités estimées par an (DQE)"]
    );
    let ceilings = value("Plafond sur une partie");
    assert_eq!(ceilings.len(), 2, "{all:?}");
    assert!(ceilings[0].starts_with("tranches fermes"), "{ceilings:?}");
    assert!(
        ceilings[0].ends_with("270\u{a0}000,00\u{a0}€ TTC par an, au prorata des mois"),
        "{ceilings:?}"
    );
    assert!(
        ceilings[1].starts_with("bons de commande\u{a0}: 40\u{a0}000,00\u{a0}€ TTC"),
        "{ceilings:?}"
    );
    let revision = value("Révision par indice");
    assert_eq!(
        revision,
        [
            "P = P0 × (0,125 + 0,875 × I ÷ I0)\u{a0}; indice syntec.csv, mois de référence 2027-01\u{a0}; 2,50\u{a0}% par an supposés pour les mois non publiés"
        ]
    );
    // Infotech, on its unit prices (worked out in tests/bourget.rs): DQE 29 537 a year;
    // firm tranches 21 000 + 36 × 15 900 + 11 000 = 604 400; TC1 24 × 2 000 = 48 000;
    // purchase orders 3 × 29 537 = 88 611.
    let at = all
        .iter()
        .position(|r| r[0] == "infotech")
        .unwrap_or_else(|| panic!("{all:?}"));
    let infotech = &all[at];
    assert_eq!(
        infotech[1..5],
        ["29537.00", "604400.00", "48000.00", "88611.00"]
    );
    // Then its contract with the renewal (741 011 + 244 337) and revised by the index,
    // without and with the renewal (worked out in tests/bourget.rs).
    assert_eq!(infotech[5..8], ["985348.00", "756605.00", "1016842.35"]);
    // Two ceilings over five calendar years (2027 to 2031, the renewal's included): ten
    // checks a row each, in a table of their own after the parts; Infotech's first,
    // 2027's firm tranches: (21 000 + 9 × 15 900) × 1.2 = 196 920 TTC against
    // 270 000 × 9 ÷ 12 = 202 500.
    let table = all
        .iter()
        .position(|r| r[1] == "Partie plafonnée")
        .unwrap_or_else(|| panic!("{all:?}"));
    let first = table
        + all[table..]
            .iter()
            .position(|r| r[0] == "infotech")
            .unwrap_or_else(|| panic!("{all:?}"));
    let checks = &all[first..first + 10];
    assert!(checks[1..].iter().all(|r| r[0].is_empty()), "{all:?}");
    assert_eq!(
        checks[0][1..7],
        [
            "tranches fermes (hors tranches optionnelles et bons de commande)",
            "2027 (9 mois, 270\u{a0}000,00\u{a0}€ × 9 ÷ 12)",
            "TTC",
            "196920.00",
            "202500.00",
            "respecté"
        ]
    );
    // 2028's purchase orders: 29 537 × 1.2 = 35 444.40 TTC against 40 000.
    assert_eq!(
        checks[6][1..7],
        [
            "bons de commande",
            "2028",
            "TTC",
            "35444.40",
            "40000.00",
            "respecté"
        ]
    );
    let renewals = value("Reconductions");
    assert_eq!(
        renewals,
        [
            "1 × 12 mois, chacune décidée expressément par l'acheteur ; tranches payées dans chacune : TF2, TC1 ; marché de 48 mois au plus"
        ]
    );
    assert!(value("Indice de chaque année")[0].starts_with(
        "Révision par l'indice, valeur de chaque année du contrat : année 1 2027-01 292 (publié)"
    ));
    // Every offer has its line.
    for bidder in ["atlantic-it", "numeris", "reseaux-et-co"] {
        assert!(all.iter().any(|r| r[0] == bidder), "{bidder}: {all:?}");
    }
}
