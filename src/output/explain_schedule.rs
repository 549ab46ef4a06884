//! `explain` for a unit-price schedule lot: each BPU line and tranche with its cell, the
//! DQE and tranche sums, the contract figure, the years (pro rata of their months) and
//! every ceiling on a part compared with its limit. The steps are the same [`Step`]s as
//! the five models', so the table, the CSV and the JSON show the same figures.

use crate::exact::Exact;
use crate::lang::Lang;
use crate::money;
use crate::pricing::revision::{RevisionProblem, RevisionTerms};
use crate::pricing::schedule::{PartCheck, RenewalsCost, Revised, ScheduleCost, part_checks};
use crate::tender::schedule::{Payment, Schedule, TrancheKind};
use crate::tender::{Lot, VatBasis};

use super::explain::{Step, step};
use super::sanitize::printable;
use super::schedule_text::{part, revision_problem};

/// `cellule E13`, or nothing when the line's row is missing (then it is not priced).
fn cell(location: &crate::source::Location, lang: Lang) -> String {
    location.cell.map_or_else(String::new, |c| {
        format!(" ({} {c})", lang.pick("cellule", "cell"))
    })
}

fn eur(value: &Exact, lang: Lang) -> String {
    money::euros(value, lang)
}

fn ht(lang: Lang) -> &'static str {
    lang.pick("HT", "excl. VAT")
}

/// The steps of a schedule offer, from its cells to the comparable yearly cost, then
/// its years and ceilings on a part.
pub fn steps(
    lot: &Lot,
    schedule: &Schedule,
    cost: &ScheduleCost,
    revision: Option<&Result<Revised, RevisionProblem>>,
    lang: Lang,
) -> Vec<Step> {
    let mut steps = lines(schedule, cost, lang);
    steps.extend(tranches(schedule, cost, lang));
    steps.extend(contract(lot, schedule, cost, lang));
    steps.extend(renewals(lot, schedule, cost, lang));
    steps.extend(years(cost, lang));
    steps.extend(
        part_checks(schedule, cost, lot.vat_rate)
            .iter()
            .map(|c| ceiling(c, lang)),
    );
    if let (Some(r), Some(clause)) = (revision, &schedule.revision) {
        steps.extend(revised(r, &clause.terms, lang));
    }
    steps
}

/// Each contract year's coefficient, with its index value published or assumed, then
/// the revised contract figure; or why it cannot be computed.
fn revised(r: &Result<Revised, RevisionProblem>, terms: &RevisionTerms, lang: Lang) -> Vec<Step> {
    let r = match r {
        Ok(r) => r,
        Err(p) => return vec![step("revision", revision_problem(p, lang), None)],
    };
    let fixed = figure(&Exact::from_decimal(terms.fixed), lang);
    let varying = figure(&Exact::one().sub(&Exact::from_decimal(terms.fixed)), lang);
    let i0 = r.years.first().map(|y| figure(&y.index.value, lang));
    let i0 = i0.unwrap_or_default();
    let rate = figure(&Exact::from_decimal(terms.assumed_yearly_rate), lang);
    let mut steps: Vec<Step> = r
        .years
        .iter()
        .map(|y| {
            let how = match (y.index.assumed_from, lang) {
                (None, Lang::Fr) => "publié".to_owned(),
                (None, Lang::En) => "published".to_owned(),
                (Some(m), Lang::Fr) => format!("supposé : valeur de {m} × (1 + {rate}) par an"),
                (Some(m), Lang::En) => format!("assumed: value of {m} × (1 + {rate}) a year"),
            };
            step(
                "revision",
                format!(
                    "{} {} : {} {} = {} ({how}) ; {} = {fixed} + {varying} × {} ÷ {i0} = {}",
                    lang.pick("année", "year"),
                    y.year,
                    lang.pick("indice de", "index of"),
                    y.index.month,
                    figure(&y.index.value, lang),
                    lang.pick("coefficient", "coefficient"),
                    figure(&y.index.value, lang),
                    money::human(&y.coefficient, 6, lang),
                )
                .replace(" : ", lang.pick(" : ", ": "))
                .replace(" ; ", lang.pick(" ; ", "; ")),
                Some(y.coefficient.clone()),
            )
        })
        .collect();
    steps.push(step(
        "revised_contract_ht",
        format!(
            "{} = {} {}",
            lang.pick(
                "coût du contrat révisé HT = Σ montants de chaque année du contrat × son coefficient",
                "revised contract cost excl. VAT = Σ each contract year's amounts × its coefficient"
            ),
            eur(&r.contract_ht, lang),
            ht(lang)
        ),
        Some(r.contract_ht.clone()),
    ));
    steps.extend(
        r.with_renewals_ht
            .as_ref()
            .map(|w| revised_with_renewals(w, lang)),
    );
    steps
}

