//! The six bidders of the Grenoble example and what each writes in its price schedule.
//!
//! Shared by the generator (`make_offers.rs`) and by the test that checks the committed
//! workbooks are still what the generator makes from the current template.
//!
//! Between them they use all five pricing models; `kiosque` types its numbers as French
//! text; `biblioplus` sends an .ods file; `mediaflux` fills two models in lot 1 (its lot
//! offer is irregular) and forgets a quota in lot 3 for Grenoble (irregular for that scope
//! only) and says it answers lot 6, which it did not price; in lot 9, for the
//! groupement, `biblioplus` and `territoria` tie exactly.

#![allow(dead_code)]

use std::str::FromStr;

use rust_decimal::Decimal;
use tender::bpu::fill::{FillError, FillValue, Filler};
use tender::bpu::layout::CandidateField;
use tender::pricing::{PricingModel, Term};
use tender::tender::Tender;

use PricingModel::{
    ActiveAccounts, Consultations, Population, RegisteredUsers, SimultaneousAccesses,
};
use Term::{Price, Quota, Reduction, Surcharge};

/// How the bidder saved its workbook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Saved {
    Xlsx,
    /// Re-saved as OpenDocument by LibreOffice.
    Ods,
}

pub struct Bidder {
    pub id: &'static str,
    pub name: &'static str,
    /// Empty for a bidder without a SIRET.
    pub siret: &'static str,
    /// The identifier of a bidder without a SIRET, and its type (`TVA`, `HORS-UE`…).
    pub other_id: Option<(&'static str, &'static str)>,
    pub contact: &'static str,
    pub email: &'static str,
    /// The lots the bidder says it answers, as typed on its `Candidat` sheet.
    pub lots: &'static str,
    pub saved: Saved,
    pub cells: Vec<Entry>,
}

pub struct Entry {
    pub lot: &'static str,
    pub scope: &'static str,
    pub model: PricingModel,
    pub term: Term,
    pub value: FillValue,
}

/// The cells of one model for one lot and scope. Values are numbers, or typed text when
/// `typed` (as a bidder who writes `12 500,00 €` in a cell).
fn quote(
    lot: &'static str,
    scope: &'static str,
    model: PricingModel,
    terms: &[(Term, &str)],
    typed: bool,
) -> Vec<Entry> {
    terms
        .iter()
        .map(|(term, v)| Entry {
            lot,
            scope,
            model,
            term: *term,
            value: if typed {
                FillValue::Text((*v).to_owned())
            } else {
                FillValue::Number(Decimal::from_str(v).expect("example figures are decimals"))
            },
        })
        .collect()
}

fn flat(
    lot: &'static str,
    model: PricingModel,
    grenoble: &str,
    isere: &str,
    groupement: &str,
) -> Vec<Entry> {
    let mut v = quote(lot, "grenoble", model, &[(Price, grenoble)], false);
    v.extend(quote(lot, "isere", model, &[(Price, isere)], false));
    v.extend(quote(
        lot,
        "groupement",
        model,
        &[(Price, groupement)],
        false,
    ));
    v
}

pub fn all() -> Vec<Bidder> {
    vec![
        musicalia(),
        cineclap(),
        kiosque(),
        biblioplus(),
        territoria(),
        mediaflux(),
    ]
}

fn musicalia() -> Bidder {
    let a = ActiveAccounts;
    let mut cells = Vec::new();
    cells.extend(quote(
        "1",
        "grenoble",
        a,
        &[
            (Price, "9000"),
            (Quota, "2500"),
            (Surcharge, "1500"),
            (Reduction, "1000"),
        ],
        false,
    ));
    cells.extend(quote(
        "1",
        "isere",
        a,
        &[
            (Price, "14000"),
            (Quota, "6000"),
            (Surcharge, "1400"),
            (Reduction, "900"),
        ],
        false,
    ));
    cells.extend(quote(
        "1",
        "groupement",
        a,
        &[
            (Price, "20000"),
            (Quota, "7000"),
            (Surcharge, "1200"),
            (Reduction, "800"),
        ],
        false,
    ));
    cells.extend(quote(
        "12",
        "grenoble",
        a,
        &[
            (Price, "5000"),
            (Quota, "1000"),
            (Surcharge, "800"),
            (Reduction, "500"),
        ],
        false,
    ));
    cells.extend(quote(
        "12",
        "isere",
        a,
        &[
            (Price, "7000"),
            (Quota, "3000"),
            (Surcharge, "700"),
            (Reduction, "400"),
        ],
        false,
    ));
    cells.extend(quote(
        "12",
        "groupement",
        a,
        &[
            (Price, "11000"),
            (Quota, "4000"),
            (Surcharge, "600"),
            (Reduction, "400"),
        ],
        false,
    ));
    Bidder {
        id: "musicalia",
        name: "Musicalia SAS",
        siret: "812 345 678 00013",
        other_id: None,
        contact: "Claire Martin",
        email: "marches@musicalia.example",
        lots: "1, 12",
        saved: Saved::Xlsx,
        cells,
    }
}

