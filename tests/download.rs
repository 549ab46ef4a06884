//! Offers straight from the platform's download: the Grenoble example's zip
//! (`cargo run --example grenoble_download`) ranks as its `offres/` folder does, each
//! folder's BPU is found by content and said, and hostile archives (zip-slip, absolute
//! paths, links, bombs, deep nesting, CP437 and NFD names) never stop the other bidders.

mod common;

use std::io::Read;
use std::path::Path;

use common::zipfile::{Raw, build};
use common::{SMALL_TENDER, Workdir, num, offer_bytes};
use serde_json::Value;
use tender::pricing::PricingModel::Population;
use tender::pricing::Term::Price;

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/grenoble");

/// The Grenoble example with all its offers and its download.
fn grenoble() -> Workdir {
    let wd = Workdir::new();
    wd.grenoble_with(&[
        "biblioplus.ods",
        "cineclap.xlsx",
        "kiosque.xlsx",
        "mediaflux.xlsx",
        "musicalia.xlsx",
        "territoria.xlsx",
    ]);
    let zip = std::fs::read(Path::new(EXAMPLE).join("telechargement.zip")).unwrap();
    wd.write("telechargement.zip", zip);
    wd
}

/// Each bidder's BPU in the download, as the download was built (download.rs), and the
/// example's file it was made from.
const TAKEN: [(&str, &str); 6] = [
    ("Pli 01 - MUSICALIA/BPU Musicalia.xlsx", "musicalia.xlsx"),
    ("Pli 02 - BIBLIOPLUS/BPU.ods", "biblioplus.ods"),
    ("Pli 03 - CINECLAP/Offre/BPU_v2.xlsx", "cineclap.xlsx"),
    (
        "Pli 05 - MEDIAFLUX/offre.zip/BPU Mediaflux.xlsx",
        "mediaflux.xlsx",
    ),
    (
        "Pli 06 - TERRITORIA/Offre financiere Territoria.xlsx",
        "territoria.xlsx",
    ),
    (
        "Pli 07 - KIOSQUE - 2026-11-20 16h42/BPU kiosque.xlsx",
        "kiosque.xlsx",
    ),
];

/// Runs a command; its exit status and JSON output.
fn run(wd: &Workdir, args: &[&str]) -> (i32, Value) {
    let out = wd.command().args(args).output().unwrap();
    let doc = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("no JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap(), doc)
}

/// Every string of a document with `from` replaced by `to`.
fn replace(doc: &mut Value, from: &str, to: &str) {
    match doc {
        Value::String(s) => *s = s.replace(from, to),
        Value::Array(a) => a.iter_mut().for_each(|v| replace(v, from, to)),
        Value::Object(o) => o.values_mut().for_each(|v| replace(v, from, to)),
        _ => {}
    }
}

#[test]
fn the_ranking_from_the_download_is_the_ranking_from_the_offers_folder() {
    let wd = grenoble();
    let (code, offers) = run(&wd, &["rank", "--format", "json"]);
    let (dl_code, mut download) = run(&wd, &["rank", "telechargement.zip", "--format", "json"]);
    assert_eq!(dl_code, code);
    for (inside, file) in TAKEN {
        let from = format!("telechargement.zip/2025-RN-01_offres/{inside}");
        replace(&mut download, &from, &format!("offres/{file}"));
    }
    assert_eq!(download, offers);
}

/// (folder, bidder, outcome, file inside the folder, why, signed) of each folder.
fn folders(doc: &Value) -> Vec<(String, String, String, String, String, bool)> {
    let download = &doc["downloads"][0];
    download["folders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let folder = f["folder"].as_str().unwrap().to_owned();
            let prefix = format!("telechargement.zip/2025-RN-01_offres/{folder}/");
            let file = f["file"].as_str().unwrap_or("");
            (
                folder,
                f["bidder"].as_str().unwrap().to_owned(),
                f["outcome"].as_str().unwrap().to_owned(),
                file.strip_prefix(&prefix).unwrap_or(file).to_owned(),
                f["why"].as_str().unwrap_or("").to_owned(),
                f["signed"].as_bool().unwrap(),
            )
        })
        .collect()
}

