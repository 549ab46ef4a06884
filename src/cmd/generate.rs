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
            man(cmd, lang, &mut out)?;
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

/// The page of `tender` itself, then one section per command (its description,
/// synopsis, options and examples as subsections), so that one page documents every
/// command.
fn man(mut cmd: clap::Command, lang: Lang, out: &mut Vec<u8>) -> Result<(), CmdError> {
    let failed = |source| CmdError::Write {
        path: "-".into(),
        source,
    };
    cmd.build();
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd.clone())
        .render(&mut page)
        .map_err(failed)?;
    out.extend_from_slice(&examples_section(&page, lang));
    for sc in cmd.get_subcommands().filter(|sc| sc.get_name() != "help") {
        let man = clap_mangen::Man::new(sc.clone());
        let mut section = Vec::new();
        man.render_description_section(&mut section)
            .map_err(failed)?;
        man.render_synopsis_section(&mut section).map_err(failed)?;
        man.render_options_section(&mut section).map_err(failed)?;
        man.render_extra_section(&mut section).map_err(failed)?;
        let section =
            String::from_utf8_lossy(&examples_section(&section, lang)).replace(".SH ", ".SS ");
        out.extend_from_slice(
            format!(".SH \"TENDER {}\"\n", sc.get_name().to_uppercase()).as_bytes(),
        );
        out.extend_from_slice(section.as_bytes());
    }
    Ok(())
}

/// clap_mangen puts the text after the options (our examples) under `EXTRA`: it is
/// named for what it holds, in the page's language.
fn examples_section(roff: &[u8], lang: Lang) -> Vec<u8> {
    let (heading, title) = match lang {
        Lang::Fr => ("Exemples\u{a0}:\n", ".SH EXEMPLES\n"),
        Lang::En => ("Examples:\n", ".SH EXAMPLES\n"),
    };
    let roff = String::from_utf8_lossy(roff).replace(&format!(".SH EXTRA\n{heading}"), title);
    // The other headings are the same words in French, but for the name.
    match lang {
        Lang::Fr => roff.replace(".SH NAME\n", ".SH NOM\n").into_bytes(),
        Lang::En => roff.into_bytes(),
    }
}
