//! What a platform download gave, folder by folder: `check` shows it as a table before
//! its findings, and in its JSON; the other commands say its problems on stderr.

use std::path::Path;

use schemars::JsonSchema;
use serde::Serialize;

use super::sanitize::printable;
use super::table::{new_table, render, title, wrap};
use super::text;
use crate::download::choice::{ChoiceError, ChoiceProblem};
use crate::download::select::{Filled, Why};
use crate::download::{
    DownloadError, DownloadReport, FolderReport, Outcome, SkipReason, Skipped, Verdict,
};
use crate::lang::Lang;

/// A path inside a folder of the download, as the table shows it (without the
/// download's and the folder's own path before it).
fn inside(folder: &FolderReport, file: &Path) -> String {
    let shown = file.strip_prefix(&folder.path).unwrap_or(file);
    printable(&shown.display().to_string())
}

/// The tables of every download, or nothing when no download was given.
pub fn tables(reports: &[DownloadReport], lang: Lang) -> String {
    let mut out = String::new();
    for r in reports {
        out.push_str(&table(r, lang));
        out.push('\n');
    }
    out
}

fn table(r: &DownloadReport, lang: Lang) -> String {
    let head = match lang {
        Lang::Fr => format!("Téléchargement de la plateforme : {}", r.source.display()),
        Lang::En => format!("Platform download: {}", r.source.display()),
    };
    let mut out = title(&head, '-');
    if let Some(choices) = &r.choices {
        out.push_str(&wrap(
            &match lang {
                Lang::Fr => format!(
                    "Choix de l'acheteur lus dans {}",
                    printable(&choices.display().to_string())
                ),
                Lang::En => format!(
                    "Buyer's choices read from {}",
                    printable(&choices.display().to_string())
                ),
            },
            0,
            0,
        ));
    }
    let header = match lang {
        Lang::Fr => ["Dossier", "Candidat", "Date", "BPU retenu", "Signé"],
        Lang::En => ["Folder", "Bidder", "Date", "BPU taken", "Signed"],
    };
    let mut t = new_table(header.iter().map(|s| (*s).to_owned()).collect(), &[]);
    for f in &r.folders {
        t.add_row(vec![
            printable(&f.folder),
            bidder_cell(f),
            f.date.map(|d| d.to_string()).unwrap_or_default(),
            taken_cell(f, lang),
            signed_cell(f, lang),
        ]);
    }
    out.push_str(&render(&t));
    for f in &r.folders {
        out.push_str(&details(f, lang));
    }
    if !r.skipped.is_empty() {
        out.push_str(&wrap(
            lang.pick("Fichiers écartés, non lus :", "Files skipped, not read:"),
            0,
            0,
        ));
        for s in &r.skipped {
            out.push_str(&wrap(&skipped_line(s, lang), 4, 2));
        }
    }
    out
}

fn bidder_cell(f: &FolderReport) -> String {
    match &f.bidder_name {
        Some(n) => format!("{} ({})", printable(&f.bidder), printable(n)),
        None => printable(&f.bidder),
    }
}

fn taken_cell(f: &FolderReport, lang: Lang) -> String {
    match &f.outcome {
        Outcome::Taken { file, .. } => inside(f, file),
        other => outcome_short(other, lang),
    }
}

fn signed_cell(f: &FolderReport, lang: Lang) -> String {
    match (&f.outcome, &f.signature) {
        (Outcome::Taken { .. }, Some(_)) => lang.pick("oui", "yes").to_owned(),
        (Outcome::Taken { .. }, None) => lang.pick("non", "no").to_owned(),
        _ => String::new(),
    }
}

