//! `versus serve`: build the site in memory, serve it over HTTP, watch the
//! sources, rebuild on change and tell open pages to reload. The core never
//! knows it is being served: the reload script is added at the HTTP edge.

pub mod events;
pub mod guard;
pub mod http;
pub mod listen;
pub mod open;
pub mod rebuild;
pub mod reload;
pub mod watch;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, UdpSocket};
use std::path::PathBuf;
use std::sync::Arc;

use crate::error::{Error, Errors};
use crate::pipeline::BuildOptions;
use guard::Guard;
use rebuild::Rebuilder;
use reload::Hub;

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
    let listener = runtime.block_on(listen::bind(opts.bind, opts.port))?;
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
    if let Some(warning) = exposure_warning(addr) {
        eprintln!("{warning}");
    }
    println!("Serving {} at {url} (Ctrl+C to stop)", root.display());
    if addr.ip().is_unspecified() {
        let other = network_address(addr.ip())
            .map(|ip| format!("http://{}/", SocketAddr::new(ip, addr.port())))
            .unwrap_or_else(|| format!("http://<this machine's address>:{}/", addr.port()));
        println!("From other devices: {other}");
    }
    if opts.open {
        open::open_browser(&url);
    }

    let watch_hub = hub.clone();
    std::thread::Builder::new()
        .name("versus-watch".into())
        .spawn(move || watch::run(watcher, events, rebuilder, watch_hub))
        .map_err(|e| Errors::from(Error::new(format!("cannot start the file watcher: {e}"))))?;

    let app = http::router(hub, Guard::new(addr.ip()));
    runtime.block_on(listen::run(listener, app, listen::HEADER_TIMEOUT, async {
        let _ = tokio::signal::ctrl_c().await;
    }));
    Ok(())
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

/// Said when the server is reachable from other machines: it serves drafts
/// and build errors to anyone who can connect.
fn exposure_warning(addr: SocketAddr) -> Option<String> {
    if addr.ip().is_loopback() {
        return None;
    }
    let which = if addr.ip().is_unspecified() {
        "every network interface".to_string()
    } else {
        addr.ip().to_string()
    };
    Some(format!(
        "warning: serving on {which}: anyone who can reach this machine on port {} can read \
         the site, drafts and build errors included; --bind 127.0.0.1 keeps it on this machine",
        addr.port()
    ))
}

/// This machine's address on its network (the one its default route
/// leaves from), for a server bound to every interface. Connecting a UDP
/// socket only picks a route; nothing is sent.
fn network_address(family: IpAddr) -> Option<IpAddr> {
    let (local, probe): (SocketAddr, SocketAddr) = match family {
        IpAddr::V4(_) => (
            (Ipv4Addr::UNSPECIFIED, 0).into(),
            (Ipv4Addr::new(192, 0, 2, 1), 9).into(),
        ),
        IpAddr::V6(_) => (
            (Ipv6Addr::UNSPECIFIED, 0).into(),
            (Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1), 9).into(),
        ),
    };
    let socket = UdpSocket::bind(local).ok()?;
    socket.connect(probe).ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_loopback_bind_is_quiet() {
        let at = |ip: &str| SocketAddr::new(ip.parse().unwrap(), 1111);
        assert_eq!(exposure_warning(at("127.0.0.1")), None);
        assert_eq!(exposure_warning(at("::1")), None);
        let all = exposure_warning(at("0.0.0.0")).unwrap();
        assert!(all.contains("every network interface") && all.contains("port 1111"));
        let one = exposure_warning(at("192.168.1.20")).unwrap();
        assert!(one.contains("serving on 192.168.1.20"), "{one}");
        assert_eq!(link_addr(at("0.0.0.0")), at("127.0.0.1"));
        assert_eq!(link_addr(at("::")), at("::1"));
        assert_eq!(link_addr(at("192.168.1.20")), at("192.168.1.20"));
    }
}
