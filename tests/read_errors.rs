//! Why a file could not be read is data of this program, turned into French or English
//! sentences in one place: never a dependency's English wording, never English in the
//! French output. A damaged or encrypted file is told from its structure.

mod common;

use std::io::Write;

use common::{SMALL_TENDER, Workdir, num, offer_bytes};
use serde_json::Value;
use tender::pricing::PricingModel::Population;
use tender::pricing::Term::Price;

/// Words of the English messages that no French sentence holds.
const ENGLISH: [&str; 21] = [
    "the",
    "is",
    "of",
    "file",
    "workbook",
    "damaged",
    "cannot",
    "invalid",
    "password",
    "library",
    "failed",
    "part",
    "byte",
    "expected",
    "holds",
    "truncated",
    "error",
    "sheet",
    "not",
    "ends",
    "found",
];

/// The English words of a sentence, the archive's part names (`xl/worksheets/…`) left
/// aside: they are the file's own names.
fn english_words(sentence: &str) -> Vec<String> {
    sentence
        .split_whitespace()
        .filter(|token| !token.contains('/'))
        .flat_map(|token| token.split(|c: char| !c.is_alphabetic()))
        .filter(|w| ENGLISH.contains(&w.to_lowercase().as_str()))
        .map(str::to_owned)
        .collect()
}

/// `check` in the language given: each bidder's (code, message) for its file.
fn file_findings(wd: &Workdir, lang: &str) -> Vec<(String, String, String)> {
    let out = wd
        .command()
        .args(["check", "--format", "json", "--lang", lang])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["bidder"].is_string() && f["bidder"] != "good")
        .map(|f| {
            (
                f["bidder"].as_str().unwrap().to_owned(),
                f["code"].as_str().unwrap().to_owned(),
                f["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// An OLE2 compound file with the given streams.
fn compound(streams: &[(&str, &[u8])]) -> Vec<u8> {
    let mut file = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    for (name, data) in streams {
        file.create_stream(name).unwrap().write_all(data).unwrap();
    }
    file.flush().unwrap();
    file.into_inner().into_inner()
}

fn record(kind: u16, data: &[u8]) -> Vec<u8> {
    let mut r = kind.to_le_bytes().to_vec();
    r.extend((data.len() as u16).to_le_bytes());
    r.extend(data);
    r
}

/// Changes the bytes of an archive's part at a byte of its compressed data.
fn spoil(zip: &[u8], part: &str) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let entry = archive.by_name(part).unwrap();
    let at = entry.data_start().unwrap() as usize + entry.compressed_size() as usize / 2;
    let mut out = zip.to_vec();
    for b in &mut out[at..at + 8] {
        *b ^= 0x5A;
    }
    out
}

#[test]
fn unreadable_files_are_said_in_french_without_a_word_of_english() {
    let wd = Workdir::new();
    let t = wd.tender(SMALL_TENDER);
    let good = offer_bytes(
        &t,
        Some("Good"),
        &[("1", "a", Population, Price, num("1000"))],
    );
    wd.write("offres/good.xlsx", &good);
    // An Office 97-2003 document that is no workbook (a Word file renamed).
    wd.write(
        "offres/word.xls",
        compound(&[("/WordDocument", &[0u8; 600][..])]),
    );
    // A workbook cut short: no zip directory.
    wd.write("offres/cut.xlsx", &good[..good.len() / 2]);
    // A sheet whose compressed bytes were changed.
    wd.write(
        "offres/spoilt.xlsx",
        spoil(&good, "xl/worksheets/sheet2.xml"),
    );
    // An xls protected by a password: a FILEPASS record in its workbook stream.
    let stream = [record(0x0809, &[0; 16]), record(0x002F, &[0; 6])].concat();
    wd.write("offres/locked.xls", compound(&[("/Workbook", &stream[..])]));

    let fr = file_findings(&wd, "fr");
    let codes: Vec<(&str, &str)> = fr
        .iter()
        .map(|(b, c, _)| (b.as_str(), c.as_str()))
        .collect();
    assert_eq!(
        codes,
        vec![
            ("cut", "damaged"),
            ("locked", "encrypted"),
            ("spoilt", "damaged"),
            ("word", "not_a_spreadsheet"),
        ]
    );
    for (bidder, _, message) in &fr {
        assert!(english_words(message).is_empty(), "{bidder}: {message}");
    }
    let message = |bidder: &str| fr.iter().find(|(b, ..)| b == bidder).unwrap().2.clone();
    assert_eq!(
        message("word"),
        "ce n'est pas un classeur (un fichier OLE2, le format des documents Office 97-2003, qui ne contient pas de classeur) ; attendu : un fichier xlsx, ods, xls ou csv → aucune offre n'est lue dans ce fichier"
    );
    assert_eq!(
        message("cut"),
        "le classeur est endommagé : l'archive zip est illisible ; demander au candidat un nouvel exemplaire → aucune offre n'est lue dans ce fichier"
    );
    assert!(
        message("spoilt").starts_with(
            "le classeur est endommagé : un contenu ne correspond pas à sa somme de contrôle ou ne peut être décompressé (élément xl/worksheets/sheet2.xml"
        ),
        "{}",
        message("spoilt")
    );

    let en = file_findings(&wd, "en");
    let message = |bidder: &str| en.iter().find(|(b, ..)| b == bidder).unwrap().2.clone();
    assert_eq!(
        message("word"),
        "not a spreadsheet (an OLE2 file, the format of Office 97-2003 documents, that holds no workbook); expected an xlsx, ods, xls or csv file → no offer is read from this file"
    );
    assert_eq!(
        message("locked"),
        "the workbook is protected by a password: it cannot be read; ask the bidder for a copy without one → no offer is read from this file"
    );
}

#[test]
fn a_malformed_sheet_names_its_part_and_byte() {
    let wd = Workdir::new();
    let t = wd.tender(SMALL_TENDER);
    let good = offer_bytes(&t, Some("Good"), &[]);
    // The first lot sheet's XML with an end tag that closes nothing opened.
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&good[..])).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut data = String::new();
        std::io::Read::read_to_string(&mut entry, &mut data).unwrap();
        if name == "xl/worksheets/sheet2.xml" {
            data = data.replacen("</row>", "</rows>", 1);
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(data.as_bytes()).unwrap();
    }
    wd.write("offres/bad.xlsx", out.finish().unwrap().into_inner());
    let fr = file_findings(&wd, "fr");
    assert_eq!(fr.len(), 1, "{fr:?}");
    let (_, code, message) = &fr[0];
    assert_eq!(code, "damaged");
    assert!(
        message.starts_with(
            "le classeur est endommagé : le XML n'est pas bien formé (des balises qui ne se correspondent pas) (élément xl/worksheets/sheet2.xml, octet "
        ),
        "{message}"
    );
}
