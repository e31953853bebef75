// DestinationRule load balancing: the algorithm, consistent hashing for
// affinity, locality and zone-aware routing, and slow start (warmup).
// Facts from istio/api networking/v1alpha3/destination_rule.proto.
import { DURATION, DURATION_1MS, PAGES, type MessageDoc } from '../types';

const page = PAGES.destinationRule;

const RING_HASH: MessageDoc = {
  page,
  anchor: 'LoadBalancerSettings-ConsistentHashLB-RingHash',
  fields: {
    minimumRingSize: {
      doc: 'How many virtual nodes the hash ring has at least. A bigger ring spreads requests more evenly across endpoints at the cost of memory and a slower rebuild when endpoints change.',
      default: '`1024`',
    },
  },
};

const MAGLEV: MessageDoc = {
  page,
  anchor: 'LoadBalancerSettings-ConsistentHashLB-MagLev',
  fields: {
    tableSize: {
      doc: 'The size of the Maglev lookup table, which should be much larger than the number of endpoints (about 100 times) for an even spread. istiod rejects a `maglev` block without it, or with a size that is not a prime.',
      required: 'when `maglev` is used',
      range: 'a prime number below 5000011 (65537 is the usual choice)',
    },
  },
};

const COOKIE_ATTRIBUTE: MessageDoc = {
  page,
  anchor: 'LoadBalancerSettings-ConsistentHashLB-HTTPCookie-Attribute',
  fields: {
    name: { doc: 'The attribute name added to the generated `Set-Cookie` header, such as `SameSite` or `Secure`.', required: true },
    value: { doc: 'The attribute\'s value, such as `Strict` for `SameSite`. Leave it out for flag attributes like `Secure` or `HttpOnly`.' },
  },
};

const HTTP_COOKIE: MessageDoc = {
  page,
  anchor: 'LoadBalancerSettings-ConsistentHashLB-HTTPCookie',
  fields: {
    name: {
      doc: 'The cookie whose value is hashed to pick the endpoint. When the request lacks the cookie and `ttl` is set, the proxy creates it and sends it back, which gives clients sticky sessions.',
      required: true,
    },
    path: { doc: 'The `Path` attribute of a cookie the proxy generates. Browsers only send the cookie back for requests under this path, so a narrow path breaks affinity elsewhere.' },
    ttl: {
      doc: 'The lifetime of a cookie the proxy generates. Without it (or with `0s`) the proxy hashes an existing cookie but never creates one, so first-time clients get no affinity.',
      format: DURATION,
    },
    attributes: { doc: 'Extra attributes written into the generated `Set-Cookie` header, for example `SameSite=Strict` or `Secure`.', message: COOKIE_ATTRIBUTE },
  },
};

const CONSISTENT_HASH: MessageDoc = {
  page,
  anchor: 'LoadBalancerSettings-ConsistentHashLB',
  fields: {
    httpHeaderName: {
      doc: 'Hash on the value of this request header, so requests with the same value go to the same endpoint. Affinity is soft: it is lost for some keys whenever endpoints are added or removed, and it is not kept across localities.',
      example: 'loadBalancer:\n  consistentHash:\n    httpHeaderName: x-user-id',
    },
    httpCookie: { doc: 'Hash on a cookie, and optionally have the proxy create it, for browser session affinity. Set exactly one hash key: a header, a cookie, the source IP or a query parameter.', message: HTTP_COOKIE },
    useSourceIp: { doc: 'Hash on the client\'s IP address. Behind a load balancer or NAT that hides client addresses, all traffic hashes to the same few endpoints.', default: '`false`' },
    httpQueryParameterName: { doc: 'Hash on the value of this URL query parameter. Requests without the parameter are spread as if no hash were set.' },
    ringHash: { doc: 'Use the ring hash algorithm (Ketama). It is the algorithm used when neither `ringHash` nor `maglev` is given.', message: RING_HASH },
    maglev: { doc: 'Use Maglev hashing, which builds a fixed lookup table: faster lookups and less disruption than a small ring when endpoints change.', message: MAGLEV },
    minimumRingSize: {
      doc: 'The minimum ring size of the ring hash algorithm, from before `ringHash` existed. Istio still honours it with a warning, and rejects it next to `ringHash` or `maglev`.',
      deprecated: 'use `ringHash.minimumRingSize`.',
      default: '`1024`',
    },
  },
};

