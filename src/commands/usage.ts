/**
 * Each command's usage line, apart from the commands themselves, so `engangskod` can print help
 * and pick a command without loading every command's modules (the service, OpenID Connect, the
 * databases): a CLI call then loads only what its command needs.
 */

export const USERS_USAGE = 'usage: engangskod users list [--limit N] [--json] | users show <email> [--json] | users sessions <email> [--json] | users disable <email> | users enable <email> | users delete <email>';
export const NUMBERS_USAGE = 'usage: engangskod numbers <email> [--json] | numbers remove <email> <+number> [--json]';
export const MIGRATE_USAGE = 'usage: engangskod migrate';
export const OUTBOX_USAGE = 'usage: engangskod outbox status [--channel sms|mail] [--hours N] | outbox list [--channel sms|mail] [--status S] [--hours N] [--limit N] | outbox retry [<id> …] [--channel sms|mail] [--hours N]  (each with --json)';
export const BACKUP_USAGE = 'usage: engangskod backup <file>   (a consistent copy of the SQLite database, while the service runs)';
export const GUARD_USAGE = 'usage: engangskod guard list [--json] | engangskod guard lift <prefix|region>   (a prefix as +4670222, a region as SE)';
export const CLIENTS_USAGE =
  'usage: engangskod clients add --name <name> --redirect-uri <url> [--redirect-uri <url> …] [--post-logout-redirect-uri <url> …] [--first-party] [--public] [--refresh-tokens]\n' +
  '       engangskod clients list [--json]\n' +
  '       engangskod clients remove <client_id>';
export const KEYS_USAGE = 'usage: engangskod keys list [--json] | engangskod keys rotate';
export const SECRETS_USAGE = 'usage: engangskod secrets status [--json] | engangskod secrets rotate [--json]';
export const SERVE_USAGE = 'usage: engangskod serve [--no-worker]';
export const WORKER_USAGE = 'usage: engangskod worker';
