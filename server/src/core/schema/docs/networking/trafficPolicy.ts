// DestinationRule traffic policy: connection pools, outlier detection, client
// TLS, tunnelling, PROXY protocol and retry budgets, shared by the host-level,
// port-level and subset-level policies. Facts from istio/api
// networking/v1alpha3/destination_rule.proto; the sentences are ours.
import { DURATION, DURATION_1MS, PAGES, type FieldDoc, type MessageDoc } from '../types';
import { PORT_SELECTOR } from './common';
import { LOAD_BALANCER } from './loadBalancer';

const page = PAGES.destinationRule;
const UNLIMITED = '2^32-1 (effectively unlimited)';

const TCP_KEEPALIVE: MessageDoc = {
  page,
  anchor: 'ConnectionPoolSettings-TCPSettings-TcpKeepalive',
  fields: {
    probes: { doc: 'How many keepalive probes may go unanswered before the connection is considered dead and closed.', default: 'the operating system\'s setting (9 on Linux)' },
    time: {
      doc: 'How long a connection must be idle before the first keepalive probe is sent. Set it below the idle timeout of any NAT or firewall on the path, or those silently drop the connection.',
      default: 'the operating system\'s setting (7200s on Linux)',
      format: DURATION_1MS,
    },
    interval: { doc: 'The time between two keepalive probes once probing has started.', default: 'the operating system\'s setting (75s on Linux)', format: DURATION_1MS },
  },
};

const TCP_SETTINGS: MessageDoc = {
  page,
  anchor: 'ConnectionPoolSettings-TCPSettings',
  fields: {
    maxConnections: {
      doc: 'The most HTTP/1.1 or TCP connections each client proxy opens to the whole destination (all endpoints together). Beyond it, new TCP connections fail and HTTP requests queue up to `http1MaxPendingRequests`, then get a 503 with the `UO` (overflow) flag.',
      default: UNLIMITED,
      range: '≥ 1',
    },
    connectTimeout: {
      doc: 'How long the proxy waits for a TCP connection to an endpoint to be established. When it expires the attempt fails (503 `UF` for HTTP), which counts toward outlier detection and may be retried.',
      default: '`10s`',
      format: DURATION_1MS,
    },
    tcpKeepalive: { doc: 'Turns on TCP keepalive (`SO_KEEPALIVE`) on connections to the destination, so dead peers are detected and idle connections survive NATs and firewalls.', message: TCP_KEEPALIVE },
    maxConnectionDuration: {
      doc: 'How long a connection may live from its establishment; after that it is closed (HTTP/2 connections are drained first). Useful to rebalance long-lived connections after scaling.',
      default: 'no limit',
      format: DURATION_1MS,
    },
    idleTimeout: {
      doc: 'How long a TCP connection may go without sending or receiving bytes before it is closed; `0s` turns the timeout off. It belongs to the listener, so with weighted destinations the value of the first destination applies to all of them.',
      default: '`1h`',
      format: DURATION,
    },
  },
};

const CONNECTION_KEEPALIVE: MessageDoc = {
  page,
  anchor: 'ConnectionPoolSettings-HTTPSettings-ConnectionKeepalive',
  fields: {
    interval: { doc: 'How often to send an HTTP/2 PING frame on an upstream connection. Required when `http2KeepAlive` is set.', format: DURATION, required: 'when `http2KeepAlive` is set' },
    timeout: { doc: 'How long to wait for the PING reply before the connection is closed as dead. Required when `http2KeepAlive` is set.', format: DURATION, required: 'when `http2KeepAlive` is set' },
  },
};

