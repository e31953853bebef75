// Reads the client's `istio.*` and `files.exclude` settings into core Settings.
import type { Connection } from 'vscode-languageserver/node';
import type { Settings } from '../core';
import { DEFAULT_EXCLUDES } from '../node/walk';

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
