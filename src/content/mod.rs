//! Loading `content/`: walk the tree, read every file once, split and parse
//! front matter, and sort files into pages, sections, assets and comparison
//! data. No URLs or links yet; that is the model's job (`site.rs`).

pub mod alias;
mod anchor_links;
mod cache;
pub mod dated_name;
pub mod front_matter;
pub mod languages;
mod tree;
pub mod zola_keys;

pub use cache::FileCache;
use cache::{Reusable, Stamp};

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::compare::{self, Comparison};
use crate::error::Error;
use front_matter::{IgnoredKey, PageFront, SectionFront};
pub use languages::FileLanguages;

pub use crate::layout::CONTENT_DIR;

/// Largest Markdown or data file we read; anything bigger is almost surely a mistake.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// A file's text, shared between the model, the caches and the renderer.
pub type Text = std::sync::Arc<String>;

/// A text file read from `content/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Path relative to `content/` with `/` separators (`guides/a.md`).
    pub rel: String,
    /// The `content/` folder it is in (one allocation, shared by every
    /// file: the paths below are made from it and `rel` when asked for).
    content: Arc<Path>,
    /// The whole file while the model holds it (shared: kept between
    /// dev-server rebuilds without copying; an `Arc<String>` rather than
    /// `Arc<str>`: the buffer read from disk is shared as it is). `None` once
    /// [dropped](SourceFile::drop_text): whoever needs the text then reads
    /// the file again, by name ([`SourceFile::read_again`]).
    pub text: Option<Text>,
    /// A hash of the text, computed once when the file is read.
    pub hash: u64,
    /// The text's length in bytes when it was read (at most
    /// [`MAX_FILE_BYTES`]): what [`SourceFile::read_again`] reads.
    len: u32,
    /// The shortcodes a page's or section's body calls (sorted, each once),
    /// found when it is loaded: the theme writes a shortcode's script only
    /// for a site that calls it (`theme::ThemeFiles::statics_for`).
    pub shortcodes: Box<[String]>,
    /// The `@/…` files a page's or section's body links to a heading of
    /// (`anchor_links::linked_anchors`), found when it is loaded; `None`
    /// when a link may be written in a form that scan does not read.
    pub linked_anchors: Option<Box<[String]>>,
}

impl SourceFile {
    /// Path relative to the site root, for messages (`content/guides/a.md`).
    pub fn display(&self) -> PathBuf {
        Path::new(CONTENT_DIR).join(&self.rel)
    }

    /// Where the file is on disk.
    pub fn abs(&self) -> PathBuf {
        self.content.join(&self.rel)
    }

    /// Let go of the text: a one-off build keeps only the front matter of
    /// each page and reads the body again when it renders it
    /// ([`SourceFile::read_again`]), so memory holds the model, not every
    /// source at once.
    pub fn drop_text(&mut self) {
        self.text = None;
    }

    /// Read the file again (its text was [dropped](SourceFile::drop_text)).
    /// A file whose text no longer has the hash taken when it was loaded
    /// was saved during the build; rendering it would mix the old front
    /// matter with the new body, so that is an error.
    pub fn read_again(&self) -> Result<String, Error> {
        let display = self.display();
        let changed = || {
            Error::new("the file changed while the site was being built")
                .in_file(self.display())
                .with_hint("build again")
        };
        // The length read at load, and no stat: a file now shorter changed,
        // and so does the text of one of another length (its hash).
        let mut file = std::fs::File::open(self.abs()).map_err(|e| Error::io(&display, &e))?;
        let bytes = read_up_to(&mut file, self.len.into(), &display)?;
        if bytes.len() < self.len as usize {
            return Err(changed());
        }
        let text = crate::error::utf8_text(&display, bytes)?;
        if crate::hash::hash_of(text.as_str()) != self.hash {
            return Err(changed());
        }
        Ok(text)
    }

