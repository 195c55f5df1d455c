//! One stable 64-bit hash for change detection (file texts, fingerprints,
//! memo keys): [`hash_of`].

use std::hash::{Hash, Hasher};

/// A stable 64-bit hash of anything hashable (for change detection, not
/// security). XXH3: every source file's text goes through it on each load.
/// The value is XXH3 of the bytes `value` writes; small values (most
/// fingerprints: a few numbers and names) are gathered on the stack and
/// hashed in one call, which is several times cheaper than setting up the
/// streaming state, and larger ones are streamed.
pub fn hash_of(value: impl Hash) -> u64 {
    let mut h = SmallHasher::default();
    value.hash(&mut h);
    h.finish()
}

/// Bytes kept on the stack before [`SmallHasher`] turns to streaming.
const SMALL_HASH_BYTES: usize = 256;

/// XXH3 of everything written: one-shot for up to [`SMALL_HASH_BYTES`]
/// bytes, streamed past that (the same value either way).
struct SmallHasher {
    buf: [u8; SMALL_HASH_BYTES],
    len: usize,
    stream: Option<Box<xxhash_rust::xxh3::Xxh3Default>>,
}

impl Default for SmallHasher {
    fn default() -> Self {
        SmallHasher {
            buf: [0; SMALL_HASH_BYTES],
            len: 0,
            stream: None,
        }
    }
}

impl Hasher for SmallHasher {
    fn write(&mut self, bytes: &[u8]) {
        if let Some(stream) = &mut self.stream {
            stream.update(bytes);
        } else if self.len + bytes.len() <= SMALL_HASH_BYTES {
            self.buf[self.len..self.len + bytes.len()].copy_from_slice(bytes);
            self.len += bytes.len();
        } else {
            let mut stream = Box::new(xxhash_rust::xxh3::Xxh3Default::new());
            stream.update(&self.buf[..self.len]);
            stream.update(bytes);
            self.stream = Some(stream);
        }
    }

    fn finish(&self) -> u64 {
        match &self.stream {
            Some(stream) => stream.digest(),
            None => xxhash_rust::xxh3::xxh3_64(&self.buf[..self.len]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Small and large values hash as the streaming XXH3 of their bytes.
    #[test]
    fn hash_of_equals_streamed_xxh3() {
        let streamed = |value: &dyn Fn(&mut dyn Hasher)| {
            let mut h = xxhash_rust::xxh3::Xxh3Default::new();
            value(&mut h);
            h.finish()
        };
        let long = "x".repeat(1000);
        for text in [
            "",
            "a",
            "page.html",
            long.as_str(),
            &long[..255],
            &long[..257],
        ] {
            let value = (7u64, text, Some(3i64), vec![text; 2]);
            assert_eq!(hash_of(&value), streamed(&|h| value.hash(&mut &mut *h)));
        }
    }
}
