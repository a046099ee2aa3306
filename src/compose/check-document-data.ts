/**
 * Checks a draft's data file against its kind before the workflow stores it: the YAML parses, the data
 * follows the kind's own schema (compose/kind-schema.ts: the shared one plus the fields its form
 * declares — every problem at once, each with its line and field), names the same template as the kind
 * being drafted, and composes against the template (required fields, lampiran sources, paraf jabatan) —
 * so a draft that could not be rendered or signed is refused at the door, with file:line: field, and
 * nothing is written. Row-source files are not opened here (they are checked when rendered, against the
 * data directory). Imports: compose only.
 */
import { AppError } from '../errors/app-error.ts';
import { composeUnread } from './compose-document.ts';
import { dataError, parseDocumentData } from './document-data.ts';
import { validateKindData } from './kind-schema.ts';
import { loadTemplateOf, readKindMeta } from './load-template.ts';
import { parseYamlSource } from './yaml-source.ts';

export function checkDocumentData(templatesDir: string, kind: string, yamlText: string, file: string): void {
  const src = parseYamlSource(yamlText, file, 'YAML_INVALID');
  const raw = src.value;
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && (raw as { template?: unknown }).template === kind) {
    const problems = validateKindData(readKindMeta(templatesDir, kind), raw);
    if (problems.length > 0) throw dataError(file, problems.map(({ path, ...p }) => ({ ...p, line: src.lineOf(path) })));
  }
  const source = parseDocumentData(yamlText, file, templatesDir);
  if (source.data.template !== kind) {
    throw new AppError('DOCUMENT_INVALID', `Data menyebut templat "${source.data.template}", sedangkan dokumen ini berjenis "${kind}"; samakan "template:".`, {
      file,
      line: source.lineOf(['template']),
      field: 'template',
    });
  }
  composeUnread(loadTemplateOf(templatesDir, source), source);
}
