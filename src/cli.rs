//! The command line: one definition of every flag. Flags shared by subcommands live once,
//! in [`Common`]. The doc comments below are the English help; `help` replaces them by
//! the user's language; `cmd::options` says which command honours which global option.

pub mod help;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use tender::lang::Lang;
use tender::output::{Format, Selection};

#[derive(Parser, Debug)]
#[command(
    name = "tender",
    version,
    about = "Analyse des offres d'un groupement de commandes de ressources numériques \
             (Bid analysis for a joint purchase of digital library resources)",
    propagate_version = true
)]
pub struct Cli {
    #[command(flatten)]
    pub common: Common,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Debug, Clone)]
pub struct Common {
    /// The tender file.
    #[arg(
        long,
        global = true,
        value_name = "FILE",
        default_value = "tender.toml"
    )]
    pub tender: PathBuf,
    /// Output format: a table for people, csv or json for scripts; ocds or decp for
    /// `export`.
    #[arg(long, global = true, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
    /// Show only this lot.
    #[arg(long, global = true, value_name = "LOT")]
    pub lot: Option<String>,
    /// Show only this scope (a member's id, or `groupement`).
    #[arg(long, global = true, value_name = "SCOPE")]
    pub scope: Option<String>,
    /// Language of labels and messages.
    #[arg(long, global = true, value_enum, default_value_t = LangArg::Fr)]
    pub lang: LangArg,
    /// Write the output to this file instead of the standard output (`-` for the
    /// standard output).
    #[arg(short = 'o', long, global = true, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// CSV for a spreadsheet set to French: `;` between fields, decimal commas, and a
    /// byte-order mark so that accents show.
    #[arg(long, global = true)]
    pub excel: bool,
}

impl Common {
    pub fn lang(&self) -> Lang {
        match self.lang {
            LangArg::Fr => Lang::Fr,
            LangArg::En => Lang::En,
        }
    }

    pub fn format(&self) -> Format {
        match self.format {
            FormatArg::Table => Format::Table,
            FormatArg::Csv => Format::Csv,
            FormatArg::Json => Format::Json,
            // Refused before any command but `export` looks at the format (`cmd::run`).
            FormatArg::Ocds | FormatArg::Decp => Format::Json,
        }
    }

    /// The open-data format asked for, when one is.
    pub fn open_data(&self) -> Option<OpenData> {
        match self.format {
            FormatArg::Ocds => Some(OpenData::Ocds),
            FormatArg::Decp => Some(OpenData::Decp),
            FormatArg::Table | FormatArg::Csv | FormatArg::Json => None,
        }
    }

