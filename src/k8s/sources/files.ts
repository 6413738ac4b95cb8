/**
 * Loader: reads manifest files, directories (recursively, *.yaml / *.yml / *.json) and `-` (stdin), then hands the
 * text to the pure parser. The only I/O of the static (file) mode.
 */
import { lstat, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { K8sError } from '../errors.js';
import { DEFAULT_MANIFEST_LIMITS, parseManifests } from '../rules/manifest.js';
import type { ManifestLimits, ParsedManifests } from '../rules/manifest.js';

export interface LoadOptions {
  stdin?: NodeJS.ReadableStream;
  limits?: ManifestLimits;
  /** Maximum number of files taken from directories (a guard against pointing at `/`). */
  maxFiles?: number;
}

const MANIFEST_EXT = /\.(ya?ml|json)$/i;
const SKIP_DIRS = new Set(['node_modules', '.git']);

async function readStream(stream: NodeJS.ReadableStream, maxChars: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    // Stop reading early rather than buffering an unbounded stream.
    if (size > maxChars) throw new K8sError('INPUT_TOO_LARGE', `stdin is larger than ${maxChars} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function listFiles(dir: string, out: string[], maxFiles: number): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = join(dir, e.name);
    // Symlinked directories are not followed: they can form loops.
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) await listFiles(p, out, maxFiles);
    } else if (e.isFile() && MANIFEST_EXT.test(e.name)) {
      if (out.length >= maxFiles) throw new K8sError('TOO_MANY_FILES', `more than ${maxFiles} manifest files under ${dir}`);
      out.push(p);
    }
  }
}

/**
 * Loads every object from the given paths (`-` is stdin). Unreadable or hostile content becomes issues;
 * a path that does not exist is an error.
 * @throws {K8sError} INPUT_NOT_FOUND, INPUT_TOO_LARGE, TOO_MANY_FILES
 */
export async function loadManifests(paths: string[], options: LoadOptions = {}): Promise<ParsedManifests> {
  const limits = options.limits ?? DEFAULT_MANIFEST_LIMITS;
  const maxFiles = options.maxFiles ?? 20_000;
  const result: ParsedManifests = { objects: [], issues: [] };
  const add = (text: string, file: string): void => {
    const r = parseManifests(text, file, limits);
    result.objects.push(...r.objects);
    result.issues.push(...r.issues);
  };
  for (const path of paths) {
    if (path === '-') {
      if (!options.stdin) throw new K8sError('INVALID_ARGUMENT', 'stdin (-) is not available');
      add(await readStream(options.stdin, limits.maxFileChars), '<stdin>');
      continue;
    }
    let st;
    try {
      st = await lstat(path);
    } catch (cause) {
      throw new K8sError('INPUT_NOT_FOUND', `cannot read ${path}: ${(cause as Error).message}`, { cause });
    }
    const files: string[] = [];
    if (st.isDirectory()) await listFiles(path, files, maxFiles);
    else files.push(path);
    for (const file of files) {
      const fst = await lstat(file).catch(() => undefined);
      if (fst && fst.size > limits.maxFileChars) {
        result.issues.push({
          code: 'FILE_TOO_LARGE',
          message: `${file} is ${fst.size} bytes, over the limit of ${limits.maxFileChars}; not read`,
          source: { file, document: 0, line: 1 },
        });
        continue;
      }
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (cause) {
        result.issues.push({ code: 'UNREADABLE', message: `cannot read ${file}: ${(cause as Error).message}`, source: { file, document: 0, line: 1 } });
        continue;
      }
      add(text, file);
    }
  }
  return result;
}
