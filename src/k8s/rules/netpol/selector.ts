/**
 * Label selectors (matchLabels + matchExpressions) as used by NetworkPolicy.
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#resources-that-support-set-based-requirements
 */
import type { JsonValue } from '../../types.js';
import { asArray, asObject } from '../manifest.js';

export type Labels = Readonly<Record<string, string>>;

interface Requirement {
  key: string;
  op: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values: string[];
}

/** A compiled selector. `matchesNothing` is set when the selector is invalid (the API server would reject it). */
export interface Selector {
  requirements: Requirement[];
  text: string;
  error?: string;
}

/** Compiles a selector object; `{}` selects everything. Invalid parts produce `error` and match nothing. */
export function compileSelector(v: JsonValue | undefined): Selector {
  const o = asObject(v);
  const reqs: Requirement[] = [];
  const texts: string[] = [];
  let error: string | undefined;
  if (v !== undefined && v !== null && !o) error = 'selector is not an object';
  for (const [k, val] of Object.entries(asObject(o?.matchLabels) ?? {})) {
    if (typeof val !== 'string') {
      error = `matchLabels.${k} is not a string`;
      continue;
    }
    reqs.push({ key: k, op: 'In', values: [val] });
    texts.push(`${k}=${val}`);
  }
  for (const e of asArray(o?.matchExpressions)) {
    const x = asObject(e);
    const key = x?.key;
    const op = x?.operator;
    const values = asArray(x?.values).filter((s): s is string => typeof s === 'string');
    if (typeof key !== 'string' || (op !== 'In' && op !== 'NotIn' && op !== 'Exists' && op !== 'DoesNotExist')) {
      error = `matchExpressions entry ${JSON.stringify(e)} is invalid`;
      continue;
    }
    reqs.push({ key, op, values });
    texts.push(op === 'Exists' ? key : op === 'DoesNotExist' ? `!${key}` : `${key} ${op === 'In' ? 'in' : 'notin'} (${values.join(',')})`);
  }
  return { requirements: reqs, text: texts.length === 0 ? '(all)' : texts.join(', '), ...(error ? { error } : {}) };
}

/** True when the labels satisfy every requirement. */
export function selectorMatches(s: Selector, labels: Labels): boolean {
  if (s.error) return false;
  for (const r of s.requirements) {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    const val = labels[r.key];
    switch (r.op) {
      case 'In':
        if (!has || !r.values.includes(val!)) return false;
        break;
      case 'NotIn':
        if (has && r.values.includes(val!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}
