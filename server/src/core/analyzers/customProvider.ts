// ILS0702: an AuthorizationPolicy with action CUSTOM names a `provider.name`
// that the mesh config's `extensionProviders` does not define. istiod cannot
// build the external authorization filter for it and puts a deny-all in its
// place on the selected workloads: every request they receive is refused
// with 403. Reported only when the workspace declares the mesh config (an
// IstioOperator's `meshConfig`, the `istio` ConfigMap's `mesh`, an istiod
// chart release's `values.meshConfig`, the Sail Operator's `Istio`); otherwise
// the providers are unknown, as they are while a mesh config document is
// skipped for its template syntax.
// Every mesh config that may apply with the policy counts (a kustomize patch
// of the `istio` ConfigMap replaces its `mesh`, so it is one of them): a
// provider defined in any of them is not reported. When they are only
// IstioOperators and none lists any extension provider, the providers come
// from where the workspace does not show (istioctl merges every `-f`
// overlay; the `istio` ConfigMap edited after install): nothing is reported.
// A rendered ConfigMap or an istiod chart's values are the whole mesh config,
// unless the release merges in more values (Flux valuesFrom or valuesFiles,
// Argo CD valueFiles or parameters).
import { Rules } from '../catalog';
import { meshSecurityFor } from './sampleScope';
import { finding, label, related, perResource } from './types';

export const customProvider = perResource({
  rules: [Rules.CustomProviderNotDefined],
  kind: 'AuthorizationPolicy',
  check(policy, snap, report) {
    const provider = policy.data.provider;
    if (policy.data.action !== 'CUSTOM' || !provider) return;
    const configs = meshSecurityFor(snap, policy);
    const mesh = configs[0];
    if (!mesh || configs.some((c) => c.security.extensionProviders.includes(provider.value))) return;
    // A mesh config skipped for its template syntax (an IstioOperator overlay, a Sail or Kyma `Istio`) may add it.
    if (snap.hasUnread('IstioOperator') || snap.hasUnread('Istio')) return;
    // A chart release whose valuesFrom or value files merge in more values may list it there.
    if (configs.some((c) => c.security.partial)) return;
    const defined = [...new Set(configs.flatMap((c) => c.security.extensionProviders))];
    if (defined.length === 0 && configs.every((c) => c.resource.kind === 'IstioOperator' || c.resource.kind === 'Istio')) return;
    const message =
      `Provider "${provider.value}" is not among the extensionProviders of the mesh config (${configs.map((c) => label(c.resource)).join(', ')}: ${defined.join(', ') || 'none'}). ` +
      'istiod replaces this CUSTOM policy with a deny-all: every request to the selected workloads gets 403.';
    report(policy.uri, finding(Rules.CustomProviderNotDefined, policy, provider.span, message, { related: [related(mesh.resource, 'The mesh config that lists the extension providers', mesh.security.span)] }));
  },
});
