//! The analysis report (rapport d'analyse des offres) that the tender committee reads:
//! everything its eight parts show, gathered from the same [`Analysis`], check and
//! split as `rank`, `check` and `split` use, so that the report can never disagree with
//! them. No I/O: the caller reads the input files and gives their bytes' digests; the
//! output layer (`output::xlsx`) turns these types into a document.
//!
//! The parts: 1 identification, 2 offers received and what `check` found, 3 offers set
//! aside (every reason) and abnormally low offers, 4 criteria and method, 5 analysis
//! per lot and scope, 6 proposed award and the groupement's saving, 7 cost sharing,
//! 8 annex for audit (tool version, input files with their SHA-256, date).

mod annex;
mod member;
pub mod sweep;

use std::path::PathBuf;

use crate::analysis::Analysis;
use crate::award::{ExcludedOffer, LotRanking, RankedOffer, ScopeRanking};
use crate::check::CheckReport;
use crate::exact::Exact;
use crate::split::SplitResult;
use crate::tender::{AwardRules, Lot, Member, ScopeKind, Tender};

pub use annex::{Annex, InputFile, InputRole, input_paths, sha256_hex};

/// The whole report, for the groupement or for one member (`--member`).
#[derive(Clone, Debug)]
pub struct Report<'a> {
    /// The member whose own report this is; `None` for the groupement's.
    pub member: Option<&'a Member>,
    pub identification: Identification<'a>,
    /// What `check` found in every offer file, with its cell (part 2).
    pub check: CheckReport,
    /// Per lot, the offers received for it (part 2).
    pub received: Vec<LotReceived<'a>>,
    /// Offers set aside, lot by lot and scope by scope, each with every reason (part 3).
    pub set_aside: Vec<SetAside<'a>>,
    /// Offers flagged abnormally low: the bidder must be asked to justify its price
    /// before any decision (part 3).
    pub abnormally_low: Vec<AbnormallyLow<'a>>,
    /// The award rules as the tender file states them (part 4).
    pub method: &'a AwardRules,
    /// The rankings of the lots and scopes the report covers (part 5).
    pub lots: Vec<LotAnalysis<'a>>,
    /// Each lot's sweep: the offers' yearly costs as usage is scaled (part 5's chart).
    pub sweeps: Vec<(String, sweep::LotSweep)>,
    /// The proposed award of each lot (part 6).
    pub awards: Vec<Award<'a>>,
    /// The cost sharing, restricted to the member for a member's report (part 7).
    pub sharing: SplitResult,
    pub annex: Annex,
    /// The warnings about the tender's own rules and the scores files (weights not
    /// adding up to 100, technical marks without scores, scores of a bidder without an
    /// offer).
    pub warnings: &'a [crate::analysis::Warning],
    /// The tender file's folder: the report shows paths from it, so that the same
    /// files give the same report wherever the folder is.
    pub base: PathBuf,
    /// The schedule lots' contract figures revised by their index: empty until the
    /// caller, who reads the index files, sets them ([`crate::revised`]).
    pub revisions: crate::revised::Revisions,
}

impl Report<'_> {
    /// `path` from the tender file's folder when it lies within it, else as given.
    pub fn shown_path<'p>(&self, path: &'p std::path::Path) -> &'p std::path::Path {
        path.strip_prefix(&self.base).unwrap_or(path)
    }

    /// A sentence of ours that names files (a reason, a finding, a warning), the files
    /// within the tender file's folder shown from it, as the file columns show them: the
    /// sentences carry paths as the analysis opened them.
    pub fn shown_text(&self, text: String) -> String {
        if self.base.as_os_str().is_empty() {
            return text;
        }
        let prefix = format!("{}{}", self.base.display(), std::path::MAIN_SEPARATOR);
        text.replace(&prefix, "")
    }

    /// A cell's place, its file shown from the tender file's folder.
    pub fn shown_location(&self, l: &crate::source::Location) -> crate::source::Location {
        let mut shown = l.clone();
        shown.file = self.shown_path(&l.file).into();
        shown
    }
}

/// Part 1: who buys what, for how long.
#[derive(Clone, Debug)]
pub struct Identification<'a> {
    pub name: &'a str,
    pub reference: &'a str,
    pub duration_years: u32,
    /// The yearly price revision (0.02 for 2 %).
    pub yearly_revision: rust_decimal::Decimal,
    pub members: &'a [Member],
    /// The member that runs the procedure, when the tender file names it.
    pub coordinator: Option<&'a Member>,
    /// The lots the report covers, with their VAT rate and ceilings.
    pub lots: Vec<&'a Lot>,
}

