//! Reading and checking `tender.toml`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use rust_decimal::dec;

use super::file::{self, CriterionFrom, PriceFormulaName, QuoteFor, TenderFile};
use super::toml_de::SyntaxProblem;
use super::{
    AbnormallyLowMethod, AwardRules, BandMeasure, Bands, Ceiling, Criterion, CriterionSource,
    GROUPEMENT, GdprQuestion, GdprRules, Grade, Lot, Member, Period, PriceFormula, Scope,
    ScopeKind, SecurityRules, SplitMethod, SplitRules, Tender, TieBreak, Usage, VatBasis,
};
use crate::lang::Phrase;

/// The largest count (population, users, usage) accepted: a trillion, far above any
/// real figure, low enough that every cost computed from it stays exact.
const MAX_COUNT: u64 = 1_000_000_000_000;

/// Why a tender file cannot be used. The key is the TOML path of the offending value
/// (`lot[2].usage.isere`), so that the buyer finds it in the file.
#[derive(Debug, thiserror::Error)]
pub enum TenderError {
    #[error("cannot read {}: {source}", file.display())]
    Unreadable {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error("{}{}: {problem}", file.display(), describe_position(*line, key))]
    Syntax {
        file: PathBuf,
        line: Option<usize>,
        key: String,
        problem: SyntaxProblem,
    },
    #[error("{}, key `{key}`: {problem}", file.display())]
    Invalid {
        file: PathBuf,
        key: String,
        problem: TenderProblem,
    },
}

fn describe_position(line: Option<usize>, key: &str) -> String {
    let mut s = String::new();
    if let Some(l) = line {
        s.push_str(&format!(", line {l}"));
    }
    if !key.is_empty() && key != "." {
        s.push_str(&format!(", key `{key}`"));
    }
    s
}

/// What is wrong with a value of the tender file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TenderProblem {
    #[error("must not be empty")]
    Empty,
    #[error("{id:?} is not a valid id: use letters, digits, '-' or '_' (at most {max} characters)")]
    BadId { id: String, max: usize },
    #[error("the id {id:?} is used twice")]
    DuplicateId { id: String },
    #[error("the id {id:?} is reserved for the scope holding every member")]
    ReservedId { id: String },
    #[error("no member is declared: add at least one [[member]]")]
    NoMembers,
    #[error("no lot is declared: add at least one [[lot]]")]
    NoLots,
    #[error("no scope to quote for: set quote_for or declare a [[scope]]")]
    NoScopes,
    #[error("{id:?} is not a member of the groupement (members: {known})")]
    UnknownMember { id: String, known: String },
    #[error(
        "no estimate of {quantity} for member {member:?}: give [lot.usage.{member}] {quantity} or usage_rates.{quantity}"
    )]
    MissingUsage {
        member: String,
        quantity: &'static str,
    },
    #[error("{value} is out of range: expected {expected}")]
    OutOfRange { value: String, expected: Phrase },
    #[error(
        "{text:?} is not a budget ceiling: expected an amount in euros, then HT or TTC, then annuel (the default) or contrat, e.g. \"90000 TTC\" or \"360000 HT contrat\""
    )]
    BadCeiling { text: String },
    #[error("{id:?} is not a scope of the tender (scopes: {known})")]
    UnknownScope { id: String, known: String },
    #[error(
        "the ceiling of scope {scope:?} is given twice (budget_ceiling_ht is the groupement's)"
    )]
    CeilingTwice { scope: String },
    #[error(
        "price_formula {formula:?} measures prices from the budget: give lot {lot:?} a budget_ceiling for scope {scope:?}"
    )]
    MissingCeiling {
        formula: &'static str,
        lot: String,
        scope: String,
    },
    #[error("{key} is set but price_formula is {formula:?}: it only applies to {applies_to}")]
    NotForFormula {
        key: &'static str,
        formula: &'static str,
        applies_to: &'static str,
    },
    #[error(
        "price_formula \"rank_points\" needs the table of points: rank_points = [\"40\", \"30\", \"20\"]"
    )]
    MissingRankPoints,
    #[error(
        "{found:?} is not a security grade: expected A+, A, A-, B+, B, B-, C+, C, C-, D+, D, D- or F"
    )]
    BadGrade { found: String },
    #[error("{found:?} is not an answer: expected yes or no (oui, non)")]
    BadAnswer { found: String },
    #[error(
        "the criteria's weights add up to {sum}, but technical_weight is {technical}: make them agree (or leave technical_weight out)"
    )]
    WeightsDisagree { sum: String, technical: String },
    #[error("{}", .0.english())]
    Needs(Requirement),
    #[error("{id:?} is not a lot of the tender")]
    UnknownLot { id: String },
    #[error("{found:?} is not a method: expected one of {known}")]
    UnknownMethod { found: String, known: &'static str },
    #[error("{found:?} is not a law: expected triangular, pert, lognormal, resample or counter")]
    UnknownLaw { found: String },
    #[error("the law {law:?} needs {key}")]
    LawNeeds {
        law: &'static str,
        key: &'static str,
    },
    #[error("{key} does not apply to the method {method:?}")]
    NotForMethod {
        key: &'static str,
        method: &'static str,
    },
    #[error("{0}")]
    Publication(super::publication::PublicationProblem),
    /// A unit-price schedule lot's keys (`kind = "schedule"`).
    #[error("{}", .0.english())]
    Schedule(super::schedule::ScheduleProblem),
    /// A usage estimate read from a COUNTER report.
    #[error("{}", .0.english())]
    Counter(Box<super::counted::CountedProblem>),
}

/// A setting that needs another one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    GroupementForCeiling,
    ScoresFile,
    ConcaveAlpha,
    BilinearShare,
    GdprQuestion,
    GdprAnswers,
    OneBandTariff,
    SplitWeights,
}

