import { describe, expect, it } from 'vitest';
import { parseMarkup, decodeEntities, type MarkupElement } from '../../src/compose/parse-markup.ts';
import { buildBlocks, type BuildContext } from '../../src/compose/build-blocks.ts';
import { createHandlebarsEnv, compileSource } from '../../src/compose/handlebars-env.ts';
import { listMarker } from '../../src/compose/list-marker.ts';
import type { Block, SignatureBlock } from '../../src/model/document-model.ts';
import { catchError } from './catch-error.ts';

function ctx(overrides: Partial<BuildContext> = {}): BuildContext {
  return {
    file: 'body.hbs',
    locate: (line) => line,
    diktum: { count: 0 },
    signature: (slot, withPlaceDate): SignatureBlock => ({
      kind: 'signature',
      placeDate: withPlaceDate ? [{ label: 'Ditetapkan di', separator: '', value: 'Kupang' }] : [],
      heading: ['GUBERNUR,'],
      name: 'NAMA',
      slot,
    }),
    sources: new Map([['peserta', undefined]]),
    ...overrides,
  };
}

function build(markup: string, c: BuildContext = ctx()): Block[] {
  return buildBlocks(parseMarkup(markup, 'body.hbs'), c);
}


describe('parseMarkup', () => {
  it('builds the element tree with attributes and 1-based lines', () => {
    const nodes = parseMarkup('<p rata="tengah" tebal>\n  satu <b>dua</b>\n</p>\n<jarak baris="2"/>');
    const elements = nodes.filter((n): n is MarkupElement => n.type === 'element');
    expect(elements.map((e) => [e.name, e.line])).toEqual([
      ['p', 1],
      ['jarak', 4],
    ]);
    expect(elements[0]!.attrs).toEqual({ rata: 'tengah', tebal: '' });
    expect(elements[1]!.attrs).toEqual({ baris: '2' });
    const b = elements[0]!.children.find((c): c is MarkupElement => c.type === 'element');
    expect(b?.name).toBe('b');
    expect(b?.line).toBe(2);
  });

  it('decodes the entities Handlebars writes', () => {
    expect(decodeEntities('&lt;b&gt; &amp; &quot;x&quot; &#x27;y&#x27; &#x60; &#x3D; &#65;')).toBe('<b> & "x" \'y\' ` = A');
    expect(decodeEntities('R&D &unknown; &')).toBe('R&D &unknown; &');
  });

  it('skips comments, counting their lines', () => {
    const nodes = parseMarkup('<!-- a\nb\nc -->\n<p>x</p>');
    const p = nodes.find((n): n is MarkupElement => n.type === 'element');
    expect(p?.line).toBe(4);
  });

  it.each([
    ['<p>tidak ditutup', /<p> yang dibuka pada baris 1 tidak ditutup/, 1],
    ['<p>\n<b>x</i>\n</p>', /<\/i> tidak cocok dengan <b> yang dibuka pada baris 2/, 2],
    ['x\n\n</p>', /tanpa tag pembuka/, 3],
    ['a < b', /Tanda "<" tanpa tag/, 1],
    ['\n<p rata=tengah>x</p>', /Atribut tidak valid/, 2],
    ['<p a="1" a="2">x</p>', /ditulis dua kali/, 1],
    ['<!-- x', /tidak ditutup/, 1],
  ])('reports %j as MARKUP_INVALID with its line', (markup, message, line) => {
    const err = catchError(() => parseMarkup(markup, 'f.hbs'));
    expect(err.code).toBe('MARKUP_INVALID');
    expect(err.message).toMatch(message);
    expect(err.location).toMatchObject({ file: 'f.hbs', line });
  });
});

