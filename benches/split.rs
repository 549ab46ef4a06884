//! `tender split` at the size of French groupements.
//!
//! - the cost games alone: a métropole of 49 members (one city of about 160 000, a few of
//!   10 000 to 40 000, many of 500 to 8 000), counted exactly, and a département of 500
//!   (mostly 100 to 5 500, a few larger), sampled for a standard error below 1 €; both
//!   on the bands 0 / 5 000 / 10 000 / 20 000 / 50 000 / 100 000 / 200 000, with the
//!   exact core check of each split;
//! - the whole command: the shipped métropole (49 communes, three band-tariff lots) and
//!   a generated département of 500 communes on a 10-band population grid
//!   (`split/departement.rs`), in process (load, read the offers, rank, split, JSON) and
//!   as the binary, by Shapley and by population.
//!
//! `cargo bench --bench split`. With `TENDER_BENCH_KEEP=DIR` the generated département
//! is left in DIR (for hyperfine).

#[path = "split/departement.rs"]
mod departement;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use rust_decimal::Decimal;
use tender::lang::Lang;
use tender::split::game::{
    BandTariff, Shapley, ShapleyMethod, core_search_bands, plan_exact_bands, shapley,
    shapley_exact_bands,
};
use tender::split::rounding::to_cents;
use tender::tender::SplitMethod;

/// A small deterministic generator: the same members every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

fn tariff() -> BandTariff {
    let limits = vec![0, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000];
    let prices = [1_450, 2_380, 3_600, 5_900, 9_800, 14_200, 21_500]
        .iter()
        .map(|&p| Decimal::from(p))
        .collect();
    BandTariff::new(limits, prices).expect("a valid tariff")
}

/// One city of 160 000, six of 10 000 to 40 000, 42 of 500 to 8 000.
fn metropole() -> Vec<u64> {
    let mut rng = Lcg(49);
    let mut sizes = vec![160_112];
    sizes.extend([38_452, 31_087, 24_533, 17_861, 13_209, 10_377]);
    sizes.extend((0..42).map(|_| 500 + rng.next(7_501)));
    sizes
}

/// 500 communes: one of 95 000, three of 20 000 to 40 000, twelve of 5 000 to 15 000,
/// the rest of 100 to 5 500, skewed towards the small (the smaller of two uniform draws).
fn departement() -> Vec<u64> {
    let mut rng = Lcg(500);
    let mut sizes = vec![95_344, 38_911, 27_405, 21_618];
    sizes.extend((0..12).map(|_| 5_000 + rng.next(10_001)));
    sizes.extend((0..484).map(|_| 100 + rng.next(5_401).min(rng.next(5_401))));
    sizes
}

fn describe(name: &str, sizes: &[u64], s: &Shapley, took: Duration) {
    let total: u64 = sizes.iter().sum();
    let plan = plan_exact_bands(sizes, &tariff());
    let method = match s.method {
        ShapleyMethod::Sampled { permutations } => format!(
            "sampled: {permutations} permutations × {} rotations, largest SE {} €, target reached: {:?}",
            sizes.len(),
            s.max_standard_error().unwrap_or_default(),
            s.target_reached
        ),
        m => format!("{m:?}"),
    };
    eprintln!(
        "{name}: {} members, {total} inhabitants; exact plan: reach {}, {} word(s), work {:.2e}, \
         memory {} MB; chosen: {method}; one run {:.3} s",
        sizes.len(),
        plan.reach,
        plan.words,
        plan.work as f64,
        plan.memory >> 20,
        took.as_secs_f64()
    );
}

/// The exact core check of a split rounded to cents, timed once.
fn worst_coalition(name: &str, sizes: &[u64], shares: &[Decimal]) {
    let start = Instant::now();
    let found = core_search_bands(sizes, &tariff(), shares).expect("a small enough game");
    let worst = found.worst_proper.expect("two members or more");
    eprintln!(
        "{name}: exact core check of the split to cents, every group: the worst proper group \
         has {} members, paying {} for a cost of {} (excess {}); the whole pays {} for {}; \
         {:.3} s",
        worst.members.len(),
        worst.paid,
        worst.cost,
        worst.excess(),
        found.grand.paid,
        found.grand.cost,
        start.elapsed().as_secs_f64()
    );
}

