//! JSON for scripts (docs/json.md; schemas in docs/schema/): one document, keys in a fixed
//! order, money and marks as decimal strings with two places, quantities as integers.

use schemars::JsonSchema;
use serde::Serialize;

use super::{Selection, text};
use crate::analysis::{Analysis, NormalisedLine};
use crate::award::AbnormallyLowTest;
use crate::award::abnormally_low::{Flagged, Rule};
use crate::award::{ExcludedOffer, RankedOffer, RankingFailure};
use crate::bpu::FileFailure;
use crate::exact::Exact;
use crate::lang::Lang;
use crate::money;
use crate::pricing::{Adjustment, NormalisedCost, UnitCosts};
use crate::tender::{Ceiling, Period, PriceBasis, Tender, VatBasis};

#[derive(Serialize, JsonSchema)]
struct TenderHead<'a> {
    name: &'a str,
    reference: &'a str,
}

#[derive(Serialize, JsonSchema)]
struct Unreadable {
    bidder: String,
    files: Vec<String>,
    /// The same stable name as `check` gives (`damaged`, `too_large`, `internal_error`…).
    code: &'static str,
    reason: String,
}

#[derive(Serialize, JsonSchema)]
struct UnitCostsOut {
    per_active_account: Option<String>,
    per_registered_user: Option<String>,
    per_inhabitant: Option<String>,
}

/// Unit costs have four places: a cost per inhabitant is often below a cent.
fn unit_costs(u: &UnitCosts) -> UnitCostsOut {
    let four = |d: &Option<Exact>| d.as_ref().map(|d| money::plain(d, 4));
    UnitCostsOut {
        per_active_account: four(&u.per_active_account),
        per_registered_user: four(&u.per_registered_user),
        per_inhabitant: four(&u.per_inhabitant),
    }
}

fn path(p: &Option<std::path::PathBuf>) -> Option<String> {
    p.as_ref().map(|p| p.display().to_string())
}

fn unreadable(failures: &[FileFailure], lang: Lang) -> Vec<Unreadable> {
    failures
        .iter()
        .map(|f| Unreadable {
            bidder: f.bidder().to_owned(),
            files: f.files().iter().map(|f| f.display().to_string()).collect(),
            code: f.code(),
            reason: text::failure(f, lang),
        })
        .collect()
}

// ----- rank -----

#[derive(Serialize, JsonSchema)]
pub(super) struct RankDoc<'a> {
    tender: TenderHead<'a>,
    lots: Vec<RankLot<'a>>,
    unreadable: Vec<Unreadable>,
}

#[derive(Serialize, JsonSchema)]
struct RankLot<'a> {
    lot: &'a str,
    title: &'a str,
    scopes: Vec<RankScope<'a>>,
    /// A unit-price schedule lot: what its ranking compares, its renewals and its index
    /// revision (each year's index, published or assumed); `null` for a five-model lot.
    schedule: Option<super::schedule_rank::ScheduleLotOut>,
}

#[derive(Serialize, JsonSchema)]
struct RankScope<'a> {
    scope: &'a str,
    members: &'a [String],
    ranked: Vec<Ranked<'a>>,
    excluded: Vec<Excluded<'a>>,
    /// The rules the marks followed, for the record.
    price_formula: &'static str,
    price_basis: &'static str,
    ceiling: Option<CeilingOut>,
    abnormally_low_test: Option<TestOut>,
    /// Why the admitted offers could not be marked (then `ranked` is empty), or null.
    failure: Option<FailureOut<'a>>,
}

#[derive(Serialize, JsonSchema)]
struct FailureOut<'a> {
    code: &'static str,
    message: String,
    bidders: &'a [String],
}

fn failure_out(f: &RankingFailure, lang: Lang) -> FailureOut<'_> {
    FailureOut {
        code: f.error.key(),
        message: text::ranking_failure(f, lang),
        bidders: &f.bidders,
    }
}

#[derive(Serialize, JsonSchema)]
struct CeilingOut {
    amount: String,
    vat: &'static str,
    period: &'static str,
}

#[derive(Serialize, JsonSchema)]
struct TestOut {
    method: &'static str,
    description: String,
    /// The test's own figures (means, thresholds), exact.
    figures: serde_json::Map<String, serde_json::Value>,
    /// Why the method as a whole could not run (then nothing is flagged).
    not_applied: Option<String>,
    /// Rules of the method left out while the others ran (RGLCAP with three offers and
    /// no budget: the rule against the budget); offers may still be flagged by the others.
    rules_not_applied: Vec<String>,
}

