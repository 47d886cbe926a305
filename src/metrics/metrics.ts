import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Clock } from '../lib/clock.ts';
import type { Channel } from '../sms/outbox-model.ts';
import type { DeliveryStatsRow } from '../sms/outbox-operator-store.ts';

/**
 * The service's Prometheus metrics, on a registry of its own per app (so two apps in one
 * process, as in tests, do not share counters). Served at /metrics.
 */
export function createMetrics(options: {
  /** Outbox messages of one channel by status. */
  countByStatus: (channel: Channel) => Promise<Record<string, number>>;
  deliveryStats: (since: number, channel: Channel) => Promise<readonly DeliveryStatsRow[]>;
  /** Prefixes and regions the pumping guard has suspended now. */
  suspensions: () => Promise<ReadonlyArray<{ readonly scope: string }>>;
  clock: Clock;
}) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'engangskod_' });
  // Series that move only when a code request matched an account (texts, their latency, the
  // budget): served only to a scraper holding METRICS_TOKEN, or they would tell what the
  // identical 202 hides.
  const sensitive = new Registry();

  const metrics = {
    registry,
    /** Everything: the public series and the sensitive ones. */
    all: () => Registry.merge([registry, sensitive]),
    httpDuration: new Histogram({
      name: 'engangskod_http_request_duration_seconds',
      help: 'HTTP request latency by route and status code.',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    codesRequested: new Counter({
      name: 'engangskod_codes_requested_total',
      help: 'Sign-in code requests by outcome: accepted (202, matched or not), rate_limited, resend_too_soon, proof_of_work_required, invalid.',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    codesRedeemed: new Counter({
      name: 'engangskod_codes_redeemed_total',
      help: 'Sign-in code redeems by outcome: signed_in or failed (wrong, used, old, expired, over-guessed, unknown email).',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    limitHits: new Counter({
      name: 'engangskod_limit_hits_total',
      help: 'Requests refused with 429, by route.',
      labelNames: ['route'] as const,
      registers: [registry],
    }),
    smsBudgetSpent: new Counter({
      name: 'engangskod_sms_budget_spent_total',
      help: 'Times a text used up SMS_HOURLY_BUDGET; texts are withheld until the hour rolls over.',
      registers: [sensitive],
    }),
    textsWithheld: new Counter({
      name: 'engangskod_texts_withheld_total',
      help: 'Texts not sent although the request was answered as usual, by the cap that withheld them: number_daily, number_strangers (SMS_PER_NUMBER_DAILY), guard (the pumping guard), prefix, region, budget.',
      labelNames: ['reason'] as const,
      registers: [sensitive],
    }),
    guardSuspensions: new Counter({
      name: 'engangskod_guard_suspensions_total',
      help: 'Times the pumping guard stopped texts to a prefix or region for an hour (SMS_GUARD_MIN_TEXTS, SMS_GUARD_MIN_CONVERSION), by scope: prefix, region.',
      labelNames: ['scope'] as const,
      registers: [sensitive],
    }),
  };

  new Gauge({
    name: 'engangskod_guard_suspended',
    help: 'Prefixes and regions the pumping guard has suspended now, by scope (read from the database at scrape time, so alike on every instance).',
    labelNames: ['scope'] as const,
    registers: [sensitive],
    async collect() {
      this.reset();
      const now = { prefix: 0, region: 0 } as Record<string, number>;
      for (const { scope } of await options.suspensions()) now[scope] = (now[scope] ?? 0) + 1;
      for (const [scope, count] of Object.entries(now)) this.set({ scope }, count);
    },
  });

  // Each channel of the outbox has the same three series: texts as engangskod_sms_*, mails as
  // engangskod_mail_* (the SMS names predate mail and dashboards use them).
  outboxSeries(sensitive, options, 'sms', 'Texts');
  outboxSeries(sensitive, options, 'mail', 'Mails');

  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;

/** Messages of one channel: by status now, and by transport over the last hour with latency. */
function outboxSeries(
  registry: Registry,
  options: Pick<Parameters<typeof createMetrics>[0], 'countByStatus' | 'deliveryStats' | 'clock'>,
  channel: Channel,
  noun: 'Texts' | 'Mails',
): void {
  new Gauge({
    name: `engangskod_${channel}_messages`,
    help: `${noun} in the outbox by status (read from the database at scrape time).`,
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const [status, count] of Object.entries(await options.countByStatus(channel))) this.set({ status }, count);
    },
  });

  // Delivery by transport over the last hour, read from the database at scrape time: the same
  // figures on every instance, whichever of them (or which worker) sent the messages.
  const lastHour = () => options.deliveryStats(options.clock.now() - 3600_000, channel);
  new Gauge({
    name: channel === 'sms' ? 'engangskod_sms_texts_last_hour' : 'engangskod_mail_mails_last_hour',
    help: `${noun} queued in the last hour, by the transport that took them and their status now.`,
    labelNames: ['transport', 'status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await lastHour()) this.set({ transport: row.transport ?? 'none', status: row.status }, row.count);
    },
  });
  new Gauge({
    name: `engangskod_${channel}_latency_seconds_last_hour`,
    help: `From queued to the current status, ${noun.toLowerCase()} of the last hour, by transport and status (p50, p95, max).`,
    labelNames: ['transport', 'status', 'quantile'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await lastHour()) {
        if (!row.latencyMs) continue;
        const labels = { transport: row.transport ?? 'none', status: row.status };
        this.set({ ...labels, quantile: '0.5' }, row.latencyMs.p50 / 1000);
        this.set({ ...labels, quantile: '0.95' }, row.latencyMs.p95 / 1000);
        this.set({ ...labels, quantile: 'max' }, row.latencyMs.max / 1000);
      }
    },
  });
}
