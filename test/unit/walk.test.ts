import * as assert from 'assert';
import { LineIndex } from '../../server/src/core/lineIndex';
import { isParseFailure } from '../../server/src/parse/documents';
import { forEachChild, parseScript, walk, type Node, type ParsedScript } from '../../server/src/parse/typescript';

const SOURCE = [
  "import { logger } from './log';",
  'export function visit(patient: { ssn: string }) {',
  '  const label = `ssn ${patient.ssn}`;',
  '  logger.info(label, () => helper(patient));',
  '  return [1, 2].map((n) => n + 1);',
  '}',
  'const helper = (p: unknown) => String(p);',
].join('\n');

function parsed(text: string): ParsedScript {
  const script = parseScript('walk.ts', text, new LineIndex(text));
  if (isParseFailure(script)) throw new Error(script.message);
  return script;
}

/** The reference: a plain recursive walk over forEachChild, with the same skip rule. */
function recursiveWalk(node: Node, enter: (node: Node) => boolean | void): void {
  if (enter(node) === false) return;
  forEachChild(node, (child) => recursiveWalk(child, enter));
}

describe('walk (flattened, shared tree walks)', () => {
  it('visits every node once, in source order, like a recursive walk', () => {
    const script = parsed(SOURCE);
    const flat: Node[] = [];
    const recursive: Node[] = [];
    walk(script.ast, (node) => void flat.push(node));
    recursiveWalk(script.ast, (node) => void recursive.push(node));
    assert.ok(flat.length > 40);
    assert.deepStrictEqual(flat, recursive);
  });

  it('skips a subtree when enter returns false', () => {
    const script = parsed(SOURCE);
    const skipFunctions = (node: Node) => (node.type === 'ArrowFunctionExpression' ? false : undefined);
    const flat: string[] = [];
    const recursive: string[] = [];
    walk(script.ast, (node) => (flat.push(node.type), skipFunctions(node)));
    recursiveWalk(script.ast, (node) => (recursive.push(node.type), skipFunctions(node)));
    assert.deepStrictEqual(flat, recursive);
    assert.ok(!flat.includes('BinaryExpression'), 'n + 1 is inside a skipped arrow function');
  });

  it('with types, visits only those nodes, in the same order and with the same skips as a full walk', () => {
    const script = parsed(SOURCE);
    const types = ['CallExpression', 'ArrowFunctionExpression', 'Identifier'];
    // Skip the arrow passed to logger.info: its call of helper() must not be visited.
    const enter = (seen: Node[]) => (node: Node) => {
      seen.push(node);
      return node.type === 'ArrowFunctionExpression' && node.body.type === 'CallExpression' && node.params.length === 0 ? false : undefined;
    };
    const filtered: Node[] = [];
    const full: Node[] = [];
    walk(script.ast, enter(filtered), types);
    const all = enter(full);
    walk(script.ast, (node) => (types.includes(node.type) ? all(node) : undefined));
    assert.deepStrictEqual(filtered, full);
    const calls = filtered.filter((node) => node.type === 'CallExpression').map((node) => SOURCE.slice(node.range[0], node.range[1]));
    assert.deepStrictEqual(calls, ['logger.info(label, () => helper(patient))', '[1, 2].map((n) => n + 1)', 'String(p)']);
  });

  it('walks a subtree on its own, and a type the tree lacks visits nothing', () => {
    const script = parsed(SOURCE);
    const fn = script.ast.body[1];
    const inFunction: string[] = [];
    walk(fn, (node) => void inFunction.push(node.type), ['ReturnStatement', 'VariableDeclarator']);
    assert.deepStrictEqual(inFunction, ['VariableDeclarator', 'ReturnStatement']);
    let visited = 0;
    walk(script.ast, () => void visited++, ['JSXElement']);
    assert.strictEqual(visited, 0);
  });

  it('links every node below the root to its parent', () => {
    const script = parsed(SOURCE);
    const expected = new Map<Node, Node>();
    const link = (node: Node) => forEachChild(node, (child) => (expected.set(child, node), link(child)));
    link(script.ast);
    let checked = 0;
    walk(script.ast, (node) => {
      assert.strictEqual(script.parents.get(node), expected.get(node), `parent of ${node.type} at ${node.range[0]}`);
      checked++;
    });
    assert.strictEqual(checked, expected.size + 1);
    assert.strictEqual(script.parents.get(script.ast), undefined);
  });

  it('works out a comment position only when asked, and gets it right', () => {
    const script = parsed('const a = 1;\n/* one\n   two */ const b = 2; // three\n');
    assert.deepStrictEqual(
      script.comments.map((comment) => [comment.value, comment.range]),
      [
        [' one\n   two ', { start: { line: 1, character: 0 }, end: { line: 2, character: 9 } }],
        [' three', { start: { line: 2, character: 23 }, end: { line: 2, character: 31 } }],
      ],
    );
  });
});