fn revised_with_renewals(with: &Exact, lang: Lang) -> Step {
    step(
        "revised_contract_with_renewals_ht",
        format!(
            "{} = {} {}",
            lang.pick(
                "coût du contrat révisé avec chaque reconduction HT = Σ montants de chaque année × son coefficient",
                "revised contract cost with every renewal excl. VAT = Σ each year's amounts × its coefficient"
            ),
            eur(with, lang),
            ht(lang)
        ),
        Some(with.clone()),
    )
}

/// What the renewals add, each decided expressly: one renewal's tranches paid on and
/// purchase orders, then the contract figure with every renewal, HT and TTC.
fn renewals(lot: &Lot, schedule: &Schedule, cost: &ScheduleCost, lang: Lang) -> Vec<Step> {
    let (Some(r), Some((first, _))) = (&cost.renewals, schedule.renewal_months(1)) else {
        return Vec::new();
    };
    let last = schedule.total_months();
    let mut steps = vec![renewal(r, cost, (first, last), lang)];
    steps.extend(with_renewals(lot, cost, r, lang));
    steps
}

/// One renewal: the tranches paid on and the purchase orders of its months.
fn renewal(r: &RenewalsCost, cost: &ScheduleCost, (first, last): (u32, u32), lang: Lang) -> Step {
    step(
        "renewal",
        format!(
            "{} ({} × {} {}, {} {first} {} {last}){} {} {}, {} {}, {} {} × {} ÷ 12 = {} ; {} = {} {}",
            lang.pick("reconduction expresse", "renewal decided expressly"),
            r.count,
            r.months,
            lang.pick("mois", "months"),
            lang.pick("mois", "months"),
            lang.pick("à", "to"),
            lang.pick(", chacune :", ", each:"),
            lang.pick("tranches fermes reconduites", "firm tranches paid on"),
            eur(&r.firm, lang),
            lang.pick("optionnelles", "conditional"),
            eur(&r.conditional, lang),
            lang.pick("bons de commande", "purchase orders"),
            eur(&cost.dqe_ht, lang),
            r.months,
            eur(&r.purchase_orders, lang),
            lang.pick("une reconduction", "one renewal"),
            eur(&r.each(), lang),
            ht(lang)
        )
        .replace(" ; ", lang.pick(" ; ", "; ")),
        Some(r.each()),
    )
}

/// The contract with every renewal, HT and TTC.
fn with_renewals(lot: &Lot, cost: &ScheduleCost, r: &RenewalsCost, lang: Lang) -> Vec<Step> {
    let vat = money::human(lot.vat_rate, lot.vat_rate.normalize().scale(), lang);
    vec![
        step(
            "contract_with_renewals_ht",
            format!(
                "{} = {} + {} × {} = {} {}",
                lang.pick(
                    "coût du contrat avec chaque reconduction HT (valeur maximale)",
                    "contract cost with every renewal excl. VAT (maximum value)"
                ),
                eur(&cost.contract_ht, lang),
                r.count,
                eur(&r.each(), lang),
                eur(&r.contract_ht, lang),
                ht(lang)
            ),
            Some(r.contract_ht.clone()),
        ),
        step(
            "contract_with_renewals_ttc",
            format!(
                "{} = {} × (1 + {vat}) = {} {}",
                lang.pick(
                    "coût du contrat avec chaque reconduction TTC",
                    "contract cost with every renewal incl. VAT"
                ),
                eur(&r.contract_ht, lang),
                eur(&r.contract_ttc, lang),
                lang.pick("TTC", "incl. VAT")
            ),
            Some(r.contract_ttc.clone()),
        ),
    ]
}

/// A number with every decimal it has, or its fraction when they never end.
fn figure(value: &Exact, lang: Lang) -> String {
    match value.to_decimal_exact() {
        Some(d) => money::human(d, d.normalize().scale(), lang),
        None => value.fraction(),
    }
}

/// Each BPU line: unit price × DQE quantity, then their sum.
fn lines(schedule: &Schedule, cost: &ScheduleCost, lang: Lang) -> Vec<Step> {
    let mut steps: Vec<Step> = cost
        .lines
        .iter()
        .map(|l| {
            let unit = schedule
                .items
                .iter()
                .find(|i| i.code == l.code)
                .map_or("", |i| i.unit.as_str());
            step(
                "line",
                format!(
                    "{}{} : {} × {} {} = {} {}",
                    printable(&l.code),
                    cell(&l.unit_price.location, lang),
                    money::euros(l.unit_price.value, lang),
                    money::human(l.quantity, l.quantity.normalize().scale(), lang),
                    printable(unit),
                    eur(&l.total, lang),
                    ht(lang)
                )
                .replace(" : ", lang.pick(" : ", ": ")),
                Some(l.total.clone()),
            )
        })
        .collect();
    steps.push(step(
        "dqe",
        format!(
            "{} = {} {}",
            lang.pick(
                "total du DQE (un an de bons de commande) = Σ prix unitaire × quantité",
                "DQE total (a year of purchase orders) = Σ unit price × quantity"
            ),
            eur(&cost.dqe_ht, lang),
            ht(lang)
        ),
        Some(cost.dqe_ht.clone()),
    ));
    steps
}

