//! How text becomes search terms. `themes/default/static/search.js` applies
//! the very same rules to queries, so change both together (the shared cases
//! in `tests/search-tokenize.json` run against each).
//!
//! 1. Words are runs of `[\p{Alphabetic}\p{M}\p{N}]` — the same regex in both
//!    languages, so any script with spaces between words (Latin, Cyrillic,
//!    Greek, Arabic, Hebrew, Devanagari…) splits the same way.
//! 2. Each character is normalized: fullwidth ASCII → ASCII, accented Latin
//!    and Greek letters → their base letter ([`super::fold`]), stray combining
//!    accents (U+0300–U+036F) dropped, lowercased one character at a time,
//!    final sigma `ς` → `σ`.
//! 3. Inside a word, runs of characters from scripts written without spaces
//!    (Han, Kana, Hangul, Thai, Lao, Khmer, Myanmar) become overlapping
//!    bigrams plus the run's last character on its own, so every character
//!    starts some term and a one-character query can prefix-match.
//! 4. Terms are cut to [`MAX_TERM_CHARS`] characters.

use std::sync::LazyLock;

use regex::Regex;

use super::fold;
use crate::swar::{load, splat, HIGH};

/// Longest term kept, in characters; longer words are cut (queries too).
pub const MAX_TERM_CHARS: usize = 32;

/// The word pattern, written so JavaScript's `u`-flag regex reads it alike.
pub const WORD_PATTERN: &str = r"[\p{Alphabetic}\p{M}\p{N}]+";

static WORD: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(WORD_PATTERN).ok());

thread_local! {
    /// A per-thread handle on [`WORD`]: a regex shared by the render threads
    /// hands its scratch space out through a contended pool; a clone per
    /// thread keeps the compiled program and skips the contention.
    static WORD_HERE: Option<Regex> = WORD.clone();
}

/// One term and where it came from in the text (byte offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The normalized term.
    pub term: String,
    /// Where in the text the term starts (byte offset).
    pub start: usize,
    /// Where it ends (byte offset, exclusive).
    pub end: usize,
    /// The lone last character of a bigram run: indexed, but left out of
    /// queries (the bigrams before it already cover it).
    pub tail: bool,
}

/// Scripts written without spaces between words: indexed as bigrams.
pub fn is_bigram_char(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF      // Thai, Lao
        | 0x1000..=0x109F    // Myanmar
        | 0x1100..=0x11FF    // Hangul Jamo
        | 0x1780..=0x17FF    // Khmer
        | 0x2E80..=0x2FDF    // CJK radicals, Kangxi radicals
        | 0x3040..=0x30FF    // Hiragana, Katakana
        | 0x3100..=0x31FF    // Bopomofo, Hangul compatibility Jamo, Katakana ext.
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xA960..=0xA97F    // Hangul Jamo extended A
        | 0xAC00..=0xD7FF    // Hangul syllables, Jamo extended B
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0xFF66..=0xFF9F    // halfwidth Katakana
        | 0x20000..=0x3FFFF  // CJK extensions B and later
    )
}

/// Append the normalized form of `c` to `out` (possibly nothing).
pub fn normalize_char(c: char, out: &mut String) {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    let c = fold::fold(c).unwrap_or(c);
    if matches!(c as u32, 0x0300..=0x036F) {
        return;
    }
    for lower in c.to_lowercase() {
        out.push(if lower == 'ς' { 'σ' } else { lower });
    }
}

/// Every term of `text`, in order.
pub fn tokens(text: &str) -> Vec<Token> {
    WORD_HERE.with(|word| {
        let mut out = Vec::new();
        if let Some(word) = word {
            for m in word.find_iter(text) {
                split_word(m.as_str(), m.start(), &mut out);
            }
        }
        out
    })
}

/// Terms of at most this many bytes are handed over as a [`Key`]: every ASCII
/// term (cut at [`MAX_TERM_CHARS`] characters, one byte each); longer ones
/// (only outside ASCII) as text. A multiple of 8.
pub const KEY_BYTES: usize = MAX_TERM_CHARS;

