//! A realistic platform download of the Grenoble example, built from its offers
//! (`offres/`): one folder per submission, with the application forms (DC1, DC2 as
//! PDF, a DUME as XML), the technical proposals, signature files, and beside the real
//! BPUs the files a buyer really finds there: an old version of a BPU, an unfilled DQE,
//! a PDF renamed `BPU.xlsx`, a zip inside the zip, and a bidder who submitted twice.
//!
//! The PDFs are minimal valid PDFs written by hand; the signature files are placeholders
//! (`tender` says whether a BPU has one beside it, it never verifies a signature).

use std::io::{Cursor, Write};
use std::path::Path;

use tender::tender::Tender;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

#[path = "bidders.rs"]
mod bidders;

/// The folder every entry sits in, as platforms wrap their downloads.
const ROOT: &str = "2025-RN-01_offres";

type Error = Box<dyn std::error::Error>;

/// One file of the download: its path under the root, its bytes, its date.
struct File {
    path: String,
    bytes: Vec<u8>,
    day: u8,
}

fn file(path: &str, bytes: Vec<u8>, day: u8) -> File {
    File {
        path: path.to_owned(),
        bytes,
        day,
    }
}

/// The download's bytes. `offers` is the example's `offres/` folder.
pub fn build(tender: &Tender, offers: &Path) -> Result<Vec<u8>, Error> {
    let template = tender::bpu::template::write(tender)?;
    let read = |name: &str| std::fs::read(offers.join(name));
    let all = bidders::all();
    let bidder = |id: &str| {
        all.iter()
            .find(|b| b.id == id)
            .expect("a bidder of the example")
    };
    // An older BPU: the same bidder's figures for its first lot only.
    let draft = |id: &str| -> Result<Vec<u8>, Error> {
        let b = bidder(id);
        let first = b.cells[0].lot;
        let cells = b
            .cells
            .iter()
            .filter(|e| e.lot == first)
            .map(copy)
            .collect();
        let old = bidders::Bidder { cells, ..clone(b) };
        Ok(bidders::fill(&old, tender, &template)?)
    };
    let mut files = vec![
        file(
            "Pli 01 - MUSICALIA/DC1.pdf",
            pdf("DC1 - Lettre de candidature - Musicalia"),
            17,
        ),
        file(
            "Pli 01 - MUSICALIA/DC2.pdf",
            pdf("DC2 - Declaration du candidat - Musicalia"),
            17,
        ),
        file("Pli 01 - MUSICALIA/DUME.xml", dume("Musicalia SAS"), 17),
        file(
            "Pli 01 - MUSICALIA/Memoire technique.pdf",
            pdf("Memoire technique Musicalia"),
            17,
        ),
        file(
            "Pli 01 - MUSICALIA/BPU Musicalia.xlsx",
            read("musicalia.xlsx")?,
            17,
        ),
        file("Pli 01 - MUSICALIA/BPU Musicalia.xlsx.p7s", p7s(), 17),
        // macOS writes accents decomposed (NFD): "Mémoire".
        file(
            "Pli 02 - BIBLIOPLUS/Me\u{301}moire technique.pdf",
            pdf("Memoire technique Biblioplus"),
            18,
        ),
        file("Pli 02 - BIBLIOPLUS/DC1.pdf", pdf("DC1 - Biblioplus"), 18),
        file("Pli 02 - BIBLIOPLUS/BPU.ods", read("biblioplus.ods")?, 18),
        file("Pli 02 - BIBLIOPLUS/DQE.xlsx", template.clone(), 18),
        file(
            "Pli 03 - CINECLAP/Candidature/DC1.pdf",
            pdf("DC1 - CineClap"),
            19,
        ),
        file(
            "Pli 03 - CINECLAP/Candidature/DC2.pdf",
            pdf("DC2 - CineClap"),
            19,
        ),
        file(
            "Pli 03 - CINECLAP/Candidature/DUME.xml",
            dume("CineClap SARL"),
            19,
        ),
        file(
            "Pli 03 - CINECLAP/Offre/BPU_v1.xlsx",
            draft("cineclap")?,
            12,
        ),
        file(
            "Pli 03 - CINECLAP/Offre/BPU_v2.xlsx",
            read("cineclap.xlsx")?,
            19,
        ),
        file("Pli 03 - CINECLAP/Offre/BPU_v2.xlsx.p7s", p7s(), 19),
        file(
            "Pli 04 - KIOSQUE - 2026-11-18 10h05/DC1.pdf",
            pdf("DC1 - Kiosque"),
            18,
        ),
        file(
            "Pli 04 - KIOSQUE - 2026-11-18 10h05/BPU kiosque.xlsx",
            draft("kiosque")?,
            18,
        ),
        file("Pli 05 - MEDIAFLUX/DC1.pdf", pdf("DC1 - Mediaflux"), 19),
        file(
            "Pli 05 - MEDIAFLUX/offre.zip",
            nested(read("mediaflux.xlsx")?)?,
            19,
        ),
        file("Pli 06 - TERRITORIA/DC1.pdf", pdf("DC1 - Territoria"), 20),
        file(
            "Pli 06 - TERRITORIA/BPU.xlsx",
            pdf("BPU Territoria (imprime en PDF)"),
            20,
        ),
        file(
            "Pli 06 - TERRITORIA/Offre financiere Territoria.xlsx",
            read("territoria.xlsx")?,
            20,
        ),
        file(
            "Pli 06 - TERRITORIA/Offre financiere Territoria.xlsx - signature.xml",
            xades("Offre financiere Territoria.xlsx"),
            20,
        ),
        file(
            "Pli 07 - KIOSQUE - 2026-11-20 16h42/DC1.pdf",
            pdf("DC1 - Kiosque"),
            20,
        ),
        file(
            "Pli 07 - KIOSQUE - 2026-11-20 16h42/DC2.pdf",
            pdf("DC2 - Kiosque"),
            20,
        ),
        file(
            "Pli 07 - KIOSQUE - 2026-11-20 16h42/BPU kiosque.xlsx",
            read("kiosque.xlsx")?,
            20,
        ),
    ];
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for f in &files {
        zip.start_file(format!("{ROOT}/{}", f.path), options(f.day)?)?;
        zip.write_all(&f.bytes)?;
    }
    // What macOS's archiver adds: skipped, and listed.
    zip.start_file(
        format!("__MACOSX/{ROOT}/Pli 01 - MUSICALIA/._BPU Musicalia.xlsx"),
        options(17)?,
    )?;
    zip.write_all(b"\0\x05\x16\x07")?;
    Ok(zip.finish()?.into_inner())
}

