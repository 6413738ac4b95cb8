import { describe, expect, it } from 'vitest';
import { isSecretScanPath } from './paths.js';

describe('isSecretScanPath()', () => {
  it.each`
    path                                                  | want
    ${'/app/.env'}                                        | ${true}
    ${'/root/.npmrc'}                                     | ${true}
    ${'/etc/ssl/private/server.key'}                      | ${true}
    ${'/usr/local/bin/entrypoint.sh'}                     | ${true}
    ${'/usr/share/doc/bash/README'}                       | ${false}
    ${'/usr/share/locale/de/LC_MESSAGES/x.mo'}            | ${false}
    ${'/opt/app/po/de.mo'}                                | ${false}
    ${'/etc/ssl/certs/ca-certificates.crt'}               | ${false}
    ${'/usr/lib/python3/dist-packages/certifi/cacert.pem'}| ${false}
    ${'/usr/lib/x86_64-linux-gnu/libc.so.6'}              | ${false}
    ${'/app/lib/app.jar'}                                 | ${false}
    ${'/app/key.pem'}                                     | ${true}
    ${'/usr/share/nodejs/@types/node/http.d.ts'}          | ${false}
  `('$path → $want', ({ path, want }: { path: string; want: boolean }) => {
    expect(isSecretScanPath(path)).toBe(want);
  });
});
