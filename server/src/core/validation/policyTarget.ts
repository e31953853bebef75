// What the validation webhook rejects in the part of a security policy that
// says where it applies (validation.go validateOneOfSelectorType,
// validateWorkloadSelector, validatePolicyTargetReference(s)):
// - ILS0613: `selector` together with `targetRef`/`targetRefs` (Istio rejects
//   the policy); a selector label with an empty key or a `*`; a targetRef
//   with a namespace (cross-namespace references are not supported) or to a
//   kind other than Service, ServiceEntry, Gateway API Gateway or GatewayClass.
// - IST0133 (a webhook warning, `kubectl apply` still succeeds): a selector
//   without labels, which selects every workload of the namespace.
import type { Findings } from './report';
import { entries, listItems, mapSize, one, present, text, type At } from './nodes';

const TARGET_KINDS: Record<string, string> = {
  Service: '',
  ServiceEntry: 'networking.istio.io',
  Gateway: 'gateway.networking.k8s.io',
  GatewayClass: 'gateway.networking.k8s.io',
};

export function checkPolicyTarget(f: Findings, spec: At, selectorKey = 'selector'): void {
  const selector = one(spec, selectorKey);
  const targetRef = one(spec, 'targetRef');
  const targetRefs = one(spec, 'targetRefs');
  const set = [selector, targetRef, targetRefs].filter((a) => present(a) && (a !== targetRefs || listItems(a).length > 0));
  if (set.length > 1) {
    f.key('ILS0613', set[1]!, `Set only one of ${selectorKey} and targetRef(s): Istio rejects a policy with both.`);
  }
  if (present(selector)) checkSelector(f, selector);
  if (present(targetRef)) checkTargetRef(f, targetRef);
  for (const ref of listItems(targetRefs)) checkTargetRef(f, ref);
}

function checkSelector(f: Findings, selector: At): void {
  const matchLabels = one(selector, 'matchLabels');
  if (mapSize(matchLabels) === 0) {
    f.key('IST0133', matchLabels ?? selector, 'This selector has no labels, so the policy applies to every workload in the namespace; remove the selector to say so.');
    return;
  }
  for (const { key, keySpan, value } of entries(matchLabels)) {
    const v = text(value) ?? '';
    if (key === '') f.at('ILS0613', keySpan, 'A selector label needs a key.');
    else if (key.includes('*') || v.includes('*')) f.at('ILS0613', keySpan, `Selector labels cannot hold wildcards ("${key}: ${v}"): Istio rejects the policy.`);
  }
}

function checkTargetRef(f: Findings, ref: At): void {
  const ns = one(ref, 'namespace');
  if (present(ns)) f.key('ILS0613', ns, 'A targetRef cannot name a namespace: it refers to a resource in the policy\'s own namespace.');
  const kindAt = one(ref, 'kind');
  const kind = text(kindAt);
  if (!kind || !kindAt) return;
  const group = text(one(ref, 'group')) ?? '';
  const expected = TARGET_KINDS[kind];
  if (expected === undefined || (expected !== group && !(expected === '' && group === 'core'))) {
    f.value('ILS0613', kindAt, `A targetRef must be a Service (group ""), a ServiceEntry (networking.istio.io), or a Gateway or GatewayClass (gateway.networking.k8s.io), not ${group ? `${group}/` : ''}${kind}.`);
  }
}
