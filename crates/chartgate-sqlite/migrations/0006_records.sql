-- Imported tracks and albums (`chartgate import tracks|albums`), which take
-- precedence over the sandbox's generated ones: one JSON body per kind and id.
CREATE TABLE records (
    kind TEXT NOT NULL CHECK (kind IN ('track', 'album')),
    id   INTEGER NOT NULL CHECK (id > 0),
    body TEXT NOT NULL,
    seq  INTEGER NOT NULL,
    PRIMARY KEY (kind, id)
) STRICT;
