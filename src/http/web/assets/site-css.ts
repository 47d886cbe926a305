/** The pages' one stylesheet: served from /assets under a content hash, so CSP needs no 'unsafe-inline'. */
export const siteCss = String.raw`
:root {
  --ink: #1b2430;
  --muted: #566170;
  --bg: #f3f4f1;
  --card: #ffffff;
  --line: #d8dcd6;
  --field: #7b8591;
  --brand: #1f5f5b;
  --brand-dark: #174744;
  --brand-soft: #e6f0ee;
  --error: #b1261c;
  --error-soft: #fcf1ef;
  --error-dark: #8e1e16;
  --focus: #1b2430;
  --field-bg: #fff;
  --on-brand: #fff;
  --secondary-bg: #fff;
  --bubble: #e9ecef;
  --radius: 10px;
  color-scheme: light;
}
/* The dark scheme follows the system's choice; every pair keeps at least 4.5:1 (axe checks both). */
@media (prefers-color-scheme: dark) {
  :root {
    --ink: #e7eaee;
    --muted: #a9b3be;
    --bg: #11151a;
    --card: #1a2027;
    --line: #343c47;
    --field: #8b95a1;
    --brand: #72c7bf;
    --brand-dark: #9adbd4;
    --brand-soft: #1c3331;
    --error: #ff9b91;
    --error-soft: #3a1e1c;
    --error-dark: #ffc0b9;
    --focus: #e7eaee;
    --field-bg: #0f1318;
    --on-brand: #0c1a19;
    --secondary-bg: transparent;
    --bubble: #2a323c;
    color-scheme: dark;
  }
  .badge--ok { background: #1d3a26; color: #aee6bd; }
  .badge--pending { background: #3b3015; color: #f2d792; }
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; min-height: 100vh; display: flex; flex-direction: column;
  font: 1.0625rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", sans-serif;
  color: var(--ink); background: var(--bg);
  overflow-wrap: break-word;
}
/* Long Swedish compounds break with a hyphen by the page's lang, not mid-word without one. */
h1, h2, h3, p, li, legend, label, td, th { -webkit-hyphens: auto; hyphens: auto; }
/* What must not break inside: IP addresses, numbers, times. */
.nowrap { white-space: nowrap; }
a { color: var(--brand); text-underline-offset: .18em; }
a:hover { color: var(--brand-dark); text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 3px; }
h1, h2, h3 { line-height: 1.25; margin: 0 0 .6em; font-weight: 650; letter-spacing: -.01em; }
h1 { font-size: 1.75rem; }
h2 { font-size: 1.25rem; }
p { margin: 0 0 1rem; }
.passkey-sign-in { margin-top: 1.5rem; padding-top: 1.25rem; border-top: 1px solid var(--line); }
.passkey-sign-in h2 { margin-top: 0; }
/* Parts shown only by script (passkeys) stay hidden whatever their class sets. */
[hidden] { display: none !important; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }

.skip-link { position: absolute; left: .5rem; top: -4rem; z-index: 10; background: var(--ink); color: var(--bg); padding: .6rem 1rem; border-radius: 0 0 var(--radius) var(--radius); }
.skip-link:focus { top: 0; color: var(--bg); }

.site-header { background: var(--card); border-bottom: 1px solid var(--line); }
.site-header__inner { max-width: 60rem; margin: 0 auto; padding: .75rem 1rem; display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: .5rem 1rem; }
.brand { display: inline-flex; align-items: center; gap: .6rem; color: var(--ink); text-decoration: none; font-weight: 700; font-size: 1.15rem; }
.brand:hover { color: var(--ink); }
.brand__mark { color: var(--brand); flex: none; }
.site-header__tools { display: flex; align-items: center; gap: .25rem 1rem; flex-wrap: wrap; }
.languages ul { list-style: none; display: flex; gap: .25rem; margin: 0; padding: 0; }
.languages a, .languages span { display: inline-block; padding: .35rem .6rem; border-radius: 999px; font-size: .95rem; }
.languages span { background: var(--brand-soft); color: var(--brand-dark); font-weight: 600; }
.sign-out { margin: 0; }
.link-button { font: inherit; font-size: .95rem; color: var(--brand); background: none; border: 0; padding: .35rem .2rem; min-height: 2.75rem; text-decoration: underline; text-underline-offset: .18em; cursor: pointer; }
.link-button:hover { color: var(--brand-dark); text-decoration-thickness: 2px; }

.main { flex: 1; width: 100%; margin: 0 auto; padding: 2rem 1rem 3rem; }
.main:focus { outline: none; }
.main--narrow { max-width: 32rem; }
.main--wide { max-width: 44rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 14px; padding: 1.75rem; box-shadow: 0 1px 2px rgba(27, 36, 48, .04); }
.card + .card, .card + .aside, .aside + .aside { margin-top: 1.25rem; }
.card + p { margin-top: 1.25rem; }
.lead { font-size: 1.125rem; color: var(--muted); }
.muted { color: var(--muted); }
.aside { padding: 1.25rem 1.5rem; border-radius: 14px; background: var(--brand-soft); }
.aside h2 { font-size: 1.1rem; margin-bottom: .4em; }
.aside p:last-child, .card p:last-child, .card > :last-child { margin-bottom: 0; }
.after-form { margin-top: 1.5rem; padding-top: 1.25rem; border-top: 1px solid var(--line); }
.after-form p { margin-bottom: .4rem; }

.field { margin: 0 0 1.35rem; }
.field label { display: block; font-weight: 600; margin-bottom: .3rem; }
.hint { color: var(--muted); margin: -.1rem 0 .45rem; font-size: .96rem; }
.field-error { color: var(--error); font-weight: 600; margin: 0 0 .45rem; }
.input, .select {
  display: block; width: 100%; font: inherit; color: var(--ink); background: var(--field-bg);
  border: 1px solid var(--field); border-radius: 8px; padding: .65rem .8rem; min-height: 2.9rem;
}
.select { appearance: none; padding-right: 2.4rem; background-image: linear-gradient(45deg, transparent 50%, var(--ink) 50%), linear-gradient(135deg, var(--ink) 50%, transparent 50%); background-position: right 1.15rem center, right .8rem center; background-size: .38rem .38rem; background-repeat: no-repeat; }
.input:focus, .select:focus { outline: 3px solid var(--focus); outline-offset: 0; border-color: var(--focus); }
.field--error .input, .field--error .select { border: 2px solid var(--error); }
.field--error { border-left: 4px solid var(--error); padding-left: .9rem; }
.input--code { max-width: 13rem; font-size: 1.5rem; letter-spacing: .22em; font-variant-numeric: tabular-nums; padding: .5rem .8rem; }
.field--checkbox { display: grid; grid-template-columns: auto 1fr; gap: .1rem .7rem; align-items: start; }
.field--checkbox label { font-weight: 500; margin: 0; padding-top: .1rem; }
.field--checkbox .hint { grid-column: 2; margin: 0; }
.checkbox, .radio { width: 1.4rem; height: 1.4rem; margin: .15rem 0 0; accent-color: var(--brand); }
.fieldset { border: 0; padding: 0; min-width: 0; }
.fieldset legend { font-weight: 600; margin-bottom: .5rem; padding: 0; }
.fieldset .field--checkbox { margin-bottom: .6rem; min-height: 2.75rem; }
.sub-fields { margin-left: 2.1rem; }
.inline-form { display: inline; }

.button {
  display: inline-flex; align-items: center; justify-content: center; gap: .4rem;
  font: inherit; font-weight: 600; line-height: 1.2; text-decoration: none; cursor: pointer;
  min-height: 2.9rem; padding: .7rem 1.3rem; border-radius: 8px; border: 2px solid transparent;
}
.button--primary { background: var(--brand); color: var(--on-brand); }
.button--primary:hover { background: var(--brand-dark); color: var(--on-brand); }
.button--secondary { background: var(--secondary-bg); color: var(--brand-dark); border-color: var(--brand); }
.button:disabled { cursor: not-allowed; opacity: .6; }
.button--secondary:hover { background: var(--brand-soft); color: var(--brand-dark); }
.button--danger { background: var(--error); color: var(--on-brand); }
.button--danger:hover { background: var(--error-dark); color: var(--on-brand); }
.actions { display: flex; flex-wrap: wrap; align-items: center; gap: .75rem 1.25rem; margin-top: .5rem; }
form { margin: 0; }

.error-summary { border: 2px solid var(--error); border-left-width: 8px; background: var(--error-soft); border-radius: var(--radius); padding: 1rem 1.25rem; margin-bottom: 1.5rem; }
.error-summary:focus { outline: 3px solid var(--focus); outline-offset: 3px; }
.error-summary h2 { font-size: 1.1rem; margin-bottom: .35rem; }
.error-summary ul { margin: 0; padding-left: 1.1rem; }
.error-summary a { color: var(--error); font-weight: 600; }
.notice { border-left: 6px solid var(--brand); background: var(--brand-soft); border-radius: var(--radius); padding: .9rem 1.1rem; margin-bottom: 1.5rem; }
.notice p { margin: 0; }
/* Without script the proof of work's wait follows the notice's text, the empty widget between. */
.notice noscript p { margin-top: .75rem; }
.notice .link-button { min-height: 0; padding: 0; }
.shortcut { border-left: 4px solid var(--brand); padding-left: .9rem; }

.notes { margin: 0; padding-left: 1.2rem; }
.notes li { margin-bottom: .5rem; }
.notes li:last-child { margin-bottom: 0; }
/* What follows a form, the notes or a table stands apart from it. */
.card > form + p, .notes + p, .notes + .actions, .aside .actions + p, .table-scroll + p { margin-top: 1.25rem; }

.phones { list-style: none; margin: 0 0 1.25rem; padding: 0; border-top: 1px solid var(--line); }
.phone { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: .5rem 1rem; padding: .9rem 0; border-bottom: 1px solid var(--line); }
.phone__number { font-weight: 650; font-variant-numeric: tabular-nums; }
.phone__region { color: var(--muted); font-size: .95rem; }
.phone__actions { display: flex; gap: 1rem; }
.badge { display: inline-block; font-size: .82rem; font-weight: 600; padding: .1rem .55rem; border-radius: 999px; margin-left: .35rem; vertical-align: .08em; }
.badge--ok { background: #e3f1e6; color: #1b5e31; }
.badge--pending { background: #fbf0d9; color: #6e4a00; }
.summary-list { margin: 0 0 1.25rem; padding-left: 1.2rem; }
.websites { list-style: none; margin: 0; padding: 0; border-top: 1px solid var(--line); }
.website { padding: .9rem 0; border-bottom: 1px solid var(--line); }
.website h2, .website h3 { margin: 0 0 .35rem; font-size: 1.05rem; }
.website p { margin: 0 0 .35rem; }
.website .summary-list { margin-bottom: .5rem; }

.site-footer { border-top: 1px solid var(--line); color: var(--muted); font-size: .92rem; }
.site-footer p { max-width: 60rem; margin: 0 auto; padding: 1.25rem 1rem; }

.inbox { max-width: 26rem; margin: 0 auto; background: var(--card); border: 1px solid var(--line); border-radius: 28px; padding: 1.25rem 1rem 1.5rem; box-shadow: 0 8px 30px rgba(27, 36, 48, .08); }
.inbox h1 { font-size: 1.3rem; text-align: center; margin-bottom: .25rem; }
.inbox > p { text-align: center; color: var(--muted); font-size: .92rem; margin-bottom: .35rem; }
.inbox__refresh { text-align: center; margin: .5rem 0 0; }
.messages { list-style: none; margin: 1rem 0 0; padding: 0; }
.message { margin: 0 0 1rem; }
.message__meta { display: flex; gap: .5rem; flex-wrap: wrap; font-size: .8rem; color: var(--muted); margin: 0 .4rem .25rem; }
.message__meta .message__status { margin-left: auto; }
.bubble { margin: 0; padding: .7rem 1rem; background: var(--bubble); border-radius: 20px 20px 20px 6px; white-space: pre-line; }
.empty { text-align: center; color: var(--muted); padding: 2rem 0; }
.table-scroll { overflow-x: auto; }
.activity { width: 100%; border-collapse: collapse; font-size: .95rem; }
.activity th, .activity td { text-align: left; vertical-align: top; padding: .55rem .5rem; border-bottom: 1px solid var(--line); }
.activity th { font-size: .85rem; color: var(--muted); font-weight: 600; }
.activity td:last-child { word-break: break-word; }

@media (max-width: 30rem) {
  h1 { font-size: 1.5rem; }
  .main { padding: 1.25rem .75rem 2rem; }
  .card { padding: 1.25rem 1rem; border-radius: 12px; }
  .aside { padding: 1rem; }
  .site-header__inner { padding: .6rem .75rem; }
  .actions .button, .actions form { width: 100%; }
}
@media (prefers-reduced-motion: no-preference) { html { scroll-behavior: smooth; } }
@media (forced-colors: active) { .button { border-color: ButtonText; } .badge { border: 1px solid; } }
`;
