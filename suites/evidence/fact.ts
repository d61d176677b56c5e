// What one fact of the evidence catalogue is: a requirement in a sentence or two, how sure it is (its mark), and
// where a reader can check it. Checks cite facts by id (index.ts); the mark of the facts a check cites bounds its level.
import { RFC_SECTIONS, type RfcNumber } from './rfc-sections.ts';

/**
 * How sure a fact is. R: RFC 7643/7644 says it. C: Microsoft's own documentation or templates say it. S: field reports
 * (vendors' logs, runs of Microsoft's SCIM Validator). U: nobody confirms it. D: reserved for the facts of a draft
 * profile, which no catalogue module holds yet.
 */
export type Mark = 'R' | 'C' | 'S' | 'U' | 'D';

interface Common {
  /** The requirement, in one or two sentences. */
  gist: string;
  /** Why the fact stays in the catalogue although no check cites it (the lint accepts only such facts uncited). */
  context?: string;
}

/** A requirement of RFC 7643 or RFC 7644, at the section that states it. */
export interface RfcFact extends Common {
  mark: 'R';
  rfc: RfcNumber;
  section: string;
}

/** A behaviour Microsoft documents: `doc` names the page (or template) in a few words, `url` is where it is. */
export interface DocFact extends Common {
  mark: 'C';
  doc: string;
  url: string;
}

/** A behaviour only reported in the field (S), or not confirmed at all (U): `report` says what was seen and where. */
export interface ReportFact extends Common {
  mark: 'S' | 'U';
  report: string;
  url?: string;
}

export type Fact = RfcFact | DocFact | ReportFact;

export function rfc(number: RfcNumber, section: string, gist: string): RfcFact {
  return { mark: 'R', rfc: number, section, gist };
}

export function rfcUrl(number: RfcNumber, section: string): string {
  return `https://www.rfc-editor.org/rfc/rfc${number}#section-${section}`;
}

export function factUrl(fact: Fact): string | undefined {
  return fact.mark === 'R' ? rfcUrl(fact.rfc, fact.section) : fact.url;
}

/** Where the fact comes from, in a few words: "RFC 7644 §3.6", "Microsoft, SCIM endpoint tutorial", "field reports". */
export function factSource(fact: Fact): string {
  if (fact.mark === 'R') return `RFC ${fact.rfc} §${fact.section}`;
  if (fact.mark === 'C') return `Microsoft, ${fact.doc}`;
  return fact.mark === 'S' ? 'field reports' : 'unconfirmed';
}

/** The title of an RFC fact's section, e.g. "Deleting Resources" (undefined for other facts). */
export function sectionTitle(fact: Fact): string | undefined {
  return fact.mark === 'R' ? RFC_SECTIONS[fact.rfc][fact.section] : undefined;
}

/**
 * One line: mark, source, gist, what was reported (S) or why nothing confirms it (U), link.
 * "[R] RFC 7644 §3.6 (Deleting Resources): A successful DELETE answers 204 No Content. https://www.rfc-editor.org/..."
 */
export function factLine(fact: Fact): string {
  const title = sectionTitle(fact);
  const source = `${factSource(fact)}${title ? ` (${title})` : ''}`;
  const reported = fact.mark === 'S' ? ` Reported: ${fact.report}` : fact.mark === 'U' ? ` Why unconfirmed: ${fact.report}` : '';
  const url = factUrl(fact);
  return `[${fact.mark}] ${source}: ${fact.gist}${reported}${url ? ` ${url}` : ''}`;
}