fn outcome_short(o: &Outcome, lang: Lang) -> String {
    match (o, lang) {
        (Outcome::Taken { .. }, Lang::Fr) => "retenu".into(),
        (Outcome::Taken { .. }, Lang::En) => "taken".into(),
        (Outcome::NoBpu, Lang::Fr) => "aucun BPU".into(),
        (Outcome::NoBpu, Lang::En) => "no BPU".into(),
        (Outcome::Undecided, Lang::Fr) => "à choisir (plusieurs)".into(),
        (Outcome::Undecided, Lang::En) => "to choose (several)".into(),
        (Outcome::Unreadable, Lang::Fr) => "illisible".into(),
        (Outcome::Unreadable, Lang::En) => "unreadable".into(),
        (Outcome::Superseded { .. }, Lang::Fr) => "remplacé (autre dépôt)".into(),
        (Outcome::Superseded { .. }, Lang::En) => "superseded (other submission)".into(),
        (Outcome::SubmissionsUndecided, Lang::Fr) => "à choisir (plusieurs dépôts)".into(),
        (Outcome::SubmissionsUndecided, Lang::En) => "to choose (several submissions)".into(),
    }
}

/// The lines under the table for one folder: why its BPU was taken, what became of the
/// other workbooks, and what the buyer must do.
fn details(f: &FolderReport, lang: Lang) -> String {
    let mut lines = Vec::new();
    let routine =
        matches!(f.outcome, Outcome::Taken { why: Why::Only, .. }) && f.candidates.len() <= 1;
    if !routine {
        lines.push(outcome_sentence(f, lang));
    }
    if !routine || f.signature.is_some() {
        for c in f.candidates.iter().filter(|c| c.verdict != Verdict::Taken) {
            lines.push(format!(
                "{}{}{}",
                inside(f, &c.file),
                lang.pick(" : ", ": "),
                verdict(&c.verdict, c.filled, lang)
            ));
        }
    }
    if let Some(sig) = &f.signature {
        lines.push(match lang {
            Lang::Fr => format!("signature (non vérifiée) : {}", inside(f, sig)),
            Lang::En => format!("signature (not verified): {}", inside(f, sig)),
        });
    }
    if lines.is_empty() {
        return String::new();
    }
    let mut out = wrap(
        &format!("{}{}", printable(&f.folder), lang.pick(" :", ":")),
        0,
        0,
    );
    for l in lines {
        out.push_str(&wrap(&l, 4, 2));
    }
    out
}

fn filled(f: Filled, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!(
            "{} cellule{} de prix remplie{} dans {} colonne{}",
            f.cells,
            plural(f.cells),
            plural(f.cells),
            f.columns,
            plural(f.columns)
        ),
        Lang::En => format!(
            "{} price cell{} filled in {} column{}",
            f.cells,
            plural_en(f.cells),
            f.columns,
            plural_en(f.columns)
        ),
    }
}

/// The French plural mark of a count (0 and 1 take none).
fn plural(n: usize) -> &'static str {
    if n > 1 { "s" } else { "" }
}

