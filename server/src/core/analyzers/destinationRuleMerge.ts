// ILS0301 (DestinationRules for one host lose settings when merged). Istio
// merges the DestinationRules of one namespace for the same host (pilot's
// mergeDestinationRule): the subsets are concatenated and only the first rule's
// top-level trafficPolicy is kept, the rules being taken oldest first. So a
// subset name defined twice keeps its first definition (the second one's
// labels and policy are dropped), and a second top-level trafficPolicy (TLS
// origination, connection pool, outlier detection) is silently ignored. Rules
// that each add their own subset, like one DestinationRule per egress bundle
// for the egress gateway, lose nothing and are not reported; nor does a second
// definition equal to the first (the same rule kept in two files of a build). Rules merge when
// their exportTo scopes overlap and their workloadSelectors are both absent or
// equal; rules in different namespaces are never merged (a proxy picks the one
// of its own namespace first). Files carry no creation time: the first rule in
// workspace order (file path, then position in the file) stands for the oldest.
import type { DestinationRuleData, Labels } from '../model';
import { Rules } from '../catalog';
import type { Typed } from '../index/snapshot';
import { fqdn, scopeOf, scopesOverlap } from '../hosts';
import { conflicts, finding, label, related, sameResource, type Report } from './types';

type Rule = Typed<DestinationRuleData>;

export const destinationRuleMerge = conflicts({
  rules: [Rules.DestinationRuleMergeLoses],
  kind: 'DestinationRule',
  // Groups: a namespace and a fully qualified host (Istio merges the rules of one namespace for one host).
  groupKeys: (dr) => (dr.data.host ? [`${dr.namespace} ${fqdn(dr.data.host.value, dr.namespace)}`] : []),
  checkGroup(_key, members, _snap, report) {
    if (members.length < 2) return;
    const rules = members.slice().sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.docIndex - b.docIndex));
    rules.forEach((dr, i) => checkAgainstEarlier(dr, rules.slice(0, i).filter((e) => !sameResource(e, dr) && merges(e, dr)), report));
  },
});

function checkAgainstEarlier(dr: Rule, earlier: Rule[], report: Report): void {
  if (earlier.length === 0) return;
  const host = fqdn(dr.data.host!.value, dr.namespace);
  for (const subset of dr.data.subsets) {
    const first = earlier.find((e) => e.data.subsets.some((s) => s.name.value === subset.name.value));
    if (!first) continue;
    const firstSubset = first.data.subsets.find((s) => s.name.value === subset.name.value)!;
    if (subset.key !== undefined && subset.key === firstSubset.key) continue;
    report(
      dr.uri,
      finding(
        Rules.DestinationRuleMergeLoses,
        dr,
        subset.name.span,
        `Subset "${subset.name.value}" is also defined by ${label(first)} for host ${host}. Istio merges the two rules and keeps only the definition of the rule created first: one of the two is ignored (this one, if ${label(first)} is applied before it). Rename it or define it in one rule.`,
        { related: [related(first, `subset "${subset.name.value}" first defined in ${label(first)}`, firstSubset.name.span)], data: { kind: 'duplicateSubset', subset: subset.name.value } },
      ),
    );
  }
  if (!dr.data.trafficPolicySpan) return;
  const kept = earlier.find((e) => e.data.trafficPolicySpan);
  if (!kept || (dr.data.trafficPolicyKey !== undefined && dr.data.trafficPolicyKey === kept.data.trafficPolicyKey)) return;
  report(
    dr.uri,
    finding(
      Rules.DestinationRuleMergeLoses,
      dr,
      dr.data.trafficPolicySpan,
      `${label(kept)} also sets a top-level trafficPolicy for host ${host}: Istio merges the two rules and keeps only the trafficPolicy of the rule created first, so one of them is ignored (this one, if ${label(kept)} is applied before it). Keep these settings in one rule.`,
      { related: [related(kept, `the trafficPolicy that is kept (${label(kept)})`, kept.data.trafficPolicySpan)], data: { kind: 'ignoredTrafficPolicy', kept: `${kept.namespace}/${kept.name}` } },
    ),
  );
}

/** Does Istio merge these two rules of one namespace and host? */
function merges(a: Rule, b: Rule): boolean {
  const sa = a.data.workloadSelector;
  const sb = b.data.workloadSelector;
  if ((sa === undefined) !== (sb === undefined)) return false;
  if (sa && sb && !sameLabels(sa, sb)) return false;
  return scopesOverlap(scopeOfRule(a), scopeOfRule(b));
}

// A rule with a workloadSelector is never exported beyond its namespace.
function scopeOfRule(dr: Rule): Set<string> {
  return dr.data.workloadSelector ? new Set([dr.namespace]) : scopeOf(dr.data.exportTo, dr.namespace);
}

function sameLabels(a: Labels, b: Labels): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}
