// IST0123: a Namespace carries both `istio-injection` and `istio.io/rev`. The
// injector webhooks give the legacy label precedence: with
// `istio-injection: enabled` the pods get the default revision's proxy, not
// the one `istio.io/rev` names, so a canary upgrade leaves the namespace on
// the old control plane (and `istio-injection: disabled` turns injection off
// whatever the revision says). Keep one of the two labels.
import type { Finding, Resource } from '../model';
import { Rules } from '../catalog';
import { finding, type ResourceAnalyzer } from './types';

const LEGACY = 'istio-injection';
const REVISION = 'istio.io/rev';
// istioctl leaves these out: Istio never injects there.
const IGNORED = new Set(['istio-system', 'kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);

export const namespaceInjectionLabels: ResourceAnalyzer = {
  rules: [Rules.NamespaceMultipleInjectionLabels],
  analyze(r: Resource): Finding[] {
    if (r.kind !== 'Namespace' || r.apiVersion !== 'v1' || IGNORED.has(r.name)) return [];
    const legacy = r.labels[LEGACY];
    const revision = r.labels[REVISION];
    if (legacy === undefined || legacy === '' || revision === undefined) return [];
    return [
      finding(
        Rules.NamespaceMultipleInjectionLabels,
        r,
        r.nameSpan ?? r.span,
        `Namespace ${r.name} has both ${LEGACY}: ${legacy} and ${REVISION}: ${revision}. The ${LEGACY} label takes precedence, so ${REVISION} is ignored ` +
          `(${legacy === 'enabled' ? 'pods get the default revision\'s proxy' : 'injection follows the legacy label'}). Remove one of the two labels; for revision-based upgrades keep ${REVISION}.`,
      ),
    ];
  },
};