/// Part 2: the offers received for one lot.
#[derive(Clone, Debug)]
pub struct LotReceived<'a> {
    pub lot: &'a str,
    pub title: &'a str,
    pub offers: Vec<Received<'a>>,
}

/// One bidder's offer for a lot: who, and from which file.
#[derive(Clone, Debug)]
pub struct Received<'a> {
    pub bidder: &'a str,
    pub bidder_name: Option<&'a str>,
    pub source: Option<&'a PathBuf>,
}

/// Part 3: an offer set aside for a lot and scope.
#[derive(Clone, Debug)]
pub struct SetAside<'a> {
    pub lot: &'a str,
    pub scope: &'a str,
    pub offer: &'a ExcludedOffer,
}

/// Part 3: an offer flagged abnormally low for a lot and scope.
#[derive(Clone, Debug)]
pub struct AbnormallyLow<'a> {
    pub lot: &'a str,
    pub scope: &'a str,
    pub offer: &'a RankedOffer,
}

/// Part 5: one lot's rankings, only the scopes the report covers.
#[derive(Clone, Debug)]
pub struct LotAnalysis<'a> {
    pub lot: &'a str,
    pub title: &'a str,
    pub scopes: Vec<&'a ScopeRanking>,
}

/// Part 6: the offer proposed for a lot, for the groupement and for each member quoted
/// alone, and what the groupement saves against the members buying alone.
#[derive(Clone, Debug)]
pub struct Award<'a> {
    pub lot: &'a str,
    pub title: &'a str,
    /// The offer ranked first for the groupement; `None` when none could be ranked.
    pub groupement: Option<&'a RankedOffer>,
    /// Each member's own scope (when members are quoted alone): its first offer, in the
    /// tender's member order.
    pub alone: Vec<MemberAward<'a>>,
    /// Σ of the members' first offers alone − the groupement's, yearly HT, exact; `None`
    /// unless every member of the groupement has a first offer alone and the groupement
    /// has one.
    pub saving_ht: Option<Exact>,
}

#[derive(Clone, Debug)]
pub struct MemberAward<'a> {
    pub member: &'a str,
    /// `None`: no offer could be ranked for the member alone.
    pub first: Option<&'a RankedOffer>,
}

/// Everything the report needs besides the analysis itself.
#[derive(Clone, Debug)]
pub struct Sources<'a> {
    pub tender: &'a Tender,
    pub analysis: &'a Analysis,
    pub check: CheckReport,
    pub split: SplitResult,
    pub files: Vec<InputFile>,
    pub date: Option<crate::date::CalendarDate>,
}

/// `--member` names no member of the groupement.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("no member {given} (members: {})", known.join(", "))]
pub struct UnknownMember {
    pub given: String,
    pub known: Vec<String>,
}

/// Gathers the report for the groupement, or for `member` alone (its scopes: its own,
/// the groupement and declared groups it belongs to; its shares only).
pub fn build<'a>(s: Sources<'a>, member: Option<&str>) -> Result<Report<'a>, UnknownMember> {
    let tender = s.tender;
    let member = match member {
        None => None,
        Some(id) => Some(tender.member(id).ok_or_else(|| UnknownMember {
            given: id.to_owned(),
            known: tender.members.iter().map(|m| m.id.clone()).collect(),
        })?),
    };
    let keep = |scope: &str| member::covers(tender, member, scope);
    let lots: Vec<LotAnalysis<'a>> = s
        .analysis
        .lots
        .iter()
        .map(|l| lot_analysis(l, &keep))
        .collect();
    let (check, sharing) = match member {
        None => (s.check, s.split),
        Some(m) => (
            member::own_check(s.check, tender, m),
            member::own_shares(s.split, &m.id),
        ),
    };
    Ok(Report {
        member,
        identification: identification(tender),
        check,
        received: received(&lots),
        set_aside: set_aside(&lots),
        abnormally_low: abnormally_low(&lots),
        method: &tender.award,
        awards: s
            .analysis
            .lots
            .iter()
            .map(|l| award(tender, l, member))
            .collect(),
        lots,
        sweeps: sweep::sweeps(tender, s.analysis),
        sharing,
        annex: Annex::new(s.files, s.date),
        warnings: &s.analysis.warnings,
        base: tender
            .file
            .parent()
            .map(std::path::Path::to_path_buf)
            .unwrap_or_default(),
        revisions: crate::revised::Revisions::default(),
    })
}

/// The proposed award of every lot, for the groupement and each member alone, as part
/// 6 shows it: what `export` publishes.
pub fn proposed_awards<'a>(tender: &'a Tender, analysis: &'a Analysis) -> Vec<Award<'a>> {
    analysis
        .lots
        .iter()
        .map(|l| award(tender, l, None))
        .collect()
}

