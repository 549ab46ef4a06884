//! Marks, ranks, ties and exclusions on hand-computed cases.

use std::collections::BTreeMap;

use rust_decimal::{Decimal, dec};

use super::*;
use crate::pricing::ContractTerms;
use crate::pricing::{Adjustment, PricingModel, UnitCosts};
use crate::source::{Location, Sourced};
use crate::tender::{Ceiling, Lot, Period, PriceFormula, Scope, ScopeKind, VatBasis};

/// A flat-priced cost whose contract figures equal the yearly one (one year, no VAT
/// applied): enough where the basis does not matter.
pub(super) fn cost(annual: Decimal) -> NormalisedCost {
    NormalisedCost {
        model: PricingModel::Population,
        price: Sourced {
            value: annual,
            location: Location::file(std::path::Path::new("x.xlsx")),
            raw: annual.to_string(),
        },
        quota: None,
        surcharge: None,
        reduction: None,
        usage: None,
        adjustment: Adjustment::None,
        floored: false,
        annual_ht: annual.into(),
        contract_ht: annual.into(),
        contract_ttc: annual.into(),
        unit: UnitCosts::default(),
        schedule: None,
    }
}

fn entry(bidder: &str, annual: Decimal, technical: Option<Decimal>) -> Entry {
    Entry {
        bidder: bidder.into(),
        bidder_name: None,
        source: None,
        result: Ok(cost(annual)),
        technical: technical.map(|t| TechnicalMark {
            mark: Mark::from_decimal(t),
            parts: Vec::new(),
        }),
        non_compliance: Vec::new(),
    }
}

fn lot(ceiling: Option<Decimal>) -> Lot {
    Lot {
        id: "1".into(),
        title: "Musique".into(),
        vat_rate: dec!(0.2),
        ceilings: ceiling
            .map(|amount| {
                BTreeMap::from([(
                    "groupement".to_owned(),
                    crate::tender::Ceiling {
                        amount,
                        vat: crate::tender::VatBasis::Ht,
                        period: crate::tender::Period::Yearly,
                    },
                )])
            })
            .unwrap_or_default(),
        usage: BTreeMap::new(),
        counted: Vec::new(),
        bands: None,
        schedule: None,
    }
}

fn terms() -> ContractTerms {
    ContractTerms {
        duration_years: 1,
        yearly_revision: Decimal::ZERO,
        vat_rate: dec!(0.2),
    }
}

fn scope(kind: ScopeKind) -> Scope {
    Scope {
        id: match kind {
            ScopeKind::Member => "a".into(),
            _ => "groupement".into(),
        },
        name: "Groupement".into(),
        members: vec!["a".into(), "b".into()],
        kind,
    }
}

fn rules() -> AwardRules {
    AwardRules {
        price_weight: dec!(40),
        technical_weight: dec!(60),
        price_formula: PriceFormula::Proportional,
        price_basis: crate::tender::PriceBasis::AnnualHt,
        tie_break: vec![TieBreak::Technical, TieBreak::Cost, TieBreak::Bidder],
        technical_scores: None,
        criteria: Vec::new(),
        security: Default::default(),
        gdpr: Default::default(),
        abnormally_low: Default::default(),
    }
}

#[test]
fn proportional_marks_and_totals() {
    // Lowest 10 000. B at 12 500: 40 × 10 000 / 12 500 = 32. C at 30 000: 13,333….
    let r = rank_scope(
        &lot(None),
        &scope(ScopeKind::Groupement),
        vec![
            entry("c", dec!(30000), Some(dec!(50))),
            entry("a", dec!(10000), Some(dec!(30))),
            entry("b", dec!(12500), Some(dec!(45))),
        ],
        &rules(),
        &terms(),
    );
    let got: Vec<(&str, usize, Decimal, Decimal)> = r
        .ranked
        .iter()
        .map(|o| {
            (
                o.bidder.as_str(),
                o.rank,
                o.price_mark.round(2).unwrap(),
                o.total.round(2).unwrap(),
            )
        })
        .collect();
    // b: 32 + 45 = 77; a: 40 + 30 = 70; c: 13,33 + 50 = 63,33.
    assert_eq!(
        got,
        vec![
            ("b", 1, dec!(32), dec!(77)),
            ("a", 2, dec!(40), dec!(70)),
            ("c", 3, dec!(13.33), dec!(63.33))
        ]
    );
    assert!(r.ranked.iter().all(|o| !o.tie));
}

