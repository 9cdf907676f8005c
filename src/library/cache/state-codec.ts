// An EngineState as named byte sections and back. The passage store and the compact index are typed
// arrays and blobs already: they are written as their bytes and come back as views of the file's buffer,
// with nothing rebuilt. The rest (article metadata, facts, corpus problems, small tables) goes through
// v8.serialize. An index that is not compact (another MiniSearch version, see minisearch-internals.ts)
// is written with MiniSearch's public toJSON and read with loadJSON.
import { endianness } from 'node:os';
import v8 from 'node:v8';
import type { CorpusProblem } from '../../corpus/load.js';
import { useKnownTerms } from '../../search/analyzer.js';
import { PassageIndex, type CompactIndex, type SerializedIndex } from '../../search/index.js';
import { SurfaceWords, type PostingsData, type Tfs } from '../../search/postings.js';
import { TermTable } from '../../search/term-table.js';
import { averageLengths } from '../../search/minisearch-internals.js';
import type { EngineState, Entity } from '../../types.js';
import { type Blocks, PassageStore, type PassageColumns } from '../passages.js';
import type { SectionData } from './container.js';
import { encodeFigures, encodeMentions, type Rows, withLazyFigures, withLazyMentions } from './lazy-facts.js';
import { decodeValue, encodeValue, UnsupportedValue, type EncodedValue } from './value-codec.js';

/** What a fresh cache gives back: the engine state, plus the corpus problems seen when it was built. */
export type CachedState = EngineState & { problems: CorpusProblem[] };

type IntArray = Int32Array | Uint16Array | Uint8Array;
const TFS = { u8: Uint8Array, u16: Uint16Array, i32: Int32Array } as const;
type TfsKind = keyof typeof TFS;

interface Meta {
  articles: EngineState['articles'];
  /** EngineState.deskArticles, as places in `articles` */
  deskArticles: number[];
  /** without `figures`, and entities without `mentions`, when those have sections of their own
   *  (lazy-facts.ts) */
  facts: Omit<EngineState['facts'], 'figures' | 'entities'> & {
    figures?: EngineState['facts']['figures'];
    entities: (Omit<Entity, 'mentions'> & { mentions?: string[] })[];
  };
  /** the countries of the figures' country table (with figures in sections of their own) */
  figureCountries?: string[];
  problems: CorpusProblem[];
  store: Pick<PassageColumns, 'articleIds' | 'headings' | 'odd'>;
  index:
    | {
        codec: 'compact';
        fields: number;
        /** MiniSearch's average field lengths, stored: adding up half a million lengths took a start 12 ms */
        averages?: number[];
        documents: number;
        tfs: TfsKind;
        termsLatin1: boolean;
        wordsLatin1: boolean;
        articleIds: string[];
        docIds?: string[];
        copies: [string, string[]][];
      }
    | { codec: 'json' };
}

const STORE_ARRAYS = [
  'article',
  'n',
  'heading',
  'start',
  'bytes',
  'firstSentence',
  'sentenceEnds',
  'articleFirst',
  'blockAt',
  'blockStart',
] as const;

const bytesOf = (a: IntArray): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
const int32 = (b: Buffer) => new Int32Array(b.buffer, b.byteOffset, b.byteLength / 4);
const LATIN1 = /^[\u0000-\u00ff]*$/;
const blobBytes = (s: string, latin1: boolean) => Buffer.from(s, latin1 ? 'latin1' : 'utf16le');

