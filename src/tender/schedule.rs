//! A lot priced by a unit-price schedule with tranches (a BPU/DQE lot): lump-sum
//! tranches, firm or conditional, and a purchase-order part priced from unit prices
//! compared on the buyer's estimated quantities (the DQE).
//!
//! This is the classic form of French public contracts (IT outsourcing, works,
//! maintenance), beside the five pricing models of digital-library lots. Both kinds of lot
//! sit in one tender: `kind = "schedule"` on a `[[lot]]` makes it a schedule lot.

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use serde::Deserialize;

use super::Ceiling;
use super::file::DecimalText;
use super::load::parse_ceiling;

/// The most a DQE quantity may be: far above any real estimate, low enough that every
/// line total stays exact and printable.
const MAX_QUANTITY: u64 = 1_000_000_000;
/// The most items or tranches a schedule may hold.
const MAX_LINES: usize = 10_000;

/// The schedule of a lot: what the bidder prices, and the ceilings that apply to a part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    /// The contract's first month, when the tender file gives it (`start = "2027-04"`):
    /// yearly figures are then per calendar year, the first and last ones pro rata of
    /// their months; without it, per contract year of twelve months.
    pub start: Option<Month>,
    /// The contract's length in months (the tender's `duration_years` × 12).
    pub months: u32,
    /// The purchase-order part: unit prices, compared on the DQE quantities.
    pub items: Vec<Item>,
    /// The lump-sum part.
    pub tranches: Vec<Tranche>,
    /// Ceilings that apply to one part of the price, in the order written.
    pub part_ceilings: Vec<PartCeiling>,
    /// Revision by a published index, when the contract has the clause.
    pub revision: Option<IndexRevision>,
    /// The renewals the buyer may decide expressly after the initial period, when the
    /// contract has them.
    pub renewal: Option<Renewal>,
}

/// Renewals decided expressly (*reconduction expresse*): after the initial period
/// (`months`), the buyer may renew the contract `count` times for `months` each, each
/// time by an express decision. The prices stay the BPU's, revised like the others.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Renewal {
    pub count: u32,
    /// The length of each renewal.
    pub months: u32,
}

/// The most renewals a schedule lot may have.
pub const MAX_RENEWALS: u32 = 10;
/// The most months the contract may last, every renewal included (the tender's
/// `duration_years` at most: 50 years).
pub const MAX_TOTAL_MONTHS: u32 = 600;

impl Schedule {
    /// The contract's months with every renewal decided: the initial period's, then each
    /// renewal's.
    pub fn total_months(&self) -> u32 {
        self.renewal.map_or(self.months, |r| {
            self.months.saturating_add(r.count.saturating_mul(r.months))
        })
    }

    /// The months of renewal `n` (from 1), first and last, counted from the contract's
    /// first month.
    pub fn renewal_months(&self, n: u32) -> Option<(u32, u32)> {
        let r = self.renewal?;
        (1..=r.count).contains(&n).then(|| {
            let first = self.months + (n - 1) * r.months + 1;
            (first, first + r.months - 1)
        })
    }
}

/// The revision clause: P = P0 × (a + b × I ÷ I0) with the index series read from a CSV
/// file of published values (`month,value`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexRevision {
    /// The series' file, resolved against the tender file's folder.
    pub index: std::path::PathBuf,
    pub terms: crate::pricing::revision::RevisionTerms,
}

/// A calendar month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Month {
    pub year: i32,
    /// 1 to 12.
    pub month: u32,
}

impl Month {
    /// Reads `2027-04` (also `2027-4`).
    pub fn parse(text: &str) -> Option<Month> {
        let (y, m) = text.trim().split_once('-')?;
        let year: i32 = y.parse().ok().filter(|y| (1900..=2200).contains(y))?;
        let month: u32 = m.parse().ok().filter(|m| (1..=12).contains(m))?;
        (y.len() == 4 && !m.is_empty() && m.len() <= 2).then_some(Month { year, month })
    }

    /// The same month a year earlier.
    pub fn minus_year(self) -> Month {
        Month {
            year: self.year.saturating_sub(1),
            month: self.month,
        }
    }

