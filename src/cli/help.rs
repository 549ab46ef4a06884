//! The help in the user's language. clap's derive gives one text (the English doc
//! comments of `cli.rs`) and clap's own words ("Usage", "Commands", "Print help") are
//! English: the command is built from the derive, then every about, help line, value name
//! and heading is replaced from the table below, and the help flag, the version flag and
//! the `help` command are our own, so that nothing English is left in French.

use std::io::IsTerminal;

use clap::{Arg, ArgAction, Command, CommandFactory};

use tender::lang::Lang;

use super::Cli;

/// One argument's help: the command it belongs to ("" for the global options), its id
/// (the field's name in `cli.rs`), the French and English help, and the French value
/// name where the English one is a word.
struct ArgText {
    command: &'static str,
    id: &'static str,
    fr: &'static str,
    en: &'static str,
    value_fr: Option<&'static str>,
}

const fn arg(
    command: &'static str,
    id: &'static str,
    fr: &'static str,
    en: &'static str,
    value_fr: Option<&'static str>,
) -> ArgText {
    ArgText {
        command,
        id,
        fr,
        en,
        value_fr,
    }
}

const OFFERS_FR: &str = "Fichiers ou dossiers d'offres, ou le téléchargement de la plateforme (zip ou dossier des plis) (par défaut le dossier « offers » du fichier de consultation)";
const OFFERS_EN: &str = "Offer files or folders, or the platform's download (zip or folder of submissions) (the tender file's `offers` folder by default)";

