import * as assert from 'assert';
import { applyEdits, comparePositions, LineIndex } from '../../server/src/core/lineIndex';
import type { TextEdit } from '../../server/src/core/types';

const at = (line: number, character: number) => ({ line, character });
const edit = (startLine: number, startChar: number, endLine: number, endChar: number, newText: string): TextEdit => ({
  range: { start: at(startLine, startChar), end: at(endLine, endChar) },
  newText,
});

describe('LineIndex', () => {
  describe('with LF line breaks', () => {
    const index = new LineIndex('ab\ncd\n\nef');

    it('counts lines, the empty ones too', () => {
      assert.strictEqual(index.lineCount, 4);
      assert.deepStrictEqual([0, 1, 2, 3].map((line) => index.lineText(line)), ['ab', 'cd', '', 'ef']);
    });

    it('converts offsets to positions and back', () => {
      const cases: [number, [number, number]][] = [
        [0, [0, 0]],
        [2, [0, 2]],
        [3, [1, 0]],
        [5, [1, 2]],
        [6, [2, 0]],
        [7, [3, 0]],
        [9, [3, 2]],
      ];
      for (const [offset, [line, character]] of cases) {
        assert.deepStrictEqual(index.positionAt(offset), at(line, character), `positionAt(${offset})`);
        assert.strictEqual(index.offsetAt(at(line, character)), offset, `offsetAt(${line}:${character})`);
      }
    });

    it('clamps out-of-range offsets and positions', () => {
      assert.deepStrictEqual(index.positionAt(-5), at(0, 0));
      assert.deepStrictEqual(index.positionAt(100), at(3, 2));
      assert.strictEqual(index.offsetAt(at(0, 99)), 2, 'a character past the end of a line stays on that line');
      assert.strictEqual(index.offsetAt(at(99, 0)), 9);
      assert.strictEqual(index.offsetAt(at(-1, 3)), 0);
      assert.strictEqual(index.offsetAt(at(1, -4)), 3);
    });

    it('uses \\n for inserted lines', () => {
      assert.strictEqual(index.eol, '\n');
    });
  });

  describe('with CRLF line breaks', () => {
    const text = 'const a = 1;\r\nconst b = 2;\r\n\r\nlog(b);\r\n';
    const index = new LineIndex(text);

    it('treats \\r\\n as one break, not part of the line', () => {
      assert.strictEqual(index.lineCount, 5);
      assert.deepStrictEqual([0, 1, 2, 3, 4].map((line) => index.lineText(line)), ['const a = 1;', 'const b = 2;', '', 'log(b);', '']);
      assert.strictEqual(index.lineEnd(0), 12);
      assert.strictEqual(index.lineStart(1), 14);
    });

    it('converts offsets to positions and back', () => {
      assert.deepStrictEqual(index.positionAt(14), at(1, 0));
      assert.deepStrictEqual(index.positionAt(text.indexOf('log')), at(3, 0));
      assert.strictEqual(index.offsetAt(at(3, 4)), text.indexOf('b);'));
      assert.strictEqual(index.offsetAt(at(0, 99)), 12, 'never lands between \\r and \\n');
    });

    it('puts the offset of the \\n after \\r on the same line', () => {
      assert.deepStrictEqual(index.positionAt(13), at(0, 13));
    });

    it('uses \\r\\n for inserted lines', () => {
      assert.strictEqual(index.eol, '\r\n');
    });
  });

  it('reads lone \\r as a line break', () => {
    const index = new LineIndex('a\rb\r\nc');
    assert.strictEqual(index.lineCount, 3);
    assert.deepStrictEqual(index.positionAt(2), at(1, 0));
    assert.deepStrictEqual(index.positionAt(5), at(2, 0));
  });

  it('handles the empty text', () => {
    const index = new LineIndex('');
    assert.strictEqual(index.lineCount, 1);
    assert.deepStrictEqual(index.positionAt(0), at(0, 0));
    assert.strictEqual(index.offsetAt(at(0, 5)), 0);
    assert.strictEqual(index.lineText(0), '');
  });

  it('counts characters in UTF-16 code units, as LSP does', () => {
    const index = new LineIndex('const 😀 = "é";\nx');
    assert.deepStrictEqual(index.positionAt('const 😀'.length), at(0, 8));
    assert.deepStrictEqual(index.positionAt(index.text.indexOf('x')), at(1, 0));
  });

  it('builds ranges from offsets', () => {
    const index = new LineIndex('ab\ncd');
    assert.deepStrictEqual(index.range(1, 4), { start: at(0, 1), end: at(1, 1) });
  });

  it('orders positions', () => {
    assert.ok(comparePositions(at(1, 0), at(0, 9)) > 0);
    assert.ok(comparePositions(at(2, 3), at(2, 4)) < 0);
    assert.strictEqual(comparePositions(at(2, 3), at(2, 3)), 0);
  });
});

