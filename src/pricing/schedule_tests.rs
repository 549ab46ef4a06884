//! Every figure below is worked out by hand in the comments.

use std::path::Path;

use rust_decimal::Decimal;
use rust_decimal::dec;

use super::*;
use crate::source::CellRef;
use crate::tender::schedule::{Item, PartCeiling, Tranche};

fn sheet() -> Location {
    Location::sheet(Path::new("offre.xlsx"), Some("Lot 1"))
}

fn cell(row: u32, content: CellContent, raw: &str) -> QuoteCell {
    QuoteCell {
        content,
        location: sheet().at(CellRef::new(row, 4)),
        raw: raw.into(),
        vat_included: false,
    }
}

fn number(row: u32, v: Decimal) -> Option<QuoteCell> {
    Some(cell(row, CellContent::Number(v), &v.to_string()))
}

fn item(code: &str, quantity: Decimal) -> Item {
    Item {
        code: code.into(),
        designation: format!("article {code}"),
        unit: "jour".into(),
        quantity,
        section: None,
    }
}

fn tranche(id: &str, kind: TrancheKind, payment: Payment) -> Tranche {
    Tranche {
        id: id.into(),
        title: format!("tranche {id}"),
        kind,
        payment,
        in_renewals: false,
    }
}

fn ceiling(part: Part, amount: Decimal, vat: VatBasis, period: Period) -> PartCeiling {
    PartCeiling {
        part,
        ceiling: Ceiling {
            amount,
            vat,
            period,
        },
    }
}

/// Three years from April 2027 (36 months): three firm tranches, one conditional, three
/// unit prices.
fn bourget() -> Schedule {
    Schedule {
        start: Month::parse("2027-04"),
        months: 36,
        items: vec![
            item("A01", dec!(40)),
            item("A02", dec!(12.5)),
            item("A03", dec!(25)),
        ],
        tranches: vec![
            tranche("TF1", TrancheKind::Firm, Payment::Milestone { month: 1 }),
            tranche(
                "TF2",
                TrancheKind::Firm,
                Payment::Monthly { from: 1, to: 36 },
            ),
            tranche("TF3", TrancheKind::Firm, Payment::Milestone { month: 33 }),
            tranche(
                "TC1",
                TrancheKind::Conditional,
                Payment::Monthly { from: 13, to: 36 },
            ),
        ],
        part_ceilings: vec![ceiling(
            Part::FirmTranches,
            dec!(270000),
            VatBasis::Ttc,
            Period::Yearly,
        )],
        revision: None,
        renewal: None,
    }
}

fn bourget_quote() -> ScheduleQuote {
    let item = |code: &str, row, price, total: Option<Decimal>| ItemQuote {
        code: code.into(),
        unit_price: number(row, price),
        total: total.and_then(|t| number(row, t)),
    };
    let tranche = |id: &str, row, price| TrancheQuote {
        id: id.into(),
        price: number(row, price),
        total: None,
    };
    ScheduleQuote {
        location: sheet(),
        items: vec![
            item("A01", 10, dec!(450), Some(dec!(18000))),
            item("A02", 11, dec!(612.40), Some(dec!(7655.00))),
            item("A03", 12, dec!(89.99), Some(dec!(2250))),
        ],
        tranches: vec![
            tranche("TF1", 20, dec!(30000)),
            tranche("TF2", 21, dec!(15000)),
            tranche("TF3", 22, dec!(12000)),
            tranche("TC1", 23, dec!(2000)),
        ],
        findings: vec![],
    }
}

fn exact(d: Decimal) -> Exact {
    Exact::from_decimal(d)
}

#[test]
fn the_dqe_tranches_and_contract_are_summed_exactly() {
    let cost = normalise(&bourget(), &bourget_quote(), dec!(0.20)).unwrap();
    // 450 × 40 = 18 000; 612.40 × 12.5 = 7 655; 89.99 × 25 = 2 249.75.
    let totals: Vec<Exact> = cost.lines.iter().map(|l| l.total.clone()).collect();
    assert_eq!(
        totals,
        [exact(dec!(18000)), exact(dec!(7655)), exact(dec!(2249.75))]
    );
    assert_eq!(cost.dqe_ht, exact(dec!(27904.75)));
    // Firm: 30 000 + 15 000 × 36 + 12 000 = 582 000; conditional: 2 000 × 24 = 48 000.
    assert_eq!(cost.firm_ht, exact(dec!(582000)));
    assert_eq!(cost.conditional_ht, exact(dec!(48000)));
    // Purchase orders: 27 904.75 × 36 ÷ 12 = 83 714.25.
    assert_eq!(cost.purchase_orders_ht, exact(dec!(83714.25)));
    // 582 000 + 48 000 + 83 714.25 = 713 714.25; × 1.2 = 856 457.10; ÷ 3 = 237 904.75.
    assert_eq!(cost.contract_ht, exact(dec!(713714.25)));
    assert_eq!(cost.contract_ttc, exact(dec!(856457.10)));
    assert_eq!(cost.annual_ht, exact(dec!(237904.75)));
}