/// The English plural mark of a count (only 1 takes none).
fn plural_en(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Why a folder gave its offer, or none.
pub fn outcome_sentence(f: &FolderReport, lang: Lang) -> String {
    match (&f.outcome, lang) {
        (Outcome::Taken { file, why }, _) => {
            let file = inside(f, file);
            match (why, lang) {
                (Why::Only, Lang::Fr) => format!("BPU retenu : {file}, le seul classeur rempli de cette consultation"),
                (Why::Only, Lang::En) => format!("BPU taken: {file}, the only filled workbook of this tender"),
                (Why::MostComplete { next }, Lang::Fr) => format!(
                    "BPU retenu : {file}, le plus complet des classeurs de cette consultation (le suivant : {})",
                    filled(*next, lang)
                ),
                (Why::MostComplete { next }, Lang::En) => format!(
                    "BPU taken: {file}, the most complete workbook of this tender (the next one: {})",
                    filled(*next, lang)
                ),
                (Why::Designated, Lang::Fr) => format!("BPU retenu : {file}, désigné dans le fichier de choix"),
                (Why::Designated, Lang::En) => format!("BPU taken: {file}, designated in the file of choices"),
                (Why::Latest, Lang::Fr) => format!("BPU retenu : {file}, du dépôt le plus récent du candidat"),
                (Why::Latest, Lang::En) => format!("BPU taken: {file}, from the bidder's latest submission"),
            }
        }
        (Outcome::NoBpu, Lang::Fr) => "aucun BPU : aucun classeur de ce dossier ne porte les feuilles des lots de cette consultation ; le candidat n'a pas d'offre lue".into(),
        (Outcome::NoBpu, Lang::En) => "no BPU: no workbook of this folder carries this tender's lot sheets; no offer is read for the bidder".into(),
        (Outcome::Undecided, Lang::Fr) => "plusieurs classeurs également complets et différents : aucun n'est lu ; désignez le BPU dans le fichier de choix (une ligne « dossier,fichier »)".into(),
        (Outcome::Undecided, Lang::En) => "several workbooks, equally complete and different: none is read; designate the BPU in the file of choices (a line 'folder,file')".into(),
        (Outcome::Unreadable, Lang::Fr) => "le BPU ne peut être lu (voir les constats plus bas)".into(),
        (Outcome::Unreadable, Lang::En) => "the BPU cannot be read (see the findings below)".into(),
        (Outcome::Superseded { by, designated: false }, Lang::Fr) => format!("dépôt remplacé par le dépôt plus récent du même candidat « {} » ; non lu", printable(by)),
        (Outcome::Superseded { by, designated: false }, Lang::En) => format!("submission superseded by the same bidder's later one '{}'; not read", printable(by)),
        (Outcome::Superseded { by, designated: true }, Lang::Fr) => format!("dépôt non retenu : le fichier de choix désigne « {} » ; non lu", printable(by)),
        (Outcome::Superseded { by, designated: true }, Lang::En) => format!("submission not taken: the file of choices designates '{}'; not read", printable(by)),
        (Outcome::SubmissionsUndecided, Lang::Fr) => "plusieurs dépôts du candidat à la même date (ou sans date) : aucun n'est lu ; désignez le dépôt dans le fichier de choix".into(),
        (Outcome::SubmissionsUndecided, Lang::En) => "several submissions by the bidder with the same date (or none): none is read; designate the submission in the file of choices".into(),
    }
}

/// Why a workbook was not taken.
pub fn verdict(v: &Verdict, f: Filled, lang: Lang) -> String {
    match (v, lang) {
        (Verdict::Taken, Lang::Fr) => "retenu".into(),
        (Verdict::Taken, Lang::En) => "taken".into(),
        (Verdict::LessComplete, Lang::Fr) => format!(
            "moins complet ({}) : une version ancienne ou un brouillon, non lu",
            filled(f, lang)
        ),
        (Verdict::LessComplete, Lang::En) => format!(
            "less complete ({}): an old version or a draft, not read",
            filled(f, lang)
        ),
        (Verdict::Unfilled, Lang::Fr) => {
            "classeur de cette consultation non rempli (un DQE ou un modèle vierge), non lu".into()
        }
        (Verdict::Unfilled, Lang::En) => {
            "a workbook of this tender left unfilled (a DQE or a blank template), not read".into()
        }
        (Verdict::OtherTender { found }, Lang::Fr) => format!(
            "sa feuille Candidat nomme une autre consultation (« {} »)",
            printable(found)
        ),
        (Verdict::OtherTender { found }, Lang::En) => format!(
            "its Candidat sheet names another tender ('{}')",
            printable(found)
        ),
        (Verdict::NotThisTender, Lang::Fr) => {
            "classeur sans feuille des lots de cette consultation, non lu".into()
        }
        (Verdict::NotThisTender, Lang::En) => {
            "a workbook without this tender's lot sheets, not read".into()
        }
        (Verdict::Copy { of }, Lang::Fr) => {
            format!("copie identique de {}", printable(&file_name(of)))
        }
        (Verdict::Copy { of }, Lang::En) => {
            format!("an identical copy of {}", printable(&file_name(of)))
        }
        (Verdict::Tied, Lang::Fr) => format!(
            "aussi complet qu'un autre classeur différent ({})",
            filled(f, lang)
        ),
        (Verdict::Tied, Lang::En) => format!(
            "as complete as another, different workbook ({})",
            filled(f, lang)
        ),
        (Verdict::NotDesignated, Lang::Fr) => "non désigné dans le fichier de choix, non lu".into(),
        (Verdict::NotDesignated, Lang::En) => {
            "not designated in the file of choices, not read".into()
        }
        (Verdict::OtherSubmission, Lang::Fr) => {
            "BPU de ce dépôt, qui n'est pas celui retenu pour le candidat ; non lu".into()
        }
        (Verdict::OtherSubmission, Lang::En) => {
            "this submission's BPU, but another submission is the bidder's offer; not read".into()
        }
        (Verdict::NotWorkbook(k), _) => {
            text::read_error(&crate::bpu::ReadError::NotASpreadsheet(*k), lang)
        }
        (Verdict::Unreadable(e), _) => text::read_error(e, lang),
    }
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// An entry skipped, with why.
pub fn skipped_line(s: &Skipped, lang: Lang) -> String {
    format!(
        "{}{}{}",
        printable(&s.path.display().to_string()),
        lang.pick(" : ", ": "),
        skip_reason(&s.reason, lang)
    )
}

pub fn skip_reason(r: &SkipReason, lang: Lang) -> String {
    let mib = |b: &u64| b / (1024 * 1024);
    match (r, lang) {
        (SkipReason::SystemFile, Lang::Fr) => {
            "fichier du système (macOS, Windows), pas un document du candidat".into()
        }
        (SkipReason::SystemFile, Lang::En) => {
            "a system file (macOS, Windows), not a bidder's document".into()
        }
        (SkipReason::Link, Lang::Fr) => "lien symbolique, jamais suivi".into(),
        (SkipReason::Link, Lang::En) => "a symbolic link, never followed".into(),
        (SkipReason::ParentFolder, Lang::Fr) => {
            "nom qui remonte hors du téléchargement (« .. »), refusé".into()
        }
        (SkipReason::ParentFolder, Lang::En) => {
            "a name going up out of the download ('..'), refused".into()
        }
        (SkipReason::AbsolutePath, Lang::Fr) => "chemin absolu, refusé".into(),
        (SkipReason::AbsolutePath, Lang::En) => "an absolute path, refused".into(),
        (SkipReason::ControlCharacter, Lang::Fr) => {
            "nom contenant un caractère de contrôle, refusé".into()
        }
        (SkipReason::ControlCharacter, Lang::En) => {
            "a name with a control character, refused".into()
        }
        (SkipReason::Duplicate { first }, Lang::Fr) => format!(
            "même nom (aux accents et majuscules près) que {}",
            printable(first)
        ),
        (SkipReason::Duplicate { first }, Lang::En) => format!(
            "the same name (accents and case aside) as {}",
            printable(first)
        ),
        (SkipReason::Encrypted, Lang::Fr) => "protégé par un mot de passe".into(),
        (SkipReason::Encrypted, Lang::En) => "protected by a password".into(),
        (SkipReason::UnsupportedCompression, Lang::Fr) => {
            "compressé par une méthode inconnue du lecteur".into()
        }
        (SkipReason::UnsupportedCompression, Lang::En) => {
            "compressed by a method the reader does not know".into()
        }
        (SkipReason::Damaged, Lang::Fr) => "endommagé, illisible".into(),
        (SkipReason::Damaged, Lang::En) => "damaged, unreadable".into(),
        (SkipReason::TooLarge { limit }, Lang::Fr) => {
            format!("se décompresse au-delà de {} Mio, refusé", mib(limit))
        }
        (SkipReason::TooLarge { limit }, Lang::En) => {
            format!("inflates past {} MiB, refused", mib(limit))
        }
        (SkipReason::TooDeep { limit }, Lang::Fr) => {
            format!("archive imbriquée à plus de {limit} niveaux, non ouverte")
        }
        (SkipReason::TooDeep { limit }, Lang::En) => {
            format!("an archive nested more than {limit} levels deep, not opened")
        }
        (SkipReason::TooManyEntries { limit }, Lang::Fr) => format!(
            "plus de {limit} fichiers dans le téléchargement : les suivants ne sont pas lus"
        ),
        (SkipReason::TooManyEntries { limit }, Lang::En) => {
            format!("more than {limit} files in the download: the next ones are not read")
        }
        (SkipReason::DownloadTooLarge { limit }, Lang::Fr) => format!(
            "le téléchargement se décompresse au-delà de {} Mio : non lu",
            mib(limit)
        ),
        (SkipReason::DownloadTooLarge { limit }, Lang::En) => {
            format!("the download inflates past {} MiB: not read", mib(limit))
        }
        (SkipReason::OutsideFolders, Lang::Fr) => "hors de tout dossier de candidat".into(),
        (SkipReason::OutsideFolders, Lang::En) => "outside any bidder's folder".into(),
    }
}

/// What the other commands say on stderr of a download: folders without an offer, and
/// how many files were skipped (`tender check` lists them).
pub fn warnings(reports: &[DownloadReport], lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    for r in reports {
        for f in r
            .folders
            .iter()
            .filter(|f| matches!(f.outcome, Outcome::NoBpu | Outcome::Superseded { .. }))
        {
            out.push(format!(
                "{}{}{}",
                printable(&f.path.display().to_string()),
                lang.pick(" : ", ": "),
                outcome_sentence(f, lang)
            ));
        }
        if !r.skipped.is_empty() {
            out.push(match lang {
                Lang::Fr => format!(
                    "{} : {} fichier(s) écarté(s), non lu(s) (voir « tender check »)",
                    printable(&r.source.display().to_string()),
                    r.skipped.len()
                ),
                Lang::En => format!(
                    "{}: {} file(s) skipped, not read (see 'tender check')",
                    printable(&r.source.display().to_string()),
                    r.skipped.len()
                ),
            });
        }
    }
    out
}

/// A download that cannot be read at all.
pub fn error(e: &DownloadError, lang: Lang) -> String {
    match (e, lang) {
        (DownloadError::Unreadable { path, source }, Lang::Fr) => format!(
            "{} : le téléchargement ne peut être lu ({})",
            path.display(),
            text::io_reason(source, lang)
        ),
        (DownloadError::Unreadable { path, source }, Lang::En) => format!(
            "{}: the download cannot be read ({})",
            path.display(),
            text::io_reason(source, lang)
        ),
        (DownloadError::NotZip { path }, Lang::Fr) => format!(
            "{} : ce n'est pas une archive zip lisible ; attendu : le fichier zip téléchargé de la plateforme, ou le dossier où il a été décompressé",
            path.display()
        ),
        (DownloadError::NotZip { path }, Lang::En) => format!(
            "{}: not a readable zip archive; expected the zip downloaded from the platform, or the folder it was unpacked into",
            path.display()
        ),
        (DownloadError::Choice(c), _) => choice_error(c, lang),
    }
}

fn choice_error(e: &ChoiceError, lang: Lang) -> String {
    match e {
        ChoiceError::Unreadable { file, source } => match lang {
            Lang::Fr => format!(
                "{} : le fichier de choix ne peut être lu ({})",
                file.display(),
                text::io_reason(source, lang)
            ),
            Lang::En => format!(
                "{}: the file of choices cannot be read ({})",
                file.display(),
                text::io_reason(source, lang)
            ),
        },
        ChoiceError::Line {
            file,
            line,
            problem,
        } => {
            let place = match lang {
                Lang::Fr => format!("{}, ligne {line} : ", file.display()),
                Lang::En => format!("{}, line {line}: ", file.display()),
            };
            place + &choice_problem(problem, lang)
        }
    }
}

fn choice_problem(p: &ChoiceProblem, lang: Lang) -> String {
    match (p, lang) {
        (ChoiceProblem::Header { found }, Lang::Fr) => format!("« {} » trouvé ; la première ligne attendue est « dossier,fichier »", printable(found)),
        (ChoiceProblem::Header { found }, Lang::En) => format!("'{}' found; the first line expected is 'folder,file'", printable(found)),
        (ChoiceProblem::Columns, Lang::Fr) => "une ou deux colonnes attendues : le dossier du dépôt, et le chemin du BPU dans ce dossier".into(),
        (ChoiceProblem::Columns, Lang::En) => "one or two columns expected: the submission's folder, and the BPU's path inside it".into(),
        (ChoiceProblem::UnknownFolder { folder }, Lang::Fr) => format!("aucun dossier « {} » dans le téléchargement", printable(folder)),
        (ChoiceProblem::UnknownFolder { folder }, Lang::En) => format!("no folder '{}' in the download", printable(folder)),
        (ChoiceProblem::UnknownFile { folder, file }, Lang::Fr) => format!("le dossier « {} » ne contient pas de classeur « {} »", printable(folder), printable(file)),
        (ChoiceProblem::UnknownFile { folder, file }, Lang::En) => format!("the folder '{}' holds no workbook '{}'", printable(folder), printable(file)),
        (ChoiceProblem::Twice { folder }, Lang::Fr) => format!("« {} » : un second choix pour le même candidat ; un seul dépôt, un seul BPU peuvent être désignés", printable(folder)),
        (ChoiceProblem::Twice { folder }, Lang::En) => format!("'{}': a second choice for the same bidder; one submission, one BPU can be designated", printable(folder)),
    }
}

// ----- JSON -----

/// A download in `check`'s JSON.
#[derive(Serialize, JsonSchema)]
pub struct DownloadOut {
    source: String,
    choices: Option<String>,
    folders: Vec<FolderOut>,
    skipped: Vec<SkippedOut>,
}

#[derive(Serialize, JsonSchema)]
struct FolderOut {
    folder: String,
    bidder: String,
    bidder_name: Option<String>,
    /// `YYYY-MM-DD HH:MM`, from the folder's name or its latest file.
    date: Option<String>,
    /// `taken`, `no_bpu`, `undecided`, `unreadable`, `superseded`,
    /// `submissions_undecided`.
    outcome: &'static str,
    /// The BPU read, when taken.
    file: Option<String>,
    /// `only`, `most_complete`, `designated`, `latest`, when taken.
    why: Option<&'static str>,
    signed: bool,
    signature: Option<String>,
    message: String,
    candidates: Vec<CandidateOut>,
    /// Other files of the folder (forms, technical proposal…).
    documents: usize,
}

#[derive(Serialize, JsonSchema)]
struct CandidateOut {
    file: String,
    /// `taken`, `less_complete`, `unfilled`, `other_tender`, `not_this_tender`, `copy`,
    /// `tied`, `not_designated`, `other_submission`, `not_workbook`, `unreadable`.
    verdict: &'static str,
    filled_columns: usize,
    filled_cells: usize,
    message: String,
}

#[derive(Serialize, JsonSchema)]
struct SkippedOut {
    path: String,
    /// `system_file`, `link`, `parent_folder`, `absolute_path`, `control_character`,
    /// `duplicate`, `encrypted`, `unsupported_compression`, `damaged`, `too_large`,
    /// `too_deep`, `too_many_entries`, `download_too_large`, `outside_folders`.
    reason: &'static str,
    message: String,
}

pub fn json(reports: &[DownloadReport], lang: Lang) -> Vec<DownloadOut> {
    reports.iter().map(|r| download_out(r, lang)).collect()
}

fn download_out(r: &DownloadReport, lang: Lang) -> DownloadOut {
    DownloadOut {
        source: r.source.display().to_string(),
        choices: r.choices.as_ref().map(|c| c.display().to_string()),
        folders: r.folders.iter().map(|f| folder_out(f, lang)).collect(),
        skipped: r
            .skipped
            .iter()
            .map(|s| SkippedOut {
                path: s.path.display().to_string(),
                reason: skip_key(&s.reason),
                message: skip_reason(&s.reason, lang),
            })
            .collect(),
    }
}

fn folder_out(f: &FolderReport, lang: Lang) -> FolderOut {
    let (file, why) = match &f.outcome {
        Outcome::Taken { file, why } => (Some(file.display().to_string()), Some(why_key(*why))),
        _ => (None, None),
    };
    FolderOut {
        folder: f.folder.clone(),
        bidder: f.bidder.clone(),
        bidder_name: f.bidder_name.clone(),
        date: f.date.map(|d| d.to_string()),
        outcome: outcome_key(&f.outcome),
        file,
        why,
        signed: f.signature.is_some(),
        signature: f.signature.as_ref().map(|s| s.display().to_string()),
        message: outcome_sentence(f, lang),
        candidates: f
            .candidates
            .iter()
            .map(|c| CandidateOut {
                file: c.file.display().to_string(),
                verdict: verdict_key(&c.verdict),
                filled_columns: c.filled.columns,
                filled_cells: c.filled.cells,
                message: verdict(&c.verdict, c.filled, lang),
            })
            .collect(),
        documents: f.documents,
    }
}

fn outcome_key(o: &Outcome) -> &'static str {
    match o {
        Outcome::Taken { .. } => "taken",
        Outcome::NoBpu => "no_bpu",
        Outcome::Undecided => "undecided",
        Outcome::Unreadable => "unreadable",
        Outcome::Superseded { .. } => "superseded",
        Outcome::SubmissionsUndecided => "submissions_undecided",
    }
}

fn why_key(w: Why) -> &'static str {
    match w {
        Why::Only => "only",
        Why::MostComplete { .. } => "most_complete",
        Why::Designated => "designated",
        Why::Latest => "latest",
    }
}

