//! Tests of the link index: links stored once, fragments checked against
//! the target page's ids, resolutions reused only where the page does not matter.

use super::*;

#[test]
fn a_kept_resolution_is_only_used_where_the_page_does_not_matter() {
    let mut idx = LinkIndex::new("https://example.org/docs/", "/docs/");
    idx.add_file("b/index.html");
    idx.add_file("a/c/index.html");
    let html = r#"<a href="/docs/b/">b</a> <a href="c/">c</a> <a href="/docs/nope/">x</a>
        <a href="https://example.org/docs/b/">b</a>"#;
    idx.add_html("a/index.html", html);
    idx.add_html("x/y/index.html", html);
    let broken = |path: &str| {
        let mut raws: Vec<&str> = idx
            .findings_of(path)
            .iter()
            .map(|f| idx.strings.str(f.raw))
            .collect();
        raws.sort_unstable();
        raws
    };
    assert_eq!(broken("a/index.html"), ["/docs/nope/"]);
    assert_eq!(broken("x/y/index.html"), ["/docs/nope/", "c/"]);
}

#[test]
fn links_on_many_pages_are_stored_once_and_checked_on_each() {
    let mut idx = LinkIndex::new("/", "/");
    idx.add_file("a/index.html");
    let nav = r#"<a href="/a/">a</a>
<a href="/gone/">gone</a> <a href="/a/#top">top</a>"#;
    for n in 0..50 {
        idx.add_html(&format!("p{n}/index.html"), nav);
    }
    assert_eq!(idx.links.len(), 3);
    let all = idx.findings();
    assert_eq!(all.len(), 50);
    for (_, findings) in &all {
        let lines: Vec<u32> = findings.iter().map(|f| f.line).collect();
        // `/gone/` on line 2; `/a/#top`: a/ has no ids at all (not HTML).
        assert_eq!(lines, [2]);
    }
}

#[test]
fn fragments_are_checked_against_the_target_page_ids() {
    let mut idx = LinkIndex::new("/", "/");
    let ids: String = (0..200)
        .map(|n| format!("<h2 id=\"h{n}\">x</h2>"))
        .collect();
    idx.add_html(
        "a/index.html",
        &format!("{ids}<a href=\"#h7\">x</a><a href=\"#h700\">y</a>"),
    );
    idx.add_html(
        "b/index.html",
        r##"<a href="/a/#h199">ok</a><a href="/a/#nope">no</a><a href="#top">up</a><a href="/a/#Top">up</a>"##,
    );
    let messages = |path: &str| -> Vec<String> {
        idx.findings_of(path)
            .into_iter()
            .map(|f| f.message)
            .collect()
    };
    assert_eq!(messages("a/index.html").len(), 1);
    assert!(messages("a/index.html")[0].contains("`#h700`"));
    let b = messages("b/index.html");
    assert_eq!(b.len(), 1);
    assert!(b[0].contains("has no element with id `nope`"), "{b:?}");
}

#[test]
fn an_index_reading_ids_back_reads_only_the_pages_links_point_into() {
    let pages = [
        (
            "a/index.html",
            r##"<h2 id="one">1</h2><a href="#one">own</a>"##,
        ),
        (
            "b/index.html",
            r##"<h2 id="second">2</h2><a href="/a/#one">ok</a>"##,
        ),
        (
            "c/index.html",
            r##"<a href="/b/#secnd">no</a><a href="/b/">b</a>"##,
        ),
        ("d/index.html", r##"<h2 id="alone">nobody links here</h2>"##),
    ];
    let mut idx = LinkIndex::new("/", "/").for_one_build(std::iter::empty());
    for (path, html) in pages {
        idx.add_html(path, html);
    }
    assert!(pages.iter().all(|(path, _)| idx.ids_of(path).is_none()));
    let read = std::sync::Mutex::new(Vec::new());
    let failed = idx.read_back_ids(&|path| {
        read.lock().unwrap().push(path.to_string());
        let (_, html) = pages.iter().find(|(p, _)| *p == path).unwrap();
        Ok(html.as_bytes().to_vec())
    });
    assert!(failed.is_empty());
    let mut read = read.into_inner().unwrap();
    read.sort();
    assert_eq!(read, ["a/index.html", "b/index.html"]);
    let all = idx.findings();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].0, "c/index.html");
    assert!(
        all[0].1[0]
            .message
            .contains("no element with id `secnd` (did you mean `#second`?)"),
        "{all:?}"
    );
}

