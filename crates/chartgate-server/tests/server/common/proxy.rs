//! A TCP proxy the test controls, to cut a backend off under a running
//! server and bring it back.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// A proxy from a local port to a backend.
pub struct Proxy {
    /// Where clients connect.
    pub addr: SocketAddr,
    up: Arc<AtomicBool>,
    stalled: Arc<AtomicBool>,
    sent: Arc<AtomicUsize>,
    conns: Arc<parking_lot::Mutex<Vec<JoinHandle<()>>>>,
    accept: JoinHandle<()>,
    target: Arc<parking_lot::Mutex<SocketAddr>>,
}

impl Proxy {
    /// Starts forwarding 127.0.0.1:<free port> to `target`.
    pub async fn start(target: SocketAddr) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let addr = listener.local_addr().expect("proxy addr");
        let up = Arc::new(AtomicBool::new(true));
        let stalled = Arc::new(AtomicBool::new(false));
        let conns = Arc::new(parking_lot::Mutex::new(Vec::new()));
        let sent = Arc::new(AtomicUsize::new(0));
        let (up2, conns2, stalled2, sent2) = (up.clone(), conns.clone(), stalled.clone(), sent.clone());
        let target = Arc::new(parking_lot::Mutex::new(target));
        let target2 = target.clone();
        let accept = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                if !up2.load(Ordering::SeqCst) {
                    drop(client); // refused: closed at once
                    continue;
                }
                let (stalled, sent) = (stalled2.clone(), sent2.clone());
                let target = *target2.lock();
                let task = tokio::spawn(async move {
                    if let Ok(server) = TcpStream::connect(target).await {
                        forward(client, server, stalled, sent).await;
                    }
                });
                conns2.lock().push(task);
            }
        });
        Proxy { addr, up, stalled, sent, conns, accept, target }
    }

    /// Sends new connections to another backend (a restarted one).
    #[allow(dead_code)]
    pub fn retarget(&self, to: SocketAddr) {
        *self.target.lock() = to;
    }

    /// Makes the backend slow: connections stay open, nothing passes.
    pub fn stall(&self) {
        self.stalled.store(true, Ordering::SeqCst);
    }

    /// Bytes clients have sent towards the backend so far.
    pub fn bytes_sent(&self) -> usize {
        self.sent.load(Ordering::SeqCst)
    }

    /// Lets bytes pass again after [`Proxy::stall`].
    pub fn unstall(&self) {
        self.stalled.store(false, Ordering::SeqCst);
    }

    /// Cuts the backend off: open connections drop, new ones close at once.
    pub fn cut(&self) {
        self.up.store(false, Ordering::SeqCst);
        for task in self.conns.lock().drain(..) {
            task.abort();
        }
    }

    /// Lets connections through again.
    pub fn restore(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

/// Copies both ways; while `stalled`, holds every byte back (the peer sees a
/// backend that accepts and never answers).
async fn forward(client: TcpStream, server: TcpStream, stalled: Arc<AtomicBool>, sent: Arc<AtomicUsize>) {
    let (client_read, client_write) = client.into_split();
    let (server_read, server_write) = server.into_split();
    let up = pump(client_read, server_write, stalled.clone(), Some(sent));
    let down = pump(server_read, client_write, stalled, None);
    tokio::select! {
        () = up => {},
        () = down => {},
    }
}

async fn pump(
    mut from: OwnedReadHalf,
    mut to: OwnedWriteHalf,
    stalled: Arc<AtomicBool>,
    count: Option<Arc<AtomicUsize>>,
) {
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let n = match from.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        if let Some(count) = &count {
            count.fetch_add(n, Ordering::SeqCst);
        }
        while stalled.load(Ordering::SeqCst) {
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        if to.write_all(&buf[..n]).await.is_err() {
            return;
        }
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.cut();
        self.accept.abort();
    }
}

/// The `host:port` of a `scheme://[user@]host:port/...` URL, resolved.
pub fn socket_of(url: &str) -> SocketAddr {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let hostport = rest.split(['/', '?']).next().unwrap_or(rest);
    let hostport = hostport.rsplit_once('@').map_or(hostport, |(_, h)| h);
    use std::net::ToSocketAddrs;
    hostport.to_socket_addrs().expect("resolve").next().expect("an address")
}

/// `url` with its `host:port` replaced by `addr`.
pub fn via(url: &str, addr: SocketAddr) -> String {
    let (scheme, rest) = url.split_once("://").expect("a URL");
    let (auth, after_auth) = match rest.split_once('@') {
        Some((a, r)) => (format!("{a}@"), r),
        None => (String::new(), rest),
    };
    let tail_at = after_auth.find(['/', '?']).unwrap_or(after_auth.len());
    format!("{scheme}://{auth}{addr}{}", &after_auth[tail_at..])
}
