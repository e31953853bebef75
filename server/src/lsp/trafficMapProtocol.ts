// The traffic-map request between any LSP client and the server: plain JSON,
// imported as types only by the VS Code client.
import type { Range } from 'vscode-languageserver-types';

export const TRAFFIC_MAP_METHOD = 'istio/trafficMap';

export interface TrafficMapParams {
  namespace?: string;
  host?: string;
  /** The neighbourhood of the resource at this position. */
  around?: { uri: string; position: { line: number; character: number } };
}

export interface TrafficMapFinding {
  code: string;
  severity: 'error' | 'warning' | 'information' | 'hint';
  message: string;
}

export interface TrafficMapNode {
  id: string;
  kind: string;
  label: string;
  namespace?: string;
  location?: { uri: string; range: Range };
  findings: TrafficMapFinding[];
  /** How to colour it: the worst of its findings, and for a missing node also of its edges' (a Gateway outside the workspace is no error by itself). */
  severity?: 'error' | 'warning';
}

export interface TrafficMapEdge {
  id: string;
  from: string;
  to: string;
  kind: string;
  label?: string;
  findings: TrafficMapFinding[];
  /** The worst of its findings. */
  severity?: 'error' | 'warning';
}

export interface TrafficMapResult {
  nodes: TrafficMapNode[];
  edges: TrafficMapEdge[];
  /** Every namespace of the whole map, for a filter menu. */
  namespaces: string[];
  /** The resource the `around` position resolved to, if any. */
  around?: string;
}
