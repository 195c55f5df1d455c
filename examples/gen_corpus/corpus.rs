//! A synthetic documentation site for benchmarks and the bench-corpus test:
//! N pages spread over sections, each page ~1,000 words of Markdown with
//! headings, lists, a table, a code block, internal links, sometimes a
//! footnote, and Zola-style `[taxonomies] tags` in TOML front matter. The
//! same seed always writes the same bytes (no hashing order, no clock).
//!
//! Links are plain root-relative URLs (`/sec-03/page-00042/`), so Zola and
//! Hugo can build the same tree without resolving `@/` links.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Number of pages.
    pub pages: usize,
    /// Number of sections the pages are dealt into, round-robin.
    pub sections: usize,
    /// Seed of the random choices.
    pub seed: u64,
}

/// What was written, for the caller's summary line.
#[derive(Debug, Clone, Copy)]
pub struct Written {
    /// Pages written.
    pub pages: usize,
    /// Words over all pages (whitespace-separated, Markdown included).
    pub words: usize,
}

/// Writes the corpus into `site/content/`, replacing that folder.
pub fn write(site: &Path, options: &Options) -> io::Result<Written> {
    let content = site.join("content");
    if content.exists() {
        std::fs::remove_dir_all(&content)?;
    }
    std::fs::create_dir_all(&content)?;
    let sections = options.sections.max(1);
    let mut gen = Generator {
        rng: SplitMix(options.seed),
        pages: options.pages,
        sections,
    };
    std::fs::write(content.join("_index.md"), gen.home())?;
    for s in 0..sections {
        let dir = content.join(section_dir(s));
        std::fs::create_dir(&dir)?;
        std::fs::write(dir.join("_index.md"), gen.section(s))?;
    }
    let mut words = 0;
    for i in 0..options.pages {
        let text = gen.page(i);
        words += text.split_whitespace().count();
        let file = content
            .join(section_dir(i % sections))
            .join(format!("{}.md", page_name(i)));
        std::fs::write(file, text)?;
    }
    Ok(Written {
        pages: options.pages,
        words,
    })
}

fn section_dir(s: usize) -> String {
    format!("sec-{:02}", s + 1)
}

fn page_name(i: usize) -> String {
    format!("page-{:05}", i + 1)
}

/// splitmix64: tiny, fast, and its output is fixed by the seed on every platform.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.between(0, items.len() - 1)]
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const TOPICS: &[&str] = &[
    "Overview",
    "Setup",
    "Settings",
    "Writing Content",
    "Layouts",
    "Links and URLs",
    "Static Files",
    "Publishing",
    "Commands",
    "Extending",
    "Languages",
    "Speed",
    "Safety",
    "Checking",
    "Data Files",
    "Finding Things",
    "Look and Feel",
    "Moving In",
    "When Things Break",
    "Lookup Tables",
];

const NOUNS: &[&str] = &[
    "page", "section", "folder", "file", "template", "theme", "link", "anchor", "heading", "table",
    "list", "index", "build", "server", "cache", "config", "option", "output", "source", "reader",
    "writer", "thread", "queue", "feed", "sitemap", "tag", "summary", "draft", "date", "title",
    "slug", "asset", "image", "style", "script", "error", "warning", "path", "route", "request",
];

const VERBS: &[&str] = &[
    "builds", "reads", "writes", "renders", "checks", "keeps", "drops", "sorts", "finds", "names",
    "lists", "links", "moves", "copies", "loads", "serves", "skips", "joins", "splits", "counts",
    "escapes", "watches", "opens", "shows",
];

const ADJECTIVES: &[&str] = &[
    "quick", "plain", "nested", "empty", "large", "small", "stale", "fresh", "shared", "local",
    "public", "hidden", "sorted", "broken", "stable", "strict", "lazy", "whole", "partial",
    "default",
];

const LINKERS: &[&str] = &[
    "the", "a", "each", "every", "its", "that", "this", "one", "no", "some", "and", "or", "but",
    "then", "so", "when", "while", "before", "after", "because", "with", "without", "from", "into",
    "over", "under", "for", "of", "in", "on",
];

const CODE_WORDS: &[&str] = &[
    "versus build",
    "base_url",
    "content/_index.md",
    "sort_by",
    "public/",
    "page.html",
    "get_url",
    "--drafts",
    "weight",
    "[extra]",
    "Vec<Page>",
    "HashMap<String, Section>",
    "render_page()",
    "draft = true",
    "templates/",
];

