//! Running a fragile step (a spreadsheet library on a bidder's file) so that a panic in
//! it becomes an error of that file alone.
//!
//! The spreadsheet readers have panicked on malformed files many times over the years
//! (fuzzing this project found calamine panicking on a malformed xls). A panic here is
//! caught and turned into a message; the panic hook installed by [`quiet_hook`] records
//! where it happened and stays quiet, so the purchasing officer sees one sentence about
//! the file, not a backtrace.

use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, PanicHookInfo, catch_unwind};

thread_local! {
    static ISOLATED: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Whether the current thread is running an isolated step.
pub fn is_isolated() -> bool {
    ISOLATED.with(Cell::get)
}

/// A panic hook: inside an isolated step it notes where the panic happened and prints
/// nothing; elsewhere it hands over to `otherwise` (the default hook, or a fuzzer's).
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

/// Runs `f`; a panic becomes `Err` with the panic's message and place.
pub fn run<T>(f: impl FnOnce() -> T) -> Result<T, Caught> {
    let previous = ISOLATED.with(|c| c.replace(true));
    LAST_PANIC.with(|p| *p.borrow_mut() = None);
    let result = catch_unwind(AssertUnwindSafe(f));
    ISOLATED.with(|c| c.set(previous));
    result.map_err(|payload| Caught {
        message: payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "internal error in the spreadsheet reader".to_owned()),
        place: LAST_PANIC.with(|p| p.borrow_mut().take()),
    })
}
