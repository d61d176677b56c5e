// What a check needs before it can judge anything, as ctx.require: most need a user or group of their own; when the
// target cannot create one, the check stops as a precondition failure that points at the create check.
import type { AttributeMapping } from '../generated/index.ts';
import type { Exchange } from '../http/client.ts';
import type { FailureInput } from './failure.ts';
import type { Fixtures, UserDraft } from './fixtures.ts';

export interface RequiredResource {
  draft: UserDraft;
  id: string;
  /** The create's answer (or, when that answer was lost, the read that found the resource). */
  exchange: Exchange;
}

export interface UserOptions {
  /** Attributes to leave out of the body (Entra leaves out attributes whose source is empty). */
  omit?: (attribute: AttributeMapping) => boolean;
  /** Changes the body before it is sent. */
  adjust?: (body: Record<string, unknown>) => void;
  /**
   * The check judges the create's own answer (status, Location, body); otherwise a create whose answer was lost but
   * which the target did make is used as it is.
   */
  judgesAnswer?: boolean;
}

export interface GroupOptions {
  /** Changes the body before it is sent. */
  adjust?: (body: Record<string, unknown>) => void;
}

/** `count` values of T: a tuple when count is a literal (ctx.require.users(2) gives [string, string]). */
export type Several<T, N extends number, Acc extends T[] = []> = number extends N
  ? T[]
  : Acc['length'] extends N
    ? Acc
    : Several<T, N, [...Acc, T]>;

export interface Requirements {
  /** A user of the run's own, with the values the profile maps. */
  user(options?: UserOptions): Promise<RequiredResource>;
  /** Several users at once (membership, manager): their ids. */
  users<N extends number>(count: N): Promise<Several<string, N>>;
  /** A group of the run's own, without members. */
  group(options?: GroupOptions): Promise<RequiredResource>;
}

export function createRequirements(fixtures: Fixtures, precondition: (input: FailureInput) => never): Requirements {
  const requirements: Requirements = {
    async user(options = {}) {
      const draft = fixtures.draftUser(options.omit ? { omit: options.omit } : {});
      options.adjust?.(draft.body);
      const { exchange, id } = await fixtures.postUser(draft.body, { setup: options.judgesAnswer !== true });
      if (!id) {
        return precondition({
          expected: 'the user to be created (see users.create.created)',
          got: `status ${exchange.status ?? exchange.error}`,
          exchange,
        });
      }
      return { draft, id, exchange };
    },

    async users<N extends number>(count: N) {
      const users = await Promise.all(Array.from({ length: count }, () => requirements.user()));
      // As many ids as were asked for.
      return users.map((u) => u.id) as Several<string, N>;
    },

    async group(options = {}) {
      const draft = fixtures.draftGroup();
      options.adjust?.(draft.body);
      const { exchange, id } = await fixtures.postGroup(draft.body, { setup: true });
      if (!id) {
        return precondition({
          expected: 'the group to be created (see groups.create.created)',
          got: `status ${exchange.status ?? exchange.error}`,
          exchange,
        });
      }
      return { draft, id, exchange };
    },
  };
  return requirements;
}
