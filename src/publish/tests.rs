//! The open data of the shipped Grenoble example, its figures derived by hand from the
//! offers (`examples/grenoble/bidders.rs`) and the tender's revision.

use std::path::Path;

use rust_decimal::dec;

use super::*;

fn grenoble() -> (Tender, Analysis) {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/grenoble/tender.toml");
    let tender = crate::tender::load(&file).unwrap();
    let analysis = crate::analysis::analyse(&tender, &[]).unwrap();
    (tender, analysis)
}

/// Σ (1.02)^y over the 4 years: 1 + 1.02 + 1.0404 + 1.061208.
const REVISION: rust_decimal::Decimal = dec!(4.121608);

#[test]
fn lot_1_is_awarded_to_the_first_ranked_offer_for_the_contract_amount() {
    let (tender, analysis) = grenoble();
    let data = gather(&tender, &analysis).unwrap();
    assert_eq!(data.coordinator.id, "grenoble");
    let lot = &data.lots[0];
    assert_eq!(lot.lot.id, "1");
    assert_eq!(lot.cpv.code, "72320000");
    // Musicalia, MediaFlux (irregular) and Biblioplus offered for lot 1.
    assert_eq!(lot.received, 3);
    let bids: Vec<(&str, bool)> = lot
        .bids
        .iter()
        .map(|b| (b.bidder, b.set_aside.is_some()))
        .collect();
    assert_eq!(
        bids,
        [
            ("biblioplus", false),
            ("mediaflux", true),
            ("musicalia", false)
        ]
    );
    let award = lot.award.as_ref().unwrap();
    assert_eq!(award.bidder, "musicalia");
    assert_eq!(
        award.identifier,
        Identifier {
            kind: IdKind::Siret,
            id: "81234567800013".into()
        }
    );
    // 21 200 € a year over 4 years revised by 2 %: 87 378.0896 exactly.
    let contract = Exact::from_decimal(dec!(21200) * REVISION);
    assert!(*award.contract_ht == contract);
    let (low, high) = lot.valid_range().unwrap();
    assert!(*low == contract);
    // Biblioplus: 24 000 € a year.
    assert!(*high == Exact::from_decimal(dec!(24000) * REVISION));
}

#[test]
fn a_publisher_without_siret_is_published_with_its_vat_number() {
    let (tender, analysis) = grenoble();
    let data = gather(&tender, &analysis).unwrap();
    let lot5 = data.lots.iter().find(|l| l.lot.id == "5").unwrap();
    assert_eq!(lot5.cpv.code, "79980000");
    let award = lot5.award.as_ref().unwrap();
    assert_eq!(award.bidder, "kiosque");
    assert_eq!(
        award.identifier,
        Identifier {
            kind: IdKind::Tva,
            id: "BE0123456749".into()
        }
    );
}

#[test]
fn without_publication_section_nothing_is_gathered() {
    let (mut tender, analysis) = grenoble();
    tender.publication = None;
    assert!(matches!(
        gather(&tender, &analysis),
        Err(PublishError::NoPublication { .. })
    ));
}
