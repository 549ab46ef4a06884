//! What a bidder's file is, checked before anything proportional to its content is
//! done.
//!
//! A zip bomb would make a reader inflate gigabytes; a sheet declared over the whole
//! grid would make a dense reader allocate hundreds of gigabytes (an allocation failure
//! aborts the process: nothing can catch it). So the container is inspected first,
//! against the limits below, and a file over them is refused with a sentence, never
//! read. A price schedule is a few tens of kilobytes: the limits are hundreds of times
//! above any real one. What is then read is checked again while it is read (the
//! declared sizes of an archive can lie; a sheet's cells are counted one by one).
//!
//! The kind of file is told from its structure, never from its name alone: the zip
//! archive's parts, the OLE2 container's streams (an encrypted xlsx is an OLE2 file
//! holding an `EncryptedPackage` stream), the OpenDocument manifest's encryption
//! elements.

use std::borrow::Cow;
use std::io::{Cursor, Read};

use quick_xml::events::Event;

use super::error::{Damage, DamageKind, NotSpreadsheet, ReadError};
use super::xls;
use super::xml::Part;
use crate::isolation;

/// The limits a bidder's file must keep within (documented in the README).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Size of the file itself.
    pub file_bytes: u64,
    /// Entries of a zip container (xlsx, ods).
    pub zip_entries: usize,
    /// Inflated size of one entry, as declared (and never more than declared is
    /// inflated).
    pub entry_bytes: u64,
    /// Inflated size of all entries together.
    pub total_bytes: u64,
    /// Inflated ÷ compressed size of an entry above 1 MiB: past it, a zip bomb.
    pub ratio: u64,
    /// Rows and columns a sheet's cells may reach, and cells a sheet may hold.
    pub rows: u32,
    pub columns: u32,
    pub cells: usize,
    /// Cells the spreadsheet library may lay out for all the sheets of an xls workbook
    /// together (it stores each sheet as a dense rectangle, empty cells included).
    pub xls_area: u64,
}

pub const LIMITS: Limits = Limits {
    file_bytes: 20 * 1024 * 1024,
    zip_entries: 1_000,
    entry_bytes: 32 * 1024 * 1024,
    total_bytes: 64 * 1024 * 1024,
    ratio: 200,
    rows: 10_000,
    columns: 200,
    cells: 200_000,
    xls_area: 2_000_000,
};

/// Which limit a file went over, with the figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OverLimit {
    FileBytes {
        bytes: u64,
        limit: u64,
    },
    ZipEntries {
        entries: usize,
        limit: usize,
    },
    EntryBytes {
        entry: String,
        bytes: u64,
        limit: u64,
    },
    TotalBytes {
        bytes: u64,
        limit: u64,
    },
    Ratio {
        entry: String,
        ratio: u64,
        limit: u64,
    },
    /// A sheet with a cell beyond the rows or columns allowed (`cell` in A1 notation).
    Extent {
        sheet: String,
        cell: String,
    },
    Cells {
        sheet: String,
        limit: usize,
    },
    /// The sheets of an xls workbook span more cells, empty ones included, than the
    /// library may lay out.
    XlsArea {
        cells: u64,
        limit: u64,
    },
}

/// The kinds of workbook the reader knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Container {
    Xlsx,
    Ods,
    Xls,
    Csv,
}

/// Tells what a file is, from its bytes (never from its name alone, but that a text file
/// is read as CSV only when named `.csv`), and checks it against the limits.
pub fn inspect(bytes: &[u8], is_csv_name: bool) -> Result<Container, ReadError> {
    if bytes.len() as u64 > LIMITS.file_bytes {
        return Err(ReadError::TooLarge(OverLimit::FileBytes {
            bytes: bytes.len() as u64,
            limit: LIMITS.file_bytes,
        }));
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return inspect_zip(bytes);
    }
    if bytes.starts_with(&xls::OLE_MAGIC) {
        xls::inspect(bytes)?;
        return Ok(Container::Xls);
    }
    let looks_like = if bytes.starts_with(b"%PDF") {
        Some(NotSpreadsheet::Pdf)
    } else if bytes.starts_with(b"{\\rtf") {
        Some(NotSpreadsheet::Rtf)
    } else if bytes.starts_with(b"\x89PNG") || bytes.starts_with(b"\xFF\xD8\xFF") {
        Some(NotSpreadsheet::Image)
    } else if bytes.is_empty() {
        Some(NotSpreadsheet::Empty)
    } else {
        None
    };
    match looks_like {
        Some(what) => Err(ReadError::NotASpreadsheet(what)),
        None if is_csv_name => Ok(Container::Csv),
        None => Err(ReadError::NotASpreadsheet(NotSpreadsheet::Unknown)),
    }
}