const DISTRIBUTE: MessageDoc = {
  page,
  anchor: 'LocalityLoadBalancerSetting-Distribute',
  fields: {
    from: {
      doc: 'The locality of the clients this rule applies to, as `region/zone/sub-zone`; a trailing `*` matches any value at that level. Localities come from the node labels `topology.kubernetes.io/region` and `topology.kubernetes.io/zone`.',
      example: "from: us-west/zone1/*",
    },
    to: {
      doc: 'Weights of the destination localities for those clients, keyed like `from`. The weights of one rule must add up to 100, and a locality with no healthy endpoint gets no traffic.',
      format: 'map of locality to weight',
      range: 'weights add up to 100',
      example: "to:\n  us-west/zone1/*: 80\n  us-west/zone2/*: 20",
    },
  },
};

const FAILOVER: MessageDoc = {
  page,
  anchor: 'LocalityLoadBalancerSetting-Failover',
  fields: {
    from: { doc: 'The region whose clients this failover rule is for. Failover happens only when outlier detection marks the local endpoints unhealthy.' },
    to: { doc: 'The region that receives the traffic when the endpoints of the `from` region are unhealthy. Without a rule, traffic fails over to the next-closest locality anywhere.' },
  },
};

const LOCALITY_LB: MessageDoc = {
  page,
  anchor: 'LocalityLoadBalancerSetting',
  fields: {
    distribute: {
      doc: 'Explicit traffic weights per locality, for clients of a given locality. Use at most one of `distribute`, `failover` and `failoverPriority`; they do not combine.',
      message: DISTRIBUTE,
    },
    failover: {
      doc: 'Where the traffic of a region goes when its endpoints fail. It only takes effect with `outlierDetection` on the same traffic policy, because ejections are what mark endpoints unhealthy.',
      message: FAILOVER,
    },
    failoverPriority: {
      doc: 'An ordered list of endpoint labels (or `label=value` pairs) that ranks endpoints by how many of them match the client\'s labels, in order; traffic goes to the best-ranked healthy endpoints first. Like `failover`, it needs `outlierDetection` to react to failures.',
      example: 'failoverPriority:\n- topology.istio.io/network\n- topology.kubernetes.io/region\n- topology.kubernetes.io/zone',
    },
    enabled: {
      doc: 'Turns locality load balancing on or off for this host, overriding the mesh setting. Leaving it out inherits the mesh config, where it is on by default but only acts once outlier detection is configured.',
      default: 'the mesh config\'s `localityLbSetting`',
    },
  },
};

const ZONE_FAILOVER: MessageDoc = {
  page,
  anchor: 'ZoneAwareLoadBalancerSetting-Failover',
  fields: {
    from: { doc: 'The region whose clients this failover rule is for. It applies when the endpoints of that region become unhealthy.' },
    to: { doc: 'The region that takes the traffic when the `from` region\'s endpoints are unhealthy. Without a rule, the next-closest healthy locality takes it.' },
  },
};

const ZONE_AWARE_LB: MessageDoc = {
  page,
  anchor: 'ZoneAwareLoadBalancerSetting',
  fields: {
    enabled: {
      doc: 'Switches zone-aware load balancing for this host on (`true`) or off (`false`), overriding the mesh config. When on, a client sends to its own zone as much as that zone\'s share of endpoints allows and spills the rest to other zones.',
    },
    failover: { doc: 'Pairs of regions: when the endpoints of `from` are unhealthy, `to` takes their traffic. Use it or `failoverPriority`, not both.', message: ZONE_FAILOVER },
    failoverPriority: {
      doc: 'Ordered endpoint labels (`key` or `key=value`) that rank endpoints into failover tiers by how many leading labels match the client. The first tier with healthy endpoints takes the traffic.',
    },
    minClusterSize: {
      doc: 'Zone-aware routing only acts when the destination has at least this many endpoints in the client\'s region. Smaller destinations are balanced across all zones, because a zone with one or two endpoints would be overloaded.',
      default: '`6`',
    },
  },
};

