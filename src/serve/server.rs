//! The HTTP side of `serve` (axum): maps a request path to a file of the in-memory site
//! (percent-decoding it and refusing `..`, `.`, empty and backslash segments, so nothing outside
//! the site can be named), sets Content-Type, redirects directory URLs to their trailing slash,
//! answers missing pages with the site's `404.html`, streams rebuild notices as Server-Sent
//! Events at [`EVENTS_PATH`], and injects the error overlay into HTML while a rebuild is failing.

use super::{Notice, Shared, SiteState};
use crate::error::Diagnostic;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::convert::Infallible;
use std::sync::Arc;
use tokio::sync::broadcast::error::RecvError;

/// Where browsers listen for rebuild notices.
pub(crate) const EVENTS_PATH: &str = "/__kaisetsu/events";

const CLIENT_JS: &str = include_str!("client.js");

/// The overlay's host element: fixed at the bottom, every page style reset (inline, so page
/// selectors that match a `div` or the id lose to it).
const OVERLAY_STYLE: &str =
    "all:initial;position:fixed;z-index:2147483647;left:0;right:0;bottom:0;\
display:block";

/// The overlay's own styles, inside its shadow root: page styles for `code`, `pre` or `div`
/// cannot reach them, and its colours pass WCAG AA contrast in light and dark schemes alike.
const OVERLAY_CSS: &str = ".panel{box-sizing:border-box;max-height:60vh;overflow:auto;margin:0;\
padding:1em 1.25em;background:#1d1f21;color:#f8f8f2;border-top:4px solid #e5534b;\
font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace;text-align:left;white-space:normal}\
strong{color:#fff;font-weight:700}\
code{all:unset;color:#ffd479;font:inherit}\
pre{all:unset;display:block;margin:.25em 0;padding:.25em .5em;background:#2b2e31;color:#f8f8f2;\
white-space:pre-wrap;font:inherit}\
.kaisetsu-diag{margin-top:.5em;color:#f8f8f2}";

/// The `<script>` injected at the end of `<head>` of every page while serving.
pub(crate) fn client_head() -> String {
    let style = serde_json::to_string(OVERLAY_STYLE).expect("a string serialises");
    let css = serde_json::to_string(OVERLAY_CSS).expect("a string serialises");
    format!(
        "<script data-kaisetsu-live>{}</script>",
        CLIENT_JS
            .replace("OVERLAY_STYLE", &style)
            .replace("OVERLAY_CSS", &css)
    )
}

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .fallback(serve_path)
        .with_state(shared)
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The overlay markup for `errors` (the same shape the client script renders).
pub(crate) fn overlay_html(errors: &[Diagnostic]) -> String {
    // A declarative shadow root: the page's styles stay outside it.
    let mut html = format!(
        "<div id=\"kaisetsu-overlay\" style=\"{OVERLAY_STYLE}\"><template shadowrootmode=\"open\">\
         <style>{OVERLAY_CSS}</style><div class=\"panel\" role=\"alert\"><strong>kaisetsu: the \
         last rebuild failed; showing the last good version</strong>"
    );
    for d in errors {
        html.push_str(&format!(
            "<div class=\"kaisetsu-diag\"><code>{}</code> {}",
            escape(&d.location.to_string()),
            escape(&d.message)
        ));
        if let Some(line) = &d.source_line {
            html.push_str(&format!("<pre>{}</pre>", escape(line)));
        }
        if let Some(help) = &d.help {
            html.push_str(&format!("<div>help: {}</div>", escape(help)));
        }
        html.push_str("</div>");
    }
    html.push_str("</div></template></div>");
    html
}

/// Decodes `%XX` escapes; `None` if an escape is malformed or the result is not UTF-8.
pub(crate) fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Turns a request path into a key of the site map: `Some("notes/one/")` or `Some("a.css")`.
/// `None` for anything that is not a plain relative path once decoded (`..`, `.`, empty
/// segments such as `//etc`, backslashes, NUL, drive letters).
pub(crate) fn site_key(raw_path: &str) -> Option<String> {
    let decoded = percent_decode(raw_path)?;
    let rest = decoded.strip_prefix('/')?;
    if rest.is_empty() {
        return Some(String::new());
    }
    let (body, trailing) = match rest.strip_suffix('/') {
        Some(b) => (b, true),
        None => (rest, false),
    };
    for seg in body.split('/') {
        if seg.is_empty()
            || seg == "."
            || seg == ".."
            || seg.contains(['\\', '\0'])
            || seg.contains(':')
        {
            return None;
        }
    }
    Some(if trailing {
        format!("{body}/")
    } else {
        body.to_string()
    })
}

/// The Content-Type for an output path.
pub(crate) fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

fn plain(status: StatusCode, text: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text.to_string(),
    )
        .into_response()
}

/// Stamps the build that produced the page (the client compares it with the build current when
/// its event stream connects, so a rebuild that lands in between still reloads the page), and
/// adds the overlay (while failing) and, for templates without `extra_head`, the client.
fn decorate_html(bytes: Bytes, errors: &[Diagnostic], build: u64) -> Bytes {
    let mut html = String::from_utf8_lossy(&bytes).into_owned();
    let stamp = format!("<meta name=\"kaisetsu-build\" content=\"{build}\">");
    match html.find("</head>") {
        Some(i) => html.insert_str(i, &stamp),
        None => html.insert_str(0, &stamp),
    }
    let mut extra = String::new();
    if !memfind(&bytes, EVENTS_PATH.as_bytes()) {
        extra.push_str(&client_head());
    }
    if !errors.is_empty() {
        extra.push_str(&overlay_html(errors));
    }
    match html.rfind("</body>") {
        Some(i) => html.insert_str(i, &extra),
        None => html.push_str(&extra),
    }
    Bytes::from(html)
}

