//! A zip download read in memory: the top archive from its file (never loaded whole),
//! nested zips from the bytes inflated for them, entry after entry within the limits.
//!
//! Only what may be a workbook (a zip package or an OLE2 file) or an XML signature is
//! inflated; any other entry (PDF, image) is inflated for its first bytes only. Every
//! byte inflated is counted against the download's limit, whatever the archive declares.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Seek};
use std::path::{Path, PathBuf};

use super::{
    Content, DownloadError, LIMITS, Loaded, Member, SkipReason, Skipped, Sniffed, Stamp, names,
    sniff, xml_is_signature,
};
use crate::isolation;

/// What is left of the download's limits while it is read.
#[derive(Clone, Debug)]
pub struct Budget {
    pub entries: usize,
    pub bytes: u64,
}

impl Budget {
    pub fn new() -> Self {
        Budget {
            entries: LIMITS.entries,
            bytes: LIMITS.total_bytes,
        }
    }
}

impl Default for Budget {
    fn default() -> Self {
        Budget::new()
    }
}

/// Where the entries of one archive go: the components before them, the path shown
/// before them, how deep the archive sits.
#[derive(Clone, Debug)]
pub struct Place {
    pub components: Vec<String>,
    pub shown: PathBuf,
    pub depth: u32,
}

/// What is being gathered: the members, the entries skipped, the names already seen
/// (by their comparison key).
#[derive(Debug, Default)]
pub struct Gather {
    pub loaded: Loaded,
    pub seen: BTreeMap<String, PathBuf>,
    pub budget: Budget,
}

impl Gather {
    pub fn skip(&mut self, path: PathBuf, reason: SkipReason) {
        self.skip_in(path, Vec::new(), reason);
    }

    /// Skips an entry whose components are known (its folder is then told).
    pub fn skip_in(&mut self, path: PathBuf, components: Vec<String>, reason: SkipReason) {
        self.loaded.skipped.push(Skipped {
            path,
            reason,
            components,
        });
    }

    /// Notes a name; `Err` with the first entry's path when it was seen already.
    pub fn first_time(&mut self, components: &[String], path: &Path) -> Result<(), PathBuf> {
        let key = names::key(components);
        match self.seen.get(&key) {
            Some(first) => Err(first.clone()),
            None => {
                self.seen.insert(key, path.to_path_buf());
                Ok(())
            }
        }
    }
}

/// Whether a file is a zip archive that is not a workbook: named `.zip`, or a zip
/// without any office package's parts.
pub fn is_download_zip(path: &Path) -> bool {
    let named_zip = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
    if named_zip {
        return true;
    }
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let mut head = [0u8; 4];
    if file.read_exact(&mut head).is_err() || &head != b"PK\x03\x04" {
        return false;
    }
    match isolation::library(|| zip::ZipArchive::new(file)) {
        Ok(Ok(archive)) => !is_package(&archive),
        _ => false,
    }
}

/// Whether a zip archive is an office package (xlsx, ods, docx, odt…) rather than a
/// folder of files.
fn is_package<R: Read + Seek>(archive: &zip::ZipArchive<R>) -> bool {
    archive.file_names().any(|n| {
        n.is_ok_and(|n| {
            matches!(
                n.as_ref(),
                "[Content_Types].xml" | "mimetype" | "content.xml" | "xl/workbook.xml"
            )
        })
    })
}

/// Reads a zip download in memory.
pub fn load(path: &Path) -> Result<Loaded, DownloadError> {
    let file = std::fs::File::open(path).map_err(|source| DownloadError::Unreadable {
        path: path.to_path_buf(),
        source,
    })?;
    let mut archive = match isolation::library(|| zip::ZipArchive::new(file)) {
        Ok(Ok(a)) => a,
        _ => {
            return Err(DownloadError::NotZip {
                path: path.to_path_buf(),
            });
        }
    };
    let mut gather = Gather::default();
    let place = Place {
        components: Vec::new(),
        shown: path.to_path_buf(),
        depth: 0,
    };
    walk(&mut archive, &place, &mut gather);
    Ok(gather.loaded)
}

/// What the zip reader says of an entry before inflating it.
struct Header {
    name: Option<String>,
    raw_name: String,
    is_dir: bool,
    is_symlink: bool,
    encrypted: bool,
    modified: Option<Stamp>,
}