impl Requirement {
    pub fn english(self) -> &'static str {
        match self {
            Requirement::GroupementForCeiling => {
                "budget_ceiling_ht is the groupement's yearly ceiling, and the tender has no groupement scope: add \"groupement\" to quote_for, or use budget_ceiling = { scope = \"…\" }"
            }
            Requirement::ScoresFile => {
                "technical criteria scored by experts need the scores file: technical_scores = \"technique.csv\" (bidder,lot,criterion,score)"
            }
            Requirement::ConcaveAlpha => {
                "price_formula \"concave\" needs its exponent: concave_alpha = \"0.5\" (above 0, at most 1)"
            }
            Requirement::BilinearShare => {
                "price_formula \"bilinear\" needs the share X: bilinear_share = \"0.80\", \"0.85\" or \"0.90\" (ANAC guidelines no. 2)"
            }
            Requirement::GdprQuestion => {
                "[award.gdpr] needs at least one [[award.gdpr.question]] (id, text, required = \"yes\" or \"no\")"
            }
            Requirement::GdprAnswers => {
                "[award.gdpr] needs the answers file: answers = \"rgpd.csv\" (bidder,question,answer)"
            }
            Requirement::OneBandTariff => {
                "a lot has one band tariff: population_bands or registered_users_bands, not both"
            }
            Requirement::SplitWeights => {
                "the split by weights needs a weight for every member: [split.weights] member = \"2\""
            }
        }
    }

    pub fn french(self) -> &'static str {
        match self {
            Requirement::GroupementForCeiling => {
                "budget_ceiling_ht est le plafond annuel du groupement, et la consultation n'a pas de périmètre groupement : ajoutez \"groupement\" à quote_for, ou utilisez budget_ceiling = { périmètre = \"…\" }"
            }
            Requirement::ScoresFile => {
                "des critères techniques notés par les experts demandent le fichier des notes : technical_scores = \"technique.csv\" (bidder,lot,criterion,score)"
            }
            Requirement::ConcaveAlpha => {
                "la formule \"concave\" demande son exposant : concave_alpha = \"0.5\" (au-dessus de 0, au plus 1)"
            }
            Requirement::BilinearShare => {
                "la formule \"bilinear\" demande la part X : bilinear_share = \"0.80\", \"0.85\" ou \"0.90\" (lignes directrices ANAC n° 2)"
            }
            Requirement::GdprQuestion => {
                "[award.gdpr] demande au moins une [[award.gdpr.question]] (id, text, required = \"oui\" ou \"non\")"
            }
            Requirement::GdprAnswers => {
                "[award.gdpr] demande le fichier des réponses : answers = \"rgpd.csv\" (bidder,question,answer)"
            }
            Requirement::OneBandTariff => {
                "un lot a une seule grille par tranches : population_bands ou registered_users_bands, pas les deux"
            }
            Requirement::SplitWeights => {
                "la répartition par poids demande un poids pour chaque membre : [split.weights] membre = \"2\""
            }
        }
    }
}

/// Reads a ceiling as the buyer writes it: `"90000"`, `"90 000 TTC"`, `"360000 HT
/// contrat"`, `"75000 HT annuel"` (English `contract`, `yearly` too). HT and yearly by
/// default, as `budget_ceiling_ht` always was.
pub fn parse_ceiling(text: &str) -> Option<Ceiling> {
    let mut vat = None;
    let mut period = None;
    let mut number = Vec::new();
    for word in text.split_whitespace() {
        let w = word.to_lowercase();
        let slot_vat = |v| (vat.is_none()).then_some(v);
        match w.as_str() {
            "ht" | "h.t." => vat = Some(slot_vat(VatBasis::Ht)?),
            "ttc" | "t.t.c." => vat = Some(slot_vat(VatBasis::Ttc)?),
            "contrat" | "contract" | "/contrat" => {
                period = Some(period.is_none().then_some(Period::Contract)?)
            }
            "annuel" | "annuels" | "yearly" | "annual" | "/an" | "par_an" => {
                period = Some(period.is_none().then_some(Period::Yearly)?)
            }
            _ if vat.is_some() || period.is_some() => return None,
            _ => number.push(word),
        }
    }
    let parsed = crate::bpu::number::parse(&number.join(" ")).ok()?;
    if parsed.vat_included || parsed.vat_excluded || parsed.value <= Decimal::ZERO {
        return None;
    }
    Some(Ceiling {
        amount: parsed.value,
        vat: vat.unwrap_or(VatBasis::Ht),
        period: period.unwrap_or(Period::Yearly),
    })
}

/// Reads a yes/no answer (`yes`, `oui`, `no`, `non`, …), for the GDPR questionnaire.
pub fn answer(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "yes" | "oui" | "y" | "o" | "true" | "vrai" | "1" => Some(true),
        "no" | "non" | "n" | "false" | "faux" | "0" => Some(false),
        _ => None,
    }
}

/// A member's figure for one measure as the tender file gives it: a count, or the year's
/// total of the COUNTER report it names (kept in `counted`); `None` when not given.
fn given_usage(
    c: &Checker,
    base: &Path,
    key: &str,
    (member, quantity): (&str, &'static str),
    v: Option<&super::counted::UsageValue>,
    counted: &mut Vec<super::counted::CountedUsage>,
) -> Result<Option<u64>, TenderError> {
    use super::counted::UsageValue;
    match v {
        None => Ok(None),
        Some(UsageValue::Count(n)) => Ok(Some(*n)),
        Some(UsageValue::Refused(found)) => Err(c.fail(
            key,
            TenderProblem::OutOfRange {
                value: found.clone(),
                expected: Phrase::new(
                    "un nombre entier de 0 à 10^12, ou { report, report_id, metric, year }",
                    "a whole number from 0 to 10^12, or { report, report_id, metric, year }",
                ),
            },
        )),
        Some(UsageValue::Counter(s)) => {
            let read = super::counted::read(s, base, member, quantity)
                .map_err(|p| c.fail(key, TenderProblem::Counter(Box::new(p))))?;
            let total = read.total;
            counted.push(read);
            Ok(Some(total))
        }
    }
}

/// Reads and checks a tender file.
pub fn load(path: &Path) -> Result<Tender, TenderError> {
    let text = std::fs::read_to_string(path).map_err(|source| TenderError::Unreadable {
        file: path.to_path_buf(),
        source,
    })?;
    parse(&text, path)
}

/// Checks the text of a tender file; `path` names it in errors and anchors relative paths.
pub fn parse(text: &str, path: &Path) -> Result<Tender, TenderError> {
    let raw: TenderFile = super::toml_de::from_str(text).map_err(|e| TenderError::Syntax {
        file: path.to_path_buf(),
        line: e.span.map(|s| {
            let before = text.as_bytes().get(..s.start).unwrap_or(text.as_bytes());
            before.iter().filter(|&&b| b == b'\n').count() + 1
        }),
        key: e.key,
        problem: e.problem,
    })?;
    build(raw, path)
}

struct Checker<'a> {
    file: &'a Path,
}

impl Checker<'_> {
    fn fail(&self, key: impl Into<String>, problem: TenderProblem) -> TenderError {
        TenderError::Invalid {
            file: self.file.to_path_buf(),
            key: key.into(),
            problem,
        }
    }

    fn not_empty(&self, key: &str, value: &str) -> Result<String, TenderError> {
        let v = value.trim();
        if v.is_empty() {
            Err(self.fail(key, TenderProblem::Empty))
        } else {
            Ok(v.to_owned())
        }
    }

    fn id(&self, key: &str, value: &str, max: usize) -> Result<String, TenderError> {
        let ok = !value.is_empty()
            && value.chars().count() <= max
            && value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if ok {
            Ok(value.to_owned())
        } else {
            Err(self.fail(
                key,
                TenderProblem::BadId {
                    id: value.to_owned(),
                    max,
                },
            ))
        }
    }

    fn range(
        &self,
        key: &str,
        value: Decimal,
        ok: impl Fn(Decimal) -> bool,
        expected: Phrase,
    ) -> Result<Decimal, TenderError> {
        if ok(value) {
            Ok(value)
        } else {
            Err(self.fail(
                key,
                TenderProblem::OutOfRange {
                    value: value.to_string(),
                    expected,
                },
            ))
        }
    }

    fn count(&self, key: &str, value: u64) -> Result<u64, TenderError> {
        if value <= MAX_COUNT {
            Ok(value)
        } else {
            Err(self.fail(
                key,
                TenderProblem::OutOfRange {
                    value: value.to_string(),
                    expected: Phrase::new("au plus 10^12", "at most 10^12"),
                },
            ))
        }
    }
}

