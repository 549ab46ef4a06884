//! `rank` on a generated tender of 12 lots × 3 scopes × 20 bidders, from workbooks on
//! disk, beside its floor: a bare calamine read of the same workbooks (open each, touch
//! every cell, nothing else).
//!
//! `cargo bench --bench rank`. With `TENDER_BENCH_KEEP=DIR` the generated tender is left
//! in DIR, for `benches/rank_python.py DIR` (the same job with python-calamine).

use std::hint::black_box;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader};
use criterion::{Criterion, criterion_group, criterion_main};
use rust_decimal::Decimal;
use tender::bpu::fill::{FillValue, Filler};
use tender::bpu::layout::CandidateField;
use tender::lang::Lang;
use tender::output::Selection;
use tender::pricing::{PricingModel, Term};

const LOTS: usize = 12;
const BIDDERS: usize = 20;

fn tender_text() -> String {
    let mut s = String::from(
        r#"[tender]
name = "Banc d'essai"
reference = "BENCH"
duration_years = 4
yearly_revision = "0.02"
offers = "offres"

[[member]]
id = "grenoble"
name = "Ville de Grenoble"
population = 450000
registered_users = 75000

[[member]]
id = "isere"
name = "Département de l'Isère"
population = 800000
registered_users = 125000
"#,
    );
    for lot in 1..=LOTS {
        s.push_str(&format!(
            "\n[[lot]]\nid = \"{lot}\"\ntitle = \"Lot numéro {lot}\"\nvat_rate = \"0.20\"\n\
             usage_rates = {{ active_accounts = \"0.03\", simultaneous_accesses = \"0.0005\", consultations = \"0.8\" }}\n"
        ));
    }
    s
}

/// A small deterministic generator: the same tender every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

/// Writes the tender and its 20 workbooks into `dir`.
fn generate(dir: &Path) -> PathBuf {
    let tender_path = dir.join("tender.toml");
    std::fs::write(&tender_path, tender_text()).unwrap();
    let offers = dir.join("offres");
    std::fs::create_dir_all(&offers).unwrap();
    let tender = tender::tender::load(&tender_path).unwrap();
    let template = tender::bpu::template::write(&tender).unwrap();
    let mut rng = Lcg(42);
    for b in 0..BIDDERS {
        let mut f = Filler::new(&tender);
        f.candidate(CandidateField::LegalName, &format!("Candidat {b:02} SAS"));
        for lot in 1..=LOTS {
            let model = PricingModel::ALL[(b + lot) % 5];
            for scope in ["grenoble", "isere", "groupement"] {
                let scale = if scope == "groupement" { 3 } else { 1 };
                let price = Decimal::new(
                    (5_000 + rng.next(20_000) as i64) * scale * 100 + rng.next(100) as i64,
                    2,
                );
                let lot_id = lot.to_string();
                let mut put = |term, value| {
                    f.item(&lot_id, scope, model, term, FillValue::Number(value))
                        .unwrap();
                };
                put(Term::Price, price);
                match model {
                    PricingModel::ActiveAccounts => {
                        put(
                            Term::Quota,
                            Decimal::from(1_000 * scale + rng.next(5_000) as i64),
                        );
                        put(Term::Surcharge, Decimal::from(300 + rng.next(900) as i64));
                        put(Term::Reduction, Decimal::from(100 + rng.next(200) as i64));
                    }
                    PricingModel::SimultaneousAccesses => {
                        put(Term::Quota, Decimal::from(20 * scale + rng.next(60) as i64));
                        put(Term::Surcharge, Decimal::from(100 + rng.next(300) as i64));
                        put(Term::Reduction, Decimal::from(50 + rng.next(100) as i64));
                    }
                    PricingModel::Consultations => {
                        put(
                            Term::Quota,
                            Decimal::from(40_000 * scale + rng.next(100_000) as i64),
                        );
                        if rng.next(2) == 0 {
                            put(Term::Surcharge, Decimal::new(3 + rng.next(10) as i64, 2));
                        }
                    }
                    PricingModel::RegisteredUsers
                    | PricingModel::Population
                    | PricingModel::Schedule => {}
                }
            }
        }
        std::fs::write(
            offers.join(format!("candidat-{b:02}.xlsx")),
            f.apply(&template).unwrap(),
        )
        .unwrap();
    }
    tender_path
}

/// The floor: open each workbook, read every sheet, touch every cell.
fn calamine_floor(offers: &Path) -> usize {
    let mut files: Vec<PathBuf> = std::fs::read_dir(offers)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut touched = 0;
    for path in files {
        let mut wb = calamine::open_workbook_auto(&path).unwrap();
        for name in wb.sheet_names() {
            let range = wb.worksheet_range(&name).unwrap();
            for cell in range.used_cells() {
                touched += match cell.2 {
                    Data::String(s) => s.len(),
                    Data::Empty => 0,
                    _ => 1,
                };
            }
        }
    }
    touched
}

fn rank_in_process(tender_path: &Path) -> String {
    let tender = tender::tender::load(tender_path).unwrap();
    let analysis = tender::analysis::analyse(&tender, &[]).unwrap();
    tender::output::json::rank(
        &tender,
        &analysis,
        &tender::revised::Revisions::default(),
        &Selection::default(),
        Lang::Fr,
    )
}

