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
use super::xml::{Local, Part};
use crate::isolation;

/// The limits a bidder's file must keep within (documented in docs/reading.md).
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
    /// Merged areas of a sheet (each cell looked up is checked against them).
    pub merged_areas: usize,
    /// Cells the spreadsheet library may lay out for all the sheets of an xls workbook
    /// together (it stores each sheet as a dense rectangle, empty cells included).
    pub xls_area: u64,
    /// Records the library may walk through for the sheets of an xls workbook (it reads
    /// each sheet from its own offset: forged offsets would make it walk the stream
    /// again and again).
    pub xls_records: u64,
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
    merged_areas: 1_000,
    xls_area: 2_000_000,
    xls_records: 4_000_000,
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
    /// The sheets of an xls workbook take more records to read than the library may
    /// walk through.
    XlsRecords {
        limit: u64,
    },
    /// A sheet with more merged areas than are read.
    MergedAreas {
        sheet: String,
        limit: usize,
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
    inspect_file(bytes, is_csv_name).map(|(container, _)| container)
}

/// [`inspect`], with the zip archive's directory already read, for the reader to go on
/// with (xlsx, ods).
pub fn inspect_file(
    bytes: &[u8],
    is_csv_name: bool,
) -> Result<(Container, Option<Archive<'_>>), ReadError> {
    if bytes.len() as u64 > LIMITS.file_bytes {
        return Err(ReadError::TooLarge(OverLimit::FileBytes {
            bytes: bytes.len() as u64,
            limit: LIMITS.file_bytes,
        }));
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        let mut archive = open_archive(bytes)?;
        let container = inspect_zip(bytes, &mut archive)?;
        return Ok((container, Some(archive)));
    }
    if bytes.starts_with(&xls::OLE_MAGIC) {
        xls::inspect(bytes)?;
        return Ok((Container::Xls, None));
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
        None if is_csv_name => Ok((Container::Csv, None)),
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

/// Where a part's compressed bytes are, and what its directory entry declares.
#[derive(Clone, Debug)]
pub struct Entry {
    pub name: String,
    start: usize,
    end: usize,
    /// Inflated size, as declared (within the limits [`inspect`] checked).
    size: u64,
    crc: u32,
    deflated: bool,
}

/// Finds a part in an archive: `None` when there is no such part.
pub fn entry(
    archive: &mut Archive<'_>,
    bytes: &[u8],
    name: &str,
) -> Result<Option<Entry>, ReadError> {
    let Some(index) = archive.index_for_name(name) else {
        return Ok(None);
    };
    let found = isolation::library(|| -> Result<_, zip::result::ZipError> {
        let e = archive.by_index_raw(index)?;
        Ok((
            e.data_start(),
            e.compressed_size(),
            e.size(),
            e.crc32(),
            e.compression(),
        ))
    });
    let (start, compressed, size, crc, method) = match found {
        Ok(Ok(found)) => found,
        Ok(Err(e)) => return Err(zip_damage(&e, Some(name))),
        Err(_) => return Err(Damage::in_part(name, DamageKind::LibraryFailed).into()),
    };
    let deflated = match method {
        zip::CompressionMethod::Stored => false,
        zip::CompressionMethod::Deflated => true,
        _ => return Err(Damage::in_part(name, DamageKind::UnsupportedCompression).into()),
    };
    // The compressed bytes must lie within the file.
    let start = start.and_then(|s| usize::try_from(s).ok());
    let end = start.and_then(|s| s.checked_add(usize::try_from(compressed).ok()?));
    let (Some(start), Some(end)) = (start, end.filter(|e| *e <= bytes.len())) else {
        return Err(Damage::in_part(name, DamageKind::Truncated).into());
    };
    Ok(Some(Entry {
        name: name.to_owned(),
        start,
        end,
        size: size.min(LIMITS.entry_bytes),
        crc,
        deflated,
    }))
}

/// Inflates the parts of one archive with one decompressor: its state and window are
/// allocated once per workbook, not once per part. A part is inflated whole into a
/// buffer the caller keeps ([`Inflater::whole_into`]) or streamed ([`Inflater::stream`]).
pub struct Inflater {
    state: flate2::Decompress,
}

impl Default for Inflater {
    fn default() -> Self {
        Inflater {
            // Zip entries are raw deflate streams, without zlib's header.
            state: flate2::Decompress::new(false),
        }
    }
}

const CHUNK: usize = 4 * 1024;

impl Inflater {
    /// A part's bytes, inflated as they are read. A part that inflates to more than
    /// it declares, or whose checksum differs, is damaged.
    pub fn stream<'z>(&'z mut self, bytes: &'z [u8], entry: &Entry) -> PartStream<'z> {
        self.state.reset(false);
        PartStream {
            input: bytes.get(entry.start..entry.end).unwrap_or_default(),
            state: &mut self.state,
            deflated: entry.deflated,
            declared: entry.size,
            crc: entry.crc,
            hasher: crc32fast::Hasher::new(),
            buffer: vec![0; CHUNK].into_boxed_slice(),
            filled: 0..0,
            read_in: 0,
            produced: 0,
            finished: false,
            failure: None,
        }
    }

    /// A part's bytes, inflated whole.
    pub fn whole(&mut self, bytes: &[u8], entry: &Entry) -> Result<Vec<u8>, ReadError> {
        let mut out = Vec::new();
        self.whole_into(bytes, entry, &mut out)?;
        Ok(out)
    }

    /// A part's bytes, inflated whole into `out` (what it held is dropped, its memory
    /// kept: one buffer serves every part of a workbook). The decompressor writes
    /// straight into it, sized from the declared size (within the limits). A part that
    /// inflates to more than it declares stops there and is damaged, as is one whose
    /// size or checksum differs from what the archive declares.
    pub fn whole_into(
        &mut self,
        bytes: &[u8],
        entry: &Entry,
        out: &mut Vec<u8>,
    ) -> Result<(), ReadError> {
        let damaged = |kind| ReadError::from(Damage::in_part(&entry.name, kind));
        out.clear();
        // `size` is within `LIMITS.entry_bytes`: it fits in memory. One byte more lets
        // the decompressor show that the part goes on past its declared size.
        let declared = usize::try_from(entry.size).map_err(|_| damaged(DamageKind::Corrupt))?;
        out.reserve(declared.saturating_add(1));
        let input = bytes.get(entry.start..entry.end).unwrap_or_default();
        if entry.deflated {
            self.inflate_all(input, out, declared).map_err(damaged)?;
        } else if input.len() > declared {
            return Err(damaged(DamageKind::Corrupt));
        } else {
            out.extend_from_slice(input);
        }
        if out.len() != declared || crc32fast::hash(out) != entry.crc {
            return Err(damaged(DamageKind::Corrupt));
        }
        Ok(())
    }

    /// Inflates a whole deflate stream into `out`, never more than `declared` bytes
    /// and one.
    fn inflate_all(
        &mut self,
        mut input: &[u8],
        out: &mut Vec<u8>,
        declared: usize,
    ) -> Result<(), DamageKind> {
        self.state.reset(false);
        loop {
            let (in0, out0) = (self.state.total_in(), out.len());
            let state = &mut self.state;
            let status = isolation::library(|| {
                state.decompress_vec(input, out, flate2::FlushDecompress::Finish)
            });
            let status = match status {
                Ok(Ok(status)) => status,
                Ok(Err(_)) => return Err(DamageKind::Corrupt),
                Err(_) => return Err(DamageKind::LibraryFailed),
            };
            let consumed = usize::try_from(self.state.total_in().saturating_sub(in0)).unwrap_or(0);
            let produced = out.len().saturating_sub(out0);
            if out.len() > declared {
                return Err(DamageKind::Corrupt);
            }
            if status == flate2::Status::StreamEnd {
                return Ok(());
            }
            if consumed == 0 && produced == 0 {
                return Err(DamageKind::Truncated);
            }
            input = input.get(consumed..).unwrap_or_default();
        }
    }
}

/// One part's bytes, inflated chunk by chunk as a reader asks for them: a reader that
/// stops early inflates no more.
pub struct PartStream<'z> {
    input: &'z [u8],
    state: &'z mut flate2::Decompress,
    deflated: bool,
    declared: u64,
    crc: u32,
    hasher: crc32fast::Hasher,
    buffer: Box<[u8]>,
    filled: std::ops::Range<usize>,
    read_in: usize,
    produced: u64,
    finished: bool,
    /// Why the part could not be read, when it could not.
    pub failure: Option<DamageKind>,
}

impl PartStream<'_> {
    fn fail(&mut self, kind: DamageKind) -> std::io::Error {
        self.failure = Some(kind);
        std::io::Error::from(std::io::ErrorKind::InvalidData)
    }

    /// Inflates the next chunk into the buffer; the number of bytes it gave.
    fn inflate(&mut self) -> std::io::Result<usize> {
        let rest = self.input.get(self.read_in..).unwrap_or_default();
        let (consumed, produced, ended) = if self.deflated {
            let (state, buffer) = (&mut *self.state, &mut self.buffer);
            let (in0, out0) = (state.total_in(), state.total_out());
            let status = isolation::library(|| {
                state.decompress(rest, buffer, flate2::FlushDecompress::None)
            });
            let status = match status {
                Ok(Ok(status)) => status,
                Ok(Err(_)) => return Err(self.fail(DamageKind::Corrupt)),
                Err(_) => return Err(self.fail(DamageKind::LibraryFailed)),
            };
            let consumed = usize::try_from(self.state.total_in().saturating_sub(in0)).unwrap_or(0);
            let produced =
                usize::try_from(self.state.total_out().saturating_sub(out0)).unwrap_or(0);
            (consumed, produced, status == flate2::Status::StreamEnd)
        } else {
            let n = rest.len().min(self.buffer.len());
            self.buffer[..n].copy_from_slice(&rest[..n]);
            (n, n, n == rest.len())
        };
        if consumed == 0 && produced == 0 && !ended {
            return Err(self.fail(DamageKind::Truncated));
        }
        self.read_in = self.read_in.saturating_add(consumed);
        self.produced = self.produced.saturating_add(produced as u64);
        if self.produced > self.declared {
            return Err(self.fail(DamageKind::Corrupt));
        }
        self.hasher.update(&self.buffer[..produced]);
        if ended {
            self.finished = true;
            let hasher = std::mem::take(&mut self.hasher);
            if self.produced != self.declared || hasher.finalize() != self.crc {
                return Err(self.fail(DamageKind::Corrupt));
            }
        }
        Ok(produced)
    }
}

