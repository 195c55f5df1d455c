//! The build, end to end: config → load → model → render → (write). Callers
//! (the CLI, the dev server, tests) get an [`OutputTree`] and decide where it goes.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::config::LinkCheck;
use crate::error::{Error, Errors};
use crate::output::{BuildLock, OutputTree, StagingDir};
use crate::render::incremental::PlanMemo;
use crate::render::plan::Plan;
use crate::render::{self, templates::Templates};
use crate::site::{Patch, Site};
use crate::{content, links, theme, zola};

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
    /// What the build let through (see [`crate::error::Warnings`]).
    pub warnings: Vec<Error>,
}

/// A site loaded and modelled, with its templates compiled: ready to render.
struct Prepared {
    site: Arc<Site>,
    templates: Templates,
    statics: Vec<(String, crate::output::OutputFile)>,
    /// Every output the render writes, checked for collisions.
    plan: Plan,
    /// When the model was patched from the base model: which pages differ.
    patched: Option<Patch>,
    /// What the collision check of the plan warned of (in `warnings` too).
    checked: Vec<Error>,
    /// Problems that do not stop the build: Zola settings and front-matter
    /// keys it ignores, links leading outside the site, case-only path
    /// clashes ([`render::plan`]).
    warnings: Vec<Error>,
}

/// Load the config, content and theme, and build the model. All errors of
/// all files are returned together. `files` are parses to reuse (see
/// [`content::load`]); `templates` are kept if their sources have not
/// changed, else compiled anew. Without a file cache (a one-off build) the
/// model keeps no page's text: the render reads each body again
/// ([`content::SourceFile::read_again`]).
///
/// With a `base` (the model the session built last, from the files as the
/// cache last loaded them), an edit of existing pages only is applied to a
/// copy of it ([`Site::patch`]) instead of assembling the model anew.
///
/// `plans` (the session's) may hold the plan of `base`: a patch that
/// changed nothing the plan is made of takes it, and its collision check's
/// warnings, instead of planning and checking again.
fn prepare(
    opts: &BuildOptions,
    mut files: Option<&mut content::FileCache>,
    templates: Option<Templates>,
    base: Option<&Arc<Site>>,
    plans: Option<&mut PlanMemo>,
) -> Result<Prepared, Errors> {
    let root = &opts.root;
    let (mut config, mut warnings) = Config::load(root)?;
    if let Some(url) = &opts.base_url {
        config = config.with_base_url(url)?;
    }
    if let (Some(base), Some(cache)) = (base, files.as_deref_mut()) {
        let edits = content::load_edits(root, config.zola_templates, cache);
        if let Some(patched) = edits.and_then(|mut edits| {
            if config.zola_templates {
                zola::front_matter::drop_templates(edits.iter_mut());
            }
            Site::patch(base, &config, edits, opts.drafts)
        }) {
            warnings.extend(zola::front_matter::load_warnings(
                zola::front_matter::files_of(cache.entries()),
                config.zola_templates,
            ));
            return prepare_patched(root, config, patched, (templates, plans), warnings);
        }
    }
    // Content and theme are independent: load them, and compile the
    // templates, at the same time.
    let (inventory, theme) = rayon::join(
        || {
            let reading = content::Reading {
                languages: content::FileLanguages::new(&config.language, &config.other_languages),
                zola_site: config.zola_templates,
            };
            content::load(root, reading, files)
        },
        || {
            theme::load(root, &config).map(|theme| {
                let compiled = compile(&theme, templates);
                (theme, compiled)
            })
        },
    );
    let mut errors = Errors::default();
    let mut inventory = inventory.map_err(|e| errors.0.extend(e)).ok();
    let (mut theme, compiled) = match theme {
        Ok((theme, compiled)) => (Some(theme), Some(compiled)),
        Err(e) => {
            errors.0.extend(e);
            (None, None)
        }
    };
    // Links leading outside the site, left out.
    let mut outside = Vec::new();
    outside.extend(inventory.as_mut().map(|i| std::mem::take(&mut i.warnings)));
    outside.extend(theme.as_mut().map(|t| std::mem::take(&mut t.warnings)));
    warnings.extend(outside.concat());
    let templates = compiled.and_then(|c| c.map_err(|e| errors.0.extend(e)).ok());
    let site = inventory.and_then(|mut inv| {
        warnings.extend(zola::front_matter::load_warnings(
            zola::front_matter::files_of_inventory(&inv),
            config.zola_templates,
        ));
        if config.zola_templates {
            zola::front_matter::drop_templates(inv.pages.iter_mut());
            for section in &mut inv.sections {
                section.front.template = None;
            }
        }
        Site::assemble(config, inv, opts.drafts)
            .map_err(|e| errors.0.extend(e))
            .ok()
    });
    match (site, templates, theme) {
        (Some(site), Some(templates), Some(theme)) => {
            let statics = theme.statics_for(&site);
            let plan = Plan::of(&site, &templates);
            let checked = check_plan(&plan, &site, &statics, root)?;
            warnings.extend(checked.iter().cloned());
            Ok(Prepared {
                site: Arc::new(site),
                templates,
                statics,
                plan,
                patched: None,
                checked,
                warnings,
            })
        }
        _ => Err(errors),
    }
}

