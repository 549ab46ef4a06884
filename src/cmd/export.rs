//! `tender export --format ocds|decp`: the award as open data, from the same analysis
//! as `rank` and the award the report proposes.

use std::path::PathBuf;

use tender::lang::Lang;
use tender::output::text;
use tender::publish::PublishError;

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
        OpenData::Decp => {
            tender::publish::decp_ready(&data).map_err(CmdError::Publish)?;
            tender::output::decp::write(&data)
        }
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
            "{} : l'export publie l'attribution au groupement (ou celle d'un acheteur seul), et la consultation, qui a plusieurs membres, ne demande pas de prix pour le groupement (quote_for)",
            file.display()
        ),
        (PublishError::NoGroupement { file }, Lang::En) => format!(
            "{}: the export publishes the groupement's award (or a buyer alone's), and the tender, which has several members, asks no price for the groupement (quote_for)",
            file.display()
        ),
        (
            PublishError::AmountBelowOne {
                lot,
                bidder,
                amount,
            },
            Lang::Fr,
        ) => format!(
            "lot {lot} : l'offre du candidat « {bidder} » coûte {amount} € HT sur le contrat ; la DECP demande un montant d'au moins 1 € : elle ne peut être publiée ainsi"
        ),
        (
            PublishError::AmountBelowOne {
                lot,
                bidder,
                amount,
            },
            Lang::En,
        ) => format!(
            "lot {lot}: bidder '{bidder}''s offer costs {amount} € excl. VAT over the contract; the DECP requires an amount of at least 1 €: it cannot be published as it stands"
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
            let what = text::identifier_problem(problem.kind, &problem.found, lang);
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
