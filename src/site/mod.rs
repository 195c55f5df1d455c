//! The model: a [`Site`] of pages, sections, taxonomies and comparisons, each given
//! its URL path, sorted, and indexed so `@/` links resolve in O(1).
//! `place.rs` places one page; `patch.rs` makes a model from the last one
//! after an edit that keeps every page where it was ([`Patch`]).

mod meta;
mod patch;
mod place;
mod taxonomy;

pub use meta::PageMeta;
pub use patch::Patch;
use place::{nearest_section, parent_dir, place, sort_pages, title_from_name, Placed};
pub use taxonomy::{spelling_warnings, Taxonomy, Term};

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::compare::Comparison;
use crate::config::taxonomy::settle_unused;
use crate::config::Config;
use crate::content::front_matter::SectionFront;
use crate::content::{Asset, Inventory, SourceFile};
use crate::error::Error;

/// A Markdown page with its place in the site.
#[derive(Debug, Clone)]
pub struct Page {
    pub file: SourceFile,
    /// The front matter, but for its terms (`tags`, `[taxonomies]`) and
    /// title: those are [`Page::terms`] and [`Page::title`].
    pub front: PageMeta,
    pub body_offset: usize,
    /// Title from front matter, else from the file name.
    pub title: String,
    /// URL path: `guides/who-does-what/` (no leading slash).
    pub path: String,
    /// Index of the section that holds this page in [`Site::sections`].
    pub section: usize,
    /// Terms per taxonomy (indexed like `config.taxonomies`), from
    /// `[taxonomies]` (and `tags` for `tags`).
    pub terms: Vec<Vec<String>>,
    /// Files next to the page's `index.md`, copied into its output folder.
    pub assets: Vec<Asset>,
    /// Previous / next page in the section's order.
    pub lower: Option<usize>,
    pub higher: Option<usize>,
}

/// A folder under `content/`.
#[derive(Debug, Clone)]
pub struct Section {
    /// Folder relative to `content/`, `""` for the root.
    pub dir: String,
    /// Its `_index.md`, when there is one.
    pub file: Option<SourceFile>,
    pub front: SectionFront,
    pub body_offset: usize,
    pub title: String,
    /// URL path: `guides/` (root: `""`).
    pub path: String,
    pub parent: Option<usize>,
    /// Pages, in the section's order.
    pub pages: Vec<usize>,
    /// Child sections, by weight then title.
    pub subsections: Vec<usize>,
    /// Comparisons whose data file is in this folder (or in a folder below
    /// it that is no section), by title: indices into [`Site::comparisons`].
    pub comparisons: Vec<usize>,
}

impl Section {
    /// Where errors about this section point.
    pub fn display(&self) -> String {
        match &self.file {
            Some(f) => f.display().display().to_string(),
            None => format!("content/{}", self.dir),
        }
    }
}

/// The whole site, ready to render.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    /// Pages, each shared: a dev-server rebuild after an edit of a few
    /// pages ([`Site::patch`]) replaces those and keeps the others.
    pub pages: Vec<Arc<Page>>,
    pub sections: Vec<Section>,
    /// Index of the root section (always present).
    pub root: usize,
    /// Terms of each taxonomy, indexed like `config.taxonomies`.
    pub taxonomies: Vec<Taxonomy>,
    pub comparisons: Vec<Comparison>,
    /// `content/`-relative data file of each comparison.
    pub comparison_files: Vec<String>,
    /// Assets that belong to no page-bundle: copied as they are.
    pub loose_assets: Vec<Asset>,
    /// `content/`-relative file → what it is, for `@/` links (shared with
    /// patched models, where it cannot change).
    pub by_file: Arc<HashMap<String, Target>>,
}

/// What an `@/` link can point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Page(usize),
    Section(usize),
    Comparison(usize),
}

