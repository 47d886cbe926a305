import type { Catalogue } from './messages.ts';
import { enPages } from './pages-en.ts';

export const en: Catalogue = {
  sms: {
    signIn: 'Your one-time code to sign in is {code}. It is valid for {validity}. Do not share it with anyone.',
    verifyPhone: 'Your code to confirm your mobile number is {code}. It is valid for {validity}.',
    minutes: { one: '{n} minute', other: '{n} minutes' },
    seconds: { one: '{n} second', other: '{n} seconds' },
  },
  problems: {
    bad_request: { title: 'Bad request', detail: 'The request could not be understood.' },
    invalid_json: { title: 'Invalid JSON', detail: 'The request body is not valid JSON.' },
    body_too_large: { title: 'Request too large', detail: 'The request body is too large.' },
    unsupported_media_type: { title: 'Unsupported content type', detail: 'Send the body as application/json.' },
    validation_failed: { title: 'Invalid input', detail: 'Some fields are missing or have the wrong format.' },
    email_invalid: { title: 'Invalid email address', detail: 'Enter a valid email address.' },
    password_too_short: { title: 'Password too short', detail: 'The password must have at least 8 characters.' },
    password_too_long: { title: 'Password too long', detail: 'The password may have at most 256 characters.' },
    password_too_common: { title: 'Password too easy', detail: 'This password is too common or easy to guess. Choose another.' },
    password_invalid: { title: 'Invalid password', detail: 'The password contains characters that are not allowed.' },
    email_taken: { title: 'Email address already in use', detail: 'An account with this email address already exists.' },
    credentials_invalid: { title: 'Wrong email or password', detail: 'The email address or password is not right.' },
    unauthenticated: { title: 'Not signed in', detail: 'Sign in to continue.' },
    region_unsupported: { title: 'Region not supported', detail: 'One-time codes are only available for the places shown in the list.' },
    number_invalid: { title: 'Invalid mobile number', detail: 'Enter a valid mobile phone number for the chosen region.' },
    phone_limit_reached: { title: 'Too many numbers', detail: 'An account can have at most 5 mobile numbers. Remove one before adding another.' },
    phone_exists: { title: 'Number already added', detail: 'This number is already in your security info.' },
    phone_not_found: { title: 'Number not found', detail: 'This number is not in your security info.' },
    phone_already_verified: { title: 'Number already confirmed', detail: 'This number is already confirmed.' },
    verification_code_invalid: { title: 'The code does not match', detail: 'The code is wrong or has expired. Ask for a new code and use the newest one.' },
    code_invalid: { title: 'The one-time code does not work', detail: 'The code is wrong, already used or expired. Ask for a new code. If you asked for more than one code, use the newest.' },
    rate_limited: { title: 'Too many attempts', detail: 'There is a limit to how many times you can ask for a code. Try again later.' },
    not_found: { title: 'Not found', detail: 'There is nothing at this address.' },
    method_not_allowed: { title: 'Method not allowed', detail: 'This address does not support this method.' },
    internal: { title: 'Something went wrong', detail: 'An unexpected error occurred. Try again in a moment.' },
  },
  pages: enPages,
};
