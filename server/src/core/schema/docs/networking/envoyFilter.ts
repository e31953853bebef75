// EnvoyFilter: patches the Envoy configuration that istiod generates. Facts
// from istio/api networking/v1alpha3/envoy_filter.proto; the sentences are ours.
import { PAGES, type MessageDoc } from '../types';
import { NETWORKING_WORKLOAD_SELECTOR } from './common';
import { POLICY_TARGET_REFERENCE } from '../type/policyTarget';

const page = PAGES.envoyFilter;

const PROXY_MATCH: MessageDoc = {
  page,
  anchor: 'EnvoyFilter-ProxyMatch',
  fields: {
    proxyVersion: {
      doc: 'An RE2 regular expression matched against the proxy\'s Istio version (such as `1.24.2`), to apply a patch only to proxies whose Envoy understands it. Pin patches this way across upgrades, since Envoy field names change between releases.',
      format: 'RE2 regular expression',
      example: "proxy:\n  proxyVersion: '^1\\.2[4-9].*'",
    },
    metadata: { doc: 'Node metadata keys and values that the proxy must report to istiod, all of them, compared exactly. Only string values are compared.', format: 'map of metadata key to exact value' },
  },
};

const CLUSTER_MATCH: MessageDoc = {
  page,
  anchor: 'EnvoyFilter-ClusterMatch',
  fields: {
    portNumber: { doc: 'The service port the cluster was generated for. Clusters of other ports are not patched.', range: '1–65535' },
    service: { doc: 'The fully qualified service name the cluster was generated for, such as `reviews.prod.svc.cluster.local`. A short name matches nothing.' },
    subset: { doc: 'The DestinationRule subset the cluster was generated for.' },
    name: { doc: 'The exact cluster name, such as `outbound|9080|v1|reviews.prod.svc.cluster.local` or a cluster you added. It overrides the other cluster match fields.' },
  },
};

const ROUTE_MATCH: MessageDoc = {
  page,
  anchor: 'EnvoyFilter-RouteConfigurationMatch-RouteMatch',
  fields: {
    name: { doc: 'The name of the route to patch: `default` for the routes Istio generates, or the `name` of an HTTP route of a VirtualService.' },
    action: {
      doc: 'Patch only routes of this kind.',
      default: '`ANY`',
      values: { ANY: 'Every route, whatever it does.', ROUTE: 'Routes that forward to a destination.', REDIRECT: 'Routes that answer with a redirect.', DIRECT_RESPONSE: 'Routes that answer directly.' },
    },
  },
};

const VIRTUAL_HOST_MATCH: MessageDoc = {
  page,
  anchor: 'EnvoyFilter-RouteConfigurationMatch-VirtualHostMatch',
  fields: {
    name: { doc: 'The virtual host to patch, named `host:port` by Istio (`reviews.prod.svc.cluster.local:9080`). A name that Istio does not generate matches nothing, silently.' },
    domainName: { doc: 'Patch the virtual host that serves this domain, instead of naming the virtual host itself.' },
    route: { doc: 'Narrows the patch to one route of the virtual host.', message: ROUTE_MATCH },
  },
};

const ROUTE_CONFIGURATION_MATCH: MessageDoc = {
  page,
  anchor: 'EnvoyFilter-RouteConfigurationMatch',
  fields: {
    portNumber: { doc: 'The service port (or gateway server port) the route configuration was generated for.', range: '1–65535' },
    portName: { doc: 'The gateway server\'s port name; only for the `GATEWAY` context.' },
    gateway: { doc: 'The Istio Gateway, as `namespace/name`, that the route configuration was generated for; only for the `GATEWAY` context.' },
    vhost: { doc: 'Narrows the patch to one virtual host of the route configuration.', message: VIRTUAL_HOST_MATCH },
    name: { doc: 'The exact route configuration name, such as `9080` on sidecars or `http.80` on gateways.' },
  },
};

const SUB_FILTER_MATCH: MessageDoc = {
  page,
  anchor: 'EnvoyFilter-ListenerMatch-SubFilterMatch',
  fields: {
    name: { doc: 'The filter to patch inside the matched filter, such as `envoy.filters.http.router` inside the HTTP connection manager.' },
  },
};

const FILTER_MATCH: MessageDoc = {
  page,
  anchor: 'EnvoyFilter-ListenerMatch-FilterMatch',
  fields: {
    name: { doc: 'The network filter to match, by its canonical name such as `envoy.filters.network.http_connection_manager`; old names from before Envoy 1.14 no longer match.' },
    subFilter: { doc: 'The filter one level down, typically an HTTP filter inside the HTTP connection manager.', message: SUB_FILTER_MATCH },
  },
};

