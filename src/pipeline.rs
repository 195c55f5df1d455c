//! The build, end to end: config → load → model → render → (write). Callers
//! (the CLI, the dev server, tests) get an [`OutputTree`] and decide where it goes.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::error::Errors;
use crate::output::{OutputTree, StagingDir};
use crate::render::{self, templates::Templates};
use crate::site::Site;
use crate::{check, content, theme};

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
    /// Problems that did not stop the build, to show the user.
    pub warnings: Vec<crate::Error>,
}

/// A site loaded and modelled, with its templates compiled: ready to render.
struct Prepared {
    site: Arc<Site>,
    templates: Templates,
    statics: Vec<(String, crate::output::OutputFile)>,
    /// When the model was patched from the base model: the pages that differ.
    patched: Option<Vec<usize>>,
    /// Problems that do not stop the build (see [`render::plan`]).
    warnings: Vec<crate::Error>,
}

/// Load the config, content and theme, and build the model. All errors of
/// all files are returned together. `files` are parses to reuse (see
/// [`content::load`]); `templates` are kept if their sources have not
/// changed, else compiled anew. Without a file cache (a one-off build) the
/// model keeps no page's text: the render reads each body again
/// ([`content::SourceFile::text_to_render`]).
///
/// With a `base` (the model the session built last, from the files as the
/// cache last loaded them), an edit of existing pages only is applied to a
/// copy of it ([`Site::patch`]) instead of assembling the model anew.
fn prepare(
    opts: &BuildOptions,
    mut files: Option<&mut content::FileCache>,
    templates: Option<Templates>,
    base: Option<&Site>,
) -> Result<Prepared, Errors> {
    let root = &opts.root;
    let mut config = Config::load(root)?;
    if let Some(url) = &opts.base_url {
        config = config.with_base_url(url)?;
    }
    if let (Some(base), Some(cache)) = (base, files.as_deref_mut()) {
        if let Some(patched) = content::load_edits(root, cache)
            .and_then(|edits| Site::patch(base, &config, edits, opts.drafts))
        {
            return prepare_patched(root, config, patched, templates);
        }
    }
    // Content and theme are independent: load them at the same time.
    let (inventory, theme) =
        rayon::join(|| content::load(root, files), || theme::load(root, &config));
    let mut errors = Errors::default();
    let inventory = inventory.map_err(|e| errors.0.extend(e)).ok();
    let theme = theme.map_err(|e| errors.0.extend(e)).ok();
    let templates = theme.as_ref().and_then(|t| {
        let print = Templates::fingerprint_of(&t.templates);
        match templates {
            Some(kept) if kept.fingerprint() == print => Some(kept),
            _ => Templates::compile(&t.templates)
                .map_err(|e| errors.0.extend(e))
                .ok(),
        }
    });
    let site = inventory.and_then(|inv| {
        Site::assemble(config, inv, opts.drafts)
            .map_err(|e| errors.0.extend(e))
            .ok()
    });
    match (site, templates, theme) {
        (Some(site), Some(templates), Some(theme)) => {
            let statics = theme.statics_for(&site.config, !site.comparisons.is_empty());
            // Before the texts move out: collisions point into front matter.
            let warnings = check_plan(&site, &templates, &statics, root)?;
            Ok(Prepared {
                site: Arc::new(site),
                templates,
                statics,
                patched: None,
                warnings,
            })
        }
        _ => Err(errors),
    }
}

/// Every output path of the build, checked for collisions before anything
/// renders ([`render::plan`]): the errors, or the warnings to show.
fn check_plan(
    site: &Site,
    templates: &Templates,
    statics: &[(String, crate::output::OutputFile)],
    root: &Path,
) -> Result<Vec<crate::Error>, Errors> {
    let found = render::plan::check(site, templates, statics, root);
    if found.errors.is_empty() {
        Ok(found.warnings)
    } else {
        Err(found.errors.into())
    }
}

/// [`prepare`] for a patched model: the theme and templates as usual.
fn prepare_patched(
    root: &Path,
    config: Config,
    (site, changed): (Site, Vec<usize>),
    templates: Option<Templates>,
) -> Result<Prepared, Errors> {
    let theme = theme::load(root, &config)?;
    let print = Templates::fingerprint_of(&theme.templates);
    let templates = match templates {
        Some(kept) if kept.fingerprint() == print => kept,
        _ => Templates::compile(&theme.templates)?,
    };
    let statics = theme.statics_for(&site.config, !site.comparisons.is_empty());
    let warnings = check_plan(&site, &templates, &statics, root)?;
    Ok(Prepared {
        statics,
        site: Arc::new(site),
        templates,
        patched: Some(changed),
        warnings,
    })
}

/// Build the site at `opts.root` into memory. All errors are returned
/// together; broken internal links and anchors in the output are errors too.
pub fn build(opts: &BuildOptions) -> Result<Built, Errors> {
    let built = build_unchecked(opts)?;
    let index = check::index_tree(&built.site, &built.output);
    let broken = check::internal_errors(&built.site, &index);
    if !broken.is_empty() {
        return Err(broken.into());
    }
    Ok(built)
}

/// [`build`] without the link checks over the output (`versus check` runs
/// its own, and reports rather than fails).
pub fn build_unchecked(opts: &BuildOptions) -> Result<Built, Errors> {
    let start = Instant::now();
    let Prepared {
        site,
        mut templates,
        statics,
        warnings,
        ..
    } = prepare(opts, None, None, None)?;
    let output = render::render_site(site.clone(), &mut templates, &statics)?;
    Ok(Built {
        site,
        output,
        elapsed: start.elapsed(),
        warnings,
    })
}

