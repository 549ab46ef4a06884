//! Normalisation: one comparable yearly cost per offer, lot and scope.
//!
//! Offers priced with different models cannot be compared as written. Each is priced
//! here against the buyer's own usage estimate for the scope (the DQE): the same
//! yardstick for every bidder. No input or output happens here: the module takes an
//! offer's cells and the scope's figures, and returns a cost with every step that led to
//! it, or the reasons it cannot be computed.

pub mod bands;
mod blocks;
mod consultations;
pub mod contract;
mod model;
pub mod revision;
pub mod schedule;

use rust_decimal::Decimal;

pub use bands::{BandPrices, BandProblem, band_prices};
pub use contract::{ContractFactors, ContractTerms};
pub use model::{PricingModel, Term};

use crate::exact::Exact;
use crate::offer::{CellContent, Conflict, InvalidValue, LotQuote, QuoteCell, ScopeQuote};
use crate::source::{Location, Sourced};

/// What the buyer knows of a scope for one lot: its estimated yearly usage and its size.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ScopeFacts {
    /// A: active user accounts.
    pub active_accounts: u64,
    /// C: simultaneous accesses.
    pub simultaneous_accesses: u64,
    /// K: consultations a year.
    pub consultations: u64,
    pub registered_users: u64,
    pub population: u64,
}

/// The yearly cost of one offer for one scope, with every term and step that made it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NormalisedCost {
    pub model: PricingModel,
    /// The global or flat yearly price, € HT.
    pub price: Sourced<Decimal>,
    /// The quantity the price covers (1.1 to 1.3).
    pub quota: Option<Sourced<Decimal>>,
    pub surcharge: Option<Sourced<Decimal>>,
    pub reduction: Option<Sourced<Decimal>>,
    /// The scope's estimated usage in the model's measure (A, C or K), for 1.1 to 1.3.
    pub usage: Option<u64>,
    pub adjustment: Adjustment,
    /// The reduction would have taken the cost below zero; it was stopped at zero.
    pub floored: bool,
    /// The comparable yearly cost, € HT, exact (a fraction when consultations are
    /// extrapolated).
    pub annual_ht: Exact,
    /// The cost over the contract, HT and TTC, exact whatever its length and revision.
    pub contract_ht: Exact,
    pub contract_ttc: Exact,
    pub unit: UnitCosts,
    /// A unit-price schedule lot's figures (lines, tranches, years), from which `price`
    /// (its DQE total a year) and the costs above come; `None` for the five models.
    pub schedule: Option<Box<schedule::ScheduleCost>>,
}

impl NormalisedCost {
    /// Consultations beyond the quota were priced pro rata because no price per extra
    /// consultation was given: an estimate, not the bidder's figure.
    pub fn extrapolated(&self) -> bool {
        matches!(self.adjustment, Adjustment::Extrapolated { .. })
    }
}

/// How the price was moved to meet the estimated usage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Adjustment {
    /// Usage equals the quota, the model is flat, or the gap is less than one block.
    None,
    /// Usage above the quota: `blocks` × `rate` added.
    Surcharge {
        blocks: Decimal,
        rate: Decimal,
        amount: Exact,
    },
    /// Usage below the quota: `blocks` × `rate` taken off (`rate` is `None` when the
    /// bidder left the reduction blank: no reduction).
    Reduction {
        blocks: Decimal,
        rate: Option<Decimal>,
        amount: Exact,
    },
    /// Consultations above the quota without a price per extra consultation: the price
    /// scaled by usage ÷ quota.
    Extrapolated { usage: u64, quota: Decimal },
}

/// Cost per unit of the scope's size, to compare offers with their reach.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UnitCosts {
    pub per_active_account: Option<Exact>,
    pub per_registered_user: Option<Exact>,
    pub per_inhabitant: Option<Exact>,
}

