// Which DestinationRules a proxy applies to a host, as istiod chooses them
// (pilot/pkg/model/push_context.go, setDestinationRules and destinationRule):
//   1. the rules of the client's own namespace, if one matches the host
//      (for a client in the root namespace: the root namespace's private rules);
//   2. else the rules the host's namespace exports to the client;
//   3. else the rules the root namespace (meshConfig.rootNamespace) exports to it.
// Within a namespace only the most specific host matches (an exact host beats
// `*.example.com`, which beats `*.com`), and only the rules of that one host and
// namespace are merged. No other namespace is consulted: a client-namespace
// rule without a subset hides a root-namespace rule that has it.
import type { DestinationRuleData } from '../model';
import type { Snapshot, Typed } from '../index/snapshot';
import { clusterNamespace, covers, fqdn, isClusterLocal, isWildcard, specificity, visibleTo } from '../hosts';

export type Rule = Typed<DestinationRuleData>;

export interface RuleChoice {
  /** The namespace whose rules apply. */
  namespace: string;
  /** Its rules for the most specific matching host, merged by Istio. */
  rules: Rule[];
  /** Which step of the lookup found them. */
  step: 'client' | 'service' | 'root';
}

/**
 * The rules a client in namespace `client` gets for `host`; undefined when
 * none applies; 'unknown' when the answer depends on resources outside the
 * workspace (the host's namespace cannot be told and some namespace other
 * than the client's and the root's exports a rule for it).
 */
export function destinationRuleFor(snap: Snapshot, host: string, client: string): RuleChoice | 'unknown' | undefined {
  // Asked for every route destination and client: made once per snapshot, client namespace and host.
  return snap.derived('drFor', client, host, (s) => choose(s, host, client));
}

function choose(snap: Snapshot, host: string, client: string): RuleChoice | 'unknown' | undefined {
  const candidates = snap.destinationRulesCovering(host);
  if (candidates.length === 0) return undefined;
  const root = snap.rootNamespace;
  const byNs = new Map<string, Rule[]>();
  // A rule of a base that overlays place in several namespaces is in each of them (kustomize/placement.ts).
  for (const dr of candidates) {
    for (const ns of dr.namespaces ?? [dr.namespace]) {
      const list = byNs.get(ns);
      if (list) list.push(dr);
      else byNs.set(ns, [dr]);
    }
  }
  // 1. The client's namespace (the root namespace looks at its private rules here; its exported ones come last).
  const own = (byNs.get(client) ?? []).filter((dr) => (client === root ? privateOnly(dr, client) : localTo(dr, client)));
  const first = mostSpecific(own, host, client);
  if (first.length) return { namespace: client, rules: first, step: 'client' };
  // 2. The host's namespace, for the rules it exports to the client.
  const service = serviceNamespace(snap, host, client);
  if (service === undefined) {
    const elsewhere = [...byNs.keys()].some((ns) => ns !== client && ns !== root && exportedTo(byNs.get(ns)!, ns, host, client).length > 0);
    if (elsewhere) return 'unknown';
  } else if (service !== client) {
    const rules = exportedTo(byNs.get(service) ?? [], service, host, client);
    if (rules.length) return { namespace: service, rules, step: 'service' };
  }
  // 3. The root namespace's exported rules.
  const fromRoot = exportedTo(byNs.get(root) ?? [], root, host, client);
  if (fromRoot.length) return { namespace: root, rules: fromRoot, step: 'root' };
  return undefined;
}

/** The rules of namespace `ns`'s exported pool for the most specific host, kept when exported to the client. */
function exportedTo(rules: Rule[], ns: string, host: string, client: string): Rule[] {
  return mostSpecific(rules.filter((dr) => !privateOnly(dr, ns)), host, ns).filter((dr) => visibleTo(dr.data.exportTo, ns, client));
}

/** In namespace `ns`'s local pool: exported to `.`, `*`, its own namespace, or by default; a rule with a workloadSelector always. */
function localTo(dr: Rule, ns: string): boolean {
  const e = dr.data.exportTo;
  if (dr.data.workloadSelector || !e || e.length === 0) return true;
  return e.includes('*') || e.includes('.') || e.includes(ns);
}

/** Never exported beyond namespace `ns`: a workloadSelector, or exportTo of only `.` (or that namespace). */
function privateOnly(dr: Rule, ns: string): boolean {
  const e = dr.data.exportTo;
  if (dr.data.workloadSelector) return true;
  return !!e && e.length === 1 && (e[0] === '.' || e[0] === ns);
}

/** The rules (of namespace `ns`) whose host is the most specific match for `host` (MostSpecificHostMatch). */
function mostSpecific(rules: Rule[], host: string, ns: string): Rule[] {
  let best = -1;
  let out: Rule[] = [];
  for (const dr of rules) {
    const h = fqdn(dr.data.host!.value, ns);
    if (!covers(h, host)) continue;
    const score = specificity(h);
    if (score > best) {
      best = score;
      out = [dr];
    } else if (score === best) out.push(dr);
  }
  return out;
}

/**
 * The namespace of the service behind `host` as the client sees it: the
 * namespace part of an in-cluster host, else the one namespace of the
 * ServiceEntries visible to the client that register it; undefined when that
 * cannot be told from the workspace.
 */
export function serviceNamespace(snap: Snapshot, host: string, client: string): string | undefined {
  if (isWildcard(host)) return undefined;
  if (isClusterLocal(host)) return clusterNamespace(host);
  const namespaces = new Set(snap.lookupHost(host, client).serviceEntries.map((se) => se.namespace));
  return namespaces.size === 1 ? [...namespaces][0] : undefined;
}

/** `Kind ns/name` list of rules, for messages. */
export function ruleNames(rules: Rule[]): string {
  return rules.map((dr) => `${dr.namespace}/${dr.name}`).join(', ');
}
