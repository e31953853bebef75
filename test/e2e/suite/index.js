// End-to-end suite for istio-ls, run *inside* a real VS Code extension host
// (code-server via test/e2e/run-e2e.mjs, or desktop VS Code via
// test/e2e/run-electron.mjs). Plain CommonJS so it needs no build step.
//
// It runs against a throwaway copy of examples/ (the runner makes it), because
// some scenarios edit or create files. Every wait polls with a deadline; none
// is a fixed sleep.
'use strict';

const vscode = require('vscode');
const fs = require('fs');
const path = require('path');
const YAML = require('yaml');

const EXTENSION_ID = 'istio-ls.istio-ls';
const TEST_TIMEOUT_MS = Number(process.env.ISTIO_LS_E2E_TEST_TIMEOUT_MS || 30000);

// ---------------------------------------------------------------- helpers

function log(line) {
  // console.log reaches the runner through the browser console / codeAutomationLog;
  // the result file (below) is the reliable channel.
  console.log(line);
  if (process.env.ISTIO_LS_E2E_LOG) {
    try { fs.appendFileSync(process.env.ISTIO_LS_E2E_LOG, line + '\n'); } catch { /* ignore */ }
  }
}

// Details a test wants to show; printed under its ✓/✗ line.
let notes = [];
function note(line) { notes.push(line); }

function workspaceRoot() {
  const folders = vscode.workspace.workspaceFolders;
  if (!folders || folders.length === 0) throw new Error('no workspace folder is open');
  return folders[0].uri;
}

function uriOf(relPath) {
  return vscode.Uri.joinPath(workspaceRoot(), ...relPath.split('/'));
}

function rel(uri) {
  return path.relative(workspaceRoot().fsPath, uri.fsPath).split(path.sep).join('/');
}

