//! The verifier's hash of ids, links and output paths.

/// A fast 64-bit hash for ids and output paths: the verifier looks up millions of them, and
/// SipHash's resistance to chosen keys buys nothing for a site's own names. Two names with one
/// hash would hide a broken link (a link to one counts as a link to the other), so every eight
/// bytes are mixed by a folded multiply (the full 128-bit product's halves xored, as foldhash
/// and wyhash do: high bits reach low ones) and the last by MurmurHash3's finaliser. FxHash's
/// multiply alone, used before, gave `https://bench.example/posts/p00078/` and `…/p00888/` one
/// hash: a difference in a word's high bits reached only five low bits of the next.
pub fn hash(s: &str) -> u64 {
    let s = s.as_bytes();
    let mut h: u64 = s.len() as u64 ^ 0x243f_6a88_85a3_08d3;
    let mut chunks = s.chunks_exact(8);
    for c in &mut chunks {
        h = fold(h ^ u64::from_le_bytes(c.try_into().expect("eight bytes")));
    }
    // The last bytes: the word that ends `s` (overlapping the one before), or, in a short
    // `s`, the bytes themselves (a loop: `copy_from_slice` of a varying length calls `memcpy`).
    let rest = chunks.remainder();
    let last = match s.len() {
        _ if rest.is_empty() => 0,
        n if n >= 8 => u64::from_le_bytes(s[n - 8..].try_into().expect("eight bytes")),
        _ => rest.iter().rev().fold(0, |w, &b| (w << 8) | u64::from(b)),
    };
    mix(h ^ last)
}

/// The product of `x` and an odd constant, its high half folded onto its low half.
fn fold(x: u64) -> u64 {
    let p = u128::from(x) * 0x9e37_79b9_7f4a_7c15_u128;
    (p as u64) ^ ((p >> 64) as u64)
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
