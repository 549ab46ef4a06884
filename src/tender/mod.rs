//! The tender: who buys (members), for which perimeters prices are asked (scopes), what
//! is bought (lots, with the buyer's usage estimate) and how offers are judged.
//!
//! `load` reads and checks `tender.toml`; everything downstream takes a `Tender` that is
//! known to be consistent (every lot has a usage estimate for every member, every scope's
//! members exist, ids are unique).

pub mod answers;
pub mod counted;
mod file;
pub mod index;
pub mod load;
pub mod publication;
pub mod schedule;
pub mod scores_init;
pub mod technical;
pub mod toml_de;
pub mod uncertainty;

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
    /// The member that runs the procedure for the groupement (`[tender] coordinator`), when
    /// the tender file names it: the report's identification and the open-data buyer.
    pub coordinator: Option<String>,
    /// Authorities that may join the groupement later: not in any scope, priced only by
    /// a band tariff in `split --what-if join=ID`. Their usage is in each lot's `usage`.
    pub prospects: Vec<Member>,
    /// In the order of the BPU's columns: each member alone, then the groupement, then
    /// the declared scopes.
    pub scopes: Vec<Scope>,
    pub lots: Vec<Lot>,
    pub award: AwardRules,
    pub split: SplitRules,
    /// What the open-data exports need (`[publication]`), when the tender file has it.
    pub publication: Option<publication::Publication>,
    /// How usage may vary, for `simulate`'s Monte Carlo.
    pub uncertainty: uncertainty::Uncertainty,
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
    /// Budget ceilings by scope id: above its scope's ceiling an offer is unacceptable.
    pub ceilings: BTreeMap<String, Ceiling>,
    /// The DQE: each member's estimated yearly usage, resolved from explicit figures or
    /// from rates per registered user.
    pub usage: BTreeMap<String, Usage>,
    /// The estimates read from COUNTER reports (member and measure, months, total), in
    /// member then measure order.
    pub counted: Vec<counted::CountedUsage>,
    /// The band tariff bidders are asked for, when the buyer wants the price of any
    /// perimeter (a sub-group, a commune joining later, a Shapley split).
    pub bands: Option<Bands>,
    /// The unit-price schedule with tranches, for a lot of `kind = "schedule"`; `None`
    /// for a lot priced with the five models.
    pub schedule: Option<schedule::Schedule>,
}

/// A band tariff: a flat yearly price per band of population (or of registered users).
/// `limits` are the bands' lower bounds, the first 0: band i holds the perimeters whose
/// measure m satisfies limits[i] < m ≤ limits[i + 1] (the first band starts at 1, the
/// last has no upper bound), as vendors' grids read ("up to 5 000", "5 001 to 10 000").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bands {
    pub measure: BandMeasure,
    pub limits: Vec<u64>,
}

/// What a band tariff measures a perimeter by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BandMeasure {
    Population,
    RegisteredUsers,
}

impl Bands {
    /// The band (0-based) of a perimeter of this measure; `None` for an empty one (0).
    pub fn band_of(&self, measure: u64) -> Option<usize> {
        if measure == 0 {
            return None;
        }
        // The last limit strictly below the measure.
        Some(self.limits.iter().rposition(|l| *l < measure).unwrap_or(0))
    }

    /// The bounds of band i, for labels: (first, last) with `None` for no upper bound.
    pub fn bounds(&self, i: usize) -> (u64, Option<u64>) {
        let first = self.limits.get(i).map_or(0, |l| l + 1);
        (first, self.limits.get(i + 1).copied())
    }
}

/// Estimated yearly usage of one member for one lot.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    pub active_accounts: u64,
    pub simultaneous_accesses: u64,
    pub consultations: u64,
}

/// Whether an amount includes VAT.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VatBasis {
    Ht,
    Ttc,
}

/// Whether an amount is for one year or for the whole contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Yearly,
    Contract,
}

/// The most a scope can pay for a lot, as the buyer wrote it (`"90000 TTC"`,
/// `"360000 HT contrat"`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ceiling {
    pub amount: Decimal,
    pub vat: VatBasis,
    pub period: Period,
}

