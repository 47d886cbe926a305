import type { Throttle, ThrottleFactory } from './throttle.ts';

export interface AbuseLimitSettings {
  readonly ipPerHour: number;
  readonly prefixPerHour: number;
  readonly regionPerDay: number;
  readonly smsPerHour: number;
  readonly redeemPerIpPerHour: number;
  readonly signUpPerIpPerHour: number;
}

/**
 * The flood guards of the code journey, each a named throttle on the deployment's store:
 * requests per client (the requester's own limit), texts that went per prefix and region,
 * the hourly budget of texts, and code guesses per client; and sign-ups per client.
 */
export interface AbuseThrottles {
  readonly codeRequestsPerIp: Throttle;
  /** Code requests per client past its free allowance, each with a proof of work: up to the ceiling. */
  readonly provenCodeRequestsPerIp: Throttle;
  readonly textsPerPrefix: Throttle;
  readonly textsPerRegion: Throttle;
  readonly smsBudget: Throttle;
  readonly redeemsPerIp: Throttle;
  /** Sign-ups per client: each costs an argon2 hash and an account row. */
  readonly signUpsPerIp: Throttle;
}

const HOUR = 3600;

/** With proofs of work a client may make this many times its free allowance of code requests an hour, and no more. */
export const PROVEN_CEILING_FACTOR = 10;

export function abuseThrottles(make: ThrottleFactory, s: AbuseLimitSettings): AbuseThrottles {
  return {
    codeRequestsPerIp: make({ name: 'code-requests-ip', points: s.ipPerHour, durationSeconds: HOUR }),
    provenCodeRequestsPerIp: make({ name: 'code-requests-ip-proven', points: (PROVEN_CEILING_FACTOR - 1) * s.ipPerHour, durationSeconds: HOUR }),
    textsPerPrefix: make({ name: 'texts-prefix', points: s.prefixPerHour, durationSeconds: HOUR }),
    textsPerRegion: make({ name: 'texts-region', points: s.regionPerDay, durationSeconds: 24 * HOUR }),
    smsBudget: make({ name: 'sms-budget', points: s.smsPerHour, durationSeconds: HOUR }),
    redeemsPerIp: make({ name: 'redeems-ip', points: s.redeemPerIpPerHour, durationSeconds: HOUR }),
    signUpsPerIp: make({ name: 'sign-ups-ip', points: s.signUpPerIpPerHour, durationSeconds: HOUR }),
  };
}

/** The destination prefix an SMS-pumping range shares: the number without its last four digits. */
export const destinationPrefix = (e164: string): string => e164.slice(0, -4);
