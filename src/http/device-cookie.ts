import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config/config.ts';
import type { RequestContext } from '../domain/activity/activity-log.ts';
import { KNOWN_DEVICE_DAYS } from '../domain/sessions/known-devices.ts';
import { constantTimeEqual, hmac } from '../lib/secrets.ts';
import { requestContext } from './request-context.ts';
import { cookiePolicy, readCookie, setCookie } from './web/cookies.ts';

// 16 random bytes and a 16-byte MAC, base64url: nothing about the person, and a value we did
// not make is dropped before it reaches the database.
const ID_LENGTH = 22;
const mac = (config: Config, id: string): string => hmac(config.secretKey, 'device-cookie', id).slice(0, 22);

declare module 'fastify' {
  interface FastifyRequest {
    /** The id in this browser's device cookie, when it carries one we made. */
    deviceId: string | undefined;
  }
}

/** The id in the request's device cookie, if the cookie is ours. */
export function readDevice(request: FastifyRequest, config: Config): string | undefined {
  const value = readCookie(request, cookiePolicy(config.publicUrl).name('device'));
  if (value === undefined || value.length !== 2 * ID_LENGTH) return undefined;
  const id = value.slice(0, ID_LENGTH);
  // The MAC is cut to 22 characters, so each key's is compared on its first 22. A cookie made
  // under a previous key is still ours; the next sign-in gives it the current key's MAC.
  const keys = [config.secretKey, ...config.previousSecretKeys];
  let ours = false;
  for (const key of keys) ours = constantTimeEqual(value.slice(ID_LENGTH), hmac(key, 'device-cookie', id).slice(0, 22)) || ours;
  return ours ? id : undefined;
}

/**
 * The context of a sign-in: as any request's, with a device id even for a browser that has
 * none yet, so the sign-in can remember it. `keepDevice` then gives the browser its cookie.
 */
export function signInContext(request: FastifyRequest): RequestContext & { readonly deviceId: string } {
  request.deviceId ??= randomBytes(16).toString('base64url');
  return { ...requestContext(request), deviceId: request.deviceId };
}

/** After a successful sign-in: the browser keeps (or refreshes) its device cookie for as long as browsers allow. */
export function keepDevice(reply: FastifyReply, config: Config, deviceId: string): void {
  setCookie(reply, cookiePolicy(config.publicUrl), 'device', `${deviceId}${mac(config, deviceId)}`, {
    maxAgeSeconds: KNOWN_DEVICE_DAYS * 24 * 60 * 60,
  });
}
