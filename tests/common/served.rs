//! What `serve` sends: its Server-Sent Events stream, and the build stamp on served pages.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// How long a read of the event stream waits.
const WAIT: Duration = Duration::from_secs(10);

/// Reads Server-Sent Events from the raw stream (chunk-size lines are skipped); keeps the
/// data of the first event, "hello" (the build current when the stream connected).
pub struct Sse {
    reader: BufReader<TcpStream>,
    /// The data of the first event, "hello".
    pub hello: String,
}

impl Sse {
    pub fn connect(addr: SocketAddr) -> Sse {
        let mut s = TcpStream::connect(addr).unwrap();
        write!(
            s,
            "GET /__kaisetsu/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        s.set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        let mut sse = Sse {
            reader: BufReader::new(s),
            hello: String::new(),
        };
        let (name, data) = sse.next_event().expect("a first event");
        assert_eq!(name, "hello");
        sse.hello = data;
        sse
    }
    /// The next event's (name, data), or None after [`WAIT`].
    pub fn next_event(&mut self) -> Option<(String, String)> {
        let start = Instant::now();
        let mut name = None;
        let mut line = String::new();
        while start.elapsed() < WAIT {
            line.clear();
            match self.reader.read_line(&mut line) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(_) => continue,
            }
            if let Some(n) = line.strip_prefix("event: ") {
                name = Some(n.trim().to_string());
            } else if let Some(d) = line.strip_prefix("data: ") {
                if let Some(n) = name.take() {
                    return Some((n, d.trim().to_string()));
                }
            }
        }
        None
    }
}

/// The build a page was stamped with, from its `<meta name="kaisetsu-build">`.
pub fn stamp(body: &str) -> u64 {
    let at = body
        .find("<meta name=\"kaisetsu-build\" content=\"")
        .expect("served pages carry their build")
        + "<meta name=\"kaisetsu-build\" content=\"".len();
    body[at..body[at..].find('"').unwrap() + at]
        .parse()
        .unwrap()
}

/// An HTML body as served, without the build stamp that `serve` adds to every page
/// (`<meta name="kaisetsu-build" content="N">`), so it can be compared with a build.
pub fn unstamp(body: &[u8]) -> Vec<u8> {
    const OPEN: &[u8] = b"<meta name=\"kaisetsu-build\" content=\"";
    let Some(start) = body.windows(OPEN.len()).position(|w| w == OPEN) else {
        return body.to_vec();
    };
    let end = body[start..]
        .iter()
        .position(|&b| b == b'>')
        .map_or(body.len(), |i| start + i + 1);
    [&body[..start], &body[end..]].concat()
}
