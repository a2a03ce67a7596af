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
 * something), a ```ts ok block must report nothing. Rules over infrastructure as code show
 * ```yaml / ```json / ```hcl flagged and ok blocks instead (`# expect: <rule-id>`), linted as a
 * template or a Terraform file of their own.
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
/**
 * Examples in the languages of rules that do not read scripts, with the extension they are linted
 * under: infrastructure as code (```yaml flagged, ```hcl ok, ...).
 */
const OTHER_EXAMPLE_LANGUAGES: Record<string, string> = { yaml: '.yaml', yml: '.yaml', json: '.json', hcl: '.tf', terraform: '.tf', bicep: '.bicep' };
const EXAMPLE_LANGUAGES = new Set([...SCRIPT_LANGUAGES, ...Object.keys(OTHER_EXAMPLE_LANGUAGES)]);
const LINTED_EXAMPLE = /^(tsx?|yaml|yml|json|hcl|terraform|bicep) (flagged|ok)$/;

let tempDir: string;
let linter: Linter;

/** Lints a doc's example as a file of its own, as a reader pasting it into a project would. */
function lintExample(ruleId: string, kind: string, index: number, block: CodeBlock) {
  const language = block.info.split(/\s+/)[0];
  const extension = language === 'tsx' ? '.tsx' : (OTHER_EXAMPLE_LANGUAGES[language] ?? '.ts');
  // Each example in a folder of its own: the .tf files of one folder are one Terraform module.
  const dir = path.join(tempDir, `${ruleId}-${kind}-${index + 1}`);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `example${extension}`);
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

      it('tags every example ```<language> flagged or ```<language> ok, with both kinds present', () => {
        const doc = read();
        const blocks = doc.blocks.get('Example') ?? [];
        const untagged = blocks.filter((block) => {
          const [language, kind] = block.info.split(/\s+/);
          return EXAMPLE_LANGUAGES.has(language) && kind !== 'flagged' && kind !== 'ok';
        });
        assert.deepStrictEqual(untagged.map((block) => `${display}:${block.line}: \`\`\`${block.info}`), [], 'examples that are never linted');
        if (NO_LINTED_EXAMPLE.has(id)) return;
        if (rule.meta.languages.includes('javascript') || rule.meta.languages.includes('*')) {
          assert.ok(blocks.some((block) => /^tsx? flagged$/.test(block.info)), `${display}: the Example section has no \`\`\`ts flagged block`);
          assert.ok(blocks.some((block) => /^tsx? ok$/.test(block.info)), `${display}: the Example section has no \`\`\`ts ok block`);
          return;
        }
        // A rule over other languages (infrastructure as code): flagged and ok examples in each
        // language the doc shows, at least one.
        const languages = new Set(blocks.filter((block) => LINTED_EXAMPLE.test(block.info)).map((block) => block.info.split(/\s+/)[0]));
        assert.ok(languages.size > 0, `${display}: the Example section has no \`\`\`<language> flagged / ok block (yaml, json, hcl, bicep)`);
        for (const language of languages) {
          assert.ok(blocks.some((block) => block.info === `${language} flagged`), `${display}: the Example section has no \`\`\`${language} flagged block`);
          assert.ok(blocks.some((block) => block.info === `${language} ok`), `${display}: the Example section has no \`\`\`${language} ok block`);
        }
      });

      const doc = fs.existsSync(docFile) ? parseDoc(fs.readFileSync(docFile, 'utf8')) : undefined;
      const examples = (doc?.blocks.get('Example') ?? []).filter((block) => LINTED_EXAMPLE.test(block.info));
      examples.forEach((block, index) => {
        const kind = block.info.split(/\s+/)[1];
        /**
         * A script example answers for every rule. An infrastructure example shows one control of
         * a resource that other rules also judge (a bucket's encryption, not its versioning):
         * it answers for its own rule, the rules its markers name, and parse and engine errors.
         * So does an infrastructure rule's script example (an AWS CDK or Pulumi program).
         */
        const comparedRules = (example: CodeBlock): ReadonlySet<string> => {
          const language = example.info.split(/\s+/)[0];
          const infrastructure = language in OTHER_EXAMPLE_LANGUAGES || rule.meta.category === 'infrastructure';
          if (!infrastructure) return RULE_IDS;
          const markers = parseExpectations(example.code, `example${OTHER_EXAMPLE_LANGUAGES[language] ?? (language === 'tsx' ? '.tsx' : '.ts')}`, RULE_IDS);
          return new Set([id, 'parse-error', 'internal-error', 'suppression-reason-required', 'unused-suppression', ...[...markers.expected, ...markers.ok].map((marker) => marker.ruleId)]);
        };
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
              comparedRules(block),
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
            const compared = comparedRules(block);
            const reported = output.findings.filter((finding) => compared.has(finding.ruleId)).map((finding) => `example:${finding.range.start.line + 1} ${finding.ruleId}: ${finding.message}`);
            assert.deepStrictEqual(reported, [], `${display}: the ok example at line ${block.line} reports findings`);
          });
        }
      });
    });
  }
});
