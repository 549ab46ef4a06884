//! Why a bidder's file could not be read, as data.
//!
//! Each variant says what was found and where (the archive's part, the byte, the sheet
//! and cell), in types of this project: a dependency's error is turned into one of them
//! where the dependency is called, from its variant or kind, never from its English
//! wording. So the sentences (French and English, in `output::text`) come from these
//! types alone, and an upgrade of a library cannot change what a buyer reads.
//!
//! Two kinds of failure are kept apart: the bidder's file (damaged, encrypted, over the
//! limits: the bidder may be asked for another copy) and this program's own fault
//! ([`InternalError`]: a bug, to be reported; the file is not in question).

use super::package::OverLimit;

/// Why a file could not be read at all.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("the file cannot be opened: {0:?}")]
    Unopenable(OpenProblem),
    #[error("not a spreadsheet: {0:?}")]
    NotASpreadsheet(NotSpreadsheet),
    #[error("the workbook is protected by a password")]
    Encrypted,
    #[error("the workbook is damaged: {0:?}")]
    Damaged(Damage),
    #[error("the file is over the reading limits: {0:?}")]
    TooLarge(OverLimit),
    #[error("internal error of tender at {}", .0.place)]
    Internal(InternalError),
}

/// Why the operating system would not give the file's bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenProblem {
    NotFound,
    PermissionDenied,
    /// Any other input/output failure (a disk or network share error).
    Io,
}

impl OpenProblem {
    pub fn from_io(e: &std::io::Error) -> Self {
        match e.kind() {
            std::io::ErrorKind::NotFound => OpenProblem::NotFound,
            std::io::ErrorKind::PermissionDenied => OpenProblem::PermissionDenied,
            _ => OpenProblem::Io,
        }
    }
}

/// What a file that is not a workbook turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotSpreadsheet {
    Empty,
    Pdf,
    Rtf,
    Image,
    WordDocument,
    /// A zip archive without a workbook's parts.
    ZipWithoutWorkbook,
    /// An OLE2 compound file (the container of .xls and encrypted .xlsx) without a
    /// workbook stream.
    OleWithoutWorkbook,
    /// Bytes of no known kind in a file not named `.csv`.
    Unknown,
}

/// Where a damaged file is damaged, and how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Damage {
    /// The archive's part (`xl/worksheets/sheet2.xml`, `content.xml`) or the container's
    /// stream (`Workbook`), when known.
    pub part: Option<String>,
    /// The byte offset within the part (or the line, for a CSV file), when known.
    pub at: Option<u64>,
    pub problem: DamageKind,
}

impl Damage {
    pub fn new(problem: DamageKind) -> Self {
        Damage {
            part: None,
            at: None,
            problem,
        }
    }

    pub fn in_part(part: &str, problem: DamageKind) -> Self {
        Damage {
            part: Some(part.to_owned()),
            at: None,
            problem,
        }
    }

    pub fn at(mut self, at: u64) -> Self {
        self.at = Some(at);
        self
    }
}

impl From<Damage> for ReadError {
    fn from(d: Damage) -> Self {
        ReadError::Damaged(d)
    }
}

/// How a file is damaged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DamageKind {
    /// The zip archive's directory cannot be read.
    Archive,
    /// The file or one of its parts ends too early.
    Truncated,
    /// A part's content does not match its checksum, or cannot be inflated.
    Corrupt,
    /// A part is compressed by a method the reader does not know.
    UnsupportedCompression,
    /// A part the workbook refers to is missing.
    MissingPart,
    /// A part is not well-formed XML.
    Xml(XmlProblem),
    /// A value the format defines is not what it must be (`found`, as written).
    BadValue { field: Field, found: String },
    /// The OLE2 container (of an .xls file) is damaged.
    Container,
    /// The records of an .xls workbook cannot be read.
    XlsRecords,
    /// The spreadsheet library failed (it panicked) on this file.
    LibraryFailed,
}

/// How a part is not well-formed XML.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum XmlProblem {
    /// A tag, comment or section left open, or markup that is not XML.
    Syntax,
    /// Tags that do not match (`<a></b>`), or a missing end tag.
    Mismatched,
    /// Text that is not UTF-8.
    Encoding,
    /// An entity or character reference that is unknown or invalid (`&foo;`, `&#0;`).
    Reference,
    /// An attribute written wrongly (no value, no quotes, given twice).
    Attribute,
}

/// A value defined by the file format, found wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// A cell reference (`r="B7"`).
    CellReference,
    /// A row number (`r="7"`).
    RowNumber,
    /// The index of a shared string.
    SharedString,
    /// A number stored as the cell's value.
    Number,
    /// A cell's type (`t="…"`).
    CellType,
    /// A count of repeated rows, columns or spaces (OpenDocument).
    RepeatCount,
}

/// A fault of this program, not of the file: a broken invariant or a panic in its own
/// code, caught for this file alone so that the other files are still analysed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InternalError {
    /// The source file and line (`src/bpu/read.rs:120`).
    pub place: String,
    pub kind: InternalKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InternalKind {
    /// The program's own code panicked, with this (English, developer's) message.
    Panic { message: String },
    /// An invariant the program relies on did not hold.
    Invariant { what: &'static str },
}

impl InternalError {
    /// A broken invariant, at the caller's place.
    #[track_caller]
    pub fn invariant(what: &'static str) -> Self {
        let at = std::panic::Location::caller();
        InternalError {
            place: format!("{}:{}", at.file(), at.line()),
            kind: InternalKind::Invariant { what },
        }
    }
}

impl From<InternalError> for ReadError {
    fn from(e: InternalError) -> Self {
        ReadError::Internal(e)
    }
}

impl ReadError {
    /// A stable name for scripts (the `code` of `check`'s findings).
    pub fn code(&self) -> &'static str {
        match self {
            ReadError::Unopenable(_) => "unreadable",
            ReadError::NotASpreadsheet(_) => "not_a_spreadsheet",
            ReadError::Encrypted => "encrypted",
            ReadError::Damaged(_) => "damaged",
            ReadError::TooLarge(_) => "too_large",
            ReadError::Internal(_) => "internal_error",
        }
    }
}
