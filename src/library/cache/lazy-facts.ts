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

/** Rows of positions laid end to end: row i is `ids[starts[i]…starts[i + 1]]`. */
export interface Rows {
  starts: Int32Array;
  ids: Int32Array;
}

function rowsOf(lists: Iterable<number[]>): Rows {
  const starts: number[] = [0];
  const ids: number[] = [];
  for (const list of lists) {
    for (const id of list) ids.push(id);
    starts.push(ids.length);
  }
  return { starts: Int32Array.from(starts), ids: Int32Array.from(ids) };
}

function row<T>(rows: Rows, i: number, item: (id: number) => T): T[] {
  const out: T[] = [];
  for (let k = rows.starts[i]; k < rows.starts[i + 1]; k++) out.push(item(rows.ids[k]));
  return out;
}

function checkRows(rows: Rows, count: number, what: string): void {
  if (rows.starts.length !== count + 1 || rows.starts[count] !== rows.ids.length)
    throw new Error(`${what} table does not add up`);
}

export interface EncodedFigures {
  value: EncodedValue;
  /** where each figure starts on the tape */
  starts: Int32Array;
  /** the figures passage p cites (row p), in the order of the list */
  byPassage: Rows;
  /** the countries figures are about, and the figures about country k (row k) */
  countries: string[];
  byCountry: Rows;
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
  const starts = new Int32Array(passages.length + 1);
  for (const f of figures) {
    const chunks = chunksOf(f);
    const positions = new Int32Array(chunks.length);
    for (let k = 0; k < chunks.length; k++) {
      const p = passages.indexOf(chunks[k]);
      if (p < 0) return undefined;
      positions[k] = p;
      starts[p + 1]++;
    }
    at.push(positions);
    total += chunks.length;
  }
  for (let p = 0; p < passages.length; p++) starts[p + 1] += starts[p];
  const fill = starts.slice(0, passages.length);
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
  const tape: number[] = [];
  const value = encodeValue(figures, tape);
  return {
    value,
    starts: Int32Array.from(tape),
    byPassage: { starts, ids },
    countries: [...about.keys()],
    byCountry: rowsOf(about.values()),
  };
}

/** Facts whose `figures` are read on first use, and `figuresIn` reads a passage's alone. */
export function withLazyFigures(
  facts: Omit<Facts, 'figures'>,
  encoded: EncodedFigures,
  passages: PassageStore,
): Facts {
  const { starts, byPassage, countries, byCountry } = encoded;
  checkRows(byPassage, passages.length, 'figure');
  checkRows(byCountry, countries.length, 'figure');
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
    return p < 0 ? [] : row(byPassage, p, figure);
  };
  out.figuresAbout = (name: string): Figure[] => {
    const k = country.get(name);
    return k === undefined ? [] : row(byCountry, k, figure);
  };
  for (const method of ['figuresIn', 'figuresAbout'])
    Object.defineProperty(out, method, { enumerable: false });
  return out;
}

/** The entities' mentions as passage positions (entity i's in row i), or undefined when one names a
 *  passage the store lacks. */
export function encodeMentions(entities: Entity[], passages: PassageStore): Rows | undefined {
  const lists: number[][] = [];
  for (const e of entities) {
    const positions = e.mentions.map((m) => passages.indexOf(m));
    if (positions.some((p) => p < 0)) return undefined;
    lists.push(positions);
  }
  return rowsOf(lists);
}

/** The entities (decoded without mentions) with `mentions` read on first use. */
export function withLazyMentions(
  entities: Omit<Entity, 'mentions'>[],
  encoded: Rows,
  passages: PassageStore,
): Entity[] {
  checkRows(encoded, entities.length, 'mention');
  return entities.map((e, i) => {
    let mentions: string[] | undefined;
    // Enumerable, so JSON and structured clone still see the mentions.
    return Object.defineProperty(e, 'mentions', {
      enumerable: true,
      configurable: true,
      get: () => {
        mentions ??= row(encoded, i, (p) => passages.idAt(p));
        return mentions;
      },
      set: (value: string[]) => {
        mentions = value;
      },
    }) as Entity;
  });
}
