export type OutputFormat = 'text' | 'json' | 'sarif';
/** `phi-lint report`: a self-contained HTML page, or Markdown that renders in a pull request. */
export type ReportFormat = 'html' | 'md';

export interface CliOptions {
  /** `lint` (the default) reports findings; `report` writes the audit report (data map and controls). */
  command: 'lint' | 'report';
  /** The report's format, for `phi-lint report`. */
  reportFormat: ReportFormat;
  paths: string[];
  format: OutputFormat;
  output?: string;
  config?: string;
  changedSince?: string;
  staged: boolean;
  fix: boolean;
  maxWarnings?: number;
  quiet: boolean;
  color: boolean;
  /** Reuse findings of files that did not change since the last run. */
  cache: boolean;
  cacheLocation: string;
}

export type ParsedArgs = { kind: 'run'; options: CliOptions } | { kind: 'help' } | { kind: 'version' } | { kind: 'error'; message: string };

export const USAGE = `Usage: phi-lint [options] [paths...]

Finds protected health information and other sensitive personal data reaching logs and other
sinks. Paths are files or folders (default: the current folder); .gitignore and the config's
ignore list are honoured.

Options:
  --format text|json|sarif   output format (default: text)
  --output FILE              write the report to FILE instead of standard output
  --config FILE              use this config instead of looking for .phi-lint.yaml
  --changed-since REF        report only findings on lines changed since the git REF
  --staged                   lint the staged content of staged files (pre-commit)
  --fix                      apply safe fixes to the files, then report what is left
  --max-warnings N           fail only when there are more than N warnings (errors always fail)
  --quiet                    report errors only
  --cache                    skip files unchanged since the last run (with the same config)
  --cache-location FILE      where the cache lives (default: node_modules/.cache/phi-lint/results.json)
  --no-color                 plain text output
  --version                  print the version
  --help                     print this help

Exit codes: 0 no findings, 1 findings, 2 usage, config or internal error.

Usage: phi-lint report [--format html|md] [--output FILE] [--config FILE] [paths...]

Writes audit evidence from one scan: the data inventory (PHI types, schema columns and their
phi-purpose, IaC stores and their posture), a data-flow map, findings grouped by HIPAA and CPRA
control, suppressions with their reasons as documented exceptions, the version, commit and date.
  --format html|md           a self-contained HTML page (default), or Markdown for a pull request
  --output FILE              write the report to FILE instead of standard output
Exit codes: 0 report written (whatever it found), 2 usage, config or internal error.`;

const VALUE_OPTIONS = new Set(['--format', '--output', '--config', '--changed-since', '--max-warnings', '--cache-location']);

/** Parses argv (without node and script). Unknown options are errors, not silently ignored. */
export function parseArgs(argv: readonly string[], isTty: boolean): ParsedArgs {
  const options: CliOptions = {
    command: 'lint',
    reportFormat: 'html',
    paths: [],
    format: 'text',
    staged: false,
    fix: false,
    quiet: false,
    color: isTty && !process.env.NO_COLOR,
    cache: false,
    cacheLocation: 'node_modules/.cache/phi-lint/results.json',
  };
  let start = 0;
  if (argv[0] === 'report') {
    options.command = 'report';
    start = 1;
  }
  for (let i = start; i < argv.length; i++) {
    let arg = argv[i];
    let value: string | undefined;
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    if (equals > 0) {
      value = arg.slice(equals + 1);
      arg = arg.slice(0, equals);
    }
    if (VALUE_OPTIONS.has(arg) && value === undefined) {
      value = argv[++i];
      if (value === undefined) return { kind: 'error', message: `${arg} needs a value` };
    }
    switch (arg) {
      case '--help':
      case '-h':
        return { kind: 'help' };
      case '--version':
      case '-v':
        return { kind: 'version' };
      case '--format':
        if (options.command === 'report') {
          if (value !== 'html' && value !== 'md') return { kind: 'error', message: `report --format must be html or md (got "${value}")` };
          options.reportFormat = value;
          break;
        }
        if (value !== 'text' && value !== 'json' && value !== 'sarif') return { kind: 'error', message: `--format must be text, json or sarif (got "${value}")` };
        options.format = value;
        break;
      case '--output':
        options.output = value;
        break;
      case '--config':
        options.config = value;
        break;
      case '--changed-since':
        options.changedSince = value;
        break;
      case '--max-warnings': {
        const count = Number(value);
        if (!Number.isInteger(count) || count < 0) return { kind: 'error', message: `--max-warnings must be a whole number of 0 or more (got "${value}")` };
        options.maxWarnings = count;
        break;
      }
      case '--staged':
        options.staged = true;
        break;
      case '--fix':
        options.fix = true;
        break;
      case '--quiet':
        options.quiet = true;
        break;
      case '--cache':
        options.cache = true;
        break;
      case '--cache-location':
        options.cacheLocation = value!;
        break;
      case '--no-color':
        options.color = false;
        break;
      case '--':
        options.paths.push(...argv.slice(i + 1));
        i = argv.length;
        break;
      default:
        if (arg.startsWith('-')) return { kind: 'error', message: `unknown option ${arg}` };
        options.paths.push(arg);
    }
  }
  if (options.command === 'report') {
    // The report is evidence about the whole of what it scans, from the files as they are.
    const unsupported = [options.fix && '--fix', options.staged && '--staged', options.changedSince && '--changed-since', options.cache && '--cache', options.maxWarnings !== undefined && '--max-warnings', options.quiet && '--quiet'].filter(Boolean);
    if (unsupported.length > 0) return { kind: 'error', message: `${unsupported.join(', ')} cannot be used with report: the report covers every finding of a full scan` };
  }
  if (options.fix && options.staged) return { kind: 'error', message: '--fix cannot be combined with --staged: the staged content is not the file on disk' };
  if (options.staged && options.changedSince) return { kind: 'error', message: '--staged and --changed-since cannot be combined' };
  return { kind: 'run', options };
}