/// Each tranche: its price × its payments.
fn tranches(schedule: &Schedule, cost: &ScheduleCost, lang: Lang) -> Vec<Step> {
    cost.tranches
        .iter()
        .map(|t| {
            let kind = match t.kind {
                TrancheKind::Firm => lang.pick("ferme", "firm"),
                TrancheKind::Conditional => lang.pick("optionnelle", "conditional"),
            };
            let paid = match t.payment {
                Payment::Milestone { month } => {
                    format!(
                        "× 1 ({} {month})",
                        lang.pick("jalon au mois", "milestone in month")
                    )
                }
                Payment::Monthly { from, to } => format!(
                    "× {} {} {from} {} {to}",
                    t.payment.payments(),
                    lang.pick("mensualités, mois", "monthly payments, months"),
                    lang.pick("à", "to")
                ),
            };
            let title = schedule
                .tranches
                .iter()
                .find(|s| s.id == t.id)
                .map_or("", |s| s.title.as_str());
            step(
                "tranche",
                format!(
                    "{} {kind} « {} »{}{} {} {paid} = {} {}",
                    printable(&t.id),
                    printable(title),
                    cell(&t.price.location, lang),
                    lang.pick(" :", ":"),
                    money::euros(t.price.value, lang),
                    eur(&t.total, lang),
                    ht(lang)
                ),
                Some(t.total.clone()),
            )
        })
        .collect()
}

/// The parts over the contract, the contract HT and TTC, the comparable yearly cost.
fn contract(lot: &Lot, schedule: &Schedule, cost: &ScheduleCost, lang: Lang) -> Vec<Step> {
    let months = schedule.months;
    let vat = money::human(lot.vat_rate, lot.vat_rate.normalize().scale(), lang);
    vec![
        step(
            "firm_tranches",
            format!(
                "{} = {} {}",
                lang.pick("tranches fermes", "firm tranches"),
                eur(&cost.firm_ht, lang),
                ht(lang)
            ),
            Some(cost.firm_ht.clone()),
        ),
        step(
            "conditional_tranches",
            format!(
                "{} = {} {}",
                lang.pick(
                    "tranches optionnelles (comptées comme affermies)",
                    "conditional tranches (counted as confirmed)"
                ),
                eur(&cost.conditional_ht, lang),
                ht(lang)
            ),
            Some(cost.conditional_ht.clone()),
        ),
        step(
            "purchase_orders",
            format!(
                "{} = {} × {months} ÷ 12 = {} {}",
                lang.pick(
                    "bons de commande sur le contrat",
                    "purchase orders over the contract"
                ),
                eur(&cost.dqe_ht, lang),
                eur(&cost.purchase_orders_ht, lang),
                ht(lang)
            ),
            Some(cost.purchase_orders_ht.clone()),
        ),
        step(
            "contract_cost_ht",
            format!(
                "{} = {} + {} + {} = {} {}",
                lang.pick("coût du contrat HT", "contract cost excl. VAT"),
                eur(&cost.firm_ht, lang),
                eur(&cost.conditional_ht, lang),
                eur(&cost.purchase_orders_ht, lang),
                eur(&cost.contract_ht, lang),
                ht(lang)
            ),
            Some(cost.contract_ht.clone()),
        ),
        step(
            "contract_cost_ttc",
            format!(
                "{} = {} × (1 + {vat}) = {} {}",
                lang.pick("coût du contrat TTC", "contract cost incl. VAT"),
                eur(&cost.contract_ht, lang),
                eur(&cost.contract_ttc, lang),
                lang.pick("TTC", "incl. VAT")
            ),
            Some(cost.contract_ttc.clone()),
        ),
        step(
            "annual_cost_ht",
            format!(
                "{} = {} × 12 ÷ {months} = {} {}",
                match (cost.renewals.is_some(), lang) {
                    (false, _) => lang.pick("coût annuel comparable", "comparable yearly cost"),
                    (true, Lang::Fr) => "coût annuel comparable (période initiale)",
                    (true, Lang::En) => "comparable yearly cost (initial period)",
                },
                eur(&cost.contract_ht, lang),
                eur(&cost.annual_ht, lang),
                ht(lang)
            ),
            Some(cost.annual_ht.clone()),
        ),
    ]
}