    pub fn selection(&self) -> Selection {
        Selection {
            lot: self.lot.clone(),
            scope: self.scope.clone(),
        }
    }
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatArg {
    Table,
    Csv,
    Json,
    /// The Open Contracting Data Standard (`export` only).
    Ocds,
    /// France's essential data of public contracts (`export` only).
    Decp,
}

/// The open-data formats `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenData {
    Ocds,
    Decp,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum LangArg {
    Fr,
    En,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Write a commented example tender.toml to start from.
    Init {
        /// The folder to write tender.toml into (the current folder by default).
        dir: Option<PathBuf>,
        /// Replace an existing tender.toml.
        #[arg(long)]
        force: bool,
    },
    /// Write the price schedule (BPU) workbook that bidders fill in.
    Template {
        /// The folder to write BPU-<reference>.xlsx into (the current folder by default).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Every problem in every bidder's files, each with its file, sheet and cell.
    Check {
        /// Offer files or folders (the tender's offers folder by default).
        offers: Vec<PathBuf>,
    },
    /// Each offer's comparable yearly cost per lot and scope.
    #[command(alias = "normalize")]
    Normalise {
        /// Offer files or folders (the tender's offers folder by default).
        offers: Vec<PathBuf>,
    },
    /// The ranking per lot, for each member alone and for the groupement.
    Rank {
        /// Offer files or folders (the tender's offers folder by default).
        offers: Vec<PathBuf>,
    },
    /// How the groupement's cost is shared among its members, and each member's saving.
    Split {
        /// The split method for every lot (the tender's `[split]` by default).
        #[arg(long, value_name = "METHOD")]
        method: Option<String>,
        /// Simulate a change: `join=ID` (a `[[prospect]]` joins) or `leave=ID` (a member
        /// leaves); needs the lots' band tariffs.
        #[arg(long = "what-if", value_name = "join=ID|leave=ID")]
        what_if: Option<String>,
        /// Price the groupement and every group of members from this grid (CSV: a band
        /// grid `population_up_to,price_ht`, or `members,price_ht` per group) instead of
        /// the offers: to plan the split before the tender.
        #[arg(long, value_name = "FILE", conflicts_with = "offers")]
        tariff: Option<PathBuf>,
        /// Each member's share under every method side by side, with what each method
        /// does to this groupement (negative shares, members above their price alone,
        /// groups that would pay less alone).
        #[arg(long, conflicts_with_all = ["method", "what_if"])]
        compare: bool,
        /// Offer files or folders (the tender's offers folder by default).
        offers: Vec<PathBuf>,
    },
    /// Start the technical scores, security grades and GDPR answers files named in the
    /// tender: one line per bidder and lot found in the offers, the marks left empty.
    Scores {
        /// Write the files (needed: the command only starts them).
        #[arg(long, required = true)]
        init: bool,
        /// Replace existing files (the marks already typed in them are lost).
        #[arg(long)]
        force: bool,
        /// Offer files or folders (the tender's offers folder by default).
        offers: Vec<PathBuf>,
    },
    /// The calculation of one offer for one lot and scope, step by step, back to the
    /// cells read (needs --lot, --scope and --bidder).
    Explain {
        /// The bidder's id, as `check` shows it (or its file's name without extension).
        #[arg(long, value_name = "BIDDER")]
        bidder: String,
        /// Offer files or folders (the tender's offers folder by default).
        offers: Vec<PathBuf>,
    },
    /// The analysis report the tender committee reads, as a workbook (--out FILE.xlsx:
    /// summary, one sheet per lot, the cost sharing, the findings, the annex) or a web
    /// page with charts (--out FILE.html).
    Report {
        /// The file to write; its extension gives the format (xlsx or html).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// One member's own report: its scopes, its costs, its shares and savings.
        #[arg(long, value_name = "ID")]
        member: Option<String>,
        /// The date of the analysis, YYYY-MM-DD, shown in the annex (never the clock's:
        /// the same inputs give the same bytes).
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// Offer files or folders (the tender's offers folder by default).
        offers: Vec<PathBuf>,
    },
    /// The award as open data, from the same analysis as rank: --format ocds (an OCDS
    /// release package) or --format decp (France's DECP 2.0.3).
    Export {
        /// Offer files or folders (the tender's offers folder by default).
        offers: Vec<PathBuf>,
    },
    /// How robust the ranking is to usage: the exact usages at which the cheapest offer
    /// and the winner change (break-even points), or each offer's cost and rank as usage
    /// is scaled (--sweep).
    Simulate {
        /// One measure only: active_accounts, simultaneous_accesses or consultations
        /// (each measure an offer's cost moves with by default).
        #[arg(long, value_name = "MEASURE")]
        measure: Option<String>,
        /// The factors applied to the estimate, LOW..HIGH; break-even points are searched
        /// from 0 to HIGH × the estimate.
        #[arg(long, value_name = "LOW..HIGH", default_value = "0.25..4")]
        factor: String,
        /// The number of factors of a sweep, LOW and HIGH included.
        #[arg(long, value_name = "N", default_value_t = 50)]
        steps: u32,
        /// Each offer's yearly cost and rank at each factor, instead of the break-even
        /// points.
        #[arg(long, conflicts_with = "draws")]
        sweep: bool,
        /// A Monte Carlo of this many draws of usage from the tender file's laws, instead
        /// of the break-even points.
        #[arg(long, value_name = "N")]
        draws: Option<u64>,
        /// The seed of the Monte Carlo's draws: the same seed gives the same result.
        #[arg(long, value_name = "SEED", default_value_t = 0)]
        seed: u64,
        /// Offer files or folders (the tender's offers folder by default).
        offers: Vec<PathBuf>,
    },
    /// Write the man page or a shell's completion script to the standard output.
    Generate {
        /// What to write.
        #[arg(value_enum, value_name = "WHAT")]
        what: Generated,
    },
}

/// What `tender generate` writes.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generated {
    Man,
    CompleteBash,
    CompleteZsh,
    CompleteFish,
    CompletePowershell,
    CompleteElvish,
}

/// The language asked for on the command line, read before clap parses it (so that a
/// command line clap refuses is answered in that language too); French by default.
pub fn lang_in(args: &[std::ffi::OsString]) -> Lang {
    let mut words = args.iter().filter_map(|a| a.to_str());
    while let Some(w) = words.next() {
        let value = match w.strip_prefix("--lang=") {
            Some(v) => Some(v),
            None if w == "--lang" => words.next(),
            None => None,
        };
        if let Some(v) = value {
            return if v.eq_ignore_ascii_case("en") {
                Lang::En
            } else {
                Lang::Fr
            };
        }
    }
    Lang::Fr
}

/// Whether `--lang` is on the command line (the help then follows it, not the locale).
pub fn lang_given(args: &[std::ffi::OsString]) -> bool {
    args.iter()
        .filter_map(|a| a.to_str())
        .any(|w| w == "--lang" || w.starts_with("--lang="))
}

/// The command a command line names: its first word that is one.
pub fn command_in(args: &[std::ffi::OsString]) -> Option<&'static str> {
    args.iter()
        .skip(1)
        .filter_map(|a| a.to_str())
        .map(|a| if a == "normalize" { "normalise" } else { a })
        .find_map(|a| COMMANDS.split(", ").find(|c| *c == a))
}

