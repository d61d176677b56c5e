// The check-author's kit: everything a check in suites/ may import, and nothing else (test/layers.test.ts holds
// suites/ to it). A check asserts and requires through the context it is given (ctx.expect, ctx.require, ctx.fail,
// ctx.precondition); besides defineCheck, what is exported here asserts nothing: variants, PATCH bodies, paths, values.
// Below the kit sit HTTP (src/http: client, auth, flow control, redaction) and cleanup (src/cleanup: ledger,
// ownership, sweep), which checks reach only through the context too.
export { defineCheck, pathKey, type Dialect, type Level, type Requirement, type Variant } from './check.ts';
export type { CitedFact, DocFact, DraftFact, Fact, FactId, FactIds, Mark, ReportFact, RfcFact } from './evidence.ts';
export type { CheckContext } from './context.ts';
export { statusText } from './expectations.ts';
export type { CoverageItem } from './coverage.ts';
export { describeMismatches, mismatches } from './compare.ts';
export { dialectVariants, PATCH_OK, profileDialects } from './dialect-variants.ts';
export { NotApplicable, NotJudged } from './failure.ts';
export { addMembers, patchBody, removeMembers } from './group-members.ts';
export { buildPatch, PATCH_SCHEMA, type PatchBody, type PatchOperation } from './patch-dialects.ts';
export { filterAttributes, hasLetterCase, matchingAttribute, matchingAttributes } from './profile-attributes.ts';
export { eqFilter, getPath, isValuePath, MANAGER_PATH, parsePath, property, setPath } from './scim-path.ts';
export { hasDirectoryValue, swapCase, type DirectoryForm } from './values.ts';
export type { Exchange } from '../http/client.ts';
export type { AttributeMapping, Profile } from '../generated/index.ts';
