//! The Markdown stage: every page's and section's body, rendered in
//! parallel — or, under the dev server's policy, reused from the memo
//! ([`MarkdownMemo`]) when its key is unchanged: the file's text, where
//! each of its `@/` links resolves now, the caller's URL path, and what
//! every body sees (config, shortcode templates, comparisons).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::body::{render_body, Caller, MarkdownEnv};
use crate::content::SourceFile;
use crate::error::Error;
use crate::hash::hash_of;
use crate::markdown::Rendered;
use crate::search::DocIndex;
use crate::site::Site;

/// A body's Markdown key (0 without a memo) and its rendering.
pub type Keyed = (u64, Arc<Rendered>);

/// A page's body, with its search document when one was made, or errors.
type PageResult = Result<(Body, Option<DocIndex>), Vec<Error>>;

/// Each body's Markdown key and rendering, by source file
/// (`content/`-relative), kept between dev-server renders.
#[derive(Default)]
pub struct MarkdownMemo {
    by_file: HashMap<String, Keyed>,
}

/// What the Markdown stage may reuse (the keep-everything policy).
pub struct Reusing<'a> {
    pub memo: &'a MarkdownMemo,
    /// What every body's key includes.
    pub global: u64,
    /// When the model is a patch of the last render's: that render's page
    /// bodies, and which pages the patch changed. The others are reused
    /// without working out their keys.
    pub last: Option<(&'a [Keyed], &'a [bool])>,
}

impl Reusing<'_> {
    /// The key of `file`'s body with these `links`, for `caller`.
    fn key(
        &self,
        site: &Site,
        file: &SourceFile,
        caller: Caller,
        links: &[crate::markdown::InternalLink],
    ) -> u64 {
        let resolved: Vec<Result<String, String>> =
            links.iter().map(|l| site.resolve_link(&l.link)).collect();
        // Shortcodes see the caller's URL path (the rest of what they see
        // of it comes from the file and the config).
        let path = match caller {
            Caller::Page(i) => &site.pages[i].path,
            Caller::Section(i) => &site.sections[i].path,
        };
        let anchors = super::zola_keys::anchor_links(site, caller);
        hash_of((self.global, file.hash, &file.rel, path, resolved, anchors))
    }

    /// The kept body of `file`, when its key is unchanged.
    fn lookup(&self, site: &Site, file: &SourceFile, caller: Caller) -> Option<Body> {
        let (key, rendered) = self.memo.by_file.get(&file.rel)?;
        (*key == self.key(site, file, caller, &rendered.internal_links)).then(|| Body {
            key: *key,
            rendered: rendered.clone(),
            fresh: false,
        })
    }
}

/// One body: its key (0 without a memo), rendering, and whether it was
/// rendered now.
struct Body {
    key: u64,
    rendered: Arc<Rendered>,
    fresh: bool,
}

/// Every body of the site.
pub struct Bodies {
    /// Per page: key and rendering.
    pub pages: Vec<Keyed>,
    /// Per section: key and rendering (empty for a section without file).
    pub sections: Vec<Keyed>,
    /// What the per-page step returned (search documents), in page order.
    pub docs: Vec<DocIndex>,
    /// How many bodies were rendered now (not reused).
    pub rendered: usize,
    /// Bodies rendered now, by file, for the memo.
    fresh: Vec<(String, u64, Arc<Rendered>)>,
    /// What went wrong: the bodies concerned are empty.
    pub errors: Vec<Error>,
}

/// A step run on each page's freshly rendered Markdown, on the thread that
/// rendered it: a one-off build indexes it for search and writes the page
/// there and then, and drops what no later step reads.
pub type AfterPage<'a> =
    dyn Fn(usize, &mut Rendered) -> Result<Option<DocIndex>, Vec<Error>> + Sync + 'a;

/// Pages rendered as one task, at most. Rayon splits a list into a few
/// long runs when no thread is idle, and the last run can keep one thread
/// busy for a tenth of a second after the other is done; short runs cost
/// a join each (microseconds), and balance the end.
const PAGES_PER_TASK: usize = 16;

