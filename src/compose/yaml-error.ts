/**
 * A YAML syntax error in words a drafter understands, in Indonesian: the yaml package's error codes
 * mapped to what to check; an unknown code gets a general hint. Pure; imports nothing.
 */

const HINTS: Readonly<Record<string, string>> = {
  BAD_INDENT: 'indentasi tidak rapi atau kurung/tanda kutip belum ditutup; periksa baris ini dan sebelumnya',
  BLOCK_AS_IMPLICIT_KEY: 'pemetaan bertingkat harus dimulai di baris baru dengan indentasi, bukan setelah "kunci:" di baris yang sama',
  MULTILINE_IMPLICIT_KEY: 'sebuah kunci harus ditulis dalam satu baris; periksa titik dua (:) pada teks — bungkus teks dengan tanda kutip atau pakai ">-"',
  DUPLICATE_KEY: 'kunci yang sama muncul dua kali; hapus salah satunya',
  TAB_AS_INDENT: 'indentasi memakai tab; ganti dengan spasi',
  MISSING_CHAR: 'tanda kutip atau kurung belum ditutup',
  UNEXPECTED_TOKEN: 'ada tanda yang tidak diharapkan; periksa tanda "-" daftar, titik dua dan indentasi',
  BAD_SCALAR_START: 'teks diawali tanda khusus (mis. @ atau `); bungkus teksnya dengan tanda kutip',
  BAD_DQ_ESCAPE: 'garis miring terbalik di dalam tanda kutip ganda tidak sah; pakai tanda kutip tunggal',
  BLOCK_IN_FLOW: 'blok tidak boleh berada di dalam [ ] atau { }',
  KEY_OVER_1024_CHARS: 'kunci terlalu panjang',
  BAD_ALIAS: 'alias (*) tidak sah',
  MISSING_ANCHOR: 'alias (*) merujuk jangkar (&) yang tidak ada',
};

export function describeYamlError(error: { readonly code?: string }): string {
  return `YAML tidak valid: ${HINTS[error.code ?? ''] ?? 'periksa indentasi (spasi, bukan tab), tanda kutip, titik dua dan kurung'}`;
}
