// The evidence catalogue (suites/evidence) is data, linted here: every citation resolves, every fact is cited, every
// source can be followed, and no check is stricter than the facts it rests on. Also: nothing the repository holds
// points at a file outside it.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planChecks } from '../src/kit/check.ts';
import { type Fact, type FactId, factLine, factUrl } from '../src/kit/evidence.ts';
import { bundledProfiles, loadProfile } from '../src/profiles/load-profile.ts';
import { loadPlan } from '../src/runner/registry.ts';
import { CATALOGUE, FACTS } from '../suites/evidence/index.ts';
import { INTEROP_DRAFT, INTEROP_SECTIONS } from '../suites/evidence/interop.ts';
import { RFC_SECTIONS } from '../suites/evidence/rfc-sections.ts';
import { ROOT } from './support/cli.ts';

// Every bundled profile: variants (and the facts only they cite) depend on what a profile maps.
const plans = await Promise.all(bundledProfiles().map(async (name) => loadPlan(loadProfile(name).profile)));
const planned = plans.flat();
const entries = Object.entries(FACTS) as [FactId, Fact][];

describe('the evidence catalogue', () => {
  it('holds each id once across its modules, each in the module of its source', () => {
    const modules = Object.values(CATALOGUE).map((facts) => Object.keys(facts));
    expect(modules.flat().length).toBe(entries.length);
    // <source>.<topic>: rfc7643. and rfc7644. for the RFCs (with the section), entra. for Entra and okta. for Okta whatever its mark.
    for (const [id, fact] of entries) {
      expect(id, id).toMatch(/^[a-z][a-z0-9]*(\.[a-z0-9][a-z0-9-]*)+$/);
      expect(id.startsWith('rfc'), id).toBe(fact.mark === 'R');
    }
  });

  it('resolves every id a check or a variant cites, and refuses one the catalogue does not hold', () => {
    for (const check of planned) {
      for (const fact of check.evidence) expect(fact, `${check.id}: ${fact.id}`).toEqual({ ...FACTS[fact.id], id: fact.id });
      expect(new Set(check.evidence.map((f) => f.id)).size, `${check.id} cites a fact twice`).toBe(check.evidence.length);
    }
    // What the compiler refuses in a check, the plan refuses at run time (a check from JavaScript, a fact removed).
    const stray = { ...planned[0]!, id: 'users.get.stray', evidence: ['rfc7644.no-such-fact'], run: async () => undefined };
    expect(() => planChecks([{ file: 'users/get.check.ts', check: stray as never }], loadProfile('entra').profile, FACTS)).toThrow(
      /users\.get\.stray \(users\/get\.check\.ts\) cites rfc7644\.no-such-fact/,
    );
  });

  it('has no dead facts: each is cited by some check, or says why it is kept as context', () => {
    const cited = new Set(planned.flatMap((c) => c.evidence.map((f) => f.id)));
    const dead = entries.filter(([id, fact]) => !cited.has(id) && !fact.context).map(([id]) => id);
    expect(dead).toEqual([]);
    for (const [id, fact] of entries) if (fact.context) expect(fact.context.length, id).toBeGreaterThan(20);
  });

  it('gives each fact a gist of a sentence or two', () => {
    for (const [id, fact] of entries) {
      expect(fact.gist, id).toMatch(/^\S.*[.)]$/);
      expect(fact.gist.length, id).toBeLessThanOrEqual(320);
      expect(fact.gist.split(/[.;:] /).length, id).toBeLessThanOrEqual(4);
    }
  });

  it('names an RFC section that exists, and the id carries it', () => {
    for (const [id, fact] of entries) {
      if (fact.mark !== 'R') continue;
      expect(RFC_SECTIONS[fact.rfc][fact.section], `${id}: RFC ${fact.rfc} has no section ${fact.section}`).toBeDefined();
      expect(id.startsWith(`rfc${fact.rfc}.${fact.section}.`), id).toBe(true);
    }
  });

  it('names for every draft fact the draft, the version implemented and a section of it, and the id carries the section', () => {
    for (const [id, fact] of entries) {
      expect(id.startsWith('interop.'), id).toBe(fact.mark === 'D');
      if (fact.mark !== 'D') continue;
      expect([fact.draft, fact.version], id).toEqual([INTEROP_DRAFT.draft, INTEROP_DRAFT.version]);
      expect(fact.version, id).toMatch(/^\d{2}$/);
      expect(INTEROP_SECTIONS[fact.section], `${id}: ${fact.draft}-${fact.version} has no section ${fact.section}`).toBe(fact.title);
      expect(id.startsWith(`interop.${fact.section}.`), id).toBe(true);
      expect(factUrl(fact), id).toBe(`https://datatracker.ietf.org/doc/html/${fact.draft}-${fact.version}#section-${fact.section}`);
      expect(factLine(fact), id).toContain(`${fact.draft}-${fact.version} §${fact.section}`);
    }
  });

  it('points every confirmed fact at a page its maker owns: okta. facts at okta.com, the others at Microsoft', () => {
    const microsoft = (url: string) => {
      const { protocol, hostname, pathname } = new URL(url);
      if (protocol !== 'https:') return false;
      if (hostname === 'microsoft.com' || hostname.endsWith('.microsoft.com')) return true;
      return hostname === 'github.com' && /^\/(AzureAD|microsoft|MicrosoftDocs)\//.test(pathname);
    };
    const okta = (url: string) => {
      const { protocol, hostname } = new URL(url);
      return protocol === 'https:' && (hostname === 'okta.com' || hostname.endsWith('.okta.com'));
    };
    for (const [id, fact] of entries) {
      if (fact.mark === 'C') expect((id.startsWith('okta.') ? okta : microsoft)(fact.url), `${id}: ${fact.url}`).toBe(true);
    }
  });

  it("sends Okta's requests in every check that cites an okta. fact", () => {
    const wrong = planned.filter((c) => c.evidence.some((f) => f.id.startsWith('okta.')) && !c.clients.includes('okta')).map((c) => c.id);
    expect([...new Set(wrong)]).toEqual([]);
  });

  it('says for every field report what was reported and where, and why an unconfirmed fact is unconfirmed', () => {
    for (const [id, fact] of entries) {
      if (fact.mark !== 'S' && fact.mark !== 'U') continue;
      expect(fact.report.length, id).toBeGreaterThan(30);
      if (fact.url) expect(new URL(fact.url).protocol, id).toBe('https:');
    }
  });
});

