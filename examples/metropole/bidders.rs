//! The bidders of the métropole example: each answers for the groupement only (the
//! tender quotes no member alone) and, on lots 1 to 3, gives the band tariff that prices
//! any perimeter. Shared by `make_offers.rs` and the test that checks the committed files.

use tender::bpu::fill::{FillError, FillValue, Filler};
use tender::bpu::layout::CandidateField;
use tender::pricing::PricingModel::{self, *};
use tender::pricing::Term::{self, *};
use tender::tender::Tender;

pub struct Bidder {
    pub id: &'static str,
    pub name: &'static str,
    /// The SIRET given on the `Candidat` sheet, published in the open data.
    pub siret: &'static str,
    /// (lot, model, term, value) for the groupement's column.
    pub cells: Vec<(&'static str, PricingModel, Term, &'static str)>,
    /// (lot, one price per band).
    pub bands: Vec<(&'static str, Vec<&'static str>)>,
}

pub fn all() -> Vec<Bidder> {
    vec![
        Bidder {
            id: "sonora",
            name: "Sonora SAS",
            siret: "901 234 567 00013",
            // Lot 1, flat by population: 26 000 for the métropole (445 775 inhabitants), the
            // price of its band (200 001 to 500 000).
            cells: vec![("1", Population, Price, "26000")],
            bands: vec![(
                "1",
                vec![
                    "800", "1400", "2300", "3900", "7200", "12500", "26000", "34000",
                ],
            )],
        },
        Bidder {
            id: "melodia",
            name: "Melodia SARL",
            siret: "890 123 456 00026",
            // Lot 1, by active accounts: 20 000 for 2 000 accounts, 900 per 1 000 above.
            cells: vec![
                ("1", ActiveAccounts, Price, "20000"),
                ("1", ActiveAccounts, Quota, "2000"),
                ("1", ActiveAccounts, Surcharge, "900"),
                ("1", ActiveAccounts, Reduction, "500"),
            ],
            bands: vec![(
                "1",
                vec![
                    "600", "1200", "2000", "3400", "6200", "11000", "20000", "27000",
                ],
            )],
        },
        Bidder {
            id: "kiosque-metro",
            name: "Kiosque Métropole SA",
            siret: "789 012 345 00037",
            // Lot 2, flat by population 9 800; bands of population.
            cells: vec![("2", Population, Price, "9800")],
            bands: vec![(
                "2",
                vec!["350", "600", "950", "1600", "2900", "5200", "9800", "13000"],
            )],
        },
        Bidder {
            id: "apprendre",
            name: "Apprendre Plus SCOP",
            siret: "678 901 234 00040",
            // Lot 3, flat by registered users 14 500; bands of registered users.
            cells: vec![("3", RegisteredUsers, Price, "14500")],
            bands: vec![(
                "3",
                vec![
                    "300", "550", "1100", "2000", "3600", "7000", "14500", "19000",
                ],
            )],
        },
        Bidder {
            id: "audiolib",
            name: "Audiolib SAS",
            siret: "567 890 123 00050",
            // Lot 4 has no band tariff: a flat price by population.
            cells: vec![("4", Population, Price, "15000")],
            bands: Vec::new(),
        },
    ]
}

/// The bidder's workbook: the template filled cell by cell.
pub fn fill(bidder: &Bidder, tender: &Tender, template: &[u8]) -> Result<Vec<u8>, FillError> {
    let mut f = Filler::new(tender);
    f.candidate(CandidateField::LegalName, bidder.name);
    f.candidate(CandidateField::Siret, bidder.siret);
    let lots: Vec<&str> = bidder.cells.iter().map(|c| c.0).collect();
    f.candidate(CandidateField::Lots, &lots.join(", "));
    for (lot, model, term, value) in &bidder.cells {
        f.item(
            lot,
            "groupement",
            *model,
            *term,
            FillValue::Number(value.parse().expect("example figure")),
        )?;
    }
    for (lot, prices) in &bidder.bands {
        for (i, p) in prices.iter().enumerate() {
            f.band(
                lot,
                i,
                FillValue::Number(p.parse().expect("example figure")),
            )?;
        }
    }
    f.apply(template)
}
