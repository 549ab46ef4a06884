//! The tender file: `init` writes one that loads; every mistake is reported with the
//! file, the line or key, and what was expected; exit status 2.

mod common;

use common::{SMALL_TENDER, Workdir, rank_tender_text as run};

#[test]
fn init_writes_a_tender_that_loads_in_both_languages() {
    for lang in ["fr", "en"] {
        let wd = Workdir::new();
        wd.command()
            .args(["init", "--lang", lang])
            .assert()
            .success();
        let text = std::fs::read_to_string(wd.join("tender.toml")).unwrap();
        assert!(text.contains("# "), "commented");
        let t = tender::tender::load(&wd.join("tender.toml")).unwrap();
        assert_eq!(t.members.len(), 2);
        assert_eq!(
            t.scopes.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
            ["grenoble", "isere", "groupement"]
        );
        // Lot 2's usage comes from rates: ceil(0.0005 × 75 000) = 38 accesses for Grenoble.
        assert_eq!(
            t.lot("2").unwrap().usage["grenoble"].simultaneous_accesses,
            38
        );
        assert!(wd.join("offres").is_dir());
        // A second init refuses to overwrite.
        let out = wd.command().args(["init"]).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
        wd.command().args(["init", "--force"]).assert().success();
    }
}

#[test]
fn usage_rates_round_up_member_by_member_and_sum_over_scopes() {
    let t = tender::tender::parse(SMALL_TENDER, std::path::Path::new("t.toml")).unwrap();
    let lot = t.lot("2").unwrap();
    // Rates 0.1, 0.01 and 2 per registered user: a (2 000) → 200, 20, 4 000;
    // b (6 000) → 600, 60, 12 000.
    assert_eq!(lot.usage["a"].active_accounts, 200);
    assert_eq!(lot.usage["b"].consultations, 12000);
    let g = t.scope("groupement").unwrap();
    let f = t.scope_facts(lot, g);
    assert_eq!(
        (f.active_accounts, f.simultaneous_accesses, f.consultations),
        (800, 80, 16000)
    );
    assert_eq!((f.population, f.registered_users), (40000, 8000));
    let rounded = SMALL_TENDER.replace("consultations = \"2\"", "consultations = \"0.00033\"");
    let t = tender::tender::parse(&rounded, std::path::Path::new("t.toml")).unwrap();
    // 0.00033 × 2 000 = 0.66 → 1; × 6 000 = 1.98 → 2: the groupement's 3, not ⌈2.64⌉.
    let lot = t.lot("2").unwrap();
    assert_eq!(
        t.scope_facts(lot, t.scope("groupement").unwrap())
            .consultations,
        3
    );
}

#[test]
fn unknown_key_is_named_with_its_line() {
    let text = SMALL_TENDER.replace("vat_rate = \"0.20\"", "vat_rate = \"0.20\"\nvat = \"0.2\"");
    let (code, err) = run(&text, "fr");
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "tender.toml, ligne 25, clé « lot[0].vat » : clé inconnue « vat » ; clés admises \
             ici : id, title, vat_rate, budget_ceiling_ht, budget_ceiling, usage"
        ),
        "{err}"
    );
    let (_, err) = run(&text, "en");
    assert!(
        err.contains("line 25, key `lot[0].vat`: unknown key `vat`; keys allowed here: id,"),
        "{err}"
    );
}

#[test]
fn floats_are_refused_for_money_and_rates() {
    let text = SMALL_TENDER.replace("vat_rate = \"0.20\"", "vat_rate = 0.2");
    let (code, err) = run(&text, "en");
    assert_eq!(code, 2);
    assert!(
        err.contains("key `lot[0].vat_rate`") && err.contains("\"0.2\""),
        "{err}"
    );
}

#[test]
fn missing_usage_and_unknown_member_are_named() {
    let text = SMALL_TENDER.replace("[lot.usage.b]\nactive_accounts = 2500\n", "[lot.usage.b]\n");
    let (code, err) = run(&text, "fr");
    assert_eq!(code, 2);
    assert!(
        err.contains("clé « lot[0].usage »")
            && err.contains("active_accounts pour le membre « b »"),
        "{err}"
    );
    let text = SMALL_TENDER.replace("[lot.usage.b]", "[lot.usage.c]");
    let (_, err) = run(&text, "en");
    assert!(
        err.contains("key `lot[0].usage.c`") && err.contains("\"c\" is not a member"),
        "{err}"
    );
}

