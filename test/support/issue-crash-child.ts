/**
 * Child process for the signing crash test: signs a ready document and kills itself with SIGKILL at the
 * named point (after the number is assigned, or with the signed PDF staged just before the commit).
 *   issue-crash-child.ts <dataDir> <databaseUrl> <documentId> <username> <passphrase> <hash> <after-numbering|before-commit>
 */
import path from 'node:path';
import { createDatabase } from '../../src/db/create-database.ts';
import { loadFonts } from '../../src/render/fonts.ts';
import { openKeystore } from '../../src/sign/keystore.ts';
import { createLocalFileStore } from '../../src/storage/local-file-store.ts';
import { issueDocument } from '../../src/use-cases/issue-document.ts';

const [dataDir, databaseUrl, documentId, username, passphrase, contentHash, where] = process.argv.slice(2) as string[];
const db = await createDatabase({ databaseUrl: databaseUrl!, dataDir: dataDir! });
const die = (): void => {
  process.kill(process.pid, 'SIGKILL');
};
await issueDocument(
  {
    db,
    templatesDir: path.resolve('templates'),
    dataDir: dataDir!,
    fonts: loadFonts(),
    keystore: openKeystore(path.join(dataDir!, 'keys')),
    fileStore: createLocalFileStore(path.join(dataDir!, 'files')),
    baseUrl: 'http://localhost:3000',
    ...(where === 'after-numbering' ? { afterNumbering: die } : { beforeCommit: die }),
  },
  { documentId: documentId!, username: username!, passphrase: passphrase!, contentHash: contentHash! },
);
console.log('not killed');
