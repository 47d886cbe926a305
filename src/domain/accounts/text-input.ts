/**
 * Control characters (C0, DEL, C1) have no place in an email, number or password typed by a
 * person; refusing them up front keeps them out of logs, texts and the database.
 */
// eslint-disable-next-line no-control-regex
const controlCharacter = /[\u0000-\u001f\u007f-\u009f]/u;

export const hasControlCharacters = (value: string): boolean => controlCharacter.test(value);