fn identification(tender: &Tender) -> Identification<'_> {
    Identification {
        name: &tender.name,
        reference: &tender.reference,
        duration_years: tender.duration_years,
        yearly_revision: tender.yearly_revision,
        members: &tender.members,
        coordinator: tender
            .coordinator
            .as_deref()
            .and_then(|c| tender.members.iter().find(|m| m.id == c)),
        lots: tender.lots.iter().collect(),
    }
}

fn lot_analysis<'a>(l: &'a LotRanking, keep: &dyn Fn(&str) -> bool) -> LotAnalysis<'a> {
    LotAnalysis {
        lot: &l.lot,
        title: &l.title,
        scopes: l.scopes.iter().filter(|s| keep(&s.scope)).collect(),
    }
}

/// Each bidder who offered for the lot in a scope covered, once, in bidder order.
fn received<'a>(lots: &[LotAnalysis<'a>]) -> Vec<LotReceived<'a>> {
    lots.iter()
        .map(|l| {
            let mut offers: Vec<Received<'a>> = Vec::new();
            for s in &l.scopes {
                let ranked = s.ranked.iter().map(|o| Received {
                    bidder: &o.bidder,
                    bidder_name: o.bidder_name.as_deref(),
                    source: o.source.as_ref(),
                });
                let excluded = s.excluded.iter().map(|o| Received {
                    bidder: &o.bidder,
                    bidder_name: o.bidder_name.as_deref(),
                    source: o.source.as_ref(),
                });
                for r in ranked.chain(excluded) {
                    if !offers.iter().any(|o| o.bidder == r.bidder) {
                        offers.push(r);
                    }
                }
            }
            offers.sort_by(|a, b| a.bidder.cmp(b.bidder));
            LotReceived {
                lot: l.lot,
                title: l.title,
                offers,
            }
        })
        .collect()
}

fn set_aside<'a>(lots: &[LotAnalysis<'a>]) -> Vec<SetAside<'a>> {
    lots.iter()
        .flat_map(|l| {
            l.scopes.iter().flat_map(move |s| {
                s.excluded.iter().map(move |offer| SetAside {
                    lot: l.lot,
                    scope: &s.scope,
                    offer,
                })
            })
        })
        .collect()
}

fn abnormally_low<'a>(lots: &[LotAnalysis<'a>]) -> Vec<AbnormallyLow<'a>> {
    lots.iter()
        .flat_map(|l| {
            l.scopes.iter().flat_map(move |s| {
                s.ranked
                    .iter()
                    .filter(|o| o.abnormally_low.is_some())
                    .map(move |offer| AbnormallyLow {
                        lot: l.lot,
                        scope: &s.scope,
                        offer,
                    })
            })
        })
        .collect()
}

/// The first offer of a scope, when it has one.
fn first<'a>(lot: &'a LotRanking, scope: &str) -> Option<&'a RankedOffer> {
    lot.scopes
        .iter()
        .find(|s| s.scope == scope)
        .and_then(|s| s.ranked.iter().find(|o| o.rank == 1))
}

fn award<'a>(tender: &'a Tender, lot: &'a LotRanking, member: Option<&Member>) -> Award<'a> {
    let groupement = tender
        .scopes
        .iter()
        .find(|s| s.kind == ScopeKind::Groupement)
        .and_then(|g| first(lot, &g.id));
    let alone_scopes = tender.scopes.iter().filter(|s| s.kind == ScopeKind::Member);
    let all_alone: Vec<MemberAward<'a>> = alone_scopes
        .map(|s| MemberAward {
            member: &s.id,
            first: first(lot, &s.id),
        })
        .collect();
    let saving_ht = saving(tender, groupement, &all_alone);
    let alone = all_alone
        .into_iter()
        .filter(|a| member.is_none_or(|m| m.id == a.member))
        .collect();
    Award {
        lot: &lot.lot,
        title: &lot.title,
        groupement,
        alone,
        saving_ht,
    }
}

/// Σ alone − together, yearly HT, exact; `None` unless every member has a first offer
/// alone (a member without one would make the sum a partial figure).
fn saving(
    tender: &Tender,
    groupement: Option<&RankedOffer>,
    alone: &[MemberAward<'_>],
) -> Option<Exact> {
    let together = &groupement?.cost.annual_ht;
    let mut sum = Exact::zero();
    for m in &tender.members {
        let first = alone.iter().find(|a| a.member == m.id)?.first?;
        sum = sum.add(&first.cost.annual_ht);
    }
    Some(sum.sub(together))
}

#[cfg(test)]
mod tests;