#[test]
fn calendar_years_split_the_payments_pro_rata() {
    let cost = normalise(&bourget(), &bourget_quote(), dec!(0.20)).unwrap();
    let years: Vec<(i32, u32, u32, Exact, Exact, Exact)> = cost
        .years
        .iter()
        .map(|y| {
            (
                y.year,
                y.first_month,
                y.last_month,
                y.firm.clone(),
                y.conditional.clone(),
                y.purchase_orders.clone(),
            )
        })
        .collect();
    // April to December 2027 is months 1–9: TF1's 30 000 + 9 × 15 000 = 165 000, no
    // conditional month, 27 904.75 × 9 ÷ 12 = 20 928.5625 of purchase orders.
    // 2028 is months 10–21: 12 × 15 000; TC1 from month 13, 9 × 2 000 = 18 000.
    // 2029 is months 22–33: 12 × 15 000 + TF3's 12 000 = 192 000; 12 × 2 000.
    // January to March 2030 is months 34–36: 3 × 15 000; 3 × 2 000; a quarter of the DQE.
    assert_eq!(
        years,
        [
            (
                2027,
                1,
                9,
                exact(dec!(165000)),
                exact(dec!(0)),
                exact(dec!(20928.5625))
            ),
            (
                2028,
                10,
                21,
                exact(dec!(180000)),
                exact(dec!(18000)),
                exact(dec!(27904.75))
            ),
            (
                2029,
                22,
                33,
                exact(dec!(192000)),
                exact(dec!(24000)),
                exact(dec!(27904.75))
            ),
            (
                2030,
                34,
                36,
                exact(dec!(45000)),
                exact(dec!(6000)),
                exact(dec!(6976.1875))
            ),
        ]
    );
}

#[test]
fn without_a_start_month_the_years_are_the_contract_s() {
    assert_eq!(year_spans(None, 36), [(1, 1, 12), (2, 13, 24), (3, 25, 36)]);
    // From January, calendar and contract years coincide.
    assert_eq!(
        year_spans(Month::parse("2027-01"), 24),
        [(2027, 1, 12), (2028, 13, 24)]
    );
    // From December: one month, then whole years, then eleven months.
    assert_eq!(
        year_spans(Month::parse("2027-12"), 24),
        [(2027, 1, 1), (2028, 2, 13), (2029, 14, 24)]
    );
}

#[test]
fn a_line_total_that_is_not_the_product_is_a_finding_and_the_unit_price_wins() {
    let cost = normalise(&bourget(), &bourget_quote(), dec!(0.20)).unwrap();
    // 89.99 × 25 is 2 249.75, the bidder wrote 2 250: the DQE keeps 2 249.75.
    assert_eq!(cost.disagreements.len(), 1);
    let d = &cost.disagreements[0];
    assert_eq!((d.code.as_str(), d.written), ("A03", dec!(2250)));
    assert_eq!(d.computed, exact(dec!(2249.75)));
    assert_eq!(d.location.cell, Some(CellRef::new(12, 4)));
    // A total rounded to the cent, half away from zero, agrees: 12.345 × 3 = 37.035.
    let computed = exact(dec!(37.035));
    let at = |v| cell(5, CellContent::Number(v), "");
    assert!(disagreement("X", Some(&at(dec!(37.04))), &computed).is_none());
    assert!(disagreement("X", Some(&at(dec!(37.035))), &computed).is_none());
    assert!(disagreement("X", Some(&at(dec!(37.03))), &computed).is_some());
    // An empty or textual total says nothing.
    assert!(disagreement("X", Some(&cell(5, CellContent::Empty, "")), &computed).is_none());
}

