//! Dependencies between the top-level modules of `src/` point one way: the
//! `crate::…` paths of every file are read (comments and string literals
//! left out, `use crate::{a, b}` groups opened), each file counts for the
//! top-level module it is in, and a cycle between two or more modules
//! fails the test with the files that make each edge.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module → module it uses → the files (relative to `src/`) that use it.
type Graph = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

#[test]
fn top_level_modules_have_no_import_cycles() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = graph_of(&src);
    assert!(
        graph.len() > 10,
        "only {} modules use others: the reader lost its way",
        graph.len()
    );
    let cycles = cycles(&graph);
    let mut report = String::new();
    for cycle in &cycles {
        report.push_str(&format!("cycle between {cycle:?}:\n"));
        for from in cycle {
            for (to, files) in &graph[from] {
                if cycle.contains(to) {
                    report.push_str(&format!("  {from} → {to} in {files:?}\n"));
                }
            }
        }
    }
    assert!(cycles.is_empty(), "{report}");
}

#[test]
fn the_reader_finds_a_cycle_and_the_edges_of_groups() {
    let mut graph = Graph::new();
    let text = "use crate::{b::{X, Y}, c};\n// crate::d\nlet s = \"crate::e\";\n\
                let q = '\"'; /* crate::f */ let r = r#\"\"crate::i\"#;\n\
                fn f<'a>() { crate::g::h(); }";
    add_file(&mut graph, "a/mod.rs", text);
    let used: Vec<&String> = graph["a"].keys().collect();
    assert_eq!(used, ["b", "c", "g"]);
    assert!(cycles(&graph).is_empty());
    add_file(&mut graph, "g.rs", "use crate::a::Thing;");
    assert_eq!(cycles(&graph), [vec!["a".to_string(), "g".to_string()]]);
}

/// The module graph of the crate at `src`.
fn graph_of(src: &Path) -> Graph {
    let mut graph = Graph::new();
    for entry in walkdir(src) {
        let rel = entry
            .strip_prefix(src)
            .expect("under src")
            .to_string_lossy()
            .replace('\\', "/");
        if rel == "lib.rs" || rel == "main.rs" || !rel.ends_with(".rs") {
            continue;
        }
        let text = std::fs::read_to_string(&entry).expect("read a source file");
        add_file(&mut graph, &rel, &text);
    }
    graph
}

fn walkdir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read src/") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(walkdir(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// Record the modules the file `rel` (path under `src/`) uses.
fn add_file(graph: &mut Graph, rel: &str, text: &str) {
    let module = match rel.split_once('/') {
        Some((dir, _)) => dir,
        None => rel.trim_end_matches(".rs"),
    };
    let code = code_only(text);
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        // `$crate::` and `mycrate::` are not this crate's root.
        if before.is_some_and(|c| c == '$' || c == '_' || c.is_alphanumeric()) {
            continue;
        }
        let used = if rest.starts_with('{') {
            group_heads(rest)
        } else {
            vec![ident(rest)]
        };
        for used in used {
            if !used.is_empty() && used != module && used != "self" {
                graph
                    .entry(module.to_string())
                    .or_default()
                    .entry(used.to_string())
                    .or_default()
                    .insert(rel.to_string());
            }
        }
    }
}

/// The identifier at the start of `text`.
fn ident(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c == '_' || c.is_alphanumeric()))
        .unwrap_or(text.len());
    &text[..end]
}

/// The first name of each item of the `{…}` group `text` opens with.
fn group_heads(text: &str) -> Vec<&str> {
    let mut heads = Vec::new();
    let mut depth = 0;
    let mut item_start = 1;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' | ',' if depth == 1 => {
                heads.push(ident(text[item_start..i].trim_start()));
                item_start = i + 1;
                if c == '}' {
                    break;
                }
            }
            '}' => depth -= 1,
            _ => {}
        }
    }
    heads
}

/// `text` without comments and the contents of string and character
/// literals (raw strings too), so a `crate::` there is not a dependency.
fn code_only(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        let skip_to = match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                text[i..].find('\n').map_or(bytes.len(), |n| i + n)
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => text[i + 2..]
                .find("*/")
                .map_or(bytes.len(), |n| i + 2 + n + 2),
            b'r' if (i == 0 || !is_ident_byte(bytes[i - 1]))
                && matches!(bytes.get(i + 1), Some(b'"' | b'#')) =>
            {
                let hashes = bytes[i + 1..].iter().take_while(|&&b| b == b'#').count();
                if bytes.get(i + 1 + hashes) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let close = format!("\"{}", "#".repeat(hashes));
                let body = i + 2 + hashes;
                text[body..]
                    .find(&close)
                    .map_or(bytes.len(), |n| body + n + close.len())
            }
            b'"' => {
                let mut j = i + 1;
                while j < bytes.len() && bytes[j] != b'"' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                j + 1
            }
            // A character literal (`'"'`, `'\''`), not a lifetime (`'a`).
            b'\'' if bytes.get(i + 1) == Some(&b'\\') => text[i + 3..]
                .find('\'')
                .map_or(bytes.len(), |n| i + 3 + n + 1),
            b'\'' => match text[i + 1..].chars().next() {
                Some(c) if text[i + 1 + c.len_utf8()..].starts_with('\'') => {
                    i + 1 + c.len_utf8() + 1
                }
                _ => {
                    i += 1;
                    continue;
                }
            },
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&text[copied..i]);
        out.push(' ');
        i = skip_to.min(bytes.len());
        copied = i;
    }
    out.push_str(&text[copied..]);
    out
}

fn is_ident_byte(b: u8) -> bool {
    b == b'_' || b.is_ascii_alphanumeric()
}

/// The strongly connected groups of two or more modules (Tarjan), each sorted.
fn cycles(graph: &Graph) -> Vec<Vec<String>> {
    struct Walk<'g> {
        graph: &'g Graph,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        found: Vec<Vec<String>>,
    }
    impl<'g> Walk<'g> {
        fn visit(&mut self, v: &'g str) {
            let n = self.index.len();
            self.index.insert(v, n);
            self.low.insert(v, n);
            self.stack.push(v);
            self.on_stack.insert(v);
            for w in self.graph.get(v).into_iter().flat_map(|m| m.keys()) {
                if !self.index.contains_key(w.as_str()) {
                    self.visit(w);
                    let low = self.low[v].min(self.low[w.as_str()]);
                    self.low.insert(v, low);
                } else if self.on_stack.contains(w.as_str()) {
                    let low = self.low[v].min(self.index[w.as_str()]);
                    self.low.insert(v, low);
                }
            }
            if self.low[v] == self.index[v] {
                let mut group = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack.remove(w);
                    group.push(w.to_string());
                    if w == v {
                        break;
                    }
                }
                if group.len() > 1 {
                    group.sort();
                    self.found.push(group);
                }
            }
        }
    }
    let mut walk = Walk {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !walk.index.contains_key(v.as_str()) {
            walk.visit(v);
        }
    }
    walk.found
}
