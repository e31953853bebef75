// Messages of virtual_service.proto that routes share: the destination, the
// string match, the percentage, and the match attributes of TLS and TCP routes.
import { PAGES, type FieldDoc, type MessageDoc } from '../types';
import { PORT_SELECTOR } from './common';

const page = PAGES.virtualService;

export const DESTINATION: MessageDoc = {
  page,
  anchor: 'Destination',
  fields: {
    host: {
      doc:
        'The service that receives the traffic, as named in the service registry: a Kubernetes Service (`reviews.bookinfo.svc.cluster.local`) or a ServiceEntry host. ' +
        'A short name is resolved in the namespace of **this VirtualService**, not of the service, so write fully qualified names across namespaces. ' +
        'A host that is not registered has no cluster behind it: requests fail with 503, or 502 from the BlackHoleCluster under `REGISTRY_ONLY` (IST0101); a plain TCP destination is only recognised by address, so an external one needs ServiceEntry `addresses` (IST0134).',
      required: true,
      format: 'FQDN, short name, or ServiceEntry host',
      example: 'destination:\n  host: reviews.prod.svc.cluster.local\n  subset: v2',
    },
    subset: {
      doc:
        'The name of a subset (`spec.subsets[].name`) that a DestinationRule for the destination host defines, typically a version such as `v1`; that DestinationRule must be visible to this VirtualService\'s namespace. ' +
        'If no DestinationRule defines the subset, requests fail with 503 (IST0101); if its labels select no pod, they fail with 503 `UH`, no healthy upstream (IST0173).',
    },
    port: {
      doc:
        'The port of the destination service to send to. It can be left out when the service has a single port; with several ports it is needed (IST0112), because otherwise the port the request arrived on is used, which breaks on a gateway listening on 80 in front of a service on 8080.',
      required: 'when the destination service has more than one port',
      message: PORT_SELECTOR,
    },
  },
};

export const PERCENT: MessageDoc = {
  page,
  anchor: 'Percent',
  fields: {
    value: {
      doc: 'The percentage itself, as a number between 0 and 100 that may have decimals (`0.1` is one request in a thousand). It sits inside an object: `percentage: {value: 10}`, not `percentage: 10`.',
      range: '0.0–100.0',
    },
  },
};

/** A `percentage` field: an object, which people often write as a bare number. */
export function percentage(doc: string, what: string): FieldDoc {
  return {
    doc: `${doc} It is an object, \`percentage: {value: 10}\` for 10%; a bare number (\`percentage: 10\`, as *Istio: Up and Running* writes in chapter 8) is the wrong type (IST0106).`,
    default: what,
    message: PERCENT,
    example: 'percentage:\n  value: 10   # percent',
  };
}

export const STRING_MATCH: MessageDoc = {
  page,
  anchor: 'StringMatch',
  fields: {
    exact: { doc: 'Matches when the value equals this string exactly, case included. Set only one of `exact`, `prefix` and `regex`.' },
    prefix: { doc: 'Matches when the value starts with this string, case included. `prefix: /api` also matches `/apis`; end it with `/` to match a path segment only.' },
    regex: {
      doc: 'Matches when the value matches this RE2 regular expression as a **whole** (it is anchored at both ends), so `v1` does not match `/api/v1`. In a double-quoted YAML string a backslash starts an escape: write regular expressions in single quotes.',
      format: 'RE2 syntax, matched against the whole value',
      example: "uri:\n  regex: '^/api/v[0-9]+/.*'",
    },
  },
};

/** The fields that `tls.match` and `tcp.match` items share. */
export function l4MatchFields(anchorOf: string): Record<string, FieldDoc> {
  return {
    destinationSubnets: {
      doc: `The destination IP addresses or CIDR ranges this ${anchorOf} matches, e.g. \`10.1.0.0/16\`. It only makes sense for traffic that reaches the proxy by IP address.`,
      format: 'IPv4 or IPv6 address, optionally with a `/prefix`',
    },
    port: {
      doc: 'The port the client connected to, as a single number. The field is `port`, not `ports` (*Istio: Up and Running*, chapter 8, Example 8-34 writes `ports: 443`, which Istio drops as an unknown field, IST0106).',
      range: '1–65535',
    },
    sourceLabels: {
      doc: 'Only traffic from workloads with all these labels matches. When the VirtualService lists `gateways`, it only applies if `mesh` is among them, since it is about sidecar clients.',
      format: 'map of label name to exact value',
    },
    gateways: {
      doc:
        'Restricts this match to traffic handled by the named gateways (`mesh` for the sidecars), replacing the top-level `gateways` for this match. ' +
        'Every name here must also appear in the top-level `gateways` list, or the VirtualService never reaches that gateway and the match can never fire (ILS0203).',
    },
    sourceNamespace: { doc: 'Only traffic from workloads of this namespace matches. Like `sourceLabels`, it only applies to sidecar clients (`mesh`).' },
  };
}
