//! Running a fragile step (a spreadsheet library on a bidder's file) so that a panic in
//! it becomes an error of that file alone.
//!
//! The spreadsheet readers have panicked on malformed files many times over the years.
//! A panic here is caught and turned into a message; the binary's panic hook asks
//! [`is_isolated`] to stay quiet about panics that are caught this way, so the purchasing
//! officer sees one sentence about the file, not a backtrace.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

thread_local! {
    static ISOLATED: Cell<bool> = const { Cell::new(false) };
}

/// Whether the current thread is running an isolated step (for a panic hook).
pub fn is_isolated() -> bool {
    ISOLATED.with(Cell::get)
}

/// Runs `f`; a panic becomes `Err` with the panic's message.
pub fn run<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    let previous = ISOLATED.with(|c| c.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    ISOLATED.with(|c| c.set(previous));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "internal error in the spreadsheet reader".to_owned())
    })
}
