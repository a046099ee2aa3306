import { describe, expect, it } from 'vitest';
import { zoneDisplay } from '../../src/format/time-zone.ts';
import { loadRegionProfile } from '../../src/compose/region-profile.ts';
import { PROJECT_ROOT } from '../../src/config/load-config.ts';

const timeZoneOfRegion = (id: string | null) => (id ? zoneDisplay(loadRegionProfile(`${PROJECT_ROOT}templates`, id).timeZone) : zoneDisplay(null));
import { angka, cutText, orang, rupiah, tanggal, waktu } from '../../src/http/views/format.ts';

describe('local time per region and Indonesian numbers', () => {
  it('gives each region the zone of its profile: NTT and Kupang WITA, Bekasi WIB; no region WIB; Papua\'s zone is WIT', () => {
    expect(timeZoneOfRegion('prov-ntt').label).toBe('WITA');
    expect(timeZoneOfRegion('kab-kupang').label).toBe('WITA');
    expect(timeZoneOfRegion('kota-bekasi').label).toBe('WIB');
    expect(timeZoneOfRegion(null).label).toBe('WIB');
    expect(zoneDisplay('Asia/Jayapura').label).toBe('WIT');
  });

  it('shows a moment in the zone, with its label, across the date line of UTC', () => {
    const at = new Date('2025-03-23T17:05:00Z');
    expect(waktu(at, timeZoneOfRegion('prov-ntt'))).toBe('24 Maret 2025 01.05 WITA');
    expect(waktu(at, timeZoneOfRegion('kota-bekasi'))).toBe('24 Maret 2025 00.05 WIB');
    expect(tanggal(at, timeZoneOfRegion('kota-bekasi'))).toBe('24 Maret 2025');
    expect(tanggal('2025-03-24')).toBe('24 Maret 2025');
  });

  it('groups thousands with dots: "54.000 orang", "Rp126.000.000"; cuts long text with its length', () => {
    expect(orang(54000)).toBe('54.000 orang');
    expect(angka(1234567)).toBe('1.234.567');
    expect(rupiah(126_000_000)).toBe('Rp126.000.000');
    expect(angka(999)).toBe('999');
    expect(cutText('a'.repeat(100), 10)).toBe('aaaaaaaaaa… (100 karakter)');
  });
});
