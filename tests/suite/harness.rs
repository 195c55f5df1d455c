//! `SiteTest`: copy a fixture site to a temp folder, run `versus` on it, and
//! look at the output as parsed HTML / XML.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};

/// A fixture site copied to a temp folder, so tests can change it freely.
pub struct SiteTest {
    dir: tempfile::TempDir,
    pub last: Option<Output>,
}

/// The folder holding all fixture sites.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

impl SiteTest {
    /// Copy `tests/fixtures/<name>` to a fresh temp folder.
    pub fn new(name: &str) -> SiteTest {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(&fixtures().join(name), dir.path());
        SiteTest { dir, last: None }
    }

    /// A site made by `versus init <args>` in a fresh temp folder; `last`
    /// holds init's output.
    pub fn init(args: &[&str]) -> SiteTest {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = Command::new(env!("CARGO_BIN_EXE_versus"))
            .arg("init")
            .arg(dir.path())
            .args(args)
            .output()
            .expect("run versus init");
        assert!(
            out.status.success(),
            "init failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        SiteTest {
            dir,
            last: Some(out),
        }
    }

    /// The site root.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Write a file under the site root (creating folders).
    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> &Self {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
        self
    }

    /// Run `versus <args>` in the site root.
    pub fn run(&mut self, args: &[&str]) -> &mut Self {
        let out = Command::new(env!("CARGO_BIN_EXE_versus"))
            .args(args)
            .current_dir(self.root())
            .output()
            .expect("run versus");
        self.last = Some(out);
        self
    }

    /// Run `versus build <args>` and insist that it succeeds.
    pub fn build(&mut self, args: &[&str]) -> &mut Self {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        self.run(&all);
        let out = self.last.as_ref().expect("ran");
        assert!(
            out.status.success(),
            "build failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        self
    }

    /// Run `versus build <args>` and insist that it fails; returns stderr.
    pub fn build_fails(&mut self, args: &[&str]) -> String {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        self.run(&all);
        let out = self.last.as_ref().expect("ran");
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(
            !out.status.success(),
            "build should have failed; stdout:\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(!stderr.contains("panicked"), "panic:\n{stderr}");
        stderr
    }

    /// Read an output file under `public/`.
    pub fn output(&self, rel: &str) -> String {
        let path = self.root().join("public").join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    /// Does `public/<rel>` exist?
    pub fn exists(&self, rel: &str) -> bool {
        self.root().join("public").join(rel).exists()
    }

    /// Parse `public/<rel>` as an HTML document.
    pub fn html(&self, rel: &str) -> Page {
        Page(Html::parse_document(&self.output(rel)))
    }
}

/// A parsed HTML page with small query helpers.
pub struct Page(pub Html);

impl Page {
    /// Text of every element matching `css`.
    pub fn texts(&self, css: &str) -> Vec<String> {
        let sel = Selector::parse(css).expect("selector");
        self.0
            .select(&sel)
            .map(|e| e.text().collect::<String>().trim().to_string())
            .collect()
    }

    /// Attribute `attr` of every element matching `css`.
    pub fn attrs(&self, css: &str, attr: &str) -> Vec<String> {
        let sel = Selector::parse(css).expect("selector");
        self.0
            .select(&sel)
            .filter_map(|e| e.value().attr(attr).map(str::to_string))
            .collect()
    }

    /// Number of elements matching `css`.
    pub fn count(&self, css: &str) -> usize {
        let sel = Selector::parse(css).expect("selector");
        self.0.select(&sel).count()
    }
}

/// Every file under `dir` with its bytes, for before/after comparisons.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).expect("inside").to_path_buf(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect();
    files.sort();
    files
}

/// Copy the folder `from` to `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let rel = entry.path().strip_prefix(from).expect("inside");
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}
