#!/usr/bin/env python3
"""Prints N sandbox request paths spread over ids and endpoints, drawn with
SEED (the same arguments print the same paths): bench/load.sh feeds them to
wrk. Every path answers 200 with the default catalog (ids within the
generated ranges, docs/SANDBOX.md)."""
import datetime
import random
import sys

n, seed = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(seed)
ARTISTS, TRACKS, ALBUMS, PLAYLISTS, CURATORS = 10_000_000, 50_000_000, 20_000_000, 20_000_000, 2_000_000
WORDS = ["luna", "drake", "night", "river", "gold", "blue", "echo", "fire", "wave", "rose"]
PLATFORMS = ["spotify", "applemusic", "deezer"]
FIRST_CHART = datetime.date(2016, 1, 1)
CHART_DAYS = (datetime.datetime.now(datetime.timezone.utc).date() - FIRST_CHART).days
COUNTRIES = ["US", "GB", "DE", "FR", "BR", "JP", "SE", "NZ"]


def chart():
    day = FIRST_CHART + datetime.timedelta(days=rng.randint(0, CHART_DAYS - 1))
    kind = rng.choice(["spotify?type=regional&", "spotify?type=viral&", "shazam?", "applemusic/tracks?"])
    return f"/api/charts/{kind}date={day}&country_code={rng.choice(COUNTRIES)}&limit=50"


def pick():
    r = rng.random()
    a = rng.randint(1, ARTISTS)
    if r < 0.20:
        return f"/api/artist/{a}"
    if r < 0.40:
        return f"/api/track/{rng.randint(1, TRACKS)}"
    if r < 0.50:
        return f"/api/album/{rng.randint(1, ALBUMS)}"
    if r < 0.58:
        return f"/api/playlist/{rng.choice(PLATFORMS)}/{rng.randint(1, PLAYLISTS)}"
    if r < 0.64:
        return f"/api/curator/{rng.choice(PLATFORMS)}/{rng.randint(1, CURATORS)}"
    if r < 0.74:
        return f"/api/artist/{a}/tracks"
    if r < 0.82:
        return f"/api/artist/{a}/albums"
    if r < 0.88:
        return f"/api/artist/{a}/relatedartists?limit=10"
    if r < 0.94:
        return f"/api/artist/{a}/urls"
    if r < 0.96:
        return f"/api/artist/{a}/stat/spotify"
    if r < 0.98:
        return chart()
    return f"/api/search?q={rng.choice(WORDS)}&type=artists&limit=5"


seen = set()
while len(seen) < n:
    p = pick()
    if p not in seen:
        seen.add(p)
        print(p)
