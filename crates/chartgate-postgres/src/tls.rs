//! TLS to PostgreSQL: the URL's `sslmode` and `sslrootcert`, and the
//! rustls connector they choose.
//!
//! tokio-postgres knows neither `verify-full` nor `sslrootcert`, so both
//! are taken out of the URL here, before it parses the rest. The modes
//! mean what they mean to libpq: `disable` never encrypts; `prefer` (the
//! default) encrypts when the server offers TLS; `require` insists on it;
//! neither checks the certificate. `verify-full` insists on TLS and checks
//! the chain (against the public web roots, or only the CA certificates of
//! `sslrootcert` when given) and that the certificate names the host.

use chartgate_core::StoreError;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, ConfigBuilder, DigitallySignedStruct, RootCertStore, SignatureScheme, WantsVerifier};
use std::sync::Arc;
use tokio_postgres::config::SslMode as WireMode;
use tokio_postgres_rustls::MakeRustlsConnect;

/// What a URL's `sslmode` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SslMode {
    /// Never TLS.
    Disable,
    /// TLS when the server offers it, certificate unchecked.
    Prefer,
    /// TLS always, certificate unchecked.
    Require,
    /// TLS always, chain and host name checked.
    VerifyFull,
}

/// The TLS settings of a URL, and the URL without them.
pub(crate) struct Tls {
    /// The URL with `sslmode` and `sslrootcert` taken out.
    pub(crate) url: String,
    /// The mode asked for (`prefer` when none was).
    pub(crate) mode: SslMode,
    /// The connector, unless the mode is `disable`.
    pub(crate) connector: Option<MakeRustlsConnect>,
}

impl SslMode {
    fn parse(value: &str) -> Result<Self, StoreError> {
        match value {
            "disable" => Ok(Self::Disable),
            "prefer" => Ok(Self::Prefer),
            "require" => Ok(Self::Require),
            "verify-full" => Ok(Self::VerifyFull),
            "allow" | "verify-ca" => {
                Err(invalid(format!("sslmode={value} is not supported; use disable, prefer, require or verify-full")))
            }
            other => Err(invalid(format!(
                "unknown sslmode {:?}; use disable, prefer, require or verify-full",
                other.chars().take(20).collect::<String>()
            ))),
        }
    }

    /// What tokio-postgres is told: it verifies nothing itself.
    pub(crate) fn wire(self) -> WireMode {
        match self {
            Self::Disable => WireMode::Disable,
            Self::Prefer => WireMode::Prefer,
            Self::Require | Self::VerifyFull => WireMode::Require,
        }
    }
}

impl Tls {
    /// Reads and removes `sslmode` and `sslrootcert` from a `postgres://`
    /// URL, and builds the connector they ask for (reading the CA file).
    pub(crate) fn from_url(url: &str) -> Result<Self, StoreError> {
        let (url, settings) = take_params(url, &["sslmode", "sslrootcert"])?;
        let mut mode = SslMode::Prefer;
        let mut root_cert = None;
        for (key, value) in settings {
            match key.as_str() {
                "sslmode" => mode = SslMode::parse(&value)?,
                _ => root_cert = Some(value),
            }
        }
        let connector = match (mode, root_cert) {
            (SslMode::Disable, None) => None,
            (SslMode::Prefer | SslMode::Require, None) => Some(encrypt_only()?),
            (SslMode::VerifyFull, path) => Some(verify_full(path.as_deref())?),
            (_, Some(_)) => {
                return Err(invalid("sslrootcert needs sslmode=verify-full: other modes check no certificate".into()));
            }
        };
        Ok(Self { url, mode, connector })
    }
}

/// Splits the named parameters (percent-decoded) off a URL's query,
/// finding the query as tokio-postgres does: at the first `?` after the
/// credentials. Other parameters stay as they were written.
fn take_params(url: &str, names: &[&str]) -> Result<(String, Vec<(String, String)>), StoreError> {
    let creds_end = url.find('@').map_or(0, |at| at + 1);
    let Some(start) = url[creds_end..].find('?').map(|q| creds_end + q) else {
        return Ok((url.to_owned(), Vec::new()));
    };
    let (base, query) = (&url[..start], &url[start + 1..]);
    let (mut kept, mut taken) = (Vec::new(), Vec::new());
    for chunk in query.split('&') {
        let key = decode(chunk.split_once('=').map_or(chunk, |(k, _)| k))?;
        match chunk.split_once('=') {
            Some((_, value)) if names.contains(&key.as_str()) => taken.push((key, decode(value)?)),
            _ => kept.push(chunk),
        }
    }
    let url = if kept.is_empty() { base.to_owned() } else { format!("{base}?{}", kept.join("&")) };
    Ok((url, taken))
}

fn decode(s: &str) -> Result<String, StoreError> {
    let decoded = percent_encoding::percent_decode_str(s).decode_utf8();
    decoded.map(|s| s.into_owned()).map_err(|_| invalid("a URL parameter is not UTF-8 once decoded".into()))
}

