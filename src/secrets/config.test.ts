import { describe, expect, it } from 'vitest';
import { fake } from './__fixtures__/tokens.js';
import { CONFIG_PATH, scanImageConfig } from './config.js';

describe('scanImageConfig()', () => {
  it('finds tokens in ENV, labels and history with their position and layer', () => {
    const f = scanImageConfig({
      config: {
        env: ['PATH=/usr/local/bin:/usr/bin', `GITHUB_TOKEN=${fake.github}`, 'DB_PASSWORD=${DB_PASSWORD}'],
        labels: { 'org.opencontainers.image.title': 'app', 'ci.token': fake.gitlab },
        history: [
          { createdBy: '/bin/sh -c #(nop) ADD file:abc in /' },
          { createdBy: '/bin/sh -c #(nop)  ENV X=1', emptyLayer: true },
          { createdBy: `|1 NPM_TOKEN=${fake.npm} /bin/sh -c npm ci` },
          { createdBy: `RUN /bin/sh -c curl -H "Authorization: token ${fake.github}" https://api.github.com # buildkit` },
        ],
      },
    });
    expect(f.map((x) => [x.source, x.ruleId, x.line, x.layer])).toEqual([
      ['env', 'DD-SEC-006', 2, undefined],
      ['label', 'DD-SEC-007', 1, undefined],
      ['history', 'DD-SEC-011', 3, 1],
      ['history', 'DD-SEC-006', 4, 2],
    ]);
    expect(f.every((x) => x.path === CONFIG_PATH)).toBe(true);
    expect(JSON.stringify(f)).not.toContain(fake.github.slice(4));
  });

  it('reads classic build-arg prefixes as NAME=value lines', () => {
    const f = scanImageConfig({ config: { history: [{ createdBy: '|2 APP_SECRET=Vq9zL2mX7pR4kT8w VERSION=1 /bin/sh -c make' }] } });
    expect(f.map((x) => x.ruleId)).toEqual(['DD-SEC-022']);
  });

  it('returns nothing for an image without a config', () => {
    expect(scanImageConfig({})).toEqual([]);
  });
});
