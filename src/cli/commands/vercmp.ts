/**
 * `drydock vercmp`: compare versions or match ranges with one of Drydock's version schemes, one pair at a time or
 * in bulk (`--batch`, JSON lines on stdin). The batch mode is built for volume: stdin is read in chunks and split
 * here, answers are written in large blocks, and schemes cache the versions they parse.
 */
import { EXIT, type CliIo, type Command } from '../command.js';
import { isVersionError } from '../../versioning/errors.js';
import { getScheme, schemeIds } from '../../versioning/registry.js';
import type { VersionScheme } from '../../versioning/types.js';

const USAGE = `Usage:
  drydock vercmp <scheme> <a> <b>                      print -1, 0 or 1 (a < b, a = b, a > b)
  drydock vercmp <scheme> --satisfies <version> <range> print true or false
  drydock vercmp <scheme> --batch                      read JSON lines on stdin:
      {"a": "...", "b": "..."}  ->  -1 | 0 | 1
      {"version": "...", "range": "..."}  ->  true | false
      anything wrong  ->  {"error": "<CODE>", "message": "..."}
    one output line per input line, in order.

Schemes: ${schemeIds.join(', ')} (range syntax: src/versioning/<scheme>/readme.md)
Exit codes: 0 ok, 2 usage error, 3 an invalid version, range or input line.`;

/** Longest batch input line; a longer one is answered with an error instead of being buffered without end. */
export const MAX_BATCH_LINE = 1024 * 1024;
/** Output is flushed in blocks of about this many characters. */
const FLUSH_AT = 64 * 1024;

type Answer = { ok: true; text: string } | { ok: false; code: string; message: string };

function run(fn: () => string): Answer {
  try {
    return { ok: true, text: fn() };
  } catch (err) {
    if (isVersionError(err)) return { ok: false, code: err.code, message: err.message };
    throw err;
  }
}

function usageError(io: CliIo, message: string): number {
  io.stderr.write(`drydock vercmp: ${message}\n\n${USAGE}\n`);
  return EXIT.usage;
}

function errorLine(code: string, message: string): string {
  return JSON.stringify({ error: code, message });
}

/** Answer one batch line (without its newline). Returns the output line and whether it was an error. */
export function answerBatchLine(scheme: VersionScheme, line: string): { out: string; error: boolean } {
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch {
    return { out: errorLine('INVALID_INPUT', `line is not JSON: ${JSON.stringify(line.slice(0, 80))}`), error: true };
  }
  if (input !== null && typeof input === 'object' && !Array.isArray(input)) {
    const o = input as Record<string, unknown>;
    let answer: Answer | undefined;
    if (typeof o.a === 'string' && typeof o.b === 'string') {
      const { a, b } = o;
      answer = run(() => String(scheme.compare(a, b)));
    } else if (typeof o.version === 'string' && typeof o.range === 'string') {
      const { version, range } = o;
      answer = run(() => String(scheme.satisfies(version, range)));
    }
    if (answer) return answer.ok ? { out: answer.text, error: false } : { out: errorLine(answer.code, answer.message), error: true };
  }
  return { out: errorLine('INVALID_INPUT', 'expected {"a": string, "b": string} or {"version": string, "range": string}'), error: true };
}

/** Write and wait for the stream to drain when it asks us to (so a slow reader does not make us buffer everything). */
function write(stream: NodeJS.WritableStream, text: string): Promise<void> | undefined {
  if (stream.write(text)) return undefined;
  return new Promise((resolve) => stream.once('drain', () => resolve()));
}

async function runBatch(scheme: VersionScheme, io: CliIo): Promise<number> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let out: string[] = [];
  let outSize = 0;
  let failed = false;
  let skippingLongLine = false;

  const emit = (line: string): void => {
    out.push(line);
    outSize += line.length + 1;
  };
  const flush = async (): Promise<void> => {
    if (out.length === 0) return;
    const text = `${out.join('\n')}\n`;
    out = [];
    outSize = 0;
    await write(io.stdout, text);
  };
  const answer = (raw: string): void => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const r = answerBatchLine(scheme, line);
    if (r.error) failed = true;
    emit(r.out);
  };
  const tooLong = (): void => {
    failed = true;
    emit(errorLine('INVALID_INPUT', `line longer than ${MAX_BATCH_LINE} characters`));
  };

  const consume = async (text: string): Promise<void> => {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      if (skippingLongLine) {
        skippingLongLine = false;
      } else if (pending !== '') {
        const line = pending + text.slice(start, nl);
        pending = '';
        if (line.length > MAX_BATCH_LINE) tooLong();
        else answer(line);
      } else if (nl - start > MAX_BATCH_LINE) {
        tooLong();
      } else {
        answer(text.slice(start, nl));
      }
      start = nl + 1;
      if (outSize >= FLUSH_AT) await flush();
    }
    if (!skippingLongLine) {
      pending += text.slice(start);
      if (pending.length > MAX_BATCH_LINE) {
        // Threat: an endless line would otherwise be buffered without bound. Answer it now, skip to its newline.
        pending = '';
        skippingLongLine = true;
        tooLong();
      }
    }
  };

  for await (const chunk of io.stdin) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk as Uint8Array, { stream: true });
    await consume(text);
  }
  await consume(decoder.decode());
  if (pending !== '') answer(pending);
  await flush();
  return failed ? EXIT.input : EXIT.ok;
}

export const vercmpCommand: Command = {
  summary: 'compare versions or match ranges with a version scheme (deb, rpm, npm, …)',
  usage: USAGE,
  async run(args, io) {
    const positional: string[] = [];
    let satisfiesFlag = false;
    let batchFlag = false;
    let flagsDone = false;
    for (const arg of args) {
      if (!flagsDone && arg === '--') flagsDone = true;
      else if (!flagsDone && arg === '--satisfies') satisfiesFlag = true;
      else if (!flagsDone && arg === '--batch') batchFlag = true;
      else if (!flagsDone && arg.startsWith('--')) return usageError(io, `unknown option ${arg}`);
      else positional.push(arg);
    }
    if (satisfiesFlag && batchFlag) return usageError(io, 'use one of --satisfies and --batch');
    const mode = batchFlag ? 'batch' : satisfiesFlag ? 'satisfies' : 'compare';
    const [schemeId, ...rest] = positional;
    if (!schemeId) return usageError(io, 'missing <scheme>');
    const scheme = getScheme(schemeId);
    if (!scheme) return usageError(io, `unknown scheme '${schemeId}' (known: ${schemeIds.join(', ')})`);

    if (mode === 'batch') {
      if (rest.length) return usageError(io, '--batch reads its input from stdin and takes no other arguments');
      return runBatch(scheme, io);
    }
    if (rest.length !== 2) {
      return usageError(io, mode === 'satisfies' ? 'expected <version> <range> after --satisfies' : 'expected two versions <a> <b>');
    }
    const [x, y] = rest as [string, string];
    const answer = run(() => (mode === 'satisfies' ? String(scheme.satisfies(x, y)) : String(scheme.compare(x, y))));
    if (!answer.ok) {
      io.stderr.write(`drydock vercmp: ${answer.code}: ${answer.message}\n`);
      return EXIT.input;
    }
    io.stdout.write(`${answer.text}\n`);
    return EXIT.ok;
  },
};
