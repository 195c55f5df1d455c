//! `load_data(path="data/people.csv")`: a CSV, JSON, TOML, YAML or plain text
//! file of the site for templates and shortcodes. Paths are relative to the
//! site root and may not leave it (no `..`, no absolute paths, no symbolic
//! link pointing outside). Each file is read and parsed once per build,
//! however many pages load it.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use tera::{Function, Value};

use crate::confine::{resolve_inside, Outside};
use crate::csv_records::{records, Field};

/// One loaded file: the value (`None`: there is no such file), or why not;
/// and a hash of the bytes read.
type Loaded = Arc<OnceLock<(Result<Option<Value>, String>, u64)>>;

/// The `load_data` function of one build, with its cache.
#[derive(Clone)]
pub struct LoadData {
    root: PathBuf,
    cache: Arc<Mutex<HashMap<(String, String), Loaded>>>,
}

impl LoadData {
    /// Load data files of the site at `root`.
    pub fn new(root: &Path) -> LoadData {
        LoadData {
            root: root.to_path_buf(),
            cache: Arc::default(),
        }
    }

    /// The site root, which paths are relative to.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The files loaded so far, with a hash of what was read from each:
    /// what the build's output depends on besides the site's own sources.
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

    /// What `make` gives of the bytes of the site file `path` (as written,
    /// relative to the site root), made once per build for each `kind`
    /// (a data format, or another reading of the file such as an image's
    /// size). `find` says where the file is (`None`: nowhere, which is
    /// kept too); the bytes read are hashed for [`LoadData::fingerprint`],
    /// so a template function that reads site files through here is
    /// followed by the dev server as `load_data` is.
    pub fn read_once(
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

impl Function for LoadData {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        if args.contains_key("url") {
            return Err("`load_data`: `url` is not supported: versus builds without the network; save the file in the site and pass `path`".into());
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
            None => {
                let ext = Path::new(path).extension().and_then(|e| e.to_str());
                ext.unwrap_or("").to_ascii_lowercase()
            }
        };
        let made = |bytes: Vec<u8>| {
            let text =
                String::from_utf8(bytes).map_err(|_| format!("`{path}` is not valid UTF-8"))?;
            parse(&text, &format).map_err(|e| format!("`{path}`: {e}"))
        };
        // Zola's `required=false`: a file that is not there gives nothing.
        let required = match args.get("required") {
            None => true,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                return Err(
                    format!("`load_data`: `required` must be true or false, got {other}").into(),
                )
            }
        };
        let fail = |e: String| tera::Error::msg(format!("`load_data`: {e}"));
        match self.read_once(path, &format, || confine(&self.root, path), made) {
            Ok(Some(value)) => Ok(value),
            Ok(None) if !required => Ok(Value::Null),
            Ok(None) => Err(fail(missing(path))),
            Err(e) => Err(fail(e)),
        }
    }

    fn is_safe(&self) -> bool {
        false
    }
}

/// Why `load_data` has no file at `path`.
fn missing(path: &str) -> String {
    format!("no file `{path}` in the site (paths are relative to the site root)")
}

/// `path` under `root`, if it stays there (`None`: there is no such file).
fn confine(root: &Path, path: &str) -> Result<Option<PathBuf>, String> {
    let rel = Path::new(path);
    if path.is_empty() {
        return Err("`path` is empty".into());
    }
    if rel.has_root() || rel.is_absolute() {
        return Err(format!(
            "`{path}` is an absolute path: data paths are relative to the site root (`data/people.csv`)"
        ));
    }
    if rel
        .components()
        .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Err(format!(
            "`{path}` goes up with `..`: data files must be inside the site"
        ));
    }
    let real = match resolve_inside(root, &root.join(rel)) {
        Ok(real) => real,
        Err(Outside::Missing) => return Ok(None),
        Err(Outside::Root(e)) => return Err(format!("cannot read the site root: {e}")),
        Err(Outside::Escapes(_)) => {
            return Err(format!(
                "`{path}` leads out of the site through a symbolic link"
            ))
        }
    };
    if !real.is_file() {
        return Err(format!("`{path}` is not a file"));
    }
    Ok(Some(real))
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
        other => Err(format!(
            "unknown format `{other}`: use a file ending in .csv, .json, .toml, .yaml or .txt, or pass `format` (csv, json, toml, yaml, plain)"
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

    #[test]
    fn paths_stay_in_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("data")).unwrap();
        std::fs::write(root.join("data/a.json"), "{}").unwrap();
        std::fs::write(dir.path().join("secret.json"), "{}").unwrap();
        assert!(confine(&root, "data/a.json").unwrap().is_some());
        assert!(confine(&root, "./data/a.json").unwrap().is_some());
        assert_eq!(confine(&root, "data/none.json"), Ok(None));
        for bad in [
            "../secret.json",
            "data/../../secret.json",
            "/etc/passwd",
            "",
        ] {
            assert!(confine(&root, bad).is_err(), "{bad}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.json"), root.join("data/out.json"))
                .unwrap();
            let err = confine(&root, "data/out.json").unwrap_err();
            assert!(err.contains("symbolic link"), "{err}");
        }
    }

    /// Zola's `required=false`: a missing file gives nothing; one out of
    /// the site is still refused.
    #[test]
    fn a_file_that_is_not_required_may_be_missing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("data")).unwrap();
        std::fs::write(dir.path().join("data/a.json"), "{\"x\": 1}").unwrap();
        let load = LoadData::new(dir.path());
        let call = |path: &str, required: bool| {
            let args = HashMap::from([
                ("path".to_string(), Value::from(path)),
                ("required".to_string(), Value::from(required)),
            ]);
            load.call(&args).map_err(|e| e.to_string())
        };
        assert_eq!(call("data/none.json", false), Ok(Value::Null));
        assert_eq!(call("data/a.json", false), Ok(serde_json::json!({"x": 1})));
        assert_eq!(
            call("data/none.json", true).unwrap_err(),
            "`load_data`: no file `data/none.json` in the site (paths are relative to the site root)"
        );
        assert!(call("../none.json", false)
            .unwrap_err()
            .contains("goes up with `..`"));
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
