//! Data calls: authorize, send, replay once on 401, sit out 429s, retry
//! transient failures, all within the call's deadline.

use crate::backoff::RetryPolicy;
use crate::client::ClientInner;
use crate::clock::Clock;
use crate::error::{Error, ErrorKind};
use crate::metrics::Counters;
use crate::pacing::rate_limited;
use crate::request::{CallOptions, RateLimit, Response};
use crate::response::{MAX_SERVER_WAIT, rate_limit_reset, retry_after};
use crate::token::On401;
use crate::url::join_url;
use chartmetric_types::headers as names;
use http::StatusCode;
use http::header::WWW_AUTHENTICATE;
use reqwest::Url;
use reqwest::header::{ACCEPT, AUTHORIZATION};
use serde::de::DeserializeOwned;
use std::time::Duration;
use tokio::time::Instant;
use tracing::Instrument;

/// Why an attempt may be tried again, and how soon at the earliest.
enum Outcome {
    Done(Result<Response, Error>),
    Retryable { last: Result<Response, Error>, server_wait: Option<Duration> },
}

impl ClientInner {
    /// The generic typed call: `GET {base}{path}?{query}` and the `obj` of
    /// its body as `T`. Every typed call goes through here.
    pub(crate) async fn get_json<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(String, String)],
        options: &CallOptions,
    ) -> Result<T, Error> {
        self.execute(path, query, options).await?.obj()
    }

    /// One call: the final response, whatever its status, within the call's
    /// deadline.
    pub(crate) async fn execute(
        &self,
        path: &str,
        query: &[(String, String)],
        options: &CallOptions,
    ) -> Result<Response, Error> {
        let mut url = join_url(&self.base_url, path)?;
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        let budget = options.deadline.unwrap_or(self.deadline);
        let deadline = Instant::now().checked_add(budget).unwrap_or_else(far_future);
        let span = tracing::debug_span!("chartmetric.request", path = url.path());
        let call = self.with_retries(&url, options, deadline).instrument(span);
        match tokio::time::timeout_at(deadline, call).await {
            Ok(result) => result,
            Err(_) => Err(Error::new(
                ErrorKind::Timeout,
                format!("the call took longer than its deadline of {} s", budget.as_secs_f64()),
            )),
        }
    }

    /// Sends until a final answer; retries what the policy allows.
    async fn with_retries(&self, url: &Url, options: &CallOptions, deadline: Instant) -> Result<Response, Error> {
        let policy = options.retry.unwrap_or(self.retry);
        self.retry_bank.deposit();
        let mut failures = 0;
        loop {
            let (last, server_wait) = match self.send(url, options, deadline).await {
                Outcome::Done(result) => return result,
                Outcome::Retryable { last, server_wait } => (last, server_wait),
            };
            failures += 1;
            let Some(delay) = self.retry_delay(&policy, failures, server_wait, deadline) else {
                return last;
            };
            Counters::bump(&self.counters.request_retries);
            let delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
            let span = tracing::info_span!("chartmetric.retry", attempt = failures + 1, delay_ms);
            async {
                match &last {
                    Ok(response) => tracing::warn!(status = response.status().as_u16(), "retrying after backoff"),
                    Err(error) => tracing::warn!(%error, "retrying after backoff"),
                }
                tokio::time::sleep(delay).await;
            }
            .instrument(span)
            .await;
        }
    }

    /// The wait before the next attempt, or `None` to give up: attempts
    /// used up, a server wait longer than the policy's cap, no time left
    /// before the deadline, or the retry budget spent.
    fn retry_delay(
        &self,
        policy: &RetryPolicy,
        failures: u32,
        server_wait: Option<Duration>,
        deadline: Instant,
    ) -> Option<Duration> {
        if failures >= policy.max_attempts || server_wait.is_some_and(|w| w > policy.max_delay) {
            return None;
        }
        let delay = policy.delay(failures).max(server_wait.unwrap_or_default());
        if Instant::now() + delay >= deadline || !self.retry_bank.withdraw() {
            return None;
        }
        Some(delay)
    }

    /// Sends until the answer is neither a first 401 to replay nor a 429 to
    /// sit out.
    async fn send(&self, url: &Url, options: &CallOptions, deadline: Instant) -> Outcome {
        let mut replayed = false;
        let mut rate_limited_count = 0;
        loop {
            let (response, generation) = match self.send_once(url, options, deadline).await {
                Ok(sent) => sent,
                Err(Attempt::Fatal(error)) => return Outcome::Done(Err(error)),
                Err(Attempt::Transient(error)) => return Outcome::Retryable { last: Err(error), server_wait: None },
            };
            match response.status {
                StatusCode::UNAUTHORIZED if !replayed => {
                    match self.tokens.on_401(generation, says_invalid_token(&response)) {
                        On401::Report => return Outcome::Done(Ok(response)),
                        On401::Remint | On401::Replay => {}
                    }
                    replayed = true;
                    Counters::bump(&self.counters.unauthorized_replays);
                    tracing::info!("401 on a data call; replaying once with a fresh token");
                }
                StatusCode::TOO_MANY_REQUESTS => {
                    rate_limited_count += 1;
                    if let Err(error) = self.sit_out(&response, rate_limited_count, deadline) {
                        return Outcome::Done(Err(error));
                    }
                }
                status if is_retryable_status(status) => {
                    let server_wait = retry_after(&response.headers, self.clock.wall());
                    return Outcome::Retryable { last: Ok(response), server_wait };
                }
                _ => return Outcome::Done(Ok(response)),
            }
        }
    }

    /// One request: wait out a pause, take a pacing slot, authorize, send,
    /// read the whole body.
    async fn send_once(&self, url: &Url, options: &CallOptions, deadline: Instant) -> Result<(Response, u64), Attempt> {
        let max_wait = self.max_rate_limit_wait.min(deadline.saturating_duration_since(Instant::now()));
        self.gate.wait(max_wait, &self.counters).await.map_err(Attempt::Fatal)?;
        let pacer = self.pacer.clone().or_else(|| self.gate.learned_pacer());
        let _slot = match &pacer {
            Some(pacer) => Some(pacer.acquire().await),
            None => None,
        };
        let bearer = self.tokens.bearer().await.map_err(Attempt::Fatal)?;
        Counters::bump(&self.counters.requests);
        let timeout = options.timeout.unwrap_or(self.timeout).min(deadline.saturating_duration_since(Instant::now()));
        let sent = self
            .http
            .get(url.clone())
            .headers(options.headers.clone())
            .header(AUTHORIZATION, bearer.header)
            .header(ACCEPT, "application/json")
            .timeout(timeout.max(Duration::from_millis(1)))
            .send()
            .await;
        let response = sent.map_err(Attempt::from_reqwest)?;
        let (status, headers) = (response.status(), response.headers().clone());
        let body = response.bytes().await.map_err(Attempt::from_reqwest)?;
        tracing::debug!(status = status.as_u16(), "response");
        if let Some(figures) = RateLimit::from_headers(&headers) {
            *self.last_rate_limit.lock() = Some(figures);
        }
        Ok((Response { status, headers, body }, bearer.generation))
    }

    /// Records a 429's reset as the shared pause, or gives up when it is too
    /// far away (beyond the maximum wait or the deadline) or this call has
    /// been rate limited too often.
    fn sit_out(&self, response: &Response, count: u32, deadline: Instant) -> Result<(), Error> {
        let info = rate_limit_reset(&response.headers, self.clock.wall());
        self.gate.pause(info);
        if let Some(limit) = header_u32(response, names::RATE_LIMIT_LIMIT) {
            self.gate.learn_limit(limit);
        }
        Counters::bump(&self.counters.rate_limited_responses);
        let left = deadline.saturating_duration_since(Instant::now());
        if info.wait > self.max_rate_limit_wait || info.wait >= left || count > self.max_rate_limit_retries {
            tracing::warn!(wait_s = info.wait.as_secs(), count, "rate limited; giving up");
            return Err(rate_limited(info.reset, info.wait));
        }
        Ok(())
    }
}

/// How an attempt failed before a response came.
enum Attempt {
    /// Retrying cannot help (a rejected refresh token, a pause too long...).
    Fatal(Error),
    /// The request may succeed if sent again (GET is idempotent).
    Transient(Error),
}

impl Attempt {
    /// Timeouts, refused or reset connections and cut bodies are worth
    /// another attempt; a request that could not be built is not.
    fn from_reqwest(error: reqwest::Error) -> Self {
        let permanent = error.is_builder() || error.is_redirect() || error.is_decode();
        let error = Error::transport(error);
        if permanent { Self::Fatal(error) } else { Self::Transient(error) }
    }
}

/// 408 and the 5xx that say "try again": 500, 502, 503, 504.
fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 500 | 502 | 503 | 504)
}

fn header_u32(response: &Response, name: &str) -> Option<u32> {
    response.headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

/// `WWW-Authenticate: Bearer error="invalid_token"` (RFC 6750): the server
/// says the token itself is bad, not the route or the scope.
fn says_invalid_token(response: &Response) -> bool {
    response
        .headers
        .get_all(WWW_AUTHENTICATE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.to_ascii_lowercase().contains("invalid_token"))
}

fn far_future() -> Instant {
    Instant::now() + MAX_SERVER_WAIT
}
