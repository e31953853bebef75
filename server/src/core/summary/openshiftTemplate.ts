// An OpenShift Template (`oc process -f t.yaml -p APPS_NS=bookinfo | oc apply
// -f -`) holds its resources in `objects`, with `${PARAM}` values that are
// known only once processed. Each object is read as an unread document: its
// kind, and its namespace when written literally. A check that finds no
// RequestAuthentication, Gateway or Service in a namespace then says nothing
// while a Template may make one there, as for a skipped chart template.
import type { UnreadDocument } from '../model';
import { get, items, str } from '../parse/ast';
import { registersHosts } from './extractUnread';

export function templateObjects(doc: unknown): UnreadDocument[] {
  const apiVersion = str(get(doc, 'apiVersion'));
  // Before template.openshift.io, templates were served as `v1` (OpenShift 3).
  if (str(get(doc, 'kind')) !== 'Template' || !(apiVersion === 'v1' || apiVersion?.startsWith('template.openshift.io/'))) return [];
  return items(get(doc, 'objects')).map((object) => {
    const kind = str(get(object, 'kind'));
    const namespace = str(get(object, 'metadata', 'namespace'));
    const u: UnreadDocument = namespace && /^[a-z0-9][a-z0-9-]*$/.test(namespace) ? { namespace } : {};
    if (kind && !kind.includes('$')) {
      u.kind = kind;
      if (!registersHosts(kind)) u.registers = false;
    }
    return u;
  });
}