impl Site {
    /// Give every loaded item its place: sections, page URLs, order, tags.
    pub fn assemble(mut config: Config, inv: Inventory, drafts: bool) -> Result<Site, Vec<Error>> {
        let mut errors = Vec::new();
        let mut sections: Vec<Section> = Vec::new();
        let mut section_of_dir: BTreeMap<String, usize> = BTreeMap::new();

        // Sections: every folder that holds an `_index.md`, plus the root.
        let mut loaded_sections: BTreeMap<String, _> = inv
            .sections
            .into_iter()
            .map(|s| (s.dir.clone(), s))
            .collect();
        // A draft section hides everything in its folder: pages,
        // subsections, comparisons, files (unless drafts are wanted).
        let hidden: Vec<String> = if drafts {
            Vec::new()
        } else {
            loaded_sections
                .values()
                .filter(|s| s.front.draft && !s.dir.is_empty())
                .map(|s| s.dir.clone())
                .collect()
        };
        let is_hidden = |rel: &str| {
            hidden.iter().any(|dir| {
                rel.strip_prefix(dir.as_str())
                    .is_some_and(|r| r.starts_with('/'))
            })
        };
        let mut section_dirs: Vec<String> = loaded_sections.keys().cloned().collect();
        if !section_dirs.iter().any(|d| d.is_empty()) {
            section_dirs.insert(0, String::new());
        }
        section_dirs.sort();
        for dir in section_dirs {
            let loaded = loaded_sections.remove(&dir);
            let (file, front, body_offset) = match loaded {
                Some(s) => (Some(s.file), s.front, s.body_offset),
                None => (None, SectionFront::default(), 0),
            };
            if is_hidden(&format!("{dir}/")) {
                continue;
            }
            if let Some(file) = file.as_ref().filter(|_| dir.is_empty() && front.draft) {
                let text = file.text_or_read_again();
                let front_text = text.get(..body_offset).unwrap_or_default();
                let at = crate::content::front_matter::key_offset(front_text, "draft").unwrap_or(0);
                errors.push(
                    Error::new("the home page cannot be a draft: it would hide the whole site")
                        .in_file(file.display())
                        .at_offset(&text, at)
                        .with_hint(
                            "remove `draft = true`, or mark the sections or pages as drafts",
                        ),
                );
            }
            let title = front.title.clone().unwrap_or_else(|| {
                if dir.is_empty() {
                    config.title.clone()
                } else {
                    title_from_name(dir.rsplit('/').next().unwrap_or(&dir))
                }
            });
            let path = if dir.is_empty() {
                String::new()
            } else {
                format!("{dir}/")
            };
            section_of_dir.insert(dir.clone(), sections.len());
            sections.push(Section {
                dir,
                file,
                front,
                body_offset,
                title,
                path,
                parent: None,
                pages: Vec::new(),
                subsections: Vec::new(),
                comparisons: Vec::new(),
            });
        }
        let root = section_of_dir[""];
        for i in 0..sections.len() {
            if sections[i].dir.is_empty() {
                continue;
            }
            let parent = nearest_section(&section_of_dir, parent_dir(&sections[i].dir));
            sections[i].parent = Some(parent);
            sections[parent].subsections.push(i);
        }

        // Page bundles: a folder whose `index.md` is a page owns the other
        // files in it. Assets are sorted into bundles in one pass (a search
        // of every asset per bundle was quadratic on sites of bundles).
        let bundle_dirs: HashSet<&str> = inv
            .pages
            .iter()
            .filter_map(|p| p.file.rel.strip_suffix("/index.md"))
            .collect();
        let mut bundle_assets: HashMap<String, Vec<Asset>> = HashMap::new();
        let mut loose_assets = Vec::new();
        for asset in inv.assets {
            if is_hidden(&asset.rel) {
                continue;
            }
            let dir = parent_dir(&asset.rel);
            if bundle_dirs.contains(dir) {
                bundle_assets
                    .entry(dir.to_string())
                    .or_default()
                    .push(asset);
            } else {
                loose_assets.push(asset);
            }
        }
        drop(bundle_dirs);
        // Where each page goes, worked out on all threads.
        let placements: Vec<Result<Placed, Error>> = inv
            .pages
            .par_iter()
            .map(|loaded| place(loaded, &section_of_dir, &config))
            .collect();

        // Sized up front: grown by doubling, these were the largest
        // allocations of a build after the source texts.
        let mut pages: Vec<Arc<Page>> = Vec::with_capacity(inv.pages.len());
        let mut by_file: HashMap<String, Target> = HashMap::with_capacity(inv.pages.len());
        for (loaded, placed) in inv.pages.into_iter().zip(placements) {
            if (loaded.front.draft && !drafts) || is_hidden(&loaded.file.rel) {
                continue;
            }
            let rel = &loaded.file.rel;
            let placed = match placed {
                Ok(placed) => placed,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            let Placed {
                path,
                section,
                terms,
                title,
                is_bundle,
            } = placed;
            let assets = if is_bundle {
                bundle_assets
                    .remove(rel.trim_end_matches("/index.md"))
                    .unwrap_or_default()
            } else {
                Vec::new()
            };
            by_file.insert(rel.clone(), Target::Page(pages.len()));
            pages.push(Arc::new(Page {
                file: loaded.file,
                front: PageMeta::from(loaded.front),
                body_offset: loaded.body_offset,
                title,
                path,
                section,
                terms,
                assets,
                lower: None,
                higher: None,
            }));
        }
        for (i, s) in sections.iter().enumerate() {
            let rel = if s.dir.is_empty() {
                "_index.md".to_string()
            } else {
                format!("{}/_index.md", s.dir)
            };
            by_file.insert(rel, Target::Section(i));
        }
        let (comparison_files, comparisons): (Vec<String>, Vec<Comparison>) = inv
            .comparisons
            .into_iter()
            .filter(|(rel, _)| !is_hidden(rel))
            .unzip();
        for (i, rel) in comparison_files.iter().enumerate() {
            by_file.insert(rel.clone(), Target::Comparison(i));
        }

        // A comparison belongs to the section of its folder, as a page does.
        for (i, rel) in comparison_files.iter().enumerate() {
            sections[nearest_section(&section_of_dir, parent_dir(rel))]
                .comparisons
                .push(i);
        }
        for s in sections.iter_mut() {
            s.comparisons.sort_by(|&a, &b| {
                (comparisons[a].title(), comparisons[a].id())
                    .cmp(&(comparisons[b].title(), comparisons[b].id()))
            });
        }
        for (i, p) in pages.iter().enumerate() {
            sections[p.section].pages.push(i);
            // Zola's `transparent`: listed by the parents too.
            let up = crate::content::zola_keys::listed_in(
                p.section,
                |s| sections[s].front.transparent,
                |s| sections[s].parent,
            );
            for s in up {
                sections[s].pages.push(i);
            }
        }
        for s in sections.iter_mut() {
            sort_pages(&mut s.pages, &pages, s.front.sort_by);
            for w in 0..s.pages.len() {
                let this = s.pages[w];
                // No page is shared before the model is done.
                let page = Arc::get_mut(&mut pages[this]);
                debug_assert!(page.is_some(), "a page shared while the model is assembled");
                if let Some(page) = page {
                    page.lower = w.checked_sub(1).map(|k| s.pages[k]);
                    page.higher = s.pages.get(w + 1).copied();
                }
            }
        }
        let order: Vec<(Option<i64>, String)> = sections
            .iter()
            .map(|s| (s.front.weight, s.title.to_lowercase()))
            .collect();
        for s in sections.iter_mut() {
            s.subsections.sort_by(|&a, &b| order[a].cmp(&order[b]));
        }

        let taxonomies = taxonomy::collect(&config, &pages);
        settle_unused(&mut config.taxonomies, |t| !taxonomies[t].terms.is_empty());
        if errors.is_empty() {
            Ok(Site {
                config,
                pages,
                sections,
                root,
                taxonomies,
                comparisons,
                comparison_files,
                loose_assets,
                by_file: Arc::new(by_file),
            })
        } else {
            Err(errors)
        }
    }

    /// Resolve `@/file.md#anchor` to a root-relative URL.
    pub fn resolve_link(&self, link: &str) -> Result<String, String> {
        let (target, fragment) = self.lookup(link)?;
        let url = self.config.url_of(&self.target_path(target));
        Ok(match fragment {
            Some(f) => format!("{url}#{f}"),
            None => url,
        })
    }

    /// Find what an `@/` link points at, and its `#fragment`.
    pub fn lookup<'l>(&self, link: &'l str) -> Result<(Target, Option<&'l str>), String> {
        let rest = link
            .strip_prefix("@/")
            .ok_or_else(|| format!("`{link}` is not an internal link (they start with `@/`)"))?;
        let (file, fragment) = match rest.split_once('#') {
            Some((f, a)) => (f, Some(a)),
            None => (rest, None),
        };
        // A file name may be written percent-encoded (`Why%20Tea%3F.md`):
        // Markdown link targets cannot hold spaces.
        let found = self
            .by_file
            .get(file)
            .or_else(|| self.by_file.get(crate::url_path::decode(file).as_ref()));
        match found {
            Some(t) => Ok((*t, fragment)),
            None => {
                let languages = crate::content::FileLanguages::new(
                    &self.config.language,
                    &self.config.other_languages,
                );
                let mut msg = match languages.translation(file) {
                    Some(code) => format!(
                        "broken internal link `{link}`: `content/{file}` is a translation \
                         (`{code}`), which is not built: versus builds the site in `{}` only",
                        self.config.language
                    ),
                    None => format!("broken internal link `{link}`: no file `content/{file}`"),
                };
                if let Some(best) =
                    crate::error::closest(file, self.by_file.keys().map(String::as_str))
                {
                    msg.push_str(&format!(" (did you mean `@/{best}`?)"));
                }
                Err(msg)
            }
        }
    }

    /// URL path of a link target.
    pub fn target_path(&self, target: Target) -> String {
        match target {
            Target::Page(i) => self.pages[i].path.clone(),
            Target::Section(i) => self.sections[i].path.clone(),
            Target::Comparison(i) => self.comparisons[i].path(),
        }
    }
}