/** Polls `probe` until it returns a truthy value or the deadline passes. */
async function waitFor(what, probe, timeoutMs = TEST_TIMEOUT_MS - 2000, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  let last;
  let lastError;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const extra = lastError ? ` (last error: ${lastError.message || lastError})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${extra}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

function codeOf(diagnostic) {
  const c = diagnostic.code;
  if (c && typeof c === 'object') return String(c.value);
  return c === undefined ? undefined : String(c);
}

function istioDiagnostics(uri) {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'istio-ls');
}

function describeDiagnostics(list, max = 6) {
  if (list.length === 0) return '(none)';
  const shown = list.slice(0, max).map((d) => {
    const msg = d.message.length > 60 ? `${d.message.slice(0, 60)}…` : d.message;
    return `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.source}/${codeOf(d)} ${msg}`;
  });
  return shown.join('; ') + (list.length > max ? `; … ${list.length - max} more` : '');
}

function hoverText(hovers) {
  const parts = [];
  for (const h of hovers || []) {
    for (const c of h.contents || []) {
      if (typeof c === 'string') parts.push(c);
      else if (c && typeof c.value === 'string') parts.push(c.value);
    }
  }
  return parts.join('\n');
}

function completionLabels(result) {
  const items = Array.isArray(result) ? result : (result && result.items) || [];
  return items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
}

/** Reads every YAML file of the workspace from disk and parses its documents. */
async function loadWorkspaceResources() {
  const uris = await vscode.workspace.findFiles('**/*.{yaml,yml}', '**/node_modules/**');
  const resources = [];
  for (const uri of uris) {
    let text;
    try { text = fs.readFileSync(uri.fsPath, 'utf8'); } catch { continue; }
    let docs;
    try { docs = YAML.parseAllDocuments(text); } catch { continue; }
    if (!Array.isArray(docs)) continue;
    for (const doc of docs) {
      if (!doc || !doc.contents || !YAML.isMap(doc.contents)) continue;
      let js;
      try { js = doc.toJS({ maxAliasCount: -1 }); } catch { continue; } // e.g. an unquoted `*.foo.com` alias
      if (!js || typeof js !== 'object' || typeof js.kind !== 'string') continue;
      resources.push({
        uri,
        text,
        doc,
        kind: js.kind,
        name: js.metadata && js.metadata.name,
        namespace: (js.metadata && js.metadata.namespace) || undefined,
        spec: js.spec || {},
        inTypos: rel(uri).startsWith('book-typos/'),
      });
    }
  }
  return resources;
}

/** Offset of the scalar node at `pathInDoc` in `res.doc`, from the yaml CST. */
function nodeRange(res, pathInDoc) {
  const node = res.doc.getIn(pathInDoc, true);
  if (!node || !node.range) return undefined;
  return { start: node.range[0], end: node.range[1] };
}

async function openDoc(uri) {
  return vscode.workspace.openTextDocument(uri);
}

/**
 * Activates istio-ls the way a user does: by opening a YAML file (never book-typos.yaml,
 * whose diagnostics must come from the workspace scan). Returns whether it activated by
 * itself; if it did not, it is activated through the API so that the feature tests still
 * run, and test 1 reports the manifest problem.
 */
async function activateExtension() {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert(ext, `extension ${EXTENSION_ID} is not installed in this VS Code`);
  if (ext.isActive) return true;
  const [trigger] = (await vscode.workspace.findFiles('**/*.{yaml,yml}', '{**/node_modules/**,book-typos/**}', 50))
    .sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  if (trigger) {
    const doc = await vscode.workspace.openTextDocument(trigger);
    if (doc.languageId !== 'yaml') await vscode.languages.setTextDocumentLanguage(doc, 'yaml');
    try {
      await waitFor(`${EXTENSION_ID} to activate after opening ${rel(trigger)}`, () => ext.isActive, 15000);
      return true;
    } catch { /* fall through */ }
  }
  await ext.activate();
  return false;
}

// ---------------------------------------------------------------- tests

const tests = [];
function test(name, fn) { tests.push({ name, fn }); }

test('diagnostics of a never-opened file appear (ILS0101 from istio-ls)', async () => {
  const selfActivated = await activateExtension();
  assert(selfActivated, `${EXTENSION_ID} did not activate when a YAML file was opened: check activationEvents in package.json`);
  const uri = uriOf('book-typos/book-typos.yaml');
  assert(fs.existsSync(uri.fsPath), `${uri.fsPath} does not exist in the workspace copy`);
  const isOpen = vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
  assert(!isOpen, 'book-typos.yaml is already open; this test needs a never-opened file');
  try {
    await waitFor('an istio-ls ILS0101 diagnostic on book-typos.yaml', () =>
      istioDiagnostics(uri).some((d) => codeOf(d) === 'ILS0101'));
  } catch (err) {
    throw new Error(`${err.message}; diagnostics now: ${describeDiagnostics(vscode.languages.getDiagnostics(uri))}`);
  }
  const stillClosed = !vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
  note(`${describeDiagnostics(istioDiagnostics(uri))}${stillClosed ? '' : ' (note: file got opened)'}`);
});

test('hover on a VirtualService `hosts` key returns field docs', async () => {
  await activateExtension();
  const resources = await loadWorkspaceResources();
  const vs = resources.find((r) => r.kind === 'VirtualService' && !r.inTypos && Array.isArray(r.spec.hosts))
    || resources.find((r) => r.kind === 'VirtualService' && Array.isArray(r.spec.hosts));
  assert(vs, 'no VirtualService with spec.hosts in the workspace');
  const doc = await openDoc(vs.uri);
  // The `hosts:` key of this resource's spec, located in the text through the yaml CST.
  const specNode = vs.doc.get('spec', true);
  const pair = specNode && YAML.isMap(specNode)
    ? specNode.items.find((p) => YAML.isScalar(p.key) && p.key.value === 'hosts') : undefined;
  const idx = pair && pair.key.range ? pair.key.range[0] : -1;
  assert(idx >= 0 && vs.text.startsWith('hosts', idx), `no "hosts:" key found in ${rel(vs.uri)}`);
  const pos = doc.positionAt(idx + 2);
  const text = await waitFor(`a hover at ${rel(vs.uri)}:${pos.line + 1}:${pos.character + 1}`, async () => {
    const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', vs.uri, pos);
    const t = hoverText(hovers);
    return t.trim() ? t : undefined;
  });
  assert(/hosts/i.test(text), `hover does not mention "hosts": ${JSON.stringify(text.slice(0, 300))}`);
  note(`${rel(vs.uri)}:${pos.line + 1}: ${JSON.stringify(text.slice(0, 120))}`);
});

test("completion at a `subset:` value lists the DestinationRule's subsets", async () => {
  await activateExtension();
  const resources = await loadWorkspaceResources();
  const drs = resources.filter((r) => r.kind === 'DestinationRule' && Array.isArray(r.spec.subsets));
  const shortHost = (h) => String(h || '').split('.')[0];
  const candidates = [];
  for (const vs of resources.filter((r) => r.kind === 'VirtualService' && !r.inTypos)) {
    for (const proto of ['http', 'tcp', 'tls']) {
      const routes = vs.spec[proto];
      if (!Array.isArray(routes)) continue;
      routes.forEach((route, ri) => {
        (route.route || []).forEach((dst, di) => {
          const d = dst && dst.destination;
          if (!d || !d.subset || !d.host) return;
          const dr = drs.find((x) => x.spec.host === d.host
            && (x.spec.subsets || []).some((s) => s && s.name === d.subset))
            || drs.find((x) => shortHost(x.spec.host) === shortHost(d.host)
              && (!x.namespace || !vs.namespace || x.namespace === vs.namespace)
              && (x.spec.subsets || []).some((s) => s && s.name === d.subset));
          if (!dr) return;
          const range = nodeRange(vs, ['spec', proto, ri, 'route', di, 'destination', 'subset']);
          if (range) candidates.push({ vs, dr, range, subset: d.subset });
        });
      });
    }
  }
  // The most telling case: the DestinationRule with the most subsets.
  const found = candidates.sort((a, b) => b.dr.spec.subsets.length - a.dr.spec.subsets.length)[0];
  assert(found, 'no VirtualService route with a `subset:` that a DestinationRule defines in the workspace');
  const expected = found.dr.spec.subsets.map((s) => s.name).filter(Boolean);
  const doc = await openDoc(found.vs.uri);
  const positions = [doc.positionAt(found.range.start), doc.positionAt(found.range.end)];
  let labels = [];
  await waitFor(`completion items ${expected.join(', ')} at ${rel(found.vs.uri)}:${positions[0].line + 1}`, async () => {
    for (const pos of positions) {
      const result = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', found.vs.uri, pos);
      labels = completionLabels(result);
      if (expected.every((e) => labels.includes(e))) return true;
    }
    return false;
  }).catch((err) => {
    throw new Error(`${err.message}; got labels: ${JSON.stringify(labels.slice(0, 30))}`);
  });
  note(`${rel(found.vs.uri)}:${positions[0].line + 1} subset -> ${expected.join(', ')} (DestinationRule ${found.dr.name} in ${rel(found.dr.uri)})`);
});

test('completion inside a closed flow map (`{host: h, subset: |}}]`) lists the subsets and inserts one in place', async () => {
  await activateExtension();
  const resources = await loadWorkspaceResources();
  // A route whose host has a DestinationRule with subsets, in a file outside book-typos.
  const drs = resources.filter((r) => r.kind === 'DestinationRule' && Array.isArray(r.spec.subsets) && r.spec.subsets.length > 0 && !r.inTypos);
  let found;
  for (const vs of resources.filter((r) => r.kind === 'VirtualService' && !r.inTypos)) {
    for (const rule of Array.isArray(vs.spec.http) ? vs.spec.http : []) {
      for (const dst of (rule && rule.route) || []) {
        const d = dst && dst.destination;
        const dr = d && d.subset && drs.find((x) => x.spec.host === d.host && (x.namespace || undefined) === (vs.namespace || undefined)
          && x.spec.subsets.some((sub) => sub && sub.name === d.subset));
        if (dr && !found) found = { vs, dr, host: d.host };
      }
    }
  }
  assert(found, 'no VirtualService route in the workspace with a host and subset that a DestinationRule of its namespace defines');
  const doc = await openDoc(found.vs.uri);
  const original = doc.getText();
  const meta = found.vs.namespace ? `{name: e2e-flow-completion, namespace: ${found.vs.namespace}}` : '{name: e2e-flow-completion}';
  const routeLine = `  - route: [{destination: {host: ${found.host}, subset: }}]`;
  const added = ['', '---', 'apiVersion: networking.istio.io/v1', 'kind: VirtualService', `metadata: ${meta}`, 'spec:', `  hosts: [${found.host}]`, '  http:', routeLine, ''].join('\n');
  const end = doc.positionAt(original.length);
  const sep = original.endsWith('\n') ? '' : '\n';
  const edit = new vscode.WorkspaceEdit();
  edit.insert(found.vs.uri, end, sep + added.slice(1));
  assert(await vscode.workspace.applyEdit(edit), 'workspace.applyEdit returned false');
  try {
    const line = doc.lineCount - 2;
    assert(doc.lineAt(line).text === routeLine, `line ${line + 1} is ${JSON.stringify(doc.lineAt(line).text)}`);
    const pos = new vscode.Position(line, routeLine.indexOf('}}]'));
    const expected = found.dr.spec.subsets.map((sub) => sub.name).filter(Boolean);
    let items = [];
    await waitFor(`completion items ${expected.join(', ')} at ${rel(found.vs.uri)}:${line + 1}:${pos.character + 1}`, async () => {
      const result = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', found.vs.uri, pos);
      items = Array.isArray(result) ? result : (result && result.items) || [];
      const labels = completionLabels(items);
      return expected.every((e) => labels.includes(e));
    }).catch((err) => {
      throw new Error(`${err.message}; got labels: ${JSON.stringify(completionLabels(items).slice(0, 30))}`);
    });
    const pick = items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === expected[0]);
    const range = pick.range && pick.range.replacing ? pick.range.replacing : pick.range || new vscode.Range(pos, pos);
    const text = typeof pick.insertText === 'string' ? pick.insertText : pick.insertText ? pick.insertText.value : expected[0];
    const choose = new vscode.WorkspaceEdit();
    choose.replace(found.vs.uri, range, text);
    assert(await vscode.workspace.applyEdit(choose), 'applying the completion returned false');
    const after = doc.lineAt(line).text;
    assert(after === routeLine.replace('subset: }}]', `subset: ${expected[0]}}}]`), `after choosing ${expected[0]} the line is ${JSON.stringify(after)}`);
    note(`${rel(found.vs.uri)}:${line + 1} -> ${JSON.stringify(after)}`);
  } finally {
    const restore = new vscode.WorkspaceEdit();
    restore.replace(found.vs.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), original);
    await vscode.workspace.applyEdit(restore);
    await doc.save();
  }
});

test("go to definition on a VirtualService gateway name lands in the Gateway's file", async () => {
  await activateExtension();
  const resources = await loadWorkspaceResources();
  const gateways = resources.filter((r) => r.kind === 'Gateway' && r.name);
  const candidates = [];
  for (const vs of resources.filter((r) => r.kind === 'VirtualService' && !r.inTypos && Array.isArray(r.spec.gateways))) {
    vs.spec.gateways.forEach((g, i) => {
      if (typeof g !== 'string' || g === 'mesh') return;
      const [ns, name] = g.includes('/') ? g.split('/') : [vs.namespace, g];
      const gw = gateways.find((x) => x.name === name && (!ns || !x.namespace || x.namespace === ns))
        || gateways.find((x) => x.name === name);
      const range = nodeRange(vs, ['spec', 'gateways', i]);
      if (gw && range) candidates.push({ vs, gw, range, ref: g });
    });
  }
  // Prefer a reference that crosses files: that is the interesting case.
  const found = candidates.find((c) => c.vs.uri.toString() !== c.gw.uri.toString()) || candidates[0];
  assert(found, 'no VirtualService in the workspace references a Gateway defined in the workspace');
  const doc = await openDoc(found.vs.uri);
  // Put the cursor inside the name part (after a possible `namespace/`).
  const nameOffset = found.range.start + (found.ref.includes('/') ? found.ref.indexOf('/') + 2 : 1);
  const pos = doc.positionAt(nameOffset);
  let targets = [];
  await waitFor(`a definition for "${found.ref}" at ${rel(found.vs.uri)}:${pos.line + 1}`, async () => {
    const locs = await vscode.commands.executeCommand('vscode.executeDefinitionProvider', found.vs.uri, pos);
    targets = (locs || []).map((l) => (l.targetUri ? { uri: l.targetUri, range: l.targetRange } : { uri: l.uri, range: l.range }));
    return targets.length > 0;
  });
  const hit = targets.find((t) => t.uri.fsPath === found.gw.uri.fsPath);
  assert(hit, `definition went to ${targets.map((t) => rel(t.uri)).join(', ')}, expected ${rel(found.gw.uri)}`);
  note(`${rel(found.vs.uri)}:${pos.line + 1} "${found.ref}" -> ${rel(hit.uri)}:${hit.range.start.line + 1}`);
});

test('egress bundle command creates its file and the file has no istio-ls diagnostics', async () => {
  await activateExtension();
  const commands = await vscode.commands.getCommands(true);
  assert(commands.includes('istio.routeThroughEgress'), 'command istio.routeThroughEgress is not registered');
  const target = uriOf(`egress-e2e/api-example-com-${Date.now()}.yaml`);
  assert(!fs.existsSync(target.fsPath), 'target already exists');
  await vscode.commands.executeCommand('istio.routeThroughEgress', {
    host: 'api.example.com',
    protocol: 'HTTP',
    port: 80,
    namespace: 'application',
    target,
  });
  // The command may write to disk or leave an unsaved edit: accept either.
  const doc = await waitFor(`${rel(target)} to be created`, async () => {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
    if (open && open.getText().trim()) return open;
    if (fs.existsSync(target.fsPath) && fs.readFileSync(target.fsPath, 'utf8').trim()) return openDoc(target);
    return undefined;
  });
  const text = doc.getText();
  assert(text.includes('api.example.com'), `${rel(target)} does not mention api.example.com`);
  assert(/kind:\s*ServiceEntry/.test(text), `${rel(target)} has no ServiceEntry`);
  // Make sure the server has seen the file: a hover on its first key is a round trip
  // that is answered only after the didOpen before it was handled.
  const keyPos = doc.positionAt(Math.max(0, text.search(/\bkind:/)) + 1);
  await vscode.commands.executeCommand('vscode.executeHoverProvider', target, keyPos);
  // Then watch for a short window: a diagnostic published for the new file fails the test.
  const windowMs = 2000;
  const end = Date.now() + windowMs;
  while (Date.now() < end) {
    const diags = istioDiagnostics(target);
    assert(diags.length === 0, `new file has istio-ls diagnostics: ${describeDiagnostics(diags)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  // And the workspace as a whole gained no error about the bundle (e.g. a dangling reference).
  const others = vscode.languages.getDiagnostics()
    .filter(([u]) => rel(u).startsWith('egress-e2e/'))
    .flatMap(([, ds]) => ds.filter((d) => d.source === 'istio-ls'));
  assert(others.length === 0, `egress files have istio-ls diagnostics: ${describeDiagnostics(others)}`);
  note(`created ${rel(target)} (${text.split('\n').length} lines, ${(text.match(/^kind:/gm) || []).length} resources)`);
});

