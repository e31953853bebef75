// ILS0903, ILS0904: enroll the parent's namespace in a waypoint, as
// `istioctl waypoint apply --enroll-namespace` does: label the Namespace with
// `istio.io/use-waypoint` naming a waypoint of the namespace, or, when the
// namespace has none, also create one (a Gateway of class istio-waypoint named
// `waypoint`, its HBONE listener on 15008) in a new file beside the Namespace's.
import { isMap } from 'yaml';
import { Rules } from '../../catalog';
import { namespaceObject, serviceWaypoints, WAYPOINT_CLASS } from '../../index/ambientMode';
import type { RouteWithoutWaypoint } from '../../analyzers/routeWithoutWaypoint';
import { resourceKey } from '../../resourceKey';
import { EditBuilder } from '../../edit/workspaceEdit';
import { renderDocument } from '../../edit/render';
import { addPair } from '../../edit/yamlEdits';
import { nodeAt } from '../../edit/resourceEdits';
import { dataOf, defineFix, freeFileUri } from './types';

const DEFAULT_WAYPOINT = 'waypoint';

type Enroll = { namespace: string; waypoint: string; file?: string };

export const enrollInWaypoint = defineFix<Enroll>({
  id: 'enrollInWaypoint',
  rules: [Rules.RouteWithoutWaypoint, Rules.PolicyWithoutWaypoint],
  kind: 'quickfix',
  dataKinds: ['routeWithoutWaypoint'],
  offer(f, _uri, ctx) {
    const ns = dataOf<RouteWithoutWaypoint>(f).namespace;
    if (typeof ns !== 'string' || !namespaceObject(ctx.snapshot, ns)) return [];
    // A namespace with a waypoint of its own is not reported (it may be enrolled from the command line).
    if (serviceWaypoints(ctx.snapshot, ns).length) return [];
    const nsObject = namespaceObject(ctx.snapshot, ns)!;
    if (ctx.snapshot.findKubeGateways(ns, DEFAULT_WAYPOINT).length) return [];
    const file = freeFileUri(ctx, nsObject.uri.slice(0, nsObject.uri.lastIndexOf('/') + 1) + DEFAULT_WAYPOINT);
    return [{ title: `Create waypoint ${DEFAULT_WAYPOINT} in namespace ${ns} (${file.slice(file.lastIndexOf('/') + 1)}) and enroll the namespace`, payload: { namespace: ns, waypoint: DEFAULT_WAYPOINT, file } }];
  },
  resolve(p, _uri, ctx) {
    const nsObject = namespaceObject(ctx.snapshot, String(p.namespace));
    const file = nsObject && ctx.source(nsObject.uri);
    const metadata = file && nodeAt(file, resourceKey(nsObject), ['metadata']);
    if (!nsObject || !file || !isMap(metadata)) return undefined;
    const labels = nodeAt(file, resourceKey(nsObject), ['metadata', 'labels']);
    const b = new EditBuilder();
    const waypoint = String(p.waypoint);
    if (isMap(labels)) b.add(nsObject.uri, addPair(file.text, labels, 'istio.io/use-waypoint', waypoint, file.style));
    else if (labels === undefined) b.add(nsObject.uri, addPair(file.text, metadata, 'labels', { 'istio.io/use-waypoint': waypoint }, file.style, 'name'));
    else return undefined;
    if (typeof p.file === 'string') {
      // Never over an existing file: the name was free when offered; check again.
      if (ctx.textOf(p.file) !== undefined) return undefined;
      const body = {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'Gateway',
        metadata: { name: waypoint, namespace: nsObject.name, labels: { 'istio.io/waypoint-for': 'service' } },
        spec: { gatewayClassName: WAYPOINT_CLASS, listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] },
      };
      b.create(p.file, renderDocument([`The waypoint of namespace ${nsObject.name} (istio-ls quick fix).`], body, file.style));
    }
    return b.build();
  },
});

