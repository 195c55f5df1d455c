//! The example sites under `examples/` build, pass `versus check` without a
//! warning, and show what they are there to show.

use scraper::{Html, Selector};

use super::harness::SiteTest;

#[test]
fn generators_example_builds_six_options_from_its_csv() {
    let mut site = SiteTest::new("../../examples/generators");
    site.run(&["check"]);
    let out = site.last.as_ref().expect("ran");
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{report}");
    assert!(report.contains("0 broken, 0 warnings"), "{report}");
    site.build(&[]);
    let html = std::fs::read_to_string(site.root().join("public/generators/index.html"))
        .expect("comparison page");
    let doc = Html::parse_document(&html);
    let sel = |s: &str| Selector::parse(s).expect("selector");
    let table = doc.select(&sel(".vs-table")).next().expect("table");
    assert_eq!(table.select(&sel("thead th[scope=col]")).count(), 6);
    let groups: Vec<String> = table
        .select(&sel(".vs-group-head th"))
        .map(|th| th.text().collect::<String>().trim().to_string())
        .collect();
    assert_eq!(groups, ["Setup", "Features"]);
    let search = table
        .select(&sel("tr"))
        .find(|tr| tr.text().any(|t| t.contains("Search built in")))
        .expect("search row");
    let text: String = search.text().collect();
    assert_eq!(text.matches("Yes").count(), 3, "{text}");
    assert_eq!(text.matches("No").count(), 3, "{text}");
}
