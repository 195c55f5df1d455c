//! Serving: pages, folders, content types, 404s, traversal attempts, and the
//! reload script (in served HTML, never in `versus build` output).

use crate::support::{get, Server};

#[test]
fn serves_the_site_with_the_reload_script() {
    let server = Server::start("serve");
    let (code, home) = server.get("/");
    assert_eq!(code, 200, "{home}");
    assert!(
        home.contains("Welcome to the <strong>serve</strong> fixture"),
        "{home}"
    );
    assert!(
        home.contains("<script src=\"/__versus/livereload.js?build=1\"></script></body>"),
        "{home}"
    );
    let (code, tea) = server.get("/drinks/tea/");
    assert_eq!(code, 200);
    assert!(tea.contains("Tea is leaves in hot water."));
    // Links point at the local server.
    let (_, feed) = server.get("/atom.xml");
    let port = server.base.rsplit(':').next().unwrap_or("?");
    assert!(feed.contains(&format!("127.0.0.1:{port}")), "{feed}");
    assert!(!feed.contains("example.org"), "{feed}");
    // A folder without its slash redirects; assets and statics are served.
    assert_eq!(server.get("/drinks").0, 308);
    let (code, note) = server.get("/guides/third/note.txt");
    assert_eq!((code, note.trim()), (200, "a note next to the third guide"));
    let (code, css) = server.get("/style.css");
    assert_eq!(code, 200);
    assert!(!css.contains("livereload"));
    let (code, js) = server.get("/__versus/livereload.js");
    assert_eq!(code, 200);
    assert!(js.contains("/__versus/ws"));
}

#[test]
fn content_types_and_no_store() {
    let server = Server::start("serve");
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    for (path, ty) in [
        ("/", "text/html; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
        (
            "/tea-vs-coffee/data.json",
            "application/json; charset=utf-8",
        ),
        ("/sitemap.xml", "text/xml; charset=utf-8"),
    ] {
        let resp = agent
            .get(&format!("{}{path}", server.base))
            .call()
            .expect("GET");
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string()
        };
        assert_eq!(header("content-type"), ty, "{path}");
        assert_eq!(header("cache-control"), "no-store", "{path}");
    }
}

#[test]
fn not_found_uses_the_site_404_page() {
    let server = Server::start("serve");
    let (code, body) = server.get("/no/such/page/");
    assert_eq!(code, 404);
    assert!(body.contains("Page not found"), "{body}");
    assert!(body.contains("/__versus/livereload.js"), "{body}");
}

#[test]
fn traversal_attempts_never_reach_the_file_system() {
    let server = Server::start("serve");
    // A file next to the site folder that must never be served.
    std::fs::write(server.path("versus.toml.bak"), "secret").expect("write");
    for path in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/drinks/..%2f..%2fversus.toml",
        "/..%5cversus.toml",
        "//etc/passwd",
        "/etc/passwd",
        "/content/drinks/tea.md",
        "/versus.toml",
        "/%00",
    ] {
        // Send the path as is: the client must not normalise it.
        let (code, body) = raw_get(&server.base, path);
        assert!(code == 404 || code == 400, "{path}: {code}");
        assert!(
            !body.contains("secret") && !body.contains("root:") && !body.contains("[package]"),
            "{path}"
        );
    }
    let _ = get(&server.base);
}

/// GET over a plain socket, so the path goes out exactly as written.
fn raw_get(base: &str, path: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let host = base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(host).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut text = String::new();
    let _ = stream.read_to_string(&mut text);
    let code = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (code, text)
}

#[test]
fn build_output_has_no_reload_script() {
    let site = crate::support::site_copy("serve");
    let out = site.path().join("public");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_versus"))
        .args(["build", "--root"])
        .arg(site.path())
        .status()
        .expect("run versus build");
    assert!(status.success());
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).expect("read");
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains("__versus"), "{}", entry.path().display());
        }
    }
}

/// `serve` and `build` print the same summary: the same things counted, one
/// word for one (`1 comparison`), only the milliseconds differ.
#[test]
fn serve_prints_the_summary_build_prints() {
    let server = Server::start("serve");
    let served = server
        .banner
        .iter()
        .find(|l| l.starts_with("Built "))
        .unwrap_or_else(|| panic!("no summary line in {:#?}", server.banner))
        .clone();
    let site = crate::support::site_copy("serve");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_versus"))
        .args(["build", "--root"])
        .arg(site.path())
        .output()
        .expect("run versus build");
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let without_time = |line: &str| line.split(" in ").next().unwrap_or("").to_string();
    assert_eq!(without_time(&served), without_time(&stdout));
    assert!(served.contains(", 1 comparison,"), "{served}");
}

/// The site `init` makes has `base_url = "/"`: `build` warns about it, but
/// `serve` uses its own address, so it has nothing to warn about.
#[test]
fn serve_does_not_warn_about_a_base_url_without_a_host() {
    let site = tempfile::tempdir().expect("temp dir");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_versus"))
        .arg("init")
        .arg(site.path())
        .output()
        .expect("run versus init");
    assert!(status.status.success());
    let server = Server::start_site(site);
    assert!(
        server.banner.iter().any(|l| l.starts_with("Built 1 page,")),
        "{:#?}",
        server.banner
    );
    assert!(
        !server.banner.iter().any(|l| l.contains("warning")),
        "{:#?}",
        server.banner
    );
    let (code, body) = server.get("/sitemap.xml");
    assert_eq!(code, 200);
    // (Whether `/` comes escaped as `&#x2F;` is not what this test is about.)
    let body = body.replace("&#x2F;", "/");
    assert!(
        body.contains(&format!("<loc>{}/</loc>", server.base)),
        "{body}"
    );
}