fn build(raw: TenderFile, path: &Path) -> Result<Tender, TenderError> {
    let c = Checker { file: path };
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let t = &raw.tender;
    let name = c.not_empty("tender.name", &t.name)?;
    let reference = c.not_empty("tender.reference", &t.reference)?;
    if !(1..=50).contains(&t.duration_years) {
        return Err(c.fail(
            "tender.duration_years",
            TenderProblem::OutOfRange {
                value: t.duration_years.to_string(),
                expected: Phrase::new("de 1 à 50 ans", "1 to 50 years"),
            },
        ));
    }
    let yearly_revision = c.range(
        "tender.yearly_revision",
        t.yearly_revision.map_or(Decimal::ZERO, |d| d.0),
        |v| v > Decimal::NEGATIVE_ONE && v <= Decimal::ONE,
        Phrase::new(
            "un taux au-dessus de -1 et d'au plus 1 (\"0.02\" pour 2 %)",
            "a rate above -1 and at most 1 (\"0.02\" for 2 %)",
        ),
    )?;
    let offers_dir = base.join(t.offers.as_deref().unwrap_or("offres"));

    // Members.
    if raw.members.is_empty() {
        return Err(c.fail("member", TenderProblem::NoMembers));
    }
    let mut members = Vec::new();
    let mut ids = BTreeSet::new();
    for (i, m) in raw.members.iter().enumerate() {
        let key = format!("member[{i}]");
        let id = c.id(&format!("{key}.id"), &m.id, 40)?;
        if !ids.insert(id.clone()) {
            return Err(c.fail(format!("{key}.id"), TenderProblem::DuplicateId { id }));
        }
        members.push(Member {
            id,
            name: c.not_empty(&format!("{key}.name"), &m.name)?,
            population: c.count(&format!("{key}.population"), m.population)?,
            registered_users: c.count(&format!("{key}.registered_users"), m.registered_users)?,
        });
    }
    // Prospects: authorities that may join later, for `split --what-if join=ID`.
    let mut prospects = Vec::new();
    let mut prospect_ids = BTreeSet::new();
    for (i, m) in raw.prospects.iter().enumerate() {
        let key = format!("prospect[{i}]");
        let id = c.id(&format!("{key}.id"), &m.id, 40)?;
        if ids.contains(&id) || !prospect_ids.insert(id.clone()) {
            return Err(c.fail(format!("{key}.id"), TenderProblem::DuplicateId { id }));
        }
        prospects.push(Member {
            id,
            name: c.not_empty(&format!("{key}.name"), &m.name)?,
            population: c.count(&format!("{key}.population"), m.population)?,
            registered_users: c.count(&format!("{key}.registered_users"), m.registered_users)?,
        });
    }
    let known_members = || {
        members
            .iter()
            .map(|m| m.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };

    let coordinator = match &t.coordinator {
        None => None,
        Some(id) if ids.contains(id) => Some(id.clone()),
        Some(id) => {
            return Err(c.fail(
                "tender.coordinator",
                TenderProblem::UnknownMember {
                    id: id.clone(),
                    known: known_members(),
                },
            ));
        }
    };

    // Scopes: each member, the groupement, then the declared ones.
    let quote_for = t
        .quote_for
        .clone()
        .unwrap_or_else(|| vec![QuoteFor::Members, QuoteFor::Groupement]);
    let mut scopes = Vec::new();
    if quote_for.contains(&QuoteFor::Members) {
        for m in &members {
            scopes.push(Scope {
                id: m.id.clone(),
                name: m.name.clone(),
                members: vec![m.id.clone()],
                kind: ScopeKind::Member,
            });
        }
    }
    let groupement = quote_for.contains(&QuoteFor::Groupement);
    if groupement {
        if ids.contains(GROUPEMENT) {
            let i = members.iter().position(|m| m.id == GROUPEMENT).unwrap_or(0);
            return Err(c.fail(
                format!("member[{i}].id"),
                TenderProblem::ReservedId {
                    id: GROUPEMENT.into(),
                },
            ));
        }
        scopes.push(Scope {
            id: GROUPEMENT.to_owned(),
            name: "Groupement".to_owned(),
            members: members.iter().map(|m| m.id.clone()).collect(),
            kind: ScopeKind::Groupement,
        });
    }
    let mut scope_ids: BTreeSet<String> = scopes.iter().map(|s| s.id.clone()).collect();
    for (i, s) in raw.scopes.iter().enumerate() {
        let key = format!("scope[{i}]");
        let id = c.id(&format!("{key}.id"), &s.id, 40)?;
        if id == GROUPEMENT {
            return Err(c.fail(format!("{key}.id"), TenderProblem::ReservedId { id }));
        }
        if !scope_ids.insert(id.clone()) || ids.contains(&id) {
            return Err(c.fail(format!("{key}.id"), TenderProblem::DuplicateId { id }));
        }
        if s.members.is_empty() {
            return Err(c.fail(format!("{key}.members"), TenderProblem::Empty));
        }
        let mut seen = BTreeSet::new();
        for (j, m) in s.members.iter().enumerate() {
            if !ids.contains(m) {
                return Err(c.fail(
                    format!("{key}.members[{j}]"),
                    TenderProblem::UnknownMember {
                        id: m.clone(),
                        known: known_members(),
                    },
                ));
            }
            if !seen.insert(m) {
                return Err(c.fail(
                    format!("{key}.members[{j}]"),
                    TenderProblem::DuplicateId { id: m.clone() },
                ));
            }
        }
        scopes.push(Scope {
            id,
            name: c.not_empty(&format!("{key}.name"), &s.name)?,
            members: s.members.clone(),
            kind: ScopeKind::Declared,
        });
    }
    if scopes.is_empty() {
        return Err(c.fail("tender.quote_for", TenderProblem::NoScopes));
    }

    // Lots and their usage estimates.
    if raw.lots.is_empty() {
        return Err(c.fail("lot", TenderProblem::NoLots));
    }
    let mut lots = Vec::new();
    let mut lot_ids = BTreeSet::new();
    for (i, l) in raw.lots.iter().enumerate() {
        let key = format!("lot[{i}]");
        // The sheet is named `Lot <id>`, and a sheet name holds at most 31 characters.
        let id = c.id(&format!("{key}.id"), &l.id, 27)?;
        if !lot_ids.insert(id.clone()) {
            return Err(c.fail(format!("{key}.id"), TenderProblem::DuplicateId { id }));
        }
        let vat_rate = c.range(
            &format!("{key}.vat_rate"),
            l.vat_rate.0,
            |v| v >= Decimal::ZERO && v < Decimal::ONE,
            Phrase::new(
                "un taux de 0 à 1 (\"0.20\" pour 20 %)",
                "a rate from 0 to 1 (\"0.20\" for 20 %)",
            ),
        )?;
        let mut ceilings = BTreeMap::new();
        if let Some(b) = l.budget_ceiling_ht {
            let amount = c.range(
                &format!("{key}.budget_ceiling_ht"),
                b.0,
                |v| v > Decimal::ZERO && v <= Decimal::from(MAX_COUNT),
                Phrase::new(
                    "un montant positif en euros HT",
                    "a positive amount in euros HT",
                ),
            )?;
            if !scope_ids.contains(GROUPEMENT) {
                return Err(c.fail(
                    format!("{key}.budget_ceiling_ht"),
                    TenderProblem::Needs(Requirement::GroupementForCeiling),
                ));
            }
            ceilings.insert(
                GROUPEMENT.to_owned(),
                Ceiling {
                    amount,
                    vat: VatBasis::Ht,
                    period: Period::Yearly,
                },
            );
        }
        for (scope, text) in &l.budget_ceiling {
            let ckey = format!("{key}.budget_ceiling.{scope}");
            if !scope_ids.contains(scope) {
                return Err(c.fail(
                    ckey,
                    TenderProblem::UnknownScope {
                        id: scope.clone(),
                        known: scopes
                            .iter()
                            .map(|s| s.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    },
                ));
            }
            let ceiling = parse_ceiling(text)
                .filter(|c| c.amount <= Decimal::from(MAX_COUNT))
                .ok_or_else(|| c.fail(&ckey, TenderProblem::BadCeiling { text: text.clone() }))?;
            if ceilings.insert(scope.clone(), ceiling).is_some() {
                return Err(c.fail(
                    ckey,
                    TenderProblem::CeilingTwice {
                        scope: scope.clone(),
                    },
                ));
            }
        }
        let schedule = lot_schedule(&c, &key, l, t.duration_years, &scopes)?;
        if schedule.is_some() {
            // A schedule lot's quantities are its items': no usage estimate per member.
            lots.push(Lot {
                id,
                title: c.not_empty(&format!("{key}.title"), &l.title)?,
                vat_rate,
                ceilings,
                usage: members
                    .iter()
                    .chain(&prospects)
                    .map(|m| (m.id.clone(), Usage::default()))
                    .collect(),
                counted: Vec::new(),
                bands: None,
                schedule,
            });
            continue;
        }
        for member in l.usage.keys() {
            if !ids.contains(member) && !prospect_ids.contains(member) {
                return Err(c.fail(
                    format!("{key}.usage.{member}"),
                    TenderProblem::UnknownMember {
                        id: member.clone(),
                        known: known_members(),
                    },
                ));
            }
        }
        let rates = l.usage_rates.as_ref();
        let rate =
            |name: &str, r: Option<file::DecimalText>| -> Result<Option<Decimal>, TenderError> {
                match r {
                    None => Ok(None),
                    Some(d) => c
                        .range(
                            &format!("{key}.usage_rates.{name}"),
                            d.0,
                            |v| v >= Decimal::ZERO && v <= Decimal::from(1000),
                            Phrase::new(
                                "un taux par inscrit de 0 à 1000",
                                "a rate per registered user from 0 to 1000",
                            ),
                        )
                        .map(Some),
                }
            };
        let rate_accounts = rate("active_accounts", rates.and_then(|r| r.active_accounts))?;
        let rate_accesses = rate(
            "simultaneous_accesses",
            rates.and_then(|r| r.simultaneous_accesses),
        )?;
        let rate_consultations = rate("consultations", rates.and_then(|r| r.consultations))?;
        let mut usage = BTreeMap::new();
        let mut counted = Vec::new();
        for m in members.iter().chain(&prospects) {
            let explicit = l.usage.get(&m.id);
            let mut count = |quantity: &'static str, v: Option<&super::counted::UsageValue>| {
                let ukey = format!("{key}.usage.{}.{quantity}", m.id);
                given_usage(&c, &base, &ukey, (&m.id, quantity), v, &mut counted)
            };
            let given_accounts = count(
                "active_accounts",
                explicit.and_then(|u| u.active_accounts.as_ref()),
            )?;
            let given_accesses = count(
                "simultaneous_accesses",
                explicit.and_then(|u| u.simultaneous_accesses.as_ref()),
            )?;
            let given_consultations = count(
                "consultations",
                explicit.and_then(|u| u.consultations.as_ref()),
            )?;
            let resolve = |quantity: &'static str,
                           given: Option<u64>,
                           rate: Option<Decimal>|
             -> Result<u64, TenderError> {
                let ukey = format!("{key}.usage.{}.{quantity}", m.id);
                if let Some(v) = given {
                    return c.count(&ukey, v);
                }
                match rate {
                    // Rounded up to whole units, member by member.
                    Some(r) => {
                        let v = (r * Decimal::from(m.registered_users)).ceil();
                        c.count(&ukey, u64::try_from(v).unwrap_or(u64::MAX))
                    }
                    None => Err(c.fail(
                        format!("{key}.usage"),
                        TenderProblem::MissingUsage {
                            member: m.id.clone(),
                            quantity,
                        },
                    )),
                }
            };
            usage.insert(
                m.id.clone(),
                Usage {
                    active_accounts: resolve("active_accounts", given_accounts, rate_accounts)?,
                    simultaneous_accesses: resolve(
                        "simultaneous_accesses",
                        given_accesses,
                        rate_accesses,
                    )?,
                    consultations: resolve(
                        "consultations",
                        given_consultations,
                        rate_consultations,
                    )?,
                },
            );
        }
        let bands = match (&l.population_bands, &l.registered_users_bands) {
            (Some(_), Some(_)) => {
                return Err(c.fail(
                    format!("{key}.registered_users_bands"),
                    TenderProblem::Needs(Requirement::OneBandTariff),
                ));
            }
            (Some(limits), None) => Some(bands(
                &c,
                &format!("{key}.population_bands"),
                limits,
                BandMeasure::Population,
            )?),
            (None, Some(limits)) => Some(bands(
                &c,
                &format!("{key}.registered_users_bands"),
                limits,
                BandMeasure::RegisteredUsers,
            )?),
            (None, None) => None,
        };
        lots.push(Lot {
            id,
            title: c.not_empty(&format!("{key}.title"), &l.title)?,
            vat_rate,
            ceilings,
            usage,
            counted,
            bands,
            schedule: None,
        });
    }

    // Award.
    let a = &raw.award;
    let weight = |key: &str, w: Option<file::DecimalText>, default: i64| {
        c.range(
            key,
            w.map_or(Decimal::from(default), |d| d.0),
            |v| v >= Decimal::ZERO && v <= Decimal::from(1000),
            Phrase::new("un poids de 0 à 1000", "a weight from 0 to 1000"),
        )
    };
    let price_weight = weight("award.price_weight", a.price_weight, 40)?;
    let technical_weight = match a.technical_weight {
        None if !a.criteria.is_empty() => None,
        w => Some(weight("award.technical_weight", w, 60)?),
    };
    if price_weight.is_zero() {
        return Err(c.fail(
            "award.price_weight",
            TenderProblem::OutOfRange {
                value: "0".into(),
                expected: Phrase::new(
                    "un poids positif : le prix doit compter",
                    "a positive weight: price must count",
                ),
            },
        ));
    }
    let price_formula = price_formula(&c, a, price_weight)?;
    if price_formula.needs_budget() {
        for (i, lot) in lots.iter().enumerate() {
            if let Some(scope) = scopes.iter().find(|s| !lot.ceilings.contains_key(&s.id)) {
                return Err(c.fail(
                    format!("lot[{i}].budget_ceiling"),
                    TenderProblem::MissingCeiling {
                        formula: price_formula.key(),
                        lot: lot.id.clone(),
                        scope: scope.id.clone(),
                    },
                ));
            }
        }
    }
    let tie_break = tie_break(&c, a.tie_break.as_deref())?;
    let security = security(&c, a.security.as_ref(), &base)?;
    let (criteria, technical_weight) = criteria(&c, a, technical_weight)?;
    if a.technical_scores.is_none() && criteria.iter().any(|k| k.source == CriterionSource::Scores)
    {
        return Err(c.fail(
            "award.technical_scores",
            TenderProblem::Needs(Requirement::ScoresFile),
        ));
    }
    let gdpr = gdpr(&c, a.gdpr.as_ref(), &base)?;
    let abnormally_low = abnormally_low(&c, a.abnormally_low.as_ref())?;
    let award = AwardRules {
        price_weight,
        technical_weight,
        price_formula,
        price_basis: a.price_basis.unwrap_or_default(),
        tie_break,
        technical_scores: a.technical_scores.as_ref().map(|f| base.join(f)),
        criteria,
        security,
        gdpr,
        abnormally_low,
    };
    let split = split(&c, &raw.split, &members, &lots)?;
    let publication = match &raw.publication {
        None => None,
        Some(p) => Some(publication(
            &c,
            p,
            &name,
            &reference,
            &coordinator,
            &lots,
            yearly_revision,
        )?),
    };
    let uncertainty =
        super::uncertainty::check(&raw, &members, &base, |key, problem| c.fail(key, problem))?;

    Ok(Tender {
        name,
        reference,
        duration_years: t.duration_years,
        yearly_revision,
        offers_dir,
        members,
        coordinator,
        prospects,
        scopes,
        lots,
        award,
        split,
        publication,
        uncertainty,
        file: path.to_path_buf(),
    })
}

/// Checks `[publication]` against the rest of the tender.
fn publication(
    c: &Checker<'_>,
    p: &super::publication::PublicationSection,
    name: &str,
    reference: &str,
    coordinator: &Option<String>,
    lots: &[Lot],
    yearly_revision: Decimal,
) -> Result<super::publication::Publication, TenderError> {
    // Prices are revisable when the tender revises them yearly or a schedule lot has an
    // index revision clause.
    let indexed = lots
        .iter()
        .any(|l| l.schedule.as_ref().is_some_and(|s| s.revision.is_some()));
    let lots: Vec<(String, String)> = lots
        .iter()
        .map(|l| (l.id.clone(), l.title.clone()))
        .collect();
    let cx = super::publication::Context {
        reference,
        name,
        lots: &lots,
        has_coordinator: coordinator.is_some(),
        revised: !yearly_revision.is_zero() || indexed,
    };
    super::publication::check(p, &cx)
        .map_err(|(key, problem)| c.fail(key, TenderProblem::Publication(problem)))
}

/// A lot's unit-price schedule when it is of `kind = "schedule"`; refuses the keys of the
/// other kind of lot in either case.
fn lot_schedule(
    c: &Checker<'_>,
    key: &str,
    l: &file::LotSection,
    duration_years: u32,
    scopes: &[Scope],
) -> Result<Option<super::schedule::Schedule>, TenderError> {
    use super::schedule::{self, LotKind, ScheduleProblem};
    let kind = l.kind.unwrap_or_default();
    let refuse = |name: &'static str| {
        c.fail(
            format!("{key}.{name}"),
            TenderProblem::Schedule(ScheduleProblem::NotForKind { key: name, kind }),
        )
    };
    let other_kind: Vec<(&'static str, bool)> = match kind {
        LotKind::Models => vec![
            ("start", l.start.is_some()),
            ("item", !l.items.is_empty()),
            ("tranche", !l.tranches.is_empty()),
            ("part_ceiling", !l.part_ceilings.is_empty()),
            ("revision", l.revision.is_some()),
            ("renewal", l.renewal.is_some()),
        ],
        LotKind::Schedule => vec![
            ("usage", !l.usage.is_empty()),
            ("usage_rates", l.usage_rates.is_some()),
            ("population_bands", l.population_bands.is_some()),
            ("registered_users_bands", l.registered_users_bands.is_some()),
        ],
    };
    if let Some((name, _)) = other_kind.iter().find(|(_, given)| *given) {
        return Err(refuse(name));
    }
    if kind == LotKind::Models {
        return Ok(None);
    }
    // The sheet has no scope columns: the bidder prices the whole need once, which is
    // the groupement's, or the only scope's. Among several scopes without a groupement
    // which one the prices are for cannot be told, and ranking one of them would be a
    // guess.
    if scopes.len() > 1 && !scopes.iter().any(|s| s.kind == ScopeKind::Groupement) {
        return Err(c.fail(
            format!("{key}.kind"),
            TenderProblem::Schedule(ScheduleProblem::SeveralScopes {
                scopes: scopes.iter().map(|s| s.id.clone()).collect(),
            }),
        ));
    }
    let keys = schedule::ScheduleKeys {
        start: l.start.as_deref(),
        items: &l.items,
        tranches: &l.tranches,
        part_ceilings: &l.part_ceilings,
        revision: l.revision.as_ref(),
        renewal: l.renewal.as_ref(),
        base: c.file.parent().unwrap_or(Path::new("")),
    };
    schedule::build(&keys, duration_years)
        .map(Some)
        .map_err(|(k, problem)| c.fail(format!("{key}.{k}"), problem))
}