fn cineclap() -> Bidder {
    let c = SimultaneousAccesses;
    let mut cells = Vec::new();
    cells.extend(quote(
        "2",
        "grenoble",
        c,
        &[
            (Price, "12000"),
            (Quota, "25"),
            (Surcharge, "300"),
            (Reduction, "200"),
        ],
        false,
    ));
    cells.extend(quote(
        "2",
        "isere",
        c,
        &[
            (Price, "16000"),
            (Quota, "50"),
            (Surcharge, "280"),
            (Reduction, "150"),
        ],
        false,
    ));
    cells.extend(quote(
        "2",
        "groupement",
        c,
        &[
            (Price, "26000"),
            (Quota, "70"),
            (Surcharge, "250"),
            (Reduction, "150"),
        ],
        false,
    ));
    cells.extend(quote(
        "3",
        "grenoble",
        c,
        &[
            (Price, "7000"),
            (Quota, "20"),
            (Surcharge, "250"),
            (Reduction, "150"),
        ],
        false,
    ));
    cells.extend(quote(
        "3",
        "isere",
        c,
        &[(Price, "9000"), (Quota, "25"), (Surcharge, "240")],
        false,
    ));
    cells.extend(quote(
        "3",
        "groupement",
        c,
        &[(Price, "15000"), (Quota, "50"), (Surcharge, "200")],
        false,
    ));
    cells.extend(quote(
        "4",
        "grenoble",
        c,
        &[(Price, "5000"), (Quota, "15")],
        false,
    ));
    cells.extend(quote(
        "4",
        "isere",
        c,
        &[(Price, "7500"), (Quota, "20"), (Surcharge, "260")],
        false,
    ));
    cells.extend(quote(
        "4",
        "groupement",
        c,
        &[(Price, "11500"), (Quota, "40"), (Surcharge, "220")],
        false,
    ));
    cells.extend(quote(
        "11",
        "grenoble",
        c,
        &[(Price, "3000"), (Quota, "10"), (Surcharge, "150")],
        false,
    ));
    cells.extend(quote(
        "11",
        "isere",
        c,
        &[(Price, "4500"), (Quota, "25")],
        false,
    ));
    cells.extend(quote(
        "11",
        "groupement",
        c,
        &[(Price, "7000"), (Quota, "40")],
        false,
    ));
    Bidder {
        id: "cineclap",
        name: "CinéClap SARL",
        siret: "523 456 789 00032",
        other_id: None,
        contact: "Hugo Lefèvre",
        email: "appels-offres@cineclap.example",
        lots: "2, 3, 4, 11",
        saved: Saved::Xlsx,
        cells,
    }
}

/// Types every figure as French text: `7 500,00 €`, `80 000`, `0,05`.
fn kiosque() -> Bidder {
    let k = Consultations;
    let mut cells = Vec::new();
    cells.extend(quote(
        "5",
        "grenoble",
        k,
        &[
            (Price, "7 500,00 €"),
            (Quota, "80 000"),
            (Surcharge, "0,05 €"),
        ],
        true,
    ));
    cells.extend(quote(
        "5",
        "isere",
        k,
        &[(Price, "11\u{a0}000 €"), (Quota, "150\u{a0}000")],
        true,
    ));
    // No price per extra consultation: the cost is extrapolated.
    cells.extend(quote(
        "5",
        "groupement",
        k,
        &[(Price, "17 500,00 €"), (Quota, "200 000")],
        true,
    ));
    cells.extend(quote(
        "6",
        "grenoble",
        k,
        &[(Price, "4 200"), (Quota, "60 000")],
        true,
    ));
    cells.extend(quote(
        "6",
        "isere",
        k,
        &[
            (Price, "6\u{202f}300,50 €"),
            (Quota, "90\u{202f}000"),
            (Surcharge, "0,04"),
        ],
        true,
    ));
    cells.extend(quote(
        "6",
        "groupement",
        k,
        &[(Price, "9 800 € HT"), (Quota, "160 000")],
        true,
    ));
    cells.extend(quote(
        "7",
        "groupement",
        k,
        &[
            (Price, "3 000,00 €"),
            (Quota, "50 000"),
            (Surcharge, "0,03"),
        ],
        true,
    ));
    Bidder {
        id: "kiosque",
        name: "Kiosque Numérique SA",
        siret: "",
        // A Belgian publisher: no SIRET, its VAT number.
        other_id: Some(("BE 0123.456.749", "TVA")),
        contact: "Amina Benali",
        email: "contact@kiosque-numerique.example",
        lots: "5, 6 et 7",
        saved: Saved::Xlsx,
        cells,
    }
}

