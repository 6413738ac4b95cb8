/** Key ordering for canonical JSON: the documents every report renders are built with these two functions. */
import { compareStrings } from './package-order.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Sort object keys at every depth and drop undefined values (for free-form data such as metadata and labels). */
export function sortDeep(value: unknown): Json | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object') return value as Json;
  if (Array.isArray(value)) return value.map((v) => sortDeep(v) ?? null);
  const out: { [key: string]: Json } = {};
  for (const key of Object.keys(value).sort(compareStrings)) {
    const v = sortDeep((value as Record<string, unknown>)[key]);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/**
 * Copy `obj` with the keys of `order` first (in that order), then its other keys sorted; `special` maps a key to
 * the function that canonicalises its value, others go through `sortDeep`.
 */
export function orderKeys<T extends object>(obj: T, order: readonly string[], special: Record<string, (v: never) => unknown> = {}): T {
  const src = obj as Record<string, unknown>;
  const keys = [...order.filter((k) => k in src), ...Object.keys(src).filter((k) => !order.includes(k)).sort(compareStrings)];
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const v = src[key];
    if (v === undefined) continue;
    const fn = special[key] as ((v: unknown) => unknown) | undefined;
    out[key] = fn ? fn(v) : sortDeep(v);
  }
  return out as T;
}