impl std::io::BufRead for PartStream<'_> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        while self.filled.is_empty() && !self.finished {
            let n = self.inflate()?;
            self.filled = 0..n;
        }
        Ok(&self.buffer[self.filled.clone()])
    }

    fn consume(&mut self, amount: usize) {
        self.filled.start = self
            .filled
            .start
            .saturating_add(amount)
            .min(self.filled.end);
    }
}

impl Read for PartStream<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let available = std::io::BufRead::fill_buf(self)?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        std::io::BufRead::consume(self, n);
        Ok(n)
    }
}

/// Inflates one part whole (with a decompressor of its own): `None` when the archive
/// has no such part.
pub fn inflate(
    archive: &mut Archive<'_>,
    bytes: &[u8],
    name: &str,
) -> Result<Option<Vec<u8>>, ReadError> {
    match entry(archive, bytes, name)? {
        Some(e) => Inflater::default().whole(bytes, &e).map(Some),
        None => Ok(None),
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

fn inspect_zip(bytes: &[u8], archive: &mut Archive<'_>) -> Result<Container, ReadError> {
    let names = checked_names(archive)?;
    let has = |part: &str| names.iter().any(|n| n == part);
    if has("xl/workbook.xml") {
        return Ok(Container::Xlsx);
    }
    if has("content.xml") {
        if let Some(manifest) = inflate(archive, bytes, "META-INF/manifest.xml")?
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
    let mut buf = Vec::new();
    loop {
        match part.next(&mut buf)? {
            Event::Start(e) | Event::Empty(e) if e.local() == "encryption-data" => {
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
            inflate(&mut archive, &bytes, "a.xml")
                .unwrap()
                .map(|d| d.len()),
            Some(5000)
        );
        assert_eq!(inflate(&mut archive, &bytes, "b.xml").unwrap(), None);
        // The same part declaring 4 000 bytes: the inflation stops past them.
        let mut e = entry(&mut archive, &bytes, "a.xml").unwrap().unwrap();
        e.size = 4_000;
        assert_eq!(
            Inflater::default().whole(&bytes, &e),
            Err(ReadError::Damaged(Damage::in_part(
                "a.xml",
                DamageKind::Corrupt
            )))
        );
        // A wrong checksum is damage too.
        let mut e = entry(&mut archive, &bytes, "a.xml").unwrap().unwrap();
        e.crc ^= 1;
        assert!(Inflater::default().whole(&bytes, &e).is_err());
    }

    #[test]
    fn one_buffer_serves_every_part_and_holds_the_last_one_only() {
        let big: Vec<u8> = (0..20_000u32).map(|i| b'a' + (i % 7) as u8).collect();
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        w.start_file("big.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut w, &big).unwrap();
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        w.start_file("small.xml", stored).unwrap();
        std::io::Write::write_all(&mut w, b"<a/>").unwrap();
        let bytes = w.finish().unwrap().into_inner();
        let mut archive = open_archive(&bytes).map_err(|_| ()).unwrap();
        let big_entry = entry(&mut archive, &bytes, "big.xml").unwrap().unwrap();
        let small = entry(&mut archive, &bytes, "small.xml").unwrap().unwrap();

        let (mut inflater, mut buffer) = (Inflater::default(), Vec::new());
        inflater
            .whole_into(&bytes, &big_entry, &mut buffer)
            .unwrap();
        assert_eq!(buffer, big);
        inflater.whole_into(&bytes, &small, &mut buffer).unwrap();
        assert_eq!(buffer, b"<a/>");

        let damaged = |kind| Err(ReadError::Damaged(Damage::in_part("small.xml", kind)));
        // A stored part holding more, or less, than it declares.
        for size in [2, 10] {
            let e = Entry {
                size,
                ..small.clone()
            };
            assert_eq!(
                inflater.whole_into(&bytes, &e, &mut buffer),
                damaged(DamageKind::Corrupt)
            );
        }
        // A deflated part cut in the middle never reaches its end.
        let cut = Entry {
            end: big_entry.start + (big_entry.end - big_entry.start) / 2,
            ..big_entry.clone()
        };
        assert_eq!(
            inflater.whole_into(&bytes, &cut, &mut buffer),
            Err(ReadError::Damaged(Damage::in_part(
                "big.xml",
                DamageKind::Truncated
            )))
        );
        // Declaring more than it inflates to.
        let more = Entry {
            size: 20_001,
            ..big_entry
        };
        assert_eq!(
            inflater.whole_into(&bytes, &more, &mut buffer),
            Err(ReadError::Damaged(Damage::in_part(
                "big.xml",
                DamageKind::Corrupt
            )))
        );
    }
}
