// Telemetry: tracing, metrics and access logs of the selected workloads,
// layered from the mesh (root namespace) to a namespace to a workload. Facts
// from istio/api telemetry/v1alpha1/telemetry.proto, istiod's validation
// (pkg/config/validation/validation.go), its built-in providers
// (pkg/config/mesh/mesh.go) and tracing setup (pilot/pkg/networking/core/tracing.go).
import { DURATION_1MS, PAGES, type FieldDoc, type MessageDoc } from '../types';
import { workloadSelector } from '../networking/common';
import { targetRef, targetRefs } from '../type/policyTarget';

const page = PAGES.telemetry;

const PROVIDER_REF: MessageDoc = {
  page,
  anchor: 'ProviderRef',
  fields: {
    name: {
      doc:
        'The `name` of an `extensionProviders` entry in the mesh config, or one of the built-in `prometheus`, `stackdriver` and `envoy` (access logs to the proxy\'s stdout). A name the mesh config does not define configures nothing, and the signal silently stays off.',
      required: true,
      example: 'providers:\n- name: otel-tracing   # meshConfig.extensionProviders[].name',
    },
  },
};

/** The `providers` list of tracing, metrics and access logging; `what` names the signal. */
function providers(what: string, extra = ''): FieldDoc {
  return {
    doc: `The providers that receive the ${what}, by name. Left out, the ones the mesh config lists in \`defaultProviders\` are used. ${extra}`.trim(),
    default: `the mesh config's \`defaultProviders\` for ${what}`,
    message: PROVIDER_REF,
  };
}

/** The direction selector that tracing and access logging share. */
function modeSelector(anchor: string, what: string): FieldDoc {
  return {
    since: '1.14',
    doc: `Limits this ${what} configuration to traffic in one direction relative to the workload: outbound (\`CLIENT\`), inbound (\`SERVER\`) or both.`,
    default: 'both directions',
    message: {
      page,
      anchor,
      fields: {
        mode: {
          doc: `The traffic direction this ${what} configuration applies to. A gateway's traffic counts as \`CLIENT\`, since the gateway sends it on.`,
          default: '`CLIENT_AND_SERVER`',
          since: '1.14',
          values: WORKLOAD_MODE,
        },
      },
    },
  };
}

const WORKLOAD_MODE: Record<string, string> = {
  CLIENT_AND_SERVER: 'Both the traffic the workload sends and the traffic it receives.',
  CLIENT: 'Only traffic the workload sends (outbound); a gateway\'s traffic counts here.',
  SERVER: 'Only traffic the workload receives (inbound).',
};

const CUSTOM_TAG: MessageDoc = {
  page,
  anchor: 'Tracing-CustomTag',
  fields: {
    literal: {
      doc: 'Give the tag the same fixed value on every span. Set exactly one of `literal`, `environment`, `header` or `formatter`.',
      message: {
        page,
        anchor: 'Tracing-Literal',
        fields: { value: { doc: 'The fixed value of the tag. It must not be empty.', required: true } },
      },
    },
    environment: {
      doc: 'Take the tag\'s value from an environment variable of the proxy container. Set exactly one of `literal`, `environment`, `header` or `formatter`.',
      message: {
        page,
        anchor: 'Tracing-Environment',
        fields: {
          name: { doc: 'The environment variable to read, as set on the `istio-proxy` container (not the application container).', required: true },
          defaultValue: { doc: 'The value to use when the variable is not set. Without it the tag is left off such spans.', default: 'none: the tag is left off' },
        },
      },
    },
    header: {
      doc: 'Take the tag\'s value from a request header. Set exactly one of `literal`, `environment`, `header` or `formatter`.',
      message: {
        page,
        anchor: 'Tracing-RequestHeader',
        fields: {
          name: { doc: 'The request header to read, such as `x-user-id`. It must not be empty.', required: true },
          defaultValue: { doc: 'The value to use when the request has no such header. Without it the tag is left off such spans.', default: 'none: the tag is left off' },
        },
      },
    },
    formatter: {
      doc: 'Build the tag\'s value with an access-log format operator such as `%REQUESTED_SERVER_NAME%`. Set exactly one of `literal`, `environment`, `header` or `formatter`.',
      since: '1.29',
      message: {
        page,
        anchor: 'Tracing-Formatter',
        fields: {
          value: {
            doc: 'The format string, using Envoy\'s access-log operators (`%UPSTREAM_CLUSTER%`, `%REQ(x-tenant)%`). Operators Envoy does not know produce an empty string rather than an error.',
            required: true,
          },
        },
      },
    },
  },
};

