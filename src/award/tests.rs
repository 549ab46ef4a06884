//! Marks, ranks, ties and exclusions on hand-computed cases.

use std::collections::BTreeMap;

use rust_decimal::{Decimal, dec};

use super::*;
use crate::pricing::ContractTerms;
use crate::pricing::{Adjustment, PricingModel, UnitCosts};
use crate::source::{Location, Sourced};
use crate::tender::{Lot, PriceFormula, Scope, ScopeKind};

fn cost(annual: Decimal) -> NormalisedCost {
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
        annual_ht: annual,
        contract_ht: annual,
        contract_ttc: annual,
        unit: UnitCosts::default(),
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
                o.price_mark.round(2),
                o.total.round(2),
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
    assert_eq!(r.ranked[0].total.round(2), dec!(40));
}

#[test]
fn zero_lowest_cost_gets_full_weight() {
    let r = rank_scope(
        &lot(None),
        &scope(ScopeKind::Groupement),
        vec![entry("free", dec!(0), None), entry("paid", dec!(100), None)],
        &rules(),
        &terms(),
    );
    assert_eq!(r.ranked[0].price_mark.round(2), dec!(40));
    assert_eq!(r.ranked[1].price_mark.round(2), dec!(0));
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
            amount: dec!(90000.01),
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