/// Why an offer cannot be priced for a scope (or, for `SeveralModels`, for the lot).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Irregularity {
    /// Cells of two or more models are filled in the lot: the offer is not comparable as
    /// it stands. Each model comes with the first filled cell found.
    SeveralModels {
        models: Vec<(PricingModel, Location)>,
    },
    /// A required cell is empty, or its row is missing from the sheet (no cell then).
    Missing {
        model: PricingModel,
        term: Term,
        location: Location,
    },
    /// A filled cell that is not a number.
    Invalid {
        model: PricingModel,
        term: Term,
        location: Location,
        raw: String,
        problem: InvalidValue,
    },
    Negative {
        model: PricingModel,
        term: Term,
        location: Location,
        value: Decimal,
    },
    ZeroQuota {
        model: PricingModel,
        location: Location,
    },
    FractionalQuota {
        model: PricingModel,
        location: Location,
        value: Decimal,
    },
    /// Usage exceeds the quota and no surcharge is given: the cost cannot be known.
    SurchargeNeeded {
        model: PricingModel,
        location: Location,
        usage: u64,
        quota: Decimal,
    },
    /// The figures are too large to be shown to the cent (beyond 10^26 €): a typing
    /// error, and no figure is made up for it.
    OutOfRange {
        model: PricingModel,
        location: Location,
    },
    /// A figure of the scope is given twice (a repeated code row or scope column): which
    /// one is the offer cannot be told.
    Ambiguous(Conflict),
    /// The pre-filled basis of the chosen flat model (1.4.q or 1.5.q) was changed: the
    /// flat price is for another perimeter than the scope's.
    BasisAltered {
        model: PricingModel,
        location: Location,
        expected: u64,
        found: String,
    },
    /// A price of a unit-price schedule lot missing, not a number or negative.
    Schedule(schedule::ScheduleIrregularity),
}

impl Irregularity {
    /// Where the problem is: the cell, or (for two models filled) the first model's cell.
    pub fn location(&self) -> Location {
        match self {
            Irregularity::SeveralModels { models } => models
                .first()
                .map(|(_, l)| l.clone())
                .unwrap_or_else(|| Location::file(std::path::Path::new(""))),
            Irregularity::Missing { location, .. }
            | Irregularity::Invalid { location, .. }
            | Irregularity::Negative { location, .. }
            | Irregularity::ZeroQuota { location, .. }
            | Irregularity::FractionalQuota { location, .. }
            | Irregularity::SurchargeNeeded { location, .. }
            | Irregularity::OutOfRange { location, .. }
            | Irregularity::BasisAltered { location, .. }
            | Irregularity::Ambiguous(
                Conflict::DuplicateRow { location, .. }
                | Conflict::DuplicateColumn { location, .. },
            ) => location.clone(),
            Irregularity::Schedule(s) => s.location().clone(),
        }
    }
}

/// The outcome of one scope column of a lot.
#[derive(Clone, Debug)]
pub struct ScopeOutcome {
    pub scope: String,
    pub result: Result<NormalisedCost, Vec<Irregularity>>,
}

/// The outcome of one lot of an offer: the model found, and one outcome per scope column
/// that holds anything (a column left entirely blank is no offer for that scope).
#[derive(Clone, Debug)]
pub struct LotOutcome {
    pub lot: String,
    pub model: Option<PricingModel>,
    pub scopes: Vec<ScopeOutcome>,
}

/// Cells that belong to the bidder (the 1.4/1.5 bases are pre-filled by the buyer and do
/// not count as an answer).
fn bidder_cells(quote: &ScopeQuote) -> impl Iterator<Item = (&(PricingModel, Term), &QuoteCell)> {
    quote
        .cells
        .iter()
        .filter(|((model, term), _)| !is_basis(*model, *term))
}

pub fn is_basis(model: PricingModel, term: Term) -> bool {
    matches!(
        model,
        PricingModel::RegisteredUsers | PricingModel::Population
    ) && term == Term::Quota
}

/// The first filled bidder cell of `model` in any scope column, in row then column order.
fn first_filled(quote: &LotQuote, model: PricingModel) -> Option<Location> {
    quote
        .scopes
        .iter()
        .flat_map(|s| bidder_cells(s).filter(|((m, _), c)| *m == model && !c.is_empty()))
        .map(|(_, c)| c.location.clone())
        .min_by_key(|l| l.cell.map(|c| (c.row, c.col)))
}

