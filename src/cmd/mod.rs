//! One module per subcommand: each only wires the library together. The rules live in
//! the library; the sentences in `tender::output::text` and here, for the CLI's own
//! errors.

mod check;
mod explain;
mod export;
mod generate;
mod init;
mod normalise;
pub mod options;
mod rank;
mod report;
mod scores;
mod simulate;
mod split;
mod template;

use std::io::Write;
use std::path::{Path, PathBuf};

use tender::analysis::{Analysis, AnalysisError};
use tender::bpu::DiscoverError;
use tender::download::DownloadError;
use tender::lang::Lang;
use tender::output::text;
use tender::tender::technical::TechnicalError;
use tender::tender::{Tender, TenderError};

use crate::cli::{Cli, Command, Common};

/// Exit status: done.
pub const OK: u8 = 0;
/// Done, but problems were found in the offers, or a lot has no rankable offer.
pub const PROBLEMS: u8 = 1;
/// Bad invocation or invalid tender file.
pub const USAGE: u8 = 2;
/// An input could not be read at all.
pub const UNREADABLE: u8 = 3;
/// A bidder's file could not be read because of a fault of this program (a bug to
/// report), whatever else happened.
pub const INTERNAL: u8 = 4;

#[derive(Debug, thiserror::Error)]
pub enum CmdError {
    #[error(transparent)]
    Tender(#[from] TenderError),
    #[error(transparent)]
    Analysis(#[from] AnalysisError),
    #[error("{0}")]
    Usage(Usage),
    #[error("{}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Template(#[from] tender::bpu::template::TemplateError),
    #[error("{0}")]
    Workbook(#[from] tender::output::report_xlsx::WorkbookError),
    /// `split --tariff`: the buyer's grid cannot be used.
    #[error(transparent)]
    Grid(#[from] tender::split::grid::GridError),
    #[error(transparent)]
    Publish(tender::publish::PublishError),
    /// The open-data document could not be written as JSON (a bug).
    #[error("{0}")]
    Serialize(serde_json::Error),
    #[error(transparent)]
    Index(#[from] tender::tender::index::IndexError),
}

/// A command line that names something that does not exist, or would overwrite a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Usage {
    UnknownLot {
        lot: String,
        known: String,
    },
    UnknownScope {
        scope: String,
        known: String,
    },
    WouldOverwrite {
        path: PathBuf,
    },
    /// `explain` needs this option.
    Needs {
        option: &'static str,
    },
    /// `explain` was asked about an offer that does not exist.
    NoOffer {
        bidder: String,
        lot: String,
        scope: String,
        offered: Vec<String>,
    },
    /// `explain` was asked about a bidder whose file could not be read.
    Unread {
        bidder: String,
        reason: String,
    },
    /// `split --method` names no method.
    UnknownMethod {
        method: String,
    },
    /// `split --what-if` is not `join=ID` or `leave=ID`, or names no such authority.
    WhatIf {
        given: String,
        problem: Option<tender::split::WhatIfError>,
    },
    /// `scores --init` has nothing to write.
    ScoresInit(scores::Refusal),
    /// A global option the command would ignore.
    NotHonoured {
        command: &'static str,
        option: &'static str,
        honoured: Vec<&'static str>,
    },
    /// `--excel` shapes CSV only.
    ExcelWithoutCsv,
    /// `template -o FILE --out DIR`: two places for one workbook.
    OutputAndOut,
    /// `report --member` names no member.
    UnknownMember(tender::report::UnknownMember),
    /// `report --date` is not a date.
    BadDate(tender::date::DateError),
    /// `report --out` names a file of a format the report is not written in.
    ReportFormat {
        path: PathBuf,
    },
    /// `export` without `--format ocds` or `--format decp`.
    ExportFormat,
    /// `--format ocds` or `decp` given to another command than `export`.
    OpenDataFormat {
        command: &'static str,
    },
    /// `simulate`'s own options: a measure, factors or steps it cannot use.
    Simulate(simulate::Refusal),
}

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&usage_message(self, Lang::En))
    }
}

fn usage_message(u: &Usage, lang: Lang) -> String {
    if let Some(m) = option_message(u, lang) {
        return m;
    }
    match (u, lang) {
        (Usage::UnknownLot { lot, known }, Lang::Fr) => {
            format!("--lot {lot} : ce lot n'existe pas (lots : {known})")
        }
        (Usage::UnknownLot { lot, known }, Lang::En) => {
            format!("--lot {lot}: no such lot (lots: {known})")
        }
        (Usage::UnknownScope { scope, known }, Lang::Fr) => {
            format!("--scope {scope} : ce périmètre n'existe pas (périmètres : {known})")
        }
        (Usage::UnknownScope { scope, known }, Lang::En) => {
            format!("--scope {scope}: no such scope (scopes: {known})")
        }
        (Usage::WouldOverwrite { path }, Lang::Fr) => {
            format!(
                "{} existe déjà ; ajoutez --force pour le remplacer",
                path.display()
            )
        }
        (Usage::WouldOverwrite { path }, Lang::En) => format!(
            "{} already exists; add --force to replace it",
            path.display()
        ),
        (Usage::Needs { option }, Lang::Fr) => {
            format!("explain : précisez {option} (explain --lot L --scope S --bidder B)")
        }
        (Usage::Needs { option }, Lang::En) => {
            format!("explain: give {option} (explain --lot L --scope S --bidder B)")
        }
        (
            Usage::NoOffer {
                bidder,
                lot,
                scope,
                offered,
            },
            lang,
        ) => {
            let list = if offered.is_empty() {
                lang.pick("aucune", "none").to_owned()
            } else {
                offered.join(", ")
            };
            match lang {
                Lang::Fr => format!(
                    "le candidat « {bidder} » n'a pas fait d'offre pour le lot {lot}, périmètre {scope} (offres reçues : {list})"
                ),
                Lang::En => format!(
                    "bidder '{bidder}' made no offer for lot {lot}, scope {scope} (offers received: {list})"
                ),
            }
        }
        (Usage::Unread { bidder, reason }, Lang::Fr) => {
            format!("l'offre du candidat « {bidder} » n'a pas pu être lue : {reason}")
        }
        (Usage::WhatIf { given, problem }, lang) => match (problem, lang) {
            (None, Lang::Fr) => format!(
                "--what-if {given} : attendu join=ID (un [[prospect]] rejoint le groupement) ou leave=ID (un membre le quitte)"
            ),
            (None, Lang::En) => format!(
                "--what-if {given}: expected join=ID (a [[prospect]] joins) or leave=ID (a member leaves)"
            ),
            (Some(tender::split::WhatIfError::UnknownProspect { id, known }), Lang::Fr) => {
                format!(
                    "--what-if {given} : « {id} » n'est pas un [[prospect]] de la consultation (prospects : {known})"
                )
            }
            (Some(tender::split::WhatIfError::UnknownMember { id, known }), Lang::Fr) => {
                format!(
                    "--what-if {given} : « {id} » n'est pas membre du groupement (membres : {known})"
                )
            }
            (Some(tender::split::WhatIfError::LastMember { id }), Lang::Fr) => {
                format!(
                    "--what-if {given} : « {id} » est le seul membre, le groupement ne peut le perdre"
                )
            }
            (Some(e), Lang::En) => format!("--what-if {given}: {e}"),
        },
        (Usage::UnknownMethod { method }, lang) => {
            let known: Vec<&str> = tender::tender::SplitMethod::ALL
                .iter()
                .map(|m| m.key())
                .collect();
            match lang {
                Lang::Fr => format!(
                    "--method {method} : méthode inconnue (méthodes : {})",
                    known.join(", ")
                ),
                Lang::En => format!(
                    "--method {method}: no such method (methods: {})",
                    known.join(", ")
                ),
            }
        }
        (Usage::ScoresInit(r), lang) => scores::refusal(r, lang),
        (Usage::Simulate(r), lang) => simulate::refusal(r, lang),
        (Usage::UnknownMember(_) | Usage::BadDate(_) | Usage::ReportFormat { .. }, lang) => {
            report::refusal(u, lang)
        }
        (Usage::ExportFormat | Usage::OpenDataFormat { .. }, lang) => export::refusal(u, lang),
        (Usage::Unread { bidder, reason }, Lang::En) => {
            format!("the offer of bidder '{bidder}' could not be read: {reason}")
        }
        (Usage::NotHonoured { .. } | Usage::ExcelWithoutCsv | Usage::OutputAndOut, _) => {
            String::new()
        }
    }
}

/// The messages of options given where they do not apply.
fn option_message(u: &Usage, lang: Lang) -> Option<String> {
    Some(match (u, lang) {
        (
            Usage::NotHonoured {
                command,
                option,
                honoured,
            },
            lang,
        ) => {
            let mut list = honoured.join(", ");
            if !list.is_empty() {
                list.push_str(", ");
            }
            list.push_str("--lang");
            match lang {
                Lang::Fr => format!(
                    "{option} ne s'applique pas à la commande {command} (options générales de {command} : {list} ; voir tender help {command})"
                ),
                Lang::En => format!(
                    "{option} does not apply to the {command} command ({command}'s general options: {list}; see tender help {command})"
                ),
            }
        }
        (Usage::ExcelWithoutCsv, lang) => lang
            .pick(
                "--excel ne s'applique qu'au format CSV : ajoutez --format csv",
                "--excel applies to CSV only: add --format csv",
            )
            .to_owned(),
        (Usage::OutputAndOut, lang) => lang
            .pick(
                "-o et --out ne peuvent être donnés ensemble : -o FICHIER nomme le classeur lui-même, --out DOSSIER le dossier où l'écrire sous son nom habituel",
                "-o and --out cannot be given together: -o FILE names the workbook itself, --out DIR the folder to write it into under its usual name",
            )
            .to_owned(),
        _ => return None,
    })
}

impl CmdError {
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, CmdError::Write { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            CmdError::Tender(TenderError::Unreadable { .. }) => UNREADABLE,
            CmdError::Usage(Usage::Unread { .. }) => UNREADABLE,
            CmdError::Tender(_) | CmdError::Usage(_) => USAGE,
            CmdError::Analysis(AnalysisError::Technical(TechnicalError::Unreadable { .. })) => {
                UNREADABLE
            }
            CmdError::Analysis(AnalysisError::Technical(_)) => USAGE,
            CmdError::Analysis(AnalysisError::Discover(_)) => UNREADABLE,
            CmdError::Analysis(AnalysisError::Download(DownloadError::Choice(_))) => USAGE,
            CmdError::Analysis(AnalysisError::Download(_)) => UNREADABLE,
            CmdError::Index(tender::tender::index::IndexError::Unreadable { .. }) => UNREADABLE,
            CmdError::Index(_) => USAGE,
            CmdError::Write { .. } | CmdError::Template(_) | CmdError::Workbook(_) => UNREADABLE,
            CmdError::Grid(tender::split::grid::GridError::Unreadable { .. }) => UNREADABLE,
            CmdError::Grid(_) => USAGE,
            CmdError::Publish(_) => USAGE,
            CmdError::Serialize(_) => INTERNAL,
        }
    }