/// The commands, for a message about a command line.
const COMMANDS: &str = "init, template, check, normalise, rank, split, explain, scores, report, export, simulate, generate";

/// A command name that is not one.
pub fn unknown_command(name: &str, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("commande inconnue « {name} » ; commandes : {COMMANDS}"),
        Lang::En => format!("unrecognized command '{name}'; commands: {COMMANDS}"),
    }
}

/// A command line clap refuses, in our own words (clap's are English). `None` when clap
/// is not refusing but showing the help or the version, which it prints itself.
/// `command` is the command the line names, whose help the message points to.
pub fn refusal(e: &clap::Error, lang: Lang, command: Option<&str>) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind as K};
    let get = |kind: ContextKind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        Some(ContextValue::Number(n)) => n.to_string(),
        Some(ContextValue::Bool(b)) => b.to_string(),
        Some(ContextValue::None) | None => String::new(),
        Some(_) => String::new(),
    };
    let arg = get(ContextKind::InvalidArg);
    let value = get(ContextKind::InvalidValue);
    let valid = get(ContextKind::ValidValue);
    let fr = lang == Lang::Fr;
    let message = match e.kind() {
        K::DisplayHelp | K::DisplayVersion | K::DisplayHelpOnMissingArgumentOrSubcommand => {
            return None;
        }
        K::InvalidValue if value.is_empty() => {
            let (missing, admitted) = if fr {
                ("valeur absente pour", " ; valeurs admises : ")
            } else {
                ("missing value for", "; possible values: ")
            };
            let admitted = if valid.is_empty() { "" } else { admitted };
            format!("{missing} {arg}{admitted}{valid}")
        }
        K::InvalidValue if fr => {
            format!("valeur « {value} » refusée pour {arg} ; valeurs admises : {valid}")
        }
        K::InvalidValue => format!("invalid value '{value}' for {arg}; possible values: {valid}"),
        K::UnknownArgument if fr => format!("argument inconnu « {arg} »"),
        K::UnknownArgument => format!("unexpected argument '{arg}'"),
        K::InvalidSubcommand if fr => format!(
            "commande inconnue « {} » ; commandes : {COMMANDS}",
            get(ContextKind::InvalidSubcommand),
        ),
        K::InvalidSubcommand => format!(
            "unrecognized command '{}'; commands: {COMMANDS}",
            get(ContextKind::InvalidSubcommand),
        ),
        K::MissingRequiredArgument if fr => format!("argument obligatoire absent : {arg}"),
        K::MissingRequiredArgument => format!("a required argument is missing: {arg}"),
        K::MissingSubcommand if fr => format!("aucune commande donnée ({COMMANDS})"),
        K::MissingSubcommand => format!("no command given ({COMMANDS})"),
        K::ArgumentConflict if fr => format!(
            "{arg} ne peut être donné avec {}",
            get(ContextKind::PriorArg)
        ),
        K::ArgumentConflict => format!("{arg} cannot be used with {}", get(ContextKind::PriorArg)),
        K::TooManyValues | K::TooFewValues | K::WrongNumberOfValues | K::NoEquals if fr => {
            format!("nombre de valeurs incorrect pour {arg}")
        }
        K::TooManyValues | K::TooFewValues | K::WrongNumberOfValues | K::NoEquals => {
            format!("wrong number of values for {arg}")
        }
        _ if fr => "ligne de commande incorrecte".to_owned(),
        _ => "invalid command line".to_owned(),
    };
    let suggested = get(ContextKind::SuggestedArg) + &get(ContextKind::SuggestedSubcommand);
    let hint = match (suggested.is_empty(), lang) {
        (false, Lang::Fr) => format!(" (vouliez-vous dire « {suggested} » ?)"),
        (false, Lang::En) => format!(" (did you mean '{suggested}'?)"),
        (true, _) => String::new(),
    };
    let help = lang.pick("aide : tender help", "help: tender help");
    let command = command.map(|c| format!(" {c}")).unwrap_or_default();
    Some(format!("{message}{hint}\n{help}{command}"))
}
