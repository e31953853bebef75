// Cross-file analyzers of Sidecar scope and ambient mode, in report order.
import type { WorkspaceAnalyzer } from './types';
import { sidecarSelectorConflict } from './sidecarSelectorConflict';
import { sidecarNamespaceDefault } from './sidecarNamespaceDefault';
import { sidecarEgressImport } from './sidecarEgressImport';
import { sidecarInAmbient } from './sidecarInAmbient';

export const sidecarAnalyzers: WorkspaceAnalyzer[] = [sidecarSelectorConflict, sidecarNamespaceDefault, sidecarEgressImport, sidecarInAmbient];
