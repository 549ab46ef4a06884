//! The shape of `tender.toml` as written (the README's "The tender file"), before checking. Unknown keys are
//! refused everywhere: a misspelt key silently ignored could change an award.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::Deserialize;
use serde::de::{self, Visitor};

use super::{PriceBasis, SplitMethod, TieBreak};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TenderFile {
    pub tender: TenderSection,
    #[serde(default, rename = "member")]
    pub members: Vec<MemberSection>,
    /// Authorities that may join later (`split --what-if join=ID`).
    #[serde(default, rename = "prospect")]
    pub prospects: Vec<MemberSection>,
    #[serde(default, rename = "scope")]
    pub scopes: Vec<ScopeSection>,
    #[serde(default, rename = "lot")]
    pub lots: Vec<LotSection>,
    #[serde(default)]
    pub award: AwardSection,
    #[serde(default)]
    pub split: SplitSection,
    /// What the open-data exports need (`tender export`).
    #[serde(default)]
    pub publication: Option<super::publication::PublicationSection>,
    /// `tender simulate`'s settings (the Monte Carlo's correlation between members).
    #[serde(default)]
    pub simulate: Option<super::uncertainty::SimulateSection>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TenderSection {
    pub name: String,
    pub reference: String,
    pub duration_years: u32,
    #[serde(default)]
    pub yearly_revision: Option<DecimalText>,
    #[serde(default)]
    pub offers: Option<String>,
    #[serde(default)]
    pub quote_for: Option<Vec<QuoteFor>>,
    /// The member that runs the procedure for the groupement (its id).
    #[serde(default)]
    pub coordinator: Option<String>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub(super) enum QuoteFor {
    Members,
    Groupement,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct MemberSection {
    pub id: String,
    pub name: String,
    pub population: u64,
    pub registered_users: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ScopeSection {
    pub id: String,
    pub name: String,
    pub members: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LotSection {
    pub id: String,
    pub title: String,
    pub vat_rate: DecimalText,
    #[serde(default)]
    pub budget_ceiling_ht: Option<DecimalText>,
    /// Ceilings by scope: `{ groupement = "90000 TTC", grenoble = "150000 HT contrat" }`.
    #[serde(default)]
    pub budget_ceiling: BTreeMap<String, String>,
    #[serde(default)]
    pub usage: BTreeMap<String, UsageSection>,
    #[serde(default)]
    pub usage_rates: Option<UsageRatesSection>,
    /// `[0, 5000, 10000, …]`: lower bounds of population bands for a band tariff.
    #[serde(default)]
    pub population_bands: Option<Vec<u64>>,
    #[serde(default)]
    pub registered_users_bands: Option<Vec<u64>>,
    /// `"schedule"`: a unit-price schedule with tranches (`super::schedule`).
    #[serde(default)]
    pub kind: Option<super::schedule::LotKind>,
    /// A schedule lot's first month (`"2027-04"`).
    #[serde(default)]
    pub start: Option<String>,
    #[serde(default, rename = "item")]
    pub items: Vec<super::schedule::ItemSection>,
    #[serde(default, rename = "tranche")]
    pub tranches: Vec<super::schedule::TrancheSection>,
    #[serde(default, rename = "part_ceiling")]
    pub part_ceilings: Vec<super::schedule::PartCeilingSection>,
    #[serde(default)]
    pub revision: Option<super::schedule::RevisionSection>,
    /// A schedule lot's renewals decided expressly.
    #[serde(default)]
    pub renewal: Option<super::schedule::RenewalSection>,
    /// `[lot.uncertainty.MEMBER]`: the laws the Monte Carlo draws usage from.
    #[serde(default)]
    pub uncertainty: BTreeMap<String, super::uncertainty::UncertaintySection>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct UsageSection {
    /// A count, or `{ report, report_id, metric, year }`: a COUNTER report's year total.
    pub active_accounts: Option<super::counted::UsageValue>,
    pub simultaneous_accesses: Option<super::counted::UsageValue>,
    pub consultations: Option<super::counted::UsageValue>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct UsageRatesSection {
    pub active_accounts: Option<DecimalText>,
    pub simultaneous_accesses: Option<DecimalText>,
    pub consultations: Option<DecimalText>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct AwardSection {
    pub price_weight: Option<DecimalText>,
    pub technical_weight: Option<DecimalText>,
    pub price_formula: Option<PriceFormulaName>,
    pub price_basis: Option<PriceBasis>,
    pub rank_points: Option<Vec<DecimalText>>,
    pub concave_alpha: Option<DecimalText>,
    pub bilinear_share: Option<DecimalText>,
    pub tie_break: Option<Vec<TieBreak>>,
    pub technical_scores: Option<String>,
    #[serde(default, rename = "criterion")]
    pub criteria: Vec<CriterionSection>,
    #[serde(default)]
    pub security: Option<SecuritySection>,
    #[serde(default)]
    pub gdpr: Option<GdprSection>,
    #[serde(default)]
    pub abnormally_low: Option<AbnormallyLowSection>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CriterionSection {
    pub id: String,
    pub name: String,
    pub weight: DecimalText,
    pub max: Option<DecimalText>,
    pub from: Option<CriterionFrom>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub(super) enum CriterionFrom {
    Scores,
    SecurityGrade,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SecuritySection {
    pub minimum_grade: Option<String>,
    pub grades: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct GdprSection {
    pub answers: Option<String>,
    #[serde(default, rename = "question")]
    pub questions: Vec<GdprQuestionSection>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct GdprQuestionSection {
    pub id: String,
    pub text: String,
    pub required: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AbnormallyLowSection {
    pub method: String,
    pub above: Option<DecimalText>,
    pub below: Option<DecimalText>,
    pub gap: Option<DecimalText>,
    pub below_mean: Option<DecimalText>,
    pub below_second: Option<DecimalText>,
    pub min_offers: Option<u32>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub(super) enum PriceFormulaName {
    Proportional,
    Linear,
    LinearRange,
    RankPoints,
    LinearBudget,
    Concave,
    Bilinear,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct SplitSection {
    pub method: Option<SplitMethod>,
    /// `{ "3" = "usage" }`: methods for some lots.
    #[serde(default)]
    pub by_lot: BTreeMap<String, SplitMethod>,
    #[serde(default)]
    pub weights: BTreeMap<String, DecimalText>,
    pub fixed_share: Option<DecimalText>,
    pub variable_key: Option<SplitMethod>,
    pub fee: Option<DecimalText>,
    pub fee_key: Option<SplitMethod>,
}

/// A decimal written as a string (`"0.20"`) or an integer (`40`). A TOML float (`0.2`)
/// is refused: it is a binary number, and money must not pass through one. The tender
/// file's reader ([`super::toml_de`]) is asked for it by name, so that it reports a float
/// or a text that is not a decimal as its own typed problems.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct DecimalText(pub Decimal);

/// A decimal as the tender file writes it: digits with an optional sign and a `.`, no
/// exponent.
pub(super) fn decimal(text: &str) -> Option<Decimal> {
    let t = text.trim();
    Decimal::from_str(t)
        .ok()
        .filter(|_| !t.contains(['e', 'E']))
}

impl<'de> Deserialize<'de> for DecimalText {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = DecimalText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decimal number written as a string, such as \"0.20\", or an integer")
            }
            fn visit_newtype_struct<D: de::Deserializer<'de>>(
                self,
                d: D,
            ) -> Result<DecimalText, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<DecimalText, E> {
                Ok(DecimalText(Decimal::from(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<DecimalText, E> {
                Ok(DecimalText(Decimal::from(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DecimalText, E> {
                decimal(v)
                    .map(DecimalText)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        deserializer.deserialize_newtype_struct(super::toml_de::DECIMAL_TEXT, V)
    }
}
