import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { otherCountryOf, parseMobileNumber } from './phone-number.ts';

const offered = ['SE', 'NO', 'DK', 'FI', 'IS'];

// One real-format mobile number per default region, typed nationally and internationally.
const mobiles = [
  { region: 'SE', national: '070-123 45 67', international: '+46 70 123 45 67', e164: '+46701234567' },
  { region: 'NO', national: '412 34 567', international: '+47 412 34 567', e164: '+4741234567' },
  { region: 'DK', national: '20 12 34 56', international: '+45 20 12 34 56', e164: '+4520123456' },
  { region: 'FI', national: '041 2345678', international: '+358 41 2345678', e164: '+358412345678' },
  { region: 'IS', national: '611 1234', international: '+354 611 1234', e164: '+3546111234' },
];

describe('parseMobileNumber', () => {
  for (const { region, national, international, e164 } of mobiles) {
    it(`accepts a mobile number of region ${region} typed nationally or internationally and gives it as E.164`, () => {
      const expected = { ok: true, value: { region, e164 } };
      assert.deepEqual(parseMobileNumber(region, national, offered), expected);
      assert.deepEqual(parseMobileNumber(region, international, offered), expected);
    });
  }

  it('accepts the 00 international prefix and a lower-case region code', () => {
    assert.deepEqual(parseMobileNumber(' se ', '0046701234567', offered), { ok: true, value: { region: 'SE', e164: '+46701234567' } });
  });

  it('refuses a number with an extension rather than storing the number without it', () => {
    for (const input of ['070-123 45 67 ext. 5', '0701234567x', '+46701234567;ext=12', '070 123 45 67 abc']) {
      assert.deepEqual(parseMobileNumber('SE', input, offered), { ok: false, error: 'number_invalid' }, input);
    }
  });

  it('refuses fixed-line numbers, which cannot receive texts', () => {
    assert.deepEqual(parseMobileNumber('SE', '08-123 456 78', offered), { ok: false, error: 'number_invalid' });
    assert.deepEqual(parseMobileNumber('NO', '22 12 34 56', offered), { ok: false, error: 'number_invalid' });
    assert.deepEqual(parseMobileNumber('FI', '09 1234567', offered), { ok: false, error: 'number_invalid' });
    assert.deepEqual(parseMobileNumber('IS', '410 4000', offered), { ok: false, error: 'number_invalid' });
  });

  it('refuses a Norwegian number under region SE rather than moving it to NO', () => {
    assert.deepEqual(parseMobileNumber('SE', '+47 412 34 567', offered), { ok: false, error: 'number_invalid' });
    assert.deepEqual(parseMobileNumber('SE', '412 34 567', offered), { ok: false, error: 'number_invalid' });
  });

  it('refuses a region that is not offered, even with a valid number of that region', () => {
    assert.deepEqual(parseMobileNumber('DE', '+49 151 23456789', offered), { ok: false, error: 'region_unsupported' });
    assert.deepEqual(parseMobileNumber('NO', '412 34 567', ['SE']), { ok: false, error: 'region_unsupported' });
    assert.deepEqual(parseMobileNumber('', '070-123 45 67', offered), { ok: false, error: 'region_unsupported' });
  });

  it('refuses control characters in the number', () => {
    for (const input of ['070\u00001234567', '0701234567\n', '070\t1234567', '0701234567\u007F', '070\u00851234567']) {
      assert.deepEqual(parseMobileNumber('SE', input, offered), { ok: false, error: 'number_invalid' }, JSON.stringify(input));
    }
  });

  it('refuses input that is not a number at all, too short, or too long', () => {
    for (const input of ['', 'abc', '070', '070-123 45 67 89 01 23', `070${' '.repeat(40)}1234567`]) {
      assert.deepEqual(parseMobileNumber('SE', input, offered), { ok: false, error: 'number_invalid' }, JSON.stringify(input));
    }
  });
});

describe('otherCountryOf', () => {
  it('names the country of a valid number from elsewhere, typed with + or 00', () => {
    assert.equal(otherCountryOf('SE', '+49 151 23456789'), 'DE');
    assert.equal(otherCountryOf('SE', '0049 151 23456789'), 'DE');
    assert.equal(otherCountryOf('SE', '+358 40 123 4567'), 'FI');
  });

  it('says nothing for a number of the chosen region, an invalid one or text that is no number', () => {
    assert.equal(otherCountryOf('SE', '070-123 45 67'), undefined);
    assert.equal(otherCountryOf('SE', '+49 1'), undefined);
    assert.equal(otherCountryOf('SE', 'ring mig'), undefined);
    assert.equal(otherCountryOf('not a region', '+49 151 23456789'), 'DE');
  });
});
