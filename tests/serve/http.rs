//! Serving: pages, folders, content types, 404s, traversal attempts, and the
//! reload script (in served HTML, never in `versus build` output).

use crate::support::{get, raw_request, Server};

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
    let host = base.trim_start_matches("http://");
    raw_request(
        host,
        &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    )
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

/// A request for `path` naming `host`, sent as is.
fn request_for(server: &Server, host: &str, path: &str) -> (u16, String) {
    raw_request(
        server.authority(),
        &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    )
}

#[test]
fn requests_for_other_hosts_are_refused() {
    // DNS rebinding: a web page re-points its own name at 127.0.0.1 and reads
    // the local server as if it were its own origin; its requests carry its name.
    let server = Server::start("serve");
    let port = server
        .authority()
        .rsplit(':')
        .next()
        .unwrap_or("0")
        .to_string();
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        format!("192.0.2.7:{port}"),
    ] {
        for path in [
            "/",
            "/drinks/tea/",
            "/__versus/status",
            "/__versus/livereload.js",
        ] {
            let (code, body) = request_for(&server, &host, path);
            assert_eq!(code, 403, "{host} {path}: {body}");
            assert!(!body.contains("Tea is leaves"), "{host} {path}");
            assert!(!body.contains("\"builds\""), "{host} {path}");
        }
    }
    // No Host at all (HTTP/1.0) is no better.
    let (code, _) = raw_request(server.authority(), "GET / HTTP/1.0\r\n\r\n");
    assert_eq!(code, 403);
    // An absolute request target names the host too.
    let (code, _) = raw_request(
        server.authority(),
        &format!(
            "GET http://evil.example/ HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            server.authority()
        ),
    );
    assert_eq!(code, 403);

    for host in [
        server.authority().to_string(),
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
        format!("docs.localhost:{port}"),
        format!("[::1]:{port}"),
        "127.0.0.1".to_string(),
    ] {
        let (code, body) = request_for(&server, &host, "/drinks/tea/");
        assert_eq!(code, 200, "{host}: {body}");
        assert!(body.contains("Tea is leaves in hot water."), "{host}");
    }
}

#[test]
fn reload_socket_refuses_other_origins() {
    use tungstenite::client::IntoClientRequest;
    let server = Server::start("serve");
    let url = format!("ws://{}/__versus/ws", server.authority());
    let with_origin = |origin: &str| {
        let mut request = url.as_str().into_client_request().expect("request");
        request
            .headers_mut()
            .insert("Origin", origin.parse().expect("header value"));
        tungstenite::connect(request)
    };
    for origin in [
        "https://evil.example".to_string(),
        "null".to_string(),
        "http://localhost:1".to_string(),
        format!("http://{}.evil.example", server.authority()),
    ] {
        match with_origin(&origin) {
            Err(tungstenite::Error::Http(response)) => {
                assert_eq!(response.status().as_u16(), 403, "{origin}")
            }
            Err(e) => panic!("{origin}: {e}"),
            Ok(_) => panic!("{origin}: the socket accepted a foreign page"),
        }
    }
    // The server's own pages get in, and hear the current state.
    let (mut socket, _) = with_origin(&server.base).expect("own origin");
    let hello = socket.read().expect("hello");
    assert!(
        hello.to_text().unwrap_or("").contains("\"hello\""),
        "{hello}"
    );
}

#[test]
fn a_network_bind_warns_and_still_answers_its_addresses() {
    let server = Server::start_with("serve", |command| {
        command.args(["--bind", "0.0.0.0"]);
    });
    let warning = server.wait_output("warning: serving on every network interface");
    assert!(warning.contains("drafts and build errors"), "{warning}");
    // The URL printed first is one this machine can open.
    assert!(
        server.base.starts_with("http://127.0.0.1:"),
        "{}",
        server.base
    );
    let port = server
        .authority()
        .rsplit(':')
        .next()
        .unwrap_or("0")
        .to_string();
    let others = server.wait_output("From other devices: http://");
    assert!(others.ends_with(&format!(":{port}/")), "{others}");
    // Bound to every interface, any address typed as an address is this server.
    for host in [server.authority().to_string(), format!("192.0.2.7:{port}")] {
        let (code, body) = request_for(&server, &host, "/drinks/tea/");
        assert_eq!(code, 200, "{host}: {body}");
    }
    // Names are still checked.
    assert_eq!(request_for(&server, "evil.example", "/").0, 403);
}

