import { LineIndex } from '../../core/lineIndex';
import { isParseFailure } from '../../parse/documents';
import { languageOf } from '../../parse/languages';
import { parseScript } from '../../parse/typescript';
import { emptySchemaFile, type SchemaFile } from './columns';
import { readScriptSchema, SCRIPT_SCHEMA_MARKERS } from './jsSchemaReader';
import { readPrismaText } from './prismaReader';
import { readSqlText } from './sqlReader';

/**
 * The schema a file's text declares or migrates, whatever its language; undefined for a file
 * that holds none (or a script that does not parse). The baseline reads files at a git commit
 * with it; rules read the already parsed trees through the readers directly.
 */
export function readSchemaOfText(filePath: string, text: string): SchemaFile | undefined {
  const language = languageOf(filePath);
  const file = emptySchemaFile();
  try {
    switch (language) {
      case 'sql':
        readSqlText(text, file);
        break;
      case 'prisma':
        readPrismaText(text, file);
        break;
      case 'javascript': {
        if (!SCRIPT_SCHEMA_MARKERS.test(text)) return undefined;
        const parsed = parseScript(filePath, text, new LineIndex(text));
        if (isParseFailure(parsed)) return undefined;
        readScriptSchema(parsed, text, file);
        break;
      }
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
  return file.ops.length > 0 ? file : undefined;
}
