import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeRegions } from './regions.ts';

describe('describeRegions', () => {
  it('describes the default regions in configured order, with calling codes and Swedish names', () => {
    assert.deepEqual(
      describeRegions(['SE', 'NO', 'DK', 'FI', 'IS'], 'sv').map(({ code, callingCode, name }) => ({ code, callingCode, name })),
      [
        { code: 'SE', callingCode: '+46', name: 'Sverige' },
        { code: 'NO', callingCode: '+47', name: 'Norge' },
        { code: 'DK', callingCode: '+45', name: 'Danmark' },
        { code: 'FI', callingCode: '+358', name: 'Finland' },
        { code: 'IS', callingCode: '+354', name: 'Island' },
      ],
    );
  });

  it('names a region in the language of the request and gives both names alongside', () => {
    const [iceland] = describeRegions(['IS'], 'en');
    assert.deepEqual(iceland, { code: 'IS', callingCode: '+354', name: 'Iceland', names: { sv: 'Island', en: 'Iceland' } });
  });

  it('keeps the configured order rather than sorting', () => {
    assert.deepEqual(describeRegions(['IS', 'SE'], 'en').map((r) => r.code), ['IS', 'SE']);
  });

  it('describes nothing when no region is offered', () => {
    assert.deepEqual(describeRegions([], 'sv'), []);
  });
});
