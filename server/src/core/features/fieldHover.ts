// Hover on a key of an Istio resource: what the field does, its facts and the
// link to its own anchor on istio.io; on an enum value, what that value means.
// Fields not documented yet fall back to the schema's sentence and the page.
import type { NodeAt } from '../parse/locate';
import { get, str } from '../parse/ast';
import { documentSchema, isIstioGroup, istioKind, schemaAt, type SchemaNode } from '../schema/schema';
import { fieldDocs, kindDocs } from '../schema/fieldDocs';
import { fieldDocAt } from '../schema/docs/lookup';
import { fieldBody, typeName, valueBody } from './fieldDocText';

export { typeName } from './fieldDocText';

/** `brief`: the cursor is on a finding, whose message the editor already shows: only the title and the link. */
export function fieldHover(loc: NodeAt, brief = false): string | undefined {
  const root = loc.doc.contents;
  const apiVersion = str(get(root, 'apiVersion'));
  const kind = str(get(root, 'kind'));
  if (!apiVersion || !kind) return undefined;
  const info = istioKind(apiVersion, kind);
  if (!info) return undefined;
  const keyPath = keyPathOf(loc);
  if (keyPath.length === 0) return undefined;
  const node = schemaAt(documentSchema(info), keyPath);
  if (!node) return undefined;
  const field = keyPath.filter((p): p is string => typeof p === 'string');
  const docPath = field[0] === 'spec' ? field.slice(1) : field;
  const name = field[field.length - 1];
  const title = `**${name}** \`${typeName(node)}\` — ${kind}${docPath.length ? ` \`${docPath.join('.')}\`` : ''}`;
  const documented = keyPath[0] === 'spec' && info.spec ? fieldDocAt(`${info.group}/${kind}`, info.spec, keyPath.slice(1)) : undefined;
  if (documented && documented.name === name) {
    const value = !loc.onKey ? scalarValue(loc.node) : undefined;
    const values = documented.node.e ?? documented.node.i?.e;
    if (value !== undefined && (values?.includes(value) || documented.field.values?.[value] !== undefined)) {
      const valueTitle = `**${value}** — value of \`${name}\`, ${kind} \`${docPath.join('.')}\``;
      return brief ? valueTitle : `${valueTitle}\n\n${valueBody(documented, value)}`;
    }
    if (brief) return `${title}\n\n${fieldBody(documented).split('\n\n').pop()}`;
    return `${title}\n\n${fieldBody(documented)}`;
  }
  // A key of a map field (a label or header name) shows the map field's documentation.
  if (documented && documented.mapKey === name) {
    const entryTitle = `**${name}** — entry of \`${documented.name}\`, ${kind} \`${docPath.join('.')}\``;
    if (brief) return `${entryTitle}\n\n${fieldBody(documented).split('\n\n').pop()}`;
    return `${entryTitle}\n\n${fieldBody(documented)}`;
  }
  if (!isIstioGroup(info.group)) return legacyHover('', info.spec, node, field, docPath, title, brief);
  return legacyHover(kind, info.spec, node, field, docPath, title, brief);
}

function legacyHover(kind: string, spec: SchemaNode | undefined, node: SchemaNode, field: string[], docPath: string[], title: string, brief: boolean): string {
  const lines = [title, ''];
  // `kind` is empty for kinds outside Istio's groups (the Gateway API's `Gateway` is not Istio's).
  const url = kindDocs[kind]?.url ?? /https:\/\/istio\.io\S+\.html/.exec(spec?.d ?? '')?.[0];
  if (!brief) {
    const fuller = docPath.length ? fieldDocs[`${kind}.${docPath.join('.')}`] : undefined;
    const kindSummary = field.length === 1 && field[0] === 'kind' ? (kindDocs[kind]?.summary ?? spec?.d) : undefined;
    if (fuller) lines.push(fuller, '');
    else if (kindSummary) lines.push(kindSummary, '');
    else if (node.d) lines.push(node.d, '');
    if (node.s) lines.push(`Istio ${node.s} and later.`, '');
    if (node.e) lines.push(`Allowed values: ${node.e.map((v) => `\`${v}\``).join(', ')}`, '');
  }
  if (url) lines.push(`[${kind} reference](${url})`);
  return lines.join('\n').trim();
}

function scalarValue(node: unknown): string | undefined {
  const v = (node as { value?: unknown } | undefined)?.value;
  return typeof v === 'string' ? v : undefined;
}

/** The key path to hover: on a key, that key; on a scalar value, its key. */
function keyPathOf(loc: NodeAt): (string | number)[] {
  const path = loc.path.slice();
  while (path.length && typeof path[path.length - 1] === 'number') path.pop();
  return path;
}
