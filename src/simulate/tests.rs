//! The pieces of the break-even search on figures worked out by hand.

use rust_decimal::dec;

use super::sweep::{self, Scaled};
use super::*;

#[test]
fn a_usage_is_scaled_in_whole_units() {
    // 1.3334 × 6 000 = 8 000.4: the fraction is dropped.
    assert_eq!(scaled(6000, dec!(1.3334)), Some(8000));
    assert_eq!(scaled(6000, dec!(0)), Some(0));
    assert_eq!(scaled(6000, dec!(-1)), None);
    assert_eq!(scaled(u64::MAX, dec!(2)), None);
    let estimate = ScopeFacts {
        active_accounts: 3,
        simultaneous_accesses: 10,
        consultations: 7,
        registered_users: 5,
        population: 9,
    };
    let f = sweep::scaled_facts(&estimate, Scaled::One(Measure::Consultations), dec!(2.5)).unwrap();
    // Only consultations move: ⌊2.5 × 7⌋ = 17.
    assert_eq!((f.active_accounts, f.consultations), (3, 17));
    let f = sweep::scaled_facts(&estimate, Scaled::All, dec!(0.5)).unwrap();
    // Every measure: 1, 5, 3; the sizes (population, users) never.
    assert_eq!(
        (
            f.active_accounts,
            f.simultaneous_accesses,
            f.consultations,
            f.population
        ),
        (1, 5, 3, 9)
    );
}

#[test]
fn sweep_factors_are_spread_evenly_and_rounded_to_four_places() {
    assert_eq!(
        sweep::factors(dec!(0.25), dec!(4), 4).unwrap(),
        vec![dec!(0.25), dec!(1.5), dec!(2.75), dec!(4)]
    );
    // 1 ÷ 3 = 0.3333…, 2 ÷ 3 = 0.6667 (half away from zero at the fourth place).
    assert_eq!(
        sweep::factors(dec!(0), dec!(1), 4).unwrap(),
        vec![dec!(0), dec!(0.3333), dec!(0.6667), dec!(1)]
    );
    assert!(sweep::factors(dec!(2), dec!(1), 4).is_err());
    assert!(sweep::factors(dec!(0), dec!(1), 1).is_err());
}

#[test]
fn measures_have_the_tender_files_names() {
    for m in Measure::ALL {
        assert_eq!(Measure::from_key(m.key()), Some(m));
    }
    assert_eq!(
        Measure::of_model(PricingModel::Consultations),
        Some(Measure::Consultations)
    );
    assert_eq!(Measure::of_model(PricingModel::Population), None);
}

/// The holder of `criterion` at `n` units of `m`, evaluated directly.
fn holder_at(ev: &Evaluator, m: Measure, n: u64, cheapest: bool) -> Option<String> {
    let p = ev.at(&m.set(&ev.estimate, n));
    let h = if cheapest { p.cheapest() } else { p.winner() };
    h.map(str::to_owned)
}

/// The first unit from the estimate, going up or down, whose holder differs, by trying
/// every unit (at most `limit`).
fn scanned(
    ev: &Evaluator,
    m: Measure,
    highest: u64,
    cheapest: bool,
    up: bool,
) -> breakeven::Search {
    let estimate = m.get(&ev.estimate);
    let holder = holder_at(ev, m, estimate, cheapest);
    let units: Box<dyn Iterator<Item = u64>> = if up {
        Box::new(estimate + 1..=highest)
    } else {
        Box::new((0..estimate).rev())
    };
    for n in units {
        let h = holder_at(ev, m, n, cheapest);
        if h != holder {
            return breakeven::Search::Change(breakeven::Change { at: n, to: h });
        }
    }
    breakeven::Search::Unchanged
}

/// On the shipped example, every break-even point found from the pieces is the one
/// found by trying every unit (on ranges kept short enough to try them all).
#[test]
fn break_even_points_are_those_found_unit_by_unit_on_the_example() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let tender = crate::tender::load(&root.join("examples/grenoble/tender.toml")).unwrap();
    let analysis = crate::analysis::analyse(&tender, &[]).unwrap();
    let evs = evaluators(&tender, &analysis.read, &analysis.evaluation, None, None);
    let (mut checked, mut changes) = (0, 0);
    for ev in evs
        .iter()
        .filter(|e| ["1", "2", "5", "9"].contains(&e.lot.id.as_str()))
    {
        for m in [
            Measure::SimultaneousAccesses,
            Measure::Consultations,
            Measure::ActiveAccounts,
        ] {
            let estimate = m.get(&ev.estimate);
            // Short ranges: accesses up to 3 × the estimate, the others to 1.2 ×.
            let highest = if m == Measure::SimultaneousAccesses {
                estimate * 3
            } else {
                estimate + estimate / 5
            };
            if highest > 12_000 || estimate > 12_000 {
                continue;
            }
            let b = breakeven::break_even(ev, m, highest);
            if b.moving.is_empty() {
                continue;
            }
            for (cheapest, s) in [(true, &b.cheapest), (false, &b.winner)] {
                let what = (&ev.lot.id, &ev.scope.id, m, cheapest);
                assert_eq!(s.above, scanned(ev, m, highest, cheapest, true), "{what:?}");
                if estimate <= 3000 {
                    assert_eq!(
                        s.below,
                        scanned(ev, m, highest, cheapest, false),
                        "{what:?}"
                    );
                }
                checked += 1;
                changes += usize::from(matches!(s.above, breakeven::Search::Change(_)));
            }
        }
    }
    assert!(checked >= 8 && changes >= 2, "{checked} {changes}");
}
