//! Offers straight from the buying platform's download: a zip (or a folder) with one
//! folder per bidder's submission, holding the application forms, the technical
//! proposal, signature files and, somewhere, the price schedule (BPU).
//!
//! Everything is read in memory, never extracted: an entry's name is only text, checked
//! ([`names`]) and never used as a place on disk. The whole download is held to limits
//! ([`LIMITS`]) counted on what is actually inflated, nested zips included. Each
//! submission's BPU is then found by content ([`select`]): the workbook whose sheets carry
//! this tender's lots and scopes, the most complete one when there are several; the
//! bidder is named from its folder (and its `Candidat` sheet, as for any offer). Nothing
//! downstream knows a zip was involved: the chosen workbook's bytes go to the same reader
//! as an offer file's.

pub mod archive;
pub mod choice;
pub mod folder;
pub mod names;
pub mod select;

use std::path::{Path, PathBuf};

use crate::bpu::{DiscoverError, OfferFiles, OffersRead};
use crate::tender::Tender;
pub use choice::{ChoiceError, Choices};
pub use names::Stamp;
pub use select::{Candidate, DownloadReport, FolderReport, Outcome, Verdict};

/// The limits a whole download keeps within, nested zips included (documented in
/// docs/reading.md). Each workbook in it is then held to the reader's own limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Entries of all the archives (and files of all the folders) together.
    pub entries: usize,
    /// Bytes actually inflated (or read) from the whole download.
    pub total_bytes: u64,
    /// A zip inside a zip inside…: how deep.
    pub depth: u32,
    /// Size of a nested zip, inflated.
    pub nested_bytes: u64,
}

pub const LIMITS: Limits = Limits {
    entries: 10_000,
    total_bytes: 512 * 1024 * 1024,
    depth: 3,
    nested_bytes: 64 * 1024 * 1024,
};

/// Why an entry of the download was not looked at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SkipReason {
    /// `__MACOSX/`, `.DS_Store`, `Thumbs.db`, an office lock file.
    SystemFile,
    /// A symbolic link (never followed).
    Link,
    /// A name going up out of the download (`../x`).
    ParentFolder,
    /// An absolute name (`/x`, `C:\x`).
    AbsolutePath,
    /// A name with a control character.
    ControlCharacter,
    /// Another entry has the same name once accents and case are put in one form.
    Duplicate { first: String },
    /// Protected by a password.
    Encrypted,
    /// Compressed by a method the reader does not know.
    UnsupportedCompression,
    /// The entry (or the nested zip) cannot be read: damaged.
    Damaged,
    /// The entry inflates past what such a file may be.
    TooLarge { limit: u64 },
    /// A zip nested deeper than the limit.
    TooDeep { limit: u32 },
    /// Past the number of entries the download may hold.
    TooManyEntries { limit: usize },
    /// Past the bytes the whole download may inflate to.
    DownloadTooLarge { limit: u64 },
    /// A file at the top of the download, in no bidder's folder.
    OutsideFolders,
}

/// An entry not looked at, named as in the download.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: SkipReason,
    /// Its checked components, when its name could be checked (to tell the folder it
    /// was in); empty otherwise.
    pub components: Vec<String>,
}

/// What a file of the download is, as far as finding the BPU goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Content {
    /// A zip package or an OLE2 file (a workbook, or a Word document): its bytes, for
    /// the reader to tell.
    Document(Vec<u8>),
    /// A signature file (`.p7s`, `.p7m`, `.sig`, or an XML holding an XML signature).
    Signature,
    /// Anything else (PDF, XML forms, images): its first bytes only (to say what a
    /// file named as a workbook is instead).
    Other(Vec<u8>),
}

/// A file of the download, in memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// Its components inside the download (a nested zip's entries follow the zip's own
    /// name), each in NFC.
    pub components: Vec<String>,
    /// Shown in messages: the download's path joined with the components.
    pub path: PathBuf,
    pub modified: Option<Stamp>,
    pub content: Content,
}

/// Everything the download holds, read in memory.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Loaded {
    pub members: Vec<Member>,
    pub skipped: Vec<Skipped>,
}

/// A download that cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum DownloadError {
    #[error("{}: the file cannot be read: {source}", path.display())]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: not a readable zip archive", path.display())]
    NotZip { path: PathBuf },
    #[error(transparent)]
    Choice(#[from] ChoiceError),
}

/// The extensions of a signature file beside the document it signs (CAdES, PKCS#7).
const SIGNATURE_EXTENSIONS: [&str; 4] = ["p7s", "p7m", "sig", "pkcs7"];

/// The namespace of an XML signature (XAdES): an XML file holding it is a signature.
const XMLDSIG: &[u8] = b"http://www.w3.org/2000/09/xmldsig#";

/// How much of an XML file is looked at for a signature.
const XML_SNIFF: u64 = 64 * 1024;

