//! A loopback HTTP server with canned answers, for `check --external` (issue 16). It counts
//! every request and the most requests it ever had in flight at once.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the server saw.
#[derive(Default)]
pub struct Seen {
    /// "METHOD /path" of every request, in arrival order.
    pub requests: Mutex<Vec<String>>,
    in_flight: AtomicUsize,
    /// The most requests answered at once.
    pub max_in_flight: AtomicUsize,
}

/// The server; it runs until the test ends.
pub struct LinkServer {
    pub addr: SocketAddr,
    pub seen: Arc<Seen>,
}

impl LinkServer {
    /// Answers: `/ok` 200, `/moved` 301 to `/ok`, `/temporary` 302 to `/ok`, `/missing` 404,
    /// `/gone` 410, `/slow` 200 after 3 s, `/no-head` 405 to HEAD and 200 to GET, `/flaky` 503
    /// the first time and 200 after; anything else 404. Every answer waits 50 ms, so that
    /// requests overlap.
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = Arc::new(Seen::default());
        let s = seen.clone();
        std::thread::spawn(move || {
            let counts = Arc::new(Mutex::new(HashMap::<String, usize>::new()));
            for stream in listener.incoming().flatten() {
                let (s, counts) = (s.clone(), counts.clone());
                std::thread::spawn(move || answer(stream, &s, &counts));
            }
        });
        LinkServer { addr, seen }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn requests(&self) -> Vec<String> {
        self.seen.requests.lock().unwrap().clone()
    }
}

/// A loopback address where nothing listens.
pub fn refused_url() -> String {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap();
    drop(l);
    format!("http://{addr}/refused")
}

fn answer(mut stream: TcpStream, seen: &Seen, counts: &Mutex<HashMap<String, usize>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).map_or(true, |n| n == 0) || h == "\r\n" {
            break;
        }
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("").to_string();
    seen.requests
        .lock()
        .unwrap()
        .push(format!("{method} {path}"));
    // A slow answer outlives the client's timeout, so it is not counted as in flight.
    let counted = path != "/slow";
    if counted {
        let now = seen.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        seen.max_in_flight.fetch_max(now, Ordering::SeqCst);
    }
    std::thread::sleep(Duration::from_millis(50));
    let n = {
        let mut c = counts.lock().unwrap();
        let n = c.entry(path.clone()).or_default();
        *n += 1;
        *n
    };
    let (status, location) = match (method.as_str(), path.as_str()) {
        (_, "/ok") => ("200 OK", None),
        (_, "/moved") => ("301 Moved Permanently", Some("/ok")),
        (_, "/temporary") => ("302 Found", Some("/ok")),
        (_, "/gone") => ("410 Gone", None),
        (_, "/slow") => {
            std::thread::sleep(Duration::from_secs(3));
            ("200 OK", None)
        }
        ("HEAD", "/no-head") => ("405 Method Not Allowed", None),
        (_, "/no-head") => ("200 OK", None),
        (_, "/flaky") if n == 1 => ("503 Service Unavailable", None),
        (_, "/flaky") => ("200 OK", None),
        _ => ("404 Not Found", None),
    };
    let mut head = format!("HTTP/1.1 {status}\r\nContent-Length: 2\r\nConnection: close\r\n");
    if let Some(l) = location {
        head.push_str(&format!("Location: {l}\r\n"));
    }
    head.push_str("\r\n");
    // No longer in flight once the answer starts: the client may start its next request as
    // soon as it has read this one.
    if counted {
        seen.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
    let _ = stream.write_all(head.as_bytes());
    if method != "HEAD" {
        let _ = stream.write_all(b"ok");
    }
}