#[test]
fn exact_ties_are_flagged_and_broken_by_technical_mark() {
    // a: 10 000 → 40 + 40 = 80. b: 20 000 → 20 + 60 = 80. Exactly equal: tie; b first
    // on its technical mark.
    let r = rank_scope(
        &lot(None),
        &scope(ScopeKind::Groupement),
        vec![
            entry("a", dec!(10000), Some(dec!(40))),
            entry("b", dec!(20000), Some(dec!(60))),
        ],
        &rules(),
        &terms(),
    );
    assert_eq!(r.ranked[0].bidder, "b");
    assert_eq!(r.ranked[1].bidder, "a");
    assert!(r.ranked[0].tie && r.ranked[1].tie);
    // A tie of thirds: a at 30 000 → 40 × 10 000 / 30 000 = 13,33… + 50 = 63,33…;
    // b at 12 000 → 33,33… + 30 = 63,33…; c at 10 000 → 40 + 0 = 40.
    let r = rank_scope(
        &lot(None),
        &scope(ScopeKind::Groupement),
        vec![
            entry("a", dec!(30000), Some(dec!(50))),
            entry("b", dec!(12000), Some(dec!(30))),
            entry("c", dec!(10000), Some(dec!(0))),
        ],
        &rules(),
        &terms(),
    );
    assert_eq!(r.ranked[0].bidder, "a");
    assert!(r.ranked[0].tie && r.ranked[1].tie && !r.ranked[2].tie);
}

#[test]
fn equal_totals_and_marks_fall_back_to_cost_then_id() {
    let r = rank_scope(
        &lot(None),
        &scope(ScopeKind::Groupement),
        vec![
            entry("zeta", dec!(5000), None),
            entry("alpha", dec!(5000), None),
        ],
        &rules(),
        &terms(),
    );
    assert_eq!(r.ranked[0].bidder, "alpha");
    assert!(r.ranked[0].technical_mark.is_none());
    assert_eq!(r.ranked[0].total.round(2).unwrap(), dec!(40));
}

#[test]
fn zero_lowest_cost_leaves_the_scope_unranked_under_proportional() {
    let r = rank_scope(
        &lot(None),
        &scope(ScopeKind::Groupement),
        vec![entry("free", dec!(0), None), entry("paid", dec!(100), None)],
        &rules(),
        &terms(),
    );
    assert!(r.ranked.is_empty());
    let failure = r.failure.expect("a failure");
    assert_eq!(failure.bidders, vec!["free", "paid"]);
    assert_eq!(
        failure.error,
        PriceMarkError::ZeroLowestPrice {
            formula: "proportional",
            at_zero: vec![0],
        }
    );
    // The offer at 0 is flagged abnormally low all the same.
    let test = r.abnormally_low.expect("a test");
    assert_eq!(test.flagged.len(), 1);
    assert_eq!(test.flagged[0].index, 0);
}

#[test]
fn above_ceiling_is_unacceptable_for_the_groupement_only() {
    let entries = || {
        vec![
            entry("a", dec!(90000.01), None),
            entry("b", dec!(90000), None),
        ]
    };
    let r = rank_scope(
        &lot(Some(dec!(90000))),
        &scope(ScopeKind::Groupement),
        entries(),
        &rules(),
        &terms(),
    );
    assert_eq!(r.ranked.len(), 1);
    assert_eq!(r.ranked[0].bidder, "b");
    assert_eq!(r.excluded[0].status, Status::Unacceptable);
    assert_eq!(
        r.excluded[0].reasons,
        vec![Exclusion::AboveCeiling {
            amount: dec!(90000.01).into(),
            ceiling: crate::tender::Ceiling {
                amount: dec!(90000),
                vat: crate::tender::VatBasis::Ht,
                period: crate::tender::Period::Yearly,
            }
        }]
    );
    let r = rank_scope(
        &lot(Some(dec!(90000))),
        &scope(ScopeKind::Member),
        entries(),
        &rules(),
        &terms(),
    );
    assert_eq!(r.ranked.len(), 2);
}

#[test]
fn abnormally_low_offers_are_flagged_not_dropped() {
    let r = rank_scope(
        &lot(None),
        &scope(ScopeKind::Groupement),
        vec![
            entry("a", dec!(100), None),
            entry("b", dec!(95), None),
            entry("c", dec!(90), None),
            entry("d", dec!(60), None),
            entry("e", dec!(200), None),
        ],
        &rules(),
        &terms(),
    );
    let d = r.ranked.iter().find(|o| o.bidder == "d").unwrap();
    assert_eq!(d.flags, vec![Flag::AbnormallyLow]);
    assert_eq!(d.rank, 1);
    assert_eq!(
        r.ranked
            .iter()
            .filter(|o| o.flags.contains(&Flag::AbnormallyLow))
            .count(),
        1
    );
}

#[test]
fn the_declared_tie_break_order_decides() {
    // a: 10 000 → 40 + 40 = 80; b: 20 000 → 20 + 60 = 80. Cost first: a (cheaper) leads;
    // the default (technical first) puts b first.
    let mut r = rules();
    r.tie_break = vec![TieBreak::Cost, TieBreak::Bidder];
    let ranked = rank_scope(
        &lot(None),
        &scope(ScopeKind::Groupement),
        vec![
            entry("a", dec!(10000), Some(dec!(40))),
            entry("b", dec!(20000), Some(dec!(60))),
        ],
        &r,
        &terms(),
    );
    assert_eq!(ranked.ranked[0].bidder, "a");
    assert!(ranked.ranked[0].tie && ranked.ranked[1].tie);
}

