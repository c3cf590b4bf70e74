//! The vocabulary names are made of. Lists are whitespace-separated words
//! (`_` stands for a space inside one entry). Changing a list changes every
//! name of every seed: append-only is not enough either, since indices move
//! the mixed-radix decoding. Treat them as frozen.

/// Given names, women's first ([`GIVEN_FEMALE`] of them), then men's
/// ([`GIVEN_MALE`]), then names used by anyone.
pub(crate) const GIVEN: &str = "
Aurora Ada Alice Amara Amelia Anna Aria Ava Bella Bianca Camila Carmen Chloe Clara Daisy Dalia Elena Eliza
Ella Elsa Emily Emma Esme Eva Fiona Freya Gemma Grace Hana Hazel Helena Ines Iris Isla Ivy Jade Jasmine
Julia June Kaia Keira Lana Laura Layla Lea Leila Lena Lila Lily Lina Lola Lucia Luna Lydia Maeve Maia
Mara Maria Marina Maya Mia Mila Mira Nadia Naomi Nina Noor Nora Olivia Paloma Petra Phoebe Priya Rosa
Rose Ruby Sadie Sara Selena Sienna Sofia Stella Tara Thea Uma Valeria Vera Violet Willow Yara Zara Zoe
Adele Beatrix Celine Dora Edith Flora Greta Harriet Imogen Joanna Kira Leona Margot Nell Odette Pearl Rhea
Adam Adrian Aiden Alexander Alfie Amir Andre Arlo Arthur Axel Ben Bruno Caleb Carlos Cassius Cole Dante
Daniel David Diego Dylan Eli Elias Emil Enzo Ethan Felix Finn Gabriel George Hamza Harry Hugo Ian Isaac
Ivan Jack Jacob Jai James Jasper Javier Joel Jonah Jude Julian Kai Kenji Leo Levi Liam Logan Luca Lucas
Malik Marco Mateo Max Miles Milo Nico Noah Oliver Omar Oscar Otis Owen Pablo Rafael Ravi Reuben Rhys
Roman Rory Ryan Sami Sebastian Silas Simon Stefan Theo Thomas Tobias Tomas Victor Xavier Yusuf Zane
Abel Basil Cyrus Desmond Edgar Fraser Gideon Hector Ira Jonas Kofi Lionel Magnus Nestor Orson Quentin
Alexis Ari Avery Blake Cameron Casey Charlie Dakota Eden Ellis Emery Frankie Harper Jordan Jules Kendall
Kit Lane Lennon Marley Morgan Noel Parker Quinn Reese Remy Riley River Robin Rowan Sage Sasha Sidney Skye
Sol Tatum Taylor Wren
";
pub(crate) const GIVEN_FEMALE: usize = 109;
pub(crate) const GIVEN_MALE: usize = 104;

/// Surnames.
pub(crate) const SURNAMES: &str = "
Vale Rowe Kaur Ortiz Abbott Acosta Adler Alvarez Ambrose Archer Arden Ashby Bailey Baker Banks Barnes Bell
Bennett Berg Bishop Black Blair Bloom Bond Bowen Boyd Brandt Brooks Brown Bryant Burke Byrne Cain Calder
Campbell Carter Castillo Chan Chavez Chen Clarke Cohen Cole Collins Cooper Cortez Crane Cruz Dalton Daly
Davies Dawson Day Dean Delgado Diaz Dixon Doyle Drake Duarte Duncan Dunn Ellis Ellison Emerson Evans
Fabre Farrell Fernandes Fields Fischer Fleming Flores Flynn Ford Foster Fox Frost Fuller Garcia Gardner
Garner Gill Gomez Gordon Graham Grant Gray Green Griffin Gupta Hale Hall Hansen Hardy Harper Hart Hayes
Hayward Hill Holland Holt Hood Hughes Hunt Ibarra Iyer Jensen Jones Jordan Kane Keane Keller Kelly Khan
Kim King Klein Knight Koch Lake Lambert Lane Larsen Lawson Lee Lennox Lewis Lim Lindqvist Lopez Lowe
Lucero Lund Lynch Mack Madsen Marsh Martin Mason Mayer Medina Mendes Mercer Meyer Miller Mills Monroe
Moore Moreau Morgan Moss Murphy Nakamura Nash Navarro Nguyen Nielsen Noble Novak Oakley Okafor Olsen
Osei Owens Page Palmer Park Parsons Patel Pearce Perez Perry Petrov Pierce Poole Porter Price Quinn Ramos
Rao Reed Reyes Rhodes Rios Rivera Roberts Romero Rose Ross Russo Ryan Sato Saunders Schmidt Shah Shaw
Silva Sinclair Singh Sloan Snow Sousa Stark Stone Strand Sullivan Suzuki Swift Tanaka Taylor Thorne
Torres Tran Turner Vance Vargas Vega Voss Wade Walsh Ward Warren Watts Weber West Wilde Winter Wolfe
Wood Wren Wright Young Yu Zhang Zimmer Alder Ashdown Blackwood Caldwell Dunmore Fairchild Galloway
Hawthorne Kingsley Lockwood Marlowe Pennington Redfield Thornton Whitlock Winslow
";

