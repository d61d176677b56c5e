// Most checks need a user of their own before they can judge anything; when the target cannot create one,
// the check stops as a precondition failure that points at users.create.created.
import type { AttributeMapping } from '../generated/index.ts';
import type { Exchange } from './client.ts';
import type { CheckContext } from './context.ts';
import type { UserDraft } from './fixtures.ts';

export interface RequiredUser {
  draft: UserDraft;
  id: string;
  exchange: Exchange;
}

export async function requireUser(ctx: CheckContext, omit?: (attribute: AttributeMapping) => boolean): Promise<RequiredUser> {
  const draft = ctx.fixtures.draftUser(omit ? { omit } : {});
  const { exchange, id } = await ctx.fixtures.postUser(draft.body);
  if (!id) {
    return ctx.precondition({ expected: 'the user to be created (see users.create.created)', got: `status ${exchange.status ?? exchange.error}`, exchange });
  }
  return { draft, id, exchange };
}
