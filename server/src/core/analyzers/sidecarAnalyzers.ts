// Cross-file analyzers of Sidecar scope and ambient mode, in report order.
import type { WorkspaceAnalyzer } from './types';
import { sidecarSelectorConflict } from './sidecarSelectorConflict';
import { sidecarNamespaceDefault } from './sidecarNamespaceDefault';
import { sidecarEgressImport } from './sidecarEgressImport';
import { sidecarInAmbient } from './sidecarInAmbient';
import { envoyFilterInAmbient } from './envoyFilterInAmbient';
import { ambientHttpPolicy } from './ambientHttpPolicy';
import { authorizationWithoutWaypoint, requestAuthenticationWithoutWaypoint, routeWithoutWaypoint } from './routeWithoutWaypoint';
import { namespaceWaypoint, serviceEntryWaypoint, serviceWaypoint, workloadEntryWaypoint, workloadWaypoint } from './waypointReference';

export const sidecarAnalyzers: WorkspaceAnalyzer[] = [sidecarSelectorConflict, sidecarNamespaceDefault, sidecarEgressImport, sidecarInAmbient, envoyFilterInAmbient, ambientHttpPolicy, routeWithoutWaypoint, authorizationWithoutWaypoint, requestAuthenticationWithoutWaypoint,
  namespaceWaypoint, serviceWaypoint, serviceEntryWaypoint, workloadWaypoint, workloadEntryWaypoint,
];
