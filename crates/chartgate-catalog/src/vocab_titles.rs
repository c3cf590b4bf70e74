//! Words for track, album, playlist and station titles. Frozen, as
//! [`crate::vocab`] explains.

/// Adjectives.
pub(crate) const TITLE_ADJ: &str = "
Blue Golden Silent Broken Endless Electric Lonely Sweet Wild Secret Fading Burning Falling Midnight Neon
Perfect Sacred Restless Hollow Heavy Lucky Crazy Tender Gentle Bitter Bright Dark Cold Warm Frozen Quiet
Loud Slow Fast Little Last First Lost Hidden Open Empty Velvet Silver Crimson Purple Violet Scarlet Amber
Paper Glass Stone Diamond Crystal Honey Sugar Cherry Lemon Summer Winter Autumn Spring Sunday Friday
Saturday Tuesday Holy Wicked Gold Young Old New Strange Easy Hard Soft Simple Heavenly Magnetic Cosmic
Lunar Solar Dusty Rainy Sunny Stormy Misty Foggy Wandering Dancing Shining Rising Sinking Floating Flying
Drunken Sleepless Reckless Fearless Careless Hopeless Faraway Forever Never Only Dizzy Hazy
Lazy Pretty Ugly Tiny Giant Tropical Arctic Northern Southern Distant Nearby Runaway
";

/// Nouns.
pub(crate) const TITLE_NOUN: &str = "
Rain Fire Heart Night Dream Love Light Shadow River Ocean Sky Moon Sun Star Stars Road Highway City Town
Home House Room Window Door Mirror Garden Rose Flower Song Melody Rhythm Beat Echo Whisper Voice Silence
Storm Thunder Lightning Wind Snow Ice Summer Winter Morning Evening Sunset Sunrise Daylight Midnight
Tears Smile Kiss Touch Eyes Hands Lips Body Soul Mind Ghost Angel Devil Heaven Paradise Island Desert
Mountain Valley Forest Field Meadow Shore Wave Tide Harbor Bridge Train Car Plane Rocket Satellite Planet
Galaxy Universe Memory Memories Promise Secret Story Letter Photograph Picture Radio Television Telephone
Diamond Gold Silver Money Honey Sugar Candy Wine Whiskey Coffee Cigarette Dance Party Parade Carnival
Circus Hotel Motel Bar Club Stage Crowd Kingdom Castle Tower Crown Throne Sword Arrow Bullet Gun Fever
Medicine Poison Potion Magic Spell Miracle Mystery Riddle Puzzle Game Fortune Luck Chance Hope Faith
Glory Freedom Danger Trouble Peace War Battle Victory Horizon Frontier Border Compass Map Journey Escape
Runaway Stranger Lover Friend Enemy Hero Villain Queen King Prince Princess Rebel Outlaw Cowboy Sailor
Wolf Fox Tiger Lion Bird Butterfly Dragon Phoenix Snake Horse Gravity Velocity Signal
";

/// Verbs.
pub(crate) const TITLE_VERB: &str = "
Chasing Holding Running Falling Dancing Waiting Dreaming Burning Fading Breaking Calling Crying Driving
Flying Hiding Kissing Leaving Losing Missing Praying Riding Saving Singing Sleeping Stealing Talking
Touching Walking Watching Wishing Finding Keeping Making Shaking Taking Turning Counting Catching Drawing
Building Playing Painting Reaching Feeling Seeing Hearing Loving Hating Forgetting Remembering Waking
";

/// Station formats.
pub(crate) const STATION_FORMATS: &str = "
Top_40 Hot_AC Adult_Contemporary Rhythmic Urban Country Alternative Rock Classic_Rock Latin Dance Jazz
Classical Christian News_Talk College Public Oldies
";

/// Station name words.
pub(crate) const STATION_WORDS: &str = "
Kiss Wave Hits Star Mix Energy Pulse Fresh Magic Power Vibe Beat Jam Groove Sound Live Heart Capital
Coast Metro River Summit Lake Valley Sun Blue Galaxy Nova Echo Spirit Soul Jazz Rock Country Alt
";
