//! The bidder's workbook (BPU): its layout, the template the buyer sends, and the reading
//! of what comes back.

pub mod csv;
pub mod declared_lots;
pub mod error;
pub mod fill;
pub mod grid;
pub mod layout;
pub mod number;
pub mod ods;
pub mod package;
pub mod read;
pub mod schedule_layout;
pub mod template;
pub mod xls;
pub mod xlsx;
mod xml;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::offer::Offer;
use crate::tender::Tender;
pub use read::{ReadError, ReadNote};

/// Extensions of files looked for in an offers folder.
pub const OFFER_EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "ods", "xls", "csv"];

/// The offer files to read, found in folders or named one by one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OfferFiles {
    pub files: Vec<PathBuf>,
    /// Files of a folder that are not spreadsheets (a PDF beside the workbooks): not read,
    /// but said.
    pub ignored: Vec<PathBuf>,
    /// What each platform download given gave, folder by folder.
    pub downloads: Vec<crate::download::DownloadReport>,
}

#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    #[error("{}: no such file or folder", path.display())]
    NotFound { path: PathBuf },
    #[error("{}: the folder cannot be listed: {source}", path.display())]
    Unlistable {
        path: PathBuf,
        source: std::io::Error,
    },
}

fn is_offer_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| OFFER_EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// Lock and temporary files that office programs leave beside the workbooks.
fn is_noise(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.starts_with('.') || name.starts_with("~$") || name.ends_with('#') || name.ends_with('~')
}

/// Lists the files to read: the spreadsheets of each folder (not recursively), and each
/// file named. Sorted, so that every run reads them in the same order.
pub fn discover(inputs: &[PathBuf]) -> Result<OfferFiles, DiscoverError> {
    let mut found = OfferFiles::default();
    for input in inputs {
        if input.is_dir() {
            let entries = std::fs::read_dir(input).map_err(|source| DiscoverError::Unlistable {
                path: input.clone(),
                source,
            })?;
            for entry in entries {
                let entry = entry.map_err(|source| DiscoverError::Unlistable {
                    path: input.clone(),
                    source,
                })?;
                let path = entry.path();
                if !path.is_file() || is_noise(&path) {
                    continue;
                }
                if is_offer_extension(&path) {
                    found.files.push(path);
                } else {
                    found.ignored.push(path);
                }
            }
        } else if input.is_file() {
            found.files.push(input.clone());
        } else {
            return Err(DiscoverError::NotFound {
                path: input.clone(),
            });
        }
    }
    found.files.sort();
    found.files.dedup();
    found.ignored.sort();
    Ok(found)
}

/// The part of a file's name that names its bidder: the stem, or for a CSV export the
/// part of the stem before the first `.` (`acme.lot-3.csv` is bidder `acme`). Files
/// whose names give the same part belong to one bidder.
pub fn bidder_name_part(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    if is_csv(path) {
        stem.split('.').next().unwrap_or(&stem).to_owned()
    } else {
        stem.into_owned()
    }
}

/// A bidder's id from its file name: the slug of [`bidder_name_part`]
/// (`Offre Société Générale (v2).xlsx` is bidder `offre-societe-generale-v2`).
pub fn bidder_id(path: &Path) -> String {
    crate::source::slug(&bidder_name_part(path))
}

/// A bidder whose files could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileFailure {
    /// The file could not be read at all.
    Unreadable {
        bidder: String,
        file: PathBuf,
        error: ReadError,
    },
    /// Several workbooks (or a workbook and CSV exports) for one bidder: which one is the
    /// offer cannot be told, so none is used.
    SeveralFiles { bidder: String, files: Vec<PathBuf> },
    /// Files named differently (`Acme.xlsx`, `ACME.ods`) whose names give the same id:
    /// whether they are one bidder or two cannot be told, so none is used until one is
    /// renamed.
    SameId { bidder: String, files: Vec<PathBuf> },
}

impl FileFailure {
    /// Whether the file could not be read because of a fault of this program.
    pub fn is_internal_error(&self) -> bool {
        matches!(
            self,
            FileFailure::Unreadable {
                error: ReadError::Internal(_),
                ..
            }
        )
    }

    /// The files concerned.
    pub fn files(&self) -> Vec<PathBuf> {
        match self {
            FileFailure::Unreadable { file, .. } => vec![file.clone()],
            FileFailure::SeveralFiles { files, .. } | FileFailure::SameId { files, .. } => {
                files.clone()
            }
        }
    }