/// A build written to disk.
#[derive(Debug)]
pub struct Written {
    pub site: Arc<Site>,
    pub elapsed: Duration,
    /// Problems that did not stop the build, to show the user.
    pub warnings: Vec<crate::Error>,
}

impl Written {
    /// Zola-style one-line summary.
    pub fn summary(&self) -> String {
        summary(&self.site, self.elapsed)
    }
}

/// Build and write to `output` atomically: files stream into a staging folder
/// as they render, which replaces `output` only if the whole build succeeded.
/// `explicit` is true when the user named the output folder (allows one
/// outside the site root).
pub fn build_to_disk(
    opts: &BuildOptions,
    output: &Path,
    explicit: bool,
) -> Result<Written, Errors> {
    let start = Instant::now();
    crate::output::check_output_dir(&opts.root, output, explicit)?;
    let Prepared {
        site,
        mut templates,
        statics,
        warnings,
        ..
    } = prepare(opts, None, None, None)?;
    let staging = StagingDir::open(output)?;
    // Links are indexed as files stream past; broken ones stop the publish.
    let sink = check::LinkSink::new(&site, &staging);
    render::render_into(site.clone(), &mut templates, &statics, &sink)?;
    let index = sink.into_index();
    let broken = check::internal_errors(&site, &index);
    // Freeing the index (a string per link target) can overlap the publish.
    crate::reclaim::later(index);
    if !broken.is_empty() {
        return Err(broken.into());
    }
    staging.publish()?;
    Ok(Written {
        site,
        elapsed: start.elapsed(),
        warnings,
    })
}

fn summary(site: &Site, elapsed: Duration) -> String {
    format!(
        "Built {} pages, {} sections, {} comparisons, {} tags in {} ms",
        site.pages.len(),
        site.sections.len(),
        site.comparisons.len(),
        site.tags.len(),
        elapsed.as_millis()
    )
}

/// A build run again and again (the dev server): parsed files, compiled
/// templates and rendered outputs are kept between runs, and each run redoes
/// only what its changes touch. [`Session::build`] walks `content/` and
/// compares every file's size and modification time, so it needs no word on
/// what changed; [`Session::build_after`] takes the file watcher's word and
/// looks only at the files it names. Either way the output equals a clean
/// [`build`].
pub struct Session {
    opts: BuildOptions,
    files: content::FileCache,
    templates: Option<Templates>,
    cache: render::incremental::RenderCache,
    links: check::LiveIndex,
    /// The site of the last run, freed in the background once replaced.
    last_site: Option<Arc<Site>>,
}

impl Session {
    /// A session for the site `opts` describes; nothing is built yet.
    pub fn new(opts: BuildOptions) -> Session {
        Session {
            opts,
            files: content::FileCache::new(),
            templates: None,
            cache: render::incremental::RenderCache::default(),
            links: check::LiveIndex::default(),
            last_site: None,
        }
    }

    /// The options this session builds with.
    pub fn options(&self) -> &BuildOptions {
        &self.opts
    }

    /// Build the site as it is on disk now, reusing what is still valid.
    pub fn build(&mut self) -> Result<(Built, render::incremental::Reuse), Errors> {
        self.files.forget_tree();
        self.run()
    }

    /// Build again after the watcher reported changes to `paths` (relative
    /// to the site root): files under `content/` that it does not name are
    /// taken as unchanged. The first run, and any change the kept file tree
    /// cannot follow, walks everything as [`Session::build`] does.
    pub fn build_after<'a>(
        &mut self,
        paths: impl IntoIterator<Item = &'a Path>,
    ) -> Result<(Built, render::incremental::Reuse), Errors> {
        self.files.note_changes(&self.opts.root, paths);
        self.run()
    }

    fn run(&mut self) -> Result<(Built, render::incremental::Reuse), Errors> {
        let start = Instant::now();
        let prepared = prepare(
            &self.opts,
            Some(&mut self.files),
            self.templates.take(),
            self.last_site.as_deref(),
        );
        let Prepared {
            site,
            mut templates,
            statics,
            patched,
            warnings,
            ..
        } = match prepared {
            Ok(prepared) => prepared,
            Err(errors) => {
                // The file cache has moved on from the files the last model
                // was made of: it is no base for a patch any more.
                if let Some(previous) = self.last_site.take() {
                    crate::reclaim::later(previous);
                }
                return Err(errors);
            }
        };
        let patch = self.last_site.as_ref().zip(patched.as_deref());
        let rendered = render::incremental::render_incremental(
            site.clone(),
            &mut templates,
            &statics,
            &mut self.cache,
            patch,
        );
        self.templates = Some(templates);
        // The templates' functions held the previous site until the render
        // replaced them: this is its last reference.
        if let Some(previous) = self.last_site.replace(site.clone()) {
            crate::reclaim::later(previous);
        }
        let (output, reuse) = rendered?;
        // The same link checks as `build`, re-indexing only changed outputs.
        let broken = self.links.check(&site, &output);
        if !broken.is_empty() {
            return Err(broken.into());
        }
        Ok((
            Built {
                site,
                output,
                elapsed: start.elapsed(),
                warnings,
            },
            reuse,
        ))
    }
}
