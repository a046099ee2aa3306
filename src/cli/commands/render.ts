/**
 * `naskah render <document.yaml> [--out DIR] [--templates DIR] [--lambang PNG] [--quiet]`: draft PDF + DOCX from a
 * document data file, no database. Thin adapter over renderDocumentFile; errors are mapped by main.ts.
 */
import type { Command } from 'commander';
import { loadConfiguredFonts } from '../../render/fonts.ts';
import type { CliContext } from '../cli-context.ts';
import { createProgress, type ProgressReporter } from '../progress.ts';
import type { RenderStage } from '../../use-cases/render-document.ts';

interface RenderFlags {
  readonly out: string;
  readonly templates?: string;
  readonly lambang?: string;
  readonly quiet?: boolean;
}

/**
 * NASKAH_TEMPLATES_DIR when the environment sets it (as the web app uses it), else undefined (the
 * project's templates/). Render needs nothing else from the config, so a bad value elsewhere in the
 * environment must not stop it.
 */
function configured<T>(ctx: CliContext, pick: (c: ReturnType<CliContext['config']>) => T): T | undefined {
  try {
    return pick(ctx.config());
  } catch {
    return undefined;
  }
}

export function registerRenderCommand(program: Command, ctx: CliContext): void {
  program
    .command('render')
    .description('Membuat draf PDF dan DOCX dari berkas data dokumen (YAML), tanpa basis data')
    .argument('<document.yaml>', 'berkas data dokumen, mis. examples/keputusan-gubernur-ntt-99-2025.yaml')
    .option('--out <dir>', 'folder keluaran', 'output')
    .option('--templates <dir>', 'folder templat (bawaan: NASKAH_TEMPLATES_DIR atau templates/ proyek)')
    .option('--lambang <file>', 'lambang (Garuda) PNG/JPEG untuk kop halaman pertama')
    .option('--quiet', 'tanpa tampilan kemajuan')
    .action(async (file: string, flags: RenderFlags) => {
      const bars = new Map<string, ProgressReporter>();
      const bar = (stage: RenderStage, unit: 'rows' | 'pages'): ProgressReporter => {
        const key = `${stage}:${unit}`;
        let b = bars.get(key);
        if (!b) {
          b = createProgress({
            label: stage === 'pdf' ? 'PDF' : 'DOCX',
            unit: unit === 'pages' ? 'halaman' : 'baris',
            quiet: flags.quiet === true,
            stream: ctx.stderr,
          });
          bars.set(key, b);
        }
        return b;
      };
      const finishAll = (): void => {
        for (const b of bars.values()) b.finish();
        bars.clear();
      };
      try {
        // Loaded on use: other commands do not pay for the PDF and DOCX renderers at start-up.
        const { loadEmblem, renderDocumentFile } = await import('../../use-cases/render-document.ts');
        const emblemFile = flags.lambang ?? configured(ctx, (c) => c.emblemPath);
        const fontDir = configured(ctx, (c) => c.fontDir);
        const result = await renderDocumentFile(file, {
          outDir: flags.out,
          ...(emblemFile !== undefined ? { emblem: await loadEmblem(emblemFile) } : {}),
          templatesDir: flags.templates ?? configured(ctx, (c) => c.templatesDir),
          ...(fontDir !== undefined ? { fonts: loadConfiguredFonts(fontDir) } : {}),
          onProgress: (stage, p) => bar(stage, p.unit).report(p.done, p.total),
        });
        finishAll();
        for (const w of result.warnings) {
          ctx.stderr.write(`peringatan: ${file}${w.line !== undefined ? `:${w.line}` : ''}: ${w.field}: ${w.message}\n`);
        }
        ctx.stdout.write(`PDF : ${result.pdfPath} (${result.pageCount} halaman)\nDOCX: ${result.docxPath}\n`);
      } finally {
        finishAll();
      }
    });
}
