// IST0101 (subset not found). A route to a subset needs, for every proxy that
// applies the route, a DestinationRule for the destination host that defines
// the subset, found the way istiod finds it (destinationRuleLookup.ts: the
// client's namespace first, then the host's namespace, then the root
// namespace; nothing merges across namespaces). Otherwise Envoy has no cluster
// for host+subset and every request on that route fails with 503 (NR / "no
// healthy upstream"). The proxies are the sidecars of the VirtualService's
// namespace for `mesh` and the gateway proxies of each bound Gateway, in their
// workload's namespace (gatewayProxies.ts). A rule that hides another one
// that has the subset (a client-namespace rule in front of the root
// namespace's) is named with both in related information. Where the answer
// depends on rules outside the workspace nothing is reported, nor where a
// rule without a namespace that defines the subset may be applied in the
// host's namespace (`kubectl apply -n`).
import type { DestinationRuleData, Destination, Finding, VirtualServiceData } from '../model';
import { appliedTogether } from '../kustomize/sampleUnits';
import { Rules } from '../catalog';
import type { Snapshot, Typed } from '../index/snapshot';
import { fqdn, isClusterLocal, visibleTo } from '../hosts';
import { finding, related, perResource } from './types';
import { destinationRuleFor, ruleNames, type Rule, type RuleChoice } from './destinationRuleLookup';
import { describeClient, routeClients, type RouteClient } from './gatewayProxies';
import { shouldCheckHost } from './destinationHosts';

/** The payload of a subset-not-found finding, for the subset fixes: the DestinationRule to add it to, when there is one. */
export interface SubsetNotFound {
  kind: 'subsetNotFound';
  host: string;
  subset: string;
  namespace: string;
  destinationRule?: string;
  uri?: string;
}

export const destinationSubsets = perResource({
  rules: [Rules.ReferencedResourceNotFound],
  kind: 'VirtualService',
  check(vs, snap, report) {
    for (const route of vs.data.routes) {
      const clients = routeClients(snap, vs, route);
      for (const d of route.destinations) {
        if (!d.subset) continue;
        const f = checkSubset(snap, vs, d, clients);
        if (f) report(vs.uri, f);
      }
    }
  },
});

function checkSubset(snap: Snapshot, vs: Typed<VirtualServiceData>, d: Destination, clients: RouteClient[]): Finding | undefined {
  const host = fqdn(d.host.value, vs.namespace);
  // An unregistered host is the root cause, reported once on the host (destinationHosts.ts): no follow-on for its subset.
  const registered = host.includes('*') || snap.isRegistered(host, vs.namespace);
  if (!registered && shouldCheckHost(snap, host, vs, d.host.value)) return undefined;
  // Neither the host nor any rule for it is in the workspace: both come from elsewhere (a tutorial applies Istio's
  // bookinfo samples for them), so its subsets cannot be judged.
  // So do a host known only through a Service that names no namespace and is not applied with the route (another
  // folder's bookinfo.yaml, applied with its own `kubectl apply -n`) and no rule for it.
  const services = snap.services.get(host) ?? [];
  const vouched = registered && !(services.length > 0 && services.every((svc) => svc.explicitNamespace === undefined && !appliedTogether(svc.uri, vs.uri)));
  if (!vouched && snap.destinationRulesCovering(host).length === 0 && implicitRules(snap, host).length === 0) return undefined;
  const subset = d.subset!.value;
  const defines = (dr: Rule) => dr.data.subsets.some((s) => s.name.value === subset);
  // Bound only to Gateways outside the workspace: judge from the VirtualService's namespace, and only when no rule anywhere has the subset.
  const judged = clients.length ? clients : [{ namespace: vs.namespace, known: true } as RouteClient];
  const definedSomewhere = snap.destinationRulesCovering(host).filter(defines);
  if (!clients.length && definedSomewhere.length) return undefined;
  // A mesh route of the root namespace (mesh-wide configuration) reaches the sidecars of every namespace it is
  // exported to, and so does one whose exportTo names other namespaces: where a rule of such a namespace has the
  // subset, its sidecars get it (push_context.go takes the client's own namespace first). Elsewhere the route is
  // judged for its own namespace's sidecars, as a rule kept in an unrelated namespace is never consulted.
  const meshWide = vs.namespace === snap.rootNamespace || (vs.data.exportTo ?? []).some((e) => e !== '.' && e !== '*' && e !== vs.namespace);
  const reachedElsewhere =
    meshWide && definedSomewhere.some((dr) => (dr.namespaces ?? [dr.namespace]).some((ns) => ns !== vs.namespace && visibleTo(vs.data.exportTo, vs.namespace, ns) && definesFor(snap, host, ns, defines)));
  for (const client of judged) {
    if (!client.gateway && reachedElsewhere) continue;
    // Gateway proxies whose namespace is only assumed (no gateway workload in the workspace) may run where the
    // default gateways are installed, istio-system (or the root namespace): a rule that defines the subset for
    // proxies there is the one they may get.
    if (!client.known && definedSomewhere.length && installNamespaces(snap).some((ns) => ns !== client.namespace && definesFor(snap, host, ns, defines))) continue;
    const choice = destinationRuleFor(snap, host, client.namespace);
    if (choice === 'unknown' || (choice && choice.rules.some(defines))) continue;
    // A rule without a namespace may be applied in the host's; a skipped template may be the rule.
    if (implicitRuleDefines(snap, host, subset) || snap.hasUnread('DestinationRule')) return undefined;
    if (vs.explicitNamespace === undefined && sameShortHostDefines(snap, d.host.value, subset)) return undefined;
    return missing(vs, d, host, client, choice, definedSomewhere);
  }
  return undefined;
}

