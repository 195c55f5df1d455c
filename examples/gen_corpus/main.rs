//! Writes the benchmark corpus (see `corpus.rs`) into a site folder:
//! `cargo run --release --example gen_corpus -- OUT [-n 1000] [--sections 20] [--seed 42]`.
//! `benches/build.sh` and `benches/serve_latency.sh` call it; the integration
//! test `bench_corpus` uses the same module directly.

mod corpus;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: gen_corpus OUT [-n PAGES] [--sections N] [--seed N]";

fn main() -> ExitCode {
    match run(std::env::args().skip(1)) {
        Ok(message) => {
            println!("{message}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("gen_corpus: {message}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run(mut args: impl Iterator<Item = String>) -> Result<String, String> {
    let mut out: Option<PathBuf> = None;
    let mut options = corpus::Options {
        pages: 1000,
        sections: 20,
        seed: 42,
    };
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Result<u64, String> {
            let value = args.next().ok_or(format!("{name} needs a number"))?;
            value
                .parse()
                .map_err(|_| format!("{name} needs a number, not {value:?}"))
        };
        match arg.as_str() {
            "-n" | "--pages" => options.pages = number(&arg)? as usize,
            "--sections" => options.sections = number(&arg)? as usize,
            "--seed" => options.seed = number(&arg)?,
            "-h" | "--help" => return Ok(USAGE.to_string()),
            _ if arg.starts_with('-') => return Err(format!("unknown option {arg}")),
            _ if out.is_none() => out = Some(PathBuf::from(arg)),
            _ => return Err(format!("one output folder only, got a second: {arg}")),
        }
    }
    let out = out.ok_or("the output folder is missing")?;
    if options.sections == 0 {
        return Err("--sections must be at least 1".to_string());
    }
    let written =
        corpus::write(&out, &options).map_err(|e| format!("writing {}: {e}", out.display()))?;
    Ok(format!(
        "wrote {} pages in {} sections to {} ({} words a page on average)",
        written.pages,
        options.sections,
        out.join("content").display(),
        written.words / written.pages.max(1)
    ))
}