/// `split` in process, as the binary does it: load, read and rank the offers, split,
/// JSON.
fn split_in_process(tender_path: &Path, method: Option<SplitMethod>) -> String {
    let tender = tender::tender::load(tender_path).expect("the tender loads");
    let analysis = tender::analysis::analyse(&tender, &[]).expect("the offers are read");
    let result = tender::split::split(&tender, &analysis, method, None);
    assert!(result.unsplit.is_empty(), "every lot is split");
    tender::output::split::json(
        &result,
        method.unwrap_or(tender.split.method),
        None,
        Lang::Fr,
    )
}

fn split_binary(tender_path: &Path, method: Option<&str>) -> usize {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_tender"));
    command
        .args(["split", "--format", "json", "--tender"])
        .arg(tender_path);
    if let Some(m) = method {
        command.args(["--method", m]);
    }
    let out = command.output().expect("the binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout.len()
}

fn games(c: &mut Criterion) {
    let t = tariff();
    let metro = metropole();
    let dept = departement();

    let start = Instant::now();
    let exact = shapley_exact_bands(&metro, &t);
    describe("métropole", &metro, &exact, start.elapsed());
    // The split to cents, as `split` rounds it (largest remainder).
    let metro_shares = to_cents(&exact.values, t.cost(metro.iter().sum()));
    worst_coalition("métropole", &metro, &metro_shares);

    let start = Instant::now();
    let chosen = shapley(
        &tender::split::game::Game::Bands {
            sizes: &dept,
            tariff: &t,
        },
        Decimal::ONE,
    )
    .expect("a valid game");
    describe("département", &dept, &chosen, start.elapsed());
    let dept_shares = to_cents(&chosen.values, t.cost(dept.iter().sum()));
    worst_coalition("département", &dept, &dept_shares);

    let mut group = c.benchmark_group("split_games");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("exact Shapley, 49 members", |b| {
        b.iter(|| shapley_exact_bands(black_box(&metro), black_box(&t)))
    });
    group.bench_function("core check, 49 members", |b| {
        b.iter(|| core_search_bands(black_box(&metro), &t, &metro_shares).expect("checked"))
    });
    group.bench_function("shapley, 500 members, SE < 1 €", |b| {
        let game = tender::split::game::Game::Bands {
            sizes: &dept,
            tariff: &t,
        };
        b.iter(|| shapley(black_box(&game), Decimal::ONE).expect("a valid game"))
    });
    group.bench_function("core check, 500 members", |b| {
        b.iter(|| core_search_bands(black_box(&dept), &t, &dept_shares).expect("checked"))
    });
    group.finish();
}

fn command(c: &mut Criterion) {
    let keep = std::env::var_os("TENDER_BENCH_KEEP").map(PathBuf::from);
    let temp = tempfile::tempdir().expect("a temporary folder");
    let dir = keep.unwrap_or_else(|| temp.path().to_path_buf());
    std::fs::create_dir_all(&dir).expect("the folder");
    let dept = departement::write(&dir, 500);
    let metro = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/metropole/tender.toml");

    for (name, path) in [("métropole", &metro), ("département", &dept)] {
        for method in [None, Some(SplitMethod::Population)] {
            let start = Instant::now();
            let out = split_in_process(path, method);
            eprintln!(
                "{name}, {}: split in process, one run {:.3} s ({} bytes of JSON)",
                method.map_or("the tender's methods", |m| m.key()),
                start.elapsed().as_secs_f64(),
                out.len()
            );
        }
    }

    // The tender's methods: Shapley (and population on the métropole's lot 4, which has
    // no band tariff).
    let mut group = c.benchmark_group("split_command");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    for (name, path) in [("49 members", &metro), ("500 members", &dept)] {
        group.bench_function(format!("in process, the tender's methods, {name}"), |b| {
            b.iter(|| black_box(split_in_process(path, None)))
        });
        group.bench_function(format!("in process, population, {name}"), |b| {
            b.iter(|| black_box(split_in_process(path, Some(SplitMethod::Population))))
        });
        group.bench_function(format!("binary, the tender's methods, {name}"), |b| {
            b.iter(|| black_box(split_binary(path, None)))
        });
        group.bench_function(format!("binary, population, {name}"), |b| {
            b.iter(|| black_box(split_binary(path, Some("population"))))
        });
    }
    group.finish();
}

criterion_group!(benches, games, command);
criterion_main!(benches);
