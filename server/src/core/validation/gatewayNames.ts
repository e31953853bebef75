// ILS0611 · gateway references in a VirtualService's `gateways` and in
// `match[].gateways` (validation.go validateGatewayNames). The valid forms are
// `name` (the VirtualService's namespace), `namespace/name`, the legacy
// `name.namespace.svc.cluster.local`, and `mesh`. In `ns/name` both parts must
// be DNS labels, so `./name` is rejected: unlike Gateway server hosts, a
// gateway reference has no `.` shorthand. The webhook stops at the first
// entry written without a slash, so entries after it are not checked there;
// neither are they here.
import type { Findings } from './report';
import { stringList, type At } from './nodes';
import { fqdnProblem, isDnsLabel } from './names';
import { hasSubstitution } from '../hosts';

export function checkGatewayNames(f: Findings, list: At | undefined): void {
  for (const { value, at } of stringList(list)) {
    const slash = value.indexOf('/');
    // A variable a deploy tool substitutes (`$NS/gw`, `${NS}/gw`, envsubst) is judged once substituted.
    if (hasSubstitution(value)) {
      if (slash < 0) return; // the webhook stops at the first entry without a slash (see above)
      continue;
    }
    if (slash < 0) {
      const problem = fqdnProblem(value);
      if (problem) f.value('ILS0611', at, `Invalid gateway reference "${value}": it ${problem}. Write "name", "namespace/name" or "mesh".`, { gateway: value });
      return;
    }
    const ns = value.slice(0, slash);
    const name = value.slice(slash + 1);
    if (ns === '.') {
      f.value('ILS0611', at, `"${value}" is rejected: the namespace part of a gateway reference must be a namespace name; "." is not allowed here. Write "${name}" for a Gateway in this VirtualService's namespace.`, {
        gateway: value,
        replacement: name,
      });
      continue;
    }
    if (ns === '' || name === '') {
      f.value('ILS0611', at, `Invalid gateway reference "${value}": the namespace and the name cannot be empty.`, { gateway: value });
      continue;
    }
    if (!isDnsLabel(ns)) f.value('ILS0611', at, `Invalid gateway reference "${value}": "${ns}" is not a valid namespace name.`, { gateway: value });
    else if (!isDnsLabel(name)) f.value('ILS0611', at, `Invalid gateway reference "${value}": "${name}" is not a valid Gateway name (a DNS label, no dots).`, { gateway: value });
  }
}
