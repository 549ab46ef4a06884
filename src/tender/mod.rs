//! The tender: who buys (members), for which perimeters prices are asked (scopes), what
//! is bought (lots, with the buyer's usage estimate) and how offers are judged.
//!
//! `load` reads and checks `tender.toml`; everything downstream takes a `Tender` that is
//! known to be consistent (every lot has a usage estimate for every member, every scope's
//! members exist, ids are unique).

mod file;
pub mod load;
pub mod technical;

use std::collections::BTreeMap;
use std::path::PathBuf;

use rust_decimal::Decimal;

pub use load::{TenderError, load, parse};

use crate::pricing::{ContractTerms, ScopeFacts};

/// The id of the scope that holds every member.
pub const GROUPEMENT: &str = "groupement";

#[derive(Clone, Debug)]
pub struct Tender {
    pub name: String,
    pub reference: String,
    pub duration_years: u32,
    pub yearly_revision: Decimal,
    /// The folder of the bidders' workbooks, resolved against the tender file's folder.
    pub offers_dir: PathBuf,
    pub members: Vec<Member>,
    /// In the order of the BPU's columns: each member alone, then the groupement, then
    /// the declared scopes.
    pub scopes: Vec<Scope>,
    pub lots: Vec<Lot>,
    pub award: AwardRules,
    pub split: SplitRules,
    /// The file the tender was read from.
    pub file: PathBuf,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub id: String,
    pub name: String,
    pub population: u64,
    pub registered_users: u64,
}

/// A perimeter prices are quoted for: a member alone, the whole groupement, or a declared
/// group of members.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    pub id: String,
    pub name: String,
    pub members: Vec<String>,
    pub kind: ScopeKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    /// One member alone; the scope's id is the member's.
    Member,
    /// Every member together.
    Groupement,
    /// A group declared with `[[scope]]`.
    Declared,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lot {
    pub id: String,
    pub title: String,
    pub vat_rate: Decimal,
    /// Yearly ceiling HT for the groupement scope: above it an offer is unacceptable.
    pub budget_ceiling_ht: Option<Decimal>,
    /// The DQE: each member's estimated yearly usage, resolved from explicit figures or
    /// from rates per registered user.
    pub usage: BTreeMap<String, Usage>,
}

/// Estimated yearly usage of one member for one lot.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    pub active_accounts: u64,
    pub simultaneous_accesses: u64,
    pub consultations: u64,
}

/// How the price mark is computed from the costs of a lot and scope.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceFormula {
    /// price weight × lowest cost ÷ cost.
    #[default]
    Proportional,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwardRules {
    pub price_weight: Decimal,
    pub technical_weight: Decimal,
    pub price_formula: PriceFormula,
    /// The technical scores file (`bidder,lot,score`), resolved against the tender file's
    /// folder.
    pub technical_scores: Option<PathBuf>,
}

/// The cost-sharing keys a groupement may choose (used by `split`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SplitMethod {
    #[default]
    Population,
    RegisteredUsers,
    Usage,
    Equal,
    Weights,
    FixedPlusVariable,
    StandaloneProportional,
    EqualSavings,
    Scrb,
    Shapley,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SplitRules {
    pub method: SplitMethod,
}

impl Tender {
    pub fn lot(&self, id: &str) -> Option<&Lot> {
        self.lots.iter().find(|l| l.id == id)
    }

    pub fn scope(&self, id: &str) -> Option<&Scope> {
        self.scopes.iter().find(|s| s.id == id)
    }

    pub fn member(&self, id: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.id == id)
    }

    /// A scope's (population, registered users): the sums over its members.
    pub fn scope_size(&self, scope: &Scope) -> (u64, u64) {
        scope
            .members
            .iter()
            .filter_map(|id| self.member(id))
            .fold((0, 0), |(p, r), m| {
                (p + m.population, r + m.registered_users)
            })
    }

    /// A scope's figures for a lot: the sums over its members.
    pub fn scope_facts(&self, lot: &Lot, scope: &Scope) -> ScopeFacts {
        let (population, registered_users) = self.scope_size(scope);
        let mut facts = ScopeFacts {
            population,
            registered_users,
            ..ScopeFacts::default()
        };
        for id in &scope.members {
            if let Some(u) = lot.usage.get(id) {
                facts.active_accounts += u.active_accounts;
                facts.simultaneous_accesses += u.simultaneous_accesses;
                facts.consultations += u.consultations;
            }
        }
        facts
    }

    /// The contract terms that turn a yearly cost of this lot into contract totals.
    pub fn contract_terms(&self, lot: &Lot) -> ContractTerms {
        ContractTerms {
            duration_years: self.duration_years,
            yearly_revision: self.yearly_revision,
            vat_rate: lot.vat_rate,
        }
    }
}
