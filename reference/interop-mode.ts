// The reference server held to the SCIM 2.0 Interoperability Profile (draft-zollner-scim-interop-profile-01), started
// with `standard: 'interop'`. It defines exactly what its /Schemas describes and refuses the rest (§5.3): undefined
// attributes and schema URIs in a POST, PUT or PATCH (400 invalidSyntax), filters on undefined attributes (§6.3, 400
// invalidFilter), PATCH operations without a path (§6.5.1.1). Typed attributes declare their types (§5.4): the types
// RFC 7643 leaves open (entitlements, roles, x509Certificates) are not offered at all here. The default server accepts
// all of that, because Entra and Okta send it.
import { parse, type Filter } from 'scim2-parse-filter';
import { parseAttributePath, type AttributePath } from './attribute-path.ts';
import type { ExtensionSchema } from './discovery-documents.ts';
import { isJsonObject, type JsonObject } from './json-object.ts';
import { badRequest } from './scim-error.ts';
import {
  type AttributeDefinition,
  CORE_SCHEMA,
  EXTENSION_SCHEMAS,
  type ResourceKind,
  SCHEMAS,
  type SchemaDefinition,
} from './schema-attributes.ts';
import { sameUrn } from './urns.ts';

export type Standard = 'interop';

/** A multi-valued attribute whose type sub-attribute names no types loses it: nothing says which types it takes. */
function declaredTypesOnly(definition: AttributeDefinition): AttributeDefinition {
  const subAttributes = definition.subAttributes;
  if (!definition.multiValued || !subAttributes) return definition;
  const untyped = subAttributes.some((s) => s.name === 'type' && !s.canonicalValues?.length);
  return untyped ? { ...definition, subAttributes: subAttributes.filter((s) => s.name !== 'type') } : definition;
}

/** The schemas the strict server implements, and so describes under /Schemas. */
export const INTEROP_SCHEMAS: readonly SchemaDefinition[] = SCHEMAS.map((schema) => ({
  ...schema,
  attributes: schema.attributes.map(declaredTypesOnly),
}));

/** Attributes every resource carries (RFC 7643 §3.1): in no schema document, yet defined. */
const COMMON: Record<string, readonly string[]> = {
  id: [],
  externalid: [],
  schemas: [],
  meta: ['resourcetype', 'created', 'lastmodified', 'location', 'version'],
};

const byName = (list: readonly AttributeDefinition[] | undefined, name: string) =>
  list?.find((a) => a.name.toLowerCase() === name.toLowerCase());

/** What the strict server defines for a resource kind: its schema URIs and how to look an attribute up under one. */
export class DefinedAttributes {
  constructor(private readonly extensions: readonly ExtensionSchema[] = []) {}

  /** The schema URIs a resource of this kind may list: its core schema and its extensions. */
  schemaUris(kind: ResourceKind): string[] {
    return [CORE_SCHEMA[kind], ...EXTENSION_SCHEMAS[kind], ...(kind === 'User' ? this.extensions.map((e) => e.urn) : [])];
  }

  isSchemaUri(kind: ResourceKind, urn: string): boolean {
    return this.schemaUris(kind).some((u) => sameUrn(urn, u));
  }

  /** Whether an attribute (and sub-attribute) is defined; urn undefined or the core URN means the core schema. */
  defines(kind: ResourceKind, urn: string | undefined, name: string, sub?: string): boolean {
    if (urn === undefined || sameUrn(urn, CORE_SCHEMA[kind])) {
      const common = COMMON[name.toLowerCase()];
      if (common) return sub === undefined || common.includes(sub.toLowerCase());
      return this.definesIn(INTEROP_SCHEMAS.find((s) => sameUrn(s.id, CORE_SCHEMA[kind]))?.attributes, name, sub);
    }
    if (!this.isSchemaUri(kind, urn)) return false;
    const vendor = this.extensions.find((e) => sameUrn(urn, e.urn));
    if (vendor) return sub === undefined && vendor.attributes.some((a) => a.toLowerCase() === name.toLowerCase());
    return this.definesIn(INTEROP_SCHEMAS.find((s) => sameUrn(s.id, urn))?.attributes, name, sub);
  }

  private definesIn(attributes: readonly AttributeDefinition[] | undefined, name: string, sub?: string): boolean {
    const definition = byName(attributes, name);
    if (!definition) return false;
    return sub === undefined || byName(definition.subAttributes, sub) !== undefined;
  }

