// The `file:` URI of an absolute path, as vscode-uri writes it (URI.file(p).toString()), without its
// parsing and per-character encoding for the common path that needs no escaping: the scan makes one
// per file of the workspace.
import { URI } from 'vscode-uri';

// Characters vscode-uri leaves as they are in a path (unreserved, and the separator).
const PLAIN = /^\/[A-Za-z0-9._~/-]*$/;

export function fileUri(file: string): string {
  return PLAIN.test(file) && !file.startsWith('//') ? 'file://' + file : URI.file(file).toString();
}
