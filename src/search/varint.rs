//! LEB128 unsigned integers: how a document's terms and a term's postings are
//! kept in memory between tokenizing and writing the index.

/// Append `n`.
pub fn put(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Read one number at `*at`, moving past it.
#[inline]
pub fn get(bytes: &[u8], at: &mut usize) -> u32 {
    // Most numbers take one byte.
    if let Some(&b) = bytes.get(*at).filter(|&&b| b < 0x80) {
        *at += 1;
        return u32::from(b);
    }
    let mut n = 0u32;
    let mut shift = 0;
    while let Some(&b) = bytes.get(*at) {
        *at += 1;
        n |= u32::from(b & 0x7F) << shift;
        if b < 0x80 {
            break;
        }
        shift += 7;
    }
    n
}

#[cfg(test)]
mod tests {
    #[test]
    fn round_trip() {
        let mut v = Vec::new();
        for n in [0, 1, 127, 128, 300, u32::MAX] {
            super::put(&mut v, n);
        }
        let mut at = 0;
        for n in [0, 1, 127, 128, 300, u32::MAX] {
            assert_eq!(super::get(&v, &mut at), n);
        }
        assert_eq!(at, v.len());
    }
}
