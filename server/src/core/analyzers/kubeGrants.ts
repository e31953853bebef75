// Cross-namespace references of the Gateway API (a route's backendRefs, a
// listener's certificateRefs) need a ReferenceGrant in the TARGET namespace
// whose `from` names the referring kind and namespace and whose `to` names
// the target kind (and, when written, its name). Without one Istio refuses
// the reference (RefNotPermitted; conversion.go, BackendAllowed/SecretAllowed).
// The grant is the target team's file: it is judged missing only where the
// workspace shows that namespace's grants or the target itself.
import type { Resource, StrRef } from '../model';
import type { Snapshot, Typed } from '../index/snapshot';
import type { ReferenceGrantData } from '../model';
import { GATEWAY_API_GROUP } from '../summary/extractGatewayApi';

/** The payload of a missing ReferenceGrant, for the create fix. */
export interface GrantMissing {
  kind: 'referenceGrantMissing';
  from: { group: string; kind: string; namespace: string };
  to: { group: string; kind: string; namespace: string; name: string };
}

export function grantAllows(snap: Snapshot, fromKind: string, fromNamespace: string, toGroup: string, toKind: string, toNamespace: string, toName: string): Typed<ReferenceGrantData> | undefined {
  return snap.members<Typed<ReferenceGrantData>>('refGrantNs', toNamespace).find(
    (g) => g.data.from.some((f) => f.group === GATEWAY_API_GROUP && f.kind === fromKind && f.namespace === fromNamespace) && g.data.to.some((t) => t.group === toGroup && t.kind === toKind && (t.name === undefined || t.name === toName)),
  );
}

/**
 * Is a reference from `owner` to `toNamespace` cross-namespace and without a
 * grant, as far as the workspace can tell? `targetKnown`: the target is in
 * the workspace with its namespace written, so its namespace's files are here.
 */
export function missingGrant(snap: Snapshot, owner: Resource, ns: StrRef | undefined, toGroup: string, toKind: string, toName: string, targetKnown: boolean): GrantMissing | undefined {
  if (!ns || ns.value === owner.namespace || owner.explicitNamespace === undefined) return undefined;
  if (grantAllows(snap, owner.kind, owner.namespace, toGroup, toKind, ns.value, toName)) return undefined;
  if (!targetKnown && snap.members<Typed<ReferenceGrantData>>('refGrantNs', ns.value).length === 0) return undefined;
  return { kind: 'referenceGrantMissing', from: { group: GATEWAY_API_GROUP, kind: owner.kind, namespace: owner.namespace }, to: { group: toGroup, kind: toKind, namespace: ns.value, name: toName } };
}
