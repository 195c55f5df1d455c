//! Differential test of rebuilds: a seeded random sequence of edits on a copy
//! of the fixture site; after each one the served site (the dev server's
//! rebuilder + hub) must equal a clean `pipeline::build` of the same files,
//! byte for byte, and a failing build must fail with the same message.
//!
//! `VERSUS_DIFF_SEED=<n>` and `VERSUS_DIFF_STEPS=<n>` run other sequences
//! (`scripts/serve-differential.sh` loops over random seeds).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use versus::pipeline::{self, BuildOptions};
use versus::serve::events::Change;
use versus::serve::rebuild::Rebuilder;
use versus::serve::reload::{sorted, Hub};

const BASE_URL: &str = "http://127.0.0.1:1111/";

/// A tiny deterministic generator (xorshift64*), so no extra dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const SECTIONS: [&str; 3] = ["drinks", "guides", ""];
const TAGS: [&str; 6] = ["hot", "cold", "leaves", "beans", "basics", "Extra Tag"];
const WORDS: [&str; 8] = [
    "brew", "steep", "roast", "grind", "pour", "sip", "**bold**", "`code`",
];

/// The edits the sequence is made of, applied to files under `root`.
struct Editor<'a> {
    root: &'a Path,
    rng: Rng,
    /// Pages the test made (free to delete, rename and move).
    made: Vec<String>,
    /// Folders the test made (free to delete and rename).
    made_dirs: Vec<String>,
    /// A page whose front matter is broken, and its good text.
    broken: Option<(String, String)>,
    counter: usize,
}

