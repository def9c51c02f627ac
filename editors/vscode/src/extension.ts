// agentls for VS Code: starts the `agentls` language server for Claude Code
// agent files (`.claude/agents/**/*.md`, `~/.claude/agents/**`, a plugin's
// `agents/` folder) and adds two commands, "Restart Server" and "Fix All in
// This File".

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';

/** Also the prefix of the client's settings: `agentls.trace.server`. */
const CLIENT_ID = 'agentls';
const FIX_ALL_KIND = 'source.fixAll.agentls';
const FIX_ALL = vscode.CodeActionKind.SourceFixAll.append('agentls');
const INSTALL_HELP =
  'Install the extension built for your platform (agentls-<platform>.vsix from the releases), ' +
  'or install the binary with `cargo install --git https://github.com/agentls/agentls agentls` ' +
  'and make sure it is on your PATH or set `agentls.server.path` to it.';

/**
 * The files the server is attached to. `~/.claude/agents/**` is covered by
 * the first pattern, plugin `agents/` folders by the second, skills
 * (`skills/<name>/SKILL.md`) and slash commands (`commands/**`) by the next
 * two, then output styles, rules and memory (`CLAUDE.md`), then other hosts' files
 * (Copilot, OpenCode, Cursor `.mdc` rules, Codex prompts; Copilot, OpenCode and
 * Gemini agents in `agents/` match the second pattern). They match a little more than the server analyses; it ignores the rest.
 */
export const AGENT_PATTERNS = [
  '**/.claude/agents/**/*.md',
  '**/agents/**/*.md',
  '**/skills/*/SKILL.md',
  '**/commands/**/*.md',
  '**/output-styles/*.md',
  '**/.claude/rules/**/*.md',
  '**/CLAUDE.md',
  '**/CLAUDE.local.md',
  '**/.github/chatmodes/*.chatmode.md',
  '**/.github/prompts/*.prompt.md',
  '**/.github/instructions/**/*.instructions.md',
  '**/.opencode/agent/**/*.md',
  '**/.opencode/mode/*.md',
  '**/.opencode/modes/*.md',
  '**/.config/opencode/agent/**/*.md',
  '**/.config/opencode/mode/*.md',
  '**/.config/opencode/modes/*.md',
  '**/.cursor/rules/**/*.mdc',
  '**/.codex/prompts/*.md',
  '**/.windsurf/rules/*.md',
  '**/.windsurf/workflows/*.md',
  '**/.kiro/steering/*.md',
];
const DOCUMENT_SELECTOR: { scheme: string; pattern: string }[] = AGENT_PATTERNS.map((pattern) => ({
  scheme: 'file',
  pattern,
}));

let client: LanguageClient | undefined;
let extensionPath = '';
let output: vscode.OutputChannel;
let traceOutput: vscode.OutputChannel;
/** Serialises start/stop/restart so two restarts never race. */
let lifecycle: Promise<void> = Promise.resolve();

export function activate(context: vscode.ExtensionContext): void {
  extensionPath = context.extensionPath;
  output = vscode.window.createOutputChannel('agentls');
  traceOutput = vscode.window.createOutputChannel('agentls (trace)');
  context.subscriptions.push(output, traceOutput);

  context.subscriptions.push(
    vscode.commands.registerCommand('agentls.restartServer', () =>
      queue(async () => {
        await stopClient();
        await startClient();
        if (client) {
          vscode.window.setStatusBarMessage('agentls: server restarted', 3000);
        }
      }),
    ),
    vscode.commands.registerCommand('agentls.fixAll', fixAllInActiveEditor),
    vscode.workspace.onDidChangeConfiguration((e) => {
      const restartOn = [
        'agentls.server.path',
        'agentls.index.userScope',
        'agentls.diagnostics.workspace',
        'agentls.kinds',
      ];
      const changed = restartOn.find((key) => e.affectsConfiguration(key));
      if (changed) {
        output.appendLine(`${changed} changed: restarting the server.`);
        void queue(async () => {
          await stopClient();
          await startClient();
        });
      }
    }),
  );

  void queue(() => startClient());
}

export function deactivate(): Thenable<void> | undefined {
  return queue(stopClient);
}

function queue(step: () => Promise<void>): Promise<void> {
  lifecycle = lifecycle.then(step, step).catch((err) => {
    output.appendLine(`agentls: ${errorText(err)}`);
  });
  return lifecycle;
}