#[derive(Serialize, JsonSchema)]
struct ComparisonOut {
    reference: String,
    below: String,
    threshold: String,
    strict: bool,
    gap_percent: String,
}

#[derive(Serialize, JsonSchema)]
struct FlaggedOut {
    rule: &'static str,
    comparisons: Vec<ComparisonOut>,
    reason: String,
}

#[derive(Serialize, JsonSchema)]
struct CriterionOut<'a> {
    criterion: &'a str,
    score: Option<String>,
    grade: Option<&'static str>,
    mark: String,
}

pub fn price_basis_key(b: PriceBasis) -> &'static str {
    match b {
        PriceBasis::AnnualHt => "annual_ht",
        PriceBasis::ContractTtc => "contract_ttc",
    }
}

fn ceiling_out(c: &Ceiling) -> CeilingOut {
    CeilingOut {
        amount: money::cents(c.amount),
        vat: match c.vat {
            VatBasis::Ht => "ht",
            VatBasis::Ttc => "ttc",
        },
        period: match c.period {
            Period::Yearly => "yearly",
            Period::Contract => "contract",
        },
    }
}

/// A stable name for the rule that flagged an offer.
pub fn rule_key(r: &Rule) -> &'static str {
    match r {
        Rule::Ffb(_) => "ffb",
        Rule::MeanGap(_) => "mean_gap",
        Rule::NextGap(_) => "next_gap",
        Rule::EuDraft { .. } => "eu_draft",
        Rule::RglcapBudget { paragraph: 1, .. } => "rglcap_85_1",
        Rule::RglcapBudget { .. } => "rglcap_85_3_budget",
        Rule::RglcapOtherOffer(_) => "rglcap_85_2",
        Rule::RglcapMean { paragraph: 3, .. } => "rglcap_85_3",
        Rule::RglcapMean { .. } => "rglcap_85_4",
        Rule::ZeroCost => "zero_cost",
    }
}

fn flagged(f: &Flagged, lang: Lang) -> FlaggedOut {
    FlaggedOut {
        rule: rule_key(&f.rule),
        comparisons: f
            .rule
            .comparisons()
            .into_iter()
            .map(|c| ComparisonOut {
                reference: money::exact(&c.reference),
                below: c.below.normalize().to_string(),
                threshold: money::exact(&c.threshold),
                strict: c.strict,
                gap_percent: money::plain(&c.gap_percent, 4),
            })
            .collect(),
        reason: f.describe(lang),
    }
}

fn test_out(t: &AbnormallyLowTest, lang: Lang) -> TestOut {
    TestOut {
        method: t.method.key(),
        description: t.method.describe(lang),
        figures: t
            .figures
            .iter()
            .map(|f| {
                (
                    f.key.to_owned(),
                    serde_json::Value::String(f.value.machine(0)),
                )
            })
            .collect(),
        not_applied: t.not_applied.as_ref().map(|n| n.describe(lang)),
        rules_not_applied: t.skipped.iter().map(|n| n.describe(lang)).collect(),
    }
}

#[derive(Serialize, JsonSchema)]
struct Ranked<'a> {
    rank: usize,
    bidder: &'a str,
    bidder_name: Option<&'a str>,
    model: &'static str,
    annual_cost_ht: String,
    contract_cost_ht: String,
    contract_cost_ttc: String,
    price_mark: String,
    technical_mark: Option<String>,
    total: String,
    flags: Vec<&'static str>,
    tie: bool,
    source: Option<String>,
    unit_costs: UnitCostsOut,
    /// The price the marks compared (yearly HT or contract TTC), to the cent.
    compared_price: String,
    /// The same, exactly: every decimal, or the fraction when they never end.
    compared_price_exact: String,
    /// Each criterion's part of the technical mark, when criteria are declared.
    technical_criteria: Vec<CriterionOut<'a>>,
    /// Why the offer is flagged abnormally low, with the numbers.
    abnormally_low: Option<FlaggedOut>,
    /// A schedule offer's contract figure with every renewal and revised by the index
    /// (each `null` where the lot has no renewal or no revision); `null` for the five
    /// models.
    schedule_contract: Option<super::schedule_rank::ScheduleContractOut>,
}

