//! Numbers as bidders type them: any text, and any binary double, must give a number or
//! a reason, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    tender::fuzzing::number(data);
});