const FILTER_CHAIN_MATCH: MessageDoc = {
  page,
  anchor: 'EnvoyFilter-ListenerMatch-FilterChainMatch',
  fields: {
    name: { doc: 'The name Istio gave the filter chain.' },
    sni: { doc: 'The SNI in the filter chain\'s match condition, for chains split by server name.' },
    transportProtocol: {
      doc: 'The transport protocol of the filter chain, only in the `SIDECAR_INBOUND` context: `tls` for chains that receive TLS (Istio mTLS included), `raw_buffer` for plain text.',
      format: '`tls` or `raw_buffer`',
    },
    applicationProtocols: { doc: 'Comma-separated application protocols (ALPN) of the filter chain, such as `h2` or `istio-http/1.1`; only on sidecars.' },
    filter: { doc: 'Narrows the patch to one network filter of the chain.', message: FILTER_MATCH },
    destinationPort: { doc: 'The destination port in the filter chain\'s match condition, on listeners that handle several ports.', range: '1–65535' },
  },
};

const LISTENER_MATCH: MessageDoc = {
  page,
  anchor: 'EnvoyFilter-ListenerMatch',
  fields: {
    portNumber: { doc: 'The port of the listener: the service or gateway port for outbound and gateway listeners, the workload port for inbound ones. A port no listener has matches nothing, silently.', range: '1–65535' },
    portName: { doc: 'A port name to match, hidden from Istio\'s reference; istiod ignores it.', hidden: true },
    filterChain: { doc: 'Narrows the patch to one filter chain of the listener.', message: FILTER_CHAIN_MATCH },
    listenerFilter: { doc: 'The listener filter to patch, such as `envoy.filters.listener.tls_inspector`.' },
    name: { doc: 'The exact listener name, such as `0.0.0.0_8080` or `virtualInbound`.' },
  },
};

const WAYPOINT_ROUTE: MessageDoc = {
  page,
  anchor: 'EnvoyFilter-WaypointMatch-RouteMatch',
  fields: { name: { doc: 'The route to patch inside the waypoint, by name.' } },
};

const WAYPOINT_SUB_FILTER: MessageDoc = {
  page,
  anchor: 'EnvoyFilter-WaypointMatch-FilterMatch-SubFilterMatch',
  fields: { name: { doc: 'The filter inside the matched waypoint filter, by name.' } },
};

const WAYPOINT_FILTER: MessageDoc = {
  page,
  anchor: 'EnvoyFilter-WaypointMatch-FilterMatch',
  fields: {
    name: { doc: 'The waypoint filter to patch, by canonical name.' },
    subFilter: { doc: 'The filter one level down inside it.', message: WAYPOINT_SUB_FILTER },
  },
};

const WAYPOINT_MATCH: MessageDoc = {
  page,
  anchor: 'EnvoyFilter-WaypointMatch',
  fields: {
    portNumber: { doc: 'The service port served by the waypoint.', range: '1–65535' },
    route: { doc: 'Narrows the patch to one waypoint route.', message: WAYPOINT_ROUTE },
    filter: { doc: 'Narrows the patch to one waypoint filter.', message: WAYPOINT_FILTER },
  },
};

const OBJECT_MATCH: MessageDoc = {
  page,
  anchor: 'EnvoyFilter-EnvoyConfigObjectMatch',
  fields: {
    context: {
      doc: 'Which proxies and which direction of traffic the patch applies to. A patch for gateways with `SIDECAR_OUTBOUND` silently does nothing.',
      default: '`ANY`',
      values: {
        ANY: 'Sidecars (inbound and outbound) and gateways alike.',
        SIDECAR_INBOUND: 'The sidecar\'s configuration for traffic coming into the workload.',
        SIDECAR_OUTBOUND: 'The sidecar\'s configuration for traffic leaving the workload.',
        GATEWAY: 'Gateway proxies.',
        WAYPOINT: 'Waypoint proxies (ambient mode); hidden from Istio\'s reference.',
      },
    },
    proxy: { doc: 'Apply the patch only to proxies of a given version or with given metadata.', message: PROXY_MATCH },
    listener: { doc: 'Select the listener (and filter chain or filter) to patch. Use with `applyTo` `LISTENER`, `FILTER_CHAIN`, `NETWORK_FILTER`, `HTTP_FILTER` or `LISTENER_FILTER`.', message: LISTENER_MATCH },
    routeConfiguration: { doc: 'Select the route configuration (and virtual host or route) to patch. Use with `applyTo` `ROUTE_CONFIGURATION`, `VIRTUAL_HOST` or `HTTP_ROUTE`.', message: ROUTE_CONFIGURATION_MATCH },
    cluster: { doc: 'Select the cluster to patch. Use with `applyTo: CLUSTER`.', message: CLUSTER_MATCH },
    waypoint: { doc: 'Select what to patch in a waypoint proxy; only with `context: WAYPOINT`, and hidden from Istio\'s reference.', hidden: true, message: WAYPOINT_MATCH },
  },
};