    /// The sentence for the purchasing officer.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            CmdError::Tender(e) => tender_error(e, lang),
            CmdError::Analysis(AnalysisError::Technical(e)) => technical_error(e, lang),
            CmdError::Analysis(AnalysisError::Download(e)) => {
                tender::output::download::error(e, lang)
            }
            CmdError::Analysis(AnalysisError::Discover(e)) => match (e, lang) {
                (DiscoverError::NotFound { path }, Lang::Fr) => {
                    format!("{} : fichier ou dossier introuvable", path.display())
                }
                (DiscoverError::Unlistable { path, source }, Lang::Fr) => format!(
                    "{} : le dossier ne peut être lu ({})",
                    path.display(),
                    text::io_reason(source, lang)
                ),
                (DiscoverError::NotFound { path }, Lang::En) => {
                    format!("{}: no such file or folder", path.display())
                }
                (DiscoverError::Unlistable { path, source }, Lang::En) => format!(
                    "{}: the folder cannot be listed ({})",
                    path.display(),
                    text::io_reason(source, lang)
                ),
            },
            CmdError::Usage(u) => usage_message(u, lang),
            CmdError::Publish(e) => export::publish_error(e, lang),
            CmdError::Serialize(e) => match lang {
                Lang::Fr => format!("le document n'a pu être écrit en JSON (erreur interne : {e})"),
                Lang::En => {
                    format!("the document could not be written as JSON (internal error: {e})")
                }
            },
            CmdError::Index(e) => tender::output::schedule_text::index_error(e, lang),
            CmdError::Write { path, source } => match lang {
                Lang::Fr => format!(
                    "{} : écriture impossible ({})",
                    path.display(),
                    text::io_reason(source, lang)
                ),
                Lang::En => format!(
                    "{}: cannot write ({})",
                    path.display(),
                    text::io_reason(source, lang)
                ),
            },
            CmdError::Workbook(_) => lang
                .pick(
                    "le classeur du rapport n'a pu être produit (erreur interne de l'écriture \
                     xlsx)",
                    "the report's workbook could not be made (internal error of the xlsx \
                     writer)",
                )
                .to_owned(),
            CmdError::Template(_) => lang
                .pick(
                    "le classeur du bordereau n'a pu être produit (erreur interne de \
                     l'écriture xlsx)",
                    "the price schedule workbook could not be made (internal error of the \
                     xlsx writer)",
                )
                .to_owned(),
            CmdError::Grid(e) => tender::output::split::planning::grid_error(e, lang),
        }
    }
}