/// Render (or reuse) every body. All errors are returned together, in
/// [`Bodies::errors`] (bodies rendered without one are kept all the same).
pub fn render_all(env: &MarkdownEnv, reusing: Option<&Reusing>, after_page: &AfterPage) -> Bodies {
    let site = env.site;
    let pages: Vec<PageResult> = site
        .pages
        .par_iter()
        .with_max_len(PAGES_PER_TASK)
        .enumerate()
        .map(|(i, p)| {
            if let Some(r) = reusing {
                let kept = match r.last {
                    Some((last, changed)) if !changed[i] => Some(Body {
                        key: last[i].0,
                        rendered: last[i].1.clone(),
                        fresh: false,
                    }),
                    _ => r.lookup(site, &p.file, Caller::Page(i)),
                };
                if let Some(body) = kept {
                    return Ok((body, None));
                }
            }
            let caller = Caller::Page(i);
            let mut rendered = render_body(&env.for_caller(caller), Some(&p.file), p.body_offset)?;
            let key = reusing.map_or(0, |r| {
                r.key(site, &p.file, caller, &rendered.internal_links)
            });
            let doc = after_page(i, &mut rendered)?;
            let rendered = Arc::new(rendered);
            Ok((
                Body {
                    key,
                    rendered,
                    fresh: true,
                },
                doc,
            ))
        })
        .collect();
    let sections: Vec<Result<Body, Vec<Error>>> = site
        .sections
        .par_iter()
        .enumerate()
        .map(|(i, s)| {
            let Some(file) = &s.file else {
                return Ok(Body {
                    key: 0,
                    rendered: Arc::default(),
                    fresh: false,
                });
            };
            let caller = Caller::Section(i);
            if let Some(body) = reusing.and_then(|r| r.lookup(site, file, caller)) {
                return Ok(body);
            }
            let rendered = render_body(&env.for_caller(caller), Some(file), s.body_offset)?;
            let key = reusing.map_or(0, |r| r.key(site, file, caller, &rendered.internal_links));
            Ok(Body {
                key,
                rendered: Arc::new(rendered),
                fresh: true,
            })
        })
        .collect();
    collect(site, pages, sections, reusing.is_some())
}

/// The bodies in model order, and all errors.
fn collect(
    site: &Site,
    pages: Vec<PageResult>,
    sections: Vec<Result<Body, Vec<Error>>>,
    memo: bool,
) -> Bodies {
    let mut errors = Vec::new();
    let mut out = Bodies {
        pages: Vec::with_capacity(pages.len()),
        sections: Vec::with_capacity(sections.len()),
        docs: Vec::new(),
        rendered: 0,
        fresh: Vec::new(),
        errors: Vec::new(),
    };
    let mut rendered = 0;
    let mut keep = |body: Body, rel: Option<&str>, fresh: &mut Vec<_>| {
        rendered += usize::from(body.fresh);
        if memo && body.fresh {
            if let Some(rel) = rel {
                fresh.push((rel.to_string(), body.key, body.rendered.clone()));
            }
        }
        (body.key, body.rendered)
    };
    for (r, p) in pages.into_iter().zip(&site.pages) {
        match r {
            Ok((body, doc)) => {
                out.docs.extend(doc);
                let kept = keep(body, Some(&p.file.rel), &mut out.fresh);
                out.pages.push(kept);
            }
            Err(e) => {
                errors.extend(e);
                out.pages.push((0, Arc::default()));
            }
        }
    }
    for (r, s) in sections.into_iter().zip(&site.sections) {
        match r {
            Ok(body) => {
                let rel = s.file.as_ref().map(|f| f.rel.as_str());
                let kept = keep(body, rel, &mut out.fresh);
                out.sections.push(kept);
            }
            Err(e) => {
                errors.extend(e);
                out.sections.push((0, Arc::default()));
            }
        }
    }
    out.rendered = rendered;
    out.errors = errors;
    out
}

impl MarkdownMemo {
    /// Keep the bodies `bodies` rendered now, and forget those of files
    /// that are gone from `site`.
    pub fn keep(&mut self, site: &Site, bodies: &mut Bodies) {
        for (rel, key, rendered) in bodies.fresh.drain(..) {
            self.by_file.insert(rel, (key, rendered));
        }
        // Every body of the site is in the memo now; anything more is of
        // files that are gone.
        let live_bodies =
            site.pages.len() + site.sections.iter().filter(|s| s.file.is_some()).count();
        if self.by_file.len() > live_bodies {
            let live: HashSet<&str> = site
                .pages
                .iter()
                .map(|p| p.file.rel.as_str())
                .chain(
                    site.sections
                        .iter()
                        .filter_map(|s| s.file.as_ref().map(|f| f.rel.as_str())),
                )
                .collect();
            self.by_file.retain(|rel, _| live.contains(rel.as_str()));
        }
    }
}
