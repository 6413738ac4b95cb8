/**
 * Child process for build.test.ts: starts a build over argv[2] (the live database path), writes some advisories,
 * prints "writing" and then waits to be killed mid-build.
 */
import { buildDatabase } from '../build.js';

const dbPath = process.argv[2]!;
await buildDatabase({ dbPath, carryOver: true }, async (w) => {
  w.clearSource('test', ['advisories']);
  for (let i = 0; i < 5000; i++) {
    w.addAdvisory({ id: `NEW-${i}`, aliases: [], source: 'test', severities: [], affected: [{ ecosystem: 'npm', name: `pkg${i}`, ranges: [] }] });
  }
  process.stdout.write('writing\n');
  await new Promise((r) => setTimeout(r, 120_000));
});