fn tender_error(e: &TenderError, lang: Lang) -> String {
    match (e, lang) {
        (TenderError::Unreadable { file, source }, Lang::Fr) => {
            format!(
                "{} : le fichier de consultation ne peut être lu ({})",
                file.display(),
                text::io_reason(source, lang)
            )
        }
        (TenderError::Unreadable { file, source }, Lang::En) => {
            format!(
                "{}: the tender file cannot be read ({})",
                file.display(),
                text::io_reason(source, lang)
            )
        }
        (
            TenderError::Syntax {
                file,
                line,
                key,
                problem,
            },
            Lang::Fr,
        ) => {
            let mut s = file.display().to_string();
            if let Some(l) = line {
                s.push_str(&format!(", ligne {l}"));
            }
            if !key.is_empty() && key != "." {
                s.push_str(&format!(", clé « {key} »"));
            }
            format!("{s} : {}", problem.message(lang))
        }
        (TenderError::Invalid { file, key, problem }, Lang::Fr) => {
            format!(
                "{}, clé « {key} » : {}",
                file.display(),
                tender_problem_fr(problem)
            )
        }
        (e, Lang::En) => e.to_string(),
    }
}

fn tender_problem_fr(p: &tender::tender::load::TenderProblem) -> String {
    use tender::tender::load::TenderProblem as P;
    match p {
        P::Empty => "ne doit pas être vide".into(),
        P::BadId { id, max } => {
            format!(
                "« {id} » n'est pas un identifiant valide : lettres, chiffres, « - » ou « _ », {max} caractères au plus"
            )
        }
        P::DuplicateId { id } => format!("l'identifiant « {id} » est employé deux fois"),
        P::ReservedId { id } => {
            format!("l'identifiant « {id} » est réservé au périmètre réunissant tous les membres")
        }
        P::NoMembers => "aucun membre déclaré : ajoutez au moins un [[member]]".into(),
        P::NoLots => "aucun lot déclaré : ajoutez au moins un [[lot]]".into(),
        P::NoScopes => {
            "aucun périmètre à chiffrer : renseignez quote_for ou déclarez un [[scope]]".into()
        }
        P::UnknownMember { id, known } => {
            format!("« {id} » n'est pas membre du groupement (membres : {known})")
        }
        P::MissingUsage { member, quantity } => format!(
            "aucune estimation de {quantity} pour le membre « {member} » : renseignez [lot.usage.{member}] {quantity} ou usage_rates.{quantity}"
        ),
        P::OutOfRange { value, expected } => {
            format!("{value} hors limites : attendu {}", expected.fr)
        }
        P::BadCeiling { text } => format!(
            "« {text} » n'est pas un plafond budgétaire : attendu un montant en euros, puis HT ou TTC, puis annuel (par défaut) ou contrat, par exemple \"90000 TTC\" ou \"360000 HT contrat\""
        ),
        P::UnknownScope { id, known } => {
            format!("« {id} » n'est pas un périmètre de la consultation (périmètres : {known})")
        }
        P::CeilingTwice { scope } => format!(
            "le plafond du périmètre « {scope} » est donné deux fois (budget_ceiling_ht est celui du groupement)"
        ),
        P::MissingCeiling {
            formula,
            lot,
            scope,
        } => format!(
            "la formule de prix « {formula} » mesure les prix depuis le budget : donnez au lot « {lot} » un budget_ceiling pour le périmètre « {scope} »"
        ),
        P::NotForFormula {
            key,
            formula,
            applies_to,
        } => format!(
            "{key} est renseigné mais price_formula vaut « {formula} » : ce paramètre ne sert qu'à « {applies_to} »"
        ),
        P::MissingRankPoints => "la formule « rank_points » demande la table des points : rank_points = [\"40\", \"30\", \"20\"]".into(),
        P::BadGrade { found } => format!(
            "« {found} » n'est pas une note de sécurité : attendu A+, A, A-, B+, B, B-, C+, C, C-, D+, D, D- ou F"
        ),
        P::BadAnswer { found } => {
            format!("« {found} » n'est pas une réponse : attendu oui ou non (yes, no)")
        }
        P::WeightsDisagree { sum, technical } => format!(
            "les poids des critères font {sum} au total, mais technical_weight vaut {technical} : accordez-les (ou retirez technical_weight)"
        ),
        P::Needs(r) => r.french().to_owned(),
        P::UnknownLot { id } => format!("« {id} » n'est pas un lot de la consultation"),
        P::UnknownMethod { found, known } => {
            format!("« {found} » n'est pas une méthode : attendu l'une de {known}")
        }
        P::UnknownLaw { found } => format!(
            "« {found} » n'est pas une loi : attendu triangular, pert, lognormal, resample ou counter"
        ),
        P::LawNeeds { law, key } => format!("la loi « {law} » demande {key}"),
        P::NotForMethod { key, method } => {
            format!("{key} ne s'applique pas à la méthode « {method} »")
        }
        P::Publication(p) => p.message(Lang::Fr),
        P::Schedule(p) => p.french(),
        P::Counter(p) => p.french(),
    }
}

