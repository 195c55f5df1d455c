//! `versus check` and the link checks `versus build` runs: one test per kind
//! of broken link, a site with none, nothing written to disk, and external
//! links against a local HTTP server (never the network).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use super::harness::{snapshot, SiteTest};

/// Run `versus check <args>`: (exit success, stdout).
fn check(site: &mut SiteTest, args: &[&str]) -> (bool, String) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    site.run(&all);
    let out = site.last.as_ref().expect("ran");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "panic:\n{stderr}");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// `check` fails with `needle` in its report, and `build` fails on it too.
fn broken(overlay: &[(&str, &str)], needles: &[&str]) -> String {
    let mut site = SiteTest::new("check-ok");
    for (path, text) in overlay {
        site.write(path, text);
    }
    let (ok, out) = check(&mut site, &[]);
    assert!(!ok, "check should fail:\n{out}");
    for needle in needles {
        assert!(out.contains(needle), "expected `{needle}` in:\n{out}");
    }
    assert!(out.contains("1 broken"), "{out}");
    let stderr = site.build_fails(&[]);
    let located = needles[0].replacen("error: ", "", 1);
    assert!(stderr.contains(&located), "build: {stderr}");
    assert!(
        !site.root().join("public").exists(),
        "a failed build wrote public/"
    );
    out
}

#[test]
fn a_site_without_problems_passes_and_nothing_is_written() {
    let mut site = SiteTest::new("check-ok");
    let before = snapshot(site.root());
    let (ok, out) = check(&mut site, &[]);
    assert!(ok, "{out}");
    assert!(out.contains("0 broken, 0 warnings"), "{out}");
    assert_eq!(before, snapshot(site.root()), "check wrote something");
    site.build(&[]);
}

#[test]
fn relative_link_to_a_missing_page() {
    broken(
        &[(
            "content/guides/c.md",
            "+++\ntitle = \"C\"\n+++\n\nSee [B](../b/) and\n[nothing](../nope/).\n",
        )],
        &[
            "content/guides/c.md:6: error: broken link `../nope/`",
            "nothing is built at /docs/guides/nope/",
        ],
    );
}

#[test]
fn root_relative_link_missing_the_base_path() {
    broken(
        &[(
            "content/guides/c.md",
            "+++\ntitle = \"C\"\n+++\n\n[A](/guides/a/)\n",
        )],
        &[
            "content/guides/c.md:5: error: link `/guides/a/` points outside the site",
            "did you mean `/docs/guides/a/`?",
        ],
    );
}

#[test]
fn root_relative_link_to_a_missing_page() {
    broken(
        &[(
            "content/guides/c.md",
            "+++\ntitle = \"C\"\n+++\n\n[Z](/docs/zzz/)\n",
        )],
        &["content/guides/c.md:5: error: broken link `/docs/zzz/`"],
    );
}

#[test]
fn fragment_missing_on_another_page() {
    broken(
        &[(
            "content/guides/c.md",
            "+++\ntitle = \"C\"\n+++\n\n[B](../b/#detail)\n",
        )],
        &[
            "content/guides/c.md:5: error: broken anchor `../b/#detail`",
            "did you mean `#details`?",
        ],
    );
}

#[test]
fn fragment_missing_on_the_same_page() {
    broken(
        &[(
            "content/guides/c.md",
            "+++\ntitle = \"C\"\n+++\n\n## Top\n\n[up](#tpo)\n",
        )],
        &["content/guides/c.md:7: error: broken anchor `#tpo`"],
    );
}

/// A theme's demo shows the HTML it then uses: the link is reported where
/// it is a link, not in the code block above it that shows the same text.
#[test]
fn a_broken_link_is_located_outside_the_code_that_shows_it() {
    broken(
        &[(
            "content/guides/c.md",
            "+++\ntitle = \"C\"\n+++\n\n```html\n<a href=\"#nowhere\">x</a>\n```\n\nSee `#nowhere`.\n\n<a href=\"#nowhere\">x</a>\n",
        )],
        &["content/guides/c.md:11: error: broken anchor `#nowhere`"],
    );
}

#[test]
fn missing_image() {
    broken(
        &[(
            "content/guides/c.md",
            "+++\ntitle = \"C\"\n+++\n\n![chart](chart.png)\n",
        )],
        &["content/guides/c.md:5: error: missing image `chart.png`"],
    );
}

#[test]
fn broken_link_in_template_output_is_reported_once() {
    let out = broken(
        &[(
            "templates/page.html",
            "<html><body><a href=\"/docs/\">home</a> <a href=\"/docs/nowhere/\">x</a>{{ page.content | safe }}</body></html>",
        )],
        &["error: broken link `/docs/nowhere/`", "(from a template: also on 1 other page)"],
    );
    assert!(out.contains("public/guides/"), "{out}");
}

#[test]
fn broken_link_in_comparison_output() {
    broken(
        &[(
            "content/guides/x.compare.toml",
            "title = \"X\"\n\n[[options]]\nid = \"a\"\nname = \"A\"\nsummary = \"See [missing](/docs/missing/).\"\n\n[[options]]\nid = \"b\"\nname = \"B\"\nsummary = \"Fine.\"\n\n[[dimensions]]\nid = \"d\"\nlabel = \"D\"\n[dimensions.values]\na = \"1\"\nb = \"2\"\n",
        )],
        &["content/guides/x.compare.toml:6: error: broken link `/docs/missing/`"],
    );
}

