//! The verifier's hash of ids, links and output paths.

/// A fast 64-bit hash for ids and output paths: the verifier looks up millions of them, and
/// SipHash's resistance to chosen keys buys nothing for a site's own names. Two names with one
/// hash would hide a broken link (a link to one counts as a link to the other), so each
/// eight bytes go through a full mixer (MurmurHash3's finaliser): FxHash's multiply alone,
/// used before, gave `/posts/p00078/` and `/posts/p00888/` one hash when they sat behind the
/// same origin (a difference in a word's high bits reached only five low bits of the next).
pub fn hash(s: &str) -> u64 {
    let s = s.as_bytes();
    let mut h: u64 = s.len() as u64;
    let mut chunks = s.chunks_exact(8);
    for c in &mut chunks {
        h = mix(h ^ u64::from_le_bytes(c.try_into().expect("eight bytes")));
    }
    // The last bytes: the word that ends `s` (overlapping the one before), or, in a short
    // `s`, the bytes themselves (a loop: `copy_from_slice` of a varying length calls `memcpy`).
    let rest = chunks.remainder();
    let last = match s.len() {
        _ if rest.is_empty() => return h,
        n if n >= 8 => u64::from_le_bytes(s[n - 8..].try_into().expect("eight bytes")),
        _ => rest.iter().rev().fold(0, |w, &b| (w << 8) | u64::from(b)),
    };
    mix(h ^ last)
}

/// MurmurHash3's 64-bit finaliser: every bit of `h` reaches every bit of the result.
fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_names_get_different_hashes() {
        // The pair FxHash's mixing gave one hash (so the verifier took a link to one for a
        // link to the other), and every page, section and id name of a large site's shapes.
        let a = "https://bench.example/posts/p00078/";
        assert_ne!(hash(a), hash("https://bench.example/posts/p00888/"));
        let mut seen = std::collections::HashMap::new();
        for n in 0..40_000 {
            for name in [
                format!("https://bench.example/posts/p{n:05}/"),
                format!("/s{:02}/p{n:05}/", n / 100),
                format!("/posts/p{n:05}/#how-it-works-{}", n % 7),
                format!("tip-{n}"),
                format!("p{n}"),
            ] {
                if let Some(other) = seen.insert(hash(&name), name.clone()) {
                    assert_eq!(other, name, "one hash for two names");
                }
            }
        }
    }
}
