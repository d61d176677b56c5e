// SCIM filter evaluation (RFC 7644 section 3.4.2.2) on top of scim2-parse-filter.
//
// The library parses well and matches attribute NAMES case-insensitively, but compares every value
// exactly. RFC 7643 makes string comparison depend on the attribute's caseExact characteristic
// (userName, emails.value, displayName are case-insensitive; id, externalId are not), so comparisons
// are wrapped here with the schema in mind. The AST is also adjusted for three SCIM idioms the library
// does not know: core-URN-qualified names, enterprise attributes named without their URN (Entra's
// legacy `manager eq "id"`), and a complex attribute compared directly (meaning its "value").
import { parse, Tester, type Compare, type Filter } from 'scim2-parse-filter';
import { formatAttributePath, parseAttributePath } from './attribute-path.ts';
import { badRequest } from './scim-error.ts';
import { findSchema, isCoreUrn, lookupAttribute, type ResourceKind } from './schema-attributes.ts';
import { ENTERPRISE_USER } from './urns.ts';

type CompValue = Compare['compValue'];

export interface FilterOptions {
  /** The *-filter-case-sensitive faults: eq on this top-level attribute compares case-sensitively. */
  caseExactEq?: string;
  /** The filter-escaped-quote-broken fault: a \" in a value keeps its backslash, as if it were never unescaped. */
  keepEscapedQuotes?: boolean;
  /** The interop-externalid-case-insensitive fault: this top-level attribute compares ignoring case, caseExact or not. */
  caseIgnored?: string;
}

const isSchemaUrn = (urn: string) => findSchema(urn) !== undefined;

/** Compiles a filter into a predicate over stored resources; bad syntax is 400 invalidFilter. */
export function compileFilter(kind: ResourceKind, text: string, options: FilterOptions = {}): (resource: unknown) => boolean {
  let ast: Filter;
  try {
    ast = parse(text);
  } catch (error) {
    throw badRequest('invalidFilter', `Invalid filter ${JSON.stringify(text)}: ${(error as Error).message}`);
  }
  const tester = new SchemaAwareTester(kind, options);
  const normalised = options.keepEscapedQuotes ? keepEscapedQuotes(normalise(kind, ast)) : normalise(kind, ast);
  return (resource) => tester.test(resource, normalised);
}

function normalise(kind: ResourceKind, f: Filter): Filter {
  switch (f.op) {
    case 'and':
    case 'or': {
      const filters = f.filters.map((c) => normalise(kind, c));
      return regroupValuePath(f.op, filters) ?? { op: f.op, filters };
    }
    case 'not':
      return { op: 'not', filter: normalise(kind, f.filter) };
    case '[]':
      return { ...f, attrPath: normaliseAttrPath(kind, f.attrPath, false) };
    case 'pr':
      return { ...f, attrPath: normaliseAttrPath(kind, f.attrPath, false) };
    default:
      return { ...f, attrPath: normaliseAttrPath(kind, f.attrPath, true) };
  }
}

function keepEscapedQuotes(f: Filter): Filter {
  switch (f.op) {
    case 'and':
    case 'or':
      return { op: f.op, filters: f.filters.map(keepEscapedQuotes) };
    case 'not':
      return { op: 'not', filter: keepEscapedQuotes(f.filter) };
    case '[]':
      return { ...f, valFilter: keepEscapedQuotes(f.valFilter) };
    case 'pr':
      return f;
    default:
      return typeof f.compValue === 'string' ? { ...f, compValue: f.compValue.replaceAll('"', '\\"') } : f;
  }
}

/**
 * The library reads `emails[type eq "work"].value eq "x"` as `emails[type eq "work"] and emails.value eq "x"`,
 * which also matches a user whose work email differs but who has "x" as another email. Entra matches users
 * with exactly this form, so it is regrouped into `emails[type eq "work" and value eq "x"]`.
 */
function regroupValuePath(op: 'and' | 'or', filters: Filter[]): Filter | undefined {
  if (op !== 'and' || filters.length !== 2) return undefined;
  const [valuePath, subFilter] = filters as [Filter, Filter];
  if (valuePath.op !== '[]' || !('attrPath' in subFilter) || subFilter.op === '[]') return undefined;
  const prefix = `${valuePath.attrPath}.`;
  if (!subFilter.attrPath.toLowerCase().startsWith(prefix.toLowerCase())) return undefined;
  const relative = { ...subFilter, attrPath: subFilter.attrPath.slice(prefix.length) } as Filter;
  return { op: '[]', attrPath: valuePath.attrPath, valFilter: { op: 'and', filters: [valuePath.valFilter, relative] } };
}