test('a quick fix removes the ILS0101 diagnostic', async () => {
  await activateExtension();
  const uri = uriOf('book-typos/book-typos.yaml');
  const diag = await waitFor('an ILS0101 diagnostic on book-typos.yaml', () =>
    istioDiagnostics(uri).find((d) => codeOf(d) === 'ILS0101'));
  const before = istioDiagnostics(uri).filter((d) => codeOf(d) === 'ILS0101').length;
  const doc = await openDoc(uri);
  const lineText = doc.lineAt(diag.range.start.line).text;
  const actions = await waitFor('code actions for ILS0101', async () => {
    // The 4th argument resolves the edits of the first N actions (codeAction/resolve):
    // without it, a server that computes edits lazily returns actions without `edit`.
    const list = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, diag.range, undefined, 50);
    return list && list.length ? list : undefined;
  });
  const forIls = (a) => (a.diagnostics || []).some((d) => codeOf(d) === 'ILS0101');
  const isQuickFix = (a) => a.kind && a.kind.value && a.kind.value.startsWith('quickfix');
  const fix = actions.find((a) => a.edit && forIls(a))
    || actions.find((a) => a.edit && isQuickFix(a))
    || actions.find((a) => a.command && forIls(a));
  assert(fix, `no quick fix for ILS0101 among: ${actions.map((a) => `${a.title}${a.edit ? ' (edit)' : ''}`).join(' | ')}`);
  if (fix.edit) assert(await vscode.workspace.applyEdit(fix.edit), 'workspace.applyEdit returned false');
  if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments || []));
  await waitFor(`"${fix.title}" to change line ${diag.range.start.line + 1}`, () => doc.lineAt(diag.range.start.line).text !== lineText, 5000);
  const fixedLine = doc.lineAt(diag.range.start.line).text;
  await waitFor('the ILS0101 diagnostic to go away', () => {
    const now = istioDiagnostics(uri).filter((d) => codeOf(d) === 'ILS0101');
    return now.length < before && !now.some((d) => d.range.start.line === diag.range.start.line);
  }).catch((err) => {
    throw new Error(`${err.message}; diagnostics now: ${describeDiagnostics(istioDiagnostics(uri))}`);
  });
  note(`"${fix.title}": ${JSON.stringify(lineText.trim())} -> ${JSON.stringify(fixedLine.trim())}`);
});

