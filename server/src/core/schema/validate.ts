// Schema diagnostics (IST0106) for one Istio document. Istio's API server
// prunes or rejects what the CRD schema does not allow, and `istioctl` drops
// unknown fields silently: a misspelt key is a setting that never applies.
// Every finding lands on the exact key or value.
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Pair } from 'yaml';
import type { Finding, Span } from '../model';
import { hasRange, isResolvedAlias, keyText, MERGE, mergedKeys, span } from '../parse/ast';
import { hasSubstitution } from '../hosts';
import { camelCase, type SchemaNode } from './schema';
import { didYouMean } from './suggest';
import { Rules, ruleFinding } from '../catalog';

interface Ctx {
  doc: Document.Parsed;
  resource: string;
  out: Finding[];
  path: string[];
  depth: number;
  /** Where a finding on the root goes when it has no node of its own. */
  rootSpan: Span;
}

/**
 * The node that owns what is walked (the key of a field, an item of a list), whose span a finding on
 * a missing field takes. Its span is made only when a finding needs it: the walk visits every key of
 * every Istio document and reports on few.
 */
type Owner = unknown;

function ownerSpan(owner: Owner, ctx: Ctx): Span {
  return span(owner) ?? ctx.rootSpan;
}

const ANY: SchemaNode = { t: 'any' };

const MAX_DEPTH = 64;

/** `root` is the resource's node: the document's contents, or an item of a `kind: List`. */
export function validateDocument(doc: Document.Parsed, schema: SchemaNode, resource: string, root: unknown = doc.contents): Finding[] {
  const out: Finding[] = [];
  walk(root, schema, { doc, resource, out, path: [], depth: 0, rootSpan: span(root) ?? { start: 0, end: 0 } }, root);
  return out;
}

function walk(node: unknown, schema: SchemaNode, ctx: Ctx, owner: Owner): void {
  if (ctx.depth > MAX_DEPTH) return;
  if (node === null || node === undefined) return;
  if (isAlias(node)) {
    checkAlias(node, schema, ctx);
    return;
  }
  if (isScalar(node) && node.value === null) return; // `key:` with no value is absent to Kubernetes
  switch (schema.t) {
    case 'object':
      return walkObject(node, schema, ctx, owner);
    case 'array':
      if (!isSeq(node)) return typeError(node, 'a list', ctx);
      ctx.depth++;
      for (const item of node.items) walk(item, schema.i ?? ANY, ctx, hasRange(item) ? item : owner);
      ctx.depth--;
      return;
    case 'string':
      if (!isScalar(node) || typeof node.value !== 'string') return typeError(node, enumText(schema) ?? 'a string', ctx);
      if (schema.es && Object.hasOwn(schema.es, node.value)) newerThanVersion(span(node)!, `Value "${node.value}" of ${fieldName(ctx)}`, schema.es[node.value]!, ctx);
      if (schema.e && !schema.e.includes(node.value)) {
        const s = span(node)!;
        const near = didYouMean(node.value, schema.e);
        report(ctx, s, `Invalid value "${node.value}" for ${fieldName(ctx)}.${near ? ` Did you mean "${near}"?` : ''} Allowed values: ${schema.e.join(', ')}.`, {
          kind: 'enum',
          allowed: schema.e,
          suggestion: near,
        });
      }
      return;
    case 'number':
      if (!isScalar(node) || typeof node.value !== 'number') return typeError(node, 'a number', ctx);
      return;
    case 'boolean':
      if (!isScalar(node) || typeof node.value !== 'boolean') return typeError(node, 'true or false', ctx);
      return;
    default:
      if (schema.u && isScalar(node)) {
        const t = typeof node.value;
        if (!schema.u.includes(t === 'bigint' ? 'number' : t)) typeError(node, schema.u.join(' or '), ctx);
      }
  }
}

