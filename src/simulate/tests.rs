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