const WARMUP: MessageDoc = {
  page,
  anchor: 'WarmupConfiguration',
  fields: {
    duration: {
      doc: 'How long a new endpoint stays in slow start, getting a growing share of traffic instead of its full share at once. It suits services with cold caches or a JIT; when all endpoints are new (a fresh rollout), it has little effect.',
      format: DURATION,
      required: true,
    },
    minimumPercent: {
      doc: 'The share of its normal traffic that a new endpoint gets at the start of the warmup. Too low a value can starve a new endpoint entirely while the window lasts.',
      default: '`10` (percent)',
      range: '0–100',
    },
    aggression: {
      doc: 'How fast traffic ramps up during the warmup: `1.0` ramps linearly, larger values ramp faster early on. Values below 1 keep new endpoints nearly idle until late in the window.',
      default: '`1.0`',
      range: '> 0',
    },
  },
};

export const LOAD_BALANCER: MessageDoc = {
  page,
  anchor: 'LoadBalancerSettings',
  fields: {
    simple: {
      doc: 'The algorithm that picks an endpoint for each request (HTTP) or connection (TCP). Set `simple` or `consistentHash`, not both; for sticky sessions use `consistentHash`.',
      default: '`LEAST_REQUEST` (Istio picks it when the field is unset)',
      values: {
        UNSPECIFIED: 'Let Istio choose, which today means `LEAST_REQUEST`.',
        LEAST_CONN: 'Old name of `LEAST_REQUEST`, deprecated: write `LEAST_REQUEST`.',
        RANDOM: 'Pick a healthy endpoint at random. It behaves better than round robin when no health checking is configured.',
        PASSTHROUGH: 'No load balancing: connect to the IP address the caller asked for (Envoy\'s original-destination cluster). Only for special cases; a wrong address is not corrected, and subsets and locality settings do not apply.',
        ROUND_ROBIN: 'Take endpoints in turn. It can overload slow endpoints or ignore endpoint weights; `LEAST_REQUEST` is the safer drop-in replacement.',
        LEAST_REQUEST: 'Pick, among a few random endpoints, the one with the fewest outstanding requests. Istio\'s default, and the best choice in nearly all cases.',
      },
      example: 'loadBalancer:\n  simple: LEAST_REQUEST',
    },
    consistentHash: {
      doc: 'Hash a property of the request (header, cookie, source IP or query parameter) so the same key keeps reaching the same endpoint. It is soft affinity: adding or removing endpoints moves some keys, and it does not combine well with locality load balancing.',
      message: CONSISTENT_HASH,
    },
    localityLbSetting: {
      doc: 'Locality-aware load balancing for this host: prefer endpoints in the client\'s region and zone, with explicit weights or failover order. It replaces the mesh-wide setting entirely (no merge), and its failover only works together with `outlierDetection`.',
      default: 'the mesh config\'s `localityLbSetting` (on, acting once outlier detection is set)',
      message: LOCALITY_LB,
    },
    zoneAwareLbSetting: {
      doc: 'Prefers endpoints in the client\'s own zone, in proportion to the endpoints there (zone-aware routing), with failover settings like `localityLbSetting`. It replaces the mesh-wide setting, and only one of `localityLbSetting` and `zoneAwareLbSetting` may be set.',
      message: ZONE_AWARE_LB,
    },
    warmupDurationSecs: {
      doc: 'Slow start for new endpoints: how long they get a ramping share of traffic. Only `ROUND_ROBIN` and `LEAST_REQUEST` support it, and it cannot be combined with `warmup`.',
      deprecated: 'use `warmup.duration`.',
      format: DURATION_1MS,
    },
    warmup: {
      doc: 'Slow start for new endpoints: for `duration` after an endpoint appears, it gets a growing share of traffic instead of its full share at once. Only `ROUND_ROBIN` and `LEAST_REQUEST` support it.',
      example: 'loadBalancer:\n  simple: LEAST_REQUEST\n  warmup:\n    duration: 60s',
      message: WARMUP,
    },
  },
};