/// The theme's templates compiled: `kept` (the dev server's last) as it
/// is when no template changed, else compiled again reusing what it parsed.
fn compile(
    theme: &theme::ThemeFiles,
    kept: Option<Templates>,
) -> Result<Templates, Vec<crate::Error>> {
    let print = Templates::fingerprint_of(&theme.templates);
    match kept {
        Some(kept) if kept.fingerprint() == print => Ok(kept),
        other => Templates::compile_reusing(&theme.templates, other),
    }
}

/// Every output path of the build, checked for collisions before anything
/// renders ([`render::collisions`]): the errors, or the warnings to show.
fn check_plan(
    plan: &Plan,
    site: &Site,
    statics: &[(String, crate::output::OutputFile)],
    root: &Path,
) -> Result<Vec<crate::Error>, Errors> {
    let found = render::collisions::check(plan, site, statics, root);
    if found.errors.is_empty() {
        Ok(found.warnings)
    } else {
        Err(found.errors.into())
    }
}

/// [`prepare`] for a patched model: the theme and templates as usual, the
/// plan taken from `plans` when it is still the same.
fn prepare_patched(
    root: &Path,
    config: Config,
    (site, patch): (Site, Patch),
    (templates, plans): (Option<Templates>, Option<&mut PlanMemo>),
    mut warnings: Vec<Error>,
) -> Result<Prepared, Errors> {
    let mut theme = theme::load(root, &config)?;
    let templates = compile(&theme, templates)?;
    let statics = theme.statics_for(&site);
    warnings.extend(std::mem::take(&mut theme.warnings));
    let (plan, checked) = match plans.and_then(|p| p.take(&site, &patch, &templates, &statics)) {
        Some(kept) => kept,
        None => {
            let plan = Plan::of(&site, &templates);
            let checked = check_plan(&plan, &site, &statics, root)?;
            (plan, checked)
        }
    };
    warnings.extend(checked.iter().cloned());
    Ok(Prepared {
        statics,
        site: Arc::new(site),
        templates,
        plan,
        patched: Some(patch),
        checked,
        warnings,
    })
}

/// Build the site at `opts.root` into memory. All errors are returned
/// together; broken internal links and anchors in the output are errors too.
pub fn build(opts: &BuildOptions) -> Result<Built, Errors> {
    let mut built = build_unchecked(opts)?;
    let index = links::index_tree(&built.site, &built.output);
    let broken = links::internal_errors(&built.site, &index);
    failing_links(&built.site, broken, &mut built.warnings)?;
    Ok(built)
}

/// The broken links of a build, under the site's `link_check`: all are
/// errors, or (`pages`: `@/` links were checked as the pages rendered) one
/// warning counts them.
fn failing_links(site: &Site, broken: Vec<Error>, warnings: &mut Vec<Error>) -> Result<(), Errors> {
    if broken.is_empty() {
        return Ok(());
    }
    match site.config.link_check {
        LinkCheck::All => Err(broken.into()),
        LinkCheck::Pages => {
            warnings.push(
                Error::new(match broken.len() {
                    1 => "1 broken link in the output that is not an `@/` link to a page (not an error with link_check = \"pages\")".to_string(),
                    n => format!("{n} broken links in the output that are not `@/` links to pages (not errors with link_check = \"pages\")"),
                })
                .with_hint("run `versus check` to list them"),
            );
            Ok(())
        }
    }
}

