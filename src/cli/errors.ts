/** Map errors to messages and exit codes (docs/cli.md). */
import { ImageError } from '../image/errors.js';
import { EXIT, type CliIo } from './command.js';
import { UsageError } from './options.js';

export function reportError(err: unknown, io: CliIo, usage?: string): number {
  if (err instanceof UsageError) {
    io.stderr.write(`drydock: ${err.message}\n${usage ? `\n${usage}\n` : ''}`);
    return EXIT.usage;
  }
  if (err instanceof ImageError) {
    io.stderr.write(`drydock: ${err.code}: ${err.message}\n`);
    return EXIT.input;
  }
  const code = err && typeof err === 'object' && 'code' in err && typeof err.code === 'string' ? `${err.code}: ` : '';
  // A bad option value found by a core module (e.g. an unknown severity name) is a usage error.
  if (code === 'INVALID_OPTION: ' && err instanceof Error) {
    io.stderr.write(`drydock: ${err.message}\n`);
    return EXIT.usage;
  }
  if (code && /^[A-Z_]+: $/.test(code) && err instanceof Error) {
    io.stderr.write(`drydock: ${code}${err.message}\n`);
    return EXIT.input;
  }
  io.stderr.write(`drydock: internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  return EXIT.internal;
}