describe('buildBlocks', () => {
  it('collapses whitespace and keeps inline styles as runs', () => {
    const [p] = build('<p rata="kanan">\n  Satu   <b>dua <i>tiga</i></b>\n  empat\n</p>');
    expect(p).toEqual({
      kind: 'paragraph',
      align: 'right',
      runs: [
        { text: 'Satu ' },
        { text: 'dua ', bold: true },
        { text: 'tiga', bold: true, italic: true },
        { text: ' empat' },
      ],
    });
  });

  it('builds labels, lettered lists with nested lists and generated diktum labels', () => {
    const c = ctx();
    const blocks = build(
      `<label teks="Menimbang" grup="pembukaan"><daftar penanda="a."><butir>bahwa satu;</butir><butir>bahwa dua:<daftar penanda="1)"><butir>x</butir><butir>y</butir></daftar></butir></daftar></label>
       <diktum>pertama</diktum><diktum>kedua</diktum>`,
      c,
    );
    expect(blocks).toHaveLength(3);
    const label = blocks[0]!;
    expect(label.kind).toBe('labeled');
    if (label.kind !== 'labeled') return;
    expect(label.label).toEqual([{ text: 'Menimbang' }]);
    expect(label.separator).toBe(':');
    expect(label.group).toBe('pembukaan');
    const list = label.body[0]!;
    if (list.kind !== 'list') throw new Error('list expected');
    expect(list.items.map((i) => i.marker)).toEqual(['a.', 'b.']);
    const nested = list.items[1]!.body[1]!;
    if (nested.kind !== 'list') throw new Error('nested list expected');
    expect(nested.items.map((i) => i.marker)).toEqual(['1)', '2)']);
    expect(blocks.slice(1).map((b) => (b.kind === 'labeled' ? b.label[0]!.text : ''))).toEqual(['KESATU', 'KEDUA']);
    expect(c.diktum.count).toBe(2);
  });

  it('builds inline tables with list cells and source tables with field columns', () => {
    const [inline, source] = build(`
      <tabel ulang-judul>
        <kolom judul="NO" lebar="1" rata="tengah"/><kolom judul="TUGAS" lebar="4"/>
        <baris><sel>1.</sel><sel><daftar penanda="1."><butir>a</butir></daftar></sel></baris>
        <baris><sel>2.</sel><sel><b>tebal</b></sel></baris>
        <baris><sel><b>44</b></sel><sel rata="kanan"><b>kanan</b></sel></baris>
      </tabel>
      <tabel sumber="peserta" garis="tidak" kosong="Tidak ada data"><kolom judul="NIK" field="nik" lebar="3"/></tabel>`);
    if (inline?.kind !== 'table' || source?.kind !== 'table') throw new Error('tables expected');
    expect(inline.repeatHeader).toBe(true);
    expect(inline.columns).toEqual([
      { header: 'NO', width: 1, align: 'center', headerAlign: 'center' },
      { header: 'TUGAS', width: 4, align: 'left', headerAlign: 'center' },
    ]);
    if (inline.body.kind !== 'inline') throw new Error('inline body expected');
    expect(inline.body.rows[0]![0]).toBe('1.');
    expect(Array.isArray(inline.body.rows[0]![1])).toBe(true);
    expect(inline.body.rows[1]![1]).toEqual([{ kind: 'paragraph', align: 'left', runs: [{ text: 'tebal', bold: true }] }]);
    // A formatted cell follows its column's alignment unless its <sel rata> says otherwise.
    expect(inline.body.rows[2]![0]).toEqual([{ kind: 'paragraph', align: 'center', runs: [{ text: '44', bold: true }] }]);
    expect(inline.body.rows[2]![1]).toEqual([{ kind: 'paragraph', align: 'right', runs: [{ text: 'kanan', bold: true }] }]);
    expect(source.body).toEqual({ kind: 'source', source: 'peserta' });
    expect(source.borders).toBe('none');
    expect(source.emptyText).toBe('Tidak ada data');
    expect(source.repeatHeader).toBe(false);
  });

  it('rejects an unknown element and an unknown attribute naming line and field', () => {
    const e1 = catchError(() => build('<p>a</p>\n<tabell/>'));
    expect(e1.code).toBe('MARKUP_INVALID');
    expect(e1.location).toMatchObject({ file: 'body.hbs', line: 2, field: 'tabell' });
    const e2 = catchError(() => build('\n\n<p warna="merah">a</p>'));
    expect(e2.message).toMatch(/Atribut "warna" tidak dikenal pada <p>/);
    expect(e2.location).toMatchObject({ line: 3, field: 'p@warna' });
  });

  it.each([
    ['<p>a <diktum>x</diktum></p>', /tidak boleh berada di dalam teks/],
    ['<daftar>teks lepas</daftar>', /harus berada di dalam <butir>/],
    ['<daftar penanda="x."><butir>a</butir></daftar>', /penanda="x." tidak dikenal/],
    ['<tabel><kolom judul="A"/><baris><sel>1</sel><sel>2</sel></baris></tabel>', /berisi 2 <sel>, padahal ada 1 <kolom>/],
    ['<tabel sumber="peserta"><kolom judul="A"/></tabel>', /memerlukan atribut field/],
    ['<tabel></tabel>', /paling sedikit satu <kolom>/],
    ['<p rata="atas">x</p>', /pilih kiri, tengah, kanan atau penuh/],
    ['<jarak baris="dua"/>', /harus angka/],
    ['<lampiran-kepala/>', /hanya boleh dipakai di templat lampiran/],
    ['<paraf/>', /memerlukan rantai paraf/],
    ['<label>x</label>', /memerlukan atribut teks/],
  ])('rejects %j', (markup, message) => {
    const err = catchError(() => build(markup));
    expect(err.code).toBe('MARKUP_INVALID');
    expect(err.message).toMatch(message);
  });

  it('rejects a table fed by an undefined source with SOURCE_NOT_FOUND', () => {
    const err = catchError(() => build('<tabel sumber="pegawai"><kolom judul="A" field="a"/></tabel>'));
    expect(err.code).toBe('SOURCE_NOT_FOUND');
    expect(err.location.field).toBe('sumber.pegawai');
    expect(err.message).toMatch(/yang ada: peserta/);
  });

  it('places signature, spacer and page break blocks', () => {
    const blocks = build('<ttd slot="gubernur" tempat-tanggal="tidak" jarak-sebelum="1"/><jarak baris="2"/><halaman-baru/>');
    expect(blocks).toEqual([
      { kind: 'signature', placeDate: [], heading: ['GUBERNUR,'], name: 'NAMA', slot: 'gubernur', spaceBefore: 1 },
      { kind: 'spacer', lines: 2 },
      { kind: 'page-break' },
    ]);
  });
});

