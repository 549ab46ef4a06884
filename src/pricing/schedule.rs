//! Normalisation of a unit-price schedule with tranches (a BPU/DQE lot).
//!
//! The purchase-order part is priced at the buyer's estimated quantities (the DQE):
//! Σ unit price × quantity a year, exactly. The lump-sum part is the sum of the tranches'
//! prices, each paid once (at a milestone) or every month of its span. The contract
//! figure is every tranche plus the purchase orders over the contract's months; the
//! comparable yearly cost is that figure divided by the contract's years, so that a
//! schedule lot is ranked by the same price formulas as the five models.
//!
//! The bidder's own line totals are read too, and compared with the exact products: the
//! unit prices win (French practice: the BPU's unit price is the contract's price), and
//! a total that disagrees is a finding with both figures and the cell.
//!
//! Yearly figures are per calendar year when the tender gives the contract's first
//! month, the first and last years being then incomplete; otherwise per contract year.
//! A yearly ceiling on a part applies pro rata temporis: × months of the year ÷ 12.

use rust_decimal::Decimal;

use crate::exact::Exact;
use crate::offer::{CellContent, InvalidValue, QuoteCell};
use crate::source::{Location, Sourced};
use crate::tender::schedule::{Month, Part, Payment, Schedule, TrancheKind};
use crate::tender::{Ceiling, Period, VatBasis};

/// What a bidder wrote on a schedule lot's sheet, matched to the tender's lines.
#[derive(Clone, Debug)]
pub struct ScheduleQuote {
    /// Where the lot was read: the sheet (or CSV file).
    pub location: Location,
    /// One entry per item of the tender, in the tender's order.
    pub items: Vec<ItemQuote>,
    /// One entry per tranche of the tender, in the tender's order.
    pub tranches: Vec<TrancheQuote>,
    /// What the reader noticed on the sheet and worked around.
    pub findings: Vec<ScheduleFinding>,
}

/// Something odd on a schedule sheet that does not stop its reading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScheduleFinding {
    /// A second row with a line's code: the first one is read.
    DuplicateLine {
        code: String,
        location: Location,
        first: Location,
    },
    /// A row the tender does not have (added by the bidder) with a price or an amount
    /// in it: not read, and not counted.
    InsertedLine {
        location: Location,
        code: Option<String>,
        raw: String,
    },
    /// The quantity on a line is not the tender's: the tender's is used, every offer being
    /// compared on the same quantities.
    QuantityAltered {
        code: String,
        location: Location,
        expected: Decimal,
        found: String,
    },
}

/// A BPU line as the bidder left it: `None` when its row is missing from the sheet.
#[derive(Clone, Debug)]
pub struct ItemQuote {
    pub code: String,
    pub unit_price: Option<QuoteCell>,
    /// The line total the bidder computed, when its cell holds something.
    pub total: Option<QuoteCell>,
}

#[derive(Clone, Debug)]
pub struct TrancheQuote {
    pub id: String,
    pub price: Option<QuoteCell>,
    /// The tranche's amount the bidder computed (price × payments), when given.
    pub total: Option<QuoteCell>,
}

/// The line of the schedule a price belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line {
    Item(String),
    Tranche(String),
}

/// Why a schedule offer cannot be priced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScheduleIrregularity {
    /// The price cell is empty, or its row is missing (the sheet's location then).
    Missing { line: Line, location: Location },
    Invalid {
        line: Line,
        location: Location,
        raw: String,
        problem: InvalidValue,
    },
    Negative {
        line: Line,
        location: Location,
        value: Decimal,
    },
}

impl ScheduleIrregularity {
    /// The price cell, or the sheet when the line's row is missing.
    pub fn location(&self) -> &Location {
        match self {
            ScheduleIrregularity::Missing { location, .. }
            | ScheduleIrregularity::Invalid { location, .. }
            | ScheduleIrregularity::Negative { location, .. } => location,
        }
    }
}

/// One BPU line priced at its DQE quantity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineCost {
    pub code: String,
    pub quantity: Decimal,
    pub unit_price: Sourced<Decimal>,
    /// unit price × quantity, exactly: a year's purchase orders on this line.
    pub total: Exact,
}

