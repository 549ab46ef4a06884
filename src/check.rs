//! `check`: every problem in every bidder's files, each located, with its consequence,
//! found before any scoring. No input or output happens here: it turns what the reading
//! and the normalisation found (an [`Analysis`]) into findings, statuses and summaries.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

use crate::analysis::{Analysis, Warning};
use crate::bpu::layout::{self, ItemKind};
use crate::bpu::{FileFailure, ReadNote};
use crate::offer::{CellContent, Conflict, InvalidValue, LotQuote, Offer};
use crate::pricing::schedule::{ScheduleFinding, ScheduleIrregularity};
use crate::pricing::{self, BandProblem, Irregularity, Term};
use crate::source::Location;
use crate::tender::{Bands, Tender};

mod plausibility;
mod schedule;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The offer cannot be scored as it stands (for a scope, a lot, or the whole file).
    Error,
    /// To look at; the offer is scored all the same.
    Warning,
}

impl Severity {
    pub fn key(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// What a problem does to the offer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Consequence {
    /// The offer is irregular for these scopes of the lot.
    Irregular { lot: String, scopes: Vec<String> },
    /// The bidder answers the lot, but no offer could be read for it.
    Incomplete { lot: String },
    /// Nothing from this file is read.
    FileNotRead,
    /// Nothing from this file is read, because of a fault of this program (not of the
    /// file): to be reported.
    InternalError,
    /// The lot's band tariff cannot be used (for a split or a perimeter not quoted); the
    /// offers per scope are not affected.
    BandTariffUnusable { lot: String },
    /// Nothing is priced anywhere in the file (a blank template sent back): no offer.
    NotFilled,
    /// Only a warning.
    None,
}

/// The problems `check` finds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// A value or structure problem that makes an offer irregular (from normalisation).
    Irregular(Irregularity),
    /// Something the reader noticed.
    Read(ReadNote),
    /// A file that could not be used at all.
    File(FileFailure),
    /// A file of the offers folder that is not a spreadsheet: not read.
    Ignored,
    /// A lot the bidder says it answers (on its `Candidat` sheet or in the technical
    /// scores), with no sheet (`sheet: false`) or no figure on its sheet.
    MissingOffer { sheet: bool },
    /// No legal name on the `Candidat` sheet.
    MissingLegalName,
    /// A price with more than two decimals.
    TooManyDecimals { value: Decimal },
    /// A figure typed with `TTC` where the schedule asks prices HT.
    VatIncludedValue { raw: String },
    /// A pre-filled basis (1.4.q, 1.5.q) changed, in a model the bidder did not choose.
    BasisChanged { expected: u64, found: String },
    /// The technical scores name a bidder from whom no offer was read.
    ScoredWithoutOffer,
    /// The tender needs the bidder's security grade from its `Candidat` sheet, and it is
    /// missing (`found: None`) or not a grade: its offers will be non-compliant.
    SecurityGrade { found: Option<String> },
    /// The tender publishes open data (`[publication]`) and the bidder's `Candidat` sheet
    /// gives no identifier (`None`), or one that cannot be published: if it is awarded a
    /// lot, `export` will refuse until it is corrected.
    Identifier {
        problem: Option<(crate::publish::identifier::IdProblemKind, String)>,
    },
    /// The lot's band tariff cannot be used: a band price missing, not a number, negative
    /// or given twice. `bands` are the tender's, for the message.
    Band { bands: Bands, problem: BandProblem },
    /// A band priced lower than the band below it (0-based `band`, never the first): a
    /// larger perimeter cheaper. Possible, worth a look.
    BandBelowPrevious {
        bands: Bands,
        band: usize,
        price: Decimal,
        previous: Decimal,
    },
    /// A band price the tender does not ask for (a lot without a band tariff, the other
    /// measure, a band past the last): ignored.
    UnaskedBandPrice { raw: String },
    /// A figure a person would question (see [`crate::plausibility`]).
    Implausible(crate::plausibility::Rule),
    /// No technical score for the bidder's offer for the lot while technical marks
    /// count: it gets 0 of them.
    MissingTechnicalScore,
    /// Technical marks count but the tender names no scores file: every offer gets 0
    /// of them.
    NoTechnicalScores { weight: Decimal },
    /// The price and technical weights do not add up to 100.
    WeightsNot100 { price: Decimal, technical: Decimal },
    /// Something the reader noticed on a unit-price schedule sheet and worked around (a
    /// line twice, a line added, a quantity changed).
    Schedule(crate::pricing::schedule::ScheduleFinding),
    /// A schedule line's amount written by the bidder that is not its price × quantity:
    /// the unit price wins.
    AmountDisagrees(crate::pricing::schedule::TotalDisagreement),
    /// A file read without trouble in which no price, band price or answered lot is
    /// given: the template sent back blank. Reported so that it is never summed up as a
    /// complete offer.
    NotFilled,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub location: Location,
    pub bidder: Option<String>,
    pub lot: Option<String>,
    pub scope: Option<String>,
    /// The price schedule's item (`1.1.pv`), when the problem is about one.
    pub item: Option<&'static str>,
    pub severity: Severity,
    pub problem: Problem,
    pub consequence: Consequence,
}

