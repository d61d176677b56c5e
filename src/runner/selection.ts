// Which checks run, and why any that do not run are skipped. Reasons stay distinct: excluded by the profile, not
// provisioned or mapped by the profile (requires groups, manager), left out by --read-only. A check of authentication
// in a run without credentials is not skipped but not judged. What the target declares unsupported skips nothing (Entra
// uses it regardless); a failure says so in a Declared: line instead (kit/context.ts).
import type { Profile } from '../generated/index.ts';
import type { Client, PlannedCheck, Standard } from '../kit/check.ts';
import { idMatcher, loadPlan } from './registry.ts';
import { MANAGER_PATH } from '../kit/scim-path.ts';

export interface Selected {
  check: PlannedCheck;
  skipReason?: string;
  /** Runs nothing, and is reported as not judged (never as passed): the run cannot produce the answer it needs. */
  notJudged?: string;
}

function exclusionReason(profile: Profile, id: string): string | undefined {
  for (const exclusion of profile.exclusions ?? []) {
    if (idMatcher([exclusion.check])(id)) return `excluded by profile ${profile.name}: ${exclusion.reason}`;
  }
  return undefined;
}

function mapsManager(profile: Profile): boolean {
  return profile.users.attributes.some((a) => a.path.toLowerCase() === MANAGER_PATH.toLowerCase());
}

export interface RunFacts {
  /** How this run authenticates; with none there is no authentication to probe. */
  authMode: string;
  /** --read-only: only checks that create, change and delete nothing. */
  readOnly?: boolean;
  /** Whose requests the run sends (default Entra's); checks for other clients are left out, not skipped. */
  clients?: readonly Client[];
  /** Standards asked for; a standard's checks are left out without it. */
  standards?: readonly Standard[];
}

/** Whether a check belongs in this run at all: one of its clients is the run's, and its standard (if any) asked for. */
export function inRun(check: Pick<PlannedCheck, 'clients' | 'standard'>, facts: Pick<RunFacts, 'clients' | 'standards'>): boolean {
  const clients = facts.clients ?? ['entra'];
  if (!check.clients.some((c) => clients.includes(c))) return false;
  return check.standard === undefined || (facts.standards ?? []).includes(check.standard);
}

export async function selectChecks(profile: Profile, only: string[], facts: RunFacts): Promise<Selected[]> {
  const wanted = idMatcher(only);
  const selected: Selected[] = [];
  for (const check of await loadPlan(profile)) {
    if (!wanted(check.id) || !inRun(check, facts)) continue;
    let skipReason = exclusionReason(profile, check.id);
    if (!skipReason && check.requires.includes('groups') && !(profile.groups && profile.groups.enabled !== false)) {
      skipReason = `profile ${profile.name} provisions no groups`;
    }
    if (!skipReason && check.requires.includes('manager') && !mapsManager(profile)) {
      skipReason = `profile ${profile.name} maps no manager`;
    }
    if (!skipReason && facts.readOnly && check.mutates) {
      skipReason = 'left out by --read-only: it creates, changes or deletes resources';
    }
    if (!skipReason && check.requires.includes('authentication') && facts.authMode === 'none') {
      // Not a skip: an endpoint without authentication is exactly what this check exists to catch.
      selected.push({
        check,
        notJudged: 'the run sends no credentials (auth none): whether the endpoint refuses requests without them was not probed',
      });
      continue;
    }
    selected.push(skipReason ? { check, skipReason } : { check });
  }
  return selected;
}
