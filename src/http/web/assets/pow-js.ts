/**
 * Runs the ALTCHA widget on the code request page once the client's free allowance is spent:
 * it registers the SHA-256 worker (our own file, so CSP `'self'` covers it), solves the
 * challenge at once, and sends the form again with the proof. Without script the page's
 * wait message stands instead.
 */
export const powJs = String.raw`
(function () {
  'use strict';
  var widget = document.querySelector('altcha-widget[data-worker]');
  if (!widget || !globalThis.$altcha) return;
  var worker = widget.getAttribute('data-worker');
  globalThis.$altcha.algorithms.set('SHA-256', function () { return new Worker(worker); });
  var form = widget.closest('form');
  widget.addEventListener('verified', function () {
    if (form) form.requestSubmit ? form.requestSubmit() : form.submit();
  });
  customElements.whenDefined('altcha-widget').then(function () { widget.verify(); });
})();
`;
