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
        "{} {}\n{}",
        c.lang()
            .pick("fichier de consultation écrit :", "tender file written:"),
        path.display(),
        next_steps(dir, c.lang())
    );
    Ok(OK)
}

/// What to do after `init`, in order: a new user should not have to look up which command
/// comes next. The commands are given as they are typed from where `init` was run.
fn next_steps(dir: &Path, lang: Lang) -> String {
    let here = dir == Path::new(".") || dir.as_os_str().is_empty();
    let cd = if here {
        String::new()
    } else {
        format!("  cd {}\n", dir.display())
    };
    match lang {
        Lang::Fr => format!(
            "Ensuite :\n{cd}\
             \x20 1. complétez tender.toml : référence, membres, lots, usages, critères ;\n\
             \x20 2. tender template      écrit le bordereau (BPU) à joindre au dossier de consultation ;\n\
             \x20 3. déposez les bordereaux reçus des candidats dans offres/ ;\n\
             \x20 4. tender check         liste les problèmes de chaque fichier reçu ;\n\
             \x20 5. tender rank          classe les offres par lot ; tender split répartit le coût entre les membres."
        ),
        Lang::En => format!(
            "Next:\n{cd}\
             \x20 1. fill in tender.toml: reference, members, lots, usage, criteria;\n\
             \x20 2. tender template      writes the price schedule (BPU) to send to bidders;\n\
             \x20 3. put the schedules received from bidders into offres/;\n\
             \x20 4. tender check         lists the problems of every file received;\n\
             \x20 5. tender rank          ranks the offers per lot; tender split shares the cost among members."
        ),
    }
}
