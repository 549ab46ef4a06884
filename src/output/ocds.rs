//! The Open Contracting Data Standard (OCDS 1.1) release package, with the lots and
//! bids extensions: one release (tags `tender` and `award`) holding the tender and its
//! lots, one bid per bidder and lot for the groupement (valid or disqualified, with the
//! reasons), bid statistics per lot, the awards, and the parties with their roles.

use serde::Serialize;

use super::open_data::{Euros, date_time, pretty};
use super::text;
use crate::award::Exclusion;
use crate::exact::Exact;
use crate::lang::Lang;
use crate::publish::{Bid, IdKind, Identifier, LotData, OpenData};

/// The extensions used, at the version validated against.
const EXTENSIONS: [&str; 2] = [
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json",
];

/// The organisation identifier scheme of a SIRET, as France's own OCDS conversion of the
/// DECP writes it.
const SIRET_SCHEME: &str = "FR-RCS";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Package<'a> {
    uri: String,
    version: &'static str,
    extensions: [&'static str; 2],
    published_date: String,
    publisher: Publisher<'a>,
    releases: Vec<Release<'a>>,
}

#[derive(Serialize)]
struct Publisher<'a> {
    name: &'a str,
    scheme: &'static str,
    uid: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Release<'a> {
    ocid: String,
    id: String,
    date: String,
    tag: [&'static str; 2],
    initiation_type: &'static str,
    language: &'static str,
    parties: Vec<Party<'a>>,
    buyer: Reference,
    tender: TenderPart<'a>,
    bids: Bids,
    awards: Vec<AwardPart<'a>>,
}

#[derive(Serialize)]
struct Party<'a> {
    id: String,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    identifier: Option<OrgId>,
    roles: Vec<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OrgId {
    scheme: &'static str,
    id: String,
}

#[derive(Serialize, Clone)]
struct Reference {
    id: String,
    name: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TenderPart<'a> {
    id: &'a str,
    title: &'a str,
    status: &'static str,
    procuring_entity: Reference,
    items: Vec<Item<'a>>,
    lots: Vec<LotPart<'a>>,
    procurement_method: &'static str,
    procurement_method_details: &'static str,
    main_procurement_category: &'static str,
    number_of_tenderers: usize,
    tenderers: Vec<Reference>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Item<'a> {
    id: &'a str,
    description: &'a str,
    classification: Classification<'a>,
    related_lot: &'a str,
}

#[derive(Serialize)]
struct Classification<'a> {
    scheme: &'static str,
    id: &'a str,
}

#[derive(Serialize)]
struct LotPart<'a> {
    id: &'a str,
    title: &'a str,
    status: &'static str,
}

