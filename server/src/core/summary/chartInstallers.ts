// Chart installers that are not Kubernetes objects: helmfile's `helmfile.yaml`
// (`releases[]`: a chart into a namespace) and Rancher Fleet's `fleet.yaml`
// (`helm:` with `namespace` or `defaultNamespace`). What they install is not in
// the workspace, so the namespaces they install into may hold Services nobody
// sees, as for a HelmRelease: they are listed as unread documents of that
// namespace (any namespace when it is not written, or templated). A plain file
// of a chart's `templates/` that names no namespace goes to its release's
// namespace, which is not known here either.
import type { Document } from 'yaml';
import type { Resource, UnreadDocument } from '../model';
import { get, items, str } from '../parse/ast';

const HELMFILE = /(^|\/)(helmfile\.ya?ml|helmfile\.d\/[^/]+\.ya?ml)$/;
const FLEET = /(^|\/)fleet\.ya?ml$/;

const literal = (v: string | undefined) => (v && !v.includes('{{') ? v : undefined);

/** The namespaces a helmfile or fleet.yaml installs charts into, as unread documents; undefined for other files. */
export function chartInstalls(uri: string, docs: readonly Document.Parsed[]): UnreadDocument[] | undefined {
  if (HELMFILE.test(uri)) {
    const out: UnreadDocument[] = [];
    for (const doc of docs) {
      const defaults = literal(str(get(doc.contents, 'helmDefaults', 'namespace')));
      for (const release of items(get(doc.contents, 'releases'))) {
        const namespace = literal(str(get(release, 'namespace'))) ?? defaults;
        out.push(namespace ? { namespace } : {});
      }
    }
    return out.length ? out : undefined;
  }
  if (FLEET.test(uri)) {
    const root = docs[0]?.contents;
    if (get(root, 'helm') === undefined) return undefined;
    const namespace = literal(str(get(root, 'namespace'))) ?? literal(str(get(root, 'defaultNamespace')));
    return [namespace ? { namespace } : {}];
  }
  return undefined;
}

/**
 * A plain file of a Helm chart's `templates/` directory: what names no namespace goes to the release's
 * namespace, with the Services of the other charts installed there, so the namespace it is assumed in
 * (`defaultNamespace`) is not known to be complete.
 */
export function chartTemplateNamespace(uri: string, resources: readonly Resource[], defaultNamespace: string): UnreadDocument[] | undefined {
  if (!uri.includes('/templates/') || !resources.some((r) => r.explicitNamespace === undefined && r.kind !== 'Namespace')) return undefined;
  return [{ namespace: defaultNamespace }];
}
