//! `tender template`: the BPU workbook bidders fill in.

use std::io::Write;
use std::path::Path;

use tender::bpu::template;

use super::{CmdError, OK, load_tender, write_file};
use crate::cli::Common;

pub fn run(c: &Common, out_dir: Option<&Path>) -> Result<u8, CmdError> {
    let tender = load_tender(c)?;
    let bytes = template::write(&tender)?;
    let path = match (&c.output, out_dir) {
        (Some(file), _) => file.clone(),
        (None, Some(dir)) => dir.join(template::file_name(&tender)),
        (None, None) => Path::new(".").join(template::file_name(&tender)),
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|source| CmdError::Write {
            path: parent.to_path_buf(),
            source,
        })?;
    }
    write_file(&path, &bytes)?;
    let _ = writeln!(
        std::io::stderr(),
        "{} {}",
        c.lang().pick("BPU écrit :", "BPU written:"),
        path.display()
    );
    Ok(OK)
}
