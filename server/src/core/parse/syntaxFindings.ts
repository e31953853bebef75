// What istio-ls says about documents it cannot read as they are. A false
// error is worse than a missed one, so the rules are strict about volume:
// - a broken document that istio-ls checks (an Istio kind, or a kind the
//   cross-file checks read) gets ONE error, at the first problem: the parser's
//   later errors usually follow from it (a cascade), and kubectl rejects the
//   document at that first problem anyway;
// - broken documents of other Kubernetes kinds (a CRD, an operator's CR) get at
//   most one information note (ILS0005) for the whole file: istio-ls does not
//   check them;
// - documents that are not Kubernetes objects (CI workflows, compose files,
//   Helm values, Kustomize configs) get nothing;
// - documents that hold Helm/Go template syntax are skipped, with one
//   information note (ILS0002) for the file.
import type { Document } from 'yaml';
import type { Finding } from '../model';
import { Rules, ruleFinding } from '../catalog';
import { firstLine, type ParsedFile } from './yamlFile';

/** How istio-ls treats one document: checks it, reads past it, or ignores it. */
export type DocumentRole = { role: 'checked' | 'other'; kind?: string } | { role: 'none' };

export function syntaxFindings(text: string, parsed: ParsedFile, roles: DocumentRole[]): Finding[] {
  const out: Finding[] = [];
  let otherNote: Finding | undefined;
  let templated = 0;
  let firstTemplate: number | undefined;
  parsed.docs.forEach((doc, i) => {
    const role = roles[i];
    if (role.role === 'none') return;
    const template = parsed.templateAt[i];
    if (template !== undefined) {
      templated++;
      if (firstTemplate === undefined || template < firstTemplate) firstTemplate = template;
      return;
    }
    if (doc.errors.length === 0) return;
    if (role.role === 'checked') out.push(documentError(text, doc));
    else otherNote ??= otherKindNote(text, doc, role.kind);
  });
  if (otherNote) out.push(otherNote);
  if (firstTemplate !== undefined) out.push(templateNote(text, firstTemplate, templated, parsed.docs.length));
  return out;
}

function documentError(text: string, doc: Document.Parsed): Finding {
  const err = doc.errors[0];
  const more = doc.errors.length - 1;
  const key = err.code === 'DUPLICATE_KEY' ? keySpan(text, err.pos[0]) : undefined;
  const what = key ? `Duplicate key "${text.slice(key.start, key.end).replace(/^["']|["']$/g, '')}": kubectl rejects a mapping with a key written twice` : firstLine(err.message);
  const message = `YAML syntax error: ${what}${more > 0 ? ` (fix this first: ${more} later problem${more > 1 ? 's' : ''} in this document may follow from it)` : ''}`;
  return ruleFinding(Rules.YamlSyntax, key ?? quoteStart(text, err) ?? errorSpan(text, err.pos), message, null);
}

// The parser marks a duplicate key by its first character; the user needs the whole key
// (a quoted key up to its closing quote, a plain one up to the `: ` that ends it).
function keySpan(text: string, start: number): { start: number; end: number } | undefined {
  const quote = text[start];
  if (quote === '"' || quote === "'") {
    const close = text.indexOf(quote, start + 1);
    return close > start && !text.slice(start, close).includes('\n') ? { start, end: close + 1 } : undefined;
  }
  const m = /^[^\n#]*?(?=[ \t]*:(?:[ \t]|\r?\n|$))/.exec(text.slice(start, start + 300));
  return m && m[0].length > 0 ? { start, end: start + m[0].length } : undefined;
}

// The parser reports an unclosed quote where the scalar ends (the document's end); the
// user needs the quote that opens it, which is also where go-yaml reports it.
function quoteStart(text: string, err: { code: string; message: string; pos: [number, number] }): { start: number; end: number } | undefined {
  const quote = err.code === 'MISSING_CHAR' ? /closing (["'])quote/.exec(err.message)?.[1] : undefined;
  if (!quote) return undefined;
  for (let i = text.lastIndexOf(quote, Math.min(err.pos[0], text.length) - 1); i >= 0; i = text.lastIndexOf(quote, i - 1)) {
    if (quote === "'" && text[i - 1] === "'") {
      i--; // '' is an escaped quote inside the scalar
      continue;
    }
    let backslashes = 0;
    while (quote === '"' && text[i - 1 - backslashes] === '\\') backslashes++;
    if (backslashes % 2 === 0) return { start: i, end: i + 1 };
  }
  return undefined;
}

function otherKindNote(text: string, doc: Document.Parsed, kind: string | undefined): Finding {
  const err = doc.errors[0];
  const span = errorSpan(text, err.pos);
  const message =
    `YAML syntax problem in ${kind ? `the ${kind}` : 'a'} document on line ${lineOf(text, span.start)}: ${firstLine(err.message)}. ` +
    'istio-ls does not check this kind, so this is the only note for the file.';
  return ruleFinding(Rules.OtherKindSyntax, span, message, null);
}

function templateNote(text: string, at: number, templated: number, total: number): Finding {
  const line = lineOf(text, at);
  // A `${NAME}` line is envsubst's, a `%NAME%` value sed's (yamlFile.ts); `{{` is Helm's or Go's.
  const terraform = text.startsWith('%{', at);
  const placeholder = !terraform && (text[at] === '$' || text[at] === '%');
  const token = text[at] === '%' ? text.slice(at, text.indexOf('%', at + 1) + 1) : text.slice(at, text.indexOf('\n', at) >>> 0).trim();
  const what = terraform ? `a Terraform template directive (%{ … }, line ${line})` : placeholder ? `a placeholder substituted before apply (${token}, line ${line})` : `Helm/Go template syntax ({{ … }}, line ${line})`;
  const how = terraform ? 'Check the output of templatefile() instead.' : placeholder ? 'Check the substituted output instead.' : 'Check the rendered output (helm template) instead.';
  const message =
    templated === total
      ? `File skipped: it contains ${what}, which is not YAML until rendered. ${how}`
      : `${templated} of ${total} documents skipped: ${what} is not YAML until rendered. The other documents are checked.`;
  return ruleFinding(Rules.TemplateSkipped, { start: 0, end: 0 }, message, null);
}

// Inside the text: an error at the very end (an unclosed quote) must not point past it.
function errorSpan(text: string, pos: [number, number]): { start: number; end: number } {
  const start = Math.min(pos[0], text.length);
  return { start, end: Math.min(text.length, Math.max(pos[1], start + 1)) };
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
