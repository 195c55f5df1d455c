//! Rendering the model: Markdown of every page (in parallel), then every
//! template (in parallel), feeds, sitemap, redirects, static files — all into
//! an [`OutputTree`]. Nothing here touches the output folder.

pub mod cached;
pub mod data;
pub mod functions;
pub mod incremental;
pub mod paginate;
pub mod pairs;
pub mod plan;
pub mod recursion;
mod taxonomy;
pub mod templates;
pub mod views;
pub mod zola_keys;

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use crate::compare;
use crate::error::Error;
use crate::markdown::shortcode::{Expansion, ShortcodeCall};
use crate::markdown::{self, Environment, Rendered};
pub use crate::output::Sink;
use crate::output::{OutputFile, OutputPath, OutputTree};
use crate::site::{Site, Target};
use functions::{GetPage, GetSection, GetUrl, Now, Shared};
use templates::Templates;
use views::{RenderedContent, Views};

/// Check `path` and store the file in `sink`.
fn put(sink: &dyn Sink, path: String, file: OutputFile) -> Result<(), Error> {
    sink.put(OutputPath::new(path)?, file)
}

/// Render the whole site into memory. `statics` are the theme's and site's
/// static files.
pub fn render_site(
    site: Arc<Site>,
    templates: &mut Templates,
    statics: &[(String, OutputFile)],
    root: &Path,
) -> Result<OutputTree, Vec<Error>> {
    let tree = Mutex::new(OutputTree::default());
    render_into(site, templates, statics, root, &tree)?;
    Ok(tree.into_inner().unwrap_or_else(PoisonError::into_inner))
}

