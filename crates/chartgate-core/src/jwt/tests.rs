use super::*;
use crate::keys::KeyError;
use std::time::Duration;

fn jwt_header(token: &str) -> serde_json::Value {
    let head = token.split('.').next().unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(head).unwrap()).unwrap()
}

fn ring() -> (KeyRing, SigningKey) {
    let k = SigningKey::generate();
    (KeyRing::new(&k, &[]), k)
}

fn claims(now: UnixTime) -> Claims {
    Claims::issue(UserId(7), &Scopes::default_api(), 0, now, TTL_SECS)
}

fn forge(header: &str, payload: &Claims, sig: &str) -> String {
    let h = URL_SAFE_NO_PAD.encode(header);
    let p = URL_SAFE_NO_PAD.encode(serde_json::to_vec(payload).unwrap());
    format!("{h}.{p}.{sig}")
}

#[test]
fn a_signed_token_verifies_and_carries_the_real_claims() {
    let (ring, _) = ring();
    let now = UnixTime::from_secs(1_700_000_000);
    let c = claims(now);
    let t = ring.sign(&c);
    assert_eq!(ring.verify(&t, now).unwrap(), c);
    assert_eq!(c.exp, c.iat + 3600);
    assert_eq!(c.timestamp, 1_700_000_000_000);
}

#[test]
fn two_mints_differ() {
    let (ring, _) = ring();
    let now = UnixTime::from_secs(1_700_000_000);
    assert_ne!(ring.sign(&claims(now)), ring.sign(&claims(now)));
}

#[test]
fn a_token_expires_exactly_ttl_after_issue() {
    let (ring, _) = ring();
    let now = UnixTime::from_micros(1_700_000_000_500_000);
    let t = ring.sign(&claims(now));
    let just_before = now.plus(Duration::from_millis(3_599_999));
    assert!(ring.verify(&t, just_before).is_ok());
    let at = now.plus(Duration::from_secs(3600));
    assert_eq!(ring.verify(&t, at), Err(TokenError::Expired));
}

#[test]
fn iat_in_the_future_beyond_leeway_is_refused() {
    let (ring, _) = ring();
    let now = UnixTime::from_secs(1_700_000_000);
    let t = ring.sign(&claims(now.plus(Duration::from_secs(60))));
    assert_eq!(ring.verify(&t, now), Err(TokenError::IssuedInFuture));
    let t = ring.sign(&claims(now.plus(Duration::from_secs(3))));
    assert!(ring.verify(&t, now).is_ok());
}

