//! Plain text out of Markdown: word counts (eight bytes at a time),
//! whitespace collapsed, the text of inline events, the search index's text
//! blocks.

use pulldown_cmark::Event;

use super::TextBlock;

/// Words in `text`, as `split_whitespace` counts them. ASCII text (nearly
/// all of it) is read eight bytes at a time ([`crate::swar`]): each byte's
/// top bit is set when the byte is a space, and a word starts at every
/// non-space whose lower neighbour (or the last byte of the block before)
/// is a space. The last block is padded with spaces, which start no word.
pub(super) fn count_words(text: &str) -> usize {
    use crate::swar::{splat, HIGH};
    let mut words = 0;
    // 1 when the byte before the block was a space (or there was none).
    let mut after_space = 1u64;
    let blocks = text.as_bytes().chunks_exact(8);
    // The last, partial block padded with spaces (one copy here is cheaper
    // than `swar::load`'s byte-wise tail on the short texts of most events).
    let mut last = [b' '; 8];
    last[..blocks.remainder().len()].copy_from_slice(blocks.remainder());
    for x in blocks
        .map(|block| u64::from_le_bytes(block.try_into().unwrap_or([b' '; 8])))
        .chain(std::iter::once(u64::from_le_bytes(last)))
    {
        if x & HIGH != 0 {
            return text.split_whitespace().count();
        }
        // Bytes are below 0x80, so adding up to 0x7f carries into no other
        // byte: bit 7 of each byte of `x + k` is set when the byte is at
        // least 0x80 - k. Spaces are Unicode's White_Space among ASCII:
        // tab, line feed, vertical tab, form feed, carriage return, space.
        let is_space = !((x ^ splat(b' ')) + splat(0x7f)) & HIGH;
        let at_least_tab = (x + splat(0x80 - 0x09)) & HIGH;
        let past_return = (x + splat(0x80 - 0x0e)) & HIGH;
        let spaces = is_space | (at_least_tab & !past_return);
        let starts = !spaces & ((spaces << 8) | (after_space << 7)) & HIGH;
        // One bit per byte: the multiplication sums the bytes into the top one.
        words += ((starts >> 7).wrapping_mul(splat(1)) >> 56) as usize;
        after_space = spaces >> 63;
    }
    words
}

/// `text` with runs of whitespace turned into single spaces, trimmed.
pub(super) fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut push_word = |word: &str| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    };
    if text.is_ascii() {
        // Most text: words are the runs between whitespace bytes, copied
        // whole, with no character decoding.
        let mut word_start = None;
        for (i, b) in text.bytes().enumerate() {
            match (matches!(b, b'\t'..=b'\r' | b' '), word_start) {
                (true, Some(start)) => {
                    push_word(&text[start..i]);
                    word_start = None;
                }
                (false, None) => word_start = Some(i),
                _ => {}
            }
        }
        if let Some(start) = word_start {
            push_word(&text[start..]);
        }
    } else {
        text.split_whitespace().for_each(push_word);
    }
    out
}

/// Append text to the last text block (whitespace is tidied at the end).
pub(super) fn push_text(blocks: &mut [TextBlock], text: &str) {
    if let Some(block) = blocks.last_mut() {
        block.text.push_str(text);
    }
}

/// The text of a run of inline events, without markup.
pub(super) fn plain_text(events: &[Event]) -> String {
    let mut text = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapsed_whitespace_matches_split_whitespace() {
        let joined = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
        for b in 0..=0x7f_u8 {
            let text = format!(" a{0}{0}b {0}c\t\n", b as char);
            assert_eq!(collapse_whitespace(&text), joined(&text), "{text:?}");
        }
        for text in ["", "   ", "one", "caf\u{e9}\u{a0} x  y\u{2003}z "] {
            assert_eq!(collapse_whitespace(text), joined(text), "{text:?}");
        }
    }

    #[test]
    fn word_count_matches_split_whitespace() {
        for text in [
            "",
            "   ",
            "one",
            " two  words ",
            "tab\tnew\nline\u{b}vt\u{c}ff\rcr",
            "\u{1c}sep\u{1f} not space",
            "caf\u{e9} na\u{ef}ve\u{a0}nbsp\u{3000}ideographic",
            // Longer than one 8-byte block, with words across its edges.
            &"a\tbc  def\n".repeat(20),
            &format!("{} x", "y".repeat(7)),
            &format!("{}z", " ".repeat(8)),
            &format!("{}z", " ".repeat(7)),
            // Non-ASCII in a later block, and in the bytes after the blocks.
            &format!("{}\u{a0}b\u{2003}c{}", "a ".repeat(20), " d".repeat(20)),
            &format!("{}e\u{a0}f", "a ".repeat(8)),
        ] {
            assert_eq!(
                count_words(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
        // Every ASCII byte, at each place in a block and after the blocks.
        for b in 0..=0x7f_u8 {
            for at in 0..10 {
                let text = format!("{}{}b{}", "a".repeat(at), b as char, " c".repeat(at));
                assert_eq!(
                    count_words(&text),
                    text.split_whitespace().count(),
                    "{text:?}"
                );
            }
        }
    }
}