impl Editor<'_> {
    fn content(&self, rel: &str) -> PathBuf {
        self.root.join("content").join(rel)
    }

    fn pages(&self) -> Vec<String> {
        let mut out = Vec::new();
        for entry in walkdir::WalkDir::new(self.root.join("content")) {
            let entry = entry.expect("walk");
            let name = entry.file_name().to_string_lossy();
            if entry.file_type().is_file() && name.ends_with(".md") && name != "_index.md" {
                let rel = entry
                    .path()
                    .strip_prefix(self.root.join("content"))
                    .expect("inside")
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push(rel);
            }
        }
        out.sort();
        out
    }

    fn page_text(&mut self, title: &str) -> String {
        let date = format!("2026-0{}-1{}", 1 + self.rng.below(9), self.rng.below(10));
        let tags: Vec<String> = (0..self.rng.below(3))
            .map(|_| format!("{:?}", self.rng.pick(&TAGS)))
            .collect();
        let words: Vec<&str> = (0..3 + self.rng.below(8))
            .map(|_| *self.rng.pick(&WORDS))
            .collect();
        format!(
            "+++\ntitle = {title:?}\ndate = {date}\nweight = {}\ntags = [{}]\n+++\n\n{}\n\n## Part two\n\nSee [tea](@/drinks/tea.md).\n",
            self.rng.below(5),
            tags.join(", "),
            words.join(" ")
        )
    }

    /// Apply one random edit; returns what a watcher would report.
    fn step(&mut self) -> (String, Change) {
        let mut change = Change::default();
        // A broken page is always fixed by the next step.
        if let Some((rel, good)) = self.broken.take() {
            std::fs::write(self.content(&rel), good).expect("fix");
            change.content_paths.insert(format!("content/{rel}").into());
            return (format!("fix front matter of {rel}"), change);
        }
        let pages = self.pages();
        let what = self.rng.below(14);
        let rel = self.rng.pick(&pages).clone();
        let touched = |change: &mut Change, rel: &str| {
            change
                .content_paths
                .insert(PathBuf::from(format!("content/{rel}")));
        };
        let label = match what {
            0 | 1 => {
                // Edit the body: append or replace a line.
                let path = self.content(&rel);
                let mut text = std::fs::read_to_string(&path).expect("read");
                text.push_str(&format!("\nAnother line, {}.\n", self.rng.pick(&WORDS)));
                std::fs::write(&path, text).expect("write");
                touched(&mut change, &rel);
                format!("edit body of {rel}")
            }
            2 => {
                let path = self.content(&rel);
                let text = std::fs::read_to_string(&path).expect("read");
                let title = format!("Title {}", self.rng.below(1000));
                // In the page's own front matter format (a TOML line in YAML
                // would break the page for the rest of the run).
                let line = if text.starts_with("---") {
                    format!("title: {title:?}")
                } else {
                    format!("title = {title:?}")
                };
                let text = replace_line(&text, "title", &line);
                std::fs::write(&path, text).expect("write");
                touched(&mut change, &rel);
                format!("retitle {rel}")
            }
            3 | 4 => {
                self.counter += 1;
                let section = *self.rng.pick(&SECTIONS);
                let name = format!("made-{}.md", self.counter);
                let new = if section.is_empty() {
                    name
                } else {
                    format!("{section}/{name}")
                };
                let text = self.page_text(&format!("Made {}", self.counter));
                std::fs::write(self.content(&new), text).expect("write");
                touched(&mut change, &new);
                self.made.push(new.clone());
                format!("add {new}")
            }
            5 if !self.made.is_empty() => {
                let i = self.rng.below(self.made.len());
                let gone = self.made.remove(i);
                std::fs::remove_file(self.content(&gone)).expect("delete");
                touched(&mut change, &gone);
                format!("delete {gone}")
            }
            6 if !self.made.is_empty() => {
                // Rename, or move to another section.
                let i = self.rng.below(self.made.len());
                let old = self.made[i].clone();
                self.counter += 1;
                let section = *self.rng.pick(&SECTIONS);
                let name = format!("moved-{}.md", self.counter);
                let new = if section.is_empty() {
                    name
                } else {
                    format!("{section}/{name}")
                };
                std::fs::rename(self.content(&old), self.content(&new)).expect("rename");
                touched(&mut change, &old);
                touched(&mut change, &new);
                self.made[i] = new.clone();
                format!("move {old} → {new}")
            }
            7 => {
                let path = self.content(&rel);
                let text = std::fs::read_to_string(&path).expect("read");
                // YAML front matter is saved unchanged: the watcher still
                // sees a save, and the served site must stay the same.
                let text = if text.starts_with("+++") {
                    let tags: Vec<String> = (0..self.rng.below(3))
                        .map(|_| format!("{:?}", self.rng.pick(&TAGS)))
                        .collect();
                    replace_line(&text, "tags", &format!("tags = [{}]", tags.join(", ")))
                } else {
                    text
                };
                std::fs::write(&path, text).expect("write");
                touched(&mut change, &rel);
                format!("retag {rel}")
            }
            8 => {
                let path = self.content("tea-vs-coffee.compare.toml");
                let text = std::fs::read_to_string(&path).expect("read");
                let n = self.rng.below(100);
                let text = replace_line(
                    &text,
                    "label = \"Caffeine",
                    &format!("label = \"Caffeine {n}\""),
                );
                let text = replace_line(&text, "title", &format!("title = \"Tea vs. Coffee {n}\""));
                std::fs::write(&path, text).expect("write");
                touched(&mut change, "tea-vs-coffee.compare.toml");
                "edit comparison data".to_string()
            }
            9 => {
                let file = *self.rng.pick(&[
                    "page.html",
                    "section.html",
                    "base.html",
                    "shortcodes/note.html",
                ]);
                let path = self.root.join("templates").join(file);
                let mut text = std::fs::read_to_string(&path).expect("read");
                text.push_str(&format!("<!-- edit {} -->\n", self.rng.below(1000)));
                std::fs::write(&path, text).expect("write");
                change.templates = true;
                format!("edit template {file}")
            }
            10 => {
                let path = self.content(&rel);
                let good = std::fs::read_to_string(&path).expect("read");
                let bad = good.replacen("title", "title = = broken\nx", 1);
                std::fs::write(&path, bad).expect("write");
                touched(&mut change, &rel);
                self.broken = Some((rel.clone(), good));
                format!("break front matter of {rel}")
            }
            11 => {
                // An edit that keeps the page where it is (URL, order, title,
                // tags) but changes what other outputs show of it: the dev
                // server patches its model for these instead of rebuilding it.
                let path = self.content(&rel);
                let text = std::fs::read_to_string(&path).expect("read");
                let n = self.rng.below(100);
                let toml = text.starts_with("+++\n");
                let (text, what) = match self.rng.below(4) {
                    0 => (
                        format!(
                            "{text}\n## Part {n}\n\nSee [roasting](@/drinks/coffee.md#roasting).\n"
                        ),
                        "add a heading and an anchor link to",
                    ),
                    1 => (
                        text.replacen("\n\n", "\n\nA summary.\n\n<!-- more -->\n\n", 1),
                        "add a summary to",
                    ),
                    2 if toml && text.contains("\ndescription = ") => (
                        replace_line(&text, "description", &format!("description = \"Said {n}\"")),
                        "change the description of",
                    ),
                    2 if toml => (
                        text.replacen("+++\n", &format!("+++\ndescription = \"Said {n}\"\n"), 1),
                        "describe",
                    ),
                    _ if toml && text.contains("\nupdated = ") => (
                        replace_line(
                            &text,
                            "updated",
                            &format!("updated = 2026-10-{:02}", 1 + n % 28),
                        ),
                        "change the update date of",
                    ),
                    _ if toml => (
                        text.replacen(
                            "+++\n",
                            &format!("+++\nupdated = 2026-10-{:02}\n", 1 + n % 28),
                            1,
                        ),
                        "date the update of",
                    ),
                    // YAML front matter: a body edit instead.
                    _ => (format!("{text}\nOne more line.\n"), "edit body of"),
                };
                std::fs::write(&path, text).expect("write");
                touched(&mut change, &rel);
                format!("{what} {rel}")
            }
            12 => {
                // A new folder, moved in whole: the watcher names only the folder.
                self.counter += 1;
                let dir = format!("folder-{}", self.counter);
                let staging = self.root.join(format!("staging-{}", self.counter));
                std::fs::create_dir(&staging).expect("mkdir");
                if self.rng.below(2) == 0 {
                    let index = format!("+++\ntitle = \"Folder {}\"\n+++\n", self.counter);
                    std::fs::write(staging.join("_index.md"), index).expect("write");
                }
                let text = self.page_text(&format!("In folder {}", self.counter));
                std::fs::write(staging.join("inside.md"), text).expect("write");
                std::fs::rename(&staging, self.content(&dir)).expect("move in");
                touched(&mut change, &dir);
                self.made_dirs.push(dir.clone());
                format!("add folder {dir}")
            }
            13 if !self.made_dirs.is_empty() => {
                let i = self.rng.below(self.made_dirs.len());
                let old = self.made_dirs.remove(i);
                touched(&mut change, &old);
                if self.rng.below(2) == 0 {
                    std::fs::remove_dir_all(self.content(&old)).expect("delete folder");
                    format!("delete folder {old}")
                } else {
                    self.counter += 1;
                    let new = format!("folder-{}", self.counter);
                    std::fs::rename(self.content(&old), self.content(&new)).expect("rename");
                    touched(&mut change, &new);
                    self.made_dirs.push(new.clone());
                    format!("rename folder {old} → {new}")
                }
            }
            _ => {
                let path = self.root.join("static/style.css");
                let mut text = std::fs::read_to_string(&path).expect("read");
                text.push_str(&format!("p {{ margin: {}px; }}\n", self.rng.below(50)));
                std::fs::write(&path, text).expect("write");
                change.statics = true;
                "edit style.css".to_string()
            }
        };
        (label, change)
    }
}

