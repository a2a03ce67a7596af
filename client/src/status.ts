import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from '../../server/src/protocol';
import { Commands } from './commands';

/**
 * Diagnostics change in bursts (a workspace scan publishes one file at a time), and counting walks
 * every diagnostic in the window, so the count is refreshed at most this often.
 */
const REFRESH_THROTTLE_MS = 250;

/**
 * The language status item: how many phi-lint findings the window holds, when the workspace was
 * last scanned, and whether the server is down.
 */
export class FindingsStatus implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;
  private readonly diagnosticsListener: vscode.Disposable;
  private refreshTimer: NodeJS.Timeout | undefined;
  /** Why the server is not running; undefined while it runs or has not been started yet. */
  private serverProblem: string | undefined;

  constructor(selector: vscode.DocumentSelector) {
    this.item = vscode.languages.createLanguageStatusItem('phiLint.status', selector);
    this.item.name = 'phi-lint';
    this.diagnosticsListener = vscode.languages.onDidChangeDiagnostics(() => this.scheduleRefresh());
    this.refresh();
  }

  setScanning(scanning: boolean): void {
    this.item.busy = scanning;
  }

  scanCompleted(at: Date): void {
    this.item.detail = `last scan: ${at.toLocaleTimeString()}`;
  }

  /** Pass undefined once the server runs again. */
  setServerProblem(problem: string | undefined): void {
    this.serverProblem = problem;
    this.refresh();
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    this.diagnosticsListener.dispose();
    this.item.dispose();
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer !== undefined) {
      return;
    }
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.refresh();
    }, REFRESH_THROTTLE_MS);
  }

  private refresh(): void {
    if (this.serverProblem !== undefined) {
      this.item.text = `phi-lint: ${this.serverProblem}`;
      this.item.severity = vscode.LanguageStatusSeverity.Error;
      this.item.command = { title: 'Restart server', command: Commands.restartServer };
      return;
    }
    const findings = countFindings();
    this.item.text = `phi-lint: ${describeFindings(findings)}`;
    this.item.severity = findings > 0 ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
    this.item.command = { title: 'Show output', command: Commands.showOutput };
  }
}

/** getDiagnostics() holds every extension's diagnostics, so phi-lint's are told apart by source. */
function countFindings(): number {
  let count = 0;
  for (const [, diagnostics] of vscode.languages.getDiagnostics()) {
    for (const diagnostic of diagnostics) {
      if (diagnostic.source === DIAGNOSTIC_SOURCE) {
        count++;
      }
    }
  }
  return count;
}

export function describeFindings(count: number): string {
  if (count === 0) {
    return 'no findings';
  }
  return count === 1 ? '1 finding' : `${count} findings`;
}