const ARGS: &[ArgText] = &[
    arg(
        "",
        "tender",
        "Le fichier de consultation [défaut : tender.toml]",
        "The tender file [default: tender.toml]",
        Some("FICHIER"),
    ),
    arg(
        "",
        "format",
        "Format de sortie : table (pour lire), csv ou json (pour les scripts) [défaut : table] ; ocds ou decp pour export",
        "Output format: table for people, csv or json for scripts [default: table]; ocds or decp for export",
        None,
    ),
    arg(
        "",
        "lot",
        "N'afficher que ce lot (« 3 », « 03 » et « lot 3 » désignent le lot 3)",
        "Show only this lot (\"3\", \"03\" and \"lot 3\" all name lot 3)",
        None,
    ),
    arg(
        "",
        "scope",
        "N'afficher que ce périmètre : l'identifiant d'un membre, ou groupement",
        "Show only this scope: a member's id, or groupement",
        Some("PÉRIMÈTRE"),
    ),
    arg(
        "",
        "lang",
        "Langue des tableaux et des messages : fr ou en [défaut : fr]",
        "Language of tables and messages: fr or en [default: fr]",
        Some("LANGUE"),
    ),
    arg(
        "",
        "output",
        "Écrire la sortie dans ce fichier plutôt que sur la sortie standard (« - » : la sortie standard)",
        "Write the output to this file instead of the standard output (\"-\": the standard output)",
        Some("FICHIER"),
    ),
    arg(
        "",
        "excel",
        "Avec --format csv : un CSV pour Excel réglé en français (« ; » entre les champs, virgule décimale, marque BOM pour les accents)",
        "With --format csv: CSV for a spreadsheet set to French (\";\" between fields, decimal commas, a byte-order mark for accents)",
        None,
    ),
    arg(
        "init",
        "dir",
        "Le dossier où écrire tender.toml (le dossier courant par défaut)",
        "The folder to write tender.toml into (the current folder by default)",
        Some("DOSSIER"),
    ),
    arg(
        "init",
        "force",
        "Remplacer un tender.toml existant",
        "Replace an existing tender.toml",
        None,
    ),
    arg(
        "template",
        "out",
        "Le dossier où écrire BPU-<référence>.xlsx (le dossier courant par défaut) ; -o FICHIER nomme le fichier lui-même",
        "The folder to write BPU-<reference>.xlsx into (the current folder by default); -o FILE names the file itself",
        Some("DOSSIER"),
    ),
    arg("check", "offers", OFFERS_FR, OFFERS_EN, Some("OFFRES")),
    arg("normalise", "offers", OFFERS_FR, OFFERS_EN, Some("OFFRES")),
    arg("rank", "offers", OFFERS_FR, OFFERS_EN, Some("OFFRES")),
    arg("split", "offers", OFFERS_FR, OFFERS_EN, Some("OFFRES")),
    arg("explain", "offers", OFFERS_FR, OFFERS_EN, Some("OFFRES")),
    arg("simulate", "offers", OFFERS_FR, OFFERS_EN, Some("OFFRES")),
    arg(
        "simulate",
        "measure",
        "Une seule mesure : active_accounts, simultaneous_accesses ou consultations, ou all : toutes ensemble, un facteur sur l'estimation (par défaut chaque mesure dont dépend le coût d'une offre, puis toutes ensemble)",
        "One measure only: active_accounts, simultaneous_accesses or consultations, or all: every measure together, a factor on the estimate (each measure an offer's cost moves with, then all together, by default)",
        Some("MESURE"),
    ),
    arg(
        "simulate",
        "factor",
        "Les facteurs appliqués à l'estimation, BAS..HAUT ; les points d'équilibre sont cherchés de 0 à HAUT × l'estimation [défaut : 0.25..4]",
        "The factors applied to the estimate, LOW..HIGH; break-even points are searched from 0 to HIGH × the estimate [default: 0.25..4]",
        Some("BAS..HAUT"),
    ),
    arg(
        "simulate",
        "steps",
        "Le nombre de facteurs d'un balayage, BAS et HAUT compris [défaut : 50]",
        "The number of factors of a sweep, LOW and HIGH included [default: 50]",
        None,
    ),
    arg(
        "simulate",
        "sweep",
        "Le coût annuel et le rang de chaque offre à chaque facteur, au lieu des points d'équilibre",
        "Each offer's yearly cost and rank at each factor, instead of the break-even points",
        None,
    ),
    arg(
        "simulate",
        "draws",
        "Une simulation de Monte-Carlo de N tirages de l'usage selon les lois du fichier de consultation, au lieu des points d'équilibre",
        "A Monte Carlo of N draws of usage from the tender file's laws, instead of the break-even points",
        None,
    ),
    arg(
        "simulate",
        "seed",
        "La graine des tirages : la même graine donne le même résultat [défaut : 0]",
        "The seed of the draws: the same seed gives the same result [default: 0]",
        Some("GRAINE"),
    ),
    arg(
        "split",
        "method",
        "La méthode de répartition de tous les lots (par défaut la section [split] du fichier de consultation)",
        "The split method for every lot (the tender file's [split] by default)",
        Some("MÉTHODE"),
    ),
    arg(
        "split",
        "what_if",
        "Simuler un changement : join=ID (un [[prospect]] rejoint le groupement) ou leave=ID (un membre le quitte) ; montre la part de chaque membre avant et après, et la différence ; demande les grilles tarifaires des lots",
        "Simulate a change: join=ID (a [[prospect]] joins) or leave=ID (a member leaves); shows each member's share before and after, and the difference; needs the lots' band tariffs",
        None,
    ),
    arg(
        "split",
        "tariff",
        "Chiffrer le groupement et tout groupe de membres avec cette grille (CSV : par tranches, population_up_to,price_ht ; ou par groupe, members,price_ht) au lieu des offres : pour préparer la répartition avant la consultation",
        "Price the groupement and every group of members from this grid (CSV: by bands, population_up_to,price_ht; or per group, members,price_ht) instead of the offers: to plan the split before the tender",
        Some("FICHIER"),
    ),
    arg(
        "split",
        "compare",
        "La part de chaque membre selon chaque méthode, côte à côte, et ce que fait chaque méthode à ce groupement (parts négatives, membres au-dessus de leur prix seul, groupes qui paieraient moins seuls)",
        "Each member's share under every method side by side, and what each method does to this groupement (negative shares, members above their price alone, groups that would pay less alone)",
        None,
    ),
    arg(
        "explain",
        "bidder",
        "L'identifiant du candidat, tel que check l'affiche",
        "The bidder's id, as check shows it",
        Some("CANDIDAT"),
    ),
    arg("scores", "offers", OFFERS_FR, OFFERS_EN, Some("OFFRES")),
    arg(
        "scores",
        "init",
        "Écrire les fichiers (obligatoire : la commande ne fait que les commencer)",
        "Write the files (needed: the command only starts them)",
        None,
    ),
    arg(
        "scores",
        "force",
        "Remplacer les fichiers existants (les notes déjà saisies sont perdues)",
        "Replace existing files (the marks already typed in them are lost)",
        None,
    ),
    arg("report", "offers", OFFERS_FR, OFFERS_EN, Some("OFFRES")),
    arg(
        "report",
        "out",
        "Le fichier à écrire ; son extension donne le format (xlsx ou html)",
        "The file to write; its extension gives the format (xlsx or html)",
        Some("FICHIER"),
    ),
    arg(
        "report",
        "member",
        "Le rapport propre à un membre : ses périmètres, ses coûts, ses parts et ses économies",
        "One member's own report: its scopes, its costs, its shares and savings",
        None,
    ),
    arg(
        "report",
        "date",
        "La date de l'analyse, AAAA-MM-JJ, portée en annexe (jamais celle de l'horloge : les mêmes entrées donnent les mêmes octets)",
        "The date of the analysis, YYYY-MM-DD, shown in the annex (never the clock's: the same inputs give the same bytes)",
        Some("AAAA-MM-JJ"),
    ),
    arg("export", "offers", OFFERS_FR, OFFERS_EN, Some("OFFRES")),
    arg(
        "generate",
        "what",
        "man, complete-bash, complete-zsh, complete-fish, complete-powershell ou complete-elvish",
        "man, complete-bash, complete-zsh, complete-fish, complete-powershell or complete-elvish",
        Some("QUOI"),
    ),
];