#[test]
fn a_missing_negative_or_textual_price_makes_the_offer_unpriceable() {
    let mut quote = bourget_quote();
    quote.items.retain(|i| i.code != "A02");
    quote.tranches[1].price = number(21, dec!(-15000));
    quote.tranches[3].price = Some(cell(
        23,
        CellContent::Invalid(InvalidValue::ErrorValue("#REF!".into())),
        "#REF!",
    ));
    quote.tranches[0].price = Some(cell(20, CellContent::Empty, ""));
    let problems = normalise(&bourget(), &quote, dec!(0.20)).unwrap_err();
    assert_eq!(problems.len(), 4);
    assert_eq!(
        problems[0],
        ScheduleIrregularity::Missing {
            line: Line::Item("A02".into()),
            location: sheet(),
        }
    );
    assert_eq!(
        problems[1],
        ScheduleIrregularity::Missing {
            line: Line::Tranche("TF1".into()),
            location: sheet().at(CellRef::new(20, 4)),
        }
    );
    assert!(matches!(
        &problems[2],
        ScheduleIrregularity::Negative { line: Line::Tranche(t), value, .. }
            if t == "TF2" && *value == dec!(-15000)
    ));
    assert!(matches!(
        &problems[3],
        ScheduleIrregularity::Invalid { line: Line::Tranche(t), raw, .. }
            if t == "TC1" && raw == "#REF!"
    ));
    // A price of zero is a price.
    let mut quote = bourget_quote();
    quote.items[0].unit_price = number(10, dec!(0));
    quote.items[0].total = None;
    let cost = normalise(&bourget(), &quote, dec!(0.20)).unwrap();
    assert_eq!(cost.dqe_ht, exact(dec!(9904.75)));
}

/// One firm tranche paid monthly for a year from April 2027: nine months in 2027, three
/// in 2028, under 270 000 € TTC a year at 20 % VAT.
fn one_year(monthly: Decimal, conditional: Option<Decimal>) -> (Schedule, ScheduleQuote) {
    let mut schedule = Schedule {
        start: Month::parse("2027-04"),
        months: 12,
        items: vec![],
        tranches: vec![tranche(
            "TF",
            TrancheKind::Firm,
            Payment::Monthly { from: 1, to: 12 },
        )],
        part_ceilings: vec![ceiling(
            Part::FirmTranches,
            dec!(270000),
            VatBasis::Ttc,
            Period::Yearly,
        )],
        revision: None,
        renewal: None,
    };
    let mut quote = ScheduleQuote {
        location: sheet(),
        items: vec![],
        tranches: vec![TrancheQuote {
            id: "TF".into(),
            price: number(20, monthly),
            total: None,
        }],
        findings: vec![],
    };
    if let Some(c) = conditional {
        schedule.tranches.push(tranche(
            "TC",
            TrancheKind::Conditional,
            Payment::Monthly { from: 1, to: 12 },
        ));
        quote.tranches.push(TrancheQuote {
            id: "TC".into(),
            price: number(21, c),
            total: None,
        });
    }
    (schedule, quote)
}

fn exceeded(schedule: &Schedule, quote: &ScheduleQuote) -> Vec<(i32, Exact, Exact)> {
    let cost = normalise(schedule, quote, dec!(0.20)).unwrap();
    part_checks(schedule, &cost, dec!(0.20))
        .into_iter()
        .filter(PartCheck::exceeded)
        .map(|c| (c.year.map_or(0, |y| y.year), c.amount, c.limit))
        .collect()
}

#[test]
fn a_yearly_ceiling_is_pro_rata_of_the_months_and_reached_exactly() {
    // 2027's limit: 270 000 × 9 ÷ 12 = 202 500 TTC, that is 168 750 HT over nine months,
    // 18 750 a month; 2028's: 270 000 × 3 ÷ 12 = 67 500 = 18 750 × 3 × 1.2.
    let (schedule, quote) = one_year(dec!(18750), None);
    let cost = normalise(&schedule, &quote, dec!(0.20)).unwrap();
    let checks = part_checks(&schedule, &cost, dec!(0.20));
    let figures: Vec<(Exact, Exact)> = checks
        .iter()
        .map(|c| (c.amount.clone(), c.limit.clone()))
        .collect();
    assert_eq!(
        figures,
        [
            (exact(dec!(202500)), exact(dec!(202500))),
            (exact(dec!(67500)), exact(dec!(67500))),
        ]
    );
    assert!(
        checks.iter().all(|c| !c.exceeded()),
        "at the ceiling: accepted"
    );
    // One cent more a month: 18 750.01 × 9 × 1.2 = 202 500.108 and × 3 × 1.2 =
    // 67 500.036, both above.
    let (schedule, quote) = one_year(dec!(18750.01), None);
    assert_eq!(
        exceeded(&schedule, &quote),
        [
            (2027, exact(dec!(202500.108)), exact(dec!(202500))),
            (2028, exact(dec!(67500.036)), exact(dec!(67500))),
        ]
    );
}

