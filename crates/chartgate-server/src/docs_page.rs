//! The interactive API reference at [`DOCS_PATH`]: Swagger UI (its assets
//! are compiled into the binary, nothing is loaded from elsewhere) under a
//! small form that mints an access token from a pasted refresh token and
//! hands it to Swagger UI, so every try-it call carries it.

use crate::error::ApiError;
use axum::body::Body;
use axum::extract::Path;
use axum::response::Response;
use http::{HeaderValue, StatusCode, header};
use std::borrow::Cow;
use std::sync::Arc;

/// The page.
pub const DOCS_PATH: &str = "/docs";
/// Its assets, in axum's syntax (`/docs/{file}` in the OpenAPI document).
pub const ASSETS_PATH: &str = "/docs/{*file}";

const PAGE: &str = include_str!("docs_page/index.html");
const SCRIPT: &str = include_str!("docs_page/chartgate-docs.js");
const STYLE: &str = include_str!("docs_page/chartgate-docs.css");

/// Only this server is contacted; no inline script runs.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const HTML: &str = "text/html; charset=utf-8";
const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";
const PNG: &str = "image/png";

/// The reference page: mint a token, then try each route.
#[utoipa::path(
    get,
    path = DOCS_PATH,
    tag = "docs",
    responses((status = 200, description = "The interactive reference", content_type = "text/html", body = String))
)]
pub async fn page() -> Response {
    let mut res = asset_response(Cow::Borrowed(PAGE.as_bytes()), HTML);
    let h = res.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// A script, style sheet or icon of the reference page.
#[utoipa::path(
    get,
    path = "/docs/{file}",
    tag = "docs",
    params(("file" = String, Path, description = "Asset name, e.g. `swagger-ui.css`", example = "swagger-ui.css")),
    responses(
        (status = 200, description = "The asset", content(("text/javascript"), ("text/css"), ("image/png"))),
        (status = 404, description = "No such asset", body = chartmetric_types::ErrorBody),
    )
)]
pub async fn asset(Path(file): Path<String>) -> Result<Response, ApiError> {
    let (bytes, content_type) = match file.as_str() {
        "chartgate-docs.js" => (Cow::Borrowed(SCRIPT.as_bytes()), JS),
        "chartgate-docs.css" => (Cow::Borrowed(STYLE.as_bytes()), CSS),
        "swagger-ui-bundle.js" => (swagger(&file)?, JS),
        "swagger-ui.css" => (swagger(&file)?, CSS),
        "favicon-16x16.png" | "favicon-32x32.png" => (swagger(&file)?, PNG),
        _ => return Err(not_found(&file)),
    };
    Ok(asset_response(bytes, content_type))
}

/// A file of the Swagger UI distribution compiled into the binary.
fn swagger(file: &str) -> Result<Cow<'static, [u8]>, ApiError> {
    let config = Arc::new(utoipa_swagger_ui::Config::default());
    match utoipa_swagger_ui::serve(file, config) {
        Ok(Some(f)) => Ok(f.bytes),
        Ok(None) => Err(not_found(file)),
        Err(e) => Err(ApiError::Internal(format!("swagger ui asset {file}: {e}"))),
    }
}

fn not_found(file: &str) -> ApiError {
    ApiError::NotFound(format!("no asset {:?}", file.chars().take(60).collect::<String>()))
}

fn asset_response(bytes: Cow<'static, [u8]>, content_type: &'static str) -> Response {
    let body = match bytes {
        Cow::Borrowed(b) => Body::from(b),
        Cow::Owned(v) => Body::from(v),
    };
    let mut res = Response::new(body);
    *res.status_mut() = StatusCode::OK;
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    res
}
