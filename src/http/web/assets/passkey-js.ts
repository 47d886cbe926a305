/**
 * The passkey pages' glue over @simplewebauthn/browser (served beside it from /assets, so the
 * CSP stays `script-src 'self'`). The options come in the form's data-passkey-options; the
 * browser's answer goes back in the form's `credential` field, as an ordinary form POST with
 * its CSRF token. Without WebAuthn (or without JavaScript) nothing marked data-passkey-only is
 * shown, and data-passkey-unsupported explains why.
 */
export const passkeyJs = String.raw`
(function () {
  'use strict';
  var lib = window.SimpleWebAuthnBrowser;
  if (!lib || !lib.browserSupportsWebAuthn()) return;
  Array.prototype.forEach.call(document.querySelectorAll('[data-passkey-only]'), function (el) { el.hidden = false; });
  Array.prototype.forEach.call(document.querySelectorAll('[data-passkey-unsupported]'), function (el) { el.hidden = true; });

  function wire(form, start) {
    var field = form.querySelector('input[name="credential"]');
    var failed = form.querySelector('[data-passkey-failed]');
    var optionsJSON = JSON.parse(form.getAttribute('data-passkey-options'));
    var send = function (credential) {
      field.value = JSON.stringify(credential);
      form.submit();
    };
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (failed) failed.hidden = true;
      start({ optionsJSON: optionsJSON }).then(send).catch(function () {
        // Cancelled, or the device said no: the page stays, with a word on what to do.
        if (failed) failed.hidden = false;
      });
    });
    return { optionsJSON: optionsJSON, send: send };
  }

  var signIn = document.querySelector('form[data-passkey-sign-in]');
  if (signIn) {
    var flow = wire(signIn, lib.startAuthentication);
    // Passkeys offered in the email field's autofill (conditional mediation), where the browser can.
    lib.browserSupportsWebAuthnAutofill().then(function (yes) {
      if (!yes) return;
      return lib.startAuthentication({ optionsJSON: flow.optionsJSON, useBrowserAutofill: true }).then(flow.send);
    }).catch(function () { /* replaced by the button's own request, or dismissed */ });
  }

  var add = document.querySelector('form[data-passkey-add]');
  if (add) wire(add, lib.startRegistration);
})();
`;
