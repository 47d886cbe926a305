import type { FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Answer no sooner than CODE_REQUEST_MIN_MS after the request arrived (see noSoonerThan). */
    readonly responseFloor?: boolean;
  }
}

/** The route option that puts a route's every answer under the floor. */
export const underResponseFloor: RouteShorthandOptions = { config: { responseFloor: true } };

/** The floor, applied in one place: an onSend hook for the routes that ask for it. */
export const responseFloor = (minMs: number) => async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
  if (request.routeOptions.config.responseFloor === true && minMs > 0) await noSoonerThan(reply, minMs);
};

/**
 * Waits until `minMs` have passed since the request arrived. Answers that must not tell a
 * match from a miss by their timing leave no sooner than this, so the little work that still
 * differs between the two (a row read or not, microseconds) is hidden under the floor.
 *
 * setTimeout alone would not do: it counts from the event loop's cached clock, which lags by
 * however long this request has been running, so longer work would be released earlier and
 * the difference would show again. So it sleeps short of the target and then checks the real
 * clock on each turn of the loop until the target has passed.
 */
export async function noSoonerThan(reply: FastifyReply, minMs: number): Promise<void> {
  const target = performance.now() + minMs - reply.elapsedTime;
  for (;;) {
    const left = target - performance.now();
    if (left <= 0) return;
    await new Promise((resolve) => (left > 2 ? setTimeout(resolve, left - 2) : setImmediate(resolve)));
  }
}