fn technical_error(e: &TechnicalError, lang: Lang) -> String {
    use tender::tender::technical::TechnicalProblem as P;
    match (e, lang) {
        (TechnicalError::Unreadable { file, source }, Lang::Fr) => {
            format!(
                "{} : le fichier ne peut être lu ({})",
                file.display(),
                text::io_reason(source, lang)
            )
        }
        (TechnicalError::Unreadable { file, source }, Lang::En) => {
            format!(
                "{}: the file cannot be read ({})",
                file.display(),
                text::io_reason(source, lang)
            )
        }
        (
            TechnicalError::Invalid {
                file,
                line,
                column,
                problem,
            },
            Lang::Fr,
        ) => {
            let col = column
                .as_ref()
                .map(|c| format!(", colonne « {c} »"))
                .unwrap_or_default();
            let what = match &**problem {
                P::Header { expected, found } => {
                    format!("l'en-tête doit être {expected} ; trouvé « {found} »")
                }
                P::FieldCount {
                    expected,
                    header,
                    found,
                } => {
                    format!("{expected} valeurs attendues ({header}), {found} trouvées")
                }
                P::UnknownCriterion { criterion, known } => format!(
                    "« {criterion} » n'est pas un critère noté par les experts (critères : {known})"
                ),
                P::UnknownQuestion { question, known } => format!(
                    "« {question} » n'est pas une question du questionnaire RGPD (questions : {known})"
                ),
                P::NotAGrade { found } => format!(
                    "« {found} » n'est pas une note de sécurité : attendu A+, A, A-, B+, B, B-, C+, C, C-, D+, D, D- ou F"
                ),
                P::NotAnAnswer { found } => {
                    format!("« {found} » n'est pas une réponse : attendu oui ou non (yes, no)")
                }
                P::Empty => "valeur vide".into(),
                P::UnknownLot { lot } => {
                    format!("le lot « {lot} » n'existe pas dans la consultation")
                }
                P::NotANumber { raw } => format!("« {raw} » n'est pas un nombre"),
                P::OutOfRange {
                    score,
                    max,
                    criterion,
                } => match criterion {
                    None => format!(
                        "la note {score} sort de l'intervalle 0 à {max} (le poids technique)"
                    ),
                    Some(c) => format!(
                        "la note {score} sort de l'intervalle 0 à {max} (le maximum du critère {c})"
                    ),
                },
                P::Duplicate { what, first_line } => {
                    format!("{} figure déjà ligne {first_line}", what.french())
                }
                P::NotUtf8 => {
                    "le fichier n'est pas du texte UTF-8 : enregistrez-le en « CSV UTF-8 »".into()
                }
                P::Malformed => "le fichier CSV ne peut être lu à partir de cette ligne".into(),
            };
            format!("{}, ligne {line}{col} : {what}", file.display())
        }
        (e, Lang::En) => e.to_string(),
    }
}

