// What a conformance check is: a plain value. The registry collects them from suites/**/*.check.ts and
// one vitest entry turns each (check, variant) pair into a test.
import type { Profile } from '../generated/index.ts';
import type { CheckContext } from './context.ts';
import type { CoverageItem } from './coverage.ts';

export type Level = 'MUST' | 'SHOULD' | 'MAY';

/** How sure the fact behind a requirement is: R = RFC, C = Microsoft docs, S = field reports, U = unconfirmed. */
export type Evidence = 'R' | 'C' | 'S' | 'U';

export interface SpecRef {
  source: 'RFC7643' | 'RFC7644' | 'Entra';
  /** RFC section, e.g. "3.4.2.2". */
  section?: string;
  /** For Entra facts: the topic, e.g. "matching attributes". */
  topic?: string;
  evidence: Evidence;
  url?: string;
}

/**
 * Closed word list: what a check needs. From the profile or the run, a check is skipped without it (runner/selection.ts:
 * groups, manager, authentication). From the target, it never is: Entra uses PATCH, filters and /Groups whatever the
 * target declares, so a failure only adds that the target declares patch, filter or groups unsupported (context.ts).
 */
export type Requirement = 'users' | 'groups' | 'filter' | 'patch' | 'manager' | 'authentication';

/** The folder under suites/ a check lives in, and its id's first segment. */
export const AREAS = ['connection', 'users', 'groups', 'discovery'] as const;
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
  spec?: SpecRef[];
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
  spec: SpecRef[];
  requires?: Requirement[];
  /** Creates, changes or deletes resources. */
  mutates: boolean;
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
export interface PlannedCheck extends Omit<CheckDefinition, 'variants' | 'run' | 'requires' | 'covers' | 'chain' | 'phase'> {
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

const RFC_BASE: Record<string, string> = {
  RFC7643: 'https://www.rfc-editor.org/rfc/rfc7643',
  RFC7644: 'https://www.rfc-editor.org/rfc/rfc7644',
};

/** Microsoft's SCIM endpoint tutorial and its page on the PATCH dialects (the aadOptscim062020 flag). */
export const ENTRA_TUTORIAL = 'https://learn.microsoft.com/en-us/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups';
/** Microsoft's requirements for provisioning apps in the Entra application gallery. */
export const GALLERY_REQUIREMENTS =
  'https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/app-gallery-user-provisioning-requirements';
export const ENTRA_COMPATIBILITY =
  'https://learn.microsoft.com/en-us/entra/identity/app-provisioning/application-provisioning-config-problem-scim-compatibility';

export function specUrl(ref: SpecRef): string | undefined {
  if (ref.url) return ref.url;
  // Field reports and unconfirmed facts have no page to point at; confirmed ones default to the tutorial.
  if (ref.source === 'Entra') return ref.evidence === 'C' ? ENTRA_TUTORIAL : undefined;
  const base = RFC_BASE[ref.source];
  if (!base) return undefined;
  return ref.section ? `${base}#section-${ref.section}` : base;
}

export function specLabel(ref: SpecRef): string {
  const where = ref.section ? `§${ref.section}` : (ref.topic ?? '');
  return `${ref.source === 'Entra' ? 'Microsoft Entra' : `RFC ${ref.source.slice(3)}`} ${where} [${ref.evidence}]`.trim();
}

/** The area of a check file (relative to suites/): its folder. The registry refuses a file outside the areas. */
export function areaOf(file: string): Area {
  const folder = file.split(/[\\/]/)[0] ?? '';
  return (AREAS as readonly string[]).includes(folder) ? (folder as Area) : 'users';
}

/** Expands every check into its variants against a profile. */
export function planChecks(definitions: { file: string; check: CheckDefinition<any> }[], profile: Profile): PlannedCheck[] {
  const planned: PlannedCheck[] = [];
  for (const { file, check } of definitions) {
    const base = {
      area: areaOf(file),
      feature: check.feature,
      requires: check.requires ?? [],
      mutates: check.mutates,
      fix: check.fix,
      covers: check.covers ?? [],
      chain: check.chain ?? 4,
      phase: check.phase ?? 'main',
      file,
    };
    if (!check.variants) {
      planned.push({
        ...base,
        id: check.id,
        title: check.title,
        level: check.level,
        spec: check.spec,
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
        spec: variant.spec ?? check.spec,
        covers: variant.covers ?? base.covers,
        ...(variant.dialect ? { dialect: variant.dialect } : {}),
        run: (ctx) => check.run(ctx, variant.value),
      });
    }
  }
  return planned.sort((a, b) => a.id.localeCompare(b.id));
}
