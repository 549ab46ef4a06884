//! `tender template`: the BPU workbook bidders fill in.

use std::io::Write;
use std::path::Path;

use tender::bpu::template;

use super::{CmdError, OK, Usage, emit, load_tender, write_file};
use crate::cli::Common;

/// `-o FILE` names the workbook itself (`-o -`: the standard output); `--out DIR` the
/// folder it is written into under its usual name. Both at once is refused.
pub fn run(c: &Common, out_dir: Option<&Path>) -> Result<u8, CmdError> {
    if c.output.is_some() && out_dir.is_some() {
        return Err(CmdError::Usage(Usage::OutputAndOut));
    }
    let (tender, c) = load_tender(c)?;
    let c = &c;
    let bytes = template::write(&tender)?;
    if c.output.as_deref() == Some(Path::new("-")) {
        emit(c, &bytes)?;
        return Ok(OK);
    }
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
