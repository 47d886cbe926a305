/**
 * A code carried in a link is spelled in letters, one consonant per digit: the mail's code
 * stays its only run of digits (people and phones pick the code out by that), and the link
 * has the same effect as typing the code, with the same guess caps.
 */
const LETTERS = 'bcdfghjkmn';

export const codeToLetters = (code: string): string => [...code].map((d) => LETTERS[Number(d)] ?? '').join('');

/** The digits a link's letters stand for; undefined for anything that is not such a spelling. */
export function lettersToCode(letters: string): string | undefined {
  const lower = letters.toLowerCase();
  if (!/^[a-z]{1,20}$/u.test(lower)) return undefined;
  let code = '';
  for (const letter of lower) {
    const digit = LETTERS.indexOf(letter);
    if (digit < 0) return undefined;
    code += String(digit);
  }
  return code;
}
