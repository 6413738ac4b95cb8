/**
 * Secrets in the image config: ENV entries, labels and history `created_by` lines. These are in the config blob
 * that every pull downloads, so a secret there is exposed exactly like a file in a layer. Build arguments show up
 * in history as `|N NAME=value … /bin/sh -c …` (the classic builder) and are scanned as NAME=value lines.
 */
import type { ImageInfo } from '../model/index.js';
import { scanText, type TextFinding } from './scan-text.js';
import type { ScanTextOptions, SecretFinding, SecretSource } from './types.js';

/** The path findings from the image config carry. */
export const CONFIG_PATH = '<image config>';

/** The `NAME=value` words of a classic-builder RUN's build-arg prefix (`|2 A=1 B=2 /bin/sh -c …`). */
function buildArgLines(createdBy: string): string[] {
  const m = /^\|(\d{1,4}) /.exec(createdBy);
  if (!m) return [];
  const n = Number(m[1]);
  const words = createdBy.slice(m[0].length).split(' ', n);
  return words.filter((w) => w.includes('='));
}

function withSource(list: TextFinding[], source: SecretSource, line: number, layer: number | undefined, what: string): SecretFinding[] {
  return list.map((f) => ({
    ...f,
    path: CONFIG_PATH,
    line,
    source,
    ...(layer !== undefined ? { layer } : {}),
    message: `${f.message} in ${what}`,
  }));
}

/**
 * Scan the image config's ENV, labels and history for secrets.
 * `line` is the 1-based position of the ENV entry, label (sorted by key) or history entry.
 */
export function scanImageConfig(info: Pick<ImageInfo, 'config'>, options: Omit<ScanTextOptions, 'path'> = {}): SecretFinding[] {
  const config = info.config;
  if (!config) return [];
  const out: SecretFinding[] = [];
  const opts = { ...options, path: CONFIG_PATH };
  (config.env ?? []).forEach((entry, i) => {
    const name = entry.slice(0, Math.max(0, entry.indexOf('=')));
    out.push(...withSource(scanText(entry, opts), 'env', i + 1, undefined, `ENV ${name || entry.slice(0, 40)}`));
  });
  const labels = Object.entries(config.labels ?? {}).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  labels.forEach(([k, v], i) => {
    out.push(...withSource(scanText(`${k}=${v}`, opts), 'label', i + 1, undefined, `label ${k}`));
  });
  let layer = 0;
  (config.history ?? []).forEach((h, i) => {
    const current = h.emptyLayer ? undefined : layer;
    if (!h.emptyLayer) layer++;
    const text = h.createdBy ?? '';
    if (!text) return;
    const args = buildArgLines(text);
    const body = args.length ? `${text}\n${args.join('\n')}` : text;
    // A value found both in the args prefix and in the command is one secret: keep one finding per rule and match.
    const seen = new Set<string>();
    const found = scanText(body, opts).filter((f) => {
      const key = `${f.ruleId}\u0000${f.match}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    out.push(...withSource(found, 'history', i + 1, current, `history entry ${i + 1}`));
  });
  return out;
}
