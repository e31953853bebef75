// The resources of an egress bundle, as plain values with a comment each that
// says what the resource does in the bundle. Names and references come from
// the bundle (egressBundle.ts); this file only decides their content.
import { Commented, type YamlMap, type YamlValue } from '../edit/render';
import type { EgressPlan, PortSpec } from './egressPlan';
import { meshTargetPort } from './egressPlan';

export interface GeneratedDoc {
  kind: string;
  name: string;
  comments: string[];
  body: YamlMap;
}

/** The CA bundle of Istio's proxy images, used to verify the external server's certificate. */
export const SYSTEM_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

function meta(name: string, namespace: string): YamlMap {
  return { name, namespace };
}

function portValue(p: PortSpec): YamlMap {
  return { number: p.number, name: p.name, protocol: p.protocol };
}

export function serviceEntryDoc(plan: EgressPlan, name: string): GeneratedDoc {
  const shared = plan.exportTo.serviceEntry.includes('*');
  const scope = shared
    ? 'Visible to every namespace (exportTo "*", as chosen when the bundle was written).'
    : plan.exportTo.serviceEntry.length > 1
      ? `Visible only here and in ${plan.gateway.namespace}, where the egress gateway pods run and resolve the host.`
      : 'Visible only in this namespace, where the egress gateway pods also run.';
  return {
    kind: 'ServiceEntry',
    name,
    comments: [`Registers ${plan.host}, outside the mesh, in the service registry. ${scope}`],
    body: {
      apiVersion: 'networking.istio.io/v1',
      kind: 'ServiceEntry',
      metadata: meta(name, plan.namespace),
      spec: {
        hosts: [plan.host],
        exportTo: plan.exportTo.serviceEntry,
        location: 'MESH_EXTERNAL',
        ports: plan.sePorts.map(portValue),
        resolution: 'DNS',
      },
    },
  };
}

export function gatewayServer(plan: EgressPlan): YamlMap {
  return {
    port: portValue(plan.gatewayPort),
    hosts: [plan.host],
    tls: plan.gatewayTlsMode ? { mode: plan.gatewayTlsMode } : undefined,
  };
}

export function gatewayDoc(plan: EgressPlan, name: string): GeneratedDoc {
  const how =
    plan.gatewayTlsMode === 'PASSTHROUGH'
      ? `passes the TLS connections for ${plan.host} through on port ${plan.gatewayPort.number}, choosing the route by SNI name`
      : plan.gatewayTlsMode === 'ISTIO_MUTUAL'
        ? `accepts ${plan.host} on port ${plan.gatewayPort.number} only over Istio mutual TLS from the sidecars of the mesh`
        : `accepts HTTP for ${plan.host} on port ${plan.gatewayPort.number}`;
  return {
    kind: 'Gateway',
    name,
    comments: [`The egress gateway (${selectorText(plan.gateway.selector)}) ${how}.`],
    body: {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: meta(name, plan.namespace),
      spec: { selector: { ...plan.gateway.selector }, servers: [gatewayServer(plan)] },
    },
  };
}

