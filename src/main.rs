//! The `versus` binary: parse arguments, call the library, print errors, exit.

use std::process::ExitCode;

use clap::Parser;
use versus::cli::{Cli, Command};
use versus::pipeline::{self, BuildOptions};

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
                println!("{} → {}", built.summary(), output.display());
            })
        }
        Command::Init(args) => versus::init::init(&args.dir, &args.title)
            .map_err(versus::Errors::from)
            .map(|()| {
                println!(
                    "Created a new site in {}. Build it with: versus build --root {}",
                    args.dir.display(),
                    args.dir.display()
                );
            }),
        Command::Serve(args) => versus::serve::serve(&versus::serve::ServeOptions {
            root: args.site.root,
            bind: args.bind,
            port: args.port,
            open: args.open,
            drafts: args.site.drafts,
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
