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

    let cli = cli::Cli::parse();
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
