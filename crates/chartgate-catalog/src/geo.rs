//! Countries, cities and genres: small fixed tables.

/// Every ISO 3166-1 alpha-2 code, lower case: what `country_code` accepts.
const ISO_CODES: &str = "ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bl bm bn bo bq br bs bt bv
bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg eh er es et fi fj fk fm fo fr
ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg
kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mf mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx
my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg
sh si sj sk sl sm sn so sr ss st sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ua ug um us uy uz va vc ve vg
vi vn vu wf ws ye yt za zm zw";

/// Whether `code` (lower case) is an ISO 3166-1 alpha-2 code.
pub(crate) fn is_iso_code(code: &str) -> bool {
    code.len() == 2 && ISO_CODES.split_whitespace().any(|c| c == code)
}

/// Countries artists, playlists and listeners come from: (code, name, weight).
pub(crate) const COUNTRIES: &[(&str, &str, u32)] = &[
    ("us", "United States", 300),
    ("gb", "United Kingdom", 90),
    ("ca", "Canada", 45),
    ("au", "Australia", 35),
    ("de", "Germany", 60),
    ("fr", "France", 55),
    ("br", "Brazil", 70),
    ("mx", "Mexico", 50),
    ("jp", "Japan", 45),
    ("kr", "South Korea", 40),
    ("es", "Spain", 35),
    ("it", "Italy", 30),
    ("se", "Sweden", 25),
    ("nl", "Netherlands", 20),
    ("no", "Norway", 12),
    ("dk", "Denmark", 10),
    ("fi", "Finland", 10),
    ("ie", "Ireland", 10),
    ("nz", "New Zealand", 10),
    ("ar", "Argentina", 25),
    ("co", "Colombia", 30),
    ("cl", "Chile", 15),
    ("pe", "Peru", 10),
    ("ng", "Nigeria", 30),
    ("za", "South Africa", 15),
    ("gh", "Ghana", 8),
    ("ke", "Kenya", 6),
    ("in", "India", 40),
    ("id", "Indonesia", 20),
    ("ph", "Philippines", 20),
    ("th", "Thailand", 10),
    ("vn", "Vietnam", 8),
    ("my", "Malaysia", 6),
    ("sg", "Singapore", 5),
    ("tw", "Taiwan", 8),
    ("hk", "Hong Kong", 5),
    ("cn", "China", 20),
    ("tr", "Turkey", 12),
    ("pl", "Poland", 12),
    ("pt", "Portugal", 8),
    ("be", "Belgium", 8),
    ("at", "Austria", 6),
    ("ch", "Switzerland", 6),
    ("ru", "Russia", 15),
    ("ua", "Ukraine", 8),
    ("gr", "Greece", 5),
    ("il", "Israel", 5),
    ("eg", "Egypt", 6),
    ("ma", "Morocco", 5),
    ("pr", "Puerto Rico", 10),
    ("jm", "Jamaica", 6),
    ("cu", "Cuba", 4),
    ("do", "Dominican Republic", 6),
    ("is", "Iceland", 2),
];

/// Countries whose charts an entity's chart history is looked up in (and
/// `None`, the global chart).
pub(crate) const CHART_COUNTRIES: &[&str] = &[
    "us", "gb", "ca", "au", "de", "fr", "br", "mx", "jp", "kr", "es", "it", "se", "nl", "ar", "co", "in", "id", "ph",
    "nz",
];

/// The display name of a country code, when the table knows it.
pub(crate) fn country_name(code: &str) -> &'static str {
    COUNTRIES.iter().find(|c| c.0 == code).map_or("Unknown", |c| c.1)
}