describe('escaping through Handlebars', () => {
  it('keeps markup in data as text: a name containing <b> and quotes does not become structure', () => {
    const hb = createHandlebarsEnv();
    const render = compileSource(hb, '<p>Nama: {{nama}}</p>\n<label teks="{{label}}">x</label>', 'body.hbs');
    const blocks = build(render({ nama: 'Budi <b>Tebal</b> & "Co" </p><halaman-baru/>', label: 'A" grup="x' }));
    expect(blocks).toHaveLength(2);
    const p = blocks[0]!;
    if (p.kind !== 'paragraph') throw new Error('paragraph expected');
    expect(p.runs).toEqual([{ text: 'Nama: Budi <b>Tebal</b> & "Co" </p><halaman-baru/>' }]);
    const label = blocks[1]!;
    if (label.kind !== 'labeled') throw new Error('label expected');
    expect(label.label[0]!.text).toBe('A" grup="x');
    expect(label.group).toBeUndefined();
  });

  it('refuses triple-stash and {{& }} in templates, naming the line', () => {
    const hb = createHandlebarsEnv();
    const e1 = catchError(() => compileSource(hb, '<p>a</p>\n<p>{{{nama}}}</p>', 'body.hbs'));
    expect(e1.code).toBe('TEMPLATE_INVALID');
    expect(e1.location).toMatchObject({ file: 'body.hbs', line: 2 });
    const e2 = catchError(() => compileSource(hb, '{{& nama}}', 'body.hbs'));
    expect(e2.location.line).toBe(1);
  });

  it('turns a Handlebars syntax error into TEMPLATE_ERROR with its line', () => {
    const hb = createHandlebarsEnv();
    const err = catchError(() => compileSource(hb, '<p>a</p>\n<p>b</p>\n{{#each x}}\n<p>c</p>\n', 'body.hbs'));
    expect(err.code).toBe('TEMPLATE_ERROR');
    expect(err.location.file).toBe('body.hbs');
    expect(err.location.line).toBeGreaterThanOrEqual(3);
  });

  it('offers the Indonesian helpers', () => {
    const hb = createHandlebarsEnv();
    const render = compileSource(
      hb,
      '{{tanggal t}}|{{tanggal kosong}}|{{terbilang 22}}|{{angkaTerbilang "22"}}|{{rupiah 42000}}|{{romawi 4}}|{{diktum 21}}|{{upper "se-kota"}}|{{urut 0}}|{{rujukanHuruf 2}}',
      'h.hbs',
    );
    expect(render({ t: '2025-03-24' })).toBe(
      '24 Maret 2025|…|dua puluh dua|22 (dua puluh dua)|Rp42.000|IV|KEDUA PULUH SATU|SE-KOTA|1|huruf a, dan huruf b',
    );
    const bad = compileSource(hb, '<p>\n{{rupiah x}}</p>', 'h.hbs');
    const err = catchError(() => bad({ x: 'abc' }));
    expect(err.code).toBe('TEMPLATE_ERROR');
    expect(err.location).toMatchObject({ file: 'h.hbs', line: 2, field: 'rupiah' });
    expect(err.message).toBe('{{rupiah}}: Helper rupiah memerlukan angka, bukan "abc".');
    const fraction = catchError(() => compileSource(hb, '\n\n{{rupiah 1.5}}', 'h.hbs')({}));
    expect(fraction.location.line).toBe(3);
    expect(fraction.message).toMatch(/harus bilangan bulat/);
  });
});

