// Chapter 6 of the interoperability profile (draft-zollner-scim-interop-profile-01): the protocol. One endpoint per
// type and ids in the path (6.1), application/scim+json (6.2), eq and and, and no filter on what is not defined (6.3),
// paging (6.4), PATCH as the profile narrows it (6.5), deletes that delete (6.6) and 409 uniqueness (6.9.1).
// 6.7 (conditional headers) and 6.8 (/Bulk) ask nothing of a server that could fail: it may ignore both.
import { randomUUID } from 'node:crypto';
import { type CheckContext, eqFilter, type Exchange, property } from '../../src/kit/index.ts';
import { groupsProvisioned } from '../shared/discovery.ts';
import {
  COLLIDES,
  coreGroup,
  expectError,
  groupUrl,
  interopCheck,
  mediaType,
  patchAndRead,
  patchBody,
  userUrl,
} from '../shared/interop.ts';

type Json = Record<string, unknown>;

/** The endpoints every list check reads: users always, groups when the profile provisions them. */
function endpoints(ctx: CheckContext): Array<{ path: '/Users' | '/Groups'; query: Record<string, string> }> {
  return [
    { path: '/Users', query: {} },
    ...(groupsProvisioned(ctx) ? [{ path: '/Groups' as const, query: { excludedAttributes: 'members' } }] : []),
  ];
}

/** A unique value of the run's own, with letters in both cases. */
const unique = (ctx: CheckContext, label: string) => `${ctx.values.prefix}-${label}-${randomUUID().slice(0, 8)}`;

const emailValues = (user: Json): string[] => {
  const emails = property(user, 'emails');
  return (Array.isArray(emails) ? emails : []).map((e) => property(e, 'value')).filter((v): v is string => typeof v === 'string');
};

/**
 * A page that must hold `wanted(total)` resources: read once, and once more when short, since other clients (and this
 * run's own checks) may create or delete between a server's count and its page. Short twice fails; the second answer
 * is judged.
 */
async function fullPage(
  ctx: CheckContext,
  query: Record<string, string>,
  wanted: (total: number) => number,
  what: string,
  fix: string,
): Promise<void> {
  let last: { exchange: Exchange; got: number; want: number; total: number } | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    const exchange = await ctx.client.get('/Users', query);
    const list = ctx.expect.listResponse(exchange, `200 with ${what}`);
    last = { exchange, got: list.resources.length, want: wanted(list.totalResults), total: list.totalResults };
    if (last.got > Number(query.count ?? Infinity))
      ctx.fail({ expected: `at most ${query.count} users (the count asked for)`, got: `${last.got} users`, exchange, fix });
    if (last.got >= last.want) break;
  }
  if (last && last.got < last.want)
    ctx.fail({
      expected: `${last.want} users: ${what} (totalResults ${last.total})`,
      got: `${last.got} users`,
      exchange: last.exchange,
      fix,
    });
  if (last && last.total < 100)
    await ctx.note(`the tenant holds ${last.total} users: fewer than a page of 100, so only that many could be asked for`);
}

const UNDEFINED_FILTER_FIX =
  'Answer a filter naming an attribute your resource type does not define with 400 and scimType "invalidFilter", not with an empty (or unfiltered) list.';
const UNIQUENESS_FIX = 'Refuse a create whose userName is taken with 409 Conflict and a SCIM Error with "scimType": "uniqueness".';
const UNIQUENESS_PATCH_FIX =
  'Refuse a PATCH that would give a user a userName another user has with 409 Conflict and "scimType": "uniqueness", changing nothing.';
const PATH_LESS_FIX = `Refuse a PATCH with an operation that has no "path" with 400 and scimType "invalidSyntax", applying none of its operations. ${COLLIDES.pathLess}`;