#[test]
fn alg_none_and_other_algorithms_are_refused() {
    let (ring, k) = ring();
    let c = claims(UnixTime::from_secs(1_700_000_000));
    let none = forge(&format!(r#"{{"alg":"none","kid":"{}"}}"#, k.kid()), &c, "");
    assert_eq!(ring.verify(&none, UnixTime::from_secs(1_700_000_000)), Err(TokenError::Algorithm("none".into())));
    let hs512 = forge(&format!(r#"{{"alg":"HS512","kid":"{}"}}"#, k.kid()), &c, "AAAA");
    assert!(matches!(ring.verify(&hs512, UnixTime::from_secs(1_700_000_000)), Err(TokenError::Algorithm(_))));
}

#[test]
fn unknown_kid_bad_signature_and_garbage_are_told_apart() {
    let (ring, _) = ring();
    let (other, _) = self::ring();
    let now = UnixTime::from_secs(1_700_000_000);
    let foreign = other.sign(&claims(now));
    assert!(matches!(ring.verify(&foreign, now), Err(TokenError::UnknownKid(_))));
    let mut t = ring.sign(&claims(now));
    t.push('A');
    assert_eq!(ring.verify(&t, now), Err(TokenError::BadSignature));
    assert_eq!(ring.verify("not-a-jwt", now), Err(TokenError::NotJwt));
    assert_eq!(ring.verify("a.b.c.d", now), Err(TokenError::NotJwt));
}

#[test]
fn an_old_key_still_verifies_after_rotation() {
    let old = SigningKey::generate();
    let new = SigningKey::generate();
    let now = UnixTime::from_secs(1_700_000_000);
    let t = KeyRing::new(&old, &[]).sign(&claims(now));
    let ring = KeyRing::new(&new, &[old]);
    assert!(ring.verify(&t, now).is_ok());
}

#[test]
fn the_kid_is_derived_from_the_secret() {
    let a = SigningKey::from_secret(&[7u8; 32]).unwrap();
    let b = SigningKey::from_secret(&[7u8; 32]).unwrap();
    assert_eq!(a.kid(), b.kid());
    assert!(SigningKey::from_secret(&[1u8; 8]).is_err());
    assert!(!format!("{a:?}").contains("7, 7"));
}

fn stored(key: &SigningKey, state: KeyState) -> StoredKey {
    StoredKey { key: key.clone(), state, created_at: 0 }
}

#[test]
fn an_eddsa_ring_signs_tokens_its_jwks_verifies() {
    let ed = SigningKey::generate_alg(KeyAlg::EdDsa);
    let ring = KeyRing::new(&ed, &[]);
    let now = UnixTime::from_secs(1_700_000_000);
    let token = ring.sign(&claims(now));
    assert_eq!(jwt_header(&token)["alg"], "EdDSA");
    assert!(ring.verify(&token, now).is_ok());
    let jwks = ring.jwks();
    let jwk = &jwks["keys"][0];
    assert_eq!(
        (jwk["kty"].as_str(), jwk["crv"].as_str(), jwk["kid"].as_str()),
        (Some("OKP"), Some("Ed25519"), Some(ed.kid()))
    );
    // A verifier holding only the published public key accepts the token.
    let public = jsonwebtoken::DecodingKey::from_ed_components(jwk["x"].as_str().unwrap()).unwrap();
    let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::EdDSA);
    v.validate_exp = false;
    v.required_spec_claims.clear();
    assert!(jsonwebtoken::decode::<Claims>(&token, &public, &v).is_ok());
}

#[test]
fn hs256_secrets_are_never_published() {
    let (ring, _) = ring();
    assert_eq!(ring.jwks(), serde_json::json!({ "keys": [] }));
}

#[test]
fn a_token_whose_header_algorithm_is_not_its_keys_is_refused() {
    let ed = SigningKey::generate_alg(KeyAlg::EdDsa);
    let ring = KeyRing::new(&ed, &[]);
    let now = UnixTime::from_secs(1_700_000_000);
    // HS256 "signed" with the public key as the secret: the classic confusion.
    let header = serde_json::json!({ "alg": "HS256", "kid": ed.kid(), "typ": "JWT" }).to_string();
    let forged = forge(&header, &claims(now), "c2ln");
    assert!(matches!(ring.verify(&forged, now), Err(TokenError::Algorithm(_))));
}

#[test]
fn a_ring_from_the_store_signs_with_the_active_key_and_ignores_retired_ones() {
    let (old, active, retired) = (SigningKey::generate(), SigningKey::generate(), SigningKey::generate());
    let now = UnixTime::from_secs(1_700_000_000);
    let by_old = KeyRing::new(&old, &[]).sign(&claims(now));
    let by_retired = KeyRing::new(&retired, &[]).sign(&claims(now));
    let keys =
        [stored(&old, KeyState::Verifying), stored(&active, KeyState::Active), stored(&retired, KeyState::Retired)];
    let ring = KeyRing::from_stored(&keys, None).unwrap();
    assert_eq!(ring.signing_kid(), active.kid());
    assert!(ring.verify(&by_old, now).is_ok());
    assert!(matches!(ring.verify(&by_retired, now), Err(TokenError::UnknownKid(_))));
    assert!(KeyRing::from_stored(&[stored(&old, KeyState::Verifying)], None).is_none(), "no active key");
}

#[test]
fn a_configured_key_signs_whatever_the_store_says_and_survives_a_reload() {
    let configured = SigningKey::generate();
    let stored_active = SigningKey::generate();
    let ring = KeyRing::from_stored(&[stored(&stored_active, KeyState::Active)], Some(&configured)).unwrap();
    assert_eq!(ring.signing_kid(), configured.kid());
    let rotated = SigningKey::generate();
    let keys = [stored(&stored_active, KeyState::Verifying), stored(&rotated, KeyState::Active)];
    let reloaded = ring.reloaded(&keys).unwrap();
    assert_eq!(reloaded.signing_kid(), configured.kid());
    assert!(!reloaded.same_keys(&ring), "the rotated key now verifies too");
}

#[test]
fn key_material_is_checked_and_never_shown() {
    assert!(matches!(SigningKey::from_parts(KeyAlg::EdDsa, &[1u8; 31]), Err(KeyError::BadSeed(31))));
    let ed = SigningKey::from_parts(KeyAlg::EdDsa, &[9u8; 32]).unwrap();
    assert!(ed.kid().starts_with("ed-"));
    assert_eq!(ed.kid(), SigningKey::from_parts(KeyAlg::EdDsa, &[9u8; 32]).unwrap().kid());
    assert!(!format!("{ed:?}").contains("9, 9"));
    assert_eq!("eddsa".parse::<KeyAlg>(), Ok(KeyAlg::EdDsa));
    assert!("RS256".parse::<KeyAlg>().is_err());
}

#[test]
fn claims_near_the_end_of_time_are_refused_without_overflow() {
    let (ring, _) = ring();
    let now = UnixTime::from_secs(1_700_000_000);
    // `exp` would overflow; then the expiry in microseconds would.
    for iat in [u64::MAX - 1, u64::MAX / 1000] {
        let c = Claims { iat, exp: iat.wrapping_add(TTL_SECS), timestamp: iat.wrapping_mul(1000), ..claims(now) };
        assert!(matches!(ring.verify(&ring.sign(&c), now), Err(TokenError::BadClaims | TokenError::IssuedInFuture)));
    }
}
