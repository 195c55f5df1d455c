//! `load_data(path="data/people.csv")`: a CSV, JSON, TOML, YAML or plain text
//! file of the site for templates and shortcodes. A path is looked for as
//! Zola looks ([`LoadData::find_and_read`]): from the site root, then under
//! `static/`, `content/` and the Zola theme's `static/`; `@/x` is
//! `content/x`, a leading `/` is dropped, and a `..` part steps back out of
//! the folder before it (Zola's `static/../theme.toml` is the root's
//! `theme.toml`). No path may leave the site: a place the path would leave
//! it from is not looked at, and no symbolic link may point outside. Each
//! file is read and parsed once per build, however many pages load it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use tera::{Function, Value};

use crate::confine::{resolve_inside, Outside};
use crate::csv_records::{records, Field};
use crate::layout::{CONTENT_DIR, STATIC_DIR, THEMES_DIR};

/// One loaded file: the value (`None`: there is no such file), or why not;
/// and a hash of the bytes read.
type Loaded = Arc<OnceLock<(Result<Option<Value>, String>, u64)>>;

/// The `load_data` function of one build, with its cache.
#[derive(Clone)]
pub struct LoadData {
    root: PathBuf,
    /// Where a path is looked for after the site root, in order.
    places: Arc<[String]>,
    cache: Arc<Mutex<HashMap<(String, String), Loaded>>>,
}

impl LoadData {
    /// Load data files of the site at `root`, whose Zola theme (if not
    /// empty) is `zola_theme`.
    pub fn new(root: &Path, zola_theme: &str) -> LoadData {
        let mut places = vec![STATIC_DIR.to_string(), CONTENT_DIR.to_string()];
        if !zola_theme.is_empty() {
            places.push(format!("{THEMES_DIR}/{zola_theme}/{STATIC_DIR}"));
        }
        LoadData {
            root: root.to_path_buf(),
            places: places.into(),
            cache: Arc::default(),
        }
    }

    /// The files loaded so far, with a hash of what was read from each:
    /// what the build's output depends on besides the site's own sources.
    /// A place a path was looked for in vain is there too, with the hash of
    /// nothing, so a file that appears there later is seen.
    pub fn fingerprint(&self) -> Vec<(PathBuf, u64)> {
        let cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        let mut files: Vec<(PathBuf, u64)> = cache
            .iter()
            .filter_map(|((path, _), loaded)| Some((self.root.join(path), loaded.get()?.1)))
            .collect();
        files.sort();
        files.dedup();
        files
    }

    /// Has any of the `files` (from [`LoadData::fingerprint`]) changed since?
    pub fn changed(files: &[(PathBuf, u64)]) -> bool {
        files.iter().any(|(path, hash)| {
            let now = std::fs::read(path).map_or(0, |bytes| crate::hash::hash_of(&bytes));
            now != *hash
        })
    }

    /// What `make` gives of the bytes of the first file the template path
    /// `path` names, with that file's path from the site root: `path` from
    /// the root, then in each of the places Zola looks (`static/`,
    /// `content/`, the Zola theme's `static/`); `@/x` is `content/x` alone.
    /// `None`: there is no such file. Made once per build for each `kind`
    /// (a data format, or another reading such as an image's size); each
    /// place looked at is kept with what was there ([`LoadData::fingerprint`]),
    /// so the dev server follows a file that changes, appears or goes.
    pub fn find_and_read(
        &self,
        path: &str,
        kind: &str,
        make: impl Fn(Vec<u8>) -> Result<Value, String>,
    ) -> Result<Option<(String, Value)>, String> {
        let (rel, places) = match path.strip_prefix("@/") {
            Some(rest) => (format!("{CONTENT_DIR}/{rest}"), &[][..]),
            None => (path.to_string(), &self.places[..]),
        };
        let mut candidates: Vec<String> = Vec::with_capacity(places.len() + 1);
        let places = places.iter().map(|p| from_root(&format!("{p}/{rel}")));
        for candidate in std::iter::once(from_root(&rel)).chain(places).flatten() {
            // `static/../x` and `content/../x` are both `x`.
            if !candidates.contains(&candidate) {
                candidates.push(candidate);
            }
        }
        let Some(first) = candidates.first() else {
            return Err(format!(
                "`{path}` is not a path in the site: its `..` parts lead out of it from \
                 every place it is looked for"
            ));
        };
        if let Some(problem) = crate::confine::problem(first) {
            return Err(format!("`{path}` is not a path in the site: {problem}"));
        }
        for candidate in candidates {
            let found =
                self.read_once(&candidate, kind, || locate(&self.root, &candidate), &make)?;
            if let Some(value) = found {
                return Ok(Some((candidate, value)));
            }
        }
        Ok(None)
    }