fn memfind(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn file_response(status: StatusCode, path: &str, bytes: Bytes, st: &SiteState) -> Response {
    let ct = content_type(path);
    let body = if ct.starts_with("text/html") {
        decorate_html(bytes, &st.errors, st.builds)
    } else {
        bytes
    };
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

async fn serve_path(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "405 Method Not Allowed\n");
    }
    let Some(key) = site_key(uri.path()) else {
        return plain(
            StatusCode::BAD_REQUEST,
            "400 Bad Request: not a site path\n",
        );
    };
    let st = shared.read();
    let lookup = if key.is_empty() || key.ends_with('/') {
        format!("{key}index.html")
    } else {
        key.clone()
    };
    if let Some(b) = st.files.get(&lookup) {
        return file_response(StatusCode::OK, &lookup, b.clone(), &st);
    }
    if !key.ends_with('/') && st.files.contains_key(&format!("{key}/index.html")) {
        let mut to = format!("{}/", uri.path());
        if let Some(q) = uri.query() {
            to.push('?');
            to.push_str(q);
        }
        let mut r = Response::new(Body::empty());
        *r.status_mut() = StatusCode::MOVED_PERMANENTLY;
        if let Ok(v) = HeaderValue::from_str(&to) {
            r.headers_mut().insert(header::LOCATION, v);
        }
        return r;
    }
    match st.files.get("404.html") {
        Some(b) => file_response(StatusCode::NOT_FOUND, "404.html", b.clone(), &st),
        None => file_response(
            StatusCode::NOT_FOUND,
            "404.html",
            Bytes::from_static(
                b"<!doctype html><title>Not found</title><body><h1>404 Not Found</h1></body>",
            ),
            &st,
        ),
    }
}

fn to_event(n: Notice) -> Event {
    let (name, data) = match n {
        Notice::Reload(p) => ("reload", serde_json::to_string(&p)),
        Notice::Css(p) => ("css", serde_json::to_string(&p)),
        Notice::Errors(d) => ("build-error", serde_json::to_string(&d)),
    };
    Event::default()
        .event(name)
        .data(data.unwrap_or_else(|_| "[]".into()))
}

async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl futures_util::Stream<Item = Result<Event, Infallible>>> {
    let rx = shared.events.subscribe();
    let stop = shared.stop.clone();
    let (errors, build) = {
        let st = shared.read();
        (st.errors.clone(), st.builds)
    };
    let first = if errors.is_empty() {
        // The current build: a page stamped with an older one missed a reload.
        Some(Event::default().event("hello").data(build.to_string()))
    } else {
        Some(to_event(Notice::Errors(errors)))
    };
    let stream =
        futures_util::stream::unfold((rx, stop, first), |(mut rx, mut stop, first)| async move {
            if let Some(ev) = first {
                return Some((Ok(ev), (rx, stop, None)));
            }
            if *stop.borrow() {
                return None;
            }
            let ev = tokio::select! {
                _ = stop.changed() => return None,
                m = rx.recv() => match m {
                    Ok(n) => to_event(n),
                    Err(RecvError::Lagged(_)) => to_event(Notice::Reload(vec!["*".into()])),
                    Err(RecvError::Closed) => return None,
                },
            };
            Some((Ok(ev), (rx, stop, None)))
        });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_keys() {
        assert_eq!(site_key("/").as_deref(), Some(""));
        assert_eq!(site_key("/notes/one/").as_deref(), Some("notes/one/"));
        assert_eq!(site_key("/style.css").as_deref(), Some("style.css"));
        assert_eq!(site_key("/caf%C3%A9/").as_deref(), Some("café/"));
        assert_eq!(site_key("/a%20b.html").as_deref(), Some("a b.html"));
    }

    #[test]
    fn traversal_is_refused_in_every_encoding() {
        for p in [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/..%2fetc%2fpasswd",
            "/..%5c..%5cetc%5cpasswd",
            "/.%2e/etc/passwd",
            "//etc/passwd",
            "/%2fetc%2fpasswd",
            "/./index.html",
            "/C:/Windows/win.ini",
            "/a%00.html",
            "/%zz",
            "/%c0%ae%c0%ae/etc/passwd",
            "etc/passwd",
        ] {
            assert_eq!(site_key(p), None, "{p}");
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("k.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("i.SVG"), "image/svg+xml");
        assert_eq!(content_type("atom.xml"), "application/xml");
        assert_eq!(content_type("f.woff2"), "font/woff2");
        assert_eq!(content_type("x"), "application/octet-stream");
    }

    #[test]
    fn overlay_escapes() {
        let d = Diagnostic {
            source_line: Some("title = <b>".into()),
            ..Diagnostic::error(
                crate::error::Location {
                    path: "content/a.md".into(),
                    line: 2,
                    col: 9,
                },
                "bad <thing>",
            )
        };
        let h = overlay_html(&[d]);
        assert!(h.contains("content/a.md:2:9"));
        assert!(h.contains("bad &lt;thing&gt;"));
        assert!(h.contains("<pre>title = &lt;b&gt;</pre>"));
    }
}
