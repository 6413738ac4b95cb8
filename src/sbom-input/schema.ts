/**
 * zod schemas for the parts of CycloneDX JSON (https://cyclonedx.org/docs/1.6/json/) and SPDX 2.2/2.3 JSON
 * (https://spdx.github.io/spdx-spec/v2.3/) that Drydock reads. Only the fields read are listed; everything else is
 * let through untouched. Fields the specs require but that other tools leave out are optional here.
 */
import { z } from 'zod';

const property = z.object({ name: z.string(), value: z.string().optional() });

const licenseChoice = z.object({
  license: z.object({ id: z.string().optional(), name: z.string().optional() }).optional(),
  expression: z.string().optional(),
});

/** One CycloneDX component (nested `components` are walked separately, so left unchecked here). */
export const cdxComponent = z.object({
  type: z.string().optional(),
  name: z.string().optional(),
  group: z.string().optional(),
  version: z.string().optional(),
  description: z.string().optional(),
  purl: z.string().optional(),
  licenses: z.array(licenseChoice).optional(),
  properties: z.array(property).optional(),
  components: z.array(z.unknown()).optional(),
});
export type CdxComponent = z.infer<typeof cdxComponent>;

/** The CycloneDX document: the component lists are checked one component at a time. */
export const cdxDocument = z.object({
  bomFormat: z.literal('CycloneDX'),
  specVersion: z.string(),
  metadata: z.object({ timestamp: z.string().optional(), component: z.unknown().optional() }).optional(),
  components: z.array(z.unknown()).optional(),
});

const externalRef = z.object({ referenceCategory: z.string().optional(), referenceType: z.string(), referenceLocator: z.string() });

/** One SPDX package. */
export const spdxPackage = z.object({
  SPDXID: z.string(),
  name: z.string().optional(),
  versionInfo: z.string().optional(),
  sourceInfo: z.string().optional(),
  description: z.string().optional(),
  comment: z.string().optional(),
  licenseDeclared: z.string().optional(),
  licenseConcluded: z.string().optional(),
  externalRefs: z.array(externalRef).optional(),
  attributionTexts: z.array(z.string()).optional(),
  primaryPackagePurpose: z.string().optional(),
});
export type SpdxPackageIn = z.infer<typeof spdxPackage>;

export const spdxRelationship = z.object({
  spdxElementId: z.string(),
  relationshipType: z.string(),
  relatedSpdxElement: z.string(),
  comment: z.string().optional(),
});
export type SpdxRelationshipIn = z.infer<typeof spdxRelationship>;

/** The SPDX document: packages and relationships are checked one at a time. */
export const spdxDocument = z.object({
  spdxVersion: z.string(),
  name: z.string().optional(),
  creationInfo: z.object({ created: z.string().optional(), creators: z.array(z.string()).optional() }).optional(),
  documentDescribes: z.array(z.string()).optional(),
  packages: z.array(z.unknown()).optional(),
  relationships: z.array(z.unknown()).optional(),
  hasExtractedLicensingInfos: z.array(z.unknown()).optional(),
});

export const spdxExtractedLicense = z.object({ licenseId: z.string(), name: z.string().optional() });
