// Code actions and the egress bundle command over LSP. The list is cheap
// (titles and data); the edit is computed on codeAction/resolve, or at once
// for clients that cannot resolve edits. `istio.routeThroughEgress` with
// complete arguments applies the bundle through workspace/applyEdit.
import {
  CodeActionKind,
  ErrorCodes,
  RequestType,
  ResponseError,
  type ClientCapabilities,
  type CodeAction,
  type Diagnostic,
  type Location,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { EGRESS_COMMAND, FIX_ALL_KIND, LineIndex, MIGRATE_V1_KIND, type CodeActionInfo, type Finding } from '../core';
import type { EgressCommandResponse, EgressForm, EgressFormMethod, EgressFormParams } from './protocol';
import { readTextSync } from '../node/fileText';
import { runSafe } from './runSafe';
import { SHOW_LOCATIONS } from './convertAuthoring';
import type { ServerState } from './server';
import { fromDiagnostic, toDiagnostic, toLspWorkspaceEdit, toRange, toSpan } from './convert';

/** Custom requests (see ./protocol.ts). */
export const EgressFormRequest = new RequestType<EgressFormParams, EgressForm | null, void>('istio/egressForm' satisfies EgressFormMethod);

export function codeActionCapabilities() {
  return {
    codeActionProvider: { resolveProvider: true, codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Refactor, FIX_ALL_KIND, MIGRATE_V1_KIND] },
    executeCommandProvider: { commands: [EGRESS_COMMAND, SHOW_LOCATIONS] },
  };
}

function supportsResolve(caps: ClientCapabilities | undefined): boolean {
  return !!caps?.textDocument?.codeAction?.resolveSupport?.properties.includes('edit');
}

function supportsCreate(caps: ClientCapabilities | undefined): boolean {
  const we = caps?.workspace?.workspaceEdit;
  return !!we?.documentChanges && !!we.resourceOperations?.includes('create');
}

export function registerCodeActions(s: ServerState): void {
  const { connection, documents, service } = s;
  const caps = () => s.clientCapabilities;

  // Open documents first; other files only when the index has read them (they are in the workspace).
  const textOf = (uri: string): string | undefined => {
    const open = documents.get(uri);
    if (open) return open.getText();
    if (!service.hasFile(uri) || !uri.startsWith('file:')) return undefined;
    return readTextSync(URI.parse(uri).fsPath, service.settings.maxFileSize);
  };
  const versionOf = (uri: string) => documents.get(uri)?.version ?? null;
  const toEdit = (edit: Parameters<typeof toLspWorkspaceEdit>[0]): WorkspaceEdit => toLspWorkspaceEdit(edit, textOf, versionOf, supportsCreate(caps()));

  connection.onCodeAction((params, token) =>
    runSafe(connection, token, [], 'codeAction', () => {
      // Editors ask for open documents; a file the index has read works too.
      const uri = params.textDocument.uri;
      const text = textOf(uri);
      if (text === undefined) return [];
      const lines = new LineIndex(text);
      const ours = params.context.diagnostics.filter((d) => d.source === 'istio-ls');
      const findings = ours.map((d) => fromDiagnostic(d, lines));
      const byFinding = new Map<Finding, Diagnostic>(findings.map((f, i) => [f, ours[i]]));
      const linesOf = (u: string) => (u === uri ? lines : s.linesOf(u));
      const actions = s.serviceFor(uri).getCodeActions(uri, text, toSpan(lines, params.range), findings, params.context.only);
      const eager = !supportsResolve(caps());
      return actions.map((a) => toCodeAction(a, (f) => byFinding.get(f) ?? toDiagnostic(f, lines, linesOf), eager));
    }),
  );

  function toCodeAction(a: CodeActionInfo, diagnosticOf: (f: Finding) => Diagnostic, eager: boolean): CodeAction {
    const action: CodeAction = { title: a.title, kind: a.kind };
    if (a.fixes.length) action.diagnostics = a.fixes.map(diagnosticOf);
    if (a.isPreferred) action.isPreferred = true;
    if (a.command) action.command = a.command;
    if (a.edit) action.edit = toEdit(a.edit);
    else if (a.data) {
      if (eager) {
        const edit = service.resolveCodeAction(a.data, textOf);
        if (edit) action.edit = toEdit(edit);
      } else {
        action.data = a.data;
      }
    }
    return action;
  }

  connection.onCodeActionResolve((action, token) =>
    runSafe(connection, token, action, 'codeActionResolve', () => {
      if (action.edit || !action.data) return action;
      const edit = service.resolveCodeAction(action.data, textOf);
      return edit ? { ...action, edit: toEdit(edit) } : action;
    }),
  );

  connection.onExecuteCommand(async (params): Promise<EgressCommandResponse | Location[] | ResponseError<void> | null> => {
    if (params.command === SHOW_LOCATIONS) return showLocations(params.arguments?.[2]);
    if (params.command !== EGRESS_COMMAND) return new ResponseError(ErrorCodes.InvalidParams, `unknown command ${params.command}`);
    try {
      const result = service.scaffoldEgress(params.arguments?.[0], textOf);
      if (result.alreadyRouted) {
        const { message, uri, span } = result.alreadyRouted;
        const text = textOf(uri);
        const range = text === undefined ? undefined : toRange(new LineIndex(text), span);
        return { applied: false, alreadyRouted: { message, location: range ? { uri, range } : undefined } };
      }
      if (result.error) return { applied: false, error: result.error, missing: result.missing, errors: result.errors, notes: result.notes };
      const host = (params.arguments?.[0] as { host?: string } | undefined)?.host ?? 'the host';
      const applied = await connection.workspace.applyEdit({ label: `Route ${host} through the egress gateway`, edit: toEdit(result.edit) });
      return {
        applied: applied.applied,
        target: result.target,
        uris: result.uris,
        notes: result.notes,
        error: applied.applied ? undefined : `The editor did not apply the bundle${applied.failureReason ? `: ${applied.failureReason}` : ''}.`,
      };
    } catch (e) {
      connection.console.error(`istio-ls: ${EGRESS_COMMAND} failed: ${(e as Error).stack ?? e}`);
      return { applied: false, error: `istio-ls could not write the bundle: ${(e as Error).message}` };
    }
  });

  // A code lens's locations: one is shown with window/showDocument when the client can; all are returned.
  async function showLocations(raw: unknown): Promise<Location[]> {
    const locations = Array.isArray(raw) ? (raw as Location[]).filter((l) => typeof l?.uri === 'string' && l.range) : [];
    if (locations.length === 1 && caps()?.window?.showDocument?.support) {
      await connection.window.showDocument({ uri: locations[0].uri, selection: locations[0].range, takeFocus: true }).catch(() => undefined);
    }
    return locations;
  }

  // The form any client can drive: defaults for the cursor's resource, choices, and per-field errors.
  connection.onRequest(EgressFormRequest, (params, token) =>
    runSafe(connection, token, null, 'egressForm', () => {
      const doc = params.textDocument ? documents.get(params.textDocument.uri) : undefined;
      const cursor = doc && params.position ? { uri: doc.uri, text: doc.getText(), offset: doc.offsetAt(params.position) } : undefined;
      const form = (doc ? s.serviceFor(doc.uri) : service).egressForm(params.arguments ?? {}, cursor, textOf);
      const notices = form.notices.map(({ message, stop, location }) => {
        const text = location && textOf(location.uri);
        return { message, stop, location: location && text !== undefined ? { uri: location.uri, range: toRange(new LineIndex(text), location.span) } : undefined };
      });
      return { ...form, notices };
    }),
  );
}
