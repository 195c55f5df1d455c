//! Site paths as they go into URLs: a page's path comes from its file name,
//! which may hold characters a URL cannot carry as they are (`#` starts a
//! fragment, `?` a query, `%` an escape; spaces and quotes end attributes
//! in some tools). They are percent-encoded where URLs are made; output
//! files keep the names as written, and whoever maps URLs back to files
//! decodes ([`decode`]).

use std::borrow::Cow;

/// May `b` stand in a URL path as it is? Letters, digits, `-._~`, `/` and
/// the sub-delimiters and `:@` of RFC 3986, except `'` (a quote).
fn is_plain(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'-' | b'.'
                | b'_'
                | b'~'
                | b'/'
                | b'!'
                | b'$'
                | b'&'
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
                | b':'
                | b'@'
        )
}

/// Append `path` to `out`, percent-encoding every byte that may not stand
/// in a URL path as it is (non-ASCII text as its UTF-8 bytes).
pub fn push_encoded(out: &mut String, path: &str) {
    if path.bytes().all(is_plain) {
        out.push_str(path);
        return;
    }
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in path.bytes() {
        if is_plain(b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
}

/// `path` percent-encoded (borrowed when nothing needs it).
pub fn encode(path: &str) -> Cow<'_, str> {
    if path.bytes().all(is_plain) {
        return Cow::Borrowed(path);
    }
    let mut out = String::with_capacity(path.len() + 8);
    push_encoded(&mut out, path);
    Cow::Owned(out)
}

/// Decode `%XX` escapes; anything else (a `%` not followed by two hex
/// digits, bytes that are not UTF-8 once decoded) is kept or replaced, never
/// an error. For links in pages, which a reader's browser also forgives.
pub fn decode(text: &str) -> Cow<'_, str> {
    if !text.contains('%') {
        return Cow::Borrowed(text);
    }
    let bytes = unescape(text, false).unwrap_or_default();
    Cow::Owned(String::from_utf8_lossy(&bytes).into_owned())
}

/// Decode `%XX` escapes strictly: `None` for a `%` without two hex digits
/// or a result that is not UTF-8. For request paths, where such a path is
/// a bad request rather than a guess.
pub fn decode_strict(text: &str) -> Option<String> {
    String::from_utf8(unescape(text, true)?).ok()
}

/// The bytes of `text` with its `%XX` escapes decoded; a bad escape is kept
/// as written, or (`strict`) makes the whole `None`.
fn unescape(text: &str, strict: bool) -> Option<Vec<u8>> {
    let hex = |b: u8| (b as char).to_digit(16);
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            match (
                bytes.get(i + 1).and_then(|&b| hex(b)),
                bytes.get(i + 2).and_then(|&b| hex(b)),
            ) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                _ if strict => return None,
                _ => {}
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_a_url_path_cannot_carry_is_encoded() {
        assert_eq!(encode("guides/cio-vs-cto/"), "guides/cio-vs-cto/");
        assert!(matches!(encode("a/b.css"), Cow::Borrowed(_)));
        assert_eq!(encode("articles/Why Tea?/"), "articles/Why%20Tea%3F/");
        assert_eq!(encode("c#/100%/\"q'/"), "c%23/100%25/%22q%27/");
        assert_eq!(encode("café/"), "caf%C3%A9/");
    }

    #[test]
    fn decode_undoes_encode() {
        for path in ["articles/Why Tea?/", "c#/100%/\"q'/", "café/", "a%zz%"] {
            assert_eq!(decode(&encode(path)), path);
        }
        assert_eq!(decode("a%2Fb%zz%"), "a/b%zz%");
        assert_eq!(decode("%ff"), "\u{fffd}");
    }
}