fn options(day: u8) -> Result<SimpleFileOptions, Error> {
    Ok(SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::from_date_and_time(2026, 11, day, 11, 30, 0)?))
}

/// A zip inside the zip: the bidder zipped its offer before uploading it.
fn nested(bpu: Vec<u8>) -> Result<Vec<u8>, Error> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("BPU Mediaflux.xlsx", options(19)?)?;
    zip.write_all(&bpu)?;
    zip.start_file("Memoire technique.pdf", options(19)?)?;
    zip.write_all(&pdf("Memoire technique Mediaflux"))?;
    Ok(zip.finish()?.into_inner())
}

/// A minimal valid PDF showing one line of text (the cross-reference offsets counted).
pub fn pdf(text: &str) -> Vec<u8> {
    let content = format!("BT /F1 12 Tf 72 720 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A DUME (European single procurement document) answer, as XML (abridged).
fn dume(name: &str) -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ESPDResponse xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:ESPDResponse-2\" xmlns:cac=\"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2\" xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\">\n  <cbc:ContractFolderID>2025-RN-01</cbc:ContractFolderID>\n  <cac:EconomicOperatorParty><cac:Party><cac:PartyName><cbc:Name>{name}</cbc:Name></cac:PartyName></cac:Party></cac:EconomicOperatorParty>\n</ESPDResponse>\n"
    )
    .into_bytes()
}

/// A CAdES signature file's place-holder: DER-looking bytes, not a real signature.
fn p7s() -> Vec<u8> {
    let mut out = vec![0x30, 0x82, 0x01, 0x00, 0x06, 0x09];
    out.extend_from_slice(&[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02]);
    out.extend(std::iter::repeat_n(0u8, 247));
    out
}

/// An XAdES signature file's place-holder (its namespace is what tells it).
fn xades(document: &str) -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" Id=\"signature-1\">\n  <ds:SignedInfo><ds:Reference URI=\"{document}\"/></ds:SignedInfo>\n  <ds:SignatureValue>placeholder</ds:SignatureValue>\n</ds:Signature>\n"
    )
    .into_bytes()
}

fn copy(e: &bidders::Entry) -> bidders::Entry {
    bidders::Entry {
        lot: e.lot,
        scope: e.scope,
        model: e.model,
        term: e.term,
        value: e.value.clone(),
    }
}

fn clone(b: &bidders::Bidder) -> bidders::Bidder {
    bidders::Bidder {
        id: b.id,
        name: b.name,
        siret: b.siret,
        other_id: b.other_id,
        contact: b.contact,
        email: b.email,
        lots: b.lots,
        saved: b.saved,
        cells: b.cells.iter().map(copy).collect(),
    }
}
