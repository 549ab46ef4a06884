//! The command line's behaviour: options, exit statuses, pipes, hostile bidder text.

mod common;

use std::io::Read;
use std::process::{Command, Stdio};

use common::{SMALL_TENDER, Workdir, num, offer_bytes, text};
use tender::pricing::PricingModel::Population;
use tender::pricing::Term::Price;

fn small_with_offer(name: &str) -> Workdir {
    let wd = Workdir::new();
    let t = wd.tender(SMALL_TENDER);
    let cells = [
        ("1", "a", Population, Price, num("1000")),
        ("1", "groupement", Population, Price, num("3000")),
    ];
    wd.write("offres/acme.xlsx", offer_bytes(&t, Some(name), &cells));
    wd
}

#[test]
fn unknown_lot_or_scope_is_a_usage_error() {
    let wd = small_with_offer("ACME");
    let out = wd.command().args(["rank", "--lot", "13"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("--lot 13 : ce lot n'existe pas (lots : 1, 2)")
    );
    let out = wd
        .command()
        .args(["rank", "--scope", "c", "--lang", "en"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("--scope c: no such scope (scopes: a, b, groupement)")
    );
    let out = wd
        .command()
        .args(["rank", "--format", "xml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn output_option_writes_the_file() {
    let wd = small_with_offer("ACME");
    wd.command()
        .args(["rank", "--lot", "1", "--format", "json", "-o", "rang.json"])
        .assert()
        .success()
        .stdout("");
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(wd.join("rang.json")).unwrap()).unwrap();
    assert_eq!(doc["lots"][0]["scopes"][0]["ranked"][0]["bidder"], "acme");
}

#[test]
fn normalize_is_an_alias_and_offers_can_be_named() {
    let wd = small_with_offer("ACME");
    std::fs::rename(wd.join("offres/acme.xlsx"), wd.join("acme.xlsx")).unwrap();
    let out = wd
        .command()
        .args(["normalize", "acme.xlsx", "--format", "csv", "--lot", "1"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("lot,scope,bidder,bidder_name,status,model,price_ht"),
        "{text}"
    );
    assert!(
        text.contains("1,a,acme,ACME,ok,population,1000.00"),
        "{text}"
    );
    let out = wd
        .command()
        .args(["rank", "missing.xlsx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("missing.xlsx : fichier ou dossier introuvable")
    );
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let wd = small_with_offer("ACME");
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("tender"))
        .current_dir(wd.path())
        .args(["normalise"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(status.code().is_some_and(|c| c <= 1), "{status:?} {stderr}");
}

#[test]
fn bidder_text_cannot_inject_formulas_or_hide_itself() {
    let wd = small_with_offer("=HYPERLINK(\"http://x\")\u{202E}SAS");
    let out = wd
        .command()
        .args(["rank", "--format", "csv", "--lot", "1"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let row = rows.records().next().unwrap().unwrap();
    assert!(row[5].starts_with("'=HYPERLINK"), "{:?}", &row[5]);
    let table = String::from_utf8(
        wd.command()
            .args(["rank", "--lot", "1"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(!table.contains('\u{202E}'));
    assert!(table.contains("=HYPERLINK"), "{table}");
    // JSON keeps the text as it is: it is data, escaped by JSON itself.
    let json = String::from_utf8(
        wd.command()
            .args(["rank", "--format", "json", "--lot", "1"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(
        json.contains("\"=HYPERLINK(\\\"http://x\\\")\u{202E}SAS\""),
        "{json}"
    );
}

#[test]
fn help_lists_the_commands() {
    let out = Workdir::new().command().arg("--help").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for c in ["init", "template", "normalise", "rank"] {
        assert!(text.contains(c), "{text}");
    }
}

/// The standard output of a command that must succeed.
fn stdout_of(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The standard error of a command that must end with `code`.
fn stderr_of(cmd: &mut assert_cmd::Command, code: i32) -> String {
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(code), "{stderr}");
    stderr
}

const NBSP: char = '\u{a0}';

/// clap's own English words, none of which may show in a French help.
const CLAP_ENGLISH: [&str; 8] = [
    "Usage:",
    "Commands:",
    "Options:",
    "Arguments:",
    "Print help",
    "Print version",
    "[default:",
    "[possible values",
];

#[test]
fn help_follows_the_locale_unless_lang_is_given() {
    let wd = Workdir::new();
    let french = [
        vec![("LANG", "fr_FR.UTF-8")],
        vec![("LANG", "C"), ("LC_ALL", "fr_BE.UTF-8")],
        vec![("LANG", "en_GB.UTF-8"), ("LC_MESSAGES", "fr_CA")],
        vec![("LANG", "fr")],
    ];
    for vars in &french {
        let text = stdout_of(wd.command_in_locale(vars).arg("--help"));
        assert!(
            text.contains(&format!("Utilisation{NBSP}: tender [OPTIONS] <COMMANDE>")),
            "{vars:?}\n{text}"
        );
        assert!(text.contains(&format!("Commandes{NBSP}:")), "{text}");
        assert!(text.contains("Afficher l'aide"), "{text}");
        for word in CLAP_ENGLISH {
            assert!(!text.contains(word), "{vars:?}: {word}\n{text}");
        }
    }
    // LC_ALL comes first, then LC_MESSAGES, then LANG; anything but French is English.
    let english = [
        vec![("LANG", "C")],
        vec![],
        vec![("LANG", "fr_FR.UTF-8"), ("LC_ALL", "C")],
        vec![("LANG", "fr_FR.UTF-8"), ("LC_MESSAGES", "de_DE")],
        vec![("LANG", "de_DE.UTF-8")],
    ];
    for vars in &english {
        let text = stdout_of(wd.command_in_locale(vars).arg("--help"));
        assert!(
            text.contains("Usage: tender [OPTIONS] <COMMAND>"),
            "{vars:?}\n{text}"
        );
        assert!(text.contains("Print help"), "{text}");
        assert!(!text.contains("Utilisation"), "{text}");
    }
    // --lang decides whatever the locale, before or after the command.
    let text = stdout_of(
        wd.command_in_locale(&[("LANG", "fr_FR.UTF-8")])
            .args(["rank", "--help", "--lang", "en"]),
    );
    assert!(text.contains("Usage: tender rank"), "{text}");
    let text = stdout_of(
        wd.command_in_locale(&[("LANG", "C")])
            .args(["--lang=fr", "rank", "-h"]),
    );
    assert!(
        text.contains(&format!("Utilisation{NBSP}: tender rank")),
        "{text}"
    );
}

#[test]
fn every_command_has_a_french_and_an_english_help_with_examples() {
    let wd = Workdir::new();
    let commands = [
        "init",
        "template",
        "check",
        "normalise",
        "rank",
        "split",
        "explain",
        "scores",
        "export",
        "generate",
        "help",
    ];
    for c in commands {
        for (lang, usage, examples) in [
            (
                "fr",
                format!("Utilisation{NBSP}: tender {c}"),
                format!("Exemples{NBSP}:\n  tender "),
            ),
            (
                "en",
                format!("Usage: tender {c}"),
                "Examples:\n  tender ".to_owned(),
            ),
        ] {
            // `tender help C`, `tender C --help` and `tender C -h` say the same.
            let by_help = stdout_of(wd.command_in_locale(&[]).args(["--lang", lang, "help", c]));
            let by_flag = stdout_of(
                wd.command_in_locale(&[])
                    .args([c, "--help", "--lang", lang]),
            );
            let by_short = stdout_of(wd.command_in_locale(&[]).args([c, "-h", "--lang", lang]));
            assert_eq!(by_help, by_flag, "{c} {lang}");
            assert_eq!(by_help, by_short, "{c} {lang}");
            assert!(by_help.contains(&usage), "{c} {lang}\n{by_help}");
            assert!(by_help.contains(&examples), "{c} {lang}\n{by_help}");
            if lang == "fr" {
                for word in CLAP_ENGLISH {
                    assert!(!by_help.contains(word), "{c}: {word}\n{by_help}");
                }
            }
        }
    }
    let text = stdout_of(
        wd.command_in_locale(&[])
            .args(["--lang", "fr", "help", "split"]),
    );
    assert!(text.contains("Simuler un changement"), "{text}");
    assert!(text.contains("--method <MÉTHODE>"), "{text}");
    // The alias has the same help.
    let alias = stdout_of(
        wd.command_in_locale(&[])
            .args(["--lang", "fr", "help", "normalize"]),
    );
    assert!(alias.contains("Le coût annuel comparable"), "{alias}");
    let stderr = stderr_of(wd.command().args(["help", "ranq"]), 2);
    assert!(
        stderr.starts_with("erreur : commande inconnue « ranq » ; commandes : init,"),
        "{stderr}"
    );
}

#[test]
fn a_command_shows_only_the_options_it_honours() {
    let wd = Workdir::new();
    let template = stdout_of(wd.command().args(["template", "--help", "--lang", "en"]));
    for shown in [
        "--out <DIR>",
        "--tender <FILE>",
        "-o, --output <FILE>",
        "--lang",
    ] {
        assert!(template.contains(shown), "{shown}\n{template}");
    }
    for hidden in ["--format", "--lot", "--scope", "--excel"] {
        assert!(!template.contains(hidden), "{hidden}\n{template}");
    }
    let split = stdout_of(wd.command().args(["split", "--help", "--lang", "en"]));
    assert!(
        split.contains("--lot <LOT>") && !split.contains("--scope"),
        "{split}"
    );
    let rank = stdout_of(wd.command().args(["rank", "--help", "--lang", "en"]));
    for shown in ["--format", "--lot", "--scope", "--excel", "--output"] {
        assert!(rank.contains(shown), "{shown}\n{rank}");
    }
}

#[test]
fn french_by_default_in_every_message_and_english_with_lang_en() {
    let wd = small_with_offer("ACME");
    // (arguments, exit status, French message, English message)
    let cases: [(&[&str], i32, &str, &str); 12] = [
        (
            &["rank", "--bogus"],
            2,
            "argument inconnu « --bogus »",
            "unexpected argument '--bogus'",
        ),
        (
            &["rank", "--format", "xml"],
            2,
            "valeur « xml » refusée pour --format <FORMAT> ; valeurs admises : table, csv, json",
            "invalid value 'xml' for --format <FORMAT>; possible values: table, csv, json",
        ),
        (
            &["rank", "--format"],
            2,
            "valeur absente pour --format <FORMAT> ; valeurs admises : table, csv, json",
            "missing value for --format <FORMAT>; possible values: table, csv, json",
        ),
        (
            &["rank", "--tender"],
            2,
            "valeur absente pour --tender <FICHIER>\n",
            "missing value for --tender <FILE>\n",
        ),
        (
            &["explain", "--lot", "1"],
            2,
            "argument obligatoire absent : --bidder <CANDIDAT>",
            "a required argument is missing: --bidder <BIDDER>",
        ),
        (
            &["generate"],
            2,
            "argument obligatoire absent : <QUOI>",
            "a required argument is missing: <WHAT>",
        ),
        (
            &["ranq"],
            2,
            "commande inconnue « ranq » ; commandes : init, template, check, normalise, rank, split, explain, scores, report, export, simulate, generate (vouliez-vous dire « rank » ?)",
            "unrecognized command 'ranq'; commands: init, template, check, normalise, rank, split, explain, scores, report, export, simulate, generate (did you mean 'rank'?)",
        ),
        (
            &["rank", "--tender", "absent.toml"],
            3,
            "absent.toml : le fichier de consultation ne peut être lu (fichier ou dossier introuvable)",
            "absent.toml: the tender file cannot be read (no such file or folder)",
        ),
        (
            &["rank", "absent.xlsx"],
            3,
            "absent.xlsx : fichier ou dossier introuvable",
            "absent.xlsx: no such file or folder",
        ),
        (
            &["rank", "-o", "no/such/folder/x.csv"],
            3,
            "no/such/folder/x.csv : écriture impossible (fichier ou dossier introuvable)",
            "no/such/folder/x.csv: cannot write (no such file or folder)",
        ),
        (
            &["init"],
            2,
            "./tender.toml existe déjà ; ajoutez --force pour le remplacer",
            "./tender.toml already exists; add --force to replace it",
        ),
        (
            &["split", "--method", "fair"],
            2,
            "--method fair : méthode inconnue",
            "--method fair: no such method",
        ),
    ];
    // The refusal points to the help of the command typed.
    let stderr = stderr_of(wd.command().args(["split", "--bogus"]), 2);
    assert_eq!(
        stderr,
        "erreur : argument inconnu « --bogus »\naide : tender help split\n"
    );
    let stderr = stderr_of(wd.command().args(["--bogus", "--lang", "en"]), 2);
    assert_eq!(
        stderr,
        "error: unexpected argument '--bogus'\nhelp: tender help\n"
    );
    for (args, code, fr, en) in cases {
        // The messages' language does not follow the locale: French unless --lang en.
        let stderr = stderr_of(wd.command_in_locale(&[("LANG", "C")]).args(args), code);
        assert!(
            stderr.contains(&format!("erreur : {fr}")),
            "{args:?}\n{stderr}"
        );
        assert!(!stderr.contains("error"), "{args:?}\n{stderr}");
        let stderr = stderr_of(wd.command().args(args).args(["--lang", "en"]), code);
        assert!(
            stderr.contains(&format!("error: {en}")),
            "{args:?}\n{stderr}"
        );
    }
}

/// The global options and a value for each, as typed.
const GLOBAL_OPTIONS: [(&str, &[&str]); 6] = [
    ("tender", &["--tender", "tender.toml"]),
    ("format", &["--format", "json"]),
    ("lot", &["--lot", "1"]),
    ("scope", &["--scope", "a"]),
    ("output", &["-o", "out.x"]),
    ("excel", &["--excel", "--format", "csv"]),
];

#[test]
fn every_global_option_is_honoured_or_refused_by_every_command() {
    let wd = small_with_offer("ACME");
    // (command line, the global options it honours), written from the README.
    let analysis: &[&str] = &["tender", "format", "lot", "scope", "output", "excel"];
    let commands: [(&[&str], &[&str]); 10] = [
        (&["init", "fresh"], &[]),
        (&["template"], &["tender", "output"]),
        (&["check"], analysis),
        (&["normalise"], analysis),
        (&["rank"], analysis),
        (&["split"], &["tender", "format", "lot", "output", "excel"]),
        (
            &["explain", "--lot", "1", "--scope", "a", "--bidder", "acme"],
            analysis,
        ),
        (&["generate", "man"], &["output"]),
        (&["scores", "--init"], &["tender"]),
        (&["simulate"], analysis),
    ];
    for (command, honoured) in commands {
        for (option, typed) in GLOBAL_OPTIONS {
            if command.contains(&typed[0]) {
                // explain's --lot and --scope are already there.
                continue;
            }
            let _ = std::fs::remove_file(wd.join("out.x"));
            let _ = std::fs::remove_dir_all(wd.join("fresh"));
            let out = wd.command().args(command).args(typed).output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            if honoured.contains(&option) {
                // Honoured: never refused as an option (scores --init may still refuse
                // a tender naming no evaluation file, with status 2).
                assert!(
                    !stderr.contains("ne s'applique pas"),
                    "{command:?} {typed:?}\n{stderr}"
                );
                if command[0] != "scores" {
                    assert_ne!(
                        out.status.code(),
                        Some(2),
                        "{command:?} {typed:?}\n{stderr}"
                    );
                }
                if option == "output" {
                    assert!(wd.join("out.x").exists(), "{command:?} {typed:?}");
                }
            } else {
                assert_eq!(
                    out.status.code(),
                    Some(2),
                    "{command:?} {typed:?}\n{stderr}"
                );
                // `--excel --format csv`: --format is refused first where it is not honoured.
                let shown = match option {
                    "output" => "-o/--output",
                    "excel" if !honoured.contains(&"format") => "--format",
                    _ => typed[0],
                };
                let expected = format!(
                    "erreur : {shown} ne s'applique pas à la commande {}",
                    command[0]
                );
                assert!(stderr.starts_with(&expected), "{expected}\n{stderr}");
                // Nothing was written.
                assert!(out.stdout.is_empty(), "{command:?} {typed:?}");
                assert!(!wd.join("out.x").exists() && !wd.join("fresh").exists());
            }
        }
    }
    // The report of the issue: a workbook written to x.json, exit 0.
    let out = wd
        .command()
        .args([
            "template", "--format", "json", "-o", "x.json", "--out", "dir",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!wd.join("x.json").exists() && !wd.join("dir").exists());
    let stderr = stderr_of(wd.command().args(["rank", "--excel", "--lang", "en"]), 2);
    assert_eq!(
        stderr,
        "error: --excel applies to CSV only: add --format csv\n"
    );
}

#[test]
fn template_writes_to_one_place_and_dash_is_standard_output() {
    let wd = small_with_offer("ACME");
    let stderr = stderr_of(
        wd.command()
            .args(["template", "-o", "b.xlsx", "--out", "d"]),
        2,
    );
    assert!(
        stderr.starts_with("erreur : -o et --out ne peuvent être donnés ensemble"),
        "{stderr}"
    );
    assert!(!wd.join("b.xlsx").exists() && !wd.join("d").exists());
    // --out: the folder, under the usual name; -o: the file itself.
    wd.command()
        .args(["template", "--out", "d"])
        .assert()
        .success();
    assert!(wd.join("d/BPU-T-1.xlsx").exists());
    wd.command()
        .args(["template", "-o", "b.xlsx"])
        .assert()
        .success();
    let written = std::fs::read(wd.join("b.xlsx")).unwrap();
    // -o -: the workbook on the standard output, no file named "-".
    let out = wd.command().args(["template", "-o", "-"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(&out.stdout[..4], b"PK\x03\x04");
    assert_eq!(out.stdout.len(), written.len());
    assert!(!wd.join("-").exists());
    let json = stdout_of(
        wd.command()
            .args(["rank", "--lot", "1", "--format", "json", "-o", "-"]),
    );
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["lots"][0]["scopes"][0]["ranked"][0]["bidder"], "acme");
    assert!(!wd.join("-").exists());
}

#[test]
fn a_lot_is_named_with_or_without_leading_zeros() {
    let wd = small_with_offer("ACME");
    for given in ["1", "01", "001", " 1", "lot 1", "Lot 01", "LOT1"] {
        let json = stdout_of(
            wd.command()
                .args(["rank", "--format", "json", "--lot", given]),
        );
        let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
        let lots: Vec<&str> = doc["lots"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["lot"].as_str().unwrap())
            .collect();
        assert_eq!(lots, ["1"], "--lot {given:?}");
    }
    // Lot 2 has no offer: exit 1, and nothing of lot 1.
    let out = wd
        .command()
        .args(["normalise", "--format", "csv", "--lot", "02"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let csv_text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(csv_text.lines().count(), 1, "{csv_text}");
    let out = wd
        .command()
        .args(["normalise", "--format", "csv", "--lot", "1"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 3);
    let text = stdout_of(
        wd.command()
            .args(["explain", "--lot", "01", "--scope", "a", "--bidder", "acme"]),
    );
    assert!(text.contains("1000"), "{text}");
    let stderr = stderr_of(wd.command().args(["rank", "--lot", "010"]), 2);
    assert!(
        stderr.contains("--lot 010 : ce lot n'existe pas (lots : 1, 2)"),
        "{stderr}"
    );
    let stderr = stderr_of(wd.command().args(["rank", "--lot", "lot n°1"]), 2);
    assert!(stderr.contains("ce lot n'existe pas"), "{stderr}");
}

#[test]
fn init_says_what_to_do_next() {
    let wd = Workdir::new();
    let stderr = String::from_utf8(wd.command().args(["init"]).output().unwrap().stderr).unwrap();
    assert!(
        stderr.starts_with("fichier de consultation écrit : ./tender.toml\nEnsuite :\n"),
        "{stderr}"
    );
    let steps = [
        "complétez tender.toml",
        "tender template",
        "offres/",
        "tender check",
        "tender rank",
        "tender split",
    ];
    let mut at = 0;
    for s in steps {
        let found = stderr[at..]
            .find(s)
            .unwrap_or_else(|| panic!("{s} after {at}\n{stderr}"));
        at += found;
    }
    assert!(!stderr.contains("cd "), "{stderr}");
    let stderr = String::from_utf8(
        wd.command()
            .args(["init", "new-tender", "--lang", "en"])
            .output()
            .unwrap()
            .stderr,
    )
    .unwrap();
    assert!(
        stderr.contains("Next:\n  cd new-tender\n  1. fill in tender.toml"),
        "{stderr}"
    );
    assert!(
        stderr.contains("tender template") && stderr.contains("tender rank"),
        "{stderr}"
    );
}

#[test]
fn excel_csv_has_semicolons_decimal_commas_and_a_byte_order_mark() {
    // A bidder whose name looks like a decimal: text keeps its point.
    let wd = small_with_offer("2.50");
    let plain = stdout_of(wd.command().args(["rank", "--format", "csv", "--lot", "1"]));
    let out = wd
        .command()
        .args(["rank", "--format", "csv", "--excel", "--lot", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(&out.stdout[..3], b"\xEF\xBB\xBF");
    let excel = String::from_utf8(out.stdout[3..].to_vec()).unwrap();
    assert!(
        excel.starts_with("lot;lot_title;scope;rank;bidder;bidder_name;"),
        "{excel}"
    );
    assert!(excel.ends_with("\r\n"), "{excel}");
    // Scope a: 1 000,00 € a year over two years (tender duration), by hand.
    let row = excel
        .lines()
        .find(|l| l.starts_with("1;Musique;a;1;"))
        .unwrap();
    assert!(
        row.starts_with("1;Musique;a;1;acme;2.50;ranked;population;1000,00;2000,00;"),
        "{row}"
    );
    // Same records, same number of fields, nothing but the separators changed.
    let mut plain_rows = csv::Reader::from_reader(plain.as_bytes());
    let mut excel_rows = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(excel.as_bytes());
    let (p, e): (Vec<_>, Vec<_>) = (
        plain_rows.records().map(Result::unwrap).collect(),
        excel_rows.records().map(Result::unwrap).collect(),
    );
    assert_eq!(p.len(), e.len());
    for (p, e) in p.iter().zip(&e) {
        assert_eq!(p.len(), e.len());
        for (a, b) in p.iter().zip(e.iter()) {
            assert_eq!(a.replace('.', ","), b.replace('.', ","), "{p:?} {e:?}");
        }
    }
    // Every CSV output takes it: check, normalise, split, explain, simulate.
    for args in [
        &["check"][..],
        &["normalise"],
        &["split"],
        &["simulate"],
        &["explain", "--scope", "a", "--bidder", "acme"],
    ] {
        let out = wd
            .command()
            .args(args)
            .args(["--format", "csv", "--excel", "--lot", "1"])
            .output()
            .unwrap();
        assert!(out.stdout.starts_with(b"\xEF\xBB\xBF"), "{args:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        let header = text.lines().next().unwrap();
        assert!(
            header.contains(';') && !header.contains(','),
            "{args:?} {header}"
        );
    }
    let explain = stdout_of(wd.command().args([
        "explain", "--lot", "1", "--scope", "a", "--bidder", "acme", "--format", "csv", "--excel",
    ]));
    // The item code 1.1 is a name, not a figure.
    assert!(!explain.contains("cell;1,"), "{explain}");
}

#[test]
fn man_page_and_completions_come_from_the_command_line_definition() {
    let wd = Workdir::new();
    let man = stdout_of(wd.command().args(["generate", "man", "--lang", "en"]));
    assert!(man.contains(".TH tender 1"), "{man}");
    for c in [
        "init",
        "template",
        "check",
        "normalise",
        "rank",
        "split",
        "explain",
        "scores",
        "simulate",
        "generate",
    ] {
        assert!(man.contains(&format!("tender\\-{c}(1)")), "{c}");
        assert!(
            man.contains(&format!(".SH \"TENDER {}\"", c.to_uppercase())),
            "{c}"
        );
    }
    assert!(man.contains("\\-\\-what\\-if"), "{man}");
    // Each command's examples, under a heading of their own.
    assert!(man.contains(".SH EXAMPLES\n"), "{man}");
    assert!(man.contains(".SS EXAMPLES\n  tender rank\n"), "{man}");
    let french = stdout_of(wd.command().args(["generate", "man", "--lang", "fr"]));
    assert!(french.contains("Le classement par lot"), "{french}");
    assert!(
        french.contains(".SH NOM\n") && french.contains(".SH EXEMPLES\n"),
        "{french}"
    );
    assert!(
        !french.contains("EXTRA") && !french.contains("Print help"),
        "{french}"
    );
    let bash = stdout_of(wd.command().args(["generate", "complete-bash"]));
    assert!(
        bash.contains("complete -F _tender") && bash.contains("rank"),
        "{bash}"
    );
    assert!(bash.contains("--what-if"), "{bash}");
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let script = stdout_of(
            wd.command()
                .args(["generate", &format!("complete-{shell}")]),
        );
        assert!(
            script.contains("rank") && script.contains("explain"),
            "{shell}"
        );
    }
    // -o writes it to a file.
    wd.command()
        .args(["generate", "complete-fish", "-o", "tender.fish"])
        .assert()
        .success()
        .stdout("");
    assert!(
        std::fs::read_to_string(wd.join("tender.fish"))
            .unwrap()
            .contains("rank")
    );
}

#[test]
fn a_refused_number_is_answered_with_its_own_digits() {
    let wd = Workdir::new();
    let t = wd.tender(SMALL_TENDER);
    let cells = [
        ("1", "a", Population, Price, text("4.800")),
        ("1", "b", Population, Price, text("1 234.56")),
        ("1", "groupement", Population, Price, text("1,234,567")),
    ];
    wd.write("offres/acme.xlsx", offer_bytes(&t, Some("ACME"), &cells));
    let messages = |lang: &str| {
        let out = wd
            .command()
            .args(["check", "--format", "csv", "--lot", "1", "--lang", lang])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let mut rows = csv::Reader::from_reader(&out.stdout[..]);
        rows.records()
            .map(|r| r.unwrap()[9].to_owned())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let fr = messages("fr");
    for hint in [
        "« 4.800 » n'est pas un nombre (un point suivi de trois chiffres peut séparer les milliers ou les décimales : écrivez 4800 pour des milliers, ou 4,800 pour des décimales)",
        "« 1 234.56 » n'est pas un nombre (le point et la virgule (ou l'espace) sont mêlés : le sens ne peut être deviné ; si la partie décimale est 56, écrivez 1234,56)",
        "« 1,234,567 » n'est pas un nombre (plusieurs virgules décimales ; s'il s'agit de milliers, écrivez 1234567)",
    ] {
        assert!(fr.contains(hint), "{hint}\n{fr}");
    }
    let en = messages("en");
    for hint in [
        "'4.800' is not a number (a point followed by three digits may separate thousands or decimals: write 4800 for thousands, or 4,800 (a decimal comma) for decimals)",
        "if the decimal part is 56, write 1234.56)",
        "if they separate thousands, write 1234567)",
    ] {
        assert!(en.contains(hint), "{hint}\n{en}");
    }
    // Never the refused form itself.
    assert!(
        !en.contains("write 1.234") && !fr.contains("écrivez 1,234 "),
        "{en}\n{fr}"
    );
}

#[test]
fn a_decimal_of_the_tender_file_written_the_french_way_is_answered_with_its_digits() {
    let wd = Workdir::new();
    for (typed, fr, en) in [
        (
            "0,20",
            "« 0,20 » n'est pas un nombre décimal : écrivez \"0.20\"",
            "\"0,20\" is not a decimal number: write \"0.20\"",
        ),
        (
            "0,055",
            "« 0,055 » n'est pas un nombre décimal : écrivez \"0.055\"",
            "\"0,055\" is not a decimal number: write \"0.055\"",
        ),
        // No reading fits: a plain example, never the refused text.
        (
            "0,2,1",
            "« 0,2,1 » n'est pas un nombre décimal comme \"0.20\"",
            "\"0,2,1\" is not a decimal number such as \"0.20\"",
        ),
    ] {
        wd.write(
            "tender.toml",
            SMALL_TENDER.replace("vat_rate = \"0.20\"", &format!("vat_rate = \"{typed}\"")),
        );
        let stderr = stderr_of(wd.command().arg("rank"), 2);
        assert!(stderr.contains(fr), "{stderr}");
        let stderr = stderr_of(wd.command().args(["rank", "--lang", "en"]), 2);
        assert!(stderr.contains(en), "{stderr}");
    }
    // A float: the quoted form suggested is one the file accepts (no exponent).
    for (typed, fr) in [
        (
            "0.015",
            "écrivez-le entre guillemets, \"0.015\", pour qu'il soit lu exactement",
        ),
        (
            "2e-2",
            "écrivez-le entre guillemets, \"0.02\", pour qu'il soit lu exactement",
        ),
        (
            "1.5E3",
            "écrivez-le entre guillemets, \"1500\", pour qu'il soit lu exactement",
        ),
        (
            "inf",
            "écrivez un nombre décimal entre guillemets, comme \"0.20\"",
        ),
    ] {
        wd.write(
            "tender.toml",
            SMALL_TENDER.replace("vat_rate = \"0.20\"", &format!("vat_rate = {typed}")),
        );
        let stderr = stderr_of(wd.command().arg("rank"), 2);
        assert!(stderr.contains(fr), "{stderr}");
    }
}
