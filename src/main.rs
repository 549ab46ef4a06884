//! `tender`: parse the command line, dispatch, turn errors into messages and exit codes.

mod cli;
mod cmd;

use std::io::Write;
use std::process::ExitCode;

use clap::FromArgMatches;

use tender::lang::Lang;

fn main() -> ExitCode {
    // A panic caught while reading a bidder's file becomes a message about that file;
    // only other panics (bugs) are reported as such.
    std::panic::set_hook(tender::isolation::quiet_hook(std::panic::take_hook()));

    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = cli::lang_in(&args);
    let help_lang = cli::help::lang(&args);
    let mut command = cli::help::command(help_lang);
    let matches = match command.try_get_matches_from_mut(&args) {
        Ok(m) => m,
        // A refusal names arguments by their value names: in the messages' language,
        // which may differ from the help's (French messages, English locale).
        Err(e) if lang != help_lang && cli::refusal(&e, lang, None).is_some() => {
            let e = cli::help::command(lang)
                .try_get_matches_from(&args)
                .err()
                .unwrap_or(e);
            return clap_error(&e, &args, lang);
        }
        Err(e) => return clap_error(&e, &args, lang),
    };
    // Our own `help` command (clap's speaks English); the derive does not know it.
    if let Some(("help", m)) = matches.subcommand() {
        let name = m.get_one::<String>("command").map(String::as_str);
        return match cli::help::print(&mut command, name) {
            Some(_) => ExitCode::SUCCESS,
            None => fail(
                &cli::unknown_command(name.unwrap_or_default(), lang),
                2,
                lang,
            ),
        };
    }
    let cli = match cli::Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => return clap_error(&e, &args, lang),
    };
    let given = cmd::options::given(&matches);
    match cmd::run(&cli, &given, help_lang) {
        Ok(code) => ExitCode::from(code),
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => fail(
            &e.message(cli.common.lang()),
            e.exit_code(),
            cli.common.lang(),
        ),
    }
}

/// A command line clap refuses, in our words; or the help and version clap shows.
fn clap_error(e: &clap::Error, args: &[std::ffi::OsString], lang: Lang) -> ExitCode {
    match cli::refusal(e, lang, cli::command_in(args)) {
        Some(message) => fail(&message, 2, lang),
        // Help or version: clap prints them, with its own status (2 for the help shown
        // because no command was given).
        None => {
            let _ = e.print();
            ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
        }
    }
}

fn fail(message: &str, code: u8, lang: Lang) -> ExitCode {
    let _ = writeln!(
        std::io::stderr(),
        "{}{message}",
        lang.pick("erreur : ", "error: ")
    );
    ExitCode::from(code)
}
