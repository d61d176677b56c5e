// SCIM Error responses (RFC 7644 section 3.12).
import { ERROR } from './urns.ts';

export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

export class ScimHttpError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: ScimType,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

export const notFound = (detail: string) => new ScimHttpError(404, detail);
export const badRequest = (scimType: ScimType, detail: string) => new ScimHttpError(400, detail, scimType);

export function errorBody(error: ScimHttpError, numericStatus: boolean): Record<string, unknown> {
  return {
    schemas: [ERROR],
    // The RFC's examples and Entra's deserializer want a string; the number form is a fault.
    status: numericStatus ? error.status : String(error.status),
    ...(error.scimType ? { scimType: error.scimType } : {}),
    detail: error.detail,
  };
}
