//! The API reference: the OpenAPI document covers exactly the routes the
//! router mounts, states each data route's scope, and is served with the
//! reference page and its assets.

use crate::common::*;
use chartgate_server::app::mounted_routes;
use chartgate_server::openapi::{BEARER_SCHEME, OPENAPI_PATH, SCOPE_EXTENSION, document_json, openapi_path};
use chartgate_server::routes::DATA_ROUTES;
use serde_json::Value;
use std::collections::BTreeSet;

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

fn document() -> Value {
    document_json()
}

/// (method in lower case, OpenAPI path) of every operation in the document.
fn documented(doc: &Value) -> BTreeSet<(String, String)> {
    let paths = doc["paths"].as_object().expect("paths object");
    paths
        .iter()
        .flat_map(|(path, item)| {
            METHODS.iter().filter(|m| item.get(**m).is_some()).map(move |m| (m.to_string(), path.clone()))
        })
        .collect()
}

fn mounted() -> BTreeSet<(String, String)> {
    mounted_routes().into_iter().map(|(m, p)| (m.to_ascii_lowercase(), openapi_path(p))).collect()
}

fn operation<'a>(doc: &'a Value, method: &str, path: &str) -> &'a Value {
    let op = &doc["paths"][openapi_path(path)][method.to_ascii_lowercase()];
    assert!(op.is_object(), "no operation {method} {path}");
    op
}

#[test]
fn every_mounted_route_is_documented_and_every_documented_route_is_mounted() {
    let doc = document();
    let (documented, mounted) = (documented(&doc), mounted());
    let undocumented: Vec<_> = mounted.difference(&documented).collect();
    let unmounted: Vec<_> = documented.difference(&mounted).collect();
    assert!(undocumented.is_empty(), "routes without an OpenAPI entry: {undocumented:?}");
    assert!(unmounted.is_empty(), "OpenAPI entries without a route: {unmounted:?}");
}

#[test]
fn the_document_is_openapi_3_1() {
    let doc = document();
    let version = doc["openapi"].as_str().expect("openapi field");
    assert!(version.starts_with("3.1"), "{version}");
    assert!(doc["info"]["title"].is_string());
}

#[test]
fn every_data_route_lists_its_scope_in_security_extension_and_description() {
    let doc = document();
    for route in DATA_ROUTES {
        let op = operation(&doc, route.method, route.path);
        let scopes = &op["security"][0][BEARER_SCHEME];
        assert_eq!(scopes, &serde_json::json!([route.scope]), "{} {}", route.method, route.path);
        assert_eq!(op[SCOPE_EXTENSION], route.scope);
        let description = op["description"].as_str().expect("description");
        assert!(description.contains(&format!("`{}`", route.scope)), "{description}");
        assert!(op["responses"]["403"].is_object(), "403 documented");
    }
}

#[test]
fn the_artist_route_needs_artist_read() {
    let doc = document();
    let op = operation(&doc, "GET", "/api/artist/{id}");
    assert_eq!(op["security"][0]["bearerAuth"][0], "artist:read");
    assert_eq!(op["x-required-scope"], "artist:read");
}

#[test]
fn the_bearer_scheme_is_http_bearer_jwt_and_public_routes_need_none() {
    let doc = document();
    let scheme = &doc["components"]["securitySchemes"][BEARER_SCHEME];
    assert_eq!(scheme["type"], "http");
    assert_eq!(scheme["scheme"], "bearer");
    assert_eq!(scheme["bearerFormat"], "JWT");
    assert!(doc.get("security").is_none(), "no global requirement");
    for (method, path) in mounted() {
        if !DATA_ROUTES.iter().any(|r| openapi_path(r.path) == path) {
            assert!(doc["paths"][&path][&method].get("security").is_none(), "{method} {path}");
        }
    }
}