test('a gateway named without its namespace: "did you mean istio-system/public-gateway" is the preferred fix; applied, the finding goes and nothing new appears', async () => {
  await activateExtension();
  const uri = uriOf('application/helloworld-traffic.yaml');
  const doc = await openDoc(uri);
  const original = doc.getText();
  const written = '  - istio-system/public-gateway\n';
  const at = original.indexOf(written);
  assert(at >= 0, 'helloworld-traffic.yaml does not bind istio-system/public-gateway');
  const count = () => vscode.languages.getDiagnostics().reduce((n, [, list]) => n + list.filter((d) => d.source === 'istio-ls').length, 0);
  const own = () => istioDiagnostics(uri).map((d) => `${d.range.start.line}:${codeOf(d)} ${d.message}`).sort().join('\n');
  const before = { total: count(), own: own() };
  // The most common mistake: the Gateway's name without its namespace.
  const mistake = new vscode.WorkspaceEdit();
  mistake.replace(uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + written.length)), '  - public-gateway\n');
  assert(await vscode.workspace.applyEdit(mistake), 'workspace.applyEdit returned false');
  const line = doc.positionAt(at).line;
  try {
    const diag = await waitFor('IST0101 on the gateway reference', () => istioDiagnostics(uri).find((d) => codeOf(d) === 'IST0101' && d.range.start.line === line));
    assert(/istio-system\/public-gateway/.test(diag.message) || (diag.relatedInformation || []).length > 0, `message: ${diag.message}`);
    const actions = await waitFor('code actions for IST0101', async () => {
      const list = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, diag.range, vscode.CodeActionKind.QuickFix.value, 50);
      return list && list.length ? list : undefined;
    });
    const preferred = actions.filter((a) => a.isPreferred);
    assert(preferred.length === 1, `preferred fixes: ${preferred.map((a) => a.title).join(' | ') || 'none'} among ${actions.map((a) => a.title).join(' | ')}`);
    const fix = preferred[0];
    assert(/istio-system\/public-gateway/.test(fix.title), `preferred fix: ${fix.title}`);
    assert(!actions.some((a) => /^Create/i.test(a.title)), `a fix creates a second Gateway: ${actions.map((a) => a.title).join(' | ')}`);
    assert(fix.edit && (await vscode.workspace.applyEdit(fix.edit)), `"${fix.title}" has no edit, or it did not apply`);
    assert(doc.lineAt(line).text === '  - istio-system/public-gateway', `after the fix the line is ${JSON.stringify(doc.lineAt(line).text)}`);
    await waitFor('the findings of the file and the workspace to be as before the mistake', () => own() === before.own && count() === before.total).catch((err) => {
      throw new Error(`${err.message}; file: ${describeDiagnostics(istioDiagnostics(uri))}; workspace ${count()} vs ${before.total}`);
    });
    note(`"${fix.title}" (preferred of ${actions.length}): ${diag.message.slice(0, 100)}`);
  } finally {
    if (doc.getText() !== original) {
      const restore = new vscode.WorkspaceEdit();
      restore.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), original);
      await vscode.workspace.applyEdit(restore);
    }
    await doc.save();
  }
});

