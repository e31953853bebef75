// Cross-file analyzers, in the order their findings are reported.
import type { WorkspaceAnalyzer } from './types';
import { gatewayBinding } from './gatewayBinding';
import { gatewaySelector } from './gatewaySelector';
import { meshHostConflict } from './meshHostConflict';
import { gatewayHostConflict } from './gatewayHostConflict';
import { egressWithoutMesh } from './egressWithoutMesh';
import { gatewayConflict } from './gatewayConflict';
import { gatewayServicePort } from './gatewayServicePort';
import { egressBypass } from './egressBypass';
import { destinationHosts } from './destinationHosts';
import { destinationSubsets } from './destinationSubsets';
import { destinationPort } from './destinationPort';
import { destinationRuleHost } from './destinationRuleHost';
import { subsetLabels } from './subsetLabels';
import { destinationRuleMerge } from './destinationRuleMerge';
import { serviceEntryProtocol } from './serviceEntryProtocol';
import { gatewayVisibility } from './gatewayVisibility';
import { gatewayCredential } from './gatewayCredential';
import { sidecarAnalyzers } from './sidecarAnalyzers';
import { securityAnalyzers } from './securityAnalyzers';
import { kubeParentRefs } from './kubeParentRefs';
import { kubeBackendRefs } from './kubeBackendRefs';
import { kubeCertificateRefs } from './kubeCertificateRefs';
import { kubeGatewayListeners } from './kubeGatewayListeners';
import { kubeMixedApis } from './kubeMixedApis';
import { kubeGrantUse } from './kubeGrantUse';

export const workspaceAnalyzers: WorkspaceAnalyzer[] = [gatewayBinding, gatewaySelector, meshHostConflict, gatewayHostConflict, egressWithoutMesh, gatewayConflict, gatewayServicePort, egressBypass, destinationHosts, destinationSubsets, destinationPort, destinationRuleHost, subsetLabels, destinationRuleMerge, serviceEntryProtocol, gatewayVisibility, gatewayCredential, ...sidecarAnalyzers, ...securityAnalyzers, kubeParentRefs, kubeBackendRefs, kubeCertificateRefs, kubeGatewayListeners, kubeMixedApis, kubeGrantUse];
