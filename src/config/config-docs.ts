import { productionRules } from './production-rules.ts';
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
    'Every setting is an environment variable, or a `NAME=value` line in a `.env` file: the file `ENV_FILE` names, else `.env` in the working folder when there is one (`.env.example` lists every setting, commented out). A variable set in the environment wins over the file. All of them are optional, except where production requires them' +
      (requiredInProduction.length > 0 ? ` (${requiredInProduction.map((name) => `\`${name}\``).join(', ')})` : '') +
      '.',
    '',
    'An empty value counts as unset. The environment is read and validated once, at start-up: every problem is reported at once, so all of them can be fixed in one go, and the service refuses to start while any value is invalid.',
    '',
    '| Variable | Default | Meaning |',
    '|---|---|---|',
    ...rows,
    '',
    '## Development and production',
    '',
    'The service is in **development** only while `PUBLIC_URL` is a loopback address (localhost, 127.0.0.1, [::1]), `HOST` is loopback (the default) and `NODE_ENV` is not `production`: that is what `npm start` on a fresh machine gives. Only there do the development SMS and mail inboxes, a generated `SECRET_KEY` and an open `/metrics` exist. Anything else is **production**, with no environment variable needed, and production refuses to start (exit status 1, each problem named once with its safe value) on any of these:',
    '',
    '| Setting | Refused in production |',
    '|---|---|',
    ...productionRules.map((rule) => `| \`${rule.setting}\` | ${cell(rule.doc)} |`),
    '',
    'In every mode: `OTP_LENGTH` below 6 (NIST SP 800-63B 5.1.3.2), a `SECRET_KEY` under 32 bytes and a `TRUST_PROXY` that covers every address are refused.',
    '',
  ].join('\n');
}

/**
 * `.env.example`: every setting commented out, with its doc line and default, from the same
 * definitions as docs/configuration.md, so copying it to `.env` never names a setting that is gone.
 */
export function renderEnvExample(): string {
  const names = Object.keys(settings) as SettingName[];
  const blocks = names.map((name) => [...wrap(settings[name].doc.replace(/\s*\n\s*/g, ' ')), `Default: ${settings[name].default}`].map((line) => `# ${line}`).join('\n') + `\n#${name}=`);
  return [
    '# Engångskod settings. Copy to .env (read from the working folder at start, or the file ENV_FILE',
    '# names) and uncomment what you set. Variables in the environment win over the file.',
    '# Generated from src/config/schema.ts by `npm run docs:config`; docs/configuration.md has the rest.',
    '',
    blocks.join('\n\n'),
    '',
  ].join('\n');
}

/** Words joined into lines of at most `width` characters (a longer word gets a line of its own). */
function wrap(text: string, width = 96): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return line ? [...lines, line] : lines;
}

/** A table cell: pipes would end the cell and line breaks the row. */
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
