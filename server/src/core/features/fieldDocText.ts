// The one way a documented field is written, for hover and completion alike:
// the description, then the facts (default, format, range, required, release,
// deprecation), the meaning of each enum value, an example where one helps,
// and the link to the field's own anchor on istio.io (for the Gateway API
// kinds, to the anchor of the type that declares the field).
import type { SchemaNode } from '../schema/schema';
import { fieldLink, protoName, type FieldAt } from '../schema/docs/lookup';

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

/** The facts of a field as markdown list lines. */
export function factLines(at: FieldAt): string[] {
  const f = at.field;
  const lines: string[] = [];
  const required = f.required === true || (f.required === undefined && at.requiredByParent) ? 'required' : typeof f.required === 'string' ? `required ${f.required}` : 'optional';
  lines.push(`- Type: \`${typeName(at.node)}\`, ${required}`);
  if (f.default !== undefined) lines.push(`- Default: ${f.default}`);
  if (f.format) lines.push(`- Format: ${f.format}`);
  if (f.range) lines.push(`- Range: ${f.range}`);
  const since = f.since ?? at.node.s;
  if (since) lines.push(`- Added in Istio ${since}`);
  if (f.deprecated) lines.push(`- Deprecated: ${f.deprecated}`);
  if (at.node.x) lines.push(`- Removed in Istio ${at.node.x}`);
  return lines;
}

function linkLine(at: FieldAt): string {
  // The Gateway API reference has no field anchors: the link goes to the type that declares the field.
  if (at.owner.links === 'type') return `[${at.owner.anchor}.${at.name} on ${new URL(at.owner.page).hostname}](${fieldLink(at)})`;
  if (at.field.hidden) return `[${at.owner.anchor.replace(/-/g, '.')} on istio.io](${fieldLink(at)}) (the field itself is not listed there)`;
  return `[${at.owner.anchor.replace(/-/g, '.')}.${protoName(at.name, at.field)} on istio.io](${fieldLink(at)})`;
}

/** Allowed values, each with its meaning when documented. */
function valueLines(at: FieldAt): string[] {
  // A plain string field may still have documented values (port protocols).
  const values = at.node.e ?? at.node.i?.e ?? (at.field.values ? Object.keys(at.field.values) : undefined);
  if (!values) return [];
  const since = (v: string) => (at.node.es?.[v] ?? at.node.i?.es?.[v] ? ` (Istio ${at.node.es?.[v] ?? at.node.i?.es?.[v]} and later)` : '');
  return ['Values:', ...values.map((v) => (at.field.values?.[v] ? `- \`${v}\`${since(v)}: ${at.field.values[v]}` : `- \`${v}\`${since(v)}`))];
}

/** Everything but the title line: what completion shows as an item's documentation. */
export function fieldBody(at: FieldAt): string {
  const parts = [at.field.doc, factLines(at).join('\n')];
  const values = valueLines(at);
  if (values.length) parts.push(values.join('\n'));
  if (at.field.example) parts.push('Example:\n```yaml\n' + at.field.example.trim() + '\n```');
  parts.push(linkLine(at));
  return parts.join('\n\n');
}

/** The meaning of one enum value, then the field it belongs to (hover on the value, completion of the value). */
export function valueBody(at: FieldAt, value: string): string {
  const meaning = at.field.values?.[value];
  const parts = [meaning ?? `A value of \`${at.name}\`.`];
  const since = at.node.es?.[value] ?? at.node.i?.es?.[value];
  if (since) parts.push(`Istio ${since} and later.`);
  if (at.field.default !== undefined) parts.push(`Default of \`${at.name}\`: ${at.field.default}.`);
  parts.push(linkLine(at));
  return parts.join('\n\n');
}
