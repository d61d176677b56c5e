import {
  defineCheck,
  type Variant,
  type CheckContext,
  PATCH_OK,
  PATCH_SCHEMA,
  type PatchOperation,
  getPath,
  MANAGER_PATH,
  property,
} from '../../src/kit/index.ts';

type SetForm = 'bare-string' | 'object';
const setForms = (): Variant<SetForm>[] => [
  { key: 'bare-string', title: 'id as a bare string, as Entra sends it', value: 'bare-string' },
  { key: 'object', title: 'id as {"value": id}, as the SCIM Validator sends it', value: 'object' },
];

type RemoveForm = 'replace-empty-string' | 'replace-empty-object' | 'remove' | 'remove-value-filter';
const removeForms = (): Variant<RemoveForm>[] => [
  { key: 'replace-empty-string', title: 'Replace with ""', value: 'replace-empty-string' },
  { key: 'replace-empty-object', title: 'Replace with {"value": ""}', value: 'replace-empty-object' },
  { key: 'remove', title: 'Remove with the path only', value: 'remove' },
  { key: 'remove-value-filter', title: 'Remove on manager[value eq "id"]', value: 'remove-value-filter' },
];

function operation(op: string, form: SetForm, managerId: string): PatchOperation {
  return { op, path: MANAGER_PATH, value: form === 'bare-string' ? managerId : { value: managerId } };
}

function removal(form: RemoveForm, managerId: string): PatchOperation {
  switch (form) {
    case 'replace-empty-string':
      return { op: 'Replace', path: MANAGER_PATH, value: '' };
    case 'replace-empty-object':
      return { op: 'Replace', path: MANAGER_PATH, value: { value: '' } };
    case 'remove':
      return { op: 'Remove', path: MANAGER_PATH };
    case 'remove-value-filter':
      return { op: 'Remove', path: `${MANAGER_PATH}[value eq ${JSON.stringify(managerId)}]` };
  }
}

async function patch(ctx: CheckContext, id: string, op: PatchOperation, expected: string, fix?: string) {
  const exchange = await ctx.client.patch(`/Users/${encodeURIComponent(id)}`, { schemas: [PATCH_SCHEMA], Operations: [op] });
  ctx.expect.status(exchange, PATCH_OK, expected, fix);
  return exchange;
}

/** Reads the user back; the manager must be the complex {"value": id} (or absent when expected is undefined). */
async function expectManager(ctx: CheckContext, id: string, expected: string | undefined, cause: Awaited<ReturnType<typeof patch>>) {
  const exchange = await ctx.client.get(`/Users/${encodeURIComponent(id)}`);
  const body = ctx.expect.status(exchange, [200], '200 with the user');
  const manager = getPath(body, MANAGER_PATH);
  if (expected === undefined) {
    const value = manager && typeof manager === 'object' ? property(manager, 'value') : manager;
    if (value !== undefined && value !== null && value !== '')
      ctx.fail({
        expected: 'no manager',
        got: JSON.stringify(manager),
        cause,
        exchange,
        fix: 'Clear the manager for each removal form Entra and its tools send.',
      });
    return;
  }
  if (!manager || typeof manager !== 'object' || property(manager, 'value') !== expected) {
    ctx.fail({
      expected: `manager {"value": "${expected}"}`,
      got: manager === undefined ? 'no manager' : JSON.stringify(manager),
      cause,
      exchange,
      fix:
        typeof manager === 'string'
          ? 'Return manager as the complex attribute {"value": "<id>"} (RFC 7643 §4.3), whatever form it was set with.'
          : 'Store the manager id sent as a bare string or as {"value": id}.',
    });
  }
}

export default [
  defineCheck<SetForm>({
    id: 'users.manager.set',
    title: 'PATCH Add sets the manager, and GET returns it as {"value": id}',
    feature: 'manager',
    level: 'SHOULD',
    evidence: ['entra.manager.forms', 'rfc7643.4.3.manager'],
    requires: ['patch', 'manager'],
    mutates: true,
    covers: ['Validator: Add a Manager', 'Gallery: Set, change and remove the Manager'],
    fix: `Accept {"op":"Add","path":"${MANAGER_PATH}","value":"<id>"} and the same with {"value":"<id>"}; return manager as {"value":"<id>"}.`,
    variants: setForms,
    async run(ctx, form) {
      const [user, manager] = await ctx.require.users(2);
      const patched = await patch(ctx, user, operation('Add', form, manager), '200 or 204');
      await expectManager(ctx, user, manager, patched);
    },
  }),
  defineCheck({
    id: 'users.manager.replace',
    title: 'PATCH Replace changes the manager',
    feature: 'manager',
    level: 'SHOULD',
    evidence: ['entra.manager.forms', 'entra.gallery.manager'],
    requires: ['patch', 'manager'],
    chain: 9,
    mutates: true,
    covers: ['Validator: Replace the Manager'],
    fix: `Apply {"op":"Replace","path":"${MANAGER_PATH}","value":"<new id>"}.`,
    async run(ctx) {
      const [user, first, second] = await ctx.require.users(3);
      await patch(ctx, user, operation('Add', 'bare-string', first), '(setup) 200 or 204 for setting the manager');
      const patched = await patch(ctx, user, operation('Replace', 'bare-string', second), '200 or 204');
      await expectManager(ctx, user, second, patched);
    },
  }),
  defineCheck<RemoveForm>({
    id: 'users.manager.remove',
    title: 'The manager can be removed in every form seen on the wire',
    feature: 'manager',
    level: 'SHOULD',
    evidence: ['entra.manager.removal-forms', 'entra.gallery.manager'],
    requires: ['patch', 'manager'],
    mutates: true,
    covers: ['Validator: Remove the Manager'],
    fix: 'Treat a Replace with an empty manager, a Remove of the manager path, and a Remove on manager[value eq "<id>"] all as clearing the manager.',
    variants: removeForms,
    async run(ctx, form) {
      const [user, manager] = await ctx.require.users(2);
      await patch(ctx, user, operation('Add', 'bare-string', manager), '(setup) 200 or 204 for setting the manager');
      const patched = await patch(ctx, user, removal(form, manager), '200 or 204');
      await expectManager(ctx, user, undefined, patched);
    },
  }),
];