fn row(
    folder: &str,
    bidder: &str,
    outcome: &str,
    file: &str,
    why: &str,
    signed: bool,
) -> (String, String, String, String, String, bool) {
    (
        folder.into(),
        bidder.into(),
        outcome.into(),
        file.into(),
        why.into(),
        signed,
    )
}

/// (file name, verdict) of a folder's candidates.
fn verdicts(doc: &Value, folder: &str) -> Vec<(String, String)> {
    let f = doc["downloads"][0]["folders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["folder"] == folder)
        .unwrap_or_else(|| panic!("no folder {folder}"));
    f["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let file = c["file"].as_str().unwrap();
            let name = file.rsplit('/').next().unwrap().to_owned();
            (name, c["verdict"].as_str().unwrap().to_owned())
        })
        .collect()
}

fn pair(a: &str, b: &str) -> (String, String) {
    (a.into(), b.into())
}

#[test]
fn check_says_for_each_folder_which_bpu_was_taken_and_why() {
    let wd = grenoble();
    let (_, doc) = run(&wd, &["check", "telechargement.zip", "--format", "json"]);
    let k7 = "Pli 07 - KIOSQUE - 2026-11-20 16h42";
    assert_eq!(
        folders(&doc),
        vec![
            row(
                "Pli 01 - MUSICALIA",
                "musicalia",
                "taken",
                "BPU Musicalia.xlsx",
                "only",
                true
            ),
            row(
                "Pli 02 - BIBLIOPLUS",
                "biblioplus",
                "taken",
                "BPU.ods",
                "only",
                false
            ),
            row(
                "Pli 03 - CINECLAP",
                "cineclap",
                "taken",
                "Offre/BPU_v2.xlsx",
                "most_complete",
                true
            ),
            row(
                "Pli 04 - KIOSQUE - 2026-11-18 10h05",
                "kiosque",
                "superseded",
                "",
                "",
                false
            ),
            row(
                "Pli 05 - MEDIAFLUX",
                "mediaflux",
                "taken",
                "offre.zip/BPU Mediaflux.xlsx",
                "only",
                false
            ),
            row(
                "Pli 06 - TERRITORIA",
                "territoria",
                "taken",
                "Offre financiere Territoria.xlsx",
                "only",
                true
            ),
            row(k7, "kiosque", "taken", "BPU kiosque.xlsx", "latest", false),
        ]
    );
    // The unfilled DQE, the old version, the PDF named BPU.xlsx: said, not taken.
    assert_eq!(
        verdicts(&doc, "Pli 02 - BIBLIOPLUS"),
        [pair("BPU.ods", "taken"), pair("DQE.xlsx", "unfilled")]
    );
    assert_eq!(
        verdicts(&doc, "Pli 03 - CINECLAP"),
        [
            pair("BPU_v1.xlsx", "less_complete"),
            pair("BPU_v2.xlsx", "taken")
        ]
    );
    assert_eq!(
        verdicts(&doc, "Pli 06 - TERRITORIA"),
        [
            pair("BPU.xlsx", "not_workbook"),
            pair("Offre financiere Territoria.xlsx", "taken")
        ]
    );
    let folders = doc["downloads"][0]["folders"].as_array().unwrap();
    let kiosque_old = &folders[3];
    assert_eq!(kiosque_old["date"], "2026-11-18 10:05");
    assert_eq!(folders[6]["date"], "2026-11-20 16:42");
    // Without a date in its name, a folder is dated by its latest file (11:30 in the zip).
    assert_eq!(folders[0]["date"], "2026-11-17 11:30");
    assert_eq!(folders[0]["bidder_name"], "Musicalia SAS");
    assert_eq!(
        folders[5]["signature"],
        "telechargement.zip/2025-RN-01_offres/Pli 06 - TERRITORIA/Offre financiere Territoria.xlsx - signature.xml"
    );
    let skipped = &doc["downloads"][0]["skipped"];
    assert_eq!(skipped.as_array().unwrap().len(), 1);
    assert_eq!(skipped[0]["reason"], "system_file");
}

