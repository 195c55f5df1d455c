//! The search index through a real build: files under `public/search/`,
//! their size, and that words lead to the right page and heading — read the
//! way `search.js` reads them (manifest → term chunk → fragment).

use serde_json::Value;

use super::harness::SiteTest;

fn json(site: &SiteTest, rel: &str) -> Value {
    serde_json::from_str(&site.output(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// URLs (with heading anchors) of the fragments a term points at, doc by doc.
pub(super) fn lookup(site: &SiteTest, term: &str) -> Vec<String> {
    let manifest = json(site, "search/index.json");
    let chunks = manifest["chunks"].as_array().expect("chunks");
    let i = chunks
        .iter()
        .rposition(|c| c.as_str().expect("term") <= term)
        .unwrap_or(0);
    let chunk = json(site, &format!("search/t/{i}.json"));
    let Some(entry) = chunk
        .as_array()
        .expect("chunk is an array")
        .iter()
        .find(|e| e[0] == term)
    else {
        return Vec::new();
    };
    let nums: Vec<u64> = entry[1]
        .as_array()
        .expect("postings")
        .iter()
        .map(|n| n.as_u64().expect("integer"))
        .collect();
    let (mut urls, mut doc, mut k) = (Vec::new(), 0, 0);
    while k < nums.len() {
        doc += nums[k];
        let count = nums[k + 2] as usize;
        let excerpt = json(site, &format!("search/f/{doc}.json"));
        for code in &nums[k + 3..k + 3 + count] {
            let url = excerpt["u"].as_str().expect("url");
            match excerpt["f"][(code >> 1) as usize][0]
                .as_str()
                .expect("anchor")
            {
                "" => urls.push(url.to_string()),
                anchor => urls.push(format!("{url}#{anchor}")),
            }
        }
        k += 3 + count;
    }
    urls
}

#[test]
fn words_lead_to_their_page_and_heading() {
    let mut site = SiteTest::new("basic");
    site.build(&[]);
    assert_eq!(lookup(&site, "install"), ["/docs/docs/one/#setup"]);
    assert_eq!(lookup(&site, "again"), ["/docs/docs/one/#setup-1"]);
    assert_eq!(lookup(&site, "more"), ["/docs/docs/one/#custom-id"]);
    // A title word points at the page itself; headings count too.
    let setup = lookup(&site, "setup");
    assert!(
        setup.contains(&"/docs/docs/one/#setup".to_string()),
        "{setup:?}"
    );
    assert!(lookup(&site, "one").contains(&"/docs/docs/one/".to_string()));
    // Drafts are not built, so not indexed.
    assert!(lookup(&site, "unfinished").is_empty());
}

#[test]
fn index_files_are_small_and_listed_in_the_manifest() {
    let mut site = SiteTest::new("basic");
    site.build(&[]);
    let manifest = json(&site, "search/index.json");
    assert_eq!(manifest["version"], 2);
    let chunks = manifest["chunks"].as_array().expect("chunks").len();
    assert!(chunks >= 1);
    for i in 0..chunks {
        assert!(site.exists(&format!("search/t/{i}.json")));
    }
    let dir = site.root().join("public/search");
    let mut total = 0;
    for entry in walkdir::WalkDir::new(&dir) {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let len = entry.metadata().expect("metadata").len();
            assert!(len < 16 * 1024, "{} is {len} bytes", entry.path().display());
            total += len;
        }
    }
    assert!(total < 64 * 1024, "search/ holds {total} bytes");
}

#[test]
fn theme_shows_the_search_box_with_the_sub_path() {
    let mut site = SiteTest::new("basic");
    site.build(&[]);
    let page = site.html("docs/two/index.html");
    assert_eq!(
        page.attrs("[data-search-index]", "data-search-index"),
        ["/docs/search/"]
    );
    assert_eq!(page.count("[role=search] input[role=combobox]"), 1);
    assert_eq!(page.count("[role=search] [aria-live]"), 1);
    assert!(page
        .attrs("script[src]", "src")
        .contains(&"/docs/search.js".to_string()));
    assert!(site.exists("search.js") && site.exists("search.css"));
}

#[test]
fn other_scripts_are_indexed() {
    let mut site = SiteTest::new("basic");
    site.write(
        "content/docs/intl.md",
        "+++\ntitle = \"最高技術責任者\"\n+++\n\n## Обязанности {#duties}\n\nТехнический директор. المدير التقني.\n\n## 東京 {#tokyo}\n\n東京都庁の近く。Crème brûlée.\n",
    );
    site.build(&[]);
    assert_eq!(lookup(&site, "技術"), ["/docs/docs/intl/"]);
    assert_eq!(lookup(&site, "京都"), ["/docs/docs/intl/#tokyo"]);
    assert_eq!(lookup(&site, "технический"), ["/docs/docs/intl/#duties"]);
    assert_eq!(lookup(&site, "التقني"), ["/docs/docs/intl/#duties"]);
    assert_eq!(lookup(&site, "creme"), ["/docs/docs/intl/#tokyo"]);
}

#[test]
fn off_by_default_or_when_switched_off_means_no_index_and_no_box() {
    let on = "build_search_index = true\n";
    for off in ["", "build_search_index = false\n"] {
        let mut site = SiteTest::new("basic");
        let config = std::fs::read_to_string(site.root().join("versus.toml")).expect("config");
        assert!(config.contains(on), "the fixture asks for search");
        site.write("versus.toml", config.replace(on, off));
        site.build(&[]);
        assert!(!site.exists("search/index.json"), "{off:?}");
        let page = site.html("docs/two/index.html");
        assert_eq!(page.count("[data-search-index]"), 0);
        assert!(!page
            .attrs("script[src]", "src")
            .iter()
            .any(|s| s.ends_with("search.js")));
    }
}
