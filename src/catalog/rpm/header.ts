/**
 * rpm header blob reader: the per-package record stored in every rpmdb backend (BDB, NDB, SQLite).
 * Layout (big-endian), from the rpm file format documentation
 * (https://rpm-software-management.github.io/rpm/manual/format_header.html, "Header structure"):
 *   int32 il (index entry count), int32 dl (data store length),
 *   il × { int32 tag, uint32 type, int32 offset, uint32 count },
 *   dl bytes of data store; each entry's value lives at data[offset].
 * In an rpmdb the blob has no leading header magic (it was stripped when the package was installed).
 */
import { RpmDbError } from './errors.js';

/** Tag numbers (rpm's include/rpm/rpmtag.h). */
export const RPMTAG = {
  NAME: 1000,
  VERSION: 1001,
  RELEASE: 1002,
  EPOCH: 1003,
  SIZE: 1009,
  VENDOR: 1011,
  LICENSE: 1014,
  ARCH: 1022,
  OLDFILENAMES: 1027,
  SOURCERPM: 1044,
  DIRINDEXES: 1116,
  BASENAMES: 1117,
  DIRNAMES: 1118,
  LONGSIZE: 5009,
  MODULARITYLABEL: 5096,
} as const;

/** Value types (rpmTagType). */
const TYPE = { NULL: 0, CHAR: 1, INT8: 2, INT16: 3, INT32: 4, INT64: 5, STRING: 6, BIN: 7, STRING_ARRAY: 8, I18NSTRING: 9 } as const;

/** rpm refuses headers with more index entries than this (hdrchkTags in lib/header.c). */
const MAX_TAGS = 0xffff;
/** rpm refuses data stores of 256 MiB or more (hdrchkData). */
const MAX_DATA = 0x10000000;

interface Entry {
  type: number;
  offset: number;
  count: number;
}

/** A parsed header: bounds-checked accessors over the index and the data store. */
export interface RpmHeader {
  tags(): number[];
  getString(tag: number): string | undefined;
  getStringArray(tag: number): string[] | undefined;
  getNumbers(tag: number): number[] | undefined;
}

const utf8 = new TextDecoder('utf-8');

/**
 * Read an rpm header blob.
 * @throws {RpmDbError} RPM_HEADER_CORRUPT when the counts or lengths do not fit the blob.
 * @example parseRpmHeader(blob).getString(RPMTAG.NAME)
 */
export function parseRpmHeader(blob: Uint8Array): RpmHeader {
  const bad = (why: string): never => {
    throw new RpmDbError('RPM_HEADER_CORRUPT', `rpm header: ${why}`);
  };
  if (blob.length < 8) bad(`blob of ${blob.length} bytes is shorter than the 8-byte preamble`);
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const il = view.getUint32(0);
  const dl = view.getUint32(4);
  if (il === 0 || il > MAX_TAGS) bad(`index entry count ${il} out of range`);
  if (dl > MAX_DATA) bad(`data store length ${dl} out of range`);
  const dataStart = 8 + il * 16;
  if (dataStart + dl > blob.length) bad(`index (${il} entries) and data (${dl} bytes) exceed the ${blob.length}-byte blob`);
  const data = blob.subarray(dataStart, dataStart + dl);
  const dview = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const entries = new Map<number, Entry>();
  for (let i = 0; i < il; i++) {
    const at = 8 + i * 16;
    const tag = view.getInt32(at);
    const type = view.getUint32(at + 4);
    const offset = view.getInt32(at + 8);
    const count = view.getUint32(at + 12);
    if (offset < 0 || offset > dl) bad(`tag ${tag} offset ${offset} outside the ${dl}-byte data store`);
    // Later entries win: in an installed header, "dribble" entries appended after the immutable region replace
    // region entries with the same tag (rpm lib/header.c, headerImport).
    entries.set(tag, { type, offset, count });
  }

  function fixedSize(e: Entry, width: number, tag: number): void {
    if (e.count === 0 || e.offset + e.count * width > dl) bad(`tag ${tag}: ${e.count} × ${width} bytes at ${e.offset} exceed the data store`);
  }

  function readStrings(e: Entry, tag: number): string[] {
    // Each string needs at least its NUL, so a count larger than the remaining bytes is corrupt: this bounds the loop.
    if (e.count === 0 || e.count > dl - e.offset) bad(`tag ${tag}: ${e.count} strings cannot fit at ${e.offset}`);
    const out: string[] = [];
    let pos = e.offset;
    for (let i = 0; i < e.count; i++) {
      const end = data.indexOf(0, pos);
      if (end < 0) bad(`tag ${tag}: unterminated string at ${pos}`);
      out.push(utf8.decode(data.subarray(pos, end)));
      pos = end + 1;
    }
    return out;
  }

  return {
    tags: () => [...entries.keys()],
    getString(tag: number): string | undefined {
      const e = entries.get(tag);
      if (!e) return undefined;
      if (e.type !== TYPE.STRING && e.type !== TYPE.I18NSTRING && e.type !== TYPE.STRING_ARRAY) bad(`tag ${tag} has type ${e.type}, not a string`);
      // STRING has count 1; for I18NSTRING / STRING_ARRAY the first (default locale) string is the value.
      return readStrings({ ...e, count: 1 }, tag)[0];
    },
    getStringArray(tag: number): string[] | undefined {
      const e = entries.get(tag);
      if (!e) return undefined;
      if (e.type !== TYPE.STRING_ARRAY && e.type !== TYPE.I18NSTRING && e.type !== TYPE.STRING) bad(`tag ${tag} has type ${e.type}, not a string array`);
      return readStrings(e, tag);
    },
    getNumbers(tag: number): number[] | undefined {
      const e = entries.get(tag);
      if (!e) return undefined;
      const out: number[] = [];
      switch (e.type) {
        case TYPE.CHAR:
        case TYPE.INT8:
          fixedSize(e, 1, tag);
          for (let i = 0; i < e.count; i++) out.push(dview.getUint8(e.offset + i));
          break;
        case TYPE.INT16:
          fixedSize(e, 2, tag);
          for (let i = 0; i < e.count; i++) out.push(dview.getUint16(e.offset + i * 2));
          break;
        case TYPE.INT32:
          fixedSize(e, 4, tag);
          for (let i = 0; i < e.count; i++) out.push(dview.getUint32(e.offset + i * 4));
          break;
        case TYPE.INT64:
          fixedSize(e, 8, tag);
          for (let i = 0; i < e.count; i++) out.push(Number(dview.getBigUint64(e.offset + i * 8)));
          break;
        default:
          bad(`tag ${tag} has type ${e.type}, not a number`);
      }
      return out;
    },
  };
}