#[test]
fn a_ceiling_on_the_firm_tranches_leaves_the_conditional_one_out() {
    // Firm 18 000 a month: 2027 is 18 000 × 9 × 1.2 = 194 400 TTC ≤ 202 500, 2028
    // 18 000 × 3 × 1.2 = 64 800 ≤ 67 500. Counting the conditional 1 000 a month too
    // makes them 19 000 × 9 × 1.2 = 205 200 and 19 000 × 3 × 1.2 = 68 400: both above.
    let (mut schedule, quote) = one_year(dec!(18000), Some(dec!(1000)));
    assert!(exceeded(&schedule, &quote).is_empty());
    schedule.part_ceilings[0].part = Part::Tranches;
    assert_eq!(
        exceeded(&schedule, &quote),
        [
            (2027, exact(dec!(205200)), exact(dec!(202500))),
            (2028, exact(dec!(68400)), exact(dec!(67500))),
        ]
    );
}

#[test]
fn a_ceiling_over_the_contract_applies_to_its_part_whole() {
    let mut schedule = bourget();
    // The purchase orders over the contract: 83 714.25 HT.
    schedule.part_ceilings = vec![ceiling(
        Part::PurchaseOrders,
        dec!(83714.25),
        VatBasis::Ht,
        Period::Contract,
    )];
    assert!(exceeded(&schedule, &bourget_quote()).is_empty());
    schedule.part_ceilings[0].ceiling.amount = dec!(83714.24);
    assert_eq!(
        exceeded(&schedule, &bourget_quote()),
        [(0, exact(dec!(83714.25)), exact(dec!(83714.24)))]
    );
    // The whole in TTC: 856 457.10.
    schedule.part_ceilings = vec![ceiling(
        Part::Whole,
        dec!(856457.10),
        VatBasis::Ttc,
        Period::Contract,
    )];
    assert!(exceeded(&schedule, &bourget_quote()).is_empty());
    schedule.part_ceilings[0].ceiling.amount = dec!(856457.09);
    assert_eq!(exceeded(&schedule, &bourget_quote()).len(), 1);
}

#[test]
fn the_bourget_firm_tranches_stay_under_270_000_ttc_every_year() {
    let cost = normalise(&bourget(), &bourget_quote(), dec!(0.20)).unwrap();
    let checks = part_checks(&bourget(), &cost, dec!(0.20));
    // 2027: 165 000 × 1.2 = 198 000 ≤ 202 500; 2028: 216 000 ≤ 270 000;
    // 2029: 192 000 × 1.2 = 230 400 ≤ 270 000; 2030: 54 000 ≤ 67 500.
    let figures: Vec<(Exact, Exact)> = checks
        .iter()
        .map(|c| (c.amount.clone(), c.limit.clone()))
        .collect();
    assert_eq!(
        figures,
        [
            (exact(dec!(198000)), exact(dec!(202500))),
            (exact(dec!(216000)), exact(dec!(270000))),
            (exact(dec!(230400)), exact(dec!(270000))),
            (exact(dec!(54000)), exact(dec!(67500))),
        ]
    );
    assert!(checks.iter().all(|c| !c.exceeded()));
}

#[test]
fn each_contract_year_is_revised_by_its_coefficient() {
    let cost = normalise(&bourget(), &bourget_quote(), dec!(0.20)).unwrap();
    // Contract year 1 (months 1–12): 30 000 + 12 × 15 000 + 27 904.75 = 237 904.75.
    // Year 2 (13–24): 12 × 15 000 + 12 × 2 000 + 27 904.75 = 231 904.75.
    // Year 3 (25–36): 12 × 15 000 + 12 000 + 12 × 2 000 + 27 904.75 = 243 904.75.
    // Unrevised, they make the contract's 713 714.25.
    let one = [Exact::one(), Exact::one(), Exact::one()];
    assert_eq!(
        revised_contract_ht(&bourget(), &cost, &one),
        exact(dec!(713714.25))
    );
    // At 1, 1.1 and 1.2: 237 904.75 + 255 095.225 + 292 685.70 = 785 685.675.
    let c = [exact(dec!(1)), exact(dec!(1.1)), exact(dec!(1.2))];
    assert_eq!(
        revised_contract_ht(&bourget(), &cost, &c),
        exact(dec!(785685.675))
    );
}