function normaliseAttrPath(kind: ResourceKind, attrPath: string, comparesValue: boolean): string {
  const p = parseAttributePath(attrPath, isSchemaUrn);
  if (!p || p.attribute === undefined) return attrPath;
  if (p.urn !== undefined && isCoreUrn(kind, p.urn)) delete p.urn;
  if (
    p.urn === undefined &&
    kind === 'User' &&
    !lookupAttribute(kind, undefined, p.attribute) &&
    lookupAttribute(kind, ENTERPRISE_USER, p.attribute)
  ) {
    p.urn = ENTERPRISE_USER;
  }
  const definition = lookupAttribute(kind, p.urn, p.attribute);
  if (
    comparesValue &&
    p.subAttribute === undefined &&
    definition?.type === 'complex' &&
    definition.subAttributes?.some((s) => s.name === 'value')
  ) {
    p.subAttribute = 'value';
  }
  return formatAttributePath(p);
}

const fold = (s: string) => s.toLowerCase();

class SchemaAwareTester extends Tester {
  /** Absolute path of the enclosing value path while its inner filter runs: its attrPaths are relative. */
  private readonly prefixes: string[] = [];
  private caseExact = false;

  constructor(
    private readonly kind: ResourceKind,
    private readonly options: FilterOptions,
  ) {
    super();
  }

  override test(r: unknown, f: Filter): boolean {
    if (f.op === '[]') {
      this.prefixes.push(this.absolute(f.attrPath));
      try {
        return super.test(r, f);
      } finally {
        this.prefixes.pop();
      }
    }
    if ('compValue' in f) this.caseExact = this.isCaseExact(this.absolute(f.attrPath), f.op);
    return super.test(r, f);
  }

  private absolute(attrPath: string): string {
    const prefix = this.prefixes.at(-1);
    return prefix === undefined ? attrPath : `${prefix}.${attrPath}`;
  }

  private isCaseExact(path: string, op: Compare['op']): boolean {
    const p = parseAttributePath(path, isSchemaUrn);
    if (!p || p.attribute === undefined) return false;
    const definition = lookupAttribute(this.kind, p.urn, p.attribute, p.subAttribute);
    if (
      op === 'eq' &&
      p.urn === undefined &&
      p.subAttribute === undefined &&
      definition !== undefined &&
      definition.name === this.options.caseExactEq
    )
      return true;
    if (p.urn === undefined && p.subAttribute === undefined && definition?.name === this.options.caseIgnored) return false;
    // RFC 7643 section 2.1: caseExact defaults to false, which also covers attributes outside the schemas.
    return definition?.caseExact ?? false;
  }

  /** Both sides folded when the attribute is case-insensitive and both are strings; otherwise as the library does. */
  private operands(r: unknown, v: CompValue): [unknown, CompValue] {
    if (!this.caseExact && typeof r === 'string' && typeof v === 'string') return [fold(r), fold(v)];
    return [r, v];
  }

  /** RFC 7644 section 3.4.2.2: "pr" matches a non-empty value (the library counts "" and null as present). */
  override pr(r: unknown): boolean {
    if (r === undefined || r === null || r === '') return false;
    return typeof r !== 'object' || Object.keys(r).length > 0;
  }

  override eq(r: unknown, v: CompValue): boolean {
    return super.eq(...this.operands(r, v));
  }
  override ne(r: unknown, v: CompValue): boolean {
    return super.ne(...this.operands(r, v));
  }
  override co(r: unknown, v: CompValue): boolean {
    return super.co(...this.operands(r, v));
  }
  override sw(r: unknown, v: CompValue): boolean {
    return super.sw(...this.operands(r, v));
  }
  override ew(r: unknown, v: CompValue): boolean {
    return super.ew(...this.operands(r, v));
  }
  override gt(r: unknown, v: CompValue): boolean {
    return super.gt(...this.operands(r, v));
  }
  override ge(r: unknown, v: CompValue): boolean {
    return super.ge(...this.operands(r, v));
  }
  override lt(r: unknown, v: CompValue): boolean {
    return super.lt(...this.operands(r, v));
  }
  override le(r: unknown, v: CompValue): boolean {
    return super.le(...this.operands(r, v));
  }
}