    /// Why there is no `what` (a file, an image) at the template path
    /// `path`: where it was looked for.
    pub fn missing(&self, what: &str, path: &str) -> String {
        if path.starts_with("@/") {
            return format!("no {what} `{path}` in the site (`@/x` is {CONTENT_DIR}/x)");
        }
        let places: Vec<String> = self.places.iter().map(|p| format!("{p}/")).collect();
        let from = match from_root(path) {
            Some(_) => "from the site root, then",
            // Not looked at: it is out of the site.
            None => "not from the site root, which its `..` leaves, but",
        };
        format!(
            "no {what} `{path}` in the site (looked {from} in {})",
            places.join(", ")
        )
    }

    /// What `make` gives of the bytes of the site file `path` (from the
    /// site root), made once per build for each `kind`. `find` says where
    /// the file is (`None`: nowhere, which is kept too); the bytes read are
    /// hashed for [`LoadData::fingerprint`].
    fn read_once(
        &self,
        path: &str,
        kind: &str,
        find: impl FnOnce() -> Result<Option<PathBuf>, String>,
        make: impl FnOnce(Vec<u8>) -> Result<Value, String>,
    ) -> Result<Option<Value>, String> {
        let cell = {
            let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
            cache
                .entry((path.to_string(), kind.to_string()))
                .or_default()
                .clone()
        };
        let (value, _) = cell.get_or_init(|| {
            let file = match find() {
                Ok(Some(file)) => file,
                Ok(None) => return (Ok(None), 0),
                Err(msg) => return (Err(msg), 0),
            };
            match std::fs::read(&file) {
                Ok(bytes) => {
                    let hash = crate::hash::hash_of(&bytes);
                    (make(bytes).map(Some), hash)
                }
                Err(e) => (Err(format!("cannot read `{path}`: {e}")), 0),
            }
        });
        value.clone()
    }
}

/// A template's path as a path from the site root, with no empty, `.` or
/// `..` parts: Zola drops a leading `/`, the system reads `a//b` and
/// `./a/./b` as `a/b` (Bevy's path macro joins `release-notes/` and
/// `/_release-notes.toml` with a `/`) and `static/../x` as `x` (abridge
/// loads `../theme.toml`, found from `static/`). `None`: a `..` steps out
/// of the site root.
fn from_root(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            _ => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// The file at `rel` (from `root`), if there is one there and it stays in
/// the site; a folder there is no file.
fn locate(root: &Path, rel: &str) -> Result<Option<PathBuf>, String> {
    match resolve_inside(root, &root.join(rel)) {
        Ok(real) if real.is_file() => Ok(Some(real)),
        Ok(_) | Err(Outside::Missing) => Ok(None),
        Err(Outside::Root(e)) => Err(format!("cannot read the site root: {e}")),
        Err(Outside::Escapes(_)) => Err(format!(
            "`{rel}` leads out of the site through a symbolic link"
        )),
    }
}

impl Function for LoadData {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        // Zola's `required=false`: a file that is not there, or a URL that
        // cannot be read, gives nothing.
        let required = match args.get("required") {
            None => true,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                return Err(
                    format!("`load_data`: `required` must be true or false, got {other}").into(),
                )
            }
        };
        if args.contains_key("url") {
            // versus builds without the network (the template's call is
            // named in a warning).
            if !required {
                return Ok(Value::Null);
            }
            return Err("`load_data`: `url` is not supported: versus builds without the network; save the file in the site and pass `path` (or pass `required=false` to go on without it)".into());
        }
        let path = match args.get("path") {
            Some(Value::String(s)) => s.as_str(),
            Some(other) => {
                return Err(format!("`load_data`: `path` must be a string, got {other}").into())
            }
            None => return Err("`load_data` needs the argument `path`".into()),
        };
        let format = match args.get("format") {
            Some(Value::String(f)) => f.to_ascii_lowercase(),
            Some(other) => {
                return Err(format!("`load_data`: `format` must be a string, got {other}").into())
            }
            // As in Zola: the extension's format, else plain text (an SVG
            // icon, a `.html` snippet).
            None => {
                let ext = Path::new(path).extension().and_then(|e| e.to_str());
                let ext = ext.unwrap_or("").to_ascii_lowercase();
                match ext.as_str() {
                    "csv" | "json" | "toml" | "yaml" | "yml" | "xml" | "bibtex" => ext,
                    _ => "plain".to_string(),
                }
            }
        };
        let made = |bytes: Vec<u8>| {
            let text =
                String::from_utf8(bytes).map_err(|_| format!("`{path}` is not valid UTF-8"))?;
            parse(&text, &format).map_err(|e| format!("`{path}`: {e}"))
        };
        let fail = |e: String| tera::Error::msg(format!("`load_data`: {e}"));
        match self.find_and_read(path, &format, made) {
            Ok(Some((_, value))) => Ok(value),
            Ok(None) if !required => Ok(Value::Null),
            Ok(None) => Err(fail(self.missing("file", path))),
            Err(e) => Err(fail(e)),
        }
    }

    fn is_safe(&self) -> bool {
        false
    }
}

