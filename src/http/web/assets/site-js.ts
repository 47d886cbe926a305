/**
 * The pages' one script; everything works without it. It moves focus to an error summary
 * where `autofocus` was not honoured, cleans a pasted code of spaces and dashes, and offers
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
