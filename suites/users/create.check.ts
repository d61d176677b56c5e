import { type AttributeMapping, defineCheck, pathKey, describeMismatches, mismatches, property } from '../../src/kit/index.ts';

export default [
  defineCheck({
    id: 'users.create.created',
    title: "Creating a user with Entra's body answers 201 Created with the new id",
    feature: 'create',
    level: 'MUST',
    evidence: ['rfc7644.3.3.created', 'entra.users.create'],
    mutates: true,
    fix: 'Answer POST /Users with 201 Created and the stored user, including its server-assigned "id" (Entra caches it for every later request).',
    covers: ['Validator: Create a new User', 'Gallery: Create a User (200 or 201) and read userName back'],
    async run(ctx) {
      const draft = ctx.fixtures.draftUser();
      const { exchange } = await ctx.fixtures.postUser(draft.body);
      const body = ctx.expect.status(
        exchange,
        [201],
        '201 Created',
        exchange.status === 200
          ? 'Answer a successful create with 201 Created, not 200 (RFC 7644 §3.3 SHALL).'
          : exchange.status === 400
            ? "Accept Entra's create body: core User plus the enterprise extension, meta.resourceType, emails with type and primary, and any attribute you do not store."
            : undefined,
      );
      const id = property(body, 'id');
      if (typeof id !== 'string' || !id) {
        ctx.fail({
          expected: 'a non-empty string "id" in the response body',
          got: id === undefined ? 'no id' : JSON.stringify(id),
          exchange,
        });
      }
    },
  }),
  defineCheck({
    id: 'users.create.location-header',
    title: 'A created user comes with a Location header and meta.location',
    feature: 'create',
    level: 'MUST',
    evidence: ['rfc7644.3.3.location'],
    mutates: true,
    fix: 'Send "Location: <absolute URL of the new user>" with 201, and the same URL as meta.location in the body.',
    async run(ctx) {
      const { exchange } = await ctx.require.user({ judgesAnswer: true });
      const location = exchange.responseHeaders.location;
      if (!location) ctx.fail({ expected: 'a Location header with the URL of the new user', got: 'no Location header', exchange });
      const meta = property(exchange.json, 'meta');
      const metaLocation = property(meta, 'location');
      if (typeof metaLocation !== 'string' || !metaLocation) {
        ctx.fail({
          expected: 'meta.location in the response body',
          got: meta ? `meta without location: ${JSON.stringify(meta)}` : 'no meta',
          exchange,
        });
      }
    },
  }),
  defineCheck({
    id: 'users.create.location-matches',
    title: 'The Location header and meta.location name the same URL, ending in the new id',
    feature: 'create',
    level: 'SHOULD',
    evidence: ['rfc7644.3.3.location', 'rfc7643.3.1.meta-location'],
    mutates: true,
    fix: 'Build the Location header and meta.location from the same absolute URL: <Tenant URL>/Users/<id>.',
    async run(ctx) {
      const { exchange, id } = await ctx.require.user({ judgesAnswer: true });
      const header = exchange.responseHeaders.location;
      const meta = property(property(exchange.json, 'meta'), 'location');
      if (!header || typeof meta !== 'string') {
        return ctx.precondition({
          expected: 'both a Location header and meta.location (see users.create.location-header)',
          got: `Location ${header ? 'present' : 'missing'}, meta.location ${typeof meta === 'string' ? 'present' : 'missing'}`,
          exchange,
        });
      }
      const resolved = new URL(header, exchange.url).href;
      const metaResolved = new URL(meta, exchange.url).href;
      if (resolved !== metaResolved)
        ctx.fail({ expected: 'Location equal to meta.location', got: `Location ${header}, meta.location ${meta}`, exchange });
      if (!decodeURIComponent(new URL(resolved).pathname).endsWith(`/${id}`)) {
        ctx.fail({ expected: `a URL ending in /${id}`, got: resolved, exchange });
      }
    },
  }),
  defineCheck({
    id: 'users.create.response-schema',
    title: 'The created user is valid against the SCIM User schema',
    feature: 'create',
    level: 'MUST',
    evidence: ['rfc7643.4.1.user-schema', 'entra.returned-types'],
    mutates: true,
    fix: 'Return every attribute with its RFC 7643 type: strings as strings, active as a JSON boolean, emails/phoneNumbers/addresses as arrays of objects.',
    async run(ctx) {
      const { exchange } = await ctx.require.user({ judgesAnswer: true });
      const body = exchange.json;
      // RFC 7644 §3.3 only says the body SHOULD hold the representation (users.create.echo judges that);
      // a body reduced to schemas/id/meta is not wrong in type, so only a representation is validated.
      if (typeof body === 'object' && body !== null && Object.keys(body).every((k) => ['schemas', 'id', 'meta'].includes(k))) {
        await ctx.note('the create response holds only schemas, id and meta: nothing further to validate');
        return;
      }
      ctx.expect.schema('User', body, exchange, 'the created user');
    },
  }),
  defineCheck({
    id: 'users.create.echo',
    title: 'The create response echoes every mapped attribute as sent',
    feature: 'create',
    level: 'SHOULD',
    evidence: ['rfc7644.3.3.created'],
    mutates: true,
    fix: 'Return the full stored representation of the new user in the 201 body (RFC 7644 §3.3: the response body SHOULD contain it).',
    async run(ctx) {
      const { draft, exchange } = await ctx.require.user({ judgesAnswer: true });
      const wrong = mismatches(exchange.json, draft.values, ctx.profile.users.attributes);
      if (wrong.length)
        ctx.fail({ expected: 'every attribute sent, returned with the same value', got: describeMismatches(wrong), exchange });
    },
  }),
  defineCheck({
    id: 'users.create.duplicate-username',
    title: 'Creating a second user with the same userName answers 409 with scimType uniqueness',
    feature: 'create',
    level: 'MUST',
    evidence: ['rfc7644.3.3.uniqueness', 'rfc7644.3.12.errors'],
    mutates: true,
    fix: 'Reject a create whose userName already exists (case-insensitively) with 409 Conflict and a SCIM Error body with "scimType": "uniqueness".',
    covers: ['Validator: Create a duplicate User'],
    async run(ctx) {
      const { draft: first } = await ctx.require.user();
      const second = ctx.fixtures.draftUser();
      second.body.userName = first.body.userName;
      const { exchange } = await ctx.fixtures.postUser(second.body);
      const body = ctx.expect.status(
        exchange,
        [409],
        '409 Conflict',
        exchange.status === 201 || exchange.status === 200
          ? 'userName must be unique: reject the duplicate with 409 instead of creating a second user.'
          : undefined,
      );
      const { scimType } = ctx.expect.schema('ScimError', body, exchange, 'the error body');
      if (scimType !== 'uniqueness')
        ctx.fail({ expected: 'scimType "uniqueness"', got: scimType === undefined ? 'no scimType' : JSON.stringify(scimType), exchange });
    },
  }),
  defineCheck<AttributeMapping>({
    id: 'users.create.missing-required',
    title: 'Creating a user without an attribute the profile requires answers 400',
    feature: 'create',
    level: 'SHOULD',
    evidence: ['rfc7644.3.12.errors', 'rfc7643.2.2.required'],
    mutates: true,
    fix: 'Reject a create that lacks an attribute you require with 400 and scimType "invalidValue" naming it, instead of creating an incomplete user (Entra then shows the reason in its provisioning logs).',
    variants: (profile) =>
      profile.users.attributes
        .filter((a) => a.required === true && a.onCreate !== false)
        .map((a) => ({ key: pathKey(a.path), title: a.path, value: a })),
    async run(ctx, attribute) {
      const draft = ctx.fixtures.draftUser({ omit: (a) => a.path === attribute.path });
      const { exchange } = await ctx.fixtures.postUser(draft.body);
      const body = ctx.expect.status(
        exchange,
        [400],
        '400 Bad Request',
        exchange.status === 201 || exchange.status === 200
          ? `The user was created without ${attribute.path}; reject it with 400 invalidValue.`
          : undefined,
      );
      ctx.expect.schema('ScimError', body, exchange, 'the error body');
    },
  }),
];
