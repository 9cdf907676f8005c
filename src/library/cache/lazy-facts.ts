// The parts of the facts that are many and rarely read, read from the cache when first asked for.
// - Figures, one at a time, as cards ask for the figures of the passages an answer cites. At 10,000 real
//   articles the library holds 25,000 figures: decoding them all took a tenth of a second of every start
//   (and its garbage), for a question that reads a handful. They are one value tape with each figure's
//   start recorded and a passage → figures table beside it; the whole list is decoded only when
//   something asks for all of it (/figures). A country → figures table serves topic cards.
// - Entities' mentions (170,000 passage ids at 10,000 articles), as passage positions, made ids when an
//   entity's are first read.
import type { Entity, Facts, Figure } from '../../types.js';
import type { PassageStore } from '../passages.js';
import { encodeValue, ValueReader, type EncodedValue } from './value-codec.js';

export interface EncodedFigures {
  value: EncodedValue;
  /** where each figure starts on the tape */
  starts: Int32Array;
  /** figures cited by passage i: `ids[byPassage[i]…byPassage[i + 1]]`, in the order of the list */
  byPassage: Int32Array;
  ids: Int32Array;
  /** the countries figures are about, and the figures about country k: `countryIds[byCountry[k]…byCountry[k + 1]]` */
  countries: string[];
  byCountry: Int32Array;
  countryIds: Int32Array;
}

type Cited = Figure & { alsoCitedBy?: { chunkId: string }[] };

const chunksOf = (f: Cited) => [f.citation.chunkId, ...(f.alsoCitedBy ?? []).map((c) => c.chunkId)];

/** The figures for lazy reading, or undefined when one cites a passage the store lacks (then they are
 *  kept with the other facts, read at start as before). */
export function encodeFigures(figures: Figure[], passages: PassageStore): EncodedFigures | undefined {
  // passage → figures by counting first: no list per passage (330,000 of them at 10,000 articles) while
  // the cache is written, when the build's memory peaks.
  const at: Int32Array[] = [];
  let total = 0;
  const byPassage = new Int32Array(passages.length + 1);
  for (const f of figures) {
    const chunks = chunksOf(f);
    const positions = new Int32Array(chunks.length);
    for (let k = 0; k < chunks.length; k++) {
      const p = passages.indexOf(chunks[k]);
      if (p < 0) return undefined;
      positions[k] = p;
      byPassage[p + 1]++;
    }
    at.push(positions);
    total += chunks.length;
  }
  for (let p = 0; p < passages.length; p++) byPassage[p + 1] += byPassage[p];
  const fill = byPassage.slice(0, passages.length);
  const ids = new Int32Array(total);
  at.forEach((positions, i) => {
    for (const p of positions) ids[fill[p]++] = i;
  });
  const about = new Map<string, number[]>();
  figures.forEach((f, i) => {
    for (const c of new Set(f.countries ?? [])) {
      const list = about.get(c);
      if (list) list.push(i);
      else about.set(c, [i]);
    }
  });
  const byCountry = new Int32Array(about.size + 1);
  const countryIds: number[] = [];
  [...about.values()].forEach((list, k) => {
    byCountry[k] = countryIds.length;
    countryIds.push(...list);
  });
  byCountry[about.size] = countryIds.length;
  const starts: number[] = [];
  const value = encodeValue(figures, starts);
  return {
    value,
    starts: Int32Array.from(starts),
    byPassage,
    ids,
    countries: [...about.keys()],
    byCountry,
    countryIds: Int32Array.from(countryIds),
  };
}

/** Facts whose `figures` are read on first use, and `figuresIn` reads a passage's alone. */
export function withLazyFigures(
  facts: Omit<Facts, 'figures'>,
  encoded: EncodedFigures,
  passages: PassageStore,
): Facts {
  const { starts, byPassage, ids, countries, byCountry, countryIds } = encoded;
  if (
    byPassage.length !== passages.length + 1 ||
    byPassage[passages.length] !== ids.length ||
    byCountry.length !== countries.length + 1 ||
    byCountry[countries.length] !== countryIds.length
  )
    throw new Error('figure table does not add up');
  const country = new Map(countries.map((c, k) => [c, k]));
  const reader = new ValueReader(encoded.value);
  // One object per figure, however it is reached: cards compare figures by identity.
  const read: (Figure | undefined)[] = new Array(starts.length);
  const figure = (i: number): Figure => {
    let f = read[i];
    if (!f) {
      if (i < 0 || i >= starts.length) throw new Error('figure index out of range');
      f = reader.valueAt(starts[i]).value as Figure;
      read[i] = f;
    }
    return f;
  };
  let all: Figure[] | undefined;
  const out = { ...facts } as Facts;
  // Enumerable, so JSON and structured clone still see the figures (reading them all).
  Object.defineProperty(out, 'figures', {
    enumerable: true,
    get: () => {
      all ??= Array.from({ length: starts.length }, (_, i) => figure(i));
      return all;
    },
  });
  out.figuresIn = (chunkId: string): Figure[] => {
    const p = passages.indexOf(chunkId);
    if (p < 0) return [];
    const list: Figure[] = [];
    for (let k = byPassage[p]; k < byPassage[p + 1]; k++) list.push(figure(ids[k]));
    return list;
  };
  out.figuresAbout = (name: string): Figure[] => {
    const k = country.get(name);
    if (k === undefined) return [];
    const list: Figure[] = [];
    for (let at = byCountry[k]; at < byCountry[k + 1]; at++) list.push(figure(countryIds[at]));
    return list;
  };
  for (const method of ['figuresIn', 'figuresAbout'])
    Object.defineProperty(out, method, { enumerable: false });
  return out;
}

export interface EncodedMentions {
  /** entity i's mentions: `ids[starts[i]…starts[i + 1]]`, passage positions */
  starts: Int32Array;
  ids: Int32Array;
}

/** The entities' mentions as passage positions, or undefined when one names a passage the store lacks. */
export function encodeMentions(entities: Entity[], passages: PassageStore): EncodedMentions | undefined {
  const starts = new Int32Array(entities.length + 1);
  const ids: number[] = [];
  for (let i = 0; i < entities.length; i++) {
    starts[i] = ids.length;
    for (const m of entities[i].mentions) {
      const p = passages.indexOf(m);
      if (p < 0) return undefined;
      ids.push(p);
    }
  }
  starts[entities.length] = ids.length;
  return { starts, ids: Int32Array.from(ids) };
}

/** The entities (decoded without mentions) with `mentions` read on first use. */
export function withLazyMentions(
  entities: Omit<Entity, 'mentions'>[],
  encoded: EncodedMentions,
  passages: PassageStore,
): Entity[] {
  const { starts, ids } = encoded;
  if (starts.length !== entities.length + 1 || starts[entities.length] !== ids.length)
    throw new Error('mention table does not add up');
  return entities.map((e, i) => {
    let mentions: string[] | undefined;
    // Enumerable, so JSON and structured clone still see the mentions.
    return Object.defineProperty(e, 'mentions', {
      enumerable: true,
      configurable: true,
      get: () => {
        if (!mentions) {
          mentions = [];
          for (let k = starts[i]; k < starts[i + 1]; k++) mentions.push(passages.idAt(ids[k]));
        }
        return mentions;
      },
      set: (value: string[]) => {
        mentions = value;
      },
    }) as Entity;
  });
}