function walkObject(node: unknown, schema: SchemaNode, ctx: Ctx, owner: Owner): void {
  if (!isMap(node)) return typeError(node, 'a mapping (key: value)', ctx);
  // Only a schema with required fields needs the keys seen (most maps have none).
  const seen = schema.r ? new Set<string>() : undefined;
  let suggested: Set<string> | undefined;
  const props = propertiesOf(schema);
  ctx.depth++;
  for (const item of node.items) {
    if (!isPair(item)) continue;
    const pair = item as Pair;
    const key = keyText(pair);
    if (key === undefined) continue;
    if (key === MERGE) {
      // A YAML merge key (`<<: *defaults`), which kubectl and kustomize expand: its keys count as written here
      // (their values are checked where the anchored map is written).
      for (const k of mergedKeys(node)) seen?.add(k);
      continue;
    }
    seen?.add(key);
    const child = props?.get(key) ?? (schema.j ? props?.get(camelCase(key)) : undefined) ?? schema.m;
    // The key is a scalar the composer made, so it has a range: its span is made when a finding needs it.
    const keyOwner = hasRange(pair.key) ? pair.key : owner;
    if (!child) {
      const near = unknownField(key, ownerSpan(keyOwner, ctx), schema, ctx, (k) => node.items.some((i) => isPair(i) && keyText(i as Pair) === k));
      if (near) (suggested ??= new Set()).add(near);
      continue;
    }
    ctx.path.push(key);
    if (child.x) {
      removedField(ownerSpan(keyOwner, ctx), child, ctx);
      ctx.path.pop();
      continue;
    }
    if (child.s && !(isScalar(pair.value) && pair.value.value === null)) {
      // A kind newer than the release is reported on its name, a field on its key.
      if (ctx.path.length === 1 && key === 'kind') newerThanVersion(span(pair.value) ?? ownerSpan(keyOwner, ctx), `Kind ${String((pair.value as { value?: unknown }).value)}`, child.s, ctx);
      else newerThanVersion(ownerSpan(keyOwner, ctx), `Field ${fieldName(ctx)}`, child.s, ctx);
    }
    const replacement = deprecatedReplacement(ctx.path, child);
    if (replacement !== undefined && !(isScalar(pair.value) && pair.value.value === null)) deprecated(ownerSpan(keyOwner, ctx), replacement, ctx);
    walk(pair.value, child, ctx, keyOwner);
    ctx.path.pop();
  }
  ctx.depth--;
  for (const req of schema.r ?? []) {
    // A misspelt required key is reported once, as the misspelling.
    if (!seen!.has(req) && !suggested?.has(req)) {
      report(ctx, ownerSpan(owner, ctx), `Missing required field "${req}"${ctx.path.length ? ` in ${fieldName(ctx)}` : ''}.`, { kind: 'required', field: req });
    }
  }
}

// A field is looked up by its key as the lexer cut it out of the text: on the schema's plain objects every
// lookup of such a string went through the runtime (a tenth of the schema walk); a Map per object schema,
// made on first use, hashes it once. Only the schema's own fields are fields (not `constructor`).
// The Map is kept on the schema node under a symbol, not enumerable, so copies and key lists of the
// schema do not see it: a WeakMap lookup per walked mapping cost about a fifth of the walk.
const PROPERTIES = Symbol('properties');
function propertiesOf(schema: SchemaNode): Map<string, SchemaNode> | undefined {
  if (!schema.p) return undefined;
  const held = schema as SchemaNode & { [PROPERTIES]?: Map<string, SchemaNode> };
  let map = held[PROPERTIES];
  if (!map) {
    map = new Map(Object.entries(schema.p));
    Object.defineProperty(held, PROPERTIES, { value: map, enumerable: false });
  }
  return map;
}

function property(schema: SchemaNode, key: string): SchemaNode | undefined {
  return propertiesOf(schema)?.get(key);
}

// What is wrong and the fix, nothing more: why an unknown field matters is said once, in docs/diagnostics.md.
function unknownField(key: string, keySpan: Span, schema: SchemaNode, ctx: Ctx, has: (key: string) => boolean): string | undefined {
  const known = Object.keys(schema.p ?? {});
  const near = didYouMean(key, known);
  const where = ctx.path.length ? ` in ${fieldName(ctx)}` : '';
  if (near) {
    // A misspelt required field is also a missing one: the apply fails, not just this setting.
    // (`kubectl apply` needs metadata.name even where the schema leaves it optional for generateName.)
    const required = schema.r?.includes(near) || (ctx.path.join('.') === 'metadata' && near === 'name' && !has('generateName'));
    const missing = required && !has(near) ? ` As written, "${near}" is missing and the apply is rejected.` : '';
    report(ctx, keySpan, `Unknown field "${key}"${where}. Did you mean "${near}"?${missing}`, { kind: 'unknownField', field: key, suggestion: near } satisfies UnknownField);
    return near;
  }
  const home = misplacedIn(key, schema);
  if (home) {
    const place = home.array ? `an item of "${home.field}"` : `"${home.field}"`;
    report(ctx, keySpan, `"${key}" is not a field${where}: it belongs in ${place}.`, { kind: 'unknownField', field: key, misplacedIn: home.field, array: home.array } satisfies UnknownField);
    return undefined;
  }
  const list = `${known.slice(0, 12).join(', ')}${known.length > 12 ? ', …' : ''}`;
  report(ctx, keySpan, `Unknown field "${key}"${where}: remove it or use a known field (${list}).`, { kind: 'unknownField', field: key } satisfies UnknownField);
  return undefined;
}

