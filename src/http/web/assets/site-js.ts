/**
 * The pages' one script; everything works without it. It moves focus to an error summary
 * where `autofocus` was not honoured, cleans a pasted code of spaces and dashes, counts down the
 * wait before a new code can be asked for, shows times in the browser's zone, and offers
 * WebOTP: on a phone that got the text (`@host #code`), the browser can fill the code in.
 */
export const siteJs = String.raw`
(function () {
  'use strict';
  // The development inbox follows new texts by itself, as a phone would.
  var refresh = document.querySelector('[data-auto-refresh]');
  if (refresh) setTimeout(function () { window.location.reload(); }, 1000 * Number(refresh.getAttribute('data-auto-refresh')));

  var summary = document.querySelector('[data-error-summary]');
  if (summary && document.activeElement !== summary) summary.focus();

  // The wait before "Skicka en ny kod": the page says it in words and clock time; here it
  // counts down, and the button stays disabled until it opens.
  var wait = document.querySelector('[data-countdown]');
  var waitButton = document.querySelector('[data-countdown-button]');
  if (wait && waitButton) {
    var end = Date.now() + 1000 * Number(wait.getAttribute('data-countdown'));
    var text = wait.getAttribute('data-countdown-text') || '';
    waitButton.disabled = true;
    var tick = function () {
      var left = Math.ceil((end - Date.now()) / 1000);
      if (left <= 0) { waitButton.disabled = false; wait.hidden = true; return; }
      wait.textContent = text.replace('{seconds}', String(left));
      setTimeout(tick, 250);
    };
    tick();
  }

  // Times are written in the zone of the person's number; the browser knows its own zone better.
  var tag = document.documentElement.lang === 'sv' ? 'sv-SE' : 'en-GB';
  Array.prototype.forEach.call(document.querySelectorAll('time[data-local][datetime]'), function (el) {
    var at = new Date(el.getAttribute('datetime'));
    if (!isNaN(at.getTime())) el.textContent = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' }).format(at);
  });

  var codes = document.querySelectorAll('input[autocomplete="one-time-code"]');
  Array.prototype.forEach.call(codes, function (input) {
    input.addEventListener('paste', function (event) {
      var text = (event.clipboardData || window.clipboardData).getData('text');
      var digits = text.replace(/\D/g, '');
      if (digits && digits !== text) {
        event.preventDefault();
        input.value = digits.slice(0, input.maxLength > 0 ? input.maxLength : digits.length);
      }
    });
    if (!('OTPCredential' in window) || !input.form) return;
    var abort = new AbortController();
    input.form.addEventListener('submit', function () { abort.abort(); });
    navigator.credentials.get({ otp: { transport: ['sms'] }, signal: abort.signal }).then(function (otp) {
      if (!otp || !otp.code) return;
      input.value = otp.code;
      if (input.form.requestSubmit) input.form.requestSubmit(); else input.form.submit();
    }).catch(function () { /* no text, or the person dismissed the prompt */ });
  });
})();
`;