/// A client configuration on ring with the safe protocol versions.
fn builder(provider: Arc<CryptoProvider>) -> Result<ConfigBuilder<ClientConfig, WantsVerifier>, StoreError> {
    ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| invalid(format!("cannot set up TLS: {e}")))
}

/// `prefer` and `require`: encrypted, but any certificate will do (as with
/// libpq), so this keeps out only a passive listener.
fn encrypt_only() -> Result<MakeRustlsConnect, StoreError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = Arc::new(AnyCertificate(provider.signature_verification_algorithms));
    let config = builder(provider)?.dangerous().with_custom_certificate_verifier(verifier).with_no_client_auth();
    Ok(MakeRustlsConnect::new(config))
}

/// `verify-full`: the chain up to a trusted root, and the host name.
fn verify_full(root_cert: Option<&str>) -> Result<MakeRustlsConnect, StoreError> {
    let roots = match root_cert {
        Some(path) => roots_from(path)?,
        None => RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() },
    };
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = builder(provider)?.with_root_certificates(roots).with_no_client_auth();
    Ok(MakeRustlsConnect::new(config))
}

/// The CA certificates of a PEM file, and only those.
fn roots_from(path: &str) -> Result<RootCertStore, StoreError> {
    let unreadable = |e: &dyn std::fmt::Display| invalid(format!("cannot read sslrootcert {path:?}: {e}"));
    let mut roots = RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(path).map_err(|e| unreadable(&e))? {
        roots.add(cert.map_err(|e| unreadable(&e))?).map_err(|e| unreadable(&e))?;
    }
    if roots.is_empty() {
        return Err(unreadable(&"it holds no PEM certificate"));
    }
    Ok(roots)
}

fn invalid(message: String) -> StoreError {
    StoreError::Backend(format!("invalid PostgreSQL URL: {message}"))
}

/// Accepts any certificate, but still checks that the server holds its
/// key (the handshake's signatures), as a TLS library must.
#[derive(Debug)]
struct AnyCertificate(WebPkiSupportedAlgorithms);

impl ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn taken(url: &str) -> (String, Vec<(String, String)>) {
        take_params(url, &["sslmode", "sslrootcert"]).expect(url)
    }

    #[test]
    fn tls_parameters_come_out_of_the_query_and_the_rest_stays() {
        let (url, got) = taken("postgres://u:p%3F@h/db?application_name=x&sslmode=verify-full&sslrootcert=%2Fca.pem");
        assert_eq!(url, "postgres://u:p%3F@h/db?application_name=x");
        assert_eq!(got, [("sslmode".into(), "verify-full".into()), ("sslrootcert".into(), "/ca.pem".into())]);
        assert_eq!(taken("postgres://h/db?sslmode=disable").0, "postgres://h/db");
        assert_eq!(taken("postgres://h/db").0, "postgres://h/db");
        // A `?` in the password is not the query, as for tokio-postgres.
        let (url, got) = taken("postgres://u:a?b@h/db?sslmode=require");
        assert_eq!((url.as_str(), got.len()), ("postgres://u:a?b@h/db", 1));
    }

    #[test]
    fn each_mode_builds_and_the_default_is_prefer() {
        let mode = |url: &str| Tls::from_url(url).map(|t| (t.mode, t.connector.is_some())).expect(url);
        assert_eq!(mode("postgres://h/db"), (SslMode::Prefer, true));
        assert_eq!(mode("postgres://h/db?sslmode=disable"), (SslMode::Disable, false));
        assert_eq!(mode("postgres://h/db?sslmode=require"), (SslMode::Require, true));
        assert_eq!(mode("postgres://h/db?sslmode=verify-full"), (SslMode::VerifyFull, true));
    }

    #[test]
    fn unsupported_modes_and_a_root_cert_without_verification_are_refused() {
        for url in [
            "postgres://h/db?sslmode=verify-ca",
            "postgres://h/db?sslmode=allow",
            "postgres://h/db?sslmode=always",
            "postgres://h/db?sslmode=require&sslrootcert=/ca.pem",
            "postgres://h/db?sslrootcert=/ca.pem",
        ] {
            let err = Tls::from_url(url).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(err.contains("sslmode") || err.contains("sslrootcert"), "{url}: {err}");
        }
    }

    #[test]
    fn a_missing_or_empty_root_cert_file_is_named() {
        let err = Tls::from_url("postgres://u:hunter2@h/db?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("/nonexistent/ca.pem") && !err.contains("hunter2"), "{err}");
        let empty = std::env::temp_dir().join(format!("chartgate-empty-{}.pem", std::process::id()));
        std::fs::write(&empty, "not a certificate\n").expect("write");
        let url = format!("postgres://h/db?sslmode=verify-full&sslrootcert={}", empty.display());
        let err = Tls::from_url(&url).err().map(|e| e.to_string()).unwrap_or_default();
        std::fs::remove_file(&empty).ok();
        assert!(err.contains("no PEM certificate"), "{err}");
    }
}
