/**
 * A human summary of an inventory, for a terminal or a log: image and OS lines, package counts per type and per
 * layer, the package list, then the inventory issues. Fixed-width columns; ANSI colour only when asked for.
 */
import type { Inventory, Package } from '../../model/index.js';
import { canonicalizeInventory } from '../canonical-inventory.js';
import { compareStrings } from '../package-order.js';
import { displayVersion } from '../package-facts.js';
import type { RenderOptions, ReportFormat } from '../types.js';

export const id = 'table';
export const displayName = 'Table (human summary)';

/** Default line width the package list is fitted into. */
export const DEFAULT_WIDTH = 120;
const CREATED_BY_MAX = 60;

type Align = 'left' | 'right';

interface Style {
  heading(s: string): string;
  dim(s: string): string;
  warn(s: string): string;
}

const PLAIN: Style = { heading: (s) => s, dim: (s) => s, warn: (s) => s };
const ANSI: Style = {
  heading: (s) => `\u001b[1m${s}\u001b[22m`,
  dim: (s) => `\u001b[2m${s}\u001b[22m`,
  warn: (s) => `\u001b[33m${s}\u001b[39m`,
};

/** Cut `s` to `max` characters, marking the cut with "…". */
export function truncate(s: string, max: number): string {
  const chars = [...s];
  if (chars.length <= max) return s;
  return max <= 1 ? chars.slice(0, max).join('') : `${chars.slice(0, max - 1).join('')}…`;
}

function visibleLength(s: string): number {
  return [...s].length;
}

function pad(s: string, width: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, width - visibleLength(s)));
  return align === 'right' ? fill + s : s + fill;
}

/**
 * Lay out rows in columns two spaces apart. `max` caps a column's width (longer cells are truncated); the last
 * column is not padded on the right, so lines carry no trailing blanks.
 */
function columns(header: string[], rows: string[][], align: Align[], max: (number | undefined)[], style: Style): string[] {
  const widths = header.map((h, i) => {
    const longest = Math.max(visibleLength(h), ...rows.map((r) => visibleLength(r[i] ?? '')));
    const cap = max[i];
    return cap === undefined ? longest : Math.min(longest, cap);
  });
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => {
        const w = widths[i] ?? 0;
        const cell = truncate(c, w);
        const a = align[i] ?? 'left';
        return i === cells.length - 1 && a === 'left' ? cell : pad(cell, w, a);
      })
      .join('  ');
  return [style.heading(line(header)), ...rows.map(line)];
}

/** `sha256:0123456789ab…` → `0123456789ab` (the 12 hex digits docker prints). */
export function shortDigest(digest: string): string {
  const hex = digest.includes(':') ? digest.slice(digest.indexOf(':') + 1) : digest;
  return hex.slice(0, 12);
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function layerLabel(p: Package): string {
  return p.layer ? String(p.layer.index) : '-';
}

/**
 * Render the human summary. Options: `color` (ANSI bold/dim/yellow; default false), `width` (package list line
 * width; default 120).
 * @throws {ReportError} `INVALID_INVENTORY` when `createdAt` is not a date.
 * @example renderTable(inv, { color: process.stdout.isTTY })
 */
export function renderTable(inventory: Inventory, options: RenderOptions = {}): string {
  const inv = canonicalizeInventory(inventory);
  const style = options.color ? ANSI : PLAIN;
  const width = Math.max(60, options.width ?? DEFAULT_WIDTH);
  const out: string[] = [];

  const img = inv.image;
  const imageFacts = [img.manifestDigest, img.platform, img.sourceKind].filter((x): x is string => Boolean(x));
  out.push(`${style.heading('Image:')}    ${img.reference}${style.dim(` (${imageFacts.join(', ')})`)}`);
  const os = inv.os;
  const osText = os ? (os.prettyName ?? [os.family, os.version].filter(Boolean).join(' ')) + (os.distroless ? ' (distroless)' : '') : 'unknown';
  out.push(`${style.heading('OS:')}       ${osText}`);
  out.push(`${style.heading('Packages:')} ${inv.packages.length}`);
  out.push(`${style.heading('Created:')}  ${inv.createdAt} by ${inv.tool.name} ${inv.tool.version}`);

  // Counts per package type.
  const perType = new Map<string, number>();
  for (const p of inv.packages) perType.set(p.type, (perType.get(p.type) ?? 0) + 1);
  out.push('');
  out.push(
    ...columns(
      ['TYPE', 'PACKAGES'],
      [...perType.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([t, n]) => [t, String(n)]),
      ['left', 'right'],
      [],
      style,
    ),
  );

  // Counts per layer: every image layer (even those that added nothing), then packages with no layer.
  const perLayer = new Map<number, number>();
  let noLayer = 0;
  for (const p of inv.packages) {
    if (p.layer) perLayer.set(p.layer.index, (perLayer.get(p.layer.index) ?? 0) + 1);
    else noLayer++;
  }
  const layerRows = img.layers.map((l) => [String(l.index), shortDigest(l.diffId), oneLine(l.createdBy ?? ''), String(perLayer.get(l.index) ?? 0)]);
  for (const [index, n] of perLayer) {
    // A package pointing at a layer the image list does not have: show it rather than lose the count.
    if (!img.layers.some((l) => l.index === index)) layerRows.push([String(index), '?', '', String(n)]);
  }
  if (noLayer > 0) layerRows.push(['-', '', '(layer unknown)', String(noLayer)]);
  out.push('');
  out.push(...columns(['LAYER', 'DIFF ID', 'CREATED BY', 'PACKAGES'], layerRows, ['right', 'left', 'left', 'right'], [undefined, undefined, CREATED_BY_MAX], style));

  // The package list, in report order, fitted into the line width.
  if (inv.packages.length > 0) {
    const rows = inv.packages.map((p) => [p.type, p.name, displayVersion(p), layerLabel(p)]);
    const typeW = Math.max(4, ...rows.map((r) => visibleLength(r[0] ?? '')));
    const room = width - typeW - 5 - 2 * 3;
    out.push('');
    out.push(
      ...columns(['TYPE', 'NAME', 'VERSION', 'LAYER'], rows, ['left', 'left', 'left', 'right'], [undefined, Math.floor(room * 0.6), Math.ceil(room * 0.4), undefined], style),
    );
  }

  // Issues last: nothing met while reading the image is dropped silently.
  out.push('');
  if (inv.issues.length === 0) {
    out.push(style.dim('No inventory issues.'));
  } else {
    out.push(style.warn(style.heading(`Issues (${inv.issues.length}):`)));
    for (const i of inv.issues) {
      const where = [i.layer !== undefined ? `layer ${i.layer}` : undefined, i.path].filter(Boolean).join(' ');
      out.push(`  ${style.warn(i.code)}${where ? ` ${where}` : ''}: ${oneLine(i.message)}`);
    }
  }
  return `${out.join('\n')}\n`;
}

export const format: ReportFormat = {
  id,
  displayName,
  mediaType: 'text/plain; charset=utf-8',
  fileExtension: '.txt',
  specs: [],
  render: renderTable,
  timeBound: (createdAt) => [createdAt],
};
