/**
 * The CycloneDX library, loaded on first use. It is CommonJS spread over many files (tens of milliseconds to load)
 * and most runs write no CycloneDX; only the four parts used here are loaded, not its validators (which pull in
 * ajv). Type-only imports elsewhere keep the checker's view of the same modules.
 */
import { createRequire } from 'node:module';
import type * as Enums from '@cyclonedx/cyclonedx-library/Enums';
import type * as Models from '@cyclonedx/cyclonedx-library/Models';
import type * as Serialize from '@cyclonedx/cyclonedx-library/Serialize';
import type * as Spec from '@cyclonedx/cyclonedx-library/Spec';

export interface CycloneDxLibrary {
  Enums: typeof Enums;
  Models: typeof Models;
  Serialize: typeof Serialize;
  Spec: typeof Spec;
}

// Not named `require`, so that scripts/bundle.mjs can find these calls and turn them into plain require() calls,
// which the bundle then carries (the tests and the tsc output load the library from node_modules).
const requireCjs = createRequire(import.meta.url);
let loaded: CycloneDxLibrary | undefined;

export function cyclonedxLibrary(): CycloneDxLibrary {
  loaded ??= {
    Enums: requireCjs('@cyclonedx/cyclonedx-library/Enums') as typeof Enums,
    Models: requireCjs('@cyclonedx/cyclonedx-library/Models') as typeof Models,
    Serialize: requireCjs('@cyclonedx/cyclonedx-library/Serialize') as typeof Serialize,
    Spec: requireCjs('@cyclonedx/cyclonedx-library/Spec') as typeof Spec,
  };
  return loaded;
}
