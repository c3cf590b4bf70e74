//! Fronts for the local PostgreSQL and Redis, so that TLS tests do not
//! depend on how those are configured: a TLS front terminates TLS with a
//! certificate issued at start by a CA made at start, and passes the bytes
//! on; a plain front plays a PostgreSQL without TLS (it declines the
//! client's `SSLRequest`). The backends' TLS tests connect through them.

use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
use rustls::ServerConfig;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;

/// What the client says before its TLS handshake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// PostgreSQL: an `SSLRequest`, answered `S`; then TLS.
    Postgres,
    /// Redis: TLS from the first byte.
    Redis,
}

/// How a front answers.
#[derive(Clone)]
enum Mode {
    Tls(TlsAcceptor, Protocol),
    /// PostgreSQL without TLS: `N` to an `SSLRequest`, then plain bytes.
    PlainPostgres,
}

/// PostgreSQL's `SSLRequest`: length 8, code 80877103.
const SSL_REQUEST: [u8; 8] = [0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f];

/// A running front; it stops when dropped.
pub struct TlsFront {
    addr: SocketAddr,
    ca_pem: String,
    task: tokio::task::JoinHandle<()>,
}

impl TlsFront {
    /// Listens on 127.0.0.1 (a free port) and forwards each connection to
    /// `upstream`, presenting a certificate for `names` (DNS names or IP
    /// addresses). Needs a tokio runtime.
    pub async fn start(upstream: SocketAddr, protocol: Protocol, names: &[&str]) -> Self {
        let (ca_pem, config) = certificates(names);
        Self::listen(upstream, Mode::Tls(TlsAcceptor::from(Arc::new(config)), protocol), ca_pem).await
    }

    /// A PostgreSQL without TLS in front of `upstream` (which may have it):
    /// declines every `SSLRequest`, then forwards the plain connection.
    pub async fn plain_postgres(upstream: SocketAddr) -> Self {
        Self::listen(upstream, Mode::PlainPostgres, String::new()).await
    }

    async fn listen(upstream: SocketAddr, mode: Mode, ca_pem: String) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                tokio::spawn(forward(client, mode.clone(), upstream));
            }
        });
        Self { addr, ca_pem, task }
    }

    /// The port it listens on (at 127.0.0.1).
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Writes the CA's certificate (PEM) into `dir`, and returns the path.
    pub fn write_ca(&self, dir: &Path) -> PathBuf {
        let path = dir.join("ca.pem");
        std::fs::write(&path, &self.ca_pem).unwrap();
        path
    }
}

impl Drop for TlsFront {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A CA's certificate (PEM), and a server configuration presenting a
/// certificate it issued for `names`.
fn certificates(names: &[&str]) -> (String, ServerConfig) {
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name.push(DnType::CommonName, "chartgate test CA");
    let ca = CertifiedIssuer::self_signed(ca, KeyPair::generate().unwrap()).unwrap();
    let key = KeyPair::generate().unwrap();
    let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
    let leaf = CertificateParams::new(names).unwrap().signed_by(&key, &ca).unwrap();
    let chain = vec![CertificateDer::from(leaf.der().to_vec())];
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .unwrap();
    (ca.pem(), config)
}

/// One connection: the preamble, the handshake, then bytes both ways until
/// either side closes. A client that fails the handshake is dropped.
async fn forward(mut client: TcpStream, mode: Mode, upstream: SocketAddr) {
    let Ok(mut server) = TcpStream::connect(upstream).await else { return };
    match mode {
        Mode::Tls(acceptor, protocol) => {
            if protocol == Protocol::Postgres && !ssl_request(&mut client).await {
                return;
            }
            let Ok(mut tls) = acceptor.accept(client).await else { return };
            let _ = tokio::io::copy_bidirectional(&mut tls, &mut server).await;
        }
        Mode::PlainPostgres => {
            // An `SSLRequest` is declined; anything else is the start of
            // a plain session (at least 8 bytes long).
            let mut first = [0u8; 8];
            if client.read_exact(&mut first).await.is_err() {
                return;
            }
            let passed = match first == SSL_REQUEST {
                true => client.write_all(b"N").await,
                false => server.write_all(&first).await,
            };
            if passed.is_ok() {
                let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
            }
        }
    }
}

/// Reads PostgreSQL's `SSLRequest` and accepts it; false when the client
/// sent something else or went away.
async fn ssl_request(client: &mut TcpStream) -> bool {
    let mut request = [0u8; 8];
    client.read_exact(&mut request).await.is_ok() && request == SSL_REQUEST && client.write_all(b"S").await.is_ok()
}