impl Finding {
    /// A stable name for scripts.
    pub fn code(&self) -> &'static str {
        match &self.problem {
            Problem::Irregular(i) => match i {
                Irregularity::SeveralModels { .. } => "several_models",
                Irregularity::Missing { .. } => "missing_value",
                Irregularity::Invalid { problem, .. } => match problem {
                    InvalidValue::ErrorValue(_) => "error_value",
                    InvalidValue::FormulaWithoutValue => "formula_without_value",
                    InvalidValue::Text(_) | InvalidValue::Date | InvalidValue::Boolean => {
                        "not_a_number"
                    }
                },
                Irregularity::Negative { .. } => "negative_value",
                Irregularity::ZeroQuota { .. } => "zero_quota",
                Irregularity::FractionalQuota { .. } => "fractional_quota",
                Irregularity::SurchargeNeeded { .. } => "missing_surcharge",
                Irregularity::OutOfRange { .. } => "out_of_range",
                Irregularity::Ambiguous(Conflict::DuplicateRow { .. }) => "duplicate_row",
                Irregularity::Ambiguous(Conflict::DuplicateColumn { .. }) => "duplicate_column",
                Irregularity::BasisAltered { .. } => "basis_altered",
                Irregularity::Schedule(s) => match s {
                    ScheduleIrregularity::Missing { .. } => "missing_value",
                    ScheduleIrregularity::Invalid { problem, .. } => match problem {
                        InvalidValue::ErrorValue(_) => "error_value",
                        InvalidValue::FormulaWithoutValue => "formula_without_value",
                        InvalidValue::Text(_) | InvalidValue::Date | InvalidValue::Boolean => {
                            "not_a_number"
                        }
                    },
                    ScheduleIrregularity::Negative { .. } => "negative_value",
                },
            },
            Problem::Read(n) => match n {
                ReadNote::NoHeader { .. } => "no_header",
                ReadNote::UnknownScope { .. } => "unknown_scope",
                ReadNote::DuplicateScope { .. } => "duplicate_column",
                ReadNote::DuplicateCode { .. } => "duplicate_row",
                ReadNote::DuplicateLotSheet { .. } => "duplicate_sheet",
                ReadNote::NoLotSheet { .. } => "no_lot_sheet",
                ReadNote::UnknownCsvLot { .. } => "unknown_csv_lot",
                ReadNote::VatIncludedLabel { .. } => "vat_included",
                ReadNote::OtherTender { .. } => "other_tender",
                ReadNote::UnknownDeclaredLot { .. } => "unknown_declared_lot",
                ReadNote::UnreadableDeclaredLots { .. } => "unreadable_declared_lots",
            },
            Problem::File(f) => f.code(),
            Problem::Ignored => "not_a_spreadsheet",
            Problem::MissingOffer { sheet: false } => "missing_sheet",
            Problem::MissingOffer { sheet: true } => "missing_offer",
            Problem::MissingLegalName => "missing_legal_name",
            Problem::TooManyDecimals { .. } => "too_many_decimals",
            Problem::VatIncludedValue { .. } => "vat_included",
            Problem::BasisChanged { .. } => "basis_altered",
            Problem::ScoredWithoutOffer => "scored_without_offer",
            Problem::SecurityGrade { found: None } => "missing_security_grade",
            Problem::SecurityGrade { found: Some(_) } => "bad_security_grade",
            Problem::Identifier { problem: None } => "missing_identifier",
            Problem::Identifier { problem: Some(_) } => "bad_identifier",
            Problem::Band { problem, .. } => match problem {
                BandProblem::NoColumn { .. } => "no_band_column",
                BandProblem::Unfilled { .. } => "band_tariff_not_filled",
                BandProblem::Missing { .. } => "missing_band_price",
                BandProblem::Invalid { .. } => "band_price_not_a_number",
                BandProblem::Negative { .. } => "negative_band_price",
                BandProblem::Ambiguous(Conflict::DuplicateRow { .. }) => "duplicate_row",
                BandProblem::Ambiguous(Conflict::DuplicateColumn { .. }) => "duplicate_column",
            },
            Problem::BandBelowPrevious { .. } => "band_price_below_previous",
            Problem::UnaskedBandPrice { .. } => "unexpected_band_price",
            Problem::Implausible(_) => "implausible_value",
            Problem::MissingTechnicalScore => "missing_technical_score",
            Problem::NoTechnicalScores { .. } => "no_technical_scores",
            Problem::WeightsNot100 { .. } => "weights_not_100",
            Problem::NotFilled => "not_filled",
            Problem::Schedule(f) => match f {
                ScheduleFinding::DuplicateLine { .. } => "duplicate_line",
                ScheduleFinding::InsertedLine { .. } => "inserted_line",
                ScheduleFinding::QuantityAltered { .. } => "quantity_altered",
            },
            Problem::AmountDisagrees(_) => "amount_disagrees",
        }
    }
}

