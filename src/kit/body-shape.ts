// When a body fails its schema because it is not the kind of value the schema describes at all (an HTML page, text
// that is not JSON, a bare array, an object missing the envelope), the failure says that, not "fix the attribute types".
import type { Exchange } from '../http/client.ts';
import type { SchemaName } from './schema-validator.ts';

const LIST_RESPONSE_URN = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

export interface ShapeProblem {
  got: string;
  fix: string;
}

/** What is wrong with the body's shape, or undefined when it has the right shape (then attribute types are the issue). */
export function bodyShapeProblem(name: SchemaName, value: unknown, exchange: Exchange): ShapeProblem | undefined {
  const type = exchange.responseHeaders['content-type'] ?? '';
  const text = (exchange.responseText ?? '').trimStart();
  // Only the body itself says something about the answer as a whole (a part of it may be missing for other reasons).
  if (value === undefined && exchange.json === undefined) {
    if (/html/i.test(type) || /^<(!doctype|html|head|body)\b/i.test(text)) {
      return {
        got: `an HTML page${htmlTitle(text)}, not SCIM JSON`,
        fix: "The answer is not SCIM at all: probably a login page, a proxy's page or the wrong URL. Set SCIM_BASE_URL to the SCIM root of your API (often …/scim/v2), and let the bearer token through without a browser login.",
      };
    }
    if (text === '')
      return {
        got: `an empty body${type ? ` (${type})` : ''}`,
        fix: `Answer with a ${name} as a JSON body (Content-Type application/scim+json).`,
      };
    return {
      got: `a body that is not JSON${type ? ` (${type})` : ''}: ${JSON.stringify(text.slice(0, 80))}`,
      fix: `Answer with a ${name} as a JSON body (Content-Type application/scim+json); this answer is not SCIM, check that SCIM_BASE_URL is the SCIM root of your API.`,
    };
  }
  if (name !== 'ListResponse') {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return { got: `${describe(value)}, not a JSON object`, fix: `Answer with the ${name} as one JSON object.` };
    }
    return undefined;
  }
  if (Array.isArray(value)) {
    return {
      got: `a bare JSON array of ${value.length} item(s), not a ListResponse`,
      fix: `Wrap the resources in a ListResponse: {"schemas": ["${LIST_RESPONSE_URN}"], "totalResults": <all matches>, "startIndex": 1, "itemsPerPage": <in this page>, "Resources": [...]} (RFC 7644 §3.4.2).`,
    };
  }
  if (value === null || typeof value !== 'object') {
    return {
      got: `${describe(value)}, not a ListResponse object`,
      fix: `Answer a query with a ListResponse object: {"schemas": ["${LIST_RESPONSE_URN}"], "totalResults": ..., "Resources": [...]}.`,
    };
  }
  const list = value as Record<string, unknown>;
  const missing = ['schemas', 'totalResults'].filter((key) => !(key in list));
  if (missing.length) {
    const absent = [...missing, ...('Resources' in list ? [] : ['Resources'])];
    const looksLikeResource = 'id' in list || 'userName' in list || 'displayName' in list;
    return {
      got: `an object without ${absent.join(', ')}${looksLikeResource ? ' (it looks like a single resource)' : ''}; keys: ${Object.keys(list).slice(0, 8).join(', ') || 'none'}`,
      fix: `Answer a query with the ListResponse envelope, even for one match or none: {"schemas": ["${LIST_RESPONSE_URN}"], "totalResults": <all matches>, "Resources": [...]} (RFC 7644 §3.4.2).`,
    };
  }
  return undefined;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a JSON array';
  return `a JSON ${typeof value} (${JSON.stringify(value).slice(0, 40)})`;
}

export function htmlTitle(html: string): string {
  const title = /<title[^>]*>([^<]{1,80})/i.exec(html)?.[1]?.trim();
  return title ? ` ("${title}")` : '';
}
