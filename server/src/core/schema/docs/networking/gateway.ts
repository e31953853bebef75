// Gateway: the ports, hosts and TLS that a set of gateway proxies expose.
// Facts from istio/api networking/v1alpha3/gateway.proto; the sentences are ours.
import { PAGES, type MessageDoc } from '../types';
import { PORT_PROTOCOLS } from './common';

const page = PAGES.gateway;

/** Istio's port protocols, shared by Gateway servers, ServiceEntry ports and Sidecar listeners. */
export const PROTOCOL_VALUES = '`HTTP`, `HTTPS`, `GRPC`, `GRPC-WEB`, `HTTP2`, `MONGO`, `TCP` or `TLS`';

const PORT: MessageDoc = {
  page,
  anchor: 'Port',
  fields: {
    number: {
      doc: 'The port the gateway proxy listens on for this server. Clients reach it through the Kubernetes Service in front of the gateway pods, so the number must be the target of one of that Service\'s ports (IST0162); two Gateways on the same workload and port with overlapping hosts conflict (IST0145).',
      required: true,
      range: '0–65535 (0 only with a Unix-socket `bind`)',
    },
    protocol: {
      doc: 'What the gateway expects on the port. `HTTP`, `HTTP2`, `GRPC` route by HTTP `VirtualService` rules; `HTTPS` and `TLS` need a `tls` block (terminate or pass through); `TCP` routes by `tcp` rules only.',
      required: true,
      format: PROTOCOL_VALUES,
      values: PORT_PROTOCOLS,
    },
    name: { doc: 'A label for the port, unique within the Gateway; it appears in the proxy\'s listener names and statistics.', required: true },
    targetPort: { doc: 'A port to forward to, from an early design; the proto hides it and marks it deprecated, and istiod ignores it.', deprecated: 'leave it out.', hidden: true },
  },
};

const TLS_CERTIFICATE: MessageDoc = {
  page,
  anchor: 'ServerTLSSettings-TLSCertificate',
  fields: {
    serverCertificate: { doc: 'Path, inside the gateway container, of one server certificate (for example the RSA one of an RSA and ECDSA pair).', required: 'when `mode` is `SIMPLE` or `MUTUAL`' },
    privateKey: { doc: 'Path, inside the gateway container, of the private key of this certificate.', required: 'when `mode` is `SIMPLE` or `MUTUAL`' },
    caCertificates: { doc: 'A CA bundle per certificate; the proto hides it and the gateway uses the server-level `caCertificates` instead.', hidden: true },
  },
};

export const SERVER_TLS: MessageDoc = {
  page,
  anchor: 'ServerTLSSettings',
  fields: {
    httpsRedirect: {
      doc: 'When `true`, the gateway answers every plain-HTTP request on this server with a 301 redirect to `https://`. Put it on the port-80 server of a host that is also served over HTTPS; a VirtualService must still bind the host for the gateway to answer at all.',
      default: '`false`',
    },
    mode: {
      doc: 'How the gateway handles TLS on this port: terminate it with a certificate, require client certificates, or pass the encrypted stream through by SNI.',
      default: '`PASSTHROUGH` when a `tls` block gives no mode',
      values: {
        PASSTHROUGH: 'Do not terminate: route the still-encrypted connection by its SNI, which needs `tls` routes with `sniHosts` in a VirtualService.',
        SIMPLE: 'Terminate TLS with the certificate from `credentialName` (or the file paths).',
        MUTUAL: 'Terminate TLS and require a client certificate signed by the configured CA; clients without one are refused.',
        AUTO_PASSTHROUGH: 'Route by SNI without any VirtualService, using the SNI of Istio\'s cluster names; meant for east-west gateways between clusters, and it exposes every service to whoever reaches the port.',
        ISTIO_MUTUAL: 'Terminate Istio\'s own mTLS with the mesh certificates, for traffic from sidecars (sidecar to egress gateway); set no certificate fields.',
        OPTIONAL_MUTUAL: 'Terminate TLS and ask for a client certificate, but accept clients without one; a certificate that is sent must still verify.',
      },
      example: 'tls:\n  mode: SIMPLE\n  credentialName: shop-cert   # Secret in the gateway pods\' namespace',
    },
    serverCertificate: { doc: 'Path, inside the gateway container, of the server certificate. Prefer `credentialName`, which needs no volume mount and is reloaded without a restart.', required: 'when `mode` is `SIMPLE` or `MUTUAL` without `credentialName`' },
    privateKey: { doc: 'Path, inside the gateway container, of the server\'s private key.', required: 'when `mode` is `SIMPLE` or `MUTUAL` without `credentialName`' },
    caCertificates: { doc: 'Path, inside the gateway container, of the CA bundle that client certificates must be signed by.', required: 'when `mode` is `MUTUAL` or `OPTIONAL_MUTUAL` without `credentialName`' },
    caCrl: { doc: 'Path, inside the gateway container, of a certificate revocation list; client certificates listed in it are refused. Without it revocation is not checked.' },
    credentialName: {
      doc: 'The name of the Kubernetes Secret holding the server certificate and key (and, for `MUTUAL`, the CA that signs client certificates). The Secret must be in the namespace of the **gateway pods** (`istio-system` for the default ingress gateway), not of the Gateway resource; the gateway picks up changes without a restart.',
      format: 'Secret name; `kubernetes.io/tls` (`tls.crt`, `tls.key`, optionally `ca.crt`) or generic (`cert`, `key`, `cacert`)',
      example: 'kubectl create -n istio-system secret tls shop-cert --cert=shop.crt --key=shop.key',
    },
    credentialNames: { doc: 'Up to two Secrets served side by side, typically an RSA and an ECDSA certificate for the same host; clients get the one they support. Use it or `credentialName`, not both.', range: '1–2 entries' },
    caCertCredentialName: { doc: 'For mutual TLS, a Secret or ConfigMap holding only the CA certificates that client certificates must chain to. It wins over a CA inside the `credentialName` Secret, so the server key and the client CA can be managed apart.' },
    tlsCertificates: { doc: 'Several server certificates given as file paths, for example RSA and ECDSA. Use it or `credentialNames`, not both.', message: TLS_CERTIFICATE },
    subjectAltNames: { doc: 'With mutual TLS, the names one of which a client certificate\'s SAN must contain; other clients are refused even if their certificate is valid.' },
    verifyCertificateSpki: { doc: 'With mutual TLS, base64 SHA-256 hashes of the public keys (SPKI) of the only client certificates accepted.' },
    verifyCertificateHash: { doc: 'With mutual TLS, hex SHA-256 hashes of the only client certificates accepted.' },
    minProtocolVersion: {
      doc: 'The oldest TLS version the gateway accepts. Versions below TLS 1.2 are insecure and also need matching `cipherSuites`.',
      default: '`TLSV1_2`',
      values: { TLS_AUTO: 'Let the proxy choose (TLS 1.2 as minimum, 1.3 as maximum).', TLSV1_0: 'TLS 1.0, insecure.', TLSV1_1: 'TLS 1.1, insecure.', TLSV1_2: 'TLS 1.2.', TLSV1_3: 'TLS 1.3.' },
    },
    maxProtocolVersion: {
      doc: 'The newest TLS version the gateway offers. Setting it below `TLSV1_3` only helps clients that break on TLS 1.3.',
      default: '`TLSV1_3` (the proxy\'s maximum)',
      values: { TLS_AUTO: 'Let the proxy choose (TLS 1.3).', TLSV1_0: 'TLS 1.0, insecure.', TLSV1_1: 'TLS 1.1, insecure.', TLSV1_2: 'TLS 1.2.', TLSV1_3: 'TLS 1.3.' },
    },
    cipherSuites: { doc: 'The cipher suites offered for TLS 1.2 and older, in OpenSSL names such as `ECDHE-RSA-AES128-GCM-SHA256`. Without it the proxy\'s default list; a too-short list locks out older clients.', default: 'the proxy\'s default cipher list' },
    insecureSkipVerify: {
      doc: 'When `true` with mutual TLS, a client certificate that fails verification is still accepted and passed to the backend in `x-forwarded-client-cert`, so the backend can decide. Without checks in the backend this is no client authentication at all.',
      default: '`false`',
    },
  },
};

