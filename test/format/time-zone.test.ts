import { describe, expect, it } from 'vitest';
import { timeZoneOfRegion } from '../../src/format/time-zone.ts';
import { angka, cutText, orang, rupiah, tanggal, waktu } from '../../src/http/views/format.ts';

describe('local time per region and Indonesian numbers', () => {
  it('gives each region its zone: NTT WITA, Bekasi WIB, Papua WIT, unknown WIB', () => {
    expect(timeZoneOfRegion('Provinsi Nusa Tenggara Timur').label).toBe('WITA');
    expect(timeZoneOfRegion('Kota Kupang').label).toBe('WITA');
    expect(timeZoneOfRegion('Kota Bekasi').label).toBe('WIB');
    expect(timeZoneOfRegion('Provinsi Papua Barat Daya').label).toBe('WIT');
    expect(timeZoneOfRegion('Provinsi Maluku Utara').label).toBe('WIT');
    expect(timeZoneOfRegion(null).label).toBe('WIB');
  });

  it('shows a moment in the zone, with its label, across the date line of UTC', () => {
    const at = new Date('2025-03-23T17:05:00Z');
    expect(waktu(at, timeZoneOfRegion('Provinsi Nusa Tenggara Timur'))).toBe('24 Maret 2025 01.05 WITA');
    expect(waktu(at, timeZoneOfRegion('Kota Bekasi'))).toBe('24 Maret 2025 00.05 WIB');
    expect(tanggal(at, timeZoneOfRegion('Kota Bekasi'))).toBe('24 Maret 2025');
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
