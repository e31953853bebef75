// IST0101 (subset not found). A route to a subset needs a DestinationRule for
// the destination host, visible to the VirtualService, that defines the
// subset. Otherwise Envoy has no cluster for host+subset and every request on
// that route fails with 503 (NR / "no healthy upstream").
import type { DestinationRuleData, Finding } from '../model';
import { Rules } from '../catalog';
import type { Snapshot, Typed } from '../index/snapshot';
import { fqdn, specificity } from '../hosts';
import { finding, related, type Report, type WorkspaceAnalyzer } from './types';

/** The payload of a subset-not-found finding, for the subset fixes: the DestinationRule to add it to, when there is one. */
export interface SubsetNotFound {
  kind: 'subsetNotFound';
  host: string;
  subset: string;
  namespace: string;
  destinationRule?: string;
  uri?: string;
}

export const destinationSubsets: WorkspaceAnalyzer = {
  rules: [Rules.ReferencedResourceNotFound],
  iterates: 'virtualServices',
  analyze(snap: Snapshot, report: Report): void {
    for (const vs of snap.virtualServices) {
      for (const route of vs.data.routes) {
        for (const d of route.destinations) {
          if (!d.subset) continue;
          const host = fqdn(d.host.value, vs.namespace);
          const rules = mostSpecific(snap.destinationRulesFor(host, vs.namespace));
          if (rules.some((dr) => dr.data.subsets.some((s) => s.name.value === d.subset!.value))) continue;
          let f: Finding;
          if (rules.length === 0) {
            f = finding(Rules.ReferencedResourceNotFound, vs, d.subset.span, `Subset "${d.subset.value}" not found: no DestinationRule for host ${host} is visible to namespace ${vs.namespace}.`, {
              data: { kind: 'subsetNotFound', host, subset: d.subset.value, namespace: vs.namespace } satisfies SubsetNotFound,
            });
          } else {
            const names = rules.flatMap((dr) => dr.data.subsets.map((s) => s.name.value));
            f = finding(Rules.ReferencedResourceNotFound, vs, d.subset.span, `Subset "${d.subset.value}" not found in the DestinationRule${rules.length > 1 ? 's' : ''} for ${host} (subsets: ${names.join(', ') || 'none'}).`, {
              related: rules.map((dr) => related(dr, `DestinationRule ${dr.namespace}/${dr.name} defines ${dr.data.subsets.map((s) => s.name.value).join(', ') || 'no subsets'}`, dr.data.subsetsSpan)),
              data: { kind: 'subsetNotFound', host, subset: d.subset.value, namespace: vs.namespace, destinationRule: `${rules[0].namespace}/${rules[0].name}`, uri: rules[0].uri } satisfies SubsetNotFound,
            });
          }
          report(vs.uri, f);
        }
      }
    }
  },
};

/**
 * Istio applies only the rules of the most specific matching host (an exact
 * host beats `*.example.com`); rules for a less specific wildcard are not
 * merged in, so their subsets do not exist for this destination.
 */
function mostSpecific(rules: Typed<DestinationRuleData>[]): Typed<DestinationRuleData>[] {
  const score = (dr: Typed<DestinationRuleData>) => specificity(fqdn(dr.data.host!.value, dr.namespace));
  const best = Math.max(...rules.map(score));
  return rules.filter((dr) => score(dr) === best);
}
