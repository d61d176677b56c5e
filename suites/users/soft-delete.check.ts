import {
  defineCheck,
  type Dialect,
  type Variant,
  type CheckContext,
  type Profile,
  PATCH_OK,
  profileDialects,
  PATCH_SCHEMA,
  type PatchOperation,
  matchingAttribute,
  eqFilter,
  property,
} from '../../src/kit/index.ts';

type Form = 'default-string' | 'default-boolean' | 'aadOptscim062020' | 'rfc';

/**
 * The disable/restore operation as each form sends it: Microsoft's pages show the default dialect with "False" as a
 * string and as a boolean, so both are sent (fact entra.soft-delete); the flag dialect and plain RFC 7644 use booleans.
 */
function activeOperation(form: Form, active: boolean): PatchOperation {
  if (form === 'default-string') return { op: 'Replace', path: 'active', value: active ? 'True' : 'False' };
  if (form === 'default-boolean') return { op: 'Replace', path: 'active', value: active };
  if (form === 'rfc') return { op: 'replace', path: 'active', value: active };
  return { op: 'replace', value: { active } };
}

const FORM_TITLES: Record<Form, string> = {
  'default-string': 'default dialect, "False" as a string',
  'default-boolean': 'default dialect, boolean false',
  aadOptscim062020: 'aadOptscim062020 dialect, path-less replace',
  rfc: 'plain RFC 7644 replace',
};

const forms = (profile: Profile): Variant<Form>[] => {
  const all: Array<Variant<Form> & { dialect: Dialect }> = [
    { key: 'default-string', title: FORM_TITLES['default-string'], value: 'default-string', dialect: 'default' },
    { key: 'default-boolean', title: FORM_TITLES['default-boolean'], value: 'default-boolean', dialect: 'default' },
    { key: 'aadOptscim062020', title: FORM_TITLES.aadOptscim062020, value: 'aadOptscim062020', dialect: 'aadOptscim062020' },
    { key: 'rfc', title: FORM_TITLES.rfc, value: 'rfc', dialect: 'rfc' },
  ];
  const dialects = profileDialects(profile);
  return all.filter((v) => dialects.includes(v.dialect));
};

async function setActive(ctx: CheckContext, id: string, form: Form, active: boolean) {
  const exchange = await ctx.client.patch(`/Users/${encodeURIComponent(id)}`, {
    schemas: [PATCH_SCHEMA],
    Operations: [activeOperation(form, active)],
  });
  ctx.expect.status(
    exchange,
    PATCH_OK,
    '200 or 204',
    exchange.status === 400 && form === 'default-string'
      ? 'Without the aadOptscim062020 flag Entra sends booleans as the strings "True"/"False": accept them for active and store a real boolean.'
      : undefined,
  );
}

async function expectActive(ctx: CheckContext, id: string, expected: boolean, fix: string) {
  const exchange = await ctx.client.get(`/Users/${encodeURIComponent(id)}`);
  const body = ctx.expect.status(exchange, [200], `200 with the user (active ${expected})`, exchange.status === 404 ? fix : undefined);
  const active = property(body, 'active');
  if (active !== expected) {
    ctx.fail({
      expected: `active ${expected} (a JSON boolean)`,
      got: active === undefined ? 'no active attribute' : JSON.stringify(active),
      exchange,
      fix: typeof active === 'string' ? 'Store "True"/"False" as the booleans true/false; active is a boolean (RFC 7643 §4.1.1).' : fix,
    });
  }
}

export default [
  defineCheck<Form>({
    id: 'users.soft-delete.disable',
    title: 'Setting active false keeps the user readable by GET and by filter, with active false',
    feature: 'soft delete',
    level: 'MUST',
    evidence: ['entra.soft-delete', 'rfc7644.3.5.2.3.replace'],
    requires: ['patch'],
    mutates: true,
    fix: 'Treat active false as a state, not a deletion: keep returning the user from GET /Users/{id} and from filters, with "active": false.',
    covers: ['Validator: Disable a User'],
    variants: forms,
    async run(ctx, form) {
      const { draft, id } = await ctx.require.user();
      await setActive(ctx, id, form, false);
      await expectActive(
        ctx,
        id,
        false,
        'Keep deactivated users readable: Entra reads them back by id and by filter after disabling them.',
      );
      const attribute = matchingAttribute(ctx.profile);
      const exchange = await ctx.client.get('/Users', { filter: eqFilter(attribute.path, String(draft.values.get(attribute.path))) });
      const list = ctx.expect.listResponse(exchange, '200 with the deactivated user');
      const found = list.resources.find((r) => r.id === id);
      // Entra needs exactly one match; several are an error on its side ("multiple matching users").
      if (!found || list.totalResults !== 1)
        return ctx.fail({
          expected: `exactly the deactivated user ${id} in the filter result`,
          got: `totalResults ${list.totalResults}, ${found ? 'including' : 'without'} the user`,
          exchange,
          fix: 'Do not hide inactive users from filters: Entra matches users by filter before every update, including re-enabling them.',
        });
      if (found.active !== false) ctx.fail({ expected: 'active false in the filter result', got: JSON.stringify(found.active), exchange });
    },
  }),
  defineCheck<Form>({
    id: 'users.soft-delete.restore',
    title: 'Setting active back to true restores the user',
    feature: 'soft delete',
    level: 'MUST',
    evidence: ['entra.soft-delete', 'rfc7644.3.5.2.3.replace'],
    requires: ['patch'],
    mutates: true,
    fix: 'Apply active true to a deactivated user; Entra restores users that come back into scope.',
    // The restore wire form is unconfirmed [U]: the string "True" is sent because "False" is, but may not fail a server.
    variants: (profile) =>
      forms(profile).map((v) =>
        v.value === 'default-string'
          ? {
              ...v,
              level: 'MAY' as const,
              evidence: ['entra.restore-string-true'],
            }
          : v,
      ),
    async run(ctx, form) {
      const { id } = await ctx.require.user();
      await setActive(ctx, id, form, false);
      await setActive(ctx, id, form, true);
      await expectActive(ctx, id, true, 'Apply active true to a deactivated user and keep it readable.');
    },
  }),
];