/// One tranche priced over the contract.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrancheCost {
    pub id: String,
    pub kind: TrancheKind,
    pub payment: Payment,
    /// The lump sum, or the monthly price.
    pub price: Sourced<Decimal>,
    /// price × payments.
    pub total: Exact,
    /// Paid on every month of each renewal too.
    pub in_renewals: bool,
}

impl TrancheCost {
    /// The tranche's amount within months `first..=last` of the contract with its
    /// renewals (`initial` months, then renewals up to `total`), HT.
    pub fn paid_within(&self, first: u32, last: u32, initial: u32, total: u32) -> Exact {
        let n = crate::tender::schedule::payments_within(
            self.payment,
            self.in_renewals,
            (first, last),
            (initial, total),
        );
        Exact::from_decimal(self.price.value).mul(&Exact::from_u64(n.into()))
    }
}

/// What the renewals add, every one decided: the figure of each (they are alike: the
/// same months, the same prices) and of all of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenewalsCost {
    pub count: u32,
    /// The months of each renewal.
    pub months: u32,
    /// One renewal's firm tranches paid on (monthly price × its months), HT.
    pub firm: Exact,
    /// One renewal's conditional tranches paid on, as if confirmed, HT.
    pub conditional: Exact,
    /// One renewal's purchase orders: the DQE total × its months ÷ 12, HT.
    pub purchase_orders: Exact,
    /// Every renewal, HT: (firm + conditional + purchase orders) × count.
    pub ht: Exact,
    /// The contract figure with every renewal (the maximum value of the contract), HT
    /// and TTC.
    pub contract_ht: Exact,
    pub contract_ttc: Exact,
}

impl RenewalsCost {
    /// One renewal's amount, HT.
    pub fn each(&self) -> Exact {
        self.firm.add(&self.conditional).add(&self.purchase_orders)
    }
}

/// A line's amount written by the bidder that is not its unit price × quantity (a
/// tranche's: its price × payments), nor that product rounded to the cent: the price
/// wins.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TotalDisagreement {
    pub code: String,
    pub location: Location,
    pub written: Decimal,
    pub raw: String,
    pub computed: Exact,
}

/// The amounts paid in one year of the contract (HT).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YearCost {
    /// The calendar year, or the contract year (1, 2, …) when no start month is given.
    pub year: i32,
    /// The contract months the year holds, counted from 1.
    pub first_month: u32,
    pub last_month: u32,
    pub firm: Exact,
    pub conditional: Exact,
    /// The DQE total × months ÷ 12.
    pub purchase_orders: Exact,
}

impl YearCost {
    pub fn months(&self) -> u32 {
        self.last_month + 1 - self.first_month
    }

    /// The part's amount in this year, HT.
    pub fn part(&self, part: Part) -> Exact {
        match part {
            Part::FirmTranches => self.firm.clone(),
            Part::Tranches => self.firm.add(&self.conditional),
            Part::PurchaseOrders => self.purchase_orders.clone(),
            Part::Whole => self.firm.add(&self.conditional).add(&self.purchase_orders),
        }
    }
}

/// A schedule offer's figures, every one exact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduleCost {
    pub lines: Vec<LineCost>,
    pub tranches: Vec<TrancheCost>,
    /// Σ line totals: a year of purchase orders at the DQE quantities, HT.
    pub dqe_ht: Exact,
    /// The firm tranches over the contract, HT.
    pub firm_ht: Exact,
    /// The conditional tranches over the contract (as if all confirmed), HT.
    pub conditional_ht: Exact,
    /// The purchase orders over the contract: the DQE total × months ÷ 12, HT.
    pub purchase_orders_ht: Exact,
    /// Everything over the contract, HT and TTC.
    pub contract_ht: Exact,
    pub contract_ttc: Exact,
    /// The comparable yearly cost: the contract figure ÷ its years, HT.
    pub annual_ht: Exact,
    /// The years of the contract with every renewal: the initial period's, then the
    /// renewals'.
    pub years: Vec<YearCost>,
    pub disagreements: Vec<TotalDisagreement>,
    /// What the renewals add, when the contract has them; the figures above are of the
    /// initial period.
    pub renewals: Option<RenewalsCost>,
}

impl ScheduleCost {
    /// The part's amount over the contract, HT.
    pub fn part(&self, part: Part) -> Exact {
        match part {
            Part::FirmTranches => self.firm_ht.clone(),
            Part::Tranches => self.firm_ht.add(&self.conditional_ht),
            Part::PurchaseOrders => self.purchase_orders_ht.clone(),
            Part::Whole => self.contract_ht.clone(),
        }
    }

