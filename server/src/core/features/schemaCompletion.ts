// Schema-driven completion: the keys allowed at the cursor that are not yet
// present (objects and arrays inserted as snippets with their required
// fields, indented from the key's column), enum values, booleans, port
// protocols, and on an empty document the apiVersion/kind pair of every kind.
import { allGatewayApiKinds, allIstioKinds, documentSchema, istioKind, schemaAt, splitApiVersion, type SchemaNode } from '../schema/schema';
import { fieldBody, typeName, valueBody } from './fieldDocText';
import { fieldDocAt } from '../schema/docs/lookup';
import { deprecatedReplacement } from '../schema/validate';
import { valueItem, type CompletionItem } from './completionItem';
import type { CursorContext } from './yamlContext';
import { kindSnippets } from './kindSnippets';

/** Istio's port protocols (Gateway servers, ServiceEntry and Sidecar ports). */
export const PORT_PROTOCOLS = ['HTTP', 'HTTPS', 'GRPC', 'HTTP2', 'MONGO', 'TCP', 'TLS', 'GRPC-WEB'];
const METADATA_KEYS = new Set(['name', 'namespace', 'labels', 'annotations']);
const VERSION_RANK = ['v1', 'v1beta1', 'v1alpha3', 'v1alpha2', 'v1alpha1'];
const GROUP_RANK = ['networking.istio.io', 'security.istio.io', 'telemetry.istio.io', 'extensions.istio.io', 'gateway.networking.k8s.io'];
const INDENT = 2;
/** Required fields in the order people write them (a port's number before its name). */
const FIELD_ORDER = ['port', 'number', 'name', 'protocol', 'host', 'hosts'];

export function schemaCompletions(ctx: CursorContext): CompletionItem[] {
  const atRoot = ctx.path.length === 0;
  // Other YAML (Helm values, CI workflows) gets no Istio suggestions: only an
  // empty document or one that already looks like a Kubernetes object does.
  const present = Object.keys(ctx.siblings);
  const k8sLike = present.length === 0 || present.some((k) => k === 'metadata' || k === 'spec' || k === 'apiVersion' || k === 'kind');
  if (ctx.emptyDocument || (atRoot && ctx.position === 'key' && !ctx.apiVersion && !ctx.kind && present.length === 0)) return [...kindPairs(ctx), ...kindSnippets(ctx)];
  if (ctx.position === 'value' && ctx.path.length === 1 && ctx.path[0] === 'apiVersion') return apiVersionValues(ctx);
  if (ctx.position === 'value' && ctx.path.length === 1 && ctx.path[0] === 'kind') return kindValues(ctx);
  const info = ctx.apiVersion && ctx.kind ? istioKind(ctx.apiVersion, ctx.kind) : undefined;
  if (!info) return atRoot && ctx.position === 'key' && k8sLike ? keyItems(ctx, { t: 'object', p: { apiVersion: { t: 'string' }, kind: { t: 'string' } } }, ctx.siblings) : [];
  const root = documentSchema(info);
  const node = schemaAt(root, ctx.path);
  if (!node) return [];
  if (ctx.position === 'key' || (ctx.position === 'item' && node.t === 'object')) {
    if (!node.p) return [];
    const props = atRoot ? without(node.p, 'status') : pathIs(ctx, 'metadata') ? only(node.p, METADATA_KEYS) : node.p;
    return keyItems(ctx, { ...node, p: props }, ctx.siblings, info.spec);
  }
  return valueItems(ctx, node, info.spec);
}

function pathIs(ctx: CursorContext, ...keys: string[]): boolean {
  return ctx.path.length === keys.length && keys.every((k, i) => ctx.path[i] === k);
}

function without(p: Record<string, SchemaNode>, key: string): Record<string, SchemaNode> {
  const { [key]: _drop, ...rest } = p;
  return rest;
}

function only(p: Record<string, SchemaNode>, keys: Set<string>): Record<string, SchemaNode> {
  return Object.fromEntries(Object.entries(p).filter(([k]) => keys.has(k)));
}

/** The documentation of the field at `path` of the cursor's kind, when written (spec fields only). */
function documented(ctx: CursorContext, spec: SchemaNode | undefined, path: (string | number)[]) {
  const group = ctx.apiVersion ? splitApiVersion(ctx.apiVersion).group : '';
  return spec && ctx.kind && path[0] === 'spec' ? fieldDocAt(`${group}/${ctx.kind}`, spec, path.slice(1)) : undefined;
}