/// How the price mark is computed from the prices of a lot and scope (w: the price
/// weight; c: an offer's price; L and H: the lowest and highest prices; B: the budget, the
/// scope's ceiling).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum PriceFormula {
    /// w × L ÷ c.
    #[default]
    Proportional,
    /// w × (1 − (c − L) ÷ L), never below 0.
    Linear,
    /// w × (H − c) ÷ (H − L); everyone gets w when all prices are equal.
    LinearRange,
    /// Points by rank of price, from a table (the first for the lowest price).
    RankPoints(Vec<Decimal>),
    /// w × (B − c) ÷ (B − L).
    LinearBudget,
    /// w × ((B − c) ÷ (B − L))^α, 0 < α ≤ 1.
    Concave { alpha: Decimal },
    /// Italy's bilinear formula (ANAC guidelines no. 2): the share X of w linearly up to
    /// the mean rebate, the rest linearly from the mean rebate to the best one.
    Bilinear { share: Decimal },
}

impl PriceFormula {
    /// The formula's name in the tender file.
    pub fn key(&self) -> &'static str {
        match self {
            PriceFormula::Proportional => "proportional",
            PriceFormula::Linear => "linear",
            PriceFormula::LinearRange => "linear_range",
            PriceFormula::RankPoints(_) => "rank_points",
            PriceFormula::LinearBudget => "linear_budget",
            PriceFormula::Concave { .. } => "concave",
            PriceFormula::Bilinear { .. } => "bilinear",
        }
    }

    /// Whether the formula measures prices from the budget (the scope's ceiling).
    pub fn needs_budget(&self) -> bool {
        matches!(
            self,
            PriceFormula::LinearBudget
                | PriceFormula::Concave { .. }
                | PriceFormula::Bilinear { .. }
        )
    }
}

/// The price compared between offers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceBasis {
    /// The comparable yearly cost HT (the default).
    #[default]
    AnnualHt,
    /// The cost of the whole contract, revision and VAT included.
    ContractTtc,
}

/// What breaks a tie of totals, in the order declared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TieBreak {
    /// The higher technical mark.
    Technical,
    /// The lower price.
    Cost,
    /// The bidder's id, in alphabetical order (always last).
    Bidder,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwardRules {
    pub price_weight: Decimal,
    pub technical_weight: Decimal,
    pub price_formula: PriceFormula,
    pub price_basis: PriceBasis,
    /// How ties of totals are broken; the bidder's id always ends the list.
    pub tie_break: Vec<TieBreak>,
    /// The technical scores file (`bidder,lot,score`, or `bidder,lot,criterion,score` when
    /// criteria are declared), resolved against the tender file's folder.
    pub technical_scores: Option<PathBuf>,
    /// The technical sub-criteria, in the order declared; empty when the scores file gives
    /// one score per bidder and lot out of the technical weight.
    pub criteria: Vec<Criterion>,
    pub security: SecurityRules,
    pub gdpr: GdprRules,
    /// How abnormally low offers are detected (flagged, never excluded).
    pub abnormally_low: AbnormallyLowMethod,
}

/// A technical sub-criterion: experts score it out of `max`; it weighs `weight` points
/// of the total, so its mark is weight × score ÷ max.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Criterion {
    pub id: String,
    pub name: String,
    pub weight: Decimal,
    pub max: Decimal,
    pub source: CriterionSource,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CriterionSource {
    /// Scored by the buyer's experts in the technical scores file.
    Scores,
    /// Derived from the security grade: F scores 0, each step up one more, A+ scores 12
    /// (so max is 12).
    SecurityGrade,
}

/// The security requirement (the source document asks for a minimum Mozilla Observatory
/// grade before an offer is accepted).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SecurityRules {
    /// Below this grade an offer is non-compliant; without a grade too.
    pub minimum_grade: Option<Grade>,
    /// The grades file (`bidder,lot,grade`); without it, grades come from the bidders'
    /// `Candidat` sheets.
    pub grades: Option<PathBuf>,
}

/// A Mozilla Observatory grade, from F (worst) to A+ (best); ordered so that a better
/// grade is greater.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Grade(u8);

impl Grade {
    const NAMES: [&'static str; 13] = [
        "F", "D-", "D", "D+", "C-", "C", "C+", "B-", "B", "B+", "A-", "A", "A+",
    ];
    /// The best grade's points: a grade criterion is scored out of this.
    pub const MAX_POINTS: u8 = 12;

