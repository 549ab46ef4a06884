//! `tender simulate --draws`: the Monte Carlo on the shipped examples, every lot and
//! scope, each draw priced and ranked exactly (README, Performance).
//!
//! - Grenoble: 12 lots, 3 scopes, all its offers, the accounts of every member and lot
//!   drawn from a PERT law from half to twice the estimate (correlation 0.5);
//! - the métropole: 49 communes, its lots and offers, every commune's accounts drawn
//!   likewise.
//!
//! `cargo bench --bench simulate`: first the two targets timed once each (1 000 000
//! draws of Grenoble, 10 000 of the métropole; wall and CPU time), then criterion on
//! 1 000 draws of each. The draws count the usages met and each usage met is priced
//! once, so the time is not proportional to the number of draws.

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};

use tender::simulate::{evaluators, montecarlo};
use tender::tender::SplitMethod;
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

/// CPU time of the whole process (all threads), to set beside the wall time on a
/// machine shared with other work.
fn cpu_seconds() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a valid clock id and a pointer to a timespec owned here.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 / 1e9
}

/// The targets, timed once each: 1 000 000 draws of Grenoble, 10 000 of the
/// métropole; then Grenoble split by SCRB, whose shares need each member's own draw
/// (each distinct pair of the two members' drawn accounts is shared once).
fn targets() {
    for (example, draws, method) in [
        ("grenoble", 1_000_000, None),
        ("metropole", 10_000, None),
        ("grenoble", 1_000_000, Some(SplitMethod::Scrb)),
    ] {
        let mut t = tender_with_laws(example);
        if let Some(m) = method {
            t.split.method = m;
            t.split.by_lot.clear();
        }
        let analysis = tender::analysis::analyse(&t, &[]).expect("offers read");
        let evs = evaluators(&t, &analysis.read, &analysis.evaluation, None, None);
        let (wall, cpu) = (Instant::now(), cpu_seconds());
        let mc = montecarlo::run(&t, &evs, draws, 7, &|_| {});
        let split = method.map_or(String::new(), |m| format!(" split by {}", m.key()));
        let shared = mc.shares.iter().filter(|s| s.members.is_ok()).count();
        println!(
            "{example}{split}: {draws} draws, {} lots and scopes, {shared} lots shared: wall {:.2} s, CPU {:.2} s",
            mc.scopes.len(),
            wall.elapsed().as_secs_f64(),
            cpu_seconds() - cpu
        );
    }
}

fn bench(c: &mut Criterion) {
    targets();
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
