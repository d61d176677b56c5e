// What Entra's initial cycle sends for each user and group of a profile: the bodies and the values the run
// filters on, made with the suite's own value factory so everything carries the run prefix.
import { runIdOf } from '../cleanup/ledger.ts';
import type { AttributeMapping, Profile } from '../generated/index.ts';
import { addMembers, patchBody } from '../kit/group-members.ts';
import { buildPatch, type PatchBody } from '../kit/patch-dialects.ts';
import { matchingAttributes } from '../kit/profile-attributes.ts';
import { eqFilter } from '../kit/scim-path.ts';
import { buildResource, type ValueFactory } from '../kit/values.ts';

export type LoadDialect = 'aadOptscim062020' | 'default';

export interface UserPlan {
  index: number;
  seed: number;
  body: Record<string, unknown>;
  /** The name the ledger records (userName). */
  name: string;
  /** The filter Entra sends before creating the user. */
  filter: string;
  /** The later update; undefined when the profile maps nothing Entra updates. */
  update?: PatchBody;
  softDelete?: PatchBody;
  /** Index of the group the user is a member of, if the profile provisions groups. */
  group?: number;
}

export interface GroupPlan {
  index: number;
  body: Record<string, unknown>;
  name: string;
  filter: string;
}

export interface WorkloadOptions {
  users: number;
  dialect: LoadDialect;
  /** Users per group (groups are made only when the profile provisions them). */
  groupSize: number;
  /** Every how many users one is soft-deleted: 10 means 10%. 0 for none. */
  softDeleteEvery: number;
}

/** Whether the profile provisions groups at all. */
export function provisionsGroups(profile: Profile): boolean {
  return profile.groups !== undefined && profile.groups.enabled !== false;
}

/** The attribute the later PATCH changes: one Entra updates, neither matching nor required if there is a choice. */
export function updateAttribute(profile: Profile): AttributeMapping | undefined {
  const candidates = profile.users.attributes.filter(
    (a) => a.onCreate !== false && a.updatable !== false && a.mapping !== 'constant' && a.generator !== 'constant' && a.type === 'string',
  );
  return candidates.find((a) => a.matching === undefined && a.required !== true) ?? candidates.find((a) => a.matching === undefined);
}

export class Workload {
  private readonly match: AttributeMapping;
  private readonly update: AttributeMapping | undefined;
  private readonly active: AttributeMapping | undefined;
  readonly groupCount: number;

  constructor(
    private readonly profile: Profile,
    private readonly values: ValueFactory,
    private readonly options: WorkloadOptions,
  ) {
    this.match = matchingAttributes(profile.users)[0]!;
    this.update = updateAttribute(profile);
    this.active = profile.users.attributes.find((a) => a.path === 'active');
    this.groupCount = provisionsGroups(profile) && options.users > 0 ? Math.ceil(options.users / options.groupSize) : 0;
  }

  /** The path the later PATCH changes, for the report. */
  get updatePath(): string | undefined {
    return this.update?.path;
  }

  get softDeletes(): boolean {
    return this.active !== undefined && this.options.softDeleteEvery > 0;
  }

  /** Members of group g: the users with index in [g * groupSize, (g + 1) * groupSize). */
  groupMembersPlanned(group: number): number {
    return Math.max(0, Math.min(this.options.groupSize, this.options.users - group * this.options.groupSize));
  }

  user(index: number): UserPlan {
    const seed = this.values.nextSeed();
    const attributes = this.profile.users.attributes.filter((a) => a.onCreate !== false);
    const values = new Map<string, unknown>();
    for (const attribute of attributes) values.set(attribute.path, this.value(attribute, seed, 0));
    const body = buildResource(this.profile.users.schemas ?? ['urn:ietf:params:scim:schemas:core:2.0:User'], attributes, values, 'User');
    const plan: UserPlan = {
      index,
      seed,
      body,
      name: String(values.get('userName') ?? values.get(this.match.path)),
      filter: eqFilter(this.match.path, String(values.get(this.match.path))),
    };
    if (this.update) plan.update = buildPatch(this.options.dialect, [{ path: this.update.path, value: this.value(this.update, seed, 1) }]);
    if (this.softDeletes && index % this.options.softDeleteEvery === this.options.softDeleteEvery - 1) {
      plan.softDelete = buildPatch(this.options.dialect, [{ path: 'active', value: false }]);
    }
    if (this.groupCount > 0) plan.group = Math.floor(index / this.options.groupSize);
    return plan;
  }

  group(index: number): GroupPlan {
    const seed = this.values.nextSeed();
    const mapping = this.profile.groups!;
    const attributes = mapping.attributes.filter((a) => a.onCreate !== false);
    const values = new Map<string, unknown>();
    for (const attribute of attributes) values.set(attribute.path, this.values.value(attribute, seed));
    if (!values.has('displayName')) values.set('displayName', `${this.values.prefix}-${seed} Group`);
    const body = buildResource(mapping.schemas ?? ['urn:ietf:params:scim:schemas:core:2.0:Group'], attributes, values, 'Group');
    body.displayName = values.get('displayName');
    const name = String(body.displayName);
    return { index, body, name, filter: eqFilter('displayName', name) };
  }

  membersPatch(ids: string[]): PatchBody {
    return patchBody(addMembers(this.options.dialect, ids));
  }

  /**
   * The suite's phone-digit values repeat after 1000 users, which a load run easily creates; here they are made
   * unique per run and user: 1, three digits of the run, the user's number in seven.
   */
  private value(attribute: AttributeMapping, seed: number, round: number): unknown {
    if (attribute.generator === 'phoneDigits' || (attribute.generator === 'digits' && attribute.matching !== undefined)) {
      const runNumber = Number.parseInt(runIdOf(this.values.prefix).slice(0, 8), 16);
      const run = String(Number.isFinite(runNumber) ? runNumber % 1000 : 0).padStart(3, '0');
      return `1${run}${String(seed * 10 + round)
        .padStart(7, '0')
        .slice(-7)}`;
    }
    return this.values.value(attribute, seed, round);
  }
}