/** This bundle's subset of the egress gateway service, with mutual TLS when the variant asks for it. */
export function subsetValue(plan: EgressPlan, subset: string): YamlMap {
  if (plan.gatewayTlsMode !== 'ISTIO_MUTUAL') return { name: subset };
  return { name: subset, trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL', sni: plan.host } } };
}

/** A subset of another namespace's rule, copied into the bundle's rule (egressSubsets.ts says why). */
export interface CarriedValue {
  value: YamlMap;
  /** `ns/name` of the rule it comes from. */
  from: string;
  users: string[];
}

export function subsetRuleDoc(plan: EgressPlan, name: string, subset: string, carried: CarriedValue[] = []): GeneratedDoc {
  const tls = plan.gatewayTlsMode === 'ISTIO_MUTUAL' ? ` Sidecars open Istio mutual TLS to the gateway, with SNI ${plan.host} so that it picks this bundle's server.` : '';
  const comments = [
    `The subset "${subset}" of the egress gateway service, which the VirtualService's mesh route targets.${tls} This bundle's own rule, for the sidecars of ${plan.namespace}: other bundles keep their subsets in their own rules, and Istio merges the rules of one namespace.`,
  ];
  if (carried.length) {
    const from = [...new Set(carried.map((c) => c.from))].join(', ');
    comments.push(
      `Carried over from DestinationRule ${from}: ${carried.map((c) => `"${c.value.name}"`).join(', ')}, which ${[...new Set(carried.flatMap((c) => c.users))].join(', ')} route to from ${plan.namespace}. ` +
        `A sidecar takes the rules of its own namespace first and never merges them with other namespaces', so without them this rule would hide those subsets here.`,
    );
  }
  return {
    kind: 'DestinationRule',
    name,
    comments,
    body: {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: meta(name, plan.namespace),
      spec: {
        host: plan.gateway.serviceHost,
        exportTo: plan.exportTo.subsetRule,
        subsets: [subsetValue(plan, subset), ...carried.map((c) => new Commented(c.value, `carried over from ${c.from}`))],
      },
    },
  };
}

export function originationRuleDoc(plan: EgressPlan, name: string): GeneratedDoc {
  return {
    kind: 'DestinationRule',
    name,
    comments: [
      `The egress gateway opens TLS to ${plan.host}:${plan.upstream.number} and verifies the server certificate against the CA bundle of its image (caCertificates; without it, older Istio accepts any certificate).`,
    ],
    body: {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: meta(name, plan.namespace),
      spec: {
        host: plan.host,
        exportTo: plan.exportTo.originationRule,
        trafficPolicy: {
          portLevelSettings: [
            {
              port: { number: plan.upstream.number },
              tls: { mode: 'SIMPLE', sni: plan.host, caCertificates: SYSTEM_CA_BUNDLE },
            },
          ],
        },
      },
    },
  };
}

export function virtualServiceDoc(plan: EgressPlan, name: string, gatewayRef: string, subset: string): GeneratedDoc {
  const sni = plan.routeKind === 'tls' ? { sniHosts: [plan.host] } : {};
  const meshLeg: YamlMap = {
    match: [{ gateways: ['mesh'], port: plan.app.number, ...sni }],
    route: [{ destination: { host: plan.gateway.serviceHost, subset, port: { number: plan.gatewayPort.number } } }],
  };
  const gatewayLeg: YamlMap = {
    match: [{ gateways: [gatewayRef], port: plan.gatewayPort.number, ...sni }],
    route: [{ destination: { host: plan.host, port: { number: plan.upstream.number } } }],
  };
  const out = plan.originate ? ` (the DestinationRule for ${plan.host} adds TLS)` : '';
  return {
    kind: 'VirtualService',
    name,
    comments: [
      'Two legs, one per gateway in `gateways`:',
      `  1. on the sidecars (mesh), ${plan.host}:${plan.app.number} goes to the egress gateway, subset ${subset};`,
      `  2. on the egress gateway (${gatewayRef}), it goes out to ${plan.host}:${plan.upstream.number}${out}.`,
    ],
    body: {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: meta(name, plan.namespace),
      spec: {
        hosts: [plan.host],
        exportTo: plan.exportTo.virtualService,
        gateways: [gatewayRef, 'mesh'],
        [plan.routeKind]: [meshLeg, gatewayLeg],
      },
    },
  };
}

export function meshGatewayPortValue(plan: EgressPlan): YamlMap {
  return { name: plan.gatewayPort.name, port: plan.gatewayPort.number, protocol: 'TCP', targetPort: meshTargetPort(plan.gatewayPort.number) };
}

export function meshGatewayDoc(plan: EgressPlan, name: string): GeneratedDoc {
  const cp = plan.params.controlPlane;
  return {
    kind: 'IstioMeshGateway',
    name,
    comments: [
      `A Service Mesh Manager egress gateway: a Deployment, and the Service ${plan.gateway.serviceHost} in front of it. Its pod does not run as root, so it listens on a targetPort above 1024.`,
    ],
    body: {
      apiVersion: 'servicemesh.cisco.com/v1alpha1',
      kind: 'IstioMeshGateway',
      metadata: meta(name, plan.namespace),
      spec: {
        type: 'egress',
        istioControlPlane: new Commented({ name: cp.name, namespace: cp.namespace }, 'the IstioControlPlane of your installation'),
        deployment: { replicas: { min: 1, max: 1 } },
        service: { type: 'ClusterIP', ports: [meshGatewayPortValue(plan)] },
      },
    },
  };
}

export function networkPolicyDoc(plan: EgressPlan, name: string): GeneratedDoc {
  const gw = plan.gateway;
  // The gateway's own pods must keep their way out when they share the namespace.
  const podSelector: YamlValue = gw.meshGatewayName ? { matchExpressions: [{ key: 'gateway-name', operator: 'NotIn', values: [gw.meshGatewayName] }] } : {};
  return {
    kind: 'NetworkPolicy',
    name,
    comments: [
      `Defence in depth: the egress gateway only routes traffic; it does not stop a pod from calling ${plan.host} directly (an init container, a pod without sidecar). ` +
        `This policy lets the pods of ${plan.namespace} reach every pod of the cluster (the egress gateway, DNS, istiod and the other services included: in-cluster traffic is unchanged) ` +
        'and blocks only direct connections to addresses outside the cluster, which must go through the egress gateway. ' +
        'Addresses that are not pods (the API server, node ports, a database outside the cluster) need an ipBlock rule of their own.',
    ],
    body: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(name, plan.namespace),
      spec: {
        podSelector,
        policyTypes: ['Egress'],
        egress: [new Commented({ to: [{ namespaceSelector: {} }] }, 'every pod of every namespace: in-cluster traffic stays allowed')],
      },
    },
  };
}

export function selectorText(selector: Record<string, string>): string {
  return Object.entries(selector)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
}
