// The initial provisioning cycle, one request per task: for each user a filter, a create and later a PATCH
// (and for some a soft delete); groups created once members exist, then filled in batches. Workers take the next
// task (follow-ups before new users, so every kind of request keeps coming), wait for their turn at the
// requested rate and send it; the shared FlowControl in the client bounds what is in flight.
import type { Exchange, ScimClient } from '../http/client.ts';
import { PATCH_OK } from '../kit/dialect-variants.ts';
import { GROUP_PATCH_OK } from '../kit/group-members.ts';
import { type Endpoint, type Ledger, refusedCreate } from '../cleanup/ledger.ts';
import type { Ownership } from '../cleanup/ownership.ts';
import type { Figures } from './figures.ts';
import { Pacer } from './pacer.ts';
import type { GroupPlan, UserPlan, Workload } from './workload.ts';

export interface EngineOptions {
  client: ScimClient;
  workload: Workload;
  ownership: Ownership;
  ledger: Ledger;
  figures: Figures;
  users: number;
  rate: number | 'max';
  /** Workers taking tasks; the FlowControl limit bounds the requests actually in flight. */
  workers: number;
  /** Members per group PATCH. */
  groupBatch: number;
  /** Aborted at the end of --duration or on Ctrl-C: no new request goes out after it. */
  signal: AbortSignal;
}

export interface EngineCounts {
  usersStarted: number;
  usersCreated: number;
  /** Creates that left no resource with an id (an error, or 2xx without an id). */
  failedCreates: number;
  patched: number;
  softDeleted: number;
  groupsCreated: number;
  membersAdded: number;
}

interface GroupState {
  index: number;
  size: number;
  settled: number;
  pending: string[];
  state: 'waiting' | 'looking' | 'created' | 'failed';
  plan?: GroupPlan;
  id?: string;
}

type Task = () => Promise<void>;

export class LoadEngine {
  readonly counts: EngineCounts = {
    usersStarted: 0,
    usersCreated: 0,
    failedCreates: 0,
    patched: 0,
    softDeleted: 0,
    groupsCreated: 0,
    membersAdded: 0,
  };
  /** performance.now() when the first request went out and when the last one came back. */
  firstSentAt: number | undefined;
  lastDoneAt: number | undefined;
  /** Ids of the users created, and of those soft-deleted, for --walk to look for. */
  readonly userIds = new Set<string>();
  readonly softDeletedIds = new Set<string>();
  private readonly urgent: Task[] = [];
  private readonly followUps: Task[] = [];
  private readonly groups = new Map<number, GroupState>();
  private nextUser = 0;
  private running = 0;
  private waiters: Array<() => void> = [];
  private readonly pacer: Pacer;

  constructor(private readonly options: EngineOptions) {
    this.pacer = new Pacer(options.rate);
  }

  async run(): Promise<void> {
    const wake = () => this.wake();
    this.options.signal.addEventListener('abort', wake, { once: true });
    try {
      await Promise.all(Array.from({ length: this.options.workers }, () => this.worker()));
    } finally {
      this.options.signal.removeEventListener('abort', wake);
    }
  }