/// A term of at most [`KEY_BYTES`] bytes, zero padded, read as little-endian
/// words. No term holds a zero byte, so equal keys are equal terms.
pub type Key = [u64; KEY_BYTES / 8];

/// One term as [`for_each_term`] hands it over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Term<'a> {
    /// A term of at most [`KEY_BYTES`] bytes, and the [`hash`] of its key.
    Short(Key, u64),
    /// A longer one.
    Long(&'a str),
}

impl Term<'_> {
    /// `term` as a [`Term`].
    pub fn of(term: &str) -> Term<'_> {
        let bytes = term.as_bytes();
        if bytes.len() > KEY_BYTES {
            return Term::Long(term);
        }
        let key = std::array::from_fn(|j| load(bytes, 8 * j));
        Term::Short(key, hash(&key))
    }

    /// The term's text.
    pub fn text(&self) -> String {
        match self {
            Term::Short(key, _) => {
                let bytes: Vec<u8> = key
                    .iter()
                    .flat_map(|w| w.to_le_bytes())
                    .take_while(|&b| b != 0)
                    .collect();
                String::from_utf8(bytes).unwrap_or_default()
            }
            Term::Long(text) => text.to_string(),
        }
    }
}

/// The hash of `key` (what the term tables look up by): two 64×64→128-bit
/// multiplies, each folded to 64 bits. Inlined where a key is made, so the
/// words known to be zero (most words fit in the first) fold away.
#[inline(always)]
pub fn hash(key: &Key) -> u64 {
    let fold = |a: u64, b: u64| {
        let p = u128::from(a) * u128::from(b);
        (p as u64) ^ ((p >> 64) as u64)
    };
    let [a, b, c, d] = *key;
    fold(a ^ 0x243f_6a88_85a3_08d3, b ^ 0x1319_8a2e_0370_7344)
        ^ fold(c ^ 0xa409_3822_299f_31d0, d ^ 0x082e_fa98_ec4e_6c89)
}

/// Bit 7 set in each byte of `w` that a word can hold: ASCII letters and
/// digits, and every byte outside ASCII. (Each comparison adds to the low
/// seven bits, which never carries into the next byte.)
fn word_bytes(w: u64) -> u64 {
    let ascii = w & !HIGH;
    let digit = (ascii + splat(0x80 - b'0')) & !(ascii + splat(0x80 - b'9' - 1));
    let folded = ascii | splat(0x20);
    let letter = (folded + splat(0x80 - b'a')) & !(folded + splat(0x80 - b'z' - 1));
    (w | digit | letter) & HIGH
}

/// `w`, all ASCII, with its capitals lowercased.
fn ascii_lowercase(w: u64) -> u64 {
    let upper = (w + splat(0x80 - b'A')) & !(w + splat(0x80 - b'Z' - 1)) & HIGH;
    w | (upper >> 2)
}

/// The low `n` bytes of `w`, the others zero.
fn low_bytes(w: u64, n: usize) -> u64 {
    if n >= 8 {
        w
    } else {
        w & ((1 << (8 * n)) - 1)
    }
}

