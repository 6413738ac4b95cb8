/** Where the shared test material lives: ../shared beside the repository, and the built test images. */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const sharedDir = process.env.DRYDOCK_SHARED ?? resolve(repoRoot, '..', 'shared');
export const peerDir = join(sharedDir, 'peer');
export const vulndataDir = join(sharedDir, 'vulndata');
export const imagesRoot = process.env.DRYDOCK_TEST_IMAGES ?? join(homedir(), '.cache', 'drydock-test-images');
export const archivesDir = join(imagesRoot, 'archives');

export const testImageNames = ['alpine-min', 'debian-min', 'node-app', 'polyglot'] as const;
export type TestImageName = (typeof testImageNames)[number];

/** True when ../shared/images/build-all.sh has produced the image (CI always builds them first). */
export function hasTestImage(name: TestImageName): boolean {
  return existsSync(join(archivesDir, `${name}.truth.json`));
}