/// Replace the first line starting with `key` by `with`.
fn replace_line(text: &str, key: &str, with: &str) -> String {
    let mut done = false;
    let mut out: Vec<&str> = Vec::new();
    for line in text.lines() {
        if !done && line.trim_start().starts_with(key) {
            out.push(with);
            done = true;
        } else {
            out.push(line);
        }
    }
    let mut s = out.join("\n");
    s.push('\n');
    s
}

/// A clean build of the files as they are, as path → bytes.
fn clean(opts: &BuildOptions) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let built = pipeline::build(opts).map_err(|e| e.to_string())?;
    Ok(built
        .output
        .files
        .iter()
        .map(|(k, f)| (k.to_string(), f.read().expect("read output").into_owned()))
        .collect())
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn rebuilds_equal_clean_builds() {
    let seed = env_number("VERSUS_DIFF_SEED", 0x5EED_1234);
    let steps = env_number("VERSUS_DIFF_STEPS", 200);
    differential(crate::support::site_copy("serve"), seed, steps);
}

/// The same with the default theme, whose templates use `nav`, `get_section`,
/// macros and includes: the fixture keeps only copies of three of the theme's
/// templates (for the editor to change), so the rest come from the theme.
#[test]
fn rebuilds_equal_clean_builds_with_the_default_theme() {
    let seed = env_number("VERSUS_DIFF_SEED", 0xD3FA_0175);
    let steps = env_number("VERSUS_DIFF_STEPS", 120);
    let site = crate::support::site_copy("serve");
    let templates = site.path().join("templates");
    std::fs::remove_dir_all(&templates).expect("remove fixture templates");
    std::fs::create_dir_all(&templates).expect("templates dir");
    let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    for name in ["page.html", "section.html", "base.html"] {
        std::fs::copy(theme.join(name), templates.join(name)).expect("copy theme template");
    }
    // The fixture's own shortcode, which a page uses and the edits change.
    std::fs::create_dir_all(templates.join("shortcodes")).expect("shortcodes dir");
    std::fs::write(
        templates.join("shortcodes/note.html"),
        "<aside class=\"note\">{{ text }}</aside>\n",
    )
    .expect("write shortcode");
    differential(site, seed, steps);
}