    /// The text held, or else the file read again: for the rare messages
    /// that point into a file after its text was dropped (a file that
    /// cannot be read gives an empty text: the message loses its line).
    pub fn text_or_read_again(&self) -> std::borrow::Cow<'_, str> {
        match &self.text {
            Some(text) => std::borrow::Cow::Borrowed(text.as_str()),
            None => std::fs::read_to_string(self.abs())
                .unwrap_or_default()
                .into(),
        }
    }
}

/// A Markdown page before the model gives it a place.
#[derive(Debug, Clone)]
pub struct LoadedPage {
    pub file: SourceFile,
    pub front: PageFront,
    /// Zola keys in the front matter that versus does not use.
    pub ignored: Vec<IgnoredKey>,
    /// Byte offset of the Markdown body in `file.text`.
    pub body_offset: usize,
}

/// A section's `_index.md`.
#[derive(Debug, Clone)]
pub struct LoadedSection {
    /// Folder relative to `content/` (`""` for the root).
    pub dir: String,
    pub file: SourceFile,
    pub front: SectionFront,
    /// Zola keys in the front matter that versus does not use.
    pub ignored: Vec<IgnoredKey>,
    pub body_offset: usize,
}

/// A non-Markdown file under `content/`, copied next to its page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Path relative to `content/`, `/` separators.
    pub rel: String,
    /// Where to read it.
    pub abs: PathBuf,
}

/// How the files of a site are read, from its config.
#[derive(Debug, Clone, Copy)]
pub struct Reading<'c> {
    /// Which file names are translations.
    pub languages: FileLanguages<'c>,
    /// A Zola site (`zola_templates`): a page key that neither versus nor
    /// Zola knows is a warning, as Zola ignores it, not an error.
    pub zola_site: bool,
}

/// Everything found under `content/`.
#[derive(Debug, Default)]
pub struct Inventory {
    pub pages: Vec<LoadedPage>,
    pub sections: Vec<LoadedSection>,
    /// Every folder under `content/` (relative, `""` for the root), sorted.
    pub dirs: Vec<String>,
    pub assets: Vec<Asset>,
    /// Comparison data files, each with its `content/`-relative path.
    pub comparisons: Vec<(String, Comparison)>,
    /// Problems that do not stop the build (links leading outside the site).
    pub warnings: Vec<Error>,
}

enum Kind {
    Page,
    Section,
    Comparison,
    Asset,
}

fn classify(rel: &str) -> Kind {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    if name == "_index.md" {
        Kind::Section
    } else if name.ends_with(".md") {
        Kind::Page
    } else if compare::is_comparison_file(Path::new(name)) {
        Kind::Comparison
    } else {
        Kind::Asset
    }
}