const SERVER: MessageDoc = {
  page,
  anchor: 'Server',
  fields: {
    port: { doc: 'The port, protocol and name of the listener the gateway opens for this server.', required: true, message: PORT },
    bind: { doc: 'The IP address or Unix socket (`unix:///path`) the listener binds to, instead of all addresses. A server bound to an internal address is not reachable by external clients.', format: '`x.x.x.x`, `unix:///path` or `unix://@name`' },
    hosts: {
      doc:
        'The hosts this server exposes; a VirtualService binds to the Gateway only if it lists the Gateway and claims one of them (IST0132). Each entry is `namespace/host`: `prod/api.example.com` lets only VirtualServices of `prod` bind it, `./host` only those of the Gateway\'s namespace, `*/host` or a bare host those of any namespace. ' +
        'The host part may be a wildcard (`*.example.com`, `*`); quote it in YAML, since an unquoted value starting with `*` is an alias (ILS0101). Several Gateways may expose one host, but on the same workload and port they conflict (IST0145).',
      required: true,
      example: 'hosts:\n- "shop/shop.example.com"\n- "*.api.example.com"',
    },
    tls: { doc: 'TLS settings of the server: required for `HTTPS` and `TLS` ports, and for HTTP-to-HTTPS redirects on plain ports.', message: SERVER_TLS },
    defaultEndpoint: { doc: 'Where traffic goes when no route matches, as `127.0.0.1:PORT` or a Unix socket; the proto hides it and istiod does not use it.', hidden: true },
    name: { doc: 'An optional name for the server, unique across the Gateway\'s servers; Gateway API status and proxy statistics use it.' },
  },
};

export const GATEWAY: MessageDoc = {
  page,
  anchor: 'Gateway',
  fields: {
    servers: { doc: 'The listeners the gateway opens: a port with a protocol, the hosts exposed on it and their TLS. Servers on one port with the same protocol are merged, and hosts exposed twice on one port conflict (IST0145).', message: SERVER },
    selector: {
      doc:
        'The labels of the gateway proxy pods that serve this Gateway: `istio: ingressgateway` and `istio: egressgateway` for Istio\'s default gateways, or your own deployment\'s labels. A Gateway is only configuration: if no pod matches, no port opens and nothing answers, while every resource looks fine (IST0101). ' +
        'The selector matches gateway pods in any namespace, and `credentialName` Secrets are read from the namespace of those pods.',
      default: 'every workload of the mesh, when empty',
      format: 'map of label name to exact value',
      example: 'selector:\n  istio: ingressgateway',
    },
  },
};
