//! Makes the bidders' workbooks of the Bourget example from the template `tender` writes:
//! `cargo run --example bourget_offers`. Each is the real template filled cell by cell
//! (see `bidders.rs`); the files are committed, and a test checks they still match what
//! this program makes.

#[path = "bidders.rs"]
mod bidders;

use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/bourget");
    let tender = tender::tender::load(&dir.join("tender.toml"))?;
    let template = tender::bpu::template::write(&tender)?;
    let offers = dir.join("offres");
    std::fs::create_dir_all(&offers)?;
    for bidder in bidders::all() {
        let path = offers.join(format!("{}.xlsx", bidder.id));
        std::fs::write(&path, bidders::fill(&bidder, &tender, &template)?)?;
        println!("{}", path.display());
    }
    Ok(())
}