/// Each year's amounts: the payments that fall in its months, the DQE pro rata.
fn years(cost: &ScheduleCost, lang: Lang) -> Vec<Step> {
    cost.years
        .iter()
        .map(|y| {
            step(
                "year",
                format!(
                    "{} ({} {} {} {}, {} {}){} {} {}, {} {}, {} {} × {} ÷ 12 = {}",
                    y.year,
                    lang.pick("mois", "months"),
                    y.first_month,
                    lang.pick("à", "to"),
                    y.last_month,
                    y.months(),
                    lang.pick("mois", "months"),
                    lang.pick(" :", ":"),
                    lang.pick("tranches fermes", "firm tranches"),
                    eur(&y.firm, lang),
                    lang.pick("optionnelles", "conditional"),
                    eur(&y.conditional, lang),
                    lang.pick("bons de commande", "purchase orders"),
                    eur(&cost.dqe_ht, lang),
                    y.months(),
                    eur(&y.purchase_orders, lang),
                ),
                Some(y.part(crate::tender::schedule::Part::Whole)),
            )
        })
        .collect()
}

/// A ceiling on a part, compared: the amount, ≤ or >, the limit (pro rata).
fn ceiling(c: &PartCheck, lang: Lang) -> Step {
    let vat = match c.ceiling.vat {
        VatBasis::Ht => ht(lang),
        VatBasis::Ttc => lang.pick("TTC", "incl. VAT"),
    };
    let when = match &c.year {
        None if c.with_renewals => lang
            .pick(
                "sur le contrat avec chaque reconduction",
                "over the contract with every renewal",
            )
            .to_owned(),
        None => lang.pick("sur le contrat", "over the contract").to_owned(),
        Some(y) if y.months() < 12 => format!(
            "{} {} ({} × {} ÷ 12)",
            lang.pick("en", "in"),
            y.year,
            money::euros(c.ceiling.amount, lang),
            y.months()
        ),
        Some(y) => format!("{} {}", lang.pick("en", "in"), y.year),
    };
    let (sign, verdict) = if c.exceeded() {
        (">", lang.pick("dépassé", "exceeded"))
    } else {
        ("≤", lang.pick("respecté", "met"))
    };
    step(
        "part_ceiling",
        format!(
            "{} {} {when}{} {} {vat} {sign} {} {vat} : {verdict}",
            lang.pick("plafond des", "ceiling on the"),
            part(c.part, lang),
            lang.pick(" :", ":"),
            eur(&c.amount, lang),
            eur(&c.limit, lang),
        )
        .replace(" : ", lang.pick(" : ", ": ")),
        Some(c.amount.clone()),
    )
}

/// One cell of a schedule sheet as the bidder left it, with the line it belongs to: what
/// `explain`'s JSON and CSV list as the cells read.
pub(super) struct SheetCell<'a> {
    pub code: &'a str,
    /// `tranche` or `item`.
    pub line: &'static str,
    /// `price` (the unit price, or the tranche's lump sum or monthly price) or `amount`
    /// (the total the bidder wrote, which the price wins over).
    pub column: &'static str,
    /// The tender's quantity: the DQE quantity, or the tranche's number of payments.
    pub quantity: rust_decimal::Decimal,
    pub cell: &'a crate::offer::QuoteCell,
}

/// The cells of a schedule sheet in the sheet's order (tranches, then the BPU lines),
/// each line's price then its amount; a line whose row is missing has none.
pub(super) fn sheet_cells<'a>(
    schedule: &Schedule,
    quote: &'a crate::pricing::schedule::ScheduleQuote,
) -> Vec<SheetCell<'a>> {
    let mut out = Vec::new();
    let mut push = |code: &'a str, line, quantity, price: Option<_>, total: Option<_>| {
        for (column, cell) in [("price", price), ("amount", total)] {
            if let Some(cell) = cell {
                out.push(SheetCell {
                    code,
                    line,
                    column,
                    quantity,
                    cell,
                });
            }
        }
    };
    for (t, q) in schedule.tranches.iter().zip(&quote.tranches) {
        let payments = rust_decimal::Decimal::from(t.payment.payments());
        push(
            &q.id,
            "tranche",
            payments,
            q.price.as_ref(),
            q.total.as_ref(),
        );
    }
    for (i, q) in schedule.items.iter().zip(&quote.items) {
        push(
            &q.code,
            "item",
            i.quantity,
            q.unit_price.as_ref(),
            q.total.as_ref(),
        );
    }
    out
}

/// How a sheet cell is named in the CSV's text: `prix unitaire`, `montant`.
pub(super) fn column_label(c: &SheetCell<'_>, lang: Lang) -> &'static str {
    match (c.line, c.column) {
        ("item", "price") => lang.pick("prix unitaire", "unit price"),
        (_, "price") => lang.pick("prix", "price"),
        _ => lang.pick("montant écrit", "amount written"),
    }
}
