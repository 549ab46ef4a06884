//! `tender`: parse the command line, dispatch, turn errors into messages and exit codes.

mod cli;
mod cmd;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // A panic caught while reading a bidder's file becomes a message about that file;
    // only other panics (bugs) are reported as such.
    std::panic::set_hook(tender::isolation::quiet_hook(std::panic::take_hook()));

    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = match cli::Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => {
            let lang = cli::lang_in(&args);
            return match cli::refusal(&e, lang) {
                Some(message) => {
                    let _ = writeln!(
                        std::io::stderr(),
                        "{}{message}",
                        lang.pick("erreur : ", "error: ")
                    );
                    ExitCode::from(2)
                }
                // Help or version: clap prints them, with its own status (2 for the help
                // shown because no command was given).
                None => {
                    let _ = e.print();
                    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
                }
            };
        }
    };
    let lang = cli.common.lang();
    match cmd::run(&cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(
                std::io::stderr(),
                "{}{}",
                lang.pick("erreur : ", "error: "),
                e.message(lang)
            );
            ExitCode::from(e.exit_code())
        }
    }
}