struct Generator {
    rng: SplitMix,
    pages: usize,
    sections: usize,
}

impl Generator {
    fn url(&self, i: usize) -> String {
        format!("/{}/{}/", section_dir(i % self.sections), page_name(i))
    }

    fn word(&mut self) -> &'static str {
        match self.rng.between(0, 9) {
            0..=3 => self.rng.pick(LINKERS),
            4..=6 => self.rng.pick(NOUNS),
            7 | 8 => self.rng.pick(VERBS),
            _ => self.rng.pick(ADJECTIVES),
        }
    }

    fn title(&mut self) -> String {
        let mut words = vec![self.rng.pick(ADJECTIVES), self.rng.pick(NOUNS)];
        for _ in 0..self.rng.between(0, 3) {
            words.push(self.rng.pick(NOUNS));
        }
        let mut out = String::new();
        for (n, w) in words.iter().enumerate() {
            if n > 0 {
                out.push(' ');
            }
            push_capitalized(&mut out, w);
        }
        out
    }

    /// A sentence with no markup, for descriptions.
    fn plain_sentence(&mut self) -> String {
        let mut out = String::new();
        for n in 0..self.rng.between(6, 14) {
            let word = self.word();
            if n == 0 {
                push_capitalized(&mut out, word);
            } else {
                out.push(' ');
                out.push_str(word);
            }
        }
        out.push('.');
        out
    }

    /// One sentence of 6–18 words; `page` (the page being written, if any)
    /// is never the target of its own links.
    fn sentence(&mut self, page: Option<usize>, out: &mut String) {
        let len = self.rng.between(6, 18);
        let marked = self.rng.between(1, len - 1);
        let markup = self.rng.between(0, 99);
        for n in 0..len {
            let word = self.word();
            if n > 0 {
                out.push(' ');
            }
            if n == 0 {
                push_capitalized(out, word);
            } else if n != marked || markup >= 60 {
                out.push_str(word);
            } else if markup < 15 {
                let _ = write!(out, "*{word}*");
            } else if markup < 27 {
                let _ = write!(out, "**{word}**");
            } else if markup < 44 {
                let _ = write!(out, "`{}`", self.rng.pick(CODE_WORDS));
            } else if markup < 57 && self.pages > 1 {
                let mut target = self.rng.between(0, self.pages - 1);
                if Some(target) == page {
                    target = (target + 1) % self.pages;
                }
                let noun = self.rng.pick(NOUNS);
                let _ = write!(out, "[{word} {noun}]({})", self.url(target));
            } else {
                out.push_str(word);
            }
        }
        out.push(match self.rng.between(0, 7) {
            0 => '?',
            1 => '!',
            _ => '.',
        });
    }

    fn paragraph(&mut self, page: Option<usize>, sentences: (usize, usize)) -> String {
        let mut out = String::new();
        for n in 0..self.rng.between(sentences.0, sentences.1) {
            if n > 0 {
                out.push(' ');
            }
            self.sentence(page, &mut out);
        }
        out
    }

    fn list(&mut self, page: usize, ordered: bool) -> String {
        let mut out = String::new();
        for n in 1..=self.rng.between(3, 7) {
            if ordered {
                let _ = write!(out, "{n}. ");
            } else {
                out.push_str("- ");
            }
            self.sentence(Some(page), &mut out);
            out.push('\n');
        }
        out
    }

    fn table(&mut self) -> String {
        let columns = self.rng.between(3, 5);
        let mut out = String::from("|");
        for _ in 0..columns {
            out.push(' ');
            push_capitalized(&mut out, self.rng.pick(NOUNS));
            out.push_str(" |");
        }
        out.push_str("\n|");
        out.push_str(&"---|".repeat(columns));
        out.push('\n');
        for _ in 0..self.rng.between(3, 7) {
            out.push('|');
            for _ in 0..columns {
                out.push(' ');
                match self.rng.between(0, 2) {
                    0 => {
                        let _ = write!(out, "`{}`", self.rng.pick(CODE_WORDS));
                    }
                    1 => {
                        let _ = write!(out, "{}", self.rng.between(0, 99_999));
                    }
                    _ => {
                        out.push_str(self.rng.pick(ADJECTIVES));
                        out.push(' ');
                        out.push_str(self.rng.pick(NOUNS));
                    }
                }
                out.push_str(" |");
            }
            out.push('\n');
        }
        out
    }

    fn code(&mut self) -> String {
        let noun = self.rng.pick(NOUNS);
        let verb = self.rng.pick(VERBS);
        let limit = self.rng.between(1, 500);
        if self.rng.chance(50) {
            format!(
                "```rust\n/// Keeps every {noun} under the limit.\npub fn {verb}_{noun}s(items: &[String]) -> Vec<&str> {{\n    let mut kept = Vec::new();\n    for item in items {{\n        if item.len() < {limit} {{\n            kept.push(item.as_str());\n        }}\n    }}\n    kept.sort_unstable();\n    kept\n}}\n```\n"
            )
        } else {
            format!(
                "```python\ndef {verb}_{noun}s(items):\n    \"\"\"Keep every {noun} under the limit.\"\"\"\n    kept = [item for item in items if len(item) < {limit}]\n    kept.sort()\n    return kept\n\n\nprint({verb}_{noun}s([\"a\", \"bb\", \"ccc\"]))\n```\n"
            )
        }
    }

    fn home(&mut self) -> String {
        format!(
            "+++\ntitle = \"Bench Docs\"\ndescription = \"A generated documentation site.\"\n+++\n\n{}\n",
            self.paragraph(None, (2, 3))
        )
    }

    fn section(&mut self, s: usize) -> String {
        let mut name = TOPICS[s % TOPICS.len()].to_string();
        if s >= TOPICS.len() {
            let _ = write!(name, " {}", s / TOPICS.len() + 1);
        }
        format!(
            "+++\ntitle = \"{name}\"\ndescription = \"Pages about {}.\"\nweight = {}\nsort_by = \"date\"\n+++\n\n{}\n",
            name.to_lowercase(),
            s + 1,
            self.paragraph(None, (2, 3))
        )
    }

    fn page(&mut self, i: usize) -> String {
        // Dates from 2020-01-01 over ~5 years; days stay <= 28 so every date exists.
        let year = 2020 + self.rng.between(0, 4);
        let month = self.rng.between(1, 12);
        let day = self.rng.between(1, 28);
        let mut tags: Vec<&str> = (0..self.rng.between(1, 4))
            .map(|_| self.rng.pick(NOUNS))
            .collect();
        tags.sort_unstable();
        tags.dedup();
        let tags: Vec<String> = tags.iter().map(|t| format!("\"{t}\"")).collect();
        let description = self.plain_sentence();
        let mut out = format!(
            "+++\ntitle = \"{}\"\ndate = {year}-{month:02}-{day:02}\ndescription = \"{}\"\n\n[taxonomies]\ntags = [{}]\n+++\n\n",
            self.title(),
            description,
            tags.join(", ")
        );
        self.body(i, &mut out);
        out
    }

    /// Blocks until ~`target` words are written and every kind of block
    /// (list, table, code) has appeared at least once.
    fn body(&mut self, i: usize, out: &mut String) {
        let target = self.rng.between(800, 1200);
        let footnote = self.rng.chance(33);
        let start = out.len();
        out.push_str(&self.paragraph(Some(i), (2, 4)));
        if footnote {
            out.push_str("[^1]");
        }
        out.push_str("\n\n");
        let mut owed = vec!["code", "table", "list"];
        loop {
            let words = out[start..].split_whitespace().count();
            if words >= target && owed.is_empty() {
                break;
            }
            let _ = writeln!(out, "## {}\n", self.title());
            let _ = writeln!(out, "{}\n", self.paragraph(Some(i), (3, 6)));
            if self.rng.chance(50) {
                let _ = writeln!(out, "### {}\n", self.title());
            }
            let block = owed.pop().unwrap_or_else(|| {
                [
                    "paragraph",
                    "paragraph",
                    "list",
                    "ordered",
                    "table",
                    "code",
                    "quote",
                ][self.rng.between(0, 6)]
            });
            let text = match block {
                "list" => self.list(i, false),
                "ordered" => self.list(i, true),
                "table" => self.table(),
                "code" => self.code(),
                "quote" => {
                    let mut quote = String::from("> ");
                    self.sentence(Some(i), &mut quote);
                    quote.push('\n');
                    quote
                }
                _ => format!("{}\n", self.paragraph(Some(i), (3, 6))),
            };
            out.push_str(&text);
            out.push('\n');
        }
        if footnote {
            out.push_str("[^1]: ");
            self.sentence(Some(i), out);
            out.push('\n');
        }
    }
}

fn push_capitalized(out: &mut String, word: &str) {
    let mut chars = word.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
        out.push_str(chars.as_str());
    }
}
