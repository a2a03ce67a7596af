import * as fs from 'fs';
import * as path from 'path';
import type { CliOptions } from '../args';
import { writeFileAtomic } from '../files';
import { repositoryRoot, resolveCommit } from '../git';
import type { ReportControlsResult } from '../../protocol';
import type { RunReport } from '../report';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';
import { buildAuditReport } from './model';
import { countOf } from '../../core/text';

/** Builds the audit report from a CLI run and writes it where --output says (else to stdout). */
export function writeAuditReport(run: RunReport, controls: ReportControlsResult, options: CliOptions): void {
  const scanned = options.paths.map((item) => path.resolve(run.cwd, item));
  const commit = repositoryRoot(run.root) ? resolveCommit(run.root, 'HEAD') : undefined;
  const report = buildAuditReport(run, { controls, commit, date: new Date(), scanned });
  // One folder scanned: the report is about it, not about the repository it sits in.
  if (scanned.length === 1 && fs.existsSync(scanned[0]) && fs.statSync(scanned[0]).isDirectory()) report.project = path.basename(scanned[0]);
  const output = options.output ? path.resolve(run.cwd, options.output) : undefined;
  // Links to code are relative to where the report is read from.
  const from = output ? path.dirname(output) : run.root;
  const toRoot = path.relative(from, run.root).split(path.sep).join('/');
  const linkBase = toRoot ? `${toRoot}/` : '';
  const text = options.reportFormat === 'md' ? renderMarkdown(report, { linkBase }) : renderHtml(report, { linkBase });
  if (output) {
    fs.mkdirSync(path.dirname(output), { recursive: true });
    writeFileAtomic(output, text);
    process.stderr.write(`phi-lint: wrote ${options.output} (${countOf(report.summary.findings, 'finding')}, ${countOf(report.summary.exceptions, 'documented exception')})\n`);
  } else {
    process.stdout.write(text);
  }
}