/// A zip archive over a file's bytes.
pub type Archive<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// A zip reader's error, as a damage of the file (from its variant and kind, never its
/// wording).
pub fn zip_damage(e: &zip::result::ZipError, part: Option<&str>) -> ReadError {
    use zip::result::ZipError;
    let problem = match e {
        ZipError::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => DamageKind::Truncated,
        ZipError::Io(_) => DamageKind::Corrupt,
        ZipError::CompressionMethodNotSupported(_) => DamageKind::UnsupportedCompression,
        ZipError::FileNotFound => DamageKind::MissingPart,
        ZipError::InvalidPassword => return ReadError::Encrypted,
        _ => DamageKind::Archive,
    };
    ReadError::Damaged(Damage {
        part: part.map(str::to_owned),
        at: None,
        problem,
    })
}

/// Opens a zip archive; the reader's panic is a damaged file.
pub fn open_archive(bytes: &[u8]) -> Result<Archive<'_>, ReadError> {
    match isolation::library(|| zip::ZipArchive::new(Cursor::new(bytes))) {
        Ok(Ok(archive)) => Ok(archive),
        Ok(Err(e)) => Err(zip_damage(&e, None)),
        Err(_) => Err(Damage::new(DamageKind::LibraryFailed).into()),
    }
}

/// Inflates one part of an archive, never more than it declares (itself within the
/// limits [`inspect`] checked): a part that inflates to more than it declared is
/// damaged. `None` when the archive has no such part.
pub fn inflate(archive: &mut Archive<'_>, name: &str) -> Result<Option<Vec<u8>>, ReadError> {
    let Some(index) = archive.index_for_name(name) else {
        return Ok(None);
    };
    let outcome = isolation::library(|| -> Result<Result<Vec<u8>, u64>, _> {
        let mut entry = archive.by_index(index)?;
        let declared = entry.size().min(LIMITS.entry_bytes);
        let mut data = Vec::with_capacity(usize::try_from(declared).unwrap_or(0));
        entry
            .by_ref()
            .take(declared.saturating_add(1))
            .read_to_end(&mut data)
            .map_err(zip::result::ZipError::Io)?;
        Ok(if data.len() as u64 > declared {
            Err(declared)
        } else {
            Ok(data)
        })
    });
    match outcome {
        Ok(Ok(Ok(data))) => Ok(Some(data)),
        Ok(Ok(Err(_))) => Err(Damage::in_part(name, DamageKind::Corrupt).into()),
        Ok(Err(e)) => Err(zip_damage(&e, Some(name))),
        Err(_) => Err(Damage::in_part(name, DamageKind::LibraryFailed).into()),
    }
}

/// The names of an archive's parts, checked against the limits from what the archive
/// declares (nothing is inflated).
fn checked_names(archive: &mut Archive<'_>) -> Result<Vec<String>, ReadError> {
    if archive.len() > LIMITS.zip_entries {
        return Err(ReadError::TooLarge(OverLimit::ZipEntries {
            entries: archive.len(),
            limit: LIMITS.zip_entries,
        }));
    }
    let mut total: u64 = 0;
    let mut names = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let entry = isolation::library(|| -> Result<_, zip::result::ZipError> {
            let entry = archive.by_index_raw(i)?;
            let name = entry.name()?.into_owned();
            Ok((
                name,
                entry.encrypted(),
                entry.size(),
                entry.compressed_size(),
            ))
        });
        let (name, encrypted, size, compressed) = match entry {
            Ok(Ok(e)) => e,
            Ok(Err(e)) => return Err(zip_damage(&e, None)),
            Err(_) => return Err(Damage::new(DamageKind::LibraryFailed).into()),
        };
        if encrypted {
            return Err(ReadError::Encrypted);
        }
        if size > LIMITS.entry_bytes {
            return Err(ReadError::TooLarge(OverLimit::EntryBytes {
                entry: name,
                bytes: size,
                limit: LIMITS.entry_bytes,
            }));
        }
        let ratio = size / compressed.max(1);
        if size > 1024 * 1024 && ratio > LIMITS.ratio {
            return Err(ReadError::TooLarge(OverLimit::Ratio {
                entry: name,
                ratio,
                limit: LIMITS.ratio,
            }));
        }
        total = total.saturating_add(size);
        if total > LIMITS.total_bytes {
            return Err(ReadError::TooLarge(OverLimit::TotalBytes {
                bytes: total,
                limit: LIMITS.total_bytes,
            }));
        }
        names.push(name);
    }
    Ok(names)
}