/// Render the whole site into `sink`. On error, some files may already be in
/// the sink: callers publish its content only when this returns `Ok`.
///
/// Pages are rendered in one parallel pass: Markdown, then (when no template
/// looks up other pages' content) the page's template right away, so a page's
/// HTML is dropped as soon as it is written. Everything that lists pages —
/// sections, tags, the feed — comes in a second pass over the small summaries.
///
/// A one-off build's model holds no page text: each body is read again here
/// ([`crate::content::SourceFile::text_to_render`]) and dropped as soon as its
/// Markdown is rendered.
pub fn render_into(
    site: Arc<Site>,
    templates: &mut Templates,
    statics: &[(String, OutputFile)],
    root: &Path,
    sink: &dyn Sink,
) -> Result<(), Vec<Error>> {
    let shared = Shared {
        site: site.clone(),
        content: Arc::new(OnceLock::new()),
    };
    let comparison_views = comparison_views(&site)?;
    register(
        templates,
        &shared,
        comparison_views.clone(),
        data::LoadData::new(root),
    );
    let config_value = tera::to_value(&site.config).map_err(|e| vec![Error::new(e.to_string())])?;
    let contexts = Contexts::new(&site, &config_value);

    let stream_pages = templates.pages_can_stream();
    let keep_html = feed_pages(&site, !stream_pages);
    let env = MarkdownEnv {
        site: &site,
        templates,
        config: &config_value,
    };
    let no_content = RenderedContent::default();
    let early = Views {
        site: &site,
        content: &no_content,
    };
    let search = site
        .config
        .build_search_index
        .then(crate::search::Vocab::default);
    let pages: Vec<Result<IndexedPage, Vec<Error>>> = site
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, p)| {
            let env = env.for_caller(Caller::Page(i));
            let mut rendered = render_body(&env, Some(&p.file), p.body_offset)?;
            // Index the page now, so its text need not be kept.
            let doc = match &search {
                Some(vocab) => {
                    let source = crate::search::page_source(&site, i, &rendered.text_blocks);
                    let (doc, excerpt) = crate::search::index_doc(vocab, &source);
                    let path = crate::search::excerpt_path(i);
                    put(sink, path, OutputFile::Bytes(excerpt.into())).map_err(|e| vec![e])?;
                    Some(doc)
                }
                None => None,
            };
            // Indexed or not wanted: either way no later step reads them
            // (a tenth of a 10k-page build's heap when they were kept).
            rendered.text_blocks = Vec::new();
            if stream_pages {
                let (path, file) =
                    render_page(i, &rendered, &early, templates, &contexts).map_err(|e| vec![e])?;
                put(sink, path, file).map_err(|e| vec![e])?;
                // Only the page itself shows its table of contents; listings
                // and feeds need the summary, and the feed the HTML.
                rendered.toc = Vec::new();
                if !keep_html[i] {
                    rendered.html = String::new();
                }
            }
            Ok((rendered, doc))
        })
        .collect();
    let sections: Vec<Result<Rendered, Vec<Error>>> = site
        .sections
        .par_iter()
        .enumerate()
        .map(|(i, s)| {
            render_body(
                &env.for_caller(Caller::Section(i)),
                s.file.as_ref(),
                s.body_offset,
            )
        })
        .collect();
    let mut errors = Vec::new();
    let mut search_docs = Vec::new();
    let mut page_content = Vec::with_capacity(pages.len());
    for r in pages {
        let (rendered, doc) = r.unwrap_or_else(|e| {
            errors.extend(e);
            (Rendered::default(), None)
        });
        search_docs.extend(doc);
        page_content.push(Arc::new(rendered));
    }
    let mut keep = |r: Result<Rendered, Vec<Error>>| {
        Arc::new(r.unwrap_or_else(|e| {
            errors.extend(e);
            Rendered::default()
        }))
    };
    let content = RenderedContent {
        pages: page_content,
        sections: sections.into_iter().map(&mut keep).collect(),
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    check_anchors(&site, &content)?;
    let content = shared.content.get_or_init(|| content);
    let views = Views {
        site: &site,
        content,
    };

    // The index is finished before the listings are rendered, so the memory
    // its postings take is free again for them.
    if let Some(vocab) = search {
        for (_, source) in crate::search::later_sources(&site, content) {
            let (doc, excerpt) = crate::search::index_doc(&vocab, &source);
            let path = crate::search::excerpt_path(search_docs.len());
            put(sink, path, OutputFile::Bytes(excerpt.into())).map_err(|e| vec![e])?;
            search_docs.push(doc);
        }
        crate::search::finish(&vocab, search_docs, &|path, file| put(sink, path, file))?;
    }

    let jobs = jobs(&site, templates, stream_pages);
    let errors: Vec<Error> = jobs
        .par_iter()
        .filter_map(|job| {
            render_job(job, &views, templates, &contexts, &comparison_views)
                .and_then(|(path, file)| put(sink, path, file))
                .err()
        })
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let copies = copied_files(&site, statics);
    let errors: Vec<Error> = copies
        .into_par_iter()
        .filter_map(|(path, file)| put(sink, path, file).err())
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// A page's rendered Markdown and, with search on, what the index keeps of it.
type IndexedPage = (Rendered, Option<crate::search::DocIndex>);

/// Files copied as they are: the theme's and site's static files, page
/// bundles' assets (beside their page), and other files under `content/`.
fn copied_files(site: &Site, statics: &[(String, OutputFile)]) -> Vec<(String, OutputFile)> {
    let mut copies: Vec<(String, OutputFile)> = statics.to_vec();
    for page in &site.pages {
        for asset in &page.assets {
            copies.push((
                bundle_asset_path(page, asset),
                OutputFile::Copy(asset.abs.clone()),
            ));
        }
    }
    for asset in &site.loose_assets {
        copies.push((asset.rel.clone(), OutputFile::Copy(asset.abs.clone())));
    }
    copies
}

/// Where a page bundle's asset is copied: beside the page's `index.html`.
fn bundle_asset_path(page: &crate::site::Page, asset: &crate::content::Asset) -> String {
    let name = asset.rel.rsplit('/').next().unwrap_or(&asset.rel);
    format!("{}{name}", page.path)
}

/// Which pages must keep their HTML after their own page is written: those in
/// a feed (or all, when templates may ask for any page's content).
fn feed_pages(site: &Site, all: bool) -> Vec<bool> {
    if all {
        return vec![true; site.pages.len()];
    }
    let mut keep = vec![false; site.pages.len()];
    if site.config.generate_feed {
        for i in feed_order(site) {
            keep[i] = true;
        }
    }
    for s in zola_keys::feed_sections(site) {
        for i in zola_keys::section_feed_order(site, s) {
            keep[i] = true;
        }
    }
    for i in taxonomy::feed_pages(site) {
        keep[i] = true;
    }
    keep
}

/// Dated pages, newest first, cut at `feed_limit`.
fn feed_order(site: &Site) -> Vec<usize> {
    let mut dated: Vec<usize> = (0..site.pages.len())
        .filter(|&i| site.pages[i].front.date.is_some())
        .collect();
    dated.sort_by(|&a, &b| site.pages[b].front.date.cmp(&site.pages[a].front.date));
    if site.config.feed_limit > 0 {
        dated.truncate(site.config.feed_limit);
    }
    dated
}

/// Every comparison's view, computed once; keyed by comparison id.
fn comparison_views(site: &Site) -> Result<Arc<HashMap<String, Value>>, Vec<Error>> {
    let mut map = HashMap::new();
    let mut errors = Vec::new();
    let resolve = |link: &str| site.resolve_link(link);
    for c in &site.comparisons {
        let path = c.path();
        let url = site.config.url_of(&path);
        let permalink = site.config.permalink_of(&path);
        match compare::view::view(c, &url, &permalink, &resolve) {
            Ok(v) => {
                map.insert(c.id().to_string(), v);
            }
            Err(errs) => errors.extend(errs),
        }
    }
    if errors.is_empty() {
        Ok(Arc::new(map))
    } else {
        Err(errors)
    }
}

fn register(
    templates: &mut Templates,
    shared: &Shared,
    comparisons: Arc<HashMap<String, Value>>,
    load_data: data::LoadData,
) {
    let tera = &mut templates.tera;
    tera.register_function("load_data", load_data);
    tera.register_function("get_url", GetUrl(shared.clone()));
    tera.register_function("get_page", GetPage(shared.clone()));
    tera.register_function("get_section", GetSection(shared.clone()));
    taxonomy::register(tera, shared);
    tera.register_function(
        "now",
        Now(chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
    );
    tera.register_function(
        "get_comparison",
        compare::tera_fns::GetComparison(comparisons),
    );
    tera.register_filter("json_script", compare::tera_fns::json_script);
    tera.register_filter("date", functions::date_filter);
    tera.register_filter("markdown", functions::markdown_filter);
    // Last: partials render with the functions registered so far.
    cached::register(tera);
}

/// What Markdown rendering asks of the site: links and shortcodes.
struct MarkdownEnv<'a> {
    site: &'a Site,
    templates: &'a Templates,
    config: &'a Value,
}

/// Where a Markdown body comes from: shortcodes see it as `page` or `section`.
#[derive(Clone, Copy)]
enum Caller {
    Page(usize),
    Section(usize),
}

impl<'a> MarkdownEnv<'a> {
    /// The environment for the body of `caller`.
    fn for_caller(&'a self, caller: Caller) -> BodyEnv<'a> {
        BodyEnv {
            env: self,
            caller,
            caller_value: std::cell::OnceCell::new(),
        }
    }
}

/// [`MarkdownEnv`] for one body: the caller's view is serialized once, and
/// only when a shortcode is called.
struct BodyEnv<'a> {
    env: &'a MarkdownEnv<'a>,
    caller: Caller,
    caller_value: std::cell::OnceCell<Value>,
}

impl BodyEnv<'_> {
    fn caller(&self) -> (&'static str, &Value) {
        let site = self.env.site;
        let value = self.caller_value.get_or_init(|| {
            let view = match self.caller {
                Caller::Page(i) => views::CallerView::page(site, i),
                Caller::Section(i) => views::CallerView::section(site, i),
            };
            tera::to_value(view).unwrap_or(Value::Null)
        });
        let name = match self.caller {
            Caller::Page(_) => "page",
            Caller::Section(_) => "section",
        };
        (name, value)
    }
}

