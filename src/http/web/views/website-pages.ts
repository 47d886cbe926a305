import { html, SafeHtml } from '../html.ts';
import { format } from '../../../i18n/messages.ts';
import type { PageContext } from '../page-context.ts';
import { button, form } from './components.ts';
import { layout } from './layout.ts';

/**
 * The pages a website's sign-in passes through (OpenID Connect): consent, the hop back to
 * the website, sign-out, and what went wrong. Sign-in itself is the ordinary sign-in page.
 */

export interface ConsentView {
  readonly uid: string;
  readonly clientName: string;
  readonly email: string;
  readonly scopes: readonly string[];
}

export function consentPage(ctx: PageContext, v: ConsentView): SafeHtml {
  const t = ctx.t.website;
  const describe: Record<string, string> = {
    openid: t.scopeOpenid,
    email: t.scopeEmail,
    phone: t.scopePhone,
    offline_access: t.scopeOfflineAccess,
  };
  const items = v.scopes.flatMap((scope) => (describe[scope] ? [html`<li>${describe[scope]}</li>`] : []));
  const title = format(t.consentTitle, { client: v.clientName });
  return layout(ctx, {
    title,
    body: html`<div class="card">
  <h1>${title}</h1>
  <p class="lead">${format(t.consentIntro, { client: v.clientName, email: v.email })}</p>
  <ul class="scopes">${items}</ul>
  <p class="muted">${format(t.consentNote, { client: v.clientName })}</p>
  ${form(ctx, `/oidc/interaction/${v.uid}/consent`, html`<div class="actions">
    ${button(t.allow, 'primary', html` name="decision" value="allow"`)}
    ${button(t.deny, 'secondary', html` name="decision" value="deny"`)}
  </div>`)}
</div>`,
  });
}

/**
 * The last page before the website. A page rather than a redirect: a browser refuses a form's
 * redirect to another origin that the page's CSP `form-action 'self'` does not name, and the
 * refresh is a navigation of its own. No script: the refresh is a meta element, and the link works too.
 */
export function continuePage(ctx: PageContext, v: { clientName: string; location: string }): SafeHtml {
  const t = ctx.t.website;
  const title = format(t.continueTitle, { client: v.clientName });
  return layout(ctx, {
    title,
    head: html`<meta http-equiv="refresh" content="0;url=${v.location}">`,
    body: html`<div class="card"><h1>${title}</h1><p>${t.continueBody}</p><p><a class="button button--primary" href="${v.location}">${format(t.continueLink, { client: v.clientName })}</a></p></div>`,
  });
}

/** A sign-in step that is over or unknown (expired, finished, or opened in another browser). */
export function interactionEndedPage(ctx: PageContext): SafeHtml {
  const t = ctx.t.website;
  return layout(ctx, { title: t.unknownTitle, body: html`<div class="card"><h1>${t.unknownTitle}</h1><p>${t.unknownBody}</p></div>` });
}

/** "Sign out of Engångskod too?" around the provider's own form (it holds the provider's XSRF value). */
export function logoutPage(ctx: PageContext, v: { providerForm: string; clientName: string | undefined }): SafeHtml {
  const t = ctx.t.website;
  return layout(ctx, {
    title: t.logoutTitle,
    body: html`<div class="card">
  <h1>${t.logoutTitle}</h1>
  <p>${v.clientName ? format(t.logoutBody, { client: v.clientName }) : t.logoutBodyNoClient}</p>
  ${new SafeHtml(v.providerForm)}
  <div class="actions">
    ${button(t.logoutYes, 'primary', html` form="op.logoutForm" name="logout" value="yes" autofocus`)}
    ${button(t.logoutNo, 'secondary', html` form="op.logoutForm"`)}
  </div>
</div>`,
  });
}

/**
 * "Du har loggat ut": out of which website, when the provider names it (only when the person
 * chose to stay signed in here), and whether this browser still is signed in here: something to
 * say below the title even without the name, rather than "Du har loggat ut" again.
 */
export function loggedOutPage(ctx: PageContext, v: { clientName: string | undefined; signedIn: boolean }): SafeHtml {
  const t = ctx.t.website;
  const here = v.signedIn ? t.stillSignedInHere : t.signedOutHere;
  return layout(ctx, {
    title: t.loggedOutTitle,
    body: html`<div class="card"><h1>${t.loggedOutTitle}</h1>${v.clientName && html`<p>${format(t.loggedOutBody, { client: v.clientName })}</p>`}<p>${here}</p><p><a href="/sign-in">${ctx.t.signIn.title}</a></p></div>`,
  });
}

/** A request from a website that the provider refused (unknown client, bad redirect_uri, …). */
export function websiteErrorPage(ctx: PageContext, v: { code: string }): SafeHtml {
  const t = ctx.t.website;
  return layout(ctx, {
    title: t.errorTitle,
    body: html`<div class="card"><h1>${t.errorTitle}</h1><p>${t.errorBody}</p><p class="muted">${format(t.errorDetail, { code: v.code })}</p></div>`,
  });
}
