// The rules of Istio's validation webhook, run per resource on the parsed
// document (pkg/config/validation). What the API server or the webhook refuses
// is an error on the exact key or value: the user would otherwise learn it from
// a failed `kubectl apply` (or a GitOps sync stuck on "denied the request").
// Shape errors (unknown fields, wrong types, enums) are the schema's (IST0106);
// these rules look only at well-typed values, so a value is never reported twice.
import type { Document } from 'yaml';
import type { Finding } from '../model';
import { Rules } from '../catalog';
import { Findings } from './report';
import { one, present, type At } from './nodes';
import { validateVirtualService } from './virtualService';
import { validateGateway } from './gateway';
import { validateDestinationRule } from './destinationRule';
import { validateServiceEntry } from './serviceEntry';
import { validateSidecar } from './sidecar';
import { validateAuthorizationPolicy } from './authorizationPolicy';
import { validatePeerAuthentication } from './peerAuthentication';
import { validateRequestAuthentication } from './requestAuthentication';

/** The rules these validators report. */
export const validationRules = [
  Rules.UnreachableRouteRule,
  Rules.IneffectiveRouteMatch,
  Rules.InvalidDuration,
  Rules.GatewayServerTls,
  Rules.SniHostNotInHosts,
  Rules.InvalidRouteDestination,
  Rules.InvalidRegex,
  Rules.InvalidHeader,
  Rules.PercentageOutOfRange,
  Rules.InvalidPort,
  Rules.SidecarEgressHost,
  Rules.ServiceEntryResolution,
  Rules.InvalidGatewayReference,
  Rules.RejectedByValidation,
  Rules.PolicyTargetRejected,
  Rules.AuthorizationRuleRejected,
  Rules.InvalidAuthorizationValue,
  Rules.JwtRuleRejected,
  Rules.PeerAuthenticationRejected,
  Rules.ValidationWarning,
  Rules.PrincipalWithSpiffePrefix,
] as const;

type Validator = (f: Findings, spec: At, namespace: string, root: At) => void;

const VALIDATORS: Record<string, Validator> = {
  VirtualService: validateVirtualService,
  Gateway: (f, spec) => validateGateway(f, spec),
  DestinationRule: validateDestinationRule,
  ServiceEntry: validateServiceEntry,
  Sidecar: (f, spec) => validateSidecar(f, spec),
  AuthorizationPolicy: (f, spec) => validateAuthorizationPolicy(f, spec),
  PeerAuthentication: (f, spec) => validatePeerAuthentication(f, spec),
  RequestAuthentication: (f, spec) => validateRequestAuthentication(f, spec),
};

/**
 * Webhook findings for one networking.istio.io or security.istio.io document. `schemaFindings` are
 * the document's IST0106 findings: rules about missing fields skip a mapping
 * with a misspelt key, so one typo is one finding.
 */
export function validateResource(doc: Document.Parsed, kind: string, namespace: string, resource: string, schemaFindings: Finding[] = []): Finding[] {
  const validate = VALIDATORS[kind];
  if (!validate) return [];
  const root: At = { node: doc.contents, path: [] };
  const spec = one(root, 'spec');
  if (!present(spec)) return [];
  const unknown = schemaFindings.filter((x) => x.code === 'IST0106' && x.data?.kind === 'unknownField').map((x) => x.span);
  const f = new Findings(resource, unknown);
  // The spec, with paths counted from it (a plain object: spreading the class instance is a slow copy).
  validate(f, { node: spec.node, pair: spec.pair, via: spec.via, path: [] }, namespace, root);
  return f.out;
}
