//! `agentls convert` held to the real hosts (`tests/fixtures/recorded/
//! conversions.json`, written by `tests/recorder/hosts/record_conversions.py`;
//! CI never runs a host). Each row is one source agent converted to another
//! host and run through that host's own loader: every one must have loaded
//! with no message about a field it ignored or did not know, and `convert`
//! must still write exactly the text that was measured (stored under
//! `conversions/`, its SHA-256 in the row): a change to `convert` needs a
//! re-recording.

use std::path::{Path, PathBuf};

use agentls_core::convert::{Host, convert};
use serde_json::Value;

fn recorded() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/recorded")
}

/// Where each host's source cases live, and where the host reads agents.
fn source(host: &str) -> (&'static str, &'static str) {
    match host {
        "claude-code" => ("agents", ".claude/agents"),
        "opencode" => ("opencode", ".opencode/agents"),
        "copilot" => ("copilot", ".github/agents"),
        "gemini" => ("gemini", ".gemini/agents"),
        other => panic!("unknown source host {other}"),
    }
}

fn rows() -> Vec<Value> {
    let text = std::fs::read_to_string(recorded().join("conversions.json")).unwrap();
    let table: Value = serde_json::from_str(&text).unwrap();
    table["rows"].as_array().unwrap().clone()
}

fn s<'a>(row: &'a Value, key: &str) -> &'a str {
    row[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} in {row}"))
}

#[test]
fn every_recorded_conversion_loaded_without_a_lost_field() {
    let rows = rows();
    assert!(rows.len() >= 40, "rows went missing: {}", rows.len());
    let mut pairs = Vec::new();
    for row in &rows {
        let what = format!(
            "{} {} -> {}",
            s(row, "source_host"),
            s(row, "source"),
            s(row, "target_host")
        );
        assert_eq!(row["loaded"], Value::Bool(true), "{what}: {row}");
        assert_eq!(row["unknown"], Value::Array(vec![]), "{what}: {row}");
        pairs.push((s(row, "source_host"), s(row, "target_host")));
    }
    // Every host converted to every other one, from several sources each.
    for from in Host::ALL {
        for to in Host::ALL {
            if from != to {
                let n = pairs.iter().filter(|p| **p == (from.id(), to.id())).count();
                assert!(
                    n >= 5,
                    "{} -> {}: {n} recorded conversions",
                    from.id(),
                    to.id()
                );
            }
        }
    }
}

#[test]
fn convert_still_writes_the_recorded_text() {
    let rows = rows();
    let mut stored = Vec::new();
    for row in &rows {
        let (folder, place) = source(s(row, "source_host"));
        let case = s(row, "source");
        let text = std::fs::read_to_string(recorded().join(folder).join(case)).unwrap();
        let path = PathBuf::from("/w").join(place).join(case);
        let to = Host::parse(s(row, "target_host")).unwrap();
        let c = convert(&text, &path, to).unwrap_or_else(|e| panic!("{case}: {e:?}"));
        let file = s(row, "converted");
        let measured = std::fs::read_to_string(recorded().join("conversions").join(file)).unwrap();
        assert_eq!(
            sha256_hex(measured.as_bytes()),
            s(row, "sha256"),
            "{file}: not the text that was measured"
        );
        assert_eq!(
            c.text,
            measured,
            "{case} -> {}: convert changed; re-record with record_conversions.py",
            to.id()
        );
        assert_eq!(
            Path::new(file).file_name(),
            Path::new(&c.path).file_name(),
            "{case} -> {}: another file name",
            to.id()
        );
        stored.push(file.to_string());
    }
    // Nothing stored that no row measured.
    let mut on_disk = Vec::new();
    walk(&recorded().join("conversions"), &mut on_disk);
    let root = recorded().join("conversions");
    for f in on_disk {
        let rel = f
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        assert!(
            stored.contains(&rel),
            "{rel}: in no row of conversions.json"
        );
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// SHA-256 (FIPS 180-4), for the rows' hashes without a dependency.
fn sha256_hex(data: &[u8]) -> String {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut msg = data.to_vec();
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&((data.len() as u64) * 8).to_be_bytes());
    for block in msg.chunks(64) {
        let mut w = [0u32; 64];
        for i in 0..16 {
            w[i] = u32::from_be_bytes(block[i * 4..i * 4 + 4].try_into().unwrap());
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let mut v = h;
        for i in 0..64 {
            let s1 = v[4].rotate_right(6) ^ v[4].rotate_right(11) ^ v[4].rotate_right(25);
            let ch = (v[4] & v[5]) ^ (!v[4] & v[6]);
            let t1 = v[7]
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = v[0].rotate_right(2) ^ v[0].rotate_right(13) ^ v[0].rotate_right(22);
            let maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
            let t2 = s0.wrapping_add(maj);
            v = [
                t1.wrapping_add(t2),
                v[0],
                v[1],
                v[2],
                v[3].wrapping_add(t1),
                v[4],
                v[5],
                v[6],
            ];
        }
        for (a, b) in h.iter_mut().zip(v) {
            *a = a.wrapping_add(b);
        }
    }
    h.iter().map(|x| format!("{x:08x}")).collect()
}

#[test]
fn sha256_is_sha256() {
    assert_eq!(
        sha256_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert_eq!(
        sha256_hex(b""),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
}