test('Gateway API: a parentRef sectionName that names no listener gets ILS0802; its quick fix names the listener, and the findings are as before', async () => {
  await activateExtension();
  // "Before" is measured once the workspace scan has published (the examples' planted typos).
  await waitFor('the workspace scan to publish', () => istioDiagnostics(uriOf('book-typos/book-typos.yaml')).length > 0);
  const uri = uriOf('gateway-api/ingress.yaml');
  const doc = await openDoc(uri);
  const original = doc.getText();
  const written = '    sectionName: https\n';
  const at = original.indexOf(written);
  assert(at >= 0, 'gateway-api/ingress.yaml has no "sectionName: https"');
  const count = () => vscode.languages.getDiagnostics().reduce((n, [, list]) => n + list.filter((d) => d.source === 'istio-ls').length, 0);
  const own = () => istioDiagnostics(uri).map((d) => `${d.range.start.line}:${codeOf(d)} ${d.message}`).sort().join('\n');
  const before = { total: count(), own: own() };
  const typo = new vscode.WorkspaceEdit();
  typo.replace(uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + written.length)), '    sectionName: htps\n');
  assert(await vscode.workspace.applyEdit(typo), 'workspace.applyEdit returned false');
  const line = doc.positionAt(at).line;
  try {
    const diag = await waitFor('ILS0802 on the sectionName', () => istioDiagnostics(uri).find((d) => codeOf(d) === 'ILS0802' && d.range.start.line === line));
    assert(/no listener named "htps"/.test(diag.message), `message: ${diag.message}`);
    const actions = await waitFor('code actions for ILS0802', async () => {
      const list = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, diag.range, vscode.CodeActionKind.QuickFix.value, 50);
      return list && list.length ? list : undefined;
    });
    const fix = actions.find((a) => /^Change sectionName to "https"/.test(a.title));
    assert(fix, `no "Change sectionName to \"https\"" among: ${actions.map((a) => a.title).join(' | ')}`);
    assert(fix.edit && (await vscode.workspace.applyEdit(fix.edit)), `"${fix.title}" has no edit, or it did not apply`);
    assert(doc.lineAt(line).text === '    sectionName: https', `after the fix the line is ${JSON.stringify(doc.lineAt(line).text)}`);
    await waitFor('the findings of the file and the workspace to be as before the typo', () => own() === before.own && count() === before.total).catch((err) => {
      throw new Error(`${err.message}; file: ${describeDiagnostics(istioDiagnostics(uri))}; workspace ${count()} vs ${before.total}`);
    });
    note(`"${fix.title}": ${diag.message.slice(0, 100)}`);
  } finally {
    if (doc.getText() !== original) {
      const restore = new vscode.WorkspaceEdit();
      restore.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), original);
      await vscode.workspace.applyEdit(restore);
    }
    await doc.save();
  }
});

