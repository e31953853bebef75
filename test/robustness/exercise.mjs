// Runs a document through the full analysis and every feature the facade
// offers, at given offsets, and checks the properties every input must keep:
// no exception, every span inside its document, every call under a time limit.
// Shared by the robustness tests and the fuzz run (fuzz.mjs).

/** Facade features that take (uri, text, offset), called when present. */
const AT_OFFSET = ['doHover', 'doComplete', 'findDefinition', 'findReferences', 'prepareRename'];
/** Facade features that take (uri, text). */
const WHOLE = ['findDocumentSymbols', 'findCodeLenses'];

export class PropertyError extends Error {}

const NODE_TYPE = Symbol.for('yaml.node.type');

/**
 * @param service the facade (getLanguageService())
 * @param texts Map uri → text of every file loaded in the service (for spans in other files)
 * @param uri the document to exercise
 * @param offsets cursor offsets to try
 * @param limitMs time limit per call: it catches a hang, not slowness (speed is the benchmark's)
 * @returns the number of feature calls made
 */
export function exercise(service, texts, uri, offsets, { limitMs = 30_000 } = {}) {
  const text = texts.get(uri);
  let calls = 0;
  const timed = (what, fn) => {
    const t = performance.now();
    let result;
    try {
      result = fn();
    } catch (e) {
      throw new PropertyError(`${what} threw: ${e.stack ?? e}`);
    }
    const ms = performance.now() - t;
    if (ms > limitMs) throw new PropertyError(`${what} took ${Math.round(ms)} ms (limit ${limitMs})`);
    calls++;
    return result;
  };
  const diagnostics = timed('diagnostics', () => service.diagnostics());
  for (const [u, findings] of diagnostics) {
    for (const f of findings) {
      checkSpans(f, texts, u, `finding ${f.code} of ${u}`);
      if (typeof f.message !== 'string' || !f.code) throw new PropertyError(`malformed finding in ${u}: ${JSON.stringify(f)}`);
    }
  }
  for (const name of WHOLE) {
    if (typeof service[name] !== 'function') continue;
    const result = timed(`${name}(${uri})`, () => service[name](uri, text));
    checkSpans(result, texts, uri, name);
  }
  if (typeof service.findWorkspaceSymbols === 'function') {
    const result = timed('findWorkspaceSymbols', () => service.findWorkspaceSymbols(text.slice(0, 3)));
    for (const s of result) checkSpans(s.resource, texts, s.resource.uri, 'findWorkspaceSymbols');
  }
  for (const offset of offsets) {
    for (const name of AT_OFFSET) {
      if (typeof service[name] !== 'function') continue;
      const result = timed(`${name}(${uri}, ${offset})`, () => service[name](uri, text, offset));
      checkSpans(result, texts, uri, `${name} at ${offset}`);
    }
    if (typeof service.doRename === 'function') {
      const result = timed(`doRename(${uri}, ${offset})`, () => service.doRename(uri, text, offset, 'renamed-x'));
      checkSpans(result, texts, uri, `doRename at ${offset}`);
    }
    if (typeof service.getCodeActions === 'function') {
      const span = { start: offset, end: Math.min(text.length, offset + 5) };
      const findings = (diagnostics.get(uri) ?? []).filter((f) => f.span.start <= span.end && f.span.end >= span.start);
      const actions = timed(`getCodeActions(${uri}, ${offset})`, () => service.getCodeActions(uri, text, span, findings));
      checkSpans(actions, texts, uri, `getCodeActions at ${offset}`);
      if (typeof service.resolveCodeAction === 'function') {
        for (const a of actions.slice(0, 3)) {
          const edit = timed(`resolveCodeAction(${a.title})`, () => service.resolveCodeAction(a.data, (u) => texts.get(u)));
          checkSpans(edit, texts, uri, `resolveCodeAction ${a.title}`);
        }
      }
    }
  }
  return calls;
}

/**
 * Walks any result looking for spans ({ start, end } numbers) and checks each
 * lies inside the text of the uri it belongs to (the nearest enclosing `uri`
 * property or uri-keyed record; else the document asked about).
 */
export function checkSpans(value, texts, uri, what, depth = 0) {
  if (depth > 40 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const v of value) checkSpans(v, texts, uri, what, depth + 1);
    return;
  }
  // Results are plain data: a yaml node would be expanded (aliases and all) when serialised.
  if (value[NODE_TYPE] !== undefined) throw new PropertyError(`${what}: a yaml syntax node leaked into the result`);
  const own = typeof value.uri === 'string' ? value.uri : uri;
  if (typeof value.start === 'number' && typeof value.end === 'number' && Object.keys(value).length <= 3) {
    const text = texts.get(own);
    if (text !== undefined && !(value.start >= 0 && value.start <= value.end && value.end <= text.length)) {
      throw new PropertyError(`${what}: span ${value.start}-${value.end} outside ${own} (length ${text.length})`);
    }
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    const keyUri = /^(file|untitled):/.test(k) ? k : own;
    checkSpans(v, texts, keyUri, what, depth + 1);
  }
}
