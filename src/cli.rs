//! Command-line interface (clap derive): `build`, `init`, and the rest.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// versus: build comparison explainer sites from Markdown and data.
#[derive(Debug, Parser)]
#[command(name = "versus", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (default: public/).
    Build(BuildArgs),
    /// Create a new site in DIR that builds right away.
    Init(InitArgs),
    /// Serve the site locally, rebuild on change, reload open pages.
    Serve(ServeArgs),
    /// Build in memory and report broken links, anchors, images and
    /// unreachable pages; writes nothing.
    Check(CheckArgs),
    /// Create a new article: content/<PATH>.md with front matter filled in.
    New(NewArgs),
}

/// Options shared by commands that build the site.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// Site root: the folder holding versus.toml and content/.
    #[arg(long, short = 'r', default_value = ".")]
    pub root: PathBuf,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
}

/// `versus build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output folder (default: <root>/public). It is replaced as a whole.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// Override base_url from versus.toml, e.g. https://example.org/docs/.
    #[arg(long, short = 'u')]
    pub base_url: Option<String>,
}

/// `versus init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to create the site in (must be empty or not exist); with
    /// --from-zola, the Zola site's folder.
    pub dir: PathBuf,
    /// Site title.
    #[arg(
        long,
        default_value = "My comparison site",
        conflicts_with = "from_zola"
    )]
    pub title: String,
    /// Write the versus.toml equivalent to the Zola config.toml (or
    /// zola.toml) in DIR, next to it; nothing else is changed.
    #[arg(long)]
    pub from_zola: bool,
    /// Also write .github/workflows/pages.yml, which publishes the site to
    /// GitHub Pages on every push to main.
    #[arg(long)]
    pub github_pages: bool,
}

/// `versus serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Address to listen on (use `::1` for IPv6; `0.0.0.0` shares the site,
    /// drafts and build errors included, with the network).
    #[arg(long, short = 'b', default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Port to listen on (0: any free port). If it is taken, the next free one is used.
    #[arg(long, short = 'p', default_value_t = 1111)]
    pub port: u16,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
}

/// `versus check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Also check http(s) links over the network (slow; off by default).
    #[arg(long)]
    pub external: bool,
}

/// `versus new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// Path of the article under content/, without `.md` (e.g. `guides/cio-vs-cto`).
    pub path: String,
    /// Site root: the folder holding versus.toml and content/.
    #[arg(long, short = 'r', default_value = ".")]
    pub root: PathBuf,
    /// Title (default: from the file name).
    #[arg(long)]
    pub title: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
