// A dedicated egress gateway: its own pods on their own nodes (a nodeSelector
// and tolerations for the nodes' taint), so that DLP and filtering apply to
// egress pods alone, as regulated teams run it. The workload is written with
// the bundle:
// - Istio API: an IstioOperator (profile empty: this gateway only, next to
//   the control plane's own) with one `components.egressGateways[]` entry and
//   a label of its own, which the bundle's Gateway selects. The operator
//   merges that label over the chart's default pod labels
//   (operator/pkg/component), so the default `istio: egressgateway` Gateways
//   do not pick these pods up, nor this Gateway the default gateway's pods.
// - Gateway API: Istio deploys the Gateway's pods itself and patches their
//   Deployment with the `deployment` key of the ConfigMap named by
//   `spec.infrastructure.parametersRef` (pilot/pkg/config/kube/gatewaycommon/
//   deploymentcontroller.go; the ConfigMap must be in the Gateway's namespace,
//   gateway/gateway_collection.go).
import type { Labels, Resource } from '../model';
import type { Snapshot } from '../index/snapshot';
import { Block, type YamlMap } from '../edit/render';
import type { DedicatedGateway } from './egressParams';
import type { GatewayTarget } from './egressPlan';
import type { GeneratedDoc } from './egressResources';

/** The pod labels the IstioOperator entry sets: its own `istio` and `app`. */
export function dedicatedLabels(d: DedicatedGateway): Labels {
  return { istio: d.name.replace(/^istio-/, ''), app: d.name };
}

/**
 * The gateway the bundle routes through, and the workload that already runs
 * it when the workspace installs one of that name (then no IstioOperator is
 * written, and the Gateway selects that workload's `istio` label).
 */
export function dedicatedTarget(snap: Snapshot, d: DedicatedGateway): { target: GatewayTarget; existing?: Resource } {
  const found = snap.workloads.find((w) => w.resource.name === d.name && w.resource.namespace === d.namespace);
  const existing = found?.resource;
  const labels = found?.labels ?? dedicatedLabels(d);
  const selector = labels.istio ? { istio: labels.istio } : { ...labels };
  return { target: { selector, serviceHost: `${d.name}.${d.namespace}.svc.cluster.local`, namespace: d.namespace }, existing };
}

function placement(d: DedicatedGateway): YamlMap {
  return { nodeSelector: { ...d.nodeSelector }, tolerations: d.tolerations.map((t) => ({ ...t })) };
}

function nodesText(d: DedicatedGateway): string {
  const label = Object.entries(d.nodeSelector).map(([k, v]) => `${k}=${v}`).join(',');
  const taints = d.tolerations.map((t) => `${t.key}${t.value !== undefined ? `=${t.value}` : ''}${t.effect ? `:${t.effect}` : ''}`).join(', ');
  return `Label the nodes of the egress pool ${label} and taint them ${taints}, so that only these pods run there.`;
}

export function operatorDoc(d: DedicatedGateway): GeneratedDoc {
  return {
    kind: 'IstioOperator',
    name: d.name,
    comments: [
      `A dedicated egress gateway, ${d.name} in ${d.namespace}, on its own nodes: DLP and filtering then see egress traffic alone. ${nodesText(d)}`,
      `Install it with istioctl install -f on this file: profile empty adds this gateway only, next to the control plane. Its own label (istio: ${dedicatedLabels(d).istio}) keeps Gateways of the default egress gateway off these pods.`,
    ],
    body: {
      apiVersion: 'install.istio.io/v1alpha1',
      kind: 'IstioOperator',
      metadata: { name: d.name, namespace: d.namespace },
      spec: {
        profile: 'empty',
        components: {
          egressGateways: [
            {
              name: d.name,
              namespace: d.namespace,
              enabled: true,
              label: dedicatedLabels(d),
              k8s: placement(d),
            },
          ],
        },
        // The gateway's pods get their proxy from injection, as istio.io's gateway installation does.
        values: { gateways: { 'istio-egressgateway': { injectionTemplate: 'gateway' } } },
      },
    },
  };
}

/** `spec.infrastructure` of a Gateway API Gateway whose pods go to the dedicated nodes. */
export function infrastructureValue(configMap: string): YamlMap {
  return { parametersRef: { group: '', kind: 'ConfigMap', name: configMap } };
}

/** The ConfigMap whose `deployment` patch puts the Gateway's pods on the dedicated nodes. */
export function placementConfigMapDoc(d: DedicatedGateway, gatewayName: string, name: string, namespace: string): GeneratedDoc {
  const p = placement(d);
  const lines = ['spec:', '  template:', '    spec:', '      nodeSelector:'];
  for (const [k, v] of Object.entries(p.nodeSelector as Labels)) lines.push(`        ${k}: ${JSON.stringify(v)}`);
  lines.push('      tolerations:');
  for (const t of d.tolerations) {
    const entries = Object.entries(t).filter(([, v]) => v !== undefined);
    entries.forEach(([k, v], i) => lines.push(`      ${i === 0 ? '- ' : '  '}${k}: ${JSON.stringify(v)}`));
  }
  return {
    kind: 'ConfigMap',
    name,
    comments: [
      `The egress Gateway ${gatewayName} runs on its own nodes: Istio patches the Deployment it makes for the Gateway with "deployment" below (the Gateway's infrastructure.parametersRef names this ConfigMap, in its namespace). ${nodesText(d)}`,
    ],
    body: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace },
      data: { deployment: new Block(`${lines.join('\n')}\n`) },
    },
  };
}
