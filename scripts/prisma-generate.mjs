#!/usr/bin/env node
// Generates the two Prisma clients from prisma/schema.prisma without Prisma's native schema engine:
// src/generated/prisma-sqlite (the schema as written) and src/generated/prisma-pg (the same text with
// the datasource provider set to postgresql). A Prisma 7 client is compiled for one provider and refuses
// an adapter of another, hence two clients behind one typed facade (src/db/prisma-client.ts).
//
// `prisma generate` only checks that a schema engine file exists; it does not run it. Pointing
// PRISMA_SCHEMA_ENGINE_BINARY at an existing file skips the download, which cannot work offline.
//
// Usage: node scripts/prisma-generate.mjs [--if-stale]
//   --if-stale  do nothing when both clients exist and were generated from the current schema text.
// May import only Node built-ins (it runs at postinstall, before anything else is known to work).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const schemaPath = path.join(root, 'prisma', 'schema.prisma');
const generatedDir = path.join(root, 'src', 'generated');
const stampPath = path.join(generatedDir, '.schema-sha256');

const schemaText = readFileSync(schemaPath, 'utf8');
const schemaHash = createHash('sha256').update(schemaText).update(readPrismaVersion()).digest('hex');

const targets = [
  { provider: 'sqlite', dir: path.join(generatedDir, 'prisma-sqlite') },
  { provider: 'postgresql', dir: path.join(generatedDir, 'prisma-pg') },
];

if (process.argv.includes('--if-stale')) {
  const fresh =
    existsSync(stampPath) &&
    readFileSync(stampPath, 'utf8').trim() === schemaHash &&
    targets.every((t) => existsSync(path.join(t.dir, 'client.ts')));
  if (fresh) process.exit(0);
}

const prismaCli = path.join(path.dirname(createRequire(import.meta.url).resolve('prisma/package.json')), 'build', 'index.js');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'naskah-prisma-'));
try {
  for (const target of targets) {
    const variant = schemaVariant(schemaText, target.provider, target.dir);
    const variantPath = path.join(tmp, `schema.${target.provider}.prisma`);
    writeFileSync(variantPath, variant);
    const result = spawnSync(process.execPath, [prismaCli, 'generate', '--schema', variantPath], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...process.env,
        // any existing file: generate checks for it but never executes it
        PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? fileURLToPath(import.meta.url),
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
        CHECKPOINT_DISABLE: '1',
      },
    });
    if (result.status !== 0) {
      console.error(`prisma-generate: prisma generate failed for ${target.provider} (exit ${result.status ?? result.signal})`);
      process.exit(1);
    }
  }
  writeFileSync(stampPath, `${schemaHash}\n`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

/** The schema text for one provider, with the generator output made absolute (the file lives in a temp dir). */
function schemaVariant(text, provider, outputDir) {
  const withProvider = text.replace(/(datasource\s+db\s*\{[^}]*?provider\s*=\s*)"[^"]*"/, `$1"${provider}"`);
  const withOutput = withProvider.replace(/(generator\s+client\s*\{[^}]*?output\s*=\s*)"[^"]*"/, `$1${JSON.stringify(outputDir)}`);
  if (!withOutput.includes(`"${provider}"`) || !withOutput.includes(JSON.stringify(outputDir))) {
    console.error('prisma-generate: could not find the datasource provider or generator output in prisma/schema.prisma');
    process.exit(1);
  }
  return withOutput;
}

function readPrismaVersion() {
  try {
    return JSON.parse(readFileSync(path.join(root, 'node_modules', 'prisma', 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}