async function startClient(): Promise<void> {
  const command = resolveServerPath(extensionPath);
  if (!command.path) {
    output.appendLine(command.problem);
    showMissingServer(command.problem);
    return;
  }
  // The e2e test reads this line to know which binary ran.
  output.appendLine(`Using the server from ${command.source}: ${command.path}`);
  output.appendLine(`Starting ${command.path} lsp --stdio`);

  const serverOptions: ServerOptions = {
    command: command.path,
    // The stdio transport appends `--stdio`: the server runs `agentls lsp --stdio`.
    args: ['lsp'],
    transport: TransportKind.stdio,
  };
  const kinds = kindsSetting();
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(kinds),
    initializationOptions: {
      userScope: vscode.workspace.getConfiguration('agentls').get<boolean>('index.userScope', true),
      workspaceDiagnostics: vscode.workspace.getConfiguration('agentls').get<boolean>('diagnostics.workspace', true),
      kinds,
    },
    outputChannel: output,
    traceOutputChannel: traceOutput,
  };

  const next = new LanguageClient(CLIENT_ID, 'agentls', serverOptions, clientOptions);
  try {
    await next.start();
    client = next;
  } catch (err) {
    output.appendLine(`Could not start ${command.path}: ${errorText(err)}`);
    void next.dispose().catch(() => undefined);
    const msg = `agentls: could not start the language server (${command.path}): ${errorText(err)}. ${INSTALL_HELP}`;
    void vscode.window.showErrorMessage(msg, 'Open Settings', 'Show Log').then(onErrorChoice);
  }
}

async function stopClient(): Promise<void> {
  const current = client;
  client = undefined;
  if (!current) {
    return;
  }
  try {
    if (current.state === State.Running) {
      await current.stop(5000);
    }
  } catch (err) {
    output.appendLine(`Stopping the server: ${errorText(err)}`);
  }
  try {
    await current.dispose();
  } catch {
    // already stopped
  }
}

interface Resolved {
  path?: string;
  /** Where the path came from, for the log: `setting`, `bundled`, `PATH`, `~/.cargo/bin`. */
  source?: string;
  problem: string;
}

const EXE = process.platform === 'win32' ? 'agentls.exe' : 'agentls';

/**
 * The binary shipped inside the extension: `bin/agentls[.exe]` in a
 * platform-specific .vsix (scripts/package-platform.sh puts it there), or
 * `bin/<platform>-<arch>/` when one package carries several.
 */
