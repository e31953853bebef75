// The shape of the field documentation that hover and completion show.
// Istio's API is a tree of protobuf messages; several fields reuse one message
// (TrafficPolicy at four places of a DestinationRule, StringMatch all over a
// VirtualService), so documentation is written per message, once, and a
// field points at the message of its value. istio.io anchors every field as
// `#<Message>-<field_name>` on the reference page of the proto that defines
// the message, which is what `page` and `anchor` build.

/** One proto message: where istio.io documents it and what its fields do. */
export interface MessageDoc {
  /** The istio.io reference page that holds the message (ends with `/`). */
  page: string;
  /** The message's anchor on that page: its proto name, nested names joined by `-` (`ConnectionPoolSettings-TCPSettings`). */
  anchor: string;
  /**
   * How a field links: `field` (istio.io, `#<anchor>-<field>`, the default) or `type`: the Gateway API
   * reference anchors types only, as the lowercased type name (`#httproutematch`), so a field links its type.
   */
  links?: 'field' | 'type';
  fields: Record<string, FieldDoc>;
}

/** One field, keyed by its YAML (camelCase) name in `MessageDoc.fields`. */
export interface FieldDoc {
  /** What the field does and what goes wrong when it is wrong: our own words, markdown, at least one full sentence. */
  doc: string;
  /** What Istio (or Envoy through Istio) uses when the field is left out, where it defines one. */
  default?: string;
  /** The format or unit of the value, e.g. a duration. */
  format?: string;
  /** The allowed values of a number or a list. */
  range?: string;
  /** `true` when Istio rejects the resource without it (the schema may not say so), or the condition under which it is required. */
  required?: true | string;
  /** The field is deprecated: what to write instead. */
  deprecated?: string;
  /** The Istio release that added the field (the schema's overlay also records it; this wins). */
  since?: string;
  /** A short YAML example, for fields that are often written wrong. */
  example?: string;
  /** Meaning of each enum value. */
  values?: Record<string, string>;
  /** The message of the field's value: of the object, of each list item, or of each map value. */
  message?: MessageDoc;
  /** The proto hides the field from istio.io (`$hide_from_docs`): the link goes to its message. */
  hidden?: true;
  /** The proto field name when it is not the snake_case of the YAML name (`consecutive_5xx_errors`). */
  proto?: string;
}

/** Pages of the istio.io configuration reference. */
const REF = 'https://istio.io/latest/docs/reference/config/';
export const PAGES = {
  destinationRule: `${REF}networking/destination-rule/`,
  virtualService: `${REF}networking/virtual-service/`,
  gateway: `${REF}networking/gateway/`,
  serviceEntry: `${REF}networking/service-entry/`,
  sidecar: `${REF}networking/sidecar/`,
  workloadEntry: `${REF}networking/workload-entry/`,
  workloadGroup: `${REF}networking/workload-group/`,
  envoyFilter: `${REF}networking/envoy-filter/`,
  proxyConfig: `${REF}networking/proxy-config/`,
  workloadSelector: `${REF}type/workload-selector/`,
  authorizationPolicy: `${REF}security/authorization-policy/`,
  peerAuthentication: `${REF}security/peer_authentication/`,
  requestAuthentication: `${REF}security/request_authentication/`,
  telemetry: `${REF}telemetry/`,
  wasmPlugin: `${REF}proxy_extensions/wasm-plugin/`,
  trafficExtension: `${REF}proxy_extensions/traffic_extension/`,
  /** The Gateway API's standard-channel reference (crd-ref-docs output: one `#### Type` heading per Go type). */
  gatewayApi: 'https://gateway-api.sigs.k8s.io/reference/spec/',
} as const;

/** The format of every `google.protobuf.Duration` field. */
export const DURATION = 'a duration, digits with a unit, `h`, `m`, `s` or `ms` (e.g. `1h`, `30s`, `250ms`)';
/** Most Istio durations also have a floor. */
export const DURATION_1MS = `${DURATION}; at least \`1ms\``;
