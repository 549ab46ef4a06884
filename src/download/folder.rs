//! A download already unpacked in a folder: read the same way as a zip, within the same
//! limits. Links are never followed (a link could lead anywhere on the disk); a zip
//! found in a bidder's folder is read as a nested zip.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::archive::{Gather, place_member, read_capped};
use super::{DownloadError, LIMITS, Loaded, Member, SkipReason, Sniffed, Stamp, names, sniff};

/// How deep folders are looked through (a download is a few levels deep).
const FOLDER_DEPTH: usize = 16;

/// Whether a folder is a download: it holds at least one folder (other than a system
/// one) and no spreadsheet of its own (an offers folder holds the spreadsheets).
pub fn is_download_folder(path: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(path) else {
        return false;
    };
    let mut has_folder = false;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if names::is_system(&name) || name.starts_with('.') {
            continue;
        }
        if kind.is_dir() {
            has_folder = true;
        } else if kind.is_file() && is_spreadsheet_name(&name) {
            return false;
        }
    }
    has_folder
}

fn is_spreadsheet_name(name: &str) -> bool {
    let ext = super::extension(name);
    crate::bpu::OFFER_EXTENSIONS.contains(&ext.as_str())
}

/// Reads a folder download in memory.
pub fn load(root: &Path) -> Result<Loaded, DownloadError> {
    let mut gather = Gather::default();
    visit(root, &[], &mut gather).map_err(|source| DownloadError::Unreadable {
        path: root.to_path_buf(),
        source,
    })?;
    Ok(gather.loaded)
}

fn visit(dir: &Path, above: &[String], gather: &mut Gather) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()?;
    entries.sort();
    for path in entries {
        if gather.budget.entries == 0 {
            let limit = LIMITS.entries;
            gather.skip(dir.to_path_buf(), SkipReason::TooManyEntries { limit });
            return Ok(());
        }
        gather.budget.entries -= 1;
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let components = match names::components(&name) {
            Ok(c) if !c.is_empty() => c,
            Ok(_) => continue,
            Err(reason) => {
                gather.skip(path.clone(), reason);
                continue;
            }
        };
        let mut here = above.to_vec();
        here.extend(components);
        one(&path, here, gather)?;
    }
    Ok(())
}

fn one(path: &Path, here: Vec<String>, gather: &mut Gather) -> std::io::Result<()> {
    let meta = std::fs::symlink_metadata(path)?;
    if meta.file_type().is_symlink() {
        gather.skip_in(path.to_path_buf(), here, SkipReason::Link);
        return Ok(());
    }
    if meta.is_dir() {
        if here.len() > FOLDER_DEPTH {
            let limit = FOLDER_DEPTH as u32;
            gather.skip(path.to_path_buf(), SkipReason::TooDeep { limit });
            return Ok(());
        }
        return visit(path, &here, gather);
    }
    if !meta.is_file() {
        return Ok(());
    }
    if let Err(first) = gather.first_time(&here, path) {
        let first = first.display().to_string();
        gather.skip_in(path.to_path_buf(), here, SkipReason::Duplicate { first });
        return Ok(());
    }
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .and_then(|d| Stamp::from_unix(d.as_secs()));
    let name = here.last().cloned().unwrap_or_default();
    let components_of_skipped = here.clone();
    match read_file(path, &name, gather) {
        Ok((kind, bytes)) => {
            let member = Member {
                components: here,
                path: path.to_path_buf(),
                modified,
                content: super::Content::Signature,
            };
            place_member(member, kind, bytes, 0, gather);
        }
        Err(reason) => gather.skip_in(path.to_path_buf(), components_of_skipped, reason),
    }
    Ok(())
}

/// Reads a file's head, then as much as its kind asks (as for a zip entry).
fn read_file(
    path: &Path,
    name: &str,
    gather: &mut Gather,
) -> Result<(Sniffed, Vec<u8>), SkipReason> {
    let mut file = std::fs::File::open(path).map_err(|_| SkipReason::Damaged)?;
    let budget = &mut gather.budget;
    let mut head =
        read_capped(&mut (&mut file).take(8), 8, budget).map_err(|_| SkipReason::Damaged)?;
    let kind = sniff(name, &head);
    let cap = match kind {
        Sniffed::Document => LIMITS.nested_bytes,
        Sniffed::MaybeXmlSignature => super::XML_SNIFF,
        Sniffed::Signature | Sniffed::Other => return Ok((kind, head)),
    };
    let rest_cap = cap.saturating_sub(head.len() as u64);
    let mut reader: Box<dyn Read> = if kind == Sniffed::Document {
        Box::new(file)
    } else {
        Box::new(file.take(rest_cap))
    };
    let rest = read_capped(&mut reader, rest_cap, budget).map_err(|s| match s {
        super::archive::Stop::Entry(_) => SkipReason::TooLarge { limit: cap },
        super::archive::Stop::Download => SkipReason::DownloadTooLarge {
            limit: LIMITS.total_bytes,
        },
        super::archive::Stop::Damaged => SkipReason::Damaged,
    })?;
    head.extend_from_slice(&rest);
    Ok((kind, head))
}
