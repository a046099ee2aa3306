/**
 * The body font files handed to the renderers. Owns where the shipped default (TeX Gyre Bonum, the libre
 * clone of Bookman Old Style) lives and how a configured replacement is loaded. Reads font files only.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors/app-error.ts';

export interface FontFiles {
  readonly regular: Uint8Array;
  readonly bold: Uint8Array;
  readonly italic: Uint8Array;
  readonly boldItalic: Uint8Array;
  /** Family name written into the DOCX (what Word looks for on the reader's machine). */
  readonly familyName: string;
}

export const DEFAULT_FONT_DIR = fileURLToPath(new URL('../../templates/fonts/', import.meta.url));

const BONUM_FILES = {
  regular: 'texgyrebonum-regular.otf',
  bold: 'texgyrebonum-bold.otf',
  italic: 'texgyrebonum-italic.otf',
  boldItalic: 'texgyrebonum-bolditalic.otf',
} as const;

const cache = new Map<string, FontFiles>();

/**
 * Loads the four faces from `dir`. Without arguments: TeX Gyre Bonum from templates/fonts. A licensed
 * Bookman Old Style can be configured by passing its four files.
 */
export function loadFonts(
  dir: string = DEFAULT_FONT_DIR,
  files: Record<keyof typeof BONUM_FILES, string> = BONUM_FILES,
  familyName = 'TeX Gyre Bonum',
): FontFiles {
  const key = `${dir}|${Object.values(files).join('|')}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const read = (name: string): Uint8Array => {
    const file = path.join(dir, name);
    try {
      return new Uint8Array(readFileSync(file));
    } catch (cause) {
      throw new AppError('FONT_INVALID', `Berkas fon tidak dapat dibaca; periksa NASKAH_FONT_DIR (berisi BOOKOS.TTF, BOOKOSB.TTF, BOOKOSI.TTF dan BOOKOSBI.TTF) atau hapus pengaturannya untuk memakai TeX Gyre Bonum.`, { file, cause });
    }
  };
  const fonts: FontFiles = Object.freeze({
    regular: read(files.regular),
    bold: read(files.bold),
    italic: read(files.italic),
    boldItalic: read(files.boldItalic),
    familyName,
  });
  cache.set(key, fonts);
  return fonts;
}

/** Standard file names of a licensed Bookman Old Style, looked for in a configured font folder. */
const BOOKMAN_FILES = { regular: 'BOOKOS.TTF', bold: 'BOOKOSB.TTF', italic: 'BOOKOSI.TTF', boldItalic: 'BOOKOSBI.TTF' } as const;

/** The configured body font: Bookman Old Style from `fontDir` (NASKAH_FONT_DIR), else TeX Gyre Bonum. */
export function loadConfiguredFonts(fontDir: string | undefined): FontFiles {
  return fontDir ? loadFonts(fontDir, BOOKMAN_FILES, 'Bookman Old Style') : loadFonts();
}