    /// The month `n` months later.
    pub fn plus(self, n: u32) -> Month {
        let index = i64::from(self.year) * 12 + i64::from(self.month - 1) + i64::from(n);
        Month {
            year: i32::try_from(index.div_euclid(12)).unwrap_or(i32::MAX),
            month: u32::try_from(index.rem_euclid(12)).unwrap_or(0) + 1,
        }
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// One line of the unit-price schedule (BPU), with the buyer's estimated quantity (DQE).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub code: String,
    pub designation: String,
    pub unit: String,
    /// The estimated quantity a year.
    pub quantity: Decimal,
    /// The heading the line is grouped under, when given.
    pub section: Option<String>,
}

/// A lump-sum tranche.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tranche {
    pub id: String,
    pub title: String,
    pub kind: TrancheKind,
    pub payment: Payment,
    /// A monthly tranche paid on in every renewal (`in_renewals = true`); otherwise a
    /// tranche is of the initial period only, as its months say.
    pub in_renewals: bool,
}

impl Tranche {
    /// How many payments fall within months `first..=last` of the contract with its
    /// renewals: the initial period's, then, for a tranche paid on in the renewals, one
    /// a month after the initial period's `initial` months up to `total`.
    pub fn payments_within(&self, first: u32, last: u32, initial: u32, total: u32) -> u32 {
        payments_within(
            self.payment,
            self.in_renewals,
            (first, last),
            (initial, total),
        )
    }
}

/// How many payments of a tranche paid as `payment` (and on in the renewals when
/// `in_renewals`) fall within `months` (first, last), the contract having `initial`
/// months then renewals up to `total`.
pub fn payments_within(
    payment: Payment,
    in_renewals: bool,
    (first, last): (u32, u32),
    (initial, total): (u32, u32),
) -> u32 {
    // The tranche's own months are all within the initial period.
    let mut n = payment.payments_within(first, last);
    if in_renewals {
        let (a, b) = (first.max(initial + 1), last.min(total));
        n += if a > b { 0 } else { b - a + 1 };
    }
    n
}

/// Whether a tranche is ordered at signature or only if the buyer confirms it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrancheKind {
    Firm,
    Conditional,
}

impl TrancheKind {
    pub fn key(self) -> &'static str {
        match self {
            TrancheKind::Firm => "firm",
            TrancheKind::Conditional => "conditional",
        }
    }
}

/// How a tranche is paid, in months of the contract counted from 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Payment {
    /// One lump sum, paid when the milestone is reached in month `month`.
    Milestone { month: u32 },
    /// A monthly price, paid each month from `from` to `to` (both included).
    Monthly { from: u32, to: u32 },
}

impl Payment {
    /// The number of payments: 1, or the months paid.
    pub fn payments(self) -> u32 {
        match self {
            Payment::Milestone { .. } => 1,
            Payment::Monthly { from, to } => to - from + 1,
        }
    }

    /// How many payments fall within months `first..=last` of the contract.
    pub fn payments_within(self, first: u32, last: u32) -> u32 {
        match self {
            Payment::Milestone { month } => u32::from((first..=last).contains(&month)),
            Payment::Monthly { from, to } => {
                let (a, b) = (from.max(first), to.min(last));
                if a > b { 0 } else { b - a + 1 }
            }
        }
    }
}

/// A part of the price a ceiling applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// The firm tranches only: the lump sum without the conditional tranches and without
    /// the purchase orders.
    FirmTranches,
    /// Every tranche, firm and conditional.
    Tranches,
    /// The purchase orders, at the DQE quantities.
    PurchaseOrders,
    /// Everything: every tranche and the purchase orders.
    Whole,
}

impl Part {
    pub fn key(self) -> &'static str {
        match self {
            Part::FirmTranches => "firm_tranches",
            Part::Tranches => "tranches",
            Part::PurchaseOrders => "purchase_orders",
            Part::Whole => "whole",
        }
    }
}

/// A ceiling on a part of the price (`"270000 TTC"` a year, `"100000 HT contrat"`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartCeiling {
    pub part: Part,
    pub ceiling: Ceiling,
}

