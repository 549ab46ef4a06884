//! Which file of each submission folder is the bidder's price schedule (BPU), and which
//! submission is each bidder's offer: decided from the files' content, said with the
//! reason, and left to the buyer (the file of choices) when the content cannot decide.
//!
//! A workbook is this tender's BPU when the reader finds sheets of this tender's lots in
//! it. Among several, the most complete one is taken: the most scope columns holding a
//! figure, then the most figures (an old version of the BPU, a draft, an unfilled DQE
//! rank below the real one). A workbook naming another consultation on its `Candidat`
//! sheet ranks below any of this one; an unfilled one below any filled one. Two equally
//! complete workbooks that differ are not decided between: none is read until the buyer
//! designates one. Among a bidder's submissions, the latest is its offer (the date in
//! the folder's name, or else the latest of its files), unless the buyer designates one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::choice::{ChoiceError, ChoiceProblem, Choices, key_of};
use super::{Content, Loaded, Member, SkipReason, Skipped, Stamp, names};
use crate::bpu::read::{self, FileRead, NotSpreadsheet, ReadError, ReadNote};
use crate::bpu::{FileFailure, OffersRead};
use crate::offer::{CellContent, Offer};
use crate::pricing::{PricingModel, Term};
use crate::tender::Tender;

/// What a download gave, per submission folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DownloadReport {
    /// The zip or folder given.
    pub source: PathBuf,
    /// The file of choices read, when there was one.
    pub choices: Option<PathBuf>,
    /// In the folders' name order.
    pub folders: Vec<FolderReport>,
    /// Entries not looked at, with the reason.
    pub skipped: Vec<Skipped>,
}

impl DownloadReport {
    /// Whether a folder gave no offer for a reason the buyer must act on (no BPU, no
    /// decision between two, an unreadable BPU).
    pub fn has_problems(&self) -> bool {
        self.folders.iter().any(|f| f.outcome.is_problem())
    }
}

/// One submission folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FolderReport {
    /// The folder's name in the download.
    pub folder: String,
    /// The folder's path as shown (the download's, a wrapping folder's, the name).
    pub path: PathBuf,
    /// The bidder's id, from the folder's name.
    pub bidder: String,
    /// The name on the taken BPU's `Candidat` sheet.
    pub bidder_name: Option<String>,
    /// The submission's date: from the folder's name, or the latest of its files.
    pub date: Option<Stamp>,
    pub outcome: Outcome,
    /// The workbooks looked at (and files named as workbooks that are not), with the
    /// verdict on each.
    pub candidates: Vec<Candidate>,
    /// The signature file beside the taken BPU (not verified).
    pub signature: Option<PathBuf>,
    /// How many other files the folder holds (forms, technical proposal…).
    pub documents: usize,
}

/// What became of a submission folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The BPU read as the bidder's offer.
    Taken { file: PathBuf, why: Why },
    /// No workbook of this tender in the folder.
    NoBpu,
    /// Several equally complete workbooks that differ: none is read.
    Undecided,
    /// The folder's only workbooks of this tender could not be read.
    Unreadable,
    /// Another submission of the same bidder is its offer.
    Superseded { by: String, designated: bool },
    /// Several submissions of the bidder with the same latest date: none is read.
    SubmissionsUndecided,
}

impl Outcome {
    pub fn is_problem(&self) -> bool {
        matches!(
            self,
            Outcome::NoBpu
                | Outcome::Undecided
                | Outcome::Unreadable
                | Outcome::SubmissionsUndecided
        )
    }
}

/// Why a workbook was taken as the BPU.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// The folder's only filled workbook of this tender.
    Only,
    /// More complete than the others (`next`: the best of the others).
    MostComplete { next: Filled },
    /// Designated in the file of choices.
    Designated,
    /// The latest submission of several (the others are listed as superseded).
    Latest,
}

/// How much of this tender's schedule a workbook fills.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Filled {
    /// Scope columns (of any lot) holding at least one figure.
    pub columns: usize,
    /// Price cells holding something.
    pub cells: usize,
}

/// A file looked at as a possible BPU.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub file: PathBuf,
    pub filled: Filled,
    pub verdict: Verdict,
}