    /// Reads `A+`, `b-`, ` C ` (case and surrounding spaces ignored; `−` and `–` taken as
    /// minus signs).
    pub fn parse(text: &str) -> Option<Grade> {
        let t: String = text
            .trim()
            .chars()
            .map(|c| match c {
                '\u{2212}' | '\u{2013}' => '-',
                c => c.to_ascii_uppercase(),
            })
            .filter(|c| !c.is_whitespace())
            .collect();
        Self::NAMES
            .iter()
            .position(|n| *n == t)
            .map(|i| Grade(i as u8))
    }

    pub fn name(self) -> &'static str {
        Self::NAMES[usize::from(self.0)]
    }

    /// F = 0, D- = 1, … A+ = 12.
    pub fn points(self) -> u8 {
        self.0
    }
}

impl std::fmt::Display for Grade {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The GDPR questionnaire: questions answered yes or no by every bidder.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GdprRules {
    /// The answers file (`bidder,question,answer`).
    pub answers: Option<PathBuf>,
    pub questions: Vec<GdprQuestion>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GdprQuestion {
    pub id: String,
    pub text: String,
    /// The answer an offer must give to be compliant (`None`: asked for information).
    pub required: Option<bool>,
}

pub use crate::award::abnormally_low::Method as AbnormallyLowMethod;

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

impl SplitMethod {
    pub const ALL: [SplitMethod; 10] = [
        SplitMethod::Population,
        SplitMethod::RegisteredUsers,
        SplitMethod::Usage,
        SplitMethod::Equal,
        SplitMethod::Weights,
        SplitMethod::FixedPlusVariable,
        SplitMethod::StandaloneProportional,
        SplitMethod::EqualSavings,
        SplitMethod::Scrb,
        SplitMethod::Shapley,
    ];

    /// The method's name in the tender file and on the command line.
    pub fn key(self) -> &'static str {
        match self {
            SplitMethod::Population => "population",
            SplitMethod::RegisteredUsers => "registered_users",
            SplitMethod::Usage => "usage",
            SplitMethod::Equal => "equal",
            SplitMethod::Weights => "weights",
            SplitMethod::FixedPlusVariable => "fixed_plus_variable",
            SplitMethod::StandaloneProportional => "standalone_proportional",
            SplitMethod::EqualSavings => "equal_savings",
            SplitMethod::Scrb => "scrb",
            SplitMethod::Shapley => "shapley",
        }
    }

    pub fn from_key(key: &str) -> Option<SplitMethod> {
        Self::ALL.into_iter().find(|m| m.key() == key)
    }

    /// A key that shares in proportion to one figure per member (no game needed).
    pub fn is_simple_key(self) -> bool {
        matches!(
            self,
            SplitMethod::Population
                | SplitMethod::RegisteredUsers
                | SplitMethod::Usage
                | SplitMethod::Equal
                | SplitMethod::Weights
        )
    }
}

/// How the groupement's cost is shared among its members (`[split]`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SplitRules {
    /// The method for every lot, unless `by_lot` names another.
    pub method: SplitMethod,
    /// Methods chosen for some lots.
    pub by_lot: BTreeMap<String, SplitMethod>,
    /// Weights per member, for `weights` (every member has one).
    pub weights: BTreeMap<String, Decimal>,
    /// `fixed_plus_variable`: the fraction of the cost shared in equal parts, and the key
    /// the rest is shared by.
    pub fixed_share: Decimal,
    pub variable_key: SplitMethod,
    /// The coordinator's management fee, a fraction of the cost (0.05 for 5 %), and the
    /// key it is shared by (`None`: in proportion to the shares of the cost).
    pub fee: Decimal,
    pub fee_key: Option<SplitMethod>,
}

impl SplitRules {
    /// The method for a lot.
    pub fn method_for(&self, lot: &str) -> SplitMethod {
        self.by_lot.get(lot).copied().unwrap_or(self.method)
    }
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
            // A schedule lot's figures are at the prices of its reference month: its
            // revision is its own clause's, by an index, shown beside them. A budget
            // ceiling over the contract is brought to a year by its years alone, as its
            // comparable yearly cost is its contract figure ÷ its years.
            yearly_revision: if lot.schedule.is_some() {
                Decimal::ZERO
            } else {
                self.yearly_revision
            },
            vat_rate: lot.vat_rate,
        }
    }
}