    /// The part's amount over the contract with every renewal, HT: what a ceiling over
    /// the contract is checked on.
    pub fn part_with_renewals(&self, part: Part) -> Exact {
        let initial = self.part(part);
        let Some(r) = &self.renewals else {
            return initial;
        };
        let each = match part {
            Part::FirmTranches => r.firm.clone(),
            Part::Tranches => r.firm.add(&r.conditional),
            Part::PurchaseOrders => r.purchase_orders.clone(),
            Part::Whole => r.each(),
        };
        initial.add(&each.mul(&Exact::from_u64(r.count.into())))
    }

    /// The contract figure HT with every renewal, or the initial one without renewals.
    pub fn contract_with_renewals_ht(&self) -> &Exact {
        self.renewals
            .as_ref()
            .map_or(&self.contract_ht, |r| &r.contract_ht)
    }
}

/// Normalises a schedule offer; the lot's VAT rate makes the TTC figures.
pub fn normalise(
    schedule: &Schedule,
    quote: &ScheduleQuote,
    vat_rate: Decimal,
) -> Result<ScheduleCost, Vec<ScheduleIrregularity>> {
    let mut problems = Vec::new();
    let mut lines = Vec::new();
    let mut disagreements = Vec::new();
    for item in &schedule.items {
        let q = quote.items.iter().find(|q| q.code == item.code);
        let line = Line::Item(item.code.clone());
        let Some(price) = price(q.and_then(|q| q.unit_price.as_ref()), &quote.location, line)
            .map_err(|p| problems.push(*p))
            .ok()
        else {
            continue;
        };
        let total = Exact::from_decimal(price.value).mul(&Exact::from_decimal(item.quantity));
        if let Some(d) = q.and_then(|q| disagreement(&item.code, q.total.as_ref(), &total)) {
            disagreements.push(d);
        }
        lines.push(LineCost {
            code: item.code.clone(),
            quantity: item.quantity,
            unit_price: price,
            total,
        });
    }
    let mut tranches = Vec::new();
    for tranche in &schedule.tranches {
        let q = quote.tranches.iter().find(|q| q.id == tranche.id);
        let line = Line::Tranche(tranche.id.clone());
        if let Ok(price) = price(q.and_then(|q| q.price.as_ref()), &quote.location, line)
            .map_err(|p| problems.push(*p))
        {
            let total = Exact::from_decimal(price.value)
                .mul(&Exact::from_u64(u64::from(tranche.payment.payments())));
            if let Some(d) = q.and_then(|q| disagreement(&tranche.id, q.total.as_ref(), &total)) {
                disagreements.push(d);
            }
            tranches.push(TrancheCost {
                id: tranche.id.clone(),
                kind: tranche.kind,
                payment: tranche.payment,
                price,
                total,
                in_renewals: tranche.in_renewals,
            });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(totals(schedule, lines, tranches, disagreements, vat_rate))
}

fn totals(
    schedule: &Schedule,
    lines: Vec<LineCost>,
    tranches: Vec<TrancheCost>,
    disagreements: Vec<TotalDisagreement>,
    vat_rate: Decimal,
) -> ScheduleCost {
    let sum = |it: &mut dyn Iterator<Item = &Exact>| it.fold(Exact::zero(), |s, x| s.add(x));
    let dqe_ht = sum(&mut lines.iter().map(|l| &l.total));
    let of_kind = |k: TrancheKind| {
        tranches
            .iter()
            .filter(|t| t.kind == k)
            .fold(Exact::zero(), |s, t| s.add(&t.total))
    };
    let firm_ht = of_kind(TrancheKind::Firm);
    let conditional_ht = of_kind(TrancheKind::Conditional);
    let months = Exact::from_u64(u64::from(schedule.months));
    let twelve = Exact::from_u64(12);
    let purchase_orders_ht = dqe_ht.mul(&months).div(&twelve).unwrap_or_else(Exact::zero);
    let contract_ht = firm_ht.add(&conditional_ht).add(&purchase_orders_ht);
    let contract_ttc = contract_ht.mul(&Exact::one().add(&Exact::from_decimal(vat_rate)));
    // The contract has at least one month (the tender's duration is 1 to 50 years).
    let annual_ht = contract_ht
        .mul(&twelve)
        .div(&months)
        .unwrap_or_else(Exact::zero);
    let years = years(schedule, &tranches, &dqe_ht);
    let renewals = renewals(schedule, &tranches, &dqe_ht, &contract_ht, vat_rate);
    ScheduleCost {
        lines,
        tranches,
        dqe_ht,
        firm_ht,
        conditional_ht,
        purchase_orders_ht,
        contract_ht,
        contract_ttc,
        annual_ht,
        years,
        disagreements,
        renewals,
    }
}

/// What the renewals add: one renewal's tranches paid on and purchase orders, times
/// their count, and the contract figure with all of them.
fn renewals(
    schedule: &Schedule,
    tranches: &[TrancheCost],
    dqe_ht: &Exact,
    contract_ht: &Exact,
    vat_rate: Decimal,
) -> Option<RenewalsCost> {
    let r = schedule.renewal?;
    let (first, last) = schedule.renewal_months(1)?;
    let (initial, total) = (schedule.months, schedule.total_months());
    let paid = |k: TrancheKind| {
        tranches
            .iter()
            .filter(|t| t.kind == k)
            .fold(Exact::zero(), |s, t| {
                s.add(&t.paid_within(first, last, initial, total))
            })
    };
    let purchase_orders = dqe_ht
        .mul(&Exact::from_u64(r.months.into()))
        .div(&Exact::from_u64(12))
        .unwrap_or_else(Exact::zero);
    let (firm, conditional) = (paid(TrancheKind::Firm), paid(TrancheKind::Conditional));
    let ht = firm
        .add(&conditional)
        .add(&purchase_orders)
        .mul(&Exact::from_u64(r.count.into()));
    let with = contract_ht.add(&ht);
    Some(RenewalsCost {
        count: r.count,
        months: r.months,
        firm,
        conditional,
        purchase_orders,
        contract_ttc: with.mul(&Exact::one().add(&Exact::from_decimal(vat_rate))),
        contract_ht: with,
        ht,
    })
}

/// A schedule offer as the award takes it: the comparable yearly cost and the contract
/// figures of [`normalise`], the DQE total a year as its price (at the sheet), and the
/// schedule's figures kept whole for the ceilings on a part and `explain`. Figures too
/// large to be shown to the cent make the offer irregular, as for the five models.
pub fn award_cost(
    schedule: &Schedule,
    quote: &ScheduleQuote,
    vat_rate: Decimal,
) -> Result<super::NormalisedCost, Vec<super::Irregularity>> {
    let cost = normalise(schedule, quote, vat_rate).map_err(|problems| {
        problems
            .into_iter()
            .map(super::Irregularity::Schedule)
            .collect::<Vec<_>>()
    })?;
    let out_of_range = || {
        vec![super::Irregularity::OutOfRange {
            model: super::PricingModel::Schedule,
            location: quote.location.clone(),
        }]
    };
    let renewed = cost
        .renewals
        .as_ref()
        .map(|r| [&r.contract_ht, &r.contract_ttc]);
    let in_range = [&cost.dqe_ht, &cost.contract_ht, &cost.contract_ttc]
        .into_iter()
        .chain(renewed.into_iter().flatten())
        .all(super::within_range);
    let dqe = match cost.dqe_ht.to_decimal_exact() {
        Some(d) if in_range => d,
        _ => return Err(out_of_range()),
    };
    Ok(super::NormalisedCost {
        model: super::PricingModel::Schedule,
        price: Sourced {
            value: dqe,
            location: quote.location.clone(),
            raw: String::new(),
        },
        quota: None,
        surcharge: None,
        reduction: None,
        usage: None,
        adjustment: super::Adjustment::None,
        floored: false,
        annual_ht: cost.annual_ht.clone(),
        contract_ht: cost.contract_ht.clone(),
        contract_ttc: cost.contract_ttc.clone(),
        unit: super::UnitCosts::default(),
        schedule: Some(Box::new(cost)),
    })
}

/// The contract's years: calendar years from the start month (the first and last ones
/// possibly incomplete), or contract years of twelve months.
pub fn year_spans(start: Option<Month>, months: u32) -> Vec<(i32, u32, u32)> {
    let mut spans = Vec::new();
    let mut first = 1;
    while first <= months {
        let (year, len) = match start {
            Some(s) => {
                let m = s.plus(first - 1);
                (m.year, 13 - m.month)
            }
            None => (i32::try_from(spans.len() + 1).unwrap_or(i32::MAX), 12),
        };
        let last = (first + len - 1).min(months);
        spans.push((year, first, last));
        first = last + 1;
    }
    spans
}

fn years(schedule: &Schedule, tranches: &[TrancheCost], dqe_ht: &Exact) -> Vec<YearCost> {
    let (initial, total) = (schedule.months, schedule.total_months());
    year_spans(schedule.start, total)
        .into_iter()
        .map(|(year, first, last)| {
            let paid = |k: TrancheKind| {
                tranches
                    .iter()
                    .filter(|t| t.kind == k)
                    .fold(Exact::zero(), |s, t| {
                        s.add(&t.paid_within(first, last, initial, total))
                    })
            };
            let months = Exact::from_u64(u64::from(last + 1 - first));
            YearCost {
                year,
                first_month: first,
                last_month: last,
                firm: paid(TrancheKind::Firm),
                conditional: paid(TrancheKind::Conditional),
                purchase_orders: dqe_ht
                    .mul(&months)
                    .div(&Exact::from_u64(12))
                    .unwrap_or_else(Exact::zero),
            }
        })
        .collect()
}

/// A price cell read as a non-negative number.
fn price(
    cell: Option<&QuoteCell>,
    sheet: &Location,
    line: Line,
) -> Result<Sourced<Decimal>, Box<ScheduleIrregularity>> {
    let Some(cell) = cell else {
        return Err(Box::new(ScheduleIrregularity::Missing {
            line,
            location: sheet.clone(),
        }));
    };
    let problem = match &cell.content {
        CellContent::Empty => ScheduleIrregularity::Missing {
            line,
            location: cell.location.clone(),
        },
        CellContent::Invalid(problem) => ScheduleIrregularity::Invalid {
            line,
            location: cell.location.clone(),
            raw: cell.raw.clone(),
            problem: problem.clone(),
        },
        CellContent::Number(v) if v.is_sign_negative() && !v.is_zero() => {
            ScheduleIrregularity::Negative {
                line,
                location: cell.location.clone(),
                value: *v,
            }
        }
        CellContent::Number(v) => {
            return Ok(Sourced {
                value: *v,
                location: cell.location.clone(),
                raw: cell.raw.clone(),
            });
        }
    };
    Err(Box::new(problem))
}

/// The bidder's line total, when it is a number that is neither the exact product nor
/// the product rounded to the cent.
fn disagreement(
    code: &str,
    cell: Option<&QuoteCell>,
    computed: &Exact,
) -> Option<TotalDisagreement> {
    let cell = cell?;
    let CellContent::Number(written) = cell.content else {
        return None;
    };
    let agrees = *computed == written || computed.round(2) == Some(written.normalize());
    (!agrees).then(|| TotalDisagreement {
        code: code.to_owned(),
        location: cell.location.clone(),
        written,
        raw: cell.raw.clone(),
        computed: computed.clone(),
    })
}

/// The contract figure HT of the initial period with each contract year's payments
/// multiplied by its revision coefficient (`coefficients[y − 1]` for contract year y; a
/// year without one is not revised): Σ over years of (tranche payments of its months +
/// the DQE × its months ÷ 12) × coefficient, exactly.
pub fn revised_contract_ht(
    schedule: &Schedule,
    cost: &ScheduleCost,
    coefficients: &[Exact],
) -> Exact {
    revised_over(schedule, cost, coefficients, schedule.months)
}

/// The same over the contract with every renewal: the renewals' years continue the
/// contract years, each revised by its own anniversary's index.
pub fn revised_with_renewals_ht(
    schedule: &Schedule,
    cost: &ScheduleCost,
    coefficients: &[Exact],
) -> Exact {
    revised_over(schedule, cost, coefficients, schedule.total_months())
}

/// Σ over the contract years up to month `upto` of their amounts × their coefficients.
fn revised_over(
    schedule: &Schedule,
    cost: &ScheduleCost,
    coefficients: &[Exact],
    upto: u32,
) -> Exact {
    let (initial, total) = (schedule.months, schedule.total_months());
    let mut sum = Exact::zero();
    for (y, (_, first, last)) in year_spans(None, upto).into_iter().enumerate() {
        let tranches = cost.tranches.iter().fold(Exact::zero(), |s, t| {
            s.add(&t.paid_within(first, last, initial, total))
        });
        let months = Exact::from_u64(u64::from(last + 1 - first));
        let orders = cost
            .dqe_ht
            .mul(&months)
            .div(&Exact::from_u64(12))
            .unwrap_or_else(Exact::zero);
        let year = tranches.add(&orders);
        sum = sum.add(&match coefficients.get(y) {
            Some(c) => year.mul(c),
            None => year,
        });
    }
    sum
}

/// The contract figure revised by the index: each contract year's coefficient, with
/// its index value (published or assumed), and the revised contract figure HT, of the
/// initial period and with every renewal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revised {
    /// Every contract year, the renewals' included.
    pub years: Vec<super::revision::YearRevision>,
    pub contract_ht: Exact,
    /// With every renewal, when the contract has them.
    pub with_renewals_ht: Option<Exact>,
}

/// Revises a schedule offer's contract figure by the clause's index series.
pub fn revised(
    schedule: &Schedule,
    cost: &ScheduleCost,
    terms: &super::revision::RevisionTerms,
    series: &super::revision::IndexSeries,
) -> Result<Revised, super::revision::RevisionProblem> {
    let total = schedule.total_months();
    let count = u32::try_from(year_spans(None, total).len()).unwrap_or(u32::MAX);
    let years = super::revision::coefficients(terms, series, count)?;
    let coefficients: Vec<Exact> = years.iter().map(|y| y.coefficient.clone()).collect();
    Ok(Revised {
        contract_ht: revised_contract_ht(schedule, cost, &coefficients),
        with_renewals_ht: schedule
            .renewal
            .map(|_| revised_with_renewals_ht(schedule, cost, &coefficients)),
        years,
    })
}

/// One ceiling on a part, checked for one year (or for the whole contract).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartCheck {
    pub part: Part,
    pub ceiling: Ceiling,
    /// The year checked, `None` for a ceiling over the contract (with every renewal:
    /// the most the contract may pay).
    pub year: Option<YearCost>,
    /// The part's amount, in the ceiling's basis (HT or TTC).
    pub amount: Exact,
    /// The ceiling for that year: its amount × the year's months ÷ 12 (pro rata
    /// temporis), or the whole amount over the contract.
    pub limit: Exact,
    /// A ceiling over the contract checked on the part with every renewal (the lot has
    /// renewals).
    pub with_renewals: bool,
}

