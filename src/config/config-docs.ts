import { settings, type SettingName } from './schema.ts';

/**
 * The configuration reference, rendered from `settings` alone so docs/configuration.md cannot
 * drift from what the service accepts: `npm run docs:config` writes it and a test compares it.
 */
export function renderConfigurationDocs(): string {
  const names = Object.keys(settings) as SettingName[];
  const requiredInProduction = names.filter((name) => /required in production/i.test(settings[name].default));
  const rows = names.map((name) => `| \`${name}\` | ${cell(settings[name].default)} | ${cell(settings[name].doc)} |`);
  return [
    '# Configuration',
    '',
    '<!-- Generated from src/config/schema.ts by `npm run docs:config`; do not edit by hand. -->',
    '',
    'Every setting is an environment variable. All of them are optional, except where production requires them' +
      (requiredInProduction.length > 0 ? ` (${requiredInProduction.map((name) => `\`${name}\``).join(', ')})` : '') +
      '.',
    '',
    'An empty value counts as unset. The environment is read and validated once, at start-up: every problem is reported at once, so all of them can be fixed in one go, and the service refuses to start while any value is invalid.',
    '',
    '| Variable | Default | Meaning |',
    '|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

/** A table cell: pipes would end the cell and line breaks the row. */
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