/// One command's summary and examples, in both languages.
struct CommandText {
    name: &'static str,
    about_fr: &'static str,
    about_en: &'static str,
    examples_fr: &'static str,
    examples_en: &'static str,
}

const ROOT: CommandText = CommandText {
    name: "",
    about_fr: "Analyse des offres d'un groupement de commandes de ressources numériques : lit les bordereaux de prix (BPU) des candidats, ramène chaque offre à un coût annuel comparable, classe les offres par lot et répartit le coût entre les membres.",
    about_en: "Bid analysis for a joint purchase of digital library resources: reads the bidders' price schedules (BPU), brings every offer to one comparable yearly cost, ranks the offers per lot and shares the cost among the members.",
    examples_fr: "  tender init              écrit un tender.toml commenté à compléter\n  tender rank --lot 3      classe les offres du lot 3\n  tender help rank         l'aide d'une commande\n\nL'aide est en français si LC_ALL, LC_MESSAGES ou LANG commence par « fr », en anglais sinon ; --lang l'impose. Tableaux et messages sont en français, sauf avec --lang en.",
    examples_en: "  tender init              writes a commented tender.toml to fill in\n  tender rank --lot 3      ranks the offers of lot 3\n  tender help rank         one command's help\n\nThe help is in French when LC_ALL, LC_MESSAGES or LANG starts with \"fr\", in English otherwise; --lang decides. Tables and messages are in French unless --lang en is given.",
};

