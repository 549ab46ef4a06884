//! Names inside a download: split, checked and put in one Unicode form before anything
//! compares them.
//!
//! A zip entry's name is only text chosen by whoever made the archive: `../x` or
//! `/etc/x` must not be taken as a place, and macOS writes `é` as `e` + combining accent
//! (NFD) where Windows writes one character (NFC). Nothing is ever written to disk, but
//! such names are still refused, and listed, so that the buyer knows what was not read.

use unicode_normalization::UnicodeNormalization;

use super::SkipReason;

/// The checked components of an entry's name, each in NFC; or why the entry is skipped.
pub fn components(name: &str) -> Result<Vec<String>, SkipReason> {
    if name.starts_with('/') || name.starts_with('\\') || has_drive(name) {
        return Err(SkipReason::AbsolutePath);
    }
    let mut out = Vec::new();
    for part in name.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => return Err(SkipReason::ParentFolder),
            p if p.chars().any(char::is_control) => return Err(SkipReason::ControlCharacter),
            p => out.push(p.nfc().collect::<String>()),
        }
    }
    // `./C:/x` is `C:/x` once its `.` is dropped: a drive however it is reached.
    if out.first().is_some_and(|c| has_drive(c)) {
        return Err(SkipReason::AbsolutePath);
    }
    if out.iter().any(|c| is_system(c)) {
        return Err(SkipReason::SystemFile);
    }
    Ok(out)
}

/// `C:` or `C:\…`: a Windows absolute path.
fn has_drive(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':'
}

/// Files an operating system adds to an archive or a folder, never a bidder's document:
/// macOS's `__MACOSX/` and `._x` resource forks and `.DS_Store`, Windows's `Thumbs.db`
/// and `desktop.ini`, office lock files (`~$x.xlsx`).
pub fn is_system(component: &str) -> bool {
    let lower = component.to_lowercase();
    lower == "__macosx"
        || lower == ".ds_store"
        || lower == "thumbs.db"
        || lower == "desktop.ini"
        || lower.starts_with("._")
        || lower.starts_with("~$")
}

/// The key two names are compared by: NFC (already) and lower case, as a Windows or
/// macOS file system would.
pub fn key(components: &[String]) -> String {
    components.join("/").to_lowercase()
}

/// A date and time as a platform gives it (a zip entry's time, a file's modification
/// time, or the date in a submission folder's name). No time zone: platforms write
/// local times.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stamp {
    pub year: u16,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
}

impl std::fmt::Display for Stamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02} {:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute
        )
    }
}

impl Stamp {
    fn checked(year: u32, month: u32, day: u32, hour: u32, minute: u32) -> Option<Stamp> {
        let ok = (1980..=2200).contains(&year)
            && (1..=12).contains(&month)
            && (1..=31).contains(&day)
            && hour < 24
            && minute < 60;
        ok.then_some(Stamp {
            year: year as u16,
            month: month as u8,
            day: day as u8,
            hour: hour as u8,
            minute: minute as u8,
        })
    }

    /// From seconds since 1970-01-01 UTC (a file's modification time).
    pub fn from_unix(secs: u64) -> Option<Stamp> {
        let days = secs / 86_400;
        let rest = secs % 86_400;
        let (y, m, d) = civil_from_days(days);
        Stamp::checked(y, m, d, (rest / 3600) as u32, ((rest % 3600) / 60) as u32)
    }

    pub fn from_zip(t: zip::DateTime) -> Option<Stamp> {
        Stamp::checked(
            u32::from(t.year()),
            u32::from(t.month()),
            u32::from(t.day()),
            u32::from(t.hour()),
            u32::from(t.minute()),
        )
    }
}

/// Year, month, day of a count of days since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: u64) -> (u32, u32, u32) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + u64::from(m <= 2);
    (u32::try_from(y).unwrap_or(u32::MAX), m as u32, d as u32)
}

/// Words a platform puts before the bidder's name in a submission folder's name
/// (`Pli 3 - Acme`, `Dépôt n°2 Acme`, `01_Acme`), compared on the slug.
const MARKERS: [&str; 7] = [
    "pli",
    "depot",
    "offre",
    "reponse",
    "candidature",
    "enveloppe",
    "submission",
];

