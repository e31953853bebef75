// The cross-file checks of AuthorizationPolicy, PeerAuthentication and RequestAuthentication, in the order their findings are reported.
import type { WorkspaceAnalyzer } from './types';
import { customProvider } from './customProvider';
import { principalTrustDomain } from './principalTrustDomain';
import { requestPrincipalsWithoutJwt } from './requestPrincipalsWithoutJwt';
import { meshWidePolicy } from './meshWidePolicy';
import { portLevelMtlsServicePort } from './portLevelMtlsServicePort';
import { strictMtlsPlaintext } from './strictMtlsPlaintext';
import { policyIdentities } from './policyIdentities';
import { authorizationPolicySelector, peerAuthenticationSelector, requestAuthenticationSelector } from './policySelector';

export const securityAnalyzers: WorkspaceAnalyzer[] = [authorizationPolicySelector, peerAuthenticationSelector, requestAuthenticationSelector, customProvider, principalTrustDomain, requestPrincipalsWithoutJwt, meshWidePolicy, portLevelMtlsServicePort, strictMtlsPlaintext, policyIdentities];