const COMMANDS: &[CommandText] = &[
    CommandText {
        name: "init",
        about_fr: "Écrire un tender.toml commenté à compléter, et le dossier offres/",
        about_en: "Write a commented tender.toml to fill in, and the offres/ folder",
        examples_fr: "  tender init\n  tender init consultation-2027",
        examples_en: "  tender init --lang en\n  tender init tender-2027 --lang en",
    },
    CommandText {
        name: "template",
        about_fr: "Écrire le bordereau de prix (BPU) que les candidats remplissent : un classeur xlsx",
        about_en: "Write the price schedule (BPU) that bidders fill in: an xlsx workbook",
        examples_fr: "  tender template\n  tender template --out dce/\n  tender template -o BPU.xlsx",
        examples_en: "  tender template\n  tender template --out dce/\n  tender template -o BPU.xlsx",
    },
    CommandText {
        name: "check",
        about_fr: "Chaque problème des fichiers des candidats, avec son fichier, sa feuille et sa cellule",
        about_en: "Every problem in every bidder's files, each with its file, sheet and cell",
        examples_fr: "  tender check\n  tender check offres/acme.xlsx\n  tender check telechargement.zip\n  tender check --format csv --excel -o problemes.csv",
        examples_en: "  tender check\n  tender check offres/acme.xlsx\n  tender check telechargement.zip\n  tender check --format json -o problems.json",
    },
    CommandText {
        name: "normalise",
        about_fr: "Le coût annuel comparable de chaque offre, par lot et par périmètre",
        about_en: "Each offer's comparable yearly cost per lot and scope",
        examples_fr: "  tender normalise --lot 3\n  tender normalise --format csv --excel -o couts.csv",
        examples_en: "  tender normalise --lot 3\n  tender normalise --format json -o costs.json",
    },
    CommandText {
        name: "rank",
        about_fr: "Le classement par lot, pour chaque membre seul et pour le groupement",
        about_en: "The ranking per lot, for each member alone and for the groupement",
        examples_fr: "  tender rank\n  tender rank --lot 3 --scope groupement --format csv --excel -o lot3.csv",
        examples_en: "  tender rank\n  tender rank --lot 3 --scope groupement --format json",
    },
    CommandText {
        name: "split",
        about_fr: "La répartition du coût du groupement entre ses membres, et l'économie de chacun",
        about_en: "How the groupement's cost is shared among its members, and each member's saving",
        examples_fr: "  tender split\n  tender split --lot 1 --method equal_savings --what-if leave=voiron\n  tender split --tariff grille.csv --compare --lot 1",
        examples_en: "  tender split\n  tender split --lot 1 --method equal_savings --what-if leave=voiron\n  tender split --tariff grid.csv --compare --lot 1",
    },
    CommandText {
        name: "explain",
        about_fr: "Le calcul d'une offre pour un lot et un périmètre, pas à pas, jusqu'aux cellules lues (demande --lot, --scope et --bidder)",
        about_en: "The calculation of one offer for one lot and scope, step by step, back to the cells read (needs --lot, --scope and --bidder)",
        examples_fr: "  tender explain --lot 1 --scope groupement --bidder acme",
        examples_en: "  tender explain --lot 1 --scope groupement --bidder acme --lang en",
    },
    CommandText {
        name: "scores",
        about_fr: "Commencer les fichiers des notes techniques, des niveaux de sécurité et des réponses RGPD : une ligne par candidat et par lot trouvés, les notes à saisir",
        about_en: "Start the technical scores, security grades and GDPR answers files: one line per bidder and lot found, the marks left to fill in",
        examples_fr: "  tender scores --init\n  tender scores --init --force",
        examples_en: "  tender scores --init\n  tender scores --init --force",
    },
    CommandText {
        name: "report",
        about_fr: "Le rapport d'analyse des offres pour la commission : un classeur (synthèse, une feuille par lot, répartition, constats, annexe) ou une page web avec graphiques",
        about_en: "The bid analysis report for the tender committee: a workbook (summary, one sheet per lot, cost sharing, findings, annex) or a web page with charts",
        examples_fr: "  tender report --out analyse.xlsx --date 2026-12-02\n  tender report --out analyse.html --date 2026-12-02\n  tender report --member isere --out isere.xlsx",
        examples_en: "  tender report --out analysis.xlsx --date 2026-12-02 --lang en\n  tender report --out analysis.html --date 2026-12-02 --lang en\n  tender report --member isere --out isere.xlsx --lang en",
    },
    CommandText {
        name: "export",
        about_fr: "L'attribution en données ouvertes, tirée de la même analyse que rank : --format ocds (paquet de publications OCDS) ou --format decp (données essentielles DECP 2.0.3)",
        about_en: "The award as open data, from the same analysis as rank: --format ocds (an OCDS release package) or --format decp (France's DECP 2.0.3)",
        examples_fr: "  tender export --format decp -o decp.json\n  tender export --format ocds -o ocds.json",
        examples_en: "  tender export --format decp -o decp.json --lang en\n  tender export --format ocds -o ocds.json --lang en",
    },
    CommandText {
        name: "simulate",
        about_fr: "La robustesse du classement à l'usage : les usages exacts où l'offre la moins chère et l'attributaire changent (points d'équilibre), ou le coût et le rang de chaque offre quand l'usage varie (--sweep)",
        about_en: "How robust the ranking is to usage: the exact usages at which the cheapest offer and the winner change (break-even points), or each offer's cost and rank as usage is scaled (--sweep)",
        examples_fr: "  tender simulate --lot 1 --scope groupement\n  tender simulate --measure active_accounts --factor 0..10\n  tender simulate --sweep --lot 1 --factor 0.5..2 --steps 7\n  tender simulate --draws 100000 --seed 7",
        examples_en: "  tender simulate --lot 1 --scope groupement --lang en\n  tender simulate --measure active_accounts --factor 0..10\n  tender simulate --sweep --lot 1 --factor 0.5..2 --steps 7\n  tender simulate --draws 100000 --seed 7",
    },
    CommandText {
        name: "generate",
        about_fr: "Écrire la page de manuel ou le script de complétion d'un shell sur la sortie standard",
        about_en: "Write the man page or a shell's completion script to the standard output",
        examples_fr: "  tender generate man > ~/.local/share/man/man1/tender.1\n  tender generate complete-bash > ~/.local/share/bash-completion/completions/tender",
        examples_en: "  tender generate man > ~/.local/share/man/man1/tender.1\n  tender generate complete-bash > ~/.local/share/bash-completion/completions/tender",
    },
    CommandText {
        name: "help",
        about_fr: "L'aide de tender ou d'une commande",
        about_en: "The help of tender or of one command",
        examples_fr: "  tender help rank",
        examples_en: "  tender help rank",
    },
];