/// Every term of `text`, in order, as [`tokens`] gives them, without
/// allocating per word. Text is first cut at ASCII characters that are not
/// letters or digits, which no word holds, eight bytes at a time; ASCII
/// words (most of most sites) are lowercased eight bytes at a time straight
/// into a [`Key`]; anything else goes through [`tokens`].
pub fn for_each_term(text: &str, mut f: impl FnMut(Term)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    // The terms of the last word outside ASCII, and the next one to hand over.
    let mut queue: Vec<Token> = Vec::new();
    let mut next = 0;
    loop {
        // `f` is called in one place only, so that it is inlined and the key
        // stays in registers (passed through memory, its words stored one by
        // one and loaded back two at a time stalled every lookup).
        let term = if let Some(token) = queue.get(next) {
            next += 1;
            Term::of(&token.term)
        } else {
            if i >= bytes.len() {
                break;
            }
            let word = word_bytes(load(bytes, i));
            if word == 0 {
                i += 8;
                continue;
            }
            i += word.trailing_zeros() as usize / 8;
            let start = i;
            let first = load(bytes, start);
            let n = (!word_bytes(first) & HIGH).trailing_zeros() as usize / 8;
            if n < 8 {
                // The whole word in one load (most words).
                let w = low_bytes(first, n);
                i += n;
                if w & HIGH == 0 {
                    let key = [ascii_lowercase(w), 0, 0, 0];
                    Term::Short(key, hash(&key))
                } else {
                    queue = tokens(&text[start..i]);
                    next = 0;
                    continue;
                }
            } else {
                let mut high = first;
                i += 8;
                loop {
                    let w = load(bytes, i);
                    let n = (!word_bytes(w) & HIGH).trailing_zeros() as usize / 8;
                    high |= low_bytes(w, n);
                    i += n;
                    if n < 8 {
                        break;
                    }
                }
                if high & HIGH != 0 {
                    // Cut at ASCII bytes only: on character boundaries.
                    queue = tokens(&text[start..i]);
                    next = 0;
                    continue;
                }
                let len = (i - start).min(KEY_BYTES);
                let key = std::array::from_fn(|j| {
                    let at = 8 * j;
                    if at < len {
                        ascii_lowercase(low_bytes(load(bytes, start + at), len - at))
                    } else {
                        0
                    }
                });
                Term::Short(key, hash(&key))
            }
        };
        f(term);
    }
}

/// Split one word into plain segments and bigram runs.
fn split_word(word: &str, offset: usize, out: &mut Vec<Token>) {
    let mut plain: Option<(usize, String)> = None;
    let mut run: Vec<(usize, usize, String)> = Vec::new();
    for (i, c) in word.char_indices() {
        let start = offset + i;
        let end = start + c.len_utf8();
        if is_bigram_char(c) {
            if let Some((s, term)) = plain.take() {
                push_plain(term, s, start, out);
            }
            let mut n = String::new();
            normalize_char(c, &mut n);
            if !n.is_empty() {
                run.push((start, end, n));
            }
        } else {
            flush_run(&mut run, out);
            let (_, term) = plain.get_or_insert_with(|| (start, String::new()));
            normalize_char(c, term);
        }
    }
    if let Some((s, term)) = plain {
        push_plain(term, s, offset + word.len(), out);
    }
    flush_run(&mut run, out);
}

fn push_plain(term: String, start: usize, end: usize, out: &mut Vec<Token>) {
    if term.is_empty() {
        return;
    }
    let term = match term.char_indices().nth(MAX_TERM_CHARS) {
        Some((cut, _)) => term[..cut].to_string(),
        None => term,
    };
    out.push(Token {
        term,
        start,
        end,
        tail: false,
    });
}