impl Environment for BodyEnv<'_> {
    fn resolve_link(&self, link: &str) -> Result<String, String> {
        self.env.site.resolve_link(link)
    }

    fn anchor_links(&self) -> crate::markdown::anchor::AnchorLinks {
        zola_keys::anchor_links(self.env.site, self.caller)
    }

    fn collect_text(&self) -> bool {
        self.env.site.config.build_search_index
    }

    fn highlight(&self) -> bool {
        self.env.site.config.highlight
    }

    fn anchor_slugs(&self) -> crate::markdown::slug::Strategy {
        self.env.site.config.slugify.anchors
    }

    fn smart_punctuation(&self) -> bool {
        self.env.site.config.smart_punctuation
    }

    fn shortcode_shows_comparison(&self, name: &str) -> bool {
        self.env.templates.shortcode_shows_comparison(name)
    }

    fn shortcode_text(&self, call: &ShortcodeCall) -> String {
        crate::compare::search_text::of_shortcode(&self.env.site.comparisons, call)
    }

    fn render_shortcode(
        &self,
        call: &ShortcodeCall,
        body: Option<&str>,
    ) -> Result<Expansion, String> {
        let templates = self.env.templates;
        let html = format!("shortcodes/{}.html", call.name);
        let md = format!("shortcodes/{}.md", call.name);
        let (name, markdown) = if templates.has(&html) {
            (html, false)
        } else if templates.has(&md) {
            (md, true)
        } else {
            return Err(format!(
                "unknown shortcode `{}`: no template `templates/{html}` (or `.md`)",
                call.name
            ));
        };
        let mut ctx = Context::new();
        for (k, v) in &call.args {
            ctx.insert(k, v);
        }
        ctx.insert("config", self.env.config);
        ctx.insert("nth", &call.nth);
        let (caller, value) = self.caller();
        ctx.insert(caller, value);
        if let Some(body) = body {
            ctx.insert("body", body);
        }
        let out = templates
            .tera
            .render(&name, &ctx)
            .map_err(|e| templates.render_error(&name, &e).to_string())?;
        Ok(if markdown {
            Expansion::Markdown(out)
        } else {
            Expansion::Html(out)
        })
    }
}