/// Parse `text` as `format`.
fn parse(text: &str, format: &str) -> Result<Value, String> {
    match format {
        "json" => serde_json::from_str(text).map_err(|e| e.to_string()),
        "toml" => toml::from_str::<toml::Value>(text)
            .map_err(|e| e.to_string())
            .and_then(|v| serde_json::to_value(v).map_err(|e| e.to_string())),
        "yaml" | "yml" => serde_yaml_ng::from_str(text).map_err(|e| e.to_string()),
        "csv" => csv(text),
        "txt" | "plain" => Ok(Value::String(text.to_string())),
        "xml" | "bibtex" => Err(format!(
            "the format `{format}` is not supported (Zola reads it into a structure): \
             pass `format=\"plain\"` for the text, or convert the file to JSON, TOML or YAML"
        )),
        other => Err(format!(
            "unknown format `{other}`: pass `format` (csv, json, toml, yaml, plain)"
        )),
    }
}

/// A CSV file as `{ headers: [...], records: [[...], ...] }` (as in Zola).
fn csv(text: &str) -> Result<Value, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let located = |at: usize, message: &str| {
        let (line, column) = crate::error::line_col(text, at);
        format!("{message} (line: {line}, column: {column})")
    };
    let rows = records(text).map_err(|(at, message)| located(at, &message))?;
    let Some((headers, rows)) = rows.split_first() else {
        return Err("the CSV file is empty".into());
    };
    if let Some(row) = rows.iter().find(|row| row.len() != headers.len()) {
        return Err(located(
            row[0].at,
            &format!(
                "this record has {} field{}, the header {}",
                row.len(),
                if row.len() == 1 { "" } else { "s" },
                headers.len()
            ),
        ));
    }
    let row_value = |row: &[Field]| -> Value {
        Value::Array(row.iter().map(|f| Value::String(f.text.clone())).collect())
    };
    let records: Vec<Value> = rows.iter().map(|row| row_value(row)).collect();
    Ok(serde_json::json!({ "headers": row_value(headers), "records": records }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A path is looked for as Zola looks; one that would leave the site is
    /// refused, found or not; every place looked at is fingerprinted, the
    /// empty ones with nothing, so a file that appears there is seen.
    #[test]
    fn paths_are_looked_for_as_zola_looks_and_stay_in_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        for file in [
            "static/a.txt",
            "content/blog/b.txt",
            "c.txt",
            "static/c.txt",
            "themes/t/static/icon/d.svg",
            "data/e.txt",
        ] {
            std::fs::create_dir_all(root.join(file).parent().unwrap()).unwrap();
            std::fs::write(root.join(file), "x").unwrap();
        }
        std::fs::write(dir.path().join("secret.json"), "{}").unwrap();
        let load = LoadData::new(&root, "t");
        let found = |p: &str| {
            load.find_and_read(p, "plain", |_| Ok(Value::Null))
                .map(|found| found.map(|(at, _)| at))
        };
        assert_eq!(found("a.txt").unwrap().as_deref(), Some("static/a.txt"));
        assert_eq!(found("/a.txt").unwrap().as_deref(), Some("static/a.txt"));
        assert_eq!(
            found("./data/e.txt").unwrap().as_deref(),
            Some("data/e.txt")
        );
        assert_eq!(
            found("blog/b.txt").unwrap().as_deref(),
            Some("content/blog/b.txt")
        );
        assert_eq!(
            found("@/blog/b.txt").unwrap().as_deref(),
            Some("content/blog/b.txt")
        );
        assert_eq!(found("@/a.txt").unwrap(), None);
        assert_eq!(
            found("c.txt").unwrap().as_deref(),
            Some("c.txt"),
            "the root first"
        );
        assert_eq!(
            found("icon/d.svg").unwrap().as_deref(),
            Some("themes/t/static/icon/d.svg")
        );
        assert_eq!(found("blog").unwrap(), None, "a folder is no file");
        // `..` steps back within the site, from each place; a place it
        // would leave the site from is not looked at (`secret.json` is
        // beside the site).
        assert_eq!(
            found("../c.txt").unwrap().as_deref(),
            Some("c.txt"),
            "static/../c.txt"
        );
        assert_eq!(found("@/../c.txt").unwrap().as_deref(), Some("c.txt"));
        assert_eq!(
            found("data/../static/a.txt").unwrap().as_deref(),
            Some("static/a.txt")
        );
        assert_eq!(found("../secret.json").unwrap(), None);
        assert_eq!(found("../../secret.json").unwrap(), None);
        for bad in ["@/../../secret.json", "", "a/..", "C:/x", "a\\b"] {
            let err = found(bad).unwrap_err();
            assert!(err.contains("is not a path in the site"), "{bad}: {err}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.json"), root.join("data/out.json"))
                .unwrap();
            let err = found("data/out.json").unwrap_err();
            assert!(err.contains("symbolic link"), "{err}");
        }

        let fresh = LoadData::new(&root, "t");
        let none = fresh.find_and_read("new.txt", "plain", |_| Ok(Value::Null));
        assert_eq!(none, Ok(None));
        let prints = fresh.fingerprint();
        assert_eq!(
            prints.len(),
            4,
            "the root, static/, content/ and the theme's static/"
        );
        assert!(!LoadData::changed(&prints));
        std::fs::write(root.join("content/new.txt"), "x").unwrap();
        assert!(
            LoadData::changed(&prints),
            "a file that appears where one was looked for"
        );
    }

    /// Zola's `required=false`: a missing file gives nothing; one out of
    /// the site is still refused.
    #[test]
    fn a_file_that_is_not_required_may_be_missing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("data")).unwrap();
        std::fs::write(dir.path().join("data/a.json"), "{\"x\": 1}").unwrap();
        let load = LoadData::new(dir.path(), "");
        let call = |path: &str, required: bool| {
            let args = HashMap::from([
                ("path".to_string(), Value::from(path)),
                ("required".to_string(), Value::from(required)),
            ]);
            load.call(&args).map_err(|e| e.to_string())
        };
        assert_eq!(call("data/none.json", false), Ok(Value::Null));
        // As in Zola, a file whose extension names no format is text.
        std::fs::write(dir.path().join("data/icon.svg"), "<svg/>").unwrap();
        assert_eq!(call("data/icon.svg", true), Ok(Value::from("<svg/>")));
        assert_eq!(call("data/a.json", false), Ok(serde_json::json!({"x": 1})));
        assert_eq!(
            call("data/none.json", true).unwrap_err(),
            "`load_data`: no file `data/none.json` in the site (looked from the site root, \
             then in static/, content/)"
        );
        assert_eq!(
            call("../none.json", true).unwrap_err(),
            "`load_data`: no file `../none.json` in the site (looked not from the site root, \
             which its `..` leaves, but in static/, content/)"
        );
        assert!(call("@/../../none.json", false)
            .unwrap_err()
            .contains("its `..` parts lead out of it"));
    }

    #[test]
    fn parses_every_format() {
        let csv = parse("name,age\nAda,36\n", "csv").unwrap();
        assert_eq!(csv["headers"], serde_json::json!(["name", "age"]));
        assert_eq!(csv["records"], serde_json::json!([["Ada", "36"]]));
        let err = parse("a,b\n1\n", "csv").unwrap_err();
        assert!(err.contains("line: 2"), "{err}");
        assert_eq!(parse("a = 1", "toml").unwrap()["a"], 1);
        assert_eq!(parse("a: [1, 2]", "yaml").unwrap()["a"][1], 2);
        assert_eq!(parse("{\"a\": true}", "json").unwrap()["a"], true);
        assert!(parse("x", "xls").unwrap_err().contains("unknown format"));
        assert!(parse("<a/>", "xml").unwrap_err().contains("not supported"));
    }

    #[test]
    fn csv_is_read_like_comparison_rows() {
        let value =
            csv("\u{feff}name,role\r\n\"Doe, J.\",\"say \"\"hi\"\"\"\n\nLinus,x\n").unwrap();
        assert_eq!(value["headers"], serde_json::json!(["name", "role"]));
        assert_eq!(
            value["records"],
            serde_json::json!([["Doe, J.", "say \"hi\""], ["Linus", "x"]])
        );
        assert_eq!(
            csv("a,b\n1,2,3\n").unwrap_err(),
            "this record has 3 fields, the header 2 (line: 2, column: 1)"
        );
        assert_eq!(
            csv("a,b\n1,\"2\n").unwrap_err(),
            "this quoted field is never closed (line: 2, column: 3)"
        );
        assert_eq!(csv("").unwrap_err(), "the CSV file is empty");
    }
}