/// Why a candidate was taken or not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Taken,
    /// Fewer figures than the taken one.
    LessComplete,
    /// The template, not filled.
    Unfilled,
    /// Its `Candidat` sheet names another consultation.
    OtherTender {
        found: String,
    },
    /// A workbook with no sheet of this tender's lots.
    NotThisTender,
    /// The same bytes as another candidate.
    Copy {
        of: PathBuf,
    },
    /// As complete as another that differs: which one is the offer cannot be told.
    Tied,
    /// Another workbook was designated.
    NotDesignated,
    /// The folder's BPU, but the folder is not the submission read for its bidder.
    OtherSubmission,
    /// Named as a workbook, but is not one (a PDF named `BPU.xlsx`).
    NotWorkbook(NotSpreadsheet),
    /// Could not be read.
    Unreadable(ReadError),
}

/// What a download gave: the report, the offers, and the files to name as the inputs.
#[derive(Clone, Debug)]
pub struct Selected {
    pub report: DownloadReport,
    pub read: OffersRead,
    /// The BPUs taken, the files the offers come from.
    pub sources: Vec<PathBuf>,
}

/// One document's reading.
type Reading = Result<FileRead, ReadError>;

/// A folder's members, by index into `Loaded::members`.
struct Folder<'a> {
    name: String,
    /// The folder's path as shown (the download's path, a wrapping folder, the name).
    shown: PathBuf,
    members: Vec<&'a Member>,
}

/// Decides, for each folder of a loaded download, its BPU and its bidder's offer.
pub fn select(
    source: &Path,
    loaded: &Loaded,
    choices: Option<&Choices>,
    tender: &Tender,
) -> Result<Selected, ChoiceError> {
    let mut skipped = loaded.skipped.clone();
    let folders = group(loaded, &mut skipped);
    check_choices(choices, &folders)?;
    let readings = read_documents(&folders, tender);
    let blank = Blank::of(tender);
    let mut decided: Vec<Decided> = folders
        .iter()
        .zip(readings)
        .map(|(f, r)| decide_folder(f, r, choices, &blank))
        .collect::<Result<_, _>>()?;
    decide_submissions(&mut decided, choices)?;
    Ok(assemble(source, decided, skipped, choices, tender))
}

fn group<'a>(loaded: &'a Loaded, skipped: &mut Vec<Skipped>) -> Vec<Folder<'a>> {
    let mut by_name: BTreeMap<String, Folder<'a>> = BTreeMap::new();
    for m in &loaded.members {
        if m.components.len() < 2 {
            skipped.push(Skipped {
                path: m.path.clone(),
                reason: SkipReason::OutsideFolders,
                components: m.components.clone(),
            });
            continue;
        }
        folder_of(&mut by_name, &m.components, &m.path)
            .members
            .push(m);
    }
    // A folder whose every file was skipped is still a bidder's folder, without a BPU.
    for s in &loaded.skipped {
        if s.components.len() >= 2 {
            folder_of(&mut by_name, &s.components, &s.path);
        }
    }
    by_name.into_values().collect()
}

/// The folder an entry sits in (its first component), added when new.
fn folder_of<'m, 'a>(
    by_name: &'m mut BTreeMap<String, Folder<'a>>,
    components: &[String],
    path: &Path,
) -> &'m mut Folder<'a> {
    let name = components[0].clone();
    by_name
        .entry(names::key(std::slice::from_ref(&name)))
        .or_insert_with(|| Folder {
            name,
            shown: path
                .ancestors()
                .nth(components.len() - 1)
                .unwrap_or(path)
                .to_path_buf(),
            members: Vec::new(),
        })
}

