// Whether the workspace shows every Gateway API Gateway of a namespace, so that
// a name missing there is a mistake rather than a Gateway made elsewhere: with
// the complete registry always; under the partial registry only when the
// workspace declares Gateways there and creates the namespace itself (its
// Namespace object), since a namespace made elsewhere may get Gateways from
// elsewhere too.
import type { Resource } from '../model';
import type { Snapshot } from './snapshot';

/** The Gateway API Gateways the workspace declares in `namespace`, or undefined when they may not be all. */
export function knownKubeGateways(snap: Snapshot, namespace: string): readonly Resource[] | undefined {
  const declared = snap.members<Resource>('kubeGatewayNs', namespace);
  if (snap.settings.registry === 'complete') return declared;
  return declared.length > 0 && snap.members('namespaceObject', namespace).length > 0 ? declared : undefined;
}
