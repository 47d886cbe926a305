import unhomoglyph from 'unhomoglyph';

/**
 * Characters a reader cannot see, or that change how the text around them is shown:
 * default-ignorable code points (zero-width space and joiners, word joiner, soft hyphen, BOM,
 * variation selectors, Hangul fillers), format characters (bidi controls such as U+202E),
 * private-use characters (whose glyph could be anything), lone surrogates and unassigned code
 * points. An address holding one looks like another address, or like itself without it.
 */
const invisible = /[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Co}\p{Cs}\p{Cn}]/u;

export const hasInvisibleCharacters = (value: string): boolean => invisible.test(value);

/**
 * UTS #31 Table 5, the Recommended Scripts: those in common modern use. A letter from any other
 * script (historic or limited use, among them Cherokee and Lisu with their Latin look-alikes)
 * makes a label suspect. Which character belongs to which script is the engine's own Unicode
 * data (`\p{Script_Extensions=…}`), not a table of ours.
 */
const RECOMMENDED_SCRIPTS = [
  'Arabic', 'Armenian', 'Bengali', 'Bopomofo', 'Cyrillic', 'Devanagari', 'Ethiopic', 'Georgian',
  'Greek', 'Gujarati', 'Gurmukhi', 'Han', 'Hangul', 'Hebrew', 'Hiragana', 'Kannada', 'Katakana',
  'Khmer', 'Lao', 'Latin', 'Malayalam', 'Myanmar', 'Oriya', 'Sinhala', 'Tamil', 'Telugu', 'Thaana',
  'Thai', 'Tibetan',
] as const;
type Script = (typeof RECOMMENDED_SCRIPTS)[number];

const inScript = RECOMMENDED_SCRIPTS.map((script) => ({ script, test: new RegExp(`^\\p{Script_Extensions=${script}}$`, 'u') }));

/** Digits, punctuation, symbols and combining marks used with every script (Common, Inherited). */
const anyScript = /^[\p{Script_Extensions=Common}\p{Script_Extensions=Inherited}]$/u;

/**
 * UTS #39 §5.2 "Highly Restrictive": a label is in one script, or mixes Latin only with the
 * scripts written beside it in Japan, Taiwan and Korea, none of which look like Latin letters.
 */
const ALLOWED_MIXES: readonly ReadonlySet<Script>[] = [
  new Set<Script>(['Latin', 'Han', 'Hiragana', 'Katakana']),
  new Set<Script>(['Latin', 'Han', 'Bopomofo']),
  new Set<Script>(['Latin', 'Han', 'Hangul']),
];

const ascii = /^\p{ASCII}*$/u;
const printableAscii = /^[\u0021-\u007e]+$/u;

/** The UTS #39 confusable skeleton: NFD, each character to its prototype, NFD again. */
export const skeleton = (value: string): string => unhomoglyph(value.normalize('NFD')).normalize('NFD');

/**
 * Whether a label (an email's local part, or one label of its domain, already NFKC) could pass
 * for another: it mixes scripts (UTS #39 mixed-script detection: Latin `а` from Cyrillic, `ο`
 * from Greek), has a letter of a script not in modern use, or has a non-ASCII sign used with
 * every script whose skeleton is ASCII (U+2010 HYPHEN for `-`, U+00D7 × for `x`). A label in one
 * script is never refused for looking like another script's (all-Cyrillic `анна` stays allowed).
 */
export function isLookAlikeLabel(label: string): boolean {
  if (ascii.test(label)) return false;
  const scriptsPerCharacter: Set<Script>[] = [];
  for (const character of label) {
    if (anyScript.test(character)) {
      if (!ascii.test(character) && printableAscii.test(skeleton(character))) return true;
      continue;
    }
    const scripts = new Set(inScript.filter(({ test }) => test.test(character)).map(({ script }) => script));
    if (scripts.size === 0) return true;
    scriptsPerCharacter.push(scripts);
  }
  const coveredBy = (allowed: ReadonlySet<Script>) => scriptsPerCharacter.every((scripts) => [...scripts].some((s) => allowed.has(s)));
  const singleScript = RECOMMENDED_SCRIPTS.some((script) => coveredBy(new Set([script])));
  return !singleScript && !ALLOWED_MIXES.some(coveredBy);
}
