//! A small HTTP/1.1 server for tests and the probe benchmark, started on a
//! loopback address with a random port. Each request is answered by a
//! handler; replies can misbehave in the ways real servers do (hang,
//! trickle, reset, answer garbage, never end). It records every request,
//! the most requests it ever had in flight at once, and the connections
//! it accepted.

use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A request as the server saw it.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub at: Instant,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// How to answer.
#[allow(dead_code)] // each user (tests, benchmark) uses some of them
pub enum Reply {
    /// A status with an empty body.
    Status(u16),
    /// A status with headers and a body.
    Full(u16, Vec<(&'static str, String)>, Vec<u8>),
    /// The same reply after a delay.
    After(Duration, Box<Reply>),
    /// Read the request, never answer.
    Hang,
    /// 200 headers, then one body byte every interval, forever.
    Trickle(Duration),
    /// 200 with a body that never ends.
    Endless,
    /// Close the connection with a TCP reset.
    Reset,
    /// Bytes that are not HTTP.
    Garbage,
}

impl Reply {
    /// A redirect to `location`.
    pub fn redirect(status: u16, location: &str) -> Reply {
        Reply::Full(status, vec![("Location", location.to_string())], Vec::new())
    }
}

type Handler = dyn Fn(&Request) -> Reply + Send + Sync;

struct Shared {
    handler: Arc<Handler>,
    log: Mutex<Vec<Request>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    connections: AtomicUsize,
}

/// A running server; it stops when dropped.
pub struct Server {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    _runtime: Arc<tokio::runtime::Runtime>,
}

#[allow(dead_code)]
impl Server {
    /// A server on 127.0.0.1 with a random port.
    pub fn start(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Server {
        Server::start_on([127, 0, 0, 1].into(), handler)
    }

    /// A server on `ip` (any of 127.0.0.0/8) with a random port.
    pub fn start_on(
        ip: IpAddr,
        handler: impl Fn(&Request) -> Reply + Send + Sync + 'static,
    ) -> Server {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("server runtime");
        Server::start_in(Arc::new(runtime), ip, Arc::new(handler))
    }

    /// Servers on each of `ips`, sharing one runtime of `workers` threads
    /// and one handler (a benchmark's thousand hosts).
    pub fn start_many(
        ips: impl IntoIterator<Item = IpAddr>,
        workers: usize,
        handler: impl Fn(&Request) -> Reply + Send + Sync + 'static,
    ) -> Vec<Server> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(workers)
            .enable_all()
            .build()
            .expect("server runtime");
        let runtime = Arc::new(runtime);
        let handler: Arc<Handler> = Arc::new(handler);
        ips.into_iter()
            .map(|ip| Server::start_in(runtime.clone(), ip, handler.clone()))
            .collect()
    }

    fn start_in(
        runtime: Arc<tokio::runtime::Runtime>,
        ip: IpAddr,
        handler: Arc<Handler>,
    ) -> Server {
        let listener = runtime
            .block_on(TcpListener::bind(SocketAddr::new(ip, 0)))
            .expect("bind a loopback port");
        let addr = listener.local_addr().expect("local addr");
        let shared = Arc::new(Shared {
            handler,
            log: Mutex::new(Vec::new()),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
            connections: AtomicUsize::new(0),
        });
        let s = shared.clone();
        runtime.spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                s.connections.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(serve(stream, s.clone()));
            }
        });
        Server {
            addr,
            shared,
            _runtime: runtime,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn requests(&self) -> Vec<Request> {
        self.shared.log.lock().unwrap().clone()
    }

    pub fn max_in_flight(&self) -> usize {
        self.shared.max_in_flight.load(Ordering::SeqCst)
    }

    /// The connections accepted so far.
    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }
}

/// Counts a request in flight for as long as it lives.
struct InFlight<'a>(&'a Shared);

