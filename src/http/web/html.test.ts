import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeHtml, formatHtml, html } from './html.ts';

describe('html', () => {
  it('escapes every interpolated value, in text and in attributes', () => {
    const value = `"><script>alert('x')</script>&`;
    assert.equal(html`<p title="${value}">${value}</p>`.value, `<p title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</p>`);
    assert.equal(escapeHtml('<&>'), '&lt;&amp;&gt;');
  });

  it('keeps markup made by html, joins lists, and renders false, null and undefined as nothing', () => {
    const items = ['a<', 'b'].map((x) => html`<li>${x}</li>`);
    assert.equal(html`<ul>${items}</ul>${false}${null}${undefined}${0}`.value, '<ul><li>a&lt;</li><li>b</li></ul>0');
  });

  it('fills a text’s placeholders as markup: the text and plain values escaped, markup kept, unknown names left', () => {
    const number = html`<span class="nowrap">+46 70</span>`;
    assert.equal(formatHtml('<Till> {number} & {who} {other}', { number, who: '<b>' }).value, '&lt;Till&gt; <span class="nowrap">+46 70</span> &amp; &lt;b&gt; {other}');
  });
});