fn header<R: Read + Seek>(archive: &mut zip::ZipArchive<R>, i: usize) -> Option<Header> {
    let got = isolation::library(|| {
        archive.by_index_raw(i).map(|f| Header {
            name: f.name().ok().map(|n| n.into_owned()),
            raw_name: String::from_utf8_lossy(f.name_raw()).into_owned(),
            is_dir: f.is_dir(),
            is_symlink: f.is_symlink(),
            encrypted: f.encrypted(),
            modified: f.last_modified().and_then(Stamp::from_zip),
        })
    });
    got.ok()?.ok()
}

/// Reads every entry of one archive into `gather`, nested zips included.
pub fn walk<R: Read + Seek>(archive: &mut zip::ZipArchive<R>, place: &Place, gather: &mut Gather) {
    for i in 0..archive.len() {
        if gather.budget.entries == 0 {
            gather.skip(
                place.shown.clone(),
                SkipReason::TooManyEntries {
                    limit: LIMITS.entries,
                },
            );
            return;
        }
        gather.budget.entries -= 1;
        let Some(h) = header(archive, i) else {
            gather.skip(place.shown.clone(), SkipReason::Damaged);
            continue;
        };
        let shown = PathBuf::from(format!(
            "{}/{}",
            place.shown.display(),
            h.name.as_deref().unwrap_or(&h.raw_name)
        ));
        if h.is_dir {
            continue;
        }
        match admit(&h, place, &shown, gather) {
            Ok(components) => {
                // Shown as its checked components, one per level of the path.
                let own = &components[place.components.len()..];
                let shown = PathBuf::from(format!("{}/{}", place.shown.display(), own.join("/")));
                entry(archive, i, components, h.modified, place, shown, gather)
            }
            Err((reason, components)) => gather.skip_in(shown, components, reason),
        }
    }
}

/// The entry's components, or why it is skipped without being inflated (with its
/// components when they could be checked).
fn admit(
    h: &Header,
    place: &Place,
    shown: &Path,
    gather: &mut Gather,
) -> Result<Vec<String>, (SkipReason, Vec<String>)> {
    let Some(name) = &h.name else {
        return Err((SkipReason::Damaged, Vec::new()));
    };
    let own = names::components(name).map_err(|r| (r, Vec::new()))?;
    if own.is_empty() {
        return Err((SkipReason::Damaged, Vec::new()));
    }
    let mut components = place.components.clone();
    components.extend(own);
    if h.is_symlink {
        return Err((SkipReason::Link, components));
    }
    if h.encrypted {
        return Err((SkipReason::Encrypted, components));
    }
    if let Err(first) = gather.first_time(&components, shown) {
        let first = first.display().to_string();
        return Err((SkipReason::Duplicate { first }, components));
    }
    Ok(components)
}

/// Why reading an entry stopped.
#[derive(Debug, PartialEq, Eq)]
pub enum Stop {
    Entry(u64),
    Download,
    Damaged,
}

/// Reads at most `cap` bytes (more is `Stop::Entry`), counted against the download's
/// budget.
pub fn read_capped(reader: &mut dyn Read, cap: u64, budget: &mut Budget) -> Result<Vec<u8>, Stop> {
    let mut out = Vec::new();
    let mut chunk = [0u8; 64 * 1024];
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => return Ok(out),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return Err(Stop::Damaged),
        };
        let n64 = n as u64;
        if n64 > budget.bytes {
            budget.bytes = 0;
            return Err(Stop::Download);
        }
        budget.bytes -= n64;
        if out.len() as u64 + n64 > cap {
            return Err(Stop::Entry(cap));
        }
        out.extend_from_slice(&chunk[..n]);
    }
}

fn stop_reason(stop: Stop) -> SkipReason {
    match stop {
        Stop::Entry(limit) => SkipReason::TooLarge { limit },
        Stop::Download => SkipReason::DownloadTooLarge {
            limit: LIMITS.total_bytes,
        },
        Stop::Damaged => SkipReason::Damaged,
    }
}

/// The zip reader's refusal to inflate an entry, from its variant.
fn open_reason(e: &zip::result::ZipError) -> SkipReason {
    use zip::result::ZipError;
    match e {
        ZipError::CompressionMethodNotSupported(_) => SkipReason::UnsupportedCompression,
        ZipError::InvalidPassword => SkipReason::Encrypted,
        _ => SkipReason::Damaged,
    }
}

