//! Shapley values of band games the size of French groupements.
//!
//! - a métropole: 49 members (one city of about 160 000, a few of 10 000 to 40 000, many
//!   of 500 to 8 000; about 450 000 in all), counted exactly;
//! - a département: 500 members (mostly 100 to 5 000, a few larger; about 1.2 million),
//!   with what `shapley` chooses for a standard error below 1 €.
//!
//! Both on the bands 0 / 5 000 / 10 000 / 20 000 / 50 000 / 100 000 / 200 000.
//! `cargo bench --bench split`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use rust_decimal::Decimal;
use tender::split::game::{
    BandTariff, Game, Shapley, ShapleyMethod, core_violations, core_worst_bands, plan_exact_bands,
    shapley, shapley_exact_bands,
};

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
    let largest = s
        .values
        .iter()
        .filter_map(|v| v.round(2))
        .max()
        .unwrap_or_default();
    eprintln!(
        "{name}: {} members, {total} inhabitants; exact plan: reach {}, {} word(s), work {:.2e}, \
         memory {} MB; chosen: {method}; one run {:.3} s; largest share {largest} €",
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
    let worst = core_worst_bands(sizes, &tariff(), shares).expect("a small enough game");
    let members = if worst.members.len() == sizes.len() {
        "all the members".to_string()
    } else if worst.members.len() * 2 > sizes.len() {
        let out: Vec<usize> = (0..sizes.len())
            .filter(|i| !worst.members.contains(i))
            .collect();
        format!("all but {out:?}")
    } else {
        format!("{:?}", worst.members)
    };
    eprintln!(
        "{name}: exact core check of the split to cents, every coalition: the worst is {members}, \
         paying {} for a cost of {} (excess {}); {:.3} s",
        worst.paid,
        worst.cost,
        worst.excess(),
        start.elapsed().as_secs_f64()
    );
}

fn bench(c: &mut Criterion) {
    let t = tariff();
    let metro = metropole();
    let dept = departement();

    let start = Instant::now();
    let exact = shapley_exact_bands(&metro, &t);
    describe("métropole", &metro, &exact, start.elapsed());
    let shares: Vec<Decimal> = exact.values.iter().filter_map(|v| v.round(2)).collect();
    let game = Game::Bands {
        sizes: &metro,
        tariff: &t,
    };
    let check = core_violations(&game, &shares, 2, 10_000_000);
    eprintln!(
        "métropole: core check of the Shapley split (rounded to cents), sizes {:?}: {} \
         coalitions, {} violations{}",
        check.sizes,
        check.checked,
        check.violations.len(),
        check
            .worst()
            .map(|w| format!(", worst {:?} pays {} for {}", w.members, w.paid, w.cost))
            .unwrap_or_default()
    );

    worst_coalition("métropole", &metro, &shares);

    let start = Instant::now();
    let game = Game::Bands {
        sizes: &dept,
        tariff: &t,
    };
    let chosen = shapley(&game, Decimal::ONE).expect("a valid game");
    describe("département", &dept, &chosen, start.elapsed());
    let shares: Vec<Decimal> = chosen.values.iter().filter_map(|v| v.round(2)).collect();
    worst_coalition("département", &dept, &shares);

    let mut group = c.benchmark_group("split");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("exact Shapley, 49 members", |b| {
        b.iter(|| shapley_exact_bands(black_box(&metro), black_box(&t)))
    });
    group.bench_function("shapley, 500 members, SE < 1 €", |b| {
        b.iter(|| shapley(black_box(&game), Decimal::ONE).expect("a valid game"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