fn differential(site: tempfile::TempDir, seed: u64, steps: u64) {
    let opts = BuildOptions {
        root: site.path().to_path_buf(),
        base_url: Some(BASE_URL.to_string()),
        drafts: false,
    };
    let hub = Hub::default();
    let mut rebuilder = Rebuilder::new(opts.clone());
    hub.publish(rebuilder.rebuild(&Change::default()));
    assert!(hub.error().is_none(), "{:?}", hub.error());
    let mut editor = Editor {
        root: site.path(),
        rng: Rng(seed | 1),
        made: Vec::new(),
        made_dirs: Vec::new(),
        broken: None,
        counter: 0,
    };
    let mut history = Vec::new();
    let mut errors = 0;
    for step in 0..steps {
        let (label, change) = editor.step();
        history.push(label);
        hub.publish(rebuilder.rebuild(&change));
        let context = || {
            format!(
                "seed {seed:#x}, step {step}; edits:\n{}",
                history.join("\n")
            )
        };
        if !served_equals_clean(&hub, &opts, context) {
            errors += 1;
        }
    }
    // The sequence must have exercised the error path too.
    assert!(
        errors > 0 || steps < 20,
        "no failing build in {steps} steps"
    );
}

/// Assert that what `hub` serves equals a clean build of the files as they
/// are, or that both failed with the same message (then returns false).
fn served_equals_clean(hub: &Hub, opts: &BuildOptions, context: impl Fn() -> String) -> bool {
    match clean(opts) {
        Ok(expected) => {
            assert_eq!(hub.error(), None, "{}", context());
            let snapshot = hub.snapshot();
            let served = sorted(&snapshot);
            let expected: BTreeMap<&str, &[u8]> = expected
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_slice()))
                .collect();
            if served != expected {
                let differs: Vec<&str> = expected
                    .keys()
                    .chain(served.keys())
                    .filter(|k| served.get(*k) != expected.get(*k))
                    .copied()
                    .collect();
                panic!("served site differs in {differs:?}; {}", context());
            }
            true
        }
        Err(text) => {
            assert_eq!(hub.error().as_deref(), Some(text.as_str()), "{}", context());
            false
        }
    }
}

