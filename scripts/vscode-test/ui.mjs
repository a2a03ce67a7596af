// UI tests: the workbench driven as a person would, with screenshots of what they see. They run in
// code-server's workbench with phi-lint loaded as the extension under development.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const FIX_FILE = 'no-phi-in-logs/visit-notes.controller.ts';
const FIXED_FILE = 'no-phi-in-logs/visit-notes.controller.fixed.ts';
const HOVER_FILE = 'telehealth-app/src/routes/appointments.ts';

/** Opens a file through Quick Open (F1, then its name without the '>' command prefix). */
async function openFile(page, relative) {
  const name = path.basename(relative);
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(relative);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: 30_000 });
}

/**
 * The phi-lint squiggles in view, topmost first (no-phi-in-logs reports errors). Alt+F8 (Go to Next
 * Problem) brings the first finding into view once the server has published it; Escape closes the
 * problem's peek view and leaves the cursor there.
 */
async function squiggles(page) {
  const all = page.locator('.monaco-editor .squiggly-error');
  const deadline = Date.now() + 60_000;
  while ((await all.count()) === 0) {
    if (Date.now() > deadline) throw new Error('no phi-lint squiggle within 60 s');
    await page.keyboard.press('Alt+F8');
    await page.waitForTimeout(1000);
    await page.keyboard.press('Escape');
  }
  const boxes = [];
  for (const squiggle of await all.all()) {
    const box = await squiggle.boundingBox();
    if (box) boxes.push(box);
  }
  return boxes.sort((a, b) => a.y - b.y || a.x - b.x);
}

/** Opens the Quick Fix menu at the cursor; the first Ctrl+. after start-up may only show the lightbulb. */
async function openQuickFixMenu(page, expectedItem) {
  const item = page.locator('.action-widget .monaco-list-row', { hasText: expectedItem }).first();
  const attempts = [
    () => page.keyboard.press('Control+Period'),
    () => page.keyboard.press('Control+Period'),
    () => page.keyboard.press('Control+Period'),
    async () => {
      await page.keyboard.press('F1');
      await page.locator('.quick-input-widget input').fill('>Quick Fix...');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Quick Fix...' }).first().waitFor();
      await page.keyboard.press('Enter');
    },
  ];
  for (const attempt of attempts) {
    await attempt();
    if (await item.waitFor({ timeout: 8_000 }).then(() => true, () => false)) return item;
    await page.keyboard.press('Escape');
  }
  throw new Error(`the Quick Fix menu never showed "${expectedItem}"`);
}

/**
 * Runs the UI tests in `page` (a workbench on `workspace`); returns [{ title, error? }].
 * Screenshots go to `outputDir`.
 */
export async function runUiTests(page, workspace, outputDir) {
  const results = [];
  const shot = (name) => page.screenshot({ path: path.join(outputDir, name) });
  async function test(title, body) {
    const started = Date.now();
    try {
      await body();
      results.push({ title });
      console.log(`  ✔ ${title} (${Date.now() - started} ms)`);
    } catch (error) {
      results.push({ title, error });
      console.log(`  ✖ ${title}\n    ${String(error?.stack ?? error).split('\n').slice(0, 6).join('\n    ')}`);
      await shot(`failed-${title.replace(/\W+/g, '-').slice(0, 60)}.png`).catch(() => {});
    }
  }

  await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'telehealth-app' }).waitFor({ timeout: 120_000 });

  await test('a finding shows as a squiggle, and hovering it explains it', async () => {
    await openFile(page, HOVER_FILE);
    const [first] = await squiggles(page);
    await page.mouse.move(first.x + first.width / 2, first.y + first.height / 2);
    const hover = page.locator('.monaco-hover', { hasText: 'no-phi-in-logs' }).first();
    await hover.waitFor({ state: 'visible', timeout: 30_000 });
    // The rule's doc gives the "why": hover content from phi-lint's own hover provider.
    await page.locator('.monaco-hover', { hasText: /why it matters/i }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await shot('diagnostic-hover.png');
    await page.keyboard.press('Escape');
  });

  let fixItem;
  let original;
  await test('Ctrl+. on a finding offers its fixes in the Quick Fix menu', async () => {
    original = readFileSync(path.join(workspace, FIX_FILE), 'utf8');
    await openFile(page, FIX_FILE);
    const [first] = await squiggles(page);
    // A click puts the cursor on the flagged value, where Ctrl+. looks for fixes.
    await page.mouse.click(first.x + Math.min(4, first.width / 2), first.y + first.height / 2);
    await page.mouse.move(0, 0);
    fixItem = await openQuickFixMenu(page, 'in redact()');
    await page.locator('.action-widget .monaco-list-row', { hasText: /Suppress no-phi-in-logs/ }).first().waitFor();
    await shot('quick-fix-menu.png');
  });

  await test('choosing the fix rewrites the line as the fixture\'s fixed output has it', async () => {
    assert.ok(fixItem, 'the Quick Fix menu did not open');
    const squiggle = page.locator('.monaco-editor .squiggly-error');
    const squigglesBefore = await squiggle.count();
    await fixItem.click();
    await fixItem.waitFor({ state: 'hidden', timeout: 10_000 });
    await page.keyboard.press('Control+S');
    const file = path.join(workspace, FIX_FILE);
    const deadline = Date.now() + 20_000;
    let saved = original;
    while (saved === original && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      saved = readFileSync(file, 'utf8');
    }
    const before = original.split('\n');
    const after = saved.split('\n');
    const fixed = readFileSync(path.join(workspace, FIXED_FILE), 'utf8').split('\n');
    assert.equal(after.length, before.length, 'the fix added or removed lines');
    const changed = after.map((line, index) => index).filter((index) => after[index] !== before[index]);
    assert.equal(changed.length, 1, `expected one changed line, got lines ${changed.map((index) => index + 1).join(', ') || 'none'}`);
    assert.equal(after[changed[0]], fixed[changed[0]], `line ${changed[0] + 1}`);
    // The server re-lints the fixed text: that finding's squiggle goes, the others stay.
    const deadlineForSquiggle = Date.now() + 30_000;
    while ((await squiggle.count()) !== squigglesBefore - 1) {
      assert.ok(Date.now() < deadlineForSquiggle, `${await squiggle.count()} squiggles after the fix, expected ${squigglesBefore - 1}`);
      await page.waitForTimeout(200);
    }
    await shot('after-quick-fix.png');
  });

  return results;
}
