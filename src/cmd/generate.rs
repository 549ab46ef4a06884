//! `tender generate man|complete-…`: the man page and the shells' completion scripts,
//! made from the one definition of the command line (in the help's language), so that
//! they can never disagree with it.

use tender::lang::Lang;

use super::{CmdError, OK, emit};
use crate::cli::{Common, Generated, help};

pub fn run(c: &Common, what: Generated, lang: Lang) -> Result<u8, CmdError> {
    let mut cmd = help::command(lang);
    let mut out = Vec::new();
    let shell = match what {
        Generated::Man => {
            man(cmd, &mut out)?;
            return emit(c, &out).map(|()| OK);
        }
        Generated::CompleteBash => clap_complete::Shell::Bash,
        Generated::CompleteZsh => clap_complete::Shell::Zsh,
        Generated::CompleteFish => clap_complete::Shell::Fish,
        Generated::CompletePowershell => clap_complete::Shell::PowerShell,
        Generated::CompleteElvish => clap_complete::Shell::Elvish,
    };
    clap_complete::generate(shell, &mut cmd, "tender", &mut out);
    emit(c, &out)?;
    Ok(OK)
}

/// The page of `tender` itself, then one section per command with its own options, so
/// that one page documents every command.
fn man(mut cmd: clap::Command, out: &mut Vec<u8>) -> Result<(), CmdError> {
    let failed = |source| CmdError::Write {
        path: "-".into(),
        source,
    };
    cmd.build();
    clap_mangen::Man::new(cmd.clone())
        .render(out)
        .map_err(failed)?;
    for sc in cmd.get_subcommands().filter(|sc| sc.get_name() != "help") {
        let page = clap_mangen::Man::new(sc.clone());
        out.extend_from_slice(
            format!(".SH \"TENDER {}\"\n", sc.get_name().to_uppercase()).as_bytes(),
        );
        page.render_description_section(out).map_err(failed)?;
        page.render_synopsis_section(out).map_err(failed)?;
        page.render_options_section(out).map_err(failed)?;
    }
    Ok(())
}
