//! The entry points the fuzz targets (`fuzz/`) and the corpus replay test
//! (`tests/fuzz_corpus.rs`) share, so that CI replays exactly what was fuzzed.

use std::path::Path;
use std::sync::OnceLock;

use crate::bpu::read::{ReadError, read_file as read};
use crate::tender::Tender;

/// A small tender: two members, the groupement, two lots.
const TENDER: &str = r#"
[tender]
name = "Fuzz"
reference = "FUZZ"
duration_years = 2

[[member]]
id = "a"
name = "Ville A"
population = 10000
registered_users = 2000

[[member]]
id = "b"
name = "Ville B"
population = 30000
registered_users = 6000

[[lot]]
id = "1"
title = "Musique"
vat_rate = "0.20"
usage_rates = { active_accounts = "0.1", simultaneous_accesses = "0.01", consultations = "2" }

[[lot]]
id = "2"
title = "Presse"
vat_rate = "0.021"
usage_rates = { active_accounts = "0.1", simultaneous_accesses = "0.01", consultations = "2" }
"#;

fn tender() -> &'static Tender {
    static TENDER_ONCE: OnceLock<Tender> = OnceLock::new();
    TENDER_ONCE.get_or_init(|| {
        crate::tender::parse(TENDER, Path::new("fuzz.toml")).expect("the fuzz tender loads")
    })
}

/// Parses the bytes as typed text, and their first eight as a double.
pub fn number(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = crate::bpu::number::parse(text);
    }
    if let Some(bits) = data.get(..8) {
        let value = f64::from_le_bytes(bits.try_into().expect("eight bytes"));
        let _ = crate::bpu::number::from_double(value);
    }
}

/// Installs the panic hook that lets the reader catch a library's panic, in front of the
/// fuzzer's (which aborts): a panic in a spreadsheet library is a known hazard that the
/// reader turns into a finding; a panic in this project's code is a bug to report.
pub fn install_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| std::panic::set_hook(crate::isolation::quiet_hook(std::panic::take_hook())));
}

/// Reads the bytes as a bidder's file; the first byte chooses the name's extension.
/// Panics (so that the fuzzer reports it) when the project's own code failed (an
/// internal error: a panic outside a third-party parser, or a broken invariant); a
/// panic inside a third-party parser is caught by the reader and ends as a damaged
/// file.
pub fn read_file(data: &[u8]) {
    install_hook();
    let (name, bytes) = match data.split_first() {
        Some((b, rest)) => (
            ["x.xlsx", "x.ods", "x.xls", "x.csv"][(*b % 4) as usize],
            rest,
        ),
        None => ("x.xlsx", data),
    };
    let result = read(Path::new(name), bytes, tender());
    if let Err(ReadError::Internal(e)) = &result {
        panic!("the project's own code failed on {name}: {e:?}");
    }
    // Whatever was read must go through the rules without panicking either.
    if let Ok(file) = result {
        for quote in &file.lots {
            let lot = tender().lot(&quote.lot).expect("a lot of the tender");
            let facts = |scope: &str| tender().scope(scope).map(|s| tender().scope_facts(lot, s));
            let _ = crate::pricing::normalise_lot(
                quote,
                facts,
                &tender().contract_terms(lot).factors(),
            );
        }
    }
}
