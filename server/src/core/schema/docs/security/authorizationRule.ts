// AuthorizationPolicy rules: who sends the request (Source), what it asks for
// (Operation) and further attributes (Condition). Facts from istio/api
// security/v1beta1/authorization_policy.proto, istiod's validation
// (pkg/config/validation/validation.go, pkg/config/security/security.go) and
// the header matchers it builds (pilot/pkg/security/authz/matcher).
import { PAGES, type FieldDoc, type MessageDoc } from '../types';

const page = PAGES.authorizationPolicy;

/** Every string of a rule matches the same four ways. */
const MATCH = 'list of strings, each exact (`abc`), prefix (`abc*`), suffix (`*abc`) or `*` (any non-empty value); empty strings are rejected';

/** Fields that only an mTLS peer certificate can fill. */
const NEEDS_MTLS = 'It is read from the client\'s mTLS certificate, so plaintext requests (from outside the mesh under `PERMISSIVE`) never match it.';

/** Fields that exist only in HTTP requests. */
const HTTP_ONLY =
  'It exists only for HTTP: on a TCP port an ALLOW rule using it matches nothing, and a DENY rule is enforced without it, refusing every connection the rest of the rule matches (the webhook warns, IST0133).';

function negation(of: string, extra = ''): FieldDoc {
  return {
    doc: `The opposite of \`${of}\`: the source matches only if its value is none of these. ${extra}`.trim(),
    format: MATCH,
  };
}

const SOURCE: MessageDoc = {
  page,
  anchor: 'Source',
  fields: {
    principals: {
      doc:
        `Peer identities allowed to match, each \`<trust-domain>/ns/<namespace>/sa/<service-account>\` as in the client's certificate. ${NEEDS_MTLS} ` +
        'Write them without the `spiffe://` scheme: a value starting with `spiffe://` never matches (ILS0701). `serviceAccounts` is the simpler way to say the same.',
      default: 'any principal',
      format: MATCH,
      example: 'principals:\n- cluster.local/ns/bookinfo/sa/productpage   # not spiffe://cluster.local/...\n- "*/ns/monitoring/sa/prometheus"            # suffix match: any trust domain',
    },
    notPrincipals: negation('principals', 'Plaintext requests have no principal, so `notPrincipals: ["*"]` singles them out.'),
    requestPrincipals: {
      doc:
        'Identities from a validated JWT, each `<iss>/<sub>` (the token\'s issuer and subject joined by `/`). A RequestAuthentication must validate the token first; a request without a token has no request principal and never matches. ' +
        'This field is how "a token is required" is written, because RequestAuthentication alone lets token-less requests through.',
      default: 'any request principal, including none',
      format: MATCH,
      example: 'requestPrincipals: ["https://accounts.example.com/user-42"]\n# or ["*"]: any request that carried a valid token',
    },
    notRequestPrincipals: {
      doc:
        'The opposite of `requestPrincipals`. `notRequestPrincipals: ["*"]` in a DENY rule is the usual way to refuse requests that carry no valid JWT. ' +
        HTTP_ONLY,
      format: MATCH,
      example: 'action: DENY\nrules:\n- from:\n  - source:\n      notRequestPrincipals: ["*"]   # no valid token: denied',
    },
    namespaces: {
      doc: `Namespaces of the client workload, taken from its certificate. ${NEEDS_MTLS} Values are plain namespace names; a policy for traffic from ingress names the gateway's namespace (\`istio-system\`), not the user's.`,
      default: 'any namespace',
      format: MATCH,
      example: 'from:\n- source:\n    namespaces: ["frontend", "istio-system"]',
    },
    notNamespaces: negation('namespaces'),
    serviceAccounts: {
      doc:
        `Kubernetes service accounts of the client, each \`<namespace>/<name>\`, or just \`<name>\` for the policy's own namespace. ${NEEDS_MTLS} ` +
        'No wildcards; it cannot be combined with `principals` or `namespaces` in the same source (istiod rejects it), and AuthorizationPolicies with action CUSTOM cannot use it.',
      default: 'any service account',
      format: 'list of `namespace/serviceaccount` or `serviceaccount`, at most 320 characters each, no `*`',
      range: 'at most 16 entries',
      example: 'serviceAccounts: ["bookinfo/productpage", "reviews"]',
    },
    notServiceAccounts: {
      doc: 'The opposite of `serviceAccounts`, with the same `<namespace>/<name>` form and the same restrictions: no wildcards, not together with `principals` or `namespaces`.',
      format: 'list of `namespace/serviceaccount` or `serviceaccount`, at most 320 characters each, no `*`',
      range: 'at most 16 entries',
    },
    ipBlocks: {
      doc:
        'Source addresses of the IP packet as the proxy sees it, single IPs or CIDR blocks. Behind a load balancer or an ingress gateway that is the previous hop\'s address, not the end user\'s; use `remoteIpBlocks` for that. Malformed addresses are rejected.',
      default: 'any address',
      format: 'list of IPv4/IPv6 addresses or CIDR blocks (`203.0.113.4`, `10.0.0.0/16`)',
    },
    notIpBlocks: { ...negation('ipBlocks'), format: 'list of IPv4/IPv6 addresses or CIDR blocks' },
    remoteIpBlocks: {
      doc:
        'The original client address, taken from `X-Forwarded-For` or the PROXY protocol header, single IPs or CIDR blocks. It is only right when the gateway trusts the proxies in front of it (mesh config `gatewayTopology.numTrustedProxies`); otherwise it is the previous hop again.',
      default: 'any address',
      format: 'list of IPv4/IPv6 addresses or CIDR blocks',
      since: '1.8',
    },
    notRemoteIpBlocks: { ...negation('remoteIpBlocks'), format: 'list of IPv4/IPv6 addresses or CIDR blocks', since: '1.8' },
    trustDomains: {
      doc: `Trust domains of the client certificate (\`cluster.local\` unless the mesh sets another). ${NEEDS_MTLS} A value may not contain \`/\`.`,
      default: 'any trust domain',
      format: MATCH,
    },
    notTrustDomains: negation('trustDomains'),
  },
};