const TRACING: MessageDoc = {
  page,
  anchor: 'Tracing',
  fields: {
    match: modeSelector('Tracing-TracingSelector', 'tracing'),
    providers: providers('spans', 'Only one provider per tracing entry is supported (the webhook warns about more).'),
    randomSamplingPercentage: {
      doc:
        'The share of requests to trace when no earlier proxy has decided (no sampling header such as `traceparent` or `x-b3-sampled` arrives); an upstream decision is always kept. A sampler configured on the provider overrides it.',
      default: 'the parent Telemetry\'s value, else the mesh\'s `defaultConfig.tracing.sampling`, else 1%',
      format: 'a percentage, in steps of 0.01',
      range: '0–100',
      example: 'tracing:\n- randomSamplingPercentage: 10.0   # percent, not a fraction',
    },
    disableSpanReporting: {
      doc: 'Stop the selected proxies from sending spans. Trace headers are still forwarded and sampling decisions still made, so traces continue through other workloads.',
      default: '`false`, or the parent Telemetry\'s value',
    },
    customTags: {
      doc: 'Extra tags to add to every span, keyed by tag name. A workload\'s `customTags` replace the parent configuration\'s tags as a whole rather than adding to them.',
      format: 'map of tag name to one of `literal`, `environment`, `header` or `formatter`',
      example: 'customTags:\n  cluster:\n    literal:\n      value: eu-1\n  user:\n    header:\n      name: x-user-id\n      defaultValue: anonymous',
      message: CUSTOM_TAG,
    },
    useRequestIdForTraceSampling: {
      doc: 'Whether Envoy samples according to the `x-request-id` it generated. Set it to `false` when the first proxy\'s request ids are not in Envoy\'s format, which would otherwise break traces.',
      default: '`true`',
      since: '1.13',
      hidden: true,
    },
    enableIstioTags: {
      doc: 'Whether spans carry Istio\'s own tags (mesh id, canonical service and revision, and so on). Turning it off makes spans smaller but loses those dimensions in the tracing backend.',
      default: '`true`',
    },
    disableContextPropagation: {
      doc:
        'Stop the selected proxies from forwarding trace context headers (`traceparent`/`tracestate`, `X-B3-*`) while they still report spans. It suits an egress gateway, so trace ids do not leak to external services; it does not affect span reporting.',
      default: '`false`',
    },
  },
};

const METRIC_SELECTOR: MessageDoc = {
  page,
  anchor: 'MetricSelector',
  fields: {
    metric: {
      doc: 'One of Istio\'s standard metrics, or all of them. Set `metric` or `customMetric`, not both.',
      default: '`ALL_METRICS`',
      values: {
        ALL_METRICS: 'Every standard Istio metric.',
        REQUEST_COUNT: 'Requests counted for HTTP, HTTP/2 and gRPC (`istio_requests_total` in Prometheus).',
        REQUEST_DURATION: 'Request duration histogram (`istio_request_duration_milliseconds`).',
        REQUEST_SIZE: 'Request body size histogram (`istio_request_bytes`).',
        RESPONSE_SIZE: 'Response body size histogram (`istio_response_bytes`).',
        TCP_OPENED_CONNECTIONS: 'TCP connections opened (`istio_tcp_connections_opened_total`).',
        TCP_CLOSED_CONNECTIONS: 'TCP connections closed (`istio_tcp_connections_closed_total`).',
        TCP_SENT_BYTES: 'Bytes sent in responses over TCP (`istio_tcp_sent_bytes_total`).',
        TCP_RECEIVED_BYTES: 'Bytes received in requests over TCP (`istio_tcp_received_bytes_total`).',
        GRPC_REQUEST_MESSAGES: 'gRPC messages sent by clients (`istio_request_messages_total`).',
        GRPC_RESPONSE_MESSAGES: 'gRPC messages sent by servers (`istio_response_messages_total`).',
      },
    },
    customMetric: {
      doc: 'The name of a metric outside the standard list, written freely. Istio does not check it, so a misspelt name matches nothing and the override does nothing.',
      format: 'a non-empty metric name',
    },
    mode: {
      doc: 'Whether the override applies to metrics the workload reports as client (outbound), as server (inbound), or both.',
      default: '`CLIENT_AND_SERVER`',
      values: WORKLOAD_MODE,
    },
  },
};

const TAG_OVERRIDE: MessageDoc = {
  page,
  anchor: 'MetricsOverrides-TagOverride',
  fields: {
    operation: {
      doc: 'Whether to set the tag (label) or to drop it from the metric. Dropping labels is the usual way to cut metric cardinality.',
      default: '`UPSERT`',
      values: {
        UPSERT: 'Add the tag, or replace its value, with the result of `value`, which is then required.',
        REMOVE: 'Leave the tag out of the metric; `value` must not be set.',
      },
    },
    value: {
      doc: 'A CEL expression over request and node attributes that gives the tag\'s value, such as `request.host` or `string(destination.port)`. Required with `UPSERT` and rejected with `REMOVE`; a plain word is read as an attribute name, so quote literal strings.',
      required: 'when `operation` is `UPSERT`',
      format: 'a CEL expression',
      example: 'tagOverrides:\n  request_host:\n    value: request.host\n  environment:\n    value: "\'production\'"   # a literal needs CEL quotes\n  grpc_response_status:\n    operation: REMOVE',
    },
  },
};