function installNamespaces(snap: Snapshot): string[] {
  return [...new Set(['istio-system', snap.rootNamespace])];
}

/** Do the proxies of namespace `ns` get a rule for `host` that defines the subset? */
function definesFor(snap: Snapshot, host: string, ns: string, defines: (dr: Rule) => boolean): boolean {
  const choice = destinationRuleFor(snap, host, ns);
  return choice !== 'unknown' && !!choice?.rules.some(defines);
}

/**
 * A DestinationRule without a namespace whose host names the destination's Service (short, or with its namespace), and which defines
 * the subset, wherever its file is: `kubectl apply -n` may put it in the host's namespace, where it is the rule
 * every client gets (redhat-scholars/istio-tutorial applies its rules with `-n tutorial`). Read only on the way
 * to a finding.
 */
function implicitRuleDefines(snap: Snapshot, host: string, subset: string): boolean {
  return implicitRules(snap, host).some((dr) => dr.data.subsets.some((s) => s.name.value === subset));
}

/**
 * A VirtualService without a namespace routes to a short host: `kubectl apply -n X` puts it in X, where a
 * namespace-less rule for `name.X.svc.cluster.local` (written for the namespace the files are applied to) is its
 * rule. Any such rule with the subset may be the one.
 */
function sameShortHostDefines(snap: Snapshot, shortHost: string, subset: string): boolean {
  if (shortHost.includes('.') || shortHost.includes('*')) return false;
  return snap.destinationRules.some((dr) => dr.explicitNamespace === undefined && dr.data.host?.value.split('.')[0] === shortHost && dr.data.subsets.some((s) => s.name.value === subset));
}

/** The DestinationRules without a namespace whose host (short, or with its namespace) is this one once applied in the host's namespace. */
function implicitRules(snap: Snapshot, host: string): Typed<DestinationRuleData>[] {
  if (!isClusterLocal(host)) return [];
  const ns = host.split('.')[1];
  return snap.destinationRules.filter((dr) => dr.explicitNamespace === undefined && dr.data.host !== undefined && fqdn(dr.data.host.value, ns) === host);
}

function missing(vs: Typed<VirtualServiceData>, d: Destination, host: string, client: RouteClient, choice: RuleChoice | undefined, elsewhere: Rule[]): Finding {
  const subset = d.subset!.value;
  const data: SubsetNotFound = { kind: 'subsetNotFound', host, subset, namespace: client.namespace };
  const hidden = elsewhere.filter((dr) => !choice || !choice.rules.includes(dr));
  const rel = [
    ...(choice?.rules ?? []).map((dr) => related(dr, `DestinationRule ${dr.namespace}/${dr.name} defines ${dr.data.subsets.map((s) => s.name.value).join(', ') || 'no subsets'}`, dr.data.subsetsSpan)),
    ...hidden.map((dr) => related(dr, `DestinationRule ${dr.namespace}/${dr.name} defines "${subset}" but is not the rule ${describeClient(client)} get for ${host}`, dr.data.subsets.find((s) => s.name.value === subset)?.name.span)),
  ];
  const who = describeClient(client);
  let message: string;
  if (!choice) {
    message = `Subset "${subset}" not found: no DestinationRule for host ${host} is visible to ${who}.`;
    const unexported = hidden.filter((dr) => dr.data.exportTo?.length && !dr.data.exportTo.includes('*'));
    const elsewhereOnly = hidden.filter((dr) => !unexported.includes(dr));
    if (unexported.length) message += ` ${ruleNames(unexported)} defines it but is not exported to namespace ${client.namespace}.`;
    if (elsewhereOnly.length) message += ` ${ruleNames(elsewhereOnly)} defines it, but istiod takes a rule only from the client's namespace, the host's namespace or the root namespace.`;
  } else {
    const names = choice.rules.flatMap((dr) => dr.data.subsets.map((s) => s.name.value));
    message = `Subset "${subset}" not found in the DestinationRule${choice.rules.length > 1 ? 's' : ''} ${ruleNames(choice.rules)} that ${who} get for ${host} (subsets: ${names.join(', ') || 'none'}).`;
    const lessSpecific = hidden.filter((dr) => dr.namespace === choice.namespace);
    const otherNamespace = hidden.filter((dr) => dr.namespace !== choice.namespace);
    if (lessSpecific.length) {
      message += ` ${ruleNames(lessSpecific)} defines it for ${lessSpecific[0].data.host!.value}, but only the rules of the most specific host apply.`;
    }
    if (otherNamespace.length) {
      message += ` ${ruleNames(otherNamespace)} defines it, but Istio takes the rules of one namespace only (${stepText(choice)}), so requests get 503.`;
    }
    data.destinationRule = `${choice.rules[0].namespace}/${choice.rules[0].name}`;
    data.uri = choice.rules[0].uri;
  }
  return finding(Rules.ReferencedResourceNotFound, vs, d.subset!.span, message, { related: rel.length ? rel : undefined, data });
}

function stepText(choice: RuleChoice): string {
  switch (choice.step) {
    case 'client':
      return `the client's namespace ${choice.namespace} first`;
    case 'service':
      return `the host's namespace ${choice.namespace} before the root namespace`;
    default:
      return `the root namespace ${choice.namespace} last`;
  }
}
