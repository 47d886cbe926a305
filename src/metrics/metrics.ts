import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The service's Prometheus metrics, on a registry of its own per app (so two apps in one
 * process, as in tests, do not share counters). Served at /metrics.
 */
export function createMetrics(options: { countTextsByStatus: () => Promise<Record<string, number>> }) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'engangskod_' });

  const metrics = {
    registry,
    httpDuration: new Histogram({
      name: 'engangskod_http_request_duration_seconds',
      help: 'HTTP request latency by route and status code.',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    codesRequested: new Counter({
      name: 'engangskod_codes_requested_total',
      help: 'Sign-in code requests by outcome: accepted (202, matched or not), rate_limited, invalid.',
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
      help: 'Times a text used up SMS_HOURLY_BUDGET; code requests are refused until the hour rolls over.',
      registers: [registry],
    }),
    textsSent: new Counter({
      name: 'engangskod_sms_handed_over_total',
      help: 'Texts handed to a transport, by transport and the status it reported (sent or delivered).',
      labelNames: ['transport', 'status'] as const,
      registers: [registry],
    }),
    textLatency: new Histogram({
      name: 'engangskod_sms_handover_latency_seconds',
      help: 'Time from a text being queued to a transport accepting it, by transport.',
      labelNames: ['transport'] as const,
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 300],
      registers: [registry],
    }),
  };

  new Gauge({
    name: 'engangskod_sms_messages',
    help: 'Texts in the outbox by status (read from the database at scrape time).',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const [status, count] of Object.entries(await options.countTextsByStatus())) this.set({ status }, count);
    },
  });

  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;
