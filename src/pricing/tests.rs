//! Each normalisation rule on hand-computed cases.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rust_decimal::Decimal;
use rust_decimal::dec;

use super::*;
use crate::bpu::number::NumberError;
use crate::offer::{CellContent, InvalidValue, LotQuote, QuoteCell, ScopeQuote};
use crate::source::{CellRef, Location};

fn loc(row: u32, col: u32) -> Location {
    Location::cell(
        &PathBuf::from("offres/acme.xlsx"),
        Some("Lot 1"),
        CellRef::new(row, col),
    )
}

fn row_of(model: PricingModel, term: Term) -> u32 {
    crate::bpu::layout::item_cell(model, term, 0).unwrap().row
}

/// A scope column with the given cells (numbers), everything else empty.
fn column(scope: &str, col: u32, cells: &[(PricingModel, Term, CellContent)]) -> ScopeQuote {
    let mut map = BTreeMap::new();
    for item in crate::bpu::layout::ITEMS {
        let row = row_of(item.model, item.term);
        map.insert(
            (item.model, item.term),
            QuoteCell {
                content: match (item.model, item.term) {
                    (RegisteredUsers, Quota) => CellContent::Number(75_000.into()),
                    (Population, Quota) => CellContent::Number(450_000.into()),
                    _ => CellContent::Empty,
                },
                location: loc(row, col),
                raw: String::new(),
                vat_included: false,
            },
        );
    }
    for (m, t, content) in cells {
        let row = row_of(*m, *t);
        let raw = match content {
            CellContent::Number(d) => d.to_string(),
            _ => "x".to_owned(),
        };
        map.insert(
            (*m, *t),
            QuoteCell {
                content: content.clone(),
                location: loc(row, col),
                raw,
                vat_included: false,
            },
        );
    }
    ScopeQuote {
        scope: scope.to_owned(),
        header: loc(4, col),
        cells: map,
        conflicts: Vec::new(),
    }
}

fn n(d: Decimal) -> CellContent {
    CellContent::Number(d)
}

fn terms() -> ContractTerms {
    ContractTerms {
        duration_years: 4,
        yearly_revision: dec!(0.02),
        vat_rate: dec!(0.20),
    }
}

fn facts(a: u64, c: u64, k: u64) -> ScopeFacts {
    ScopeFacts {
        active_accounts: a,
        simultaneous_accesses: c,
        consultations: k,
        registered_users: 75_000,
        population: 450_000,
    }
}

fn one(
    cells: &[(PricingModel, Term, CellContent)],
    f: ScopeFacts,
) -> Result<NormalisedCost, Vec<Irregularity>> {
    let quote = LotQuote {
        lot: "1".into(),
        location: loc(0, 0),
        scopes: vec![column("grenoble", 3, cells)],
        bands: Default::default(),
        schedule: None,
    };
    let out = normalise_lot(&quote, |_| Some(f), &terms().factors());
    assert_eq!(out.scopes.len(), 1, "one scope answered");
    out.scopes.into_iter().next().unwrap().result
}

use PricingModel::*;
use Term::*;

fn accounts(
    price: Decimal,
    quota: Decimal,
    pv: Option<Decimal>,
    mv: Option<Decimal>,
) -> Vec<(PricingModel, Term, CellContent)> {
    let mut v = vec![
        (ActiveAccounts, Price, n(price)),
        (ActiveAccounts, Quota, n(quota)),
    ];
    if let Some(p) = pv {
        v.push((ActiveAccounts, Surcharge, n(p)));
    }
    if let Some(m) = mv {
        v.push((ActiveAccounts, Reduction, n(m)));
    }
    v
}