/// Stage-name prefixes: `DJ Aurora`.
pub(crate) const PREFIXES: &str = "DJ Lil MC Young Big Saint Lady King";

/// Adjectives for band names: `The Paper Lanterns`.
pub(crate) const BAND_ADJ: &str = "
Paper Velvet Electric Silver Golden Crimson Neon Hollow Wild Quiet Broken Burning Painted Wandering
Midnight Northern Southern Eastern Western Lunar Solar Glass Iron Copper Marble Secret Lost Lonely Lucky
Gentle Savage Sleepy Restless Tender Atomic Cosmic Static Plastic Wooden Stone Blue Red Black
White Green Violet Scarlet Amber Indigo Ivory Emerald Dusty Rusty Frozen Sunken Rising Falling Flying
Dancing Howling Singing Sleeping Shining Fading Hidden Royal Rebel Tiny Giant Little Big
Young Old Modern Ancient Digital Analog Magnetic Tropical Arctic Desert Ocean Mountain River Forest Urban
Rural Holy Wicked Honest Jealous Curious Strange Bitter Sweet Sour Salty Smoky Foggy Misty Stormy Sunny
Windy Rainy Crystal Diamond Velour Satin Cotton Leather Chrome Papered Feral Nervous Polite Distant
";

/// Plural nouns for band names.
pub(crate) const BAND_NOUN: &str = "
Lanterns Wolves Foxes Ravens Crows Owls Sparrows Swallows Tigers Lions Bears Horses Hounds Rabbits Moths
Bees Wasps Hornets Snakes Sharks Whales Dolphins Seals Kings Queens Knights Saints Sinners Ghosts Angels
Devils Giants Strangers Lovers Dreamers Drifters Runners Riders Sailors Pilots Thieves Poets Prophets
Pilgrims Preachers Doctors Teachers Soldiers Rebels Outlaws Cowboys Astronauts Robots Machines Engines
Rockets Satellites Planets Comets Stars Suns Moons Clouds Storms Waves Tides Rivers Lakes Oceans Islands
Mountains Valleys Canyons Deserts Forests Gardens Flowers Roses Lilies Daisies Thorns Leaves Trees Pines
Oaks Hearts Bones Skulls Eyes Hands Mirrors Windows Doors Keys Locks Bells Drums Guitars Pianos Violins
Radios Records Tapes Signals Echoes Shadows Lights Flames Fires Sparks Embers Ashes Diamonds Pearls Coins
Crowns Arrows Daggers Swords Shields Ships Trains Cars Bikes Kites Balloons Parades Circuses Carnivals
Motels Hotels Houses Castles Towers Bridges Highways Streets Avenues Cities Towns Villages
";

/// Words for label names (`{word} Records`).
pub(crate) const LABEL_WORDS: &str = "
Northern Harbor Lighthouse Polar Pacific Atlantic Meridian Summit Granite Orchard Beacon Cascade Cobalt
Compass Ember Foxglove Harvest Horizon Juniper Keystone Lantern Magnolia Monarch Nova Orbit Paragon Pinnacle
Prism Quartz Redwood Saffron Sequoia Sterling Tidal Trident Umbra Vanguard Verve Willow Zenith Atlas
Bramble Cinder Driftwood Echo Falcon Gallery Helix Indigo Jubilee Kestrel Lumen Mosaic Nimbus Onyx
";

/// Label suffixes.
pub(crate) const LABEL_SUFFIX: &str = "Records Music Recordings Sound Audio Collective";

/// Tag names for artists.
pub(crate) const TAGS: &str = "
singer-songwriter alt-pop indie_rock dream_pop bedroom_pop synthwave lo-fi trap drill afrobeats reggaeton
k-pop j-pop city_pop shoegaze post-punk garage_rock neo-soul jazz_rap boom_bap house techno deep_house
drum_and_bass dubstep ambient folk americana bluegrass country_pop emo pop-punk metalcore hyperpop
";

/// Country names of [`crate::geo`] are kept there; this is for playlists.
pub(crate) const MOODS: &str = "
Chill Happy Sad Mellow Dreamy Upbeat Moody Calm Cozy Sunny Rainy Late_Night Morning Evening Weekend Summer
Winter Autumn Spring Road_Trip Workout Focus Study Sleep Party Dinner Coffee Lazy Fresh Golden Feel_Good
Heartbreak Throwback Epic Soft Loud Deep Bright
";

/// Playlist nouns.
pub(crate) const PLAYLIST_NOUN: &str = "
Mix Hits Vibes Essentials Classics Anthems Jams Beats Grooves Favorites Picks Radar Radio Sessions Tunes
Songs Bangers Gems Rotation Soundtrack Playlist Selection Journey Hour Club Lounge Corner Diaries
";

/// Genre words for playlist names.
pub(crate) const PLAYLIST_GENRES: &str = "
Pop Rock Indie Hip-Hop R&B Electronic Dance Country Latin K-Pop Jazz Soul Folk Metal Punk Lo-Fi Acoustic
Classical Reggae Afrobeats House Techno Funk Disco Blues Gospel Alternative Emo Trap Ambient
";
