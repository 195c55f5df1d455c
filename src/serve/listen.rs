//! The dev server's socket: binding (trying the next ports when one is
//! taken) and the accept loop. Each connection is served by hyper's HTTP/1
//! with a deadline for reading request headers, so idle or slow connections
//! are closed instead of piling up until the server cannot accept any more.

use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::pin::pin;
use std::time::Duration;

use axum::serve::Listener;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

use crate::error::{Error, Errors};

/// How many ports above the asked one to try when it is taken.
const PORT_TRIES: u16 = 10;

/// How long a connection may take to send a request's headers, counted from
/// when the server starts waiting for them: on a new connection, and between
/// requests on a kept-alive one. Browsers send theirs at once and open a new
/// connection when an idle one was closed.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Bind `ip:port`; when the port is taken, try the next ones and say which.
pub async fn bind(ip: IpAddr, port: u16) -> Result<TcpListener, Errors> {
    let tries = if port == 0 { 1 } else { PORT_TRIES };
    let mut last = None;
    for offset in 0..tries {
        let Some(p) = port.checked_add(offset) else {
            break;
        };
        match TcpListener::bind(SocketAddr::new(ip, p)).await {
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

/// Serve `app` on `listener` until `stop` completes. `header_timeout` is
/// [`HEADER_TIMEOUT`] outside tests. WebSocket upgrades leave the deadline
/// behind: a live-reload socket may stay quiet for hours.
pub async fn run(
    mut listener: TcpListener,
    app: Router,
    header_timeout: Duration,
    stop: impl Future<Output = ()>,
) {
    let mut stop = pin!(stop);
    loop {
        // axum's `Listener` retries failed accepts (and waits a moment when
        // the process is out of file descriptors) instead of giving up.
        let (stream, _) = tokio::select! {
            accepted = Listener::accept(&mut listener) => accepted,
            () = &mut stop => return,
        };
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .serve_connection(TokioIo::new(stream), service)
                .with_upgrades();
            // A client that went away or timed out is no error of the server's.
            let _ = connection.await;
        });
    }
}