/// Whether a file is a zip package or an OLE2 file, from its first bytes.
fn is_document_magic(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04")
        || head.starts_with(b"PK\x05\x06")
        || head.starts_with(&crate::bpu::xls::OLE_MAGIC)
}

fn extension(name: &str) -> String {
    name.rsplit_once('.')
        .map(|(_, e)| e.to_lowercase())
        .unwrap_or_default()
}

/// What a file is from its name and first bytes, before it is read any further: what
/// is neither a document nor possibly an XML signature is never inflated past its head.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sniffed {
    Document,
    MaybeXmlSignature,
    Signature,
    Other,
}

fn sniff(name: &str, head: &[u8]) -> Sniffed {
    let ext = extension(name);
    if is_document_magic(head) {
        Sniffed::Document
    } else if SIGNATURE_EXTENSIONS.contains(&ext.as_str()) {
        Sniffed::Signature
    } else if ext == "xml" {
        Sniffed::MaybeXmlSignature
    } else {
        Sniffed::Other
    }
}

fn xml_is_signature(bytes: &[u8]) -> bool {
    memchr::memmem::find(bytes, XMLDSIG).is_some()
}

/// Whether an input is a download rather than an offer file or a folder of them: a zip
/// archive that is not a workbook (by its content, whatever its name), or a folder
/// holding folders and no spreadsheet of its own.
pub fn is_download(path: &Path) -> bool {
    if path.is_dir() {
        return folder::is_download_folder(path);
    }
    archive::is_download_zip(path)
}

/// The file of choices beside a download: `telechargement.zip` or the folder
/// `telechargement` → `telechargement.choix.csv`.
pub fn choices_path(download: &Path) -> PathBuf {
    let stem = if download.is_dir() {
        download.file_name()
    } else {
        download.file_stem()
    };
    let name = format!("{}.choix.csv", stem.unwrap_or_default().to_string_lossy());
    download.with_file_name(name)
}

/// Reads every input the way it asks: offer files and folders of them as
/// [`crate::bpu::discover`] and [`crate::bpu::read_offers`] do, downloads through this
/// module. The downloads' reports come back in [`OfferFiles::downloads`].
pub fn read_inputs(
    inputs: &[PathBuf],
    tender: &Tender,
) -> Result<(OfferFiles, OffersRead), InputError> {
    let (downloads, plain): (Vec<&PathBuf>, Vec<&PathBuf>) =
        inputs.iter().partition(|p| is_download(p));
    let plain: Vec<PathBuf> = plain.into_iter().cloned().collect();
    let mut files = if plain.is_empty() {
        OfferFiles::default()
    } else {
        crate::bpu::discover(&plain)?
    };
    let mut read = crate::bpu::read_offers(&files.files, tender);
    for path in downloads {
        let loaded = load(path)?;
        let choices = Choices::load_beside(path)?;
        let outcome = select::select(path, &loaded, choices.as_ref(), tender)?;
        // The input file named in a report's annex: the zip itself, or each BPU taken
        // from a folder.
        if path.is_file() {
            if !outcome.sources.is_empty() {
                files.files.push(path.clone());
            }
        } else {
            files.files.extend(outcome.sources);
        }
        read.offers.extend(outcome.read.offers);
        read.failures.extend(outcome.read.failures);
        read.notes.extend(outcome.read.notes);
        files.downloads.push(outcome.report);
    }
    read.offers.sort_by(|a, b| a.bidder.cmp(&b.bidder));
    Ok((files, read))
}

/// Reads a download (zip or folder) in memory.
pub fn load(path: &Path) -> Result<Loaded, DownloadError> {
    let mut loaded = if path.is_dir() {
        folder::load(path)?
    } else {
        archive::load(path)?
    };
    strip_wrapper(&mut loaded);
    Ok(loaded)
}

/// A download whose whole content sits in one folder holding only folders (the
/// platform's `Offres_2025-RN-01/`): that folder is looked through, its folders are the
/// submissions.
fn strip_wrapper(loaded: &mut Loaded) {
    loop {
        let Some(first) = loaded.members.first().map(|m| m.components[0].clone()) else {
            return;
        };
        let wraps = loaded
            .members
            .iter()
            .all(|m| m.components.len() >= 3 && m.components[0] == first);
        if !wraps {
            return;
        }
        for m in &mut loaded.members {
            m.components.remove(0);
        }
        for s in &mut loaded.skipped {
            if s.components.len() >= 2 && s.components[0] == first {
                s.components.remove(0);
            }
        }
    }
}

/// Why the offers could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error(transparent)]
    Discover(#[from] DiscoverError),
    #[error(transparent)]
    Download(#[from] DownloadError),
}

impl From<ChoiceError> for InputError {
    fn from(e: ChoiceError) -> Self {
        InputError::Download(DownloadError::Choice(e))
    }
}
