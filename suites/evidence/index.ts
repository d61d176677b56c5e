// The evidence catalogue: every fact a check rests on, by a stable id. A check cites ids (`evidence: ['rfc7644.3.6.gone']`);
// the ids below are all FactId admits (the augmentation at the end), so a misspelt citation does not compile. The
// registry hands FACTS to the plan, which resolves each check's ids. The lint (test/evidence.test.ts) checks the
// rest: no fact uncited, RFC sections that exist, sources a reader can follow.
import type { Fact } from '../../src/kit/index.ts';
import { ENTRA_FACTS } from './entra.ts';
import { FIELD_REPORTS } from './field-reports.ts';
import { INTEROP_FACTS } from './interop.ts';
import { OKTA_FACTS } from './okta.ts';
import { RFC7643_FACTS } from './rfc7643.ts';
import { RFC7644_FACTS } from './rfc7644.ts';

/** The catalogue's modules by source; ids never repeat across them (the lint checks it). */
export const CATALOGUE = {
  'RFC 7643': RFC7643_FACTS,
  'RFC 7644': RFC7644_FACTS,
  'Microsoft Entra': ENTRA_FACTS,
  'field reports': FIELD_REPORTS,
  'interoperability profile (draft)': INTEROP_FACTS,
  Okta: OKTA_FACTS,
} as const;

export const FACTS = {
  ...RFC7643_FACTS,
  ...RFC7644_FACTS,
  ...ENTRA_FACTS,
  ...FIELD_REPORTS,
  ...INTEROP_FACTS,
  ...OKTA_FACTS,
} satisfies Record<string, Fact>;

declare module '../../src/kit/index.ts' {
  /** One key per fact of the catalogue: FactId is exactly these ids. */
  interface FactIds extends Record<keyof typeof FACTS, true> {}
}
