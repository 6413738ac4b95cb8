/** ADD misuse: DD-DF-006 (ADD where COPY does the job) and DD-DF-007 (ADD from a URL). */
import type { RuleHit } from '../../types.js';
import type { DockerfileInstruction, ParsedDockerfile } from '../parse.js';
import type { DockerfileRule } from '../rule.js';
import { unquote } from '../rule.js';

/** ADD auto-extracts local tar archives in these compressions; for them ADD does something COPY cannot. */
const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|gz|bz2|xz|tar\.zst|zst)$/i;
const URL = /^(https?|ftp):\/\//i;
const GIT = /^(git@|git:\/\/)|\.git(#.*)?$/i;

/** The source arguments of an ADD (everything but the destination), quotes removed. */
function sources(ins: DockerfileInstruction): string[] {
  const args = ins.exec ?? ins.args.filter((a) => !a.startsWith('--')).map(unquote);
  return args.slice(0, -1);
}

function adds(df: ParsedDockerfile): DockerfileInstruction[] {
  return df.instructions.filter((i) => i.keyword === 'ADD' && !/^<</.test(i.args[0] ?? ''));
}

export const addInsteadOfCopy: DockerfileRule = {
  id: 'DD-DF-006',
  title: 'ADD used where COPY is enough',
  severity: 'LOW',
  description:
    'ADD also fetches URLs and unpacks archives, so a plain file copy with ADD can change meaning when the source ' +
    'changes (a file that happens to be a tarball is extracted). COPY does exactly one thing.',
  advice: 'Use COPY for local files and directories; keep ADD for local archives you want extracted.',
  references: ['https://docs.docker.com/build/building/best-practices/#add-or-copy'],
  check(df) {
    const hits: RuleHit[] = [];
    for (const ins of adds(df)) {
      const plain = sources(ins).filter((s) => !ARCHIVE.test(s) && !URL.test(s) && !GIT.test(s));
      if (plain.length > 0) hits.push({ line: ins.line, message: `ADD of '${plain[0]}' can be COPY` });
    }
    return hits;
  },
};

export const addFromUrl: DockerfileRule = {
  id: 'DD-DF-007',
  title: 'ADD downloads from a URL',
  severity: 'MEDIUM',
  description:
    'ADD <url> fetches a remote file at build time without any integrity check unless --checksum is given: what ' +
    'lands in the image is whatever the server returned that day.',
  advice: 'Use ADD --checksum=sha256:<hash> <url>, or RUN curl with a checksum check, or COPY a vetted local file.',
  references: ['https://docs.docker.com/reference/dockerfile/#add---checksum'],
  check(df) {
    const hits: RuleHit[] = [];
    for (const ins of adds(df)) {
      if (ins.flags.some((f) => f.name === 'checksum')) continue;
      const url = sources(ins).find((s) => URL.test(s));
      if (url !== undefined) hits.push({ line: ins.line, message: `ADD downloads '${url}' without --checksum` });
    }
    return hits;
  },
};
