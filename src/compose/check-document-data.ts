/**
 * Checks a draft's data file against its kind before the workflow stores it: the YAML parses, the data
 * follows the shared schema, names the same template as the kind being drafted, and composes against
 * the template (required fields, lampiran sources, paraf jabatan) — so a draft that could not be
 * rendered or signed is refused at the door, with file:line: field, and nothing is written.
 * Row-source files are not opened here (they are checked when rendered, against the data directory).
 * Imports: compose only.
 */
import { AppError } from '../errors/app-error.ts';
import { composeUnread } from './compose-document.ts';
import { parseDocumentData } from './document-data.ts';
import { loadTemplateOf } from './load-template.ts';

export function checkDocumentData(templatesDir: string, kind: string, yamlText: string, file: string): void {
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
