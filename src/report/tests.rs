use std::path::PathBuf;

use super::*;

fn grenoble() -> Tender {
    crate::tender::load(&PathBuf::from("examples/grenoble/tender.toml")).expect("tender")
}

fn sources<'a>(tender: &'a Tender, analysis: &'a Analysis) -> Sources<'a> {
    Sources {
        tender,
        analysis,
        check: crate::check::check(tender, analysis),
        split: crate::split::split(tender, analysis, None, None),
        files: Vec::new(),
        date: None,
    }
}

#[test]
fn sha256_of_the_standard_test_vector() {
    // FIPS 180-2, appendix B.1: SHA-256("abc").
    assert_eq!(
        sha256_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

#[test]
fn the_saving_is_the_members_alone_minus_the_groupement() {
    let tender = grenoble();
    let analysis = crate::analysis::analyse(&tender, &[]).expect("analysis");
    let report = build(sources(&tender, &analysis), None).expect("report");
    assert_eq!(report.awards.len(), tender.lots.len());
    let mut compared = 0;
    for (award, lot) in report.awards.iter().zip(&analysis.lots) {
        let first_of = |scope: &str| {
            let s = lot.scopes.iter().find(|s| s.scope == scope)?;
            s.ranked.iter().min_by_key(|o| o.rank)
        };
        let (Some(g), Some(a), Some(b)) = (
            first_of("groupement"),
            first_of("grenoble"),
            first_of("isere"),
        ) else {
            assert!(award.saving_ht.is_none(), "lot {}", award.lot);
            continue;
        };
        let expected = a
            .cost
            .annual_ht
            .add(&b.cost.annual_ht)
            .sub(&g.cost.annual_ht);
        assert_eq!(
            award.saving_ht.as_ref(),
            Some(&expected),
            "lot {}",
            award.lot
        );
        assert_eq!(
            award.groupement.map(|o| o.bidder.as_str()),
            Some(g.bidder.as_str())
        );
        compared += 1;
    }
    assert!(compared > 0);
}

#[test]
fn a_members_report_keeps_its_own_scopes_and_shares() {
    let tender = grenoble();
    let analysis = crate::analysis::analyse(&tender, &[]).expect("analysis");
    let report = build(sources(&tender, &analysis), Some("isere")).expect("report");
    assert_eq!(report.member.map(|m| m.id.as_str()), Some("isere"));
    for lot in &report.lots {
        let scopes: Vec<&str> = lot.scopes.iter().map(|s| s.scope.as_str()).collect();
        assert!(!scopes.contains(&"grenoble"), "lot {}: {scopes:?}", lot.lot);
        assert!(scopes.contains(&"isere") && scopes.contains(&"groupement"));
    }
    for award in &report.awards {
        assert!(award.alone.iter().all(|a| a.member == "isere"));
    }
    for lot in &report.sharing.lots {
        assert!(lot.shares.iter().all(|s| s.member == "isere"));
        assert_eq!(lot.shares.len(), 1);
    }
    assert_eq!(report.sharing.members.len(), 1);
    assert!(report.check.offers.iter().all(|o| o.scope != "grenoble"));
}

#[test]
fn an_unknown_member_is_refused_with_the_members() {
    let tender = grenoble();
    let analysis = crate::analysis::analyse(&tender, &[]).expect("analysis");
    let err = build(sources(&tender, &analysis), Some("lyon")).expect_err("unknown");
    assert_eq!(err.given, "lyon");
    assert_eq!(err.known, ["grenoble", "isere"]);
}
