//! Byte classes of text, 64 bytes at a time: the first pass of the glossary matcher and of the
//! word count. On x86-64 the classes come from SSE2 compares (part of every x86-64 CPU); other
//! targets classify a byte at a time.

/// One 64-byte block of text, as bit masks: bit `i` is byte `i`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Block {
    /// ASCII letters and digits.
    pub(crate) alnum: u64,
    /// First bytes of non-ASCII characters.
    pub(crate) lead: u64,
    /// ASCII whitespace (space, tab, line feed, vertical tab, form feed, carriage return).
    pub(crate) space: u64,
}

/// The blocks of `text`, into `out` (cleared first): one per 64 bytes, the last padded.
pub(crate) fn classify_text(text: &[u8], out: &mut Vec<Block>) {
    out.clear();
    out.extend(
        (0..text.len())
            .step_by(64)
            .map(|start| Block::load(text, start)),
    );
}

impl Block {
    /// The block at `start`; bytes past the end of the text are zeros (in no class).
    pub(crate) fn load(text: &[u8], start: usize) -> Block {
        match text.get(start..start + 64) {
            Some(bytes) => Block::classify(bytes.try_into().expect("64 bytes")),
            None => {
                let mut padded = [0u8; 64];
                if start < text.len() {
                    padded[..text.len() - start].copy_from_slice(&text[start..]);
                }
                Block::classify(&padded)
            }
        }
    }

    #[cfg(target_arch = "x86_64")]
    fn classify(bytes: &[u8; 64]) -> Block {
        // SAFETY: SSE2 is part of the x86-64 baseline: every x86-64 CPU has it.
        unsafe { Block::classify_sse2(bytes) }
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "sse2")]
    fn classify_sse2(bytes: &[u8; 64]) -> Block {
        use std::arch::x86_64::{
            __m128i, _mm_add_epi8, _mm_and_si128, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_cmplt_epi8,
            _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8, _mm_set_epi64x,
        };
        fn half(bytes: &[u8], at: usize) -> i64 {
            i64::from_le_bytes(bytes[at..at + 8].try_into().expect("eight bytes"))
        }
        let mut block = Block::default();
        for lane in 0..4 {
            let v: __m128i = _mm_set_epi64x(half(bytes, lane * 16 + 8), half(bytes, lane * 16));
            // Shifted so that the wanted range starts at i8::MIN: one signed compare each.
            let lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
            let letter = _mm_cmplt_epi8(
                _mm_add_epi8(lower, _mm_set1_epi8(0x1F)),
                _mm_set1_epi8(-128 + 26),
            );
            let digit = _mm_cmplt_epi8(
                _mm_add_epi8(v, _mm_set1_epi8(0x50)),
                _mm_set1_epi8(-128 + 10),
            );
            let lead = _mm_and_si128(
                _mm_cmpgt_epi8(v, _mm_set1_epi8(-65)),
                _mm_cmplt_epi8(v, _mm_set1_epi8(0)),
            );
            let space = _mm_or_si128(
                _mm_cmpeq_epi8(v, _mm_set1_epi8(0x20)),
                _mm_cmplt_epi8(
                    _mm_add_epi8(v, _mm_set1_epi8(0x77)),
                    _mm_set1_epi8(-128 + 5),
                ),
            );
            let shift = lane * 16;
            block.alnum |=
                u64::from(_mm_movemask_epi8(_mm_or_si128(letter, digit)) as u16) << shift;
            block.lead |= u64::from(_mm_movemask_epi8(lead) as u16) << shift;
            block.space |= u64::from(_mm_movemask_epi8(space) as u16) << shift;
        }
        block
    }

    #[cfg(not(target_arch = "x86_64"))]
    fn classify(bytes: &[u8; 64]) -> Block {
        Block::classify_bytes(bytes)
    }

    /// The same masks, a byte at a time.
    #[cfg_attr(target_arch = "x86_64", allow(dead_code))]
    fn classify_bytes(bytes: &[u8; 64]) -> Block {
        let mut block = Block::default();
        for (i, &b) in bytes.iter().enumerate() {
            block.alnum |= u64::from(b.is_ascii_alphanumeric()) << i;
            block.lead |= u64::from(b >= 0xC0) << i;
            block.space |= u64::from(b.is_ascii_whitespace() || b == 0x0B) << i;
        }
        block
    }
}

/// The places of `b` in `bytes`: bit `i` is set when `bytes[i] == b` (the output verifier's
/// short searches, 16 bytes a step).
#[cfg(target_arch = "x86_64")]
pub(crate) fn equal_mask16(bytes: &[u8; 16], b: u8) -> u32 {
    // SAFETY: SSE2 is part of the x86-64 baseline: every x86-64 CPU has it.
    unsafe { equal_mask16_sse2(bytes, b) }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn equal_mask16_sse2(bytes: &[u8; 16], b: u8) -> u32 {
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_movemask_epi8, _mm_set1_epi8, _mm_set_epi64x};
    let half = |at: usize| i64::from_le_bytes(bytes[at..at + 8].try_into().expect("eight bytes"));
    let v = _mm_set_epi64x(half(8), half(0));
    _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(b as i8))) as u32 & 0xFFFF
}

/// The same mask, a byte at a time.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn equal_mask16_bytes(bytes: &[u8; 16], b: u8) -> u32 {
    (0..16).fold(0, |m, i| m | u32::from(bytes[i] == b) << i)
}

#[cfg(not(target_arch = "x86_64"))]
pub(crate) fn equal_mask16(bytes: &[u8; 16], b: u8) -> u32 {
    equal_mask16_bytes(bytes, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn random_bytes(seed: &mut u64) -> Vec<u8> {
        (0..64)
            .map(|_| (crate::testing::xorshift(seed) >> 24) as u8)
            .collect()
    }

    #[test]
    fn blocks_are_classified_as_byte_by_byte() {
        let mut seed: u64 = 0x1234_5678_9abc_def1;
        let mut all = [0u8; 256];
        for (i, b) in all.iter_mut().enumerate() {
            *b = i as u8;
        }
        for chunk in all.chunks(64) {
            let bytes: &[u8; 64] = chunk.try_into().unwrap();
            assert_eq!(Block::classify(bytes), Block::classify_bytes(bytes));
        }
        for _ in 0..1000 {
            let bytes: [u8; 64] = random_bytes(&mut seed).try_into().unwrap();
            assert_eq!(Block::classify(&bytes), Block::classify_bytes(&bytes));
        }
    }

    #[test]
    fn equal_masks_are_found_as_byte_by_byte() {
        let mut seed: u64 = 0x0fed_cba9_8765_4321;
        for _ in 0..1000 {
            // Bytes from a small set, so that each is found at several places.
            let bytes: Vec<u8> = random_bytes(&mut seed)[..16]
                .iter()
                .map(|b| b"<>\"'a\0\x80\xff"[usize::from(b % 8)])
                .collect();
            let bytes: [u8; 16] = bytes.try_into().unwrap();
            for b in [b'<', b'>', b'"', b'\'', b'a', 0, 0x80, 0xff, b'x'] {
                assert_eq!(equal_mask16(&bytes, b), equal_mask16_bytes(&bytes, b));
            }
        }
    }
}
