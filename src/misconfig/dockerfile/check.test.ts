import { describe, expect, it } from 'vitest';
import type { MisconfigError } from '../errors.js';
import { checkDockerfile } from './check.js';
import { parseDockerfile } from './parse.js';
import { dockerfileRules } from './registry.js';
import { splitShell } from './shell.js';

function ids(text: string): string[] {
  return checkDockerfile(text).findings.map((f) => f.ruleId);
}

describe('rules fire and stay quiet', () => {
  it.each`
    rule           | fires    | dockerfile
    ${'DD-DF-001'} | ${true}  | ${'ARG TAG=latest\nFROM foo:${TAG}\n'}
    ${'DD-DF-001'} | ${false} | ${'FROM localhost:5000/app:1.2\n'}
    ${'DD-DF-001'} | ${true}  | ${'FROM localhost:5000/app\n'}
    ${'DD-DF-002'} | ${true}  | ${'FROM debian:12\n'}
    ${'DD-DF-002'} | ${false} | ${'FROM debian:12@sha256:abcd\nFROM debian:12@sha256:abcd AS b\nFROM b\n'}
    ${'DD-DF-002'} | ${false} | ${'FROM scratch\n'}
    ${'DD-DF-003'} | ${true}  | ${'FROM a:1 AS base\nUSER 0:0\nFROM base\nRUN x\n'}
    ${'DD-DF-003'} | ${false} | ${'FROM a:1 AS b\nUSER root\nFROM c:1\nUSER app\nCOPY --from=b /x /x\n'}
    ${'DD-DF-026'} | ${true}  | ${'FROM a:1\nRUN x\n'}
    ${'DD-DF-026'} | ${false} | ${'FROM a:1\nUSER 10001\n'}
    ${'DD-DF-004'} | ${true}  | ${'FROM a:1\nRUN ["sudo", "make", "install"]\n'}
    ${'DD-DF-004'} | ${false} | ${'FROM a:1\nRUN echo sudo\n'}
    ${'DD-DF-005'} | ${true}  | ${'FROM a:1\nRUN curl -fsSL https://x.sh | sudo -E bash -\n'}
    ${'DD-DF-005'} | ${true}  | ${'FROM a:1\nRUN wget -qO- https://x | tee /tmp/i | sh\n'}
    ${'DD-DF-005'} | ${true}  | ${'FROM a:1\nRUN sh -c "curl -s https://x | python3"\n'}
    ${'DD-DF-005'} | ${false} | ${'FROM a:1\nRUN curl -o /tmp/i.sh https://x && sha256sum -c s && sh /tmp/i.sh\n'}
    ${'DD-DF-005'} | ${false} | ${'FROM a:1\nRUN curl https://x | tar xz\n'}
    ${'DD-DF-006'} | ${true}  | ${'FROM a:1\nADD ["app.py", "/app/"]\n'}
    ${'DD-DF-007'} | ${true}  | ${'FROM a:1\nADD https://example.org/x.tgz /x\n'}
    ${'DD-DF-007'} | ${false} | ${'FROM a:1\nADD --checksum=sha256:00 https://example.org/x.tgz /x\n'}
    ${'DD-DF-008'} | ${true}  | ${'FROM a:1\nENV DB_PASSWORD=hunter2\n'}
    ${'DD-DF-008'} | ${true}  | ${'ARG GITHUB_TOKEN=ghp_x\nFROM a:1\n'}
    ${'DD-DF-008'} | ${true}  | ${'FROM a:1\nENV AWS_SECRET_ACCESS_KEY "abc def"\n'}
    ${'DD-DF-008'} | ${false} | ${'FROM a:1\nARG NPM_TOKEN\nENV API_KEY=$API_KEY PASSWORD_FILE=/run/secrets/pw SORT_KEY=name\n'}
    ${'DD-DF-009'} | ${false} | ${'FROM a:1\nRUN apt-get install -y --no-install-recommends curl=1\n'}
    ${'DD-DF-010'} | ${true}  | ${'FROM a:1\nRUN apt-get install -y curl=1 git\n'}
    ${'DD-DF-011'} | ${true}  | ${'FROM a:1\nRUN apt-get update\nRUN rm -rf /var/lib/apt/lists/*\n'}
    ${'DD-DF-012'} | ${true}  | ${'FROM a:1\nRUN apt-get -y upgrade\n'}
    ${'DD-DF-013'} | ${true}  | ${'FROM a:1\nRUN apk --update add curl\n'}
    ${'DD-DF-014'} | ${true}  | ${'FROM a:1\nRUN zypper install -y curl\n'}
    ${'DD-DF-014'} | ${false} | ${'FROM a:1\nRUN zypper install -y curl && zypper clean -a\n'}
    ${'DD-DF-015'} | ${true}  | ${'FROM a:1\nRUN python3 -m pip install flask\n'}
    ${'DD-DF-016'} | ${true}  | ${'FROM a:1\n'}
    ${'DD-DF-016'} | ${false} | ${'FROM a:1 AS base\nHEALTHCHECK NONE\nFROM base\n'}
    ${'DD-DF-017'} | ${true}  | ${'FROM a:1\nEXPOSE 80 20-25/tcp\n'}
    ${'DD-DF-017'} | ${false} | ${'FROM a:1\nEXPOSE 2222 220\n'}
    ${'DD-DF-018'} | ${true}  | ${'FROM a:1\nRUN chmod -R a+w /srv\n'}
    ${'DD-DF-018'} | ${true}  | ${'FROM a:1\nCOPY --chmod=0777 x /x\n'}
    ${'DD-DF-018'} | ${false} | ${'FROM a:1\nRUN chmod 755 /x && chmod u+w /y && chmod 1775 /z\n'}
    ${'DD-DF-019'} | ${true}  | ${'FROM a:1\nWORKDIR app\n'}
    ${'DD-DF-020'} | ${true}  | ${'FROM a:1\nRUN cd /x && make\n'}
    ${'DD-DF-021'} | ${false} | ${'FROM a:1\nCMD a\nONBUILD CMD b\n'}
    ${'DD-DF-023'} | ${true}  | ${'FROM a:1\nHEALTHCHECK CMD a\nHEALTHCHECK NONE\n'}
    ${'DD-DF-024'} | ${true}  | ${'FROM a:1\nMAINTAINER me\n'}
    ${'DD-DF-025'} | ${true}  | ${'FROM a:1\nADD a.tgz b.tgz /opt\n'}
  `('$rule fires=$fires on $dockerfile', ({ rule, fires, dockerfile }: { rule: string; fires: boolean; dockerfile: string }) => {
    expect(ids(dockerfile).includes(rule)).toBe(fires);
  });

  it('never prints the secret value', () => {
    const f = checkDockerfile('FROM a:1\nENV DB_PASSWORD=hunter2\n').findings.find((x) => x.ruleId === 'DD-DF-008')!;
    expect(JSON.stringify(f)).not.toContain('hunter2');
  });

  it('reports 1-based lines of multi-line instructions', () => {
    const f = checkDockerfile('FROM a:1\n\nRUN apt-get update \\\n && apt-get install -y x\n').findings.find((x) => x.ruleId === 'DD-DF-011')!;
    expect([f.line, f.endLine]).toEqual([3, 4]);
  });
});

