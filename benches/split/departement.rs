//! A département's groupement on disk: up to 500 communes, one lot priced for the
//! groupement by one bidder who also gives a 10-band population tariff (the grid of the
//! Ontario Library Service: up to 1 000 inhabitants 635 €; 1 001–2 500: 950; 2 501–5 000:
//! 1 305; 5 001–10 000: 1 970; 10 001–15 000: 2 625; 15 001–25 000: 5 515; 25 001–40 000:
//! 7 355; 40 001–50 000: 9 195; 50 001–70 000: 11 190; above 70 000: 13 340).
//!
//! The groupement is quoted 12 000 € a year, below its own band's price (13 340 €), so
//! that the split is rescaled to the awarded price. Three communes are above 70 000
//! inhabitants: alone in the open top band, they are alike for the tariff.

use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use tender::bpu::fill::{FillValue, Filler};
use tender::bpu::layout::CandidateField;
use tender::pricing::{PricingModel, Term};

/// The bands' lower limits.
pub const LIMITS: [u64; 10] = [
    0, 1_000, 2_500, 5_000, 10_000, 15_000, 25_000, 40_000, 50_000, 70_000,
];

/// Each band's yearly price (€ HT).
pub const PRICES: [i64; 10] = [
    635, 950, 1_305, 1_970, 2_625, 5_515, 7_355, 9_195, 11_190, 13_340,
];

/// The groupement's quoted price (€ HT a year).
pub const QUOTE: i64 = 12_000;

/// A small deterministic generator: the same communes every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

/// `n` communes (n ≥ 16): three above 70 000 inhabitants, one of 38 911, twelve of 5 000
/// to 15 000, the rest of 100 to 5 500, skewed towards the small (the smaller of two
/// uniform draws).
pub fn populations(n: usize) -> Vec<u64> {
    let mut rng = Lcg(500);
    let mut sizes = vec![95_344, 81_210, 72_518, 38_911];
    sizes.extend((0..12).map(|_| 5_000 + rng.next(10_001)));
    sizes.extend((16..n).map(|_| 100 + rng.next(5_401).min(rng.next(5_401))));
    sizes
}

fn tender_text(populations: &[u64]) -> String {
    let mut s = String::from(
        "[tender]\nname = \"Département\"\nreference = \"D-500\"\nduration_years = 4\n\
         yearly_revision = \"0.02\"\noffers = \"offres\"\nquote_for = [\"groupement\"]\n",
    );
    for (i, p) in populations.iter().enumerate() {
        s.push_str(&format!(
            "\n[[member]]\nid = \"c{i:03}\"\nname = \"Commune {i}\"\npopulation = {p}\n\
             registered_users = {}\n",
            p / 8
        ));
    }
    let limits: Vec<String> = LIMITS.iter().map(u64::to_string).collect();
    s.push_str(&format!(
        "\n[[lot]]\nid = \"1\"\ntitle = \"Musique en ligne\"\nvat_rate = \"0.20\"\n\
         usage_rates = {{ active_accounts = \"0.03\", simultaneous_accesses = \"0.0005\", \
         consultations = \"0.8\" }}\npopulation_bands = [{}]\n\n[award]\nprice_weight = 100\n\
         technical_weight = 0\n\n[split]\nmethod = \"shapley\"\n",
        limits.join(", ")
    ));
    s
}

/// Writes the tender of `n` communes and its one offer into `dir`; returns the tender
/// file's path.
pub fn write(dir: &Path, n: usize) -> PathBuf {
    let path = dir.join("tender.toml");
    std::fs::write(&path, tender_text(&populations(n))).expect("write the tender");
    let tender = tender::tender::load(&path).expect("the generated tender loads");
    let template = tender::bpu::template::write(&tender).expect("template");
    let mut f = Filler::new(&tender);
    f.candidate(CandidateField::LegalName, "Sonothèque SAS");
    f.item(
        "1",
        "groupement",
        PricingModel::Population,
        Term::Price,
        FillValue::Number(Decimal::from(QUOTE)),
    )
    .expect("the groupement's column");
    for (band, price) in PRICES.iter().enumerate() {
        f.band("1", band, FillValue::Number(Decimal::from(*price)))
            .expect("a band row");
    }
    let offers = dir.join("offres");
    std::fs::create_dir_all(&offers).expect("offers folder");
    std::fs::write(
        offers.join("sonotheque.xlsx"),
        f.apply(&template).expect("fill"),
    )
    .expect("write the offer");
    path
}
