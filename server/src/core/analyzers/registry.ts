// The table of analyzers. Resource analyzers run inside
// summarize (once per file change); workspace analyzers run over a snapshot.
import type { Finding, Resource } from '../model';
import type { ResourceAnalyzer, WorkspaceAnalyzer } from './types';
import { apiVersionV1 } from './apiVersionV1';
import { tlsOrigination } from './tlsOrigination';
import { wildcardDnsServiceEntry } from './wildcardDnsServiceEntry';
import { serviceEntryExportTo } from './serviceEntryExportTo';
import { sidecarBypass } from './sidecarBypass';
import { meshGatewayPort } from './meshGatewayPort';
import { meshWildcardHost } from './meshWildcardHost';
import { matchGatewayNotListed } from './matchGatewayNotListed';
import { internalGatewayRef } from './internalGatewayRef';
import { namespaceInjectionLabels } from './namespaceInjectionLabels';
import { kubeRouteVersion } from './kubeRouteVersion';
import { ruleShadowing } from './routeShadowing';
import { workspaceAnalyzers } from './workspaceAnalyzers';

export const resourceAnalyzers: ResourceAnalyzer[] = [
  apiVersionV1,
  tlsOrigination,
  wildcardDnsServiceEntry,
  serviceEntryExportTo,
  sidecarBypass,
  meshGatewayPort,
  meshWildcardHost,
  matchGatewayNotListed,
  internalGatewayRef,
  namespaceInjectionLabels,
  kubeRouteVersion,
  ruleShadowing,
];

export { workspaceAnalyzers };
export type { WorkspaceAnalyzer };

export function runResourceAnalyzers(resource: Resource): Finding[] {
  const out: Finding[] = [];
  for (const a of resourceAnalyzers) out.push(...a.analyze(resource));
  return out;
}

