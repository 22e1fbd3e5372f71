//! The HTTP side of `serve` (axum): maps a request path to a file of the in-memory site
//! (percent-decoding it and refusing `..`, `.`, empty and backslash segments, so nothing outside
//! the site can be named), sets Content-Type, redirects directory URLs to their trailing slash,
//! answers missing pages with the site's `404.html`, streams rebuild notices as Server-Sent
//! Events at [`EVENTS_PATH`], and injects the error overlay into HTML while a rebuild is failing.

use super::{Notice, Shared, SiteState};
use crate::error::Diagnostic;
use crate::html::escape_html as escape;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::borrow::Cow;
use std::convert::Infallible;
use std::path::Path;
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

/// Decodes `%XX` escapes; `None` if an escape is malformed (a `%` not followed by two hex
/// digits, which `percent-encoding` would pass through as it is) or the result is not UTF-8.
pub(crate) fn percent_decode(s: &str) -> Option<String> {
    let malformed = s.split('%').skip(1).any(|after| {
        !after
            .as_bytes()
            .get(..2)
            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if malformed {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(s).decode_utf8().ok()?;
    Some(decoded.into_owned())
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

/// Where the served type differs from `mime_guess`'s first guess, which is out of date for
/// these: `.xml` is `application/xml` (RFC 7303 prefers it to `text/xml`; the feed and the
/// sitemap), `.mjs` is `text/javascript` (RFC 9239), `.woff` and `.otf` are `font/woff` and
/// `font/otf` (RFC 8081), and a `.map` (a source map) is JSON.
const TYPE_OVERRIDES: [(&str, &str); 5] = [
    ("xml", "application/xml"),
    ("mjs", "text/javascript"),
    ("woff", "font/woff"),
    ("otf", "font/otf"),
    ("map", "application/json"),
];

/// The Content-Type for an output path: `mime_guess`'s type for its extension (but see
/// [`TYPE_OVERRIDES`]), with `charset=utf-8` on text types, which the build writes in UTF-8
/// only.
pub(crate) fn content_type(path: &str) -> Cow<'static, str> {
    let ext = Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let mime = match TYPE_OVERRIDES.iter().find(|(e, _)| *e == ext) {
        Some((_, mime)) => mime,
        None => mime_guess::from_ext(&ext)
            .first_raw()
            .unwrap_or("application/octet-stream"),
    };
    if mime.starts_with("text/") {
        Cow::Owned(format!("{mime}; charset=utf-8"))
    } else {
        Cow::Borrowed(mime)
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
    let stamp = format!("<meta name=\"kaisetsu-build\" content=\"{build}\">");
    let html = super::insert(&bytes, super::head_end(&bytes), &stamp);
    let mut extra = String::new();
    if memchr::memmem::find(&bytes, EVENTS_PATH.as_bytes()).is_none() {
        extra.push_str(&client_head());
    }
    if !errors.is_empty() {
        extra.push_str(&overlay_html(errors));
    }
    let body_end = memchr::memmem::rfind(&html, b"</body>").unwrap_or(html.len());
    Bytes::from(super::insert(&html, body_end, &extra))
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
    let ct = HeaderValue::from_str(&ct).expect("a MIME type is a valid header value");
    h.insert(header::CONTENT_TYPE, ct);
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
    fn content_types_match_the_table_that_came_before_mime_guess() {
        for (path, want) in [
            ("a.htm", "text/html; charset=utf-8"),
            ("a.mjs", "text/javascript; charset=utf-8"),
            ("glossary.json", "application/json"),
            ("a.js.map", "application/json"),
            ("sitemap.xml", "application/xml"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("a.png", "image/png"),
            ("a.JPG", "image/jpeg"),
            ("a.jpeg", "image/jpeg"),
            ("a.gif", "image/gif"),
            ("a.webp", "image/webp"),
            ("a.avif", "image/avif"),
            ("favicon.ico", "image/x-icon"),
            ("f.woff", "font/woff"),
            ("f.ttf", "font/ttf"),
            ("f.otf", "font/otf"),
            ("a.pdf", "application/pdf"),
            ("a.wasm", "application/wasm"),
            ("a.mp4", "video/mp4"),
            ("a.webm", "video/webm"),
            ("a.mp3", "audio/mpeg"),
            ("a.dir/file", "application/octet-stream"),
        ] {
            assert_eq!(content_type(path), want, "{path}");
        }
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

    #[test]
    fn what_the_server_adds_keeps_every_other_byte_and_follows_the_doctype() {
        // Found by a fuzzer of the dev server: a Latin-1 page's `é` came back as U+FFFD, and
        // in a page without `</head>` the build stamp went before `<!doctype html>`.
        let client = client_head();
        let strip = |b: &[u8], stamp: &str| {
            let cut = |s: Vec<u8>, what: &str| {
                let at = memchr::memmem::find(&s, what.as_bytes()).expect("added");
                [&s[..at], &s[at + what.len()..]].concat()
            };
            cut(cut(b.to_vec(), stamp), &client)
        };
        let latin1 = b"<!doctype html><head><title>Caf\xe9</title></head><body>Caf\xe9</body>";
        let served = decorate_html(Bytes::from_static(latin1), &[], 7);
        assert!(served.starts_with(b"<!doctype html><head><title>Caf\xe9</title><meta name=\"kaisetsu-build\" content=\"7\">"));
        assert!(served.ends_with(b"</body>"));
        let stamp = "<meta name=\"kaisetsu-build\" content=\"7\">";
        assert_eq!(strip(&served, stamp), latin1.to_vec());
        assert!(
            memchr::memmem::find(&served, b"Caf\xe9</body>").is_none(),
            "the client comes before </body>"
        );
        let headless = b"\n<!DOCTYPE html>\n<title>x</title>\n<p>hi\n";
        let served = decorate_html(Bytes::from_static(headless), &[], 1);
        assert!(served.starts_with(b"\n<!DOCTYPE html><meta name=\"kaisetsu-build\""));
        let stamp = "<meta name=\"kaisetsu-build\" content=\"1\">";
        assert_eq!(strip(&served, stamp), headless.to_vec());
        let bare = super::super::with_client("a.html", Bytes::from_static(b"<p>x"));
        assert!(bare.starts_with(b"<script") && bare.ends_with(b"<p>x"));
    }
}
