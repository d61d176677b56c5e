// Splits a SCIM attribute path (RFC 7644 section 3.10 attrPath / section 3.5.2 valuePath) into its parts.
// Only the bracketed filter needs a real parser, and that is left to scim2-parse-filter by the callers;
// this module only finds where the schema URN, attribute, filter and sub-attribute are.

export interface AttributePath {
  /** Schema URN as written, when the path is qualified. */
  urn?: string;
  /** Undefined when the whole path is a schema URN (the extension object itself). */
  attribute?: string;
  /** The text between [ and ], unparsed. */
  filter?: string;
  subAttribute?: string;
}

const NAME = /^\$?[A-Za-z][\w-]*$/;

/** Undefined when the path is malformed. isSchemaUrn tells a bare extension URN from URN:attribute. */
export function parseAttributePath(path: string, isSchemaUrn: (urn: string) => boolean): AttributePath | undefined {
  const open = path.indexOf('[');
  const head = open < 0 ? path : path.slice(0, open);
  let tail = '';
  let filter: string | undefined;
  if (open >= 0) {
    const close = path.lastIndexOf(']');
    if (close < open) return undefined;
    filter = path.slice(open + 1, close).trim();
    tail = path.slice(close + 1);
    if (filter === '') return undefined;
  }

  if (isSchemaUrn(head)) return filter === undefined ? { urn: head } : undefined;

  // URNs contain dots ("2.0"), so the attribute starts after the last colon of the part before any bracket.
  const colon = head.lastIndexOf(':');
  const urn = colon >= 0 ? head.slice(0, colon) : undefined;
  if (urn !== undefined && !/^urn:/i.test(urn)) return undefined;
  const names = head.slice(colon + 1).split('.');
  if (open >= 0) {
    if (names.length !== 1) return undefined;
    if (tail !== '') {
      if (!tail.startsWith('.')) return undefined;
      names.push(tail.slice(1));
    }
  }
  if (names.length > 2 || !names.every((n) => NAME.test(n))) return undefined;
  return {
    ...(urn !== undefined ? { urn } : {}),
    attribute: names[0]!,
    ...(filter !== undefined ? { filter } : {}),
    ...(names[1] !== undefined ? { subAttribute: names[1] } : {}),
  };
}

export function formatAttributePath(p: AttributePath): string {
  if (p.attribute === undefined) return p.urn ?? '';
  return `${p.urn !== undefined ? `${p.urn}:` : ''}${p.attribute}${p.filter !== undefined ? `[${p.filter}]` : ''}${p.subAttribute !== undefined ? `.${p.subAttribute}` : ''}`;
}