#[derive(Serialize, JsonSchema)]
struct Excluded<'a> {
    bidder: &'a str,
    bidder_name: Option<&'a str>,
    status: &'static str,
    reasons: Vec<String>,
    source: Option<String>,
}

fn ranked(o: &RankedOffer, lang: Lang) -> Ranked<'_> {
    Ranked {
        rank: o.rank,
        bidder: &o.bidder,
        bidder_name: o.bidder_name.as_deref(),
        model: o.cost.model.key(),
        annual_cost_ht: money::cents(&o.cost.annual_ht),
        contract_cost_ht: money::cents(&o.cost.contract_ht),
        contract_cost_ttc: money::cents(&o.cost.contract_ttc),
        price_mark: money::cents(&o.price_mark),
        technical_mark: o.technical_mark.as_ref().map(money::cents),
        total: money::cents(&o.total),
        flags: o.flags.iter().map(|f| f.key()).collect(),
        tie: o.tie,
        source: path(&o.source),
        unit_costs: unit_costs(&o.cost.unit),
        compared_price: money::cents(&o.compared_price),
        compared_price_exact: money::exact_or_fraction(&o.compared_price),
        technical_criteria: o
            .technical
            .iter()
            .flat_map(|t| &t.parts)
            .filter(|p| !p.criterion.is_empty())
            .map(|p| CriterionOut {
                criterion: &p.criterion,
                score: p.score.map(|s| s.normalize().to_string()),
                grade: p.grade.map(|g| g.name()),
                mark: money::cents(&p.mark),
            })
            .collect(),
        abnormally_low: o.abnormally_low.as_ref().map(|f| flagged(f, lang)),
        schedule_contract: None,
    }
}

fn excluded(o: &ExcludedOffer, lang: Lang) -> Excluded<'_> {
    Excluded {
        bidder: &o.bidder,
        bidder_name: o.bidder_name.as_deref(),
        status: o.status.key(),
        reasons: o.reasons.iter().map(|r| text::exclusion(r, lang)).collect(),
        source: path(&o.source),
    }
}

pub fn rank(
    tender: &Tender,
    analysis: &Analysis,
    revisions: &crate::revised::Revisions,
    selection: &Selection,
    lang: Lang,
) -> String {
    let doc = RankDoc {
        tender: TenderHead {
            name: &tender.name,
            reference: &tender.reference,
        },
        lots: analysis
            .lots
            .iter()
            .filter(|l| selection.lot(&l.lot))
            .map(|l| RankLot {
                lot: &l.lot,
                title: &l.title,
                scopes: l
                    .scopes
                    .iter()
                    .filter(|s| selection.scope(&s.scope))
                    .map(|s| RankScope {
                        scope: &s.scope,
                        members: &s.members,
                        ranked: s
                            .ranked
                            .iter()
                            .map(|o| Ranked {
                                schedule_contract: super::schedule_rank::contract_out(
                                    &o.cost,
                                    revisions.offer(&l.lot, &o.bidder),
                                ),
                                ..ranked(o, lang)
                            })
                            .collect(),
                        excluded: s.excluded.iter().map(|e| excluded(e, lang)).collect(),
                        price_formula: tender.award.price_formula.key(),
                        price_basis: price_basis_key(tender.award.price_basis),
                        ceiling: s.ceiling.as_ref().map(ceiling_out),
                        abnormally_low_test: s.abnormally_low.as_ref().map(|t| test_out(t, lang)),
                        failure: s.failure.as_ref().map(|f| failure_out(f, lang)),
                    })
                    .collect(),
                schedule: tender
                    .lot(&l.lot)
                    .and_then(|lot| super::schedule_rank::lot_out(lot, revisions, lang)),
            })
            .collect(),
        unreadable: unreadable(&analysis.read.failures, lang),
    };
    to_string(&doc)
}

// ----- normalise -----

#[derive(Serialize, JsonSchema)]
pub(super) struct NormaliseDoc<'a> {
    tender: TenderHead<'a>,
    offers: Vec<NormalisedOut<'a>>,
    unreadable: Vec<Unreadable>,
}

