// Plain data (what JSON holds: objects, arrays, strings, numbers, booleans, null) as typed arrays, with
// every distinct string stored once. The facts repeat the same titles, sources, dates and passage ids in
// tens of thousands of citations: v8.serialize writes each occurrence (28 MB and 0.6 s to read back at
// 10,000 real articles); here they are a string table and a tape of integers that decode in one pass,
// objects of one key list sharing one hidden class. Undefined properties are left out, as JSON does.
const UNDEFINED = 0;
const NULL = 1;
const TRUE = 2;
const FALSE = 3;
const INT = 4;
const FLOAT = 5;
const LATIN1_STRING = 6;
const WIDE_STRING = 7;
const ARRAY = 8;
const OBJECT = 9;

export class UnsupportedValue extends Error {}

export interface EncodedValue {
  tape: Int32Array;
  numbers: Float64Array;
  /** key lists of objects: [count, key string tag, key string index, …] per shape, end to end */
  shapes: Int32Array;
  latin1: string;
  latin1Offsets: Int32Array;
  wide: string;
  wideOffsets: Int32Array;
}

const LATIN1 = /^[\u0000-\u00ff]*$/;

class Ints {
  data = new Int32Array(1 << 12);
  length = 0;
  push(x: number, y?: number): void {
    if (this.length + 2 > this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = x;
    if (y !== undefined) this.data[this.length++] = y;
  }
  done(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

class StringTable {
  readonly ids = new Map<string, number>();
  readonly list: string[] = [];
  id(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.list.length;
      this.list.push(s);
      this.ids.set(s, id);
    }
    return id;
  }
  done(): [string, Int32Array] {
    const offsets = new Int32Array(this.list.length + 1);
    let at = 0;
    this.list.forEach((s, i) => {
      offsets[i] = at;
      at += s.length;
    });
    offsets[this.list.length] = at;
    return [this.list.join(''), offsets];
  }
}

/** The value as typed arrays. Given `itemStarts` for an array, records where each element's encoding
 *  starts on the tape, so one element can be read alone (ValueReader.valueAt). */
export function encodeValue(value: unknown, itemStarts?: number[]): EncodedValue {
  const tape = new Ints();
  const numbers: number[] = [];
  const latin1 = new StringTable();
  const wide = new StringTable();
  const shapeIds = new Map<string, number>();
  const shapes = new Ints();
  let shapeCount = 0;
  const string = (s: string) => {
    if (LATIN1.test(s)) tape.push(LATIN1_STRING, latin1.id(s));
    else tape.push(WIDE_STRING, wide.id(s));
  };
  const walk = (v: unknown): void => {
    switch (typeof v) {
      case 'undefined':
        tape.push(UNDEFINED);
        return;
      case 'boolean':
        tape.push(v ? TRUE : FALSE);
        return;
      case 'number':
        if ((v | 0) === v && !Object.is(v, -0)) tape.push(INT, v);
        else {
          tape.push(FLOAT, numbers.length);
          numbers.push(v);
        }
        return;
      case 'string':
        string(v);
        return;
      case 'object': {
        if (v === null) {
          tape.push(NULL);
          return;
        }
        if (Array.isArray(v)) {
          tape.push(ARRAY, v.length);
          for (const x of v) walk(x);
          return;
        }
        const proto = Object.getPrototypeOf(v);
        if (proto !== Object.prototype && proto !== null)
          throw new UnsupportedValue(`instance of ${(v as object).constructor?.name ?? 'unknown class'}`);
        const keys = Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined);
        const key = keys.join('\u0000');
        let shape = shapeIds.get(key);
        if (shape === undefined) {
          shape = shapeCount++;
          shapeIds.set(key, shape);
          shapes.push(keys.length);
          for (const k of keys) {
            if (LATIN1.test(k)) shapes.push(LATIN1_STRING, latin1.id(k));
            else shapes.push(WIDE_STRING, wide.id(k));
          }
        }
        tape.push(OBJECT, shape);
        for (const k of keys) walk((v as Record<string, unknown>)[k]);
        return;
      }
      default:
        throw new UnsupportedValue(typeof v);
    }
  };
  if (itemStarts && Array.isArray(value)) {
    tape.push(ARRAY, value.length);
    for (const x of value) {
      itemStarts.push(tape.length);
      walk(x);
    }
  } else walk(value);
  const [latin1Blob, latin1Offsets] = latin1.done();
  const [wideBlob, wideOffsets] = wide.done();
  return {
    tape: tape.done(),
    numbers: Float64Array.from(numbers),
    shapes: shapes.done(),
    latin1: latin1Blob,
    latin1Offsets,
    wide: wideBlob,
    wideOffsets,
  };
}

/** Reads values off an encoded tape: the whole value, or one that starts anywhere on it. */
export class ValueReader {
  // Each distinct string is sliced once and shared by all its occurrences.
  private readonly strings: (string | undefined)[][];
  private readonly shapeKeys: string[][] = [];
  private at = 0;

