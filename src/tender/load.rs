//! Reading and checking `tender.toml`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

use super::file::{self, QuoteFor, TenderFile};
use super::{AwardRules, GROUPEMENT, Lot, Member, Scope, ScopeKind, SplitRules, Tender, Usage};

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
    #[error("{}{}: {message}", file.display(), describe_position(*line, key))]
    Syntax {
        file: PathBuf,
        line: Option<usize>,
        key: String,
        message: String,
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
    OutOfRange {
        value: String,
        expected: &'static str,
    },
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
    let syntax = |line: Option<usize>, key: String, message: String| TenderError::Syntax {
        file: path.to_path_buf(),
        line,
        key,
        message,
    };
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let deserializer = toml::Deserializer::parse(text).map_err(|e| {
        syntax(
            e.span().map(|s| line_of(s.start)),
            String::new(),
            e.message().to_owned(),
        )
    })?;
    let raw: TenderFile = serde_path_to_error::deserialize(deserializer).map_err(|e| {
        let key = e.path().to_string();
        let inner = e.into_inner();
        syntax(
            inner.span().map(|s| line_of(s.start)),
            key,
            inner.message().to_owned(),
        )
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
        expected: &'static str,
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
                    expected: "at most 10^12",
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
                expected: "1 to 50 years",
            },
        ));
    }
    let yearly_revision = c.range(
        "tender.yearly_revision",
        t.yearly_revision.map_or(Decimal::ZERO, |d| d.0),
        |v| v > Decimal::NEGATIVE_ONE && v <= Decimal::ONE,
        "a rate above -1 and at most 1 (\"0.02\" for 2 %)",
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
    let known_members = || {
        members
            .iter()
            .map(|m| m.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
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
            "a rate from 0 to 1 (\"0.20\" for 20 %)",
        )?;
        let budget_ceiling_ht = match l.budget_ceiling_ht {
            Some(b) => Some(c.range(
                &format!("{key}.budget_ceiling_ht"),
                b.0,
                |v| v > Decimal::ZERO && v <= Decimal::from(MAX_COUNT),
                "a positive amount in euros HT",
            )?),
            None => None,
        };
        for member in l.usage.keys() {
            if !ids.contains(member) {
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
                            "a rate per registered user from 0 to 1000",
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
        for m in &members {
            let explicit = l.usage.get(&m.id);
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
                    active_accounts: resolve(
                        "active_accounts",
                        explicit.and_then(|u| u.active_accounts),
                        rate_accounts,
                    )?,
                    simultaneous_accesses: resolve(
                        "simultaneous_accesses",
                        explicit.and_then(|u| u.simultaneous_accesses),
                        rate_accesses,
                    )?,
                    consultations: resolve(
                        "consultations",
                        explicit.and_then(|u| u.consultations),
                        rate_consultations,
                    )?,
                },
            );
        }
        lots.push(Lot {
            id,
            title: c.not_empty(&format!("{key}.title"), &l.title)?,
            vat_rate,
            budget_ceiling_ht,
            usage,
        });
    }

    // Award.
    let a = &raw.award;
    let weight = |key: &str, w: Option<file::DecimalText>, default: i64| {
        c.range(
            key,
            w.map_or(Decimal::from(default), |d| d.0),
            |v| v >= Decimal::ZERO && v <= Decimal::from(1000),
            "a weight from 0 to 1000",
        )
    };
    let price_weight = weight("award.price_weight", a.price_weight, 40)?;
    let technical_weight = weight("award.technical_weight", a.technical_weight, 60)?;
    if price_weight.is_zero() {
        return Err(c.fail(
            "award.price_weight",
            TenderProblem::OutOfRange {
                value: "0".into(),
                expected: "a positive weight: price must count",
            },
        ));
    }
    let award = AwardRules {
        price_weight,
        technical_weight,
        price_formula: a.price_formula.unwrap_or_default(),
        technical_scores: a.technical_scores.as_ref().map(|f| base.join(f)),
    };
    let split = SplitRules {
        method: raw.split.method.unwrap_or_default(),
    };

    Ok(Tender {
        name,
        reference,
        duration_years: t.duration_years,
        yearly_revision,
        offers_dir,
        members,
        scopes,
        lots,
        award,
        split,
        file: path.to_path_buf(),
    })
}
