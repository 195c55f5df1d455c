//! Eight bytes at a time: text read as little-endian 64-bit words, so a few
//! arithmetic steps test all eight bytes at once (word counts, the search
//! tokenizer's word boundaries, JSON escapes). A test sets bit 7 of each byte it holds for;
//! the lowest such byte is `mask.trailing_zeros() / 8`.

/// Bit 7 of every byte.
pub const HIGH: u64 = 0x8080_8080_8080_8080;

/// `b` in every byte.
pub const fn splat(b: u8) -> u64 {
    b as u64 * 0x0101_0101_0101_0101
}

/// The eight bytes of `bytes` from `at` as a little-endian word; zeros past
/// the end (a zero byte separates words, and pads a term's key).
pub fn load(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(eight) => {
            let mut word = [0u8; 8];
            word.copy_from_slice(eight);
            u64::from_le_bytes(word)
        }
        // Byte by byte (a copy of a few bytes would call `memcpy`).
        None => bytes
            .get(at..)
            .unwrap_or_default()
            .iter()
            .enumerate()
            .fold(0, |w, (k, &b)| w | u64::from(b) << (8 * k)),
    }
}

/// Bit 7 set in the lowest byte of `w` that is zero, and maybe in higher
/// bytes (a borrow runs up from a zero byte): right for the lowest only.
pub fn lowest_zero(w: u64) -> u64 {
    w.wrapping_sub(splat(1)) & !w & HIGH
}

/// Bit 7 set in the lowest byte of `w` below `b` (at most 0x80), and maybe
/// in higher bytes: right for the lowest only.
pub fn lowest_below(w: u64, b: u8) -> u64 {
    w.wrapping_sub(splat(b)) & !w & HIGH
}
