// WasmPlugin: a WebAssembly module that the selected proxies load into their
// filter chain. Facts from istio/api extensions/v1alpha1/wasm.proto and
// istiod's validation (pkg/config/validation/validation.go).
import { PAGES, type MessageDoc } from '../types';
import { workloadSelector } from '../networking/common';
import { targetRef, targetRefs } from '../type/policyTarget';
import { phase, trafficSelector, wasmModuleFields } from './wasmModule';

const page = PAGES.wasmPlugin;

export const WASM_PLUGIN: MessageDoc = {
  page,
  anchor: 'WasmPlugin',
  fields: {
    selector: {
      ...workloadSelector(
        'The workloads (by pod labels) in the plugin\'s namespace that load it; in the root namespace (`istio-system` by default) matching workloads of every namespace do. ' +
          'Without it (and without `targetRefs`) every workload of the namespace loads the plugin, or of the whole mesh from the root namespace. Waypoint proxies ignore it; they need `targetRefs`.',
      ),
      default: 'every workload in the namespace (the mesh, in the root namespace)',
    },
    targetRef: targetRef('plugin'),
    targetRefs: targetRefs('plugin'),
    ...wasmModuleFields('WasmPlugin', { failStrategy: '1.19', vmConfig: '1.14', type: '1.20' }),
    phase: phase('plugin', 'UNSPECIFIED_PHASE'),
    priority: {
      doc: 'The order of WasmPlugins in the same phase on one workload, highest first. Plugins with equal or unset priorities are ordered by name and namespace, which is stable but rarely the intended order.',
      default: '`0`',
      format: 'a 32-bit integer, may be negative',
    },
    match: {
      doc: 'Which traffic passes through the plugin, by direction and port; traffic matching any entry does. Left out, all traffic of the selected workloads.',
      default: 'all traffic',
      since: '1.16',
      message: trafficSelector(page, 'WasmPlugin-TrafficSelector', '1.16'),
    },
  },
};
