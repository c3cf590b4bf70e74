use serde::{Deserialize, Serialize};

/// A curator: `GET /api/curator/{platform}/{id}`, a row of
/// `/curator/{platform}/lists` and a curator search hit.
///
/// ```
/// use chartmetric_types::Curator;
/// let c: Curator = serde_json::from_str(r#"{"id":1,"name":"x","num_playlists":4}"#).unwrap();
/// assert_eq!(c.num_playlists, Some(4));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Curator {
    /// Chartmetric curator id (per platform).
    pub id: i64,
    /// Name.
    pub name: String,
    /// The platform's user id of the curator.
    pub user_id: Option<String>,
    /// Profile image.
    pub image_url: Option<String>,
    /// Number of playlists.
    pub num_playlists: Option<i64>,
    /// Followers, summed over the playlists.
    pub followers: Option<i64>,
    /// Whether the curator is independent (not a label or the platform).
    pub indie: Option<bool>,
    /// Social links, on lists asked `withSocialUrls=true`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub social_urls: Option<Vec<SocialUrl>>,
}

/// A social link: `{domain, url}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SocialUrl {
    /// The site, e.g. `instagram`.
    pub domain: String,
    /// The link.
    pub url: String,
}