/// The language of the help: `--lang` when given, else the locale (LC_ALL, then
/// LC_MESSAGES, then LANG: the first one set decides), French when it starts with `fr`.
pub fn lang(args: &[std::ffi::OsString]) -> Lang {
    if super::lang_given(args) {
        return super::lang_in(args);
    }
    let var = |name: &str| std::env::var(name).ok();
    Lang::from_locale(
        var("LC_ALL").as_deref(),
        var("LC_MESSAGES").as_deref(),
        var("LANG").as_deref(),
    )
}

/// The whole command line's definition, with every text in `lang`.
pub fn command(lang: Lang) -> Command {
    let cmd = Cli::command()
        .disable_help_subcommand(true)
        .subcommand(
            Command::new("help").arg(
                Arg::new("command")
                    .value_name(lang.pick("COMMANDE", "COMMAND"))
                    .help(lang.pick("La commande", "The command")),
            ),
        )
        .max_term_width(100)
        .subcommand_value_name(lang.pick("COMMANDE", "COMMAND"))
        .subcommand_help_heading(lang.pick("Commandes\u{a0}", "Commands"))
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(lang.pick("Afficher la version", "Print version")),
        );
    // Within a terminal's width (at most 100 columns); 100 columns when the help is
    // piped or captured, whatever terminal is around, so that it is the same bytes.
    let cmd = if std::io::stdout().is_terminal() {
        cmd
    } else {
        cmd.term_width(100)
    };
    let cmd = translate(cmd, &ROOT, "", lang);
    let cmd = COMMANDS.iter().fold(cmd, |cmd, text| {
        cmd.mut_subcommand(text.name, |sc| {
            translate(sc, text, text.name, lang).disable_version_flag(true)
        })
    });
    // Each command's help shows only the global options it honours (the others are
    // refused): a hidden copy of a global option in a command stands in for the copy
    // clap would make when building.
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|sc| sc.get_name().to_owned())
        .collect();
    names.iter().fold(cmd, |cmd, name| {
        let Some(honoured) = crate::cmd::options::honoured(name) else {
            return cmd;
        };
        let hidden: Vec<Arg> = cmd
            .get_arguments()
            .filter(|a| a.is_global_set())
            .filter(|a| {
                let id = a.get_id().as_str();
                crate::cmd::options::GLOBAL.iter().any(|(g, _)| *g == id) && !honoured.contains(&id)
            })
            .map(|a| a.clone().hide(true))
            .collect();
        cmd.mut_subcommand(name, |sc| sc.args(hidden))
    })
}

