//! The index series of a schedule lot's revision clause, read from the file the tender
//! names (`[lot.revision] index`, resolved from the tender file's folder). The reading is
//! here, beside the other files the tender names; the parsing and every figure are in
//! `pricing::revision`, without I/O.

use std::path::PathBuf;

use crate::pricing::revision::{IndexSeries, SeriesProblem, parse_series};
use crate::tender::schedule::IndexRevision;

/// Why the index file cannot be used: the file, and what was found (a line number in
/// the problem).
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("{}: {source}", file.display())]
    Unreadable {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: {problem}", file.display())]
    Invalid {
        file: PathBuf,
        problem: SeriesProblem,
    },
}

/// Reads and parses the series. Bytes that are not UTF-8 (a series saved in Latin-1)
/// are replaced: months and values are plain digits, and a line they spoil is refused
/// with its number.
pub fn load(revision: &IndexRevision) -> Result<IndexSeries, IndexError> {
    let file = revision.index.clone();
    let bytes = std::fs::read(&file).map_err(|source| IndexError::Unreadable {
        file: file.clone(),
        source,
    })?;
    parse_series(&String::from_utf8_lossy(&bytes))
        .map_err(|problem| IndexError::Invalid { file, problem })
}