#[test]
fn ids_weights_and_rates_are_checked() {
    let cases = [
        (
            SMALL_TENDER.replace("id = \"a\"", "id = \"b\""),
            "member[1].id",
        ),
        (
            SMALL_TENDER.replace("id = \"a\"", "id = \"a b\""),
            "member[0].id",
        ),
        (
            SMALL_TENDER.replace("vat_rate = \"0.20\"", "vat_rate = \"1.5\""),
            "lot[0].vat_rate",
        ),
        (
            SMALL_TENDER.replace("price_weight = 40", "price_weight = -1"),
            "award.price_weight",
        ),
        (
            SMALL_TENDER.replace("duration_years = 2", "duration_years = 0"),
            "tender.duration_years",
        ),
        (
            SMALL_TENDER.replace("id = \"a\"", "id = \"groupement\""),
            "member[0].id",
        ),
        (
            SMALL_TENDER.replace("name = \"Test\"", "name = \" \""),
            "tender.name",
        ),
    ];
    for (text, key) in cases {
        let (code, err) = run(&text, "en");
        assert_eq!(code, 2, "{key}: {err}");
        assert!(err.contains(&format!("key `{key}`")), "{key}: {err}");
    }
}

#[test]
fn syntax_errors_give_the_line() {
    let (code, err) = run("[tender]\nname = \"x\nreference = 1\n", "en");
    assert_eq!(code, 2);
    assert!(err.contains("tender.toml, line 2"), "{err}");
}

/// English words that must not reach a French message: the wording of a dependency or of
/// the operating system.
const ENGLISH: [&str; 8] = [
    "expected",
    "float",
    "string",
    "error:",
    "os error",
    "No such file",
    "invalid",
    "unknown field",
];

fn no_english(err: &str) {
    for word in ENGLISH {
        assert!(!err.contains(word), "{word:?} in a French message: {err}");
    }
}

#[test]
fn french_messages_hold_no_english_phrase() {
    // A float for a rate, a number for a text, a word that is no value, a whole number
    // too large, a key missing, TOML that is not TOML: each said in French, at its line.
    let cases = [
        (
            SMALL_TENDER.replace("vat_rate = \"0.20\"", "vat_rate = 0.015"),
            "ligne 24, clé « lot[0].vat_rate » : le nombre 0.015 est écrit en virgule \
             flottante ; écrivez-le entre guillemets, \"0.015\", pour qu'il soit lu exactement",
        ),
        (
            SMALL_TENDER.replace("name = \"Ville A\"", "name = 12"),
            "clé « member[0].name » : trouvé le nombre entier 12 ; attendu : un texte entre \
             guillemets",
        ),
        (
            SMALL_TENDER.replace("duration_years = 2", "duration_years = 5000000000"),
            "clé « tender.duration_years » : 5000000000 hors limites ; attendu : un nombre \
             entier de 0 à 4294967295",
        ),
        (
            SMALL_TENDER.replace("vat_rate = \"0.20\"", "vat_rate = \"20 %\""),
            "clé « lot[0].vat_rate » : « 20 % » n'est pas un nombre décimal comme \"0.20\"",
        ),
        (
            SMALL_TENDER.replace("name = \"Ville A\"\n", ""),
            "clé « member[0] » : clé obligatoire « name » absente",
        ),
        (
            SMALL_TENDER.replace("name = \"Ville A\"", "name = \"Ville A"),
            "ce n'est pas du TOML valide à cet endroit",
        ),
        (
            SMALL_TENDER.replace("duration_years = 2", "duration_years = 60"),
            "clé « tender.duration_years » : 60 hors limites : attendu de 1 à 50 ans",
        ),
        (
            SMALL_TENDER.replace("vat_rate = \"0.20\"", "vat_rate = \"1.5\""),
            "clé « lot[0].vat_rate » : 1.5 hors limites : attendu un taux de 0 à 1 (\"0.20\" \
             pour 20 %)",
        ),
    ];
    for (text, expected) in cases {
        let (code, err) = run(&text, "fr");
        assert_eq!(code, 2, "{err}");
        assert!(err.contains(expected), "{expected}\n{err}");
        assert!(err.starts_with("erreur : tender.toml"), "{err}");
        no_english(&err);
    }
}