/// Replaces one command's texts, its arguments' and its help flag's.
fn translate(cmd: Command, text: &CommandText, name: &str, lang: Lang) -> Command {
    let examples = format!(
        "{}\n{}",
        lang.pick("Exemples\u{a0}:", "Examples:"),
        typeset(lang.pick(text.examples_fr, text.examples_en), lang)
    );
    let usage = lang.pick("Utilisation\u{a0}:", "Usage:");
    let cmd = cmd
        .about(typeset(lang.pick(text.about_fr, text.about_en), lang))
        .long_about(None)
        .after_help(examples)
        .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{usage} {{usage}}\n\n{{all-args}}{{after-help}}"
        ))
        .disable_help_flag(true);
    let cmd = ARGS
        .iter()
        .filter(|a| a.command == name)
        .fold(cmd, |cmd, a| {
            cmd.mut_arg(a.id, |arg| translate_arg(arg, a, lang))
        });
    let cmd = cmd.arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .help(lang.pick("Afficher l'aide", "Print help")),
    );
    match lang {
        // clap writes "Options:" and "Arguments:"; French puts a space before the colon.
        // The sections come in the order of their first argument: `mut_arg` moved the
        // table's arguments, positional ones first, to the end, before the help flag.
        Lang::Fr => cmd.mut_args(|a| {
            let heading = if a.is_positional() {
                "Arguments\u{a0}"
            } else {
                "Options\u{a0}"
            };
            a.help_heading(heading)
        }),
        Lang::En => cmd,
    }
}

fn translate_arg(arg: Arg, text: &ArgText, lang: Lang) -> Arg {
    let arg = arg
        .help(typeset(lang.pick(text.fr, text.en), lang))
        .long_help(None);
    // Defaults and values are in the help text, in the user's words.
    let takes_values = arg.get_action().takes_values();
    let arg = arg
        .hide_default_value(takes_values)
        .hide_possible_values(takes_values);
    match (lang, text.value_fr) {
        (Lang::Fr, Some(v)) => arg.value_name(v),
        _ => arg,
    }
}

/// French typography: a no-break space before `:`, `;`, `?`, `!` and inside « »,
/// which also keeps the wrapping from starting a line with a colon. clap writes its
/// headings' colon itself: in French they end with a no-break space.
fn typeset(text: &str, lang: Lang) -> String {
    match lang {
        Lang::Fr => [
            (" :", "\u{a0}:"),
            (" ;", "\u{a0};"),
            (" ?", "\u{a0}?"),
            (" !", "\u{a0}!"),
            ("« ", "«\u{a0}"),
            (" »", "\u{a0}»"),
        ]
        .iter()
        .fold(text.to_owned(), |t, (from, to)| t.replace(from, to)),
        Lang::En => text.to_owned(),
    }
}

/// `tender help [COMMAND]`: the help of the command named, or of tender itself, as
/// clap shows it for `tender COMMAND --help` (so that its usage line names the command
/// path). `None` when no such command exists.
pub fn print(cmd: &mut Command, name: Option<&str>) -> Option<std::io::Result<()>> {
    let Some(name) = name else {
        return Some(cmd.print_help());
    };
    let known = cmd
        .get_subcommands()
        .any(|sc| sc.get_name() == name || sc.get_all_aliases().any(|a| a == name));
    if !known {
        return None;
    }
    match cmd.try_get_matches_from_mut(["tender", name, "--help"]) {
        Err(e) => Some(e.print()),
        Ok(_) => Some(Ok(())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// clap's own checks of a definition, in both languages.
    #[test]
    fn the_definition_is_sound() {
        command(Lang::Fr).debug_assert();
        command(Lang::En).debug_assert();
    }

    /// Every argument and every command of the definition has its texts in the table:
    /// a new option or command without its French help fails here.
    #[test]
    fn every_argument_and_command_is_translated() {
        let cmd = Cli::command();
        for a in cmd.get_arguments() {
            let id = a.get_id().as_str();
            assert!(
                ARGS.iter().any(|t| t.command.is_empty() && t.id == id),
                "{id}"
            );
        }
        for sc in cmd.get_subcommands() {
            let name = sc.get_name();
            assert!(COMMANDS.iter().any(|t| t.name == name), "{name}");
            for a in sc.get_arguments() {
                let id = a.get_id().as_str();
                assert!(
                    ARGS.iter().any(|t| t.command == name && t.id == id),
                    "{name} {id}"
                );
            }
        }
    }
}
