//! Makes a platform download of the Grenoble example from its offers:
//! `cargo run --example grenoble_download` writes `examples/grenoble/telechargement.zip`
//! (see `download.rs` for what it holds). The file is committed; `tests/download.rs`
//! checks that ranking from it gives the ranking from `offres/`.

#[path = "download.rs"]
mod download;

use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/grenoble");
    let tender = tender::tender::load(&dir.join("tender.toml"))?;
    let bytes = download::build(&tender, &dir.join("offres"))?;
    let path = dir.join("telechargement.zip");
    std::fs::write(&path, bytes)?;
    println!("{}", path.display());
    Ok(())
}