#[test]
fn idle_connections_are_closed_and_others_still_served() {
    use std::io::{Read, Write};
    use std::sync::Arc;
    use std::time::{Duration, Instant};
    use versus::output::{OutputFile, OutputPath, OutputTree};
    use versus::serve::{guard::Guard, http, listen, reload::Hub};

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    let hub = Arc::new(Hub::default());
    let mut tree = OutputTree::default();
    tree.insert(
        OutputPath::new("index.html").expect("a plain path"),
        OutputFile::Bytes(b"<p>served</p>".to_vec().into()),
    );
    hub.publish(Ok(tree.clone()));
    let app = http::router(hub.clone(), Guard::new(addr.ip()));
    // A short deadline, so the test need not wait for the real one.
    runtime.spawn(listen::run(
        listener,
        app,
        Duration::from_millis(300),
        std::future::pending(),
    ));

    // A live-reload socket is quiet for long stretches: the deadline is for
    // request headers only, and must not close it.
    let (mut socket, _) =
        tungstenite::connect(format!("ws://{addr}/__versus/ws")).expect("reload socket");
    if let tungstenite::stream::MaybeTlsStream::Plain(s) = socket.get_mut() {
        s.set_read_timeout(Some(crate::support::PATIENCE))
            .expect("timeout");
    }
    let hello = socket.read().expect("hello");
    assert!(
        hello.to_text().unwrap_or("").contains("\"hello\""),
        "{hello}"
    );

    // Connections that never send a request, and one that sends half of one.
    let mut idle: Vec<std::net::TcpStream> = (0..300)
        .map(|_| std::net::TcpStream::connect(addr).expect("connect"))
        .collect();
    let mut slow = std::net::TcpStream::connect(addr).expect("connect");
    slow.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .expect("send");
    idle.push(slow);

    let authority = addr.to_string();
    let (code, body) = raw_request(
        &authority,
        &format!("GET / HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n"),
    );
    assert_eq!(code, 200, "{body}");
    assert!(body.contains("<p>served</p>"), "{body}");

    // Each of them is closed by the server (a generous bound, no timing claim).
    let deadline = Instant::now() + crate::support::PATIENCE;
    for (i, stream) in idle.iter_mut().enumerate() {
        let left = deadline.saturating_duration_since(Instant::now());
        stream
            .set_read_timeout(Some(left.max(Duration::from_millis(1))))
            .expect("timeout");
        let mut buf = [0u8; 512];
        loop {
            match stream.read(&mut buf) {
                // Closed (a timed-out request may get a 408 first).
                Ok(0) => break,
                Ok(_) => continue,
                Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break,
                Err(e) => panic!("connection {i} still open: {e}"),
            }
        }
    }

    // Long past the deadline, the reload socket still hears of changes.
    tree.insert(
        OutputPath::new("index.html").expect("a plain path"),
        OutputFile::Bytes(b"<p>changed</p>".to_vec().into()),
    );
    hub.publish(Ok(tree));
    let notice = socket.read().expect("a notice after the deadline");
    assert!(
        notice.to_text().unwrap_or("").contains("\"reload\""),
        "{notice}"
    );
}

/// `serve` and `build` print the same summary: the same things counted, one
/// word for one (`1 comparison`), only the milliseconds differ.
#[test]
fn serve_prints_the_summary_build_prints() {
    let server = Server::start("serve");
    let served = server.wait_output("Built ");
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
    let server = Server::start_site(site, |_| {});
    let summary = server.wait_output("Built ");
    assert!(summary.starts_with("Built 1 page,"), "{summary}");
    let (code, body) = server.get("/sitemap.xml");
    assert_eq!(code, 200);
    assert!(
        body.contains(&format!("<loc>{}/</loc>", server.base)),
        "{body}"
    );
    let output = server.other_output(std::time::Duration::from_millis(300));
    assert!(!output.iter().any(|l| l.contains("warning")), "{output:#?}");
}