#[derive(Serialize, JsonSchema)]
struct NormalisedOut<'a> {
    lot: &'a str,
    scope: &'a str,
    bidder: &'a str,
    bidder_name: Option<&'a str>,
    status: &'static str,
    model: Option<&'static str>,
    price_ht: Option<String>,
    quota: Option<String>,
    usage: Option<u64>,
    adjustment: Option<AdjustmentOut>,
    annual_cost_ht: Option<String>,
    contract_cost_ht: Option<String>,
    contract_cost_ttc: Option<String>,
    unit_costs: Option<UnitCostsOut>,
    flags: Vec<&'static str>,
    reasons: Vec<String>,
    source: Option<String>,
}

#[derive(Serialize, JsonSchema)]
struct AdjustmentOut {
    kind: &'static str,
    blocks: Option<String>,
    rate_ht: Option<String>,
    amount_ht: Option<String>,
}

fn adjustment(a: &Adjustment) -> AdjustmentOut {
    match a {
        Adjustment::None => AdjustmentOut {
            kind: "none",
            blocks: None,
            rate_ht: None,
            amount_ht: None,
        },
        Adjustment::Surcharge {
            blocks,
            rate,
            amount,
        } => AdjustmentOut {
            kind: "surcharge",
            blocks: Some(blocks.normalize().to_string()),
            rate_ht: Some(money::exact(*rate)),
            amount_ht: Some(money::cents(amount)),
        },
        Adjustment::Reduction {
            blocks,
            rate,
            amount,
        } => AdjustmentOut {
            kind: "reduction",
            blocks: Some(blocks.normalize().to_string()),
            rate_ht: rate.map(money::exact),
            amount_ht: Some(money::cents(amount)),
        },
        Adjustment::Extrapolated { .. } => AdjustmentOut {
            kind: "extrapolated",
            blocks: None,
            rate_ht: None,
            amount_ht: None,
        },
    }
}

pub fn cost_flags(c: &NormalisedCost) -> Vec<&'static str> {
    let mut f = Vec::new();
    if c.extrapolated() {
        f.push("extrapolated");
    }
    if c.floored {
        f.push("floored_at_zero");
    }
    f
}

fn normalised(l: &NormalisedLine, lang: Lang) -> NormalisedOut<'_> {
    let base = NormalisedOut {
        lot: &l.lot,
        scope: &l.scope,
        bidder: &l.bidder,
        bidder_name: l.bidder_name.as_deref(),
        status: "irregular",
        model: l.model.map(|m| m.key()),
        price_ht: None,
        quota: None,
        usage: None,
        adjustment: None,
        annual_cost_ht: None,
        contract_cost_ht: None,
        contract_cost_ttc: None,
        unit_costs: None,
        flags: Vec::new(),
        reasons: Vec::new(),
        source: path(&l.source),
    };
    match &l.result {
        Ok(c) => NormalisedOut {
            status: "ok",
            price_ht: Some(money::exact(c.price.value)),
            quota: c.quota.as_ref().map(|q| q.value.normalize().to_string()),
            usage: c.usage,
            adjustment: Some(adjustment(&c.adjustment)),
            annual_cost_ht: Some(money::cents(&c.annual_ht)),
            contract_cost_ht: Some(money::cents(&c.contract_ht)),
            contract_cost_ttc: Some(money::cents(&c.contract_ttc)),
            unit_costs: Some(unit_costs(&c.unit)),
            flags: cost_flags(c),
            ..base
        },
        Err(problems) => NormalisedOut {
            reasons: problems
                .iter()
                .map(|p| text::irregularity(p, lang))
                .collect(),
            ..base
        },
    }
}

pub fn normalise(
    tender: &Tender,
    analysis: &Analysis,
    selection: &Selection,
    lang: Lang,
) -> String {
    let doc = NormaliseDoc {
        tender: TenderHead {
            name: &tender.name,
            reference: &tender.reference,
        },
        offers: analysis
            .normalised
            .iter()
            .filter(|l| selection.lot(&l.lot) && selection.scope(&l.scope))
            .map(|l| normalised(l, lang))
            .collect(),
        unreadable: unreadable(&analysis.read.failures, lang),
    };
    to_string(&doc)
}

fn to_string<T: Serialize>(doc: &T) -> String {
    let mut s = serde_json::to_string_pretty(doc).expect("plain data serialises");
    s.push('\n');
    s
}

// ----- check -----

