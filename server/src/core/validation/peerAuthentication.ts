// What the validation webhook (and the CRD's validation rule) rejects in a
// PeerAuthentication (validation.go ValidatePeerAuthentication):
// - ILS0617: `portLevelMtls` on a policy without a selector (mesh- or
//   namespace-wide policies cannot set per-port modes), an empty
//   `portLevelMtls`, a port key outside 1..65535.
// - ILS0613 / IST0133: the selector (policyTarget.ts).
import type { Findings } from './report';
import { entries, mapSize, one, present, type At } from './nodes';
import { checkPolicyTarget } from './policyTarget';

export function validatePeerAuthentication(f: Findings, spec: At): void {
  checkPolicyTarget(f, spec);
  const ports = one(spec, 'portLevelMtls');
  if (!present(ports)) return;
  if (mapSize(one(one(spec, 'selector'), 'matchLabels')) === 0) {
    f.key('ILS0617', ports, 'portLevelMtls needs a selector: a mesh- or namespace-wide PeerAuthentication cannot set per-port modes, and Istio rejects it.');
  }
  if (mapSize(ports) === 0) f.key('ILS0617', ports, 'portLevelMtls is empty: remove it or list ports.');
  for (const { key, keySpan } of entries(ports)) {
    const n = Number(key);
    if (!/^\d+$/.test(key) || n < 1 || n > 65535) f.at('ILS0617', keySpan, `"${key}" is not a port number (1-65535).`);
  }
}
