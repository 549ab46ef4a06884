//! The price basis changes the figures shown, never a decision.
//!
//! Every basis is the yearly HT cost times one factor per lot, so marks, ties, flags,
//! exclusions and ranks must be the same whether the marks compare yearly HT costs or
//! contract TTC costs, for any contract length (1 to 30 years) and any revision rate with
//! up to four decimals, and an offer exactly at a ceiling, in whatever basis the ceiling
//! is written, is accepted. Contract totals of such lengths need far more than the 28
//! significant digits a `Decimal` holds: this is what the exact figures are for.

use std::collections::BTreeMap;

use proptest::prelude::*;
use rust_decimal::{Decimal, dec};

use super::*;
use crate::pricing::ContractTerms;
use crate::tender::{Ceiling, Lot, Period, PriceBasis, PriceFormula, Scope, ScopeKind, VatBasis};

/// A flat-priced cost with its exact contract figures under `terms`.
fn cost(annual: Decimal, terms: &ContractTerms) -> NormalisedCost {
    let mut c = super::tests::cost(annual);
    (c.contract_ht, c.contract_ttc) = terms.totals(&c.annual_ht);
    c
}

fn entries(offers: &[(Decimal, Decimal)], terms: &ContractTerms) -> Vec<Entry> {
    offers
        .iter()
        .enumerate()
        .map(|(i, (annual, technical))| Entry {
            bidder: format!("b{i}"),
            bidder_name: None,
            source: None,
            result: Ok(cost(*annual, terms)),
            technical: Some(TechnicalMark {
                mark: Mark::from_decimal(*technical),
                parts: Vec::new(),
            }),
            non_compliance: Vec::new(),
        })
        .collect()
}

fn lot(ceiling: Option<Ceiling>, vat_rate: Decimal) -> Lot {
    Lot {
        id: "1".into(),
        title: "Musique".into(),
        vat_rate,
        ceilings: ceiling
            .map(|c| BTreeMap::from([("groupement".to_owned(), c)]))
            .unwrap_or_default(),
        usage: BTreeMap::new(),
        counted: Vec::new(),
        bands: None,
        schedule: None,
    }
}

fn scope() -> Scope {
    Scope {
        id: "groupement".into(),
        name: "Groupement".into(),
        members: vec!["a".into(), "b".into()],
        kind: ScopeKind::Groupement,
    }
}

fn rules(formula: PriceFormula, basis: PriceBasis, method: abnormally_low::Method) -> AwardRules {
    AwardRules {
        price_weight: dec!(40),
        technical_weight: dec!(60),
        price_formula: formula,
        price_basis: basis,
        tie_break: vec![TieBreak::Technical, TieBreak::Cost, TieBreak::Bidder],
        technical_scores: None,
        criteria: Vec::new(),
        security: Default::default(),
        gdpr: Default::default(),
        abnormally_low: method,
    }
}

/// What a ranking decides, without the figures that depend on the basis.
#[derive(Debug, PartialEq, Eq)]
struct Decisions {
    ranked: Vec<(String, usize, Mark, Mark, bool, Vec<Flag>)>,
    excluded: Vec<(String, Status)>,
    failure: bool,
}

fn decisions(r: &ScopeRanking) -> Decisions {
    Decisions {
        ranked: r
            .ranked
            .iter()
            .map(|o| {
                (
                    o.bidder.clone(),
                    o.rank,
                    o.price_mark.clone(),
                    o.total.clone(),
                    o.tie,
                    o.flags.clone(),
                )
            })
            .collect(),
        excluded: r
            .excluded
            .iter()
            .map(|o| (o.bidder.clone(), o.status))
            .collect(),
        failure: r.failure.is_some(),
    }
}

fn rank(
    offers: &[(Decimal, Decimal)],
    terms: &ContractTerms,
    ceiling: Option<Ceiling>,
    formula: &PriceFormula,
    method: &abnormally_low::Method,
    basis: PriceBasis,
) -> ScopeRanking {
    rank_scope(
        &lot(ceiling, terms.vat_rate),
        &scope(),
        entries(offers, terms),
        &rules(formula.clone(), basis, method.clone()),
        terms,
    )
}

fn ten_years(revision: Decimal) -> ContractTerms {
    ContractTerms {
        duration_years: 10,
        yearly_revision: revision,
        vat_rate: dec!(0.20),
    }
}

