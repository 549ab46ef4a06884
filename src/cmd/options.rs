//! Which command honours which global option, and what `--lot` names. An option a
//! command would silently ignore is refused instead: `template --format json` must not
//! write a workbook and exit 0 as if the JSON had been written.

use clap::ArgMatches;
use clap::parser::ValueSource;

use super::Usage;

/// The global options (their ids in `cli.rs`), as the user types them. `--lang` is not
/// listed: every command speaks the language asked for.
pub const GLOBAL: [(&str, &str); 6] = [
    ("tender", "--tender"),
    ("format", "--format"),
    ("lot", "--lot"),
    ("scope", "--scope"),
    ("output", "-o/--output"),
    ("excel", "--excel"),
];

const ANALYSIS: &[&str] = &["tender", "format", "lot", "scope", "output", "excel"];

/// The global options each command honours; `None` for a command not in this table
/// (a test keeps every command in it).
pub fn honoured(command: &str) -> Option<&'static [&'static str]> {
    Some(match command {
        // `help` answers before any option is looked at: none applies.
        "init" | "help" => &[],
        "template" => &["tender", "output"],
        "check" | "normalise" | "rank" | "explain" | "simulate" => ANALYSIS,
        // The split is per lot, for every member: a scope has no meaning there.
        "split" => &["tender", "format", "lot", "output", "excel"],
        "generate" => &["output"],
        // It writes the files the tender file names, nothing on the standard output.
        "scores" => &["tender"],
        // The report covers every lot and scope (or one member's) and goes to --out.
        "report" => &["tender"],
        // The open data covers every lot, for the groupement; --format picks ocds or decp.
        "export" => &["tender", "format", "output"],
        _ => return None,
    })
}

/// The global options typed on the command line (defaults are not typed).
pub fn given(matches: &ArgMatches) -> Vec<&'static str> {
    let sub = matches.subcommand().map(|(_, m)| m);
    GLOBAL
        .iter()
        .map(|(id, _)| *id)
        .filter(|id| {
            [Some(matches), sub].into_iter().flatten().any(|m| {
                matches!(m.try_contains_id(id), Ok(true))
                    && m.value_source(id) == Some(ValueSource::CommandLine)
            })
        })
        .collect()
}

/// Refuses a global option the command does not honour, and `--excel` without CSV.
pub fn check(command: &'static str, given: &[&str], csv: bool) -> Result<(), Usage> {
    if let Some(honoured) = honoured(command)
        && let Some(option) = given.iter().find(|g| !honoured.contains(g))
    {
        return Err(Usage::NotHonoured {
            command,
            option: display(option),
            honoured: honoured.iter().map(|o| display(o)).collect(),
        });
    }
    if given.contains(&"excel") && !csv {
        return Err(Usage::ExcelWithoutCsv);
    }
    Ok(())
}

fn display(id: &str) -> &'static str {
    GLOBAL
        .iter()
        .find(|(i, _)| *i == id)
        .map_or("?", |(_, shown)| shown)
}

/// The lot `given` names among the tender's `lots`: the lot of that id, else the one
/// it names once leading zeros, a `lot` prefix and blanks are set aside ("03", " 3",
/// "Lot 3" name lot 3; "3" names lot "03"). `None` when no lot, or more than one, fits.
pub fn resolve_lot<'a>(lots: &[&'a str], given: &str) -> Option<&'a str> {
    if let Some(exact) = lots.iter().find(|l| **l == given) {
        return Some(exact);
    }
    let key = lot_key(given);
    let mut found = lots.iter().filter(|l| lot_key(l) == key);
    match (found.next(), found.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

/// A lot's name as compared: trimmed, lower case, without a leading "lot", and, when
/// it is a number, without leading zeros.
fn lot_key(s: &str) -> String {
    let s = s.trim().to_lowercase();
    let s = s.strip_prefix("lot").map_or(s.as_str(), str::trim_start);
    let s = s.strip_prefix(['-', '_', '°']).unwrap_or(s).trim();
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        let t = s.trim_start_matches('0');
        if t.is_empty() { "0" } else { t }.to_owned()
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lot_is_found_by_its_number() {
        let lots = ["1", "2", "3", "10"];
        for given in [
            "3", "03", "003", " 3", "lot 3", "Lot 3", "LOT03", "lot-3", "lot n°3",
        ] {
            // "lot n°3" is not a number once "lot" is set aside: refused, not guessed.
            let expected = (given != "lot n°3").then_some("3");
            assert_eq!(resolve_lot(&lots, given), expected, "{given}");
        }
        assert_eq!(resolve_lot(&lots, "010"), Some("10"));
        assert_eq!(resolve_lot(&lots, "1 0"), None);
        assert_eq!(resolve_lot(&lots, "4"), None);
        assert_eq!(resolve_lot(&["01", "02"], "2"), Some("02"));
        // Two lots with the same number: neither is chosen.
        assert_eq!(resolve_lot(&["3", "03"], "003"), None);
        assert_eq!(resolve_lot(&["3", "03"], "03"), Some("03"));
        assert_eq!(resolve_lot(&["a", "B"], "b"), Some("B"));
    }

    #[test]
    fn every_command_is_in_the_table() {
        use clap::CommandFactory;
        for sc in crate::cli::Cli::command().get_subcommands() {
            assert!(honoured(sc.get_name()).is_some(), "{}", sc.get_name());
        }
    }
}