describe('listMarker', () => {
  it.each([
    ['a.', 3, 'c.'],
    ['A.', 2, 'B.'],
    ['1.', 10, '10.'],
    ['1)', 7, '7)'],
    ['(1)', 2, '(2)'],
    ['(a)', 1, '(a)'],
    ['a)', 27, 'aa)'],
    ['i.', 4, 'iv.'],
    ['I.', 9, 'IX.'],
    ['-', 5, '-'],
  ])('%s item %d → %s', (pattern, n, marker) => {
    expect(listMarker(pattern, n)).toBe(marker);
  });
  it('returns undefined for unknown patterns', () => {
    expect(listMarker('x.', 1)).toBeUndefined();
    expect(listMarker('(1', 1)).toBeUndefined();
  });
});

describe('parseMarkup: quoted attribute values', () => {
  it('reads ">" and "<" inside quotes as part of the value', () => {
    const [el] = parseMarkup(`<label teks="A > B" grup='x<y'>isi</label>`);
    expect(el).toMatchObject({ type: 'element', name: 'label', attrs: { teks: 'A > B', grup: 'x<y' } });
  });
});

describe('Handlebars: unknown helpers and partials', () => {
  it('names an unknown helper with its line and the helpers that exist', () => {
    const hb = createHandlebarsEnv();
    const err = catchError(() => compileSource(hb, '<p>a</p>\n<p>{{rupiahh 5}}</p>', 'body.hbs')({}));
    expect(err.code).toBe('TEMPLATE_ERROR');
    expect(err.location).toMatchObject({ file: 'body.hbs', line: 2, field: 'rupiahh' });
    expect(err.message).toMatch(/Helper "rupiahh" tidak dikenal; helper yang ada: tanggal, terbilang/);
  });

  it('renders a missing plain value as nothing', () => {
    const hb = createHandlebarsEnv();
    expect(compileSource(hb, '<p>[{{tidakAda}}]</p>', 'body.hbs')({})).toBe('<p>[]</p>');
  });

  it('reports an unknown partial as TEMPLATE_ERROR naming the file', () => {
    const hb = createHandlebarsEnv();
    const err = catchError(() => compileSource(hb, '{{> tidakAda}}', 'body.hbs')({}));
    expect(err.code).toBe('TEMPLATE_ERROR');
    expect(err.location.file).toBe('body.hbs');
    expect(err.message).toMatch(/tidakAda/);
  });
});