test('the status bar item shows the index state and the workspace istio-ls errors and warnings', async () => {
  await activateExtension();
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  const status = ext.exports && ext.exports.statusBar;
  assert(status, 'the extension exports no statusBar state');
  const counts = () => {
    let errors = 0;
    let warnings = 0;
    for (const [, list] of vscode.languages.getDiagnostics()) {
      for (const d of list) {
        if (d.source !== 'istio-ls') continue;
        if (d.severity === vscode.DiagnosticSeverity.Error) errors++;
        else if (d.severity === vscode.DiagnosticSeverity.Warning) warnings++;
      }
    }
    return { errors, warnings };
  };
  // The examples' book typos are errors, so a count of zero would be wrong.
  await waitFor('errors in the Problems panel', () => counts().errors > 0);
  await waitFor('the status bar to match the Problems panel', () => {
    const c = counts();
    return status.indexed && status.errors === c.errors && status.warnings === c.warnings
      && status.text === `$(error) ${c.errors} $(warning) ${c.warnings} Istio`;
  }).catch((err) => {
    throw new Error(`${err.message}; status ${JSON.stringify(status)}, Problems ${JSON.stringify(counts())}`);
  });
  assert(/indexed in/.test(status.tooltip), `tooltip: ${status.tooltip}`);
  // Its command opens the Problems panel.
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  note(`status bar: ${status.text} (${status.tooltip})`);
});

