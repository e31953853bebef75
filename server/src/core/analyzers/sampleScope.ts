// What a resource can count on in a workspace that is a collection of samples
// (kustomize/sampleUnits.ts): the Services that vouch for a namespace's
// registry and the mesh configs that may apply are those of its own sample,
// of its kustomize or GitOps build, or of files in no collection (a sample's
// mesh config applies to that sample alone).
import type { MeshSecurity, Resource } from '../model';
import type { Snapshot } from '../index/snapshot';
import { appliedTogether, coexist, sameSampleUnit, sampleUnit } from '../kustomize/sampleUnits';

/**
 * The workspace declares a Service in `namespace` (known namespace) that
 * vouches for it to `viewer`: for a resource of a sample, only a Service of
 * that same sample (files in no collection are shared, but a sample that
 * declares none of a namespace's Services relies on them coming from
 * elsewhere); for a resource in no collection, any Service.
 */
export function hasServiceFor(snap: Snapshot, namespace: string, viewer: Resource | undefined): boolean {
  const members = snap.members('explicitServiceNs', namespace);
  return viewer === undefined ? members.length > 0 : members.some((s) => vouches(s, viewer));
}

/**
 * Some Service without a namespace (`kubectl apply -n`) vouches for the namespace-less resources to `viewer`.
 * `-n` holds for one command: only a Service that one `kubectl apply -n … -f <dir>` (or `-R`) would apply with
 * the viewer counts, one in the viewer's directory, above it or below it. A namespace-less Service in a sibling
 * tree goes wherever its own command puts it.
 */
export function hasImplicitServiceFor(snap: Snapshot, viewer: Resource): boolean {
  return snap.members('implicitService', '').some((s) => vouches(s, viewer) && appliedTogether(s.uri, viewer.uri));
}

/**
 * A Service without a namespace named `name`: `kubectl apply -n X` can put it in any namespace, so a host
 * `name.X` may be it, wherever its file is (christian-posta/istio-demos keeps its apps in a shared folder and
 * applies them with `-n istioinaction` for demos whose resources name the namespace).
 */
export function implicitServiceNamed(snap: Snapshot, name: string): boolean {
  return snap.members('implicitService', '').some((s) => s.name === name);
}

/**
 * A Service named `name` with a namespace, of the viewer's sample: a namespace-less resource that names it by
 * its short name may be applied there (`kubectl apply -n bookinfo`), as its Gateway references may (gatewayBinding.ts).
 */
export function explicitServiceNamed(snap: Snapshot, name: string, viewer: Resource): boolean {
  for (const [host, list] of snap.services) {
    if (host.startsWith(`${name}.`) && list.some((s) => s.name === name && s.explicitNamespace !== undefined && vouches(s, viewer))) return true;
  }
  return false;
}

/** A Secret that counts for a Gateway: applied with it, and in its namespace (one that names none only when one `kubectl apply -n` applies both). */
export function secretDeclaredWith(secret: Resource, gateway: Resource): boolean {
  return coexist(secret, gateway) && (secret.explicitNamespace !== undefined || appliedTogether(secret.uri, gateway.uri));
}

function vouches(service: Resource, viewer: Resource): boolean {
  const unit = sampleUnit(viewer.uri);
  return unit === '' ? sameSampleUnit(service.uri, viewer.uri) : sampleUnit(service.uri) === unit;
}

/**
 * Every mesh config that may apply together with `viewer`, kustomize patches
 * of the `istio` ConfigMap included: a check that needs a setting absent from
 * all of them may report; one present in any of them says nothing.
 */
export function meshSecurityFor(snap: Snapshot, viewer: Resource): { resource: Resource; security: MeshSecurity }[] {
  const out: { resource: Resource; security: MeshSecurity }[] = [];
  for (const r of snap.members('meshSecurity', '')) {
    const d = r.data;
    // A sample's mesh config (an IstioOperator in an Istio release's samples/) is that sample's cluster, not the files in no collection.
    const unit = sampleUnit(r.uri);
    if (unit !== '' && !(r.builds && viewer.builds) && unit !== sampleUnit(viewer.uri)) continue;
    if ((d.kind === 'MeshConfig' || d.kind === 'Deploy') && d.security && coexist(r, viewer)) out.push({ resource: r, security: d.security });
  }
  return out;
}