/** The one child of `schema` (an object, or a list of objects) that has the field `key`: `route` under a VirtualService's `spec` belongs in `http`. */
function misplacedIn(key: string, schema: SchemaNode): { field: string; array: boolean } | undefined {
  const homes: { field: string; array: boolean }[] = [];
  for (const [field, child] of Object.entries(schema.p ?? {})) {
    if (property(child, key)) homes.push({ field, array: false });
    else if (child.i && property(child.i, key)) homes.push({ field, array: true });
  }
  // `route` is in http, tls and tcp items alike: HTTP is the common case, and the one a VirtualService without a protocol means.
  if (homes.length > 1 && homes.some((h) => h.field === 'http')) return homes.find((h) => h.field === 'http');
  return homes.length === 1 ? homes[0] : undefined;
}

// IST0002: the schema marks a field deprecated; Istio may drop it in a later release.
// Deprecated fields the generated descriptions do not mark, keyed by the last path steps.
const DEPRECATED: Record<string, string> = {
  'outlierDetection.consecutiveErrors': 'use consecutive5xxErrors (or consecutiveGatewayErrors).',
  'delay.percent': 'use percentage.value.',
  'abort.percent': 'use percentage.value.',
  'http.mirror_percent': 'use mirrorPercentage.value.',
  'http.mirrorPercent': 'use mirrorPercentage.value.',
  'corsPolicy.allowOrigin': 'use allowOrigins.',
  // Sidecar: hidden from Istio's documented API; istioctl's deprecation analyzer reports it.
  'outboundTrafficPolicy.egressProxy': 'it is not part of the documented Istio API and acts only in ALLOW_ANY mode; route external hosts through an egress gateway (ServiceEntry, Gateway and VirtualService) instead.',
};

// Every field of every summarised file is checked: look at the last step first, and build the two-step key only for those few.
const DEPRECATED_LAST = new Set(Object.keys(DEPRECATED).map((k) => k.slice(k.lastIndexOf('.') + 1)));

export function deprecatedReplacement(path: string[], child: SchemaNode): string | undefined {
  const n = path.length;
  if (n >= 2 && DEPRECATED_LAST.has(path[n - 1]!)) {
    const tail = `${path[n - 2]}.${path[n - 1]}`;
    if (Object.hasOwn(DEPRECATED, tail)) return DEPRECATED[tail];
  }
  if (child.d?.startsWith('Deprecated')) return child.d.replace(/^Deprecated[.:]?\s*/, '') || 'it may be removed in a later release.';
  return undefined;
}

/**
 * Deprecated integer percentages that Istio still reads, and the field that
 * replaces each with the same meaning (`percent: 10` is `percentage: {value: 10}`;
 * pilot/pkg/networking/core/route/route.go reads the old one only when the new
 * one is unset). Not listed: fields Istio no longer reads (abort.percent,
 * consecutiveErrors), where the replacement would change what runs.
 */
const SAME_MEANING: Record<string, string> = {
  'delay.percent': 'percentage',
  'http.mirror_percent': 'mirrorPercentage',
  'http.mirrorPercent': 'mirrorPercentage',
};

/** IST0002 data: the field, and the field that replaces it with the same meaning when there is one. */
export type DeprecatedFieldData = {
  kind: 'deprecated';
  field: string;
  replaceWith?: string;
};

function deprecated(keySpan: Span, replacement: string, ctx: Ctx): void {
  const field = ctx.path[ctx.path.length - 1];
  const replaceWith = SAME_MEANING[ctx.path.slice(-2).join('.')];
  const data: DeprecatedFieldData = { kind: 'deprecated', field, ...(replaceWith ? { replaceWith } : {}) };
  ctx.out.push(ruleFinding(Rules.DeprecatedField, keySpan, `Field "${ctx.path.join('.')}" is deprecated: ${replacement}`, ctx.resource, { tags: ['deprecated'], data }));
}

// IST0106 under a condition: the setting `istio.version` names a release older
// than the one that added the field, whose CRD schema does not have it (the API
// server drops it, or rejects it with strict field validation).
function newerThanVersion(s: Span, what: string, since: string, ctx: Ctx): void {
  const message = `${what} needs Istio ${since} or later, newer than the release set in istio.version: that release's API server drops or rejects it.`;
  ctx.out.push(ruleFinding(Rules.SchemaValidation, s, message, ctx.resource, { data: { kind: 'newerThanVersion', since, path: ctx.path.join('.') }, istioVersion: { below: since } }));
}

// IST0002 under a condition: a field that a later release removed, reported
// when istio.version is that release or later (istioctl then rejects it).
function removedField(s: Span, node: SchemaNode, ctx: Ctx): void {
  const message = `Field ${fieldName(ctx)} was removed in Istio ${node.x}${node.d ? `: ${node.d}` : '.'}`;
  ctx.out.push(ruleFinding(Rules.DeprecatedField, s, message, ctx.resource, { tags: ['deprecated'], data: { removedIn: node.x, path: ctx.path.join('.') }, istioVersion: { atLeast: node.x } }));
}

