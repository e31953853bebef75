// Hover on a key of an Istio resource: its description, type, allowed values
// and the istio.io reference page of the kind.
import type { NodeAt } from '../parse/locate';
import { get, str } from '../parse/ast';
import { documentSchema, istioKind, schemaAt, type SchemaNode } from '../schema/schema';
import { fieldDocs, kindDocs } from '../schema/fieldDocs';

export function fieldHover(loc: NodeAt): string | undefined {
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
  const fuller = docPath.length ? fieldDocs[`${kind}.${docPath.join('.')}`] : undefined;
  const lines = [`**${field[field.length - 1]}** \`${typeName(node)}\` — ${kind}${docPath.length ? ` \`${docPath.join('.')}\`` : ''}`, ''];
  const kindSummary = field.length === 1 && field[0] === 'kind' ? (kindDocs[kind]?.summary ?? info.spec?.d) : undefined;
  if (fuller) lines.push(fuller, '');
  else if (kindSummary) lines.push(kindSummary, '');
  else if (node.d) lines.push(node.d, '');
  if (node.s) lines.push(`Istio ${node.s} and later.`, '');
  if (node.e) lines.push(`Allowed values: ${node.e.map((v) => `\`${v}\``).join(', ')}`, '');
  const url = kindDocs[kind]?.url ?? /https:\/\/istio\.io\S+\.html/.exec(info.spec?.d ?? '')?.[0];
  if (url) lines.push(`[${kind} reference](${url})`);
  return lines.join('\n').trim();
}

/** The key path to hover: on a key, that key; on a scalar value, its key. */
function keyPathOf(loc: NodeAt): (string | number)[] {
  const path = loc.path.slice();
  while (path.length && typeof path[path.length - 1] === 'number') path.pop();
  return path;
}

export function typeName(node: SchemaNode): string {
  switch (node.t) {
    case 'array':
      return `${node.i ? typeName(node.i) : 'any'}[]`;
    case 'object':
      return node.p ? 'object' : node.m ? `map<string, ${typeName(node.m)}>` : 'object';
    case 'string':
      return node.e ? 'enum' : 'string';
    case 'any':
      return node.u ? node.u.join(' | ') : 'any';
    default:
      return node.t;
  }
}
