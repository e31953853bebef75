// Renders plain values as block YAML in the style of the file being edited:
// its indentation step, whether sequences under a key are indented, its line
// ending. Strings are quoted only when YAML would read them as something else.

export type YamlValue = string | number | boolean | null | Commented | Flow | Block | YamlValue[] | YamlMap;
export interface YamlMap {
  [key: string]: YamlValue | undefined;
}

/** A value with a `# comment` at the end of its line. */
export class Commented {
  constructor(
    readonly value: YamlValue,
    readonly comment: string,
  ) {}
}

/** A multi-line string written as a literal block (`key: |`), e.g. YAML held in a ConfigMap. */
export class Block {
  constructor(readonly text: string) {}
}

/** A collection written on one line, `[a, b]` or `{k: v}`, to match flow-style neighbours. */
export class Flow {
  constructor(readonly value: YamlValue) {}
}

export interface YamlStyle {
  /** Spaces per mapping level. */
  indent: number;
  /** Extra spaces before `- ` of a sequence under a key: 0 (`key:\n- a`) or the indent. */
  seqIndent: number;
  eol: string;
}

export const defaultStyle: YamlStyle = { indent: 2, seqIndent: 0, eol: '\n' };

/** The style of an existing text: the most common steps between a key and its block value. */
export function detectStyle(text: string): YamlStyle {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const mapSteps = new Map<number, number>();
  const seqSteps = new Map<number, number>();
  for (let i = 0; i < lines.length; i++) {
    const m = /^( *)(?:- +)?[^\s#][^:#]*:\s*(?:#.*)?$/.exec(lines[i]);
    if (!m) continue;
    // The column of the key itself (after a `- ` that opens a sequence item).
    const keyCol = lines[i].search(/[^\s-]/);
    const next = nextContentLine(lines, i + 1);
    if (next === undefined) continue;
    const col = next.search(/\S/);
    if (next.slice(col).startsWith('- ') || next.slice(col) === '-') {
      if (col >= keyCol) bump(seqSteps, col - keyCol);
    } else if (col > keyCol) {
      bump(mapSteps, col - keyCol);
    }
  }
  const indent = mostCommon(mapSteps) ?? defaultStyle.indent;
  const seqIndent = mostCommon(seqSteps) ?? defaultStyle.seqIndent;
  return { indent, seqIndent, eol };
}

function nextContentLine(lines: string[], from: number): string | undefined {
  for (let j = from; j < lines.length; j++) {
    const t = lines[j].trim();
    if (t === '' || t.startsWith('#')) continue;
    return lines[j];
  }
  return undefined;
}

function bump(map: Map<number, number>, key: number): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function mostCommon(map: Map<number, number>): number | undefined {
  let best: number | undefined;
  let count = 0;
  for (const [k, n] of map) if (n > count || (n === count && best !== undefined && k < best)) [best, count] = [k, n];
  return best;
}

const PLAIN_UNSAFE = /^[-?:,[\]{}#&*!|>'"%@`.\s]|[\s:]$|: | #|^(true|false|yes|no|on|off|null|~|y|n)$/i;
const NUMBER_LIKE = /^[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?$|^0[xo][0-9a-f]+$|^[-+]?\.(inf|nan)$/i;

export function renderScalar(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value !== 'string') return String(value);
  if (value === '' || PLAIN_UNSAFE.test(value) || NUMBER_LIKE.test(value) || /[\n\t"\\]/.test(value)) return JSON.stringify(value);
  return value;
}

export function renderKey(key: string): string {
  return renderScalar(key);
}

function isCollection(v: YamlValue | undefined): v is YamlValue[] | YamlMap {
  return typeof v === 'object' && v !== null && !(v instanceof Commented) && !(v instanceof Flow) && !(v instanceof Block);
}

function isEmptyCollection(v: YamlValue[] | YamlMap): boolean {
  return Array.isArray(v) ? v.length === 0 : Object.keys(v).filter((k) => v[k] !== undefined).length === 0;
}

/** A value on one line: scalars, and `[a, b]` / `{k: v}` for collections. */
export function renderFlow(value: YamlValue): string {
  if (value instanceof Commented || value instanceof Flow) return renderFlow(value.value);
  if (value instanceof Block) return JSON.stringify(value.text);
  if (Array.isArray(value)) return `[${value.map(renderFlow).join(', ')}]`;
  if (isCollection(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined) as [string, YamlValue][];
    return `{${entries.map(([k, v]) => `${renderKey(k)}: ${renderFlow(v)}`).join(', ')}}`;
  }
  return renderScalar(value);
}

/** Lines (without line ends) of a mapping or sequence whose first level sits at column `indent`. */
export function renderLines(value: YamlValue[] | YamlMap, indent: number, style: YamlStyle): string[] {
  const pad = ' '.repeat(indent);
  const out: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      const { core, comment } = unwrap(item);
      if (isCollection(core) && !isEmptyCollection(core)) {
        const inner = renderLines(core, indent + 2, style);
        inner[0] = `${pad}- ${inner[0].slice(indent + 2)}${comment}`;
        out.push(...inner);
      } else {
        out.push(`${pad}- ${renderFlow(core)}${comment}`);
      }
    }
    return out;
  }
  for (const [key, raw] of Object.entries(value)) {
    if (raw === undefined) continue;
    const { core, comment } = unwrap(raw);
    if (isCollection(core) && !isEmptyCollection(core)) {
      out.push(`${pad}${renderKey(key)}:${comment}`);
      out.push(...renderLines(core, indent + (Array.isArray(core) ? style.seqIndent : style.indent), style));
    } else if (core instanceof Block) {
      const inner = ' '.repeat(indent + style.indent);
      out.push(`${pad}${renderKey(key)}: |${core.text.endsWith('\n') ? '' : '-'}${comment}`);
      for (const line of core.text.replace(/\n$/, '').split('\n')) out.push(line ? `${inner}${line}` : '');
    } else {
      out.push(`${pad}${renderKey(key)}: ${renderFlow(core)}${comment}`);
    }
  }
  return out;
}

function unwrap(v: YamlValue): { core: YamlValue; comment: string } {
  return v instanceof Commented ? { core: v.value, comment: `  # ${v.comment}` } : { core: v, comment: '' };
}

/** A whole document: its leading comment lines, then the body; ends with a line end. */
export function renderDocument(comments: string[], body: YamlMap, style: YamlStyle): string {
  const lines = [...comments.flatMap((c) => wrapComment(c, 100)), ...renderLines(body, 0, style)];
  return lines.join(style.eol) + style.eol;
}

/** `# text` lines no wider than `width`; a continuation keeps the indentation of a list item's text. */
export function wrapComment(text: string, width: number): string[] {
  if (!text) return ['#'];
  const lead = /^(\s*(?:\d+\.\s+|-\s+)?)/.exec(text)![1];
  const hang = ' '.repeat(lead.length);
  const out: string[] = [];
  let line = '';
  for (const word of text.slice(lead.length).split(/\s+/)) {
    const prefix = out.length === 0 ? lead : hang;
    if (line && `# ${prefix}${line} ${word}`.length > width) {
      out.push(`# ${prefix}${line}`);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  out.push(`# ${out.length === 0 ? lead : hang}${line}`);
  return out;
}
