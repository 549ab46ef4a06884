//! Makes the bidders' workbooks of the Grenoble example from the template `tender`
//! writes: `cargo run --example grenoble_offers`.
//!
//! Each bidder's price schedule is the real template, filled cell by cell (see
//! `bidders.rs`). The .ods one is re-saved by LibreOffice (`soffice`, Debian package
//! libreoffice-calc-nogui), as a bidder using LibreOffice would. The files are committed;
//! a test checks they still match what this program makes.

#[path = "bidders.rs"]
mod bidders;

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/grenoble");
    let tender = tender::tender::load(&dir.join("tender.toml"))?;
    let template = tender::bpu::template::write(&tender)?;
    let offers = dir.join("offres");
    std::fs::create_dir_all(&offers)?;
    for bidder in bidders::all() {
        let bytes = bidders::fill(&bidder, &tender, &template)?;
        match bidder.saved {
            bidders::Saved::Xlsx => {
                let path = offers.join(format!("{}.xlsx", bidder.id));
                std::fs::write(&path, bytes)?;
                println!("{}", path.display());
            }
            bidders::Saved::Ods => {
                let work =
                    std::env::temp_dir().join(format!("tender-example-{}", std::process::id()));
                std::fs::create_dir_all(&work)?;
                let xlsx = work.join(format!("{}.xlsx", bidder.id));
                std::fs::write(&xlsx, bytes)?;
                let ods = resave(&xlsx, "ods", &offers)?;
                std::fs::remove_dir_all(&work)?;
                println!("{}", ods.display());
            }
        }
    }
    Ok(())
}

/// Converts a workbook with LibreOffice, headless, into `out_dir`.
fn resave(
    file: &Path,
    format: &str,
    out_dir: &Path,
) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let profile = std::env::temp_dir().join(format!("tender-lo-profile-{}", std::process::id()));
    let status = Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--convert-to", format, "--outdir"])
        .arg(out_dir)
        .arg(file)
        .status()
        .map_err(|e| format!("LibreOffice (soffice) is needed to save the .ods offer: {e}; install libreoffice-calc-nogui"))?;
    let _ = std::fs::remove_dir_all(&profile);
    if !status.success() {
        return Err(format!("soffice failed on {}", file.display()).into());
    }
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    Ok(out_dir.join(format!("{stem}.{format}")))
}