/// How an offer for a lot and scope stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum OfferStatus {
    Ok,
    Irregular,
}

impl OfferStatus {
    pub fn key(self) -> &'static str {
        match self {
            OfferStatus::Ok => "ok",
            OfferStatus::Irregular => "irregular",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScopeOffer {
    pub bidder: String,
    pub lot: String,
    pub scope: String,
    pub status: OfferStatus,
}

/// How a bidder's answer to a lot stands, all scopes together.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum LotStatus {
    /// Every scope answered can be scored.
    Complete,
    /// Every scope answered can be scored, but the lot's band tariff cannot be used (for
    /// a split, or a perimeter not quoted).
    BandTariffUnusable,
    /// Answered (declared), but no offer could be read.
    Incomplete,
    /// At least one scope's offer is irregular.
    Irregular,
}

impl LotStatus {
    pub fn key(self) -> &'static str {
        match self {
            LotStatus::Complete => "complete",
            LotStatus::BandTariffUnusable => "band_tariff_unusable",
            LotStatus::Incomplete => "incomplete",
            LotStatus::Irregular => "irregular",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BidderSummary {
    pub bidder: String,
    pub bidder_name: Option<String>,
    pub files: Vec<PathBuf>,
    /// `None` when the bidder's files could not be read.
    pub lots: Option<Vec<(String, LotStatus)>>,
    /// Nothing is priced in its files (see [`Problem::NotFilled`]).
    pub not_filled: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LotSummary {
    pub lot: String,
    pub complete: Vec<String>,
    /// Offers per scope complete, the band tariff unusable.
    pub band_tariff_unusable: Vec<String>,
    pub incomplete: Vec<String>,
    pub irregular: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckReport {
    pub findings: Vec<Finding>,
    pub offers: Vec<ScopeOffer>,
    pub bidders: Vec<BidderSummary>,
    pub lots: Vec<LotSummary>,
    /// What each platform download gave, folder by folder (shown before the findings).
    pub downloads: Vec<crate::download::DownloadReport>,
    /// The usage estimates read from COUNTER reports, lot by lot (the lot's id first).
    pub usage_read: Vec<(String, crate::tender::counted::CountedUsage)>,
}

impl CheckReport {
    /// Whether anything makes an offer irregular, incomplete or unread (a download's
    /// folder without an offer read included).
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
            || self.downloads.iter().any(|d| d.has_problems())
    }

    /// Whether a file could not be read because of a fault of this program.
    pub fn has_internal_error(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.consequence == Consequence::InternalError)
    }
}

fn irregularity_item(i: &Irregularity) -> Option<&'static str> {
    let (model, term) = match i {
        Irregularity::Missing { model, term, .. }
        | Irregularity::Invalid { model, term, .. }
        | Irregularity::Negative { model, term, .. } => (*model, *term),
        Irregularity::ZeroQuota { model, .. }
        | Irregularity::FractionalQuota { model, .. }
        | Irregularity::BasisAltered { model, .. } => (*model, Term::Quota),
        Irregularity::SurchargeNeeded { model, .. } => (*model, Term::Surcharge),
        Irregularity::OutOfRange { model, .. } => (*model, Term::Price),
        Irregularity::Ambiguous(Conflict::DuplicateRow { code, .. }) => return Some(code),
        Irregularity::SeveralModels { .. }
        | Irregularity::Ambiguous(_)
        | Irregularity::Schedule(_) => return None,
    };
    layout::item(model, term).map(|i| i.code)
}

/// Checks every offer the analysis read.
pub fn check(tender: &Tender, analysis: &Analysis) -> CheckReport {
    let mut findings = Vec::new();
    let bidder_of_file = |file: &Path| -> Option<String> {
        analysis
            .read
            .offers
            .iter()
            .find(|o| o.files.iter().any(|f| f == file))
            .map(|o| o.bidder.clone())
    };

    for path in &analysis.files.ignored {
        findings.push(Finding {
            location: Location::file(path),
            bidder: None,
            lot: None,
            scope: None,
            item: None,
            severity: Severity::Warning,
            problem: Problem::Ignored,
            consequence: Consequence::None,
        });
    }
    for failure in &analysis.read.failures {
        let files = failure.files();
        findings.push(Finding {
            location: Location::file(&files[0]),
            bidder: Some(failure.bidder().to_owned()),
            lot: None,
            scope: None,
            item: None,
            severity: Severity::Error,
            problem: Problem::File(failure.clone()),
            consequence: if failure.is_internal_error() {
                Consequence::InternalError
            } else {
                Consequence::FileNotRead
            },
        });
    }

    // What the reader noticed.
    for note in &analysis.read.notes {
        let (location, lot, severity, consequence) = match note {
            // Duplicates holding figures are reported through the irregularities they
            // cause, scope by scope.
            ReadNote::DuplicateCode {
                has_values: true, ..
            }
            | ReadNote::DuplicateScope {
                has_values: true, ..
            } => continue,
            ReadNote::DuplicateCode { location, .. }
            | ReadNote::DuplicateScope { location, .. } => {
                (location, None, Severity::Warning, Consequence::None)
            }
            ReadNote::NoHeader { location, lot } => (
                location,
                Some(lot.clone()),
                Severity::Error,
                Consequence::Incomplete { lot: lot.clone() },
            ),
            ReadNote::NoLotSheet { location } | ReadNote::UnknownCsvLot { location } => {
                (location, None, Severity::Error, Consequence::FileNotRead)
            }
            ReadNote::DuplicateLotSheet { location, lot, .. } => (
                location,
                Some(lot.clone()),
                Severity::Warning,
                Consequence::None,
            ),
            ReadNote::UnknownScope { location, .. }
            | ReadNote::VatIncludedLabel { location, .. }
            | ReadNote::OtherTender { location, .. }
            | ReadNote::UnknownDeclaredLot { location, .. }
            | ReadNote::UnreadableDeclaredLots { location, .. } => {
                (location, None, Severity::Warning, Consequence::None)
            }
        };
        let lot = lot.or_else(|| {
            let sheet = location.sheet.as_deref()?;
            tender
                .lots
                .iter()
                .find(|l| crate::bpu::read::sheet_matches_lot(sheet, &l.id))
                .map(|l| l.id.clone())
        });
        findings.push(Finding {
            location: location.clone(),
            bidder: bidder_of_file(&location.file),
            lot,
            scope: None,
            item: match note {
                ReadNote::DuplicateCode { code, .. } => layout::item_by_code(code).map(|i| i.code),
                _ => None,
            },
            severity,
            problem: Problem::Read(note.clone()),
            consequence,
        });
    }

    // Irregularities, one finding per problem and the scopes it hits: two models filled
    // are one problem of the lot, not one per scope.
    let mut by_problem: BTreeMap<(String, String, usize), (Irregularity, Vec<String>)> =
        BTreeMap::new();
    let mut order: Vec<(String, String, usize)> = Vec::new();
    for line in &analysis.normalised {
        if let Err(problems) = &line.result {
            for p in problems {
                let existing = order.iter().position(|(b, l, i)| {
                    b == &line.bidder
                        && l == &line.lot
                        && by_problem
                            .get(&(b.clone(), l.clone(), *i))
                            .is_some_and(|(q, _)| q == p)
                });
                match existing {
                    Some(k) => by_problem
                        .get_mut(&order[k])
                        .expect("recorded")
                        .1
                        .push(line.scope.clone()),
                    None => {
                        let key = (line.bidder.clone(), line.lot.clone(), order.len());
                        by_problem.insert(key.clone(), (p.clone(), vec![line.scope.clone()]));
                        order.push(key);
                    }
                }
            }
        }
    }
    for key in &order {
        let (problem, scopes) = &by_problem[key];
        findings.push(Finding {
            location: problem.location(),
            bidder: Some(key.0.clone()),
            lot: Some(key.1.clone()),
            scope: (scopes.len() == 1).then(|| scopes[0].clone()),
            item: irregularity_item(problem),
            severity: Severity::Error,
            problem: Problem::Irregular(problem.clone()),
            consequence: Consequence::Irregular {
                lot: key.1.clone(),
                scopes: scopes.clone(),
            },
        });
    }

    // Offer by offer: warnings on figures, and lots said to be answered but not priced.
    let technical_lots = technical_lots(analysis);
    for offer in &analysis.read.offers {
        let file = offer.source().cloned().unwrap_or_default();
        if offer.bidder_name.is_none() && offer.files.iter().all(|f| !is_csv(f)) {
            findings.push(Finding {
                location: Location::sheet(&file, Some(layout::CANDIDATE_SHEET)),
                bidder: Some(offer.bidder.clone()),
                lot: None,
                scope: None,
                item: None,
                severity: Severity::Warning,
                problem: Problem::MissingLegalName,
                consequence: Consequence::None,
            });
        }
        // The grade is read from the Candidat sheet when the tender needs one and the
        // buyer gives no grades file.
        let grade_needed = (tender.award.security.minimum_grade.is_some()
            || tender
                .award
                .criteria
                .iter()
                .any(|k| k.source == crate::tender::CriterionSource::SecurityGrade))
            && tender.award.security.grades.is_none();
        if grade_needed && offer.files.iter().all(|f| !is_csv(f)) {
            let problem = match &offer.security_grade {
                None => Some((Location::sheet(&file, Some(layout::CANDIDATE_SHEET)), None)),
                Some(g) if crate::tender::Grade::parse(&g.value).is_none() => {
                    Some((g.location.clone(), Some(g.raw.clone())))
                }
                Some(_) => None,
            };
            if let Some((location, found)) = problem {
                findings.push(Finding {
                    location,
                    bidder: Some(offer.bidder.clone()),
                    lot: None,
                    scope: None,
                    item: None,
                    severity: Severity::Error,
                    problem: Problem::SecurityGrade { found },
                    consequence: Consequence::None,
                });
            }
        }
        if tender.publication.is_some() && offer.files.iter().all(|f| !is_csv(f)) {
            findings.extend(identifier_finding(offer, &file));
        }
        for quote in &offer.lots {
            let model = analysis
                .normalised
                .iter()
                .find(|l| l.bidder == offer.bidder && l.lot == quote.lot)
                .and_then(|l| l.model);
            for scope in &quote.scopes {
                for ((m, term), cell) in &scope.cells {
                    let Some(item) = layout::item(*m, *term) else {
                        continue;
                    };
                    let base = |severity, problem| Finding {
                        location: cell.location.clone(),
                        bidder: Some(offer.bidder.clone()),
                        lot: Some(quote.lot.clone()),
                        scope: Some(scope.scope.clone()),
                        item: Some(item.code),
                        severity,
                        problem,
                        consequence: Consequence::None,
                    };
                    if let CellContent::Number(v) = &cell.content {
                        if item.kind == ItemKind::Money && v.normalize().scale() > 2 {
                            findings.push(base(
                                Severity::Warning,
                                Problem::TooManyDecimals { value: *v },
                            ));
                        }
                        if cell.vat_included && item.kind == ItemKind::Money {
                            findings.push(base(
                                Severity::Warning,
                                Problem::VatIncludedValue {
                                    raw: cell.raw.clone(),
                                },
                            ));
                        }
                    }
                    // A changed basis of another model than the one chosen: a warning
                    // (of the chosen one, normalisation made the offer irregular).
                    if item.kind == ItemKind::Basis && model != Some(*m) {
                        let facts = tender
                            .scope(&scope.scope)
                            .zip(tender.lot(&quote.lot))
                            .map(|(s, l)| tender.scope_facts(l, s));
                        if let Some(expected) = facts.as_ref().and_then(|f| pricing::basis(*m, f))
                            && cell.content != CellContent::Number(Decimal::from(expected))
                        {
                            findings.push(base(
                                Severity::Warning,
                                Problem::BasisChanged {
                                    expected,
                                    found: cell.raw.clone(),
                                },
                            ));
                        }
                    }
                }
            }
        }
        for quote in &offer.lots {
            band_findings(tender, analysis, offer, quote, &mut findings);
            schedule::findings(analysis, offer, quote, &mut findings);
        }
        for lot in declared_lots(offer, &technical_lots) {
            let priced = analysis
                .normalised
                .iter()
                .any(|l| l.bidder == offer.bidder && l.lot == lot);
            if priced {
                continue;
            }
            let sheet = offer.lot(&lot);
            let unreadable_sheet = analysis.read.notes.iter().any(
                |n| matches!(n, ReadNote::NoHeader { lot: l, location } if *l == lot && offer.files.iter().any(|f| **f == *location.file)),
            );
            if unreadable_sheet {
                continue;
            }
            findings.push(Finding {
                location: sheet.map_or_else(|| Location::file(&file), |q| q.location.clone()),
                bidder: Some(offer.bidder.clone()),
                lot: Some(lot.clone()),
                scope: None,
                item: None,
                severity: Severity::Error,
                problem: Problem::MissingOffer {
                    sheet: sheet.is_some(),
                },
                consequence: Consequence::Incomplete { lot },
            });
        }
    }
    findings.extend(plausibility::findings(tender, analysis));
    for w in &analysis.warnings {
        let Warning::ScoredBidderWithoutOffer { file, line, bidder } = w else {
            continue;
        };
        findings.push(Finding {
            location: Location {
                file: file.as_path().into(),
                sheet: None,
                cell: Some(crate::source::CellRef::new(
                    (*line as u32).saturating_sub(1),
                    0,
                )),
            },
            bidder: Some(bidder.clone()),
            lot: None,
            scope: None,
            item: None,
            severity: Severity::Warning,
            problem: Problem::ScoredWithoutOffer,
            consequence: Consequence::None,
        });
    }

    let blank = not_filled(analysis, &findings, &technical_lots);
    findings.extend(blank);

    let lot_order = |l: &Option<String>| {
        l.as_deref()
            .and_then(|id| tender.lots.iter().position(|x| x.id == id))
    };
    findings.sort_by(|a, b| {
        a.bidder
            .cmp(&b.bidder)
            .then_with(|| a.location.file.cmp(&b.location.file))
            .then_with(|| lot_order(&a.lot).cmp(&lot_order(&b.lot)))
            .then_with(|| a.location.sheet.cmp(&b.location.sheet))
            .then_with(|| {
                a.location
                    .cell
                    .map(|c| (c.row, c.col))
                    .cmp(&b.location.cell.map(|c| (c.row, c.col)))
            })
            .then_with(|| a.severity.cmp(&b.severity))
    });

    summarise(tender, analysis, findings, &Focus::default())
}

/// The part of the tender a check is about: one lot, one scope, or everything (`None`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Focus {
    pub lot: Option<String>,
    pub scope: Option<String>,
}

impl Focus {
    /// Whether the finding concerns the focused lot and scope. A finding of several
    /// scopes (two models filled in a lot) concerns each of them; one of no scope (a
    /// file not read, a lot not answered, a band tariff) concerns every scope, and one
    /// of no lot every lot.
    pub fn concerns(&self, f: &Finding) -> bool {
        let lot = match (&self.lot, &f.lot) {
            (Some(wanted), Some(lot)) => wanted == lot,
            _ => true,
        };
        let scope = match (&self.scope, &f.scope, &f.consequence) {
            (None, _, _) => true,
            (Some(wanted), Some(scope), _) => wanted == scope,
            (Some(wanted), None, Consequence::Irregular { scopes, .. }) => scopes.contains(wanted),
            (Some(_), None, _) => true,
        };
        lot && scope
    }