#[test]
fn rate_limit_and_retry_headers_are_documented() {
    let doc = document();
    let artist = operation(&doc, "GET", "/api/artist/{id}");
    for status in ["200", "403", "404", "429"] {
        let headers = &artist["responses"][status]["headers"];
        for name in ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"] {
            assert_eq!(headers[name]["schema"]["type"], "integer", "{status} {name}");
        }
    }
    assert!(artist["responses"]["429"]["headers"]["Retry-After"].is_object());
    assert!(artist["responses"]["401"]["headers"]["WWW-Authenticate"].is_object());
    let token = operation(&doc, "POST", "/api/token");
    for status in ["200", "429"] {
        assert!(token["responses"][status]["headers"]["X-RateLimit-Reset"].is_object(), "{status}");
    }
    for status in ["400", "401", "413", "415", "429", "503"] {
        let schema = &token["responses"][status]["content"]["application/json"]["schema"]["$ref"];
        assert_eq!(schema, "#/components/schemas/ErrorBody", "{status}");
    }
    let body = &token["requestBody"]["content"];
    for ct in ["application/json", "application/x-www-form-urlencoded"] {
        assert_eq!(body[ct]["schema"]["$ref"], "#/components/schemas/TokenRequest", "{ct}");
    }
}

#[test]
fn the_wire_schemas_have_the_contract_shapes() {
    let doc = document();
    let schemas = &doc["components"]["schemas"];
    let token = &schemas["TokenResponse"];
    let mut required: Vec<_> = token["required"].as_array().expect("required").iter().collect();
    required.sort_by_key(|v| v.as_str());
    assert_eq!(required, ["expires_in", "refresh_token", "scope", "token"]);
    assert_eq!(token["properties"]["expires_in"]["type"], "integer");
    assert_eq!(schemas["ErrorBody"]["required"], serde_json::json!(["error"]));
    let genres = schemas["Artist"]["properties"]["genres"].to_string();
    assert!(genres.contains("#/components/schemas/Genres"), "genres is the Genres object: {genres}");
    let envelope =
        &operation(&doc, "GET", "/api/artist/{id}")["responses"]["200"]["content"]["application/json"]["schema"];
    assert_eq!(envelope["required"], serde_json::json!(["obj"]));
    assert_eq!(envelope["properties"]["obj"]["$ref"], "#/components/schemas/Artist");
}

#[tokio::test]
async fn the_document_is_served_without_auth_as_json() {
    let app = spawn_app().await;
    let res = app.http.get(app.url(OPENAPI_PATH)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/json; charset=utf-8");
    let served: Value = res.json().await.unwrap();
    assert_eq!(served, document());
    app.stop().await;
}

/// Each documented operation reaches its own handler: not the 404 fallback,
/// not a 405.
#[tokio::test]
async fn every_documented_operation_answers_from_its_route() {
    let app = spawn_app().await;
    let doc = document();
    for (method, path) in documented(&doc) {
        let url = app.url(&path.replace("{id}", "206557").replace("{file}", "swagger-ui.css"));
        let method = reqwest::Method::from_bytes(method.to_ascii_uppercase().as_bytes()).unwrap();
        let res = app.http.request(method.clone(), &url).send().await.unwrap();
        let status = res.status();
        let body = res.text().await.unwrap();
        assert_ne!(status, 405, "{method} {path}: {body}");
        assert!(!body.contains("no route for"), "{method} {path} hit the fallback: {body}");
    }
    app.stop().await;
}

#[tokio::test]
async fn the_reference_page_and_its_assets_are_served_from_this_server() {
    let app = spawn_app().await;
    let res = app.http.get(app.url("/docs")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "text/html; charset=utf-8");
    let csp = res.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("default-src 'none'") && csp.contains("connect-src 'self'"), "{csp}");
    let html = res.text().await.unwrap();
    assert!(!html.contains("http://") && !html.contains("https://") && !html.contains("//cdn"), "{html}");
    for (file, ct) in [
        ("swagger-ui-bundle.js", "text/javascript; charset=utf-8"),
        ("swagger-ui.css", "text/css; charset=utf-8"),
        ("chartgate-docs.js", "text/javascript; charset=utf-8"),
        ("chartgate-docs.css", "text/css; charset=utf-8"),
        ("favicon-32x32.png", "image/png"),
    ] {
        let res = app.http.get(app.url(&format!("/docs/{file}"))).send().await.unwrap();
        assert_eq!(res.status(), 200, "{file}");
        assert_eq!(res.headers()["content-type"], ct, "{file}");
        assert!(!res.bytes().await.unwrap().is_empty(), "{file}");
    }
    for missing in ["index.html", "swagger-initializer.js", "nope", "..%2FCargo.toml"] {
        let res = app.http.get(app.url(&format!("/docs/{missing}"))).send().await.unwrap();
        assert_eq!(res.status(), 404, "{missing}");
        error_of(res).await;
    }
    app.stop().await;
}
