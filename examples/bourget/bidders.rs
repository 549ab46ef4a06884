//! The four bidders of the Bourget example and what each writes on its price schedule.
//! Shared by the generator (`make_offers.rs`) and the tests (`tests/bourget.rs`).

use tender::bpu::fill::{FillError, FillValue, Filler};
use tender::bpu::layout::CandidateField;
use tender::tender::Tender;

/// A bidder: its file name, its legal name, its prices, and the amounts it computed.
pub struct Bidder {
    pub id: &'static str,
    pub name: &'static str,
    /// Its SIRET, as written on its `Candidat` sheet (fictitious, with a right Luhn key).
    pub siret: &'static str,
    /// (tranche id, lump sum or monthly price € HT).
    pub tranches: [(&'static str, &'static str); 4],
    /// (item code, unit price € HT).
    pub items: [(&'static str, &'static str); 12],
    /// (line code, the amount the bidder wrote): empty when it wrote none.
    pub totals: &'static [(&'static str, &'static str)],
}

pub fn all() -> Vec<Bidder> {
    vec![
        // Priced plainly.
        Bidder {
            id: "numeris",
            name: "Numeris Services",
            siret: "418 273 645 00014",
            tranches: [
                ("TF1", "18000"),
                ("TF2", "15500"),
                ("TF3", "9000"),
                ("TC1", "1800"),
            ],
            items: [
                ("BC01", "420"),
                ("BC02", "610"),
                ("BC03", "690"),
                ("BC04", "85"),
                ("BC05", "75"),
                ("BC06", "850"),
                ("BC07", "40"),
                ("BC08", "110"),
                ("BC09", "350"),
                ("BC10", "20"),
                ("BC11", "38"),
                ("BC12", "2400"),
            ],
            totals: &[],
        },
        // Writes every amount; two disagree with its unit prices (620 × 8 is 4 960, it
        // wrote 4 690; 45.50 × 20 is 910, it wrote 901): the unit prices win.
        Bidder {
            id: "infotech",
            name: "Infotech Services",
            siret: "529 384 716 00021",
            tranches: [
                ("TF1", "21000"),
                ("TF2", "15900"),
                ("TF3", "11000"),
                ("TC1", "2000"),
            ],
            items: [
                ("BC01", "445"),
                ("BC02", "620"),
                ("BC03", "700"),
                ("BC04", "90"),
                ("BC05", "79.90"),
                ("BC06", "880"),
                ("BC07", "42.50"),
                ("BC08", "115"),
                ("BC09", "360"),
                ("BC10", "22"),
                ("BC11", "45.50"),
                ("BC12", "2600"),
            ],
            totals: &[
                ("TF1", "21000"),
                ("TF2", "572400"),
                ("TF3", "11000"),
                ("TC1", "48000"),
                ("BC01", "8900"),
                ("BC02", "4690"),
                ("BC03", "2800"),
                ("BC04", "900"),
                ("BC05", "2397"),
                ("BC06", "880"),
                ("BC07", "425"),
                ("BC08", "1725"),
                ("BC09", "2160"),
                ("BC10", "880"),
                ("BC11", "901"),
                ("BC12", "2600"),
            ],
        },
        // Within the ceiling on the firm tranches; above it only if the conditional
        // tranche (3 500 a month) is wrongly counted in.
        Bidder {
            id: "reseaux-et-co",
            name: "Réseaux & Co",
            siret: "437 261 958 00015",
            tranches: [
                ("TF1", "20000"),
                ("TF2", "16000"),
                ("TF3", "10000"),
                ("TC1", "3500"),
            ],
            items: [
                ("BC01", "400"),
                ("BC02", "590"),
                ("BC03", "650"),
                ("BC04", "80"),
                ("BC05", "70"),
                ("BC06", "800"),
                ("BC07", "38"),
                ("BC08", "105"),
                ("BC09", "330"),
                ("BC10", "18"),
                ("BC11", "35"),
                ("BC12", "2200"),
            ],
            totals: &[],
        },
        Bidder {
            id: "atlantic-it",
            name: "Atlantic IT",
            siret: "681 492 357 00030",
            tranches: [
                ("TF1", "15000"),
                ("TF2", "15000"),
                ("TF3", "8000"),
                ("TC1", "2200"),
            ],
            items: [
                ("BC01", "395"),
                ("BC02", "600"),
                ("BC03", "640"),
                ("BC04", "78"),
                ("BC05", "72"),
                ("BC06", "780"),
                ("BC07", "36"),
                ("BC08", "100"),
                ("BC09", "320"),
                ("BC10", "19"),
                ("BC11", "36"),
                ("BC12", "2300"),
            ],
            totals: &[],
        },
    ]
}

fn number(text: &str) -> FillValue {
    FillValue::Number(text.parse().unwrap_or_default())
}

/// The bidder's workbook: the template filled as the bidder filled it.
pub fn fill(b: &Bidder, tender: &Tender, template: &[u8]) -> Result<Vec<u8>, FillError> {
    let mut f = Filler::new(tender);
    f.candidate(CandidateField::LegalName, b.name);
    f.candidate(CandidateField::Siret, b.siret);
    f.candidate(CandidateField::Lots, "1");
    for (code, price) in b.tranches.iter().chain(&b.items) {
        f.schedule_line("1", code, false, number(price))?;
    }
    for (code, total) in b.totals {
        f.schedule_line("1", code, true, number(total))?;
    }
    f.apply(template)
}