const PATCH: MessageDoc = {
  page,
  anchor: 'EnvoyFilter-Patch',
  fields: {
    operation: {
      doc: 'How `value` is applied to the matched object. A wrong operation for the `applyTo` (say `REPLACE` on a cluster) is rejected or ignored.',
      values: {
        INVALID: 'Not a usable operation; the patch is rejected.',
        MERGE: 'Merge `value` into the matched object with protobuf merge rules; lists are appended to. To replace a whole filter, use `REPLACE`.',
        ADD: 'Add `value` as a new listener, filter chain, cluster or route, next to the existing ones.',
        REMOVE: 'Remove the matched object; `value` is not used.',
        INSERT_BEFORE: 'Insert `value` before the matched filter or route; without a filter or route match, first in the list.',
        INSERT_AFTER: 'Insert `value` after the matched filter or route; without a filter or route match, last in the list.',
        INSERT_FIRST: 'Insert `value` first in the list, whatever the match.',
        REPLACE: 'Replace the matched object with `value`; only for `HTTP_FILTER` and `NETWORK_FILTER`.',
        MERGE_AND_REPLACE_LIST: 'Merge like `MERGE`, except that lists in `value` replace the existing lists instead of being appended.',
      },
    },
    value: {
      doc: 'The Envoy configuration to merge, add or insert, in Envoy\'s JSON/YAML form with `@type` for typed configs. istiod does not check it against Envoy: a typo reaches the proxy, which may reject the whole listener or cluster.',
      format: 'Envoy configuration object',
      example: 'value:\n  name: envoy.filters.http.lua\n  typed_config:\n    "@type": type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua\n    default_source_code:\n      inline_string: |\n        function envoy_on_request(h) end',
    },
    filterClass: {
      doc: 'Where an added HTTP filter goes in the chain, relative to Istio\'s own filters; it overrides `INSERT_*` positions, which depend on filters that may change between releases.',
      default: '`UNSPECIFIED`',
      values: {
        UNSPECIFIED: 'Use the position the operation gives.',
        AUTHN: 'Before Istio\'s authentication filters.',
        AUTHZ: 'After authentication, before Istio\'s authorization filters.',
        STATS: 'After authorization, before Istio\'s telemetry filters.',
      },
    },
  },
};

const CONFIG_PATCH: MessageDoc = {
  page,
  anchor: 'EnvoyFilter-EnvoyConfigObjectPatch',
  fields: {
    applyTo: {
      doc: 'The kind of Envoy object the patch applies to; it must agree with the `match` (a listener match for filters, a cluster match for clusters).',
      values: {
        INVALID: 'Not a usable target; the patch is rejected.',
        LISTENER: 'A whole listener.',
        FILTER_CHAIN: 'A filter chain of a listener.',
        NETWORK_FILTER: 'A network filter in a filter chain (modify one or add one).',
        HTTP_FILTER: 'An HTTP filter inside the HTTP connection manager (modify one or add one).',
        ROUTE_CONFIGURATION: 'A route configuration as a whole; only `MERGE` is allowed.',
        VIRTUAL_HOST: 'A virtual host of a route configuration.',
        HTTP_ROUTE: 'A route inside a virtual host.',
        CLUSTER: 'A cluster, or a new one with `ADD`.',
        EXTENSION_CONFIG: 'An extension config served over ECDS (HTTP filters only).',
        BOOTSTRAP: 'The proxy\'s bootstrap configuration; deprecated.',
        LISTENER_FILTER: 'A listener filter, such as the TLS inspector.',
      },
      required: true,
    },
    match: { doc: 'Which objects of that kind to patch; without it, every object of the kind in every context.', message: OBJECT_MATCH },
    patch: { doc: 'The operation and the configuration to apply to each matched object.', message: PATCH },
  },
};

export const ENVOY_FILTER: MessageDoc = {
  page,
  anchor: 'EnvoyFilter',
  fields: {
    workloadSelector: {
      doc: 'The workloads of this namespace to patch. Without it, every workload of the namespace, or of the whole mesh when the EnvoyFilter is in the root namespace (`istio-system`).',
      message: NETWORKING_WORKLOAD_SELECTOR,
    },
    targetRefs: {
      doc: 'The resources whose proxies to patch: a Gateway API `Gateway`, a `Service` (waypoints only), a `ServiceEntry` in the same namespace, or a `GatewayClass` from the root namespace. Use it or `workloadSelector`, not both; waypoints only honour this field.',
      range: 'at most 16 references',
      message: POLICY_TARGET_REFERENCE,
      // The proto spells this field in camelCase, and istio.io's anchor follows it.
      proto: 'targetRefs',
    },
    configPatches: {
      doc: 'The patches, applied in order. Patches depend on Envoy internals that change between Istio releases: pin them with `match.proxy.proxyVersion` and check them on every upgrade.',
      message: CONFIG_PATCH,
    },
    priority: {
      doc: 'The order of this EnvoyFilter among others for the same proxy: lower first. Root-namespace EnvoyFilters run before namespace ones, then by priority, creation time and name.',
      default: '`0`',
      range: '32-bit signed integer',
    },
  },
};
