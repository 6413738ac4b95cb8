import { describe, expect, it } from 'vitest';
import { CvssError, type CvssErrorReason } from './errors.js';
import { formatCvss, parseCvss, tryParseCvss } from './parse.js';

const V31 = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
const V4 = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';
const V2 = 'AV:N/AC:L/Au:N/C:C/I:C/A:C';

describe('parseCvss()', () => {
  it.each([
    [V2, '2.0'],
    ['CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', '3.0'],
    [V31, '3.1'],
    [V4, '4.0'],
  ])('parseCvss() reads the version of %s', (vector, version) => {
    const parsed = parseCvss(vector);
    expect(parsed.version).toBe(version);
    expect(parsed.vector).toBe(vector);
  });

  it('parseCvss() returns the metrics by abbreviation', () => {
    expect(parseCvss(V31).metrics).toEqual({ AV: 'N', AC: 'L', PR: 'N', UI: 'N', S: 'U', C: 'H', I: 'H', A: 'H' });
  });

  it('parseCvss() returns a frozen object', () => {
    const parsed = parseCvss(V31);
    expect(Object.isFrozen(parsed)).toBe(true);
    expect(Object.isFrozen(parsed.metrics)).toBe(true);
  });

  it.each<[string, CvssErrorReason, string]>([
    ['', 'EMPTY', 'empty vector'],
    ['CVSS3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'BAD_PREFIX', 'prefix'],
    ['CVSS:2.0/AV:N/AC:L/Au:N/C:N/I:N/A:C', 'UNSUPPORTED_VERSION', '"2.0"'],
    ['CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'UNSUPPORTED_VERSION', '"3.2"'],
    ['CVSS:3.1', 'MISSING_METRIC', 'no metrics'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A-H', 'MALFORMED_METRIC', '"A-H"'],
    ['CVSS:3.1/AV:N//AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'MALFORMED_METRIC', '""'],
    [`${V31}/`, 'MALFORMED_METRIC', '""'],
    ['AV:L/AC:H/Au:N/C:C/I:C/A:C?notaurl=1', 'MALFORMED_METRIC', 'A:C?notaurl=1'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/X:H', 'UNKNOWN_METRIC', 'unknown metric X'],
    ['AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 'UNKNOWN_METRIC', 'unknown metric PR for CVSS 2.0'],
    ['CVSS:3.1/CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'MALFORMED_METRIC', '"CVSS:3.0"'],
    ['CVSS:3.1/AV:N/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'DUPLICATE_METRIC', 'AV appears twice'],
    ['CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'INVALID_VALUE', 'AV cannot be X'],
    ['CVSS:3.1/AV:n/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'INVALID_VALUE', 'AV cannot be n'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N', 'INVALID_VALUE', 'SI cannot be S'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H', 'MISSING_METRIC', 'missing base metric(s) S'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N', 'MISSING_METRIC', 'SA'],
    ['AV:A/AC:L/Au:N/A:C/I:C/C:C', 'WRONG_ORDER', 'metric I is out'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/E:A/SA:N', 'WRONG_ORDER', 'metric SA is out'],
    ['AV:A/AC:L/Au:N/C:C/I:C/A:C/E:F', 'INCOMPLETE_GROUP', 'temporal metrics given without RL, RC'],
    ['AV:A/AC:L/Au:N/C:C/I:C/A:C/CDP:H/TD:H/CR:H', 'INCOMPLETE_GROUP', 'environmental metrics given without IR, AR'],
  ])('parseCvss() rejects %s (%s)', (vector, reason, detail) => {
    let error: unknown;
    try {
      parseCvss(vector);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CvssError);
    expect(error).toMatchObject({ code: 'INVALID_VECTOR', reason, vector });
    expect((error as CvssError).message).toContain(JSON.stringify(vector));
    expect((error as CvssError).message).toContain(detail);
  });

  it('parseCvss() shortens a very long vector in the message but keeps it whole in `vector`', () => {
    const vector = `CVSS:3.1/${'AV:N/'.repeat(500)}`;
    const error = (() => {
      try {
        parseCvss(vector);
      } catch (e) {
        return e as CvssError;
      }
      throw new Error('no error');
    })();
    expect(error.vector).toBe(vector);
    expect(error.message.length).toBeLessThan(400);
  });

  it('parseCvss() accepts v3 metrics in any order (v3.1 section 6) and canonicalises them', () => {
    const parsed = parseCvss('CVSS:3.0/S:U/AV:N/AC:L/PR:H/UI:N/C:L/I:L/A:N/E:F/RL:X');
    expect(parsed.vector).toBe('CVSS:3.0/AV:N/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:N/E:F/RL:X');
  });

  it.each([
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/E:A/SA:N', `${V4}/E:A`],
    ['AV:A/AC:L/Au:N/A:C/I:C/C:C', 'AV:A/AC:L/Au:N/C:C/I:C/A:C'],
    ['AV:A/AC:L/Au:N/C:C/I:C/A:C/E:F', 'AV:A/AC:L/Au:N/C:C/I:C/A:C/E:F'],
  ])('parseCvss(lenient) accepts %s as %s', (vector, canonical) => {
    expect(() => parseCvss(vector)).toThrow(CvssError);
    expect(parseCvss(vector, { lenient: true }).vector).toBe(canonical);
  });

  it.each([
    'CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H',
    'AX:A/AC:L/Au:M/C:C/I:P/A:C',
  ])('parseCvss(lenient) still rejects %s', (vector) => {
    expect(() => parseCvss(vector, { lenient: true })).toThrow(CvssError);
  });
});

describe('tryParseCvss()', () => {
  it('tryParseCvss() returns undefined for an invalid vector', () => {
    expect(tryParseCvss('AV:N/AC:L')).toBeUndefined();
  });
  it('tryParseCvss() returns the parsed vector for a valid one', () => {
    expect(tryParseCvss(V4)?.version).toBe('4.0');
  });
});

describe('formatCvss()', () => {
  it.each([
    [V2, V2],
    ['AV:L/AC:H/Au:N/C:C/I:C/A:C/E:F/RL:OF/RC:UR/CDP:ND/TD:ND/CR:ND/IR:ND/AR:ND', 'AV:L/AC:H/Au:N/C:C/I:C/A:C/E:F/RL:OF/RC:UR'],
    ['CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:N/E:F/RL:X', 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:N/E:F'],
    [`${V4}/E:X/CR:X/S:X`, V4],
  ])('formatCvss(omitNotDefined) writes %s as %s', (vector, expected) => {
    const parsed = parseCvss(vector);
    expect(formatCvss(parsed)).toBe(vector);
    expect(formatCvss(parsed, { omitNotDefined: true })).toBe(expected);
  });
});
