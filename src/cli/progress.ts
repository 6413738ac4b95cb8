/** A one-line progress display on a terminal; silent when not a TTY, with --quiet, or under CI. */
import type { ProgressEvent } from '../scan/inventory.js';
import type { CliIo } from './command.js';

export function makeProgress(io: CliIo, quiet: boolean): ((e: ProgressEvent) => void) | undefined {
  if (quiet || !io.isTty || io.env.CI) return undefined;
  let done = 0;
  return (e) => {
    if (e.kind === 'layer-done') done++;
    const size = e.kind === 'layer-start' && e.size ? ` ${(e.size / 1024 / 1024).toFixed(1)} MiB` : '';
    const what = e.kind === 'layer-start' ? (e.cached ? 'cached' : 'reading') : 'done';
    io.stderr.write(`\r\x1b[2K[${done}/${e.total}] layer ${e.index} ${e.diffId.slice(7, 19)}${size} ${what}`);
    if (done === e.total) io.stderr.write('\r\x1b[2K');
  };
}
