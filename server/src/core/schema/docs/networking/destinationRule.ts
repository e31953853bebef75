// DestinationRule: client-side policy for a host once routing has chosen it.
// Facts from istio/api networking/v1alpha3/destination_rule.proto.
import { PAGES, type MessageDoc } from '../types';
import { exportTo, workloadSelector } from './common';
import { TRAFFIC_POLICY } from './trafficPolicy';

const page = PAGES.destinationRule;

const SUBSET: MessageDoc = {
  page,
  anchor: 'Subset',
  fields: {
    name: {
      doc: 'The subset\'s name, which VirtualService routes use in `destination.subset` (and which Envoy puts into the cluster name). A route naming a subset that no visible DestinationRule defines fails with 503 (IST0101).',
      required: true,
      format: 'a DNS label: lowercase letters, digits and `-`',
    },
    labels: {
      doc: 'Pod labels that select this subset\'s endpoints among the service\'s endpoints, typically `version: v1`. They must match the labels of the **pod template** behind the service, not the Deployment\'s own labels; a subset that selects no pod fails with 503 `UH`, no healthy upstream (IST0173).',
      format: 'map of label name to exact value',
      example: 'subsets:\n- name: v1\n  labels:\n    version: v1',
    },
    trafficPolicy: {
      doc: 'A traffic policy for this subset only. It overrides the host-level `trafficPolicy` field by field at the top level: a block it sets (say `connectionPool`) replaces the host-level block, a block it leaves out is inherited.',
      message: TRAFFIC_POLICY,
    },
  },
};

export const DESTINATION_RULE: MessageDoc = {
  page,
  anchor: 'DestinationRule',
  fields: {
    host: {
      doc:
        'The service these client-side policies apply to, as named in the service registry (a Kubernetes Service or a ServiceEntry host); a short name is resolved in this DestinationRule\'s namespace, not the service\'s. ' +
        'A DestinationRule whose host matches no registered service is ignored without any error, so its pools, timeouts and TLS settings silently do nothing (IST0174). A wildcard (`*.example.com`) covers every registered host it matches.',
      required: true,
      format: 'FQDN (`reviews.prod.svc.cluster.local`), short name, or `*.`-prefixed wildcard',
      example: 'host: reviews.prod.svc.cluster.local   # not just "reviews" across namespaces',
    },
    trafficPolicy: {
      doc:
        'Client-side policies for the whole host: load balancing, connection pool, outlier detection, TLS, and per-port overrides in `portLevelSettings`. ' +
        'When several DestinationRules for one host are merged, only one top-level `trafficPolicy` takes effect and the others are ignored (ILS0301); subsets can override it with their own.',
      message: TRAFFIC_POLICY,
    },
    subsets: {
      doc:
        'Named groups of the host\'s endpoints, selected by pod labels (usually `version`), that VirtualService routes refer to with `subset`; each can override the traffic policy. ' +
        'Several DestinationRules for one host are merged: distinct subsets combine, but a subset name defined twice loses one definition (ILS0301).',
      message: SUBSET,
    },
    exportTo: exportTo(
      'DestinationRule',
      'Only clients in these namespaces use it; a DestinationRule in the client\'s own namespace takes precedence over one in the service\'s namespace, and a subset used by a VirtualService must be defined by a DestinationRule visible to that VirtualService\'s namespace.',
    ),
    workloadSelector: workloadSelector(
      'Limits the rule to the client workloads (pods or VMs) with these labels in the DestinationRule\'s namespace. Without it the rule applies to every client that can see it; with it, the rule must live in the clients\' namespace, and it is what lets sidecars use `tls.credentialName`.',
    ),
  },
};