#[test]
fn accounts_above_quota_charge_every_block_begun() {
    // 3 001 accounts on a quota of 2 000: 1 001 above, 2 blocks begun: 10 000 + 2 × 500.
    let c = one(
        &accounts(dec!(10000), dec!(2000), Some(dec!(500)), Some(dec!(300))),
        facts(3001, 0, 0),
    )
    .unwrap();
    assert_eq!(c.annual_ht, dec!(11000));
    assert_eq!(
        c.adjustment,
        Adjustment::Surcharge {
            blocks: dec!(2),
            rate: dec!(500),
            amount: dec!(1000).into()
        }
    );
    // Exactly 1 000 above: one block.
    let c = one(
        &accounts(dec!(10000), dec!(2000), Some(dec!(500)), None),
        facts(3000, 0, 0),
    )
    .unwrap();
    assert_eq!(c.annual_ht, dec!(10500));
    // One account above: one block begun.
    let c = one(
        &accounts(dec!(10000), dec!(2000), Some(dec!(500)), None),
        facts(2001, 0, 0),
    )
    .unwrap();
    assert_eq!(c.annual_ht, dec!(10500));
}

#[test]
fn accounts_below_quota_refund_complete_blocks_only() {
    // 2 999 below a quota of 5 000 (2 001 accounts): 2 complete blocks: 10 000 − 2 × 300.
    let c = one(
        &accounts(dec!(10000), dec!(5000), None, Some(dec!(300))),
        facts(2001, 0, 0),
    )
    .unwrap();
    assert_eq!(c.annual_ht, dec!(9400));
    // Exactly 2 000 below: 2 blocks.
    let c = one(
        &accounts(dec!(10000), dec!(5000), None, Some(dec!(300))),
        facts(3000, 0, 0),
    )
    .unwrap();
    assert_eq!(c.annual_ht, dec!(9400));
    // 999 below: no complete block, no reduction.
    let c = one(
        &accounts(dec!(10000), dec!(5000), None, Some(dec!(300))),
        facts(4001, 0, 0),
    )
    .unwrap();
    assert_eq!(c.annual_ht, dec!(10000));
    assert_eq!(c.adjustment, Adjustment::None);
}

#[test]
fn usage_equal_to_quota_is_the_price() {
    let c = one(
        &accounts(dec!(10000), dec!(3000), None, None),
        facts(3000, 0, 0),
    )
    .unwrap();
    assert_eq!(c.annual_ht, dec!(10000));
    assert_eq!(c.adjustment, Adjustment::None);
    // No surcharge is needed when usage does not exceed the quota.
    assert!(c.surcharge.is_none());
}

#[test]
fn blank_reduction_means_no_reduction() {
    let c = one(
        &accounts(dec!(10000), dec!(9000), None, None),
        facts(3000, 0, 0),
    )
    .unwrap();
    assert_eq!(c.annual_ht, dec!(10000));
    assert_eq!(
        c.adjustment,
        Adjustment::Reduction {
            blocks: dec!(6),
            rate: None,
            amount: dec!(0).into()
        }
    );
}

#[test]
fn cost_never_goes_below_zero() {
    // 10 blocks below × 1 500 = 15 000 > 10 000: floored at 0.
    let c = one(
        &accounts(dec!(10000), dec!(12000), None, Some(dec!(1500))),
        facts(2000, 0, 0),
    )
    .unwrap();
    assert_eq!(c.annual_ht, dec!(0));
    assert!(c.floored);
    assert_eq!(c.contract_ht, dec!(0));
}

#[test]
fn accesses_move_by_single_accesses() {
    let cells = |pv, mv| {
        let mut v = vec![
            (SimultaneousAccesses, Price, n(dec!(8000))),
            (SimultaneousAccesses, Quota, n(dec!(50))),
        ];
        if let Some(p) = pv {
            v.push((SimultaneousAccesses, Surcharge, n(p)));
        }
        if let Some(m) = mv {
            v.push((SimultaneousAccesses, Reduction, n(m)));
        }
        v
    };
    // 63 accesses on 50: 13 × 120 = 1 560 → 9 560.
    assert_eq!(
        one(&cells(Some(dec!(120)), None), facts(0, 63, 0))
            .unwrap()
            .annual_ht,
        dec!(9560)
    );
    // 38 on 50: 12 × 90 = 1 080 → 6 920.
    assert_eq!(
        one(&cells(None, Some(dec!(90))), facts(0, 38, 0))
            .unwrap()
            .annual_ht,
        dec!(6920)
    );
}

