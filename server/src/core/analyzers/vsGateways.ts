// Which gateways a VirtualService applies to: its `gateways`, or `mesh` when the list is empty.
import type { StrRef, VirtualServiceData } from '../model';

export function boundToMesh(vs: VirtualServiceData): boolean {
  return vs.gateways.length === 0 || vs.gateways.some((g) => g.value === 'mesh');
}

export function effectiveGateways(vs: VirtualServiceData): string[] {
  return vs.gateways.length === 0 ? ['mesh'] : vs.gateways.map((g) => g.value);
}

export function nonMeshGateways(vs: VirtualServiceData): StrRef[] {
  return vs.gateways.filter((g) => g.value !== 'mesh');
}
