//! Makes the bidders' workbooks of the métropole example from the template `tender`
//! writes: `cargo run --example metropole_offers`. The files are committed; a test
//! checks they are still what this program makes.

#[path = "bidders.rs"]
mod bidders;

use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/metropole");
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
