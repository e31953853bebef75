// Turns one file's text into YAML documents with exact ranges, read as
// kubectl reads them (kubectlYaml.ts). Parsing never throws: a file too large
// or binary comes back skipped with one finding; syntax errors stay on their
// documents (syntaxFindings.ts decides what to say about them), and a broken
// or templated document does not hide the others of the file.
import { Document, Schema, isMap, isScalar, isSeq, type ScalarTag, type Tags } from 'yaml';
import type { Finding, Span } from '../model';
import { Rules, ruleFinding, type Rule } from '../catalog';
import { parseKubectlYaml } from './kubectlYaml';
import { skimCustomResourceDefinitions } from './crdSkim';
import { linkAliases } from './ast';

export interface ParsedFile {
  docs: Document.Parsed[];
  /**
   * Per document, the offset of the Helm/Go template syntax that keeps it from being read
   * as it is (`{{` outside quoted strings, block scalars and comments, or anywhere in a
   * document that does not parse), else undefined.
   */
  templateAt: (number | undefined)[];
  /** File-level findings: set only when the file is skipped (ILS0003). */
  findings: Finding[];
  /** Set when the file is not parsed at all (binary, too large). */
  skipped?: string;
  /** The documents are those of the text as given (no CustomResourceDefinition was skimmed): an editor feature may read them. */
  whole?: boolean;
}

export interface ParseLimits {
  /** Files over this many characters are skipped with one information finding. */
  maxFileSize: number;
}

export const defaultLimits: ParseLimits = { maxFileSize: 2 * 1024 * 1024 };

// Aliases are never expanded into copies (no toJS), so a "billion laughs" file costs its size only.
const parseOptions = { uniqueKeys: true, prettyErrors: false, strict: true, customTags: withPlainStringFirst } as const;

/**
 * A plain scalar that starts with a letter and is not one of the nine words YAML 1.2 reads as null or
 * a boolean is a string: every other tag of the core schema (numbers, `.inf`, `.nan`, `~`) starts
 * with a digit, a sign, a dot or `~`. The Composer tries the schema's tags in order for every plain
 * scalar, keys included (up to eight regular expressions each): the string tag is tried first with
 * that one test, so most scalars are resolved at once. The result is the core schema's.
 */
const PLAIN_STRING = /^[A-Za-z](?!(?:ull|ULL|rue|RUE|alse|ALSE)$)/;
let coreTags: Set<unknown> | undefined;
function withPlainStringFirst(tags: Tags): Tags {
  // Only for the core schema: a `%YAML 1.1` document reads `yes` and `on` as booleans.
  coreTags ??= new Set(new Schema({ schema: 'core' }).tags);
  if (!tags.every((t) => coreTags!.has(t))) return tags;
  const string = tags.find((t): t is ScalarTag => typeof t === 'object' && t.tag === 'tag:yaml.org,2002:str' && !('collection' in t) && !t.test);
  return string ? [{ ...string, test: PLAIN_STRING }, ...tags] : tags;
}

/**
 * Every document makes its own Schema (a copy of the tag list and more) unless it is given one; one
 * made once serves every document that has no `%YAML` directive (which chooses its version's schema).
 * The Composer only ever adds to a schema's tags copies of known tags that it finds by name anyway.
 */
let sharedOptions: typeof parseOptions & { schema: Schema } | undefined;
function optionsFor(text: string) {
  if (text.includes('%YAML')) return parseOptions;
  sharedOptions ??= { ...parseOptions, schema: new Schema({ resolveKnownTags: true, schema: 'core', customTags: withPlainStringFirst }) };
  return sharedOptions;
}

/**
 * `skimCrds`: read only the group and kind of CustomResourceDefinitions (crdSkim.ts); `skipUnread`: do
 * not compose the fields of workloads that no rule reads (unreadFields.ts; not under a `%YAML` directive,
 * whose version 1.1 reads `yes` and `on` as booleans). The index needs no more,
 * and an editor feature on such a file parses it whole.
 */