export default [
  // 6.1 Endpoint Structure
  interopCheck({
    id: 'interop.6.1.by-id-only',
    title: 'A user is addressed by /Users/{id} only, not by its userName',
    feature: 'read',
    level: 'MUST',
    evidence: ['interop.6.1.endpoints'],
    mutates: true,
    chain: 3,
    fix: 'Serve a resource at /{endpoint}/{id} alone; answer 404 for /Users/{userName} and any other attribute in the path (clients find those with a filter).',
    async run(ctx) {
      const { draft, id } = await ctx.require.user();
      ctx.expect.status(await ctx.client.get(userUrl(id)), [200], '200 for /Users/{id}');
      const userName = String(draft.body.userName);
      const byName = await ctx.client.get(userUrl(userName));
      // 400 is as good as 404 here (an id of the wrong form): what must not happen is the user served.
      ctx.expect.status(byName, [404, 400], `404 for /Users/${userName}, the user's userName in place of its id`);
    },
  }),
  interopCheck({
    id: 'interop.6.1.one-type-per-endpoint',
    title: 'A group is not served under /Users, nor a user under /Groups',
    feature: 'read',
    level: 'MUST',
    evidence: ['interop.6.1.endpoints'],
    requires: ['groups'],
    mutates: true,
    chain: 4,
    fix: 'Keep each resource type at its own endpoint: /Users/{id of a group} and /Groups/{id of a user} answer 404.',
    async run(ctx) {
      const { id: userId } = await ctx.require.user();
      const { id: groupId } = await coreGroup(ctx);
      ctx.expect.status(await ctx.client.get(userUrl(groupId)), [404, 400], `404 for /Users/${groupId}, the id of a group`);
      ctx.expect.status(await ctx.client.get(groupUrl(userId)), [404, 400], `404 for /Groups/${userId}, the id of a user`);
    },
  }),
  // 6.2 Data Format and HTTP Headers
  interopCheck({
    id: 'interop.6.2.scim-json',
    title: 'Every answer carrying SCIM data, errors included, says Content-Type application/scim+json',
    feature: 'read',
    level: 'MUST',
    evidence: ['interop.6.2.media-type'],
    mutates: true,
    chain: 4,
    fix: 'Send Content-Type: application/scim+json (a charset parameter may follow) with every SCIM body: resources, lists and SCIM Error bodies alike.',
    async run(ctx) {
      const { id, exchange: created } = await ctx.require.user();
      const answers = [
        created,
        await ctx.client.get(userUrl(id)),
        await ctx.client.get('/Users', { filter: eqFilter('id', id) }),
        await ctx.client.get(userUrl(ctx.fixtures.probeId())),
      ];
      for (const exchange of answers) {
        if (!exchange.responseText) continue;
        if (mediaType(exchange) !== 'application/scim+json')
          ctx.fail({
            expected: `Content-Type application/scim+json on the ${exchange.status} answer to ${exchange.method}`,
            got: exchange.responseHeaders['content-type'] ? `Content-Type ${exchange.responseHeaders['content-type']}` : 'no Content-Type',
            exchange,
          });
      }
    },
  }),
  // 6.3 Filtering
  interopCheck({
    id: 'interop.6.3.eq-and',
    title: 'A filter joining two eq comparisons with and finds exactly the user both describe',
    feature: 'filter',
    level: 'MUST',
    evidence: ['interop.6.3.filter-eq-and'],
    requires: ['filter'],
    mutates: true,
    chain: 3,
    fix: 'Support filter with eq and and: userName eq "a" and externalId eq "b" returns the users matching both, and none when one side does not match.',
    async run(ctx) {
      const externalId = unique(ctx, 'Ext');
      const { draft, id } = await ctx.require.user({
        adjust: (body) => {
          body.externalId = externalId;
        },
      });
      const both = `${eqFilter('userName', String(draft.body.userName))} and ${eqFilter('externalId', externalId)}`;
      const hit = await ctx.client.get('/Users', { filter: both });
      ctx.expect.exactlyOne(ctx.expect.listResponse(hit, '200 with the user'), id, hit, 'the user matching both comparisons:');
      const half = `${eqFilter('userName', String(draft.body.userName))} and ${eqFilter('externalId', `${externalId}-other`)}`;
      const miss = await ctx.client.get('/Users', { filter: half });
      if (ctx.expect.listResponse(miss, '200 with no user').resources.some((r) => r.id === id))
        ctx.fail({ expected: 'no user: the second comparison matches nobody', got: `the user ${id}`, exchange: miss });
    },
  }),
  interopCheck({
    id: 'interop.6.3.undefined-attribute',
    title: 'A filter on an attribute no schema of the resource type defines answers 400 invalidFilter',
    feature: 'filter',
    level: 'MUST',
    evidence: ['interop.6.3.unknown-attribute'],
    requires: ['filter'],
    mutates: false,
    chain: 2,
    fix: UNDEFINED_FILTER_FIX,
    async run(ctx) {
      for (const { path, query } of endpoints(ctx)) {
        const exchange = await ctx.client.get(path, { ...query, filter: eqFilter('scimConformanceUndefined', 'x') });
        expectError(ctx, exchange, 400, 'invalidFilter', `no schema of ${path} defines scimConformanceUndefined`, UNDEFINED_FILTER_FIX);
      }
    },
  }),
  // 6.4 Pagination
  interopCheck({
    id: 'interop.6.4.index-paging',
    title: 'GET /Users and GET /Groups page by startIndex and count (or by cursor)',
    feature: 'pagination',
    level: 'MUST',
    evidence: ['interop.6.4.paging'],
    mutates: true,
    chain: 6,
    fix: 'Page every list: honour startIndex and count (RFC 7644 §3.4.2.4: startIndex echoed, at most count resources, itemsPerPage as many as returned), or cursor and count (RFC 9865).',
    async run(ctx) {
      await ctx.require.users(2);
      if (groupsProvisioned(ctx)) await Promise.all([coreGroup(ctx), coreGroup(ctx)]);
      for (const { path, query } of endpoints(ctx)) {
        // No startIndex on the first page: a server that pages by cursor alone (RFC 9865) need not take one.
        const first = await ctx.client.get(path, { ...query, count: '1' });
        const page = ctx.expect.listResponse(first, `200 with the first page of ${path}`);
        const cursor = property(page.body, 'nextCursor');
        const second = await ctx.client.get(
          path,
          typeof cursor === 'string' ? { ...query, cursor, count: '1' } : { ...query, startIndex: '2', count: '1' },
        );
        for (const [exchange, startIndex] of [
          [first, 1],
          [second, 2],
        ] as const) {
          const list = ctx.expect.listResponse(exchange, `200 with a page of ${path}`);
          const problems = [
            ...(list.resources.length !== 1 ? [`${list.resources.length} resources for count=1 (totalResults ${list.totalResults})`] : []),
            ...(list.body.itemsPerPage !== undefined && list.body.itemsPerPage !== list.resources.length
              ? [`itemsPerPage ${list.body.itemsPerPage}`]
              : []),
            ...(typeof cursor !== 'string' && list.body.startIndex !== startIndex
              ? [`startIndex ${JSON.stringify(list.body.startIndex)}`]
              : []),
          ];
          if (problems.length)
            ctx.fail({
              expected: `one ${path.slice(1, -1).toLowerCase()} on the page${typeof cursor === 'string' ? '' : `, startIndex ${startIndex} echoed`}`,
              got: problems.join(', '),
              exchange,
            });
        }
      }
    },
  }),
  interopCheck({
    id: 'interop.6.4.count-100',
    title: 'A count of 100 is honoured: GET /Users?count=100 answers 100 users when the tenant holds that many',
    feature: 'pagination',
    level: 'MUST',
    evidence: ['interop.6.4.count-100'],
    mutates: false,
    chain: 2,
    fix: 'Allow pages of at least 100: answer count=100 with 100 resources (or all of them when there are fewer).',
    async run(ctx) {
      await fullPage(
        ctx,
        { startIndex: '1', count: '100' },
        (total) => Math.min(100, total),
        'a page of 100 (count=100)',
        'Raise your page maximum to at least 100.',
      );
    },
  }),
  interopCheck({
    id: 'interop.6.4.default-page',
    title: 'Without count, GET /Users answers at least 100 users when the tenant holds that many',
    feature: 'pagination',
    level: 'SHOULD',
    evidence: ['interop.6.4.count-100'],
    mutates: false,
    chain: 2,
    fix: 'Make the default page, when count is not given, at least 100 resources.',
    async run(ctx) {
      await fullPage(
        ctx,
        {},
        (total) => Math.min(100, total),
        'a default page of at least 100',
        'Make your default page size 100 or more.',
      );
    },
  }),
  interopCheck({
    id: 'interop.6.4.above-maximum',
    title: 'A count above the server maximum is answered with fewer users, not an error',
    feature: 'pagination',
    level: 'MUST',
    evidence: ['interop.6.4.above-maximum'],
    mutates: false,
    chain: 2,
    fix: 'Answer a count above your maximum page size with a page of your maximum (200 and a ListResponse), never with an error such as 400 tooMany.',
    async run(ctx) {
      const config = await ctx.client.get('/ServiceProviderConfig');
      const declared = property(property(ctx.expect.status(config, [200], '200 with the ServiceProviderConfig'), 'filter'), 'maxResults');
      const count = (typeof declared === 'number' && declared > 0 ? declared : 1000) + 1;
      const exchange = await ctx.client.get('/Users', { startIndex: '1', count: String(count) });
      const list = ctx.expect.listResponse(exchange, `200 with a page of fewer than the ${count} users asked for`);
      if (list.resources.length >= count)
        ctx.fail({ expected: `fewer than ${count} users (the maximum is ${count - 1})`, got: `${list.resources.length} users`, exchange });
    },
  }),
  // 6.5 Updating Resources
  interopCheck({
    id: 'interop.6.5.patch-supported',
    title: 'PATCH is declared supported and a replace with a path takes effect',
    feature: 'update',
    level: 'MUST',
    evidence: ['interop.6.5.patch'],
    requires: ['patch'],
    mutates: true,
    chain: 4,
    fix: 'Support PATCH (RFC 7644 §3.5.2) and say "patch": {"supported": true} in /ServiceProviderConfig; clients of the profile never update with PUT.',
    async run(ctx) {
      const config = await ctx.client.get('/ServiceProviderConfig');
      const supported = property(property(ctx.expect.status(config, [200], '200 with the ServiceProviderConfig'), 'patch'), 'supported');
      if (supported !== true)
        ctx.fail({ expected: '"patch": {"supported": true}', got: `patch.supported ${JSON.stringify(supported)}`, exchange: config });
      const { id } = await ctx.require.user();
      const displayName = unique(ctx, 'Renamed');
      const { read, user } = await patchAndRead(
        ctx,
        id,
        patchBody({ op: 'replace', path: 'displayName', value: displayName }),
        'a replace of displayName',
      );
      if (property(user, 'displayName') !== displayName)
        ctx.fail({
          expected: `displayName ${JSON.stringify(displayName)}`,
          got: JSON.stringify(property(user, 'displayName')),
          exchange: read,
        });
    },
  }),
  interopCheck({
    id: 'interop.6.5.1.1.path-required',
    title: 'A PATCH operation without a path is refused with 400 invalidSyntax, and nothing changes',
    feature: 'update',
    level: 'MUST',
    evidence: ['interop.6.5.1.1.path-required'],
    requires: ['patch'],
    mutates: true,
    chain: 3,
    fix: PATH_LESS_FIX,
    async run(ctx) {
      const { id } = await ctx.require.user();
      const before = property(ctx.expect.status(await ctx.client.get(userUrl(id)), [200], '200 with the user'), 'displayName');
      const exchange = await ctx.client.patch(userUrl(id), patchBody({ op: 'replace', value: { displayName: unique(ctx, 'PathLess') } }));
      expectError(ctx, exchange, 400, 'invalidSyntax', 'the operation has no path', PATH_LESS_FIX);
      const read = await ctx.client.get(userUrl(id));
      const after = property(ctx.expect.status(read, [200], '200 with the user'), 'displayName');
      if (after !== before)
        ctx.fail({
          expected: `displayName unchanged (${JSON.stringify(before)})`,
          got: JSON.stringify(after),
          cause: exchange,
          exchange: read,
          fix: PATH_LESS_FIX,
        });
    },
  }),
  interopCheck({
    id: 'interop.6.5.2.1.simple-add-is-replace',
    title: 'add on a single-valued simple attribute that has a value replaces it',
    feature: 'update',
    level: 'MUST',
    evidence: ['interop.6.5.2.1.simple-add-replace'],
    requires: ['patch'],
    mutates: true,
    chain: 3,
    fix: 'Treat add and replace alike on single-valued simple attributes: an add of displayName sets the new value, whatever was there before.',
    async run(ctx) {
      const { id } = await ctx.require.user({
        adjust: (body) => {
          body.displayName = unique(ctx, 'Before');
        },
      });
      const displayName = unique(ctx, 'Added');
      const { read, user } = await patchAndRead(
        ctx,
        id,
        patchBody({ op: 'add', path: 'displayName', value: displayName }),
        'an add of displayName',
      );
      if (property(user, 'displayName') !== displayName)
        ctx.fail({
          expected: `displayName ${JSON.stringify(displayName)}, as a replace would set it`,
          got: JSON.stringify(property(user, 'displayName')),
          exchange: read,
        });
    },
  }),
  interopCheck({
    id: 'interop.6.5.2.1.complex-replace-replaces',
    title: 'replace of the whole name replaces it: sub-attributes not sent are gone',
    feature: 'update',
    level: 'MUST',
    evidence: ['interop.6.5.2.1.complex-replace'],
    requires: ['patch'],
    mutates: true,
    chain: 2,
    fix: `Replace a single-valued complex attribute named whole (path "name") by the object sent: name.familyName and the other sub-attributes not in it are removed. ${COLLIDES.complexReplace}`,
    async run(ctx) {
      const { id } = await ctx.require.user({
        adjust: (body) => {
          body.name = { givenName: 'Ada', familyName: 'Lovelace', formatted: 'Ada Lovelace' };
        },
      });
      const { read, user } = await patchAndRead(
        ctx,
        id,
        patchBody({ op: 'replace', path: 'name', value: { givenName: 'Grace' } }),
        'a replace of name',
      );
      // familyName was set and not sent: a replace removes it. (formatted is not judged: some servers derive it.)
      const name = property(user, 'name');
      const familyName = property(name, 'familyName');
      if (property(name, 'givenName') !== 'Grace' || (familyName !== undefined && familyName !== null && familyName !== ''))
        ctx.fail({
          expected: 'name.givenName "Grace" and no name.familyName any more',
          got: `name ${JSON.stringify(name)}`,
          exchange: read,
        });
    },
  }),
  interopCheck({
    id: 'interop.6.5.2.1.complex-add-merges',
    title: 'add of the whole name merges it: sub-attributes not sent keep their values',
    feature: 'update',
    level: 'MUST',
    evidence: ['interop.6.5.2.1.complex-add'],
    requires: ['patch'],
    mutates: true,
    chain: 2,
    fix: 'Merge an add of a single-valued complex attribute named whole (path "name") into it: only the sub-attributes sent change, name.familyName stays.',
    async run(ctx) {
      const { id } = await ctx.require.user({
        adjust: (body) => {
          body.name = { givenName: 'Ada', familyName: 'Lovelace' };
        },
      });
      const { read, user } = await patchAndRead(
        ctx,
        id,
        patchBody({ op: 'add', path: 'name', value: { givenName: 'Grace' } }),
        'an add of name',
      );
      const name = property(user, 'name');
      if (property(name, 'givenName') !== 'Grace' || property(name, 'familyName') !== 'Lovelace')
        ctx.fail({
          expected: 'name.givenName "Grace" and name.familyName still "Lovelace"',
          got: `name ${JSON.stringify(name)}`,
          exchange: read,
        });
    },
  }),
  interopCheck({
    id: 'interop.6.5.2.2.collection-replace',
    title: 'replace of emails without a filter replaces the whole collection',
    feature: 'update',
    level: 'MUST',
    evidence: ['interop.6.5.2.2.collection-replace'],
    requires: ['patch'],
    mutates: true,
    chain: 2,
    fix: 'Replace the whole collection when a replace names a multi-valued attribute without a filter (path "emails"): afterwards it holds exactly the values sent.',
    async run(ctx) {
      const work = `${unique(ctx, 'work')}@example.com`;
      const home = `${unique(ctx, 'home')}@example.com`;
      const next = `${unique(ctx, 'next')}@example.com`;
      const { id } = await ctx.require.user({
        adjust: (body) => {
          body.emails = [
            { type: 'work', value: work, primary: true },
            { type: 'home', value: home },
          ];
        },
      });
      const value = [{ type: 'work', value: next, primary: true }];
      const { read, user } = await patchAndRead(ctx, id, patchBody({ op: 'replace', path: 'emails', value }), 'a replace of emails');
      const got = emailValues(user);
      if (got.length !== 1 || got[0] !== next)
        ctx.fail({ expected: `emails exactly [${next}]`, got: `emails ${JSON.stringify(got)}`, exchange: read });
    },
  }),
  interopCheck({
    id: 'interop.6.5.2.2.collection-add',
    title: 'add to emails without a filter appends to the collection',
    feature: 'update',
    level: 'MUST',
    evidence: ['interop.6.5.2.2.collection-add'],
    requires: ['patch'],
    mutates: true,
    chain: 2,
    fix: 'Append the values an add sends to a multi-valued attribute named without a filter (path "emails"): the values already there stay.',
    async run(ctx) {
      const work = `${unique(ctx, 'work')}@example.com`;
      const home = `${unique(ctx, 'home')}@example.com`;
      const { id } = await ctx.require.user({
        adjust: (body) => {
          body.emails = [{ type: 'work', value: work, primary: true }];
        },
      });
      const { read, user } = await patchAndRead(
        ctx,
        id,
        patchBody({ op: 'add', path: 'emails', value: [{ type: 'home', value: home }] }),
        'an add to emails',
      );
      const got = emailValues(user);
      if (!got.includes(work) || !got.includes(home))
        ctx.fail({ expected: `emails holding ${work} and ${home}`, got: `emails ${JSON.stringify(got)}`, exchange: read });
    },
  }),
  // 6.6 Resource Lifecycle
  interopCheck({
    id: 'interop.6.6.patch-never-deletes',
    title: 'A PATCH setting active to false keeps the user: it is still there to read',
    feature: 'soft delete',
    level: 'MUST',
    evidence: ['interop.6.6.patch-keeps'],
    requires: ['patch'],
    mutates: true,
    chain: 3,
    fix: 'Keep a user whose active a PATCH sets to false: deactivated is not deleted, and only DELETE removes a resource.',
    async run(ctx) {
      const { id } = await ctx.require.user();
      const { read, user } = await patchAndRead(ctx, id, patchBody({ op: 'replace', path: 'active', value: false }), 'a replace of active');
      if (property(user, 'active') !== false)
        ctx.fail({ expected: 'active false', got: `active ${JSON.stringify(property(user, 'active'))}`, exchange: read });
    },
  }),
  interopCheck({
    id: 'interop.6.6.deleted-gone',
    title: 'After DELETE every operation on the user answers 404 and no filter returns it',
    feature: 'delete',
    level: 'MUST',
    evidence: ['interop.6.6.deleted-gone'],
    mutates: true,
    chain: 7,
    fix: 'Delete on DELETE (never merely set active to false): afterwards GET, PATCH, PUT and DELETE of the id answer 404 and no query returns the user.',
    async run(ctx) {
      const { draft, id } = await ctx.require.user();
      const deleted = await ctx.client.delete(userUrl(id));
      ctx.expect.status(deleted, [204, 200], '204 No Content for the DELETE');
      const read = await ctx.client.get(userUrl(id));
      if (read.status === 200)
        ctx.fail({
          expected: '404 for the deleted user',
          got: `200 with the user${property(read.json, 'active') === false ? ', now active false: deactivated, not deleted' : ''}`,
          cause: deleted,
          exchange: read,
        });
      ctx.expect.status(read, [404], '404 for the deleted user');
      ctx.fixtures.markRemoved(id);
      const writes = [
        await ctx.client.patch(userUrl(id), patchBody({ op: 'replace', path: 'displayName', value: unique(ctx, 'Gone') })),
        await ctx.client.put(userUrl(id), draft.body),
        await ctx.client.delete(userUrl(id)),
      ];
      for (const exchange of writes) {
        if (exchange.status !== undefined && exchange.status >= 200 && exchange.status < 300 && exchange.method !== 'DELETE')
          ctx.fixtures.markBack(id);
        // Clients of the profile never PUT, so a server may not offer it (405, 501): that reaches nothing either.
        const allowed = exchange.method === 'PUT' ? [404, 405, 501] : [404];
        ctx.expect.status(exchange, allowed, `404 for ${exchange.method} of the deleted user`);
      }
      const found = await ctx.client.get('/Users', { filter: eqFilter('userName', String(draft.body.userName)) });
      if (ctx.expect.listResponse(found, '200 without the deleted user').resources.some((r) => r.id === id))
        ctx.fail({ expected: 'no deleted user in the results', got: `the deleted user ${id}`, exchange: found });
    },
  }),
  interopCheck({
    id: 'interop.6.6.username-reusable',
    title: 'After DELETE the userName is free: a new user with it is created',
    feature: 'delete',
    level: 'MUST',
    evidence: ['interop.6.6.reusable'],
    mutates: true,
    chain: 4,
    fix: "Release the unique values of a deleted resource: creating a user with a deleted user's userName answers 201.",
    async run(ctx) {
      const { draft, id } = await ctx.require.user();
      const deleted = await ctx.client.delete(userUrl(id));
      ctx.expect.status(deleted, [204, 200], '204 No Content for the DELETE');
      const read = await ctx.client.get(userUrl(id));
      if (read.status !== 404)
        return ctx.precondition({
          expected: '404 for the deleted user (see interop.6.6.deleted-gone)',
          got: `status ${read.status}`,
          exchange: read,
        });
      ctx.fixtures.markRemoved(id);
      const again = ctx.fixtures.draftUser();
      again.body.userName = draft.body.userName;
      const { exchange } = await ctx.fixtures.postUser(again.body);
      ctx.expect.status(exchange, [201], `201 for a new user with the deleted user's userName ${String(draft.body.userName)}`);
    },
  }),
  // 6.9.1 Uniqueness Conflicts
  interopCheck({
    id: 'interop.6.9.1.uniqueness-post',
    title: 'A POST with a userName already taken answers 409 with scimType uniqueness',
    feature: 'create',
    level: 'MUST',
    evidence: ['interop.6.9.1.uniqueness'],
    mutates: true,
    chain: 2,
    fix: UNIQUENESS_FIX,
    async run(ctx) {
      const { draft } = await ctx.require.user();
      const second = ctx.fixtures.draftUser();
      second.body.userName = draft.body.userName;
      const { exchange } = await ctx.fixtures.postUser(second.body);
      expectError(ctx, exchange, 409, 'uniqueness', 'the userName is taken', UNIQUENESS_FIX);
    },
  }),
  interopCheck({
    id: 'interop.6.9.1.uniqueness-patch',
    title: 'A PATCH giving a user a userName already taken answers 409 with scimType uniqueness',
    feature: 'update',
    level: 'MUST',
    evidence: ['interop.6.9.1.uniqueness'],
    requires: ['patch'],
    mutates: true,
    chain: 4,
    fix: UNIQUENESS_PATCH_FIX,
    async run(ctx) {
      const [first, second] = await Promise.all([ctx.require.user(), ctx.require.user()]);
      const exchange = await ctx.client.patch(
        userUrl(second.id),
        patchBody({ op: 'replace', path: 'userName', value: first.draft.body.userName }),
      );
      expectError(
        ctx,
        exchange,
        409,
        'uniqueness',
        `the userName ${String(first.draft.body.userName)} is another user's`,
        UNIQUENESS_PATCH_FIX,
      );
    },
  }),
];