/// The bidder's id from a submission folder's name: its slug without the platform's
/// submission marker before it and the date after it (`Pli 01 - MUSICALIA -
/// 2026-11-20 14h32` → `musicalia`), and that date when there is one.
pub fn folder_bidder(folder: &str) -> (String, Option<Stamp>) {
    let slug = crate::source::slug(folder);
    let mut words: Vec<&str> = slug.split('-').collect();
    strip_marker(&mut words);
    let date = strip_date(&mut words);
    let id = words.join("-");
    if id.is_empty() {
        (slug, date)
    } else {
        (id, date)
    }
}

fn strip_marker(words: &mut Vec<&str>) {
    let is_number = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit());
    let mut drop = 0;
    if words.len() > 1 && MARKERS.contains(&words[0]) {
        drop = 1;
        if words.len() > drop + 1 && matches!(words[drop], "n" | "no" | "num") {
            drop += 1;
        }
        if words.len() > drop + 1 && is_number(words[drop]) {
            drop += 1;
        }
    } else if words.len() > 1 && is_number(words[0]) {
        drop = 1;
    }
    // A folder named only `Pli 4` keeps its whole name.
    if words[drop..].iter().any(|w| !is_number(w)) {
        words.drain(..drop);
    }
}

/// Removes a trailing date (`2026-11-20`, `20-11-2026`, `20261120`, with an optional
/// time `14h32` or `14-32`) and returns it.
fn strip_date(words: &mut Vec<&str>) -> Option<Stamp> {
    let numeric = |w: &str| {
        !w.is_empty()
            && w.chars().all(|c| c.is_ascii_digit() || c == 'h')
            && w.starts_with(|c: char| c.is_ascii_digit())
    };
    let start = words.iter().rposition(|w| !numeric(w)).map_or(0, |i| i + 1);
    if start == 0 {
        return None;
    }
    let tail: Vec<u32> = words[start..]
        .iter()
        .flat_map(|w| w.split('h'))
        .map(|n| n.parse::<u32>().ok())
        .collect::<Option<Vec<_>>>()?;
    let date = parse_date(&tail, &words[start..])?;
    words.truncate(start);
    Some(date)
}

