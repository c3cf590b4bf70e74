//! Pagination over `offset` and `limit`, as every list route of the API
//! takes them: a cursor that asks for the next page until a short or empty
//! one. Typed list calls wrap it into a `Stream` of their item type ([`Paged`](crate::Paged)).

use crate::error::Error;
use crate::request::{Request, Response};
use serde_json::Value;

/// A cursor over the pages of a list route.
///
/// Each call of [`next_page`](Self::next_page) sends the request with the
/// next `offset` (and `limit`, when a page size was given). The list is
/// the `obj` itself, or its `data` or `obj` field (chart pages and
/// `list/filter` nest it). Paging stops after an empty page, a page shorter
/// than the page size (without one: shorter than the first page), or a page
/// that starts where the previous one did (a server ignoring `offset`).
///
/// ```no_run
/// # async fn demo(client: chartmetric::Client) -> chartmetric::Result<()> {
/// let mut pages = client.request("/api/artist/206557/albums").pages(Some(50));
/// let mut all = Vec::new();
/// while let Some(page) = pages.next_page().await? {
///     all.extend(page.into_items());
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct Pages<'c> {
    request: Request<'c>,
    offset: u64,
    page_size: Option<u64>,
    first_len: Option<usize>,
    previous_first: Option<Value>,
    pub(crate) done: bool,
}

/// One page: its items and the response they came in.
#[derive(Debug, Clone)]
pub struct Page {
    items: Vec<Value>,
    response: Response,
}

impl Page {
    /// The items of this page.
    ///
    /// ```no_run
    /// # fn f(p: chartmetric::Page) { println!("{}", p.items().len()); }
    /// ```
    pub fn items(&self) -> &[Value] {
        &self.items
    }

    /// The items, owned.
    ///
    /// ```no_run
    /// # fn f(p: chartmetric::Page) { let v: Vec<serde_json::Value> = p.into_items(); }
    /// ```
    pub fn into_items(self) -> Vec<Value> {
        self.items
    }

    /// The response this page came in (status, headers, rate limits).
    ///
    /// ```no_run
    /// # fn f(p: chartmetric::Page) { println!("{}", p.response().status()); }
    /// ```
    pub fn response(&self) -> &Response {
        &self.response
    }
}

impl<'c> Pages<'c> {
    pub(crate) fn new(mut request: Request<'c>, page_size: Option<u64>) -> Self {
        let offset = take_number(&mut request, "offset").unwrap_or(0);
        let page_size = page_size.or_else(|| take_number(&mut request, "limit"));
        request.query.retain(|(name, _)| name != "limit");
        Self { request, offset, page_size, first_len: None, previous_first: None, done: false }
    }

    /// The next page, or `None` after the last one.
    ///
    /// ```no_run
    /// # async fn demo(mut pages: chartmetric::Pages<'_>) -> chartmetric::Result<()> {
    /// while let Some(page) = pages.next_page().await? { let _ = page; }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn next_page(&mut self) -> Result<Option<Page>, Error> {
        if self.done {
            return Ok(None);
        }
        let mut request = self.request.clone().query("offset", self.offset);
        if let Some(size) = self.page_size {
            request = request.query("limit", size);
        }
        let response = request.send().await?.error_for_status()?;
        let items = list_of(response.obj::<Value>()?)?;
        let repeated = self.previous_first.is_some() && items.first() == self.previous_first.as_ref();
        if items.is_empty() || repeated {
            self.done = true;
            return Ok(None);
        }
        let full = match (self.page_size, self.first_len) {
            (Some(size), _) => items.len() as u64 >= size,
            (None, Some(first)) => items.len() >= first,
            (None, None) => true,
        };
        self.first_len.get_or_insert(items.len());
        self.offset += items.len() as u64;
        self.previous_first = items.first().cloned();
        self.done = !full;
        Ok(Some(Page { items, response }))
    }
}

/// Removes a numeric query parameter and returns its value.
fn take_number(request: &mut Request<'_>, name: &str) -> Option<u64> {
    let position = request.query.iter().position(|(n, _)| n == name)?;
    request.query.remove(position).1.parse().ok()
}

/// The list inside an `obj`: the `obj` itself, or its `data` or `obj` field.
fn list_of(obj: Value) -> Result<Vec<Value>, Error> {
    match obj {
        Value::Array(items) => Ok(items),
        Value::Object(mut fields) => match fields.remove("data").or_else(|| fields.remove("obj")) {
            Some(Value::Array(items)) => Ok(items),
            _ => Err(Error::invalid_response("the obj is not a list, nor holds one under data or obj")),
        },
        _ => Err(Error::invalid_response("the obj is not a list")),
    }
}

#[cfg(test)]
mod tests {
    use super::list_of;
    use serde_json::json;

    #[test]
    fn the_list_is_the_obj_or_its_data_or_obj_field() {
        assert_eq!(list_of(json!([1, 2])).expect("list"), [json!(1), json!(2)]);
        assert_eq!(list_of(json!({"length": 1, "data": [3]})).expect("list"), [json!(3)]);
        assert_eq!(list_of(json!({"obj": [4], "total": 9})).expect("list"), [json!(4)]);
        assert!(list_of(json!({"name": "x"})).is_err());
    }
}