const HTTP_SETTINGS: MessageDoc = {
  page,
  anchor: 'ConnectionPoolSettings-HTTPSettings',
  fields: {
    http1MaxPendingRequests: {
      doc: 'How many requests may wait for a free connection to the destination; the rest are refused at once with a 503 and the `UO` flag. Despite the name it applies to HTTP/1.1 and HTTP/2 alike.',
      default: UNLIMITED,
      range: '≥ 1',
      proto: 'http1_max_pending_requests',
    },
    http2MaxRequests: {
      doc: 'The most requests each client proxy may have in flight to the whole destination at once; more get a 503 with the `UO` flag. Despite the name it applies to HTTP/1.1 and HTTP/2 alike, which makes it the usual concurrency limit of a circuit breaker.',
      default: UNLIMITED,
      range: '≥ 1',
      proto: 'http2_max_requests',
    },
    maxRequestsPerConnection: {
      doc: 'How many requests one connection to an endpoint carries before it is closed and a new one opened. `1` turns keepalive off (a connection per request); `0` means no limit.',
      default: '`0` (unlimited, up to 2^29)',
      range: '≥ 0',
    },
    maxRetries: {
      doc: 'The most retries that may be outstanding to the destination at a time, over all endpoints; beyond it, failed requests are not retried. A low value protects an overloaded service from retry storms.',
      default: UNLIMITED,
    },
    idleTimeout: {
      doc: 'How long an upstream connection may go without active requests before it is closed (HTTP/2 connections are drained first). HTTP/2 PINGs do not count as activity.',
      default: '`1h`',
      format: DURATION_1MS,
    },
    h2UpgradePolicy: {
      doc: 'Whether HTTP/1.1 connections to the destination are upgraded to HTTP/2. The destination must speak HTTP/2 (h2c on plain text) or requests fail.',
      default: '`DEFAULT` (the mesh config\'s `h2UpgradePolicy`, which does not upgrade)',
      values: {
        DEFAULT: 'Follow the mesh-wide `h2UpgradePolicy` of the mesh config.',
        DO_NOT_UPGRADE: 'Keep HTTP/1.1 even if the mesh default upgrades.',
        UPGRADE: 'Upgrade to HTTP/2 even if the mesh default does not.',
      },
    },
    useClientProtocol: {
      doc: 'When `true`, the proxy speaks to the destination in the protocol the client used (HTTP/1.1 or HTTP/2). It makes `h2UpgradePolicy` ineffective, and istiod rejects it together with `h2UpgradePolicy: UPGRADE`.',
      default: '`false`',
    },
    maxConcurrentStreams: { doc: 'How many concurrent streams one HTTP/2 connection to an endpoint may carry; more requests open more connections.', default: '2^31-1' },
    http2KeepAlive: {
      doc: 'Sends HTTP/2 PING frames on upstream connections to find dead ones before a request is sent on them. Both `interval` and `timeout` must be set.',
      example: 'http2KeepAlive:\n  interval: 30s\n  timeout: 5s',
      message: CONNECTION_KEEPALIVE,
    },
  },
};

export const CONNECTION_POOL: MessageDoc = {
  page,
  anchor: 'ConnectionPoolSettings',
  fields: {
    tcp: { doc: 'Limits and timeouts of the connections themselves, for HTTP and TCP traffic alike. They apply per client proxy, not across the mesh.', message: TCP_SETTINGS },
    http: { doc: 'Limits of HTTP/1.1, HTTP/2 and gRPC requests to the destination. Together with `tcp.maxConnections` they form the circuit breaker; exceeding them gives a 503 with the `UO` flag.', message: HTTP_SETTINGS },
  },
};

const OUTLIER_DETECTION: MessageDoc = {
  page,
  anchor: 'OutlierDetection',
  fields: {
    splitExternalLocalOriginErrors: {
      doc: 'When `true`, failures the proxy sees itself (connect errors, timeouts, resets) are counted apart from errors the endpoint returns, and `consecutiveLocalOriginFailures` decides on them.',
      default: '`false`',
    },
    consecutiveLocalOriginFailures: {
      doc: 'How many locally originated failures in a row eject an endpoint. istiod rejects a value above 0 unless `splitExternalLocalOriginErrors` is `true`.',
      default: '`5`',
    },
    consecutiveGatewayErrors: {
      doc: 'How many 502, 503 and 504 responses (or, for TCP, connect failures and timeouts) in a row eject an endpoint. `0` turns this check off; when it is lower than `consecutive5xxErrors` it acts first.',
      default: '`0` (off)',
    },
    consecutive5xxErrors: {
      doc: 'How many 5xx responses in a row eject an endpoint from the load-balancing pool for `baseEjectionTime`, longer each time it happens again. For TCP traffic, connect timeouts and failures count. `0` turns the check off.',
      default: '`5`',
      proto: 'consecutive_5xx_errors',
      example: 'outlierDetection:\n  consecutive5xxErrors: 5\n  interval: 10s\n  baseEjectionTime: 30s\n  maxEjectionPercent: 50',
    },
    interval: { doc: 'How often the proxy checks its endpoints for ejection. A short interval reacts faster and ejects on smaller bursts.', default: '`10s`', format: DURATION_1MS },
    baseEjectionTime: {
      doc: 'How long an ejected endpoint stays out of the pool the first time; each further ejection multiplies it by the number of times the endpoint was ejected. Too long a value keeps recovered endpoints idle.',
      default: '`30s`',
      format: DURATION_1MS,
    },
    maxEjectionPercent: {
      doc: 'The largest share of the destination\'s endpoints that may be ejected at once. With the default 10%, a service of fewer than ten endpoints can still eject one, since at least one is always allowed.',
      default: '`10` (percent)',
      range: '0–100',
    },
    minHealthPercent: {
      doc: 'Outlier detection stays on only while at least this share of endpoints is healthy; below it the proxy balances over all endpoints, healthy or not. `0` keeps it always on.',
      default: '`0` (percent)',
      range: '0–100',
    },
    consecutiveErrors: {
      doc: 'The old count of consecutive errors before ejection, which counted only 502, 503 and 504 responses. istiod accepts it with a warning but no longer uses it, so it ejects nothing.',
      deprecated: 'use `consecutive5xxErrors` or `consecutiveGatewayErrors`.',
    },
    outlierDetectionHttpErrorCodes: {
      doc: 'The HTTP status codes that count as errors toward `consecutive5xxErrors` and `consecutiveGatewayErrors`. Without it only 5xx responses count; with it, only the codes listed.',
      range: 'each code 100–599',
      example: 'outlierDetectionHttpErrorCodes: [429, 503]',
    },
  },
};

