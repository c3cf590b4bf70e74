//! Data calls: authorize, send, replay once on 401, sit out 429s, unwrap `obj`.

use crate::client::ClientInner;
use crate::clock::Clock;
use crate::error::Error;
use crate::metrics::Counters;
use crate::pacing::rate_limited;
use crate::response::{error_message, rate_limit_reset, read_body};
use crate::url::join_url;
use chartmetric_types::{Envelope, headers as names};
use crate::token::On401;
use reqwest::header::{ACCEPT, AUTHORIZATION, WWW_AUTHENTICATE};
use reqwest::{Response, StatusCode, Url};
use serde::de::DeserializeOwned;
use tracing::Instrument;

impl ClientInner {
    /// `GET {base}{path}` and the `obj` of its body.
    pub(crate) async fn get_obj<T: DeserializeOwned>(&self, path: &str) -> Result<T, Error> {
        let url = join_url(&self.base_url, path)?;
        let span = tracing::debug_span!("chartmetric.request", path = url.path());
        async {
            let response = self.send(&url).await?;
            decode(response).await
        }
        .instrument(span)
        .await
    }

    /// Sends until the answer is neither a first 401 nor a 429 to sit out.
    async fn send(&self, url: &Url) -> Result<Response, Error> {
        let mut replayed = false;
        let mut rate_limited_count = 0;
        loop {
            let (response, generation) = self.send_once(url).await?;
            match response.status() {
                StatusCode::UNAUTHORIZED if !replayed => {
                    match self.tokens.on_401(generation, says_invalid_token(&response)) {
                        On401::Report => return Ok(response),
                        On401::Remint | On401::Replay => {}
                    }
                    replayed = true;
                    Counters::bump(&self.counters.unauthorized_replays);
                    tracing::info!("401 on a data call; replaying once with a fresh token");
                }
                StatusCode::TOO_MANY_REQUESTS => {
                    rate_limited_count += 1;
                    self.sit_out(&response, rate_limited_count)?;
                }
                _ => return Ok(response),
            }
        }
    }

    /// One request: wait out a pause, take a pacing slot, authorize, send.
    async fn send_once(&self, url: &Url) -> Result<(Response, u64), Error> {
        self.gate.wait(self.max_rate_limit_wait, &self.counters).await?;
        let pacer = self.pacer.clone().or_else(|| self.gate.learned_pacer());
        let _slot = match &pacer {
            Some(pacer) => Some(pacer.acquire().await),
            None => None,
        };
        let bearer = self.tokens.bearer().await?;
        Counters::bump(&self.counters.requests);
        let response = self
            .http
            .get(url.clone())
            .header(AUTHORIZATION, bearer.header)
            .header(ACCEPT, "application/json")
            .send()
            .await
            .map_err(Error::transport)?;
        tracing::debug!(status = response.status().as_u16(), "response");
        Ok((response, bearer.generation))
    }

    /// Records a 429's reset as the shared pause, or gives up when it is too
    /// far away or this call has been rate limited too often.
    fn sit_out(&self, response: &Response, count: u32) -> Result<(), Error> {
        let info = rate_limit_reset(response.headers(), self.clock.wall());
        self.gate.pause(info);
        if let Some(limit) = header_u32(response, names::RATE_LIMIT_LIMIT) {
            self.gate.learn_limit(limit);
        }
        Counters::bump(&self.counters.rate_limited_responses);
        if info.wait > self.max_rate_limit_wait || count > self.max_rate_limit_retries {
            tracing::warn!(wait_s = info.wait.as_secs(), count, "rate limited; giving up");
            return Err(rate_limited(info.reset, info.wait));
        }
        Ok(())
    }
}

fn header_u32(response: &Response, name: &str) -> Option<u32> {
    response.headers().get(name)?.to_str().ok()?.trim().parse().ok()
}

/// `WWW-Authenticate: Bearer error="invalid_token"` (RFC 6750): the server
/// says the token itself is bad, not the route or the scope.
fn says_invalid_token(response: &Response) -> bool {
    response
        .headers()
        .get_all(WWW_AUTHENTICATE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.to_ascii_lowercase().contains("invalid_token"))
}

/// A 2xx body's `obj`, or the error a non-success status stands for.
async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, Error> {
    let status = response.status();
    if !status.is_success() {
        let message = error_message(response).await;
        return Err(Error::from_status(status, message));
    }
    let body = read_body(response).await?;
    serde_json::from_slice::<Envelope<T>>(&body).map(|envelope| envelope.obj).map_err(|e| {
        Error::invalid_response(format!("the {status} body is not an {{\"obj\": ...}} of the expected shape: {e}"))
    })
}