/// Normalises one lot of one offer. `facts` gives each scope's figures (by scope id); a
/// scope column whose id `facts` does not know is left out (the reader reports it).
pub fn normalise_lot(
    quote: &LotQuote,
    facts: impl Fn(&str) -> Option<ScopeFacts>,
    factors: &ContractFactors,
) -> LotOutcome {
    let models: Vec<(PricingModel, Location)> = PricingModel::ALL
        .iter()
        .filter_map(|&m| first_filled(quote, m).map(|loc| (m, loc)))
        .collect();
    let answered: Vec<&ScopeQuote> = quote
        .scopes
        .iter()
        .filter(|s| bidder_cells(s).any(|(_, c)| !c.is_empty()))
        .filter(|s| facts(&s.scope).is_some())
        .collect();

    let model = match models.as_slice() {
        [] => None,
        [(m, _)] => Some(*m),
        _ => {
            let scopes = answered
                .iter()
                .map(|s| ScopeOutcome {
                    scope: s.scope.clone(),
                    result: Err(vec![Irregularity::SeveralModels {
                        models: models.clone(),
                    }]),
                })
                .collect();
            return LotOutcome {
                lot: quote.lot.clone(),
                model: None,
                scopes,
            };
        }
    };
    let scopes = match model {
        None => Vec::new(),
        Some(model) => answered
            .iter()
            .map(|s| {
                let f = facts(&s.scope).expect("filtered above");
                ScopeOutcome {
                    scope: s.scope.clone(),
                    result: normalise_scope(model, s, &f, factors),
                }
            })
            .collect(),
    };
    LotOutcome {
        lot: quote.lot.clone(),
        model,
        scopes,
    }
}

/// A cell's number, checked: present when required, numeric, not negative.
fn read_term(
    quote: &ScopeQuote,
    model: PricingModel,
    term: Term,
    required: bool,
    problems: &mut Vec<Irregularity>,
) -> Option<Sourced<Decimal>> {
    let Some(cell) = quote.cell(model, term) else {
        if required {
            problems.push(Irregularity::Missing {
                model,
                term,
                location: column_location(quote),
            });
        }
        return None;
    };
    match &cell.content {
        CellContent::Empty => {
            if required {
                problems.push(Irregularity::Missing {
                    model,
                    term,
                    location: cell.location.clone(),
                });
            }
            None
        }
        CellContent::Invalid(problem) => {
            problems.push(Irregularity::Invalid {
                model,
                term,
                location: cell.location.clone(),
                raw: cell.raw.clone(),
                problem: problem.clone(),
            });
            None
        }
        CellContent::Number(v) if v.is_sign_negative() && !v.is_zero() => {
            problems.push(Irregularity::Negative {
                model,
                term,
                location: cell.location.clone(),
                value: *v,
            });
            None
        }
        CellContent::Number(v) => Some(Sourced {
            value: *v,
            location: cell.location.clone(),
            raw: cell.raw.clone(),
        }),
    }
}

/// Where a missing row would be: the scope column's header, without a cell.
fn column_location(quote: &ScopeQuote) -> Location {
    Location {
        cell: None,
        ..quote.header.clone()
    }
}

