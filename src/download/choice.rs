//! The buyer's choices for a download, when its content cannot decide: which of a
//! bidder's submissions is its offer, which of a folder's workbooks is its BPU.
//!
//! A CSV file beside the download (`telechargement.zip` → `telechargement.choix.csv`),
//! with a header line `dossier,fichier` (or `folder,file`), `,` or `;` between columns:
//!
//! ```text
//! dossier,fichier
//! Pli 03 - KIOSQUE - 2026-11-21 09h12,
//! Pli 05 - MEDIAFLUX,Offre financière/BPU version finale.xlsx
//! ```
//!
//! A line names a submission folder: that submission is its bidder's offer. With a file
//! (its path inside the folder), that workbook is the folder's BPU. Names are compared
//! once accents and case are put in one form.

use std::path::{Path, PathBuf};

use super::names;

/// One line of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub line: u64,
    /// The submission folder, as written.
    pub folder: String,
    /// The workbook's path inside the folder, as written, when one is designated.
    pub file: Option<String>,
}

impl Choice {
    /// The folder's comparison key.
    pub fn folder_key(&self) -> String {
        key_of(&self.folder)
    }

    /// The file's comparison key (its components inside the folder).
    pub fn file_key(&self) -> Option<String> {
        self.file.as_deref().map(key_of)
    }
}

/// The key a written name is compared by (the same as the download's names).
pub fn key_of(written: &str) -> String {
    match names::components(written.trim()) {
        Ok(c) => names::key(&c),
        Err(_) => written.trim().to_lowercase(),
    }
}

/// The choices read from a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choices {
    pub file: PathBuf,
    pub choices: Vec<Choice>,
}

/// Why the file of choices cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ChoiceError {
    #[error("{}: cannot be read: {source}", file.display())]
    Unreadable {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: line {line}: {problem:?}", file.display())]
    Line {
        file: PathBuf,
        line: u64,
        problem: ChoiceProblem,
    },
}

/// What is wrong on a line of the file of choices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChoiceProblem {
    /// The first line is not `dossier,fichier` (or `folder,file`).
    Header { found: String },
    /// Not one or two columns, or not text.
    Columns,
    /// No submission folder of the download has this name.
    UnknownFolder { folder: String },
    /// The folder holds no workbook at this path.
    UnknownFile { folder: String, file: String },
    /// A second line for a folder, or for a bidder's submissions.
    Twice { folder: String },
}

impl Choices {
    /// Reads the file of choices beside a download, when there is one.
    pub fn load_beside(download: &Path) -> Result<Option<Choices>, ChoiceError> {
        let file = super::choices_path(download);
        if !file.is_file() {
            return Ok(None);
        }
        let bytes = std::fs::read(&file).map_err(|source| ChoiceError::Unreadable {
            file: file.clone(),
            source,
        })?;
        Choices::parse(&file, &bytes).map(Some)
    }

    /// Reads the choices from the file's bytes (UTF-8 or Windows-1252).
    pub fn parse(file: &Path, bytes: &[u8]) -> Result<Choices, ChoiceError> {
        let text = crate::bpu::csv::decode(bytes);
        let first = text.lines().next().unwrap_or("");
        let delimiter = if first.contains(';') { b';' } else { b',' };
        let error = |line: u64, problem| ChoiceError::Line {
            file: file.to_path_buf(),
            line,
            problem,
        };
        let mut choices = Vec::new();
        // Line by line (a name never spans two lines), so that each line keeps its number.
        for (i, text_line) in text.lines().enumerate() {
            let line = i as u64 + 1;
            let record = fields(text_line, delimiter).ok_or(error(line, ChoiceProblem::Columns))?;
            let cells: Vec<&str> = record.iter().map(|c| c.trim()).collect();
            if i == 0 {
                check_header(&cells).map_err(|p| error(line, p))?;
                continue;
            }
            match cells.as_slice() {
                [] | [""] | ["", ""] => continue,
                [folder] | [folder, ""] => choices.push(Choice {
                    line,
                    folder: (*folder).to_owned(),
                    file: None,
                }),
                [folder, file] if !folder.is_empty() => choices.push(Choice {
                    line,
                    folder: (*folder).to_owned(),
                    file: Some((*file).to_owned()),
                }),
                _ => return Err(error(line, ChoiceProblem::Columns)),
            }
        }
        Ok(Choices {
            file: file.to_path_buf(),
            choices,
        })
    }

    /// The line of an error found against the download.
    pub fn error(&self, line: u64, problem: ChoiceProblem) -> ChoiceError {
        ChoiceError::Line {
            file: self.file.clone(),
            line,
            problem,
        }
    }
}

/// The fields of one CSV line (quotes allowed); `None` when it cannot be read.
fn fields(line: &str, delimiter: u8) -> Option<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(line.as_bytes());
    match reader.records().next() {
        None => Some(Vec::new()),
        Some(Ok(r)) => Some(r.iter().map(str::to_owned).collect()),
        Some(Err(_)) => None,
    }
}

fn check_header(cells: &[&str]) -> Result<(), ChoiceProblem> {
    let lower: Vec<String> = cells
        .iter()
        .map(|c| c.trim_start_matches('\u{feff}').to_lowercase())
        .collect();
    let ok = matches!(
        lower
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice(),
        ["dossier", "fichier"] | ["folder", "file"]
    );
    if ok {
        Ok(())
    } else {
        Err(ChoiceProblem::Header {
            found: cells.join(","),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_of_choices_is_read_line_by_line() {
        let text = "dossier;fichier\nPli 03 - KIOSQUE;\n\nPli 05;Offre/BPU final.xlsx\n";
        let c = Choices::parse(Path::new("t.choix.csv"), text.as_bytes()).unwrap();
        assert_eq!(
            c.choices,
            [
                Choice {
                    line: 2,
                    folder: "Pli 03 - KIOSQUE".into(),
                    file: None
                },
                Choice {
                    line: 4,
                    folder: "Pli 05".into(),
                    file: Some("Offre/BPU final.xlsx".into())
                }
            ]
        );
        assert_eq!(c.choices[1].file_key().unwrap(), "offre/bpu final.xlsx");
    }

    #[test]
    fn a_wrong_header_or_line_is_an_error_with_its_line() {
        let e = Choices::parse(Path::new("c.csv"), b"bidder,file\nx,y\n").unwrap_err();
        assert!(matches!(
            e,
            ChoiceError::Line {
                line: 1,
                problem: ChoiceProblem::Header { .. },
                ..
            }
        ));
        let e = Choices::parse(Path::new("c.csv"), b"folder,file\nx,y,z\n").unwrap_err();
        assert!(matches!(
            e,
            ChoiceError::Line {
                line: 2,
                problem: ChoiceProblem::Columns,
                ..
            }
        ));
    }
}
