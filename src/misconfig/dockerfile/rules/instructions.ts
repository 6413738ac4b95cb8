/**
 * Instruction-level checks: DD-DF-016 (no HEALTHCHECK), DD-DF-017 (EXPOSE 22), DD-DF-019 (relative WORKDIR),
 * DD-DF-021/022/023 (repeated CMD, ENTRYPOINT, HEALTHCHECK), DD-DF-024 (MAINTAINER), DD-DF-025 (COPY destination).
 */
import type { RuleHit } from '../../types.js';
import type { ParsedDockerfile } from '../parse.js';
import type { DockerfileRule } from '../rule.js';
import { finalImageInstructions, unquote } from '../rule.js';

export const healthcheckMissing: DockerfileRule = {
  id: 'DD-DF-016',
  title: 'No HEALTHCHECK in the final image',
  severity: 'LOW',
  description:
    'Without a HEALTHCHECK the runtime only knows whether the process exists, not whether it works: a hung or ' +
    'half-broken service keeps receiving traffic and is never restarted.',
  advice: 'Add HEALTHCHECK CMD <a cheap probe> to the final stage (or HEALTHCHECK NONE to say it is handled elsewhere, e.g. Kubernetes probes).',
  references: ['https://docs.docker.com/reference/dockerfile/#healthcheck'],
  check(df) {
    if (df.stages.length === 0) return [];
    if (finalImageInstructions(df).some((i) => i.keyword === 'HEALTHCHECK')) return [];
    return [{ line: df.stages.at(-1)!.from.line, message: 'the final image has no HEALTHCHECK' }];
  },
};

export const exposeSsh: DockerfileRule = {
  id: 'DD-DF-017',
  title: 'SSH port 22 exposed',
  severity: 'MEDIUM',
  description:
    'Exposing port 22 means an SSH server runs in the container: another way in, with its own credentials and keys ' +
    'to leak. Containers are entered with `docker exec` / `kubectl exec`, not SSH.',
  advice: 'Remove the SSH server and EXPOSE 22; use exec for debugging.',
  references: ['https://docs.docker.com/reference/dockerfile/#expose'],
  check(df) {
    const hits: RuleHit[] = [];
    for (const ins of df.instructions) {
      if (ins.keyword !== 'EXPOSE') continue;
      for (const a of ins.args) {
        // 22, 22/tcp, and ranges that include 22 (20-25).
        const m = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(unquote(a));
        if (!m) continue;
        const lo = Number(m[1]);
        const hi = m[2] === undefined ? lo : Number(m[2]);
        if (lo <= 22 && 22 <= hi) hits.push({ line: ins.line, message: `EXPOSE ${a} opens the SSH port` });
      }
    }
    return hits;
  },
};

export const workdirRelative: DockerfileRule = {
  id: 'DD-DF-019',
  title: 'WORKDIR is a relative path',
  severity: 'LOW',
  description:
    'A relative WORKDIR is resolved against the previous one, which may come from a base image you do not control: ' +
    'files end up in a place nobody intended.',
  advice: 'Use an absolute path (WORKDIR /app).',
  references: ['https://docs.docker.com/reference/dockerfile/#workdir'],
  check(df) {
    const hits: RuleHit[] = [];
    for (const ins of df.instructions) {
      if (ins.keyword !== 'WORKDIR') continue;
      const dir = unquote(ins.args.join(' ').trim());
      // Variables may expand to an absolute path; Windows paths (C:\, c:/) are absolute too.
      if (dir === '' || dir.startsWith('/') || dir.startsWith('$') || /^[A-Za-z]:[\\/]?/.test(dir)) continue;
      hits.push({ line: ins.line, message: `WORKDIR '${dir}' is relative` });
    }
    return hits;
  },
};

function repeated(df: ParsedDockerfile, keyword: string): RuleHit[] {
  const hits: RuleHit[] = [];
  const seen = new Set<number>();
  for (const ins of df.instructions) {
    // Stages are separate images; ONBUILD triggers are for the child image.
    if (ins.keyword !== keyword || ins.onbuild) continue;
    if (seen.has(ins.stage)) hits.push({ line: ins.line, message: `another ${keyword} in the same stage: only the last one takes effect` });
    seen.add(ins.stage);
  }
  return hits;
}

export const repeatedCmd: DockerfileRule = {
  id: 'DD-DF-021',
  title: 'More than one CMD in a stage',
  severity: 'LOW',
  description: 'Only the last CMD of a stage counts; earlier ones are dead text that misleads readers about what the image runs.',
  advice: 'Keep one CMD per stage.',
  references: ['https://docs.docker.com/reference/dockerfile/#cmd'],
  check: (df) => repeated(df, 'CMD'),
};

export const repeatedEntrypoint: DockerfileRule = {
  id: 'DD-DF-022',
  title: 'More than one ENTRYPOINT in a stage',
  severity: 'LOW',
  description: 'Only the last ENTRYPOINT of a stage counts; earlier ones are dead text that misleads readers about what the image runs.',
  advice: 'Keep one ENTRYPOINT per stage.',
  references: ['https://docs.docker.com/reference/dockerfile/#entrypoint'],
  check: (df) => repeated(df, 'ENTRYPOINT'),
};

export const repeatedHealthcheck: DockerfileRule = {
  id: 'DD-DF-023',
  title: 'More than one HEALTHCHECK in a stage',
  severity: 'LOW',
  description: 'Only the last HEALTHCHECK of a stage counts; an earlier probe that looks active is not.',
  advice: 'Keep one HEALTHCHECK per stage.',
  references: ['https://docs.docker.com/reference/dockerfile/#healthcheck'],
  check: (df) => repeated(df, 'HEALTHCHECK'),
};

export const maintainerDeprecated: DockerfileRule = {
  id: 'DD-DF-024',
  title: 'MAINTAINER is deprecated',
  severity: 'INFO',
  description: 'MAINTAINER has been deprecated since Docker 1.13; the metadata belongs in a label, where tools look for it.',
  advice: 'Use LABEL org.opencontainers.image.authors="…".',
  references: ['https://docs.docker.com/reference/dockerfile/#maintainer-deprecated'],
  check(df) {
    return df.instructions.filter((i) => i.keyword === 'MAINTAINER').map((i) => ({ line: i.line, message: 'MAINTAINER is deprecated' }));
  },
};

export const copyManyToFile: DockerfileRule = {
  id: 'DD-DF-025',
  title: 'COPY/ADD of several sources to a destination without a trailing slash',
  severity: 'LOW',
  description:
    'With more than one source the destination must be a directory, written with a trailing slash; without it the ' +
    'build fails or, with wildcards, the result depends on how many files match.',
  advice: 'End the destination with / (COPY a b /app/).',
  references: ['https://docs.docker.com/reference/dockerfile/#copy'],
  check(df) {
    const hits: RuleHit[] = [];
    for (const ins of df.instructions) {
      if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
      const args = ins.exec ?? ins.args.filter((a) => !a.startsWith('--'));
      if (args.length < 3 || args.some((a) => a.startsWith('<<'))) continue;
      const dest = unquote(args.at(-1)!);
      if (!dest.endsWith('/') && !dest.startsWith('$')) hits.push({ line: ins.line, message: `${args.length - 1} sources copied to '${dest}', which does not end with /` });
    }
    return hits;
  },
};
