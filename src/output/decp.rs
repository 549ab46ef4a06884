//! France's essential data of public contracts (DECP), format 2.0.3:
//! `{"marches":{"marche":[…]}}`, one record per lot awarded to the groupement. The
//! schema refuses any field it does not list: every field written here is one of its.

use serde::Serialize;

use super::open_data::{Euros, pretty};
use crate::publish::{LotData, OpenData};
use crate::tender::publication::{decp_id, object};

#[derive(Serialize)]
struct Document<'a> {
    marches: Marches<'a>,
}

#[derive(Serialize)]
struct Marches<'a> {
    marche: Vec<Marche<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Marche<'a> {
    id: String,
    acheteur: Id<'a>,
    nature: &'static str,
    objet: String,
    #[serde(rename = "codeCPV")]
    code_cpv: &'a str,
    techniques: Techniques,
    modalites_execution: Modalites,
    marche_innovant: bool,
    ccag: &'static str,
    offres_recues: usize,
    attribution_avance: bool,
    type_groupement_operateurs: &'static str,
    procedure: &'static str,
    lieu_execution: Lieu<'a>,
    duree_mois: u32,
    date_notification: String,
    date_publication_donnees: String,
    montant: Euros,
    types_prix: TypesPrix,
    forme_prix: &'static str,
    sous_traitance_declaree: bool,
    titulaires: Vec<Titulaire<'a>>,
    considerations_sociales: Sociales,
    considerations_environnementales: Environnementales,
}

#[derive(Serialize)]
struct Id<'a> {
    id: &'a str,
}

#[derive(Serialize)]
struct Techniques {
    technique: Vec<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Modalites {
    modalite_execution: Vec<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Lieu<'a> {
    code: &'a str,
    type_code: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TypesPrix {
    type_prix: Vec<&'static str>,
}

#[derive(Serialize)]
struct Titulaire<'a> {
    titulaire: TitulaireId<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TitulaireId<'a> {
    type_identifiant: &'static str,
    id: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Sociales {
    consideration_sociale: Vec<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Environnementales {
    consideration_environnementale: Vec<&'static str>,
}

/// The DECP document of the lots awarded, in the tender's lot order.
pub fn write(data: &OpenData<'_>) -> Result<String, serde_json::Error> {
    let marche = data.lots.iter().filter_map(|l| marche(data, l)).collect();
    pretty(&Document {
        marches: Marches { marche },
    })
}

fn marche<'a>(data: &'a OpenData<'_>, lot: &'a LotData<'_>) -> Option<Marche<'a>> {
    let award = lot.award.as_ref()?;
    let p = data.publication;
    Some(Marche {
        id: decp_id(&p.contract_id, &lot.lot.id),
        acheteur: Id { id: &p.buyer_siret },
        nature: p.nature.decp(),
        objet: object(&data.tender.name, &lot.lot.id, &lot.lot.title),
        // The schema prefers the code without its check digit.
        code_cpv: &lot.cpv.code,
        techniques: Techniques {
            technique: p.techniques.iter().map(|t| t.decp()).collect(),
        },
        modalites_execution: Modalites {
            modalite_execution: p.execution.iter().map(|t| t.decp()).collect(),
        },
        marche_innovant: p.innovative,
        ccag: p.ccag.decp(),
        offres_recues: lot.received,
        attribution_avance: p.advance,
        // Each bidder answers alone: the BPU has no place for a consortium.
        type_groupement_operateurs: "Pas de groupement",
        procedure: p.procedure.decp(),
        lieu_execution: Lieu {
            code: &p.place,
            type_code: p.place_type.decp(),
        },
        // A schedule lot's longest length, every renewal included.
        duree_mois: lot
            .lot
            .schedule
            .as_ref()
            .map_or(data.tender.duration_years * 12, |s| s.total_months()),
        date_notification: p.notification_date.iso(),
        date_publication_donnees: p.publication_date.iso(),
        montant: Euros::of(award.contract_ht),
        types_prix: TypesPrix {
            type_prix: vec![p.price_type.decp()],
        },
        forme_prix: p.price_form.decp(),
        sous_traitance_declaree: p.subcontracting,
        titulaires: vec![Titulaire {
            titulaire: TitulaireId {
                type_identifiant: award.identifier.kind.decp(),
                id: &award.identifier.id,
            },
        }],
        considerations_sociales: Sociales {
            consideration_sociale: p.social.iter().map(|t| t.decp()).collect(),
        },
        considerations_environnementales: Environnementales {
            consideration_environnementale: p.environmental.iter().map(|t| t.decp()).collect(),
        },
    })
}