/// Walk `root/content` and load everything in it, in parallel. With a
/// `cache`, the parses in it that are still valid are reused and it is
/// refreshed; a one-off build passes none and keeps nothing. All errors of
/// all files are returned together.
pub fn load(
    root: &Path,
    reading: Reading,
    mut cache: Option<&mut FileCache>,
) -> Result<Inventory, Vec<Error>> {
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        return Err(vec![Error::new(format!(
            "no `{CONTENT_DIR}/` folder in {}",
            root.display()
        ))
        .with_hint(
            "create it and put an `_index.md` in it, or run `versus init`",
        )]);
    }
    if let Some(cache) = cache.as_deref_mut() {
        cache.read_as(reading.zola_site);
    }
    let from_tree = cache.as_deref().is_some_and(|c| c.tree().is_some());
    let (files, dirs, mut errors, mut warnings) = match cache.as_deref().and_then(|c| c.tree()) {
        // Only a walk that met no link is kept as a tree.
        Some(tree) => (tree.files(), tree.dirs(), Vec::new(), Vec::new()),
        None => {
            let walked = tree::walk(root, &content, &content);
            if let Some(cache) = cache.as_deref_mut() {
                cache.keep_tree(&walked);
            }
            (walked.files, walked.dirs, walked.errors, walked.warnings)
        }
    };
    // Translations are left out before anything is read or cached, so a
    // change of the site's languages is followed on the next load.
    let languages::Sorted {
        files,
        errors: misnamed,
        warning,
    } = reading.languages.sort(files);
    errors.extend(misnamed);
    warnings.extend(warning);

    // Each file: reused from the cache, or read now (with its stamp when
    // there is a cache to keep it in).
    let cached = cache.as_deref();
    let content_dir: Arc<Path> = content.into();
    let loaded: Vec<(String, FileLoad)> = files
        .into_par_iter()
        .map(|(rel, abs)| {
            let Some(cached) = cached else {
                // A one-off build keeps nothing, so it skips the stat too,
                // and keeps no page's text once its front matter is parsed.
                let result = load_one(&content_dir, rel.clone(), abs, false, reading.zola_site);
                return (rel, FileLoad::Read(None, result));
            };
            let load = match cached.reusable(&rel, &abs, from_tree) {
                Reusable::Yes(loaded) => FileLoad::Reused(loaded.clone()),
                Reusable::No(stamp) => {
                    let loaded = load_one(&content_dir, rel.clone(), abs, true, reading.zola_site);
                    FileLoad::Read(stamp, loaded)
                }
            };
            (rel, load)
        })
        .collect();
    let page_count = loaded
        .iter()
        .filter(|(_, load)| match load {
            FileLoad::Reused(item) | FileLoad::Read(_, Ok(item)) => {
                matches!(item, Loaded::Page(_))
            }
            FileLoad::Read(_, Err(_)) => false,
        })
        .count();
    let mut inv = Inventory {
        dirs,
        warnings,
        pages: Vec::with_capacity(page_count),
        ..Inventory::default()
    };
    for (rel, load) in loaded {
        let item = match load {
            FileLoad::Reused(item) => item,
            FileLoad::Read(stamp, Ok(item)) => {
                if let (Some(cache), Some(stamp)) = (cache.as_deref_mut(), stamp) {
                    cache.insert(rel, stamp, item.clone());
                }
                item
            }
            FileLoad::Read(_, Err(errs)) => {
                if let Some(cache) = cache.as_deref_mut() {
                    cache.remove(&rel);
                }
                errors.extend(errs);
                continue;
            }
        };
        match item {
            Loaded::Page(p) => inv.pages.push(p),
            Loaded::Section(s) => inv.sections.push(s),
            Loaded::Comparison(rel, c) => inv.comparisons.push((rel, *c)),
            Loaded::Asset(a) => inv.assets.push(a),
        }
    }
    if let Some(cache) = cache {
        cache.loaded(&inv);
    }
    if errors.is_empty() {
        Ok(inv)
    } else {
        Err(errors)
    }
}

/// Load only the files edited since the last load, when that is all that
/// changed: no file or folder came or went, and each edited file was a page
/// and still parses as one. `None` when that is not so (or a file cannot be
/// read); the cache is then untouched and a full [`load`] is needed. The
/// pages come back sorted by path; every other file is as the last load
/// found it.
pub fn load_edits(root: &Path, zola_site: bool, cache: &mut FileCache) -> Option<Vec<LoadedPage>> {
    let edited = cache.edited_pages(zola_site)?;
    let content_dir: Arc<Path> = root.join(CONTENT_DIR).into();
    let mut pages = Vec::with_capacity(edited.len());
    let mut fresh = Vec::with_capacity(edited.len());
    for (rel, abs) in edited {
        match cache.reusable(&rel, &abs, false) {
            Reusable::Yes(Loaded::Page(page)) => pages.push(page.clone()),
            Reusable::Yes(_) => return None,
            Reusable::No(stamp) => match (
                stamp,
                load_one(&content_dir, rel.clone(), abs, true, zola_site),
            ) {
                (Some(stamp), Ok(Loaded::Page(page))) => {
                    pages.push(page.clone());
                    fresh.push((rel, stamp, page));
                }
                _ => return None,
            },
        }
    }
    for (rel, stamp, page) in fresh {
        cache.insert(rel, stamp, Loaded::Page(page));
    }
    cache.edits_loaded();
    Some(pages)
}

/// How one file was loaded.
enum FileLoad {
    /// Unchanged since the cache's parse of it.
    Reused(Loaded),
    /// Read and parsed now; the stamp is kept with it when there is a cache.
    Read(Option<Stamp>, Result<Loaded, Vec<Error>>),
}

