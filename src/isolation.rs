//! Keeping one bidder's file from stopping the analysis of the others, and telling
//! whose fault a failure is.
//!
//! Two guards, for two different things:
//! - [`library`] wraps one call into a third-party parser (the xls reader, the zip
//!   reader, the XML tokenizer). Those have panicked on malformed files many times over
//!   the years (fuzzing this project found calamine panicking on a malformed xls): such a
//!   panic is a fact about the file, reported as a damaged file.
//! - [`guard`] wraps the reading of one whole file, this program's own code included.
//!   Our code is meant never to panic (checked arithmetic on every value read from a
//!   file); if it does all the same, that is a bug of this program, reported as an
//!   internal error with its place, never as the bidder's damaged file, and the other
//!   files are still read.
//!
//! The panic hook installed by [`quiet_hook`] stays quiet inside either guard and notes
//! where the panic happened, so the purchasing officer sees one sentence, not a
//! backtrace.

use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, PanicHookInfo, catch_unwind};

thread_local! {
    /// Depth of guards (either kind) around the current code.
    static GUARDED: Cell<u32> = const { Cell::new(0) };
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Whether the current thread runs inside a guard.
pub fn is_isolated() -> bool {
    GUARDED.with(Cell::get) > 0
}

/// A panic hook: inside a guard it notes where the panic happened and prints nothing;
/// elsewhere it hands over to `otherwise` (the default hook, or a fuzzer's).
pub fn quiet_hook(
    otherwise: Box<dyn Fn(&PanicHookInfo<'_>) + Send + Sync>,
) -> Box<dyn Fn(&PanicHookInfo<'_>) + Send + Sync> {
    Box::new(move |info| {
        if is_isolated() {
            let place = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()));
            LAST_PANIC.with(|p| *p.borrow_mut() = place);
        } else {
            otherwise(info);
        }
    })
}

/// A caught panic: its message and, when the hook saw it, the source file and line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caught {
    pub message: String,
    pub place: Option<String>,
}

/// Runs `f` under a guard; a panic becomes `Err` with its message and place.
#[inline]
fn run<T>(f: impl FnOnce() -> T) -> Result<T, Caught> {
    GUARDED.with(|c| c.set(c.get().saturating_add(1)));
    let result = catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|c| c.set(c.get().saturating_sub(1)));
    result.map_err(|payload| Caught {
        message: payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default(),
        // The hook noted the place of this panic (the last one on this thread).
        place: LAST_PANIC.with(|p| p.borrow_mut().take()),
    })
}

/// Calls a third-party parser; its panic becomes `Err` (a fact about the file).
#[inline]
pub fn library<T>(f: impl FnOnce() -> T) -> Result<T, Caught> {
    run(f)
}

/// Runs this program's reading of one file; a panic becomes `Err` (a bug of ours).
pub fn guard<T>(f: impl FnOnce() -> T) -> Result<T, Caught> {
    run(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_caught_with_its_message() {
        std::panic::set_hook(quiet_hook(std::panic::take_hook()));
        let caught = guard(|| -> u32 { panic!("boom") }).unwrap_err();
        assert_eq!(caught.message, "boom");
        assert!(caught.place.unwrap().starts_with("src/isolation.rs:"));
        // The guard is left: the depth is back to zero.
        assert!(!is_isolated());
        assert_eq!(library(|| 2 + 2), Ok(4));
    }
}