fn split(
    c: &Checker<'_>,
    s: &file::SplitSection,
    members: &[Member],
    lots: &[Lot],
) -> Result<SplitRules, TenderError> {
    let method = s.method.unwrap_or_default();
    for lot in s.by_lot.keys() {
        if !lots.iter().any(|l| &l.id == lot) {
            return Err(c.fail(
                format!("split.by_lot.{lot}"),
                TenderProblem::UnknownLot { id: lot.clone() },
            ));
        }
    }
    let mut weights = BTreeMap::new();
    for (member, w) in &s.weights {
        if !members.iter().any(|m| &m.id == member) {
            return Err(c.fail(
                format!("split.weights.{member}"),
                TenderProblem::UnknownMember {
                    id: member.clone(),
                    known: members
                        .iter()
                        .map(|m| m.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                },
            ));
        }
        weights.insert(
            member.clone(),
            c.range(
                &format!("split.weights.{member}"),
                w.0,
                |v| v >= Decimal::ZERO && v <= Decimal::from(MAX_COUNT),
                Phrase::new("un poids de 0 ou plus", "a weight of 0 or more"),
            )?,
        );
    }
    let uses = |m: SplitMethod| method == m || s.by_lot.values().any(|v| *v == m);
    if uses(SplitMethod::Weights) || s.fee_key == Some(SplitMethod::Weights) {
        if let Some(m) = members.iter().find(|m| !weights.contains_key(&m.id)) {
            return Err(c.fail(
                format!("split.weights.{}", m.id),
                TenderProblem::Needs(Requirement::SplitWeights),
            ));
        }
        if weights.values().all(|w| w.is_zero()) {
            return Err(c.fail(
                "split.weights",
                TenderProblem::OutOfRange {
                    value: "0".into(),
                    expected: Phrase::new(
                        "au moins un poids au-dessus de 0",
                        "at least one weight above 0",
                    ),
                },
            ));
        }
    }
    let fixed_share = c.range(
        "split.fixed_share",
        s.fixed_share.map_or(Decimal::new(2, 1), |d| d.0),
        |v| v >= Decimal::ZERO && v <= Decimal::ONE,
        Phrase::new(
            "une part de 0 à 1 (\"0.20\" pour 20 % en parts égales)",
            "a fraction from 0 to 1 (\"0.20\" for 20 % in equal parts)",
        ),
    )?;
    let simple = |key: &'static str, m: Option<SplitMethod>| match m {
        Some(m) if !m.is_simple_key() => Err(c.fail(
            key,
            TenderProblem::OutOfRange {
                value: m.key().into(),
                expected: Phrase::new(
                    "population, registered_users, usage, equal ou weights",
                    "population, registered_users, usage, equal or weights",
                ),
            },
        )),
        _ => Ok(m),
    };
    let variable_key =
        simple("split.variable_key", s.variable_key)?.unwrap_or(SplitMethod::Population);
    let fee_key = simple("split.fee_key", s.fee_key)?;
    let fee = c.range(
        "split.fee",
        s.fee.map_or(Decimal::ZERO, |d| d.0),
        |v| v >= Decimal::ZERO && v < Decimal::ONE,
        Phrase::new(
            "une part de 0 à moins de 1 (\"0.05\" pour des frais de 5 %)",
            "a fraction from 0 to below 1 (\"0.05\" for a 5 % fee)",
        ),
    )?;
    Ok(SplitRules {
        method,
        by_lot: s.by_lot.clone(),
        weights,
        fixed_share,
        variable_key,
        fee,
        fee_key,
    })
}