#[test]
fn a_page_that_cannot_be_read_back_is_named() {
    let mut idx = LinkIndex::new("/", "/").for_one_build(std::iter::empty());
    idx.add_html("a/index.html", r#"<h2 id="x">x</h2>"#);
    idx.add_html("b/index.html", r##"<a href="/a/#x">x</a>"##);
    let failed = idx.read_back_ids(&|_| Err(std::io::Error::other("gone")));
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].0, "a/index.html");
}

#[test]
fn an_index_for_one_build_keeps_no_link_that_already_lands() {
    let mut idx = LinkIndex::new("/", "/").for_one_build(["b/index.html"].into_iter());
    idx.add_html(
        "a/index.html",
        r##"<a href="/b/">b</a> <a href="/c/">c</a> <a href="/b/#x">x</a> <a href="/d/">d</a>"##,
    );
    // `/b/` is planned: it lands. `/c/` may come later, `/b/#x` needs b's ids.
    let kept: Vec<&str> = idx.links.iter().map(|l| idx.strings.str(l.raw)).collect();
    assert_eq!(kept, ["/c/", "/b/#x", "/d/"]);
    idx.add_html("b/index.html", r#"<h2 id="x">x</h2>"#);
    idx.add_html("c/index.html", "");
    assert!(idx
        .read_back_ids(&|_| Ok(br#"<h2 id="x">x</h2>"#.to_vec()))
        .is_empty());
    let all = idx.findings();
    assert_eq!(all.len(), 1);
    assert!(all[0].1[0].message.contains("broken link `/d/`"), "{all:?}");
}

#[test]
fn a_file_coming_or_going_matters_only_where_a_link_may_land() {
    let mut idx = LinkIndex::new("/", "/");
    idx.add_html(
        "a/index.html",
        r#"<a href="/">home</a> <a href="/b/">b</a> <a href="/c.txt">c</a> <a href="/d">d</a>"#,
    );
    // Each form a link can take to land on the file: itself, its folder
    // (with or without the slash), the root.
    assert!(idx.may_land_on(["b/index.html"]));
    assert!(idx.may_land_on(["c.txt"]));
    assert!(idx.may_land_on(["d/index.html"]));
    assert!(idx.may_land_on(["index.html"]));
    assert!(idx.may_land_on(["x.json", "b/index.html"]));
    // Files no link names (a page itself is not a link to it).
    assert!(!idx.may_land_on(["search/t/3.json", "e/index.html", "b.txt", "a/index.html"]));
    assert!(!idx.may_land_on([]));
    // A link that leaves the base path suggests the one inside it that
    // lands on a file: any file coming or going may change its message.
    let mut idx = LinkIndex::new("/docs/", "/docs/");
    idx.add_html("docs/a/index.html", r#"<a href="/b/">b</a>"#);
    assert!(idx.may_land_on(["docs/e/index.html"]));
}

#[test]
fn a_pages_own_anchors_are_read_as_the_resolver_reads_them() {
    let mut idx = LinkIndex::new("/", "/");
    let html = r##"<h2 id="a b">x</h2><h2 id="q?r">x</h2><h2 id="s:t">x</h2>
        <a href="#a%20b">1</a><a href="#q?r">2</a><a href="#s:t">3</a>
        <a href="#:~:text=x">4</a><a href="#">5</a><a href="#a%2">6</a>"##;
    idx.add_html("p/index.html", html);
    let raws: Vec<&str> = idx
        .findings_of("p/index.html")
        .iter()
        .map(|f| idx.strings.str(f.raw))
        .collect();
    assert_eq!(raws, ["#a%2"]);
    // The resolver gives the same fragments.
    for (url, fragment) in [("#a%20b", "a b"), ("#q?r", "q?r"), ("#s:t", "s:t")] {
        assert_eq!(
            idx.resolver.resolve(url, ""),
            Resolved::Internal(String::new(), Some(fragment.to_string()))
        );
    }
}

#[test]
fn a_shared_stretch_gives_the_findings_of_a_whole_read_and_settles_once_clean() {
    let clean = "<nav><a href=\"/a/\">a</a>\n<a href=\"/p1/\">p1</a></nav>";
    let broken =
        "<nav><a href=\"/a/\">a</a>\n<a href=\"/gone/\">gone</a>\n<a href=\"b/\">b</a></nav>";
    let expected = [
        "a/index.html",
        "p0/index.html",
        "p1/index.html",
        "p2/index.html",
    ];
    let one_build = || LinkIndex::new("/", "/").for_one_build(expected.into_iter());
    let (mut shared, mut whole) = (one_build(), one_build());
    let scans: Vec<Arc<html::Scanned>> = [clean, broken]
        .iter()
        .map(|nav| Arc::new(html::scan_fragment(nav).unwrap()))
        .collect();
    for n in 0..3 {
        let page = format!(
            "<html>\n<body>{clean}\n<main><a href=\"/missing/\">m</a></main>\n{broken}\n<a href=\"/a/\">a</a></body>"
        );
        let known: Vec<html::Known> = [clean, broken]
            .iter()
            .zip(&scans)
            .map(|(nav, scanned)| {
                let start = page.find(nav).unwrap();
                html::Known {
                    start,
                    end: start + nav.len(),
                    scanned: scanned.clone(),
                    lasting: true,
                }
            })
            .collect();
        let path = format!("p{n}/index.html");
        let scan = html::scan_with(&page, &known);
        assert_eq!(scan.shared.len(), 2);
        shared.add_scanned(&path, scan);
        whole.add_scanned(&path, html::scan(&page));
        // The clean nav is settled by the first page; the broken one never.
        let settled: Vec<usize> = shared.settled.keys().copied().collect();
        assert_eq!(settled, [Arc::as_ptr(&scans[0]) as usize]);
    }
    // A stretch made for one output (its own TOC) never settles: its scan
    // is not kept, and its address could come again.
    let own = Arc::new(html::scan_fragment(clean).unwrap());
    let page = format!("<p>{clean}</p>");
    let known = [html::Known {
        start: 3,
        end: 3 + clean.len(),
        scanned: own,
        lasting: false,
    }];
    shared.add_scanned("a/index.html", html::scan_with(&page, &known));
    assert_eq!(shared.settled.len(), 1);
    let lines = |idx: &LinkIndex| -> Vec<(String, Vec<(String, u32)>)> {
        idx.findings()
            .into_iter()
            .map(|(path, found)| {
                let found = found
                    .iter()
                    .map(|f| (idx.strings.str(f.raw).to_string(), f.line))
                    .collect();
                (path.to_string(), found)
            })
            .collect()
    };
    let found = lines(&shared);
    assert_eq!(found, lines(&whole));
    // `/missing/` on line 4, `/gone/` on line 6, `b/` on line 7, each page.
    assert_eq!(found.len(), 3);
    for (_, page) in &found {
        let raw_lines: Vec<(&str, u32)> = page.iter().map(|(r, l)| (r.as_str(), *l)).collect();
        assert_eq!(raw_lines, [("/missing/", 4), ("/gone/", 6), ("b/", 7)]);
    }
}

#[test]
fn a_stretch_placed_twice_on_a_page_gives_the_findings_of_a_whole_read() {
    // A page's table of contents, shown twice: a clean one is looked at
    // once, but what a broken or external link comes to is reported at both
    // places, as a whole read reports it. So for a shared stretch whose
    // links depend on the page (it never settles).
    let clean = "<ol><li><a href=\"#one\">1</a></li></ol>";
    let broken = "<ol><li><a href=\"#nope\">x</a></li></ol>";
    let external = "<ol><li><a href=\"https://example.com/\">e</a></li></ol>";
    let nav = "<nav><a href=\"#one\">up</a></nav>";
    let page = format!(
        "<h2 id=\"one\">1</h2>\n{clean}\n{broken}\n{external}\n{nav}\n<main></main>\n{clean}\n{broken}\n{external}\n{nav}"
    );
    let mut known = Vec::new();
    for text in [clean, broken, external, nav] {
        let scanned = Arc::new(html::scan_fragment(text).unwrap());
        for (start, _) in page.match_indices(text) {
            known.push(html::Known {
                start,
                end: start + text.len(),
                scanned: scanned.clone(),
                lasting: text == nav,
            });
        }
    }
    known.sort_by_key(|k| k.start);
    let expected = ["p/index.html"];
    let one_build = || LinkIndex::new("/", "/").for_one_build(expected.into_iter());
    let (mut shared, mut whole) = (one_build(), one_build());
    let scan = html::scan_with(&page, &known);
    assert_eq!(scan.shared.len(), 8);
    shared.add_scanned("p/index.html", scan);
    whole.add_scanned("p/index.html", html::scan(&page));
    let findings = |idx: &LinkIndex| -> Vec<(String, u32)> {
        idx.findings()
            .into_iter()
            .flat_map(|(_, found)| {
                found
                    .iter()
                    .map(|f| (idx.strings.str(f.raw).to_string(), f.line))
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    assert_eq!(
        findings(&shared),
        [("#nope".to_string(), 3), ("#nope".to_string(), 8)]
    );
    assert_eq!(findings(&shared), findings(&whole));
    assert_eq!(shared.external, whole.external);
    assert_eq!(shared.external["https://example.com/"].len(), 2);
    assert!(shared.settled.is_empty());
}

/// A `#part` link to a redirect page that keeps the part (versus's
/// `alias.html`) is checked on the page it sends to; one to a redirect out
/// of the site is not checked; a plain meta refresh drops the part, so a
/// link through it is checked on the redirect page itself.
#[test]
fn a_part_is_followed_through_a_redirect_that_keeps_it() {
    let redirect = |to: &str| {
        format!(
            r#"<script src="/versus-redirect.js" data-to="{to}"></script><meta http-equiv="refresh" content="0; url={to}"><a href="{to}">moved</a>"#
        )
    };
    let links = r##"<a href="/old/#h1">ok</a>
<a href="/old/#nope">no</a>
<a href="/away/#anything">out</a>
<a href="/plain/#h1">plain</a>"##;
    for one_build in [false, true] {
        let mut idx = LinkIndex::new("/", "/");
        if one_build {
            let expected = [
                "new/index.html",
                "old/index.html",
                "away/index.html",
                "plain/index.html",
                "p/index.html",
                "versus-redirect.js",
            ];
            idx = idx.for_one_build(expected.into_iter());
        }
        idx.add_file("versus-redirect.js");
        idx.add_html("new/index.html", r#"<h2 id="h1">One</h2>"#);
        idx.add_html("old/index.html", &redirect("/new/"));
        idx.add_html("away/index.html", &redirect("https://example.com/"));
        idx.add_html(
            "plain/index.html",
            r#"<meta http-equiv="refresh" content="0; url=/new/">"#,
        );
        idx.add_html("p/index.html", links);
        if one_build {
            let pages = [("new/index.html", r#"<h2 id="h1">One</h2>"#.to_string())];
            let failed = idx.read_back_ids(&|path| {
                let html = pages
                    .iter()
                    .find(|(p, _)| *p == path)
                    .map_or(String::new(), |(_, h)| h.clone());
                Ok(html.into_bytes())
            });
            assert!(failed.is_empty());
        }
        let found: Vec<(u32, String)> = idx
            .findings_of("p/index.html")
            .into_iter()
            .map(|f| (f.line, f.message))
            .collect();
        assert_eq!(
            found,
            [
                (
                    2,
                    "broken anchor `/old/#nope`: /new/ has no element with id `nope`".to_string()
                ),
                (
                    4,
                    "broken anchor `/plain/#h1`: /plain/ has no element with id `h1`".to_string()
                ),
            ],
            "one build: {one_build}"
        );
    }
}
