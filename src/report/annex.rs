//! Part 8, the annex for audit: the tool's version, every input file with its SHA-256,
//! the date of the analysis. The date is given (`--date`), never read from the clock, so
//! that the same inputs give the same report, byte for byte.

use std::path::PathBuf;

use sha2::{Digest, Sha256};

use crate::analysis::Analysis;
use crate::tender::Tender;

#[derive(Clone, Debug)]
pub struct Annex {
    /// This program's version, as `tender --version` gives it.
    pub version: &'static str,
    pub date: Option<ReportDate>,
    /// The tender file first, then the evaluation files, then the offer files in the
    /// order read.
    pub files: Vec<InputFile>,
}

impl Annex {
    pub fn new(files: Vec<InputFile>, date: Option<ReportDate>) -> Annex {
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

/// A calendar date, `YYYY-MM-DD` as given with `--date`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ReportDate {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

/// `--date` is not a date of the form `YYYY-MM-DD`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a date of the form YYYY-MM-DD: {given}")]
pub struct DateError {
    pub given: String,
}

impl ReportDate {
    /// Parses `YYYY-MM-DD`, a real day of the Gregorian calendar from 1900 to 9999
    /// (the years a workbook can hold).
    pub fn parse(given: &str) -> Result<ReportDate, DateError> {
        let error = || DateError {
            given: given.to_owned(),
        };
        let parts: Vec<&str> = given.split('-').collect();
        let [y, m, d] = parts.as_slice() else {
            return Err(error());
        };
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
            return Err(error());
        }
        let year: u16 = y.parse().map_err(|_| error())?;
        let month: u8 = m.parse().map_err(|_| error())?;
        let day: u8 = d.parse().map_err(|_| error())?;
        if year < 1900 || !(1..=12).contains(&month) || day == 0 || day > days_in(year, month) {
            return Err(error());
        }
        Ok(ReportDate { year, month, day })
    }

    /// `2026-12-02`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in(year: u16, month: u8) -> u8 {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}