describe('ignores', () => {
  it.each`
    comment                                       | silenced       | kept
    ${'# drydock:ignore=DD-DF-004'}               | ${'DD-DF-004'} | ${'DD-DF-020'}
    ${'# drydock:ignore=DD-DF-004, DD-DF-020'}    | ${'DD-DF-020'} | ${'DD-DF-001'}
    ${'# hadolint ignore=DL3004'}                 | ${'DD-DF-004'} | ${'DD-DF-020'}
    ${'# hadolint ignore=DL3003,DL3004'}          | ${'DD-DF-020'} | ${'DD-DF-001'}
  `('$comment silences $silenced on the next instruction only', ({ comment, silenced, kept }: { comment: string; silenced: string; kept: string }) => {
    const text = `FROM debian\n${comment}\n\n# other comment\nRUN sudo cd /x\nRUN sudo cd /y\n`;
    const r = checkDockerfile(text);
    const on5 = r.findings.filter((f) => f.line === 5).map((f) => f.ruleId);
    expect(on5).not.toContain(silenced);
    expect(r.findings.filter((f) => f.line === 6).map((f) => f.ruleId)).toContain(silenced);
    expect(r.findings.map((f) => f.ruleId)).toContain(kept);
    expect(r.ignored).toBeGreaterThan(0);
  });

  it('the disable option switches rules off everywhere', () => {
    const r = checkDockerfile('FROM debian\nRUN sudo x\n', { disable: ['dd-df-004', 'DD-DF-001'] });
    expect(r.findings.map((f) => f.ruleId)).not.toContain('DD-DF-004');
    expect(r.findings.map((f) => f.ruleId)).not.toContain('DD-DF-001');
    expect(r.findings.map((f) => f.ruleId)).toContain('DD-DF-026');
  });

  it('minSeverity drops lower findings', () => {
    const sev = checkDockerfile('FROM debian\nMAINTAINER x\nUSER root\n', { minSeverity: 'HIGH' }).findings.map((f) => f.severity);
    expect(sev).toEqual(['HIGH']);
  });
});

