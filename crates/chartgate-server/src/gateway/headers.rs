//! What the gateway changes in the headers it forwards, both ways: the
//! hop-by-hop headers go (RFC 9110 §7.6.1), the caller's credentials go,
//! chartgate's identity headers come.

use crate::authenticate::Caller;
use crate::gateway::config::{Secret, UpstreamUrl};
use chartgate_core::Scope;
use http::{HeaderMap, HeaderName, HeaderValue, Uri, header};

/// `X-Chartgate-User`: the caller's user name.
pub static USER: HeaderName = HeaderName::from_static("x-chartgate-user");
/// `X-Chartgate-Plan`: the caller's plan.
pub static PLAN: HeaderName = HeaderName::from_static("x-chartgate-plan");
/// `X-Chartgate-Scope`: the scopes both the caller's access token and plan
/// grant, space-separated.
pub static SCOPE: HeaderName = HeaderName::from_static("x-chartgate-scope");
/// `X-Chartgate-Secret`: the shared secret, when configured.
pub static SECRET: HeaderName = HeaderName::from_static("x-chartgate-secret");
/// `X-Cache`: `HIT` or `MISS`, on the broker's cacheable answers.
pub static X_CACHE: HeaderName = HeaderName::from_static("x-cache");

/// Headers that concern one connection only, never forwarded.
const HOP_BY_HOP: [HeaderName; 8] = [
    header::CONNECTION,
    HeaderName::from_static("keep-alive"),
    header::PROXY_AUTHENTICATE,
    header::PROXY_AUTHORIZATION,
    HeaderName::from_static("proxy-connection"),
    header::TE,
    header::TRAILER,
    header::TRANSFER_ENCODING,
];

/// Removes the hop-by-hop headers: those named by `Connection`, then
/// `Connection` itself, `Keep-Alive`, `Proxy-*`, `TE`, `Trailer`,
/// `Transfer-Encoding` and `Upgrade`.
pub fn strip_hop_by_hop(h: &mut HeaderMap) {
    let named: Vec<HeaderName> = h
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|name| HeaderName::from_bytes(name.trim().as_bytes()).ok())
        .collect();
    for name in named {
        h.remove(name);
    }
    for name in &HOP_BY_HOP {
        h.remove(name);
    }
    h.remove(header::UPGRADE);
}

/// The request headers as the upstream gets them: no hop-by-hop headers,
/// no `Authorization` and no `Host` (the upstream's own is sent), no
/// identity header the client made up, and chartgate's identity headers
/// (unless `caller` is `None`: a broker's upstream is a third party that
/// serves one account and need not learn who the members are) and secret.
pub fn upstream_request(h: &mut HeaderMap, caller: Option<&Caller>, secret: Option<&HeaderValue>) {
    strip_hop_by_hop(h);
    h.remove(header::AUTHORIZATION);
    h.remove(header::HOST);
    for name in [&USER, &PLAN, &SCOPE, &SECRET] {
        h.remove(name);
    }
    if let Some(secret) = secret {
        h.insert(SECRET.clone(), secret.clone());
    }
    let Some(caller) = caller else { return };
    if let Ok(v) = HeaderValue::from_str(caller.name.as_str()) {
        h.insert(USER.clone(), v);
    }
    if let Ok(v) = HeaderValue::from_str(caller.plan.name.as_str()) {
        h.insert(PLAN.clone(), v);
    }
    if let Ok(v) = HeaderValue::from_str(&granted(caller)) {
        h.insert(SCOPE.clone(), v);
    }
}

/// The secret as a header value marked sensitive (kept out of hyper's and
/// our debug output); `None` when it cannot be a header value.
pub fn secret_value(secret: &Secret) -> Option<HeaderValue> {
    let mut v = HeaderValue::from_str(secret.expose()).ok()?;
    v.set_sensitive(true);
    Some(v)
}

/// The scopes that both the access token and the user's current plan
/// grant (as the guard decides): each scope of one that the other permits.
fn granted(caller: &Caller) -> String {
    let (token, plan) = (&caller.token.scopes, &caller.plan.scopes);
    let mut out: Vec<&Scope> = token.iter().filter(|s| plan.permits(s)).collect();
    for s in plan.iter().filter(|s| token.permits(s)) {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ")
}

/// The upstream URI of a request path and query: the upstream's base path,
/// then the path as the client sent it.
pub fn target(url: &UpstreamUrl, path_and_query: &str) -> Result<Uri, http::Error> {
    let pq = format!("{}{path_and_query}", url.base_path);
    Uri::builder().scheme(url.scheme.clone()).authority(url.authority.clone()).path_and_query(pq).build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hop_by_hop_headers_and_those_connection_names_are_removed() {
        let mut h = HeaderMap::new();
        for (k, v) in [
            ("connection", "keep-alive, X-Secret-Hop"),
            ("x-secret-hop", "1"),
            ("keep-alive", "timeout=5"),
            ("proxy-authorization", "Basic x"),
            ("te", "trailers"),
            ("trailer", "x"),
            ("transfer-encoding", "chunked"),
            ("upgrade", "websocket"),
            ("x-kept", "yes"),
        ] {
            h.append(HeaderName::from_static(k), HeaderValue::from_static(v));
        }
        strip_hop_by_hop(&mut h);
        let left: Vec<_> = h.keys().map(|k| k.as_str()).collect();
        assert_eq!(left, ["x-kept"]);
    }

    #[test]
    fn the_target_keeps_the_path_and_query_under_the_base_path() {
        let url = UpstreamUrl::parse("http://127.0.0.1:81/v1").unwrap();
        assert_eq!(target(&url, "/api/a?b=c").unwrap().to_string(), "http://127.0.0.1:81/v1/api/a?b=c");
    }
}