#[test]
fn consultations_beyond_quota_use_the_unit_price_or_extrapolate() {
    let base = vec![
        (Consultations, Price, n(dec!(6000))),
        (Consultations, Quota, n(dec!(40000))),
    ];
    // Within the quota: the price.
    assert_eq!(
        one(&base, facts(0, 0, 40000)).unwrap().annual_ht,
        dec!(6000)
    );
    // 65 000 with 0,12 per extra: 6 000 + 25 000 × 0,12 = 9 000.
    let mut with_pv = base.clone();
    with_pv.push((Consultations, Surcharge, n(dec!(0.12))));
    let c = one(&with_pv, facts(0, 0, 65000)).unwrap();
    assert_eq!(c.annual_ht, dec!(9000));
    assert!(!c.extrapolated());
    // Without: 6 000 × 65 000 / 40 000 = 9 750, flagged.
    let c = one(&base, facts(0, 0, 65000)).unwrap();
    assert_eq!(c.annual_ht, dec!(9750));
    assert!(c.extrapolated());
}

#[test]
fn flat_models_are_the_price() {
    let c = one(&[(RegisteredUsers, Price, n(dec!(12500)))], facts(1, 1, 1)).unwrap();
    assert_eq!(c.annual_ht, dec!(12500));
    assert_eq!(c.model, RegisteredUsers);
    let c = one(&[(Population, Price, n(dec!(22500)))], facts(1, 1, 1)).unwrap();
    assert_eq!(c.annual_ht, dec!(22500));
    // 22 500 / 450 000 = 0,05 per inhabitant; / 75 000 = 0,30 per registered user.
    assert_eq!(c.unit.per_inhabitant, Some(dec!(0.05).into()));
    assert_eq!(c.unit.per_registered_user, Some(dec!(0.3).into()));
}

#[test]
fn contract_totals_apply_revision_then_vat() {
    // 10 000 × (1 + 1,02 + 1,0404 + 1,061208) = 41 216,08 HT; × 1,2 = 49 459,296 TTC.
    let c = one(&[(Population, Price, n(dec!(10000)))], facts(1, 1, 1)).unwrap();
    assert_eq!(c.contract_ht, dec!(41216.08));
    assert_eq!(c.contract_ttc, dec!(49459.296));
}

#[test]
fn missing_surcharge_above_quota_is_irregular_for_the_scope() {
    let e = one(
        &accounts(dec!(10000), dec!(2000), None, None),
        facts(2500, 0, 0),
    )
    .unwrap_err();
    assert_eq!(
        e,
        vec![Irregularity::SurchargeNeeded {
            model: ActiveAccounts,
            location: loc(row_of(ActiveAccounts, Surcharge), 3),
            usage: 2500,
            quota: dec!(2000)
        }]
    );
}

#[test]
fn value_problems_are_each_reported_with_their_cell() {
    let cells = vec![
        (
            ActiveAccounts,
            Price,
            CellContent::Invalid(InvalidValue::Text(NumberError::MixedSeparators)),
        ),
        (ActiveAccounts, Quota, n(dec!(0))),
        (ActiveAccounts, Reduction, n(dec!(-5))),
    ];
    let e = one(&cells, facts(100, 0, 0)).unwrap_err();
    assert_eq!(e.len(), 3);
    assert!(
        matches!(&e[0], Irregularity::Invalid { term: Price, location, .. } if location.cell == Some(CellRef::new(row_of(ActiveAccounts, Price), 3)))
    );
    assert!(matches!(&e[1], Irregularity::ZeroQuota { .. }));
    assert!(
        matches!(&e[2], Irregularity::Negative { term: Reduction, value, .. } if *value == dec!(-5))
    );

    let e = one(&[(ActiveAccounts, Quota, n(dec!(1000)))], facts(100, 0, 0)).unwrap_err();
    assert!(matches!(&e[0], Irregularity::Missing { term: Price, .. }));

    let e = one(
        &[
            (Consultations, Price, n(dec!(10))),
            (Consultations, Quota, n(dec!(2.5))),
        ],
        facts(0, 0, 1),
    )
    .unwrap_err();
    assert!(matches!(&e[0], Irregularity::FractionalQuota { .. }));

    let e = one(
        &[(
            Population,
            Price,
            CellContent::Invalid(InvalidValue::ErrorValue("#REF!".into())),
        )],
        facts(0, 0, 1),
    )
    .unwrap_err();
    assert!(
        matches!(&e[0], Irregularity::Invalid { problem: InvalidValue::ErrorValue(v), .. } if v == "#REF!")
    );
}

