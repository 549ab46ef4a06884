//! `tender export --format ocds|decp`: the award as open data, from the same analysis
//! as `rank` and the award the report proposes.

use std::path::PathBuf;

use tender::lang::Lang;
use tender::output::text;
use tender::publish::identifier::IdProblemKind;
use tender::publish::{IdKind, PublishError};

use super::{
    CmdError, Usage, analysis_status, emit, load_tender, no_offer_found, report_diagnostics,
};
use crate::cli::{Common, OpenData};

pub fn run(c: &Common, offers: &[PathBuf]) -> Result<u8, CmdError> {
    let format = c.open_data().ok_or(CmdError::Usage(Usage::ExportFormat))?;
    let (tender, c) = load_tender(c)?;
    let c = &c;
    let analysis = tender::analysis::analyse(&tender, offers)?;
    report_diagnostics(&analysis, c.lang());
    no_offer_found(&analysis, &tender, offers, c.lang());
    let data = tender::publish::gather(&tender, &analysis).map_err(CmdError::Publish)?;
    let document = match format {
        OpenData::Ocds => tender::output::ocds::write(&data, c.lang()),
        OpenData::Decp => tender::output::decp::write(&data),
    }
    .map_err(CmdError::Serialize)?;
    emit(c, document.as_bytes())?;
    Ok(analysis_status(&analysis, c))
}

/// The refusals of the open-data formats.
pub fn refusal(u: &Usage, lang: Lang) -> String {
    match (u, lang) {
        (Usage::ExportFormat, Lang::Fr) => {
            "export : précisez le format, --format ocds ou --format decp".into()
        }
        (Usage::ExportFormat, Lang::En) => {
            "export: give the format, --format ocds or --format decp".into()
        }
        (Usage::OpenDataFormat { command }, Lang::Fr) => format!(
            "--format ocds et --format decp ne s'appliquent qu'à la commande export, pas à {command} (formats de {command} : table, csv, json)"
        ),
        (Usage::OpenDataFormat { command }, Lang::En) => format!(
            "--format ocds and --format decp apply to the export command only, not to {command} ({command}'s formats: table, csv, json)"
        ),
        _ => String::new(),
    }
}

/// Why the open data cannot be written, for the purchasing officer.
pub fn publish_error(e: &PublishError, lang: Lang) -> String {
    match (e, lang) {
        (PublishError::NoPublication { file }, Lang::Fr) => format!(
            "{} : la section [publication] manque ; l'export en a besoin (SIRET de l'acheteur, procédure, codes CPV, dates, préfixe ocid : voir docs/export.md)",
            file.display()
        ),
        (PublishError::NoPublication { file }, Lang::En) => format!(
            "{}: the [publication] section is missing; the export needs it (buyer's SIRET, procedure, CPV codes, dates, ocid prefix: see docs/export.md)",
            file.display()
        ),
        (PublishError::NoGroupement { file }, Lang::Fr) => format!(
            "{} : l'export publie l'attribution au groupement, et la consultation ne demande pas de prix pour le groupement (quote_for)",
            file.display()
        ),
        (PublishError::NoGroupement { file }, Lang::En) => format!(
            "{}: the export publishes the groupement's award, and the tender asks no price for the groupement (quote_for)",
            file.display()
        ),
        (PublishError::NoIdentifier { lot, bidder, file }, lang) => {
            let place = file
                .as_ref()
                .map(|f| format!("{}, ", f.display()))
                .unwrap_or_default();
            match lang {
                Lang::Fr => format!(
                    "{place}feuille « Candidat » : le candidat « {bidder} », proposé pour le lot {lot}, ne donne ni SIRET ni autre identifiant ; la DECP exige l'identifiant du titulaire"
                ),
                Lang::En => format!(
                    "{place}sheet 'Candidat': bidder '{bidder}', proposed for lot {lot}, gives neither a SIRET nor another identifier; the DECP requires the holder's identifier"
                ),
            }
        }
        (
            PublishError::BadIdentifier {
                lot,
                bidder,
                problem,
            },
            lang,
        ) => {
            let found = &problem.found;
            let what = match (problem.kind, lang) {
                (IdProblemKind::BadSiret, Lang::Fr) => format!(
                    "« {found} » n'est pas un SIRET (14 chiffres dont la clé de Luhn est juste)"
                ),
                (IdProblemKind::BadSiret, Lang::En) => {
                    format!("'{found}' is not a SIRET (14 digits passing the Luhn check)")
                }
                (IdProblemKind::MissingType, Lang::Fr) => format!(
                    "l'identifiant « {found} » est donné sans son type ({})",
                    kinds()
                ),
                (IdProblemKind::MissingType, Lang::En) => format!(
                    "identifier '{found}' is given without its type ({})",
                    kinds()
                ),
                (IdProblemKind::UnknownType, Lang::Fr) => format!(
                    "« {found} » n'est pas un type d'identifiant : attendu {}",
                    kinds()
                ),
                (IdProblemKind::UnknownType, Lang::En) => format!(
                    "'{found}' is not a type of identifier: expected {}",
                    kinds()
                ),
                (IdProblemKind::BadVat, Lang::Fr) => format!(
                    "« {found} » n'est pas un numéro de TVA intracommunautaire (deux lettres du pays, puis 2 à 12 lettres ou chiffres)"
                ),
                (IdProblemKind::BadVat, Lang::En) => format!(
                    "'{found}' is not an EU VAT number (the country's two letters, then 2 to 12 letters or digits)"
                ),
                (IdProblemKind::BadOther, Lang::Fr) => format!(
                    "« {found} » n'est pas un identifiant publiable (1 à 20 lettres, chiffres ou « - »)"
                ),
                (IdProblemKind::BadOther, Lang::En) => format!(
                    "'{found}' is not an identifier that can be published (1 to 20 letters, digits or '-')"
                ),
            };
            let place = text::location(&problem.location, lang);
            match lang {
                Lang::Fr => {
                    format!("{place} : candidat « {bidder} », proposé pour le lot {lot} : {what}")
                }
                Lang::En => format!("{place}: bidder '{bidder}', proposed for lot {lot}: {what}"),
            }
        }
    }
}

fn kinds() -> String {
    IdKind::ALL
        .iter()
        .map(|k| k.decp())
        .collect::<Vec<_>>()
        .join(", ")
}
