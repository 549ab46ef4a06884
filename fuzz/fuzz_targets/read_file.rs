//! Any bytes, named as an xlsx, ods, xls or csv file, read against a fixed tender: the
//! reader must answer with offers or a reason, never panic (a caught panic is a failure
//! here), never hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    tender::fuzzing::read_file(data);
});
