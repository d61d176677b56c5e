import {
  type Dialect,
  defineCheck,
  ENTRA_COMPATIBILITY,
  describeMismatches,
  mismatches,
  type CheckContext,
  dialectVariants,
  patchGroup,
  buildPatch,
  requireGroup,
} from '../../src/kit/index.ts';

const ENTRA_GROUP_UPDATE = {
  source: 'Entra',
  topic: 'Update Group: Replace displayName and other mapped attributes',
  evidence: 'C',
  url: ENTRA_COMPATIBILITY,
} as const;

async function replaceAndVerify(ctx: CheckContext, dialect: Dialect, paths: (path: string) => boolean) {
  const { draft, id } = await requireGroup(ctx);
  const attributes = (ctx.profile.groups?.attributes ?? []).filter(
    (a) => paths(a.path) && a.updatable !== false && a.mapping !== 'constant',
  );
  const changes = attributes.map((attribute) => ({ attribute, value: ctx.values.value(attribute, draft.seed, 1) }));
  const patched = await patchGroup(
    ctx,
    id,
    buildPatch(
      dialect,
      changes.map((c) => ({ path: c.attribute.path, value: c.value })),
    ),
    '200 or 204',
  );
  const read = await ctx.client.get(`/Groups/${encodeURIComponent(id)}`, { excludedAttributes: 'members' });
  const resource = ctx.expectStatus(read, [200], '200 with the group');
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
    spec: [{ source: 'RFC7644', section: '3.5.2.3', evidence: 'R' }, ENTRA_GROUP_UPDATE],
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
    spec: [{ source: 'RFC7644', section: '3.5.2.3', evidence: 'R' }, ENTRA_GROUP_UPDATE],
    requires: ['groups', 'patch'],
    mutates: true,
    covers: ['Validator: Replace attributes of a Group'],
    fix: 'Apply replace operations to every mapped group attribute (displayName, externalId) and return the new values.',
    variants: dialectVariants,
    run: (ctx, dialect) => replaceAndVerify(ctx, dialect, () => true),
  }),
];