/// Cities: (name, code2, population in thousands, lat, lng). A city's id is
/// its index plus [`CITY_ID_BASE`].
pub(crate) const CITIES: &[(&str, &str, u32, f32, f32)] = &[
    ("New York", "us", 8336, 40.71, -74.01),
    ("Los Angeles", "us", 3899, 34.05, -118.24),
    ("Chicago", "us", 2746, 41.88, -87.63),
    ("Houston", "us", 2304, 29.76, -95.37),
    ("Atlanta", "us", 499, 33.75, -84.39),
    ("Nashville", "us", 689, 36.16, -86.78),
    ("Miami", "us", 442, 25.76, -80.19),
    ("Seattle", "us", 737, 47.61, -122.33),
    ("Austin", "us", 961, 30.27, -97.74),
    ("Dallas", "us", 1304, 32.78, -96.80),
    ("Phoenix", "us", 1608, 33.45, -112.07),
    ("Philadelphia", "us", 1603, 39.95, -75.17),
    ("San Francisco", "us", 873, 37.77, -122.42),
    ("Boston", "us", 675, 42.36, -71.06),
    ("Denver", "us", 715, 39.74, -104.99),
    ("Detroit", "us", 639, 42.33, -83.05),
    ("Minneapolis", "us", 429, 44.98, -93.27),
    ("Portland", "us", 652, 45.52, -122.68),
    ("New Orleans", "us", 383, 29.95, -90.07),
    ("Las Vegas", "us", 641, 36.17, -115.14),
    ("San Diego", "us", 1386, 32.72, -117.16),
    ("London", "gb", 8982, 51.51, -0.13),
    ("Manchester", "gb", 553, 53.48, -2.24),
    ("Birmingham", "gb", 1141, 52.49, -1.89),
    ("Glasgow", "gb", 635, 55.86, -4.25),
    ("Liverpool", "gb", 498, 53.41, -2.98),
    ("Bristol", "gb", 463, 51.45, -2.59),
    ("Leeds", "gb", 793, 53.80, -1.55),
    ("Toronto", "ca", 2930, 43.65, -79.38),
    ("Montreal", "ca", 1780, 45.50, -73.57),
    ("Vancouver", "ca", 675, 49.28, -123.12),
    ("Calgary", "ca", 1336, 51.05, -114.07),
    ("Sydney", "au", 5312, -33.87, 151.21),
    ("Melbourne", "au", 5078, -37.81, 144.96),
    ("Brisbane", "au", 2560, -27.47, 153.03),
    ("Perth", "au", 2085, -31.95, 115.86),
    ("Berlin", "de", 3645, 52.52, 13.40),
    ("Hamburg", "de", 1841, 53.55, 9.99),
    ("Munich", "de", 1472, 48.14, 11.58),
    ("Cologne", "de", 1086, 50.94, 6.96),
    ("Frankfurt", "de", 753, 50.11, 8.68),
    ("Paris", "fr", 2161, 48.86, 2.35),
    ("Marseille", "fr", 870, 43.30, 5.37),
    ("Lyon", "fr", 516, 45.76, 4.84),
    ("Toulouse", "fr", 479, 43.60, 1.44),
    ("Sao Paulo", "br", 12325, -23.55, -46.63),
    ("Rio de Janeiro", "br", 6748, -22.91, -43.17),
    ("Belo Horizonte", "br", 2521, -19.92, -43.94),
    ("Brasilia", "br", 3055, -15.79, -47.88),
    ("Salvador", "br", 2886, -12.97, -38.50),
    ("Fortaleza", "br", 2686, -3.73, -38.52),
    ("Recife", "br", 1653, -8.05, -34.88),
    ("Porto Alegre", "br", 1488, -30.03, -51.23),
    ("Curitiba", "br", 1948, -25.43, -49.27),
    ("Mexico City", "mx", 9209, 19.43, -99.13),
    ("Guadalajara", "mx", 1385, 20.66, -103.35),
    ("Monterrey", "mx", 1142, 25.69, -100.32),
    ("Puebla", "mx", 1692, 19.04, -98.21),
    ("Tijuana", "mx", 1810, 32.51, -117.04),
    ("Tokyo", "jp", 13960, 35.68, 139.69),
    ("Osaka", "jp", 2691, 34.69, 135.50),
    ("Yokohama", "jp", 3749, 35.44, 139.64),
    ("Nagoya", "jp", 2296, 35.18, 136.91),
    ("Sapporo", "jp", 1973, 43.06, 141.35),
    ("Fukuoka", "jp", 1612, 33.59, 130.40),
    ("Seoul", "kr", 9776, 37.57, 126.98),
    ("Busan", "kr", 3429, 35.18, 129.08),
    ("Incheon", "kr", 2948, 37.46, 126.71),
    ("Madrid", "es", 3223, 40.42, -3.70),
    ("Barcelona", "es", 1620, 41.39, 2.17),
    ("Valencia", "es", 791, 39.47, -0.38),
    ("Seville", "es", 688, 37.39, -5.98),
    ("Rome", "it", 2873, 41.90, 12.50),
    ("Milan", "it", 1352, 45.46, 9.19),
    ("Naples", "it", 959, 40.85, 14.27),
    ("Turin", "it", 870, 45.07, 7.69),
    ("Stockholm", "se", 975, 59.33, 18.07),
    ("Gothenburg", "se", 579, 57.71, 11.97),
    ("Amsterdam", "nl", 872, 52.37, 4.90),
    ("Rotterdam", "nl", 651, 51.92, 4.48),
    ("Oslo", "no", 697, 59.91, 10.75),
    ("Copenhagen", "dk", 794, 55.68, 12.57),
    ("Helsinki", "fi", 656, 60.17, 24.94),
    ("Dublin", "ie", 554, 53.35, -6.26),
    ("Auckland", "nz", 1657, -36.85, 174.76),
    ("Wellington", "nz", 215, -41.29, 174.78),
    ("Christchurch", "nz", 381, -43.53, 172.64),
    ("Buenos Aires", "ar", 3075, -34.60, -58.38),
    ("Cordoba", "ar", 1391, -31.42, -64.18),
    ("Rosario", "ar", 1277, -32.94, -60.65),
    ("Bogota", "co", 7181, 4.71, -74.07),
    ("Medellin", "co", 2529, 6.24, -75.58),
    ("Cali", "co", 2228, 3.45, -76.53),
    ("Barranquilla", "co", 1206, 10.96, -74.80),
    ("Santiago", "cl", 6310, -33.45, -70.67),
    ("Lima", "pe", 9751, -12.05, -77.04),
    ("Lagos", "ng", 14862, 6.52, 3.38),
    ("Abuja", "ng", 1235, 9.08, 7.40),
    ("Johannesburg", "za", 5635, -26.20, 28.05),
    ("Cape Town", "za", 4618, -33.92, 18.42),
    ("Accra", "gh", 2291, 5.60, -0.19),
    ("Nairobi", "ke", 4397, -1.29, 36.82),
    ("Mumbai", "in", 12442, 19.08, 72.88),
    ("Delhi", "in", 11034, 28.70, 77.10),
    ("Bangalore", "in", 8443, 12.97, 77.59),
    ("Chennai", "in", 7088, 13.08, 80.27),
    ("Kolkata", "in", 4497, 22.57, 88.36),
    ("Hyderabad", "in", 6810, 17.39, 78.49),
    ("Jakarta", "id", 10562, -6.21, 106.85),
    ("Surabaya", "id", 2874, -7.25, 112.75),
    ("Bandung", "id", 2444, -6.92, 107.62),
    ("Manila", "ph", 1780, 14.60, 120.98),
    ("Quezon City", "ph", 2960, 14.68, 121.04),
    ("Cebu City", "ph", 922, 10.32, 123.89),
    ("Bangkok", "th", 10539, 13.76, 100.50),
    ("Ho Chi Minh City", "vn", 8993, 10.82, 106.63),
    ("Hanoi", "vn", 8054, 21.03, 105.85),
    ("Kuala Lumpur", "my", 1782, 3.139, 101.69),
    ("Singapore", "sg", 5686, 1.35, 103.82),
    ("Taipei", "tw", 2646, 25.03, 121.57),
    ("Hong Kong", "hk", 7482, 22.32, 114.17),
    ("Shanghai", "cn", 24870, 31.23, 121.47),
    ("Beijing", "cn", 21540, 39.90, 116.41),
    ("Istanbul", "tr", 15460, 41.01, 28.98),
    ("Ankara", "tr", 5663, 39.93, 32.86),
    ("Warsaw", "pl", 1790, 52.23, 21.01),
    ("Krakow", "pl", 780, 50.06, 19.94),
    ("Lisbon", "pt", 545, 38.72, -9.14),
    ("Porto", "pt", 232, 41.16, -8.63),
    ("Brussels", "be", 1209, 50.85, 4.35),
    ("Antwerp", "be", 529, 51.22, 4.40),
    ("Vienna", "at", 1911, 48.21, 16.37),
    ("Zurich", "ch", 421, 47.38, 8.54),
    ("Geneva", "ch", 203, 46.20, 6.14),
    ("Moscow", "ru", 12506, 55.76, 37.62),
    ("Saint Petersburg", "ru", 5384, 59.93, 30.34),
    ("Kyiv", "ua", 2962, 50.45, 30.52),
    ("Athens", "gr", 664, 37.98, 23.73),
    ("Tel Aviv", "il", 460, 32.09, 34.78),
    ("Cairo", "eg", 9540, 30.04, 31.24),
    ("Casablanca", "ma", 3359, 33.57, -7.59),
    ("San Juan", "pr", 342, 18.47, -66.11),
    ("Kingston", "jm", 662, 18.02, -76.80),
    ("Havana", "cu", 2130, 23.11, -82.37),
    ("Santo Domingo", "do", 2582, 18.49, -69.93),
    ("Reykjavik", "is", 131, 64.15, -21.94),
];

