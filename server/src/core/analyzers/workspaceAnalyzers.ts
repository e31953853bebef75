// Cross-file analyzers, in the order their findings are reported.
import type { WorkspaceAnalyzer } from './types';
import { gatewayBinding } from './gatewayBinding';
import { destinationHosts } from './destinationHosts';
import { destinationSubsets } from './destinationSubsets';

export const workspaceAnalyzers: WorkspaceAnalyzer[] = [gatewayBinding, destinationHosts, destinationSubsets];
