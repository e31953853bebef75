// The cross-file checks of AuthorizationPolicy, PeerAuthentication and RequestAuthentication (and the JWT claim routes that need one), in the order their findings are reported.
import type { WorkspaceAnalyzer } from './types';
import { customProvider } from './customProvider';
import { principalTrustDomain } from './principalTrustDomain';
import { requestPrincipalsWithoutJwt } from './requestPrincipalsWithoutJwt';
import { meshWidePolicy } from './meshWidePolicy';
import { portLevelMtlsServicePort } from './portLevelMtlsServicePort';
import { strictMtlsPlaintext } from './strictMtlsPlaintext';
import { policyIdentities } from './policyIdentities';
import { jwtClaimRoute } from './jwtClaimRoute';
import { authorizationPolicySelector, peerAuthenticationSelector, requestAuthenticationSelector } from './policySelector';

export const securityAnalyzers: WorkspaceAnalyzer[] = [authorizationPolicySelector, peerAuthenticationSelector, requestAuthenticationSelector, customProvider, principalTrustDomain, requestPrincipalsWithoutJwt, meshWidePolicy, portLevelMtlsServicePort, strictMtlsPlaintext, policyIdentities, jwtClaimRoute];