#[test]
fn an_offer_exactly_at_a_yearly_ttc_ceiling_is_marked_in_the_contract_basis() {
    // 25 000 HT a year is exactly 30 000 TTC at 20 %: at the ceiling, so acceptable. Over
    // ten years at 1.5 % its contract TTC total has 29 significant digits. Under a budget
    // formula the budget is the ceiling in the compared basis: the offer at it saves
    // nothing (mark 0), the one at 20 000 HT saves everything there is to save (mark 40).
    let terms = ten_years(dec!(0.015));
    let ceiling = Ceiling {
        amount: dec!(30000),
        vat: VatBasis::Ttc,
        period: Period::Yearly,
    };
    let offers = [(dec!(25000), dec!(50)), (dec!(20000), dec!(30))];
    for formula in [
        PriceFormula::LinearBudget,
        PriceFormula::Concave { alpha: dec!(0.5) },
        PriceFormula::Bilinear { share: dec!(0.85) },
    ] {
        let r = rank(
            &offers,
            &terms,
            Some(ceiling.clone()),
            &formula,
            &Default::default(),
            PriceBasis::ContractTtc,
        );
        assert!(r.failure.is_none(), "{formula:?}: {:?}", r.failure);
        assert!(r.excluded.is_empty(), "{formula:?}: {:?}", r.excluded);
        let at_ceiling = r.ranked.iter().find(|o| o.bidder == "b0").unwrap();
        let lowest = r.ranked.iter().find(|o| o.bidder == "b1").unwrap();
        assert_eq!(at_ceiling.price_mark, Mark::zero(), "{formula:?}");
        assert_eq!(lowest.price_mark, dec!(40), "{formula:?}");
    }
}

#[test]
fn an_exact_tie_stays_a_tie_over_ten_years_at_one_point_seventy_five() {
    // 12 345.67 with a technical mark of 40 against 24 691.34 (twice as much) with 60:
    // price marks 40 and 40 × 12 345.67 ÷ 24 691.34 = 20, totals 80 and 80. The tie is
    // broken by the technical mark: b1 first, in either basis.
    let terms = ten_years(dec!(0.0175));
    let offers = [(dec!(12345.67), dec!(40)), (dec!(24691.34), dec!(60))];
    for basis in [PriceBasis::AnnualHt, PriceBasis::ContractTtc] {
        let r = rank(
            &offers,
            &terms,
            None,
            &PriceFormula::Proportional,
            &Default::default(),
            basis,
        );
        let order: Vec<(&str, bool)> = r
            .ranked
            .iter()
            .map(|o| (o.bidder.as_str(), o.tie))
            .collect();
        assert_eq!(order, vec![("b1", true), ("b0", true)], "{basis:?}");
        assert_eq!(r.ranked[0].total, dec!(80));
        assert_eq!(r.ranked[1].total, dec!(80));
    }
}

#[test]
fn the_ffb_and_rglcap_boundaries_do_not_move_with_the_basis() {
    // FFB: 10 000, 10 000, 11 000 and 9 000: mean 10 000, none above 12 000, threshold
    // 0.9 × 10 000 = 9 000: the offer at 9 000 is at it, flagged ("10 % or more below").
    // At 9 000.01 the mean is 10 000.0025 and the threshold 9 000.00225: not flagged.
    // RGLCAP with two offers: 8 000 against 10 000 is exactly 20 points below, not "more
    // than": not flagged; 7 999 is.
    let terms = ContractTerms {
        duration_years: 12,
        yearly_revision: dec!(0.013),
        vat_rate: dec!(0.055),
    };
    let with = |last: Decimal| {
        [
            (dec!(10000), dec!(0)),
            (dec!(10000), dec!(0)),
            (dec!(11000), dec!(0)),
            (last, dec!(0)),
        ]
    };
    let two = |low: Decimal| [(dec!(10000), dec!(0)), (low, dec!(0))];
    for basis in [PriceBasis::AnnualHt, PriceBasis::ContractTtc] {
        let flagged = |offers: &[(Decimal, Decimal)], method: abnormally_low::Method| {
            rank(
                offers,
                &terms,
                None,
                &PriceFormula::Proportional,
                &method,
                basis,
            )
            .ranked
            .iter()
            .filter(|o| o.flags.contains(&Flag::AbnormallyLow))
            .map(|o| o.bidder.clone())
            .collect::<Vec<_>>()
        };
        let ffb = abnormally_low::Method::default();
        let rglcap = abnormally_low::Method::Rglcap;
        assert_eq!(
            flagged(&with(dec!(9000)), ffb.clone()),
            vec!["b3"],
            "{basis:?}"
        );
        assert!(flagged(&with(dec!(9000.01)), ffb).is_empty(), "{basis:?}");
        assert!(
            flagged(&two(dec!(8000)), rglcap.clone()).is_empty(),
            "{basis:?}"
        );
        assert_eq!(flagged(&two(dec!(7999)), rglcap), vec!["b1"], "{basis:?}");
    }
}

fn formula() -> impl Strategy<Value = PriceFormula> {
    prop_oneof![
        Just(PriceFormula::Proportional),
        Just(PriceFormula::Linear),
        Just(PriceFormula::LinearRange),
        Just(PriceFormula::RankPoints(vec![dec!(40), dec!(30), dec!(20)])),
        Just(PriceFormula::LinearBudget),
        Just(PriceFormula::Concave { alpha: dec!(0.5) }),
        Just(PriceFormula::Bilinear { share: dec!(0.85) }),
    ]
}

