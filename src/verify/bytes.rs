//! How the output verifier's scan reads bytes: short searches, 16 bytes a step (8 in a short
//! haystack) where `memchr`'s setup would cost more than the search, and attribute values as
//! text.

use crate::byte_classes::equal_mask16;

/// `value` as text when it has no character reference to decode and is UTF-8. Most values
/// are short and ASCII: eight bytes at a time, that is a few instructions where
/// `str::from_utf8` took about a hundred a call.
#[inline]
pub(super) fn plain(value: &[u8]) -> Option<&str> {
    // A set high bit: a non-ASCII byte, or an `&`.
    let odd = |w: u64| (w & HIGH) | zero_bytes(w ^ (LOW * u64::from(b'&')));
    let n = value.len();
    let flags = match n {
        0..8 => u64::from(value.iter().any(|&b| !b.is_ascii() || b == b'&')),
        // Whole words, then the last eight bytes (overlapping the word before).
        _ => (0..n / 8).fold(odd(word_at(value, n - 8)), |f, k| {
            f | odd(word_at(value, 8 * k))
        }),
    };
    if flags == 0 {
        // SAFETY: every byte of `value` is ASCII (no high bit set), and ASCII is UTF-8.
        return Some(unsafe { std::str::from_utf8_unchecked(value) });
    }
    if value.contains(&b'&') {
        return None;
    }
    std::str::from_utf8(value).ok()
}

pub(super) fn find_byte(b: u8, hay: &[u8]) -> Option<usize> {
    memchr::memchr(b, hay)
}

/// [`find_byte`] for a byte that is usually near: attribute values are mostly a few dozen
/// bytes long, where `memchr`'s setup costs more than the search. Sixteen bytes at a time,
/// then `memchr` past 64 bytes; a haystack under 16 bytes eight at a time (the usual SWAR test
/// for a zero byte in `word ^ pattern`). Inlined: the scan calls it once a tag, and the call
/// cost a tenth of the scan's instructions.
#[inline]
pub(super) fn find_short(b: u8, hay: &[u8]) -> Option<usize> {
    const NEAR: usize = 64;
    let n = hay.len();
    if n < 16 {
        return find_tiny(b, hay);
    }
    let first = |mask: u32| mask.trailing_zeros() as usize;
    let mut i = 0;
    while i < NEAR {
        let Some(chunk) = hay.get(i..i + 16) else {
            // The last sixteen bytes, overlapping ones already read: those hold no match, so
            // the first bit set is the first match.
            let mask = equal_mask16(hay[n - 16..].try_into().expect("16 bytes"), b);
            return (mask != 0).then(|| n - 16 + first(mask));
        };
        let mask = equal_mask16(chunk.try_into().expect("16 bytes"), b);
        if mask != 0 {
            return Some(i + first(mask));
        }
        i += 16;
    }
    find_byte(b, &hay[NEAR..]).map(|p| p + NEAR)
}

/// [`find_short`] in fewer than 16 bytes: the first eight and the last eight (which overlap),
/// or the bytes one by one under eight.
fn find_tiny(b: u8, hay: &[u8]) -> Option<usize> {
    let n = hay.len();
    if n < 8 {
        return hay.iter().position(|&c| c == b);
    }
    let pattern = LOW * u64::from(b);
    let first = |zero: u64| (zero.trailing_zeros() / 8) as usize;
    let zero = zero_bytes(word_at(hay, 0) ^ pattern);
    if zero != 0 {
        return Some(first(zero));
    }
    let zero = zero_bytes(word_at(hay, n - 8) ^ pattern);
    (zero != 0).then(|| n - 8 + first(zero))
}

/// The eight bytes of `hay` from `at`, as a little-endian word.
fn word_at(hay: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(hay[at..at + 8].try_into().expect("eight bytes"))
}

/// Each byte's lowest bit, and each byte's highest.
const LOW: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The usual SWAR test for a zero byte in `w`: the lowest set high bit of the result marks
/// the first zero byte (those above it may be false marks, after a borrow); none is set when
/// `w` has no zero byte.
fn zero_bytes(w: u64) -> u64 {
    w.wrapping_sub(LOW) & !w & HIGH
}

pub(super) fn find(needle: &[u8], hay: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

/// Appends `value` with its character references decoded (the ones HTML writers use in
/// attributes: `&amp;`, `&quot;`, `&#39;`, `&lt;`, `&gt;`, numeric ones).
pub(super) fn decode_into(value: &[u8], out: &mut String) {
    // Pages are written from Rust strings: the lossy path (it walks `Utf8Chunks`) is for the
    // odd file that is not UTF-8.
    let text = match std::str::from_utf8(value) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(value),
    };
    if !value.contains(&b'&') {
        out.push_str(&text);
        return;
    }
    let mut rest: &str = &text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| match &after[..e] {
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "lt" => Some('<'),
            "gt" => Some('>'),
            n => n
                .strip_prefix("#x")
                .or_else(|| n.strip_prefix("#X"))
                .map(|h| u32::from_str_radix(h, 16))
                .or_else(|| n.strip_prefix('#').map(str::parse))
                .and_then(Result::ok)
                .and_then(char::from_u32),
        });
        match (decoded, end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_short_search_finds_the_first_match_at_any_distance() {
        // Every length up to past the SWAR window, the byte at every place, with decoys of
        // bytes that differ from it by one bit (a borrow in the zero-byte test).
        for len in 0..150 {
            for at in (0..len).chain([usize::MAX]) {
                let mut hay: Vec<u8> = (0..len).map(|i| [b'=', b'>', 0x22 ^ 1][i % 3]).collect();
                if at < len {
                    hay[at] = b'"';
                    if at + 1 < len {
                        hay[at + 1] = b'"';
                    }
                }
                let want = hay.iter().position(|&c| c == b'"');
                assert_eq!(find_short(b'"', &hay), want, "len {len}, at {at}");
            }
        }
    }

    #[test]
    fn plain_values_are_exactly_the_utf8_ones_with_nothing_to_decode() {
        // Every length around the eight-byte steps, with the odd byte at every place: an
        // `&`, bytes one bit from it, a non-ASCII letter, bytes that are not UTF-8.
        for len in 0..20 {
            for at in (0..len).chain([usize::MAX]) {
                for odd in [
                    &b"&"[..],
                    b"'",
                    b"$",
                    b"6",
                    b"\xa6",
                    "é".as_bytes(),
                    b"\xff",
                ] {
                    let mut v: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
                    if at < len {
                        v.splice(at..=at, odd.iter().copied());
                    }
                    let want = (!v.contains(&b'&'))
                        .then(|| std::str::from_utf8(&v).ok())
                        .flatten();
                    assert_eq!(plain(&v), want, "{v:?}");
                }
            }
        }
    }
}
