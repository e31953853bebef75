// ILS0816 (information): a ReferenceGrant that allows nothing. A grant lives
// in the namespace of the objects it opens and names the namespaces whose
// routes or Gateways may reference them (kubernetes-sigs/gateway-api
// apis/v1beta1/referencegrant_types.go; Istio checks it in
// pilot/pkg/config/kube/gateway/conversion.go, BackendAllowed/SecretAllowed).
// A `from` entry naming the grant's own namespace opens nothing, since a
// reference within one namespace needs no grant: the usual sign of a grant
// written in the referring namespace instead of the target's, where the
// cross-namespace reference stays refused (RefNotPermitted). A grant no
// reference of the workspace uses is reported only where the workspace holds
// every referring kind of every `from` namespace: a team may reference it
// from another repository.
import type { ObjectRef, ReferenceGrantData, Resource } from '../model';
import { Rules } from '../catalog';
import type { Snapshot } from '../index/snapshot';
import { GATEWAY_API_GROUP } from '../summary/extractGatewayApi';
import { finding, perResource, related } from './types';

const REFERRERS = new Set(['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute', 'Gateway', 'ListenerSet']);

/** A cross-namespace reference: the route, Gateway or ListenerSet that holds it, and the reference. */
interface Reference {
  owner: Resource;
  ref: ObjectRef;
}

export const kubeGrantUse = perResource({
  rules: [Rules.ReferenceGrantUnused],
  kind: 'ReferenceGrant',
  check(grant, snap, report) {
    if (grant.explicitNamespace === undefined) return; // its namespace is chosen at apply time
    const ns = grant.namespace;
    for (const f of grant.data.from) {
      if (f.namespace !== ns) continue;
      report(grant.uri, finding(Rules.ReferenceGrantUnused, grant, f.namespaceSpan ?? f.span, `This entry allows nothing: references within namespace ${ns} need no ReferenceGrant. A grant goes in the namespace of the referenced objects and names the referring namespace.`));
    }
    const froms = grant.data.from.filter((f) => f.namespace !== ns);
    if (froms.length === 0 || froms.some((f) => f.group !== GATEWAY_API_GROUP || !REFERRERS.has(f.kind))) return;
    const refs = references(snap, ns);
    if (refs.some((r) => allows(grant.data, r))) return;
    // Only where the referring side is in view: resources of each `from` kind in each `from` namespace.
    const visible = froms.every((f) => snap.members('namespace', f.namespace).some((o) => o.kind === f.kind && o.explicitNamespace !== undefined && (o.data.kind === 'KubeRoute' || o.data.kind === 'KubeGateway' || o.data.kind === 'KubeListenerSet')));
    if (!visible) return;
    const from = froms.map((f) => `${f.kind}s of ${f.namespace}`).join(', ');
    const to = grant.data.to.map((t) => `${t.kind}${t.name ? ` ${t.name}` : 's'}`).join(', ');
    const near = refs.filter((r) => froms.some((f) => f.namespace === r.owner.namespace)).slice(0, 3);
    report(grant.uri, finding(Rules.ReferenceGrantUnused, grant, grant.nameSpan ?? grant.span, `ReferenceGrant allows nothing the workspace uses: no ${from} references ${to} in namespace ${ns}.`, {
      related: near.map((r) => related(r.owner, `${r.owner.kind} ${r.owner.namespace}/${r.owner.name} references ${r.ref.kind} ${r.ref.name.value} of ${ns}`, r.ref.span)),
    }));
  },
});

/** The cross-namespace backendRefs and certificateRefs into `ns`. */
function references(snap: Snapshot, ns: string): Reference[] {
  const out: Reference[] = [];
  const into = (ref: ObjectRef, owner: Resource) => {
    if (ref.namespace?.value === ns && owner.namespace !== ns) out.push({ owner, ref });
  };
  for (const r of snap.members('kubeRefNs', ns)) {
    if (r.data.kind === 'KubeRoute') for (const b of r.data.backendRefs) into(b, r);
    else if (r.data.kind === 'KubeGateway' || r.data.kind === 'KubeListenerSet') for (const l of r.data.listeners) for (const c of l.certificateRefs) into(c, r);
  }
  return out;
}

function allows(grant: ReferenceGrantData, r: Reference): boolean {
  return grant.from.some((f) => f.group === GATEWAY_API_GROUP && f.kind === r.owner.kind && f.namespace === r.owner.namespace) &&
    grant.to.some((t) => t.group === r.ref.group && t.kind === r.ref.kind && (t.name === undefined || t.name === r.ref.name.value));
}
