//! The build, end to end: config → load → model → render → (write). Callers
//! (the CLI, the dev server, tests) get an [`OutputTree`] and decide where it goes.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::error::Errors;
use crate::output::OutputTree;
use crate::render::{self, templates::Templates};
use crate::site::Site;
use crate::{content, theme};

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site root (holds `versus.toml` and `content/`).
    pub root: PathBuf,
    /// Replace `base_url` from the config.
    pub base_url: Option<String>,
    /// Include pages marked `draft = true`.
    pub drafts: bool,
}

/// A finished build, in memory.
#[derive(Debug)]
pub struct Built {
    pub site: Arc<Site>,
    pub output: OutputTree,
    pub elapsed: Duration,
}

impl Built {
    /// Zola-style one-line summary.
    pub fn summary(&self) -> String {
        let s = &self.site;
        format!(
            "Built {} pages, {} sections, {} comparisons, {} tags ({} files) in {} ms",
            s.pages.len(),
            s.sections.len(),
            s.comparisons.len(),
            s.tags.len(),
            self.output.len(),
            self.elapsed.as_millis()
        )
    }
}

/// Build the site at `opts.root` into memory. All errors are returned together.
pub fn build(opts: &BuildOptions) -> Result<Built, Errors> {
    let start = Instant::now();
    let root = &opts.root;
    let mut config = Config::load(root)?;
    if let Some(url) = &opts.base_url {
        config = config.with_base_url(url)?;
    }
    // Content and theme are independent: load them at the same time.
    let (inventory, theme) = rayon::join(|| content::load(root), || theme::load(root, &config));
    let mut errors = Errors::default();
    let inventory = inventory.map_err(|e| errors.0.extend(e)).ok();
    let theme = theme.map_err(|e| errors.0.extend(e)).ok();
    let templates = theme.as_ref().map(|t| Templates::compile(&t.templates));
    let mut templates = match templates {
        Some(Ok(t)) => Some(t),
        Some(Err(e)) => {
            errors.0.extend(e);
            None
        }
        None => None,
    };
    let site = inventory.map(|inv| Site::assemble(config, inv, opts.drafts));
    let site = match site {
        Some(Ok(s)) => Some(s),
        Some(Err(e)) => {
            errors.0.extend(e);
            None
        }
        None => None,
    };
    let (Some(site), Some(templates), Some(theme)) = (site, templates.as_mut(), theme) else {
        return Err(errors);
    };
    let site = Arc::new(site);
    let output = render::render_site(site.clone(), templates, &theme.statics)?;
    Ok(Built {
        site,
        output,
        elapsed: start.elapsed(),
    })
}

/// Build and write to `output` atomically. `explicit` is true when the user
/// named the output folder (allows one outside the site root).
pub fn build_to_disk(opts: &BuildOptions, output: &Path, explicit: bool) -> Result<Built, Errors> {
    let start = Instant::now();
    crate::output::check_output_dir(&opts.root, output, explicit)?;
    let mut built = build(opts)?;
    built.output.write_atomically(output)?;
    built.elapsed = start.elapsed();
    Ok(built)
}