fn verdict_key(v: &Verdict) -> &'static str {
    match v {
        Verdict::Taken => "taken",
        Verdict::LessComplete => "less_complete",
        Verdict::Unfilled => "unfilled",
        Verdict::OtherTender { .. } => "other_tender",
        Verdict::NotThisTender => "not_this_tender",
        Verdict::Copy { .. } => "copy",
        Verdict::Tied => "tied",
        Verdict::NotDesignated => "not_designated",
        Verdict::OtherSubmission => "other_submission",
        Verdict::NotWorkbook(_) => "not_workbook",
        Verdict::Unreadable(_) => "unreadable",
    }
}

fn skip_key(r: &SkipReason) -> &'static str {
    match r {
        SkipReason::SystemFile => "system_file",
        SkipReason::Link => "link",
        SkipReason::ParentFolder => "parent_folder",
        SkipReason::AbsolutePath => "absolute_path",
        SkipReason::ControlCharacter => "control_character",
        SkipReason::Duplicate { .. } => "duplicate",
        SkipReason::Encrypted => "encrypted",
        SkipReason::UnsupportedCompression => "unsupported_compression",
        SkipReason::Damaged => "damaged",
        SkipReason::TooLarge { .. } => "too_large",
        SkipReason::TooDeep { .. } => "too_deep",
        SkipReason::TooManyEntries { .. } => "too_many_entries",
        SkipReason::DownloadTooLarge { .. } => "download_too_large",
        SkipReason::OutsideFolders => "outside_folders",
    }
}
