/** `drydock cvss`: parse and score CVSS vectors, one JSON object per vector. */
import { createInterface } from 'node:readline';
import { CvssError, scoreCvss, type CvssScores, type ParseOptions } from '../../cvss/index.js';
import { EXIT, type CliIo, type Command } from '../command.js';

const USAGE = `Usage:
  drydock cvss [--lenient] <vector>
  drydock cvss [--lenient] --batch < vectors.txt

Parses and scores a CVSS v2, v3.0, v3.1 or v4.0 vector and prints JSON: the version, the canonical vector,
base/temporal/environmental scores and severities (v4.0: the score of the metrics present with its
nomenclature, and the CVSS-B, CVSS-BT, CVSS-BE and CVSS-BTE scores that apply).

Options:
  --batch     read one vector per line from stdin and write one JSON line per vector, in input order
              (blank lines and lines starting with # are skipped). An invalid vector gives
              {"vector": <input>, "error": "INVALID_VECTOR", "reason": ..., "message": ...}.
  --lenient   accept v2/v4 metrics in any order and partial v2 temporal/environmental groups.

Exit codes: 0 all vectors valid, 2 usage error, 3 some vector was invalid.`;

interface Args {
  batch: boolean;
  lenient: boolean;
  vectors: string[];
}

function parseArgs(args: readonly string[]): Args | string {
  const parsed: Args = { batch: false, lenient: false, vectors: [] };
  for (const arg of args) {
    if (arg === '--batch') parsed.batch = true;
    else if (arg === '--lenient') parsed.lenient = true;
    else if (arg.startsWith('-')) return `unknown option ${arg}`;
    else parsed.vectors.push(arg);
  }
  if (parsed.batch && parsed.vectors.length > 0) return '--batch reads vectors from stdin: give no vector argument';
  if (!parsed.batch && parsed.vectors.length !== 1) return 'give exactly one vector, or --batch';
  return parsed;
}

type Line = CvssScores | { vector: string; error: string; reason: string; message: string };

/** One output object: the scores, or the error line for an invalid vector. */
function scoreLine(vector: string, options: ParseOptions): { line: Line; ok: boolean } {
  try {
    return { line: scoreCvss(vector, options), ok: true };
  } catch (error) {
    if (!(error instanceof CvssError)) throw error;
    return { line: { vector, error: error.code, reason: error.reason, message: error.message }, ok: false };
  }
}

async function runBatch(io: CliIo, options: ParseOptions): Promise<number> {
  let invalid = 0;
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  for await (const raw of lines) {
    const vector = raw.trim();
    if (vector === '' || vector.startsWith('#')) continue;
    const { line, ok } = scoreLine(vector, options);
    if (!ok) invalid += 1;
    io.stdout.write(`${JSON.stringify(line)}\n`);
  }
  return invalid > 0 ? EXIT.input : EXIT.ok;
}

/** The `cvss` command: see USAGE. */
export const cvssCommand: Command = {
  summary: 'parse and score CVSS v2, v3.x and v4.0 vectors',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseArgs(args);
    if (typeof parsed === 'string') {
      io.stderr.write(`drydock cvss: ${parsed}\n\n${USAGE}\n`);
      return EXIT.usage;
    }
    const options: ParseOptions = { lenient: parsed.lenient };
    if (parsed.batch) return runBatch(io, options);
    const { line, ok } = scoreLine(parsed.vectors[0] ?? '', options);
    io.stdout.write(`${JSON.stringify(line)}\n`);
    if (!ok && 'message' in line) io.stderr.write(`drydock cvss: ${line.message}\n`);
    return ok ? EXIT.ok : EXIT.input;
  },
};
