//! Who may talk to the dev server: requests must name this machine in their
//! `Host` (a defence against DNS rebinding, where a web page re-points its own
//! domain at 127.0.0.1 to read the local server), and the live-reload socket
//! only accepts pages of its own origin. The rules are pure functions of the
//! header values, tested without a server.

use std::net::IpAddr;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The hosts the server answers to.
#[derive(Debug, Clone, Copy)]
pub struct Guard {
    /// The address the server listens on.
    bound: IpAddr,
}

impl Guard {
    /// Rules for a server listening on `bound`.
    pub fn new(bound: IpAddr) -> Self {
        Guard { bound }
    }

    /// Whether a `Host` value (`name`, `name:port`, `[v6]:port`) names this
    /// server: `localhost` and `*.localhost` (which always resolve to this
    /// machine), a loopback address, or the bound address. A server bound to
    /// every interface (`0.0.0.0`, `::`) answers to any IP address: only names
    /// can be re-pointed by DNS, never an address typed as one.
    pub fn allows_host(&self, host: &str) -> bool {
        let Some(name) = host_name(host) else {
            return false;
        };
        if let Some(ip) = name.ip {
            return ip.is_loopback() || ip == self.bound || self.bound.is_unspecified();
        }
        let name = name.text.strip_suffix('.').unwrap_or(name.text);
        name.eq_ignore_ascii_case("localhost")
            || name
                .len()
                .checked_sub(".localhost".len())
                .and_then(|at| name.get(at..))
                .is_some_and(|tail| tail.eq_ignore_ascii_case(".localhost"))
    }

    /// Whether a WebSocket handshake may go ahead. Browsers always send
    /// `Origin`; it must be this server as the page reached it (`Host`), so
    /// no other web page can read the build errors. A client without `Origin`
    /// is not a browser page and is let in.
    pub fn allows_socket(&self, origin: Option<&str>, host: &str) -> bool {
        let Some(origin) = origin else {
            return true;
        };
        let Some(authority) = origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"))
        else {
            return false;
        };
        authority.eq_ignore_ascii_case(host) && self.allows_host(host)
    }
}

/// A `Host` value split into its name (an IP address when it is one).
struct HostName<'a> {
    text: &'a str,
    ip: Option<IpAddr>,
}

/// Split off the port; `None` when the value is not a host at all.
fn host_name(host: &str) -> Option<HostName<'_>> {
    if let Some(rest) = host.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        if !(after.is_empty() || is_port(after.strip_prefix(':')?)) {
            return None;
        }
        let ip = inside.parse::<std::net::Ipv6Addr>().ok()?;
        return Some(HostName {
            text: inside,
            ip: Some(IpAddr::V6(ip)),
        });
    }
    let text = match host.rsplit_once(':') {
        Some((name, port)) if is_port(port) => name,
        Some(_) => return None,
        None => host,
    };
    if text.is_empty() || text.contains(':') {
        return None;
    }
    Some(HostName {
        text,
        ip: text.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4),
    })
}

fn is_port(text: &str) -> bool {
    !text.is_empty() && text.len() <= 5 && text.bytes().all(|b| b.is_ascii_digit())
}

/// The request's `Host`, as sent (HTTP/1.1 requires it).
pub fn host_of(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::HOST).and_then(|v| v.to_str().ok())
}

/// Middleware: refuse requests for any other host before they reach a handler.
pub async fn check_host(State(guard): State<Guard>, request: Request, next: Next) -> Response {
    let host = host_of(request.headers());
    // An absolute request target (`GET http://x/ HTTP/1.1`) names a host too.
    let target = request.uri().authority().map(|a| a.as_str());
    let allowed = match (host, target) {
        (Some(host), None) => guard.allows_host(host),
        (Some(host), Some(target)) => guard.allows_host(host) && guard.allows_host(target),
        (None, _) => false,
    };
    if allowed {
        return next.run(request).await;
    }
    let shown = host.unwrap_or("(none)");
    (
        StatusCode::FORBIDDEN,
        format!(
            "versus serve only answers requests for this machine (localhost, 127.0.0.1, [::1]) \
             or the address it listens on; this one was for host {shown:?}.\n"
        ),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loopback() -> Guard {
        Guard::new("127.0.0.1".parse().unwrap())
    }

    #[test]
    fn loopback_names_and_addresses_pass() {
        let g = loopback();
        for host in [
            "localhost",
            "localhost:1111",
            "LocalHost:1111",
            "localhost.:1111",
            "docs.localhost:1111",
            "127.0.0.1",
            "127.0.0.1:1111",
            "127.1.2.3:80",
            "[::1]",
            "[::1]:1111",
        ] {
            assert!(g.allows_host(host), "{host}");
        }
    }

    #[test]
    fn other_names_are_refused() {
        let g = loopback();
        for host in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "notlocalhost:1111",
            "127.0.0.1.nip.io",
            "192.168.1.20:1111",
            "[::2]:1111",
            "::1",
            "[::1]x",
            "localhost:port",
            "localhost:123456",
            "",
            ":1111",
        ] {
            assert!(!g.allows_host(host), "{host}");
        }
    }

    #[test]
    fn the_bound_address_passes() {
        let g = Guard::new("192.168.1.20".parse().unwrap());
        assert!(g.allows_host("192.168.1.20:1111"));
        assert!(g.allows_host("localhost:1111"));
        assert!(!g.allows_host("192.168.1.21:1111"));
        assert!(!g.allows_host("evil.example:1111"));
        let any = Guard::new("0.0.0.0".parse().unwrap());
        assert!(any.allows_host("192.168.1.21:1111"));
        assert!(any.allows_host("[fe80::1]:1111"));
        assert!(!any.allows_host("evil.example:1111"));
    }

    #[test]
    fn sockets_need_their_own_origin() {
        let g = loopback();
        assert!(g.allows_socket(None, "127.0.0.1:1111"));
        assert!(g.allows_socket(Some("http://127.0.0.1:1111"), "127.0.0.1:1111"));
        assert!(g.allows_socket(Some("http://LOCALHOST:1111"), "localhost:1111"));
        for origin in [
            "https://evil.example",
            "http://127.0.0.1:2222",
            "http://localhost:1111",
            "null",
            "file://",
            "http://127.0.0.1:1111.evil.example",
        ] {
            assert!(!g.allows_socket(Some(origin), "127.0.0.1:1111"), "{origin}");
        }
        // The origin matches, but the host is not this machine.
        assert!(!g.allows_socket(Some("http://evil.example:1111"), "evil.example:1111"));
    }
}
