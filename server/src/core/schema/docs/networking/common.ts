// Messages that several networking kinds share: the port selector, the
// workload selector, and the `exportTo` field every networking kind has.
import { PAGES, type FieldDoc, type MessageDoc } from '../types';

export const PORT_SELECTOR: MessageDoc = {
  page: PAGES.virtualService,
  anchor: 'PortSelector',
  fields: {
    number: {
      doc: 'The port number on the destination service, as the service declares it (not the container port). If the service has no such port, the setting never applies: a route to it finds no cluster and a port-level policy is silently ignored.',
      range: '1–65535',
      required: true,
    },
  },
};

export const WORKLOAD_SELECTOR: MessageDoc = {
  page: PAGES.workloadSelector,
  anchor: 'WorkloadSelector',
  fields: {
    matchLabels: {
      doc: 'Pod (or WorkloadEntry) labels that all have to be present for the resource to apply to a workload, within the resource\'s own namespace. A selector that matches nothing makes the resource do nothing, without any error from Istio.',
      format: 'map of label name to exact value; at most 4096 entries, no wildcards',
      example: 'workloadSelector:\n  matchLabels:\n    app: ratings',
    },
  },
};

/** Istio's port protocols (a string field, not an enum, in the schema): what each lets the proxy do. */
export const PORT_PROTOCOLS: Record<string, string> = {
  HTTP: 'HTTP/1.1 (and HTTP/2 with prior knowledge): routing by path and headers, retries, timeouts and request metrics.',
  HTTPS: 'TLS carrying HTTP; on a sidecar or `PASSTHROUGH` server it is routed by SNI without decryption, on a gateway server it needs a `tls` block.',
  GRPC: 'gRPC over HTTP/2, with the same L7 routing as HTTP and gRPC status codes in metrics.',
  'GRPC-WEB': 'gRPC-Web from browsers, handled as HTTP.',
  HTTP2: 'HTTP/2: L7 routing like HTTP; the proxy talks HTTP/2 to the destination.',
  MONGO: 'The MongoDB wire protocol; proxied as TCP with Mongo-specific statistics.',
  TCP: 'Opaque TCP: routed by destination address and port only; no retries, timeouts or header matches.',
  TLS: 'TLS that the proxy does not decrypt: routed by SNI (`tls` routes with `sniHosts`).',
};

/** The selector of sidecar.proto (Sidecar, ServiceEntry): its field is `labels`, not `matchLabels`. */
export const NETWORKING_WORKLOAD_SELECTOR: MessageDoc = {
  page: PAGES.sidecar,
  anchor: 'WorkloadSelector',
  fields: {
    labels: {
      doc: 'Labels that a pod or WorkloadEntry of the resource\'s namespace must all carry to be selected. Writing `matchLabels` here is an unknown field, and a selector that matches nothing makes the resource select nothing, silently.',
      format: 'map of label name to exact value',
      example: 'workloadSelector:\n  labels:\n    app: legacy-vm',
    },
  },
};

/** `exportTo` reads the same on every kind; `what` names the resource, `effect` what visibility changes. */
export function exportTo(what: string, effect: string): FieldDoc {
  return {
    doc:
      `The namespaces where this ${what} is visible. ${effect} ` +
      'Each entry is `.` (the resource\'s own namespace), `*` (every namespace) or a namespace name; `~` (no namespace) hides it entirely.',
    default: 'every namespace (`*`), unless the mesh config sets another default for the kind',
    format: 'list of namespace names, `.`, `*` or `~`',
    example: 'exportTo:\n- "."            # only this namespace\n- istio-system   # and the gateways running there',
  };
}

/** A field whose value is a selector of workloads in the resource's namespace. */
export function workloadSelector(doc: string): FieldDoc {
  return { doc, message: WORKLOAD_SELECTOR };
}
