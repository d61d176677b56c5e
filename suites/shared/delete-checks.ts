// Hard delete as Entra does it, the same for users and groups: 204, then 404; unknown and repeated deletes 404.
import { defineCheck } from '../../src/harness/check.ts';
import type { CoverageItem } from '../../src/harness/coverage.ts';
import { requireGroup, requireUser } from '../../src/harness/required-resources.ts';

interface Kind {
  area: 'users' | 'groups';
  endpoint: 'Users' | 'Groups';
  noun: string;
  covers: { hard: CoverageItem[]; unknown: CoverageItem[]; twice: CoverageItem[] };
}

export function deleteChecks(kind: Kind) {
  const create = kind.area === 'users' ? requireUser : requireGroup;
  const requires = kind.area === 'users' ? (['users'] as const) : (['groups'] as const);
  const url = (id: string) => `/${kind.endpoint}/${encodeURIComponent(id)}`;
  return [
    defineCheck({
      id: `${kind.area}.delete.hard`,
      title: `DELETE /${kind.endpoint}/{id} answers 204, and the ${kind.noun} is gone (GET 404)`,
      area: kind.area,
      feature: 'delete',
      level: 'MUST',
      spec: [{ source: 'RFC7644', section: '3.6', evidence: 'R' }, { source: 'Entra', topic: `Delete ${kind.noun}: 204, then GET 404`, evidence: 'C' }],
      requires: [...requires],
      mutates: true,
      covers: kind.covers.hard,
      fix: `Answer DELETE with 204 No Content and remove the ${kind.noun}, so that a later GET answers 404.`,
      async run(ctx) {
        const { id } = await create(ctx);
        const deleted = await ctx.client.delete(url(id));
        ctx.expectStatus(deleted, [204], '204 No Content', deleted.status === 200 ? 'Answer a successful DELETE with 204 and no body (RFC 7644 §3.6).' : undefined);
        const read = await ctx.client.get(url(id));
        ctx.expectStatus(read, [404], `404 for the deleted ${kind.noun}`, read.status === 200 ? `DELETE must remove the ${kind.noun}; if you keep deleted ones internally, answer 404 for them.` : undefined);
        // Only a confirmed removal spares the cleanup its own DELETE.
        ctx.fixtures.markRemoved(id);
      },
    }),
    defineCheck({
      id: `${kind.area}.delete.unknown`,
      title: `DELETE of a ${kind.noun} that does not exist answers 404`,
      area: kind.area,
      feature: 'delete',
      level: 'MUST',
      spec: [{ source: 'RFC7644', section: '3.6', evidence: 'R' }, { source: 'RFC7644', section: '3.12', evidence: 'R' }],
      requires: [...requires],
      // A DELETE, even of an id nobody has, is not something to send to a production tenant in --read-only.
      mutates: true,
      covers: kind.covers.unknown,
      fix: `Answer DELETE of an unknown id with 404 and a SCIM Error body.`,
      async run(ctx) {
        const exchange = await ctx.client.delete(url(ctx.fixtures.probeId()));
        ctx.expectStatus(exchange, [404], '404 Not Found');
      },
    }),
    defineCheck({
      id: `${kind.area}.delete.twice`,
      title: `Deleting the same ${kind.noun} twice answers 404 the second time`,
      area: kind.area,
      feature: 'delete',
      level: 'MUST',
      spec: [{ source: 'RFC7644', section: '3.6', evidence: 'R' }, { source: 'Entra', topic: 'SCIM Validator preview: delete twice', evidence: 'S' }],
      requires: [...requires],
      mutates: true,
      covers: kind.covers.twice,
      fix: `Answer a DELETE of an already deleted ${kind.noun} with 404.`,
      async run(ctx) {
        const { id } = await create(ctx);
        const first = await ctx.client.delete(url(id));
        if (first.status !== 204 && first.status !== 200) return ctx.precondition({ expected: `the first DELETE to succeed (see ${kind.area}.delete.hard)`, got: `status ${first.status ?? first.error}`, exchange: first });
        const second = await ctx.client.delete(url(id));
        ctx.expectStatus(second, [404], '404 Not Found for the second DELETE');
        ctx.fixtures.markRemoved(id);
      },
    }),
  ];
}