const METRICS_OVERRIDES: MessageDoc = {
  page,
  anchor: 'MetricsOverrides',
  fields: {
    match: {
      doc: 'Which metrics, and in which direction, this override changes. Left out, it applies to every standard metric in both directions.',
      default: 'all metrics, client and server',
      message: METRIC_SELECTOR,
    },
    disabled: {
      doc: 'Stop generating the matched metrics. A workload whose parent configuration disabled them has to set `false` explicitly to get them back.',
      default: '`false`, or the parent Telemetry\'s value',
    },
    tagOverrides: {
      doc: 'Tags (labels) of the matched metrics to add, change or remove, keyed by tag name. Some providers cannot add or remove tags.',
      format: 'map of tag name to `{operation, value}`',
      message: TAG_OVERRIDE,
    },
  },
};

const METRICS: MessageDoc = {
  page,
  anchor: 'Metrics',
  fields: {
    providers: providers('metrics', 'A standard install lists the built-in `prometheus` there.'),
    overrides: {
      doc: 'Changes to metric generation, applied in order after the overrides inherited from the mesh and namespace levels, so list general overrides before specific ones.',
      message: METRICS_OVERRIDES,
      example: 'overrides:\n- match:\n    metric: ALL_METRICS\n  tagOverrides:\n    request_protocol:\n      operation: REMOVE\n- match:\n    metric: REQUEST_COUNT\n    mode: SERVER\n  disabled: true',
    },
    reportingInterval: {
      doc: 'How often the proxies report metrics of long-lived connections; currently only TCP metrics use it. Shorter intervals give fresher numbers at more cost.',
      default: '`5s`',
      format: DURATION_1MS,
      since: '1.17',
    },
  },
};

const ACCESS_LOGGING: MessageDoc = {
  page,
  anchor: 'AccessLogging',
  fields: {
    match: modeSelector('AccessLogging-LogSelector', 'access logging'),
    providers: providers('access logs', 'A standard install lists none there; the built-in `envoy` provider writes to the proxy\'s stdout.'),
    disabled: {
      doc: 'Stop writing access logs for the selected workloads and providers, for example to silence a noisy namespace that the mesh-wide configuration logs.',
      default: '`false`, or the parent Telemetry\'s value',
    },
    filter: {
      doc: 'Log only the requests or connections for which a CEL expression is true, such as errors only.',
      default: 'no filter: every request is logged',
      since: '1.13',
      message: {
        page,
        anchor: 'AccessLogging-Filter',
        fields: {
          expression: {
            doc: 'A CEL expression over request, response and connection attributes; istiod rejects one that does not parse. A reference to an attribute that a request lacks can make the expression fail for it, so guard optional ones with `has(...)`.',
            format: 'a CEL expression',
            since: '1.13',
            example: 'filter:\n  expression: response.code >= 400 || !has(request.useragent)',
          },
        },
      },
    },
  },
};

export const TELEMETRY: MessageDoc = {
  page,
  anchor: 'Telemetry',
  fields: {
    selector: {
      ...workloadSelector(
        'The workloads (by pod labels) in the resource\'s namespace that this configuration applies to. ' +
          'Without it (and without `targetRefs`) it applies to the whole namespace, or to the whole mesh in the root namespace (`istio-system` by default); a workload configuration overrides the namespace one, which overrides the mesh one.',
      ),
      default: 'every workload in the namespace (the mesh, in the root namespace)',
    },
    targetRef: targetRef('Telemetry'),
    targetRefs: targetRefs('Telemetry'),
    tracing: {
      doc: 'How the selected workloads trace requests: provider, sampling rate, extra tags. Only one entry is supported (the webhook warns about more); fields left out are inherited from the namespace and mesh levels.',
      message: TRACING,
      example: 'tracing:\n- providers:\n  - name: otel-tracing\n  randomSamplingPercentage: 5.0',
    },
    metrics: {
      doc: 'How the selected workloads generate metrics: to which provider, and which metrics or labels to change or drop.',
      message: METRICS,
    },
    accessLogging: {
      doc: 'Whether and where the selected workloads write access logs. Without any provider (here or in the mesh config\'s defaults) no access log is written.',
      message: ACCESS_LOGGING,
      example: 'accessLogging:\n- providers:\n  - name: envoy',
    },
  },
};
