// What a document that could not be read (template syntax, a broken
// document) may still add to the cluster, read from its raw text: whether it
// may define a Service, a pod or a ServiceEntry, and the namespace it names
// literally. The registry checks then know that this namespace (or, without
// a literal namespace, any namespace) may hold more than the workspace shows.
// Its literal kind too: a check that finds no DestinationRule, Gateway or
// RequestAuthentication says nothing while a skipped document may be one. A
// templated Argo CD Application or ApplicationSet, Flux HelmRelease or k3s
// HelmChart installs into a namespace nobody can tell.
import type { UnreadDocument } from '../model';

// Kinds that register hosts or run pods; a templated kind may be any of them.
const REGISTERING_KINDS = 'Service|ServiceEntry|Deployment|StatefulSet|DaemonSet|ReplicaSet|Pod|Job|CronJob|Rollout|IstioOperator|IstioMeshGateway|WorkloadEntry';
const REGISTERING = new RegExp(`^kind:[ \\t]*["']?(${REGISTERING_KINDS})["']?[ \\t]*(#.*)?$`, 'm');
const REGISTERING_KIND = new RegExp(`^(${REGISTERING_KINDS})$`);

/** Does a resource of this kind register hosts or run pods? */
export function registersHosts(kind: string): boolean {
  return REGISTERING_KIND.test(kind);
}

const TEMPLATED_KIND = /^kind:[ \t]*["']?\{\{/m;
const NAMESPACE = /^[ \t]+namespace:[ \t]*["']?([a-z0-9][a-z0-9-]*)["']?[ \t]*(#.*)?$/m;
const KIND = /^kind:[ \t]*["']?([A-Za-z][A-Za-z0-9]*)["']?[ \t]*(#.*)?$/m;
// GitOps kinds that install charts or paths into a namespace their own `metadata.namespace` does not name.
const DEPLOYING = /^kind:[ \t]*["']?(Application|ApplicationSet|HelmRelease|HelmChart)["']?[ \t]*(#.*)?$/m;

/** The unread documents of a text (split at `---` lines) that may register hosts or workloads, or name a kind. */
export function unreadDocuments(text: string): UnreadDocument[] {
  const out: UnreadDocument[] = [];
  for (const doc of text.split(/^---.*$/m)) {
    const registers = REGISTERING.test(doc) || TEMPLATED_KIND.test(doc);
    const kind = KIND.exec(doc)?.[1];
    if (!registers && !kind) continue;
    if (DEPLOYING.test(doc)) {
      out.push({ kind: kind! });
      continue;
    }
    // A namespace written as a template (`{{ .Release.Namespace }}`) is unknown.
    const ns = NAMESPACE.exec(doc)?.[1];
    const u: UnreadDocument = ns ? { namespace: ns } : {};
    if (kind) u.kind = kind;
    if (!registers) u.registers = false;
    out.push(u);
  }
  return out;
}
