// Trivy's work time read from its own debug log: the time from its first log line to its exit.
//
// The kit's method (../shared/bench/README.md) subtracts the median wall time of `trivy --version` from the median of
// a scan. Both are 3-5 s (UPX unpacking and Go start-up) and move by tenths of a second between runs, so their
// difference, which is the work (0.1-1 s on the shared images), carries that noise: the same image's "work" read 0.33
// and 0.68 s in two runs of one evening. Every line Trivy logs carries a wall-clock time to the millisecond, and its
// first line comes after unpacking, Go's start-up and its command-line parsing. So each run gives its own work figure:
// the exit time (taken here right after the process ends, same clock) minus that first time. It leaves out the same
// start-up the kit's method subtracts, plus Trivy's flag parsing; Drydock's work figure keeps its command's loading,
// so the comparison does not favour Drydock. The kit's figure stays in the tables beside this one.
import { spawnSync } from 'node:child_process';

// Each line starts with the time (the level after it may be coloured).
const STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)/m;

/** The first log time in Trivy's stderr, in ms since the epoch. */
export function firstLogTime(stderr) {
  const m = STAMP.exec(stderr);
  if (!m) throw new Error(`no timestamped log line in Trivy's output: ${stderr.slice(0, 300)}`);
  return Date.parse(m[1]);
}

/**
 * Run Trivy with `--debug` added (so that it logs from its first step) and return its work in seconds: exit time
 * minus its first log line's time. `argv` is the command without the binary.
 */
export function trivyLogWork(trivy, argv) {
  const r = spawnSync(trivy, [...argv.filter((a) => a !== '--quiet'), '--debug'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const exit = Date.now();
  if (r.status !== 0) throw new Error(`trivy exited ${r.status}: ${String(r.stderr).slice(-500)}`);
  return (exit - firstLogTime(r.stderr)) / 1000;
}