// An alias whose anchor is defined earlier in the document is read through (the anchored
// node is validated where it is written). One without an anchor is rejected by kubectl
// ("unknown anchor"); where a string is expected and it looks like a wildcard host, it is
// the classic unquoted `*.example.com`, and quoting it is the fix. Anywhere else quoting
// would change the value's type, so no fix is offered.
function checkAlias(node: { source: string }, schema: SchemaNode, ctx: Ctx): void {
  if (isResolvedAlias(node)) return;
  const s = span(node)!;
  const text = '*' + node.source;
  const wildcard = node.source === '' || /^\.[\w.-]*$/.test(node.source);
  if (wildcard && schema.t === 'string') {
    const message = `Unquoted wildcard host ${text} is read by YAML as an alias to an anchor "${node.source}", not as a string. Quote it: "${text}".`;
    ctx.out.push(ruleFinding(Rules.UnquotedWildcardHost, s, message, ctx.resource, { data: { host: text } satisfies UnquotedWildcard }));
    return;
  }
  const message = wildcard
    ? `Unquoted wildcard host ${text} is read by YAML as an alias, not as a host: write it as a quoted list item, ["${text}"].`
    : `YAML alias ${text} refers to no anchor "&${node.source}" before it in this document (anchors do not cross \`---\`): kubectl rejects the file with "unknown anchor".`;
  ctx.out.push(ruleFinding(wildcard ? Rules.UnquotedWildcardHost : Rules.YamlSyntax, s, message, ctx.resource));
}

function typeError(node: unknown, expected: string, ctx: Ctx): void {
  const s = span(node);
  if (!s) return;
  // A variable a deploy tool substitutes (`${APP_PORT}`, `APP_PORT` in a template to copy) stands for the value.
  if (isScalar(node) && typeof node.value === 'string' && hasSubstitution(node.value)) return;
  // So does a placeholder in single braces (`address: {AUTH-SERVICE-HOST}`, `name: {app-name}`), which YAML reads as a flow mapping.
  if (bracePlaceholder(node)) return;
  // An IstioOperator's meshConfig is read through jsonpb, which takes a quoted number for a number
  // (operator validation, protomarshal.ApplyYAML): `port: "10003"` is accepted there.
  if (expected === 'a number' && ctx.path[1] === 'meshConfig' && ctx.resource.startsWith('IstioOperator/') && isScalar(node) && typeof node.value === 'string' && /^-?\d+(\.\d+)?$/.test(node.value)) return;
  const got = isMap(node) ? 'a mapping' : isSeq(node) ? 'a list' : isScalar(node) ? describeScalar(node.value) : 'something else';
  report(ctx, s, `${capital(fieldName(ctx))} must be ${expected}, not ${got}.`, { kind: 'type', expected });
}

/** `{NAME}`, `{app-name}`, `{svc.ns.svc.cluster.local}`: a flow mapping of one key with no value, as a fill-in placeholder reads. */
function bracePlaceholder(node: unknown): boolean {
  if (!isMap(node) || !node.flow || node.items.length !== 1) return false;
  const { key, value } = node.items[0];
  return isScalar(key) && typeof key.value === 'string' && /^[A-Za-z][A-Za-z0-9_.-]*$/.test(key.value) && (value === null || (isScalar(value) && value.value === null));
}

function describeScalar(value: unknown): string {
  if (typeof value === 'string') return `the string "${value}"`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  return String(value);
}

function enumText(schema: SchemaNode): string | undefined {
  return schema.e ? `one of ${schema.e.join(', ')}` : undefined;
}

function fieldName(ctx: Ctx): string {
  return ctx.path.length ? `"${ctx.path.join('.')}"` : 'the document';
}

function capital(s: string): string {
  return s.startsWith('"') ? `Field ${s}` : s.charAt(0).toUpperCase() + s.slice(1);
}

/** The payload of an unknown-field finding, for the rename fix. */
export interface UnknownField {
  kind: 'unknownField';
  field: string;
  suggestion?: string;
  /** The child field the key belongs in (`http` for a `route` under `spec`), and whether it is a list. */
  misplacedIn?: string;
  array?: boolean;
}

/** The payload of an unquoted-wildcard finding, for the quoting fix. */
export interface UnquotedWildcard {
  host: string;
}

function report(ctx: Ctx, s: Span, message: string, data: Record<string, unknown>): void {
  ctx.out.push(ruleFinding(Rules.SchemaValidation, s, message, ctx.resource, { data: { ...data, path: ctx.path.join('.') } }));
}
