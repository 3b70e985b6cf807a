// Headroom for VS Code: starts `headroom lsp` for YAML and JSON files and keeps the server's
// settings (section `headroom`) in sync. Everything else (diagnostics, hover, code actions)
// is plain LSP handled by vscode-languageclient.

import * as vscode from 'vscode';
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from 'vscode-languageclient/node';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;

/** The settings the server reads: `gpu`, `gpuCount`, `margin` (see package.json). */
function serverSettings(): { gpu?: string; gpuCount?: number; margin?: number } {
  const config = vscode.workspace.getConfiguration('headroom');
  const settings: { gpu?: string; gpuCount?: number; margin?: number } = {};
  const gpu = config.get<string>('gpu');
  if (gpu) {
    settings.gpu = gpu;
  }
  const gpuCount = config.get<number | null>('gpuCount');
  if (typeof gpuCount === 'number' && gpuCount >= 1) {
    settings.gpuCount = gpuCount;
  }
  const margin = config.get<number>('margin');
  if (typeof margin === 'number') {
    settings.margin = margin;
  }
  return settings;
}

function createClient(): LanguageClient {
  const command = vscode.workspace.getConfiguration('headroom').get<string>('path') || 'headroom';
  const serverOptions: ServerOptions = { command, args: ['lsp'] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'json' },
      { scheme: 'untitled', language: 'yaml' },
      { scheme: 'untitled', language: 'json' },
    ],
    // Sends workspace/didChangeConfiguration {settings: {headroom: {...}}} when a
    // `headroom.*` setting changes; the server also pulls workspace/configuration.
    synchronize: { configurationSection: 'headroom' },
    initializationOptions: serverSettings(),
    outputChannel: output,
  };
  return new LanguageClient('headroom', 'Headroom', serverOptions, clientOptions);
}

async function startClient(): Promise<void> {
  client = createClient();
  try {
    await client.start();
  } catch (err) {
    const command = vscode.workspace.getConfiguration('headroom').get<string>('path') || 'headroom';
    void vscode.window.showErrorMessage(
      `Headroom: could not start \`${command} lsp\` (${String(err)}). ` +
        'Install headroom on PATH or set "headroom.path".',
    );
  }
}

async function restartClient(): Promise<void> {
  const old = client;
  client = undefined;
  if (old) {
    await old.stop().catch(() => undefined);
  }
  await startClient();
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('Headroom');
  context.subscriptions.push(output);
  context.subscriptions.push(
    vscode.commands.registerCommand('headroom.restartServer', restartClient),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // A new executable needs a new process; the other settings travel over LSP.
      if (event.affectsConfiguration('headroom.path')) {
        void restartClient();
      }
    }),
  );
  await startClient();
}

export async function deactivate(): Promise<void> {
  if (client) {
    await client.stop();
    client = undefined;
  }
}