/// The most bands a tariff may have: the template gives each a row.
pub const MAX_BANDS: usize = 30;

fn bands(
    c: &Checker<'_>,
    key: &str,
    limits: &[u64],
    measure: BandMeasure,
) -> Result<Bands, TenderError> {
    let expected = Phrase::new(
        "des bornes partant de 0 et strictement croissantes, 30 au plus, comme [0, 5000, 10000, 20000]",
        "bounds starting at 0 and strictly increasing, at most 30, such as [0, 5000, 10000, 20000]",
    );
    let bad = |value: String| c.fail(key, TenderProblem::OutOfRange { value, expected });
    if limits.first() != Some(&0) || limits.len() > MAX_BANDS {
        return Err(bad(format!("{limits:?}")));
    }
    for (i, pair) in limits.windows(2).enumerate() {
        if pair[1] <= pair[0] || pair[1] > MAX_COUNT {
            return Err(c.fail(
                format!("{key}[{}]", i + 1),
                TenderProblem::OutOfRange {
                    value: pair[1].to_string(),
                    expected,
                },
            ));
        }
    }
    Ok(Bands {
        measure,
        limits: limits.to_vec(),
    })
}

fn price_formula(
    c: &Checker<'_>,
    a: &file::AwardSection,
    price_weight: Decimal,
) -> Result<PriceFormula, TenderError> {
    let name = a.price_formula.unwrap_or(PriceFormulaName::Proportional);
    let formula = match name {
        PriceFormulaName::Proportional => PriceFormula::Proportional,
        PriceFormulaName::Linear => PriceFormula::Linear,
        PriceFormulaName::LinearRange => PriceFormula::LinearRange,
        PriceFormulaName::LinearBudget => PriceFormula::LinearBudget,
        PriceFormulaName::RankPoints => {
            let table = a
                .rank_points
                .as_ref()
                .ok_or_else(|| c.fail("award.rank_points", TenderProblem::MissingRankPoints))?;
            if table.is_empty() {
                return Err(c.fail("award.rank_points", TenderProblem::MissingRankPoints));
            }
            let mut points = Vec::new();
            for (i, p) in table.iter().enumerate() {
                let key = format!("award.rank_points[{i}]");
                let p = c.range(
                    &key,
                    p.0,
                    |v| v >= Decimal::ZERO && v <= price_weight,
                    Phrase::new(
                        "des points de 0 au poids du prix",
                        "points from 0 to the price weight",
                    ),
                )?;
                if points.last().is_some_and(|last| p > *last) {
                    return Err(c.fail(
                        key,
                        TenderProblem::OutOfRange {
                            value: p.to_string(),
                            expected: Phrase::new(
                                "pas plus de points que le rang précédent (la table décroît)",
                                "no more points than the rank before (the table goes down)",
                            ),
                        },
                    ));
                }
                points.push(p);
            }
            PriceFormula::RankPoints(points)
        }
        PriceFormulaName::Concave => {
            let alpha = a.concave_alpha.ok_or_else(|| {
                c.fail(
                    "award.concave_alpha",
                    TenderProblem::Needs(Requirement::ConcaveAlpha),
                )
            })?;
            PriceFormula::Concave {
                alpha: c.range(
                    "award.concave_alpha",
                    alpha.0,
                    |v| v > Decimal::ZERO && v <= Decimal::ONE,
                    Phrase::new(
                        "un exposant au-dessus de 0 et d'au plus 1",
                        "an exponent above 0 and at most 1",
                    ),
                )?,
            }
        }
        PriceFormulaName::Bilinear => {
            let share = a.bilinear_share.ok_or_else(|| {
                c.fail(
                    "award.bilinear_share",
                    TenderProblem::Needs(Requirement::BilinearShare),
                )
            })?;
            PriceFormula::Bilinear {
                share: c.range(
                    "award.bilinear_share",
                    share.0,
                    |v| [dec!(0.80), dec!(0.85), dec!(0.90)].contains(&v),
                    Phrase::new(
                        "0.80, 0.85 ou 0.90 (lignes directrices ANAC n° 2)",
                        "0.80, 0.85 or 0.90 (ANAC guidelines no. 2)",
                    ),
                )?,
            }
        }
    };
    let stray = [
        ("award.rank_points", a.rank_points.is_some(), "rank_points"),
        ("award.concave_alpha", a.concave_alpha.is_some(), "concave"),
        (
            "award.bilinear_share",
            a.bilinear_share.is_some(),
            "bilinear",
        ),
    ];
    for (key, set, applies_to) in stray {
        if set && formula.key() != applies_to {
            return Err(c.fail(
                key,
                TenderProblem::NotForFormula {
                    key: &key["award.".len()..],
                    formula: formula.key(),
                    applies_to,
                },
            ));
        }
    }
    Ok(formula)
}