function keyItems(ctx: CursorContext, node: SchemaNode, present: Record<string, string>, spec?: SchemaNode): CompletionItem[] {
  const required = new Set(node.r ?? []);
  const at = ctx.path.filter((p): p is string => typeof p === 'string');
  return Object.entries(node.p ?? {})
    .filter(([key, child]) => !(key in present) && !child.x && deprecatedReplacement([...at, key], child) === undefined)
    .map(([key, child]) => {
      const snippet = ctx.colonFollows ? key : ctx.flow ? flowKeySnippet(key, child, ctx) : keySnippet(key, child, ctx);
      return {
        label: key,
        kind: 'Property' as const,
        detail: typeName(child),
        documentation: docOf(documented(ctx, spec, [...ctx.path, key]), key) ?? child.d,
        insertText: snippet,
        insertTextFormat: 'snippet' as const,
        sortText: `${required.has(key) ? 0 : 1}${key}`,
        span: ctx.replace,
        retrigger: !ctx.colonFollows && isScalar(child) && !child.e && child.t !== 'boolean' ? true : undefined,
      };
    });
}

function docOf(at: ReturnType<typeof documented>, key: string): string | undefined {
  return at && at.name === key ? fieldBody(at) : undefined;
}

function isScalar(node: SchemaNode): boolean {
  return node.t !== 'object' && node.t !== 'array';
}

/** Numbered tab stops across one snippet. */
class Stops {
  private n = 0;
  next(choices?: string[]): string {
    this.n++;
    return choices ? `\${${this.n}|${choices.join(',')}|}` : `$${this.n}`;
  }
}

function pad(n: number): string {
  return ' '.repeat(n);
}

export function keySnippet(key: string, node: SchemaNode, ctx: CursorContext): string {
  return `${key}:${valueSnippet(node, ctx.keyColumn, ctx.seqIndent, new Stops(), 0)}`;
}

/** A key inside a flow map: its value stays on the line (`{$1}`, `[$1]`), a space after a comma. */
function flowKeySnippet(key: string, node: SchemaNode, ctx: CursorContext): string {
  const lead = ctx.text[ctx.replace.start - 1] === ',' ? ' ' : '';
  const value = node.t === 'boolean' ? '${1|true,false|}' : node.e ? `\${1|${node.e.join(',')}|}` : node.t === 'array' ? '[$1]' : node.t === 'object' ? '{$1}' : '$1';
  return `${lead}${key}: ${value}`;
}

/** What follows `key:` for a value of this schema, the key being at column `col`. */
function valueSnippet(node: SchemaNode, col: number, seqIndent: number, stops: Stops, depth: number): string {
  if (node.t === 'boolean') return ` ${stops.next(['true', 'false'])}`;
  if (node.e) return ` ${stops.next(node.e)}`;
  if (node.t === 'array') {
    const dash = col + seqIndent;
    const item = node.i;
    const body = item && item.t === 'object' && item.p && depth < 3 ? objectBody(item, dash + 2, seqIndent, stops, depth + 1) : stops.next();
    return `\n${pad(dash)}- ${body}`;
  }
  if (node.t === 'object') {
    const body = node.p && depth < 3 ? objectBody(node, col + INDENT, seqIndent, stops, depth + 1) : stops.next();
    return `\n${pad(col + INDENT)}${body}`;
  }
  return ` ${stops.next()}`;
}

/** The required fields of an object, one per line at `col` (the first line unindented). */
function objectBody(node: SchemaNode, col: number, seqIndent: number, stops: Stops, depth: number): string {
  const rank = (k: string) => (FIELD_ORDER.includes(k) ? FIELD_ORDER.indexOf(k) : FIELD_ORDER.length);
  const required = (node.r ?? []).filter((k) => node.p?.[k]).sort((a, b) => rank(a) - rank(b));
  if (required.length === 0) return stops.next();
  return required.map((k) => `${k}:${valueSnippet(node.p![k], col, seqIndent, stops, depth)}`).join(`\n${pad(col)}`);
}