fn biblioplus() -> Bidder {
    let r = RegisteredUsers;
    let mut cells = Vec::new();
    cells.extend(flat("1", r, "11000", "15500", "24000"));
    cells.extend(flat("2", r, "14000", "17000", "29000"));
    cells.extend(flat("5", r, "9000", "12500", "20000"));
    cells.extend(flat("8", r, "3000", "4500", "6800"));
    cells.extend(flat("9", r, "5000", "7000", "10000"));
    cells.extend(flat("10", r, "2500", "3500", "5500"));
    cells.extend(flat("12", r, "5500", "7800", "12500"));
    Bidder {
        id: "biblioplus",
        name: "Biblioplus SCOP",
        siret: "345 678 901 00074",
        other_id: None,
        contact: "Julien Roux",
        email: "offres@biblioplus.example",
        lots: "1, 2, 5, 8, 9, 10, 12",
        saved: Saved::Ods,
        cells,
    }
}

fn territoria() -> Bidder {
    let p = Population;
    let mut cells = Vec::new();
    cells.extend(flat("3", p, "8500", "12000", "19000"));
    // Above lot 4's ceiling of 30 000 € HT for the groupement: unacceptable there.
    cells.extend(flat("4", p, "6000", "9000", "31000"));
    cells.extend(flat("6", p, "4500", "7000", "11000"));
    cells.extend(flat("7", p, "1500", "2200", "3500"));
    cells.extend(flat("8", p, "3200", "4300", "7000"));
    cells.extend(flat("9", p, "9000", "12000", "20000"));
    cells.extend(flat("10", p, "2600", "3900", "5900"));
    cells.extend(flat("11", p, "3500", "5000", "8000"));
    Bidder {
        id: "territoria",
        name: "Territoria SAS",
        siret: "656 789 012 00092",
        other_id: None,
        contact: "Sophie Garnier",
        email: "reponses@territoria.example",
        lots: "3 ; 4 ; 6 ; 7 ; 8 ; 9 ; 10 ; 11",
        saved: Saved::Xlsx,
        cells,
    }
}

fn mediaflux() -> Bidder {
    let mut cells = Vec::new();
    // Lot 1: two models filled (1.1 for Grenoble, 1.4 for the groupement).
    cells.extend(quote(
        "1",
        "grenoble",
        ActiveAccounts,
        &[(Price, "8000"), (Quota, "3000")],
        false,
    ));
    cells.extend(quote(
        "1",
        "groupement",
        RegisteredUsers,
        &[(Price, "19000")],
        false,
    ));
    // Lot 2: the groupement only, far below the others.
    cells.extend(quote(
        "2",
        "groupement",
        SimultaneousAccesses,
        &[
            (Price, "15000"),
            (Quota, "80"),
            (Surcharge, "200"),
            (Reduction, "100"),
        ],
        false,
    ));
    // Lot 3: Grenoble's quota forgotten.
    cells.extend(quote(
        "3",
        "grenoble",
        SimultaneousAccesses,
        &[(Price, "6000")],
        false,
    ));
    cells.extend(quote(
        "3",
        "isere",
        SimultaneousAccesses,
        &[(Price, "8000"), (Quota, "30")],
        false,
    ));
    Bidder {
        id: "mediaflux",
        name: "MediaFlux SARL",
        siret: "767 890 123 00015",
        other_id: None,
        contact: "Marc Dubois",
        email: "ao@mediaflux.example",
        lots: "1, 2, 3, 6",
        saved: Saved::Xlsx,
        cells,
    }
}

/// The bidder's filled workbook (xlsx), from the template bytes.
pub fn fill(bidder: &Bidder, tender: &Tender, template: &[u8]) -> Result<Vec<u8>, FillError> {
    let mut f = Filler::new(tender);
    f.candidate(CandidateField::LegalName, bidder.name);
    if !bidder.siret.is_empty() {
        f.candidate(CandidateField::Siret, bidder.siret);
    }
    if let Some((id, kind)) = bidder.other_id {
        f.candidate(CandidateField::OtherIdentifier, id)
            .candidate(CandidateField::OtherIdentifierType, kind);
    }
    f.candidate(CandidateField::Contact, bidder.contact)
        .candidate(CandidateField::Email, bidder.email)
        .candidate(CandidateField::Lots, bidder.lots);
    for e in &bidder.cells {
        f.item(e.lot, e.scope, e.model, e.term, e.value.clone())?;
    }
    f.apply(template)
}