fn tie_break(c: &Checker<'_>, given: Option<&[TieBreak]>) -> Result<Vec<TieBreak>, TenderError> {
    let Some(given) = given else {
        return Ok(vec![TieBreak::Technical, TieBreak::Cost, TieBreak::Bidder]);
    };
    if given.is_empty() {
        return Err(c.fail("award.tie_break", TenderProblem::Empty));
    }
    let mut order = Vec::new();
    for (i, t) in given.iter().enumerate() {
        if order.contains(t) {
            return Err(c.fail(
                format!("award.tie_break[{i}]"),
                TenderProblem::OutOfRange {
                    value: format!("{t:?}").to_lowercase(),
                    expected: Phrase::new(
                        "chacun de technical, cost, bidder au plus une fois",
                        "each of technical, cost, bidder at most once",
                    ),
                },
            ));
        }
        order.push(*t);
    }
    // The bidder's id always ends the list: a ranking must be total.
    if !order.contains(&TieBreak::Bidder) {
        order.push(TieBreak::Bidder);
    }
    Ok(order)
}

fn security(
    c: &Checker<'_>,
    section: Option<&file::SecuritySection>,
    base: &Path,
) -> Result<SecurityRules, TenderError> {
    let Some(s) = section else {
        return Ok(SecurityRules::default());
    };
    let minimum_grade = match &s.minimum_grade {
        Some(text) => Some(Grade::parse(text).ok_or_else(|| {
            c.fail(
                "award.security.minimum_grade",
                TenderProblem::BadGrade {
                    found: text.clone(),
                },
            )
        })?),
        None => None,
    };
    Ok(SecurityRules {
        minimum_grade,
        grades: s.grades.as_ref().map(|f| base.join(f)),
    })
}

