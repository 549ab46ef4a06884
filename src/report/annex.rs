//! Part 8, the annex for audit: the tool's version, every input file with its SHA-256,
//! the date of the analysis. The date is given (`--date`), never read from the clock, so
//! that the same inputs give the same report, byte for byte.

use std::path::PathBuf;

use sha2::{Digest, Sha256};

use crate::analysis::Analysis;
use crate::date::CalendarDate;
use crate::tender::Tender;

#[derive(Clone, Debug)]
pub struct Annex {
    /// This program's version, as `tender --version` gives it.
    pub version: &'static str,
    pub date: Option<CalendarDate>,
    /// The tender file first, then the evaluation files, the COUNTER reports usage
    /// estimates were read from, then the offer files in the order read.
    pub files: Vec<InputFile>,
}

impl Annex {
    pub fn new(files: Vec<InputFile>, date: Option<CalendarDate>) -> Annex {
        Annex {
            version: env!("CARGO_PKG_VERSION"),
            date,
            files,
        }
    }
}

/// What an input file is to the analysis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputRole {
    Tender,
    TechnicalScores,
    SecurityGrades,
    GdprAnswers,
    /// A COUNTER report a usage estimate was read from.
    UsageReport,
    Offer,
}

/// An input file and its digest, or why it could not be read again to compute it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputFile {
    pub role: InputRole,
    pub path: PathBuf,
    /// The SHA-256 of its bytes, 64 lowercase hexadecimal digits.
    pub sha256: Result<String, std::io::ErrorKind>,
}

/// The files whose digests the annex lists, in its order.
pub fn input_paths(tender: &Tender, analysis: &Analysis) -> Vec<(InputRole, PathBuf)> {
    let a = &tender.award;
    let mut paths = vec![(InputRole::Tender, tender.file.clone())];
    let evaluation = [
        (InputRole::TechnicalScores, &a.technical_scores),
        (InputRole::SecurityGrades, &a.security.grades),
        (InputRole::GdprAnswers, &a.gdpr.answers),
    ];
    for (role, path) in evaluation {
        if let Some(p) = path {
            paths.push((role, p.clone()));
        }
    }
    for u in tender.lots.iter().flat_map(|l| &l.counted) {
        if !paths.iter().any(|(_, p)| *p == u.report) {
            paths.push((InputRole::UsageReport, u.report.clone()));
        }
    }
    for f in &analysis.files.files {
        paths.push((InputRole::Offer, f.clone()));
    }
    paths
}

/// The SHA-256 of `bytes` in lowercase hexadecimal, as `sha256sum` prints it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for b in digest.iter() {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        hex.push(char::from(DIGITS[usize::from(b >> 4)]));
        hex.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    hex
}
