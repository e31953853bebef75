// TrafficExtension (Istio 1.30): a WebAssembly module or an inline Lua script
// in the HTTP filter chain of the selected proxies, superseding WasmPlugin.
// Facts from istio/api extensions/v1alpha1/traffic_extension.proto and
// istiod's validation (pkg/config/validation/validation.go).
import { PAGES, type MessageDoc } from '../types';
import { workloadSelector } from '../networking/common';
import { targetRefs } from '../type/policyTarget';
import { phase, trafficSelector, wasmModuleFields } from './wasmModule';

const page = PAGES.trafficExtension;

export const TRAFFIC_EXTENSION: MessageDoc = {
  page,
  anchor: 'TrafficExtension',
  fields: {
    selector: {
      ...workloadSelector(
        'The workloads (by pod labels) in the extension\'s namespace that run it; in the root namespace (`istio-system` by default) matching workloads of every namespace do. ' +
          'Without it (and without `targetRefs`) every workload of the namespace runs the extension, or of the whole mesh from the root namespace. Waypoint proxies ignore it; they need `targetRefs`.',
      ),
      default: 'every workload in the namespace (the mesh, in the root namespace)',
    },
    targetRefs: targetRefs('extension', '1.30'),
    phase: phase('extension', 'UNSPECIFIED'),
    priority: {
      doc: 'The order of TrafficExtensions in the same phase on one workload, highest first. Equal or unset priorities are ordered by creation time, then name and namespace, so a re-created resource can change places.',
      default: '`0`',
      format: 'a 32-bit integer, may be negative',
    },
    match: {
      doc: 'Which traffic passes through the extension, by direction and port; traffic matching any entry does. Left out, all traffic of the selected workloads.',
      default: 'all traffic',
      message: trafficSelector(page, 'TrafficSelector'),
    },
    wasm: {
      doc: 'Run a WebAssembly module: the same module settings as a WasmPlugin, grouped under one key. Set exactly one of `wasm` or `lua`; istiod rejects both or neither.',
      required: 'unless `lua` is set',
      example: 'wasm:\n  url: oci://ghcr.io/acme/auth-plugin:1.2.0\n  failStrategy: FAIL_CLOSE',
      message: { page, anchor: 'WasmConfig', fields: wasmModuleFields('TrafficExtension') },
    },
    lua: {
      doc: 'Run an inline Lua script, lighter than Wasm for small header or body changes. Set exactly one of `wasm` or `lua`; istiod rejects both or neither.',
      required: 'unless `wasm` is set',
      message: {
        page,
        anchor: 'LuaConfig',
        fields: {
          inlineCode: {
            doc: 'The Lua source, which defines `envoy_on_request(request_handle)`, `envoy_on_response(response_handle)` or both; a script defining neither does nothing. istiod only checks its size, so syntax errors surface in the proxy.',
            required: true,
            format: 'Lua source, 1 byte to 64 KiB',
            example: 'lua:\n  inlineCode: |\n    function envoy_on_request(request_handle)\n      request_handle:headers():add("x-team", "payments")\n    end',
          },
        },
      },
    },
  },
};
