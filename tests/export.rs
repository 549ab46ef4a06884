//! `tender export --format ocds|decp`: the documents of both shipped examples are valid
//! against the official schemas (read from outside the repository, see
//! `common::open_data`), their figures are the analysed ones (checked by hand on a small
//! tender), and a tender file or a bidder's sheet missing what the publication needs gives
//! a located error.

mod common;

use std::path::Path;

use serde_json::Value;
use tender::bpu::layout::CandidateField;
use tender::pricing::PricingModel::Population;
use tender::pricing::Term::Price;

use common::open_data::{self, decp_validator, errors, ocds_validator};
use common::{SMALL_TENDER, Workdir, num, offer_bytes_with};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The document `export` writes for a shipped example.
fn export(example: &str, format: &str) -> Value {
    serde_json::from_str(&raw_export(example, format)).unwrap()
}

/// The document `export` writes for a shipped example, as text.
fn raw_export(example: &str, format: &str) -> String {
    let out = assert_cmd::Command::cargo_bin("tender")
        .unwrap()
        .current_dir(root())
        .args(["export", "--tender", example, "--format", format])
        .output()
        .unwrap();
    assert!(
        out.status.code() == Some(0),
        "{example} {format}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

const EXAMPLES: [&str; 3] = [
    "examples/grenoble/tender.toml",
    "examples/metropole/tender.toml",
    "examples/bourget/tender.toml",
];

macro_rules! schemas_or_skip {
    () => {
        match open_data::schemas_dir() {
            Ok(dir) => dir,
            Err(reason) => {
                eprintln!("skipped: {reason}");
                return;
            }
        }
    };
}

#[test]
fn the_examples_decp_is_valid() {
    let dir = schemas_or_skip!();
    let validator = decp_validator(&dir);
    for example in EXAMPLES {
        let doc = export(example, "decp");
        assert_eq!(errors(&validator, &doc), Vec::<String>::new(), "{example}");
        assert!(!doc["marches"]["marche"].as_array().unwrap().is_empty());
    }
}

#[test]
fn the_examples_ocds_is_valid() {
    let dir = schemas_or_skip!();
    let validator = ocds_validator(&dir);
    for example in EXAMPLES {
        let doc = export(example, "ocds");
        assert_eq!(errors(&validator, &doc), Vec::<String>::new(), "{example}");
    }
}

/// The validator accepts the official examples: it reads the schema as its authors do.
#[test]
fn the_official_decp_examples_are_valid() {
    let dir = schemas_or_skip!();
    let validator = decp_validator(&dir);
    for name in [
        "marches_avec_modifications.json",
        "marches_concessions.json",
    ] {
        let doc = open_data::decp_example(&dir, name);
        assert_eq!(errors(&validator, &doc), Vec::<String>::new(), "{name}");
    }
}

/// The validator refuses what the schemas refuse: a DECP record without its amount,
/// with a 13-digit SIRET or a field the schema does not list; an OCDS bid of an unknown
/// status.
#[test]
fn a_broken_export_is_refused() {
    let dir = schemas_or_skip!();
    let decp = decp_validator(&dir);
    let good = export(EXAMPLES[0], "decp");
    let breakages: [fn(&mut Value); 3] = [
        |d| {
            d["marches"]["marche"][0]
                .as_object_mut()
                .unwrap()
                .remove("montant");
        },
        |d| d["marches"]["marche"][0]["acheteur"]["id"] = "2138018550001".into(),
        |d| d["marches"]["marche"][0]["montantAnnuel"] = 1.into(),
    ];
    for (i, breakage) in breakages.iter().enumerate() {
        let mut doc = good.clone();
        breakage(&mut doc);
        assert!(!errors(&decp, &doc).is_empty(), "breakage {i} accepted");
    }
    let ocds = ocds_validator(&dir);
    let mut doc = export(EXAMPLES[0], "ocds");
    doc["releases"][0]["bids"]["details"][0]["status"] = "rejected".into();
    assert!(!errors(&ocds, &doc).is_empty());
}

/// A tender small enough to check the figures by hand: two years, no revision, two
/// bidders for lot 1 (10 000 and 12 000 € HT a year for the groupement), none for lot 2.
fn small(wd: &Workdir, publication: &str) -> tender::tender::Tender {
    let text = SMALL_TENDER.replace(
        "offers = \"offres\"\n",
        "offers = \"offres\"\ncoordinator = \"a\"\n",
    ) + publication;
    let tender = wd.tender(&text);
    let offer = |ids: &[(CandidateField, &str)], name: &str, price: &str| {
        let mut candidate = vec![(CandidateField::LegalName, name)];
        candidate.extend_from_slice(ids);
        offer_bytes_with(
            &tender,
            &candidate,
            &[("1", "groupement", Population, Price, num(price))],
        )
    };
    wd.write(
        "offres/acme.xlsx",
        offer(
            &[(CandidateField::Siret, "732 829 320 00074")],
            "Acme SA",
            "10000",
        ),
    );
    wd.write(
        "offres/beta.xlsx",
        offer(
            &[
                (CandidateField::OtherIdentifier, "DE123456789"),
                (CandidateField::OtherIdentifierType, "TVA"),
            ],
            "Beta GmbH",
            "12000",
        ),
    );
    tender
}

const PUBLICATION: &str = r#"
[publication]
buyer_siret = "21380185500015"
procedure = "adaptee"
price_form = "forfaitaire"
ccag = "fcs"
place = "38"
place_type = "departement"
cpv = "72320000-4"
notification_date = "2026-03-02"
publication_date = "2026-03-16"
ocid_prefix = "ocds-abc123"
"#;

fn run(wd: &Workdir, args: &[&str]) -> (i32, String, String) {
    let out = wd.command().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_decp_figures_are_the_analysed_ones() {
    let wd = Workdir::new();
    small(&wd, PUBLICATION);
    let (code, out, err) = run(&wd, &["export", "--format", "decp"]);
    // 1, as for rank: lot 2 has no offer.
    assert_eq!(code, 1, "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    let records = doc["marches"]["marche"].as_array().unwrap();
    // Lot 2 has no offer: it is not awarded, so not published.
    assert_eq!(records.len(), 1);
    let m = &records[0];
    assert_eq!(m["id"], "T-1-1");
    assert_eq!(m["acheteur"]["id"], "21380185500015");
    assert_eq!(m["codeCPV"], "72320000");
    assert_eq!(m["procedure"], "Procédure adaptée");
    assert_eq!(m["dureeMois"], 24);
    assert_eq!(m["offresRecues"], 2);
    // 10 000 € a year for 2 years without revision.
    assert!(out.contains("\"montant\": 20000.00"), "{out}");
    assert_eq!(m["titulaires"][0]["titulaire"]["typeIdentifiant"], "SIRET");
    assert_eq!(m["titulaires"][0]["titulaire"]["id"], "73282932000074");
    assert_eq!(m["dateNotification"], "2026-03-02");
    assert_eq!(m["datePublicationDonnees"], "2026-03-16");
    assert_eq!(m["typesPrix"]["typePrix"][0], "Définitif ferme");
    assert_eq!(m["objet"], "Test — lot 1 : Musique");
    // The same inputs give the same bytes.
    assert_eq!(run(&wd, &["export", "--format", "decp"]).1, out);
    if let Ok(dir) = open_data::schemas_dir() {
        assert_eq!(errors(&decp_validator(&dir), &doc), Vec::<String>::new());
    }
}

#[test]
fn the_ocds_bids_statistics_and_award() {
    let wd = Workdir::new();
    small(&wd, PUBLICATION);
    let (code, out, err) = run(&wd, &["export", "--format", "ocds"]);
    assert_eq!(code, 1, "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["uri"], "urn:ocid:ocds-abc123-T-1");
    let r = &doc["releases"][0];
    assert_eq!(r["ocid"], "ocds-abc123-T-1");
    assert_eq!(r["buyer"]["id"], "member-a");
    let details = r["bids"]["details"].as_array().unwrap();
    let ids: Vec<&str> = details.iter().map(|b| b["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["1-acme", "1-beta"]);
    assert!(details.iter().all(|b| b["status"] == "valid"));
    // 12 000 € a year for 2 years; 10 000 for the lowest.
    assert!(out.contains("\"amount\": 24000.00"), "{out}");
    let stat = |measure: &str| {
        r["bids"]["statistics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["measure"] == measure && s["relatedLot"] == "1")
            .map(|s| s["value"].clone())
    };
    assert_eq!(stat("bids"), Some(2.into()));
    assert_eq!(stat("validBids"), Some(2.into()));
    assert_eq!(stat("lowestValidBidValue"), Some(20000.0.into()));
    assert_eq!(stat("highestValidBidValue"), Some(24000.0.into()));
    // Written with their cents, as the exact figure rounded (never through a float).
    assert!(out.contains("\"value\": 20000.00"), "{out}");
    assert_eq!(stat("abnormallyLowBids"), Some(0.into()));
    let awards = r["awards"].as_array().unwrap();
    assert_eq!(awards.len(), 1);
    assert_eq!(awards[0]["relatedBid"], "1-acme");
    assert_eq!(awards[0]["suppliers"][0]["id"], "bidder-acme");
    assert_eq!(awards[0]["date"], "2026-03-02T00:00:00Z");
    let lots = r["tender"]["lots"].as_array().unwrap();
    assert_eq!(lots[0]["status"], "complete");
    assert_eq!(lots[1]["status"], "unsuccessful");
    let party = |id: &str| {
        r["parties"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .cloned()
            .unwrap()
    };
    assert_eq!(
        party("member-a")["roles"],
        serde_json::json!(["buyer", "procuringEntity"])
    );
    assert_eq!(party("member-b")["roles"], serde_json::json!(["buyer"]));
    assert_eq!(
        party("bidder-acme")["roles"],
        serde_json::json!(["tenderer", "supplier"])
    );
    assert_eq!(party("bidder-beta")["identifier"]["scheme"], "TVA");
    assert_eq!(party("bidder-beta")["identifier"]["id"], "DE123456789");
    if let Ok(dir) = open_data::schemas_dir() {
        assert_eq!(errors(&ocds_validator(&dir), &doc), Vec::<String>::new());
    }
}

#[test]
fn a_missing_publication_key_is_located() {
    let wd = Workdir::new();
    let text = SMALL_TENDER.replace(
        "offers = \"offres\"\n",
        "offers = \"offres\"\ncoordinator = \"a\"\n",
    ) + &PUBLICATION.replace("notification_date = \"2026-03-02\"\n", "");
    wd.write("tender.toml", text);
    let (code, _, err) = run(&wd, &["export", "--format", "decp"]);
    assert_eq!(code, 2);
    // The section starts on line 45 of the file.
    assert!(
        err.contains("tender.toml, ligne 45, clé « publication »")
            && err.contains("clé obligatoire « notification_date » absente"),
        "{err}"
    );
}

#[test]
fn wrong_publication_values_are_refused_with_their_key() {
    let wd = Workdir::new();
    let cases = [
        (
            "buyer_siret = \"21380185500015\"",
            "buyer_siret = \"21380185500016\"",
            "publication.buyer_siret",
            "n'est pas un SIRET",
        ),
        (
            "cpv = \"72320000-4\"",
            "cpv = \"7232000\"",
            "publication.cpv",
            "n'est pas un code CPV",
        ),
        (
            "notification_date = \"2026-03-02\"",
            "notification_date = \"2026-02-30\"",
            "publication.notification_date",
            "n'est pas une date",
        ),
        (
            "publication_date = \"2026-03-16\"",
            "publication_date = \"2026-03-01\"",
            "publication.publication_date",
            "avant la notification",
        ),
        (
            "ocid_prefix = \"ocds-abc123\"",
            "ocid_prefix = \"abc123\"",
            "publication.ocid_prefix",
            "préfixe OCDS",
        ),
        (
            "cpv = \"72320000-4\"",
            "cpv_by_lot = { \"1\" = \"72320000-4\" }",
            "publication.cpv",
            "le lot « 2 » n'a pas de code CPV",
        ),
        (
            "cpv = \"72320000-4\"",
            "cpv = \"72320000-4\"\ncontract_id = \"MARCHE-2026-0001\"",
            "publication.contract_id",
            "ferait 18 caractères, 16 au plus",
        ),
        (
            "cpv = \"72320000-4\"",
            "cpv = \"72320000-4\"\ncontract_id = \"M 26\"",
            "publication.contract_id",
            "contiendrait une espace",
        ),
        (
            "cpv = \"72320000-4\"",
            "cpv = \"72320000-4\"\npackage_uri = \"www.example.fr/ocds.json\"",
            "publication.package_uri",
            "n'est pas une adresse web",
        ),
    ];
    let with_coordinator = SMALL_TENDER.replace(
        "offers = \"offres\"\n",
        "offers = \"offres\"\ncoordinator = \"a\"\n",
    );
    for (from, to, key, said) in cases {
        wd.write(
            "tender.toml",
            with_coordinator.clone() + &PUBLICATION.replace(from, to),
        );
        let (code, _, err) = run(&wd, &["rank"]);
        assert_eq!(code, 2, "{to}");
        assert!(
            err.contains(&format!("clé « {key} »")) && err.contains(said),
            "{to}: {err}"
        );
    }
    // Without a coordinator, the buyer is unknown.
    wd.write("tender.toml", SMALL_TENDER.to_owned() + PUBLICATION);
    let (code, _, err) = run(&wd, &["rank", "--lang", "en"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("key `tender.coordinator`: the buyer published"),
        "{err}"
    );
}

#[test]
fn without_publication_section_the_export_says_what_is_missing() {
    let wd = Workdir::new();
    small(&wd, "");
    let (code, out, err) = run(&wd, &["export", "--format", "ocds", "--lang", "en"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.contains("tender.toml: the [publication] section is missing"),
        "{err}"
    );
}

#[test]
fn an_awarded_bidder_without_a_usable_identifier_is_named_with_its_cell() {
    let wd = Workdir::new();
    let tender = small(&wd, PUBLICATION);
    let bad = offer_bytes_with(
        &tender,
        &[(CandidateField::Siret, "732 829 320 00075")],
        &[("1", "groupement", Population, Price, num("9000"))],
    );
    wd.write("offres/cheap.xlsx", bad);
    let (code, out, err) = run(&wd, &["export", "--format", "decp"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.contains("feuille « Candidat », cellule B5")
            && err.contains("candidat « cheap », proposé pour le lot 1 : « 732 829 320 00075 » n'est pas un SIRET"),
        "{err}"
    );
    let none = offer_bytes_with(
        &tender,
        &[],
        &[("1", "groupement", Population, Price, num("9000"))],
    );
    wd.write("offres/cheap.xlsx", none);
    let (code, _, err) = run(&wd, &["export", "--format", "decp", "--lang", "en"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("bidder 'cheap', proposed for lot 1, gives neither a SIRET"),
        "{err}"
    );
}

#[test]
fn the_formats_belong_to_their_commands() {
    let wd = Workdir::new();
    small(&wd, PUBLICATION);
    let (code, _, err) = run(&wd, &["export"]);
    assert_eq!(code, 2);
    assert!(err.contains("--format ocds ou --format decp"), "{err}");
    let (code, _, err) = run(&wd, &["rank", "--format", "decp", "--lang", "en"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("apply to the export command only, not to rank"),
        "{err}"
    );
    let (code, _, err) = run(&wd, &["export", "--format", "decp", "--lot", "1"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--lot ne s'applique pas à la commande export"),
        "{err}"
    );
}

/// `check` says beforehand what `export` would refuse: a bidder without identifier, one
/// whose SIRET fails its check, at the cell read.
#[test]
fn check_warns_of_identifiers_that_cannot_be_published() {
    let wd = Workdir::new();
    let tender = small(&wd, PUBLICATION);
    let cells = [("1", "groupement", Population, Price, num("13000"))];
    wd.write("offres/mute.xlsx", offer_bytes_with(&tender, &[], &cells));
    wd.write(
        "offres/typo.xlsx",
        offer_bytes_with(
            &tender,
            &[(CandidateField::Siret, "73282932000075")],
            &cells,
        ),
    );
    let out = wd
        .command()
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = |bidder: &str| -> Vec<(String, String, String)> {
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["bidder"] == bidder && f["code"].as_str().unwrap().contains("identifier"))
            .map(|f| {
                (
                    f["code"].as_str().unwrap().to_owned(),
                    f["cell"].as_str().unwrap_or("-").to_owned(),
                    f["severity"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    assert_eq!(found("acme"), []);
    assert_eq!(found("beta"), []);
    assert_eq!(
        found("mute"),
        [("missing_identifier".into(), "-".into(), "warning".into())]
    );
    // The SIRET is the second field of the Candidat sheet: B5.
    assert_eq!(
        found("typo"),
        [("bad_identifier".into(), "B5".into(), "warning".into())]
    );
    // Without [publication], nothing is said.
    let wd = Workdir::new();
    let tender = small(&wd, "");
    wd.write("offres/mute.xlsx", offer_bytes_with(&tender, &[], &cells));
    let out = wd
        .command()
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("identifier"));
}

/// An offer above the lot's ceiling is a disqualified bid, with its reason and its cost;
/// the statistics count it among the bids, not the valid ones.
#[test]
fn a_bid_set_aside_is_disqualified_with_its_reason() {
    let wd = Workdir::new();
    small(&wd, PUBLICATION);
    // Lot 1's groupement ceiling: 11 000 € HT a year; beta asks 12 000.
    let text = std::fs::read_to_string(wd.join("tender.toml"))
        .unwrap()
        .replace(
            "title = \"Musique\"\nvat_rate = \"0.20\"\n",
            "title = \"Musique\"\nvat_rate = \"0.20\"\nbudget_ceiling_ht = \"11000\"\n",
        );
    wd.write("tender.toml", text);
    let (code, out, err) = run(&wd, &["export", "--format", "ocds"]);
    assert_eq!(code, 1, "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    let r = &doc["releases"][0];
    let beta = &r["bids"]["details"][1];
    assert_eq!(beta["id"], "1-beta");
    assert_eq!(beta["status"], "disqualified");
    assert_eq!(
        beta["statusDetails"],
        "coût annuel de 12\u{a0}000,00\u{a0}€ HT supérieur au plafond budgétaire du lot (11\u{a0}000,00\u{a0}€ HT)"
    );
    assert_eq!(beta["value"]["amount"], 24000.0);
    let stats: Vec<(String, Value)> = r["bids"]["statistics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["relatedLot"] == "1")
        .map(|s| {
            (
                s["measure"].as_str().unwrap().to_owned(),
                s["value"].clone(),
            )
        })
        .collect();
    let expected: Vec<(String, Value)> = [
        ("bids", 2.into()),
        ("validBids", 1.into()),
        ("lowestValidBidValue", 20000.0.into()),
        ("highestValidBidValue", 20000.0.into()),
        ("abnormallyLowBids", 0.into()),
    ]
    .into_iter()
    .map(|(m, v)| (m.to_owned(), v))
    .collect();
    assert_eq!(stats, expected);
    let (_, out, _) = run(&wd, &["export", "--format", "ocds", "--lang", "en"]);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["releases"][0]["language"], "en");
    assert!(
        doc["releases"][0]["bids"]["details"][1]["statusDetails"]
            .as_str()
            .unwrap()
            .starts_with("yearly cost of €12,000.00 excl. VAT above")
    );
}

/// The DECP's amount is at least 1 €: a lot awarded for less is refused, said with the
/// amount, while OCDS, which has no such minimum, is written.
#[test]
fn an_amount_below_one_euro_cannot_be_published_in_the_decp() {
    let wd = Workdir::new();
    let tender = small(&wd, PUBLICATION);
    // 0.40 € a year for 2 years: 0.80 €.
    wd.write(
        "offres/cheap.xlsx",
        offer_bytes_with(
            &tender,
            &[(CandidateField::Siret, "73282932000074")],
            &[("1", "groupement", Population, Price, num("0.40"))],
        ),
    );
    let (code, out, err) = run(&wd, &["export", "--format", "decp"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.contains("lot 1 : l'offre du candidat « cheap » coûte 0.80 € HT sur le contrat"),
        "{err}"
    );
    let (code, _, err) = run(&wd, &["export", "--format", "ocds"]);
    assert_eq!(code, 1, "{err}");
}

/// A buyer alone (one member, no groupement quoted) publishes its own award: Acme's
/// 10 000 € HT a year for two years without revision, as for the groupement above.
#[test]
fn a_buyer_alone_publishes_its_own_award() {
    let wd = Workdir::new();
    let text = SMALL_TENDER
        .replace(
            "offers = \"offres\"\n",
            "offers = \"offres\"\ncoordinator = \"a\"\nquote_for = [\"members\"]\n",
        )
        .replace(
            "[[member]]\nid = \"b\"\nname = \"Ville B\"\npopulation = 30000\nregistered_users = 6000\n",
            "",
        )
        .replace(
            "[lot.usage.b]\nactive_accounts = 2500\nsimultaneous_accesses = 20\nconsultations = 15000\n",
            "",
        )
        + PUBLICATION;
    let tender = wd.tender(&text);
    assert_eq!(tender.members.len(), 1);
    for (file, siret, name, price) in [
        ("acme", "732 829 320 00074", "Acme SA", "10000"),
        ("beta", "552 100 554 00021", "Beta SARL", "12000"),
    ] {
        let bytes = offer_bytes_with(
            &tender,
            &[
                (CandidateField::LegalName, name),
                (CandidateField::Siret, siret),
            ],
            &[("1", "a", Population, Price, num(price))],
        );
        wd.write(&format!("offres/{file}.xlsx"), bytes);
    }
    let (_, out, err) = run(&wd, &["export", "--format", "decp"]);
    let doc: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
    let records = doc["marches"]["marche"].as_array().unwrap();
    assert_eq!(records.len(), 1, "{out}");
    assert!(out.contains("\"montant\": 20000.00"), "{out}");
    assert_eq!(
        records[0]["titulaires"][0]["titulaire"]["id"],
        "73282932000074"
    );
    assert_eq!(records[0]["offresRecues"], 2);
    let (_, out, err) = run(&wd, &["export", "--format", "ocds"]);
    let ocds: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
    let release = &ocds["releases"][0];
    assert_eq!(release["bids"]["details"].as_array().unwrap().len(), 2);
    assert_eq!(release["awards"].as_array().unwrap().len(), 1);
    if let Ok(dir) = open_data::schemas_dir() {
        assert_eq!(errors(&decp_validator(&dir), &doc), Vec::<String>::new());
        assert_eq!(errors(&ocds_validator(&dir), &ocds), Vec::<String>::new());
    }
}

/// Several members quoted only alone: no single award to publish, said with the file.
#[test]
fn members_quoted_only_alone_have_no_award_to_publish() {
    let wd = Workdir::new();
    let text = SMALL_TENDER.replace(
        "offers = \"offres\"\n",
        "offers = \"offres\"\ncoordinator = \"a\"\nquote_for = [\"members\"]\n",
    ) + PUBLICATION;
    wd.tender(&text);
    let (code, _, err) = run(&wd, &["export", "--format", "decp"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("tender.toml"), "{err}");
    assert!(err.contains("plusieurs membres"), "{err}");
}

/// The Bourget example, a unit-price schedule bought by the town alone: its DECP record
/// by hand. Atlantic IT is ranked first (tests/bourget.rs); the published amount is its
/// contract with the renewal, the contract's maximum value: the initial 36 months
/// 695 420 (tests/bourget.rs) plus the renewal's year, TF2 12 × 15 000 = 180 000, TC1
/// 12 × 2 200 = 26 400 and the DQE 26 540: 232 940; 928 360 € HT over 36 + 12 = 48 months.
/// The index revision clause makes the prices revisable.
#[test]
fn the_bourget_schedule_is_published_with_its_renewal() {
    let doc = export("examples/bourget/tender.toml", "decp");
    let records = doc["marches"]["marche"].as_array().unwrap();
    assert_eq!(records.len(), 1);
    let m = &records[0];
    assert_eq!(m["id"], "LB-2027-INF-1");
    // The number as written (the document parsed here would show it through a float).
    assert_eq!(m["montant"].as_f64(), Some(928360.0));
    let raw = raw_export("examples/bourget/tender.toml", "decp");
    assert!(raw.contains("\"montant\": 928360.00,"), "{raw}");
    assert_eq!(m["dureeMois"], 48);
    assert_eq!(m["typesPrix"]["typePrix"][0], "Définitif révisable");
    assert_eq!(m["formePrix"], "Mixte");
    assert_eq!(m["offresRecues"], 4);
    assert_eq!(m["titulaires"][0]["titulaire"]["id"], "68149235700030");
    assert_eq!(m["acheteur"]["id"], "21930013900017");
}