/// [`build`] without the link checks over the output (`versus check` runs
/// its own, and reports rather than fails).
pub fn build_unchecked(opts: &BuildOptions) -> Result<Built, Errors> {
    let start = Instant::now();
    let Prepared {
        site,
        mut templates,
        statics,
        plan,
        warnings,
        ..
    } = prepare(opts, None, None, None, None)?;
    let output = render::render_site(&site, &plan, &mut templates, &statics, &opts.root)?;
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
    /// Problems that did not stop the build (links leading outside the site).
    pub warnings: Vec<Error>,
}

impl Written {
    /// Zola-style one-line summary.
    pub fn summary(&self) -> String {
        crate::summary::built_line(&self.site, self.elapsed)
    }
}

/// Build and write to `output` atomically: files stream into a staging folder
/// as they render, which replaces `output` only if the whole build succeeded.
/// `explicit` is true when the user named the output folder (allows one
/// outside the site root). One build at a time writes to an output: a
/// second waits for the first ([`BuildLock`]).
pub fn build_to_disk(
    opts: &BuildOptions,
    output: &Path,
    explicit: bool,
) -> Result<Written, Errors> {
    let start = Instant::now();
    crate::output::check_output_dir(&opts.root, output, explicit)?;
    let _lock = BuildLock::take(output)?;
    let Prepared {
        site,
        mut templates,
        statics,
        plan,
        mut warnings,
        ..
    } = prepare(opts, None, None, None, None)?;
    let staging = StagingDir::open(output)?;
    // Links are indexed as files stream past; broken ones stop the publish.
    let expected = plan.outputs.iter().map(|out| out.path.as_str());
    let sink = links::LinkSink::new(&site, &staging, expected);
    let rendered = render::render(
        &site,
        &plan,
        &mut templates,
        &statics,
        &opts.root,
        &sink,
        render::Policy::NoMemo,
    );
    // Links are checked in a whole render only (a failed one misses pages).
    let mut errors = match rendered.and_then(|_| sink.into_index()) {
        Ok(index) => {
            let broken = links::internal_errors(&site, &index);
            // Freeing the index (a string per link target) can overlap the publish.
            crate::reclaim::later(index);
            match failing_links(&site, broken, &mut warnings) {
                Ok(()) => Vec::new(),
                Err(errors) => errors.0,
            }
        }
        Err(errors) => errors,
    };
    if !errors.is_empty() {
        // Files that could not be written are one error, not one each.
        errors.extend(staging.abandon());
        return Err(errors.into());
    }
    staging.publish()?;
    warnings.extend(site.config.warnings());
    Ok(Written {
        site,
        elapsed: start.elapsed(),
        warnings,
    })
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
    /// The render's memos, stage by stage.
    memo: render::incremental::RenderMemo,
    /// The last run's plan, for the next run to take when it is the same.
    plans: PlanMemo,
    links: links::LiveIndex,
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
            memo: render::incremental::RenderMemo::default(),
            plans: PlanMemo::default(),
            links: links::LiveIndex::default(),
            last_site: None,
        }
    }

    /// The options this session builds with.
    pub fn options(&self) -> &BuildOptions {
        &self.opts
    }

    /// The model of the last run that got as far as one.
    pub fn last_site(&self) -> Option<&Arc<Site>> {
        self.last_site.as_ref()
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
            self.last_site.as_ref(),
            Some(&mut self.plans),
        );
        let Prepared {
            site,
            mut templates,
            statics,
            plan,
            patched,
            checked,
            mut warnings,
        } = match prepared {
            Ok(prepared) => prepared,
            Err(errors) => {
                // The file cache has moved on from the files the last model
                // was made of: it is no base for a patch any more.
                if let Some(previous) = self.last_site.take() {
                    crate::reclaim::later(previous);
                }
                self.plans.forget();
                return Err(errors);
            }
        };
        let sink = render::Collect::default();
        let rendered = render::render(
            &site,
            &plan,
            &mut templates,
            &statics,
            &self.opts.root,
            &sink,
            render::Policy::Keep {
                memo: &mut self.memo,
                patch: patched.as_ref(),
            },
        );
        // The patch held the previous site too: let go of it first.
        drop(patched);
        self.plans.keep(&site, &templates, &statics, plan, checked);
        self.templates = Some(templates);
        // The templates' functions held the previous site until the render
        // replaced them: this is its last reference.
        if let Some(previous) = self.last_site.replace(site.clone()) {
            crate::reclaim::later(previous);
        }
        let reuse = rendered?;
        let output = sink.into_tree();
        // The same link checks as `build`, re-indexing only changed outputs.
        let broken = self.links.check(&site, &output);
        failing_links(&site, broken, &mut warnings)?;
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
