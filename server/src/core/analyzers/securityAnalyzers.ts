// The cross-file checks of AuthorizationPolicy, PeerAuthentication and RequestAuthentication, in the order their findings are reported.
import type { WorkspaceAnalyzer } from './types';
import { authorizationPolicySelector, peerAuthenticationSelector, requestAuthenticationSelector } from './policySelector';

export const securityAnalyzers: WorkspaceAnalyzer[] = [authorizationPolicySelector, peerAuthenticationSelector, requestAuthenticationSelector];