fn flush_run(run: &mut Vec<(usize, usize, String)>, out: &mut Vec<Token>) {
    for pair in run.windows(2) {
        out.push(Token {
            term: format!("{}{}", pair[0].2, pair[1].2),
            start: pair[0].0,
            end: pair[1].1,
            tail: false,
        });
    }
    if let Some((start, end, last)) = run.last() {
        out.push(Token {
            term: last.clone(),
            start: *start,
            end: *end,
            tail: run.len() > 1,
        });
    }
    run.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|t| t.term).collect()
    }

    #[test]
    fn latin_words_lowercased() {
        assert_eq!(
            terms("The CTO owns the tech-stack; v1.2 ships!"),
            ["the", "cto", "owns", "the", "tech", "stack", "v1", "2", "ships"]
        );
    }

    #[test]
    fn accents_fold_to_base_letters() {
        assert_eq!(terms("Café Ünïcode ÉCOLE"), ["cafe", "unicode", "ecole"]);
        // Decomposed input (e + combining acute) gives the same term.
        assert_eq!(terms("Cafe\u{301}"), ["cafe"]);
        assert_eq!(terms("İstanbul Øre straße"), ["istanbul", "øre", "straße"]);
        assert_eq!(terms("Ἀθῆναι ΟΔΟΣ"), ["αθηναι", "οδοσ"]);
    }

    #[test]
    fn cyrillic_and_arabic_are_words() {
        assert_eq!(
            terms("Технический директор, ЁЛКА"),
            ["технический", "директор", "елка"]
        );
        assert_eq!(terms("المدير التقني"), ["المدير", "التقني"]);
        // Harakat are marks: they stay inside the word.
        assert_eq!(terms("مُدِير").len(), 1);
    }

    #[test]
    fn devanagari_keeps_its_vowel_signs() {
        assert_eq!(terms("हिन्दी भाषा"), ["हिन्दी", "भाषा"]);
    }

    #[test]
    fn cjk_runs_become_bigrams_and_a_tail() {
        let t = tokens("東京都庁");
        let got: Vec<(&str, bool)> = t.iter().map(|t| (t.term.as_str(), t.tail)).collect();
        assert_eq!(
            got,
            [
                ("東京", false),
                ("京都", false),
                ("都庁", false),
                ("庁", true)
            ]
        );
        assert_eq!(&"東京都庁"[t[1].start..t[1].end], "京都");
        assert_eq!(terms("日"), ["日"]);
        assert_eq!(
            terms("すし、ラーメン"),
            ["すし", "し", "ラー", "ーメ", "メン", "ン"]
        );
        assert_eq!(terms("한국어 검색"), ["한국", "국어", "어", "검색", "색"]);
    }

    #[test]
    fn mixed_scripts_split_at_the_boundary() {
        assert_eq!(terms("Rust言語"), ["rust", "言語", "語"]);
        assert_eq!(terms("ＣＴＯ１"), ["cto1"]);
    }

    #[test]
    fn long_words_are_cut() {
        let long = "a".repeat(100);
        assert_eq!(terms(&long)[0].chars().count(), MAX_TERM_CHARS);
    }

    #[test]
    fn punctuation_only_gives_nothing() {
        assert!(terms("— … !?").is_empty());
        assert!(terms("").is_empty());
    }

    #[test]
    fn each_term_matches_tokens() {
        let texts = [
            "The CTO owns the tech-stack; v1.2 ships!",
            "Café Ünïcode ÉCOLE Cafe\u{301} İstanbul",
            "Rust言語 すし、ラーメン ＣＴＯ１ a_b",
            "Технический директор, مُدِير हिन्दी",
            &"x".repeat(70),
        ];
        for text in texts {
            let mut got = Vec::new();
            for_each_term(text, |t| got.push(t.text()));
            assert_eq!(got, terms(text), "{text:?}");
        }
    }

    #[test]
    fn each_term_matches_tokens_on_mixed_text() {
        // Pieces around every byte class boundary, met at every offset of
        // the eight-byte blocks.
        let pieces = [
            "a", "z", "A", "Z", "0", "9", "@", "[", "`", "{", "/", ":", " ", "-", "\0", "\x7f",
            "é", "É", "東京", "ＣＴ", "ς", "e\u{301}", "ß", "İ", "Ω", "ab", "Word", "MIXED",
            "x1y2",
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..next(40) {
                let piece = pieces[next(pieces.len())];
                for _ in 0..1 + next(3) * next(15) {
                    text.push_str(piece);
                }
            }
            let mut got = Vec::new();
            for_each_term(&text, |t| got.push(t.text()));
            assert_eq!(got, terms(&text), "{text:?}");
        }
    }

    #[test]
    fn shared_cases_match() {
        let cases: Vec<(String, Vec<String>)> =
            serde_json::from_str(include_str!("../../tests/search-tokenize.json"))
                .expect("valid cases file");
        for (text, want) in cases {
            assert_eq!(terms(&text), want, "tokenizing {text:?}");
            let mut each = Vec::new();
            for_each_term(&text, |t| each.push(t.text()));
            assert_eq!(each, want, "term by term {text:?}");
        }
    }
}
