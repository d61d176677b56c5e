// Resources a check creates carry the run's prefix and are removed last-in-first-out after the check, pass or fail.
import { randomUUID } from 'node:crypto';
import type { AttributeMapping, Profile } from '../generated/index.ts';
import { claimableByName, type Endpoint, type Ledger, refusedCreate } from '../cleanup/ledger.ts';
import { removalOutcome } from '../cleanup/removal.ts';
import { lookUpIntent } from '../cleanup/sweep.ts';
import { NotJudged, unansweredReason } from './failure.ts';
import type { Ownership } from '../cleanup/ownership.ts';
import type { Exchange } from '../http/client.ts';
import type { CheckClient } from './context.ts';
import { buildResource, type ValueFactory } from './values.ts';

export interface CreatedUser {
  id: string;
  seed: number;
  /** Values sent on create, by profile path. */
  values: Map<string, unknown>;
  body: Record<string, unknown>;
  exchange: Exchange;
}

export interface UserDraft {
  seed: number;
  values: Map<string, unknown>;
  body: Record<string, unknown>;
}

export type GroupDraft = UserDraft;

function nameOf(endpoint: Endpoint, body: Record<string, unknown>): string | undefined {
  const name = endpoint === 'Users' ? body.userName : body.displayName;
  return typeof name === 'string' ? name : undefined;
}

interface Cleanup {
  what: string;
  run: () => Promise<string | undefined>;
}

export class Fixtures {
  private readonly cleanups: Cleanup[] = [];
  private readonly removed = new Set<string>();
  private readonly endpoints = new Map<string, Endpoint>();

  constructor(
    private readonly client: CheckClient,
    private readonly profile: Profile,
    private readonly values: ValueFactory,
    private readonly ownership: Ownership,
    private readonly ledger?: Ledger,
  ) {}

  /** The attributes Entra sends on create for this profile. */
  userCreateAttributes(): AttributeMapping[] {
    return this.profile.users.attributes.filter((a) => a.onCreate !== false);
  }

  /** A user body as Entra would send it; `omit` leaves attributes out (Entra leaves out attributes whose source is empty). */
  draftUser(options: { omit?: (attribute: AttributeMapping) => boolean } = {}): UserDraft {
    const seed = this.values.nextSeed();
    const values = new Map<string, unknown>();
    for (const attribute of this.userCreateAttributes()) {
      if (options.omit?.(attribute)) continue;
      values.set(attribute.path, this.values.value(attribute, seed));
    }
    const body = buildResource(
      this.profile.users.schemas ?? ['urn:ietf:params:scim:schemas:core:2.0:User'],
      this.userCreateAttributes(),
      values,
      'User',
    );
    return { seed, values, body };
  }

  /** A group body as Entra sends it: the profile's schemas, externalId and displayName, no members. */
  draftGroup(): GroupDraft {
    const seed = this.values.nextSeed();
    const mapping = this.profile.groups;
    const attributes = (mapping?.attributes ?? []).filter((a) => a.onCreate !== false);
    const values = new Map<string, unknown>();
    for (const attribute of attributes) values.set(attribute.path, this.values.value(attribute, seed));
    if (!values.has('displayName')) values.set('displayName', `${this.values.prefix}-${seed} Group`);
    const body = buildResource(mapping?.schemas ?? ['urn:ietf:params:scim:schemas:core:2.0:Group'], attributes, values, 'Group');
    body.displayName = values.get('displayName');
    return { seed, values, body };
  }

  /**
   * POSTs a user and registers its removal whenever the target created it, whatever the check expected.
   * `setup`: the check needs the user, not the create's answer; a create whose answer was lost but which a lookup by
   * name finds is then used as it is (read again by GET), instead of ending the check as not judged.
   */
  postUser(body: Record<string, unknown>, options: { setup?: boolean } = {}): Promise<{ exchange: Exchange; id?: string }> {
    return this.post('Users', body, options.setup === true);
  }

  postGroup(body: Record<string, unknown>, options: { setup?: boolean } = {}): Promise<{ exchange: Exchange; id?: string }> {
    return this.post('Groups', body, options.setup === true);
  }

  private async post(
    endpoint: Endpoint,
    body: Record<string, unknown>,
    setup: boolean,
    resent = false,
  ): Promise<{ exchange: Exchange; id?: string }> {
    const name = nameOf(endpoint, body);
    if (name) this.ledger?.intent(endpoint, name);
    const exchange = await this.client.post(`/${endpoint}`, body);
    if (exchange.noAnswer !== undefined) return this.settleLostCreate(endpoint, body, name, exchange, setup, resent);
    const id = (exchange.json as { id?: unknown } | undefined)?.id;
    if (exchange.status !== undefined && exchange.status >= 200 && exchange.status < 300) {
      if (typeof id === 'string' && id) {
        this.register(endpoint, id, nameOf(endpoint, body));
        return { exchange, id };
      }
      // Created but no id came back: find it by its unique name so it is still removed.
      const [attribute, name] = endpoint === 'Users' ? ['userName', body.userName] : ['displayName', body.displayName];
      if (typeof name === 'string') this.defer(`${endpoint} ${name}`, () => this.removeByName(endpoint, attribute, name));
    } else if (name && refusedCreate(exchange.status)) {
      // Refused (a duplicate, say): nothing was made. A 5xx or no answer keeps the intent: something may exist.
      this.ledger?.refused(endpoint, name);
    }
    return typeof id === 'string' ? { exchange, id } : { exchange };
  }

