//! Template contexts and the one call that renders a template into an
//! output file. Every context starts from `config`; pages and listings add
//! the nav opened at their section, built once per section.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

use serde::Serialize;

use tera::{Context, Value};

use super::cached;
use super::overwrite;
use super::templates::Templates;
use super::views::{self, Views};
use crate::error::Error;
use crate::output::OutputFile;
use crate::site::Site;

/// Output buffer for listings, feeds and the like (grown as needed).
pub const LISTING_CAPACITY: usize = 16 * 1024;

/// Entries (pages) a listing's value lists at most to be kept for the next
/// listing to write over: a few megabytes held while the listings render.
const SPARE_ENTRIES: usize = 1_000;

thread_local! {
    /// What the page template added around the last page's content on this
    /// thread: the next page's output buffer is sized from it, so the
    /// rendered page is not copied from buffer to bigger buffer as it grows.
    pub static PAGE_FRAME: std::cell::Cell<usize> = const { std::cell::Cell::new(4096) };
}

/// Render `template` for the output file `path` (named in errors), into a
/// buffer of `capacity` bytes to start with.
pub fn render_template(
    templates: &Templates,
    template: &str,
    ctx: &Context,
    path: &str,
    capacity: usize,
) -> Result<OutputFile, Error> {
    if !templates.has(template) {
        return Err(Error::new(format!(
            "template `{template}` not found, needed for /{path}"
        ))
        .with_hint(format!(
            "add `templates/{template}` or check the `template` front matter key"
        )));
    }
    let mut out = Vec::with_capacity(capacity);
    crate::links::fragments::forget();
    cached::with_caller(ctx, || templates.tera.render_to(template, ctx, &mut out))
        .map(|()| OutputFile::Bytes(out.into()))
        .map_err(|e| templates.render_error(template, &e))
}

/// Set the output's site path and URL in `ctx` (`current_path`,
/// `current_url`).
pub fn locate(ctx: &mut Context, site: &Site, path: &str) {
    overwrite::insert(ctx, "current_path", path);
    overwrite::insert(ctx, "current_url", &site.config.url_of(path));
}

/// What every template's context starts from: `config`, and for pages and
/// listings the nav opened at their section, built once per section
/// rather than once per page.
pub struct Contexts {
    /// Tells this set of contexts from those of other renders (a thread's
    /// kept page context belongs to one).
    serial: u64,
    /// Just `config`.
    pub base: Context,
    /// `config` and the nav opened at each section, by section index.
    by_section: Vec<OnceLock<Context>>,
    /// Listings' values given back once rendered ([`Contexts::give_back`]),
    /// by key: the next listing writes over one rather than making its
    /// own (a tag's page lists every page that has the tag).
    spares: overwrite::Spares,
}

impl Contexts {
    pub fn new(site: &Site, config: &Value) -> Contexts {
        let mut base = Context::new();
        base.insert("config", config);
        static NEXT_SERIAL: AtomicU64 = AtomicU64::new(1);
        Contexts {
            serial: NEXT_SERIAL.fetch_add(1, Ordering::Relaxed),
            base,
            by_section: site.sections.iter().map(|_| OnceLock::new()).collect(),
            spares: overwrite::Spares::default(),
        }
    }

    /// Set `ctx[key]` to `value`, written over a value a listing gave back
    /// under `key` ([`Contexts::give_back`]), if there is one.
    pub fn insert_listing<T: Serialize>(&self, ctx: &mut Context, key: &'static str, value: &T) {
        overwrite::insert_over(ctx, key, self.spares.take(key), value);
    }

    /// Keep `ctx[key]` (the context is done with) for the next
    /// [`Contexts::insert_listing`] of `key`, if it lists at most
    /// [`SPARE_ENTRIES`] `entries`: a big site's long listings are freed as
    /// before, so what is kept does not raise the peak memory of the
    /// build, which is the listings'.
    pub fn give_back(&self, mut ctx: Context, key: &'static str, entries: usize) {
        if entries <= SPARE_ENTRIES {
            if let Some(value) = ctx.remove(key) {
                self.spares.give(key, value);
            }
        }
    }

    /// Run `f` with the context of the page at `path` in `section`. Each
    /// thread keeps its last page context and, for the next page of the same
    /// section, only replaces the per-page keys: the config and nav in it
    /// are not copied and freed again for every page.
    pub fn with_page<R>(
        &self,
        views: &Views,
        path: &str,
        section: usize,
        f: impl FnOnce(&mut Context) -> R,
    ) -> R {
        thread_local! {
            /// (serial of the [`Contexts`], section, context).
            static KEPT: RefCell<Option<(u64, usize, Context)>> = const { RefCell::new(None) };
        }
        KEPT.with(|kept| {
            let Ok(mut kept) = kept.try_borrow_mut() else {
                // A page rendered while this thread renders another one.
                let mut ctx = self.at(views, path, section);
                return f(&mut ctx);
            };
            if !matches!(&*kept, Some((serial, s, _)) if *serial == self.serial && *s == section) {
                *kept = None;
            }
            let (_, _, ctx) =
                kept.get_or_insert_with(|| (self.serial, section, self.section(views, section)));
            locate(ctx, views.site, path);
            f(ctx)
        })
    }

    /// Tells this set of contexts from those of other renders (for what a
    /// thread keeps between outputs: `paginate::with_listing`).
    pub fn serial(&self) -> u64 {
        self.serial
    }

    /// The context of the output at `path`: its path, URL, and the nav
    /// opened at `section`.
    pub fn at(&self, views: &Views, path: &str, section: usize) -> Context {
        let mut ctx = self.section(views, section);
        locate(&mut ctx, views.site, path);
        ctx
    }

    /// `config` and the nav opened at `section`.
    fn section(&self, views: &Views, section: usize) -> Context {
        let site = views.site;
        self.by_section[section]
            .get_or_init(|| {
                let mut ctx = self.base.clone();
                let open = views::open_sections(site, section);
                ctx.insert("nav", &views.nav(site.root, &open));
                ctx
            })
            .clone()
    }
}
