// What a conformance check is: a plain value. The registry collects them from suites/**/*.check.ts and
// one vitest entry turns each (check, variant) pair into a test.
import type { Profile } from '../generated/index.ts';
import type { CheckContext } from './context.ts';
import type { CoverageItem } from './coverage.ts';
import type { CitedFact, Fact, FactId } from './evidence.ts';

export type Level = 'MUST' | 'SHOULD' | 'MAY';

/**
 * Closed word list: what a check needs. From the profile or the run (runner/selection.ts): without groups or a mapped
 * manager the check is skipped; without credentials (auth none) an authentication check is reported not judged. From
 * the target, nothing is skipped: Entra uses PATCH, filters and /Groups whatever the target declares, so a failure only
 * adds a Declared: line when the target declares patch, filter or groups unsupported (discovery.ts, declaredUnsupported).
 */
export type Requirement = 'groups' | 'filter' | 'patch' | 'manager' | 'authentication';

/** The identity providers whose requests a check sends, shaped as each sends them (--client). */
export const CLIENTS = ['entra', 'okta'] as const;
export type Client = (typeof CLIENTS)[number];

/** Standards a run may be asked to hold a server to (--standard): their checks run only then. */
export const STANDARDS = ['interop'] as const;
export type Standard = (typeof STANDARDS)[number];

/** The folder under suites/ a check lives in, and its id's first segment. */
export const AREAS = ['connection', 'users', 'groups', 'discovery', 'interop'] as const;
export type Area = (typeof AREAS)[number];

/** Closed list: the capability a check is about (Allure's feature, JUnit's classname, the --list grouping). */
export const FEATURES = [
  'test connection',
  'authentication',
  'service provider config',
  'resource types',
  'schemas',
  'create',
  'read',
  'filter',
  'update',
  'soft delete',
  'delete',
  'pagination',
  'directory data',
  'manager',
  'membership',
] as const;
export type Feature = (typeof FEATURES)[number];

export type Phase = 'first' | 'main' | 'quiet';

/** Entra's two PATCH dialects (without a flag, and with ?aadOptscim062020 on the Tenant URL), and plain RFC 7644. */
export type Dialect = 'default' | 'aadOptscim062020' | 'rfc';

export interface Variant<V> {
  /** Appended to the check id: "<check id>.<key>". */
  key: string;
  /** Appended to the title. */
  title: string;
  value: V;
  dialect?: Dialect;
  /** A variant may rest on weaker evidence than the check (e.g. a wire form only reported in the field). */
  level?: Level;
  /** Replaces the check's evidence for this variant. */
  evidence?: FactId[];
  /** What Microsoft tests this variant alone stands for, when the check's variants stand for different ones. */
  covers?: CoverageItem[];
}

export interface CheckDefinition<V = void> {
  /** `<area>.<file>.<name>`: the folder under suites/ and the check file's name lead to where it is written. */
  id: string;
  title: string;
  /** Capability under test: the Allure feature. */
  feature: Feature;
  level: Level;
  /** The facts of the evidence catalogue (suites/evidence) the check rests on; their marks bound its level. */
  evidence: FactId[];
  requires?: Requirement[];
  /** Creates, changes or deletes resources. */
  mutates: boolean;
  /**
   * Whose requests the check sends (default: Entra's). A check whose requests every client sends the same way (a GET
   * by id, discovery) names them all and runs once however many clients the run is for.
   */
  clients?: Client[];
  /** The check holds the server to a standard's rules: it runs only when the run asks for that standard. */
  standard?: Standard;
  /** What a vendor should change when the check fails, in general terms; failures add specifics. */
  fix: string;
  /** The Microsoft validator or gallery tests this check stands for. */
  covers?: CoverageItem[];
  /**
   * About how many requests the check sends one after another (default 4). Against a remote endpoint every one costs
   * a round trip, so the longest chains start first and do not finish last.
   */
  chain?: number;
  /**
   * 'first': runs alone before every other check (Test Connection, whose failure stops Entra outright, and which the
   * HTML report then lists first). 'quiet': runs after every other check has finished, one at a time per endpoint,
   * so that nothing else of the run creates or deletes while it reads the whole list (paging walks).
   */
  phase?: Phase;
  variants?: (profile: Profile) => Variant<V>[];
  run(ctx: CheckContext, variant: V): Promise<void>;
}

/** One runnable unit: a check, or one variant of it, with its defaults filled in. */
export interface PlannedCheck extends Omit<
  CheckDefinition,
  'variants' | 'run' | 'evidence' | 'requires' | 'covers' | 'chain' | 'phase' | 'clients'
> {
  clients: Client[];
  /** The facts the check (or its variant) cites, resolved from the catalogue. */
  evidence: CitedFact[];
  /** From the folder the check file is in. */
  area: Area;
  requires: Requirement[];
  covers: CoverageItem[];
  chain: number;
  phase: Phase;
  dialect?: Dialect;
  /** The check file, relative to suites/. */
  file: string;
  run(ctx: CheckContext): Promise<void>;
}

/** A check-id segment for an attribute path: emails[type eq "work"].value -> emails-type-eq-work-value. */
export function pathKey(path: string): string {
  return path.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

export function defineCheck<V = void>(definition: CheckDefinition<V>): CheckDefinition<V> {
  return definition;
}

/** The area of a check file (relative to suites/): its folder. The registry refuses a file outside the areas. */
export function areaOf(file: string): Area {
  const folder = file.split(/[\\/]/)[0] ?? '';
  return (AREAS as readonly string[]).includes(folder) ? (folder as Area) : 'users';
}

/**
 * Expands every check into its variants against a profile, with the facts each cites taken from `facts` (the evidence
 * catalogue, which the registry passes).
 */
export function planChecks(
  definitions: { file: string; check: CheckDefinition<any> }[],
  profile: Profile,
  facts: Readonly<Record<FactId, Fact>>,
): PlannedCheck[] {
  const planned: PlannedCheck[] = [];
  for (const { file, check } of definitions) {
    // Compiled checks cite known ids; a check run from JavaScript, or an id the catalogue lost, is refused here.
    const cite = (ids: FactId[]): CitedFact[] =>
      ids.map((id) => {
        const fact = facts[id] as Fact | undefined;
        if (!fact) throw new Error(`check ${check.id} (${file}) cites ${id}, which the evidence catalogue (suites/evidence) does not hold`);
        return { ...fact, id };
      });
    const base = {
      area: areaOf(file),
      feature: check.feature,
      requires: check.requires ?? [],
      mutates: check.mutates,
      fix: check.fix,
      covers: check.covers ?? [],
      chain: check.chain ?? 4,
      phase: check.phase ?? 'main',
      clients: check.clients ?? ['entra'],
      ...(check.standard ? { standard: check.standard } : {}),
      file,
    };
    if (!check.variants) {
      planned.push({
        ...base,
        id: check.id,
        title: check.title,
        level: check.level,
        evidence: cite(check.evidence),
        run: (ctx) => check.run(ctx, undefined),
      });
      continue;
    }
    for (const variant of check.variants(profile)) {
      planned.push({
        ...base,
        id: `${check.id}.${variant.key}`,
        title: `${check.title} (${variant.title})`,
        level: variant.level ?? check.level,
        evidence: cite(variant.evidence ?? check.evidence),
        covers: variant.covers ?? base.covers,
        ...(variant.dialect ? { dialect: variant.dialect } : {}),
        run: (ctx) => check.run(ctx, variant.value),
      });
    }
  }
  return planned.sort((a, b) => a.id.localeCompare(b.id));
}
