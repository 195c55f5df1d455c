//! The HTTP side of `versus serve` (axum): site files from the in-memory
//! snapshot, the live-reload script and its WebSocket, a status endpoint.
//! URLs are mapped to keys of the snapshot; the file system is never touched by URL.
//! Every request passes the [`guard`](super::guard) first.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{FromRef, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::sync::broadcast::error::RecvError;
use tower_http::set_header::SetResponseHeaderLayer;

use super::guard::{self, Guard};
use super::reload::{self, Hub, Snapshot};

/// The router of the dev server, answering only requests `guard` allows.
pub fn router(hub: Arc<Hub>, guard: Guard) -> Router {
    Router::new()
        .route(reload::SCRIPT_PATH, get(script))
        .route(reload::SOCKET_PATH, get(socket))
        .route("/__versus/status", get(status))
        .fallback(site)
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .with_state(Shared { hub, guard })
        .layer(axum::middleware::from_fn_with_state(
            guard,
            guard::check_host,
        ))
}

/// What the handlers share: the live state and the host rules.
#[derive(Clone)]
struct Shared {
    hub: Arc<Hub>,
    guard: Guard,
}

impl FromRef<Shared> for Arc<Hub> {
    fn from_ref(shared: &Shared) -> Self {
        shared.hub.clone()
    }
}

impl FromRef<Shared> for Guard {
    fn from_ref(shared: &Shared) -> Self {
        shared.guard
    }
}

async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        reload::SCRIPT,
    )
        .into_response()
}

async fn status(State(hub): State<Arc<Hub>>) -> Response {
    let body = serde_json::to_string(&hub.status()).unwrap_or_else(|_| "{}".into());
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

async fn socket(
    ws: WebSocketUpgrade,
    headers: HeaderMap,
    State(hub): State<Arc<Hub>>,
    State(guard): State<Guard>,
) -> Response {
    let origin = headers
        .get(header::ORIGIN)
        .map(|v| v.to_str().unwrap_or(""));
    let host = guard::host_of(&headers).unwrap_or("");
    if !guard.allows_socket(origin, host) {
        return (
            StatusCode::FORBIDDEN,
            "the live-reload socket only talks to pages of this server\n",
        )
            .into_response();
    }
    ws.on_upgrade(move |socket| talk(socket, hub))
}

/// Send the current state, then every notice, until the page goes away.
async fn talk(mut socket: WebSocket, hub: Arc<Hub>) {
    let mut notices = hub.subscribe();
    let mut next = Some(hub.hello());
    loop {
        if let Some(notice) = next.take() {
            if socket
                .send(Message::Text(notice.to_json().into()))
                .await
                .is_err()
            {
                return;
            }
        }
        tokio::select! {
            notice = notices.recv() => match notice {
                Ok(n) => next = Some(n),
                // Missed some: the current state says all that matters.
                Err(RecvError::Lagged(_)) => next = Some(hub.hello()),
                Err(RecvError::Closed) => return,
            },
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => return,
                Some(Ok(_)) => {}
            },
        }
    }
}

async fn site(State(hub): State<Arc<Hub>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
            "method not allowed\n",
        )
            .into_response();
    }
    let snapshot = hub.snapshot();
    match resolve(uri.path(), |k| snapshot.files.contains_key(k)) {
        Ok(Lookup::File(key)) => file_response(&snapshot, &key, StatusCode::OK),
        Ok(Lookup::Redirect(to)) => {
            let to = match uri.query() {
                Some(q) => format!("{to}?{q}"),
                None => to,
            };
            (StatusCode::PERMANENT_REDIRECT, [(header::LOCATION, to)]).into_response()
        }
        Ok(Lookup::NotFound) => not_found(&snapshot),
        Err(status) => (status, "bad request path\n").into_response(),
    }
}

fn file_response(snapshot: &Snapshot, key: &str, status: StatusCode) -> Response {
    let Some(bytes) = snapshot.files.get(key) else {
        return not_found(snapshot);
    };
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    let is_html = mime.essence_str() == mime_guess::mime::TEXT_HTML.essence_str();
    let content_type = if mime.type_() == mime_guess::mime::TEXT
        || mime.essence_str() == "application/javascript"
        || mime.essence_str() == "application/json"
        || mime.subtype() == mime_guess::mime::XML
        || mime.suffix() == Some(mime_guess::mime::XML)
    {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_string()
    };
    let body = if is_html {
        Body::from(reload::inject(bytes, snapshot.generation))
    } else {
        Body::from(Bytes::clone(bytes))
    };
    (status, [(header::CONTENT_TYPE, content_type)], body).into_response()
}