/// Added to a city's index in [`CITIES`] to make its id.
pub(crate) const CITY_ID_BASE: i64 = 1000;

/// Indices of the cities of a country.
pub(crate) fn cities_of(code2: &str) -> impl Iterator<Item = usize> + '_ {
    CITIES.iter().enumerate().filter(move |(_, c)| c.1 == code2).map(|(i, _)| i)
}

/// Genres: (id, name). Index 0 is "All Genres" on genre charts, never an artist's.
pub(crate) const GENRES: &[(i64, &str)] = &[
    (0, "All Genres"),
    (92, "pop"),
    (7, "rock"),
    (64, "indie"),
    (18, "hip-hop/rap"),
    (22, "r&b/soul"),
    (31, "electronic"),
    (35, "dance"),
    (11, "country"),
    (14, "latin"),
    (41, "k-pop"),
    (42, "j-pop"),
    (5, "jazz"),
    (3, "blues"),
    (9, "classical"),
    (24, "reggae"),
    (20, "alternative"),
    (27, "singer/songwriter"),
    (46, "metal"),
    (48, "folk"),
    (52, "afrobeats"),
    (56, "christian & gospel"),
    (60, "soundtrack"),
    (66, "world"),
];

/// Sub-genres, by the index of their parent in [`GENRES`].
pub(crate) fn sub_genres(genre: usize) -> &'static [(i64, &'static str)] {
    match GENRES[genre].1 {
        "pop" => &[(1203, "art pop"), (1188, "electropop"), (1190, "dance pop"), (1191, "synth-pop")],
        "rock" => &[(1301, "indie rock"), (1302, "garage rock"), (1303, "post-punk")],
        "indie" => &[(1401, "dream pop"), (1402, "bedroom pop"), (1403, "indie folk")],
        "hip-hop/rap" => &[(1501, "trap"), (1502, "drill"), (1503, "boom bap")],
        "electronic" | "dance" => &[(1601, "house"), (1602, "techno"), (1603, "drum and bass")],
        "latin" => &[(1701, "reggaeton"), (1702, "latin pop"), (1703, "bachata")],
        _ => &[],
    }
}

/// A country index of [`COUNTRIES`], drawn by weight from `u` in [0, 1).
pub(crate) fn country_by_weight(u: f64) -> usize {
    let total: u32 = COUNTRIES.iter().map(|c| c.2).sum();
    let mut target = (u * f64::from(total)) as u32;
    for (i, c) in COUNTRIES.iter().enumerate() {
        if target < c.2 {
            return i;
        }
        target -= c.2;
    }
    0
}

/// A genre index of [`GENRES`] (never 0), drawn from `u` in [0, 1): the
/// first genres are the most common.
pub(crate) fn genre_by_weight(u: f64) -> usize {
    1 + ((u * u) * (GENRES.len() - 1) as f64) as usize
}