fn method() -> impl Strategy<Value = abnormally_low::Method> {
    prop_oneof![
        Just(abnormally_low::Method::default()),
        Just(abnormally_low::Method::Rglcap),
        Just(abnormally_low::Method::with_defaults("mean_gap").expect("a method")),
        Just(abnormally_low::Method::with_defaults("next_gap").expect("a method")),
    ]
}

fn basis_of(vat: bool, contract: bool) -> (VatBasis, Period) {
    (
        if vat { VatBasis::Ttc } else { VatBasis::Ht },
        if contract {
            Period::Contract
        } else {
            Period::Yearly
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Offers built so that ties, exact proportions and an offer exactly at the ceiling
    /// are frequent: costs are a base times small multipliers, technical marks from a
    /// short list, the ceiling exactly one offer's cost in the ceiling's basis.
    #[test]
    fn every_decision_is_the_same_in_every_basis(
        years in 1u32..=30,
        revision in -500i64..=1500,
        vat in prop::sample::select(vec![dec!(0), dec!(0.021), dec!(0.055), dec!(0.10), dec!(0.20)]),
        base_cents in 1_000i64..=5_000_000,
        multipliers in prop::collection::vec(1u32..=6, 1..=6),
        technical in prop::collection::vec(prop::sample::select(vec![dec!(20), dec!(40), dec!(45), dec!(60)]), 6),
        at_ceiling in 0usize..6,
        ceiling_vat in any::<bool>(),
        ceiling_contract in any::<bool>(),
        formula in formula(),
        method in method(),
    ) {
        let terms = ContractTerms {
            duration_years: years,
            // -5 % to 15 % with four decimals: -0.0500 … 0.1500.
            yearly_revision: Decimal::new(revision, 4),
            vat_rate: vat,
        };
        let base = Decimal::new(base_cents, 2);
        let offers: Vec<(Decimal, Decimal)> = multipliers
            .iter()
            .zip(&technical)
            .map(|(k, t)| (base * Decimal::from(*k) / dec!(2), *t))
            .collect();
        // The ceiling: one offer's cost, exactly, in the ceiling's own basis, rounded to
        // the cent as a buyer writes it (so it is sometimes just below the offer).
        let (cvat, cperiod) = basis_of(ceiling_vat, ceiling_contract);
        let chosen = &offers[at_ceiling % offers.len()];
        let in_basis = Mark::from_decimal(chosen.0).mul(&basis_factor(&terms, cvat, cperiod));
        let ceiling = Ceiling {
            amount: in_basis.round(2).expect("a realistic ceiling"),
            vat: cvat,
            period: cperiod,
        };
        let yearly = rank(&offers, &terms, Some(ceiling.clone()), &formula, &method, PriceBasis::AnnualHt);
        let contract = rank(&offers, &terms, Some(ceiling.clone()), &formula, &method, PriceBasis::ContractTtc);
        prop_assert_eq!(decisions(&yearly), decisions(&contract));
        prop_assert!(yearly.failure.is_none(), "{:?}", yearly.failure);
        // An offer whose cost in the ceiling's basis is at or below it is never excluded.
        for (i, (annual, _)) in offers.iter().enumerate() {
            let c = Mark::from_decimal(*annual).mul(&basis_factor(&terms, cvat, cperiod));
            if c <= Mark::from_decimal(ceiling.amount) {
                let bidder = format!("b{i}");
                prop_assert!(yearly.excluded.iter().all(|o| o.bidder != bidder));
            }
        }
    }
}

#[test]
fn marks_that_cannot_be_computed_leave_every_offer_unranked_with_the_reason() {
    // A budget formula for a scope without a ceiling (the tender file refuses it; the
    // award must not invent marks if it ever happens): nothing is ranked, no mark of 0
    // is made up, and the admitted bidders are named.
    let terms = ten_years(dec!(0.015));
    let r = rank(
        &[(dec!(25000), dec!(50)), (dec!(20000), dec!(30))],
        &terms,
        None,
        &PriceFormula::LinearBudget,
        &Default::default(),
        PriceBasis::ContractTtc,
    );
    assert!(r.ranked.is_empty());
    let failure = r.failure.expect("a failure");
    assert_eq!(
        failure.error,
        PriceMarkError::NoBudget {
            formula: "linear_budget"
        }
    );
    assert_eq!(failure.bidders, ["b0", "b1"]);
    let lot = LotRanking {
        lot: "1".into(),
        title: "Musique".into(),
        scopes: vec![ScopeRanking {
            failure: Some(failure.clone()),
            ..r
        }],
    };
    assert!(lot.has_failure());
    assert_eq!(
        crate::output::text::ranking_failure(&failure, crate::lang::Lang::En),
        "the price marks cannot be computed: the price formula linear_budget needs a budget \
         for this scope; no offer is ranked (admitted offers: b0, b1)"
    );
}
