// Parses YAML the way kubectl reads it. Kubernetes tools (kubectl, kustomize,
// Helm, Argo CD, Flux) decode YAML with go-yaml through sigs.k8s.io/yaml, and
// go-yaml lets a quoted scalar continue on lines indented less than its key
// (its scanner, yaml_parser_scan_flow_scalar in scannerc.go, stops a quoted
// scalar only at its closing quote, at `---`/`...` in column 0, or at the end
// of the stream). Generated CRD files rely on that, and the `yaml` package,
// which follows YAML 1.2 to the letter, cuts such a scalar at the first
// under-indented line and reports a cascade of errors. The package has no
// option for it, but its Parser accepts a caller's Lexer: ours lifts the
// indentation requirement inside quoted scalars only, so offsets stay those of
// the text and every other rule is unchanged.
import { skipUnreadFields } from './unreadFields';
import { Composer, CST, Lexer, Parser, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';

/** The members of the `yaml` Lexer that the adaptor touches (private in its typings). */
interface LexerInternals {
  buffer: string;
  pos: number;
  indentNext: number;
  parseQuotedScalar(): string;
}

export interface KubectlParse {
  docs: Document.Parsed[];
  /**
   * Offsets of Go/Helm template actions (`{{`) that sit where YAML reads structure or a
   * plain scalar: outside quoted strings, block scalars and comments.
   */
  templateAt: number[];
  /** Offsets of aliases (`*name`): documents without one need no alias linking. */
  aliasAt: number[];
  /** Some fields no rule reads were not composed (unreadFields.ts). */
  skipped: boolean;
}

type Options = ParseOptions & DocumentOptions & SchemaOptions;

// Lexeme markers of the `yaml` Lexer that stand for no text.
const SCALAR = '\x1f';
const DOC_MODE = '\x02';
const FLOW_ERROR_END = '\x18';

export function parseKubectlYaml(text: string, options: Options, skipUnread = false): KubectlParse {
  const lexer = new Lexer();
  relaxQuotedScalars(lexer);
  const parser = new Parser();
  const composer = new Composer(options);
  const templateAt: number[] = [];
  const aliasAt: number[] = [];
  // Most files have neither template actions nor aliases: their lexemes go to the parser unread.
  const scan = text.includes('{{') || text.includes('*');
  let offset = 0;
  let scalarNext = false;
  let blockHeader = false; // the next scalar is a block scalar's content (`|`, `>`): data
  const docs: Document.Parsed[] = [];
  let skipped = false;
  const compose = (token: CST.Token) => {
    if (skipUnread && token.type === 'document' && skipUnreadFields(token)) skipped = true;
    for (const doc of composer.next(token)) docs.push(doc as Document.Parsed);
  };
  // Every YAML problem is an Error, and capturing its stack trace cost a worker 4 % of a whole-repository check
  // (Helm templates and vendored files hold thousands); the parse never throws them, so they need no stack.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    if (!scan) {
      // Nothing to look for: the parser reads our lexer's lexemes in one go (the bundle's parser returns its
      // tokens as one array, scripts/yaml-rewrites.mjs; a call per lexeme cost an array and a loop each).
      (parser as unknown as { lexer: Lexer }).lexer = lexer;
      for (const token of parser.parse(text, false)) compose(token);
      for (const doc of composer.end()) docs.push(doc as Document.Parsed);
      return { docs, templateAt, aliasAt, skipped };
    }
    // A plain loop (Composer.compose over a generator of ours cost a resume of that generator per lexeme).
    for (const lexeme of lexer.lex(text, false)) {
      if (scalarNext) {
        scalarNext = false;
        const at = blockHeader ? -1 : lexeme.indexOf('{{');
        if (at >= 0) templateAt.push(offset + at);
        blockHeader = false;
        offset += lexeme.length;
      } else if (lexeme === SCALAR) {
        scalarNext = true;
      } else if (lexeme !== DOC_MODE && lexeme !== FLOW_ERROR_END) {
        const c = lexeme[0];
        if (c === '*') aliasAt.push(offset);
        else if ((c === '|' || c === '>') && CST.tokenType(lexeme) === 'block-scalar-header') blockHeader = true;
        // `{{ .Values.x }}` in a value position is read by YAML as two flow mappings.
        if (lexeme === '{' && text.startsWith('{{', offset)) templateAt.push(offset);
        offset += lexeme.length;
      }
      for (const token of parser.next(lexeme)) compose(token);
    }
    for (const token of parser.end()) compose(token);
    for (const doc of composer.end()) docs.push(doc as Document.Parsed);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  return { docs, templateAt, aliasAt, skipped };
}

function relaxQuotedScalars(lexer: Lexer): void {
  const internals = lexer as unknown as LexerInternals;
  const quoted = internals.parseQuotedScalar;
  // Another `yaml` version, or the package unbundled (its generator methods; the bundle's are plain, scripts/yaml-rewrites.mjs): strict YAML.
  if (typeof quoted !== 'function' || quoted instanceof GeneratorFunction || typeof internals.indentNext !== 'number') return;
  internals.parseQuotedScalar = function (this: LexerInternals) {
    const saved = { indentNext: this.indentNext, buffer: this.buffer };
    // go-yaml stops a quoted scalar at a `---`/`...` line (kubectl splits documents there
    // first): the buffer is cut at that line for this call, so an unclosed quote does not
    // swallow the documents after it.
    const close = closingQuote(this.buffer, this.pos);
    const marker = documentMarkerBefore(this.buffer, this.pos, close < 0 ? this.buffer.length : close);
    if (marker >= 0) this.buffer = this.buffer.slice(0, marker);
    this.indentNext = 0;
    try {
      return quoted.call(this);
    } finally {
      this.indentNext = saved.indentNext;
      this.buffer = saved.buffer;
    }
  };
}

const GeneratorFunction = Object.getPrototypeOf(function* () {}).constructor;

/** The offset of the line break before the first `---` or `...` line in [from, limit), or -1. */
function documentMarkerBefore(text: string, from: number, limit: number): number {
  for (let nl = text.indexOf('\n', from); nl >= 0 && nl < limit; nl = text.indexOf('\n', nl + 1)) {
    const marker = text.substr(nl + 1, 3);
    if ((marker === '---' || marker === '...') && /^[ \t\r\n]?$/.test(text.charAt(nl + 4))) return text[nl - 1] === '\r' ? nl - 1 : nl;
  }
  return -1;
}

/** The offset of the quote that closes the quoted scalar opening at `open`, or -1. */
function closingQuote(text: string, open: number): number {
  const quote = text[open];
  for (let i = text.indexOf(quote, open + 1); i >= 0; i = text.indexOf(quote, i + 1)) {
    if (quote === "'") {
      if (text[i + 1] !== "'") return i;
      i++; // '' is an escaped quote
    } else {
      let backslashes = 0;
      while (text[i - 1 - backslashes] === '\\') backslashes++;
      if (backslashes % 2 === 0) return i;
    }
  }
  return -1;
}