#[test]
fn a_refused_command_line_is_answered_in_french() {
    let wd = Workdir::new();
    let out = wd
        .command()
        .args(["rank", "--format", "xml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("erreur : valeur « xml » refusée pour --format"),
        "{err}"
    );
    assert!(err.contains("valeurs admises : table, csv, json"), "{err}");
    no_english(&err);
    let out = wd.command().args(["rnak"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("commande inconnue « rnak »"), "{err}");
    assert!(err.contains("vouliez-vous dire « rank »"), "{err}");
    no_english(&err);
    let out = wd
        .command()
        .args(["rank", "--lang", "en", "--frmat", "csv"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error: unexpected argument '--frmat' (did you mean '--format'?)"),
        "{err}"
    );
}

#[test]
fn a_missing_tender_file_exits_3() {
    let wd = Workdir::new();
    let out = wd.command().args(["rank"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "tender.toml : le fichier de consultation ne peut être lu (fichier ou dossier \
             introuvable)"
        ),
        "{err}"
    );
    no_english(&err);
}

#[test]
fn technical_scores_are_checked_line_by_line() {
    let with_scores = SMALL_TENDER.replace(
        "technical_weight = 60",
        "technical_weight = 60\ntechnical_scores = \"technique.csv\"",
    );
    let cases = [
        (
            "bidder,lot,score\nacme,1,61\n",
            "ligne 2, colonne « score » : la note 61 sort de l'intervalle 0 à 60",
        ),
        (
            "bidder,lot,score\nacme,9,10\n",
            "ligne 2, colonne « lot » : le lot « 9 » n'existe pas",
        ),
        (
            "bidder,lot,score\nacme,1,10\nacme,1,12\n",
            "ligne 3 : une note pour ce candidat et ce lot figure déjà ligne 2",
        ),
        (
            "bidder;lot;note\nacme;1;10\n",
            "ligne 1 : l'en-tête doit être bidder,lot,score",
        ),
        (
            "bidder,lot,score\nacme,1,dix\n",
            "ligne 2, colonne « score » : « dix » n'est pas un nombre",
        ),
    ];
    for (csv, expected) in cases {
        let wd = Workdir::new();
        wd.write("tender.toml", &with_scores);
        wd.write("technique.csv", csv);
        std::fs::create_dir_all(wd.join("offres")).unwrap();
        let out = wd.command().args(["rank"]).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(
            err.contains(&format!("technique.csv, {expected}")),
            "{expected}\n{err}"
        );
    }
    // French decimal commas and `;` are accepted in the scores file.
    let wd = Workdir::new();
    let t = wd.tender(&with_scores);
    wd.write("technique.csv", "bidder;lot;score\nacme;1;52,5\n");
    let scores = tender::tender::technical::load(&wd.join("technique.csv"), &t).unwrap();
    assert_eq!(scores.get("acme", "1"), Some("52.5".parse().unwrap()));
}

#[test]
fn band_tariffs_are_checked_and_their_key_named() {
    let with = |bands: &str| {
        SMALL_TENDER.replace(
            "vat_rate = \"0.20\"",
            &format!("vat_rate = \"0.20\"\n{bands}"),
        )
    };
    // A good one loads: band 2 holds 5 001 to 10 000 inhabitants.
    let t = tender::tender::parse(
        &with("population_bands = [0, 5000, 10000, 20000, 50000, 100000, 200000]"),
        std::path::Path::new("t.toml"),
    )
    .unwrap();
    let bands = t.lot("1").unwrap().bands.as_ref().unwrap();
    assert_eq!(bands.measure, tender::tender::BandMeasure::Population);
    assert_eq!(bands.bounds(1), (5001, Some(10000)));
    assert_eq!(bands.bounds(6), (200_001, None));
    let cases = [
        // Not starting at 0.
        ("population_bands = [1000, 5000]", "lot[0].population_bands"),
        (
            "registered_users_bands = []",
            "lot[0].registered_users_bands",
        ),
        // Not strictly increasing: the first bound out of order is named.
        (
            "population_bands = [0, 5000, 5000, 20000]",
            "lot[0].population_bands[2]",
        ),
        (
            "registered_users_bands = [0, 500, 100]",
            "lot[0].registered_users_bands[2]",
        ),
        // Both kinds on one lot.
        (
            "population_bands = [0, 5000]\nregistered_users_bands = [0, 1000]",
            "lot[0].registered_users_bands",
        ),
        // Not whole numbers.
        (
            "population_bands = [0, \"5000\"]",
            "lot[0].population_bands[1]",
        ),
    ];
    for (bands, key) in cases {
        let (code, err) = run(&with(bands), "en");
        assert_eq!(code, 2, "{bands}: {err}");
        assert!(err.contains(&format!("key `{key}`")), "{bands}: {err}");
        let (code, err) = run(&with(bands), "fr");
        assert_eq!(code, 2, "{bands}: {err}");
        assert!(err.contains(&format!("clé « {key} »")), "{bands}: {err}");
    }
    let (_, err) = run(
        &with("population_bands = [0, 5000]\nregistered_users_bands = [0, 1000]"),
        "fr",
    );
    assert!(
        err.contains(
            "un lot a une seule grille par tranches : population_bands ou registered_users_bands, pas les deux"
        ),
        "{err}"
    );
    let (_, err) = run(&with("population_bands = [1000, 5000]"), "en");
    assert!(
        err.contains(
            "[1000, 5000] is out of range: expected bounds starting at 0 and strictly increasing"
        ),
        "{err}"
    );
}
