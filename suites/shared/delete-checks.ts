// Hard delete as Entra does it, the same for users and groups: 204, then 404; unknown and repeated deletes 404.
// After a delete the resource is gone for good (RFC 7644 §3.6): no write reaches it, no query returns it, and its
// name is free again.
import {
  defineCheck,
  type Exchange,
  type CheckContext,
  statusText,
  type CoverageItem,
  buildPatch,
  matchingAttributes,
  eqFilter,
  property,
  type Requirement,
} from '../../src/kit/index.ts';

/** A tenant can be large: the unfiltered list is walked at most this far (pages of 100). */
const LIST_PAGES = 20;
const PAGE_SIZE = 100;

interface Kind {
  endpoint: 'Users' | 'Groups';
  noun: string;
  covers: { hard: CoverageItem[]; unknown: CoverageItem[]; twice: CoverageItem[] };
}

export function deleteChecks(kind: Kind) {
  const area = kind.endpoint === 'Users' ? 'users' : 'groups';
  const create = (ctx: CheckContext) => (area === 'users' ? ctx.require.user() : ctx.require.group());
  // Only groups can be missing from a profile (every profile maps users): a group check is skipped without them.
  const requires: Requirement[] = area === 'groups' ? ['groups'] : [];
  const url = (id: string) => `/${kind.endpoint}/${encodeURIComponent(id)}`;
  const nameAttribute = area === 'users' ? 'userName' : 'displayName';
  // Entra reads groups without their members; a long member list is not what these checks look at.
  const listQuery: Record<string, string> = area === 'groups' ? { excludedAttributes: 'members' } : {};

  /** Deletes the run's own resource; stops the check when the DELETE fails or the resource is still readable. True when GET says 404. */
  async function deleteOwn(ctx: CheckContext, id: string): Promise<boolean> {
    const deleted = await ctx.client.delete(url(id));
    if (deleted.status !== 204 && deleted.status !== 200) {
      return ctx.precondition({
        expected: `the DELETE to succeed (see ${area}.delete.hard)`,
        got: `status ${statusText(deleted)}`,
        exchange: deleted,
      });
    }
    const read = await ctx.client.get(url(id));
    if (read.status !== undefined && read.status >= 200 && read.status < 300) {
      const expected = `the deleted ${kind.noun} to be gone, GET 404 (see ${area}.delete.hard)`;
      return ctx.precondition({ expected, got: `status ${read.status}`, exchange: read });
    }
    return read.status === 404;
  }

  /** A write that created a resource under another id: it is the run's own and removed after the check. */
  function registerNew(ctx: CheckContext, exchange: Exchange, id: string, body: Record<string, unknown>): void {
    const created = property(exchange.json, 'id');
    const name = body[nameAttribute];
    if (typeof created === 'string' && created !== id)
      ctx.fixtures.register(kind.endpoint, created, typeof name === 'string' ? name : undefined);
  }

  return [
    defineCheck({
      id: `${area}.delete.hard`,
      title: `DELETE /${kind.endpoint}/{id} answers 204, and the ${kind.noun} is gone (GET 404)`,
      feature: 'delete',
      level: 'MUST',
      evidence: ['rfc7644.3.6.delete', 'rfc7644.3.6.gone', 'entra.delete'],
      requires: [...requires],
      mutates: true,
      covers: kind.covers.hard,
      fix: `Answer DELETE with 204 No Content and remove the ${kind.noun}, so that a later GET answers 404.`,
      async run(ctx) {
        const { id } = await create(ctx);
        const deleted = await ctx.client.delete(url(id));
        ctx.expect.status(
          deleted,
          [204],
          '204 No Content',
          deleted.status === 200 ? 'Answer a successful DELETE with 204 and no body (RFC 7644 §3.6).' : undefined,
        );
        const read = await ctx.client.get(url(id));
        ctx.expect.status(
          read,
          [404],
          `404 for the deleted ${kind.noun}`,
          read.status === 200
            ? `DELETE must remove the ${kind.noun}; if you keep deleted ones internally, answer 404 for them.`
            : undefined,
        );
        // Only a confirmed removal spares the cleanup its own DELETE.
        ctx.fixtures.markRemoved(id);
      },
    }),
    defineCheck({
      id: `${area}.delete.unknown`,
      title: `DELETE of a ${kind.noun} that does not exist answers 404`,
      feature: 'delete',
      level: 'MUST',
      evidence: ['rfc7644.3.12.errors'],
      requires: [...requires],
      // A DELETE, even of an id nobody has, is not something to send to a production tenant in --read-only.
      mutates: true,
      covers: kind.covers.unknown,
      fix: `Answer DELETE of an unknown id with 404 and a SCIM Error body.`,
      async run(ctx) {
        const exchange = await ctx.client.delete(url(ctx.fixtures.probeId()));
        ctx.expect.status(exchange, [404], '404 Not Found');
      },
    }),
    defineCheck({
      id: `${area}.delete.twice`,
      title: `Deleting the same ${kind.noun} twice answers 404 the second time`,
      feature: 'delete',
      level: 'MUST',
      evidence: ['rfc7644.3.6.gone', 'entra.validator.delete-twice'],
      requires: [...requires],
      mutates: true,
      covers: kind.covers.twice,
      fix: `Answer a DELETE of an already deleted ${kind.noun} with 404.`,
      async run(ctx) {
        const { id } = await create(ctx);
        const first = await ctx.client.delete(url(id));
        if (first.status !== 204 && first.status !== 200)
          return ctx.precondition({
            expected: `the first DELETE to succeed (see ${area}.delete.hard)`,
            got: `status ${first.status ?? first.error}`,
            exchange: first,
          });
        const second = await ctx.client.delete(url(id));
        ctx.expect.status(second, [404], '404 Not Found for the second DELETE');
        ctx.fixtures.markRemoved(id);
      },
    }),
    defineCheck({
      id: `${area}.delete.no-write-after-delete`,
      title: `PATCH and PUT of a deleted ${kind.noun} answer 404 and bring nothing back`,
      feature: 'delete',
      level: 'MUST',
      evidence: ['rfc7644.3.6.gone'],
      requires: [...requires, 'patch'],
      mutates: true,
      chain: 6,
      fix: `Once a ${kind.noun} is deleted, answer 404 to every request for its id, PATCH and PUT included: never apply them, and never re-create the ${kind.noun} from them.`,
      async run(ctx) {
        const { draft, id } = await create(ctx);
        // Gone for sure (GET 404): the cleanup has nothing left to remove, unless a write below brings it back.
        if (await deleteOwn(ctx, id)) ctx.fixtures.markRemoved(id);
        let patch: Exchange;
        let put: Exchange;
        try {
          patch = await ctx.client.patch(
            url(id),
            buildPatch('rfc', [{ path: 'displayName', value: `${ctx.values.prefix}-${draft.seed} after delete` }]),
          );
          put = await ctx.client.put(url(id), draft.body);
        } catch (error) {
          // A write that got no answer may have been applied: unless a read says it is still gone, the cleanup removes it.
          const read = await ctx.client.get(url(id)).catch(() => undefined);
          if (read?.status !== 404) ctx.fixtures.markBack(id);
          throw error;
        }
        // PUT is no method Entra sends: a target without it answers 405 or 501, which writes nothing either.
        const putUnsupported = put.status === 405 || put.status === 501;
        if (putUnsupported) await ctx.note(`PUT is not supported (${put.status}): only the PATCH is judged`);
        const written = [patch, ...(putUnsupported ? [] : [put])].filter((e) => e.status !== 404);
        for (const exchange of written) registerNew(ctx, exchange, id, draft.body);
        // A write the target took may have brought the resource back: its cleanup then removes it again.
        const back = written.length ? await ctx.client.get(url(id)) : undefined;
        if (back && back.status !== 404) ctx.fixtures.markBack(id);
        // PATCH and PUT answered 404 (or PUT is not supported): that too says the resource is gone.
        const [first] = written;
        if (!first) return ctx.fixtures.markRemoved(id);
        ctx.fail({
          expected: `404 Not Found for PATCH and PUT of the deleted ${kind.noun} (RFC 7644 §3.6: 404 for every operation on a deleted resource)`,
          got: `PATCH ${statusText(patch)}, PUT ${statusText(put)}${back?.status === 200 ? `; the ${kind.noun} is back (GET ${url(id)} answers 200)` : ''}`,
          exchange: first,
          fix: `Look the id up before applying a PATCH or PUT, and answer 404 when the ${kind.noun} was deleted; a soft-deleted record must not be updated or restored by them.`,
        });
      },
    }),
    defineCheck({
      id: `${area}.delete.gone-from-results`,
      title: `A deleted ${kind.noun} is left out of filter and list results`,
      feature: 'delete',
      level: 'MUST',
      evidence: ['rfc7644.3.6.omitted'],
      requires: [...requires, 'filter'],
      mutates: true,
      chain: 8,
      fix: `Leave deleted ${kind.noun}s out of every GET /${kind.endpoint} result, filtered or not; if you keep them internally, filter them out of queries too.`,
      async run(ctx) {
        const attribute = (area === 'users' ? matchingAttributes(ctx.profile.users)[0]?.path : undefined) ?? nameAttribute;
        // A second resource stays, so that a server ignoring the filter cannot pass by returning nothing.
        const [target] = await Promise.all([create(ctx), create(ctx)]);
        const value = target.draft.values.get(attribute) ?? target.draft.body[attribute];
        if (typeof value !== 'string') return ctx.precondition({ expected: `a string value for ${attribute}`, got: JSON.stringify(value) });
        if (await deleteOwn(ctx, target.id)) ctx.fixtures.markRemoved(target.id);

        const filtered = await ctx.client.get(`/${kind.endpoint}`, { filter: eqFilter(attribute, value), ...listQuery });
        const found = ctx.expect.listResponse(filtered, '200 with zero results');
        const ids = found.resources.map((r) => r.id);
        if (found.totalResults !== 0 || ids.length) {
          const still = ids.includes(target.id);
          ctx.fail({
            expected: `zero results for ${attribute} eq of the deleted ${kind.noun} (RFC 7644 §3.6: deleted resources are omitted from query results)`,
            got: `totalResults ${found.totalResults}, ids ${JSON.stringify(ids.slice(0, 5))}${ids.length > 5 ? '…' : ''}${still ? ` (the deleted ${target.id} among them)` : ''}`,
            exchange: filtered,
            ...(still ? {} : { fix: `The filter returns ${kind.noun}s that do not match it: see ${area}.filter.eq-miss.` }),
          });
        }

        let startIndex = 1;
        for (let page = 0; page < LIST_PAGES; page += 1) {
          const exchange = await ctx.client.get(`/${kind.endpoint}`, {
            startIndex: String(startIndex),
            count: String(PAGE_SIZE),
            ...listQuery,
          });
          const list = ctx.expect.listResponse(exchange, `200 with page ${page + 1} of all ${kind.noun}s`);
          if (list.resources.some((r) => r.id === target.id)) {
            const expected = `the deleted ${kind.noun} ${target.id} left out of GET /${kind.endpoint} (RFC 7644 §3.6)`;
            ctx.fail({ expected, got: `it is listed on page ${page + 1}`, exchange });
          }
          startIndex += list.resources.length;
          if (!list.resources.length || startIndex > list.totalResults) return;
        }
        const unverified = `whether the unfiltered list omits the deleted ${kind.noun} is unverified`;
        await ctx.note(
          `GET /${kind.endpoint} is longer than ${LIST_PAGES} pages of ${PAGE_SIZE}: only the filter was judged; ${unverified}`,
        );
      },
    }),
    defineCheck({
      id: `${area}.delete.recreate`,
      title: `After a DELETE, a ${kind.noun} with the same ${nameAttribute} can be created again`,
      feature: 'delete',
      level: 'SHOULD',
      evidence: ['entra.reassigned-user-recreated', 'rfc7644.3.6.gone'],
      requires: [...requires],
      mutates: true,
      fix: `Do not count deleted ${kind.noun}s in the uniqueness of ${nameAttribute}: a create with the ${nameAttribute} of a deleted ${kind.noun} must succeed (201).`,
      async run(ctx) {
        const { draft, id } = await create(ctx);
        if (await deleteOwn(ctx, id)) ctx.fixtures.markRemoved(id);
        const again = area === 'users' ? await ctx.fixtures.postUser(draft.body) : await ctx.fixtures.postGroup(draft.body);
        ctx.expect.status(
          again.exchange,
          [200, 201],
          `a successful create (201) with the same ${nameAttribute}${draft.body.externalId !== undefined ? ' and externalId' : ''} as the deleted ${kind.noun}`,
          again.exchange.status === 409
            ? `The deleted ${kind.noun} still holds its ${nameAttribute}: leave deleted records out of the uniqueness check (RFC 7644 §3.6).`
            : undefined,
        );
      },
    }),
  ];
}
