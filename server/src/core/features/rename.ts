// Rename a Gateway (its metadata.name and every reference to it) or a subset
// (its entries in the DestinationRules of the host and every route using it).
// Only the name part of a reference changes, so `name` stays `name` in the
// Gateway's namespace and `ns/name` stays qualified elsewhere. Every other
// position is refused with the reason.
import type { Span } from '../model';
import type { Snapshot } from '../index/snapshot';
import type { TextEdit } from '../edit/workspaceEdit';
import { innerSpan, type Reference } from './referenceAt';
import { gatewayTargets, gatewayUses, subsetRules, subsetUses } from './referenceTargets';
import { kubeRename, prepareKubeRename, vsKubeGateway } from './kubeNavigation';

export type PrepareRenameResult = { span: Span; placeholder: string } | { error: string };


export type RenameResult = { changes: Record<string, TextEdit[]> } | { error: string };

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export function prepareRename(snap: Snapshot, ref: Reference | undefined): PrepareRenameResult {
  if (!ref) return { error: 'Rename works on a Gateway name (its metadata.name or a reference to it) and on a DestinationRule subset name.' };
  switch (ref.kind) {
    case 'gateway':
      return { span: ref.span, placeholder: ref.resource.name };
    case 'gatewayRef':
      if (ref.target.mesh) return { error: '`mesh` is the reserved gateway of all sidecars; it cannot be renamed.' };
      if (vsKubeGateway(snap, ref)) return prepareKubeRename(snap, ref);
      if (gatewayTargets(snap, ref).length === 0) return { error: `There is no Gateway ${ref.target.namespace}/${ref.target.name} in the workspace to rename.` };
      return { span: ref.span, placeholder: ref.target.name };
    case 'subset':
      return { span: ref.span, placeholder: ref.ref.value };
    case 'subsetRef':
      if (subsetRules(snap, ref).length === 0) return { error: `No DestinationRule for ${ref.host} defines subset "${ref.ref.value}"; there is nothing to rename.` };
      return { span: ref.span, placeholder: ref.ref.value };
    case 'host':
      return { error: 'A host names a Service or a ServiceEntry host and cannot be renamed here; istio-ls renames Gateways and subsets.' };
    case 'credential':
    case 'secret':
      return { error: 'A Secret name is not renamed here (the Secret may be created outside the workspace); istio-ls renames Gateways and subsets.' };
    default:
      return prepareKubeRename(snap, ref);
  }
}

export function doRename(snap: Snapshot, ref: Reference | undefined, newName: string): RenameResult {
  const ready = prepareRename(snap, ref);
  if ('error' in ready) return ready;
  const changes: Record<string, TextEdit[]> = {};
  const edit = (uri: string, span: Span) => {
    const list = (changes[uri] ??= []);
    if (!list.some((e) => e.span.start === span.start)) list.push({ span, newText: newName });
  };
  const kube = ref!.kind === 'gatewayRef' ? (vsKubeGateway(snap, ref!) ? ref : undefined) : ref!.kind === 'gateway' || ref!.kind === 'subset' || ref!.kind === 'subsetRef' ? undefined : ref;
  if (kube && (kube.kind === 'gatewayRef' || kube.kind === 'kubeGateway' || kube.kind === 'listener' || kube.kind === 'parentRef' || kube.kind === 'sectionName')) {
    const done = kubeRename(snap, kube, newName);
    if ('error' in done) return done;
    for (const e of done.edits) edit(e.uri, e.edit.span);
  } else if (ref!.kind === 'gateway' || ref!.kind === 'gatewayRef') {
    if (!DNS_SUBDOMAIN.test(newName)) return { error: `"${newName}" is not a valid Gateway name: lower case letters, digits, '-' and '.', starting and ending with a letter or digit.` };
    const gateways = ref!.kind === 'gateway' ? [ref!.resource] : gatewayTargets(snap, ref!);
    const ns = gateways[0].namespace;
    if (newName !== gateways[0].name && snap.findGateway(ns, newName)) return { error: `A Gateway named ${newName} already exists in namespace ${ns}.` };
    for (const gw of gateways) {
      edit(gw.uri, innerSpan({ value: gw.name, span: gw.nameSpan! }));
      for (const use of gatewayUses(snap, gw)) edit(use.vs.uri, use.ref.span);
    }
  } else if (ref!.kind === 'subset' || ref!.kind === 'subsetRef') {
    if (!DNS_LABEL.test(newName)) return { error: `"${newName}" is not a valid subset name: lower case letters, digits and '-', at most 63, starting and ending with a letter or digit.` };
    const defs = subsetRules(snap, ref!);
    const clash = defs.find((d) => d.dr.data.subsets.some((s) => s.name.value === newName));
    if (clash && newName !== ref!.ref.value) return { error: `DestinationRule ${clash.dr.namespace}/${clash.dr.name} already has a subset named ${newName}.` };
    for (const d of defs) edit(d.dr.uri, innerSpan(d.subset.name));
    for (const use of subsetUses(snap, defs.map((d) => d.dr), ref!.ref.value)) edit(use.vs.uri, innerSpan(use.ref));
  }
  for (const list of Object.values(changes)) list.sort((a, b) => a.span.start - b.span.start);
  return { changes };
}