/// The sub-criteria, and the technical weight: given, or the sum of the criteria's.
fn criteria(
    c: &Checker<'_>,
    a: &file::AwardSection,
    technical_weight: Option<Decimal>,
) -> Result<(Vec<Criterion>, Decimal), TenderError> {
    let mut criteria: Vec<Criterion> = Vec::new();
    for (i, k) in a.criteria.iter().enumerate() {
        let key = format!("award.criterion[{i}]");
        let id = c.id(&format!("{key}.id"), &k.id, 40)?;
        if criteria.iter().any(|other| other.id == id) {
            return Err(c.fail(format!("{key}.id"), TenderProblem::DuplicateId { id }));
        }
        let weight = c.range(
            &format!("{key}.weight"),
            k.weight.0,
            |v| v > Decimal::ZERO && v <= Decimal::from(1000),
            Phrase::new(
                "un poids au-dessus de 0 et d'au plus 1000",
                "a weight above 0 and at most 1000",
            ),
        )?;
        let source = match k.from.unwrap_or(CriterionFrom::Scores) {
            CriterionFrom::Scores => CriterionSource::Scores,
            CriterionFrom::SecurityGrade => CriterionSource::SecurityGrade,
        };
        let max = match (source, k.max) {
            (CriterionSource::Scores, Some(m)) => c.range(
                &format!("{key}.max"),
                m.0,
                |v| v > Decimal::ZERO && v <= Decimal::from(1000),
                Phrase::new(
                    "une note maximale au-dessus de 0 et d'au plus 1000",
                    "a maximum score above 0 and at most 1000",
                ),
            )?,
            (CriterionSource::Scores, None) => weight,
            (CriterionSource::SecurityGrade, None) => Decimal::from(Grade::MAX_POINTS),
            (CriterionSource::SecurityGrade, Some(_)) => {
                return Err(c.fail(
                    format!("{key}.max"),
                    TenderProblem::NotForMethod {
                        key: "max",
                        method: "security_grade (scored from F = 0 to A+ = 12)",
                    },
                ));
            }
        };
        if source == CriterionSource::SecurityGrade
            && criteria
                .iter()
                .any(|k| k.source == CriterionSource::SecurityGrade)
        {
            return Err(c.fail(
                format!("{key}.from"),
                TenderProblem::DuplicateId {
                    id: "security_grade".into(),
                },
            ));
        }
        criteria.push(Criterion {
            id,
            name: c.not_empty(&format!("{key}.name"), &k.name)?,
            weight,
            max,
            source,
        });
    }
    if criteria.is_empty() {
        return Ok((criteria, technical_weight.unwrap_or(Decimal::from(60))));
    }
    let sum: Decimal = criteria.iter().map(|k| k.weight).sum();
    match technical_weight {
        Some(t) if t != sum => Err(c.fail(
            "award.technical_weight",
            TenderProblem::WeightsDisagree {
                sum: sum.normalize().to_string(),
                technical: t.normalize().to_string(),
            },
        )),
        _ => Ok((criteria, sum)),
    }
}

fn gdpr(
    c: &Checker<'_>,
    section: Option<&file::GdprSection>,
    base: &Path,
) -> Result<GdprRules, TenderError> {
    let Some(g) = section else {
        return Ok(GdprRules::default());
    };
    let mut questions: Vec<GdprQuestion> = Vec::new();
    for (i, q) in g.questions.iter().enumerate() {
        let key = format!("award.gdpr.question[{i}]");
        let id = c.id(&format!("{key}.id"), &q.id, 40)?;
        if questions.iter().any(|other| other.id == id) {
            return Err(c.fail(format!("{key}.id"), TenderProblem::DuplicateId { id }));
        }
        let required = match &q.required {
            Some(text) => Some(answer(text).ok_or_else(|| {
                c.fail(
                    format!("{key}.required"),
                    TenderProblem::BadAnswer {
                        found: text.clone(),
                    },
                )
            })?),
            None => None,
        };
        questions.push(GdprQuestion {
            id,
            text: c.not_empty(&format!("{key}.text"), &q.text)?,
            required,
        });
    }
    if questions.is_empty() {
        return Err(c.fail(
            "award.gdpr.question",
            TenderProblem::Needs(Requirement::GdprQuestion),
        ));
    }
    let answers = match &g.answers {
        Some(f) => Some(base.join(f)),
        None => {
            return Err(c.fail(
                "award.gdpr.answers",
                TenderProblem::Needs(Requirement::GdprAnswers),
            ));
        }
    };
    Ok(GdprRules { answers, questions })
}

