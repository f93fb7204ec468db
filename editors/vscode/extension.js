// The dgenerate language server in VS Code, with no dependencies: `dgenerate --lsp` over stdio,
// its diagnostics shown as problems, and hover and completion asked of it. Positions are
// UTF-16, as VS Code counts them.
"use strict";
const vscode = require("vscode");
const { spawn } = require("child_process");

let server;
let nextId = 1;
const pending = new Map();
let buffer = Buffer.alloc(0);
let diagnostics;

function send(message) {
  const body = Buffer.from(JSON.stringify(Object.assign({ jsonrpc: "2.0" }, message)), "utf8");
  server.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
  server.stdin.write(body);
}

function request(method, params) {
  const id = nextId++;
  send({ id, method, params });
  return new Promise((resolve) => pending.set(id, resolve));
}

function receive(chunk) {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const end = buffer.indexOf("\r\n\r\n");
    if (end < 0) return;
    const match = /Content-Length: *(\d+)/i.exec(buffer.slice(0, end).toString("ascii"));
    const length = match ? Number(match[1]) : 0;
    if (buffer.length < end + 4 + length) return;
    const message = JSON.parse(buffer.slice(end + 4, end + 4 + length).toString("utf8"));
    buffer = buffer.slice(end + 4 + length);
    if (message.id !== undefined && pending.has(message.id)) {
      pending.get(message.id)(message.result);
      pending.delete(message.id);
    } else if (message.method === "textDocument/publishDiagnostics") {
      publish(message.params);
    }
  }
}

function range(r) {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

function publish(params) {
  const severities = [null, vscode.DiagnosticSeverity.Error, vscode.DiagnosticSeverity.Warning,
    vscode.DiagnosticSeverity.Information, vscode.DiagnosticSeverity.Hint];
  diagnostics.set(vscode.Uri.parse(params.uri), params.diagnostics.map((d) => {
    const diagnostic = new vscode.Diagnostic(range(d.range), d.message, severities[d.severity || 1]);
    diagnostic.source = "dgenerate";
    if (d.code) diagnostic.code = d.code;
    return diagnostic;
  }));
}

function isScript(document) {
  return document.languageId === "dgenerate";
}

function opened(document) {
  if (!isScript(document)) return;
  send({ method: "textDocument/didOpen", params: { textDocument: {
    uri: document.uri.toString(), languageId: "dgenerate", version: document.version, text: document.getText() } } });
}

async function activate(context) {
  const program = vscode.workspace.getConfiguration("dgenerate").get("path") || "dgenerate";
  server = spawn(program, ["--lsp"], { stdio: ["pipe", "pipe", "inherit"] });
  server.on("error", (error) => vscode.window.showErrorMessage(`dgenerate --lsp did not start: ${error.message}`));
  server.stdout.on("data", receive);
  diagnostics = vscode.languages.createDiagnosticCollection("dgenerate");
  context.subscriptions.push(diagnostics);
  await request("initialize", { processId: process.pid, rootUri: null, capabilities: {} });
  send({ method: "initialized", params: {} });
  vscode.workspace.textDocuments.forEach(opened);
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(opened),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (!isScript(event.document)) return;
      send({ method: "textDocument/didChange", params: {
        textDocument: { uri: event.document.uri.toString(), version: event.document.version },
        contentChanges: [{ text: event.document.getText() }] } });
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      if (!isScript(document)) return;
      send({ method: "textDocument/didClose", params: { textDocument: { uri: document.uri.toString() } } });
      diagnostics.delete(document.uri);
    }),
    vscode.languages.registerHoverProvider("dgenerate", {
      async provideHover(document, position) {
        const result = await request("textDocument/hover", {
          textDocument: { uri: document.uri.toString() }, position: { line: position.line, character: position.character } });
        if (!result) return null;
        const text = typeof result.contents === "string" ? result.contents : result.contents.value;
        return new vscode.Hover(new vscode.MarkdownString(text), result.range ? range(result.range) : undefined);
      },
    }),
    vscode.languages.registerCompletionItemProvider("dgenerate", {
      async provideCompletionItems(document, position) {
        const result = await request("textDocument/completion", {
          textDocument: { uri: document.uri.toString() }, position: { line: position.line, character: position.character } });
        const items = (result && (result.items || result)) || [];
        return items.map((item) => {
          const completion = new vscode.CompletionItem(item.label, (item.kind || 1) - 1);
          completion.detail = item.detail;
          if (item.textEdit) {
            completion.range = range(item.textEdit.range);
            completion.insertText = item.textEdit.newText;
          }
          return completion;
        });
      },
    }, "\\", "-", "|", " ")
  );
}

function deactivate() {
  if (!server) return undefined;
  return request("shutdown", null).then(() => {
    send({ method: "exit" });
  });
}

module.exports = { activate, deactivate };
