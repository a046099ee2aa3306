// The floor of signing a file as a whole process: a plain Node script that reads the file and prints
// its SHA-256 (a signature needs at least that).
//   node bench/lib/sha256-file.mjs <file>
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

console.log(createHash('sha256').update(await readFile(process.argv[2])).digest('hex'));
