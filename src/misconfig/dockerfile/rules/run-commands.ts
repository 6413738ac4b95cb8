/** Risky commands in RUN: DD-DF-004 (sudo), DD-DF-005 (download piped to a shell), DD-DF-018 (world-writable), DD-DF-020 (cd). */
import type { RuleHit } from '../../types.js';
import type { DockerfileRule } from '../rule.js';
import { listRunCommands } from '../rule.js';

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'python', 'python3', 'perl', 'ruby', 'node']);
const DOWNLOADERS = new Set(['curl', 'wget']);

export const runSudo: DockerfileRule = {
  id: 'DD-DF-004',
  title: 'RUN uses sudo',
  severity: 'HIGH',
  description:
    'Build steps already run as the current USER; sudo in a Dockerfile means sudo is installed and configured in the ' +
    'image, which hands any process in the container an easy way to root and makes privilege changes hard to follow.',
  advice: 'Switch user with USER root before the step and USER <app user> after it; do not install sudo in the image.',
  references: ['https://docs.docker.com/build/building/best-practices/#user'],
  check(df) {
    return listRunCommands(df)
      .filter((rc) => rc.raw.argv.some((a, i) => i < rc.raw.argv.length - rc.cmd.argv.length && /(^|\/)sudo$/.test(a)))
      .map((rc) => ({ line: rc.ins.line, endLine: rc.ins.endLine, message: `sudo in RUN: '${clip(rc.raw.argv.join(' '))}'` }));
  },
};

export const runPipeToShell: DockerfileRule = {
  id: 'DD-DF-005',
  title: 'Downloaded script piped into a shell',
  severity: 'HIGH',
  description:
    'curl or wget output fed straight to a shell or interpreter runs whatever the server (or anyone in the path) ' +
    'returns at build time, unchecked, with the build\'s privileges; a partial download can also run half a script.',
  advice: 'Download to a file, verify a checksum or signature, then run it; or install the tool from a package manager.',
  references: ['https://docs.docker.com/build/building/best-practices/#run'],
  check(df) {
    const hits: RuleHit[] = [];
    const rcs = listRunCommands(df);
    rcs.forEach((rc, i) => {
      if (!rc.cmd.piped || !SHELLS.has(rc.program)) return;
      // Walk back through the pipeline (curl … | tee x | sh) to its first command.
      for (let j = i - 1; j >= 0 && rcs[j]!.ins === rc.ins; j--) {
        if (DOWNLOADERS.has(rcs[j]!.program)) {
          hits.push({ line: rc.ins.line, endLine: rc.ins.endLine, message: `'${rcs[j]!.program}' output is piped into '${rc.program}'` });
          return;
        }
        if (!rcs[j]!.cmd.piped) return;
      }
    });
    return hits;
  },
};

/** Mode arguments that give "other" write permission: 777, 0666, 1777, o+w, a+w, +w, a=rwx … */
function isWorldWritable(mode: string): boolean {
  if (/^[0-7]{3,4}$/.test(mode)) return (Number.parseInt(mode.slice(-1), 8) & 2) !== 0;
  return mode.split(',').some((clause) => {
    const m = /^([ugoa]*)([+=])([rwxXst]*)$/.exec(clause);
    return m !== null && m[3]!.includes('w') && (m[1] === '' || m[1]!.includes('o') || m[1]!.includes('a'));
  });
}

export const runWorldWritable: DockerfileRule = {
  id: 'DD-DF-018',
  title: 'Files made world-writable',
  severity: 'HIGH',
  description:
    'chmod 777 (or any mode with write for others), or COPY/ADD --chmod with such a mode, lets every user in the ' +
    'container change those files: a non-root process can replace binaries or scripts that root later runs.',
  advice: 'Give ownership to the user that needs to write (chown or --chown) and use 755/644 or tighter.',
  references: ['https://docs.docker.com/reference/dockerfile/#copy---chmod'],
  check(df) {
    const hits: RuleHit[] = [];
    for (const rc of listRunCommands(df)) {
      if (rc.program !== 'chmod') continue;
      const mode = rc.cmd.argv.slice(1).find((a) => !/^-[A-Za-z]+$/.test(a) && !a.startsWith('--'));
      if (mode !== undefined && isWorldWritable(mode)) {
        hits.push({ line: rc.ins.line, endLine: rc.ins.endLine, message: `'${clip(rc.cmd.argv.join(' '))}' makes files world-writable` });
      }
    }
    for (const ins of df.instructions) {
      if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
      const chmod = ins.flags.find((f) => f.name === 'chmod')?.value;
      if (chmod && isWorldWritable(chmod)) hits.push({ line: ins.line, message: `${ins.keyword} --chmod=${chmod} makes files world-writable` });
    }
    return hits.sort((a, b) => a.line - b.line);
  },
};

export const runCd: DockerfileRule = {
  id: 'DD-DF-020',
  title: 'RUN cd instead of WORKDIR',
  severity: 'INFO',
  description:
    'A cd only lasts for its own RUN, so later instructions silently run somewhere else; relative paths after it ' +
    'are easy to get wrong (files written or deleted in the wrong place).',
  advice: 'Use WORKDIR /absolute/path to change directory for the following instructions.',
  references: ['https://docs.docker.com/build/building/best-practices/#workdir'],
  check(df) {
    return listRunCommands(df)
      .filter((rc) => rc.program === 'cd')
      .map((rc) => ({ line: rc.ins.line, endLine: rc.ins.endLine, message: `'${clip(rc.cmd.argv.join(' '))}' in RUN` }));
  },
};

/** Keeps messages short: a hostile 1 MiB command line must not end up in every report line. */
export function clip(s: string, max = 120): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
