/** The per-layer analysis cache interface (the file implementation is in src/cache/). */
import type { LayerAnalysis } from '../image/layers/walk.js';

export interface LayerCache {
  get(key: string): Promise<LayerAnalysis | undefined>;
  put(key: string, value: LayerAnalysis): Promise<void>;
}
