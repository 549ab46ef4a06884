//! `check`'s own summary: every warning counted is shown, the summary of `--lot` and
//! `--scope` counts only what concerns them, an unusable band tariff and a blank
//! template are never "complete", and no offer at all is a problem for every command.
//!
//! The small tender (tests/common): lot 1 with members `a` and `b` and the groupement.

mod common;

use common::{SMALL_TENDER, Workdir, band_tender, num, offer_bytes};
use serde_json::Value;
use tender::pricing::PricingModel::ActiveAccounts;
use tender::pricing::Term::{Price, Quota};

/// Runs the command in the working directory: (exit code, stdout, stderr).
fn run(wd: &Workdir, args: &[&str]) -> (i32, String, String) {
    let out = wd.command().args(args).output().expect("run");
    (
        out.status.code().expect("an exit code"),
        String::from_utf8(out.stdout).expect("UTF-8"),
        String::from_utf8(out.stderr).expect("UTF-8"),
    )
}

/// The text with every run of spaces and line breaks made one space: the table wraps.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn json(wd: &Workdir, args: &[&str]) -> (i32, Value) {
    let (code, out, err) = run(wd, args);
    let doc = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}\n{err}"));
    (code, doc)
}

/// The number before `word` in the last line of the table ("… : 2 erreur(s), 5
/// avertissement(s).").
fn count_before(text: &str, word: &str) -> usize {
    let last = text.lines().last().expect("a last line");
    let before = &last[..last
        .find(word)
        .unwrap_or_else(|| panic!("{word} in {last}"))];
    before
        .trim_end()
        .rsplit(' ')
        .next()
        .unwrap()
        .parse()
        .expect("a count")
}

#[test]
fn every_warning_counted_is_shown_even_of_a_bidder_with_no_offer() {
    let wd = Workdir::new();
    // The example's technical scores name five bidders; only one offer is given.
    wd.grenoble_with(&["musicalia.xlsx"]);
    let (code, text, _) = run(&wd, &["check"]);
    assert_eq!(code, 0, "{text}");
    // biblioplus, cineclap, kiosque, mediaflux and territoria are scored, not read.
    assert_eq!(count_before(&text, "avertissement"), 5, "{text}");
    let shown = text.lines().filter(|l| l.starts_with("  ! ")).count();
    assert_eq!(shown, 5, "{text}");
    for bidder in [
        "biblioplus",
        "cineclap",
        "kiosque",
        "mediaflux",
        "territoria",
    ] {
        assert!(
            flat(&text).contains(&format!("le candidat {bidder} a une note technique")),
            "{bidder}: {text}"
        );
    }
    assert!(text.contains("Autres fichiers"), "{text}");
}

/// Member a's offer is regular; member b's lacks its quota (1.1.q), so b's is irregular.
fn irregular_for_b(wd: &Workdir) {
    let t = wd.tender(&price_only());
    wd.write(
        "offres/vendeur.xlsx",
        offer_bytes(
            &t,
            Some("Vendeur SA"),
            &[
                ("1", "a", ActiveAccounts, Price, num("1000")),
                ("1", "a", ActiveAccounts, Quota, num("2000")),
                ("1", "b", ActiveAccounts, Price, num("1000")),
            ],
        ),
    );
}

/// The small tender, ranked on price alone: its technical weight without a scores file
/// is a tender-level warning these summaries are not about.
fn price_only() -> String {
    let text = SMALL_TENDER.replace(
        "price_weight = 40\ntechnical_weight = 60",
        "price_weight = 100\ntechnical_weight = 0",
    );
    assert_ne!(text, SMALL_TENDER);
    text
}