export function bundledServerPath(extensionPath: string): string | undefined {
  const candidates = [
    path.join(extensionPath, 'bin', EXE),
    path.join(extensionPath, 'bin', `${process.platform}-${process.arch}`, EXE),
  ];
  for (const candidate of candidates) {
    if (isExecutable(candidate)) {
      return candidate;
    }
    // An archive tool that dropped the executable bit: restore it once.
    if (process.platform !== 'win32' && fs.existsSync(candidate)) {
      try {
        fs.chmodSync(candidate, 0o755);
      } catch {
        continue;
      }
      if (isExecutable(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}

/**
 * `agentls.server.path` if set; else the binary bundled in the extension;
 * else `agentls` on PATH, else `~/.cargo/bin/agentls`.
 */
export function resolveServerPath(extensionPath: string): Resolved {
  const configured = (vscode.workspace.getConfiguration('agentls').get<string>('server.path') ?? '').trim();
  if (configured) {
    const expanded = expandPath(configured);
    if (isExecutable(expanded)) {
      return { path: expanded, source: 'setting agentls.server.path', problem: '' };
    }
    // A set but broken path is an error, not a reason to silently use another binary.
    return {
      problem: `agentls: the server binary set in \`agentls.server.path\` (${expanded}) does not exist or is not executable. ${INSTALL_HELP}`,
    };
  }
  const bundled = bundledServerPath(extensionPath);
  if (bundled) {
    return { path: bundled, source: 'bundled with the extension', problem: '' };
  }
  const found = findOnPath('agentls');
  if (found) {
    return { path: found, source: 'PATH', problem: '' };
  }
  // VS Code started from a desktop launcher often lacks ~/.cargo/bin on PATH.
  const cargoHome = process.env.CARGO_HOME || path.join(os.homedir(), '.cargo');
  const cargoBin = path.join(cargoHome, 'bin', EXE);
  if (isExecutable(cargoBin)) {
    return { path: cargoBin, source: '~/.cargo/bin', problem: '' };
  }
  return {
    problem:
      `agentls: no \`agentls\` language server: none bundled for ${process.platform}-${process.arch} in this extension, ` +
      `none on PATH. ${INSTALL_HELP}`,
  };
}

function expandPath(p: string): string {
  let out = p;
  if (out === '~' || out.startsWith('~/') || out.startsWith('~\\')) {
    out = path.join(os.homedir(), out.slice(1));
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (folder) {
    out = out.replace(/\$\{workspaceFolder\}/g, folder);
  }
  if (!path.isAbsolute(out) && folder) {
    out = path.join(folder, out);
  }
  return out;
}

function findOnPath(name: string): string | undefined {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const exts =
    process.platform === 'win32' ? (process.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').concat(['']) : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      if (isExecutable(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    fs.accessSync(file, process.platform === 'win32' ? fs.constants.F_OK : fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function showMissingServer(problem: string): void {
  void vscode.window.showErrorMessage(problem, 'Open Settings', 'Show Log').then(onErrorChoice);
}

function onErrorChoice(choice: string | undefined): void {
  if (choice === 'Open Settings') {
    void vscode.commands.executeCommand('workbench.action.openSettings', 'agentls.server.path');
  } else if (choice === 'Show Log') {
    output.show(true);
  }
}

function isAgentDocument(doc: vscode.TextDocument): boolean {
  return vscode.languages.match(documentSelector(kindsSetting()), doc) > 0;
}

/** `agentls.kinds`: glob (relative to the workspace folder) to kind name. */
function kindsSetting(): Record<string, string> {
  return vscode.workspace.getConfiguration('agentls').get<Record<string, string>>('kinds', {}) ?? {};
}

/**
 * The agent file patterns, and the files `agentls.kinds` gives a kind (at any
 * depth: the server, which knows the workspace folders, decides the rest).
 */
function documentSelector(kinds: Record<string, string>): { scheme: string; pattern: string }[] {
  const extra = Object.keys(kinds)
    .filter((glob) => kinds[glob] !== 'none')
    .map((glob) => ({ scheme: 'file', pattern: '**/' + glob.replace(/^\.?\//, '') }));
  return DOCUMENT_SELECTOR.concat(extra);
}

/**
 * Runs the server's `source.fixAll.agentls` code action on the active editor
 * and applies its edit. Works on the editor's text, saved or not.
 */
async function fixAllInActiveEditor(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('agentls: open an agent file first.');
    return;
  }
  const doc = editor.document;
  if (!isAgentDocument(doc)) {
    void vscode.window.showInformationMessage(
      'agentls: this file is not an agent, skill, command, output style, rule or memory file (.claude/agents/**/*.md, skills/<name>/SKILL.md, .claude/commands/**/*.md, .claude/output-styles/*.md, .claude/rules/**/*.md, CLAUDE.md).',
    );
    return;
  }
  if (!client || client.state !== State.Running) {
    showMissingServer(`agentls: the language server is not running. ${INSTALL_HELP}`);
    return;
  }
  const whole = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
  const version = doc.version;
  const actions =
    (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      whole,
      FIX_ALL_KIND,
    )) ?? [];
  const fixAll = actions.filter(
      (a): a is vscode.CodeAction =>
      typeof (a as vscode.Command).command !== 'string' &&
      (a as vscode.CodeAction).kind !== undefined &&
      FIX_ALL.contains((a as vscode.CodeAction).kind!),
  );
  if (fixAll.length === 0) {
    void vscode.window.setStatusBarMessage('agentls: nothing to fix in this file', 4000);
    return;
  }
  if (doc.version !== version) {
    void vscode.window.showWarningMessage('agentls: the file changed while computing fixes; run the command again.');
    return;
  }
  let applied = 0;
  for (const action of fixAll) {
    if (action.edit && (await vscode.workspace.applyEdit(action.edit))) {
      applied++;
    }
    if (action.command) {
      await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
    }
  }
  if (applied === 0 && !fixAll.some((a) => a.command)) {
    void vscode.window.showWarningMessage('agentls: the fixes could not be applied.');
  } else {
    void vscode.window.setStatusBarMessage('agentls: applied all fixes', 4000);
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
