//! The `versus` binary: parse arguments, call the library, print errors, exit.

use std::process::ExitCode;

use clap::Parser;
use versus::cli::{Cli, Command};
use versus::pipeline::{self, BuildOptions};

/// jemalloc: a build makes and frees millions of small strings on every
/// thread; with the system allocator malloc/free were ~15% of a 10k-page
/// build's CPU, with jemalloc ~7% (and the 1k build is a quarter faster).
/// The `jemalloc` feature is on by default; heap profiles are taken without
/// it (`--no-default-features`), since the profilers follow the system allocator.
#[cfg(all(feature = "jemalloc", not(target_env = "msvc")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => {
            let opts = BuildOptions {
                root: args.site.root.clone(),
                base_url: args.base_url,
                drafts: args.site.drafts,
            };
            let explicit = args.output.is_some();
            let output = args.output.unwrap_or_else(|| args.site.root.join("public"));
            pipeline::build_to_disk(&opts, &output, explicit).map(|built| {
                if !built.warnings.is_empty() {
                    eprintln!("{}", versus::error::Warnings(built.warnings.clone()));
                }
                println!("{} → {}", built.summary(), output.display());
                // The process ends here: freeing the model string by string
                // would only delay the exit; the OS takes it back at once.
                std::mem::forget(built);
            })
        }
        Command::Init(args) if args.from_zola => versus::init::from_zola(&args.dir)
            .map_err(versus::Errors::from)
            .map(|name| {
                println!(
                    "Wrote {} from {name}. Build it with: versus build --root {}",
                    args.dir.join(versus::config::CONFIG_FILE).display(),
                    args.dir.display()
                );
            }),
        Command::Init(args) => {
            let extras = versus::init::Extras {
                github_pages: args.github_pages,
            };
            versus::init::init(&args.dir, &args.title, extras)
                .map_err(versus::Errors::from)
                .map(|()| println!("{}", versus::init::next_steps(&args.dir, extras)))
        }
        Command::Serve(args) => versus::serve::serve(&versus::serve::ServeOptions {
            root: args.site.root,
            bind: args.bind,
            port: args.port,
            open: args.open,
            drafts: args.site.drafts,
        }),
        Command::Check(args) => return check(args),
        Command::New(args) => versus::new::new_page(&args.root, &args.path, args.title.as_deref())
            .map_err(versus::Errors::from)
            .map(|path| {
                println!(
                    "Created {} (a draft: remove `draft = true` to publish it)",
                    path.display()
                )
            }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(errors) => {
            eprintln!("{errors}");
            ExitCode::FAILURE
        }
    }
}

/// `versus check`: problems on stdout, then a count; exit 1 if any link is broken.
fn check(args: versus::cli::CheckArgs) -> ExitCode {
    let opts = versus::check::CheckOptions {
        root: args.site.root,
        drafts: args.site.drafts,
        external: args.external.then(Default::default),
    };
    match versus::check::check(&opts) {
        Ok(report) => {
            println!("{report}");
            if report.broken() > 0 {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(errors) => {
            eprintln!("{errors}");
            ExitCode::FAILURE
        }
    }
}
