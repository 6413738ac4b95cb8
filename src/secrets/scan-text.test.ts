import { describe, expect, it } from 'vitest';
import { fake, openSshKey, pem } from './__fixtures__/tokens.js';
import { looksBinary, MAX_FINDINGS_PER_TEXT, scanBytes, scanText } from './scan-text.js';
import { secretRules } from './rules.js';

const ids = (text: string, path = '/app/config.txt'): string[] => scanText(text, { path }).map((f) => f.ruleId);

describe('scanText() finds each kind of secret', () => {
  it.each`
    name                          | text                                                                  | path                           | rule
    ${'AWS key id alone'}         | ${`key_id: ${fake.awsId}\n`}                                          | ${'/app/a.yml'}                | ${'DD-SEC-001'}
    ${'AWS secret alone'}         | ${`aws_secret_access_key = ${fake.awsSecret}\n`}                      | ${'/root/.aws/credentials'}    | ${'DD-SEC-002'}
    ${'Azure connection string'}  | ${`DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${fake.azureKey};EndpointSuffix=core.windows.net`} | ${'/app/appsettings.json'} | ${'DD-SEC-004'}
    ${'Azure client secret'}      | ${`clientSecret: ${fake.azureSecret}`}                                | ${'/app/a.yml'}                | ${'DD-SEC-005'}
    ${'GitHub classic'}           | ${`url = https://x-access:${fake.github}@github.com/o/r`}             | ${'/root/.gitconfig'}          | ${'DD-SEC-006'}
    ${'GitHub fine-grained'}      | ${`GH=${fake.githubFine}`}                                            | ${'/app/run.sh'}               | ${'DD-SEC-006'}
    ${'GitLab'}                   | ${`"${fake.gitlab}"`}                                                 | ${'/app/a.json'}               | ${'DD-SEC-007'}
    ${'Slack token'}              | ${`slack: ${fake.slack}`}                                             | ${'/app/a.yml'}                | ${'DD-SEC-008'}
    ${'Slack webhook'}            | ${`hook=${fake.slackHook}`}                                           | ${'/app/a.ini'}                | ${'DD-SEC-009'}
    ${'Stripe'}                   | ${`stripe.api_key = "${fake.stripe}"`}                                | ${'/app/pay.py'}               | ${'DD-SEC-010'}
    ${'npm token'}                | ${`echo ${fake.npm}`}                                                 | ${'/app/build.sh'}             | ${'DD-SEC-011'}
    ${'.npmrc _authToken'}        | ${'//registry.npmjs.org/:_authToken=abc123def456ghi789\n'}           | ${'/root/.npmrc'}              | ${'DD-SEC-012'}
    ${'.npmrc _auth'}             | ${'_auth=dXNlcjpwYXNzd29yZDEyMw==\n'}                                 | ${'/home/u/.npmrc'}            | ${'DD-SEC-012'}
    ${'PyPI'}                     | ${`password = ${fake.pypi}`}                                          | ${'/app/upload.cfg'}           | ${'DD-SEC-013'}
    ${'.pypirc'}                  | ${'[pypi]\nusername = me\npassword = Tr0ub4dor&3x\n'}                 | ${'/root/.pypirc'}             | ${'DD-SEC-014'}
    ${'RSA private key'}          | ${pem('RSA PRIVATE KEY')}                                             | ${'/app/key.pem'}              | ${'DD-SEC-015'}
    ${'PKCS#8 key'}               | ${pem('PRIVATE KEY')}                                                 | ${'/app/key.pem'}              | ${'DD-SEC-015'}
    ${'JWT'}                      | ${`Authorization: Bearer ${fake.jwt}`}                                | ${'/app/req.http'}             | ${'DD-SEC-016'}
    ${'URL password'}             | ${'DATABASE_URL=postgres://app:Vq9zL2mX7pR4@db.internal:5432/app'}   | ${'/app/.env.prod'}            | ${'DD-SEC-017'}
    ${'connection string'}        | ${'Server=db;Database=app;User Id=sa;Password=Vq9zL2mX7pR4;'}        | ${'/app/appsettings.json'}     | ${'DD-SEC-018'}
    ${'docker config'}            | ${'{"auths":{"registry.example.com":{"auth":"dXNlcjpzM2NyM3Q="}}}'}   | ${'/root/.docker/config.json'} | ${'DD-SEC-019'}
    ${'.netrc'}                   | ${'machine api.example.com login bob password Vq9zL2mX7pR4\n'}       | ${'/root/.netrc'}              | ${'DD-SEC-020'}
    ${'generic quoted'}           | ${'db_password = "Vq9zL2mX7pR4kT"\n'}                                | ${'/app/settings.py'}          | ${'DD-SEC-021'}
    ${'generic env'}              | ${'export SERVICE_API_KEY=Vq9zL2mX7pR4kT8w\n'}                       | ${'/etc/profile.d/app.sh'}     | ${'DD-SEC-022'}
  `('$name → $rule', ({ text, path, rule }: { text: string; path: string; rule: string }) => {
    expect(ids(text, path)).toEqual([rule]);
  });

  it('pairs an AWS key id with its secret into one critical finding on the secret line', () => {
    const text = `AWS_ACCESS_KEY_ID=${fake.awsId}\nAWS_SECRET_ACCESS_KEY=${fake.awsSecret}\n`;
    const f = scanText(text, { path: '/app/.env' });
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ ruleId: 'DD-SEC-002', title: 'AWS access key pair', severity: 'CRITICAL', line: 2 });
    expect(f[0]!.message).toContain('line 1');
  });

  it('reports a GCP service-account file once, as a service-account key', () => {
    const json = JSON.stringify({ type: 'service_account', project_id: 'p', private_key_id: 'abc', private_key: pem('PRIVATE KEY'), client_email: 'svc@p.iam.gserviceaccount.com' }, null, 2);
    const f = scanText(json, { path: '/app/sa.json' });
    expect(f.map((x) => x.ruleId)).toEqual(['DD-SEC-003']);
    expect(f[0]!.line).toBe(5);
  });

  it('does not report a private_key JSON field without client_email as a GCP key', () => {
    const json = JSON.stringify({ private_key: pem('PRIVATE KEY') });
    expect(ids(json)).toEqual(['DD-SEC-015']);
  });

  it('gives encrypted private keys a lower severity', () => {
    const cases = [
      pem('ENCRYPTED PRIVATE KEY'),
      pem('RSA PRIVATE KEY', 'Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0011223344556677\n\n'),
      openSshKey('aes256-ctr'),
    ];
    for (const text of cases) {
      const f = scanText(text, { path: '/root/.ssh/id' });
      expect(f).toHaveLength(1);
      expect(f[0]!.severity).toBe('MEDIUM');
      expect(f[0]!.title).toContain('encrypted');
    }
    const plain = scanText(openSshKey('none'), { path: '/root/.ssh/id_ed25519' });
    expect(plain[0]).toMatchObject({ severity: 'CRITICAL', title: 'OPENSSH private key' });
  });

  it('does not report a PEM BEGIN line without a key body (parsers and docs mention it)', () => {
    expect(ids('if line == "-----BEGIN RSA PRIVATE KEY-----":\n    parse()\n')).toEqual([]);
    expect(ids('PEM_HEADER = "-----BEGIN PRIVATE KEY-----"\n')).toEqual([]);
  });

  it('gives 1-based line numbers', () => {
    const f = scanText(`a\nb\n\nc ${fake.github}\n`, { path: '/x' });
    expect(f[0]!.line).toBe(4);
  });
});

describe('scanText() redacts', () => {
  it('never puts the secret in any field of a finding', () => {
    const secrets = [fake.github, fake.awsSecret, fake.stripe, fake.npm, fake.pypi, fake.gitlab, 'Vq9zL2mX7pR4'];
    const text = `${fake.github}\naws_secret_access_key=${fake.awsSecret}\n${fake.stripe}\n${fake.npm}\n${fake.pypi}\n${fake.gitlab}\nredis://u:Vq9zL2mX7pR4@cache:6379\n`;
    const out = JSON.stringify(scanText(text, { path: '/p' }));
    expect(JSON.parse(out)).toHaveLength(7);
    for (const s of secrets) expect(out).not.toContain(s);
    for (const s of secrets) expect(out).not.toContain(s.slice(0, 8));
    expect(out).toContain('ghp_****');
  });
});

