use super::*;
use std::time::Duration;

fn ring() -> (KeyRing, SigningKey) {
    let k = SigningKey::generate();
    (KeyRing::new(&k, &[]), k)
}

fn claims(now: UnixTime) -> Claims {
    Claims::issue(UserId(7), &Scopes::default_api(), 0, now)
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
