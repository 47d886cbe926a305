/**
 * The GSM 03.38 default alphabet (7-bit) and its extension table: what a text must stay
 * within to go as GSM-7 (160 characters per SMS) rather than UCS-2 (70). Swedish å ä ö Å Ä Ö
 * are in it; an en dash or an emoji is not.
 */
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** Extension characters, each sent as ESC (0x1B) and this code: two septets. */
const EXTENSION: Readonly<Record<string, number>> = { '\f': 0x0a, '^': 0x14, '{': 0x28, '}': 0x29, '\\': 0x2f, '[': 0x3c, '~': 0x3d, ']': 0x3e, '|': 0x40, '€': 0x65 };

const basicCode = new Map<string, number>([...BASIC].map((char, code) => [char, code]));
basicCode.delete('\x1b');
const basicChar = [...BASIC];
const extensionChar = new Map<number, string>(Object.entries(EXTENSION).map(([char, code]) => [code, char]));

/** Septets one character takes in GSM-7, or undefined when it has no GSM-7 form. */
export const gsm7Septets = (char: string): 1 | 2 | undefined => (basicCode.has(char) ? 1 : char in EXTENSION ? 2 : undefined);

export const fitsGsm7 = (text: string): boolean => [...text].every((char) => gsm7Septets(char) !== undefined);

/** One septet per byte (unpacked), as SMPP carries data_coding 0. Throws on a character outside GSM-7. */
export function encodeGsm7(text: string): Buffer {
  const out: number[] = [];
  for (const char of text) {
    const basic = basicCode.get(char);
    if (basic !== undefined) out.push(basic);
    else if (char in EXTENSION) out.push(0x1b, EXTENSION[char] as number);
    else throw new Error(`no GSM-7 form for U+${char.codePointAt(0)?.toString(16).padStart(4, '0')}`);
  }
  return Buffer.from(out);
}

export function decodeGsm7(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (byte === 0x1b && i + 1 < bytes.length) out += extensionChar.get(bytes[++i] as number) ?? ' ';
    else out += basicChar[byte & 0x7f] ?? '?';
  }
  return out;
}