#[test]
fn two_models_make_the_whole_lot_irregular() {
    let a = column(
        "grenoble",
        3,
        &[
            (ActiveAccounts, Price, n(dec!(100))),
            (ActiveAccounts, Quota, n(dec!(10))),
        ],
    );
    let b = column("isere", 4, &[(Population, Price, n(dec!(100)))]);
    let blank = column("groupement", 5, &[]);
    let quote = LotQuote {
        lot: "1".into(),
        location: loc(0, 0),
        scopes: vec![a, b, blank],
        bands: Default::default(),
        schedule: None,
    };
    let out = normalise_lot(&quote, |_| Some(facts(10, 0, 0)), &terms().factors());
    assert_eq!(out.model, None);
    // The blank groupement column is no offer: not listed.
    assert_eq!(out.scopes.len(), 2);
    for s in &out.scopes {
        let e = s.result.as_ref().unwrap_err();
        assert_eq!(
            e,
            &vec![Irregularity::SeveralModels {
                models: vec![
                    (ActiveAccounts, loc(row_of(ActiveAccounts, Price), 3)),
                    (Population, loc(row_of(Population, Price), 4))
                ]
            }]
        );
    }
}

#[test]
fn a_blank_column_is_no_offer_and_prefilled_bases_do_not_count() {
    let quote = LotQuote {
        lot: "1".into(),
        location: loc(0, 0),
        scopes: vec![column(
            "grenoble",
            3,
            &[
                (RegisteredUsers, Quota, n(dec!(75000))),
                (Population, Quota, n(dec!(450000))),
            ],
        )],
        bands: Default::default(),
        schedule: None,
    };
    let out = normalise_lot(&quote, |_| Some(facts(1, 1, 1)), &terms().factors());
    assert!(out.scopes.is_empty());
    assert_eq!(out.model, None);
}

#[test]
fn extrapolated_consultations_are_an_exact_fraction() {
    // 1 000 for 7 000 consultations, 30 000 estimated, no price per extra consultation:
    // 1 000 × 30 000 ÷ 7 000 = 30 000 ÷ 7 = 4 285.714285…, kept as the fraction (a
    // decimal would round it at its 28th digit).
    let c = one(
        &[
            (Consultations, Price, n(dec!(1000))),
            (Consultations, Quota, n(dec!(7000))),
        ],
        facts(0, 0, 30_000),
    )
    .unwrap();
    let seventh = crate::exact::Exact::ratio(dec!(30000), dec!(1), dec!(7)).unwrap();
    assert_eq!(c.annual_ht, seventh);
    assert!(c.extrapolated());
    // Contract: 4 years at 2 %: × (1 + 1.02 + 1.0404 + 1.061208) = × 4.121608.
    assert_eq!(c.contract_ht, seventh.mul(&dec!(4.121608).into()));
}

#[test]
fn figures_too_large_to_show_to_the_cent_are_irregular_not_rounded() {
    // 3 × 10^25 € a year over 4 years at 2 % is 1.48 × 10^26 € for the contract TTC
    // (× 4.121608 × 1.2): above 10^26, out of range. 10^24 € is not (4.95 × 10^24 TTC):
    // it is priced, exactly.
    let too_large = one(
        &[(Population, Price, n(dec!(30000000000000000000000000)))],
        facts(0, 0, 0),
    );
    assert!(matches!(
        too_large.unwrap_err().as_slice(),
        [Irregularity::OutOfRange {
            model: Population,
            ..
        }]
    ));
    let large = one(
        &[(Population, Price, n(dec!(1000000000000000000000000)))],
        facts(0, 0, 0),
    )
    .unwrap();
    assert_eq!(
        large.contract_ttc,
        crate::exact::Exact::from(dec!(4945929600000000000000000))
    );
}
