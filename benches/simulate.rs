//! `tender simulate --draws`: the Monte Carlo on the shipped examples, every lot and
//! scope, each draw priced and ranked exactly (README, Performance).
//!
//! - Grenoble: 12 lots, 3 scopes, all its offers, the accounts of lot 1 drawn from a PERT
//!   and a triangular law per member (correlation 0.5);
//! - the métropole: 49 communes, its lots and offers, every commune's accounts drawn.
//!
//! `cargo bench --bench simulate`. Each sample is 1 000 draws (one chunk per thread); the
//! figure per million draws is that time × 1 000.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

use tender::simulate::{evaluators, montecarlo};
use tender::tender::uncertainty::{Law, MemberLaw};

fn tender_with_laws(example: &str) -> tender::tender::Tender {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(example);
    let mut t = tender::tender::load(&root.join("tender.toml")).expect("example loads");
    t.uncertainty.correlation = rust_decimal::Decimal::new(5, 1);
    for lot in &t.lots {
        for m in &t.members {
            let e = lot.usage.get(&m.id).map_or(0, |u| u.active_accounts);
            t.uncertainty.laws.push(MemberLaw {
                lot: lot.id.clone(),
                member: m.id.clone(),
                measure: "active_accounts",
                law: Law::Pert {
                    low: e / 2,
                    mode: e,
                    high: e * 2 + 1,
                },
            });
        }
    }
    t
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("simulate");
    group.sample_size(10);
    for example in ["grenoble", "metropole"] {
        let t = tender_with_laws(example);
        let analysis = tender::analysis::analyse(&t, &[]).expect("offers read");
        let evs = evaluators(&t, &analysis.read, &analysis.evaluation, None, None);
        group.bench_function(format!("{example}_1000_draws"), |b| {
            b.iter(|| black_box(montecarlo::run(&t, &evs, 1000, 7, &|_| {})))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
