import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bundledCatalog } from '../../server/src/catalog/catalog';
import { defaultConfig } from '../../server/src/config/config';
import { Linter } from '../../server/src/engine/linter';
import { ALL_RULES, RULE_IDS } from '../../server/src/rules';
import { compareFindings, formatComparison, isClean, parseExpectations } from '../helpers/expectations';
import { REPO_ROOT } from '../helpers/repo';

/**
 * Every rule has rules/docs/<id>.md with the same six sections, and the examples in it are real:
 * a ```ts flagged block must report exactly what its `// expect: <rule-id>` comments say (and
 * something), a ```ts ok block must report nothing.
 */

const DOCS_DIR = path.join(REPO_ROOT, 'rules', 'docs');
const SECTIONS = ['What it flags', 'Why it matters', 'Example', 'Fix', 'Options', 'References'];
/** Rules whose doc cannot show a linted example: nothing in a source file provokes them. */
const NO_LINTED_EXAMPLE = new Set(['internal-error']);

interface CodeBlock {
  info: string;
  code: string;
  /** 1-based line of the opening fence in the doc. */
  line: number;
}

interface ParsedDoc {
  title?: string;
  headings: string[];
  /** Code blocks per `## ` section, in order. */
  blocks: Map<string, CodeBlock[]>;
  unclosedFence?: number;
}

/** Reads `## ` headings and fenced blocks; headings inside fences do not count. */
function parseDoc(text: string): ParsedDoc {
  const lines = text.split(/\r?\n/);
  const doc: ParsedDoc = { headings: [], blocks: new Map() };
  let section = '';
  let fence: { marker: string; info: string; line: number; body: string[] } | undefined;
  lines.forEach((line, index) => {
    if (fence) {
      if (line.trim() === fence.marker) {
        const list = doc.blocks.get(section) ?? [];
        list.push({ info: fence.info, code: fence.body.join('\n') + '\n', line: fence.line });
        doc.blocks.set(section, list);
        fence = undefined;
      } else {
        fence.body.push(line);
      }
      return;
    }
    const open = /^(```+|~~~+)\s*(.*)$/.exec(line.trim());
    if (open) {
      fence = { marker: open[1], info: open[2].trim(), line: index + 1, body: [] };
      return;
    }
    if (doc.title === undefined && /^# /.test(line)) doc.title = line.slice(2).trim();
    const heading = /^## (.*)$/.exec(line);
    if (heading) {
      section = heading[1].trim();
      doc.headings.push(section);
    }
  });
  if (fence) doc.unclosedFence = fence.line;
  return doc;
}

const SCRIPT_LANGUAGES = new Set(['ts', 'tsx', 'typescript', 'js', 'jsx', 'javascript']);

let tempDir: string;
let linter: Linter;

/** Lints a doc's example as a file of its own, as a reader pasting it into a project would. */
function lintExample(ruleId: string, kind: string, index: number, block: CodeBlock) {
  const extension = block.info.split(/\s+/)[0] === 'tsx' ? '.tsx' : '.ts';
  const file = path.join(tempDir, `${ruleId}-${kind}-${index + 1}${extension}`);
  fs.writeFileSync(file, block.code);
  return { file, output: linter.lint(file, block.code) };
}

describe('rule docs (rules/docs/<rule-id>.md)', () => {
  before(() => {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'phi-lint-docs-'));
    linter = new Linter(bundledCatalog(), defaultConfig(tempDir));
  });

  after(() => {
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  });

  it('every doc under rules/docs names a rule', () => {
    const strays = fs
      .readdirSync(DOCS_DIR)
      .filter((name) => name.endsWith('.md'))
      .map((name) => name.slice(0, -3))
      .filter((id) => !RULE_IDS.has(id));
    assert.deepStrictEqual(strays, [], 'docs for rules that do not exist');
  });

  for (const rule of ALL_RULES) {
    const id = rule.meta.id;
    const docFile = path.join(DOCS_DIR, `${id}.md`);
    const display = `rules/docs/${id}.md`;
    const read = () => {
      assert.ok(fs.existsSync(docFile), `${display} does not exist`);
      return parseDoc(fs.readFileSync(docFile, 'utf8'));
    };

    describe(id, () => {
      it(`has the title "# ${id}" and the sections ${SECTIONS.join(', ')} in that order`, () => {
        const doc = read();
        assert.strictEqual(doc.unclosedFence, undefined, `${display}:${doc.unclosedFence}: code fence is never closed`);
        assert.strictEqual(doc.title, id, `${display}: the first heading should be "# ${id}"`);
        assert.deepStrictEqual(doc.headings, SECTIONS, `${display}: "## " sections`);
      });

      it('tags every script example ```ts flagged or ```ts ok, with both kinds present', () => {
        const doc = read();
        const blocks = doc.blocks.get('Example') ?? [];
        const untagged = blocks.filter((block) => {
          const [language, kind] = block.info.split(/\s+/);
          return SCRIPT_LANGUAGES.has(language) && kind !== 'flagged' && kind !== 'ok';
        });
        assert.deepStrictEqual(untagged.map((block) => `${display}:${block.line}: \`\`\`${block.info}`), [], 'script examples that are never linted');
        if (NO_LINTED_EXAMPLE.has(id)) return;
        assert.ok(blocks.some((block) => /^tsx? flagged$/.test(block.info)), `${display}: the Example section has no \`\`\`ts flagged block`);
        assert.ok(blocks.some((block) => /^tsx? ok$/.test(block.info)), `${display}: the Example section has no \`\`\`ts ok block`);
      });

      const doc = fs.existsSync(docFile) ? parseDoc(fs.readFileSync(docFile, 'utf8')) : undefined;
      const examples = (doc?.blocks.get('Example') ?? []).filter((block) => /^tsx? (flagged|ok)$/.test(block.info));
      examples.forEach((block, index) => {
        const kind = block.info.split(/\s+/)[1];
        if (kind === 'flagged') {
          it(`example at line ${block.line} (flagged) reports exactly what its expect: comments say`, () => {
            const { file, output } = lintExample(id, kind, index, block);
            const expectations = parseExpectations(block.code, file, RULE_IDS);
            assert.deepStrictEqual(expectations.problems, [], 'unreadable markers');
            assert.ok(
              expectations.expected.some((marker) => marker.ruleId === id),
              `${display}:${block.line}: a flagged example should mark at least one "expect: ${id}"`,
            );
            assert.ok(output.findings.length > 0, `${display}:${block.line}: the flagged example reports nothing`);
            const comparison = compareFindings(
              expectations,
              output.findings.map((finding) => ({ ruleId: finding.ruleId, line: finding.range.start.line, message: finding.message })),
              RULE_IDS,
            );
            if (!isClean(comparison)) {
              assert.fail(`${display}: example at line ${block.line} (lines below are within the block)\n${formatComparison('example', comparison, block.code.split('\n'))}`);
            }
          });
        } else {
          it(`example at line ${block.line} (ok) reports nothing`, () => {
            const { file, output } = lintExample(id, kind, index, block);
            const expectations = parseExpectations(block.code, file, RULE_IDS);
            assert.deepStrictEqual(expectations.expected, [], `${display}:${block.line}: an ok example should not expect findings`);
            const reported = output.findings.map((finding) => `example:${finding.range.start.line + 1} ${finding.ruleId}: ${finding.message}`);
            assert.deepStrictEqual(reported, [], `${display}: the ok example at line ${block.line} reports findings`);
          });
        }
      });
    });
  }
});
