// CustomResourceDefinitions are most of the bytes of a repository that vendors
// operators (24 of the 25 MB of kubeflow/manifests), and istio-ls reads only
// their group and kind (a removed Istio group is IST0002). Composing their
// schemas dominated a whole-repository check, so before parsing every other
// line of such a document is blanked with spaces: the text keeps its length
// and line breaks, so every offset and line number stays that of the file.
// What is kept: the top-level keys apiVersion, kind, metadata and spec, the
// metadata's name and namespace, and the spec's group and names.kind. A
// document whose layout does not fit (a flow-style spec, tabs) is left whole.

const CRD_KIND = /^kind:[ \t]*(["']?)CustomResourceDefinition\1[ \t]*(#.*)?$/;
const DOC_MARKER = /^(---|\.\.\.)([ \t].*)?$/;
const KEY = /^( *)([A-Za-z][\w.-]*):(?:[ \t]|$)/;
const TOP_KEPT = new Set(['apiVersion', 'kind', 'metadata', 'spec']);

/** The text with the unread lines of every CustomResourceDefinition document blanked (same length). */
export function skimCustomResourceDefinitions(text: string): string {
  if (!text.includes('CustomResourceDefinition')) return text;
  const lines = text.split('\n');
  let changed = false;
  let start = 0;
  for (let i = 0; i <= lines.length; i++) {
    if (i < lines.length && !DOC_MARKER.test(lines[i])) continue;
    if (skimDocument(lines, start, i)) changed = true;
    start = i + 1;
  }
  return changed ? lines.join('\n') : text;
}

/** Blanks the unread lines of lines[from, to) when they are a CRD document; false when left as it is. */
function skimDocument(lines: string[], from: number, to: number): boolean {
  let isCrd = false;
  for (let i = from; i < to && !isCrd; i++) isCrd = CRD_KIND.test(lines[i].replace(/\r$/, ''));
  if (!isCrd) return false;
  const keep = new Set<number>();
  let top: string | undefined; // the top-level key the line is under
  let child = -1; // indentation of that key's children
  let names = -1; // indentation of spec.names' children, while under it
  for (let i = from; i < to; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (line.trim() === '' || /^\s*#/.test(line)) continue;
    if (/^\s*\t/.test(line)) return false;
    const m = KEY.exec(line);
    const indent = line.length - line.trimStart().length;
    if (indent === 0) {
      if (!m) return false; // a top-level line that is not a plain key: leave the document to the parser
      top = m[2];
      child = -1;
      names = -1;
      if (!TOP_KEPT.has(top)) continue;
      // A value on the line of spec (flow style) would be cut by the blanking.
      if (top === 'spec' && line.slice(m[0].length).trim() !== '' && !line.slice(m[0].length).trim().startsWith('#')) return false;
      keep.add(i);
      continue;
    }
    if (top !== 'metadata' && top !== 'spec') continue;
    if (child < 0) child = indent;
    if (names >= 0 && indent <= child) names = -1;
    if (indent === child && m) {
      const key = m[2];
      if ((top === 'metadata' && (key === 'name' || key === 'namespace')) || (top === 'spec' && (key === 'group' || key === 'names'))) keep.add(i);
      if (top === 'spec' && key === 'names' && line.slice(m[0].length).trim() === '') names = 0;
    } else if (names >= 0 && indent > child && m) {
      if (names === 0) names = indent;
      if (indent === names && m[2] === 'kind') keep.add(i);
    }
  }
  for (let i = from; i < to; i++) {
    if (keep.has(i)) continue;
    const line = lines[i];
    const cr = line.endsWith('\r');
    lines[i] = ' '.repeat(line.length - (cr ? 1 : 0)) + (cr ? '\r' : '');
  }
  return true;
}
