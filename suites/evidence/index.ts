// The evidence catalogue: every fact a check rests on, by a stable id. A check cites ids (`evidence: ['rfc7644.3.6.gone']`);
// FactId is the closed union of the ids below, so a misspelt citation does not compile. The lint
// (test/evidence.test.ts) checks the rest: no fact uncited, RFC sections that exist, sources a reader can follow.
import { type Fact, factLine } from './fact.ts';
import { ENTRA_FACTS } from './entra.ts';
import { FIELD_REPORTS } from './field-reports.ts';
import { RFC7643_FACTS } from './rfc7643.ts';
import { RFC7644_FACTS } from './rfc7644.ts';

export { type Fact, factLine, factSource, factUrl, type Mark } from './fact.ts';

/** The catalogue's modules by source; ids never repeat across them (the lint checks it). */
export const CATALOGUE = {
  'RFC 7643': RFC7643_FACTS,
  'RFC 7644': RFC7644_FACTS,
  'Microsoft Entra': ENTRA_FACTS,
  'field reports': FIELD_REPORTS,
} as const;

export const FACTS = { ...RFC7643_FACTS, ...RFC7644_FACTS, ...ENTRA_FACTS, ...FIELD_REPORTS } satisfies Record<string, Fact>;

export type FactId = keyof typeof FACTS;

export function fact(id: FactId): Fact {
  return FACTS[id];
}

/** "[R] RFC 7644 §3.6 (Deleting Resources): A successful DELETE answers 204 No Content. https://..." */
export function describeFact(id: FactId): string {
  return factLine(FACTS[id]);
}