export function parseYamlFile(text: string, limits: ParseLimits = defaultLimits, skimCrds = false, skipUnread = false): ParsedFile {
  const skip = whySkip(text, limits);
  if (skip) return { docs: [], templateAt: [], findings: [fileFinding(skip.rule, skip.message)], skipped: skip.message };
  let docs: Document.Parsed[];
  let templates: number[];
  let aliases: number[];
  let whole: boolean;
  let skipped: boolean;
  try {
    const source = skimCrds ? skimCustomResourceDefinitions(text) : text;
    whole = source === text;
    ({ docs, templateAt: templates, aliasAt: aliases, skipped } = parseKubectlYaml(source, optionsFor(source), skipUnread && !source.includes('%YAML')));
  } catch (e) {
    return { docs: [], templateAt: [], findings: [fileFinding(Rules.YamlSyntax, `YAML could not be parsed: ${firstLine((e as Error).message)}`)] };
  }
  const templateAt = docs.map((doc) => {
    const [start, , end] = doc.range;
    const at = templates.find((t) => t >= start && t < end);
    if (at !== undefined || doc.errors.length === 0) return at;
    // Template syntax breaks the YAML around it: then any `{{` in the document counts,
    const raw = text.indexOf('{{', start);
    if (raw >= 0 && raw < end) return raw;
    // and so does a Terraform template directive (`%{ for … }`, `%{ if … }`: templatefile() renders it).
    const directive = text.indexOf('%{', start);
    if (directive >= 0 && directive < end) return directive;
    // and so does a line that is only an envsubst placeholder (`${urls}`, replaced by several lines), or a value
    // that is a sed placeholder (`%SSO_SVC%`: `%` cannot start a YAML value), where the first error is.
    const placeholder = envsubstLine(text, start, end) ?? sedPlaceholder(text, start, end);
    return placeholder !== undefined && sameLine(text, placeholder, doc.errors[0].pos[0]) ? placeholder : undefined;
  });
  linkDocuments(docs, aliases);
  return { docs, templateAt, findings: [], whole: whole && !skipped };
}

const ENVSUBST_LINE = /^[ \t]*\$\{?[A-Za-z_][A-Za-z0-9_]*\}?[ \t]*$/gm;

/** The offset of a line in [start, end) that holds nothing but a `${NAME}` or `$NAME` placeholder. */
function envsubstLine(text: string, start: number, end: number): number | undefined {
  if (text.indexOf('$', start) < 0) return undefined;
  ENVSUBST_LINE.lastIndex = start;
  const m = ENVSUBST_LINE.exec(text);
  return m && m.index < end ? m.index + m[0].indexOf('$') : undefined;
}

/** `a` and `b` are offsets on one line of `text`. */
function sameLine(text: string, a: number, b: number): boolean {
  const [from, to] = a < b ? [a, b] : [b, a];
  const nl = text.indexOf('\n', from);
  return nl < 0 || nl >= to;
}

const SED_PLACEHOLDER = /(?:^|[\s:\[{,-])(%[A-Z][A-Z0-9_]*%)/g;

/** The offset of a `%NAME%` placeholder in [start, end): an upper-case name between percent signs. */
function sedPlaceholder(text: string, start: number, end: number): number | undefined {
  if (text.indexOf('%', start) < 0) return undefined;
  SED_PLACEHOLDER.lastIndex = start;
  const m = SED_PLACEHOLDER.exec(text);
  return m && m.index < end ? m.index + m[0].indexOf('%') : undefined;
}

/** Documents of a text as the features read them (same parser as the index, duplicate keys allowed). */
export function parseDocuments(text: string): Document.Parsed[] {
  const { docs, aliasAt } = parseKubectlYaml(text, { uniqueKeys: false });
  linkDocuments(docs, aliasAt);
  return docs;
}

function linkDocuments(docs: Document.Parsed[], aliasAt: number[]): void {
  if (aliasAt.length === 0) return;
  for (const doc of docs) if (aliasAt.some((at) => at >= doc.range[0] && at < doc.range[2])) linkAliases(doc);
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

function fileFinding(rule: Rule, message: string): Finding {
  return ruleFinding(rule, { start: 0, end: 0 }, message, null);
}

export function firstLine(message: string): string {
  // The parser recurses per nesting level; the stack limit is not the user's syntax error.
  if (message.includes('Maximum call stack')) return 'the nesting is too deep to analyse (thousands of levels)';
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

export function spanOf(node: { range?: [number, number, number] | null } | null | undefined): Span | undefined {
  if (!node || !node.range) return undefined;
  return { start: node.range[0], end: node.range[1] };
}

export { isMap, isScalar, isSeq };