test('a Gateway code lens runs istio.showLocations, which opens the peek view at the VirtualServices', async () => {
  await activateExtension();
  const uri = uriOf('bookinfo-gateways/gateways.yaml');
  await openDoc(uri);
  const lens = await waitFor('a "bound by" code lens on gateways.yaml', async () => {
    const lenses = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', uri);
    return (lenses || []).find((l) => l.command && l.command.command === 'istio.showLocations');
  });
  assert(/^bound by \d+ VirtualServices?: /.test(lens.command.title), `lens title: ${lens.command.title}`);
  // Runs through the language client: the server's command, shown by the client as VS Code's peek view.
  await vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments || []));
  note(`"${lens.command.title}" -> ${lens.command.arguments[2].length} location(s)`);
});

// ---------------------------------------------------------------- runner

async function run() {
  const only = process.env.ISTIO_LS_E2E_GREP ? new RegExp(process.env.ISTIO_LS_E2E_GREP) : undefined;
  const results = [];
  log(`istio-ls e2e suite in ${vscode.env.appName} ${vscode.version} (${vscode.env.appHost}), workspace ${workspaceRoot().fsPath}`);
  for (const t of tests) {
    if (only && !only.test(t.name)) continue;
    const started = Date.now();
    notes = [];
    let timer;
    try {
      await Promise.race([
        t.fn(),
        new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`test timed out after ${TEST_TIMEOUT_MS} ms`)), TEST_TIMEOUT_MS); }),
      ]);
      results.push({ name: t.name, ok: true, ms: Date.now() - started });
      log(`  ✓ ${t.name} (${Date.now() - started} ms)`);
    } catch (err) {
      results.push({ name: t.name, ok: false, ms: Date.now() - started, error: String((err && err.message) || err) });
      log(`  ✗ ${t.name} (${Date.now() - started} ms)\n      ${(err && err.message) || err}`);
    } finally {
      clearTimeout(timer);
      for (const n of notes) log(`      ${n}`);
    }
  }
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  log(`${passed} passed, ${failed} failed`);
  if (process.env.ISTIO_LS_E2E_RESULT) {
    try { fs.writeFileSync(process.env.ISTIO_LS_E2E_RESULT, JSON.stringify({ passed, failed, results }, null, 2)); } catch { /* ignore */ }
  }
  if (failed > 0) throw new Error(`${failed} e2e test(s) failed`);
}

module.exports = { run };
