/**
 * Drydock's own JSON: exactly the `Inventory` model (schema `drydock-inventory/1`) in its canonical form.
 * The contract is docs/inventory-json.md.
 */
import type { Inventory } from '../../model/index.js';
import { canonicalizeInventory } from '../canonical-inventory.js';
import type { RenderOptions, ReportFormat } from '../types.js';

export const id = 'json';
export const displayName = 'Drydock inventory JSON';

/**
 * Render the inventory as Drydock JSON: canonical order (see canonical-inventory.ts), two-space indent, final newline.
 * @throws {ReportError} `INVALID_INVENTORY` when `createdAt` is not a date.
 * @example JSON.parse(renderInventoryJson(inv)).schema // 'drydock-inventory/1'
 */
export function renderInventoryJson(inventory: Inventory, _options: RenderOptions = {}): string {
  return `${JSON.stringify(canonicalizeInventory(inventory), null, 2)}\n`;
}

export const format: ReportFormat = {
  id,
  displayName,
  mediaType: 'application/vnd.drydock.inventory.v1+json',
  fileExtension: '.json',
  specs: ['docs/inventory-json.md'],
  render: renderInventoryJson,
  timeBound: (createdAt) => [createdAt],
};
