// What a conformance check is: a plain value. The registry collects them from suites/**/*.check.ts and
// one vitest entry turns each (check, variant) pair into a test.
import type { Profile } from '../generated/index.ts';
import type { CheckContext } from './context.ts';
import type { CoverageItem } from './coverage.ts';
import type { FactId } from '../../suites/evidence/index.ts';

export type Level = 'MUST' | 'SHOULD' | 'MAY';

/**
 * Closed word list: what a check needs. From the profile or the run (runner/selection.ts): without groups or a mapped
 * manager the check is skipped; without credentials (auth none) an authentication check is reported not judged. From
 * the target, nothing is skipped: Entra uses PATCH, filters and /Groups whatever the target declares, so a failure only
 * adds a Declared: line when the target declares patch, filter or groups unsupported (discovery.ts, declaredUnsupported).
 */
export type Requirement = 'groups' | 'filter' | 'patch' | 'manager' | 'authentication';

export type Area = 'connection' | 'users' | 'groups' | 'discovery';

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
  id: string;
  title: string;
  area: Area;
  /** Capability under test, e.g. "filter", "create": the Allure feature. */
  feature: string;
  level: Level;
  /** The facts of the evidence catalogue (suites/evidence) the check rests on; their marks bound its level. */
  evidence: FactId[];
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

/** One runnable unit: a check, or one variant of it. */
export interface PlannedCheck {
  id: string;
  title: string;
  area: Area;
  feature: string;
  level: Level;
  evidence: FactId[];
  requires: Requirement[];
  mutates: boolean;
  fix: string;
  covers: CoverageItem[];
  chain: number;
  phase: Phase;
  dialect?: Dialect;
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

/** Expands every check into its variants against a profile. */
export function planChecks(definitions: { file: string; check: CheckDefinition<any> }[], profile: Profile): PlannedCheck[] {
  const planned: PlannedCheck[] = [];
  for (const { file, check } of definitions) {
    const base = {
      area: check.area,
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
        evidence: check.evidence,
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
        evidence: variant.evidence ?? check.evidence,
        covers: variant.covers ?? base.covers,
        ...(variant.dialect ? { dialect: variant.dialect } : {}),
        run: (ctx) => check.run(ctx, variant.value),
      });
    }
  }
  return planned.sort((a, b) => a.id.localeCompare(b.id));
}