    fn lot(&self, id: &str) -> bool {
        self.lot.as_deref().is_none_or(|l| l == id)
    }

    fn scope(&self, id: &str) -> bool {
        self.scope.as_deref().is_none_or(|s| s == id)
    }
}

/// [`check`] narrowed to one lot or scope: only the findings that concern it are kept,
/// and the statuses and summaries are drawn from those alone (an error of another
/// scope never makes this scope's offer irregular).
pub fn check_focused(tender: &Tender, analysis: &Analysis, focus: &Focus) -> CheckReport {
    let all = check(tender, analysis);
    let findings = all
        .findings
        .into_iter()
        .filter(|f| focus.concerns(f))
        .collect();
    summarise(tender, analysis, findings, focus)
}

/// The statuses of offers, bidders and lots drawn from the findings.
fn summarise(
    tender: &Tender,
    analysis: &Analysis,
    findings: Vec<Finding>,
    focus: &Focus,
) -> CheckReport {
    let offers: Vec<ScopeOffer> = analysis
        .normalised
        .iter()
        .filter(|l| focus.lot(&l.lot) && focus.scope(&l.scope))
        .map(|l| ScopeOffer {
            bidder: l.bidder.clone(),
            lot: l.lot.clone(),
            scope: l.scope.clone(),
            status: if l.result.is_ok() {
                OfferStatus::Ok
            } else {
                OfferStatus::Irregular
            },
        })
        .collect();
    let bidders = summarise_bidders(tender, analysis, &findings, focus);
    let lots = tender
        .lots
        .iter()
        .map(|lot| {
            let mut s = LotSummary {
                lot: lot.id.clone(),
                complete: vec![],
                band_tariff_unusable: vec![],
                incomplete: vec![],
                irregular: vec![],
            };
            for b in &bidders {
                if let Some((_, status)) = b.lots.iter().flatten().find(|(l, _)| *l == lot.id) {
                    match status {
                        LotStatus::Complete => s.complete.push(b.bidder.clone()),
                        LotStatus::BandTariffUnusable => {
                            s.band_tariff_unusable.push(b.bidder.clone())
                        }
                        LotStatus::Incomplete => s.incomplete.push(b.bidder.clone()),
                        LotStatus::Irregular => s.irregular.push(b.bidder.clone()),
                    }
                }
            }
            s
        })
        .collect();
    CheckReport {
        findings,
        offers,
        bidders,
        lots,
        downloads: analysis.files.downloads.clone(),
        usage_read: tender
            .lots
            .iter()
            .filter(|l| focus.lot(&l.id))
            .flat_map(|l| l.counted.iter().map(|u| (l.id.clone(), u.clone())))
            .collect(),
    }
}

/// The lots of the bidders' files in which the buyer's experts scored them.
fn technical_lots(analysis: &Analysis) -> BTreeSet<(String, String)> {
    analysis
        .evaluation
        .scores
        .as_ref()
        .map(|t| {
            t.scores
                .keys()
                .map(|(b, l, _)| (b.clone(), l.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// A finding for each offer read in which nothing is priced or answered: no scope's
/// figure, no band price, no lot declared on its `Candidat` sheet or scored by the
/// experts, and no error tied to a lot (a sheet that could not be read). Such a file is
/// the template sent back blank.
fn not_filled(
    analysis: &Analysis,
    findings: &[Finding],
    technical: &BTreeSet<(String, String)>,
) -> Vec<Finding> {
    analysis
        .read
        .offers
        .iter()
        .filter(|offer| {
            let priced = analysis.normalised.iter().any(|l| l.bidder == offer.bidder)
                || offer.lots.iter().any(|q| q.bands.any_filled());
            let lot_error = findings.iter().any(|f| {
                f.bidder.as_deref() == Some(offer.bidder.as_str())
                    && f.lot.is_some()
                    && f.severity == Severity::Error
            });
            !priced && !lot_error && declared_lots(offer, technical).is_empty()
        })
        .map(|offer| Finding {
            location: Location::file(&offer.source().cloned().unwrap_or_default()),
            bidder: Some(offer.bidder.clone()),
            lot: None,
            scope: None,
            item: None,
            severity: Severity::Error,
            problem: Problem::NotFilled,
            consequence: Consequence::NotFilled,
        })
        .collect()
}

/// The findings of a lot's band tariff: band prices the tender does not ask for
/// (warnings, ignored); for a lot with a band tariff that the bidder answers (a scope
/// priced, or a band price given), each problem that makes the tariff unusable (errors
/// that leave the offers per scope untouched), the figures' warnings, and bands cheaper
/// than the band below.
fn band_findings(
    tender: &Tender,
    analysis: &Analysis,
    offer: &Offer,
    quote: &LotQuote,
    findings: &mut Vec<Finding>,
) {
    let finding = |location: Location, item, severity, problem, consequence| Finding {
        location,
        bidder: Some(offer.bidder.clone()),
        lot: Some(quote.lot.clone()),
        scope: None,
        item,
        severity,
        problem,
        consequence,
    };
    for u in &quote.bands.unasked {
        findings.push(finding(
            u.cell.location.clone(),
            Some(u.code),
            Severity::Warning,
            Problem::UnaskedBandPrice {
                raw: u.cell.raw.clone(),
            },
            Consequence::None,
        ));
    }
    let Some(bands) = tender.lot(&quote.lot).and_then(|l| l.bands.as_ref()) else {
        return;
    };
    let code = |band: usize| layout::band_code(bands.measure, band);
    for (band, cell) in quote.bands.prices.iter().enumerate() {
        let Some(cell) = cell else { continue };
        if let CellContent::Number(v) = &cell.content {
            if v.normalize().scale() > 2 {
                findings.push(finding(
                    cell.location.clone(),
                    code(band),
                    Severity::Warning,
                    Problem::TooManyDecimals { value: *v },
                    Consequence::None,
                ));
            }
            if cell.vat_included {
                findings.push(finding(
                    cell.location.clone(),
                    code(band),
                    Severity::Warning,
                    Problem::VatIncludedValue {
                        raw: cell.raw.clone(),
                    },
                    Consequence::None,
                ));
            }
        }
    }
    let answered = quote.bands.any_filled()
        || analysis
            .normalised
            .iter()
            .any(|l| l.bidder == offer.bidder && l.lot == quote.lot);
    if !answered {
        return;
    }
    match pricing::band_prices(quote, bands) {
        Err(problems) => {
            for problem in problems {
                let item = match &problem {
                    BandProblem::Ambiguous(Conflict::DuplicateRow { code, .. }) => Some(*code),
                    p => p.band().and_then(code),
                };
                findings.push(finding(
                    problem.location(),
                    item,
                    Severity::Error,
                    Problem::Band {
                        bands: bands.clone(),
                        problem,
                    },
                    Consequence::BandTariffUnusable {
                        lot: quote.lot.clone(),
                    },
                ));
            }
        }
        Ok(prices) => {
            for band in prices.decreases() {
                findings.push(finding(
                    prices.prices[band].location.clone(),
                    code(band),
                    Severity::Warning,
                    Problem::BandBelowPrevious {
                        bands: bands.clone(),
                        band,
                        price: prices.prices[band].value,
                        previous: prices.prices[band - 1].value,
                    },
                    Consequence::None,
                ));
            }
        }
    }
}

fn is_csv(p: &std::path::Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

/// The lots a bidder says it answers: on its `Candidat` sheet, and in the technical
/// scores the buyer's experts gave it.
fn declared_lots(offer: &Offer, technical: &BTreeSet<(String, String)>) -> BTreeSet<String> {
    let mut lots: BTreeSet<String> = offer
        .declared_lots
        .iter()
        .flat_map(|d| d.value.iter().cloned())
        .collect();
    lots.extend(
        technical
            .iter()
            .filter(|(b, _)| *b == offer.bidder)
            .map(|(_, l)| l.clone()),
    );
    lots
}

fn summarise_bidders(
    tender: &Tender,
    analysis: &Analysis,
    findings: &[Finding],
    focus: &Focus,
) -> Vec<BidderSummary> {
    let technical = technical_lots(analysis);
    let mut out = Vec::new();
    for offer in &analysis.read.offers {
        let mine: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.bidder.as_deref() == Some(offer.bidder.as_str()))
            .collect();
        out.push(BidderSummary {
            bidder: offer.bidder.clone(),
            bidder_name: offer.bidder_name.as_ref().map(|n| n.value.clone()),
            files: offer.files.clone(),
            lots: Some(bidder_lots(
                tender, analysis, offer, &mine, &technical, focus,
            )),
            not_filled: mine.iter().any(|f| f.problem == Problem::NotFilled),
        });
    }
    for failure in &analysis.read.failures {
        let files = failure.files();
        out.push(BidderSummary {
            bidder: failure.bidder().to_owned(),
            bidder_name: None,
            files,
            lots: None,
            not_filled: false,
        });
    }
    out.sort_by(|a, b| a.bidder.cmp(&b.bidder));
    out
}

/// Each lot of a bidder with its status, in the tender's order: the lots it priced (in
/// the focused scope), declared (when no scope is focused) or has an error on.
fn bidder_lots(
    tender: &Tender,
    analysis: &Analysis,
    offer: &Offer,
    mine: &[&Finding],
    technical: &BTreeSet<(String, String)>,
    focus: &Focus,
) -> Vec<(String, LotStatus)> {
    let errors = || mine.iter().filter(|f| f.severity == Severity::Error);
    let mut lots: BTreeSet<String> = analysis
        .normalised
        .iter()
        .filter(|l| l.bidder == offer.bidder && focus.scope(&l.scope))
        .map(|l| l.lot.clone())
        .collect();
    // A lot declared but priced for another scope only is not this scope's offer.
    if focus.scope.is_none() {
        lots.extend(declared_lots(offer, technical));
    }
    lots.extend(errors().filter_map(|f| f.lot.clone()));
    lots.retain(|l| focus.lot(l));
    let order = |id: &String| {
        tender
            .lots
            .iter()
            .position(|l| &l.id == id)
            .unwrap_or(usize::MAX)
    };
    let mut lots: Vec<String> = lots.into_iter().collect();
    lots.sort_by_key(order);
    lots.into_iter()
        .map(|lot| {
            let on_lot: Vec<&Finding> = errors()
                .filter(|f| f.lot.as_deref() == Some(lot.as_str()))
                .copied()
                .collect();
            (lot, lot_status(&on_lot))
        })
        .collect()
}

/// A lot's status from the bidder's errors on it, the gravest first.
fn lot_status(errors: &[&Finding]) -> LotStatus {
    let any = |p: fn(&Consequence) -> bool| errors.iter().any(|f| p(&f.consequence));
    if any(|c| matches!(c, Consequence::Irregular { .. })) {
        LotStatus::Irregular
    } else if any(|c| matches!(c, Consequence::Incomplete { .. })) {
        LotStatus::Incomplete
    } else if any(|c| matches!(c, Consequence::BandTariffUnusable { .. })) {
        LotStatus::BandTariffUnusable
    } else {
        LotStatus::Complete
    }
}

/// What `export` would refuse about the bidder's identifier, said by `check` first.
fn identifier_finding(offer: &crate::offer::Offer, file: &std::path::Path) -> Option<Finding> {
    let (location, problem) = match crate::publish::identifier::of(&offer.ids) {
        Some(Ok(_)) => return None,
        None => (Location::sheet(file, Some(layout::CANDIDATE_SHEET)), None),
        Some(Err(p)) => (p.location, Some((p.kind, p.found))),
    };
    Some(Finding {
        location,
        bidder: Some(offer.bidder.clone()),
        lot: None,
        scope: None,
        item: None,
        severity: Severity::Warning,
        problem: Problem::Identifier { problem },
        consequence: Consequence::None,
    })
}