#[derive(Serialize)]
struct Bids {
    statistics: Vec<Statistic>,
    details: Vec<BidPart>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Statistic {
    id: String,
    measure: &'static str,
    value: StatValue,
    #[serde(skip_serializing_if = "Option::is_none")]
    currency: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    notes: Option<&'static str>,
    related_lot: String,
}

#[derive(Serialize)]
#[serde(untagged)]
enum StatValue {
    Count(usize),
    Amount(Euros),
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BidPart {
    id: String,
    status: &'static str,
    /// Why the bid was disqualified (every reason, in the language asked for).
    #[serde(skip_serializing_if = "Option::is_none")]
    status_details: Option<String>,
    tenderers: Vec<Reference>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<Value>,
    related_lots: Vec<String>,
}

#[derive(Serialize)]
struct Value {
    amount: Euros,
    currency: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AwardPart<'a> {
    id: String,
    title: &'a str,
    status: &'static str,
    date: String,
    value: Value,
    suppliers: Vec<Reference>,
    related_bid: String,
    related_lots: Vec<&'a str>,
}

/// The release package.
pub fn write(data: &OpenData<'_>, lang: Lang) -> Result<String, serde_json::Error> {
    let p = data.publication;
    let ocid = format!("{}-{}", p.ocid_prefix, data.tender.reference);
    let buyer = member_ref(data, &data.coordinator.id);
    let package = Package {
        uri: p
            .package_uri
            .clone()
            .unwrap_or_else(|| format!("urn:ocid:{ocid}")),
        version: "1.1",
        extensions: EXTENSIONS,
        published_date: date_time(&p.publication_date),
        publisher: Publisher {
            name: &data.coordinator.name,
            scheme: SIRET_SCHEME,
            uid: &p.buyer_siret,
        },
        releases: vec![Release {
            id: format!("{}-{}", data.tender.reference, p.publication_date.iso()),
            ocid,
            date: date_time(&p.publication_date),
            tag: ["tender", "award"],
            initiation_type: "tender",
            language: match lang {
                Lang::Fr => "fr",
                Lang::En => "en",
            },
            parties: parties(data),
            buyer: buyer.clone(),
            tender: tender(data, buyer),
            bids: Bids {
                statistics: data.lots.iter().flat_map(|l| statistics(l, lang)).collect(),
                details: data
                    .lots
                    .iter()
                    .flat_map(|l| l.bids.iter().map(move |b| bid(data, l, b, lang)))
                    .collect(),
            },
            awards: data.lots.iter().filter_map(|l| award(data, l)).collect(),
        }],
    };
    pretty(&package)
}

fn member_ref(data: &OpenData<'_>, id: &str) -> Reference {
    let name = data
        .tender
        .member(id)
        .map_or(id, |m| m.name.as_str())
        .to_owned();
    Reference {
        id: format!("member-{id}"),
        name,
    }
}

fn bidder_ref(data: &OpenData<'_>, id: &str) -> Reference {
    let name = data
        .bidders
        .iter()
        .find(|b| b.id == id)
        .and_then(|b| b.name)
        .unwrap_or(id)
        .to_owned();
    Reference {
        id: format!("bidder-{id}"),
        name,
    }
}

fn org_id(identifier: &Identifier) -> OrgId {
    OrgId {
        scheme: match identifier.kind {
            IdKind::Siret => SIRET_SCHEME,
            other => other.decp(),
        },
        id: identifier.id.clone(),
    }
}

/// The coordinator (buyer and procuring entity), the other members (buyers), then the
/// bidders (tenderers, and suppliers of the lots they are awarded).
fn parties<'a>(data: &'a OpenData<'_>) -> Vec<Party<'a>> {
    let mut all = Vec::new();
    for m in &data.tender.members {
        let coordinator = m.id == data.coordinator.id;
        all.push(Party {
            id: format!("member-{}", m.id),
            name: &m.name,
            identifier: coordinator.then(|| OrgId {
                scheme: SIRET_SCHEME,
                id: data.publication.buyer_siret.clone(),
            }),
            roles: if coordinator {
                vec!["buyer", "procuringEntity"]
            } else {
                vec!["buyer"]
            },
        });
    }
    // The coordinator first.
    all.sort_by_key(|p| p.roles.len() == 1);
    for b in &data.bidders {
        let supplier = data
            .lots
            .iter()
            .any(|l| l.award.as_ref().is_some_and(|a| a.bidder == b.id));
        all.push(Party {
            id: format!("bidder-{}", b.id),
            name: b.name.unwrap_or(b.id),
            identifier: b.identifier.as_ref().map(org_id),
            roles: if supplier {
                vec!["tenderer", "supplier"]
            } else {
                vec!["tenderer"]
            },
        });
    }
    all
}

fn tender<'a>(data: &'a OpenData<'_>, buyer: Reference) -> TenderPart<'a> {
    let p = data.publication;
    TenderPart {
        id: &data.tender.reference,
        title: &data.tender.name,
        status: "complete",
        procuring_entity: buyer,
        items: data
            .lots
            .iter()
            .map(|l| Item {
                id: &l.lot.id,
                description: &l.lot.title,
                classification: Classification {
                    scheme: "CPV",
                    id: &l.cpv.code,
                },
                related_lot: &l.lot.id,
            })
            .collect(),
        lots: data
            .lots
            .iter()
            .map(|l| LotPart {
                id: &l.lot.id,
                title: &l.lot.title,
                status: if l.award.is_some() {
                    "complete"
                } else {
                    "unsuccessful"
                },
            })
            .collect(),
        procurement_method: p.procedure.ocds(),
        procurement_method_details: p.procedure.decp(),
        main_procurement_category: "services",
        number_of_tenderers: data.bidders.len(),
        tenderers: data
            .bidders
            .iter()
            .map(|b| bidder_ref(data, b.id))
            .collect(),
    }
}

fn bid_id(lot: &str, bidder: &str) -> String {
    format!("{lot}-{bidder}")
}

fn bid(data: &OpenData<'_>, lot: &LotData<'_>, b: &Bid<'_>, lang: Lang) -> BidPart {
    BidPart {
        id: bid_id(&lot.lot.id, b.bidder),
        status: if b.set_aside.is_some() {
            "disqualified"
        } else {
            "valid"
        },
        status_details: b.set_aside.map(|reasons| {
            reasons
                .iter()
                .map(|r| reason(r, lang))
                .collect::<Vec<_>>()
                .join(" ; ")
        }),
        tenderers: vec![bidder_ref(data, b.bidder)],
        value: b.contract_ht.map(euros),
        related_lots: vec![lot.lot.id.clone()],
    }
}

/// Why a bid was set aside, without the place in the bidder's file (a path on the
/// buyer's computer has no place in open data).
fn reason(e: &Exclusion, lang: Lang) -> String {
    match e {
        Exclusion::Irregular(i) => text::irregularity_body(i, lang),
        other => text::exclusion(other, lang),
    }
}

fn euros(amount: &Exact) -> Value {
    Value {
        amount: Euros::of(amount),
        currency: "EUR",
    }
}

fn statistics(lot: &LotData<'_>, lang: Lang) -> Vec<Statistic> {
    let id = &lot.lot.id;
    let count = |measure: &'static str, n: usize, notes: Option<&'static str>| Statistic {
        id: format!("{id}-{measure}"),
        measure,
        value: StatValue::Count(n),
        currency: None,
        notes,
        related_lot: id.clone(),
    };
    let valid = lot.bids.iter().filter(|b| b.set_aside.is_none()).count();
    let mut all = vec![
        count("bids", lot.bids.len(), None),
        count("validBids", valid, None),
    ];
    if let Some((low, high)) = lot.valid_range() {
        for (measure, amount) in [("lowestValidBidValue", low), ("highestValidBidValue", high)] {
            all.push(Statistic {
                id: format!("{id}-{measure}"),
                measure,
                value: StatValue::Amount(Euros::of(amount)),
                currency: Some("EUR"),
                notes: None,
                related_lot: id.clone(),
            });
        }
    }
    all.push(count(
        "abnormallyLowBids",
        lot.abnormally_low,
        Some(lang.pick(
            "Offres valides signalées anormalement basses : le candidat est invité à justifier son prix ; aucune n'est écartée pour cela sans cette demande.",
            "Valid bids flagged abnormally low: the bidder is asked to justify its price; none is excluded for it without that.",
        )),
    ));
    all
}

fn award<'a>(data: &OpenData<'_>, lot: &'a LotData<'_>) -> Option<AwardPart<'a>> {
    let a = lot.award.as_ref()?;
    Some(AwardPart {
        id: lot.lot.id.clone(),
        title: &lot.lot.title,
        status: "active",
        date: date_time(&data.publication.notification_date),
        value: euros(a.contract_ht),
        suppliers: vec![bidder_ref(data, a.bidder)],
        related_bid: bid_id(&lot.lot.id, a.bidder),
        related_lots: vec![&lot.lot.id],
    })
}
