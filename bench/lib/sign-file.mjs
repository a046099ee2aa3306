// Signing a file as a whole process, the way naskah's compiled code does it: open the official's
// PKCS#12, read the PDF, sign it (PAdES B-B incremental update), write the result.
//   node bench/lib/sign-file.mjs <keysDir> <officialId> <passphrase> <in.pdf> <out.pdf>
// Runs dist/ (the compiled build): run `npm run build` first.
import { readFile, writeFile } from 'node:fs/promises';
import { openKeystore } from '../../dist/sign/keystore.js';
import { signPdf } from '../../dist/sign/sign-pdf.js';

const [keysDir, officialId, passphrase, input, output] = process.argv.slice(2);
const signer = openKeystore(keysDir).loadSigner(officialId, passphrase);
const signed = await signPdf(await readFile(input), { signer, clock: new Date('2025-03-24T02:30:00Z'), rect: { page: 1, x: 330, y: 100, width: 220, height: 70 }, signerName: 'Pejabat Uji', jabatan: 'Gubernur' });
await writeFile(output, signed.bytes);
console.log(JSON.stringify({ bytes: signed.length }));