function valueItems(ctx: CursorContext, node: SchemaNode, spec?: SchemaNode): CompletionItem[] {
  if (node.e) {
    const at = documented(ctx, spec, ctx.path);
    const name = [...ctx.path].reverse().find((p) => typeof p === 'string');
    return node.e.map((v, i) =>
      valueItem(ctx, v, 'EnumMember', pad2(i), {
        detail: at ? firstSentence(at.field.values?.[v]) ?? `value of ${name}` : `value of ${name}`,
        documentation: at ? valueBody(at, v) : undefined,
        raw: true,
      }),
    );
  }
  if (node.t === 'boolean') return ['true', 'false'].map((v, i) => valueItem(ctx, v, 'Constant', pad2(i), { raw: true }));
  const last = ctx.path[ctx.path.length - 1];
  const owner = [...ctx.path].reverse().find((p, i) => i > 0 && typeof p === 'string');
  if (last === 'protocol' && (owner === 'port' || owner === 'ports') && ctx.apiVersion?.startsWith('networking.istio.io/')) {
    const at = documented(ctx, spec, ctx.path);
    return PORT_PROTOCOLS.map((v, i) =>
      valueItem(ctx, v, 'EnumMember', pad2(i), {
        detail: firstSentence(at?.field.values?.[v]) ?? 'protocol',
        documentation: at?.field.values?.[v] !== undefined ? valueBody(at, v) : undefined,
        raw: true,
      }),
    );
  }
  return [];
}

/** The first sentence of a value's meaning, short enough for the detail line of a completion item. */
function firstSentence(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const end = text.search(/\.(\s|$)/);
  return end > 0 ? text.slice(0, end + 1) : text;
}

function pad2(i: number): string {
  return String(i).padStart(2, '0');
}

interface KindChoice {
  apiVersion: string;
  kind: string;
  rank: string;
}

/** Every Istio and Gateway API apiVersion/kind pair, best version first. */
function rankedKinds(): KindChoice[] {
  return [...allIstioKinds(), ...allGatewayApiKinds()]
    .map((k) => {
      const { group, version } = splitApiVersion(k.apiVersion);
      const g = GROUP_RANK.indexOf(group);
      const v = VERSION_RANK.indexOf(version);
      return { ...k, rank: `${g < 0 ? 9 : g}${v < 0 ? 9 : v}` };
    })
    .sort((a, b) => (a.rank + a.kind < b.rank + b.kind ? -1 : 1));
}

/** The best version of each kind of each group (Istio's Gateway and the Gateway API's are two kinds). */
function bestPerKind(): KindChoice[] {
  const best = new Map<string, KindChoice>();
  for (const k of rankedKinds()) {
    const key = `${splitApiVersion(k.apiVersion).group}/${k.kind}`;
    const have = best.get(key);
    if (!have || k.rank.slice(1) < have.rank.slice(1)) best.set(key, k);
  }
  return [...best.values()];
}

/** A pair's label: the kind, with its API where another group has a kind of that name. */
function pairLabel(k: KindChoice, all: KindChoice[]): string {
  const shared = all.some((o) => o.kind === k.kind && o.apiVersion !== k.apiVersion);
  return shared && splitApiVersion(k.apiVersion).group === 'gateway.networking.k8s.io' ? `${k.kind} (Gateway API)` : k.kind;
}

function kindPairs(ctx: CursorContext): CompletionItem[] {
  const col = ctx.keyColumn;
  const all = bestPerKind();
  return all.map((k) => ({
    label: pairLabel(k, all),
    kind: 'Class' as const,
    detail: k.apiVersion,
    documentation: `A new \`${k.kind}\` (\`${k.apiVersion}\`).`,
    insertText: [`apiVersion: ${k.apiVersion}`, `kind: ${k.kind}`, 'metadata:', `${pad(INDENT)}name: $1`, `${pad(INDENT)}namespace: $2`, 'spec:', `${pad(INDENT)}$0`]
      .map((l, i) => (i === 0 ? l : pad(col) + l))
      .join('\n'),
    insertTextFormat: 'snippet' as const,
    sortText: `${k.rank[0]}${k.kind}`,
    span: ctx.replace,
  }));
}

function apiVersionValues(ctx: CursorContext): CompletionItem[] {
  const seen = new Set<string>();
  const out: CompletionItem[] = [];
  for (const k of rankedKinds()) {
    if ((ctx.kind && k.kind !== ctx.kind) || seen.has(k.apiVersion)) continue;
    seen.add(k.apiVersion);
    out.push(valueItem(ctx, k.apiVersion, 'Module', `${k.rank}${k.apiVersion}`, { raw: true }));
  }
  return out;
}

function kindValues(ctx: CursorContext): CompletionItem[] {
  const known = ctx.apiVersion ? rankedKinds().filter((k) => k.apiVersion === ctx.apiVersion) : [];
  const kinds = known.length ? known : bestPerKind();
  return kinds.map((k) => valueItem(ctx, k.kind, 'Class', `${k.rank[0]}${k.kind}`, { detail: k.apiVersion, raw: true }));
}
