/**
 * The document kinds the web app offers and their form schema. Kinds are read from the template folders
 * today; this is the one place to switch to the region profiles' listKinds/listRegions when they land.
 * Imports compose (templates, kind schema) and the error type.
 */
import { kindJsonSchema, kindLabel, type JsonSchema } from '../../compose/kind-schema.ts';
import { listTemplates, loadTemplate, type LoadedTemplate } from '../../compose/load-template.ts';
import { AppError } from '../../errors/app-error.ts';
import type { AppContext } from '../http-deps.ts';

export interface KindSummary {
  readonly kind: string;
  /** How people name it: "Keputusan Gubernur NTT". */
  readonly label: string;
  /** The document's title line: "KEPUTUSAN GUBERNUR NUSA TENGGARA TIMUR". */
  readonly title: string;
  readonly family: string;
  readonly region: string;
}

function summaryOf(t: LoadedTemplate): KindSummary {
  return { kind: t.kind, label: kindLabel(t.meta), title: t.meta.title, family: t.meta.family, region: t.meta.region };
}

/** Every kind whose template loads, ordered by label; a broken template is logged and left out. */
export function listKinds(ctx: AppContext): KindSummary[] {
  const out: KindSummary[] = [];
  for (const kind of listTemplates(ctx.config.templatesDir)) {
    try {
      out.push(summaryOf(loadTemplate(ctx.config.templatesDir, kind)));
    } catch (error) {
      ctx.logger.warn({ err: error, kind }, 'template not offered');
    }
  }
  return out.sort((a, b) => a.label.localeCompare(b.label, 'id'));
}

/** Kinds the user may draft: those of their regions (all when they have none assigned). */
export function kindsForUser(ctx: AppContext, regions: readonly string[]): KindSummary[] {
  const all = listKinds(ctx);
  return regions.length === 0 ? all : all.filter((k) => regions.includes(k.region));
}

/** kind id → label, for lists that show many documents. */
export function kindLabels(ctx: AppContext): (kind: string) => string {
  const labels = new Map(listKinds(ctx).map((k) => [k.kind, k.label]));
  return (kind) => labels.get(kind) ?? kind;
}

export function loadKind(ctx: AppContext, kind: string): LoadedTemplate {
  if (!/^[a-z0-9][a-z0-9-]{0,80}$/.test(kind)) throw new AppError('TEMPLATE_NOT_FOUND', 'Jenis dokumen itu tidak dikenal; pilih dari daftar jenis.');
  return loadTemplate(ctx.config.templatesDir, kind);
}

export function kindSchema(ctx: AppContext, kind: string): { readonly summary: KindSummary; readonly schema: JsonSchema } {
  const template = loadKind(ctx, kind);
  return { summary: summaryOf(template), schema: kindJsonSchema(template) };
}
