//! Helpers for the dev-server tests: a temp copy of a fixture site, a running
//! `versus serve` on a free port, an HTTP client and a WebSocket listener.

use std::cell::RefCell;
use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use tungstenite::stream::MaybeTlsStream;

/// Generous: the machine running the tests may be busy.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// A temp copy of `tests/fixtures/<name>`.
pub fn site_copy(name: &str) -> tempfile::TempDir {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let tmp = tempfile::tempdir().expect("temp dir");
    copy_dir(&src, tmp.path());
    tmp
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read fixture") {
        let entry = entry.expect("entry");
        let dest = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

/// A running `versus serve`, stopped when dropped.
pub struct Server {
    child: Child,
    pub base: String,
    pub site: tempfile::TempDir,
    log: mpsc::Receiver<String>,
    /// Output lines read but not yet returned by [`Server::wait_output`]:
    /// stdout and stderr interleave, so the next line asked for may already
    /// have been read.
    unmatched: RefCell<Vec<String>>,
}

impl Server {
    /// Serve a temp copy of fixture `name` on a free port.
    pub fn start(name: &str) -> Server {
        Server::start_with(name, |_| {})
    }

    /// Like [`Server::start`], with more arguments or environment set by `setup`.
    pub fn start_with(name: &str, setup: impl FnOnce(&mut Command)) -> Server {
        Server::start_site(site_copy(name), setup)
    }

    /// Serve the site in `site` (a folder the server then owns), with more
    /// arguments or environment set by `setup`.
    pub fn start_site(site: tempfile::TempDir, setup: impl FnOnce(&mut Command)) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_versus"));
        command
            .args(["serve", "--port", "0", "--root"])
            .arg(site.path());
        setup(&mut command);
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start versus serve");
        let (tx, log) = mpsc::channel();
        for stream in [
            Box::new(child.stdout.take().expect("stdout")) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().expect("stderr")),
        ] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let _ = tx.send(line);
                }
            });
        }
        let deadline = Instant::now() + PATIENCE;
        let mut seen = Vec::new();
        let base = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = log
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no URL printed; output so far: {seen:#?}"));
            // Other lines can name the URL too (stderr and stdout interleave).
            let url = line
                .starts_with("Serving ")
                .then(|| line.find("http://"))
                .flatten()
                .map(|at| line[at..].split_whitespace().next().unwrap_or(""))
                .map(|url| url.trim_end_matches('/').to_string());
            seen.push(line);
            if let Some(url) = url {
                break url;
            }
        };
        Server {
            child,
            base,
            site,
            log,
            unmatched: RefCell::new(seen),
        }
    }

    /// Wait for a line of terminal output (stdout or stderr) containing
    /// `needle`, printed at any time and not returned before.
    pub fn wait_output(&self, needle: &str) -> String {
        let mut unmatched = self.unmatched.borrow_mut();
        if let Some(at) = unmatched.iter().position(|l| l.contains(needle)) {
            return unmatched.remove(at);
        }
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.log.recv_timeout(left) {
                Ok(line) if line.contains(needle) => return line,
                Ok(line) => unmatched.push(line),
                Err(_) => panic!("no output line with {needle:?}; saw {unmatched:#?}"),
            }
        }
    }

    /// The output lines not returned by [`Server::wait_output`], once the
    /// server has printed nothing for `quiet`.
    pub fn other_output(&self, quiet: Duration) -> Vec<String> {
        let mut unmatched = self.unmatched.borrow_mut();
        while let Ok(line) = self.log.recv_timeout(quiet) {
            unmatched.push(line);
        }
        unmatched.clone()
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `host:port` of the server, as a `Host` header names it.
    pub fn authority(&self) -> &str {
        self.base.trim_start_matches("http://")
    }

    /// A path inside the served site's folder.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.site.path().join(rel)
    }

    /// GET a path: (status, body). Redirects are not followed.
    pub fn get(&self, path: &str) -> (u16, String) {
        get(&format!("{}{path}", self.base))
    }

    /// The `/__versus/status` JSON.
    pub fn status(&self) -> serde_json::Value {
        let (code, body) = self.get("/__versus/status");
        assert_eq!(code, 200, "{body}");
        serde_json::from_str(&body).expect("status JSON")
    }

    /// Builds attempted so far.
    pub fn builds(&self) -> u64 {
        self.status()["builds"].as_u64().expect("builds")
    }

    /// Wait until `cond` holds for a fresh GET of `path`.
    pub fn wait_for(&self, path: &str, what: &str, cond: impl Fn(u16, &str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let (code, body) = self.get(path);
            if cond(code, &body) {
                return body;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {path}: {what}; last answer {code}: {body}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Wait until the build counter stops moving for a while.
    pub fn settle(&self) -> u64 {
        let mut last = self.builds();
        let deadline = Instant::now() + PATIENCE;
        loop {
            std::thread::sleep(Duration::from_millis(600));
            let now = self.builds();
            if now == last || Instant::now() > deadline {
                return now;
            }
            last = now;
        }
    }

    /// Connect to the live-reload socket.
    pub fn socket(&self) -> Socket {
        let url = format!("{}/__versus/ws", self.base.replace("http://", "ws://"));
        let (mut ws, _) = tungstenite::connect(url).expect("connect to the reload socket");
        if let MaybeTlsStream::Plain(s) = ws.get_mut() {
            s.set_read_timeout(Some(Duration::from_millis(200)))
                .expect("timeout");
        }
        Socket { ws }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// GET a URL: (status, body), following no redirects, any status accepted.
pub fn get(url: &str) -> (u16, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(PATIENCE))
        .build()
        .into();
    let mut resp = agent.get(url).call().expect("HTTP request");
    let code = resp.status().as_u16();
    let body = resp.body_mut().read_to_string().unwrap_or_default();
    (code, body)
}

/// Send `request` as is over a plain socket (no client normalises the path
/// or sets headers): (status, whole response).
pub fn raw_request(authority: &str, request: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut stream = TcpStream::connect(authority).expect("connect");
    stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
    stream.write_all(request.as_bytes()).expect("send");
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let code = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (code, text)
}

/// The live-reload socket, as a page sees it.
pub struct Socket {
    ws: tungstenite::WebSocket<MaybeTlsStream<TcpStream>>,
}

impl Socket {
    /// Wait for a notice of type `kind`; returns it (skipping others).
    pub fn expect(&mut self, kind: &str) -> serde_json::Value {
        let deadline = Instant::now() + PATIENCE;
        let mut seen = Vec::new();
        loop {
            assert!(
                Instant::now() < deadline,
                "no `{kind}` notice; saw {seen:?}"
            );
            match self.ws.read() {
                Ok(tungstenite::Message::Text(text)) => {
                    let v: serde_json::Value = serde_json::from_str(&text).expect("notice JSON");
                    if v["type"] == kind {
                        return v;
                    }
                    seen.push(v);
                }
                Ok(_) => {}
                Err(tungstenite::Error::Io(e))
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(e) => panic!("socket closed: {e}"),
            }
        }
    }
}

/// Write a file the way editors that save atomically do: temp file, then rename.
pub fn atomic_write(path: &Path, text: &str) {
    let name = path.file_name().and_then(|n| n.to_str()).expect("name");
    let tmp = path.with_file_name(format!(".{name}.tmp"));
    std::fs::write(&tmp, text).expect("write temp");
    std::fs::rename(&tmp, path).expect("rename");
}