/// Every line names a folder of the download, and a file of it that is a document.
fn check_choices(choices: Option<&Choices>, folders: &[Folder<'_>]) -> Result<(), ChoiceError> {
    let Some(choices) = choices else {
        return Ok(());
    };
    let mut seen = BTreeMap::new();
    for c in &choices.choices {
        let folder = c.folder.clone();
        let Some(f) = folders.iter().find(|f| key_of(&f.name) == c.folder_key()) else {
            return Err(choices.error(c.line, ChoiceProblem::UnknownFolder { folder }));
        };
        if seen.insert(c.folder_key(), c.line).is_some() {
            return Err(choices.error(c.line, ChoiceProblem::Twice { folder }));
        }
        if let Some(file) = &c.file
            && !f.members.iter().any(|m| {
                matches!(m.content, Content::Document(_))
                    && names::key(&m.components[1..]) == key_of(file)
            })
        {
            let file = file.clone();
            return Err(choices.error(c.line, ChoiceProblem::UnknownFile { folder, file }));
        }
    }
    Ok(())
}

/// Reads every document of every folder, in parallel; each reading is isolated.
fn read_documents(folders: &[Folder<'_>], tender: &Tender) -> Vec<Vec<Option<Reading>>> {
    folders
        .par_iter()
        .map(|f| {
            f.members
                .par_iter()
                .map(|m| match &m.content {
                    Content::Document(bytes) => Some(read::read_file(&m.path, bytes, tender)),
                    _ => None,
                })
                .collect()
        })
        .collect()
}

/// A folder once its BPU is decided.
struct Decided {
    report: FolderReport,
    /// The taken BPU's reading.
    taken: Option<FileRead>,
    failure: Option<FileFailure>,
    path: PathBuf,
}

fn spreadsheet_name(name: &str) -> bool {
    crate::bpu::OFFER_EXTENSIONS.contains(&super::extension(name).as_str())
}

/// A candidate's class, best last: what decides before completeness.
fn class(verdict: &Verdict, filled: Filled) -> Option<u8> {
    match verdict {
        Verdict::OtherTender { .. } => Some(1),
        Verdict::Unfilled => Some(0),
        Verdict::Taken if filled.cells > 0 => Some(2),
        _ => None,
    }
}

/// A first verdict from the reading alone (`Taken` meaning "usable").
fn assess(reading: &Reading, blank: &Blank) -> (Verdict, Filled) {
    let r = match reading {
        Err(ReadError::NotASpreadsheet(k)) => return (Verdict::NotWorkbook(*k), Filled::default()),
        Err(e) => return (Verdict::Unreadable(e.clone()), Filled::default()),
        Ok(r) => r,
    };
    if r.lots.is_empty() {
        return (Verdict::NotThisTender, Filled::default());
    }
    let filled = blank.filled(r);
    let other = r.notes.iter().find_map(|n| match n {
        ReadNote::OtherTender { found, .. } => Some(found.clone()),
        _ => None,
    });
    let verdict = match other {
        Some(found) => Verdict::OtherTender { found },
        None if filled.cells == 0 => Verdict::Unfilled,
        None => Verdict::Taken,
    };
    (verdict, filled)
}

/// The price cells of the blank template, as the reader reads them: a cell a bidder
/// left as the template gives it (a default quota, a pre-filled basis) is not a figure
/// the bidder entered.
struct Blank {
    cells: BTreeMap<(String, String, PricingModel, Term), CellContent>,
}

impl Blank {
    fn of(tender: &Tender) -> Blank {
        let mut cells = BTreeMap::new();
        let read = crate::bpu::template::write(tender)
            .ok()
            .and_then(|bytes| read::read_file(Path::new("template.xlsx"), &bytes, tender).ok());
        for lot in read.iter().flat_map(|r| &r.lots) {
            for scope in &lot.scopes {
                for (&(model, term), cell) in &scope.cells {
                    let key = (lot.lot.clone(), scope.scope.clone(), model, term);
                    cells.insert(key, cell.content.clone());
                }
            }
        }
        Blank { cells }
    }

    /// How much of the schedule a workbook fills beyond the blank template.
    fn filled(&self, r: &FileRead) -> Filled {
        let mut f = Filled::default();
        for lot in &r.lots {
            for scope in &lot.scopes {
                let cells = scope
                    .cells
                    .iter()
                    .filter(|&(&(model, term), c)| {
                        let key = (lot.lot.clone(), scope.scope.clone(), model, term);
                        !c.is_empty() && self.cells.get(&key) != Some(&c.content)
                    })
                    .count();
                f.cells += cells;
                f.columns += usize::from(cells > 0);
            }
            f.cells += lot
                .bands
                .prices
                .iter()
                .flatten()
                .filter(|c| !c.is_empty())
                .count();
            // A schedule lot's unit prices and lump sums (left blank by the template;
            // the amounts beside them are the bidder's arithmetic, not offers).
            if let Some(schedule) = &lot.schedule {
                let prices = schedule
                    .items
                    .iter()
                    .filter_map(|i| i.unit_price.as_ref())
                    .chain(schedule.tranches.iter().filter_map(|t| t.price.as_ref()))
                    .filter(|c| !c.is_empty())
                    .count();
                f.cells += prices;
                f.columns += usize::from(prices > 0);
            }
        }
        f
    }
}

fn decide_folder(
    folder: &Folder<'_>,
    readings: Vec<Option<Reading>>,
    choices: Option<&Choices>,
    blank: &Blank,
) -> Result<Decided, ChoiceError> {
    let designated = choices.and_then(|c| {
        c.choices
            .iter()
            .find(|l| l.folder_key() == key_of(&folder.name))
            .and_then(|l| l.file_key())
    });
    let mut candidates = Vec::new();
    let mut kept: Vec<(usize, Reading)> = Vec::new();
    for (m, reading) in folder.members.iter().zip(readings) {
        match reading {
            Some(reading) => {
                let (verdict, filled) = assess(&reading, blank);
                if matches!(verdict, Verdict::NotWorkbook(_)) && !spreadsheet_name(last(m)) {
                    continue;
                }
                candidates.push(Candidate {
                    file: m.path.clone(),
                    filled,
                    verdict,
                });
                kept.push((candidates.len() - 1, reading));
            }
            None if spreadsheet_name(last(m)) && matches!(m.content, Content::Other(_)) => {
                candidates.push(Candidate {
                    file: m.path.clone(),
                    filled: Filled::default(),
                    verdict: Verdict::NotWorkbook(head_kind(&m.content)),
                });
            }
            None => {}
        }
    }
    let chosen = match &designated {
        Some(file) => designate(folder, &mut candidates, file),
        None => rank(folder, &mut candidates),
    };
    Ok(finish(folder, candidates, kept, chosen))
}

fn last(m: &Member) -> &str {
    m.components.last().map_or("", String::as_str)
}

/// What a file named as a workbook is, from its first bytes.
fn head_kind(content: &Content) -> NotSpreadsheet {
    match content {
        Content::Other(head) => match crate::bpu::package::inspect(head, false) {
            Err(ReadError::NotASpreadsheet(k)) => k,
            _ => NotSpreadsheet::Unknown,
        },
        _ => NotSpreadsheet::Unknown,
    }
}

/// The folder's decision on its candidates.
enum Chosen {
    Taken(usize, Why),
    Undecided,
    None,
}

fn designate(folder: &Folder<'_>, candidates: &mut [Candidate], file: &str) -> Chosen {
    let mut taken = None;
    for (i, c) in candidates.iter_mut().enumerate() {
        let m = folder.members.iter().find(|m| m.path == c.file);
        let is_it = m.is_some_and(|m| names::key(&m.components[1..]) == file);
        if is_it {
            if matches!(
                c.verdict,
                Verdict::Taken | Verdict::Unfilled | Verdict::OtherTender { .. }
            ) {
                c.verdict = Verdict::Taken;
                taken = Some(i);
            }
        } else if class(&c.verdict, c.filled).is_some() {
            c.verdict = Verdict::NotDesignated;
        }
    }
    match taken {
        Some(i) => Chosen::Taken(i, Why::Designated),
        None => Chosen::None,
    }
}

/// The most complete candidate, if one is; copies and ties said.
fn rank(folder: &Folder<'_>, candidates: &mut [Candidate]) -> Chosen {
    let bytes_of = |c: &Candidate| {
        folder
            .members
            .iter()
            .find(|m| m.path == c.file)
            .and_then(|m| match &m.content {
                Content::Document(b) => Some(b.as_slice()),
                _ => None,
            })
    };
    let mut order: Vec<(u8, Filled, usize)> = candidates
        .iter()
        .enumerate()
        .filter_map(|(i, c)| class(&c.verdict, c.filled).map(|k| (k, c.filled, i)))
        .collect();
    // Best first; among equals, the first in name order.
    order.sort_by(|a, b| (b.0, b.1).cmp(&(a.0, a.1)).then(a.2.cmp(&b.2)));
    let Some(&(best_class, best, first)) = order.first() else {
        return Chosen::None;
    };
    let mut tied = false;
    let mut next = None;
    for &(k, f, i) in &order[1..] {
        if bytes_of(&candidates[i]) == bytes_of(&candidates[first]) {
            let of = candidates[first].file.clone();
            candidates[i].verdict = Verdict::Copy { of };
        } else if (k, f) == (best_class, best) {
            candidates[i].verdict = Verdict::Tied;
            tied = true;
        } else if candidates[i].verdict == Verdict::Taken {
            // Only a filled workbook of this tender is "less complete"; an unfilled one
            // or one of another consultation is said as such.
            next.get_or_insert(f);
            candidates[i].verdict = Verdict::LessComplete;
        }
    }
    if tied {
        candidates[first].verdict = Verdict::Tied;
        return Chosen::Undecided;
    }
    candidates[first].verdict = Verdict::Taken;
    match next {
        Some(next) => Chosen::Taken(first, Why::MostComplete { next }),
        None => Chosen::Taken(first, Why::Only),
    }
}

fn finish(
    folder: &Folder<'_>,
    candidates: Vec<Candidate>,
    kept: Vec<(usize, Reading)>,
    chosen: Chosen,
) -> Decided {
    let (bidder, named_date) = names::folder_bidder(&folder.name);
    let date = named_date.or_else(|| folder.members.iter().filter_map(|m| m.modified).max());
    let documents = folder
        .members
        .iter()
        .filter(|m| !candidates.iter().any(|c| c.file == m.path))
        .count();
    let (outcome, failure) = outcome(&bidder, &candidates, &chosen);
    let (taken, signature) = match &chosen {
        Chosen::Taken(i, _) => (
            kept.into_iter()
                .find(|(k, _)| k == i)
                .and_then(|(_, r)| r.ok()),
            signature_of(folder, &candidates[*i].file),
        ),
        _ => (None, None),
    };
    Decided {
        report: FolderReport {
            folder: folder.name.clone(),
            path: folder.shown.clone(),
            bidder_name: taken
                .as_ref()
                .and_then(|t| t.bidder_name.as_ref().map(|n| n.value.clone())),
            bidder,
            date,
            outcome,
            candidates,
            signature,
            documents,
        },
        taken,
        failure,
        path: folder.shown.clone(),
    }
}

/// The folder's outcome from its decision, and the failure to report when no offer is
/// read from it for a reason of its files.
fn outcome(
    bidder: &str,
    candidates: &[Candidate],
    chosen: &Chosen,
) -> (Outcome, Option<FileFailure>) {
    match chosen {
        Chosen::Taken(i, why) => {
            let file = candidates[*i].file.clone();
            (Outcome::Taken { file, why: *why }, None)
        }
        Chosen::Undecided => {
            let files = candidates
                .iter()
                .filter(|c| c.verdict == Verdict::Tied)
                .map(|c| c.file.clone())
                .collect();
            let bidder = bidder.to_owned();
            let failure = FileFailure::SeveralFiles { bidder, files };
            (Outcome::Undecided, Some(failure))
        }
        Chosen::None => match candidates.iter().find_map(|c| match &c.verdict {
            Verdict::Unreadable(e) => Some((c.file.clone(), e.clone())),
            _ => None,
        }) {
            Some((file, error)) => {
                let bidder = bidder.to_owned();
                let failure = FileFailure::Unreadable {
                    bidder,
                    file,
                    error,
                };
                (Outcome::Unreadable, Some(failure))
            }
            None => (Outcome::NoBpu, None),
        },
    }
}

/// The signature file beside a document: in the same folder, named after it
/// (`BPU.xlsx.p7s`, `BPU.xlsx - signature.xml`, `BPU.p7s`).
fn signature_of(folder: &Folder<'_>, file: &Path) -> Option<PathBuf> {
    let doc = folder.members.iter().find(|m| m.path == file)?;
    let parent = &doc.components[..doc.components.len() - 1];
    let name = names::key(std::slice::from_ref(doc.components.last()?));
    let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
    folder
        .members
        .iter()
        .filter(|m| m.content == Content::Signature)
        .filter(|m| &m.components[..m.components.len() - 1] == parent)
        .find(|m| {
            let sig = names::key(std::slice::from_ref(&m.components[m.components.len() - 1]));
            let sig_stem = sig.rsplit_once('.').map_or(sig.as_str(), |(s, _)| s);
            sig.starts_with(&name) || sig_stem == stem
        })
        .map(|m| m.path.clone())
}

/// Among a bidder's submissions, the one designated, or else the latest.
fn decide_submissions(
    decided: &mut [Decided],
    choices: Option<&Choices>,
) -> Result<(), ChoiceError> {
    let mut by_bidder: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, d) in decided.iter().enumerate() {
        by_bidder
            .entry(d.report.bidder.clone())
            .or_default()
            .push(i);
    }
    for (_, folders) in by_bidder.into_iter().filter(|(_, f)| f.len() > 1) {
        let designated: Vec<(usize, u64)> = folders
            .iter()
            .filter_map(|&i| {
                let key = key_of(&decided[i].report.folder);
                choices?
                    .choices
                    .iter()
                    .find(|c| c.folder_key() == key)
                    .map(|c| (i, c.line))
            })
            .collect();
        if let [_, (_, line), ..] = designated.as_slice() {
            let folder = decided[designated[1].0].report.folder.clone();
            let c = choices.expect("designated lines come from the choices");
            return Err(c.error(*line, ChoiceProblem::Twice { folder }));
        }
        let (winner, is_designated) = match designated.first() {
            Some(&(i, _)) => (Some(i), true),
            None => (latest(decided, &folders), false),
        };
        supersede(decided, &folders, winner, is_designated);
    }
    Ok(())
}

/// The submission with the latest date, if one date is later than all the others.
fn latest(decided: &[Decided], folders: &[usize]) -> Option<usize> {
    let best = folders.iter().map(|&i| decided[i].report.date).max()?;
    let mut at_best = folders.iter().filter(|&&i| decided[i].report.date == best);
    let first = *at_best.next()?;
    (best.is_some() && at_best.next().is_none()).then_some(first)
}

/// A submission that is not its bidder's offer: nothing of it is read.
fn set_aside(d: &mut Decided) {
    d.taken = None;
    d.failure = None;
    for c in &mut d.report.candidates {
        if c.verdict == Verdict::Taken {
            c.verdict = Verdict::OtherSubmission;
        }
    }
}

fn supersede(decided: &mut [Decided], folders: &[usize], winner: Option<usize>, designated: bool) {
    let Some(w) = winner else {
        let bidder = decided[folders[0]].report.bidder.clone();
        let files = folders.iter().map(|&i| decided[i].path.clone()).collect();
        for &i in folders {
            decided[i].report.outcome = Outcome::SubmissionsUndecided;
            set_aside(&mut decided[i]);
        }
        decided[folders[0]].failure = Some(FileFailure::SeveralFiles { bidder, files });
        return;
    };
    let by = decided[w].report.folder.clone();
    for &i in folders.iter().filter(|&&i| i != w) {
        decided[i].report.outcome = Outcome::Superseded {
            by: by.clone(),
            designated,
        };
        set_aside(&mut decided[i]);
    }
    if let Outcome::Taken { why, .. } = &mut decided[w].report.outcome {
        if designated {
            *why = Why::Designated;
        } else if *why == Why::Only {
            *why = Why::Latest;
        }
    }
}

fn assemble(
    source: &Path,
    decided: Vec<Decided>,
    skipped: Vec<Skipped>,
    choices: Option<&Choices>,
    tender: &Tender,
) -> Selected {
    let mut read = OffersRead::default();
    let mut sources = Vec::new();
    let mut folders = Vec::new();
    for d in decided {
        if let (Some(r), Outcome::Taken { file, .. }) = (d.taken, &d.report.outcome) {
            let (offer, notes) = offer(&d.report.bidder, file, r, tender);
            read.offers.push(offer);
            read.notes.extend(notes);
            sources.push(file.clone());
        }
        read.failures.extend(d.failure);
        folders.push(d.report);
    }
    Selected {
        report: DownloadReport {
            source: source.to_path_buf(),
            choices: choices.map(|c| c.file.clone()),
            folders,
            skipped,
        },
        read,
        sources,
    }
}

/// The offer read from a taken BPU, as one read from an offer file.
fn offer(bidder: &str, file: &Path, r: FileRead, tender: &Tender) -> (Offer, Vec<ReadNote>) {
    let mut lots = r.lots;
    crate::bpu::in_tender_order(&mut lots, tender);
    let offer = Offer {
        bidder: bidder.to_owned(),
        bidder_name: r.bidder_name,
        files: vec![file.to_path_buf()],
        declared_lots: r.declared_lots,
        security_grade: r.security_grade,
        ids: r.ids,
        lots,
    };
    (offer, r.notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(name: &str, bytes: &[u8]) -> Member {
        Member {
            components: vec!["Acme".into(), name.into()],
            path: PathBuf::from(format!("dl.zip/Acme/{name}")),
            modified: None,
            content: Content::Document(bytes.to_vec()),
        }
    }

    fn candidate(name: &str, verdict: Verdict, columns: usize, cells: usize) -> Candidate {
        Candidate {
            file: PathBuf::from(format!("dl.zip/Acme/{name}")),
            filled: Filled { columns, cells },
            verdict,
        }
    }

    fn verdicts(c: &[Candidate]) -> Vec<Verdict> {
        c.iter().map(|c| c.verdict.clone()).collect()
    }

    #[test]
    fn the_workbook_filling_the_most_columns_is_taken_then_the_most_cells() {
        let members = [
            member("a.xlsx", b"a"),
            member("b.xlsx", b"b"),
            member("dqe.xlsx", b"c"),
            member("autre.xlsx", b"d"),
        ];
        let folder = Folder {
            name: "Acme".into(),
            shown: PathBuf::from("dl.zip/Acme"),
            members: members.iter().collect(),
        };
        // a: 3 columns, 10 cells; b: 2 columns but 12 cells; an unfilled DQE; a
        // workbook of another consultation, fuller than all.
        let mut c = vec![
            candidate("a.xlsx", Verdict::Taken, 3, 10),
            candidate("b.xlsx", Verdict::Taken, 2, 12),
            candidate("dqe.xlsx", Verdict::Unfilled, 0, 0),
            candidate(
                "autre.xlsx",
                Verdict::OtherTender { found: "X".into() },
                5,
                30,
            ),
        ];
        let chosen = rank(&folder, &mut c);
        let next = Filled {
            columns: 2,
            cells: 12,
        };
        assert!(matches!(chosen, Chosen::Taken(0, Why::MostComplete { next: n }) if n == next));
        assert_eq!(
            verdicts(&c),
            [
                Verdict::Taken,
                Verdict::LessComplete,
                Verdict::Unfilled,
                Verdict::OtherTender { found: "X".into() }
            ]
        );
    }

    #[test]
    fn equal_workbooks_that_differ_are_not_decided_between_and_copies_are_said() {
        let members = [
            member("a.xlsx", b"same"),
            member("b.xlsx", b"other"),
            member("copie.xlsx", b"same"),
        ];
        let folder = Folder {
            name: "Acme".into(),
            shown: PathBuf::from("dl.zip/Acme"),
            members: members.iter().collect(),
        };
        let mut c = vec![
            candidate("a.xlsx", Verdict::Taken, 1, 1),
            candidate("b.xlsx", Verdict::Taken, 1, 1),
            candidate("copie.xlsx", Verdict::Taken, 1, 1),
        ];
        assert!(matches!(rank(&folder, &mut c), Chosen::Undecided));
        let of = PathBuf::from("dl.zip/Acme/a.xlsx");
        assert_eq!(
            verdicts(&c),
            [Verdict::Tied, Verdict::Tied, Verdict::Copy { of }]
        );
        // Without b, a's copy does not make a tie: a is the only BPU.
        let mut c = vec![
            candidate("a.xlsx", Verdict::Taken, 1, 1),
            candidate("copie.xlsx", Verdict::Taken, 1, 1),
        ];
        assert!(matches!(rank(&folder, &mut c), Chosen::Taken(0, Why::Only)));
        // Only unfilled workbooks: the first is taken (check then says it is not filled).
        let mut c = vec![candidate("a.xlsx", Verdict::Unfilled, 0, 0)];
        assert!(matches!(rank(&folder, &mut c), Chosen::Taken(0, Why::Only)));
    }
}