#[test]
fn the_summary_of_a_scope_counts_only_that_scopes_problems() {
    let wd = Workdir::new();
    irregular_for_b(&wd);

    let (code, text, _) = run(&wd, &["check", "--scope", "a"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("Aucun problème."), "{text}");
    assert!(text.contains("Bilan : lot 1 complet"), "{text}");
    assert_eq!(count_before(&text, "erreur"), 0, "{text}");

    let (code, doc) = json(&wd, &["check", "--scope", "a", "--format", "json"]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["findings"], Value::Array(vec![]), "{doc}");
    assert_eq!(doc["lots"][0]["complete"][0], "vendeur", "{doc}");
    assert_eq!(doc["bidders"][0]["lots"][0]["status"], "complete", "{doc}");

    let (code, text, _) = run(&wd, &["check", "--scope", "b"]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("Bilan : lot 1 irrégulier"), "{text}");
    assert_eq!(count_before(&text, "erreur"), 1, "{text}");

    // All scopes: the one error, the lot irregular.
    let (code, doc) = json(&wd, &["check", "--format", "json"]);
    assert_eq!(code, 1, "{doc}");
    assert_eq!(doc["findings"].as_array().unwrap().len(), 1, "{doc}");
    assert_eq!(doc["lots"][0]["irregular"][0], "vendeur", "{doc}");
}

#[test]
fn a_lot_whose_band_tariff_is_unusable_is_not_summed_up_as_complete() {
    let wd = Workdir::new();
    // Two bands (0 and 1 500 inhabitants), the second one's price left blank.
    band_tender(
        &wd,
        &[("a", 1000), ("b", 2000)],
        &[0, 1500],
        &["100"],
        "500",
        "population",
    );
    let (code, text, _) = run(&wd, &["check"]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("Bilan : lot 1 complet, tarif par tranche inutilisable"),
        "{text}"
    );
    assert!(text.contains("Tranches inutilisables"), "{text}");
    let (_, doc) = json(&wd, &["check", "--format", "json", "--lang", "en"]);
    assert_eq!(doc["lots"][0]["complete"], Value::Array(vec![]), "{doc}");
    assert_eq!(doc["lots"][0]["band_tariff_unusable"][0], "vendor", "{doc}");
    assert_eq!(doc["bidders"][0]["status"], "band_tariff_unusable", "{doc}");
    assert_eq!(
        doc["bidders"][0]["lots"][0]["status"], "band_tariff_unusable",
        "{doc}"
    );
}

#[test]
fn a_blank_template_sent_as_an_offer_is_reported_as_not_filled() {
    let wd = Workdir::new();
    let t = wd.tender(&price_only());
    wd.write(
        "offres/vierge.xlsx",
        tender::bpu::template::write(&t).expect("template"),
    );
    let (code, doc) = json(&wd, &["check", "--format", "json"]);
    assert_eq!(code, 1, "{doc}");
    let codes: Vec<(&str, &str)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["code"].as_str().unwrap(), f["severity"].as_str().unwrap()))
        .collect();
    assert!(codes.contains(&("not_filled", "error")), "{doc}");
    assert_eq!(doc["bidders"][0]["status"], "not_filled", "{doc}");

    let (_, text, _) = run(&wd, &["check", "--lang", "en"]);
    assert!(
        flat(&text).contains("the schedule was sent back blank"),
        "{text}"
    );
    assert!(text.contains("Summary: not filled in"), "{text}");

    // A filled offer beside it is not touched.
    wd.write(
        "offres/vendeur.xlsx",
        offer_bytes(
            &t,
            Some("Vendeur SA"),
            &[("1", "a", ActiveAccounts, Price, num("1000"))],
        ),
    );
    let (_, doc) = json(&wd, &["check", "--format", "json"]);
    let not_filled: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "not_filled")
        .map(|f| f["bidder"].as_str().unwrap())
        .collect();
    assert_eq!(not_filled, ["vierge"], "{doc}");
}

#[test]
fn no_offer_at_all_is_a_problem_for_check_as_for_rank_naming_the_folder() {
    let wd = Workdir::new();
    wd.tender(&price_only());
    for command in ["check", "rank", "normalise"] {
        let (code, _, err) = run(&wd, &[command]);
        assert_eq!(code, 1, "{command}: {err}");
        assert!(
            err.contains("erreur : aucune offre trouvée dans offres"),
            "{command}: {err}"
        );
    }
    let (code, _, err) = run(&wd, &["check", "--lang", "en", "ailleurs"]);
    assert_eq!(code, 3, "a folder that does not exist: {err}");
    std::fs::create_dir_all(wd.join("ailleurs")).unwrap();
    let (code, _, err) = run(&wd, &["check", "--lang", "en", "ailleurs"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("error: no offer found in ailleurs"), "{err}");
}

#[test]
fn a_scope_shown_without_a_rankable_offer_exits_1_in_every_command() {
    let wd = Workdir::new();
    irregular_for_b(&wd);
    for command in ["rank", "normalise"] {
        let (code, text, err) = run(&wd, &[command, "--lot", "1", "--scope", "b"]);
        assert_eq!(code, 1, "{command} scope b: {text}{err}");
        let (code, text, err) = run(&wd, &[command, "--lot", "1", "--scope", "a"]);
        assert_eq!(code, 0, "{command} scope a: {text}{err}");
    }
    // explain of the one offer ranked for a, or of b's irregular one.
    let (code, _, err) = run(
        &wd,
        &[
            "explain", "--lot", "1", "--scope", "a", "--bidder", "vendeur",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(
        &wd,
        &[
            "explain", "--lot", "1", "--scope", "b", "--bidder", "vendeur",
        ],
    );
    assert_eq!(code, 1, "{err}");
}

#[test]
fn the_examples_lot_7_for_grenoble_has_no_rankable_offer_and_rank_says_so_by_its_status() {
    let out = assert_cmd::Command::cargo_bin("tender")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "rank",
            "--tender",
            "examples/grenoble/tender.toml",
            "--lot",
            "7",
            "--scope",
            "grenoble",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Aucune offre classable."), "{text}");
    assert_eq!(out.status.code(), Some(1), "{text}");
}
