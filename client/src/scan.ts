import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  ScanProgressNotification,
  ScanWorkspaceRequest,
  type ScanProgressParams,
  type ScanWorkspaceResult,
} from '../../server/src/protocol';
import { describeFindings, type FindingsStatus } from './status';

/** The server's answer; undefined when the user cancelled before it came, or the request failed. */
type ScanOutcome = ScanWorkspaceResult | undefined;

/** Runs phiLint/scanWorkspace behind a cancellable progress notification. */
export class WorkspaceScanner {
  private runningScan: Promise<ScanOutcome> | undefined;

  constructor(
    private readonly client: LanguageClient,
    private readonly status: FindingsStatus,
  ) {}

  /**
   * Starts a scan, or joins the one already running: a second one would redo the same work and
   * both would listen to the same progress notifications.
   * Resolves to the outcome, which is also what the command returns (handy for editor tests).
   */
  scan(): Promise<ScanOutcome> {
    this.runningScan ??= this.runScan().finally(() => {
      this.runningScan = undefined;
    });
    return this.runningScan;
  }

  private async runScan(): Promise<ScanOutcome> {
    this.status.setScanning(true);
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'phi-lint: scanning workspace', cancellable: true },
        (progress, token) => this.requestScan(progress, token),
      );
      if (result !== undefined && !result.cancelled) {
        this.status.scanCompleted(new Date());
      }
      void showSummary(result);
      return result;
    } catch (error) {
      void vscode.window.showErrorMessage(`phi-lint: workspace scan failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    } finally {
      this.status.setScanning(false);
    }
  }

  private async requestScan(
    progress: vscode.Progress<{ message?: string; increment?: number }>,
    token: vscode.CancellationToken,
  ): Promise<ScanOutcome> {
    // withProgress adds up increments, so only the growth since the last report is passed on.
    let reportedPercent = 0;
    const progressListener = this.client.onNotification(ScanProgressNotification, ({ scanned, total }: ScanProgressParams) => {
      if (total <= 0) {
        return;
      }
      const percent = Math.min(100, (scanned / total) * 100);
      progress.report({ increment: percent - reportedPercent, message: `${scanned} of ${total} files` });
      reportedPercent = percent;
    });
    try {
      // Empty params, not none: vscode-jsonrpc hands a request without params to the server's
      // handler as (token) instead of (params, token), and the scan would lose its cancellation.
      return await this.client.sendRequest<ScanWorkspaceResult>(ScanWorkspaceRequest, {}, token);
    } catch (error) {
      // The request is rejected when the user cancels before the server has answered: not a failure.
      if (token.isCancellationRequested) {
        return undefined;
      }
      throw error;
    } finally {
      progressListener.dispose();
    }
  }
}

async function showSummary(result: ScanOutcome): Promise<void> {
  if (result === undefined) {
    await vscode.window.showInformationMessage('phi-lint: workspace scan cancelled.');
    return;
  }
  const files = result.files === 1 ? '1 file' : `${result.files} files`;
  const findings = describeFindings(result.findings);
  if (result.cancelled) {
    await vscode.window.showInformationMessage(`phi-lint: workspace scan cancelled after ${files} (${findings} so far).`);
    return;
  }
  const message = `phi-lint: scanned ${files}, ${findings}.`;
  if (result.findings === 0) {
    await vscode.window.showInformationMessage(message);
    return;
  }
  const showProblems = 'Show Problems';
  if ((await vscode.window.showWarningMessage(message, showProblems)) === showProblems) {
    await vscode.commands.executeCommand('workbench.actions.view.problems');
  }
}