fn abnormally_low(
    c: &Checker<'_>,
    section: Option<&file::AbnormallyLowSection>,
) -> Result<AbnormallyLowMethod, TenderError> {
    let Some(s) = section else {
        return Ok(AbnormallyLowMethod::default());
    };
    let known = "ffb, mean_gap, next_gap, eu_draft, rglcap";
    let mut method = AbnormallyLowMethod::with_defaults(&s.method).ok_or_else(|| {
        c.fail(
            "award.abnormally_low.method",
            TenderProblem::UnknownMethod {
                found: s.method.clone(),
                known,
            },
        )
    })?;
    let rate = |key: &'static str, v: file::DecimalText| {
        c.range(
            &format!("award.abnormally_low.{key}"),
            v.0,
            |v| v > Decimal::ZERO && v < Decimal::ONE,
            Phrase::new(
                "un taux au-dessus de 0 et au-dessous de 1 (\"0.20\" pour 20 %)",
                "a rate above 0 and below 1 (\"0.20\" for 20 %)",
            ),
        )
    };
    let stray = |key: &'static str, method: &AbnormallyLowMethod| {
        c.fail(
            format!("award.abnormally_low.{key}"),
            TenderProblem::NotForMethod {
                key,
                method: method.key(),
            },
        )
    };
    let params: [(&'static str, Option<file::DecimalText>); 5] = [
        ("above", s.above),
        ("below", s.below),
        ("gap", s.gap),
        ("below_mean", s.below_mean),
        ("below_second", s.below_second),
    ];
    for (key, value) in params {
        let Some(value) = value else { continue };
        let v = rate(key, value)?;
        let slot = match (&mut method, key) {
            (AbnormallyLowMethod::Ffb { above, .. }, "above") => above,
            (AbnormallyLowMethod::Ffb { below, .. }, "below") => below,
            (AbnormallyLowMethod::MeanGap { gap }, "gap") => gap,
            (AbnormallyLowMethod::NextGap { gap }, "gap") => gap,
            (AbnormallyLowMethod::EuDraft { below_mean, .. }, "below_mean") => below_mean,
            (AbnormallyLowMethod::EuDraft { below_second, .. }, "below_second") => below_second,
            (m, key) => return Err(stray(key, m)),
        };
        *slot = v;
    }
    if let Some(n) = s.min_offers {
        match &mut method {
            AbnormallyLowMethod::EuDraft { min_offers, .. } if (2..=1000).contains(&n) => {
                *min_offers = n as usize
            }
            AbnormallyLowMethod::EuDraft { .. } => {
                return Err(c.fail(
                    "award.abnormally_low.min_offers",
                    TenderProblem::OutOfRange {
                        value: n.to_string(),
                        expected: Phrase::new("de 2 à 1000 offres", "2 to 1000 offers"),
                    },
                ));
            }
            m => return Err(stray("min_offers", m)),
        }
    }
    method.check().map_err(|bad| {
        c.fail(
            format!("award.abnormally_low.{}", bad.name),
            TenderProblem::OutOfRange {
                value: s.method.clone(),
                expected: bad.expected,
            },
        )
    })?;
    Ok(method)
}

#[cfg(test)]
mod tests {
    use rust_decimal::dec;

    use super::*;

    #[test]
    fn ceilings_read_as_buyers_write_them() {
        let c = |amount, vat, period| {
            Some(Ceiling {
                amount,
                vat,
                period,
            })
        };
        assert_eq!(
            parse_ceiling("90000"),
            c(dec!(90000), VatBasis::Ht, Period::Yearly)
        );
        assert_eq!(
            parse_ceiling("90 000 TTC"),
            c(dec!(90000), VatBasis::Ttc, Period::Yearly)
        );
        assert_eq!(
            parse_ceiling("360000,50 HT contrat"),
            c(dec!(360000.50), VatBasis::Ht, Period::Contract)
        );
        assert_eq!(
            parse_ceiling("75000 ht annuel"),
            c(dec!(75000), VatBasis::Ht, Period::Yearly)
        );
        assert_eq!(
            parse_ceiling("200000 TTC contract"),
            c(dec!(200000), VatBasis::Ttc, Period::Contract)
        );
        for bad in [
            "",
            "TTC",
            "90000 TTC HT",
            "90000 contrat annuel",
            "90000 TTC 5",
            "-5 HT",
            "0",
            "1.234",
            "quatre-vingt-dix mille",
        ] {
            assert_eq!(parse_ceiling(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn grades_are_ordered_from_f_to_a_plus() {
        let g = |s| Grade::parse(s).unwrap();
        assert!(g("A+") > g("A"));
        assert!(g("A") > g("A-"));
        assert!(g("A-") > g("B+"));
        assert!(g("B-") > g("C+"));
        assert!(g("D-") > g("F"));
        assert_eq!(g("a+").points(), 12);
        assert_eq!(g("B").points(), 8);
        assert_eq!(g("F").points(), 0);
        assert_eq!(g(" c\u{2212} ").name(), "C-");
        assert_eq!(Grade::parse("E"), None);
        assert_eq!(Grade::parse("A++"), None);
        assert_eq!(Grade::parse(""), None);
    }

    #[test]
    fn a_perimeter_falls_in_the_band_whose_bounds_hold_it() {
        // Bands: up to 5 000; 5 001 to 10 000; above 10 000.
        let b = Bands {
            measure: BandMeasure::Population,
            limits: vec![0, 5000, 10000],
        };
        assert_eq!(b.band_of(0), None);
        assert_eq!(b.band_of(1), Some(0));
        assert_eq!(b.band_of(5000), Some(0));
        assert_eq!(b.band_of(5001), Some(1));
        assert_eq!(b.band_of(10000), Some(1));
        assert_eq!(b.band_of(10001), Some(2));
        assert_eq!(b.band_of(u64::MAX), Some(2));
        assert_eq!(b.bounds(0), (1, Some(5000)));
        assert_eq!(b.bounds(2), (10001, None));
    }

    #[test]
    fn answers_in_french_or_english() {
        assert_eq!(answer("Oui"), Some(true));
        assert_eq!(answer(" no "), Some(false));
        assert_eq!(answer("peut-être"), None);
    }
}
