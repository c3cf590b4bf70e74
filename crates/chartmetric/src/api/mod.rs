//! Typed calls, one family per group of routes (ENDPOINTS.md §3): a
//! family handle from the [`Client`](crate::Client) (`client.artists()`),
//! a builder per route for its query parameters, and `send()` decoding the
//! `obj` into a `chartmetric-types` shape. List routes that take `offset`
//! and `limit` also page as a [`Stream`](futures_core::Stream):
//! [`pages()`](ArtistTracks::pages) yields a page at a time,
//! [`items()`](ArtistTracks::items) an item at a time.
//!
//! Every builder also takes the per-call settings of [`Request`]
//! (`timeout`, `deadline`, `retry_policy`, `header`) and turns into the
//! underlying [`Request`] with `into_request()`, for a parameter it does not
//! know or the raw response.

mod albums;
mod artists;
mod charts;
mod curators;
mod enums;
mod paged;
mod playlists;
mod search;
mod tracks;

pub use albums::*;
pub use artists::*;
pub use charts::*;
pub use curators::*;
pub use enums::*;
pub use paged::Paged;
pub use playlists::*;
pub use search::*;
pub use tracks::*;

/// Defines a typed call: a builder struct over a [`Request`](crate::Request),
/// its parameter setters, the shared per-call settings, `send()` and, for
/// routes that page, `pages()` and `items()`.
macro_rules! call {
    (
        $(#[$meta:meta])*
        $name:ident -> $out:ty $(, paged $item:ty)?;
        $(
            $(#[$pmeta:meta])*
            $param:ident($pty:ty) => $wire:literal;
        )*
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct $name<'c> {
            request: crate::Request<'c>,
        }

        impl<'c> $name<'c> {
            #[allow(dead_code)]
            pub(crate) fn new(request: crate::Request<'c>) -> Self {
                Self { request }
            }

            $(
                $(#[$pmeta])*
                pub fn $param(mut self, value: $pty) -> Self {
                    self.request = self.request.set($wire, value);
                    self
                }
            )*

            /// Timeout of each HTTP request of this call; see
            /// [`Request::timeout`](crate::Request::timeout).
            pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
                self.request = self.request.timeout(timeout);
                self
            }

            /// The longest the whole call may take, retries included; see
            /// [`Request::deadline`](crate::Request::deadline).
            pub fn deadline(mut self, deadline: std::time::Duration) -> Self {
                self.request = self.request.deadline(deadline);
                self
            }

            /// How this call is retried; see
            /// [`Request::retry_policy`](crate::Request::retry_policy).
            pub fn retry_policy(mut self, policy: crate::RetryPolicy) -> Self {
                self.request = self.request.retry_policy(policy);
                self
            }

            /// A header for every attempt of this call; see
            /// [`Request::header`](crate::Request::header).
            pub fn header(mut self, name: http::HeaderName, value: http::HeaderValue) -> Self {
                self.request = self.request.header(name, value);
                self
            }

            /// A query parameter this builder has no setter for, sent as
            /// given (replacing an earlier value of that name).
            pub fn param(mut self, name: &str, value: impl std::fmt::Display) -> Self {
                self.request = self.request.set(name, value);
                self
            }

            /// The underlying [`Request`](crate::Request): path and query as
            /// built so far, for [`send`](crate::Request::send)ing it raw.
            pub fn into_request(self) -> crate::Request<'c> {
                self.request
            }

            /// Sends the call and decodes the `obj` of its answer; a non-2xx
            /// answer is an [`Error`](crate::Error) of the matching kind.
            pub async fn send(self) -> crate::Result<$out> {
                self.request.obj().await
            }
        }

        $(
            impl<'c> $name<'c> {
                /// The whole list, a page at a time, as a `Stream`: each
                /// page asks for the next `offset`; the page size is the
                /// `limit` set (the server's default otherwise).
                pub fn pages(self) -> crate::api::Paged<'c, Vec<$item>> {
                    crate::api::Paged::pages(self.request)
                }

                /// The whole list, an item at a time, as a `Stream` over
                /// [`pages`](Self::pages).
                pub fn items(self) -> crate::api::Paged<'c, $item> {
                    crate::api::Paged::items(self.request)
                }
            }
        )?
    };
}
pub(crate) use call;

/// The path segment of an id or a name, percent-encoded (an ISRC, a UPC or
/// a Spotify id never needs it; a stray `/` or `?` must not change the route).
pub(crate) fn segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_segment_cannot_change_the_route() {
        assert_eq!(super::segment("USUM71703861"), "USUM71703861");
        assert_eq!(super::segment("a/b?c"), "a%2Fb%3Fc");
    }
}
