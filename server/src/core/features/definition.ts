// Go to definition: a gateway reference goes to the Gateway, a host to the
// Service or ServiceEntry that defines it, a destination subset to the subset
// entry of its DestinationRule, a Gateway's credentialName to the Secret (or
// the Certificate that makes it). A definition answers with itself.
import type { Snapshot } from '../index/snapshot';
import { innerSpan, type Reference } from './referenceAt';
import { credentialTargets, gatewayTargets, hostDefinitions, subsetRules, type Location } from './referenceTargets';
import { kubeDefinition, vsKubeGateway } from './kubeNavigation';

export function findDefinition(snap: Snapshot, ref: Reference): Location[] {
  switch (ref.kind) {
    case 'gateway':
    case 'subset':
      return [{ uri: ref.resource.uri, span: ref.span }];
    case 'gatewayRef':
      return [...gatewayTargets(snap, ref), ...[vsKubeGateway(snap, ref)].filter((g) => !!g)].map((gw) => ({ uri: gw!.uri, span: gw!.nameSpan ? innerSpan({ value: gw!.name, span: gw!.nameSpan }) : gw!.span }));
    case 'host':
      return ref.role === 'service' ? [{ uri: ref.resource.uri, span: ref.span }] : hostDefinitions(snap, ref.host, ref.resource.namespace);
    case 'subsetRef':
      return subsetRules(snap, ref).map((d) => ({ uri: d.dr.uri, span: innerSpan(d.subset.name) }));
    case 'secret':
      return [{ uri: ref.resource.uri, span: ref.span }];
    case 'credential':
      return credentialTargets(snap, ref.resource, ref.ref.value).map((r) => ({ uri: r.uri, span: r.nameSpan ? innerSpan({ value: r.name, span: r.nameSpan }) : r.span }));
    default:
      return kubeDefinition(snap, ref);
  }
}
