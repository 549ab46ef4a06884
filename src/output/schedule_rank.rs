//! What `rank` shows of a unit-price schedule lot beside its ranking: what the ranking
//! compared (the initial period, conditional tranches counted as confirmed), the
//! contract figure with every renewal, and the contract figure revised by the lot's
//! index with the index values published and assumed. The table, the CSV and the JSON
//! show the same figures.

use comfy_table::Cell;
use serde::Serialize;

use super::sanitize::printable;
use super::schedule_text::revision_problem;
use super::table::{new_table, render, wrap};
use crate::award::{RankedOffer, ScopeRanking};
use crate::exact::Exact;
use crate::lang::Lang;
use crate::money;
use crate::pricing::NormalisedCost;
use crate::pricing::revision::YearRevision;
use crate::pricing::schedule::{Revised, ScheduleCost};
use crate::revised::{LotRevision, Revisions};
use crate::tender::Lot;
use crate::tender::schedule::Schedule;

/// A schedule offer's contract figures beyond the ranked one, to the cent; `None` where
/// the lot has no renewal or no revision clause (or its index could not be used).
#[derive(Serialize, schemars::JsonSchema)]
pub(super) struct ScheduleContractOut {
    /// The contract figure with every renewal decided (the maximum value), HT.
    contract_cost_with_renewals_ht: Option<String>,
    contract_cost_with_renewals_ttc: Option<String>,
    /// The initial period's contract figure revised by the index, HT.
    revised_contract_cost_ht: Option<String>,
    /// The same with every renewal, HT.
    revised_contract_cost_with_renewals_ht: Option<String>,
}

/// A schedule lot's basis of comparison and its revision, for the JSON.
#[derive(Serialize, schemars::JsonSchema)]
pub(super) struct ScheduleLotOut {
    /// `initial_period`: the ranking compares the contract of the initial period.
    ranked_on: &'static str,
    /// `counted_as_confirmed`: the conditional tranches are in the compared figure.
    conditional_tranches: &'static str,
    initial_months: u32,
    /// The renewals decided expressly, when the contract has them.
    renewals: Option<RenewalsOut>,
    /// The index revision, when the lot has the clause and its index file was read.
    revision: Option<RevisionOut>,
    /// The same in a sentence.
    note: String,
}

#[derive(Serialize, schemars::JsonSchema)]
struct RenewalsOut {
    count: u32,
    months: u32,
}

#[derive(Serialize, schemars::JsonSchema)]
struct RevisionOut {
    /// Each contract year's index value and coefficient (empty when `problem` is set).
    years: Vec<IndexYearOut>,
    /// Why the revision cannot be computed (the reference month missing, a gap).
    problem: Option<String>,
}

#[derive(Serialize, schemars::JsonSchema)]
struct IndexYearOut {
    /// The contract year, from 1 (the renewals' years follow the initial period's).
    contract_year: u32,
    /// The month whose index revises the year (`2028-01`).
    month: String,
    /// The index value, every decimal.
    index: String,
    /// `true` when published, `false` when assumed from the yearly rate.
    published: bool,
    /// The published month an assumed value was raised from.
    assumed_from: Option<String>,
    coefficient: String,
}

/// A ranked or excluded offer's figures, for a schedule offer.
pub(super) fn contract_out(
    cost: &NormalisedCost,
    revised: Option<&Revised>,
) -> Option<ScheduleContractOut> {
    let s = cost.schedule.as_deref()?;
    Some(ScheduleContractOut {
        contract_cost_with_renewals_ht: s.renewals.as_ref().map(|r| money::cents(&r.contract_ht)),
        contract_cost_with_renewals_ttc: s.renewals.as_ref().map(|r| money::cents(&r.contract_ttc)),
        revised_contract_cost_ht: revised.map(|r| money::cents(&r.contract_ht)),
        revised_contract_cost_with_renewals_ht: revised
            .and_then(|r| r.with_renewals_ht.as_ref())
            .map(money::cents),
    })
}