impl<'a> InFlight<'a> {
    fn new(s: &'a Shared) -> InFlight<'a> {
        let now = s.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        s.max_in_flight.fetch_max(now, Ordering::SeqCst);
        InFlight(s)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn serve(mut stream: TcpStream, shared: Arc<Shared>) {
    let mut buf = Vec::new();
    loop {
        // Read one request head (requests here have no body).
        let head_end = loop {
            if let Some(i) = find(&buf, b"\r\n\r\n") {
                break i + 4;
            }
            let mut chunk = [0u8; 4096];
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
            if buf.len() > 64 * 1024 {
                return;
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
        buf.drain(..head_end);
        let mut lines = head.split("\r\n");
        let mut first = lines.next().unwrap_or_default().split(' ');
        let request = Request {
            method: first.next().unwrap_or_default().to_string(),
            path: first.next().unwrap_or_default().to_string(),
            headers: lines
                .filter_map(|l| l.split_once(':'))
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                .collect(),
            at: Instant::now(),
        };
        shared.log.lock().unwrap().push(request.clone());
        let _counted = InFlight::new(&shared);
        let reply = (shared.handler)(&request);
        // As a real server does, the connection ends after an answer to a
        // request that says `Connection: close`.
        let close = request
            .header("connection")
            .is_some_and(|v| v.eq_ignore_ascii_case("close"));
        if !answer(&mut stream, &request, reply).await || close {
            return;
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        429 => "Too Many Requests",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

/// Writes the reply; returns whether the connection may be reused.
async fn answer(stream: &mut TcpStream, request: &Request, reply: Reply) -> bool {
    let mut reply = reply;
    while let Reply::After(delay, inner) = reply {
        precise::sleep(delay).await;
        reply = *inner;
    }
    match reply {
        Reply::After(..) => unreachable!(),
        Reply::Status(status) => write_full(stream, request, status, &[], &[]).await,
        Reply::Full(status, headers, body) => {
            write_full(stream, request, status, &headers, &body).await
        }
        Reply::Hang => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            false
        }
        Reply::Trickle(every) => {
            let head =
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000000\r\n\r\n";
            if stream.write_all(head.as_bytes()).await.is_err() {
                return false;
            }
            loop {
                tokio::time::sleep(every).await;
                if stream.write_all(b"x").await.is_err() {
                    return false;
                }
            }
        }
        Reply::Endless => {
            let head =
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n";
            if stream.write_all(head.as_bytes()).await.is_err() {
                return false;
            }
            let chunk = format!("4000\r\n{}\r\n", "a".repeat(0x4000));
            while stream.write_all(chunk.as_bytes()).await.is_ok() {}
            false
        }
        Reply::Reset => {
            #[allow(deprecated)] // SO_LINGER 0 is the point: a reset, not a close
            let _ = stream.set_linger(Some(Duration::ZERO));
            false
        }
        Reply::Garbage => {
            let _ = stream
                .write_all(b"SSH-2.0-OpenSSH_9.0 not http at all\r\n\r\n")
                .await;
            false
        }
    }
}

async fn write_full(
    stream: &mut TcpStream,
    request: &Request,
    status: u16,
    headers: &[(&'static str, String)],
    body: &[u8],
) -> bool {
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Length: {}\r\n",
        reason(status),
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    if stream.write_all(head.as_bytes()).await.is_err() {
        return false;
    }
    if request.method != "HEAD" && stream.write_all(body).await.is_err() {
        return false;
    }
    true
}

/// Delays kept to a tenth of a millisecond. tokio's timer wakes on whole
/// milliseconds, late: a 20 ms answer took 21 to 22, which put the probe
/// benchmark's servers 5–10% over the floor they are meant to set. One
/// thread of the process keeps every delay instead.
mod precise {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    use std::sync::OnceLock;
    use std::sync::mpsc::{self, RecvTimeoutError};
    use std::time::{Duration, Instant};

    use tokio::sync::oneshot;

    type Wake = (Instant, oneshot::Sender<()>);

    /// A wake-up, ordered by its time (then by its arrival).
    struct Due(Instant, u64, oneshot::Sender<()>);

    impl PartialEq for Due {
        fn eq(&self, other: &Due) -> bool {
            (self.0, self.1) == (other.0, other.1)
        }
    }
    impl Eq for Due {}
    impl PartialOrd for Due {
        fn partial_cmp(&self, other: &Due) -> Option<std::cmp::Ordering> {
            Some(self.cmp(other))
        }
    }
    impl Ord for Due {
        fn cmp(&self, other: &Due) -> std::cmp::Ordering {
            (self.0, self.1).cmp(&(other.0, other.1))
        }
    }

    pub async fn sleep(delay: Duration) {
        static TIMER: OnceLock<mpsc::Sender<Wake>> = OnceLock::new();
        let timer = TIMER.get_or_init(|| {
            let (tx, rx) = mpsc::channel();
            std::thread::spawn(move || keep(rx));
            tx
        });
        let (tx, rx) = oneshot::channel();
        timer
            .send((Instant::now() + delay, tx))
            .expect("the timer thread lives as long as the process");
        let _ = rx.await;
    }

    fn keep(rx: mpsc::Receiver<Wake>) {
        let mut due: BinaryHeap<Reverse<Due>> = BinaryHeap::new();
        let mut arrivals = 0;
        loop {
            let next = match due.peek() {
                Some(Reverse(d)) => rx.recv_timeout(d.0.saturating_duration_since(Instant::now())),
                None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
            };
            match next {
                Ok((at, tx)) => {
                    arrivals += 1;
                    due.push(Reverse(Due(at, arrivals, tx)));
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
            let now = Instant::now();
            while due.peek().is_some_and(|Reverse(d)| d.0 <= now) {
                let Reverse(Due(_, _, tx)) = due.pop().expect("peeked");
                let _ = tx.send(());
            }
        }
    }
}
