/** A model's price in USD per million tokens, input and output. */
export interface ModelPrice {
  readonly inputPerMTok: number;
  readonly outputPerMTok: number;
}

/** Prices keyed by normalised model name (see normaliseModelName). */
export type PriceTable = ReadonlyMap<string, ModelPrice>;

// The JamJet cloud SDKs' table (shared/reference/jamjet-runtime.md §8), converted from USD per token.
// Their 3/15 fallback for unknown models is deliberately NOT copied: an unknown model is shown as
// unpriced rather than silently priced as if it were a Sonnet.
const BUILT_IN: ReadonlyArray<readonly [string, number, number]> = [
  ['gpt-4o', 2.5, 10],
  ['gpt-4o-mini', 0.15, 0.6],
  ['gpt-4-turbo', 10, 30],
  ['gpt-4', 30, 60],
  ['gpt-3.5-turbo', 0.5, 1.5],
  ['claude-sonnet-4-6', 3, 15],
  ['claude-sonnet-4-20250514', 3, 15],
  ['claude-opus-4-6', 15, 75],
  ['claude-opus-4-20250514', 15, 75],
  ['claude-3-5-haiku-20241022', 0.8, 4],
  ['claude-3-haiku-20240307', 0.25, 1.25],
];

/** The built-in price table (USD per million tokens); it has no fallback entry. */
export const BUILT_IN_PRICES: PriceTable = new Map(
  BUILT_IN.map(([name, input, output]) => [name, Object.freeze({ inputPerMTok: input, outputPerMTok: output })]),
);

/** Normalises a model name for price lookup: trims, lowercases and strips any `provider/` prefix. */
export function normaliseModelName(model: string): string {
  const lower = model.trim().toLowerCase();
  const slash = lower.lastIndexOf('/');
  return slash >= 0 ? lower.slice(slash + 1) : lower;
}

/** The built-in table with `[pricing."<model>"]` overrides from jamjet.toml applied on top. */
export function priceTable(overrides?: Record<string, { input_per_mtok: number; output_per_mtok: number }>): PriceTable {
  const table = new Map(BUILT_IN_PRICES);
  if (overrides !== undefined) {
    for (const [name, price] of Object.entries(overrides)) {
      table.set(normaliseModelName(name), Object.freeze({ inputPerMTok: price.input_per_mtok, outputPerMTok: price.output_per_mtok }));
    }
  }
  return table;
}

/** Estimated USD cost of a model call, or undefined when the model has no price (unpriced, never guessed). */
export function estimateCost(prices: PriceTable, model: string, input: number, output: number): number | undefined {
  const price = prices.get(normaliseModelName(model));
  if (price === undefined) return undefined;
  return (input * price.inputPerMTok) / 1e6 + (output * price.outputPerMTok) / 1e6;
}