const CLIENT_TLS: MessageDoc = {
  page,
  anchor: 'ClientTLSSettings',
  fields: {
    mode: {
      doc: 'The TLS that the client proxy (sidecar or gateway) uses toward the destination. For `SIMPLE` and `MUTUAL`, give `caCertificates` or `credentialName` so the server certificate is checked, and `sni` when the server needs a name; never originate TLS on traffic the application already encrypts.',
      default: 'unset: auto mTLS uses Istio mTLS toward workloads with a sidecar, plain text otherwise',
      values: {
        DISABLE: 'Plain text toward the destination; also turns off the automatic Istio mTLS, which breaks calls to workloads under a `STRICT` PeerAuthentication.',
        SIMPLE: 'Originate TLS to the server: the application sends plain HTTP and the proxy encrypts it, typically for an external HTTPS API.',
        MUTUAL: 'Originate TLS and present a client certificate (`clientCertificate` and `privateKey`, or `credentialName`).',
        ISTIO_MUTUAL: 'Istio\'s own mTLS with the workload certificates Istio issues; leave the certificate fields empty. Auto mTLS usually does this already.',
      },
      example: 'tls:\n  mode: SIMPLE\n  sni: api.example.com\n  caCertificates: /etc/ssl/certs/ca-certificates.crt',
    },
    clientCertificate: {
      doc: 'Path, inside the proxy container, of the client certificate presented to the server. Required for `MUTUAL` unless `credentialName` is used; leave it empty for `ISTIO_MUTUAL`.',
      required: 'when `mode` is `MUTUAL` without `credentialName`',
    },
    privateKey: {
      doc: 'Path, inside the proxy container, of the private key of `clientCertificate`. Required for `MUTUAL` unless `credentialName` is used.',
      required: 'when `mode` is `MUTUAL` without `credentialName`',
    },
    caCertificates: {
      doc: 'Path, inside the proxy container, of the CA bundle that must have signed the server\'s certificate, e.g. `/etc/ssl/certs/ca-certificates.crt` or a mounted private CA. Without it (or `credentialName`) the proxy trusts the operating system\'s CAs, so any public CA can vouch for the server (IST0128, IST0129); add `subjectAltNames` to also pin the name.',
      default: 'the operating system\'s CA bundle',
    },
    credentialName: {
      doc: 'Name of a Kubernetes Secret holding the client certificate, key and CA instead of file paths; it must live in the namespace of the proxy that uses it. On sidecars it only works when the DestinationRule has a `workloadSelector`; otherwise only gateways read it.',
      format: 'Secret name; keys `cert`, `key`, `cacert` (or a `kubernetes.io/tls` Secret with `ca.crt`)',
    },
    subjectAltNames: {
      doc: 'Names, one of which the server certificate\'s SAN must contain, or the connection is refused. Set here, they replace the `subjectAltNames` of a ServiceEntry for the host.',
      default: 'checked against the request\'s host (`:authority`) when unset',
    },
    sni: {
      doc: 'The server name sent in the TLS handshake. Set it when the server hosts several names or is reached under a name different from its certificate; a wrong SNI usually gets the wrong certificate or a handshake failure.',
      default: 'the request\'s host (`:authority`) for `SIMPLE` and `MUTUAL`',
    },
    insecureSkipVerify: {
      doc: 'When `true`, the proxy does not check the server certificate\'s CA signature or name, so any server, including a man in the middle, is accepted. Only for tests.',
      default: '`false`',
    },
    caCrl: {
      doc: 'Path, inside the proxy container, of a certificate revocation list; server certificates listed in it are refused. With `credentialName` the CRL goes into the Secret instead.',
    },
  },
};