const OPERATION: MessageDoc = {
  page,
  anchor: 'Operation',
  fields: {
    hosts: {
      doc:
        `Values of the request's \`Host\` (\`:authority\`) header, compared case-insensitively. The header may carry a port (\`example.com:8080\`), which an exact value does not match, so add a \`example.com:*\` entry when clients send one. ${HTTP_ONLY}`,
      default: 'any host',
      format: MATCH,
      example: 'hosts: ["example.com", "example.com:*"]',
    },
    notHosts: { doc: `The opposite of \`hosts\`, also case-insensitive. ${HTTP_ONLY}`, format: MATCH },
    ports: {
      doc: 'Destination ports of the connection, as the workload receives them (the container port, not the Service port). Port rules work for TCP as well as HTTP, which makes them the way to keep a DENY rule off the TCP ports it should not touch.',
      default: 'any port',
      format: 'list of port numbers written as strings (`"8080"`)',
      example: 'ports: ["8080"]   # quoted: the list holds strings',
    },
    notPorts: { doc: 'The opposite of `ports`: the operation matches only on other ports.', format: 'list of port numbers written as strings' },
    methods: {
      doc: `HTTP methods (\`GET\`, \`POST\`...), compared exactly and case-sensitively; gRPC calls are always \`POST\`. ${HTTP_ONLY}`,
      default: 'any method',
      format: MATCH,
    },
    notMethods: { doc: `The opposite of \`methods\`. ${HTTP_ONLY}`, format: MATCH },
    paths: {
      doc:
        `Request paths without the query string, after Istio's path normalization; gRPC paths look like \`/package.Service/Method\`. Besides the prefix and suffix forms, \`{*}\` matches one path segment and \`{**}\` any number (it must be the last operator). ${HTTP_ONLY}`,
      default: 'any path',
      format: `${MATCH}; or a template with \`{*}\` / \`{**}\` and no other \`*\``,
      example: 'paths: ["/api/v1/*", "/users/{*}/profile"]',
    },
    notPaths: { doc: `The opposite of \`paths\`, with the same forms and normalization. ${HTTP_ONLY}`, format: MATCH },
  },
};

const CONDITION: MessageDoc = {
  page,
  anchor: 'Condition',
  fields: {
    key: {
      doc:
        'The attribute to test, such as `request.headers[x-user]`, `source.ip`, `remote.ip`, `request.auth.claims[groups]`, `request.auth.audiences`, `destination.port` or `connection.sni`. An unknown attribute is rejected, and so is one that other fields replace (`destination.namespace`, `destination.labels`).',
      required: true,
      format: 'an attribute name from istio.io\'s authorization conditions list; map-like ones as `name[key]`',
      example: 'when:\n- key: request.auth.claims[groups]\n  values: ["admins"]',
    },
    values: {
      doc: 'Values of the attribute that match; any one is enough. `values` or `notValues` must be set, and IP and port attributes must hold valid IPs and ports.',
      format: MATCH,
      required: 'unless `notValues` is set',
    },
    notValues: {
      doc: 'Values of the attribute that must not be present for the condition to hold. `values` or `notValues` must be set.',
      format: MATCH,
      required: 'unless `values` is set',
    },
  },
};

export const RULE: MessageDoc = {
  page,
  anchor: 'Rule',
  fields: {
    from: {
      doc: 'Who sends the request: a list of sources, any one of which may match. Leaving it out matches every client; writing it as an empty list is rejected.',
      default: 'any source',
      message: {
        page,
        anchor: 'Rule-From',
        fields: {
          source: {
            doc: 'The source\'s conditions; within one source all fields must match, and within one field any value may. A source with no field set is rejected.',
            required: true,
            message: SOURCE,
          },
        },
      },
    },
    to: {
      doc: 'What the request asks for: a list of operations, any one of which may match. Leaving it out matches every operation; an empty list is rejected.',
      default: 'any operation',
      message: {
        page,
        anchor: 'Rule-To',
        fields: {
          operation: {
            doc: 'The operation\'s conditions (hosts, ports, methods, paths); within one operation all fields must match, and within one field any value may. An operation with no field set is rejected.',
            required: true,
            message: OPERATION,
          },
        },
      },
    },
    when: {
      doc: 'Further conditions on request attributes (headers, JWT claims, IPs, SNI); unlike `from` and `to` entries, every condition must hold.',
      default: 'no further condition',
      message: CONDITION,
    },
  },
};
