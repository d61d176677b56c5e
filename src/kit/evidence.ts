// What a fact of the evidence catalogue is, and how it reads. The facts themselves are the catalogue in
// suites/evidence, which names its ids in FactIds below; the kit never imports it. The registry
// (src/runner/registry.ts) hands the catalogue to planChecks, which resolves each check's ids to its facts.

/**
 * How sure a fact is. R: RFC 7643/7644 says it. C: the client's own documentation or templates say it (Microsoft's for
 * Entra, Okta's for okta. facts). S: field reports (vendors' logs, runs of Microsoft's SCIM Validator). U: nobody confirms
 * it. D: a draft profile (an Internet-Draft) says it; a check may fail a server on it only in a run that asks for that
 * standard (--standard).
 */
export type Mark = 'R' | 'C' | 'S' | 'U' | 'D';

interface Common {
  /** The requirement, in one or two sentences. */
  gist: string;
  /** Why the fact stays in the catalogue although no check cites it (the lint accepts only such facts uncited). */
  context?: string;
}

/** A requirement of RFC 7643 or RFC 7644, at the section that states it (`title`: the section's title). */
export interface RfcFact extends Common {
  mark: 'R';
  rfc: 7643 | 7644;
  section: string;
  title: string;
}

/** A behaviour the client's maker documents: `doc` names the page (or template) in a few words, `url` is where it is. */
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

/** A requirement of a draft profile, at the section of the version implemented that states it (`title`: its title). */
export interface DraftFact extends Common {
  mark: 'D';
  /** The Internet-Draft's name without its version, e.g. draft-zollner-scim-interop-profile. */
  draft: string;
  /** The version whose text is implemented, e.g. 01. */
  version: string;
  section: string;
  title: string;
  /** What is known of later versions (one that could not be read, say). */
  versionNote?: string;
}

export type Fact = RfcFact | DocFact | ReportFact | DraftFact;

/**
 * The ids of the catalogue: suites/evidence/index.ts adds one key per fact to this interface (a module augmentation),
 * so FactId is the closed union of the catalogue's ids and a check citing any other id does not compile.
 */
export interface FactIds {}
export type FactId = keyof FactIds & string;

/** A fact as a planned check carries it: resolved from the catalogue, with its id. */
export type CitedFact = Fact & { id: FactId };

export function factUrl(fact: Fact): string | undefined {
  if (fact.mark === 'D') return `https://datatracker.ietf.org/doc/html/${fact.draft}-${fact.version}#section-${fact.section}`;
  return fact.mark === 'R' ? `https://www.rfc-editor.org/rfc/rfc${fact.rfc}#section-${fact.section}` : fact.url;
}

/** Whose documentation a confirmed fact is: Okta's pages are on okta.com, everything else is Microsoft's. */
export function docOwner(fact: DocFact): 'Microsoft' | 'Okta' {
  const host = new URL(fact.url).hostname;
  return host === 'okta.com' || host.endsWith('.okta.com') ? 'Okta' : 'Microsoft';
}

/**
 * Where the fact comes from, in a few words: "RFC 7644 §3.6", "draft-zollner-scim-interop-profile-01 §6.5.1.1",
 * "Microsoft, SCIM endpoint tutorial", "Okta, SCIM 2.0 reference", "field reports".
 */
export function factSource(fact: Fact): string {
  if (fact.mark === 'R') return `RFC ${fact.rfc} §${fact.section}`;
  if (fact.mark === 'D') return `${fact.draft}-${fact.version} §${fact.section}`;
  if (fact.mark === 'C') return `${docOwner(fact)}, ${fact.doc}`;
  return fact.mark === 'S' ? 'field reports' : 'unconfirmed';
}

/**
 * One line: mark, source, gist, what was reported (S) or why nothing confirms it (U), link.
 * "[R] RFC 7644 §3.6 (Deleting Resources): A successful DELETE answers 204 No Content. https://www.rfc-editor.org/..."
 */
export function factLine(fact: Fact): string {
  const source = `${factSource(fact)}${fact.mark === 'R' || fact.mark === 'D' ? ` (${fact.title})` : ''}`;
  const reported = fact.mark === 'S' ? ` Reported: ${fact.report}` : fact.mark === 'U' ? ` Why unconfirmed: ${fact.report}` : '';
  const url = factUrl(fact);
  return `[${fact.mark}] ${source}: ${fact.gist}${reported}${url ? ` ${url}` : ''}`;
}