fn normalise_scope(
    model: PricingModel,
    quote: &ScopeQuote,
    facts: &ScopeFacts,
    factors: &ContractFactors,
) -> Result<NormalisedCost, Vec<Irregularity>> {
    let mut problems = Vec::new();
    problems.extend(quote.conflicts.iter().cloned().map(Irregularity::Ambiguous));
    if let Some(expected) = basis(model, facts)
        && let Some(cell) = quote.cell(model, Term::Quota)
        && cell.content != CellContent::Number(Decimal::from(expected))
    {
        problems.push(Irregularity::BasisAltered {
            model,
            location: cell.location.clone(),
            expected,
            found: cell.raw.clone(),
        });
    }
    let price = read_term(quote, model, Term::Price, true, &mut problems);
    let has_quota = matches!(
        model,
        PricingModel::ActiveAccounts
            | PricingModel::SimultaneousAccesses
            | PricingModel::Consultations
    );
    let quota = if has_quota {
        read_term(quote, model, Term::Quota, true, &mut problems)
    } else {
        None
    };
    if let Some(q) = &quota {
        if q.value.is_zero() {
            problems.push(Irregularity::ZeroQuota {
                model,
                location: q.location.clone(),
            });
        } else if !q.value.fract().is_zero() {
            problems.push(Irregularity::FractionalQuota {
                model,
                location: q.location.clone(),
                value: q.value,
            });
        }
    }
    let usage = match model {
        PricingModel::ActiveAccounts => Some(facts.active_accounts),
        PricingModel::SimultaneousAccesses => Some(facts.simultaneous_accesses),
        PricingModel::Consultations => Some(facts.consultations),
        PricingModel::RegisteredUsers | PricingModel::Population | PricingModel::Schedule => None,
    };
    // The surcharge is required only when usage exceeds the quota; it is read (and
    // checked) whenever it is filled.
    let surcharge = if has_quota {
        read_term(quote, model, Term::Surcharge, false, &mut problems)
    } else {
        None
    };
    let reduction = match model {
        PricingModel::ActiveAccounts | PricingModel::SimultaneousAccesses => {
            read_term(quote, model, Term::Reduction, false, &mut problems)
        }
        _ => None,
    };
    if let (Some(q), Some(u), None) = (&quota, usage, &surcharge)
        && Decimal::from(u) > q.value
        && model != PricingModel::Consultations
        && !q.value.is_zero()
    {
        // A surcharge cell with an invalid value was reported already.
        let cell = quote.cell(model, Term::Surcharge);
        if cell.is_none_or(QuoteCell::is_empty) {
            let location = cell
                .map(|c| c.location.clone())
                .unwrap_or_else(|| column_location(quote));
            problems.push(Irregularity::SurchargeNeeded {
                model,
                location,
                usage: u,
                quota: q.value,
            });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let price = price.expect("a missing price is a problem");

    let out_of_range = || {
        vec![Irregularity::OutOfRange {
            model,
            location: price.location.clone(),
        }]
    };
    let (annual, adjustment, floored) = match model {
        PricingModel::ActiveAccounts | PricingModel::SimultaneousAccesses => {
            let block = if model == PricingModel::ActiveAccounts {
                1000
            } else {
                1
            };
            blocks::cost(
                price.value,
                quota.as_ref().expect("checked").value,
                usage.expect("metered model"),
                block,
                surcharge.as_ref().map(|s| s.value),
                reduction.as_ref().map(|r| r.value),
            )
            .ok_or_else(out_of_range)?
        }
        PricingModel::Consultations => {
            let (annual, adjustment) = consultations::cost(
                price.value,
                quota.as_ref().expect("checked").value,
                usage.expect("metered model"),
                surcharge.as_ref().map(|s| s.value),
            )
            .ok_or_else(out_of_range)?;
            (annual, adjustment, false)
        }
        // A schedule is never a scope column's model (it is not in `ALL`): its lots are
        // normalised by `schedule::award_cost`.
        PricingModel::RegisteredUsers | PricingModel::Population | PricingModel::Schedule => {
            (Exact::from_decimal(price.value), Adjustment::None, false)
        }
    };
    let (contract_ht, contract_ttc) = factors.totals(&annual);
    if [&annual, &contract_ht, &contract_ttc]
        .iter()
        .any(|figure| !within_range(figure))
    {
        return Err(out_of_range());
    }
    let unit = unit_costs(&annual, facts);
    Ok(NormalisedCost {
        model,
        price,
        quota,
        surcharge,
        reduction,
        usage,
        adjustment,
        floored,
        annual_ht: annual,
        contract_ht,
        contract_ttc,
        unit,
        schedule: None,
    })
}

/// Whether a computed cost can be shown, and handed to the split's integer arithmetic, as
/// a decimal to the cent: below 10^26 € (a price schedule's figures are below 10^9).
pub fn within_range(figure: &Exact) -> bool {
    const LIMIT: i128 = 10i128.pow(26);
    *figure < Exact::from_i128(LIMIT) && !figure.is_negative()
}

/// The figure a flat model's basis row must hold for a scope: its registered users (1.4)
/// or its population (1.5).
pub fn basis(model: PricingModel, facts: &ScopeFacts) -> Option<u64> {
    match model {
        PricingModel::RegisteredUsers => Some(facts.registered_users),
        PricingModel::Population => Some(facts.population),
        _ => None,
    }
}

fn unit_costs(annual: &Exact, facts: &ScopeFacts) -> UnitCosts {
    let per = |n: u64| annual.div(&Exact::from_u64(n));
    UnitCosts {
        per_active_account: per(facts.active_accounts),
        per_registered_user: per(facts.registered_users),
        per_inhabitant: per(facts.population),
    }
}

#[cfg(test)]
mod tests;