  constructor(private readonly e: EncodedValue) {
    this.strings = [
      new Array<string | undefined>(e.latin1Offsets.length),
      new Array<string | undefined>(e.wideOffsets.length),
    ];
    for (let at = 0; at < e.shapes.length; ) {
      const n = e.shapes[at++];
      const keys: string[] = new Array(n);
      for (let k = 0; k < n; k++, at += 2) keys[k] = this.stringAt(e.shapes[at], e.shapes[at + 1]);
      this.shapeKeys.push(keys);
    }
  }

  /** The value whose encoding starts at tape position `at`, and where the next one starts. */
  valueAt(at: number): { value: unknown; end: number } {
    this.at = at;
    const value = this.read();
    return { value, end: this.at };
  }

  private stringAt(tag: number, i: number): string {
    const table = tag === LATIN1_STRING ? 0 : 1;
    let s = this.strings[table][i];
    if (s === undefined) {
      const { e } = this;
      const [blob, offsets] = table === 0 ? [e.latin1, e.latin1Offsets] : [e.wide, e.wideOffsets];
      if (i < 0 || i + 1 >= offsets.length) throw new Error('string index out of range');
      s = blob.slice(offsets[i], offsets[i + 1]);
      this.strings[table][i] = s;
    }
    return s;
  }

  private read(): unknown {
    const { tape, numbers } = this.e;
    if (this.at >= tape.length) throw new Error('value tape ends early');
    const tag = tape[this.at++];
    switch (tag) {
      case UNDEFINED:
        return undefined;
      case NULL:
        return null;
      case TRUE:
        return true;
      case FALSE:
        return false;
      case INT:
        return tape[this.at++];
      case FLOAT:
        return numbers[tape[this.at++]];
      case LATIN1_STRING:
      case WIDE_STRING:
        return this.stringAt(tag, tape[this.at++]);
      case ARRAY: {
        const n = tape[this.at++];
        const out: unknown[] = new Array(n);
        for (let i = 0; i < n; i++) out[i] = this.read();
        return out;
      }
      case OBJECT: {
        const keys = this.shapeKeys[tape[this.at++]];
        if (!keys) throw new Error('object shape out of range');
        const out: Record<string, unknown> = {};
        for (const k of keys) {
          // An own property, as JSON.parse makes it: assigned, it would set the prototype.
          if (k === '__proto__') {
            Object.defineProperty(out, k, {
              value: this.read(),
              enumerable: true,
              writable: true,
              configurable: true,
            });
          } else out[k] = this.read();
        }
        return out;
      }
      default:
        throw new Error(`unknown value tag ${tag}`);
    }
  }
}

export function decodeValue(e: EncodedValue): unknown {
  const { value, end } = new ValueReader(e).valueAt(0);
  if (end !== e.tape.length) throw new Error('value tape does not add up');
  return value;
}
