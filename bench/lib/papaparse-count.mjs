// The floor of a participant check as a whole process: a plain Node script (no TypeScript loader, no
// naskah code) that streams a CSV through PapaParse, the parser naskah reads with, and counts the rows.
//   node bench/lib/papaparse-count.mjs <file.csv>
import { createReadStream } from 'node:fs';
import Papa from 'papaparse';

let rows = 0;
await new Promise((resolve, reject) => {
  Papa.parse(createReadStream(process.argv[2], { highWaterMark: 256 * 1024, encoding: 'utf8' }), {
    delimiter: ',',
    chunk: (results) => {
      rows += results.data.length;
    },
    complete: resolve,
    error: reject,
  });
});
console.log(JSON.stringify({ rows: rows - 1 }));
