// ILS0809 quick fix: create the ReferenceGrant that lets the route (or the
// Gateway) reference an object of another namespace. The grant belongs to the
// TARGET namespace, so it goes into a new file beside the target's own file
// (or beside a grant that namespace already has); when the workspace holds
// neither, it is appended to the referring file with `namespace:` set to the
// target's. It names the one object referenced, never a whole kind: a grant
// wider than asked is a decision for the target's team.
import { Rules } from '../../catalog';
import type { Resource } from '../../model';
import type { GrantMissing } from '../../analyzers/kubeGrants';
import { GATEWAY_API_GROUP } from '../../summary/extractGatewayApi';
import { defaultStyle, renderDocument, type YamlMap } from '../../edit/render';
import { appendDocuments } from '../../edit/yamlEdits';
import { EditBuilder } from '../../edit/workspaceEdit';
import { isDnsLabel } from '../../validation/names';
import type { FixContext } from './types';
import { dataOf, defineFix, freeFileUri } from './types';
import { single } from './textFixes';

type CreateGrant = { from: GrantMissing['from']; to: GrantMissing['to']; file?: string };

export const createReferenceGrant = defineFix<CreateGrant>({
  id: 'createReferenceGrant',
  rules: [Rules.ReferenceNotPermitted],
  kind: 'quickfix',
  dataKinds: ['referenceGrantMissing'],
  offer(f, _uri, ctx) {
    const d = dataOf<GrantMissing>(f);
    const from = d.from;
    const to = d.to;
    if (!from || !to || ![from.namespace, to.namespace, to.name].every((v) => typeof v === 'string' && isDnsLabel(v))) return [];
    const file = newFileFor(ctx, to.namespace, from.namespace, to.kind, to.name);
    const where = file ? `in ${file.slice(file.lastIndexOf('/') + 1)}` : 'in this file';
    return [{ title: `Create a ReferenceGrant in namespace ${to.namespace} for ${from.kind}s of ${from.namespace} to ${to.kind} ${to.name} (${where})`, payload: { from, to, file } }];
  },
  resolve(p, uri, ctx) {
    const { from, to } = p;
    if (!from || !to) return undefined;
    const body: YamlMap = {
      apiVersion: `${GATEWAY_API_GROUP}/v1beta1`,
      kind: 'ReferenceGrant',
      metadata: { name: grantName(ctx, from.namespace, from.kind, to.namespace), namespace: to.namespace },
      spec: {
        from: [{ group: from.group, kind: from.kind, namespace: from.namespace }],
        to: [{ group: to.group, kind: to.kind, name: to.name }],
      },
    };
    const comment = `Lets ${from.kind}s of ${from.namespace} reference ${to.kind} ${to.name} (istio-ls quick fix).`;
    if (typeof p.file === 'string') {
      // Never over an existing file: the name was free when offered; check again.
      if (ctx.textOf(p.file) !== undefined) return undefined;
      const b = new EditBuilder();
      b.create(p.file, renderDocument([comment], body, defaultStyle));
      return b.build();
    }
    const file = ctx.source(uri);
    if (!file) return undefined;
    return single(uri, appendDocuments(file.text, renderDocument([comment], body, file.style), file.style.eol));
  },
});

/** A free file name in the folder of the target (or of a grant of its namespace), when the workspace has one. */
function newFileFor(ctx: FixContext, namespace: string, fromNamespace: string, kind: string, name: string): string | undefined {
  const snap = ctx.snapshot;
  const inNs = (r: Resource) => r.namespace === namespace && r.explicitNamespace !== undefined;
  const beside = snap.resources.find((r) => inNs(r) && r.kind === kind && r.name === name) ?? snap.resources.find((r) => inNs(r) && r.kind === 'ReferenceGrant');
  if (!beside) return undefined;
  const dir = beside.uri.slice(0, beside.uri.lastIndexOf('/') + 1);
  return freeFileUri(ctx, `${dir}referencegrant-from-${fromNamespace}`);
}

function grantName(ctx: FixContext, fromNamespace: string, fromKind: string, namespace: string): string {
  const base = `${fromKind.toLowerCase()}s-from-${fromNamespace}`.slice(0, 63).replace(/-+$/, '');
  const used = new Set(ctx.snapshot.resources.filter((r) => r.kind === 'ReferenceGrant' && r.namespace === namespace).map((r) => r.name));
  let name = base;
  for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
  return name;
}