  private async worker(): Promise<void> {
    const { signal, figures } = this.options;
    while (!signal.aborted) {
      const task = this.pick();
      if (!task) {
        // Nothing to send now; a request still out may bring follow-ups. With none out, the cycle is complete.
        if (this.running === 0) {
          this.wake();
          return;
        }
        await new Promise<void>((resolve) => this.waiters.push(resolve));
        continue;
      }
      this.running += 1;
      try {
        if (!(await this.pacer.take(signal))) return;
        this.firstSentAt ??= performance.now();
        await task();
        this.lastDoneAt = performance.now();
      } catch (error) {
        figures.note(`internal error: ${(error as Error)?.message ?? String(error)}`);
      } finally {
        this.running -= 1;
        this.wake();
      }
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  private pick(): Task | undefined {
    const task = this.urgent.shift() ?? this.followUps.shift();
    if (task || this.nextUser >= this.options.users) return task;
    const plan = this.options.workload.user(this.nextUser);
    this.nextUser += 1;
    this.counts.usersStarted += 1;
    return () => this.filterUser(plan);
  }

  private async filterUser(plan: UserPlan): Promise<void> {
    const exchange = await this.options.client.get('/Users', { filter: plan.filter });
    const ok = exchange.status === 200 && listTotal(exchange) === 0;
    this.options.figures.record('filter', exchange, ok, '200 with zero results');
    // Entra creates only when the filter says the user is not there; anything else stops this user.
    if (ok) this.urgent.push(() => this.createUser(plan));
    else this.settleUser(plan, undefined);
  }

  /**
   * A create as Entra sends it, kept in the ledger (intent, then created or refused) and owned by the run, so that
   * cleanup finds it whatever happens next. The id, or undefined when the target made nothing with an id.
   */
  private async create(endpoint: Endpoint, operation: 'create' | 'group-create', name: string, body: unknown): Promise<string | undefined> {
    const { client, ledger, ownership, figures } = this.options;
    ledger.intent(endpoint, name);
    const exchange = await client.post(`/${endpoint}`, body);
    const id = createdId(exchange);
    figures.record(operation, exchange, id !== undefined && exchange.status === 201, '201 with an id');
    if (id === undefined) {
      if (refusedCreate(exchange.status)) ledger.refused(endpoint, name);
      return undefined;
    }
    ownership.own(id);
    ledger.created(endpoint, id, name);
    return id;
  }

  private async createUser(plan: UserPlan): Promise<void> {
    const id = await this.create('Users', 'create', plan.name, plan.body);
    if (id === undefined) {
      this.counts.failedCreates += 1;
      this.settleUser(plan, undefined);
      return;
    }
    this.counts.usersCreated += 1;
    this.userIds.add(id);
    if (plan.update) this.followUps.push(() => this.updateUser(plan, id));
    else if (plan.softDelete) this.followUps.push(() => this.softDeleteUser(plan, id));
    this.settleUser(plan, id);
  }

  private async updateUser(plan: UserPlan, id: string): Promise<void> {
    const ok = await this.patch('patch', `/Users/${encodeURIComponent(id)}`, plan.update!, PATCH_OK);
    if (ok) this.counts.patched += 1;
    if (plan.softDelete) this.followUps.push(() => this.softDeleteUser(plan, id));
  }

  private async softDeleteUser(plan: UserPlan, id: string): Promise<void> {
    if (await this.patch('soft-delete', `/Users/${encodeURIComponent(id)}`, plan.softDelete!, PATCH_OK)) {
      this.counts.softDeleted += 1;
      this.softDeletedIds.add(id);
    }
  }

  private async patch(
    operation: 'patch' | 'soft-delete' | 'group-members',
    path: string,
    body: unknown,
    expected: number[],
  ): Promise<boolean> {
    this.options.ownership.assertMayChange('PATCH', path);
    const exchange = await this.options.client.patch(path, body);
    const ok = exchange.status !== undefined && expected.includes(exchange.status);
    this.options.figures.record(operation, exchange, ok, expected.join(' or '));
    return ok;
  }

  /** The user's create is over (or never happened): its group may now have a full batch of members. */
  private settleUser(plan: UserPlan, id: string | undefined): void {
    if (plan.group === undefined) return;
    let group = this.groups.get(plan.group);
    if (!group) {
      group = { index: plan.group, size: this.options.workload.groupMembersPlanned(plan.group), settled: 0, pending: [], state: 'waiting' };
      this.groups.set(plan.group, group);
    }
    if (id !== undefined) group.pending.push(id);
    group.settled += 1;
    this.flush(group);
  }

  private flush(group: GroupState): void {
    const batch = this.options.groupBatch;
    const complete = group.settled >= group.size;
    if (group.state === 'waiting' && (group.pending.length >= batch || complete)) {
      group.state = 'looking';
      group.plan = this.options.workload.group(group.index);
      this.followUps.push(() => this.filterGroup(group));
      return;
    }
    if (group.state !== 'created') return;
    while (group.pending.length >= batch || (complete && group.pending.length > 0)) {
      const ids = group.pending.splice(0, batch);
      this.followUps.push(() => this.addMembers(group, ids));
    }
  }

  private async filterGroup(group: GroupState): Promise<void> {
    const exchange = await this.options.client.get('/Groups', { filter: group.plan!.filter, excludedAttributes: 'members' });
    const ok = exchange.status === 200 && listTotal(exchange) === 0;
    this.options.figures.record('filter', exchange, ok, '200 with zero results');
    if (ok) this.urgent.push(() => this.createGroup(group));
    else group.state = 'failed';
  }

  private async createGroup(group: GroupState): Promise<void> {
    const id = await this.create('Groups', 'group-create', group.plan!.name, group.plan!.body);
    if (id === undefined) {
      group.state = 'failed';
      return;
    }
    group.id = id;
    group.state = 'created';
    this.counts.groupsCreated += 1;
    this.flush(group);
  }

  private async addMembers(group: GroupState, ids: string[]): Promise<void> {
    const body = this.options.workload.membersPatch(ids);
    if (await this.patch('group-members', `/Groups/${encodeURIComponent(group.id!)}`, body, GROUP_PATCH_OK))
      this.counts.membersAdded += ids.length;
  }
}

function listTotal(exchange: Exchange): number | undefined {
  const body = exchange.json as { totalResults?: unknown; Resources?: unknown } | undefined;
  if (typeof body?.totalResults === 'number') return body.totalResults;
  return Array.isArray(body?.Resources) ? body.Resources.length : undefined;
}

/** The id of a resource the target says it created; undefined when it created none. */
function createdId(exchange: Exchange): string | undefined {
  if (exchange.status === undefined || exchange.status < 200 || exchange.status > 299) return undefined;
  const id = (exchange.json as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}
