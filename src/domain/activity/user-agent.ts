import Bowser from 'bowser';

/** What a person recognises of a User-Agent: "Chrome 131" and "Windows", not the raw header. */
export interface BrowserName {
  /** The browser and its major version, or the header as reported (shortened) when unknown. */
  readonly browser: string;
  /** Undefined when the header names no known system, or the browser is unknown. */
  readonly system: string | undefined;
  /** False when the header was not recognised and `browser` is the header itself. */
  readonly known: boolean;
}

// Unknown agents show as reported; this much is enough to recognise a script or an app.
const MAX_REPORTED = 60;

/** Names the browser and system of a User-Agent header with bowser; unknown ones as reported. */
export function describeUserAgent(userAgent: string): BrowserName | undefined {
  const trimmed = userAgent.trim();
  if (trimmed === '') return undefined;
  const result = Bowser.parse(trimmed);
  const name = result.browser.name;
  if (!name) {
    const reported = trimmed.length > MAX_REPORTED ? `${trimmed.slice(0, MAX_REPORTED - 1)}…` : trimmed;
    return { browser: reported, system: undefined, known: false };
  }
  const major = result.browser.version?.split('.')[0];
  return { browser: major ? `${name} ${major}` : name, system: result.os.name || undefined, known: true };
}

/** "Chrome 131 on Windows": the English one-line form the JSON API and the CLI show. */
export function browserLine(userAgent: string | null): string | null {
  const named = userAgent === null ? undefined : describeUserAgent(userAgent);
  if (!named) return null;
  return named.system ? `${named.browser} on ${named.system}` : named.browser;
}