/// One file of `content/`, read and parsed.
#[derive(Debug, Clone)]
pub enum Loaded {
    Page(LoadedPage),
    Section(LoadedSection),
    Comparison(String, Box<Comparison>),
    Asset(Asset),
}

/// Read and parse one file. Without `keep_text`, a page keeps only its
/// front matter: the render reads its body again.
fn load_one(
    content: &Arc<Path>,
    rel: String,
    abs: PathBuf,
    keep_text: bool,
    zola_site: bool,
) -> Result<Loaded, Vec<Error>> {
    if rel.contains('\\') {
        // Only possible off Windows, where the walk gives `/` separators.
        return Err(vec![Error::new("file name contains a backslash")
            .in_file(Path::new(CONTENT_DIR).join(&rel))
            .with_hint(
                "rename it: a backslash separates folders on Windows, so its output \
                 would not land where its name says",
            )]);
    }
    let kind = classify(&rel);
    if let Kind::Asset = kind {
        return Ok(Loaded::Asset(Asset { rel, abs }));
    }
    let mut file = read_source(content, &rel).map_err(|e| vec![e])?;
    // Just read: held until a page without `keep_text` drops it below.
    let text = file.text.clone().unwrap_or_default();
    match kind {
        Kind::Page => {
            let (mut front, ignored, body_offset) =
                parse_front::<PageFront>(&file, &text, zola_site)?;
            if front.date.is_none() {
                front.date = dated_name::split(dated_name::stem_of(&rel)).0;
            }
            alias::check(&file, &text, &front.aliases, body_offset).map_err(|e| vec![e])?;
            zola_keys::check_page(&file, &text, &front, body_offset).map_err(|e| vec![e])?;
            file.shortcodes = called_shortcodes(&text, body_offset);
            file.linked_anchors = linked_anchors(&text, body_offset);
            if !keep_text {
                file.drop_text();
            }
            Ok(Loaded::Page(LoadedPage {
                file,
                front,
                ignored,
                body_offset,
            }))
        }
        Kind::Section => {
            let (front, ignored, body_offset) =
                parse_front::<SectionFront>(&file, &text, zola_site)?;
            zola_keys::check_section(&file, &text, &front, body_offset).map_err(|e| vec![e])?;
            file.shortcodes = called_shortcodes(&text, body_offset);
            file.linked_anchors = linked_anchors(&text, body_offset);
            let dir = rel.rsplit_once('/').map_or("", |(d, _)| d).to_string();
            Ok(Loaded::Section(LoadedSection {
                dir,
                file,
                front,
                ignored,
                body_offset,
            }))
        }
        Kind::Comparison => {
            let mut c = compare::load(&file.display(), Path::new(&file.rel), &text)?;
            if let Some(rows) = c.rows_file() {
                let csv = read_source(content, &rows).map_err(|e| {
                    let at = [compare::locate::Step::key("dimensions")];
                    vec![c
                        .error_at(
                            format!("cannot read the rows file `{rows}`: {}", e.message),
                            &at,
                        )
                        .with_hint("put the CSV file next to the comparison file, or fix the name")]
                })?;
                c.read_rows(
                    &csv.display(),
                    csv.text.as_deref().map_or("", String::as_str),
                )?;
            }
            Ok(Loaded::Comparison(file.rel, Box::new(c)))
        }
        Kind::Asset => unreachable!("assets returned above"),
    }
}

/// Read the file `rel` of the `content` folder as UTF-8 text, refusing
/// huge and non-UTF-8 files.
pub fn read_source(content: &Arc<Path>, rel: &str) -> Result<SourceFile, Error> {
    let text = read_text(&Path::new(CONTENT_DIR).join(rel), &content.join(rel))?;
    Ok(SourceFile {
        rel: rel.to_string(),
        content: content.clone(),
        shortcodes: Box::default(),
        linked_anchors: Some(Box::default()),
        hash: crate::hash::hash_of(&text),
        // `read_text` refuses a file longer than `MAX_FILE_BYTES`.
        len: u32::try_from(text.len()).unwrap_or(u32::MAX),
        text: Some(Text::new(text)),
    })
}