#[test]
fn the_award_sees_the_contract_figures_and_the_dqe_as_price() {
    let cost = award_cost(&bourget(), &bourget_quote(), dec!(0.20)).unwrap();
    assert_eq!(cost.model, crate::pricing::PricingModel::Schedule);
    // The DQE a year: 18 000 + 7 655 + 2 249.75 = 27 904.75, at the sheet.
    assert_eq!(cost.price.value, dec!(27904.75));
    assert_eq!(cost.price.location, sheet());
    // 582 000 + 48 000 + 83 714.25 = 713 714.25 HT; × 1.2 = 856 457.10 TTC; ÷ 3 years.
    assert_eq!(cost.contract_ht, exact(dec!(713714.25)));
    assert_eq!(cost.contract_ttc, exact(dec!(856457.10)));
    assert_eq!(cost.annual_ht, exact(dec!(237904.75)));
    assert!(cost.schedule.is_some());
}

#[test]
fn the_award_sees_each_missing_price_as_an_irregularity_at_its_cell() {
    let mut quote = bourget_quote();
    quote.items[1].unit_price = Some(cell(11, CellContent::Empty, ""));
    quote.tranches[3].price = None;
    let problems = award_cost(&bourget(), &quote, dec!(0.20)).unwrap_err();
    let places: Vec<Location> = problems.iter().map(|p| p.location()).collect();
    // The empty cell D11; the missing tranche row: the sheet.
    assert_eq!(places, [sheet().at(CellRef::new(11, 4)), sheet()]);
    assert!(
        problems
            .iter()
            .all(|p| matches!(p, crate::pricing::Irregularity::Schedule(_)))
    );
}

#[test]
fn figures_beyond_the_cent_s_range_are_refused_not_rounded() {
    let mut quote = bourget_quote();
    quote.items[0].unit_price = number(10, Decimal::MAX);
    let problems = award_cost(&bourget(), &quote, dec!(0.20)).unwrap_err();
    assert!(matches!(
        problems.as_slice(),
        [crate::pricing::Irregularity::OutOfRange {
            model: crate::pricing::PricingModel::Schedule,
            ..
        }]
    ));
}

/// The Bourget schedule renewed expressly twice for 18 months (36 + 2 × 18 = 72 months),
/// TF2 and TC1 paid on in the renewals, TF1 and TF3 of the initial period only.
fn renewed() -> Schedule {
    let mut s = bourget();
    s.renewal = Some(crate::tender::schedule::Renewal {
        count: 2,
        months: 18,
    });
    for t in &mut s.tranches {
        t.in_renewals = matches!(t.id.as_str(), "TF2" | "TC1");
    }
    s
}

#[test]
fn renewals_add_the_tranches_paid_on_and_the_purchase_orders() {
    let cost = normalise(&renewed(), &bourget_quote(), dec!(0.20)).unwrap();
    // The initial period is unchanged: 713 714.25 HT, 237 904.75 a year (what is ranked).
    assert_eq!(cost.contract_ht, exact(dec!(713714.25)));
    assert_eq!(cost.annual_ht, exact(dec!(237904.75)));
    let r = cost.renewals.clone().unwrap();
    // One renewal of 18 months: TF2 18 × 15 000 = 270 000; TC1 18 × 2 000 = 36 000;
    // purchase orders 27 904.75 × 18 ÷ 12 = 41 857.125; together 347 857.125.
    assert_eq!(r.firm, exact(dec!(270000)));
    assert_eq!(r.conditional, exact(dec!(36000)));
    assert_eq!(r.purchase_orders, exact(dec!(41857.125)));
    assert_eq!(r.each(), exact(dec!(347857.125)));
    // Two of them: 695 714.25; with the initial period 1 409 428.50 HT, × 1.2 =
    // 1 691 314.20 TTC.
    assert_eq!(r.ht, exact(dec!(695714.25)));
    assert_eq!(r.contract_ht, exact(dec!(1409428.50)));
    assert_eq!(r.contract_ttc, exact(dec!(1691314.20)));
    assert_eq!(cost.contract_with_renewals_ht(), &exact(dec!(1409428.50)));
    // The firm tranches with every renewal: 582 000 + 2 × 270 000 = 1 122 000.
    assert_eq!(
        cost.part_with_renewals(Part::FirmTranches),
        exact(dec!(1122000))
    );
    // Purchase orders: 83 714.25 + 2 × 41 857.125 = 167 428.50.
    assert_eq!(
        cost.part_with_renewals(Part::PurchaseOrders),
        exact(dec!(167428.50))
    );
}