/// The command's name, as typed.
fn name(command: &Command) -> &'static str {
    match command {
        Command::Init { .. } => "init",
        Command::Template { .. } => "template",
        Command::Check { .. } => "check",
        Command::Normalise { .. } => "normalise",
        Command::Rank { .. } => "rank",
        Command::Split { .. } => "split",
        Command::Explain { .. } => "explain",
        Command::Generate { .. } => "generate",
        Command::Scores { .. } => "scores",
        Command::Report { .. } => "report",
        Command::Export { .. } => "export",
        Command::Simulate { .. } => "simulate",
    }
}

/// Runs the command; `Ok` carries the exit status. `given` lists the global options
/// typed on the command line: each must be one the command honours.
pub fn run(cli: &Cli, given: &[&str], help_lang: Lang) -> Result<u8, CmdError> {
    let command = name(&cli.command);
    let csv = cli.common.format() == tender::output::Format::Csv;
    options::check(command, given, csv).map_err(CmdError::Usage)?;
    if command != "export" && cli.common.open_data().is_some() {
        return Err(CmdError::Usage(Usage::OpenDataFormat { command }));
    }
    let c = &cli.common;
    match &cli.command {
        Command::Generate { what } => generate::run(c, *what, help_lang),
        Command::Init { dir, force } => init::run(c, dir.as_deref(), *force),
        Command::Template { out } => template::run(c, out.as_deref()),
        Command::Check { offers } => check::run(c, offers),
        Command::Normalise { offers } => normalise::run(c, offers),
        Command::Rank { offers } => rank::run(c, offers),
        Command::Explain { bidder, offers } => explain::run(c, bidder, offers),
        Command::Scores { force, offers, .. } => scores::run(c, *force, offers),
        Command::Export { offers } => export::run(c, offers),
        Command::Report {
            out,
            member,
            date,
            offers,
        } => report::run(c, out, member.as_deref(), date.as_deref(), offers),
        Command::Split {
            method,
            what_if,
            tariff,
            compare,
            offers,
        } => split::run(
            c,
            split::Asked {
                method: method.as_deref(),
                what_if: what_if.as_deref(),
                tariff: tariff.as_deref(),
                compare: *compare,
            },
            offers,
        ),
        Command::Simulate {
            measure,
            factor,
            steps,
            sweep,
            draws,
            seed,
            offers,
        } => simulate::run(
            c,
            &simulate::Asked {
                measure: measure.as_deref(),
                factor,
                steps: *steps,
                sweep: *sweep,
                draws: *draws,
                seed: *seed,
            },
            offers,
        ),
    }
}

