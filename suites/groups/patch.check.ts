import {
  type Dialect,
  defineCheck,
  describeMismatches,
  mismatches,
  type CheckContext,
  dialectVariants,
  PATCH_OK,
  buildPatch,
} from '../../src/kit/index.ts';

async function replaceAndVerify(ctx: CheckContext, dialect: Dialect, paths: (path: string) => boolean) {
  const { draft, id } = await ctx.require.group();
  const attributes = (ctx.profile.groups?.attributes ?? []).filter(
    (a) => paths(a.path) && a.updatable !== false && a.mapping !== 'constant',
  );
  const changes = attributes.map((attribute) => ({ attribute, value: ctx.values.value(attribute, draft.seed, 1) }));
  const patched = await ctx.client.patch(
    `/Groups/${encodeURIComponent(id)}`,
    buildPatch(
      dialect,
      changes.map((c) => ({ path: c.attribute.path, value: c.value })),
    ),
  );
  ctx.expect.status(patched, PATCH_OK, '200 or 204');
  const read = await ctx.client.get(`/Groups/${encodeURIComponent(id)}`, { excludedAttributes: 'members' });
  const resource = ctx.expect.status(read, [200], '200 with the group');
  const wrong = mismatches(resource, new Map(changes.map((c) => [c.attribute.path, c.value])), attributes);
  if (wrong.length)
    ctx.fail({
      expected: 'every patched attribute returned with its new value',
      got: describeMismatches(wrong),
      cause: patched,
      exchange: read,
    });
}

export default [
  defineCheck<Dialect>({
    id: 'groups.patch.rename',
    title: 'PATCH replaces a group displayName',
    feature: 'update',
    level: 'MUST',
    evidence: ['rfc7644.3.5.2.3.replace', 'entra.groups.update'],
    requires: ['groups', 'patch'],
    mutates: true,
    covers: ['Validator: Update the Group displayName'],
    fix: 'Apply a replace of displayName (with a path, or as a key of a path-less value object) and return the new name.',
    variants: dialectVariants,
    run: (ctx, dialect) => replaceAndVerify(ctx, dialect, (path) => path === 'displayName'),
  }),
  defineCheck<Dialect>({
    id: 'groups.patch.replace-attributes',
    title: 'PATCH replaces every mapped group attribute',
    feature: 'update',
    level: 'MUST',
    evidence: ['rfc7644.3.5.2.3.replace', 'entra.groups.update'],
    requires: ['groups', 'patch'],
    mutates: true,
    covers: ['Validator: Replace attributes of a Group'],
    fix: 'Apply replace operations to every mapped group attribute (displayName, externalId) and return the new values.',
    variants: dialectVariants,
    run: (ctx, dialect) => replaceAndVerify(ctx, dialect, () => true),
  }),
];
