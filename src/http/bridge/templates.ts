/**
 * The document kinds and regions the web app offers, and a kind's form schema: kinds are written once
 * for every region (templates/<kind>/), a region profile (templates/daerah/<id>.yaml) makes a document
 * a pemda's own, and a drafter picks a kind for one of their regions. Also each region's display name
 * and time zone for the pages. Imports compose (kinds, region profiles, kind schema) and the error type.
 */
import { kindJsonSchema, type JsonSchema } from '../../compose/kind-schema.ts';
import { listKinds as listKindsOf, readKindMeta, type KindMeta } from '../../compose/load-template.ts';
import { listRegions as listRegionsOf, loadRegionProfile, type RegionSummary } from '../../compose/region-profile.ts';
import { AppError } from '../../errors/app-error.ts';
import { WIB, zoneDisplay, type ZoneDisplay } from '../../format/time-zone.ts';
import type { AppContext } from '../http-deps.ts';

export interface KindSummary {
  readonly kind: string;
  /** How people name the kind: "Keputusan Kepala Daerah". */
  readonly label: string;
  readonly family: string;
}

/** Every kind whose template loads, ordered by label; a broken template is logged and left out. */
export function listKinds(ctx: AppContext): KindSummary[] {
  try {
    return listKindsOf(ctx.config.templatesDir)
      .map((k) => ({ kind: k.kind, label: k.title, family: k.family }))
      .sort((a, b) => a.label.localeCompare(b.label, 'id'));
  } catch (error) {
    ctx.logger.warn({ err: error }, 'templates not offered');
    return [];
  }
}

export function listRegions(ctx: AppContext): RegionSummary[] {
  try {
    return listRegionsOf(ctx.config.templatesDir);
  } catch (error) {
    ctx.logger.warn({ err: error }, 'region profiles not offered');
    return [];
  }
}

/** The regions a user drafts for: theirs that have a profile. */
export function regionsForUser(ctx: AppContext, regions: readonly string[]): RegionSummary[] {
  return listRegions(ctx).filter((r) => regions.includes(r.id));
}

/** kind id → label, for lists that show many documents. */
export function kindLabels(ctx: AppContext): (kind: string) => string {
  const labels = new Map(listKinds(ctx).map((k) => [k.kind, k.label]));
  return (kind) => labels.get(kind) ?? kind;
}

/** Region id → display name for one page: the profiles read once (the id itself when it has none). */
export function regionLabels(ctx: AppContext): (id: string) => string {
  const names = new Map(listRegions(ctx).map((r) => [r.id, r.name]));
  return (id) => names.get(id) ?? id;
}

/** A region's display name ("Provinsi Nusa Tenggara Timur"); the id itself when it has no profile. */
export function regionName(ctx: AppContext, id: string | null | undefined): string {
  if (!id) return '—';
  try {
    return loadRegionProfile(ctx.config.templatesDir, id).name;
  } catch {
    return id;
  }
}

/** The zone pages show a region's times in (its profile's), WIB when it has none. */
export function zoneOfRegion(ctx: AppContext, id: string | null | undefined): ZoneDisplay {
  if (!id) return WIB;
  try {
    return zoneDisplay(loadRegionProfile(ctx.config.templatesDir, id).timeZone);
  } catch {
    return WIB;
  }
}

export function kindMeta(ctx: AppContext, kind: string): KindMeta {
  if (!/^[a-z0-9][a-z0-9-]{0,80}$/.test(kind)) throw new AppError('TEMPLATE_NOT_FOUND', 'Jenis dokumen itu tidak dikenal; pilih dari daftar jenis.');
  return readKindMeta(ctx.config.templatesDir, kind);
}

/**
 * A kind's JSON Schema (for one region when `daerah` is given: its tembusan become the starter text).
 * The region must be a profile; the kind must have settings for its family there.
 */
export function kindSchema(ctx: AppContext, kind: string, daerah?: string): { readonly summary: KindSummary; readonly schema: JsonSchema; readonly region?: RegionSummary } {
  const meta = kindMeta(ctx, kind);
  let tembusan: readonly string[] | undefined;
  let region: RegionSummary | undefined;
  if (daerah !== undefined) {
    const profile = loadRegionProfile(ctx.config.templatesDir, daerah);
    const settings = profile.settingsFor(kind, meta.family);
    if (!settings) throw new AppError('TEMPLATE_NOT_FOUND', `Daerah ${profile.name} belum mengatur naskah berjenis ${meta.name}; minta admin melengkapi profil daerahnya.`, { field: 'daerah' });
    tembusan = settings.tembusan;
    region = { id: profile.id, name: profile.name, timeZone: profile.timeZone };
  }
  return {
    summary: { kind, label: meta.name, family: meta.family },
    schema: kindJsonSchema(kind, { ...meta, ...(tembusan ? { tembusan } : {}) }, daerah),
    ...(region ? { region } : {}),
  };
}
