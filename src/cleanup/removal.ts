// The one rule for what a DELETE's answer says about the resource, shared by a check's own cleanup, the end-of-run
// sweep, the load mode's cleanup and the cleanup command.
import type { Exchange } from '../http/client.ts';

export type RemovalOutcome =
  | { state: 'removed' }
  /** The target said 404 for a resource this run created and never deleted: not proof that it is gone. */
  | { state: 'may-remain'; reason: string }
  /** The target answered, and did not remove it. */
  | { state: 'refused'; reason: string }
  /** No answer came: whether it is gone is unknown. */
  | { state: 'unknown'; reason: string };

export function removalOutcome(exchange: Exchange): RemovalOutcome {
  if (exchange.status === 200 || exchange.status === 204) return { state: 'removed' };
  if (exchange.status === 404) {
    // An earlier attempt of this DELETE got no answer: it is what removed the resource.
    if (exchange.retries?.length) return { state: 'removed' };
    return {
      state: 'may-remain',
      reason:
        'DELETE answered 404 though this run never deleted it; a server that hides some resources (deactivated users, say) from every request may still hold it: check by hand',
    };
  }
  if (exchange.noAnswer !== undefined || exchange.status === undefined)
    return { state: 'unknown', reason: exchange.noAnswer ?? exchange.error ?? 'no answer' };
  return { state: 'refused', reason: `DELETE answered ${exchange.status}` };
}