/// A page edit the model is patched for, but that changes what is planned
/// (the page's aliases, its template, an alias onto another page): the
/// dev server must not take the last run's plan and collision check.
#[test]
fn page_edits_that_change_the_plan_equal_clean_builds() {
    let site = crate::support::site_copy("serve");
    let root = site.path();
    std::fs::write(
        root.join("templates/plain.html"),
        "<!doctype html><title>{{ page.title }}</title><body>{{ page.content | safe }}</body>\n",
    )
    .expect("write template");
    let opts = BuildOptions {
        root: root.to_path_buf(),
        base_url: Some(BASE_URL.to_string()),
        drafts: false,
    };
    let hub = Hub::default();
    let mut rebuilder = Rebuilder::new(opts.clone());
    hub.publish(rebuilder.rebuild(&Change::default()));
    let tea = root.join("content/drinks/tea.md");
    let original = std::fs::read_to_string(&tea).expect("read");
    let steps: [(&str, &str, bool); 6] = [
        ("an alias", "aliases = [\"/old-tea/\"]\n", true),
        ("another alias", "aliases = [\"/older-tea/\"]\n", true),
        ("a template", "template = \"plain.html\"\n", true),
        (
            "an alias onto another page",
            "aliases = [\"/drinks/coffee/\"]\n",
            false,
        ),
        ("two aliases", "aliases = [\"/a/\", \"/b/\"]\n", true),
        ("nothing", "", true),
    ];
    for (what, front, builds) in steps {
        std::fs::write(
            &tea,
            original.replacen("+++\n", &format!("+++\n{front}"), 1),
        )
        .expect("write");
        let mut change = Change::default();
        change.content_paths.insert("content/drinks/tea.md".into());
        hub.publish(rebuilder.rebuild(&change));
        let built = served_equals_clean(&hub, &opts, || format!("after giving tea {what}"));
        assert_eq!(built, builds, "after giving tea {what}: {:?}", hub.error());
    }
    let snapshot = hub.snapshot();
    assert!(!sorted(&snapshot).contains_key("old-tea/index.html"));
}

/// The same through the real watcher and HTTP: after each settled rebuild,
/// every file of a clean build is served with the same bytes (minus the
/// injected script tag), and nothing else is.
#[test]
fn served_site_equals_clean_build_after_watched_edits() {
    let seed = env_number("VERSUS_DIFF_SEED", 0xD1FF);
    let steps = env_number("VERSUS_DIFF_WATCH_STEPS", 12);
    let server = crate::support::Server::start("serve");
    let opts = BuildOptions {
        root: server.site.path().to_path_buf(),
        base_url: Some(format!("{}/", server.base)),
        drafts: false,
    };
    let mut editor = Editor {
        root: server.site.path(),
        rng: Rng(seed | 1),
        made: Vec::new(),
        made_dirs: Vec::new(),
        broken: None,
        counter: 0,
    };
    let mut history = Vec::new();
    for step in 0..steps {
        let before = server.settle();
        let (label, _) = editor.step();
        history.push(label);
        let context = || {
            format!(
                "seed {seed:#x}, step {step}; edits:\n{}",
                history.join("\n")
            )
        };
        let deadline = std::time::Instant::now() + crate::support::PATIENCE;
        while server.builds() == before {
            assert!(
                std::time::Instant::now() < deadline,
                "no rebuild; {}",
                context()
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        server.settle();
        let status = server.status();
        match clean(&opts) {
            Ok(expected) => {
                assert!(status["error"].is_null(), "{status}; {}", context());
                assert_eq!(
                    status["files"].as_u64(),
                    Some(expected.len() as u64),
                    "{}",
                    context()
                );
                let generation = status["generation"].as_u64().unwrap_or(0);
                let tag = versus::serve::reload::script_tag(generation);
                for (path, bytes) in &expected {
                    let (code, body) = server.get(&format!("/{path}"));
                    assert_eq!(code, 200, "/{path}; {}", context());
                    let expected_text = String::from_utf8_lossy(bytes);
                    assert_eq!(
                        body.replacen(&tag, "", 1),
                        expected_text,
                        "/{path}; {}",
                        context()
                    );
                }
            }
            Err(text) => assert_eq!(
                status["error"].as_str(),
                Some(text.as_str()),
                "{}",
                context()
            ),
        }
    }
}
