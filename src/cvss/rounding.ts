/**
 * The rounding rules of each CVSS version.
 *
 * The specifications write their equations in decimal, but a double carries noise in its last bits:
 * 9.0 × 0.85 is 7.6499999999999995 as a double, 7.65 in decimal, so "round half up" must give 7.7, and the
 * v3.0 "round up" of 9.3 × 1 must stay 9.3. The reference calculators agree with decimal arithmetic (the NVD v2
 * calculator, FIRST's v3.0 and v4.0 calculators, RedHat's `cvss` with Python `Decimal`). So values are first
 * taken to ten decimals, far below any step of the equations and far above the double's noise, and rounded
 * from that decimal text.
 */

/** Digits kept before rounding: double noise in [0, 100] is below 1e-13; score steps are at least 1e-5. */
const STABLE_DIGITS = 10;

/** `x` (non-negative) to ten decimals, split into whole tenths and the digits after the first decimal. */
function decimalTenths(x: number): { tenths: bigint; rest: string } {
  const text = x.toFixed(STABLE_DIGITS);
  const dot = text.indexOf('.');
  return { tenths: BigInt(text.slice(0, dot) + text.slice(dot + 1, dot + 2)), rest: text.slice(dot + 2) };
}

/** Round half up to one decimal, as the v2 guide's `round_to_1_decimal` (section 3.2). */
export function roundToOneDecimal(x: number): number {
  if (!(x > 0)) return 0;
  const { tenths, rest } = decimalTenths(x);
  return Number(rest >= '5' ? tenths + 1n : tenths) / 10;
}

/**
 * v3.0 Round up (v3.0 specification section 8.1 note): the smallest number with one decimal that is
 * greater than or equal to the input.
 */
export function roundUp30(x: number): number {
  if (!(x > 0)) return 0;
  const { tenths, rest } = decimalTenths(x);
  return Number(/[1-9]/.test(rest) ? tenths + 1n : tenths) / 10;
}

/**
 * v3.1 Roundup (v3.1 specification Appendix A): works on an integer of 1/100000 steps first, so that
 * floating-point noise does not push a score up by 0.1 (the reason v3.1 changed the rule).
 */
export function roundUp31(x: number): number {
  const intInput = Math.round(x * 100000);
  if (intInput % 10000 === 0) return intInput / 100000;
  return (Math.floor(intInput / 10000) + 1) / 10;
}

/** v4.0 final rounding to one decimal (section 8.2): half up, like v2. */
export function roundV4(x: number): number {
  return roundToOneDecimal(x);
}
