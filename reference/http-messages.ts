// Reading SCIM request bodies and writing SCIM responses over node:http.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultSet } from './faults.ts';
import { errorBody, ScimHttpError, badRequest } from './scim-error.ts';

export interface ScimResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const MAX_BODY_BYTES = 1024 * 1024;

/** application/scim+json and application/json, and any other +json type a client may label it with. */
function isJsonMediaType(contentType: string | undefined): boolean {
  if (contentType === undefined || contentType.trim() === '') return true;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || type === 'application/scim+json' || type.endsWith('+json');
}

/** `requireContentType`: the content-type-required fault, a body without a Content-Type is refused as well. */
export async function readJsonBody(req: IncomingMessage, requireContentType = false): Promise<unknown> {
  if (requireContentType && !req.headers['content-type']?.trim()) {
    throw new ScimHttpError(415, 'A request body needs a Content-Type; send application/scim+json');
  }
  if (!isJsonMediaType(req.headers['content-type'])) {
    throw new ScimHttpError(415, `Unsupported Content-Type ${JSON.stringify(req.headers['content-type'])}; send application/scim+json`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new ScimHttpError(413, `Request body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') throw badRequest('invalidSyntax', 'The request needs a JSON body');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw badRequest('invalidSyntax', `Malformed JSON: ${(error as Error).message}`);
  }
}

export function errorResponse(error: unknown, faults: FaultSet): ScimResponse {
  const scimError =
    error instanceof ScimHttpError ? error : new ScimHttpError(500, `Internal error: ${(error as Error)?.message ?? String(error)}`);
  // interop-error-json: the error bodies alone go out labelled application/json.
  const headers = faults.has('interop-error-json') ? { ...scimError.headers, 'Content-Type': 'application/json' } : scimError.headers;
  return { status: scimError.status, body: errorBody(scimError, faults.has('numeric-error-status')), headers };
}

export function writeResponse(res: ServerResponse, response: ScimResponse, faults: FaultSet): void {
  const payload = response.body === undefined ? undefined : Buffer.from(JSON.stringify(response.body), 'utf8');
  res.statusCode = response.status;
  res.setHeader(
    'Content-Type',
    faults.has('wrong-content-type') ? 'application/json; charset=utf-8' : 'application/scim+json; charset=utf-8',
  );
  for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, value);
  if (payload) res.setHeader('Content-Length', payload.length);
  res.end(payload);
}