/// The CSV columns of [`contract_out`], after the others.
pub(super) const CSV_COLUMNS: [&str; 4] = [
    "contract_cost_with_renewals_ht",
    "contract_cost_with_renewals_ttc",
    "revised_contract_cost_ht",
    "revised_contract_cost_with_renewals_ht",
];

/// The values of [`CSV_COLUMNS`], empty where they do not apply.
pub(super) fn csv_columns(cost: Option<&NormalisedCost>, revised: Option<&Revised>) -> [String; 4] {
    let Some(out) = cost.and_then(|c| contract_out(c, revised)) else {
        return Default::default();
    };
    [
        out.contract_cost_with_renewals_ht,
        out.contract_cost_with_renewals_ttc,
        out.revised_contract_cost_ht,
        out.revised_contract_cost_with_renewals_ht,
    ]
    .map(Option::unwrap_or_default)
}

/// A schedule lot's basis of comparison and revision, for the JSON.
pub(super) fn lot_out(lot: &Lot, revisions: &Revisions, lang: Lang) -> Option<ScheduleLotOut> {
    let schedule = lot.schedule.as_ref()?;
    let revision = revisions.lot(&lot.id).map(|r| match &r.years {
        Ok(years) => RevisionOut {
            years: years.iter().map(year_out).collect(),
            problem: None,
        },
        Err(p) => RevisionOut {
            years: Vec::new(),
            problem: Some(revision_problem(p, lang)),
        },
    });
    Some(ScheduleLotOut {
        ranked_on: "initial_period",
        conditional_tranches: "counted_as_confirmed",
        initial_months: schedule.months,
        renewals: schedule.renewal.map(|r| RenewalsOut {
            count: r.count,
            months: r.months,
        }),
        revision,
        note: basis_note(schedule, lang),
    })
}

fn year_out(y: &YearRevision) -> IndexYearOut {
    IndexYearOut {
        contract_year: y.year,
        month: y.index.month.to_string(),
        index: money::exact_or_fraction(&y.index.value),
        published: y.index.assumed_from.is_none(),
        assumed_from: y.index.assumed_from.map(|m| m.to_string()),
        coefficient: money::exact_or_fraction(&y.coefficient),
    }
}

/// What the ranking of a schedule lot compares, in a sentence.
pub(super) fn basis_note(schedule: &Schedule, lang: Lang) -> String {
    let renewals = match (schedule.renewal, lang) {
        (None, _) => String::new(),
        (Some(_), Lang::Fr) => " ; les reconductions n'y entrent pas".to_owned(),
        (Some(_), Lang::En) => "; the renewals are not in it".to_owned(),
    };
    match lang {
        Lang::Fr => format!(
            "Bordereau de prix unitaires (BPU/DQE) : le classement compare le marché de la période initiale ({} mois) aux prix du mois de référence, tranches optionnelles comptées comme affermies{renewals}.",
            schedule.months
        ),
        Lang::En => format!(
            "Unit-price schedule (BPU/DQE): the ranking compares the contract of the initial period ({} months) at the prices of the reference month, conditional tranches counted as confirmed{renewals}.",
            schedule.months
        ),
    }
}

/// Below a schedule lot's ranking: what it compared, then each ranked offer's contract
/// figure with every renewal and revised, and the index values published and assumed.
pub(super) fn section(
    lot: &Lot,
    scope: &ScopeRanking,
    revisions: &Revisions,
    lang: Lang,
) -> String {
    let Some(schedule) = &lot.schedule else {
        return String::new();
    };
    let mut out = wrap(&basis_note(schedule, lang), 2, 2);
    let revision = revisions.lot(&lot.id);
    let rows: Vec<(&RankedOffer, &ScheduleCost)> = scope
        .ranked
        .iter()
        .filter_map(|o| Some((o, o.cost.schedule.as_deref()?)))
        .collect();
    if rows.is_empty() || (schedule.renewal.is_none() && revision.is_none()) {
        return out;
    }
    out.push_str(&figures_table(schedule, &rows, revision, lang));
    if let Some(r) = revision {
        out.push_str(&wrap(&index_sentence(schedule, r, lang), 2, 2));
    }
    out
}

