// Turns one file's text into YAML documents with exact ranges. Parsing never
// throws: problems come back as findings, and a broken document does not hide
// the others of the file.
import { parseAllDocuments, Document, isMap, isScalar, isSeq } from 'yaml';
import type { Finding, Span } from '../model';
import { Rules, ruleFinding, type Rule } from '../catalog';

export interface ParsedFile {
  docs: Document.Parsed[];
  findings: Finding[];
  /** Set when the file is not parsed at all (template, binary, too large). */
  skipped?: string;
}

export interface ParseLimits {
  /** Files over this many characters are skipped with one information finding. */
  maxFileSize: number;
}

export const defaultLimits: ParseLimits = { maxFileSize: 2 * 1024 * 1024 };

// Aliases are never expanded (no toJS), so a "billion laughs" file costs its size only.
const parseOptions = { uniqueKeys: true, prettyErrors: false, strict: true } as const;

const HELM = /\{\{[-\s]?[^]*?\}\}/;

export function parseYamlFile(text: string, limits: ParseLimits = defaultLimits): ParsedFile {
  const skip = whySkip(text, limits);
  if (skip) return { docs: [], findings: [fileFinding(skip.rule, skip.message)], skipped: skip.message };
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, parseOptions) as Document.Parsed[];
  } catch (e) {
    return { docs: [], findings: [fileFinding(Rules.YamlSyntax, `YAML could not be parsed: ${firstLine((e as Error).message)}`)] };
  }
  if (!Array.isArray(docs)) docs = [];
  const findings: Finding[] = [];
  for (const doc of docs) {
    for (const err of doc.errors) {
      // Inside the text: an error at the very end (an unclosed quote) must not point past it.
      const at = { start: Math.min(err.pos[0], text.length), end: Math.min(text.length, Math.max(err.pos[1], err.pos[0] + 1)) };
      findings.push(ruleFinding(Rules.YamlSyntax, at, `YAML syntax error: ${firstLine(err.message)}`, null));
    }
  }
  return { docs, findings };
}

function whySkip(text: string, limits: ParseLimits): { rule: Rule; message: string } | undefined {
  if (text.length > limits.maxFileSize) {
    return {
      rule: Rules.FileSkipped,
      message: `File skipped: ${text.length} characters is over the size limit of ${limits.maxFileSize} (setting istio.maxFileSize).`,
    };
  }
  const lines = countLinesUpTo(text, maxLines(limits.maxFileSize));
  if (lines > maxLines(limits.maxFileSize)) {
    // The yaml parser spends a few microseconds per line whatever its length: a file of a
    // million tiny lines would take seconds. Real manifests average over 16 bytes a line.
    return {
      rule: Rules.FileSkipped,
      message: `File skipped: more than ${maxLines(limits.maxFileSize)} lines is over the line limit (one line per 16 bytes of istio.maxFileSize).`,
    };
  }
  if (text.includes('\u0000') || text.includes('\uFFFD')) {
    return { rule: Rules.FileSkipped, message: 'File skipped: it looks binary or is not valid UTF-8 text.' };
  }
  const helm = findTemplate(text);
  if (helm !== undefined) {
    return {
      rule: Rules.TemplateSkipped,
      message: `File skipped: it contains Helm/Go template syntax ({{ … }}, line ${helm}), which is not YAML until rendered. Check the rendered output (helm template) instead.`,
    };
  }
  return undefined;
}

/** The most lines a file under this size limit may have before it is skipped. */
export function maxLines(maxFileSize: number): number {
  return Math.max(1000, Math.floor(maxFileSize / 16));
}

function countLinesUpTo(text: string, limit: number): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0 && lines <= limit; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

/** True when a file is too large (in characters or lines) to parse for an editor feature. */
export function tooLargeToParse(text: string, maxFileSize: number): boolean {
  return text.length > maxFileSize || countLinesUpTo(text, maxLines(maxFileSize)) > maxLines(maxFileSize);
}

/** The 1-based line of the first `{{ … }}` outside a comment, if any. */
function findTemplate(text: string): number | undefined {
  if (!text.includes('{{')) return undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const at = line.indexOf('{{');
    if (at < 0) continue;
    const hash = line.search(/(^|\s)#/);
    if (hash >= 0 && hash < at) continue;
    if (HELM.test(line.slice(at)) || line.trimStart().startsWith('{{')) return i + 1;
  }
  return undefined;
}

function fileFinding(rule: Rule, message: string): Finding {
  return ruleFinding(rule, { start: 0, end: 0 }, message, null);
}

function firstLine(message: string): string {
  // The parser recurses per nesting level; the stack limit is not the user's syntax error.
  if (message.includes('Maximum call stack')) return 'the nesting is too deep to analyse (thousands of levels)';
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

export function spanOf(node: { range?: [number, number, number] | null } | null | undefined): Span | undefined {
  if (!node || !node.range) return undefined;
  return { start: node.range[0], end: node.range[1] };
}

export { isMap, isScalar, isSeq };