fn ceiling_lot(scope: &str, amount: Decimal, vat: VatBasis, period: Period) -> Lot {
    let mut l = lot(None);
    l.ceilings.insert(
        scope.to_owned(),
        Ceiling {
            amount,
            vat,
            period,
        },
    );
    l
}

#[test]
fn a_ttc_ceiling_compares_the_cost_with_vat() {
    // 90 000 TTC a year at 20 % VAT is 75 000 HT: 75 000 HT (90 000 TTC) is kept,
    // 75 000,01 HT is 90 000,012 TTC, above.
    let l = ceiling_lot("groupement", dec!(90000), VatBasis::Ttc, Period::Yearly);
    let r = rank_scope(
        &l,
        &scope(ScopeKind::Groupement),
        vec![
            entry("a", dec!(75000), None),
            entry("b", dec!(75000.01), None),
        ],
        &rules(),
        &terms(),
    );
    assert_eq!(r.ranked.len(), 1);
    assert_eq!(r.ranked[0].bidder, "a");
    assert_eq!(
        r.excluded[0].reasons,
        vec![Exclusion::AboveCeiling {
            amount: dec!(90000.012).into(),
            ceiling: l.ceilings["groupement"].clone(),
        }]
    );
}

#[test]
fn a_contract_ceiling_on_a_member_scope_uses_the_contract_total() {
    // 3 years at 10 % revision: factor 1 + 1.1 + 1.21 = 3.31. A yearly 10 000 HT is
    // 33 100 HT over the contract; a ceiling of 33 099.99 HT for the contract excludes
    // it, one of 33 100 keeps it. The test's `cost` helper sets contract_ht to the
    // yearly cost, so build the contract figure here.
    let t = ContractTerms {
        duration_years: 3,
        yearly_revision: dec!(0.1),
        vat_rate: dec!(0.2),
    };
    let mut e = entry("a", dec!(10000), None);
    if let Ok(c) = &mut e.result {
        c.contract_ht = dec!(33100).into();
    }
    for (amount, kept) in [(dec!(33099.99), false), (dec!(33100), true)] {
        let l = ceiling_lot("a", amount, VatBasis::Ht, Period::Contract);
        let r = rank_scope(&l, &scope(ScopeKind::Member), vec![e.clone()], &rules(), &t);
        assert_eq!(r.ranked.len() == 1, kept, "ceiling {amount}");
    }
    // The budget in the compared basis (yearly HT) is the exact fraction 33 100 ÷ 3.31
    // = 10 000.
    let c = Ceiling {
        amount: dec!(33100),
        vat: VatBasis::Ht,
        period: Period::Contract,
    };
    assert_eq!(
        budget_in(&c, &t, crate::tender::PriceBasis::AnnualHt),
        Some(Mark::from_decimal(dec!(10000)))
    );
    // 12 000 TTC a year is 10 000 HT: at 20 % VAT, 12 000 × 1 ÷ 1.2.
    let c = Ceiling {
        amount: dec!(12000),
        vat: VatBasis::Ttc,
        period: Period::Yearly,
    };
    assert_eq!(
        budget_in(&c, &t, crate::tender::PriceBasis::AnnualHt),
        Some(Mark::from_decimal(dec!(10000)))
    );
}

#[test]
fn non_compliant_offers_are_excluded_and_every_reason_kept() {
    let mut bad = entry("b", dec!(90000.01), None);
    bad.non_compliance = vec![NonCompliance::NoGrade {
        minimum: crate::tender::Grade::parse("B").unwrap(),
        looked: Vec::new(),
    }];
    let mut worse = entry("c", dec!(1000), None);
    worse.non_compliance = bad.non_compliance.clone();
    let r = rank_scope(
        &lot(Some(dec!(90000))),
        &scope(ScopeKind::Groupement),
        vec![entry("a", dec!(50000), None), bad, worse],
        &rules(),
        &terms(),
    );
    assert_eq!(r.ranked.len(), 1);
    // b is above the ceiling and non-compliant: unacceptable comes first, both reasons
    // are listed. c is only non-compliant.
    assert_eq!(r.excluded[0].bidder, "b");
    assert_eq!(r.excluded[0].status, Status::Unacceptable);
    assert_eq!(r.excluded[0].reasons.len(), 2);
    assert_eq!(r.excluded[1].status, Status::NonCompliant);
    // The price marks are among the admissible offers only: a alone gets 40.
    assert_eq!(r.ranked[0].price_mark, Mark::from_decimal(dec!(40)));
}
