/**
 * Indonesia's three time zones as pages show them: WIB (UTC+7, Asia/Jakarta), WITA (UTC+8,
 * Asia/Makassar), WIT (UTC+9, Asia/Jayapura). Which one a region keeps is its profile's `timeZone`
 * (templates/daerah/<id>.yaml); this only names it. Pure; imports nothing.
 */

export type TimeZoneLabel = 'WIB' | 'WITA' | 'WIT';

export interface ZoneDisplay {
  /** IANA name for Intl. */
  readonly zone: 'Asia/Jakarta' | 'Asia/Makassar' | 'Asia/Jayapura';
  readonly label: TimeZoneLabel;
}

export const WIB: ZoneDisplay = { zone: 'Asia/Jakarta', label: 'WIB' };
export const WITA: ZoneDisplay = { zone: 'Asia/Makassar', label: 'WITA' };
export const WIT: ZoneDisplay = { zone: 'Asia/Jayapura', label: 'WIT' };

/** The display of an IANA zone a region profile names; WIB for anything else. */
export function zoneDisplay(iana: string | null | undefined): ZoneDisplay {
  if (iana === WITA.zone) return WITA;
  if (iana === WIT.zone) return WIT;
  return WIB;
}