/// Reads the entry's head, then as much of it as its kind asks.
fn inflate<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    i: usize,
    name: &str,
    budget: &mut Budget,
) -> Result<(Sniffed, Vec<u8>), SkipReason> {
    let got = isolation::library(|| -> Result<(Sniffed, Vec<u8>), SkipReason> {
        let mut file = archive.by_index(i).map_err(|e| open_reason(&e))?;
        let mut head = read_capped(&mut (&mut file).take(8), 8, budget).map_err(stop_reason)?;
        let kind = sniff(name, &head);
        let cap = match kind {
            Sniffed::Document => LIMITS.nested_bytes,
            Sniffed::MaybeXmlSignature => super::XML_SNIFF,
            Sniffed::Signature | Sniffed::Other => return Ok((kind, head)),
        };
        let rest_cap = cap.saturating_sub(head.len() as u64);
        let rest = if kind == Sniffed::Document {
            read_capped(&mut file, rest_cap, budget).map_err(|s| match s {
                Stop::Entry(_) => SkipReason::TooLarge { limit: cap },
                s => stop_reason(s),
            })?
        } else {
            read_capped(&mut (&mut file).take(rest_cap), rest_cap, budget).map_err(stop_reason)?
        };
        head.extend_from_slice(&rest);
        Ok((kind, head))
    });
    got.unwrap_or(Err(SkipReason::Damaged))
}

fn entry<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    i: usize,
    components: Vec<String>,
    modified: Option<Stamp>,
    place: &Place,
    shown: PathBuf,
    gather: &mut Gather,
) {
    let name = components.last().cloned().unwrap_or_default();
    let components_of_skipped = components.clone();
    match inflate(archive, i, &name, &mut gather.budget) {
        Ok((kind, bytes)) => {
            let member = Member {
                components,
                path: shown,
                modified,
                content: Content::Signature,
            };
            place_member(member, kind, bytes, place.depth, gather);
        }
        Err(reason) => gather.skip_in(shown, components_of_skipped, reason),
    }
}

/// Files a member read from a zip or a folder: a nested zip is walked, a document kept
/// with its bytes, a signature or another file kept by name.
pub fn place_member(
    mut member: Member,
    kind: Sniffed,
    bytes: Vec<u8>,
    depth: u32,
    gather: &mut Gather,
) {
    member.content = match kind {
        Sniffed::Document => {
            if let Some(nested) = nested_zip(&bytes) {
                return walk_nested(nested, member, depth, gather);
            }
            if bytes.len() as u64 > crate::bpu::package::LIMITS.file_bytes {
                let limit = crate::bpu::package::LIMITS.file_bytes;
                return gather.skip_in(
                    member.path,
                    member.components,
                    SkipReason::TooLarge { limit },
                );
            }
            Content::Document(bytes)
        }
        Sniffed::Signature => Content::Signature,
        Sniffed::MaybeXmlSignature if xml_is_signature(&bytes) => Content::Signature,
        Sniffed::MaybeXmlSignature | Sniffed::Other => {
            Content::Other(bytes.into_iter().take(8).collect())
        }
    };
    gather.loaded.members.push(member);
}

/// The archive, when `bytes` are a zip that is not an office package.
fn nested_zip(bytes: &[u8]) -> Option<zip::ZipArchive<Cursor<&[u8]>>> {
    if !bytes.starts_with(b"PK") {
        return None;
    }
    match isolation::library(|| zip::ZipArchive::new(Cursor::new(bytes))) {
        Ok(Ok(archive)) if !is_package(&archive) => Some(archive),
        _ => None,
    }
}

fn walk_nested(
    mut nested: zip::ZipArchive<Cursor<&[u8]>>,
    member: Member,
    depth: u32,
    gather: &mut Gather,
) {
    if depth >= LIMITS.depth {
        let limit = LIMITS.depth;
        return gather.skip_in(
            member.path,
            member.components,
            SkipReason::TooDeep { limit },
        );
    }
    let place = Place {
        components: member.components,
        shown: member.path,
        depth: depth + 1,
    };
    walk(&mut nested, &place, gather);
}
