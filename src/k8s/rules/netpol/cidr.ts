/** IPv4/IPv6 addresses and CIDR blocks as bigints, for NetworkPolicy `ipBlock` matching. */

export interface Cidr {
  family: 4 | 6;
  base: bigint;
  bits: number;
  text: string;
}

function parseV4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    v = (v << 8n) | BigInt(Number(p));
  }
  return v;
}

function parseV6(s: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(s)) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const toGroups = (h: string): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (g.includes('.')) {
        const v4 = parseV4(g);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
        out.push(parseInt(g, 16));
      }
    }
    return out;
  };
  const head = toGroups(halves[0]!);
  const tail = halves.length === 2 ? toGroups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const fill = 8 - head.length - tail.length;
  if ((halves.length === 1 && fill !== 0) || fill < 0) return undefined;
  const groups = [...head, ...Array<number>(fill).fill(0), ...tail];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** Parses an IP address; returns its family and value, or undefined. */
export function parseIp(s: string): { family: 4 | 6; value: bigint } | undefined {
  const v4 = parseV4(s);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const v6 = parseV6(s);
  return v6 === undefined ? undefined : { family: 6, value: v6 };
}

/** Parses `a.b.c.d/n` or an IPv6 CIDR. Host bits set are accepted and masked, as the API server does. */
export function parseCidr(text: string): Cidr | undefined {
  const [addr, bitsText, extra] = text.split('/');
  if (addr === undefined || bitsText === undefined || extra !== undefined || !/^\d{1,3}$/.test(bitsText)) return undefined;
  const ip = parseIp(addr);
  if (!ip) return undefined;
  const width = ip.family === 4 ? 32 : 128;
  const bits = Number(bitsText);
  if (bits > width) return undefined;
  const shift = BigInt(width - bits);
  return { family: ip.family, base: (ip.value >> shift) << shift, bits, text };
}

/** True when the address lies in the block. */
export function cidrContains(c: Cidr, ip: { family: 4 | 6; value: bigint }): boolean {
  if (c.family !== ip.family) return false;
  const shift = BigInt((c.family === 4 ? 32 : 128) - c.bits);
  return ip.value >> shift === c.base >> shift;
}