#[test]
fn check_prints_the_folders_before_the_findings() {
    let wd = grenoble();
    let plain = wd.command().args(["check"]).output().unwrap();
    let out = wd
        .command()
        .args(["check", "telechargement.zip", "--lang", "en"])
        .env("TENDER_WIDTH", "200")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), plain.status.code());
    let text = String::from_utf8(out.stdout).unwrap();
    let folders = text.find("Platform download: telechargement.zip").unwrap();
    let findings = text.find("Offers checked").unwrap();
    assert!(folders < findings, "{text}");
    assert!(
        text.contains("Pli 04 - KIOSQUE - 2026-11-18 10h05:"),
        "{text}"
    );
    assert!(
        text.contains("submission superseded by the same bidder's later one 'Pli 07 - KIOSQUE - 2026-11-20 16h42'; not read"),
        "{text}"
    );
    assert!(
        text.contains("DQE.xlsx: a workbook of this tender left unfilled"),
        "{text}"
    );
}

/// Unpacks a zip into a folder, as the buyer's archiver would (the nested zip stays a
/// file).
fn unpack(zip: &[u8], into: &Path) {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.enclosed_name().unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        let path = into.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

#[test]
fn an_unpacked_download_ranks_as_the_zip_does() {
    let wd = grenoble();
    let zip = std::fs::read(wd.join("telechargement.zip")).unwrap();
    unpack(&zip, &wd.join("telechargement"));
    let (_, offers) = run(&wd, &["rank", "--format", "json"]);
    let (_, mut folder) = run(&wd, &["rank", "telechargement", "--format", "json"]);
    for (inside, file) in TAKEN {
        let from = format!("telechargement/2025-RN-01_offres/{inside}");
        replace(&mut folder, &from, &format!("offres/{file}"));
    }
    assert_eq!(folder, offers);
}

#[test]
fn the_buyer_designates_a_submission_and_a_bpu_in_the_file_of_choices() {
    let wd = grenoble();
    wd.write(
        "telechargement.choix.csv",
        "dossier;fichier\nPli 04 - KIOSQUE - 2026-11-18 10h05;\nPli 03 - CINECLAP;Offre/BPU_v1.xlsx\n",
    );
    let (_, doc) = run(&wd, &["check", "telechargement.zip", "--format", "json"]);
    assert_eq!(doc["downloads"][0]["choices"], "telechargement.choix.csv");
    let rows = folders(&doc);
    assert_eq!(
        rows[2],
        row(
            "Pli 03 - CINECLAP",
            "cineclap",
            "taken",
            "Offre/BPU_v1.xlsx",
            "designated",
            false
        )
    );
    assert_eq!(
        verdicts(&doc, "Pli 03 - CINECLAP"),
        [
            pair("BPU_v1.xlsx", "taken"),
            pair("BPU_v2.xlsx", "not_designated")
        ]
    );
    assert_eq!(rows[3].2, "taken");
    assert_eq!(rows[3].4, "designated");
    assert_eq!(rows[6].2, "superseded");
    // Kiosque's older submission priced its first lot only: its other lots are gone.
    let (_, rank) = run(&wd, &["rank", "telechargement.zip", "--format", "json"]);
    let bidders_in = |lot: &str| -> Vec<String> {
        rank["lots"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| l["lot"] == lot)
            .flat_map(|l| l["scopes"].as_array().unwrap())
            .flat_map(|s| s["ranked"].as_array().unwrap())
            .map(|o| o["bidder"].as_str().unwrap().to_owned())
            .collect()
    };
    let (_, full) = run(&wd, &["rank", "--format", "json"]);
    let lots_of = |doc: &Value| -> Vec<String> {
        doc["lots"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| {
                l["scopes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .flat_map(|s| s["ranked"].as_array().unwrap())
                    .any(|o| o["bidder"] == "kiosque")
            })
            .map(|l| l["lot"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(lots_of(&full).len() > 1, "kiosque answers several lots");
    assert_eq!(lots_of(&rank).len(), 1);
    assert!(bidders_in(&lots_of(&rank)[0]).contains(&"kiosque".to_owned()));
}

#[test]
fn a_wrong_file_of_choices_is_refused_with_its_line() {
    let wd = grenoble();
    wd.write(
        "telechargement.choix.csv",
        "dossier,fichier\nPli 09 - NOBODY,\n",
    );
    let out = wd
        .command()
        .args(["rank", "telechargement.zip"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "telechargement.choix.csv, ligne 2 : aucun dossier « Pli 09 - NOBODY » dans le téléchargement"
        ),
        "{stderr}"
    );
}

// ----- hostile and odd archives, on a small tender -----

/// A small tender's offer: lot 1, scope a, population price `price`.
fn small_offer(wd: &Workdir, price: &str) -> Vec<u8> {
    let t = tender::tender::load(&wd.join("tender.toml")).unwrap();
    offer_bytes(&t, Some("SA"), &[("1", "a", Population, Price, num(price))])
}

fn small() -> Workdir {
    let wd = Workdir::new();
    wd.tender(SMALL_TENDER);
    wd
}

/// Lot 1, scope a's ranking: the bidders in order.
fn ranked(doc: &Value) -> Vec<String> {
    doc["lots"][0]["scopes"][0]["ranked"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["bidder"].as_str().unwrap().to_owned())
        .collect()
}

/// (path, reason) of each entry skipped.
fn skipped(doc: &Value) -> Vec<(String, String)> {
    doc["downloads"][0]["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| pair(s["path"].as_str().unwrap(), s["reason"].as_str().unwrap()))
        .collect()
}

#[test]
fn entries_that_would_escape_links_and_encrypted_entries_are_skipped_and_listed() {
    let wd = small();
    let good = small_offer(&wd, "1000");
    let zip = build(&[
        Raw::file("Acme/BPU.xlsx", &good),
        Raw::file("../evil.xlsx", &good),
        Raw::file("/etc/evil.xlsx", &good),
        Raw::file("C:\\evil.xlsx", &good),
        Raw::symlink("Acme/link.xlsx", "/etc/passwd"),
        Raw::encrypted("Acme/secret.xlsx", &good),
        Raw::file("__MACOSX/Acme/._BPU.xlsx", b"\0\x05\x16\x07"),
        Raw::file("loose.xlsx", &good),
    ]);
    wd.write("dl.zip", zip);
    let (code, doc) = run(&wd, &["check", "dl.zip", "--lot", "1", "--format", "json"]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(
        skipped(&doc),
        [
            pair("dl.zip/../evil.xlsx", "parent_folder"),
            pair("dl.zip//etc/evil.xlsx", "absolute_path"),
            pair("dl.zip/C:\\evil.xlsx", "absolute_path"),
            pair("dl.zip/Acme/link.xlsx", "link"),
            pair("dl.zip/Acme/secret.xlsx", "encrypted"),
            pair("dl.zip/__MACOSX/Acme/._BPU.xlsx", "system_file"),
            pair("dl.zip/loose.xlsx", "outside_folders"),
        ]
    );
    let (_, rank) = run(&wd, &["rank", "dl.zip", "--lot", "1", "--format", "json"]);
    assert_eq!(ranked(&rank), ["acme"]);
    // Nothing was written anywhere: the folder holds what the test wrote.
    let mut names: Vec<String> = std::fs::read_dir(wd.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["dl.zip", "offres", "tender.toml"]);
}

#[test]
fn cp437_and_decomposed_names_are_compared_in_one_form() {
    let wd = small();
    // "Société" in CP437 (é = 0x82), no UTF-8 flag; then the same name as macOS writes
    // it (e + U+0301), a duplicate once composed; "Zinc" for a second bidder.
    let zip = build(&[
        Raw::cp437(b"Soci\x82t\x82/BPU.xlsx", &small_offer(&wd, "1000")),
        Raw::file("Socie\u{301}te\u{301}/bpu.XLSX", &small_offer(&wd, "900")),
        Raw::file("Zinc/BPU.xlsx", &small_offer(&wd, "1200")),
    ]);
    wd.write("dl.zip", zip);
    let (_, doc) = run(&wd, &["check", "dl.zip", "--lot", "1", "--format", "json"]);
    let folders = doc["downloads"][0]["folders"].as_array().unwrap();
    assert_eq!(folders[0]["folder"], "Société");
    assert_eq!(folders[0]["bidder"], "societe");
    assert_eq!(folders[0]["file"], "dl.zip/Société/BPU.xlsx");
    assert_eq!(
        skipped(&doc),
        [pair("dl.zip/Socie\u{301}te\u{301}/bpu.XLSX", "duplicate")]
    );
    let (_, rank) = run(&wd, &["rank", "dl.zip", "--lot", "1", "--format", "json"]);
    // The CP437 entry (1 000) is read, not its duplicate (900).
    assert_eq!(ranked(&rank), ["societe", "zinc"]);
}

#[test]
fn a_zip_bomb_and_a_deeply_nested_zip_are_refused_and_the_others_read() {
    let wd = small();
    let good = small_offer(&wd, "1000");
    // Four zips one in another around a BPU: the fourth is past the depth allowed.
    let mut deep = build(&[Raw::file("BPU.xlsx", &good)]);
    for name in ["d.zip", "c.zip", "b.zip"] {
        deep = build(&[Raw::file(name, &deep)]);
    }
    // Two levels: read.
    let nested = build(&[Raw::file("y.zip", &build(&[Raw::file("BPU.xlsx", &good)]))]);
    let bomb = Raw::bomb("Bomb/BPU.xlsx", 200);
    assert!(bomb.stored.len() < 1024 * 1024, "{}", bomb.stored.len());
    let zip = build(&[
        bomb,
        Raw::file("Deep/a.zip", &deep),
        Raw::file("Nested/x.zip", &nested),
        Raw::deflated("Acme/BPU.xlsx", &good),
    ]);
    wd.write("dl.zip", zip);
    let out = wd
        .command_within(1024)
        .args(["check", "dl.zip", "--lot", "1", "--format", "json"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(
        skipped(&doc),
        [
            pair("dl.zip/Bomb/BPU.xlsx", "too_large"),
            pair("dl.zip/Deep/a.zip/b.zip/c.zip/d.zip", "too_deep"),
        ]
    );
    let outcome = |folder: &str| {
        doc["downloads"][0]["folders"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["folder"] == folder)
            .map(|f| f["outcome"].as_str().unwrap().to_owned())
            .unwrap()
    };
    assert_eq!(outcome("Acme"), "taken");
    assert_eq!(outcome("Nested"), "taken");
    assert_eq!(outcome("Bomb"), "no_bpu");
    assert_eq!(outcome("Deep"), "no_bpu");
    // Folders without a BPU are problems for check.
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn two_equally_complete_workbooks_are_not_decided_between_until_the_buyer_chooses() {
    let wd = small();
    let zip = build(&[
        Raw::file("Acme/a.xlsx", &small_offer(&wd, "1000")),
        Raw::file("Acme/b.xlsx", &small_offer(&wd, "1100")),
        Raw::file("Acme/copie de a.xlsx", &small_offer(&wd, "1000")),
        Raw::file("Zinc/DC1.pdf", b"%PDF-1.4\n%%EOF\n"),
    ]);
    wd.write("dl.zip", zip);
    let (code, doc) = run(&wd, &["check", "dl.zip", "--lot", "1", "--format", "json"]);
    assert_eq!(code, 1);
    assert_eq!(
        verdicts(&doc, "Acme"),
        [
            pair("a.xlsx", "tied"),
            pair("b.xlsx", "tied"),
            pair("copie de a.xlsx", "copy")
        ]
    );
    let acme = &doc["downloads"][0]["folders"][0];
    assert_eq!(acme["outcome"], "undecided");
    // One price cell in one scope column each: as complete as each other.
    assert_eq!(acme["candidates"][0]["filled_cells"], 1);
    assert_eq!(acme["candidates"][0]["filled_columns"], 1);
    assert_eq!(doc["downloads"][0]["folders"][1]["outcome"], "no_bpu");
    let codes: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"several_files"), "{codes:?}");

    wd.write("dl.choix.csv", "folder,file\nAcme,b.xlsx\n");
    let (_, rank) = run(&wd, &["rank", "dl.zip", "--lot", "1", "--format", "json"]);
    assert_eq!(ranked(&rank), ["acme"]);
    let price = &rank["lots"][0]["scopes"][0]["ranked"][0]["source"];
    assert_eq!(price, "dl.zip/Acme/b.xlsx");
}

#[cfg(unix)]
#[test]
fn a_link_in_a_download_folder_is_never_followed() {
    let wd = small();
    wd.write("ailleurs/secret.xlsx", small_offer(&wd, "1"));
    wd.write("dl/Acme/BPU.xlsx", small_offer(&wd, "1000"));
    std::fs::create_dir_all(wd.join("dl/Evil")).unwrap();
    std::os::unix::fs::symlink(wd.join("ailleurs/secret.xlsx"), wd.join("dl/Evil/BPU.xlsx"))
        .unwrap();
    std::os::unix::fs::symlink(wd.join("ailleurs"), wd.join("dl/Lien")).unwrap();
    let (_, doc) = run(&wd, &["check", "dl", "--lot", "1", "--format", "json"]);
    assert_eq!(
        skipped(&doc),
        [pair("dl/Evil/BPU.xlsx", "link"), pair("dl/Lien", "link")]
    );
    let (_, rank) = run(&wd, &["rank", "dl", "--lot", "1", "--format", "json"]);
    assert_eq!(ranked(&rank), ["acme"]);
}

#[test]
fn the_tender_file_may_name_the_download_as_its_offers() {
    let wd = grenoble();
    let toml = std::fs::read_to_string(wd.join("tender.toml")).unwrap();
    assert!(toml.contains("offers = \"offres\""));
    let (_, named) = run(&wd, &["rank", "telechargement.zip", "--format", "json"]);
    wd.write(
        "tender.toml",
        toml.replace("offers = \"offres\"", "offers = \"telechargement.zip\""),
    );
    let (_, by_default) = run(&wd, &["rank", "--format", "json"]);
    assert_eq!(by_default, named);
}

#[test]
fn the_report_annex_gives_the_download_s_digest() {
    use sha2::Digest;
    let wd = grenoble();
    let out = wd
        .command()
        .args(["report", "telechargement.zip", "--out", "analyse.html"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let zip = std::fs::read(wd.join("telechargement.zip")).unwrap();
    let digest: String = sha2::Sha256::digest(&zip)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let html = std::fs::read_to_string(wd.join("analyse.html")).unwrap();
    assert!(
        html.contains(&digest),
        "the zip's SHA-256 {digest} in the annex"
    );
}

#[test]
fn a_zip_that_is_not_one_is_refused_with_its_name() {
    let wd = small();
    wd.write("dl.zip", b"%PDF-1.4\n%%EOF\n");
    let out = wd
        .command()
        .args(["rank", "dl.zip", "--lang", "en"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "dl.zip: not a readable zip archive; expected the zip downloaded from the platform"
        ),
        "{stderr}"
    );
}

#[test]
fn a_bidder_s_two_submissions_of_the_same_date_are_not_decided_between() {
    let wd = small();
    let zip = build(&[
        Raw::file(
            "Pli 1 - Acme - 2026-11-20/BPU.xlsx",
            &small_offer(&wd, "1000"),
        ),
        Raw::file(
            "Pli 2 - ACME - 2026-11-20/BPU.xlsx",
            &small_offer(&wd, "900"),
        ),
        Raw::file("Pli 3 - Zinc/BPU.xlsx", &small_offer(&wd, "1200")),
    ]);
    wd.write("dl.zip", zip);
    let (code, doc) = run(&wd, &["check", "dl.zip", "--lot", "1", "--format", "json"]);
    assert_eq!(code, 1);
    let outcomes: Vec<(String, String)> = doc["downloads"][0]["folders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            pair(
                f["bidder"].as_str().unwrap(),
                f["outcome"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        outcomes,
        [
            pair("acme", "submissions_undecided"),
            pair("acme", "submissions_undecided"),
            pair("zinc", "taken")
        ]
    );
    // The buyer designates the second: its figure (900) is read.
    wd.write(
        "dl.choix.csv",
        "dossier,fichier\nPli 2 - ACME - 2026-11-20,\n",
    );
    let (_, rank) = run(&wd, &["rank", "dl.zip", "--lot", "1", "--format", "json"]);
    assert_eq!(ranked(&rank), ["acme", "zinc"]);
    assert_eq!(
        rank["lots"][0]["scopes"][0]["ranked"][0]["source"],
        "dl.zip/Pli 2 - ACME - 2026-11-20/BPU.xlsx"
    );
}

#[path = "../examples/grenoble/download.rs"]
mod example_download;

#[test]
fn the_committed_download_is_what_the_example_program_makes() {
    let wd = grenoble();
    let tender = tender::tender::load(&wd.join("tender.toml")).unwrap();
    let fresh = example_download::build(&tender, &wd.join("offres")).unwrap();
    wd.write("fresh.zip", fresh);
    let folders_of = |zip: &str| -> Value {
        let (_, mut doc) = run(&wd, &["check", zip, "--format", "json"]);
        replace(&mut doc, zip, "telechargement.zip");
        doc["downloads"].clone()
    };
    assert_eq!(
        folders_of("fresh.zip"),
        folders_of("telechargement.zip"),
        "regenerate with `cargo run --example grenoble_download`"
    );
}

/// A schedule lot's folder holding the bidder's filled BPU and the blank DQE it was
/// given: the filled one is taken, the blank one said unfilled. Infotech's sheet has
/// twelve unit prices and four lump sums (its four tranches): 16 price cells in its one
/// price column.
#[test]
fn a_schedule_lot_s_filled_bpu_is_told_from_its_blank_dqe() {
    let wd = Workdir::new();
    wd.bourget_with(|t| t.replace("offers = \"offres\"", "offers = \"plis\""));
    let out = wd
        .command()
        .args(["template", "--out", "vierge"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let blank = std::fs::read(wd.path().join("vierge/BPU-LB-2027-INF.xlsx")).unwrap();
    wd.write("plis/Pli 01 - INFOTECH/DQE.xlsx", blank);
    let filled = std::fs::read(wd.path().join("offres/infotech.xlsx")).unwrap();
    wd.write("plis/Pli 01 - INFOTECH/BPU Infotech.xlsx", filled);
    let (_, doc) = run(&wd, &["check", "--format", "json"]);
    let folder = &doc["downloads"][0]["folders"][0];
    assert_eq!(folder["outcome"], "taken");
    assert_eq!(folder["why"], "only");
    assert!(
        folder["file"]
            .as_str()
            .unwrap()
            .ends_with("BPU Infotech.xlsx")
    );
    assert_eq!(
        verdicts(&doc, "Pli 01 - INFOTECH"),
        vec![
            pair("BPU Infotech.xlsx", "taken"),
            pair("DQE.xlsx", "unfilled")
        ]
    );
    let taken = &folder["candidates"][0];
    assert_eq!(
        (
            taken["filled_cells"].as_u64(),
            taken["filled_columns"].as_u64()
        ),
        (Some(16), Some(1))
    );
    assert_eq!(doc["bidders"][0]["bidder_name"], "Infotech Services");
    assert_eq!(doc["bidders"][0]["status"], "complete");
}
