/**
 * Checks a draft's data file against its kind before the workflow stores it: the YAML parses, the data
 * follows the shared schema and the kind's own (compose/kind-schema.ts), names the same template as
 * the kind being drafted, and composes against
 * the template (required fields, lampiran sources, paraf jabatan) — so a draft that could not be
 * rendered or signed is refused at the door, with file:line: field, and nothing is written.
 * Row-source files are not opened here (they are checked when rendered, against the data directory).
 * Imports: compose only.
 */
import { AppError } from '../errors/app-error.ts';
import { composeDocument } from './compose-document.ts';
import { dataError, parseDocumentData, readDocumentYaml } from './document-data.ts';
import { validateKindData } from './kind-schema.ts';
import { loadTemplate } from './load-template.ts';

export function checkDocumentData(templatesDir: string, kind: string, yamlText: string, file: string): void {
  // the kind's own schema (the one its web form and JSON Schema come from, a superset of the shared one)
  // first, on the data as written: every problem at once
  const { raw, lineOf } = readDocumentYaml(yamlText, file);
  if (raw.template === kind) {
    const template = loadTemplate(templatesDir, kind);
    const problems = validateKindData(template.meta, raw);
    if (problems.length > 0) throw dataError(file, problems.map(({ path, ...p }) => ({ ...p, line: lineOf(path) })));
  }
  const source = parseDocumentData(yamlText, file, templatesDir);
  if (source.data.template !== kind) {
    throw new AppError('DOCUMENT_INVALID', `Data menyebut templat "${source.data.template}", sedangkan dokumen ini berjenis "${kind}"; samakan "template:".`, {
      file,
      line: source.lineOf(['template']),
      field: 'template',
    });
  }
  composeDocument(loadTemplate(templatesDir, kind), source, { rowSource: () => ({ count: 0, records: () => [] }) });
}