  /** The first undefined schema URI a POST or PUT body lists, or undefined. */
  undefinedSchema(kind: ResourceKind, body: JsonObject): string | undefined {
    const schemas = Array.isArray(body.schemas) ? body.schemas : [];
    return schemas.find((s): s is string => typeof s === 'string' && !this.isSchemaUri(kind, s));
  }

  /** The first attribute of a POST or PUT body that no schema of the kind defines, as a path, or undefined. */
  undefinedAttribute(kind: ResourceKind, body: JsonObject): string | undefined {
    for (const [key, value] of Object.entries(body)) {
      if (this.isSchemaUri(kind, key) && !sameUrn(key, CORE_SCHEMA[kind])) {
        if (!isJsonObject(value)) return key;
        for (const [name, inner] of Object.entries(value)) {
          const found = this.undefinedIn(kind, key, name, inner);
          if (found) return `${key}:${found}`;
        }
        continue;
      }
      const found = this.undefinedIn(kind, undefined, key, value);
      if (found) return found;
    }
    return undefined;
  }

  /** An attribute with its value: the name, or a sub-attribute of its (array of) objects, when undefined. */
  undefinedIn(kind: ResourceKind, urn: string | undefined, name: string, value: unknown): string | undefined {
    if (!this.defines(kind, urn, name)) return name;
    if (name.toLowerCase() === 'meta') return undefined;
    for (const element of Array.isArray(value) ? value : [value]) {
      if (!isJsonObject(element)) continue;
      const sub = Object.keys(element).find((k) => !this.defines(kind, urn, name, k));
      if (sub !== undefined) return `${name}.${sub}`;
    }
    return undefined;
  }

  /** A PATCH path (already split) that names something undefined, as text, or undefined when it is defined. */
  undefinedPath(kind: ResourceKind, p: AttributePath): string | undefined {
    if (p.attribute === undefined) return p.urn !== undefined && !this.isSchemaUri(kind, p.urn) ? p.urn : undefined;
    if (!this.defines(kind, p.urn, p.attribute, p.subAttribute)) {
      return `${p.urn ? `${p.urn}:` : ''}${p.attribute}${p.subAttribute ? `.${p.subAttribute}` : ''}`;
    }
    return undefined;
  }

  /** The first attribute a filter names that the kind does not define, or undefined; a filter that does not parse passes. */
  undefinedInFilter(kind: ResourceKind, text: string): string | undefined {
    let ast: Filter;
    try {
      ast = parse(text);
    } catch {
      return undefined; // the filter's own parser answers invalidFilter for bad syntax
    }
    const split = (path: string) => parseAttributePath(path, (urn) => this.isSchemaUri(kind, urn));
    const visit = (f: Filter, parent?: AttributePath): string | undefined => {
      switch (f.op) {
        case 'and':
        case 'or':
          return f.filters.map((c) => visit(c, parent)).find((x) => x !== undefined);
        case 'not':
          return visit(f.filter, parent);
        case '[]': {
          const p = split(f.attrPath);
          if (!p || p.attribute === undefined) return f.attrPath;
          return this.undefinedPath(kind, { ...p, subAttribute: undefined }) ?? visit(f.valFilter, p);
        }
        default: {
          if (parent)
            return this.defines(kind, parent.urn, parent.attribute!, f.attrPath) ? undefined : `${parent.attribute}.${f.attrPath}`;
          const p = split(f.attrPath);
          if (!p || p.attribute === undefined) return f.attrPath;
          return this.undefinedPath(kind, this.enterpriseWithoutUrn(kind, p));
        }
      }
    };
    return visit(ast);
  }

  /** Entra's legacy `manager eq "id"`: an enterprise attribute named without its URN, which the filter resolves too. */
  private enterpriseWithoutUrn(kind: ResourceKind, p: AttributePath): AttributePath {
    if (p.urn !== undefined || this.defines(kind, undefined, p.attribute!)) return p;
    const urn = EXTENSION_SCHEMAS[kind].find((u) => this.defines(kind, u, p.attribute!, p.subAttribute));
    return urn === undefined ? p : { ...p, urn };
  }
}

export function undefinedError(what: string): Error {
  return badRequest('invalidSyntax', `${what} is not defined by any schema of this service (it is held to the interoperability profile)`);
}
