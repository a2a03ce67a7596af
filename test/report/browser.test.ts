import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { pathToFileURL } from 'url';
import type { AuditReport } from '../../server/src/cli/auditReport/model';
import { describeRun, runCli } from '../helpers/cli';
import { REPO_ROOT } from '../helpers/repo';
import { makeTempDir, removeDir } from '../helpers/workspace';

const CHROMIUM = '/usr/bin/chromium';
/** Not committed (.gitignore): the report and screenshots stay for a person to look at. */
const OUTPUT_DIR = path.join(REPO_ROOT, 'test-output', 'report');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Installs Chromium through scripts/ensure-chromium.sh when it is missing; the reason when it cannot. */
function chromiumUnavailable(): string | undefined {
  if (fs.existsSync(CHROMIUM)) return undefined;
  const result = spawnSync('bash', [path.join(REPO_ROOT, 'scripts', 'ensure-chromium.sh')], { encoding: 'utf8' });
  if (fs.existsSync(CHROMIUM)) return undefined;
  return `${CHROMIUM} is missing and scripts/ensure-chromium.sh could not install it: ${(result.stderr || result.stdout || result.error?.message || '').trim()}`;
}

/**
 * Opens the audit report of the example in headless Chromium (Debian's package, driven by
 * playwright-core), offline: checks that the data-flow map renders and that the filters by data
 * type and by control work, and saves screenshots under test-output/report/.
 */
describe('audit report in a browser (headless Chromium)', function () {
  this.timeout(240000);

  let unavailable: string | undefined;
  let profile: string | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let report: AuditReport;
  const externalRequests: string[] = [];
  const pageErrors: string[] = [];

  before(async function () {
    unavailable = chromiumUnavailable();
    if (unavailable) {
      console.log(`    browser test did not run: ${unavailable}`);
      return;
    }
    fs.mkdirSync(OUTPUT_DIR, { recursive: true });
    const reportFile = path.join(OUTPUT_DIR, 'report.html');
    const run = await runCli(['report', 'examples/telehealth-app', '--output', reportFile], REPO_ROOT);
    assert.strictEqual(run.code, 0, describeRun(run));
    profile = makeTempDir('chromium-profile');
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 1000 } });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // Nothing may leave the machine: a self-contained report asks for no URL but its own file.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      externalRequests.push(url);
      return route.abort();
    });
    await page.goto(pathToFileURL(reportFile).toString());
    report = JSON.parse((await page.locator('#phi-lint-report-data').textContent()) ?? '{}') as AuditReport;
  });

  after(async () => {
    await context?.close();
    removeDir(profile);
  });

  /** Runs a check in Chromium, or says plainly that it could not. */
  function inBrowser(title: string, check: () => Promise<void>): void {
    it(title, async () => {
      if (unavailable) {
        console.log(`    not checked in a browser: ${unavailable}`);
        return;
      }
      await check();
    });
  }

  const visible = (selector: string) => page.locator(`${selector}:not(.filtered-out)`).count();

  inBrowser('renders the data-flow map, offline, without script errors', async () => {
    assert.deepStrictEqual(externalRequests, []);
    assert.deepStrictEqual(pageErrors, []);
    const map = page.locator('#flow-map');
    const box = await map.boundingBox();
    assert.ok(box && box.width > 800 && box.height > 200, `the map has a size: ${JSON.stringify(box)}`);
    const nodes = await page.locator('#flow-map .node').count();
    assert.ok(nodes >= 10, `${nodes} nodes`);
    // Every node is drawn with its label inside its box.
    const drawn = await page.$$eval('#flow-map .node', (groups) =>
      groups.map((group) => {
        const rect = group.querySelector('rect')!.getBoundingClientRect();
        const text = group.querySelector('text')!.getBoundingClientRect();
        return rect.width > 100 && rect.height > 10 && text.width > 10 && text.left >= rect.left && text.right <= rect.right + 1;
      }),
    );
    assert.ok(drawn.every(Boolean), 'labels fit their nodes');
    assert.strictEqual(await page.locator('#flow-map .node-thirdParty').count(), 1, 'Sentry is a third party');
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'report.png') });
  });

  inBrowser('filters by data type: rows and map show that type only', async () => {
    const ssn = report.dataTypes.find((type) => type.label === 'Social Security number')!;
    await page.selectOption('#filter-data-type', ssn.id);
    assert.strictEqual(await visible('#flows-table tbody tr'), report.flows.filter((flow) => flow.dataType === ssn.id).length);
    assert.strictEqual(await visible('#inventory-columns tbody tr'), report.columns.filter((column) => column.dataType === ssn.id).length);
    assert.strictEqual(await page.locator('#flow-map .node-thirdParty.filtered-out').count(), 1, 'the Sentry flow carries an e-mail address, not an SSN');
    const opacity = await page.locator('#flow-map .node-thirdParty').evaluate((element) => (globalThis as unknown as { getComputedStyle(target: unknown): { opacity: string } }).getComputedStyle(element).opacity);
    assert.ok(Number(opacity) < 0.5, `filtered map nodes are dimmed (opacity ${opacity})`);
    assert.match((await page.locator('#filter-status').textContent()) ?? '', /^\d+ matching rows$/);
    await page.locator('#map').screenshot({ path: path.join(OUTPUT_DIR, 'report-filtered-ssn.png') });
    await page.selectOption('#filter-data-type', '');
    assert.strictEqual(await visible('#flows-table tbody tr'), report.flows.length);
    assert.strictEqual(await page.locator('#flow-map .filtered-out').count(), 0);
  });

  inBrowser('filters by control: that control, its findings and the stores it judges', async () => {
    const id = 'HIPAA-164.312(a)(2)(iv)';
    const control = report.controls.find((candidate) => candidate.id === id)!;
    await page.selectOption('#filter-control', id);
    assert.strictEqual(await visible('#controls .control'), 1);
    assert.ok(await page.locator(`[id="control-${id}"]`).isVisible());
    assert.strictEqual(await visible(`[id="control-${id}"] tbody tr`), control.findings.length + control.exceptions.length);
    assert.strictEqual(await visible('#stores-table tbody tr'), 1, 'only the log group has an encryption gap');
    assert.match((await page.locator('#stores-table tbody tr:not(.filtered-out)').textContent()) ?? '', /ApiLogGroup/);
    await page.selectOption('#filter-control', '');
    assert.strictEqual(await visible('#controls .control'), report.controls.length);
  });
});