fn parse_date(n: &[u32], words: &[&str]) -> Option<Stamp> {
    let time = |rest: &[u32]| match rest {
        [] => Some((0, 0)),
        [h, m] => Some((*h, *m)),
        [h, m, _] => Some((*h, *m)),
        _ => None,
    };
    if words.first().is_some_and(|w| w.len() == 8) {
        let v = n[0];
        let (h, mi) = time(&n[1..])?;
        return Stamp::checked(v / 10_000, v / 100 % 100, v % 100, h, mi);
    }
    if n.len() < 3 {
        return None;
    }
    let (h, mi) = time(&n[3..])?;
    if words[0].len() == 4 {
        Stamp::checked(n[0], n[1], n[2], h, mi)
    } else if words.get(2).is_some_and(|w| w.len() == 4) {
        Stamp::checked(n[2], n[1], n[0], h, mi)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_would_leave_the_download_are_refused() {
        assert_eq!(components("../x.xlsx"), Err(SkipReason::ParentFolder));
        assert_eq!(components("a/../../x"), Err(SkipReason::ParentFolder));
        assert_eq!(components("/etc/passwd"), Err(SkipReason::AbsolutePath));
        assert_eq!(components("C:\\x.xlsx"), Err(SkipReason::AbsolutePath));
        assert_eq!(components("\\\\server\\x"), Err(SkipReason::AbsolutePath));
        assert_eq!(
            components("__MACOSX/Acme/._BPU.xlsx"),
            Err(SkipReason::SystemFile)
        );
        assert_eq!(
            components("Acme\\Offre\\BPU.xlsx").unwrap(),
            ["Acme", "Offre", "BPU.xlsx"]
        );
        assert_eq!(
            components("./Acme//BPU.xlsx").unwrap(),
            ["Acme", "BPU.xlsx"]
        );
    }

    proptest::proptest! {
        /// Whatever the name: either refused, or components that are each one plain
        /// name (no separator, no `..`, not empty), in NFC, that checking again keeps.
        #[test]
        fn any_name_is_refused_or_split_into_plain_components(name in "[a-zé\u{301}./\\:~_ ]{0,24}") {
            if let Ok(parts) = components(&name) {
                for p in &parts {
                    proptest::prop_assert!(!p.is_empty() && p != "." && p != "..");
                    proptest::prop_assert!(!p.contains('/') && !p.contains('\\'));
                    proptest::prop_assert_eq!(p.nfc().collect::<String>(), p.clone());
                }
                proptest::prop_assert_eq!(components(&parts.join("/")), Ok(parts.clone()));
            }
        }
    }

    /// Found by the property test: `./a:` kept `a:`, which checking again refused as a
    /// drive.
    #[test]
    fn a_drive_behind_a_dot_is_still_a_drive() {
        assert_eq!(components("./a:"), Err(SkipReason::AbsolutePath));
        assert_eq!(components("./C:/x.xlsx"), Err(SkipReason::AbsolutePath));
        assert_eq!(
            components("x/a:"),
            Ok(vec!["x".to_owned(), "a:".to_owned()])
        );
    }

    #[test]
    fn decomposed_accents_compare_equal_to_composed_ones() {
        // "Société" as macOS writes it: e + U+0301.
        let nfd = components("Soci\u{65}\u{301}te\u{301}/BPU.xlsx").unwrap();
        let nfc = components("Soci\u{e9}t\u{e9}/BPU.xlsx").unwrap();
        assert_eq!(nfd, nfc);
        assert_eq!(nfd[0].chars().count(), 7);
        assert_eq!(key(&nfd), key(&components("SOCIÉTÉ/bpu.XLSX").unwrap()));
    }

    #[test]
    fn a_submission_folder_gives_its_bidder_and_date() {
        assert_eq!(
            folder_bidder("Pli 01 - MUSICALIA"),
            ("musicalia".into(), None)
        );
        assert_eq!(
            folder_bidder("Pli n°2 - Kiosque - 2026-11-20 14h32"),
            (
                "kiosque".into(),
                Some(Stamp {
                    year: 2026,
                    month: 11,
                    day: 20,
                    hour: 14,
                    minute: 32
                })
            )
        );
        assert_eq!(
            folder_bidder("Dépôt 3_Cinéclap_20-11-2026")
                .1
                .map(|s| s.to_string()),
            Some("2026-11-20 00:00".into())
        );
        assert_eq!(
            folder_bidder("03_Biblioplus_20261121")
                .1
                .map(|s| s.to_string()),
            Some("2026-11-21 00:00".into())
        );
        assert_eq!(folder_bidder("03_Biblioplus_20261121").0, "biblioplus");
        // A number that is part of the name is not a date.
        assert_eq!(folder_bidder("Radio 2000"), ("radio-2000".into(), None));
        // A folder named only by a marker keeps its whole slug.
        assert_eq!(folder_bidder("Pli 4").0, "pli-4");
    }

    #[test]
    fn unix_times_are_calendar_dates() {
        // By hand: 1970-01-01 to 2026-01-01 is 56 years, 14 of them leap (1972…2024):
        // 56 × 365 + 14 = 20 454 days; 2026-12-02 is 335 days later: 20 789.
        let secs = 20_789 * 86_400 + 2 * 3600 + 46 * 60 + 38;
        assert_eq!(
            Stamp::from_unix(secs).unwrap().to_string(),
            "2026-12-02 02:46"
        );
        assert_eq!(Stamp::from_unix(0), None, "1970 is before any zip date");
        // 30 years of which 7 leap: 10 957 days to 2000-01-01, + 31 + 28 = 2000-02-29.
        assert_eq!(
            Stamp::from_unix(11_016 * 86_400).unwrap().to_string(),
            "2000-02-29 00:00"
        );
    }
}
