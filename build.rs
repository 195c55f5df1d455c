//! Embeds the default theme (`themes/default/`) in the binary, so `versus init`
//! and `versus build` work from an installed binary with no repository around.

use std::path::Path;

fn main() {
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    println!("cargo:rerun-if-changed={}", theme.display());
    let mut entries = Vec::new();
    for entry in walkdir::WalkDir::new(&theme).sort_by_file_name() {
        let entry = entry.expect("read themes/default");
        // Only what a site uses: templates and static files (not the
        // readable sources in `src/` that static/widget.js is built from).
        let used = ["templates", "static"]
            .iter()
            .any(|dir| entry.path().starts_with(theme.join(dir)));
        if !entry.file_type().is_file() || !used {
            continue;
        }
        println!("cargo:rerun-if-changed={}", entry.path().display());
        let rel = entry
            .path()
            .strip_prefix(&theme)
            .expect("inside theme")
            .to_string_lossy()
            .replace('\\', "/");
        entries.push(format!(
            "    ({rel:?}, include_bytes!({:?})),\n",
            entry.path().display().to_string()
        ));
    }
    let code = format!(
        "/// Files of the default theme: (path inside the theme, bytes).\npub static FILES: &[(&str, &[u8])] = &[\n{}];\n",
        entries.concat()
    );
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("default_theme.rs");
    std::fs::write(out, code).expect("write default_theme.rs");
}
