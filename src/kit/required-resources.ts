// Most checks need a user or group of their own before they can judge anything; when the target cannot create
// one, the check stops as a precondition failure that points at the create check.
import type { AttributeMapping } from '../generated/index.ts';
import type { Exchange } from '../http/client.ts';
import type { CheckContext } from './context.ts';
import type { UserDraft } from './fixtures.ts';

export interface RequiredResource {
  draft: UserDraft;
  id: string;
  exchange: Exchange;
}

/**
 * `judgesAnswer`: the check judges the create's own answer (status, Location, body); otherwise a create whose answer
 * was lost but which the target did make is used as it is.
 */
export async function requireUser(
  ctx: CheckContext,
  omit?: (attribute: AttributeMapping) => boolean,
  adjust?: (body: Record<string, unknown>) => void,
  options: { judgesAnswer?: boolean } = {},
): Promise<RequiredResource> {
  const draft = ctx.fixtures.draftUser(omit ? { omit } : {});
  adjust?.(draft.body);
  const { exchange, id } = await ctx.fixtures.postUser(draft.body, { setup: options.judgesAnswer !== true });
  if (!id) {
    return ctx.precondition({
      expected: 'the user to be created (see users.create.created)',
      got: `status ${exchange.status ?? exchange.error}`,
      exchange,
    });
  }
  return { draft, id, exchange };
}

export async function requireGroup(ctx: CheckContext, adjust?: (body: Record<string, unknown>) => void): Promise<RequiredResource> {
  const draft = ctx.fixtures.draftGroup();
  adjust?.(draft.body);
  const { exchange, id } = await ctx.fixtures.postGroup(draft.body, { setup: true });
  if (!id) {
    return ctx.precondition({
      expected: 'the group to be created (see groups.create.created)',
      got: `status ${exchange.status ?? exchange.error}`,
      exchange,
    });
  }
  return { draft, id, exchange };
}

/** Several users at once, for membership and pagination checks. */
export async function requireUsers(ctx: CheckContext, count: number): Promise<string[]> {
  const users = await Promise.all(Array.from({ length: count }, () => requireUser(ctx)));
  return users.map((u) => u.id);
}