#[test]
fn unreachable_page_is_a_warning() {
    let mut site = SiteTest::new("check-ok");
    // Templates that list nothing: only links written in content remain.
    let plain = "<html><body>{% if page is defined %}{{ page.content | safe }}{% elif section is defined %}{{ section.content | safe }}{% endif %}</body></html>";
    for t in ["base.html", "index.html", "section.html", "page.html"] {
        site.write(&format!("templates/{t}"), plain);
    }
    site.write(
        "content/lonely.md",
        "+++\ntitle = \"Lonely\"\n+++\n\nNo one links here.\n",
    );
    let (ok, out) = check(&mut site, &[]);
    assert!(ok, "warnings do not fail check:\n{out}");
    assert!(
        out.contains("content/lonely.md: warning: /docs/lonely/ is not linked from any other page"),
        "{out}"
    );
    assert!(!out.contains("guides/b.md: warning"), "{out}");
    site.build(&[]);
}

/// A tiny HTTP server: `/ok` 200, `/gone` 404, `/busy` 429, `/flaky` 500
/// then 200. Counts requests per path.
fn serve() -> (String, Arc<[AtomicUsize; 4]>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let hits: Arc<[AtomicUsize; 4]> = Arc::new(Default::default());
    let counts = Arc::clone(&hits);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            loop {
                let mut header = String::new();
                match reader.read_line(&mut header) {
                    Ok(n) if n > 2 => {}
                    _ => break,
                }
            }
            let path = request.split_whitespace().nth(1).unwrap_or("/");
            let (i, status) = match path {
                "/ok" => (0, "200 OK"),
                "/gone" => (1, "404 Not Found"),
                "/busy" => (2, "429 Too Many Requests"),
                _ => (3, "500 Internal Server Error"),
            };
            let n = counts[i].fetch_add(1, Ordering::SeqCst);
            let status = if i == 3 && n > 0 { "200 OK" } else { status };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi"
            );
        }
    });
    (base, hits)
}

#[test]
fn external_links_with_a_local_server() {
    let (base, hits) = serve();
    let mut site = SiteTest::new("check-ok");
    site.write(
        "content/guides/c.md",
        format!(
            "+++\ntitle = \"C\"\n+++\n\n[ok]({base}/ok) [ok again]({base}/ok)\n\n[gone]({base}/gone)\n\n[busy]({base}/busy)\n\n[flaky]({base}/flaky)\n"
        ),
    );
    // Without --external nothing goes over the network.
    let (ok, _) = check(&mut site, &[]);
    assert!(ok);
    assert_eq!(hits[0].load(Ordering::SeqCst), 0);

    let (ok, out) = check(&mut site, &["--external"]);
    assert!(!ok, "{out}");
    assert!(
        out.contains(&format!(
            "content/guides/c.md:7: error: broken external link `{base}/gone`: HTTP 404"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "warning: external link `{base}/busy` could not be verified: HTTP 429"
        )),
        "{out}"
    );
    assert!(!out.contains("/ok`"), "{out}");
    assert!(
        !out.contains("/flaky`"),
        "a retry should have fixed it:\n{out}"
    );
    assert!(out.contains("1 broken, 1 warning"), "{out}");
    assert_eq!(hits[0].load(Ordering::SeqCst), 1, "one request per URL");
    assert_eq!(hits[1].load(Ordering::SeqCst), 1, "404 is not retried");
    assert_eq!(hits[2].load(Ordering::SeqCst), 3, "429 is retried twice");
    assert_eq!(hits[3].load(Ordering::SeqCst), 2);
}

#[test]
fn new_creates_a_draft_and_refuses_to_overwrite() {
    let mut site = SiteTest::new("check-ok");
    site.run(&["new", "guides/cio-vs-cto"]);
    let out = site.last.as_ref().expect("ran");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text =
        std::fs::read_to_string(site.root().join("content/guides/cio-vs-cto.md")).expect("created");
    assert!(text.starts_with("+++\ntitle = \"Cio vs cto\"\n"), "{text}");
    assert!(text.contains("\ndraft = true\n"), "{text}");
    let today = chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    assert!(text.contains(&format!("\ndate = {today}\n")), "{text}");

    site.run(&["new", "guides/cio-vs-cto", "--title", "Other"]);
    let out = site.last.as_ref().expect("ran");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    let again =
        std::fs::read_to_string(site.root().join("content/guides/cio-vs-cto.md")).expect("kept");
    assert_eq!(text, again);

    site.run(&["new", "notes/quoted", "--title", "Say \"hi\" \\ now"]);
    assert!(site.last.as_ref().expect("ran").status.success());
    // Drafts are left out of a normal build, in with --drafts; both build.
    site.build(&[]);
    assert!(!site.exists("guides/cio-vs-cto/index.html"));
    site.build(&["--drafts"]);
    let page = site.html("notes/quoted/index.html");
    assert_eq!(
        page.texts("h1").first().map(String::as_str),
        Some("Say \"hi\" \\ now")
    );
}

#[test]
fn decision_model_warnings_are_located_and_do_not_fail() {
    let mut site = SiteTest::new("check-ok");
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/compare/model/never-first.compare.toml");
    site.write(
        "content/model.compare.toml",
        std::fs::read(fixture).expect("fixture"),
    );
    let (ok, out) = check(&mut site, &[]);
    assert!(ok, "warnings only:\n{out}");
    assert!(
        out.contains("content/model.compare.toml:2: warning: option `c` never ranks first"),
        "{out}"
    );
    assert!(out.contains("0 broken, "), "{out}");
}