/** The state as sections; `meta` first. */
export function encodeState(
  state: EngineState,
  problems: CorpusProblem[],
): { name: string; data: SectionData }[] {
  if (endianness() !== 'LE') throw new Error('the cache is written on little-endian machines only');
  const c = state.passages.columns;
  const sections: { name: string; data: SectionData }[] = [];
  for (const k of STORE_ARRAYS) sections.push({ name: `store.${k}`, data: bytesOf(c[k]) });
  let index: Meta['index'];
  const compact = state.index.compact;
  if (compact) {
    const p = compact.postings;
    const termsLatin1 = LATIN1.test(p.terms.blob);
    const wordsLatin1 = LATIN1.test(compact.surface.words.blob);
    index = {
      codec: 'compact',
      fields: p.fields,
      averages: averageLengths(p),
      documents: p.documents,
      tfs: p.tfs instanceof Uint8Array ? 'u8' : p.tfs instanceof Uint16Array ? 'u16' : 'i32',
      termsLatin1,
      wordsLatin1,
      articleIds: compact.articleIds,
      docIds: compact.docIds,
      copies: compact.copies,
    };
    sections.push(
      { name: 'index.terms', data: blobBytes(p.terms.blob, termsLatin1) },
      { name: 'index.termOffsets', data: bytesOf(p.terms.offsets) },
      { name: 'index.df', data: bytesOf(p.df) },
      { name: 'index.starts', data: bytesOf(p.starts) },
      { name: 'index.ids', data: bytesOf(p.ids) },
      { name: 'index.tfs', data: bytesOf(p.tfs) },
      { name: 'index.fieldLengths', data: bytesOf(p.fieldLengths) },
      { name: 'index.docArticle', data: bytesOf(compact.docArticle) },
      { name: 'index.docN', data: bytesOf(compact.docN) },
      { name: 'index.words', data: blobBytes(compact.surface.words.blob, wordsLatin1) },
      { name: 'index.wordOffsets', data: bytesOf(compact.surface.words.offsets) },
      { name: 'index.wordTerms', data: bytesOf(compact.surface.wordTerms) },
    );
  } else {
    index = { codec: 'json' };
    sections.push({ name: 'index.json', data: Buffer.from(JSON.stringify(state.index.toJSON()), 'utf8') });
  }
  const { events, entities, figures } = state.facts;
  const lazy = encodeFigures(figures, state.passages);
  if (lazy) {
    sections.push(...valueSections('figures', lazy.value), {
      name: 'figures.starts',
      data: bytesOf(lazy.starts),
    });
    sections.push(...rowSections('figures.byPassage', lazy.byPassage));
    sections.push(...rowSections('figures.byCountry', lazy.byCountry));
  }
  const mentions = encodeMentions(entities, state.passages);
  if (mentions) sections.push(...rowSections('mentions', mentions));
  const meta: Meta = {
    articles: state.articles,
    deskArticles: state.articles.flatMap((a, i) => (state.deskArticles.has(a.id) ? [i] : [])),
    facts: {
      events,
      entities: mentions ? entities.map(({ mentions: _, ...e }) => e) : entities,
      ...(lazy ? {} : { figures }),
    },
    figureCountries: lazy?.countries,
    problems,
    store: { articleIds: c.articleIds, headings: c.headings, odd: c.odd },
    index,
  };
  // The postings next to last: a large library's are read by the second thread (BY_WORKER). The text
  // blocks last: a large library leaves them in the file, read as passages are (ON_DISK).
  const byWorker = sections.filter((x) => BY_WORKER.includes(x.name));
  const rest = sections.filter((x) => !BY_WORKER.includes(x.name));
  const blocks = c.blocks instanceof Uint8Array ? c.blocks : c.blocks.subarray(0, c.blocks.length);
  return [...encodeMeta(meta), ...rest, ...byWorker, { name: 'store.blocks', data: blocks }];
}

// The metadata through the value codec (strings stored once); v8.serialize for what it cannot take.
function encodeMeta(meta: Meta): { name: string; data: SectionData }[] {
  try {
    return valueSections('meta', encodeValue(meta));
  } catch (err) {
    if (!(err instanceof UnsupportedValue)) throw err;
    return [{ name: 'meta', data: v8.serialize(meta) }];
  }
}

const valueSections = (prefix: string, e: EncodedValue): { name: string; data: SectionData }[] => [
  { name: `${prefix}.tape`, data: bytesOf(e.tape) },
  { name: `${prefix}.numbers`, data: new Uint8Array(e.numbers.buffer, 0, e.numbers.byteLength) },
  { name: `${prefix}.shapes`, data: bytesOf(e.shapes) },
  { name: `${prefix}.latin1`, data: Buffer.from(e.latin1, 'latin1') },
  { name: `${prefix}.latin1Offsets`, data: bytesOf(e.latin1Offsets) },
  { name: `${prefix}.wide`, data: Buffer.from(e.wide, 'utf16le') },
  { name: `${prefix}.wideOffsets`, data: bytesOf(e.wideOffsets) },
];

function encodedValueOf(prefix: string, get: (name: string) => Buffer): EncodedValue {
  const numbers = get(`${prefix}.numbers`);
  return {
    tape: int32(get(`${prefix}.tape`)),
    numbers: new Float64Array(numbers.buffer, numbers.byteOffset, numbers.byteLength / 8),
    shapes: int32(get(`${prefix}.shapes`)),
    latin1: get(`${prefix}.latin1`).toString('latin1'),
    latin1Offsets: int32(get(`${prefix}.latin1Offsets`)),
    wide: get(`${prefix}.wide`).toString('utf16le'),
    wideOffsets: int32(get(`${prefix}.wideOffsets`)),
  };
}

const rowSections = (prefix: string, rows: Rows): { name: string; data: SectionData }[] => [
  { name: `${prefix}.starts`, data: bytesOf(rows.starts) },
  { name: `${prefix}.ids`, data: bytesOf(rows.ids) },
];

const rowsOf = (prefix: string, get: (name: string) => Buffer): Rows => ({
  starts: int32(get(`${prefix}.starts`)),
  ids: int32(get(`${prefix}.ids`)),
});

