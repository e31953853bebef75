// Files kept side by side as alternatives. A directory in which two files
// define the same resource (kind, namespace and name) holds versions of it,
// applied one at a time: a tutorial's step files (redhat-scholars/
// istio-tutorial keeps twenty versions of its recommendation VirtualService
// in istiofiles/, beside the other steps' resources). The cluster holds one
// version, and the step files are not applied together, so resources of two
// files of such a directory never conflict with each other; they still do
// with other directories. Kustomize and GitOps builds decide for themselves.
import type { Resource } from '../model';
import type { Snapshot } from '../index/snapshot';

function dirOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/') + 1);
}

/** `a` and `b` are in two files of one directory that holds versions of some resource. Read only on the way to a finding. */
export function alternatives(snap: Snapshot, a: Resource, b: Resource): boolean {
  if (a.uri === b.uri || a.builds || b.builds) return false;
  const dir = dirOf(a.uri);
  if (dir !== dirOf(b.uri)) return false;
  const resources = snap.resources;
  return snap.shared(`versions:${dir}`, () => holdsVersions(resources, dir));
}

function holdsVersions(resources: readonly Resource[], dir: string): boolean {
  const first = new Map<string, string>();
  for (const r of resources) {
    if (r.builds || dirOf(r.uri) !== dir) continue;
    const key = `${r.kind}/${r.namespace}/${r.name}`;
    const uri = first.get(key);
    if (uri === undefined) first.set(key, r.uri);
    else if (uri !== r.uri) return true;
  }
  return false;
}
