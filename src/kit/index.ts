// The check-author's kit: everything a check in suites/ may import, and nothing else (test/layers.test.ts holds
// suites/ to it). Below it sit HTTP (src/http: client, auth, flow control, redaction) and cleanup (src/cleanup:
// ledger, ownership, sweep), which checks reach only through the context they are given.
export {
  defineCheck,
  ENTRA_COMPATIBILITY,
  GALLERY_REQUIREMENTS,
  pathKey,
  type Dialect,
  type Level,
  type SpecRef,
  type Variant,
} from './check.ts';
export { statusText, type CheckContext } from './context.ts';
export type { CoverageItem } from './coverage.ts';
export { describeMismatches, mismatches } from './compare.ts';
export { dialectVariants, PATCH_OK, profileDialects } from './dialect-variants.ts';
export { NotJudged } from './failure.ts';
export { addMembers, expectMembers, GROUP_PATCH_OK, patchBody, patchGroup, removeMembers } from './group-members.ts';
export { expectExactlyOne, expectListResponse } from './list-response.ts';
export { buildPatch, PATCH_SCHEMA, type PatchBody, type PatchOperation } from './patch-dialects.ts';
export { filterAttributes, hasLetterCase, matchingAttributes } from './profile-attributes.ts';
export { requireGroup, requireUser, requireUsers } from './required-resources.ts';
export { eqFilter, getPath, isValuePath, MANAGER_PATH, parsePath, setPath } from './scim-path.ts';
export { hasDirectoryValue, swapCase, type DirectoryForm } from './values.ts';
export type { Exchange } from '../http/client.ts';
export type { AttributeMapping, Profile } from '../generated/index.ts';