/// The shortcodes the body of a file's `text` (from `body_offset`) calls.
fn called_shortcodes(text: &str, body_offset: usize) -> Box<[String]> {
    let body = text.get(body_offset..).unwrap_or_default();
    crate::markdown::shortcode::called_names(body).into()
}

/// The files the body of a file's `text` (from `body_offset`) links to a
/// heading of.
fn linked_anchors(text: &str, body_offset: usize) -> Option<Box<[String]>> {
    anchor_links::linked_anchors(text.get(body_offset..).unwrap_or_default())
}

/// The text of the file at `abs` (`display` in messages).
fn read_text(display: &Path, abs: &Path) -> Result<String, Error> {
    use std::io::Read as _;
    // One open serves the size check and the read (a path lookup and a
    // stat fewer per file than `metadata` then `fs::read`).
    let mut file = std::fs::File::open(abs).map_err(|e| Error::io(display, &e))?;
    let meta = file.metadata().map_err(|e| Error::io(display, &e))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::new(format!(
            "file is too large ({} MiB; the limit is {} MiB)",
            meta.len() / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ))
        .in_file(display)
        .with_hint("split it into several pages, or move it out of content/"));
    }
    // The size the stat gave, and no more: no read past it to find the end
    // (a file still growing is being written, and its next save is another
    // change for the watcher), and no second stat as `File::read_to_end`
    // makes. What reports no size (not a regular file) is read to its end.
    let mut bytes = read_up_to(&mut file, meta.len(), display)?;
    if !meta.is_file() || meta.len() == 0 {
        (&mut file)
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io(display, &e))?;
    }
    crate::error::utf8_text(display, bytes)
}

/// At most `len` bytes of `file` (fewer when it ends first), read into a
/// buffer of that size that is not zeroed first: `File` fills it as it
/// reads (`Read::read_to_end` over `take`, which stops at `len` with no
/// read past it; one read up to 8 KiB, then reads twice as large). Zeroing
/// first cost more than hashing the text.
fn read_up_to(file: &mut std::fs::File, len: u64, display: &Path) -> Result<Vec<u8>, Error> {
    use std::io::Read as _;
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(len)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(display, &e))?;
    Ok(bytes)
}

fn parse_front<T: serde::de::DeserializeOwned + Default + front_matter::Keys>(
    file: &SourceFile,
    text: &str,
    zola_site: bool,
) -> Result<(T, Vec<IgnoredKey>, usize), Vec<Error>> {
    let display = file.display();
    let split = front_matter::split(&display, text).map_err(|e| vec![e])?;
    let (front, ignored) = front_matter::parse(&display, text, &split, zola_site)?;
    Ok((front, ignored, split.body_offset))
}

fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-off build reads a page's body again at render time; a page
    /// saved in between would pair old front matter with a new body.
    #[test]
    fn a_dropped_text_is_read_again_and_must_be_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let content: std::sync::Arc<Path> = dir.path().into();
        let abs = dir.path().join("a.md");
        std::fs::write(&abs, "+++\ntitle = \"A\"\n+++\nBody\n").unwrap();
        let mut file = read_source(&content, "a.md").unwrap();
        file.drop_text();
        assert!(file.text.is_none());
        assert_eq!(
            file.read_again().unwrap(),
            "+++\ntitle = \"A\"\n+++\nBody\n"
        );

        std::fs::write(&abs, "+++\ntitle = \"B\"\n+++\nOther\n").unwrap();
        let err = file.read_again().unwrap_err().to_string();
        assert!(
            err.contains("changed while the site was being built"),
            "{err}"
        );
        assert!(err.contains("content/a.md"), "{err}");
        // Shorter, or the same length with other bytes: changed too.
        for other in ["+++\n+++\n", "+++\ntitle = \"B\"\n+++\nBody\n"] {
            std::fs::write(&abs, other).unwrap();
            let err = file.read_again().unwrap_err().to_string();
            assert!(err.contains("changed while"), "{other}: {err}");
        }
    }
}