impl PartCheck {
    /// Above the ceiling, exactly: an amount at the ceiling is accepted.
    pub fn exceeded(&self) -> bool {
        self.amount > self.limit
    }
}

/// Every check of the schedule's ceilings on a part: one per year for a yearly ceiling,
/// one for a ceiling over the contract.
pub fn part_checks(schedule: &Schedule, cost: &ScheduleCost, vat_rate: Decimal) -> Vec<PartCheck> {
    let vat = Exact::one().add(&Exact::from_decimal(vat_rate));
    let basis = |amount: Exact, c: &Ceiling| match c.vat {
        VatBasis::Ht => amount,
        VatBasis::Ttc => amount.mul(&vat),
    };
    let mut checks = Vec::new();
    for pc in &schedule.part_ceilings {
        let c = &pc.ceiling;
        match c.period {
            Period::Contract => checks.push(PartCheck {
                part: pc.part,
                ceiling: c.clone(),
                year: None,
                amount: basis(cost.part_with_renewals(pc.part), c),
                limit: Exact::from_decimal(c.amount),
                with_renewals: cost.renewals.is_some(),
            }),
            Period::Yearly => {
                for y in &cost.years {
                    let limit = Exact::from_decimal(c.amount)
                        .mul(&Exact::from_u64(y.months().into()))
                        .div(&Exact::from_u64(12))
                        .unwrap_or_else(Exact::zero);
                    checks.push(PartCheck {
                        part: pc.part,
                        ceiling: c.clone(),
                        year: Some(y.clone()),
                        amount: basis(y.part(pc.part), c),
                        limit,
                        with_renewals: false,
                    });
                }
            }
        }
    }
    checks
}

#[cfg(test)]
#[path = "schedule_tests.rs"]
mod tests;
