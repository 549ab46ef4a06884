//! `tender scores --init`: the technical scores, security grades and GDPR answers files
//! named in the tender, started with one line per bidder and lot found in the offers.

use std::io::Write;
use std::path::PathBuf;

use tender::analysis::AnalysisError;
use tender::award::criteria::Evaluation;
use tender::lang::Lang;
use tender::output::text;
use tender::tender::scores_init::{self, BidderLots, EvaluationFile, Started};

use super::{CmdError, INTERNAL, OK, UNREADABLE, Usage, load_tender, write_file};
use crate::cli::Common;

/// Why nothing was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The tender names no evaluation file.
    NoFile,
    /// No offer could be read: there is no bidder to write a line for.
    NoBidder,
}

pub fn refusal(r: &Refusal, lang: Lang) -> String {
    match (r, lang) {
        (Refusal::NoFile, Lang::Fr) => "scores --init : la consultation ne nomme aucun fichier d'évaluation ([award] technical_scores, [award.security] grades, [award.gdpr] answers)".to_owned(),
        (Refusal::NoFile, Lang::En) => "scores --init: the tender names no evaluation file ([award] technical_scores, [award.security] grades, [award.gdpr] answers)".to_owned(),
        (Refusal::NoBidder, Lang::Fr) => "scores --init : aucune offre n'a pu être lue, aucun fichier n'est écrit (voir « tender check »)".to_owned(),
        (Refusal::NoBidder, Lang::En) => "scores --init: no offer could be read, no file is written (see 'tender check')".to_owned(),
    }
}

pub fn run(c: &Common, force: bool, offers: &[PathBuf]) -> Result<u8, CmdError> {
    let (tender, c) = load_tender(c)?;
    let c = &c;
    let inputs = if offers.is_empty() {
        vec![tender.offers_dir.clone()]
    } else {
        offers.to_vec()
    };
    let (files, read) =
        tender::download::read_inputs(&inputs, &tender).map_err(AnalysisError::from)?;
    // Normalised without the evaluation files (they are what is being started): a lot
    // is found for a bidder when some scope of it carries figures.
    let analysis = tender::analysis::analyse_offers(&tender, files, read, Evaluation::default());
    let read = &analysis.read;
    let lang = c.lang();
    let mut err = std::io::stderr().lock();
    for f in &read.failures {
        let _ = writeln!(
            err,
            "{}{}",
            lang.pick("fichier non lu, sans ligne : ", "file not read, no line: "),
            text::failure(f, lang)
        );
    }
    let bidders: Vec<BidderLots> = read
        .offers
        .iter()
        .map(|o| {
            let mut lots: Vec<String> = Vec::new();
            // In the tender's lot order, as the lines are.
            for line in analysis.normalised.iter().filter(|l| l.bidder == o.bidder) {
                if !lots.contains(&line.lot) {
                    lots.push(line.lot.clone());
                }
            }
            BidderLots {
                bidder: o.bidder.clone(),
                lots,
            }
        })
        .filter(|b| !b.lots.is_empty())
        .collect();
    let started = scores_init::start(&tender, &bidders);
    if started.is_empty() {
        return Err(CmdError::Usage(Usage::ScoresInit(Refusal::NoFile)));
    }
    if bidders.is_empty() {
        return Err(CmdError::Usage(Usage::ScoresInit(Refusal::NoBidder)));
    }
    if !force && let Some(existing) = started.iter().find(|s| s.path.exists()) {
        return Err(CmdError::Usage(Usage::WouldOverwrite {
            path: existing.path.clone(),
        }));
    }
    for s in &started {
        write_file(&s.path, s.content.as_bytes())?;
        let _ = writeln!(err, "{}", written(s, lang));
    }
    let ids: Vec<&str> = bidders.iter().map(|b| b.bidder.as_str()).collect();
    let _ = writeln!(
        err,
        "{}{}\n{}",
        lang.pick("candidats : ", "bidders: "),
        ids.join(", "),
        lang.pick(
            "Ensuite : remplissez la dernière colonne de chaque ligne (une ligne laissée vide est une note manquante, jamais un 0), puis lancez « tender rank ».",
            "Next: fill in the last column of each line (a line left empty is a missing mark, never a 0), then run 'tender rank'.",
        )
    );
    Ok(if read.has_internal_error() {
        INTERNAL
    } else if read.failures.is_empty() {
        OK
    } else {
        UNREADABLE
    })
}

/// `technique.csv written: 12 lines to fill in (bidder, lot, criterion → score)`.
fn written(s: &Started, lang: Lang) -> String {
    let what = match (s.kind, lang) {
        (EvaluationFile::TechnicalScores, Lang::Fr) => "notes techniques",
        (EvaluationFile::TechnicalScores, Lang::En) => "technical scores",
        (EvaluationFile::SecurityGrades, Lang::Fr) => "notes de sécurité",
        (EvaluationFile::SecurityGrades, Lang::En) => "security grades",
        (EvaluationFile::GdprAnswers, Lang::Fr) => "réponses RGPD",
        (EvaluationFile::GdprAnswers, Lang::En) => "GDPR answers",
    };
    match lang {
        Lang::Fr => format!(
            "{} écrit ({what}) : {} ligne(s) à remplir",
            s.path.display(),
            s.rows
        ),
        Lang::En => format!(
            "{} written ({what}): {} line(s) to fill in",
            s.path.display(),
            s.rows
        ),
    }
}