  /**
   * A create whose answer never came: the target may or may not have made it. Its unique, run-prefixed name tells:
   * found, it is the run's own and removed like any other; not found, nothing was made, and the create is sent once
   * more (the target never saw the first: this is not a blind resend). The check is not judged when it judges the
   * create's own answer and that answer is lost, or when nothing settles it. A lookup that fails leaves the intent in
   * the ledger, so the end-of-run sweep looks again.
   */
  private async settleLostCreate(
    endpoint: Endpoint,
    body: Record<string, unknown>,
    name: string | undefined,
    exchange: Exchange,
    setup: boolean,
    resent: boolean,
  ): Promise<{ exchange: Exchange; id?: string }> {
    const lost = unansweredReason(exchange);
    if (!name) throw new NotJudged(`${lost}; it carried no name to look it up by`, exchange);
    const looked = await lookUpIntent(this.client, { endpoint, id: '', name });
    if ('reason' in looked) throw new NotJudged(`${lost}; ${looked.reason}`, exchange);
    if (!looked.found.length) {
      this.ledger?.notCreated(endpoint, name);
      if (!resent && claimableByName(name)) return this.post(endpoint, body, setup, true);
      throw new NotJudged(`${lost}; a lookup by its name finds nothing, so the target did not create it`, exchange);
    }
    for (const found of looked.found) this.register(endpoint, found.id, name);
    const id = looked.found[0]!.id;
    if (!setup || looked.found.length > 1) {
      throw new NotJudged(
        `${lost}; the target did create it (found by its name as ${looked.found.map((f) => f.id).join(', ')}), and it is removed after the check`,
        exchange,
      );
    }
    const read = await this.client.get(`/${endpoint}/${encodeURIComponent(id)}`);
    if (read.status !== 200 || read.noAnswer !== undefined)
      throw new NotJudged(`${lost}; it was created (${id}) but could not be read again`, read);
    return { exchange: read, id };
  }

  /** The resource is the run's own from now on: recorded in the ledger and removed after the check. */
  register(endpoint: Endpoint, id: string, name?: string): void {
    // Found again by its name (a lost duplicate create finds the first one): one removal is enough.
    if (this.endpoints.has(id)) return;
    this.ownership.own(id);
    this.endpoints.set(id, endpoint);
    this.ledger?.created(endpoint, id, name);
    this.defer(`${endpoint} ${id}`, async () => {
      if (this.removed.has(id)) return undefined;
      const exchange = await this.client.delete(`/${endpoint}/${encodeURIComponent(id)}`);
      const outcome = removalOutcome(exchange);
      if (outcome.state === 'removed') {
        this.ledger?.removed(endpoint, id);
        return undefined;
      }
      if (outcome.state === 'may-remain') this.ledger?.mayRemain(endpoint, id, outcome.reason, name);
      // Otherwise the ledger keeps it open, and the end-of-run sweep tries again.
      return `DELETE /${endpoint}/${id}: ${outcome.reason}`;
    });
  }

  /** The check deleted the resource itself (and saw the 404 that proves it). */
  markRemoved(id: string): void {
    this.removed.add(id);
    const endpoint = this.endpoints.get(id);
    if (endpoint) this.ledger?.removed(endpoint, id);
  }

  /** A removed resource that a later request may have brought back (a PATCH of a deleted id): removed after all. */
  markBack(id: string): void {
    if (!this.removed.delete(id)) return;
    const endpoint = this.endpoints.get(id);
    if (endpoint) this.ledger?.created(endpoint, id);
  }

  /** An id nobody has, for requests that must answer 404; the guard lets the run send to it. */
  probeId(): string {
    const id = randomUUID();
    this.ownership.own(id);
    return id;
  }

  defer(what: string, run: () => Promise<string | undefined>): void {
    this.cleanups.push({ what, run });
  }

  private async removeByName(endpoint: Endpoint, attribute: string, name: string): Promise<string | undefined> {
    const found = await this.client.get(`/${endpoint}`, { filter: `${attribute} eq ${JSON.stringify(name)}` });
    const list = (found.json as { Resources?: Array<Record<string, unknown>> } | undefined)?.Resources ?? [];
    const own = list.filter((r) => typeof r.id === 'string' && String(r[attribute]).toLowerCase() === name.toLowerCase());
    if (!own.length) return `${endpoint} ${name} was created without an id in the response and could not be found to remove`;
    for (const r of own) this.register(endpoint, r.id as string, name);
    return undefined;
  }

  /** Runs every cleanup, newest first; returns what could not be removed. */
  async cleanup(): Promise<string[]> {
    const problems: string[] = [];
    while (this.cleanups.length) {
      const next = this.cleanups.pop()!;
      try {
        const problem = await next.run();
        if (problem) problems.push(problem);
      } catch (error) {
        problems.push(`${next.what}: ${(error as Error).message}`);
      }
    }
    return problems;
  }
}
