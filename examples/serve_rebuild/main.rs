//! Profiling harness (not a test): the dev server's rebuilds (session and
//! hub, as `versus serve` runs them) after EDITS one-page edits, then EDITS
//! edits of a `templates/404.html` (one output), in one process, each
//! timed. Usage: `serve_rebuild SITE EDITS` (SITE: e.g. a `gen_corpus` site
//! set up as `benches/serve_latency.sh` does; it is edited).
//!
//! Instruction counts per rebuild, stable on a busy machine: run it under
//! `valgrind --tool=callgrind --instr-atstart=no
//! --dump-before='serve_rebuild::rebuild*'` with `SERVE_REBUILD_WAIT_FOR=FILE`,
//! and once it prints `ready`, `callgrind_control -i on PID; touch FILE`:
//! the first build runs uninstrumented, and each rebuild is a dump of its own.

use std::path::{Path, PathBuf};
use std::time::Instant;

use versus::pipeline::{BuildOptions, Session};
use versus::serve::reload::Hub;

#[cfg(all(feature = "jemalloc", not(target_env = "msvc")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let root = PathBuf::from(&args[1]);
    let edits: usize = args[2].parse().expect("EDITS");
    let mut session = Session::new(BuildOptions {
        root: root.clone(),
        base_url: Some("http://127.0.0.1:1111/".into()),
        drafts: false,
    });
    let hub = Hub::default();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    let tpl = Path::new("templates").join("404.html");
    std::fs::write(
        root.join(&tpl),
        "<!doctype html><title>404</title><body>Not found</body>\n",
    )
    .unwrap();
    let (built, _) = session.build().expect("first build");
    hub.publish(Ok(built.output));
    // Under `valgrind --instr-atstart=no`: wait for `callgrind_control -i on`.
    if let Some(go) = std::env::var_os("SERVE_REBUILD_WAIT_FOR") {
        eprintln!("ready: waiting for {}", Path::new(&go).display());
        while !Path::new(&go).exists() {
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }
    let content = root.join("content");
    let names = |dir: &Path, prefix: &str| {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().into_string().unwrap())
            .filter(|n| n.starts_with(prefix))
            .collect();
        v.sort();
        v
    };
    let sec = &names(&content, "sec-")[0];
    let page = Path::new("content")
        .join(sec)
        .join(&names(&content.join(sec), "page-")[0]);
    for (rel, is_page) in [(page, true), (tpl, false)] {
        for i in 0..edits {
            let text = std::fs::read_to_string(root.join(&rel)).unwrap();
            let new = if is_page {
                format!("{text}\nEdit number {i}.\n")
            } else {
                format!("{}<!-- {i} -->\n", text.trim_end_matches('\n'))
            };
            std::fs::write(root.join(&rel), new).unwrap();
            let t = Instant::now();
            let paths: Vec<&Path> = if is_page { vec![rel.as_path()] } else { vec![] };
            let reuse = rebuild(&mut session, &hub, paths);
            eprintln!(
                "{} edit {i}: {:.1} ms, {reuse:?}",
                rel.display(),
                t.elapsed().as_secs_f64() * 1000.0
            );
        }
    }
}

#[inline(never)]
fn rebuild(
    session: &mut Session,
    hub: &Hub,
    paths: Vec<&Path>,
) -> versus::render::incremental::Reuse {
    let (built, reuse) = session.build_after(paths).expect("rebuild");
    hub.publish(Ok(built.output));
    reuse
}