    /// A stable name for scripts, as `check` gives it.
    pub fn code(&self) -> &'static str {
        match self {
            FileFailure::Unreadable { error, .. } => error.code(),
            FileFailure::SeveralFiles { .. } => "several_files",
            FileFailure::SameId { .. } => "same_id",
        }
    }

    pub fn bidder(&self) -> &str {
        match self {
            FileFailure::Unreadable { bidder, .. }
            | FileFailure::SeveralFiles { bidder, .. }
            | FileFailure::SameId { bidder, .. } => bidder,
        }
    }
}

/// Everything read from the offer files.
#[derive(Clone, Debug, Default)]
pub struct OffersRead {
    /// By bidder id.
    pub offers: Vec<Offer>,
    pub failures: Vec<FileFailure>,
    pub notes: Vec<ReadNote>,
}

impl OffersRead {
    /// Whether a file could not be read because of a fault of this program.
    pub fn has_internal_error(&self) -> bool {
        self.failures.iter().any(FileFailure::is_internal_error)
    }
}

/// Reads every offer file, in parallel; one bad file never stops the others.
/// Puts a bidder's lots in the tender's lot order (a lot the tender does not have, last),
/// whatever order its sheets or files came in.
pub fn in_tender_order(lots: &mut [crate::offer::LotQuote], tender: &Tender) {
    let order = |lot: &str| {
        tender
            .lots
            .iter()
            .position(|l| l.id == lot)
            .unwrap_or(usize::MAX)
    };
    lots.sort_by_key(|l| order(&l.lot));
}

pub fn read_offers(files: &[PathBuf], tender: &Tender) -> OffersRead {
    let mut by_bidder: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for f in files {
        by_bidder.entry(bidder_id(f)).or_default().push(f.clone());
    }
    let results: Vec<(Option<Offer>, Vec<FileFailure>, Vec<ReadNote>)> = by_bidder
        .into_par_iter()
        .map(|(bidder, files)| {
            if names_differ(&files) {
                let failure = FileFailure::SameId { bidder, files };
                return (None, vec![failure], Vec::new());
            }
            read_bidder(bidder, files, tender)
        })
        .collect();
    let mut out = OffersRead::default();
    for (offer, failures, notes) in results {
        out.offers.extend(offer);
        out.failures.extend(failures);
        out.notes.extend(notes);
    }
    out
}

/// Whether files grouped under one id were named differently: two bidders, or one
/// bidder's files renamed by hand, cannot be told apart, and are never merged silently.
fn names_differ(files: &[PathBuf]) -> bool {
    let mut names = files.iter().map(|f| bidder_name_part(f));
    let first = names.next();
    names.any(|n| Some(n) != first)
}

fn is_csv(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

fn read_bidder(
    bidder: String,
    files: Vec<PathBuf>,
    tender: &Tender,
) -> (Option<Offer>, Vec<FileFailure>, Vec<ReadNote>) {
    let all_csv = files.iter().all(|f| is_csv(f));
    if files.len() > 1 && !all_csv {
        return (
            None,
            vec![FileFailure::SeveralFiles { bidder, files }],
            Vec::new(),
        );
    }
    let mut offer = Offer {
        bidder: bidder.clone(),
        bidder_name: None,
        files: files.clone(),
        declared_lots: None,
        security_grade: None,
        ids: Default::default(),
        lots: Vec::new(),
    };
    let mut notes = Vec::new();
    for file in &files {
        let read = std::fs::read(file)
            .map_err(|e| ReadError::Unopenable(error::OpenProblem::from_io(&e)))
            .and_then(|bytes| read::read_file(file, &bytes, tender));
        let read = match read {
            Ok(r) => r,
            Err(error) => {
                return (
                    None,
                    vec![FileFailure::Unreadable {
                        bidder,
                        file: file.clone(),
                        error,
                    }],
                    notes,
                );
            }
        };
        notes.extend(read.notes);
        if offer.bidder_name.is_none() {
            offer.bidder_name = read.bidder_name;
        }
        if offer.declared_lots.is_none() {
            offer.declared_lots = read.declared_lots;
        }
        if offer.security_grade.is_none() {
            offer.security_grade = read.security_grade;
        }
        if offer.ids == Default::default() {
            offer.ids = read.ids;
        }
        for quote in read.lots {
            if let Some(first) = offer.lots.iter().find(|l| l.lot == quote.lot) {
                notes.push(ReadNote::DuplicateLotSheet {
                    location: quote.location.clone(),
                    lot: quote.lot.clone(),
                    first: first.location.clone(),
                });
                continue;
            }
            offer.lots.push(quote);
        }
    }
    in_tender_order(&mut offer.lots, tender);
    (Some(offer), Vec::new(), notes)
}