describe('hostile input', () => {
  it.each`
    name                          | text                                                                   | code
    ${'a binary file'}            | ${'\x7fELF\0\0\x01'}                                                   | ${'INPUT_NOT_TEXT'}
    ${'more than 1 MiB'}          | ${`FROM a\nRUN ${'x'.repeat(1024 * 1024)}\n`}                          | ${'INPUT_TOO_LARGE'}
  `('rejects $name with $code', ({ text, code }: { text: string; code: string }) => {
    expect(() => checkDockerfile(text)).toThrow(expect.objectContaining({ code }) as MisconfigError);
  });

  it.each`
    name                              | text
    ${'a huge line'}                  | ${`FROM a:1\nRUN echo ${'a '.repeat(300_000)}\n`}
    ${'thousands of stages'}          | ${Array.from({ length: 3000 }, (_, i) => `FROM img${i}:1 AS s${i}\nRUN apt-get update`).join('\n')}
    ${'a deeply nested exec form'}    | ${`FROM a:1\nCMD ${'['.repeat(50_000)}${']'.repeat(50_000)}\nRUN ${'['.repeat(50_000)}\n`}
    ${'an unterminated heredoc'}      | ${`FROM a:1\nRUN <<EOF\n${'apt-get install x\n'.repeat(20_000)}`}
    ${'an unterminated continuation'} | ${`FROM a:1\nRUN apt-get install \\\n${'x \\\n'.repeat(50_000)}`}
    ${'unbalanced quotes'}            | ${'FROM a:1\nRUN echo "unterminated \' `\nENV A="b\n'}
    ${'an empty file'}                | ${''}
    ${'only comments'}                | ${'# hadolint ignore=DL3008\n# drydock:ignore=DD-DF-001\n'}
  `('handles $name without crashing or hanging', ({ text }: { text: string }) => {
    const start = Date.now();
    const r = checkDockerfile(text);
    expect(Array.isArray(r.findings)).toBe(true);
    expect(Date.now() - start).toBeLessThan(10_000);
  });

  it('checks every stage of a many-stage file', () => {
    const text = Array.from({ length: 500 }, (_, i) => `FROM img${i}\nRUN sudo x`).join('\n');
    expect(ids(text).filter((id) => id === 'DD-DF-004')).toHaveLength(500);
  });
});

describe('parser adapter', () => {
  it('marks FROM <earlier stage> as not an external image', () => {
    const df = parseDockerfile('FROM golang:1.22 AS Build\nFROM build AS test\nFROM alpine:3.20\n');
    expect(df.stages.map((s) => s.parentStage)).toEqual([undefined, 0, undefined]);
    expect(df.stages[0]!.tag).toBe('1.22');
  });

  it('parses the exec form only when it is a JSON string array', () => {
    const df = parseDockerfile('FROM a\nRUN ["echo", "a b"]\nRUN [1, 2]\n');
    expect(df.instructions[1]!.exec).toEqual(['echo', 'a b']);
    expect(df.instructions[2]!.exec).toBeUndefined();
  });

  it.each`
    line                                        | argvs
    ${'a && b || c; d | e & f'}                 | ${[['a'], ['b'], ['c'], ['d'], ['e'], ['f']]}
    ${'X=1 Y="2 3" make "a b" \'c d\' e\\ f'}   | ${[['make', 'a b', 'c d', 'e f']]}
    ${'echo hi # a comment && rm -rf /'}        | ${[['echo', 'hi']]}
    ${'cmd 2>&1 >/dev/null'}                    | ${[['cmd', '2>&1', '>/dev/null']]}
    ${'bash -c "apt-get update && x"'}          | ${[['bash', '-c', 'apt-get update && x'], ['apt-get', 'update'], ['x']]}
  `('splitShell($line)', ({ line, argvs }: { line: string; argvs: string[][] }) => {
    expect(splitShell(line).map((c) => c.argv)).toEqual(argvs);
  });
});

describe('registry', () => {
  it('has unique ids and full metadata', () => {
    const list = dockerfileRules.map((r) => r.id);
    expect(new Set(list).size).toBe(list.length);
    for (const r of dockerfileRules) {
      expect(r.id).toMatch(/^DD-DF-\d{3}$/);
      expect(r.title.length).toBeGreaterThan(5);
      expect(r.description.length).toBeGreaterThan(40);
      expect(r.advice.length).toBeGreaterThan(10);
      expect(r.references.length).toBeGreaterThan(0);
    }
  });
});
