//! Zip archives written byte by byte, for the hostile-download tests: names in CP437
//! (no UTF-8 flag), `../x`, absolute paths, symbolic links, entries flagged encrypted,
//! and a small entry that inflates hugely. A zip library would refuse to write most of
//! these; a platform's or an attacker's archive holds them all the same.

use std::io::Write;

/// One entry as it will be written.
pub struct Raw {
    pub name: Vec<u8>,
    /// The bytes stored (compressed with `method` 8, as they are with `method` 0).
    pub stored: Vec<u8>,
    pub method: u16,
    pub crc: u32,
    /// The inflated size declared.
    pub size: u32,
    pub flags: u16,
    /// Upper byte: the system that made the entry (3: Unix, whose mode tells a link).
    pub made_by: u16,
    pub external: u32,
}

impl Raw {
    /// A stored (uncompressed) entry with a UTF-8 name (flagged as such).
    pub fn file(name: &str, data: &[u8]) -> Raw {
        Raw {
            name: name.as_bytes().to_vec(),
            stored: data.to_vec(),
            method: 0,
            crc: crc32fast::hash(data),
            size: u32::try_from(data.len()).expect("small entry"),
            flags: 1 << 11,
            made_by: 20,
            external: 0,
        }
    }

    /// An entry whose name is the raw bytes, without the UTF-8 flag: read as CP437.
    pub fn cp437(name: &[u8], data: &[u8]) -> Raw {
        Raw {
            name: name.to_vec(),
            flags: 0,
            ..Raw::file("x", data)
        }
    }

    /// A Unix symbolic link to `target`.
    pub fn symlink(name: &str, target: &str) -> Raw {
        Raw {
            made_by: (3 << 8) | 20,
            external: 0o120_777 << 16,
            ..Raw::file(name, target.as_bytes())
        }
    }

    /// An entry flagged as encrypted (traditional PKWARE encryption).
    pub fn encrypted(name: &str, data: &[u8]) -> Raw {
        let mut raw = Raw::file(name, data);
        raw.flags |= 1;
        raw
    }

    /// An entry compressed with deflate.
    pub fn deflated(name: &str, data: &[u8]) -> Raw {
        let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(data).expect("deflate");
        Raw {
            stored: e.finish().expect("deflate"),
            method: 8,
            ..Raw::file(name, data)
        }
    }

    /// A zip bomb's entry: `PK\x03\x04` then zeros, `mebibytes` MiB in all, compressed to
    /// a few hundred kilobytes without ever holding it whole (deflate blocks of zeros
    /// flushed one by one are the same bytes once the window is full of zeros).
    pub fn bomb(name: &str, mebibytes: usize) -> Raw {
        use flate2::{Compress, Compression, FlushCompress};
        const MIB: usize = 1024 * 1024;
        let mut c = Compress::new(Compression::best(), false);
        let mut part = |input: &[u8], flush| {
            let mut out = Vec::with_capacity(MIB);
            c.compress_vec(input, &mut out, flush).expect("deflate");
            out
        };
        let mut first = b"PK\x03\x04".to_vec();
        first.resize(MIB, 0);
        let zeros = vec![0u8; MIB];
        let mut stored = part(&first, FlushCompress::Sync);
        let settle = part(&zeros, FlushCompress::Sync);
        stored.extend_from_slice(&settle);
        let repeated = part(&zeros, FlushCompress::Sync);
        let again = part(&zeros, FlushCompress::Sync);
        assert_eq!(repeated, again, "blocks of zeros deflate to the same bytes");
        for _ in 0..mebibytes.saturating_sub(3) {
            stored.extend_from_slice(&repeated);
        }
        stored.extend_from_slice(&again);
        stored.extend_from_slice(&part(&[], FlushCompress::Finish));
        let mut crc = crc32fast::Hasher::new();
        crc.update(&first);
        for _ in 1..mebibytes {
            crc.update(&zeros);
        }
        Raw {
            name: name.as_bytes().to_vec(),
            stored,
            method: 8,
            crc: crc.finalize(),
            size: u32::try_from(mebibytes * MIB).expect("under 4 GiB"),
            flags: 1 << 11,
            made_by: 20,
            external: 0,
        }
    }
}

/// The archive's bytes: local headers and data, the central directory, its end.
pub fn build(entries: &[Raw]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let offset = u32::try_from(out.len()).expect("small archive");
        let compressed = u32::try_from(e.stored.len()).expect("small entry");
        out.extend_from_slice(b"PK\x03\x04");
        for v in [20u16, e.flags, e.method, 0, 0x5B74] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for v in [e.crc, compressed, e.size] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&u16::try_from(e.name.len()).expect("name").to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(&e.name);
        out.extend_from_slice(&e.stored);

        central.extend_from_slice(b"PK\x01\x02");
        for v in [e.made_by, 20u16, e.flags, e.method, 0, 0x5B74] {
            central.extend_from_slice(&v.to_le_bytes());
        }
        for v in [e.crc, compressed, e.size] {
            central.extend_from_slice(&v.to_le_bytes());
        }
        let name_len = u16::try_from(e.name.len()).expect("name");
        for v in [name_len, 0, 0, 0, 0] {
            central.extend_from_slice(&v.to_le_bytes());
        }
        central.extend_from_slice(&e.external.to_le_bytes());
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(&e.name);
    }
    let at = u32::try_from(out.len()).expect("small archive");
    let size = u32::try_from(central.len()).expect("small directory");
    let count = u16::try_from(entries.len()).expect("entries");
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06");
    for v in [0u16, 0, count, count] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&size.to_le_bytes());
    out.extend_from_slice(&at.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}
