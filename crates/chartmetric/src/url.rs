//! URLs: the base URL, joined paths that never leave its origin, and the
//! default HTTP client.

use crate::error::Error;
use std::time::Duration;

pub(crate) fn parse_base_url(text: &str) -> Result<reqwest::Url, Error> {
    let url = reqwest::Url::parse(text.trim_end_matches('/'))
        .map_err(|e| Error::config(format!("invalid base URL {text:?}: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(Error::config(format!("the base URL must be http(s)://host, not {text:?}")));
    }
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
        return Err(Error::config("the base URL must not carry a query, fragment or user"));
    }
    Ok(url)
}

/// `base` + `/` + `path`, refusing a path that would leave the base's origin
/// (a token must never be sent to another host).
pub(crate) fn join_url(base: &reqwest::Url, path: &str) -> Result<reqwest::Url, Error> {
    let bad = || Error::config(format!("invalid API path {path:?}"));
    if path.contains("://") || path.starts_with("//") || path.chars().any(char::is_control) {
        return Err(bad());
    }
    let joined = format!("{}/{}", base.as_str().trim_end_matches('/'), path.trim_start_matches('/'));
    let url = reqwest::Url::parse(&joined).map_err(|_| bad())?;
    if url.origin() != base.origin() {
        return Err(bad());
    }
    Ok(url)
}

/// The HTTP client: no redirects (a token must not follow one elsewhere),
/// the given timeout, proxy and extra roots.
pub(crate) fn http_client(timeout: Duration, proxy: Option<&str>, roots: &[Vec<u8>]) -> Result<reqwest::Client, Error> {
    let mut builder = reqwest::Client::builder()
        .user_agent(concat!("chartmetric-rs/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::none());
    if let Some(url) = proxy {
        let proxy = reqwest::Proxy::all(url).map_err(|e| Error::config(format!("invalid proxy URL: {e}")))?;
        builder = builder.proxy(proxy);
    }
    for pem in roots {
        let certificate =
            reqwest::Certificate::from_pem(pem).map_err(|e| Error::config(format!("invalid root certificate: {e}")))?;
        builder = builder.add_root_certificate(certificate);
    }
    builder.build().map_err(|e| Error::config(format!("cannot build the HTTP client: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_join_under_the_base_and_never_leave_its_origin() {
        let base = parse_base_url("http://127.0.0.1:8080/prefix/").expect("valid");
        let url = join_url(&base, "/api/artist/1?x=1").expect("valid");
        assert_eq!(url.as_str(), "http://127.0.0.1:8080/prefix/api/artist/1?x=1");
        assert!(join_url(&base, "https://evil.example/api").is_err());
        assert!(join_url(&base, "//evil.example/api").is_err());
        assert!(join_url(&base, "@evil.example/api").is_ok_and(|u| u.host_str() == Some("127.0.0.1")));
    }
}