/// The analysis report of an analysed tender, as a workbook or a web page: what
/// `tender report` adds to `rank` (check, split, the report's parts and writing them).
fn report_after_analysis(
    tender: &tender::tender::Tender,
    analysis: &tender::analysis::Analysis,
    html: bool,
) -> usize {
    let sources = tender::report::Sources {
        tender,
        analysis,
        check: tender::check::check(tender, analysis),
        split: tender::split::split(tender, analysis, None, None),
        files: Vec::new(),
        date: None,
    };
    let report = tender::report::build(sources, None).unwrap();
    if html {
        tender::output::report_html::write(&report, Lang::Fr).len()
    } else {
        tender::output::report_xlsx::write(tender, &report, Lang::Fr)
            .unwrap()
            .len()
    }
}

fn bench(c: &mut Criterion) {
    let keep = std::env::var_os("TENDER_BENCH_KEEP").map(PathBuf::from);
    let temp = tempfile::tempdir().unwrap();
    let dir = keep.clone().unwrap_or_else(|| temp.path().to_path_buf());
    std::fs::create_dir_all(&dir).unwrap();
    let tender_path = generate(&dir);
    let offers = dir.join("offres");

    // Every offer is rankable: 12 lots × 3 scopes × 20 bidders.
    let doc: serde_json::Value = serde_json::from_str(&rank_in_process(&tender_path)).unwrap();
    let ranked: usize = doc["lots"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|l| l["scopes"].as_array().unwrap())
        .map(|s| s["ranked"].as_array().unwrap().len())
        .sum();
    assert_eq!(ranked, LOTS * 3 * BIDDERS);

    let mut group = c.benchmark_group("rank_12_lots_3_scopes_20_bidders");
    group.sample_size(30);
    group.bench_function("calamine_floor", |b| {
        b.iter(|| black_box(calamine_floor(&offers)))
    });
    group.bench_function("rank_in_process", |b| {
        b.iter(|| black_box(rank_in_process(&tender_path)))
    });
    group.bench_function("rank_binary", |b| {
        b.iter(|| {
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_tender"))
                .args(["rank", "--format", "json", "--tender"])
                .arg(&tender_path)
                .output()
                .unwrap();
            assert!(out.status.success());
            black_box(out.stdout.len())
        })
    });
    group.finish();

    let tender = tender::tender::load(&tender_path).unwrap();
    let analysis = tender::analysis::analyse(&tender, &[]).unwrap();
    let mut group = c.benchmark_group("report_12_lots_3_scopes_20_bidders");
    group.sample_size(20);
    group.bench_function("xlsx_after_analysis", |b| {
        b.iter(|| black_box(report_after_analysis(&tender, &analysis, false)))
    });
    group.bench_function("html_after_analysis", |b| {
        b.iter(|| black_box(report_after_analysis(&tender, &analysis, true)))
    });
    group.bench_function("report_xlsx_binary", |b| {
        let out = dir.join("analyse.xlsx");
        b.iter(|| {
            let run = std::process::Command::new(env!("CARGO_BIN_EXE_tender"))
                .args(["report", "--tender"])
                .arg(&tender_path)
                .arg("--out")
                .arg(&out)
                .output()
                .unwrap();
            assert!(run.status.success());
        })
    });
    group.finish();
    cpu_report(&offers, &tender_path);
}

/// CPU time of the process so far (every thread), in nanoseconds: the machine is shared,
/// and CPU time is what another engineer's compilation does not inflate.
fn cpu_now() -> u128 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid, writable timespec; the clock id is a constant of the OS.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) };
    assert_eq!(ok, 0, "clock_gettime");
    t.tv_sec as u128 * 1_000_000_000 + t.tv_nsec as u128
}

/// Median CPU and wall time of `runs` calls of `f`, in milliseconds.
fn medians(runs: usize, mut f: impl FnMut()) -> (f64, f64) {
    let (mut cpu, mut wall) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let (c0, w0) = (cpu_now(), std::time::Instant::now());
        f();
        wall.push(w0.elapsed().as_secs_f64() * 1e3);
        cpu.push((cpu_now() - c0) as f64 / 1e6);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    (median(&mut cpu), median(&mut wall))
}

/// Prints the CPU time (all threads) and wall time of the floor and of `rank` in
/// process, and their ratio: the target is `rank`'s CPU time within 1.2× the floor's.
fn cpu_report(offers: &Path, tender_path: &Path) {
    let runs = 60;
    let (floor_cpu, floor_wall) = medians(runs, || {
        black_box(calamine_floor(offers));
    });
    let (rank_cpu, rank_wall) = medians(runs, || {
        black_box(rank_in_process(tender_path));
    });
    println!(
        "medians of {runs} runs: calamine floor {floor_cpu:.2} ms CPU, {floor_wall:.2} ms wall; \
         rank in process {rank_cpu:.2} ms CPU, {rank_wall:.2} ms wall; \
         rank CPU / floor CPU = {:.2}",
        rank_cpu / floor_cpu
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