describe('scanText() allow-list', () => {
  it.each`
    text                                                                       | why
    ${'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE'}                                | ${'public AWS example id'}
    ${'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'}       | ${'public AWS example secret'}
    ${'password = "changeme"'}                                                 | ${'placeholder word'}
    ${'api_key: "<your-api-key-here>"'}                                         | ${'angle-bracket placeholder'}
    ${'TOKEN=${GITHUB_TOKEN}'}                                                  | ${'variable reference'}
    ${'secret = "{{ vault_secret }}"'}                                          | ${'template'}
    ${'password = "xxxxxxxxxxxx"'}                                              | ${'masked'}
    ${'postgres://user:password@localhost/db'}                                  | ${'placeholder URL password'}
    ${'postgres://user:${DB_PASS}@localhost/db'}                                | ${'URL password from a variable'}
    ${'token = "aaaaaaaabbbbbbbb"'}                                             | ${'low entropy'}
    ${'password = "/run/secrets/db_password"'}                                  | ${'path, not a value'}
    ${'if token == "abcdEFGH1234xyz":'}                                         | ${'comparison, not an assignment'}
    ${"token_type = 'quoted-string'"}                                           | ${'identifier value, no digits (python email parser)'}
    ${"credentials: 'same-origin',"}                                            | ${'identifier value (undici)'}
    ${'PRIVATE_KEY_TYPES = typing.Union['}                                      | ${'code, not an env assignment (cryptography)'}
    ${"const u = new URL('https://abc:xyz@example.com');"}                      | ${'documentation host (@types/node)'}
    ${'private_key_id = "a1b2c3d4e5f6a7b8"'}                                    | ${'a key id, not a key'}
  `('drops $why', ({ text }: { text: string }) => {
    expect(ids(text, '/app/settings.py')).toEqual([]);
  });

  it('drops generic findings under test and fixture directories but keeps token formats there', () => {
    const text = `db_password = "Vq9zL2mX7pR4kT"\nTOKEN = "${fake.github}"\n`;
    expect(ids(text, '/app/node_modules/lib/test/fixtures/conf.js')).toEqual(['DD-SEC-006']);
    expect(scanText(text, { path: '/app/test/conf.js', allowList: { includeTestPaths: true } }).map((f) => f.ruleId)).toEqual(['DD-SEC-021', 'DD-SEC-006']);
  });

  it('drops generic findings in documentation files', () => {
    expect(ids("    password: 'rapunz3l'\n", '/app/node_modules/axios/README.md')).toEqual([]);
    expect(ids("    password: 'rapunz3l'\n", '/app/src/index.js')).toEqual(['DD-SEC-021']);
  });

  it('drops generic findings in third-party library trees but keeps token formats there', () => {
    const text = `password: 'rapunz3l'\nconst t = '${fake.npm}';\n`;
    for (const p of ['/app/node_modules/x/index.js', '/usr/lib/python3.11/x.py', '/usr/local/lib/python3.12/site-packages/x.py', '/usr/share/perl5/X.pm']) {
      expect(ids(text, p)).toEqual(['DD-SEC-011']);
    }
  });

  it('applies the caller\'s rules, values, value patterns and paths', () => {
    const text = `${fake.github}\n${fake.stripe}\n`;
    expect(scanText(text, { path: '/p', allowList: { rules: ['DD-SEC-006'] } }).map((f) => f.ruleId)).toEqual(['DD-SEC-010']);
    expect(scanText(text, { path: '/p', allowList: { values: [fake.stripe] } }).map((f) => f.ruleId)).toEqual(['DD-SEC-006']);
    expect(scanText(text, { path: '/p', allowList: { valuePatterns: [/^sk_live_/g] } }).map((f) => f.ruleId)).toEqual(['DD-SEC-006']);
    expect(scanText(text, { path: '/opt/vendor/x', allowList: { paths: [/^\/opt\/vendor\//] } })).toEqual([]);
  });

  it('can switch the built-in list off', () => {
    expect(scanText('password = "changeme"', { path: '/p', noDefaultAllowList: true })).toEqual([]); // entropy still applies
    expect(scanText('AKIAIOSFODNN7EXAMPLE', { path: '/p', noDefaultAllowList: true }).map((f) => f.ruleId)).toEqual(['DD-SEC-001']);
  });
});

describe('scanBytes()', () => {
  it('skips binaries (a NUL in the first 8 KiB)', () => {
    const bytes = new TextEncoder().encode(`\u0000ELF ${fake.github}`);
    expect(looksBinary(bytes)).toBe(true);
    expect(scanBytes(bytes, { path: '/bin/x' })).toEqual([]);
  });

  it('scans text with invalid UTF-8 and keeps line numbers', () => {
    const head = new Uint8Array([0xff, 0xfe, 0xc3, 0x0a, 0xe2, 0x82, 0x0a]);
    const tail = new TextEncoder().encode(fake.npm);
    const bytes = new Uint8Array([...head, ...tail]);
    expect(scanBytes(bytes, { path: '/x' }).map((f) => [f.ruleId, f.line])).toEqual([['DD-SEC-011', 3]]);
  });
});

describe('hostile input', () => {
  it('returns on a 50 MB single line of near-matches', () => {
    const unit = 'ghp_AKIAeyJx.eyJpassword="ab://u:p@ -----BEGIN PRIVATE KEY-----\\n xoxb-1-';
    const text = unit.repeat(Math.ceil((50 * 1024 * 1024) / unit.length));
    const f = scanText(text, { path: '/big' });
    expect(f.length).toBeLessThanOrEqual(MAX_FINDINGS_PER_TEXT);
  });

  it('caps the number of findings per text', () => {
    const text = Array.from({ length: 1000 }, () => fake.github).join('\n');
    expect(scanText(text, { path: '/many' })).toHaveLength(MAX_FINDINGS_PER_TEXT);
  });

  it('every rule returns on long runs of its own token characters', () => {
    for (const rule of secretRules) {
      const text = `${rule.keywords.join(' ')} ${'A'.repeat(200_000)} = "${'b'.repeat(200_000)}`;
      expect(Array.isArray(rule.scan(text, '/root/.netrc'))).toBe(true);
    }
  });
});

describe('rule list', () => {
  it('has unique DD-SEC ids in sequence', () => {
    const list = secretRules.map((r) => r.id).sort();
    expect(new Set(list).size).toBe(list.length);
    expect(list).toEqual(list.map((_, i) => `DD-SEC-${String(i + 1).padStart(3, '0')}`));
  });
});

describe('the keyword prefilter', () => {
  it('finds keywords that overlap or differ in case', () => {
    // "NPM_AUTHTOKEN" holds both npm_ and _authtoken, overlapping at the underscore.
    expect(scanText('//registry.example.org/:_authToken=npm_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8', { path: '/root/.npmrc' }).length).toBeGreaterThan(0);
    // Upper-case text still passes the (lower-case) keyword check: AKIA… ids are upper case.
    expect(scanText('aws_access_key_id = AKIAZ7Q3LMN4OPR5STU6', { path: '/app/config' }).map((f) => f.ruleId)).toContain('DD-SEC-001');
  });
});