function decodeMeta(get: (name: string) => Buffer, has: (name: string) => boolean): Meta {
  if (has('meta')) return v8.deserialize(get('meta')) as Meta;
  return decodeValue(encodedValueOf('meta', get)) as Meta;
}

/** Sections the reader may leave in the file (container.ts readSections): only passages read need them. */
export const ON_DISK = ['store.blocks'];
/** Sections a large library's second thread reads while this one decodes the rest: nothing reads their
 *  bytes before the load is complete (the postings are searched only once the engine exists). */
export const BY_WORKER = ['index.ids', 'index.tfs'];

/** The state back from its sections (views of their buffers, not copies); throws on anything amiss. */
export function decodeState(
  sections: Map<string, Buffer>,
  lap: (step: string) => void = () => {},
  onDisk: Map<string, Blocks> = new Map(),
): CachedState {
  const get = (name: string): Buffer => {
    const b = sections.get(name);
    if (!b) throw new Error(`section ${name} missing`);
    return b;
  };
  const meta = decodeMeta(get, (name) => sections.has(name));
  lap('meta');
  const arrays = Object.fromEntries(STORE_ARRAYS.map((k) => [k, int32(get(`store.${k}`))])) as Record<
    (typeof STORE_ARRAYS)[number],
    Int32Array
  >;
  const blocks = onDisk.get('store.blocks') ?? get('store.blocks');
  const passages = new PassageStore({ ...meta.store, ...arrays, blocks });
  const count = passages.length;
  if (
    [arrays.article, arrays.heading, arrays.start, arrays.bytes].some((a) => a.length !== count) ||
    arrays.firstSentence.length !== count + 1 ||
    (count > 0 && arrays.firstSentence[count] !== arrays.sentenceEnds.length) ||
    arrays.blockAt.length !== arrays.blockStart.length ||
    arrays.blockAt[arrays.blockAt.length - 1] !== blocks.length
  )
    throw new Error('passage columns do not add up');
  lap('passages');
  let index: PassageIndex;
  if (meta.index.codec === 'json') {
    index = PassageIndex.fromJSON(JSON.parse(get('index.json').toString('utf8')) as SerializedIndex);
  } else {
    const m = meta.index;
    const text = (name: string, latin1: boolean) => get(name).toString(latin1 ? 'latin1' : 'utf16le');
    const terms = new TermTable(text('index.terms', m.termsLatin1), int32(get('index.termOffsets')));
    const tfsBytes = get('index.tfs');
    const Tfs = TFS[m.tfs];
    const postings: PostingsData = {
      fields: m.fields,
      terms,
      df: int32(get('index.df')),
      starts: int32(get('index.starts')),
      ids: int32(get('index.ids')),
      tfs: new Tfs(
        tfsBytes.buffer as ArrayBuffer,
        tfsBytes.byteOffset,
        tfsBytes.byteLength / Tfs.BYTES_PER_ELEMENT,
      ) as Tfs,
      fieldLengths: int32(get('index.fieldLengths')),
      documents: m.documents,
    };
    if (
      postings.starts.length !== terms.size * m.fields + 1 ||
      postings.starts[terms.size * m.fields] !== postings.ids.length ||
      postings.tfs.length !== postings.ids.length ||
      postings.df.length !== terms.size ||
      postings.fieldLengths.length !== m.documents * m.fields
    )
      throw new Error('index arrays do not add up');
    const words = new TermTable(text('index.words', m.wordsLatin1), int32(get('index.wordOffsets')));
    const compact: CompactIndex = {
      postings,
      surface: new SurfaceWords(words, int32(get('index.wordTerms')), terms),
      docArticle: int32(get('index.docArticle')),
      docN: int32(get('index.docN')),
      articleIds: m.articleIds,
      docIds: m.docIds,
      copies: m.copies,
      averages: m.averages,
    };
    index = PassageIndex.fromCompact(compact);
    // Its words' terms as the (same, fingerprinted) analyzer gave them: looked up, not stemmed again.
    const { surface } = compact;
    useKnownTerms((word) => surface.get(word));
  }
  lap('index');
  const { figures, entities: decoded, events } = meta.facts;
  // Entities' mentions have sections of their own when every mention names a passage of the store.
  const entities = sections.has('mentions.starts')
    ? withLazyMentions(decoded, rowsOf('mentions', get), passages)
    : (decoded as Entity[]);
  const facts = { events, entities };
  return {
    articles: meta.articles,
    deskArticles: new Set(meta.deskArticles.map((i) => meta.articles[i].id)),
    facts: figures
      ? { ...facts, figures }
      : withLazyFigures(
          facts,
          {
            value: encodedValueOf('figures', get),
            starts: int32(get('figures.starts')),
            byPassage: rowsOf('figures.byPassage', get),
            countries: meta.figureCountries ?? [],
            byCountry: rowsOf('figures.byCountry', get),
          },
          passages,
        ),
    problems: meta.problems,
    passages,
    index,
  };
}
