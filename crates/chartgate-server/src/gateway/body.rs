//! Bodies that stream through the gateway: never held whole.
//!
//! [`Timed`] ends a body that stalls (no frame for a while) with an error,
//! so neither a stalled upstream nor a stalled client holds a request
//! forever; [`Tee`] hands a copy of a small body to a sink once it has
//! streamed through in full (the broker's cache), and gives up on a large
//! one without holding it.

use bytes::{Bytes, BytesMut};
use hyper::body::{Body, Frame, SizeHint};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::Sleep;

/// The error type of the bodies here.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A body stalled for longer than allowed.
#[derive(Debug, thiserror::Error)]
#[error("no data for {0:?}")]
pub struct Stalled(pub Duration);

/// A body that fails when no frame arrives for `idle`.
pub struct Timed<B> {
    inner: B,
    idle: Duration,
    // Made only when the body first waits: a body that is ready at once
    // (most small answers) costs no timer.
    sleep: Option<Pin<Box<Sleep>>>,
}

impl<B> Timed<B> {
    /// Wraps `inner`.
    pub fn new(inner: B, idle: Duration) -> Self {
        Self { inner, idle, sleep: None }
    }
}

impl<B> Body for Timed<B>
where
    B: Body<Data = Bytes> + Unpin,
    B::Error: Into<BoxError>,
{
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(frame) => {
                this.sleep = None;
                Poll::Ready(frame.map(|f| f.map_err(Into::into)))
            }
            Poll::Pending => {
                let idle = this.idle;
                let sleep = this.sleep.get_or_insert_with(|| Box::pin(tokio::time::sleep(idle)));
                match sleep.as_mut().poll(cx) {
                    Poll::Ready(()) => Poll::Ready(Some(Err(Box::new(Stalled(idle))))),
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// Where a [`Tee`] hands the whole body.
pub type Sink = Box<dyn FnOnce(Bytes) + Send>;

/// A body that streams through and, when it ends cleanly within `max`
/// bytes, hands a copy to its sink.
pub struct Tee<B> {
    inner: B,
    copy: Option<(BytesMut, Sink)>,
    max: usize,
}

impl<B> Tee<B> {
    /// Wraps `inner`; bodies over `max` bytes are not copied.
    pub fn new(inner: B, max: usize, sink: Sink) -> Self {
        Self { inner, copy: Some((BytesMut::new(), sink)), max }
    }
}

impl<B> Body for Tee<B>
where
    B: Body<Data = Bytes> + Unpin,
{
    type Data = Bytes;
    type Error = B::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, B::Error>>> {
        let this = &mut *self;
        let polled = Pin::new(&mut this.inner).poll_frame(cx);
        match &polled {
            Poll::Ready(Some(Ok(frame))) => {
                match frame.data_ref() {
                    Some(data) if this.copy.as_ref().is_some_and(|(b, _)| b.len() + data.len() <= this.max) => {
                        if let Some((buf, _)) = &mut this.copy {
                            buf.extend_from_slice(data);
                        }
                    }
                    // Too large, or trailers: not kept.
                    _ => this.copy = None,
                }
                // hyper stops polling a body that says it has ended.
                if this.inner.is_end_stream()
                    && let Some((buf, sink)) = this.copy.take()
                {
                    sink(buf.freeze());
                }
            }
            Poll::Ready(None) => {
                if let Some((buf, sink)) = this.copy.take() {
                    sink(buf.freeze());
                }
            }
            Poll::Ready(Some(Err(_))) => this.copy = None,
            Poll::Pending => {}
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::{BodyExt, Full};
    use std::sync::{Arc, Mutex};

    /// A body that never sends anything.
    struct Silent;

    impl Body for Silent {
        type Data = Bytes;
        type Error = std::io::Error;
        fn poll_frame(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
            Poll::Pending
        }
    }

    #[tokio::test]
    async fn a_stalled_body_fails_after_its_idle_time() {
        let mut body = Timed::new(Silent, Duration::from_millis(20));
        let err = body.frame().await.expect("a frame").expect_err("stalled");
        assert!(err.is::<Stalled>());
    }

    fn kept() -> (Arc<Mutex<Option<Bytes>>>, Sink) {
        let seen = Arc::new(Mutex::new(None));
        let put = Arc::clone(&seen);
        (seen, Box::new(move |b| *put.lock().unwrap() = Some(b)))
    }

    #[tokio::test]
    async fn a_small_body_is_copied_whole_and_a_large_one_not() {
        let (seen, sink) = kept();
        let tee = Tee::new(Full::new(Bytes::from_static(b"hello")), 5, sink);
        assert_eq!(tee.collect().await.unwrap().to_bytes(), "hello");
        assert_eq!(seen.lock().unwrap().as_deref(), Some(&b"hello"[..]));
        let (seen, sink) = kept();
        let tee = Tee::new(Full::new(Bytes::from_static(b"hello")), 4, sink);
        assert_eq!(tee.collect().await.unwrap().to_bytes(), "hello");
        assert!(seen.lock().unwrap().is_none());
    }
}