/// Loads the tender, reads `--lot` as the tender file spells it ("03" and "lot 3"
/// become "3") and checks `--lot` and `--scope` against it: the options the command
/// goes on with come back beside the tender.
fn load_tender(c: &Common) -> Result<(Tender, Common), CmdError> {
    let tender = tender::tender::load(&c.tender)?;
    let mut c = c.clone();
    if let Some(lot) = &c.lot {
        let ids: Vec<&str> = tender.lots.iter().map(|l| l.id.as_str()).collect();
        if let Some(id) = options::resolve_lot(&ids, lot) {
            c.lot = Some(id.to_owned());
        }
    }
    if let Some(lot) = &c.lot
        && tender.lot(lot).is_none()
    {
        let known = tender
            .lots
            .iter()
            .map(|l| l.id.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        return Err(CmdError::Usage(Usage::UnknownLot {
            lot: lot.clone(),
            known,
        }));
    }
    if let Some(scope) = &c.scope
        && tender.scope(scope).is_none()
    {
        let known = tender
            .scopes
            .iter()
            .map(|s| s.id.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        return Err(CmdError::Usage(Usage::UnknownScope {
            scope: scope.clone(),
            known,
        }));
    }
    Ok((tender, c))
}

/// Says on stderr what the reading noticed: files ignored or unreadable, odd cells.
fn report_diagnostics(analysis: &Analysis, lang: Lang) {
    let mut err = std::io::stderr().lock();
    let warn = lang.pick("avertissement : ", "warning: ");
    for path in &analysis.files.ignored {
        let _ = writeln!(err, "{warn}{}", text::ignored_file(path, lang));
    }
    for f in &analysis.read.failures {
        let _ = writeln!(
            err,
            "{}{}",
            lang.pick("fichier non lu : ", "file not read: "),
            text::failure(f, lang)
        );
    }
    for n in &analysis.read.notes {
        let _ = writeln!(err, "{warn}{}", text::read_note(n, lang));
    }
    for w in &analysis.warnings {
        let _ = writeln!(err, "{warn}{}", text::warning(w, lang));
    }
    for line in tender::output::download::warnings(&analysis.files.downloads, lang) {
        let _ = writeln!(err, "{warn}{line}");
    }
}

/// Says on stderr, naming the folders or files looked in, that no offer file was found;
/// returns whether none was. No offer is a problem (exit 1) for every command.
fn no_offer_found(analysis: &Analysis, tender: &Tender, offers: &[PathBuf], lang: Lang) -> bool {
    if !analysis.files.files.is_empty() {
        return false;
    }
    let places = if offers.is_empty() {
        tender.offers_dir.display().to_string()
    } else {
        offers
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(
        std::io::stderr(),
        "{}",
        match lang {
            Lang::Fr => format!(
                "erreur : aucune offre trouvée dans {places} (classeurs xlsx, ods, xls ou csv attendus)"
            ),
            Lang::En => format!(
                "error: no offer found in {places} (xlsx, ods, xls or csv workbooks expected)"
            ),
        }
    );
    true
}

/// Writes the command's output to `-o FILE` or the standard output (`-o -` too), as
/// CSV for French Excel with `--excel`.
fn emit(c: &Common, content: &[u8]) -> Result<(), CmdError> {
    let excel;
    let content = if c.excel {
        excel = tender::output::csv::excel(content);
        &excel
    } else {
        content
    };
    match c.output.as_deref().filter(|p| *p != Path::new("-")) {
        Some(path) => write_file(path, content),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(content)
                .and_then(|_| out.flush())
                .map_err(|source| CmdError::Write {
                    path: PathBuf::from("-"),
                    source,
                })
        }
    }
}

fn write_file(path: &Path, content: &[u8]) -> Result<(), CmdError> {
    std::fs::write(path, content).map_err(|source| CmdError::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// The exit status after an analysis: 4 when an offer file could not be read because of
/// a fault of this program, 3 when an offer file could not be read at all, 1 when a lot
/// shown has no rankable offer in the scopes shown (`--scope`), or offers whose marks
/// could not be computed, 0 otherwise.
fn analysis_status(analysis: &Analysis, c: &Common) -> u8 {
    let selection = c.selection();
    if analysis.read.has_internal_error() {
        INTERNAL
    } else if !analysis.read.failures.is_empty() {
        UNREADABLE
    } else if analysis
        .lots
        .iter()
        .filter(|l| selection.lot(&l.lot))
        .any(|l| {
            let mut shown = l.scopes.iter().filter(|s| selection.scope(&s.scope));
            shown.clone().all(|s| s.ranked.is_empty()) || shown.any(|s| s.failure.is_some())
        })
    {
        PROBLEMS
    } else {
        OK
    }
}