/// The kind of a lot, as the tender file names it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LotKind {
    /// Priced with the five pricing models (the default).
    #[default]
    Models,
    /// A unit-price schedule with tranches.
    Schedule,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ItemSection {
    pub code: String,
    pub designation: String,
    pub unit: String,
    pub quantity: DecimalText,
    pub section: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TrancheSection {
    pub id: String,
    pub title: String,
    pub kind: TrancheKind,
    pub payment: PaymentName,
    pub month: Option<u32>,
    pub from_month: Option<u32>,
    pub to_month: Option<u32>,
    pub in_renewals: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RenewalSection {
    pub count: u32,
    pub months: u32,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub(super) enum PaymentName {
    Milestone,
    Monthly,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RevisionSection {
    pub index: String,
    pub reference_month: String,
    pub fixed_part: DecimalText,
    pub assumed_yearly_rate: DecimalText,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PartCeilingSection {
    pub part: Part,
    pub amount: String,
}

/// What is wrong with a schedule lot's keys (the common problems, an empty text or a bad
/// id, are [`super::load::TenderProblem`]'s own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScheduleProblem {
    /// A key of the other kind of lot.
    NotForKind {
        key: &'static str,
        kind: LotKind,
    },
    /// A schedule lot with neither items nor tranches.
    NothingToPrice,
    /// A schedule lot in a tender quoting several scopes and no groupement: the sheet
    /// is priced once, for a scope that cannot be told.
    SeveralScopes {
        scopes: Vec<String>,
    },
    TooManyLines {
        max: usize,
    },
    BadMonth {
        text: String,
    },
    /// A month of the contract outside 1..=last.
    MonthOutside {
        month: u32,
        last: u32,
    },
    /// `to_month` before `from_month`.
    MonthsReversed {
        from: u32,
        to: u32,
    },
    /// A key that does not apply to the tranche's way of payment.
    NotForPayment {
        key: &'static str,
        payment: &'static str,
    },
    BadQuantity {
        value: String,
    },
    BadFixedPart {
        value: String,
    },
    BadRate {
        value: String,
    },
    /// `renewal.count` outside 1..=[`MAX_RENEWALS`].
    BadRenewalCount {
        count: u32,
    },
    /// `renewal.months` of 0, or the contract with every renewal longer than
    /// [`MAX_TOTAL_MONTHS`].
    BadRenewalMonths {
        months: u32,
        initial: u32,
    },
    /// `in_renewals` on a tranche while the lot has no `[lot.renewal]`.
    NoRenewal,
}

impl ScheduleProblem {
    pub fn english(&self) -> String {
        match self {
            ScheduleProblem::NotForKind { key, kind } => match kind {
                LotKind::Schedule => format!(
                    "{key} does not apply to a unit-price schedule lot (kind = \"schedule\"): its prices come from its items and tranches"
                ),
                LotKind::Models => format!(
                    "{key} only applies to a unit-price schedule lot: add kind = \"schedule\" to the lot"
                ),
            },
            ScheduleProblem::NothingToPrice => {
                "a unit-price schedule lot needs at least one [[lot.item]] or one [[lot.tranche]]"
                    .into()
            }
            ScheduleProblem::SeveralScopes { scopes } => format!(
                "a unit-price schedule lot is priced once for the whole need, and the tender quotes several scopes ({}) without a groupement: which one its prices are for cannot be told; add \"groupement\" to quote_for, or make one tender per buyer",
                scopes.join(", ")
            ),
            ScheduleProblem::TooManyLines { max } => format!("at most {max} lines"),
            ScheduleProblem::BadMonth { text } => {
                format!("{text:?} is not a month: expected year-month, e.g. \"2027-04\"")
            }
            ScheduleProblem::MonthOutside { month, last } => format!(
                "month {month} is outside the contract: expected a month of the contract from 1 to {last}"
            ),
            ScheduleProblem::MonthsReversed { from, to } => {
                format!("to_month ({to}) is before from_month ({from})")
            }
            ScheduleProblem::NotForPayment { key, payment } => {
                let payment = match *payment {
                    "monthly" => "monthly",
                    _ => "at a milestone",
                };
                format!("{key} does not apply to a tranche paid {payment}")
            }
            ScheduleProblem::BadQuantity { value } => {
                format!("{value} is not a quantity: expected a quantity from 0 to {MAX_QUANTITY}")
            }
            ScheduleProblem::BadFixedPart { value } => format!(
                "{value} is not a fixed part: expected a fraction from 0 to below 1 (\"0.15\" for 15 %)"
            ),
            ScheduleProblem::BadRate { value } => format!(
                "{value} is not a yearly rate: expected a rate above -1 and at most 1 (\"0.02\" for 2 %)"
            ),
            ScheduleProblem::BadRenewalCount { count } => format!(
                "{count} renewals: expected 1 to {MAX_RENEWALS} (a contract without renewal has no [lot.renewal])"
            ),
            ScheduleProblem::BadRenewalMonths { months, initial } => format!(
                "renewals of {months} months: expected at least 1 month, and at most {MAX_TOTAL_MONTHS} months for the whole contract with every renewal (the initial period has {initial})"
            ),
            ScheduleProblem::NoRenewal => {
                "in_renewals applies to a lot whose contract may be renewed: add [lot.renewal] (count, months), or remove the key".into()
            }
        }
    }

    pub fn french(&self) -> String {
        match self {
            ScheduleProblem::NotForKind { key, kind } => match kind {
                LotKind::Schedule => format!(
                    "{key} ne s'applique pas à un lot à bordereau de prix unitaires (kind = \"schedule\") : ses prix viennent de ses articles et de ses tranches"
                ),
                LotKind::Models => format!(
                    "{key} ne s'applique qu'à un lot à bordereau de prix unitaires : ajoutez kind = \"schedule\" au lot"
                ),
            },
            ScheduleProblem::NothingToPrice => "un lot à bordereau de prix unitaires demande au moins un [[lot.item]] ou une [[lot.tranche]]".into(),
            ScheduleProblem::SeveralScopes { scopes } => format!(
                "un lot à bordereau de prix unitaires est chiffré une fois pour tout le besoin, et la consultation demande plusieurs périmètres ({}) sans groupement : on ne peut pas dire pour lequel ses prix valent ; ajoutez \"groupement\" à quote_for, ou faites une consultation par acheteur",
                scopes.join(", ")
            ),
            ScheduleProblem::TooManyLines { max } => format!("au plus {max} lignes"),
            ScheduleProblem::BadMonth { text } => {
                format!("« {text} » n'est pas un mois : attendu année-mois, par exemple \"2027-04\"")
            }
            ScheduleProblem::MonthOutside { month, last } => format!(
                "le mois {month} est hors du marché : attendu un mois du marché de 1 à {last}"
            ),
            ScheduleProblem::MonthsReversed { from, to } => {
                format!("to_month ({to}) précède from_month ({from})")
            }
            ScheduleProblem::NotForPayment { key, payment } => {
                let payment = match *payment {
                    "monthly" => "mensuellement",
                    _ => "à l'étape",
                };
                format!("{key} ne s'applique pas à une tranche payée {payment}")
            }
            ScheduleProblem::BadQuantity { value } => format!(
                "{value} n'est pas une quantité : attendu une quantité de 0 à {MAX_QUANTITY}"
            ),
            ScheduleProblem::BadFixedPart { value } => format!(
                "{value} n'est pas une part fixe : attendu une fraction de 0 à moins de 1 (\"0.15\" pour 15 %)"
            ),
            ScheduleProblem::BadRate { value } => format!(
                "{value} n'est pas un taux annuel : attendu un taux au-dessus de -1 et d'au plus 1 (\"0.02\" pour 2 %)"
            ),
            ScheduleProblem::BadRenewalCount { count } => format!(
                "{count} reconductions : attendu de 1 à {MAX_RENEWALS} (un marché sans reconduction n'a pas de [lot.renewal])"
            ),
            ScheduleProblem::BadRenewalMonths { months, initial } => format!(
                "reconductions de {months} mois : attendu au moins 1 mois, et au plus {MAX_TOTAL_MONTHS} mois pour tout le marché avec chaque reconduction (la période initiale en a {initial})"
            ),
            ScheduleProblem::NoRenewal => {
                "in_renewals s'applique à un lot dont le marché peut être reconduit : ajoutez [lot.renewal] (count, months), ou retirez la clé".into()
            }
        }
    }
}

/// A problem found while building a schedule: the key (relative to the lot, such as
/// `item[2].quantity`) and what is wrong.
pub(super) type Fault = (String, super::load::TenderProblem);

fn fault(key: impl Into<String>, p: ScheduleProblem) -> Fault {
    (key.into(), super::load::TenderProblem::Schedule(p))
}

/// The schedule's keys of a `[[lot]]`, as written.
pub(super) struct ScheduleKeys<'a> {
    pub start: Option<&'a str>,
    pub items: &'a [ItemSection],
    pub tranches: &'a [TrancheSection],
    pub part_ceilings: &'a [PartCeilingSection],
    pub revision: Option<&'a RevisionSection>,
    pub renewal: Option<&'a RenewalSection>,
    /// The tender file's folder, which the index file is relative to.
    pub base: &'a std::path::Path,
}

/// Checks a schedule lot's keys; `duration_years` is the tender's.
pub(super) fn build(keys: &ScheduleKeys<'_>, duration_years: u32) -> Result<Schedule, Fault> {
    let start = match keys.start {
        None => None,
        Some(t) => Some(
            Month::parse(t)
                .ok_or_else(|| fault("start", ScheduleProblem::BadMonth { text: t.into() }))?,
        ),
    };
    if keys.items.is_empty() && keys.tranches.is_empty() {
        return Err(fault("item", ScheduleProblem::NothingToPrice));
    }
    let too_many = [("item", keys.items.len()), ("tranche", keys.tranches.len())]
        .into_iter()
        .find(|(_, n)| *n > MAX_LINES);
    if let Some((key, _)) = too_many {
        return Err(fault(key, ScheduleProblem::TooManyLines { max: MAX_LINES }));
    }
    let months = duration_years.saturating_mul(12);
    let renewal = match keys.renewal {
        None => None,
        Some(r) => Some(renewal(r, months)?),
    };
    let items = items(keys.items)?;
    // The sheet tells lines apart by their code, whatever its case: an item and a
    // tranche, or two lines, may not share one.
    let mut ids: BTreeSet<String> = items.iter().map(|i| i.code.to_lowercase()).collect();
    let mut tranches = Vec::new();
    for (i, t) in keys.tranches.iter().enumerate() {
        let key = format!("tranche[{i}]");
        let id = id(&format!("{key}.id"), &t.id)?;
        if !ids.insert(id.to_lowercase()) {
            return Err((
                format!("{key}.id"),
                super::load::TenderProblem::DuplicateId { id },
            ));
        }
        tranches.push(Tranche {
            id,
            title: not_empty(&format!("{key}.title"), &t.title)?,
            kind: t.kind,
            payment: payment(&key, t, months)?,
            in_renewals: in_renewals(&key, t, renewal.is_some())?,
        });
    }
    let mut part_ceilings = Vec::new();
    for (i, p) in keys.part_ceilings.iter().enumerate() {
        let ceiling = parse_ceiling(&p.amount)
            .filter(|c| c.amount <= Decimal::from(MAX_QUANTITY) * Decimal::from(1000))
            .ok_or_else(|| {
                (
                    format!("part_ceiling[{i}].amount"),
                    super::load::TenderProblem::BadCeiling {
                        text: p.amount.clone(),
                    },
                )
            })?;
        part_ceilings.push(PartCeiling {
            part: p.part,
            ceiling,
        });
    }
    let revision = match keys.revision {
        None => None,
        Some(r) => Some(revision(r, keys.base)?),
    };
    Ok(Schedule {
        start,
        months,
        items,
        tranches,
        part_ceilings,
        revision,
        renewal,
    })
}

fn renewal(r: &RenewalSection, initial: u32) -> Result<Renewal, Fault> {
    if !(1..=MAX_RENEWALS).contains(&r.count) {
        return Err(fault(
            "renewal.count",
            ScheduleProblem::BadRenewalCount { count: r.count },
        ));
    }
    let total = u64::from(initial) + u64::from(r.count) * u64::from(r.months);
    if r.months == 0 || total > u64::from(MAX_TOTAL_MONTHS) {
        return Err(fault(
            "renewal.months",
            ScheduleProblem::BadRenewalMonths {
                months: r.months,
                initial,
            },
        ));
    }
    Ok(Renewal {
        count: r.count,
        months: r.months,
    })
}

/// `in_renewals`: only for a monthly tranche of a lot that has renewals.
fn in_renewals(key: &str, t: &TrancheSection, renewable: bool) -> Result<bool, Fault> {
    match t.in_renewals {
        None | Some(false) => Ok(false),
        Some(true) if t.payment == PaymentName::Milestone => Err(fault(
            format!("{key}.in_renewals"),
            ScheduleProblem::NotForPayment {
                key: "in_renewals",
                payment: "milestone",
            },
        )),
        Some(true) if !renewable => Err(fault(
            format!("{key}.in_renewals"),
            ScheduleProblem::NoRenewal,
        )),
        Some(true) => Ok(true),
    }
}

fn revision(r: &RevisionSection, base: &std::path::Path) -> Result<IndexRevision, Fault> {
    let reference = Month::parse(&r.reference_month).ok_or_else(|| {
        fault(
            "revision.reference_month",
            ScheduleProblem::BadMonth {
                text: r.reference_month.clone(),
            },
        )
    })?;
    let fixed = r.fixed_part.0;
    if fixed < Decimal::ZERO || fixed >= Decimal::ONE {
        return Err(fault(
            "revision.fixed_part",
            ScheduleProblem::BadFixedPart {
                value: fixed.to_string(),
            },
        ));
    }
    let rate = r.assumed_yearly_rate.0;
    if rate <= Decimal::NEGATIVE_ONE || rate > Decimal::ONE {
        return Err(fault(
            "revision.assumed_yearly_rate",
            ScheduleProblem::BadRate {
                value: rate.to_string(),
            },
        ));
    }
    Ok(IndexRevision {
        index: base.join(not_empty("revision.index", &r.index)?),
        terms: crate::pricing::revision::RevisionTerms {
            reference,
            fixed,
            assumed_yearly_rate: rate,
        },
    })
}

fn items(sections: &[ItemSection]) -> Result<Vec<Item>, Fault> {
    let mut codes = BTreeSet::new();
    let mut items = Vec::new();
    for (i, s) in sections.iter().enumerate() {
        let key = format!("item[{i}]");
        let code = id(&format!("{key}.code"), s.code.trim())?;
        if !codes.insert(code.to_lowercase()) {
            return Err((
                format!("{key}.code"),
                super::load::TenderProblem::DuplicateId { id: code },
            ));
        }
        let quantity = s.quantity.0;
        if quantity < Decimal::ZERO || quantity > Decimal::from(MAX_QUANTITY) {
            return Err(fault(
                format!("{key}.quantity"),
                ScheduleProblem::BadQuantity {
                    value: quantity.to_string(),
                },
            ));
        }
        items.push(Item {
            code,
            designation: not_empty(&format!("{key}.designation"), &s.designation)?,
            unit: not_empty(&format!("{key}.unit"), &s.unit)?,
            quantity: quantity.normalize(),
            section: match &s.section {
                None => None,
                Some(t) => Some(not_empty(&format!("{key}.section"), t)?),
            },
        });
    }
    Ok(items)
}

fn payment(key: &str, t: &TrancheSection, months: u32) -> Result<Payment, Fault> {
    let month = |name: &str, m: u32| {
        if (1..=months).contains(&m) {
            Ok(m)
        } else {
            Err(fault(
                format!("{key}.{name}"),
                ScheduleProblem::MonthOutside {
                    month: m,
                    last: months,
                },
            ))
        }
    };
    let refuse = |name: &'static str, payment: &'static str| {
        fault(
            format!("{key}.{name}"),
            ScheduleProblem::NotForPayment { key: name, payment },
        )
    };
    match t.payment {
        PaymentName::Milestone => {
            if t.from_month.is_some() {
                return Err(refuse("from_month", "milestone"));
            }
            if t.to_month.is_some() {
                return Err(refuse("to_month", "milestone"));
            }
            Ok(Payment::Milestone {
                month: month("month", t.month.unwrap_or(1))?,
            })
        }
        PaymentName::Monthly => {
            if t.month.is_some() {
                return Err(refuse("month", "monthly"));
            }
            let from = month("from_month", t.from_month.unwrap_or(1))?;
            let to = month("to_month", t.to_month.unwrap_or(months))?;
            if to < from {
                return Err(fault(
                    format!("{key}.to_month"),
                    ScheduleProblem::MonthsReversed { from, to },
                ));
            }
            Ok(Payment::Monthly { from, to })
        }
    }
}

fn id(key: &str, value: &str) -> Result<String, Fault> {
    let ok = !value.is_empty()
        && value.chars().count() <= 40
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(value.to_owned())
    } else {
        Err((
            key.to_owned(),
            super::load::TenderProblem::BadId {
                id: value.to_owned(),
                max: 40,
            },
        ))
    }
}

fn not_empty(key: &str, value: &str) -> Result<String, Fault> {
    let v = value.trim();
    if v.is_empty() {
        Err((key.to_owned(), super::load::TenderProblem::Empty))
    } else {
        Ok(v.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_read_and_counted_across_years() {
        let m = Month::parse("2027-04").unwrap();
        assert_eq!((m.year, m.month), (2027, 4));
        assert_eq!(m.plus(8).to_string(), "2027-12");
        assert_eq!(m.plus(9).to_string(), "2028-01");
        assert_eq!(m.plus(35).to_string(), "2030-03");
        assert_eq!(
            Month::parse("2027-4"),
            Some(Month {
                year: 2027,
                month: 4
            })
        );
        for bad in [
            "2027-13",
            "2027-0",
            "27-04",
            "2027/04",
            "avril 2027",
            "2027-",
        ] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn payments_are_counted_within_a_span_of_months() {
        let monthly = Payment::Monthly { from: 4, to: 36 };
        assert_eq!(monthly.payments(), 33);
        // Months 1 to 9: months 4 to 9 are paid, six payments.
        assert_eq!(monthly.payments_within(1, 9), 6);
        assert_eq!(monthly.payments_within(10, 21), 12);
        assert_eq!(monthly.payments_within(37, 48), 0);
        let once = Payment::Milestone { month: 3 };
        assert_eq!(once.payments_within(1, 9), 1);
        assert_eq!(once.payments_within(4, 9), 0);
    }

    #[test]
    fn a_tranche_paid_on_in_the_renewals_counts_their_months() {
        // 36 months then two renewals of 12: months 37 to 60.
        let span = (36, 60);
        let monthly = Payment::Monthly { from: 13, to: 36 };
        // Months 34 to 45: 3 of the initial period, 9 of the first renewal.
        assert_eq!(payments_within(monthly, true, (34, 45), span), 12);
        assert_eq!(payments_within(monthly, false, (34, 45), span), 3);
        // Months 58 to 72: the last three of the second renewal, nothing after.
        assert_eq!(payments_within(monthly, true, (58, 72), span), 3);
        // A milestone is paid once, in its month of the initial period.
        let once = Payment::Milestone { month: 33 };
        assert_eq!(payments_within(once, false, (1, 60), span), 1);
    }

    #[test]
    fn the_renewals_follow_the_initial_period() {
        let s = Schedule {
            start: None,
            months: 36,
            items: vec![],
            tranches: vec![],
            part_ceilings: vec![],
            revision: None,
            renewal: Some(Renewal {
                count: 2,
                months: 18,
            }),
        };
        assert_eq!(s.total_months(), 72);
        assert_eq!(s.renewal_months(1), Some((37, 54)));
        assert_eq!(s.renewal_months(2), Some((55, 72)));
        assert_eq!(s.renewal_months(3), None);
        assert_eq!(s.renewal_months(0), None);
    }
}