describe('applyEdits', () => {
  const text = 'logger.info(patient.ssn);\nlogger.info(patient.email);\n';

  it('applies edits given in any order, all against the original text', () => {
    const edits = [
      edit(1, 12, 1, 25, 'redact(patient.email)'),
      edit(0, 12, 0, 23, 'redact(patient.ssn)'),
      edit(0, 0, 0, 0, "import { redact } from '@acme/phi';\n"),
    ];
    const result = applyEdits(text, edits);
    assert.strictEqual(result.text, "import { redact } from '@acme/phi';\nlogger.info(redact(patient.ssn));\nlogger.info(redact(patient.email));\n");
    assert.deepStrictEqual([result.applied, result.skipped], [3, 0]);
  });

  it('keeps the given order of insertions at the same point', () => {
    const result = applyEdits('x', [edit(0, 0, 0, 0, 'a'), edit(0, 0, 0, 0, 'b')]);
    assert.strictEqual(result.text, 'abx');
    assert.strictEqual(result.applied, 2);
  });

  it('applies an insertion at the start of a replaced range before the replacement', () => {
    const result = applyEdits('abc', [edit(0, 0, 0, 2, 'XY'), edit(0, 0, 0, 0, '>')]);
    assert.strictEqual(result.text, '>XYc');
  });

  it('applies edits that touch without overlapping', () => {
    const result = applyEdits('abcdef', [edit(0, 2, 0, 4, 'CD'), edit(0, 0, 0, 2, 'AB'), edit(0, 4, 0, 6, 'EF')]);
    assert.strictEqual(result.text, 'ABCDEF');
    assert.deepStrictEqual([result.applied, result.skipped], [3, 0]);
  });

  it('drops an edit that overlaps an earlier one and says how many were dropped', () => {
    const result = applyEdits('abcdef', [edit(0, 1, 0, 4, '-'), edit(0, 3, 0, 5, '+')]);
    assert.strictEqual(result.text, 'a-ef');
    assert.deepStrictEqual([result.applied, result.skipped], [1, 1]);
  });

  it('drops an edit nested inside another', () => {
    const result = applyEdits('abcdef', [edit(0, 2, 0, 3, 'X'), edit(0, 1, 0, 5, '_')]);
    assert.strictEqual(result.text, 'a_f');
    assert.deepStrictEqual([result.applied, result.skipped], [1, 1]);
  });

  it('edits across lines and keeps CRLF breaks', () => {
    const crlf = 'a\r\nb\r\nc\r\n';
    assert.strictEqual(applyEdits(crlf, [edit(0, 1, 2, 0, '|')]).text, 'a|c\r\n');
    assert.strictEqual(applyEdits(crlf, [edit(1, 0, 1, 0, '// x\r\n')]).text, 'a\r\n// x\r\nb\r\nc\r\n');
    assert.strictEqual(applyEdits(crlf, [edit(1, 0, 1, 9, 'B')]).text, 'a\r\nB\r\nc\r\n', 'a range past the end of a line stops before its break');
  });

  it('returns the text unchanged for no edits', () => {
    assert.deepStrictEqual(applyEdits(text, []), { text, applied: 0, skipped: 0 });
  });
});
