//! `versus serve`: build the site in memory, serve it over HTTP, watch the
//! sources, rebuild on change and tell open pages to reload. The core never
//! knows it is being served: the reload script is added at the HTTP edge.

pub mod events;
pub mod http;
pub mod rebuild;
pub mod reload;
pub mod watch;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use crate::error::{Error, Errors};
use crate::pipeline::BuildOptions;
use rebuild::Rebuilder;
use reload::Hub;

/// How many ports above the asked one to try when it is taken.
const PORT_TRIES: u16 = 10;

/// What `versus serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks any free port.
    pub port: u16,
    /// Open the site in the default browser once it is served.
    pub open: bool,
    pub drafts: bool,
}

/// Serve until Ctrl+C. Content errors never stop the server; only failing
/// to start (no site, no free port) is an error.
pub fn serve(opts: &ServeOptions) -> Result<(), Errors> {
    let root = std::fs::canonicalize(&opts.root)
        .map_err(|e| Error::new(format!("cannot open the site folder: {e}")).in_file(&opts.root))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Errors::from(Error::new(format!("cannot start the server runtime: {e}"))))?;
    let listener = runtime.block_on(bind(opts.bind, opts.port))?;
    let addr = listener
        .local_addr()
        .map_err(|e| Errors::from(Error::new(format!("cannot read the server address: {e}"))))?;
    let url = format!("http://{}/", link_addr(addr));

    // Watch before the first build, so an edit made during it is not lost.
    let (watcher, events) = watch::start(&root)?;
    let hub = Arc::new(Hub::default());
    let mut rebuilder = Rebuilder::new(BuildOptions {
        root: root.clone(),
        base_url: Some(url.clone()),
        drafts: opts.drafts,
    });
    let start = std::time::Instant::now();
    let first = rebuilder.rebuild(&events::Change::default());
    hub.publish(first);
    match hub.error() {
        None => {
            if let Some(line) = rebuilder.summary(start.elapsed()) {
                println!("{line}");
            }
        }
        Some(text) => {
            eprintln!("{text}");
            eprintln!("Serving anyway: pages show the error until it is fixed.");
        }
    }
    println!("Serving {} at {url} (Ctrl+C to stop)", root.display());
    if opts.open {
        open_browser(&url);
    }

    let watch_hub = hub.clone();
    std::thread::Builder::new()
        .name("versus-watch".into())
        .spawn(move || watch::run(watcher, events, rebuilder, watch_hub))
        .map_err(|e| Errors::from(Error::new(format!("cannot start the file watcher: {e}"))))?;

    runtime.block_on(async move {
        let app = http::router(hub);
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| Errors::from(Error::new(format!("the server stopped: {e}"))))
    })
}

/// Bind `ip:port`; when the port is taken, try the next ones and say which.
async fn bind(ip: IpAddr, port: u16) -> Result<tokio::net::TcpListener, Errors> {
    let tries = if port == 0 { 1 } else { PORT_TRIES };
    let mut last = None;
    for offset in 0..tries {
        let Some(p) = port.checked_add(offset) else {
            break;
        };
        match tokio::net::TcpListener::bind(SocketAddr::new(ip, p)).await {
            Ok(listener) => {
                if offset > 0 {
                    println!("Port {port} is in use; using port {p} instead.");
                }
                return Ok(listener);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => last = Some(e),
            Err(e) => {
                return Err(Error::new(format!("cannot listen on {ip}:{p}: {e}"))
                    .with_hint("check --bind; use 127.0.0.1 or ::1 for this machine only")
                    .into())
            }
        }
    }
    let why = last.map(|e| e.to_string()).unwrap_or_default();
    Err(Error::new(format!(
        "ports {port} to {} on {ip} are all in use ({why})",
        port.saturating_add(tries - 1)
    ))
    .with_hint("stop the other server or pick a port with --port (0 picks any free port)")
    .into())
}

/// The address to put in links: a wildcard bind is reached via loopback.
fn link_addr(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), addr.port())
        }
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::new(IpAddr::V6(Ipv6Addr::LOCALHOST), addr.port())
        }
        _ => addr,
    }
}

fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(program).arg(url).spawn() {
        eprintln!("warning: cannot open a browser ({program}: {e}); visit {url}");
    }
}
