// Reads the client's `istio.*` and `files.exclude` settings into core Settings,
// with the repository's `.istio-ls.yaml` on top (see RepositoryConfig below).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import type { Connection } from 'vscode-languageserver/node';
import { CONFIG_FILE_NAME, LineIndex, parseConfigFile, type Finding, type Settings } from '../core';
import { DEFAULT_EXCLUDES } from '../node/walk';
import { toDiagnostic } from './convert';

export interface ServerSettings {
  core: Partial<Settings>;
  excludes: string[];
}

export async function readSettings(connection: Connection, canAsk: boolean): Promise<ServerSettings> {
  if (!canAsk) return { core: {}, excludes: DEFAULT_EXCLUDES };
  try {
    const [istio, filesExclude] = (await connection.workspace.getConfiguration([{ section: 'istio' }, { section: 'files.exclude' }])) as [
      Record<string, unknown> | null,
      Record<string, boolean> | null,
    ];
    return fromObjects(istio ?? {}, filesExclude ?? {});
  } catch {
    return { core: {}, excludes: DEFAULT_EXCLUDES };
  }
}

export function fromObjects(istio: Record<string, unknown>, filesExclude: Record<string, boolean>): ServerSettings {
  const diagnostics = (istio.diagnostics ?? {}) as { severity?: Settings['severity'] };
  const core: Partial<Settings> = {};
  if (typeof istio.defaultNamespace === 'string') core.defaultNamespace = istio.defaultNamespace;
  if (istio.registry === 'complete' || istio.registry === 'partial') core.registry = istio.registry;
  if (Array.isArray(istio.knownHosts)) core.knownHosts = istio.knownHosts.map(String);
  if (Array.isArray(istio.knownGatewayLabels)) core.knownGatewayLabels = istio.knownGatewayLabels.map(String);
  if (istio.outboundTrafficPolicy === 'REGISTRY_ONLY' || istio.outboundTrafficPolicy === 'ALLOW_ANY') core.outboundTrafficPolicy = istio.outboundTrafficPolicy;
  if (diagnostics.severity && typeof diagnostics.severity === 'object') core.severity = diagnostics.severity;
  if (typeof istio.maxFileSize === 'number') core.maxFileSize = istio.maxFileSize;
  if (typeof istio.version === 'string') core.istioVersion = istio.version;
  const userExcludes = Array.isArray(istio.exclude) ? istio.exclude.map(String) : DEFAULT_EXCLUDES;
  const fromFiles = Object.entries(filesExclude)
    .filter(([, on]) => on === true)
    .map(([glob]) => glob);
  return { core, excludes: [...userExcludes, ...fromFiles] };
}

/**
 * The first workspace folder's `.istio-ls.yaml`, the file the CLI reads too,
 * so the editor and CI judge a repository alike. Its values win over the
 * editor's settings of the same name; its excludes add to the editor's. The
 * file is not indexed as a manifest: its own findings (ILS0010, ILS0011) are
 * published here, on it. A change to it on disk calls for `reload()`.
 */
export class RepositoryConfig {
  private editor: ServerSettings = { core: {}, excludes: DEFAULT_EXCLUDES };
  private publishedOn: string | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly folders: () => string[],
  ) {}

  /** The editor's settings with the configuration file's on top; remembers them for `reload()`. */
  merge(editor: ServerSettings): Promise<ServerSettings> {
    this.editor = editor;
    return this.reload();
  }

  /** Reads the file again (after it changed on disk) and merges it with the last editor settings. */
  async reload(): Promise<ServerSettings> {
    const editor = this.editor;
    // The file is settings, never a manifest: excluded from the scan in every folder.
    const excludes = [...editor.excludes, CONFIG_FILE_NAME];
    for (const folder of this.folders()) {
      const file = path.join(folder, CONFIG_FILE_NAME);
      let text: string;
      try {
        text = await fs.readFile(file, 'utf8');
      } catch {
        continue;
      }
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      const parsed = parseConfigFile(text);
      this.publish(URI.file(file).toString(), parsed.findings, text);
      return { core: { ...editor.core, ...parsed.settings }, excludes: [...excludes, ...parsed.exclude] };
    }
    this.publish(undefined, [], '');
    return { core: editor.core, excludes };
  }

  /** True for a workspace folder's `.istio-ls.yaml`. */
  isConfigFile(uri: string): boolean {
    if (!uri.startsWith('file:') || !uri.endsWith(CONFIG_FILE_NAME)) return false;
    const file = URI.parse(uri).fsPath;
    return this.folders().some((f) => path.join(f, CONFIG_FILE_NAME) === file);
  }

  /** Sends the file's findings (an empty list clears them), and clears a file published before. */
  private publish(uri: string | undefined, findings: Finding[], text: string): void {
    if (this.publishedOn && this.publishedOn !== uri) void this.connection.sendDiagnostics({ uri: this.publishedOn, diagnostics: [] });
    this.publishedOn = uri;
    if (!uri) return;
    const lines = new LineIndex(text);
    void this.connection.sendDiagnostics({ uri, diagnostics: findings.map((f) => toDiagnostic(f, lines, () => undefined)) });
  }
}
