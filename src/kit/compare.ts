// Entra compares the values it reads back with its own to decide on updates, so they must come back exactly as sent.
import type { AttributeMapping } from '../generated/index.ts';
import { getPath } from './scim-path.ts';

export interface Mismatch {
  path: string;
  sent: unknown;
  returned: unknown;
}

function same(sent: unknown, returned: unknown, attribute: AttributeMapping | undefined): boolean {
  if (attribute?.type === 'reference' && returned && typeof returned === 'object') {
    return (returned as { value?: unknown }).value === sent;
  }
  return JSON.stringify(sent) === JSON.stringify(returned);
}

export function mismatches(resource: unknown, expected: Map<string, unknown>, attributes: AttributeMapping[]): Mismatch[] {
  const out: Mismatch[] = [];
  for (const [path, sent] of expected) {
    const returned = getPath(resource, path);
    if (
      !same(
        sent,
        returned,
        attributes.find((a) => a.path === path),
      )
    )
      out.push({ path, sent, returned });
  }
  return out;
}

export function describeMismatches(list: Mismatch[]): string {
  return list
    .map((m) => `${m.path}: sent ${JSON.stringify(m.sent)}, got ${m.returned === undefined ? 'nothing' : JSON.stringify(m.returned)}`)
    .join('; ');
}
