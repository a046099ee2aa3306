/**
 * Indonesia's three time zones and which one a region keeps: WIB (UTC+7, Asia/Jakarta), WITA (UTC+8,
 * Asia/Makassar), WIT (UTC+9, Asia/Jayapura). Regions are named as User.regions and the templates name
 * them ("Provinsi Nusa Tenggara Timur", "Kota Bekasi"); a kabupaten/kota is matched by the province
 * words it carries, else WIB. The one place this is decided: when region profiles with their own time
 * zone land (templates/daerah/<id>.yaml), this function reads them instead. Pure; imports nothing.
 */

export type TimeZoneLabel = 'WIB' | 'WITA' | 'WIT';

export interface RegionTimeZone {
  /** IANA name for Intl. */
  readonly zone: 'Asia/Jakarta' | 'Asia/Makassar' | 'Asia/Jayapura';
  readonly label: TimeZoneLabel;
}

export const WIB: RegionTimeZone = { zone: 'Asia/Jakarta', label: 'WIB' };
export const WITA: RegionTimeZone = { zone: 'Asia/Makassar', label: 'WITA' };
export const WIT: RegionTimeZone = { zone: 'Asia/Jayapura', label: 'WIT' };

// Provinces (and well-known cities of them) east of the WIB line, lower case.
const WIT_WORDS = ['maluku', 'papua', 'ambon', 'jayapura', 'ternate', 'sorong', 'merauke', 'tual'];
const WITA_WORDS = [
  'bali', 'nusa tenggara', 'ntt', 'ntb', 'kalimantan selatan', 'kalimantan timur', 'kalimantan utara', 'sulawesi', 'gorontalo',
  'denpasar', 'mataram', 'kupang', 'banjarmasin', 'samarinda', 'balikpapan', 'tarakan', 'makassar', 'manado', 'palu', 'kendari', 'mamuju',
];

export function timeZoneOfRegion(region: string | null | undefined): RegionTimeZone {
  const name = (region ?? '').toLowerCase();
  if (name === '') return WIB;
  if (WIT_WORDS.some((w) => name.includes(w))) return WIT;
  if (WITA_WORDS.some((w) => name.includes(w))) return WITA;
  return WIB;
}