const TUNNEL: MessageDoc = {
  page,
  anchor: 'TrafficPolicy-TunnelSettings',
  fields: {
    protocol: {
      doc: 'How the TCP stream is tunnelled through the proxy at `targetHost`: `CONNECT` (HTTP CONNECT) or `POST`. The tunnel proxy must accept that method, or every connection fails.',
      default: '`CONNECT`',
      format: '`CONNECT` or `POST`',
    },
    targetHost: { doc: 'The host the tunnel proxy should connect to on the client\'s behalf (an IP address or a name). It is sent in the CONNECT or POST request.', required: true },
    targetPort: { doc: 'The port the tunnel proxy should connect to on the client\'s behalf.', required: true, range: '1–65535' },
  },
};

const PROXY_PROTOCOL: MessageDoc = {
  page,
  anchor: 'TrafficPolicy-ProxyProtocol',
  fields: {
    version: {
      doc: 'The PROXY protocol version prepended to connections to the destination, which passes the original client address along. The destination must expect exactly this version, or it reads the header as garbage.',
      default: '`V1`',
      values: { V1: 'The text form of the PROXY protocol header.', V2: 'The binary form of the PROXY protocol header.' },
    },
  },
};

const RETRY_BUDGET: MessageDoc = {
  page,
  anchor: 'TrafficPolicy-RetryBudget',
  fields: {
    percent: {
      doc: 'The retry budget: how many retries may be in flight, as a share of active and pending requests. It caps retries under load, where a fixed `maxRetries` would either allow storms or block useful retries.',
      default: '`20` (percent)',
      range: '0–100',
    },
    minRetryConcurrency: { doc: 'The retries always allowed, whatever the budget says, so that a quiet service can still retry. With 20% and 3, 25 active requests allow 5 retries and 2 requests still allow 3.', default: '`3`' },
    budgetInterval: {
      doc: 'The window over which recent requests count toward the retry budget. `0ms` counts only the requests active right now.',
      default: '`0ms`',
      format: DURATION,
    },
  },
};

/** The policy fields shared by the host-level and the port-level policy. */
function policyFields(scope: string): Record<string, FieldDoc> {
  return {
    loadBalancer: { doc: `How the client chooses among the endpoints${scope}: an algorithm, consistent hashing, locality preferences and slow start.`, message: LOAD_BALANCER },
    connectionPool: {
      doc: `Circuit-breaker limits and timeouts of the connections${scope}. Each client proxy applies them on its own, so the destination sees up to the limit times the number of clients.`,
      message: CONNECTION_POOL,
    },
    outlierDetection: {
      doc: `Passive health checking${scope}: endpoints that keep failing are ejected from the pool for a while. Without it, failing endpoints keep receiving traffic and locality failover never triggers.`,
      message: OUTLIER_DETECTION,
    },
    tls: { doc: `The TLS the client proxy uses toward the destination${scope}: off, TLS origination, mutual TLS with your certificates, or Istio mTLS.`, message: CLIENT_TLS },
  };
}

const PORT_TRAFFIC_POLICY: MessageDoc = {
  page,
  anchor: 'TrafficPolicy-PortTrafficPolicy',
  fields: {
    port: {
      doc: 'The destination port these settings apply to. If the service has no such port the block never applies, without any error.',
      required: true,
      message: PORT_SELECTOR,
    },
    ...policyFields(' on this port'),
  },
};

export const TRAFFIC_POLICY: MessageDoc = {
  page,
  anchor: 'TrafficPolicy',
  fields: {
    ...policyFields(''),
    portLevelSettings: {
      doc: 'Policies for single ports of the destination, e.g. TLS origination on port 80 only. A port-level block replaces the host-level settings for that port and inherits nothing: fields it leaves out take their defaults.',
      message: PORT_TRAFFIC_POLICY,
      example: 'portLevelSettings:\n- port:\n    number: 80\n  tls:\n    mode: SIMPLE',
    },
    tunnel: {
      doc: 'Sends the TCP traffic through an HTTP CONNECT (or POST) tunnel to `targetHost:targetPort` via the proxy at the destination, e.g. to reach an external service through a corporate egress proxy. Only for TCP traffic.',
      message: TUNNEL,
    },
    proxyProtocol: { doc: 'Prepends a PROXY protocol header to connections to the destination, so it learns the original client address. A destination that does not expect the header fails to parse the connection.', message: PROXY_PROTOCOL },
    retryBudget: {
      doc: 'Caps concurrent retries as a share of active requests (a retry budget), instead of the fixed `connectionPool.http.maxRetries`. It keeps retries from multiplying the load on a struggling service.',
      message: RETRY_BUDGET,
    },
  },
};
