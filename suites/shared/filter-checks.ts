// The eq-filter checks Entra's matching rests on, the same for users and groups: a filter on a matching attribute
// finds exactly the resource, a value nobody has finds nothing (200, not 404), and a value in another letter case
// still finds the resource. What differs between the two is said by the file that calls this: the texts, the facts cited,
// the resources a check creates first, and the query parameters sent along (groups are read without their members).
import {
  type AttributeMapping,
  type CheckContext,
  type CoverageItem,
  type FactId,
  type Level,
  type Profile,
  type Requirement,
  type Variant,
  defineCheck,
  eqFilter,
  hasLetterCase,
  swapCase,
} from '../../src/kit/index.ts';

interface FilterCheck {
  title: string;
  level: Level;
  evidence: FactId[];
  fix: string;
  covers: CoverageItem[];
  /** Query parameters sent before the filter. */
  query?: Record<string, string>;
}

interface Kind {
  endpoint: 'Users' | 'Groups';
  noun: 'user' | 'group';
  /** One variant per attribute filtered on. */
  variants: (profile: Profile) => Variant<AttributeMapping>[];
  /** The resource to find, with its value of the attribute, and another one, so that a server ignoring the filter cannot pass. */
  found: (ctx: CheckContext, attribute: AttributeMapping) => Promise<{ id: string; value: string }>;
  /** What exists when a filter must find nothing, so that a server ignoring the filter cannot pass on an empty tenant. */
  present: (ctx: CheckContext, attribute: AttributeMapping) => Promise<unknown>;
  hit: FilterCheck;
  miss: FilterCheck;
  caseInsensitive: FilterCheck;
}

export function filterChecks(kind: Kind) {
  const area = kind.endpoint === 'Users' ? 'users' : 'groups';
  const list = `/${kind.endpoint}`;
  // Only groups can be missing from a profile (every profile maps users): a group check is skipped without them.
  const requires: Requirement[] = area === 'groups' ? ['groups', 'filter'] : ['filter'];
  const metadata = (check: FilterCheck) => ({
    title: check.title,
    feature: 'filter' as const,
    level: check.level,
    evidence: check.evidence,
    requires: [...requires],
    mutates: true,
    covers: check.covers,
    fix: check.fix,
  });
  return [
    defineCheck<AttributeMapping>({
      id: `${area}.filter.eq-hit`,
      ...metadata(kind.hit),
      variants: kind.variants,
      async run(ctx, attribute) {
        const { id, value } = await kind.found(ctx, attribute);
        const exchange = await ctx.client.get(list, { ...kind.hit.query, filter: eqFilter(attribute.path, value) });
        const found = ctx.expect.listResponse(exchange, '200 with a ListResponse');
        ctx.expect.exactlyOne(found, id, exchange, `the ${kind.noun}`);
      },
    }),
    defineCheck<AttributeMapping>({
      id: `${area}.filter.eq-miss`,
      ...metadata(kind.miss),
      variants: kind.variants,
      async run(ctx, attribute) {
        await kind.present(ctx, attribute);
        const filter = eqFilter(attribute.path, ctx.values.missingValue(attribute));
        const exchange = await ctx.client.get(list, { ...kind.miss.query, filter });
        const found = ctx.expect.listResponse(exchange, '200 with an empty ListResponse');
        if (found.totalResults !== 0 || found.resources.length)
          ctx.fail({
            expected: 'totalResults 0',
            got: `totalResults ${found.totalResults}, ${found.resources.length} resources`,
            exchange,
          });
      },
    }),
    defineCheck<AttributeMapping>({
      id: `${area}.filter.eq-case-insensitive`,
      ...metadata(kind.caseInsensitive),
      variants: (profile) => kind.variants(profile).filter((v) => v.value.caseExact === false && hasLetterCase(v.value)),
      async run(ctx, attribute) {
        const { id, value } = await kind.found(ctx, attribute);
        const exchange = await ctx.client.get(list, { ...kind.caseInsensitive.query, filter: eqFilter(attribute.path, swapCase(value)) });
        const found = ctx.expect.listResponse(exchange, '200 with a ListResponse');
        ctx.expect.exactlyOne(found, id, exchange, `the ${kind.noun} (found despite the different case)`);
      },
    }),
  ];
}