#[derive(Serialize, JsonSchema)]
pub(super) struct CheckDoc {
    findings: Vec<FindingOut>,
    offers: Vec<OfferOut>,
    bidders: Vec<BidderOut>,
    lots: Vec<LotOut>,
    /// What each platform download given gave, folder by folder (absent when none was).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    downloads: Vec<super::download::DownloadOut>,
    /// The usage estimates read from COUNTER reports (absent when none is).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    usage_read: Vec<super::counted::CountedOut>,
}

#[derive(Serialize, JsonSchema)]
struct FindingOut {
    file: String,
    sheet: Option<String>,
    cell: Option<String>,
    bidder: Option<String>,
    lot: Option<String>,
    scope: Option<String>,
    code: &'static str,
    item: Option<&'static str>,
    severity: &'static str,
    message: String,
}

#[derive(Serialize, JsonSchema)]
struct OfferOut {
    bidder: String,
    lot: String,
    scope: String,
    status: &'static str,
}

#[derive(Serialize, JsonSchema)]
struct BidderOut {
    bidder: String,
    bidder_name: Option<String>,
    files: Vec<String>,
    /// `unread` when its files could not be read.
    status: &'static str,
    lots: Vec<BidderLotOut>,
}

#[derive(Serialize, JsonSchema)]
struct BidderLotOut {
    lot: String,
    status: &'static str,
}

#[derive(Serialize, JsonSchema)]
struct LotOut {
    lot: String,
    complete: Vec<String>,
    /// Offers per scope complete, the lot's band tariff unusable.
    band_tariff_unusable: Vec<String>,
    incomplete: Vec<String>,
    irregular: Vec<String>,
}

/// The findings of `check`, with the statuses and summaries.
pub fn check(report: &crate::check::CheckReport, selection: &Selection, lang: Lang) -> String {
    let keep_lot = |lot: &Option<String>| lot.as_deref().is_none_or(|l| selection.lot(l));
    let keep_scope = |scope: &Option<String>| scope.as_deref().is_none_or(|s| selection.scope(s));
    let doc = CheckDoc {
        findings: report
            .findings
            .iter()
            .filter(|f| keep_lot(&f.lot) && keep_scope(&f.scope))
            .map(|f| FindingOut {
                file: f.location.file.display().to_string(),
                sheet: f.location.sheet.as_deref().map(str::to_owned),
                cell: f.location.cell.map(|c| c.to_string()),
                bidder: f.bidder.clone(),
                lot: f.lot.clone(),
                scope: f.scope.clone(),
                code: f.code(),
                item: f.item,
                severity: f.severity.key(),
                message: text::finding_body(f, lang),
            })
            .collect(),
        offers: report
            .offers
            .iter()
            .filter(|o| selection.lot(&o.lot) && selection.scope(&o.scope))
            .map(|o| OfferOut {
                bidder: o.bidder.clone(),
                lot: o.lot.clone(),
                scope: o.scope.clone(),
                status: o.status.key(),
            })
            .collect(),
        bidders: report
            .bidders
            .iter()
            .map(|b| BidderOut {
                bidder: b.bidder.clone(),
                bidder_name: b.bidder_name.clone(),
                files: b.files.iter().map(|f| f.display().to_string()).collect(),
                status: match &b.lots {
                    None => "unread",
                    Some(_) if b.not_filled => "not_filled",
                    Some(lots) => lots
                        .iter()
                        .map(|(_, s)| *s)
                        .max()
                        .map_or("complete", |s| s.key()),
                },
                lots: b
                    .lots
                    .iter()
                    .flatten()
                    .filter(|(l, _)| selection.lot(l))
                    .map(|(l, s)| BidderLotOut {
                        lot: l.clone(),
                        status: s.key(),
                    })
                    .collect(),
            })
            .collect(),
        lots: report
            .lots
            .iter()
            .filter(|l| selection.lot(&l.lot))
            .map(|l| LotOut {
                lot: l.lot.clone(),
                complete: l.complete.clone(),
                band_tariff_unusable: l.band_tariff_unusable.clone(),
                incomplete: l.incomplete.clone(),
                irregular: l.irregular.clone(),
            })
            .collect(),
        downloads: super::download::json(&report.downloads, lang),
        usage_read: super::counted::out(&report.usage_read),
    };
    to_string(&doc)
}
