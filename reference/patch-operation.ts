// The shapes PATCH handling passes between its modules: a request operation after reading, and the
// steps it is turned into before anything touches the resource.
import type { AttributePath } from './attribute-path.ts';

export interface Operation {
  op: 'add' | 'remove' | 'replace';
  path?: string;
  value?: unknown;
  /** The patch-dotted-keys-literal fault: store this key as a top-level attribute, unsplit. */
  literalKey?: boolean;
}

export type Step =
  | { kind: 'library'; operation: Operation }
  | { kind: 'set'; key: string; value: unknown }
  | { kind: 'delete'; key: string }
  /** After a removal: drop what it left hollow (see tidyAfterRemoval). */
  | { kind: 'tidy'; target: AttributePath };
