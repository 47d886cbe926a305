import { fitsGsm7, gsm7Septets } from './gsm7.ts';

export type SmsEncoding = 'gsm7' | 'ucs2';

/** Units per SMS alone, and per part of a concatenated one (the rest carries the 6-byte UDH). */
const LIMITS: Readonly<Record<SmsEncoding, { single: number; part: number }>> = {
  gsm7: { single: 160, part: 153 },
  ucs2: { single: 70, part: 67 },
};

/** GSM-7 when every character has a GSM-7 form, else UCS-2: what gateways are told (Kannel coding 0/2, SMPP data_coding 0/8). */
export const encodingFor = (text: string): SmsEncoding => (fitsGsm7(text) ? 'gsm7' : 'ucs2');

/** Septets (GSM-7) or UTF-16 units (UCS-2) the character takes. */
const unitsOf = (char: string, encoding: SmsEncoding): number => (encoding === 'gsm7' ? (gsm7Septets(char) ?? 1) : char.length);

/**
 * The parts a gateway sends the text as: one when it fits, else greedy parts of 153 septets or
 * 67 UCS-2 units, never cutting an escape pair or a surrogate pair.
 */
export function splitSegments(text: string, encoding: SmsEncoding = encodingFor(text)): string[] {
  const chars = [...text];
  const total = chars.reduce((sum, char) => sum + unitsOf(char, encoding), 0);
  const { single, part } = LIMITS[encoding];
  if (total <= single) return [text];
  const parts: string[] = [];
  let current = '';
  let used = 0;
  for (const char of chars) {
    const units = unitsOf(char, encoding);
    if (used + units > part) {
      parts.push(current);
      current = '';
      used = 0;
    }
    current += char;
    used += units;
  }
  if (current) parts.push(current);
  return parts;
}

/**
 * Pads `text` with spaces where needed so that no `whole` span (the code, the WebOTP line) is
 * cut across two parts of a long text: a phone that shows parts apart, or loses one, must
 * never show half a code. Texts that fit in one SMS come back unchanged.
 */
export function keepWhole(text: string, whole: readonly string[]): string {
  let out = text;
  for (let guard = 0; guard < 50; guard++) {
    const encoding = encodingFor(out);
    const parts = splitSegments(out, encoding);
    if (parts.length === 1) return out;
    // Where each part starts, in string offsets.
    const starts: number[] = [];
    let offset = 0;
    for (const part of parts) {
      starts.push(offset);
      offset += part.length;
    }
    const cut = findCut(out, whole, starts);
    if (cut === undefined) return out;
    // Push the span to start the next part: as many spaces as the part had left before it.
    const [spanStart, boundary] = cut;
    const padding = unitsBetween(out, spanStart, boundary, encoding);
    out = `${out.slice(0, spanStart)}${' '.repeat(padding)}${out.slice(spanStart)}`;
  }
  return out;
}

function findCut(text: string, whole: readonly string[], starts: readonly number[]): [number, number] | undefined {
  for (const span of whole) {
    if (!span) continue;
    for (let at = text.indexOf(span); at !== -1; at = text.indexOf(span, at + 1)) {
      const boundary = starts.find((start) => start > at && start < at + span.length);
      if (boundary !== undefined) return [at, boundary];
    }
  }
  return undefined;
}

const unitsBetween = (text: string, from: number, to: number, encoding: SmsEncoding): number =>
  [...text.slice(from, to)].reduce((sum, char) => sum + unitsOf(char, encoding), 0);