/// Render one Markdown body, with errors located in its file.
fn render_body(
    env: &BodyEnv,
    file: Option<&crate::content::SourceFile>,
    body_offset: usize,
) -> Result<Rendered, Vec<Error>> {
    match file {
        Some(file) => {
            let text = file.text_to_render().map_err(|e| vec![e])?;
            render_text(env, &file.display, &text, body_offset)
        }
        None => Ok(Rendered::default()),
    }
}

/// Render the Markdown body of `text` (the file `display`), from `body_offset`.
fn render_text(
    env: &BodyEnv,
    display: &Path,
    text: &str,
    body_offset: usize,
) -> Result<Rendered, Vec<Error>> {
    markdown::render(&text[body_offset..], env).map_err(|errs| {
        errs.into_iter()
            .map(|(offset, msg)| {
                Error::new(msg)
                    .in_file(display)
                    .at_offset(text, body_offset + offset)
            })
            .collect()
    })
}

/// Every `@/page.md#anchor` must name a heading that exists on that page.
fn check_anchors(site: &Site, content: &RenderedContent) -> Result<(), Vec<Error>> {
    let mut errors = Vec::new();
    let sources = site
        .pages
        .iter()
        .zip(&content.pages)
        .map(|(p, r)| (Some(&p.file), p.body_offset, r))
        .chain(
            site.sections
                .iter()
                .zip(&content.sections)
                .map(|(s, r)| (s.file.as_ref(), s.body_offset, r)),
        );
    for (file, body_offset, rendered) in sources {
        let Some(file) = file else { continue };
        for link in &rendered.internal_links {
            let Ok((target, Some(fragment))) = site.lookup(&link.link) else {
                continue;
            };
            let ids = match target {
                Target::Page(i) => &content.pages[i].heading_ids,
                Target::Section(i) => &content.sections[i].heading_ids,
                Target::Comparison(_) => continue,
            };
            if !ids.iter().any(|id| id == fragment) {
                errors.push(
                    Error::new(format!(
                        "broken anchor in `{}`: the target has no heading with id `{fragment}`",
                        link.link
                    ))
                    .in_file(&file.display)
                    .at_offset(&file.source(), body_offset + link.offset)
                    .suggesting(fragment, ids.iter()),
                );
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The template of a comparison's embeddable page (`<comparison>/embed/`:
/// table and widget without the site around them, [`Job::ComparisonEmbed`]).
const EMBED_TEMPLATE: &str = "comparison_embed.html";

/// One file to render with a template.
enum Job<'a> {
    Page(usize),
    /// Section, template, listing page (0 for the section's own page).
    Section(usize, &'a str, usize),
    /// A taxonomy's list, a term's page or feed.
    Taxonomy(taxonomy::TaxonomyJob),
    Comparison(usize),
    ComparisonEmbed(usize),
    ComparisonData(usize),
    /// An "A vs. B" page: comparison, pair ([`pairs`]).
    ComparisonPair(usize, usize),
    /// The JSON Schema of every `data.json`, once per site with comparisons.
    DataSchema,
    Alias {
        from: String,
        to: Target,
    },
    NotFound,
    Sitemap,
    /// The site's feed, or a section's (`generate_feeds`).
    Feed(Option<usize>),
    Robots,
}

impl Job<'_> {
    /// The output file this job writes (the one place that says so: the
    /// render and the [`plan`] of outputs both ask here).
    fn output_path(&self, site: &Site) -> String {
        match self {
            Job::Page(i) => format!("{}index.html", site.pages[*i].path),
            Job::Section(i, _, pager) => {
                format!("{}index.html", paginate::pager_path(site, *i, *pager))
            }
            Job::Taxonomy(job) => job.output_path(site),
            Job::Comparison(i) => format!("{}index.html", site.comparisons[*i].path()),
            Job::ComparisonEmbed(i) => format!("{}embed/index.html", site.comparisons[*i].path()),
            Job::ComparisonData(i) => format!("{}data.json", site.comparisons[*i].path()),
            Job::ComparisonPair(i, n) => pairs::output_path(site, *i, *n),
            Job::DataSchema => compare::view::data_schema_path(),
            Job::Alias { from, .. } => crate::content::alias::output_of(from),
            Job::NotFound => "404.html".to_string(),
            Job::Sitemap => "sitemap.xml".to_string(),
            Job::Feed(s) => zola_keys::feed_path(site, *s),
            Job::Robots => "robots.txt".to_string(),
        }
    }
}

/// Everything left to render; pages too unless they were streamed already.
fn jobs<'a>(site: &'a Site, templates: &Templates, pages_done: bool) -> Vec<Job<'a>> {
    let mut jobs: Vec<Job> = Vec::with_capacity(site.pages.len() + site.sections.len() + 8);
    for (i, p) in site.pages.iter().enumerate() {
        if !pages_done {
            jobs.push(Job::Page(i));
        }
        for alias in &p.front.aliases {
            jobs.push(Job::Alias {
                from: alias.clone(),
                to: Target::Page(i),
            });
        }
    }
    for (i, s) in site.sections.iter().enumerate() {
        let default = if i == site.root {
            "index.html"
        } else {
            "section.html"
        };
        let template = s.front.template.as_deref().unwrap_or(default);
        let template = zola_keys::section_template(s, template);
        let pagers = zola_keys::listing_outputs(s);
        jobs.extend((0..pagers).map(|pager| Job::Section(i, template, pager)));
        jobs.extend(s.front.aliases.iter().map(|from| Job::Alias {
            from: from.clone(),
            to: Target::Section(i),
        }));
        jobs.extend(s.front.generate_feeds.then_some(Job::Feed(Some(i))));
    }
    taxonomy::jobs(site, templates, &mut jobs);
    for i in 0..site.comparisons.len() {
        if templates.has("comparison.html") {
            jobs.push(Job::Comparison(i));
        }
        if templates.has(EMBED_TEMPLATE) {
            jobs.push(Job::ComparisonEmbed(i));
        }
        jobs.push(Job::ComparisonData(i));
    }
    jobs.extend(pairs::jobs(site));
    if !site.comparisons.is_empty() {
        jobs.push(Job::DataSchema);
    }
    if templates.has("404.html") {
        jobs.push(Job::NotFound);
    }
    if site.config.generate_sitemap {
        jobs.push(Job::Sitemap);
    }
    if site.config.generate_feed {
        jobs.push(Job::Feed(None));
    }
    jobs.push(Job::Robots);
    jobs
}

fn render_job(
    job: &Job,
    views: &Views,
    templates: &Templates,
    contexts: &Contexts,
    comparisons: &HashMap<String, Value>,
) -> Result<(String, OutputFile), Error> {
    let site = views.site;
    let (ctx, template): (Context, &str) = match job {
        Job::Page(i) => {
            return render_page(*i, &views.content.pages[*i], views, templates, contexts);
        }
        Job::Section(i, template, pager) => {
            let s = &site.sections[*i];
            if let Some(ctx) = zola_keys::redirect_context(site, *i, &contexts.base)? {
                (ctx, *template)
            } else if s.front.paginate_by.is_some() {
                let path = paginate::pager_path(site, *i, *pager);
                let mut ctx = contexts.at(views, &path, *i);
                ctx.insert("section", &views.section(*i));
                ctx.insert("paginator", &paginate::paginator(views, *i, *pager));
                (ctx, template)
            } else {
                let mut ctx = contexts.at(views, &s.path, *i);
                ctx.insert("section", &views.section(*i));
                (ctx, template)
            }
        }
        Job::Taxonomy(job) => return job.render(views, templates, contexts),
        Job::Comparison(i) => {
            let c = &site.comparisons[*i];
            let mut ctx = contexts.at(views, &c.path(), site.root);
            ctx.insert("comparison", &comparisons[c.id()]);
            (ctx, "comparison.html")
        }
        Job::ComparisonEmbed(i) => {
            let c = &site.comparisons[*i];
            let mut ctx = contexts.at(views, &format!("{}embed/", c.path()), site.root);
            ctx.insert("comparison", &comparisons[c.id()]);
            (ctx, EMBED_TEMPLATE)
        }
        Job::ComparisonPair(i, n) => (
            pairs::context(views, contexts, comparisons, *i, *n),
            pairs::TEMPLATE,
        ),
        Job::ComparisonData(i) => {
            let c = &site.comparisons[*i];
            let json = compare::view::data_json(&comparisons[c.id()]);
            return Ok((
                job.output_path(site),
                OutputFile::Bytes(json.into_bytes().into()),
            ));
        }
        Job::DataSchema => {
            return Ok((
                job.output_path(site),
                OutputFile::Bytes(compare::view::DATA_SCHEMA.as_bytes().to_vec().into()),
            ));
        }
        Job::Alias { to, .. } => {
            let path = site.target_path(*to);
            let mut ctx = contexts.base.clone();
            ctx.insert("url", &site.config.url_of(&path));
            ctx.insert("permalink", &site.config.permalink_of(&path));
            (ctx, "alias.html")
        }
        Job::NotFound => (contexts.at(views, "404.html", site.root), "404.html"),
        Job::Sitemap => {
            let mut ctx = contexts.base.clone();
            ctx.insert("entries", &sitemap_entries(views));
            (ctx, "sitemap.xml")
        }
        Job::Feed(section) => {
            let mut ctx = contexts.base.clone();
            let dated = match *section {
                Some(s) => zola_keys::section_feed_order(site, s),
                None => feed_order(site),
            };
            feed_context(
                &mut ctx,
                views,
                &dated,
                &zola_keys::feed_path(site, *section),
            );
            if let Some(s) = *section {
                ctx.insert("section", &views.section_summary(s));
            }
            (ctx, "atom.xml")
        }
        Job::Robots => {
            let sitemap = site
                .config
                .generate_sitemap
                .then(|| site.config.permalink_of("sitemap.xml"));
            let mut ctx = contexts.base.clone();
            ctx.insert("sitemap_url", &sitemap);
            (ctx, "robots.txt")
        }
    };
    let path = job.output_path(site);
    render_template(templates, template, &ctx, path, LISTING_CAPACITY)
}

/// Output buffer for listings, feeds and the like (grown as needed).
const LISTING_CAPACITY: usize = 16 * 1024;

thread_local! {
    /// What the page template added around the last page's content on this
    /// thread: the next page's output buffer is sized from it, so the
    /// rendered page is not copied from buffer to bigger buffer as it grows.
    static PAGE_FRAME: std::cell::Cell<usize> = const { std::cell::Cell::new(4096) };
}

fn render_page(
    i: usize,
    rendered: &Rendered,
    views: &Views,
    templates: &Templates,
    contexts: &Contexts,
) -> Result<(String, OutputFile), Error> {
    let page = &views.site.pages[i];
    let template = page_template(views.site, i);
    let path = Job::Page(i).output_path(views.site);
    let content = rendered.html.len();
    let capacity = content + PAGE_FRAME.get() + 512;
    let out = contexts.with_page(views, &page.path, page.section, |ctx| {
        ctx.insert("page", &views.page_with(i, rendered));
        render_template(templates, template, ctx, path, capacity)
    });
    if let Ok((_, OutputFile::Bytes(bytes))) = &out {
        PAGE_FRAME.set(bytes.len().saturating_sub(content));
    }
    out
}

/// The template a page asks for, `page.html` by default.
fn page_template(site: &Site, i: usize) -> &str {
    site.pages[i]
        .front
        .template
        .as_deref()
        .or_else(|| zola_keys::page_template(site, i))
        .unwrap_or("page.html")
}

/// Render `template` to the output file `path`, into a buffer of
/// `capacity` bytes to start with.
fn render_template(
    templates: &Templates,
    template: &str,
    ctx: &Context,
    path: String,
    capacity: usize,
) -> Result<(String, OutputFile), Error> {
    if !templates.has(template) {
        return Err(Error::new(format!(
            "template `{template}` not found, needed for /{path}"
        ))
        .with_hint(format!(
            "add `templates/{template}` or check the `template` front matter key"
        )));
    }
    let mut out = Vec::with_capacity(capacity);
    templates
        .tera
        .render_to(template, ctx, &mut out)
        .map(|()| (path, OutputFile::Bytes(out.into())))
        .map_err(|e| templates.render_error(template, &e))
}

/// What every template's context starts from: `config`, and for pages and
/// listings the nav opened at their section, built once per section rather
/// than once per page.
pub(crate) struct Contexts {
    /// Tells this set of contexts from those of other renders (a thread's
    /// kept page context belongs to one).
    serial: u64,
    /// Just `config`.
    base: Context,
    /// `config` and the nav opened at each section, by section index.
    by_section: Vec<OnceLock<Context>>,
}

impl Contexts {
    pub(crate) fn new(site: &Site, config: &Value) -> Contexts {
        let mut base = Context::new();
        base.insert("config", config);
        static NEXT_SERIAL: AtomicU64 = AtomicU64::new(1);
        Contexts {
            serial: NEXT_SERIAL.fetch_add(1, Ordering::Relaxed),
            base,
            by_section: site.sections.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    /// Run `f` with the context of the page at `path` in `section`. Each
    /// thread keeps its last page context and, for the next page of the same
    /// section, only replaces the per-page keys: the config and nav in it
    /// are not copied and freed again for every page.
    fn with_page<R>(
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
            ctx.insert("current_path", path);
            ctx.insert("current_url", &views.site.config.url_of(path));
            f(ctx)
        })
    }

    /// The context of the output at `path`: its path, URL, and the nav
    /// opened at `section`.
    fn at(&self, views: &Views, path: &str, section: usize) -> Context {
        let site = views.site;
        let mut ctx = self.section(views, section);
        ctx.insert("current_path", path);
        ctx.insert("current_url", &site.config.url_of(path));
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

#[derive(Serialize)]
struct SitemapEntry {
    permalink: String,
    updated: Option<String>,
}

fn sitemap_entries(views: &Views) -> Vec<SitemapEntry> {
    let site = views.site;
    let entry = |path: &str, updated: Option<String>| SitemapEntry {
        permalink: site.config.permalink_of(path),
        updated,
    };
    let mut entries: Vec<SitemapEntry> = Vec::new();
    entries.extend(
        zola_keys::sitemap_section_paths(site)
            .iter()
            .map(|path| entry(path, None)),
    );
    entries.extend(site.pages.iter().map(|p| {
        let date = p
            .front
            .updated
            .as_ref()
            .or(p.front.date.as_ref())
            .map(|d| d.0.clone());
        entry(&p.path, date)
    }));
    entries.extend(site.comparisons.iter().map(|c| entry(&c.path(), None)));
    entries.extend(pairs::sitemap_paths(site).map(|path| entry(&path, None)));
    entries.extend(
        taxonomy::sitemap_paths(site)
            .into_iter()
            .map(|p| entry(p, None)),
    );
    entries.sort_by(|a, b| a.permalink.cmp(&b.permalink));
    entries
}

#[derive(Serialize)]
struct FeedEntry<'a> {
    title: &'a str,
    description: Option<&'a str>,
    permalink: String,
    published: String,
    updated: String,
    content: &'a str,
    authors: &'a [String],
}

/// The context of a feed of the pages `dated` (newest first), written to `path`.
fn feed_context(ctx: &mut Context, views: &Views, dated: &[usize], path: &str) {
    let site = views.site;
    let entries: Vec<FeedEntry> = dated
        .iter()
        .map(|&i| {
            let p = &site.pages[i];
            let published = p
                .front
                .date
                .as_ref()
                .map(|d| d.rfc3339())
                .unwrap_or_default();
            let updated = p
                .front
                .updated
                .as_ref()
                .map(|d| d.rfc3339())
                .unwrap_or_else(|| published.clone());
            FeedEntry {
                title: &p.title,
                description: p.front.description.as_deref(),
                permalink: site.config.permalink_of(&p.path),
                published,
                updated,
                content: &views.content.pages[i].html,
                authors: &p.front.authors,
            }
        })
        .collect();
    let updated = entries
        .iter()
        .map(|e| e.updated.clone())
        .max()
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    ctx.insert("pages", &entries);
    ctx.insert("updated", &updated);
    ctx.insert("feed_url", &site.config.permalink_of(path));
}