describe('levels stay within their evidence', () => {
  const marks = (check: (typeof planned)[number]) => check.evidence.map((fact) => fact.mark);

  it("fails a server (MUST) only on an RFC or a Microsoft-confirmed fact, or on a draft fact in its standard's own mode", () => {
    // A draft's requirement may fail a server only where the run asks for that standard (the check has `standard`).
    const strong = (c: (typeof planned)[number]) =>
      marks(c).some((m) => m === 'R' || m === 'C') || (c.standard !== undefined && marks(c).includes('D'));
    const wrong = planned.filter((c) => c.level === 'MUST' && !strong(c)).map((c) => c.id);
    expect([...new Set(wrong)]).toEqual([]);
  });

  it('makes a field report at most SHOULD, and an unconfirmed fact never more than MAY', () => {
    const tooStrong = planned
      .filter((c) => {
        const best = marks(c).some((m) => m === 'R' || m === 'C') ? 'strong' : marks(c).some((m) => m === 'S') ? 'S' : 'U';
        return marks(c).includes('D') ? false : (best === 'S' && c.level === 'MUST') || (best === 'U' && c.level !== 'MAY');
      })
      .map((c) => c.id);
    expect([...new Set(tooStrong)]).toEqual([]);
  });

  it("holds a check of a standard to that standard's facts, and a check of no standard citing a draft to SHOULD at most", () => {
    // Of no standard: a draft is no more than a field report (there is none such now).
    const unbound = planned.filter((c) => c.standard === undefined && marks(c).includes('D'));
    expect(unbound.filter((c) => c.level === 'MUST').map((c) => c.id)).toEqual([]);
    for (const check of planned.filter((c) => c.standard === 'interop')) {
      expect(marks(check), `${check.id} cites no fact of the interoperability profile`).toContain('D');
      expect(check.area, check.id).toBe('interop');
    }
    expect(planned.filter((c) => c.area === 'interop' && c.standard !== 'interop').map((c) => c.id)).toEqual([]);
  });
});

/** The repository's own files (git ls-files), or undefined outside a git checkout (an unpacked package). */
function trackedFiles(): string[] | undefined {
  try {
    return execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  } catch {
    return undefined;
  }
}

const tracked = trackedFiles();

describe('nothing in the repository points outside it', () => {
  // Spelt in pieces, so that this file does not match itself.
  const notes = ['entra', 'okta'].map((name) => `${name}-${'protocol'}.md`).concat([['interop', 'profile.md'].join('-')]);
  const outside: Array<[string, RegExp]> = [
    ...notes.map((note): [string, RegExp] => [note, new RegExp(note.replace('.', '\\.'))]),
    ['a path in the work folder of a machine', new RegExp(`(^|[\\s'"\`(=:])/${'work'}/`)],
    ['a home directory', new RegExp(`(^|[\\s'"\`(=:])(/${'home'}/[a-z_][\\w.-]*/|/${'root'}/|[A-Za-z]:\\\\${'Users'}\\\\)`)],
    [
      'a macOS home directory',
      new RegExp(`/${'Users'}/[A-Za-z][\\w.-]*/(Desktop|Documents|Downloads|Library|Projects|projects|src|dev|code|git|repos|work)/`),
    ],
  ];

  it.skipIf(!tracked)('names no file outside it: no notes kept elsewhere, no path on a developer machine', () => {
    const hits: string[] = [];
    for (const file of tracked!) {
      let text: string;
      try {
        text = readFileSync(join(ROOT, file), 'utf8');
      } catch {
        continue; // listed but absent (deleted in the work tree)
      }
      if (text.includes('\0')) continue; // binary
      for (const [index, line] of text.split('\n').entries()) {
        for (const [what, pattern] of outside) if (pattern.test(line)) hits.push(`${file}:${index + 1}: ${what}`);
        // A relative path to "shared" must stay inside the repository (suites/shared is inside it).
        for (const match of line.matchAll(/(?:\.\.\/)+shared\b/g)) {
          const target = resolve(dirname(join(ROOT, file)), match[0]);
          if (relative(ROOT, target).startsWith('..')) hits.push(`${file}:${index + 1}: ${match[0]} leaves the repository`);
        }
      }
    }
    expect(hits).toEqual([]);
  });
});