fn inspect_zip(bytes: &[u8]) -> Result<Container, ReadError> {
    let mut archive = open_archive(bytes)?;
    let names = checked_names(&mut archive)?;
    let has = |part: &str| names.iter().any(|n| n == part);
    if has("xl/workbook.xml") {
        return Ok(Container::Xlsx);
    }
    if has("content.xml") {
        if let Some(manifest) = inflate(&mut archive, "META-INF/manifest.xml")?
            && manifest_declares_encryption(&manifest)?
        {
            return Err(ReadError::Encrypted);
        }
        return Ok(Container::Ods);
    }
    if has("word/document.xml") {
        return Err(ReadError::NotASpreadsheet(NotSpreadsheet::WordDocument));
    }
    Err(ReadError::NotASpreadsheet(
        NotSpreadsheet::ZipWithoutWorkbook,
    ))
}

/// Whether an OpenDocument manifest gives encryption data for any of the package's
/// files (`<manifest:encryption-data>` in a `<manifest:file-entry>`): the content is
/// then ciphered.
fn manifest_declares_encryption(xml: &[u8]) -> Result<bool, ReadError> {
    let mut part = Part::new("META-INF/manifest.xml", xml);
    loop {
        match part.next()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "encryption-data" => {
                return Ok(true);
            }
            Event::Eof => return Ok(false),
            _ => {}
        }
    }
}

/// Resolves a relationship's target against the folder of the part that names it
/// (`worksheets/sheet1.xml` from `xl/` is `xl/worksheets/sheet1.xml`; `/xl/…` is
/// absolute; `..` goes up).
pub fn resolve_target(folder: &str, target: &str) -> String {
    let mut segments: Vec<&str> = match target.strip_prefix('/') {
        Some(_) => Vec::new(),
        None => folder.split('/').filter(|s| !s.is_empty()).collect(),
    };
    for segment in target.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    segments.join("/")
}

/// Text of an attribute value, or empty.
pub fn or_empty(value: Option<Cow<'_, str>>) -> Cow<'_, str> {
    value.unwrap_or(Cow::Borrowed(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in entries {
            w.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut w, data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn files_are_told_by_their_bytes() {
        assert_eq!(
            inspect(b"%PDF-1.7", false),
            Err(ReadError::NotASpreadsheet(NotSpreadsheet::Pdf))
        );
        assert_eq!(
            inspect(b"", false),
            Err(ReadError::NotASpreadsheet(NotSpreadsheet::Empty))
        );
        assert_eq!(inspect(b"Code;D", true), Ok(Container::Csv));
        assert_eq!(
            inspect(b"Code;D", false),
            Err(ReadError::NotASpreadsheet(NotSpreadsheet::Unknown))
        );
        assert_eq!(
            inspect(b"PK\x03\x04garbage", false),
            Err(ReadError::Damaged(Damage::new(DamageKind::Archive)))
        );
        // An OLE2 header with nothing behind it: a damaged container, told from its
        // structure (the compound-file reader's error), not from any text in it.
        let mut ole = xls::OLE_MAGIC.to_vec();
        ole.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(
            inspect(&ole, false),
            Err(ReadError::Damaged(Damage::new(DamageKind::Container)))
        );
    }

    #[test]
    fn an_ods_is_encrypted_when_its_manifest_gives_encryption_data() {
        let manifest = br#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"><manifest:encryption-data manifest:checksum-type='SHA1'/></manifest:file-entry></manifest:manifest>"#;
        let ods = zip_of(&[("content.xml", b"x"), ("META-INF/manifest.xml", manifest)]);
        assert_eq!(inspect(&ods, false), Err(ReadError::Encrypted));
        // The words alone, in a comment, are no encryption.
        let plain = br#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><!-- encryption-data --><manifest:file-entry manifest:full-path="/"/></manifest:manifest>"#;
        let ods = zip_of(&[("content.xml", b"x"), ("META-INF/manifest.xml", plain)]);
        assert_eq!(inspect(&ods, false), Ok(Container::Ods));
    }

    #[test]
    fn targets_are_resolved_against_their_folder() {
        assert_eq!(
            resolve_target("xl", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve_target("xl", "/xl/worksheets/s.xml"),
            "xl/worksheets/s.xml"
        );
        assert_eq!(
            resolve_target("xl", "../xl/./sharedStrings.xml"),
            "xl/sharedStrings.xml"
        );
    }

    #[test]
    fn a_part_inflating_past_its_declared_size_is_damaged() {
        let bytes = zip_of(&[("a.xml", &[b'x'; 5000])]);
        let mut archive = open_archive(&bytes).map_err(|_| ()).unwrap();
        assert_eq!(
            inflate(&mut archive, "a.xml").unwrap().map(|d| d.len()),
            Some(5000)
        );
        assert_eq!(inflate(&mut archive, "b.xml").unwrap(), None);
    }
}
