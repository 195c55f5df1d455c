//! The site `versus init` makes, as a newcomer meets it: what init prints,
//! what `build` says about it, and where its comparison is listed.

use super::harness::SiteTest;

fn stdout(site: &SiteTest) -> String {
    String::from_utf8_lossy(&site.last.as_ref().expect("ran").stdout).into_owned()
}

fn stderr(site: &SiteTest) -> String {
    String::from_utf8_lossy(&site.last.as_ref().expect("ran").stderr).into_owned()
}

#[test]
fn init_prints_the_next_command() {
    let site = SiteTest::init(&[]);
    let out = stdout(&site);
    let next = format!("cd {} && versus serve", site.root().display());
    assert!(out.contains(&next), "{out}");
}

#[test]
fn the_summary_says_one_page_and_one_comparison() {
    let mut site = SiteTest::init(&[]);
    site.build(&[]);
    let out = stdout(&site);
    assert!(
        out.starts_with("Built 1 page, 3 sections, 1 comparison, 1 tag in "),
        "{out}"
    );
}

#[test]
fn a_base_url_without_a_host_is_warned_about_on_build() {
    let mut site = SiteTest::init(&[]);
    site.build(&[]);
    let err = stderr(&site);
    assert!(
        err.contains("warning: versus.toml: `base_url` is `/`, so sitemap.xml, atom.xml"),
        "{err}"
    );
    assert!(err.contains("base_url = \"https://example.org/\""), "{err}");
    // The sitemap really does hold host-less URLs: what the warning is about.
    let sitemap = scraper::Html::parse_document(&site.output("sitemap.xml"));
    let locs = scraper::Selector::parse("loc").expect("selector");
    let first = sitemap.select(&locs).next().expect("a <loc>");
    assert_eq!(first.text().collect::<String>(), "/");

    site.build(&["--base-url", "https://example.org/"]);
    assert_eq!(stderr(&site), "");
}

#[test]
fn the_comparison_is_listed_on_its_section_the_home_page_and_in_the_nav() {
    let mut site = SiteTest::init(&[]);
    site.build(&[]);
    let url = "/comparisons/tea-vs-coffee/";
    let section = site.html("comparisons/index.html");
    assert_eq!(section.texts("main .card-title a"), ["Tea vs. coffee"]);
    assert_eq!(section.attrs("main .card-title a", "href"), [url]);
    assert!(!section.texts("main").concat().contains("Nothing here yet"));

    let home = site.html("index.html");
    assert!(
        home.attrs("main .card-title a", "href")
            .iter()
            .any(|h| h == url),
        "{:?}",
        home.attrs("main a", "href")
    );
    assert!(!home.texts("main").concat().contains("Nothing here yet"));
    for page in ["index.html", "articles/first-article/index.html"] {
        let nav = site.html(page).attrs("#site-nav a", "href");
        assert!(nav.iter().any(|h| h == url), "{page}: {nav:?}");
    }
    assert!(site
        .html("comparisons/tea-vs-coffee/index.html")
        .attrs("#site-nav a[aria-current=page]", "href")
        .contains(&url.to_string()));
}

/// The `run:` line of the workflow step named `name`.
fn workflow_step(workflow: &str, name: &str) -> String {
    let doc: serde_yaml_ng::Value = serde_yaml_ng::from_str(workflow).expect("workflow is YAML");
    let steps = doc["jobs"]["build"]["steps"]
        .as_sequence()
        .expect("jobs.build.steps");
    let step = steps
        .iter()
        .find(|s| s["name"].as_str() == Some(name))
        .unwrap_or_else(|| panic!("no step named {name}"));
    step["run"].as_str().expect("a run line").to_string()
}

/// The GitHub Pages workflow's build step, run as Actions would run it
/// (`bash -e`, in the checkout, with `versus` on the PATH and the base URL
/// configure-pages gives a project site), publishes under the sub-path.
#[test]
fn the_github_pages_workflow_builds_the_init_site_under_its_sub_path() {
    let site = SiteTest::init(&["--github-pages"]);
    assert!(stdout(&site).contains(".github/workflows/pages.yml"));
    let workflow = std::fs::read_to_string(site.root().join(".github/workflows/pages.yml"))
        .expect("the workflow was written");
    let build = workflow_step(&workflow, "Build");
    let placeholder = "${{ steps.pages.outputs.base_url }}";
    assert!(build.contains(placeholder), "{build}");
    let command = build.replace(placeholder, "https://someone.github.io/tea-site");
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_versus"));
    let path = std::env::join_paths(
        std::iter::once(bin.parent().expect("bin dir").to_path_buf()).chain(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        )),
    )
    .expect("PATH");
    let out = std::process::Command::new("bash")
        .args(["-e", "-c", &command])
        .current_dir(site.root())
        .env("PATH", path)
        .output()
        .expect("run bash");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // No base_url warning: the workflow gives an absolute one.
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    let home = site.html("index.html");
    assert!(home
        .attrs("link[rel=canonical]", "href")
        .contains(&"https://someone.github.io/tea-site/".to_string()));
    assert!(home
        .attrs("main .card-title a", "href")
        .contains(&"/tea-site/comparisons/tea-vs-coffee/".to_string()));
    // What upload-pages-artifact uploads is the folder the build wrote.
    assert!(workflow.contains("path: public"));
}
