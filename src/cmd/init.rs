//! `tender init`: a commented tender.toml to start from.

use std::io::Write;
use std::path::Path;

use tender::lang::Lang;

use super::{CmdError, OK, Usage, write_file};
use crate::cli::Common;

/// The example, with comments in the user's language. Both load as they are (tested).
pub const EXAMPLE_FR: &str = include_str!("init.fr.toml");
pub const EXAMPLE_EN: &str = include_str!("init.en.toml");

pub fn run(c: &Common, dir: Option<&Path>, force: bool) -> Result<u8, CmdError> {
    let dir = dir.unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|source| CmdError::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let path = dir.join("tender.toml");
    if path.exists() && !force {
        return Err(CmdError::Usage(Usage::WouldOverwrite { path }));
    }
    let text = match c.lang() {
        Lang::Fr => EXAMPLE_FR,
        Lang::En => EXAMPLE_EN,
    };
    write_file(&path, text.as_bytes())?;
    let offers = dir.join("offres");
    std::fs::create_dir_all(&offers).map_err(|source| CmdError::Write {
        path: offers.clone(),
        source,
    })?;
    let _ = writeln!(
        std::io::stderr(),
        "{} {}",
        c.lang()
            .pick("fichier de consultation écrit :", "tender file written:"),
        path.display()
    );
    Ok(OK)
}