fn not_found(snapshot: &Snapshot) -> Response {
    if snapshot.files.contains_key("404.html") {
        return file_response(snapshot, "404.html", StatusCode::NOT_FOUND);
    }
    // No 404 page (or no good build yet): still a page, so the error overlay can show.
    let html = b"<!doctype html><meta charset=utf-8><title>Not found</title><body><h1>Not found</h1></body>";
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        reload::inject(html, snapshot.generation),
    )
        .into_response()
}

/// Where a request path leads.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    /// Serve this key of the snapshot.
    File(String),
    /// A folder asked for without its trailing slash.
    Redirect(String),
    NotFound,
}

/// Map a raw (percent-encoded) request path to a snapshot key. `exists` says
/// whether a key is in the snapshot. Paths with `..`, NUL, backslashes or
/// bytes that are not UTF-8 after decoding are refused with 400.
pub fn resolve(raw: &str, exists: impl Fn(&str) -> bool) -> Result<Lookup, StatusCode> {
    let decoded = crate::url_path::decode_strict(raw).ok_or(StatusCode::BAD_REQUEST)?;
    if decoded.contains(['\0', '\\']) {
        return Err(StatusCode::BAD_REQUEST);
    }
    let mut parts = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return Err(StatusCode::BAD_REQUEST),
            p => parts.push(p),
        }
    }
    let key = parts.join("/");
    let wants_dir = decoded.ends_with('/') || key.is_empty();
    if wants_dir {
        let index = if key.is_empty() {
            "index.html".to_string()
        } else {
            format!("{key}/index.html")
        };
        return Ok(if exists(&index) {
            Lookup::File(index)
        } else {
            Lookup::NotFound
        });
    }
    if exists(&key) {
        return Ok(Lookup::File(key));
    }
    if exists(&format!("{key}/index.html")) {
        let key = crate::url_path::encode(&key);
        return Ok(Lookup::Redirect(format!("/{key}/")));
    }
    Ok(Lookup::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn look(raw: &str) -> Result<Lookup, StatusCode> {
        let keys = [
            "index.html",
            "guides/index.html",
            "guides/a/index.html",
            "style.css",
            "a b.txt",
        ];
        resolve(raw, |k| keys.contains(&k))
    }

    #[test]
    fn maps_urls_to_keys() {
        assert_eq!(look("/"), Ok(Lookup::File("index.html".into())));
        assert_eq!(
            look("/guides/"),
            Ok(Lookup::File("guides/index.html".into()))
        );
        assert_eq!(look("/guides"), Ok(Lookup::Redirect("/guides/".into())));
        assert_eq!(look("/style.css"), Ok(Lookup::File("style.css".into())));
        assert_eq!(look("/a%20b.txt"), Ok(Lookup::File("a b.txt".into())));
        assert_eq!(
            look("/guides/a/index.html"),
            Ok(Lookup::File("guides/a/index.html".into()))
        );
        assert_eq!(look("/nope"), Ok(Lookup::NotFound));
        assert_eq!(look("/style.css/"), Ok(Lookup::NotFound));
    }

    #[test]
    fn serves_the_pages_encoded_links_point_to() {
        let keys = ["Why Tea?/index.html", "c#/index.html", "100%/index.html"];
        for key in keys {
            let dir = key.trim_end_matches("index.html");
            let url = format!("/{}", crate::url_path::encode(dir));
            let found = resolve(&url, |k| keys.contains(&k));
            assert_eq!(found, Ok(Lookup::File(key.into())), "{url}");
        }
        assert_eq!(
            resolve("/Why%20Tea%3F", |k| keys.contains(&k)),
            Ok(Lookup::Redirect("/Why%20Tea%3F/".into()))
        );
    }

    #[test]
    fn refuses_traversal() {
        for raw in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E%2fCargo.toml",
            "/guides/../../x",
            "/..%5c..%5cx",
            "/%00",
            "/%zz",
            "/%ff",
        ] {
            assert_eq!(look(raw), Err(StatusCode::BAD_REQUEST), "{raw}");
        }
        assert_eq!(look("//etc/passwd"), Ok(Lookup::NotFound));
        assert_eq!(look("/./style.css"), Ok(Lookup::File("style.css".into())));
    }
}