#[test]
fn the_years_run_on_through_the_renewals() {
    let cost = normalise(&renewed(), &bourget_quote(), dec!(0.20)).unwrap();
    let years: Vec<(i32, u32, u32, Exact, Exact)> = cost
        .years
        .iter()
        .map(|y| {
            let (f, c) = (y.firm.clone(), y.conditional.clone());
            (y.year, y.first_month, y.last_month, f, c)
        })
        .collect();
    // 72 months from April 2027 end in March 2033. 2030 is months 34–45 (3 of the
    // initial period, 9 of the first renewal): TF2 12 × 15 000, TC1 12 × 2 000. 2033 is
    // months 70–72, January to March: 3 months of each.
    assert_eq!(years.len(), 7);
    assert_eq!(
        years[3],
        (2030, 34, 45, exact(dec!(180000)), exact(dec!(24000)))
    );
    assert_eq!(
        years[6],
        (2033, 70, 72, exact(dec!(45000)), exact(dec!(6000)))
    );
    // The years' amounts add up to the contract with every renewal.
    let sum = cost
        .years
        .iter()
        .fold(Exact::zero(), |s, y| s.add(&y.part(Part::Whole)));
    assert_eq!(sum, exact(dec!(1409428.50)));
}

#[test]
fn a_ceiling_over_the_contract_is_checked_with_every_renewal() {
    let mut s = renewed();
    // The firm tranches with every renewal are 1 122 000 HT, 1 346 400 TTC.
    s.part_ceilings = vec![ceiling(
        Part::FirmTranches,
        dec!(1346400),
        VatBasis::Ttc,
        Period::Contract,
    )];
    let cost = normalise(&s, &bourget_quote(), dec!(0.20)).unwrap();
    let checks = part_checks(&s, &cost, dec!(0.20));
    assert_eq!(checks.len(), 1);
    assert_eq!(checks[0].amount, exact(dec!(1346400)));
    assert!(!checks[0].exceeded());
    s.part_ceilings[0].ceiling.amount = dec!(1346399.99);
    assert!(part_checks(&s, &cost, dec!(0.20))[0].exceeded());
}

#[test]
fn the_revision_runs_on_through_the_renewals() {
    let cost = normalise(&renewed(), &bourget_quote(), dec!(0.20)).unwrap();
    // Contract years of 12 months: 1 to 3 the initial period, 4 to 6 the renewals.
    // Coefficients 1, 1.1, …, 1.5 make the figures easy to follow by hand.
    let c: Vec<Exact> = [
        dec!(1),
        dec!(1.1),
        dec!(1.2),
        dec!(1.3),
        dec!(1.4),
        dec!(1.5),
    ]
    .into_iter()
    .map(exact)
    .collect();
    // Year 1: 30 000 + 12 × 15 000 + 27 904.75 = 237 904.75; year 2: 180 000 + 12 ×
    // 2 000 + 27 904.75 = 231 904.75; year 3: + TF3's 12 000 = 243 904.75; years 4 to 6
    // (renewals, TF2 and TC1 paid on): 231 904.75 each.
    // Initial: 237 904.75 + 1.1 × 231 904.75 + 1.2 × 243 904.75 = 237 904.75 +
    // 255 095.225 + 292 685.70 = 785 685.675.
    let s = renewed();
    assert_eq!(revised_contract_ht(&s, &cost, &c), exact(dec!(785685.675)));
    // With the renewals: + (1.3 + 1.4 + 1.5) × 231 904.75 = 973 999.95; 1 759 685.625.
    assert_eq!(
        revised_with_renewals_ht(&s, &cost, &c),
        exact(dec!(1759685.625))
    );
}
