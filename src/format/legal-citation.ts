/**
 * The citation of a regulation in Mengingat, as the drafting rules of UU 12/2011 (Lampiran II) write
 * it: "<jenis> Nomor <n> Tahun <t> tentang <tentang> (<where it was promulgated>)", followed, when it
 * was amended, by "sebagaimana telah diubah dengan <the amendment>" (once) or "sebagaimana telah
 * beberapa kali diubah terakhir dengan <the last amendment>". Promulgation: Lembaran Negara Republik
 * Indonesia (LN, with its Tambahan), Berita Negara Republik Indonesia (BN), Lembaran Daerah (LD, with
 * its Tambahan) and Berita Daerah (BD) of a named region. Pure; imports nothing.
 */

export const PROMULGATIONS = ['', 'LN', 'BN', 'LD', 'BD'] as const;
export type Promulgation = (typeof PROMULGATIONS)[number];

export const PROMULGATION_LABELS: Readonly<Record<Promulgation, string>> = {
  '': 'tidak diundangkan dalam lembaran/berita',
  LN: 'Lembaran Negara Republik Indonesia',
  BN: 'Berita Negara Republik Indonesia',
  LD: 'Lembaran Daerah',
  BD: 'Berita Daerah',
};

export interface CitableRegulation {
  readonly jenis: string;
  readonly nomor: string;
  readonly tahun: number;
  readonly tentang: string;
  readonly lembaran: string;
  /** For LD/BD: whose ("Provinsi Nusa Tenggara Timur"). */
  readonly lembaranDaerah?: string | null;
  readonly lembaranTahun?: number | null;
  readonly lembaranNomor?: string | null;
  readonly tambahanNomor?: string | null;
}

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/[;.,]+$/, '');
}

/** "(Lembaran Negara Republik Indonesia Tahun 2014 Nomor 244, Tambahan Lembaran Negara Republik Indonesia Nomor 5587)", or ''. */
export function promulgationText(r: CitableRegulation): string {
  const year = r.lembaranTahun ?? r.tahun;
  const number = r.lembaranNomor?.trim();
  if (!number) return '';
  const daerah = r.lembaranDaerah?.trim();
  switch (r.lembaran) {
    case 'LN':
      return `(Lembaran Negara Republik Indonesia Tahun ${year} Nomor ${number}${r.tambahanNomor?.trim() ? `, Tambahan Lembaran Negara Republik Indonesia Nomor ${r.tambahanNomor.trim()}` : ''})`;
    case 'BN':
      return `(Berita Negara Republik Indonesia Tahun ${year} Nomor ${number})`;
    case 'LD':
      return `(Lembaran Daerah${daerah ? ` ${daerah}` : ''} Tahun ${year} Nomor ${number}${r.tambahanNomor?.trim() ? `, Tambahan Lembaran Daerah${daerah ? ` ${daerah}` : ''} Nomor ${r.tambahanNomor.trim()}` : ''})`;
    case 'BD':
      return `(Berita Daerah${daerah ? ` ${daerah}` : ''} Tahun ${year} Nomor ${number})`;
    default:
      return '';
  }
}

/** "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah (Lembaran Negara …)" without amendments. */
export function shortCitation(r: CitableRegulation): string {
  const head = `${clean(r.jenis)} Nomor ${clean(r.nomor)} Tahun ${r.tahun} tentang ${clean(r.tentang)}`;
  const where = promulgationText(r);
  return where ? `${head} ${where}` : head;
}

/** The title people search by: "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah". */
export function referenceTitle(r: Pick<CitableRegulation, 'jenis' | 'nomor' | 'tahun' | 'tentang'>): string {
  return `${clean(r.jenis)} Nomor ${clean(r.nomor)} Tahun ${r.tahun} tentang ${clean(r.tentang)}`;
}

/**
 * The full citation of `r` for Mengingat, with its amendments (any order; the latest by year and
 * number is named), without the closing ";" (the list adds it).
 */
export function formatCitation(r: CitableRegulation, amendments: readonly CitableRegulation[] = []): string {
  const base = shortCitation(r);
  if (amendments.length === 0) return base;
  const latest = [...amendments].sort((a, b) => a.tahun - b.tahun || compareNumbers(a.nomor, b.nomor)).at(-1)!;
  const phrase = amendments.length === 1 ? 'sebagaimana telah diubah dengan' : 'sebagaimana telah beberapa kali diubah terakhir dengan';
  return `${base} ${phrase} ${shortCitation(latest)}`;
}

function compareNumbers(a: string, b: string): number {
  const x = Number.parseInt(a, 10);
  const y = Number.parseInt(b, 10);
  return Number.isNaN(x) || Number.isNaN(y) ? a.localeCompare(b) : x - y;
}
