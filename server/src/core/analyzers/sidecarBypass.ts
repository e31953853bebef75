// ILS0401: `traffic.sidecar.istio.io/excludeOutboundIPRanges` makes iptables
// skip the sidecar for those addresses. Covering public ranges (0.0.0.0/0)
// means the workload reaches the internet directly: no ServiceEntry, egress
// gateway, REGISTRY_ONLY policy or telemetry applies to it.
import type { Finding, Resource } from '../model';
import { Rules } from '../catalog';
import { finding, type ResourceAnalyzer } from './types';

const ANNOTATION = 'traffic.sidecar.istio.io/excludeOutboundIPRanges';
const PRIVATE: [number, number][] = [
  [ip('10.0.0.0'), 8],
  [ip('172.16.0.0'), 12],
  [ip('192.168.0.0'), 16],
  [ip('127.0.0.0'), 8],
  [ip('169.254.0.0'), 16],
  [ip('100.64.0.0'), 10],
];

export const sidecarBypass: ResourceAnalyzer = {
  rules: [Rules.SidecarBypass],
  analyze(r: Resource): Finding[] {
    if (r.data.kind !== 'Workload') return [];
    const value = r.data.annotations[ANNOTATION];
    if (!value) return [];
    const publicRanges = value
      .split(',')
      .map((c) => c.trim())
      .filter((c) => c && coversPublic(c));
    if (publicRanges.length === 0) return [];
    const at = r.data.annotationSpans[ANNOTATION] ?? r.span;
    return [
      finding(
        Rules.SidecarBypass,
        r,
        at,
        `${ANNOTATION} excludes public addresses (${publicRanges.join(', ')}): this workload bypasses its sidecar for them, so egress gateways, ServiceEntries and REGISTRY_ONLY do not apply.`,
      ),
    ];
  },
};

function ip(text: string): number {
  return text.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

/** True when the CIDR reaches outside the private and link-local ranges. */
export function coversPublic(cidr: string): boolean {
  if (cidr === '*') return true;
  const m = /^(\d+\.\d+\.\d+\.\d+)(?:\/(\d+))?$/.exec(cidr);
  if (!m) return cidr.includes(':') && (cidr === '::/0' || /\/([0-9]|1[0-5])$/.test(cidr));
  const base = ip(m[1]);
  const bits = m[2] === undefined ? 32 : Number(m[2]);
  return !PRIVATE.some(([net, netBits]) => bits >= netBits && Math.floor(base / 2 ** (32 - netBits)) === Math.floor(net / 2 ** (32 - netBits)));
}