/// Each ranked offer: its contract figure, with every renewal, revised.
fn figures_table(
    schedule: &Schedule,
    rows: &[(&RankedOffer, &ScheduleCost)],
    revision: Option<&LotRevision>,
    lang: Lang,
) -> String {
    let renewals = schedule.renewal.is_some();
    let mut header = vec![
        lang.pick("Candidat", "Bidder").to_owned(),
        lang.pick("Marché HT\ninitial", "Contract\ninitial")
            .to_owned(),
    ];
    if renewals {
        header.push(
            lang.pick("Avec recon-\nductions HT", "With\nrenewals")
                .into(),
        );
    }
    if revision.is_some() {
        header.push(lang.pick("Révisé HT\ninitial", "Revised\ninitial").into());
        if renewals {
            header.push(
                lang.pick("Révisé avec\nreconductions", "Revised with\nrenewals")
                    .into(),
            );
        }
    }
    let right: Vec<usize> = (1..header.len()).collect();
    let mut t = new_table(header, &right);
    let eur = |e: &Exact| money::euros(e, lang);
    for (o, cost) in rows {
        let mut row = vec![
            Cell::new(printable(o.bidder_name.as_deref().unwrap_or(&o.bidder))),
            Cell::new(eur(&cost.contract_ht)),
        ];
        if renewals {
            row.push(Cell::new(eur(cost.contract_with_renewals_ht())));
        }
        if let Some(r) = revision {
            let revised = r.offers.get(&o.bidder);
            let shown = |e: Option<&Exact>| e.map_or_else(|| "—".to_owned(), eur);
            row.push(Cell::new(shown(revised.map(|v| &v.contract_ht))));
            if renewals {
                row.push(Cell::new(shown(
                    revised.and_then(|v| v.with_renewals_ht.as_ref()),
                )));
            }
        }
        t.add_row(row);
    }
    render(&t)
}

/// The index of each contract year, published or assumed, or why there is none.
pub(super) fn index_sentence(schedule: &Schedule, r: &LotRevision, lang: Lang) -> String {
    let years = match &r.years {
        Ok(years) => years,
        Err(p) => return revision_problem(p, lang),
    };
    let rate = schedule
        .revision
        .as_ref()
        .map(|c| {
            let percent =
                (c.terms.assumed_yearly_rate * rust_decimal::Decimal::ONE_HUNDRED).normalize();
            money::percent(percent, percent.scale(), lang)
        })
        .unwrap_or_default();
    let each: Vec<String> = years
        .iter()
        .map(|y| {
            let value = figure(&y.index.value, lang);
            let how = match (y.index.assumed_from, lang) {
                (None, Lang::Fr) => "publié".to_owned(),
                (None, Lang::En) => "published".to_owned(),
                (Some(m), Lang::Fr) => format!("supposé d'après {m}, + {rate} par an"),
                (Some(m), Lang::En) => format!("assumed from {m}, + {rate} a year"),
            };
            format!(
                "{} {} {} {value} ({how})",
                lang.pick("année", "year"),
                y.year,
                y.index.month
            )
        })
        .collect();
    format!(
        "{}{}{}.",
        lang.pick(
            "Révision par l'indice, valeur de chaque année du contrat",
            "Revision by the index, each contract year's value"
        ),
        lang.pick(" : ", ": "),
        each.join(lang.pick(" ; ", "; "))
    )
}

/// An index value with every decimal it has, or its fraction when they never end.
fn figure(value: &Exact, lang: Lang) -> String {
    match value.to_decimal_exact() {
        Some(d) => money::human_exact(d, lang),
        None => value.fraction(),
    }
}
