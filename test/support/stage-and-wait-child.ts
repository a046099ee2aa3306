/**
 * Child process for the staged-file test: stages random bytes in the configured file store (the
 * environment names the data directory, database and storage as for `naskah`), prints
 * "staged <sha256>", waits for a line "commit" on stdin, then records the file (StoredFile row) and
 * commits the staged object as issuance does — and prints "committed". A commit fails loudly if another
 * process removed the staged object meanwhile.
 */
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { loadConfig } from '../../src/config/load-config.ts';
import { createDatabase } from '../../src/db/create-database.ts';
import { openFileStores } from '../../src/storage/open-file-store.ts';

const config = loadConfig();
const db = await createDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
const { files } = openFileStores(config);
const staged = await files.stage(randomBytes(200_000), { owner: 'doc-uji' });
process.stdout.write(`staged ${staged.sha256}\n`);
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line.trim() !== 'commit') continue;
  await db.prisma.storedFile.create({ data: { id: staged.sha256, size: BigInt(staged.size), mediaType: 'application/pdf', storagePath: staged.storagePath } });
  await staged.commit();
  process.stdout.write('committed\n');
  break;
}
lines.close();
await db.close();
